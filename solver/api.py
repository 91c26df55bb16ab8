"""The functional entry points, for scripts and notebooks: solve a scenario, trace its frontier, sweep its
budget, compare its variants, check a build. Each takes a scenario as a Scenario, a file path or a dict
of the file's keys, and a catalog as a Catalog or a directory, by default the scenario's own catalog or
else the shipped one. Each answer carries its context and gives to_dict() (its command's JSON),
to_frame() (pandas) and an HTML table for notebooks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import notebook
from .catalog import Catalog, load_catalog
from .instance import bind
from .optimize import Options
from .result import Result
from .scenario import Scenario, load_scenario, scenario_from_dict
from .solving import solve_instance

if TYPE_CHECKING:
    from .check import CheckReport
    from .compare import Comparison
    from .frontier import Frontier
    from .sweep import Sweep

#: What names a scenario: the checked object, its file, or the file's keys as a dict.
ScenarioLike = Scenario | str | Path | dict[str, Any]
#: What names a catalog: the loaded one or its directory; None is the scenario's catalog, else the shipped one.
CatalogLike = Catalog | str | Path | None


def inputs(scenario: ScenarioLike, catalog: CatalogLike = None) -> tuple[Catalog, Scenario]:
    """The catalog and the checked scenario a call names (InputError names what is wrong with either)."""
    if isinstance(scenario, Scenario):
        checked = scenario
    elif isinstance(scenario, dict):
        checked = scenario_from_dict(scenario)
    else:
        checked = load_scenario(scenario)
    if not isinstance(catalog, Catalog):
        catalog = load_catalog(catalog or checked.catalog)
    return catalog, checked


def _ordered(first: Any, second: Any) -> tuple[Any, Any]:
    """(scenario, catalog) from the arguments as given: a Catalog first is the older order (catalog, scenario)."""
    return (second, first) if isinstance(first, Catalog) else (first, second)


def solve(
    scenario: ScenarioLike | Catalog,
    catalog: CatalogLike | ScenarioLike = None,
    *,
    time_limit: float | None = None,
    workers: int = 1,
    explain_infeasible: bool = True,
    bindings: bool = True,
) -> Result:
    """The best build for `scenario` on `catalog` under its objective (spec §4), proven optimal unless
    `time_limit` stops the proof first (status "feasible"). An infeasible result carries an explanation.
    `solve(catalog, scenario)`, the order of earlier versions, is read the same."""
    catalog, scenario = inputs(*_ordered(scenario, catalog))
    options = Options(time_limit=time_limit, workers=workers)
    return solve_instance(bind(catalog, scenario), options, explain_infeasible=explain_infeasible, bindings=bindings)


def frontier(
    scenario: ScenarioLike,
    catalog: CatalogLike = None,
    *,
    max_budget_usd: float | None = None,
    time_limit: float | None = None,
    workers: int = 1,
) -> Frontier:
    """Every build no other beats on both cost and performance, cheapest first, up to the scenario's budget
    or `max_budget_usd` (what `dlbuild frontier` answers)."""
    from .frontier import frontier as trace_frontier

    catalog, scenario = inputs(scenario, catalog)
    if max_budget_usd is not None:
        scenario = scenario.with_values(budget_cents=_cents(max_budget_usd))
    return trace_frontier(catalog, scenario, options=Options(time_limit, workers))


def sweep(
    scenario: ScenarioLike,
    budgets: str | Iterable[float],
    catalog: CatalogLike = None,
    *,
    time_limit: float | None = None,
    workers: int = 1,
) -> Sweep:
    """The scenario's answer at each budget: `budgets` in dollars, as a list or as `dlbuild sweep --budgets`
    takes them ("1000:20000:500" or "1500,2500,4000")."""
    from .sweep import parse_budgets
    from .sweep import sweep as sweep_budgets

    catalog, scenario = inputs(scenario, catalog)
    cents = parse_budgets(budgets) if isinstance(budgets, str) else [_cents(b) for b in budgets]
    if not cents:
        raise ValueError("sweep needs at least one budget")
    return sweep_budgets(catalog, scenario, cents, options=Options(time_limit, workers))


def compare(
    scenario: ScenarioLike,
    catalog: CatalogLike = None,
    *,
    variants: Iterable[dict[str, Any]] | None = None,
    time_limit: float | None = None,
    workers: int = 1,
) -> Comparison:
    """The scenario and its what-if variants solved side by side, each changed part credited to its cause.
    `variants` are [[variants]] tables as dicts ({"name": ..., "budget_usd": ...}); by default the scenario's."""
    from .compare import compare as compare_variants

    catalog, scenario = inputs(scenario, catalog)
    return compare_variants(
        catalog, scenario, variants=None if variants is None else list(variants), options=Options(time_limit, workers)
    )


def check(
    build: str | Path | dict[str, Any], catalog: CatalogLike = None, *, scenario: ScenarioLike | None = None
) -> CheckReport:
    """Every rule's verdict on a build: a build file (as `dlbuild check` reads it, or `solve --emit-build`
    writes it), or its [build] table as a dict ({"gpu": "gpus:<id>", "gpu_count": 2, ...}) with the
    `scenario` it is judged under."""
    from .check import check as check_refs
    from .check import load_build_file

    if isinstance(build, dict):
        if scenario is None:
            raise TypeError(
                "check(build_dict) needs the scenario the build is judged under: check(build, scenario=...)"
            )
        catalog, checked = inputs(scenario, catalog)
        return check_refs(catalog, bind(catalog, checked), build)
    loaded, inst, refs, where = load_build_file(build, catalog)
    return check_refs(loaded, inst, refs, where)


def _cents(dollars: float) -> int:
    """Dollars as the model's whole cents, checked as --max-budget is (a budget of $1,999.999 is refused, not
    rounded)."""
    from .sweep import parse_budget

    return parse_budget(str(dollars))


def _document(answer: Any) -> dict[str, Any]:
    from .output import json_out

    return json_out.DOCUMENTS[answer.command](answer)


def _frame(answer: Any) -> Any:
    from .output import frames

    return frames.FRAMES[answer.command](answer)


def _html(answer: Any) -> str:
    from .output import frames

    return frames.html(answer)


# The answers' to_dict(), to_frame() and _repr_html_() (solver.notebook): pandas loads only when a frame is asked for.
notebook.RENDERERS.update(dict=_document, frame=_frame, html=_html)
