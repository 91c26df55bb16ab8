"""A scenario studied whole: the recommended build, the cost/performance frontier, a budget sweep and the
what-if comparison, each computed once, for renderers (the HTML report) that solve nothing themselves."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from .catalog import Catalog
from .compare import Comparison, compare
from .frontier import Frontier, trace
from .instance import Instance, bind
from .optimize import Options
from .result import Build, Result
from .scenario import Scenario
from .solving import solve_instance, with_bindings
from .sweep import Sweep, sweep_from_frontier

#: How many budgets a sweep has when none are given: enough for a readable curve.
SWEEP_STEPS = 16


@dataclass(frozen=True)
class Study:
    """What one scenario's report shows. `frontier` is the scenario's own (up to its budget); the sweep is
    read off the one frontier traced (its `frontier`), which may reach further when the sweep's budgets do."""

    instance: Instance
    result: Result
    frontier: Frontier
    sweep: Sweep | None = None
    comparison: Comparison | None = None

    @property
    def scenario(self) -> Scenario:
        return self.instance.scenario

    @property
    def catalog(self) -> Catalog:
        return self.instance.catalog

    @property
    def interrupted(self) -> bool:
        """Whether Ctrl-C stopped a part of it; what was proven before is kept and shown."""
        stats = [self.result.stats, self.frontier.stats, self.sweep.frontier.stats if self.sweep else {}]
        if self.comparison is not None:
            stats += [o.result.stats for o in self.comparison.variants]
        return any(s.get("interrupted") for s in stats)


def study(
    catalog: Catalog,
    scenario: Scenario,
    *,
    budgets: Iterable[int] | None = None,
    variants: list[dict[str, Any]] | None = None,
    options: Options | None = None,
    result: Result | None = None,
    frontier: Frontier | None = None,
    sweep: Sweep | None = None,
    comparison: Comparison | None = None,
    progress: Callable[[Build], None] | None = None,
    solved: Callable[[str], None] | None = None,
) -> Study:
    """Study `scenario` on `catalog`. What a command already computed (`result`, `frontier`, `sweep`,
    `comparison`) is used as it is; the rest is computed here, once: the comparison of `variants` (raw
    [[variants]] tables, by default the scenario's own) solves the base too, and a single frontier, traced
    up to the scenario's budget or the largest of `budgets` (cents), gives both the frontier shown and the
    sweep at `budgets` (by default round budgets from the cheapest build to the scenario's budget).
    `progress` sees each frontier build as it is proven (the frontier reaches `reach(scenario, budgets)`),
    `solved` the name of each scenario the comparison solves; Ctrl-C while tracing keeps the builds proven."""
    options = options or Options()
    raws = list(scenario.variants) if variants is None else list(variants)
    if comparison is None and raws:
        comparison = compare(catalog, scenario, variants=raws, options=options, base=result, progress=solved)
    if result is None:
        result = comparison.base if comparison is not None else solve_instance(bind(catalog, scenario), options)
    result = with_bindings(result)  # the report names the rules that shaped the recommended build
    inst = result.instance or bind(catalog, scenario)
    cents = sorted(set(budgets)) if budgets is not None else None
    if sweep is not None:
        traced = sweep.frontier
        shown = frontier or traced
    elif frontier is not None:
        traced = shown = frontier
    else:
        budget, reach = scenario.budget_cents, frontier_reach(scenario, cents)
        wide = replace(inst, scenario=scenario.with_values(budget_cents=reach))
        traced = trace(wide, options=options, progress=progress, explain_infeasible=False)
        shown = traced if budget is None or budget == reach else traced.within(budget)  # no budget: reach is None
        if shown.status == "infeasible":
            shown = replace(shown, explanation=result.explanation)  # the result's instance: the same reason
    if sweep is None:
        cents = cents if cents is not None else default_budgets(shown, scenario)
        sweep = sweep_from_frontier(traced, cents, scenario) if cents else None
    return Study(inst, result, shown, sweep, comparison)


def frontier_reach(scenario: Scenario, budgets: Iterable[int] | None = None) -> int | None:
    """The budget (cents) a study traces its one frontier to: the scenario's, or the largest sweep budget
    when that is larger; None (no limit) when the scenario has no budget."""
    budget = scenario.budget_cents
    return None if budget is None else max([budget, *(budgets or [])])


def default_budgets(f: Frontier, scenario: Scenario, steps: int = SWEEP_STEPS) -> list[int]:
    """Round budgets (cents) from just below the cheapest frontier build to the scenario's budget, or to
    the dearest frontier build when the scenario has none."""
    if not f.points:
        return [scenario.budget_cents] if scenario.budget_cents else []
    low, high = f.points[0].cost_cents, scenario.budget_cents or f.points[-1].cost_cents
    span = max(high - low, 100)
    step, factors = 100, itertools.cycle((2, 2.5, 2))  # cents: $1, $2, $5, $10, $20, $50, ...
    while span / step > steps:
        step = int(step * next(factors))
    start = low // step * step or step
    budgets = list(range(start, high + 1, step))
    if budgets[-1] != high:
        budgets.append(high)
    return budgets
