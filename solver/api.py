"""The functional entry points: solve a scenario on a catalog and get a plain Result back."""
from __future__ import annotations

from .catalog import Catalog
from .instance import bind
from .model import build_model
from .optimize import Options, optimize
from .result import Result
from .scenario import Scenario


def solve(catalog: Catalog, scenario: Scenario, *, time_limit: float | None = None, workers: int = 1) -> Result:
    """The best build for `scenario` on `catalog` under its objective (spec §4), proven optimal unless
    `time_limit` stops the proof first (status "feasible")."""
    inst = bind(catalog, scenario)
    ctx = build_model(inst)
    return optimize(ctx, scenario.objective, Options(time_limit=time_limit, workers=workers))
