"""The exact cost/performance Pareto frontier (spec §5) by the epsilon-constraint method."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .catalog import Catalog
from .explain import explain
from .instance import bind
from .model import build_model
from .optimize import Options, Runner, cost_of, extract, perf_of, set_domain, tie_break
from .result import Build
from .scenario import Scenario


@dataclass(frozen=True)
class Frontier:
    """Every non-dominated build, cheapest first. `status` is optimal (complete and proven), feasible
    (stopped early by a time limit or an interrupt: the points are proven, the list may be incomplete),
    or infeasible (no build at all)."""

    status: str
    points: list[Build]
    scenario: Scenario
    stats: dict = field(default_factory=dict)
    explanation: object = None


def frontier(
    catalog: Catalog,
    scenario: Scenario,
    *,
    options: Options | None = None,
    progress: Callable[[Build], None] | None = None,
) -> Frontier:
    """Each point is proven: no build is cheaper at its performance or faster at its cost.

    Two solves per point on one model: (a) the cheapest build with performance >= eps, cost C; (b) the
    fastest build that costs at most C, performance P. Then eps = P + 1 unit: performance is an integer
    inside the model, so no point between two recorded ones can be missed. Bounds are moved by narrowing
    variable domains, and each solve is hinted with the last solution."""
    options = options or Options()
    started = time.perf_counter()
    inst = bind(catalog, scenario)
    ctx = build_model(inst)
    runner = Runner(ctx, options)
    ranks, top = tie_break(ctx)
    cost_cap = ctx.cost.proto.domain[1]
    perf_cap = ctx.perf.proto.domain[1]
    points: list[Build] = []
    eps, status = 0, "optimal"
    try:
        while eps <= perf_cap:
            set_domain(ctx.perf, eps, perf_cap)
            set_domain(ctx.cost, 0, cost_cap)
            ctx.model.minimize(ctx.cost * (top + 1) + ranks)
            cheap = runner.run()
            if cheap is None or runner.timed_out:
                break
            set_domain(ctx.cost, 0, cost_of(ctx, cheap))
            ctx.model.maximize(ctx.perf * (top + 1) - ranks)
            fast = runner.run()
            if fast is None or runner.timed_out:
                break
            points.append(extract(ctx, fast))
            if progress:
                progress(points[-1])
            eps = perf_of(ctx, fast) + 1
    except KeyboardInterrupt:
        status = "feasible"
    if runner.timed_out:
        status = "feasible"
    if not points and status == "optimal":
        status = "infeasible"
    stats = {"solves": runner.solves, "seconds": time.perf_counter() - started, "points": len(points)}
    explanation = explain(catalog, scenario) if status == "infeasible" else None
    return Frontier(status, points, scenario, stats, explanation)
