"""The functional entry points: solve a scenario on a catalog and get a plain Result back."""
from __future__ import annotations

from dataclasses import replace

from .catalog import Catalog
from .explain import explain
from .instance import bind
from .model import build_model
from .optimize import Options, optimize
from .result import Result
from .scenario import Scenario


def solve(
    catalog: Catalog,
    scenario: Scenario,
    *,
    time_limit: float | None = None,
    workers: int = 1,
    explain_infeasible: bool = True,
) -> Result:
    """The best build for `scenario` on `catalog` under its objective (spec §4), proven optimal unless
    `time_limit` stops the proof first (status "feasible"). An infeasible result carries an explanation."""
    inst = bind(catalog, scenario)
    ctx = build_model(inst)
    result = optimize(ctx, scenario.objective, Options(time_limit=time_limit, workers=workers))
    if result.status == "infeasible" and explain_infeasible:
        result = replace(result, explanation=explain(catalog, scenario))
    return result
