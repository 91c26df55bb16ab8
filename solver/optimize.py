"""The objectives (spec §4), each solved exactly with CP-SAT in a few linear stages."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction

from ortools.sat.python import cp_model

from . import interrupt
from .categories import CATEGORIES
from .cpsat import new_solver, search
from .instance import Instance
from .model import Context
from .model.build import PRODUCT_LIMIT, perf_units
from .result import Build, Pick, Result
from .validate import CHECKS, assemble, complete


@dataclass
class Options:
    """How to run CP-SAT (solver.cpsat sets its parameters). One worker with a fixed seed is deterministic;
    on this model more workers do not make it faster: after dominance pruning the search is short."""

    time_limit: float | None = None
    workers: int = 1
    log: bool = False


class Runner:
    """Solves one model repeatedly (stages) within one deadline, warm-starting each stage."""

    def __init__(self, ctx: Context, options: Options):
        self.ctx, self.options = ctx, options
        self.deadline = None if options.time_limit is None else time.monotonic() + options.time_limit
        self.solves = 0
        self.timed_out = False  # a solve stopped before its proof (time limit or Ctrl-C)
        self.interrupted = False  # ... and it was a signal (Ctrl-C, SIGTERM, SIGHUP; solver.interrupt)
        self.hint: dict[int, int] | None = None
        # The variables whose values describe a solution (_choice_vars), by index: listed once for every stage.
        self.indices = [var.index for var in self._choice_vars()]
        self.bound: float | None = None  # the stopped solve's objective bound, in model units
        self.user_bound: Fraction | None = None  # the same in the objective's units (set by the strategy)

    def remaining(self) -> float | None:
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def run(self) -> dict[int, int] | None:
        """Solve the model's current objective to optimality; the solution's choice values, or None when
        infeasible. Sets `timed_out` when the deadline stopped the proof (the values are then the best found)."""
        if interrupt.requested() is not None:  # a signal stopped an earlier search: start no new one
            self.timed_out = self.interrupted = True
            return None
        model = self.ctx.model
        model.clear_hints()
        if self.hint:
            # Into the proto at once: add_hint's checks per variable cost more than the values (about 730 of them).
            hint = model.proto.solution_hint
            hint.vars.extend(self.indices)
            hint.values.extend([self.hint.get(i, 0) for i in self.indices])
        solver = new_solver(workers=self.options.workers, time_limit=self.remaining(), log=self.options.log)
        status = search(solver, model)
        self.solves += 1
        if status == cp_model.OPTIMAL:
            values = self._values(solver)
            self.hint = values
            return values
        if status in (cp_model.FEASIBLE, cp_model.UNKNOWN):
            left = self.remaining()
            self.interrupted = (
                interrupt.requested() is not None if interrupt.installed() else (left is None or left > 0.05)
            )
        if status == cp_model.FEASIBLE:
            self.timed_out = True
            self.bound = solver.best_objective_bound
            values = self._values(solver)
            self.hint = values
            return values
        if status == cp_model.INFEASIBLE:
            return None
        if status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"internal error: the model is invalid: {model.validate()}")
        self.timed_out = True  # UNKNOWN: the deadline came before any build
        return None

    def _values(self, solver: cp_model.CpSolver) -> dict[int, int]:
        """The solution's value of every choice variable, by index: read from the response's solution list at once
        (solver.value per variable costs more than the search on small models)."""
        solution = list(solver.response_proto.solution)
        return {i: solution[i] for i in self.indices}

    def _choice_vars(self):
        """The decisions, and the energy's cost when the model has it (money_of reads it from the solution)."""
        yield from self.ctx.decisions()
        if self.ctx.energy is not None:
            yield self.ctx.energy


