"""The exact cost/performance Pareto frontier (spec §5) by the epsilon-constraint method."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from .catalog import Catalog
from .explain import Explanation, explain
from .instance import Instance, bind
from .model import build_model
from .notebook import Rendered
from .optimize import Options, Runner, canonical, extract, perf_of, set_domain
from .result import Build
from .scenario import Scenario


@dataclass(frozen=True)
class Frontier(Rendered):
    """Every non-dominated build, cheapest first. `status` is optimal (complete and proven), feasible
    (stopped early by a time limit or an interrupt: the points are proven, the list may be incomplete),
    or infeasible (no build at all). It keeps the instance it was traced on."""

    command: ClassVar[str] = "frontier"  # solver.notebook: to_dict(), to_frame(), _repr_html_()

    status: str
    points: list[Build]
    scenario: Scenario
    stats: dict = field(default_factory=dict)
    explanation: Explanation | None = None
    instance: Instance | None = field(default=None, compare=False, repr=False)

    @property
    def basis(self) -> str:
        """The money of the frontier: "purchase" (cost) or "tco" (cost plus energy over [usage]'s horizon)."""
        return self.scenario.money_basis

    def covers(self, budget_cents: int) -> bool:
        """Whether every frontier build up to this money is known: the trace was complete up to its budget (a
        TCO frontier's budget limits spend, not TCO: it covers every TCO only without one), or it stopped after
        proving a build at least this dear (points come cheapest first)."""
        limit = self.scenario.budget_cents if self.basis == "purchase" else self.scenario.tco_budget_cents
        complete = self.status != "feasible" and (limit is None or budget_cents <= limit)
        return complete or bool(self.points and budget_cents <= self.points[-1].budgeted(self.basis))

    def within(self, budget_cents: int) -> Frontier:
        """The frontier of the same scenario under a budget no larger, read off this one without a solve:
        its points up to that money (a build undominated among all is undominated among the cheaper ones,
        and the reverse). It carries no explanation: that belongs to a solve of the same budget."""
        points = [b for b in self.points if b.budgeted(self.basis) <= budget_cents]
        status = ("optimal" if points else "infeasible") if self.covers(budget_cents) else "feasible"
        scenario = self.scenario.with_values(
            **{"budget_cents" if self.basis == "purchase" else "tco_budget_cents": budget_cents}
        )
        inst = replace(self.instance, scenario=scenario) if self.instance is not None else None
        stats = {**self.stats, "points": len(points)}
        return replace(
            self, status=status, points=points, scenario=scenario, stats=stats, explanation=None, instance=inst
        )


def frontier(
    catalog: Catalog,
    scenario: Scenario,
    *,
    options: Options | None = None,
    progress: Callable[[Build], None] | None = None,
) -> Frontier:
    """Every non-dominated build of `scenario` on `catalog` (`trace` on the bound pair)."""
    return trace(bind(catalog, scenario), options=options, progress=progress)


def trace(
    inst: Instance,
    *,
    options: Options | None = None,
    progress: Callable[[Build], None] | None = None,
    explain_infeasible: bool = True,
) -> Frontier:
    """The frontier of an instance already bound. Each point is proven: no build is cheaper at its
    performance or faster at its cost. An empty frontier carries an explanation unless
    `explain_infeasible` is off (for a caller that has it from a solve of the same instance).

    One solve per point on one model: the cheapest build with performance >= eps and, among those, the
    fastest, cost C and performance P. Then eps = P + 1 unit: performance is an integer inside the model,
    so no point between two recorded ones can be missed, and any build faster than P costs more than C.
    The bound moves by narrowing the performance variable's domain; each solve is hinted with the last."""
    options = options or Options()
    started = time.perf_counter()
    ctx = build_model(inst)
    runner = Runner(ctx, options)
    points: list[Build] = []
    eps, status = 0, "optimal"
    # The cheapest build with performance >= eps, and the fastest among those: money*(P+1) - perf with P
    # the performance bound puts money first (perf_scale keeps the product inside 64 bits). Money is cost, or TCO.
    ctx.model.minimize(ctx.money * (ctx.perf_top + 1) - ctx.perf)
    if inst.scenario.tco_budget_cents is not None:
        ctx.model.add(ctx.money <= inst.scenario.tco_budget_cents)
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
    stats = {
        "solves": runner.solves,
        "seconds": time.perf_counter() - started,
        "points": len(points),
        "interrupted": runner.interrupted,
    }
    explanation = explain(inst) if status == "infeasible" and explain_infeasible else None
    return Frontier(status, points, inst.scenario, stats, explanation, inst)
