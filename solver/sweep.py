"""Budget sweeps (spec §5): the scenario's objective at each budget, read off one frontier."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import ClassVar

from .catalog import Catalog
from .cells import shown
from .frontier import Frontier, frontier
from .notebook import Rendered
from .optimize import Options
from .result import Build
from .scenario import MAX_BUDGET_USD, Scenario


@dataclass(frozen=True)
class SweepPoint:
    """The scenario's answer at one budget. `status` is optimal, infeasible, or feasible when the
    frontier behind it was cut short above this budget's reach."""

    budget_cents: int
    status: str
    build: Build | None


@dataclass(frozen=True)
class Sweep(Rendered):
    """The scenario's answer at each budget, and the one frontier they are read off."""

    command: ClassVar[str] = "sweep"  # solver.notebook: to_dict(), to_frame(), _repr_html_()

    points: list[SweepPoint]
    frontier: Frontier
    stats: dict = field(default_factory=dict)


def best_within(points: list[Build], budget: int | None, scenario: Scenario) -> Build | None:
    """The scenario's optimum among frontier builds whose money (cost, or TCO on a TCO frontier) is at most
    `budget` (exact: every objective's optimum on the frontier's money is a frontier point; ties resolve as `solve`
    does). On a TCO frontier min_cost reads as min_tco and perf_per_dollar as perf_per_tco_dollar."""
    basis, objective = scenario.money_basis, scenario.basis_objective
    within = [b for b in points if budget is None or b.budgeted(basis) <= budget]
    if objective in ("min_cost", "min_tco"):
        floor = scenario.min_perf
        assert floor is not None, "the scenario's check requires min_perf for min_cost and min_tco"
        within = [b for b in within if b.performance >= floor]
        return within[0] if within else None  # cheapest; one point per money, the fastest at that money
    if not within:
        return None
    if objective == "max_perf":
        return within[-1]  # the fastest is the dearest frontier point within budget (on TCO: the least TCO of ties)
    # performance per dollar; nothing to pay beats any price; among equal ratios the fastest, as solve breaks the tie
    return max(
        within,
        key=lambda b: (
            (1, b.performance) if b.money(basis) == 0 else (0, Fraction(b.performance) / b.money(basis), b.performance)
        ),
    )


def chosen_point(f: Frontier) -> Build | None:
    """The frontier build the frontier's scenario itself would choose (what `solve` answers), if any."""
    scenario = f.scenario
    if scenario.basis_objective in ("min_cost", "min_tco") and scenario.min_perf is None:
        return None
    limit = scenario.budget_cents if f.basis == "purchase" else scenario.tco_budget_cents
    return best_within(f.points, limit, scenario)


#: The most budgets one sweep answers; a range is counted before any budget is made.
MAX_BUDGETS = 10_000


def parse_budgets(text: str) -> list[int]:
    """ "1000:20000:500" (start:stop:step, inclusive) or "1500,2500,4000" -> cents. Each amount is checked as
    scenario budgets are (positive, at most 2 decimals, at most MAX_BUDGET_USD), and the number of budgets
    is known before the list is made: a range of a billion steps is refused, not built."""
    form = "use START:STOP:STEP (e.g. 1000:20000:500) or 1500,2500,4000"
    items = text.split(":") if ":" in text else [x for x in text.split(",") if x.strip()]
    if ":" in text and len(items) != 3:
        raise ValueError(f"{shown(text)} is not a budget list: {form}")
    if len(items) > MAX_BUDGETS:
        raise ValueError(f"{shown(text)} asks for {len(items):,} budgets; at most {MAX_BUDGETS:,}")
    if not items:
        raise ValueError(f"{shown(text)} is not a budget list: {form}")
    values = [_dollars(item, text, form) for item in items]
    if ":" in text:
        start, stop, step = values
        if stop < start:
            raise ValueError(f"{shown(text)} is not a budget list: the range ends below its start")
        count = int((stop - start) // step) + 1
        if count > MAX_BUDGETS:
            raise ValueError(f"{shown(text)} asks for {count:,} budgets; at most {MAX_BUDGETS:,}")
        values = [start + i * step for i in range(count)]
    return [int(v * 100) for v in values]


def parse_budget(text: str) -> int:
    """One budget in dollars (--max-budget) -> cents, checked as each budget of a list is."""
    return int(_dollars(text, text, "give dollars such as 4000 or 2499.99") * 100)


def _dollars(item: str, text: str, form: str) -> Decimal:
    """One amount of a budget list, checked before it is used for anything."""
    item = item.strip()
    head = "" if item == text.strip() else f"{shown(text)}: "
    try:
        value = Decimal(item) if len(item) <= 40 else None
    except InvalidOperation:
        value = None
    if value is None:
        raise ValueError(f"{head}{shown(item)} is not an amount of dollars; {form}")
    if not value.is_finite() or not 0 < value <= MAX_BUDGET_USD or value != round(value, 2):
        raise ValueError(
            f"{head}{shown(item)} is not a budget (dollars above 0 and up to {MAX_BUDGET_USD:,}, "
            "with at most 2 decimals)"
        )
    return value


def sweep(
    catalog: Catalog,
    scenario: Scenario,
    budgets: Iterable[int],
    *,
    options: Options | None = None,
    progress: Callable[[Build], None] | None = None,
) -> Sweep:
    """One frontier up to the largest budget answers every budget without further solves."""
    budgets = sorted(set(budgets))
    limit = "budget_cents" if scenario.money_basis == "purchase" else "tco_budget_cents"
    f = frontier(catalog, scenario.with_values(**{limit: budgets[-1]}), options=options, progress=progress)
    return sweep_from_frontier(f, budgets, scenario)


def sweep_from_frontier(f: Frontier, budgets: Iterable[int], scenario: Scenario | None = None) -> Sweep:
    """The sweep read off a frontier already traced (no solve): `scenario`'s objective (the frontier's by
    default) at each budget. A budget the frontier does not cover (it was stopped, or traced to a smaller
    budget) is answered with the best build known, as feasible, or unknown when there is none."""
    scenario = scenario or f.scenario
    points = []
    for budget in sorted(set(budgets)):
        build = best_within(f.points, budget, scenario)
        if f.covers(budget):
            status = "optimal" if build else "infeasible"
        else:
            status = "feasible" if build else "unknown"
        points.append(SweepPoint(budget, status, build))
    return Sweep(points, f, {"solves": f.stats.get("solves", 0), "seconds": f.stats.get("seconds", 0.0)})