def extract(ctx: Context, values: dict[int, int]) -> Build:
    """The build a solution describes: its parts and counts, the GPUs' power level and the PSU count, with the
    layout computed from the parts (solver.layout) and the performance of the GPU choice, which the model pins to
    that layout's."""
    chosen = {}
    for name, choices in ctx.v.categories().items():
        chosen[name] = next((c for c in choices if values.get(c.var.index)), None)
    pick = lambda c: Pick(c.part, c.count) if c else None  # noqa: E731
    g, level = chosen["gpus"], chosen_level(ctx, values)
    assert g is not None, "the model chooses exactly one GPU choice"
    build = complete(ctx.inst, {c.slot: pick(chosen[c.stem]) for c in CATEGORIES}, level)
    factor = ctx.level_factor(g, level)
    assert factor is not None, "the model never runs a card at a power level it cannot run at"
    modelled = g.perf * factor
    if build.performance != modelled:
        raise AssertionError(
            f"internal error: the model scored {g.var.name} at {level}% {modelled}, "
            f"its layout gives {build.performance}"
        )
    cost = cost_of(ctx, values)
    if cost != build.cost_cents:
        raise AssertionError(f"internal error: the model costs the build {cost} cents, its parts {build.cost_cents}")
    if ctx.energy is not None and ctx.energy.index in values:
        assert build.energy is not None, "complete() figures the energy whenever the model has it (both need [usage])"
        if values[ctx.energy.index] != build.energy.cents:
            raise AssertionError(
                f"internal error: the model's energy cost {values[ctx.energy.index]} cents "
                f"differs from the formula's {build.energy.cents}"
            )
    return build


def chosen_level(ctx: Context, values: dict[int, int]) -> int:
    """The power level a solution runs the cards at."""
    return next((level for level, literal in ctx.power_levels() if literal is None or values.get(literal.index)), 100)


def set_domain(var: cp_model.IntVar, low: int, high: int) -> None:
    """Narrow a variable's domain in place, so later stages reuse the model instead of rebuilding it."""
    domain = var.proto.domain
    domain.clear()
    domain.extend([low, high])


def perf_of(ctx: Context, values: dict[int, int]) -> int:
    level = chosen_level(ctx, values)
    return sum(ctx.units[g.var.index, level] for g in ctx.v.gpus if values.get(g.var.index))


def cost_of(ctx: Context, values: dict[int, int]) -> int:
    return sum(c.cost_cents for cs in ctx.v.categories().values() for c in cs if values.get(c.var.index))


def money_of(ctx: Context, values: dict[int, int]) -> int:
    """What the objective counts of a solution: its cost, plus the energy's cost when money is TCO."""
    return cost_of(ctx, values) + (values[ctx.energy.index] if ctx.energy is not None else 0)


def canonical(inst: Instance, build: Build) -> Build:
    """The lexicographic tie-break: part by part (GPU first, storage last), swap in the smallest id of
    the same price that keeps every rule and the build's performance (the same count, power level and PSU count),
    so equally good builds come out the same whatever path the search took."""
    for cat in CATEGORIES:
        slot, stem = cat.slot, cat.stem
        pick = getattr(build, slot)
        if pick is None:
            continue
        peers = sorted(
            (p for p in inst.catalog.parts[stem] if p.price_cents == pick.part.price_cents and p.id < pick.part.id),
            key=lambda p: p.id,
        )
        for part in peers:
            picks = {**build.picks(), slot: Pick(part, pick.count)}
            trial = assemble(inst, picks, build.power_level)  # all that the rules read; complete() adds the rest
            if trial.performance != build.performance:
                continue
            if inst.tco:  # a PSU of the same price may draw more
                trial = complete(inst, picks, build.power_level)
                if trial.tco_cents != build.tco_cents:
                    continue
            if all(check(inst, trial).ok for check in CHECKS):  # up to the first rule the swap breaks
                build = trial if inst.tco else complete(inst, picks, build.power_level)
                break
    return build


def solve_max_perf(r: Runner, ctx: Context) -> dict | None:
    """max performance; among ties, min cost (spec §4). One solve: maximise perf*(C+1) - cost, where C
    bounds the cost, so a unit of performance outweighs any cost difference (perf_scale keeps the
    product inside 64 bits)."""
    ctx.model.maximize(ctx.perf * (ctx.cost_top + 1) - ctx.cost)
    values = r.run()
    if r.timed_out and r.bound is not None:
        # perf*(C+1) - cost <= U for every build, and cost <= C, so perf <= (U + C) / (C + 1).
        r.user_bound = Fraction(math.floor((Fraction(r.bound) + ctx.cost_top) / (ctx.cost_top + 1)), ctx.perf_scale)
    return values


