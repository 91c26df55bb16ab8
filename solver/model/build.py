"""Assembling the CP-SAT model of a build from the choices and the rule modules."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from types import ModuleType

from ortools.sat.python import cp_model

from ..instance import Instance
from ..prune import prune_catalog
from . import rules as rule_modules
from .choices import make_vars
from .context import INT64_MIN, Context, add_linear
from .placement import add_definitions

#: Performance is kept in integer units of 1/scale. The exact common denominator of every performance value (a
#: product of rating, speed-up, layout and power factors, each with a few decimals) is used when it is at most this
#: and the products below stay in range; otherwise values are rounded (noted in results).
MAX_PERF_SCALE = 10**13
#: Products of cost and performance (Dinkelbach's objective) must stay below this.
PRODUCT_LIMIT = 2**61


def perf_scale(numerators: Sequence[int], denominator: int, most_cost_cents: int) -> tuple[int, bool]:
    """(scale, exact): integer units for performance that are exact when possible and never overflow. The
    performances are numerators over one common denominator (not necessarily in lowest terms)."""
    # Each performance's denominator in lowest terms, denominator / gcd(denominator, its numerator), divides
    # `denominator`, so their least common multiple is denominator / gcd(denominator, every numerator).
    lcm = denominator // math.gcd(denominator, *numerators)
    scale, exact = (lcm, True) if lcm <= MAX_PERF_SCALE else (MAX_PERF_SCALE, False)
    top = Fraction(max(numerators, default=0), denominator)
    while scale > 1 and most_cost_cents * math.ceil(top * scale) >= PRODUCT_LIMIT:
        scale, exact = max(1, scale // 10), False
    return scale, exact


def build_model(
    inst: Instance,
    *,
    rules: Iterable[ModuleType] = rule_modules.ALL,
    relax: Iterable[str] = (),
    counts: tuple[int, ...] | None = None,
    prune: bool = True,
) -> Context:
    """The model of `inst`. Rules named in `relax` get an enforcement literal (ctx.literals) so that
    explanations can switch them with assumptions; `counts` widens the GPU counts beyond the scenario's
    (R1 then forbids the others). `prune` drops dominated parts first (solver.prune), which never changes
    an optimum or a frontier point."""
    relax, rules = list(relax), list(rules)
    enforced = {r.ID for r in rules} - set(relax)
    model = cp_model.CpModel()
    counts = counts or inst.scenario.gpu_counts
    pruned = prune_catalog(inst, explaining=bool(relax), counts=counts) if prune else None
    if pruned is not None:
        inst = inst.with_parts(pruned.catalog)
    v = make_vars(model, inst, counts, pruned, enforced)
    ctx = Context(model, inst, v)
    for rule_id in relax:
        ctx.literals[rule_id] = model.new_bool_var(f"rule[{rule_id}]")

    # Spec §2: the cooler may be left out only when the CPU comes with one.
    assert v.no_cooler is not None, "make_vars makes the no-cooler literal with the choices"
    coolers = [c.var for c in v.cpus if c.part.attrs["includes_cooler"]]
    add_linear(model, [*coolers, v.no_cooler], [-1] * len(coolers) + [1], INT64_MIN, 0, v.index)

    categories = v.categories()
    choices = [c for cs in categories.values() for c in cs]
    most_cost = sum(max((c.cost_cents for c in cs), default=0) for cs in categories.values())
    ctx.cost = model.new_int_var(0, most_cost, "cost_cents")
    ctx.cost_top = most_cost
    add_linear(model, [c.var for c in choices] + [ctx.cost], [-c.cost_cents for c in choices] + [1], 0, 0, v.index)
    # Contract v3 section 2: R14 limits what is spent, the objectives use cost; they differ only for owned parts.
    spent = [c for c in choices if c.spend_cents]
    same = all(c.spend_cents == c.cost_cents for c in choices)
    ctx.spend = (
        ctx.cost if same else cp_model.LinearExpr.weighted_sum([c.var for c in spent], [c.spend_cents for c in spent])
    )
    # Contract v3 section 4: with money counted as total cost of ownership, the energy's cost enters the model.
    ctx.money, ctx.money_top = ctx.cost, most_cost
    if inst.tco and not relax:
        from .energy import add_energy  # with TCO only: the energy's tables and solver.tco load for it

        add_energy(ctx, r10_enforced="R10" in enforced)
        assert ctx.energy is not None, "add_energy defines the energy's cost"
        ctx.money_top = most_cost + ctx.energy_top
        ctx.money = model.new_int_var(0, ctx.money_top, "tco_cents")
        model.add(ctx.money == ctx.cost + ctx.energy)
        most_cost = ctx.money_top
    # Performance: a GPU choice's full-power value times its power factor at the build's level (contract v2
    # section 3), defined once per level; a card that cannot run at a level is never chosen with it. Choices of one
    # chipset, count and mode share their full-power value (solver.model.choices), so each product is made once.
    # Every value and factor as a whole number over one common denominator (a product of the two lcms), so each
    # product is one integer multiplication.
    gpus = [g.var for g in v.gpus]
    index = [v.index[id(x)] for x in gpus]
    factors = [inst.power_levels(g.part) for g in v.gpus]
    perfs = {id(g.perf): g.perf for g in v.gpus}
    levels = {id(f): f for lv in {id(lv): lv for lv in factors}.values() for f in lv.values()}
    whole_perf = math.lcm(1, *{p.denominator for p in perfs.values()})
    whole_factor = math.lcm(1, *{f.denominator for f in levels.values()})
    perf_of = {k: p.numerator * (whole_perf // p.denominator) for k, p in perfs.items()}
    factor_of = {k: f.numerator * (whole_factor // f.denominator) for k, f in levels.items()}
    products: dict[tuple[int, int], int] = {}  # (id of the value, id of the factor) -> their product's numerator
    values: dict[int, list[tuple[int, tuple[int, int]]]] = {}  # level -> (GPU choice's position, its product's key)
    for level, _ in ctx.power_levels():
        values[level] = keys = []
        for k, (g, lv) in enumerate(zip(v.gpus, factors)):
            factor = lv.get(level)
            if factor is not None:
                key = (id(g.perf), id(factor))
                if key not in products:
                    products[key] = perf_of[key[0]] * factor_of[key[1]]
                keys.append((k, key))
    denominator = whole_perf * whole_factor
    ctx.perf_scale, ctx.perf_exact = perf_scale(list(products.values()), denominator, most_cost)
    units_of = {key: _units(n, denominator, ctx.perf_scale) for key, n in products.items()}
    units = {level: [(k, units_of[key]) for k, key in row] for level, row in values.items()}
    ctx.units = {(index[k], level): u for level, row in units.items() for k, u in row}
    ctx.perf_top = max(ctx.units.values(), default=0)
    ctx.perf = model.new_int_var(0, ctx.perf_top, "perf_units")
    if v.levels:
        # Redundant but unconditional, so the LP relaxation sees it (the per-level definitions below are enforced
        # by a literal): no level's factor exceeds 1, so full power bounds the performance.
        full = [-u for _, u in units[100]]  # every card runs at 100%
        add_linear(model, [*gpus, ctx.perf], [*full, 1], INT64_MIN, 0, v.index)
    for level, literal in ctx.power_levels():
        row = units[level]
        # perf == Σ units x choice at this level
        defined = add_linear(model, [gpus[k] for k, _ in row] + [ctx.perf], [-u for _, u in row] + [1], 0, 0, v.index)
        if literal is None:
            continue
        defined.only_enforce_if(literal)
        if len(row) < len(gpus):
            allowed = {k for k, _ in row}
            barred = [x for k, x in enumerate(gpus) if k not in allowed]
            add_linear(model, [*barred, literal], [1] * (len(barred) + 1), INT64_MIN, 1, v.index)

    # What each GPU choice's layout mode means (solver.model.placement): definitions, whatever rules are enforced.
    add_definitions(ctx)
    for rule in rules:
        ctx.rule = rule.ID
        rule.add(ctx)
    ctx.rule = ""
    return ctx


def perf_units(perf: Fraction, scale: int) -> int:
    """Performance in integer units, rounded half up when the scale is not exact."""
    return _units(perf.numerator, perf.denominator, scale)


def _units(numerator: int, denominator: int, scale: int) -> int:
    """floor(numerator / denominator x scale + 1/2), in integers."""
    return (2 * numerator * scale + denominator) // (2 * denominator)
