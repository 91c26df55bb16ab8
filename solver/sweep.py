"""Budget sweeps (spec §5): the scenario's objective at each budget, read off one frontier."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar

from .catalog import Catalog
from .frontier import Frontier, frontier
from .notebook import Rendered
from .optimize import Options
from .result import Build
from .scenario import Scenario


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
    """The scenario's optimum among frontier builds that cost at most `budget` (exact: every objective's
    optimum is a frontier point; ties resolve as `solve` does)."""
    within = [b for b in points if budget is None or b.cost_cents <= budget]
    if scenario.objective == "min_cost":
        within = [b for b in within if b.performance >= scenario.min_perf]
        return within[0] if within else None  # cheapest; one point per cost, the fastest at that cost
    if not within:
        return None
    if scenario.objective == "max_perf":
        return within[-1]  # the fastest is the dearest frontier point within budget
    # perf per dollar; among equal ratios the fastest, as solve breaks the tie
    return max(within, key=lambda b: (Fraction(b.performance) / b.cost_cents, b.performance))


def chosen_point(f: Frontier) -> Build | None:
    """The frontier build the frontier's scenario itself would choose (what `solve` answers), if any."""
    scenario = f.scenario
    if scenario.objective == "min_cost" and scenario.min_perf is None:
        return None
    return best_within(f.points, scenario.budget_cents, scenario)


def parse_budgets(text: str) -> list[int]:
    """"1000:20000:500" (start:stop:step, inclusive) or "1500,2500,4000" -> cents."""
    from decimal import Decimal, InvalidOperation

    try:
        if ":" in text:
            start, stop, step = (Decimal(x) for x in text.split(":"))
            if step <= 0 or stop < start:
                raise ValueError
            values, value = [], start
            while value <= stop:
                values.append(value)
                value += step
        else:
            values = [Decimal(x) for x in text.split(",") if x.strip()]
    except (InvalidOperation, ValueError):
        raise ValueError(f"{text!r} is not a budget list: use START:STOP:STEP (e.g. 1000:20000:500) or 1500,2500,4000") from None
    if not values or any(v <= 0 or v != round(v, 2) for v in values):
        raise ValueError(f"{text!r}: budgets are positive dollars with at most 2 decimals")
    if len(values) > 10_000:
        raise ValueError(f"{text!r} asks for {len(values):,} budgets; at most 10,000")
    return [int(v * 100) for v in values]


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
    f = frontier(catalog, scenario.with_values(budget_cents=budgets[-1]), options=options, progress=progress)
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