def solve_min_cost(r: Runner, ctx: Context) -> dict | None:
    """min money (cost, or TCO for min_tco) subject to performance >= min_perf; among ties, max performance (spec
    §4), in one solve of money*(P+1) - perf, where P bounds the performance."""
    target = ctx.inst.scenario.min_perf
    assert target is not None, "the scenario's check requires min_perf for min_cost and min_tco"
    floor = math.ceil(target * ctx.perf_scale)
    set_domain(ctx.perf, floor, max(floor, ctx.perf_top))
    ctx.model.minimize(ctx.money * (ctx.perf_top + 1) - ctx.perf)
    values = r.run()
    if r.timed_out and r.bound is not None:
        # money*(P+1) - perf >= L for every build with perf >= floor, so money >= (L + floor) / (P + 1).
        r.user_bound = Fraction(math.ceil((Fraction(r.bound) + floor) / (ctx.perf_top + 1)), 100)
    return values


def _cheapest_rest(ctx: Context) -> int:
    """A lower bound on the cost of everything but the GPUs: the cheapest part of each category."""
    v = ctx.v
    rest = sum(
        min((c.cost_cents for c in cs), default=0)
        for name, cs in v.categories().items()
        if name not in ("gpus", "coolers")
    )
    return rest + (
        0 if any(c.part["includes_cooler"] for c in v.cpus) else min((c.cost_cents for c in v.coolers), default=0)
    )


def optimistic_ratio(ctx: Context) -> tuple[int, int]:
    """(P, C) with P/C at least the best ratio: each GPU choice with the cheapest part of every other
    category, compatible or not (money is at least the cost). Starting Dinkelbach from above saves the iterations
    that climb up. A choice that could cost nothing gives (perf bound, 1): every build here costs at least a cent."""
    rest = _cheapest_rest(ctx)
    best = (0, 1)
    for g in ctx.v.gpus:
        p, c = perf_units(g.perf, ctx.perf_scale), g.cost_cents + rest
        if c == 0:
            return ctx.perf_top, 1
        if p * best[1] > best[0] * c:
            best = (p, c)
    return best


def solve_perf_per_dollar(r: Runner, ctx: Context) -> dict | None:
    """max performance / money (cost, or TCO for perf_per_tco_dollar) by Dinkelbach's method in exact integers: with
    a ratio P/C, maximise gain = C*perf - P*money. From the optimistic start the first solution is a real build; from
    then on P/C is a build's ratio, so the model may require gain >= 0 (that build meets it: every build left is at
    least as good, and the search has less to rule out); a positive optimum is a better build, and an optimum of zero
    proves P/C optimal.

    Ties in ratio go to the fastest build. Where the numbers allow, each solve maximises
    gain*(perf bound + 1) + perf, so the proving solve already picks the fastest of the tied builds; otherwise the
    proof's build is the fastest when no faster build can have the ratio exactly (_faster_at_ratio), and else one
    more solve finds it. Nothing to pay (every part owned, resale not counted, no energy cost) beats any price: when
    some build may cost nothing, the fastest such build is looked for first."""
    if _cheapest_rest(ctx) + min((g.cost_cents for g in ctx.v.gpus), default=0) == 0:
        free = _fastest_free(r, ctx)
        if free is not None or r.timed_out:
            return free
    p, c = optimistic_ratio(ctx)
    best = None
    while True:
        weight = ctx.perf_top + 1
        lexicographic = ((c * ctx.perf_top + p * ctx.money_top) * weight + ctx.perf_top) < PRODUCT_LIMIT
        gain_expr = c * ctx.perf - p * ctx.money
        if best is not None:
            # Kept for the later stages too: their ratios are higher, so every build they look for meets this one.
            ctx.model.add(gain_expr >= 0)
        ctx.model.maximize(gain_expr * weight + ctx.perf if lexicographic else gain_expr)
        candidate = r.run()
        if candidate is None or r.timed_out:
            if r.bound is not None:
                # gain <= U for every build: perf/money <= p/c + U/(c*money), and money >= the cheapest build.
                most = Fraction(r.bound) / weight if lexicographic else Fraction(r.bound)
                least = max(1, _cheapest_rest(ctx) + min((g.cost_cents for g in ctx.v.gpus), default=0))
                r.user_bound = (Fraction(p, c) + max(most, Fraction(0)) / (c * least)) * 100 / ctx.perf_scale
            if candidate is not None and best is not None:
                ratio = lambda vals: Fraction(perf_of(ctx, vals), money_of(ctx, vals))  # noqa: E731
                return max(candidate, best, key=ratio)
            return candidate or best
        perf, money = perf_of(ctx, candidate), money_of(ctx, candidate)
        gain = c * perf - p * money
        if best is not None and gain <= 0:
            if lexicographic or not _faster_at_ratio(ctx, p, c, perf):
                return candidate  # gain 0: the ratio P/C, and the fastest build that has it
            ctx.model.maximize(ctx.perf)  # among the builds with gain >= 0 (required above): those of ratio P/C
            return r.run() or best
        best = candidate
        p, c = perf, money


