"""The exact cost/performance Pareto frontier (spec §5) by the epsilon-constraint method."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .catalog import Catalog
from .explain import explain
from .instance import bind
from .model import build_model
from .optimize import Options, Runner, canonical, extract, perf_of, set_domain
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

    One solve per point on one model: the cheapest build with performance >= eps and, among those, the
    fastest, cost C and performance P. Then eps = P + 1 unit: performance is an integer inside the model,
    so no point between two recorded ones can be missed, and any build faster than P costs more than C.
    The bound moves by narrowing the performance variable's domain; each solve is hinted with the last."""
    options = options or Options()
    started = time.perf_counter()
    inst = bind(catalog, scenario)
    ctx = build_model(inst)
    runner = Runner(ctx, options)
    points: list[Build] = []
    eps, status = 0, "optimal"
    # The cheapest build with performance >= eps, and the fastest among those: cost*(P+1) - perf with P
    # the performance bound puts cost first (perf_scale keeps the product inside 64 bits).
    ctx.model.minimize(ctx.cost * (ctx.perf_top + 1) - ctx.perf)
    try:
        while eps <= ctx.perf_top:
            set_domain(ctx.perf, eps, ctx.perf_top)
            fast = runner.run()
            if fast is None or runner.timed_out:
                break
            points.append(canonical(ctx.inst, extract(ctx, fast)))
            if progress:
                progress(points[-1])
            eps = perf_of(ctx, fast) + 1
    except KeyboardInterrupt:  # between two solves; during one, CP-SAT stops the search itself
        status, runner.interrupted = "feasible", True
    if runner.timed_out:
        status = "feasible"
    if not points and status == "optimal":
        status = "infeasible"
    stats = {"solves": runner.solves, "seconds": time.perf_counter() - started, "points": len(points), "interrupted": runner.interrupted}
    explanation = explain(catalog, scenario) if status == "infeasible" else None
    return Frontier(status, points, scenario, stats, explanation)