def _faster_at_ratio(ctx: Context, p: int, c: int, perf: int) -> bool:
    """Whether some build might have the ratio p/c exactly and more performance than `perf`, by the numbers alone.
    With p/c = P/C in lowest terms, such a build performs k*P and costs k*C for a whole k; its performance is one
    of its GPU choice's values (one per power level), and its money is at least that choice's cost plus the
    cheapest part of every other category. Mostly no value is such a multiple, so the proof's build is the fastest
    of its ratio without another solve."""
    if p == 0:  # gain 0 at ratio 0: every build performs 0
        return False
    d = math.gcd(p, c)
    p, c = p // d, c // d
    rest = _cheapest_rest(ctx)
    cost = {g.var.index: g.cost_cents for g in ctx.v.gpus}
    return any(
        units > perf and units % p == 0 and cost[index] + rest <= units // p * c <= ctx.money_top
        for (index, _), units in ctx.units.items()
    )


def _fastest_free(r: Runner, ctx: Context) -> dict | None:
    """The fastest build that costs nothing (money 0), or None when every build costs something."""
    set_domain(ctx.money, 0, 0)
    ctx.model.maximize(ctx.perf)
    values = r.run()
    set_domain(ctx.money, 0, ctx.money_top)
    return values


STRATEGIES = {"max_perf": solve_max_perf, "min_cost": solve_min_cost, "perf_per_dollar": solve_perf_per_dollar,
              "min_tco": solve_min_cost, "perf_per_tco_dollar": solve_perf_per_dollar}  # fmt: skip


def optimize(ctx: Context, objective: str, options: Options) -> Result:
    """Solve `ctx`'s model for `objective` and describe the outcome."""
    started = time.perf_counter()
    r = Runner(ctx, options)
    values = STRATEGIES[objective](r, ctx)
    inst = ctx.inst
    build = canonical(inst, extract(ctx, values)) if values else None
    if build is None:
        status = "unknown" if r.timed_out else "infeasible"
    else:
        status = "feasible" if r.timed_out else "optimal"
    notes: tuple[str, ...] = ()
    if not ctx.perf_exact:
        notes = (f"performance was rounded to units of 1/{ctx.perf_scale:,} to keep arithmetic in 64 bits",)
    proto = ctx.model.proto
    if r.interrupted:
        notes = (*notes, "interrupted: the build shown is the best found, not proven optimal")
    stats = {
        "interrupted": r.interrupted,
        "solves": r.solves,
        "solve_seconds": time.perf_counter() - started,
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
    }
    bound = r.user_bound if status == "feasible" else None
    return Result(status, objective, inst.scenario.name, inst.scenario.workload, build, bound, None, notes, stats)
