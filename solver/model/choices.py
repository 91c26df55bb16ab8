"""The decision variables: one Boolean per part choice, grouped by category (the variable container).

A GPU choice is a card, a count n and a layout mode (solver.layout.Mode): its performance at full power, rating x
speed-up x layout factor, is one exact number. The power level is one more one-hot decision shared by the cards
(`levels`), so the choices do not multiply by the levels: the model defines performance and the DC load once per
level, each enforced by that level's literal (solver.model.build). A PSU choice is a unit and a count m (1, or 2
identical units when rules.dual_psu = "allow")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from ..catalog import Part
from ..categories import CATEGORIES, Category
from ..instance import Instance
from ..layout import Mode, modes
from ..prune import Pruned

#: The domain of every Boolean: one object, which CP-SAT copies into each variable.
BOOLEAN = cp_model.Domain(0, 1)


def new_bool(model: cp_model.CpModel, name: str) -> cp_model.IntVar:
    """model.new_bool_var(name), the same variable, without the new Domain object new_bool_var makes for every
    variable (most of its cost: the model has hundreds of choices)."""
    return cp_model.IntVar(model.proto).with_name(name).with_domain(BOOLEAN)


@dataclass(frozen=True, init=False)
class Choice:
    """Choosing `count` of `part`; for GPUs also the exact performance at full power and the layout mode. What it
    spends and what it costs (contract v3 section 2: owned units are not bought and count at their counted value)."""

    part: Part
    count: int
    var: cp_model.IntVar
    perf: Fraction = Fraction(0)
    mode: Mode | None = None
    spend_cents: int = 0
    cost_cents: int = 0

    def __init__(
        self,
        part: Part,
        count: int,
        var: cp_model.IntVar,
        perf: Fraction = Fraction(0),
        mode: Mode | None = None,
        spend_cents: int = 0,
        cost_cents: int = 0,
    ) -> None:
        # The fields in one update of the instance's dictionary: a frozen dataclass's own __init__ sets them one by
        # one through object.__setattr__, twice as slow, and the model makes hundreds of choices.
        self.__dict__.update(part=part, count=count, var=var, perf=perf, mode=mode, spend_cents=spend_cents,
                             cost_cents=cost_cents)  # fmt: skip

    @property
    def gpu_mode(self) -> Mode:
        """The layout mode of a GPU choice, which always has one (gpu_choices makes one choice per mode)."""
        assert self.mode is not None, f"{self.var.name} is not a GPU choice"
        return self.mode


def _choice(
    model: cp_model.CpModel, inst: Instance, part: Part, count: int, name: str, perf: Fraction = Fraction(0), mode=None
) -> Choice:
    if inst.owned:
        spend, cost = inst.money(part, count)
    else:  # nothing owned: every unit is bought at the part's offer (Instance.money, without a lookup per choice)
        spend = cost = count * part.price_cents
    return Choice(part, count, new_bool(model, name), perf, mode, spend, cost)


@dataclass
class BuildVars:
    """Every choice of the model, one list per category named by its file stem. Each category holds exactly
    one chosen choice (the cooler may be none)."""

    gpus: list[Choice] = field(default_factory=list)
    cpus: list[Choice] = field(default_factory=list)
    motherboards: list[Choice] = field(default_factory=list)
    memory: list[Choice] = field(default_factory=list)
    psus: list[Choice] = field(default_factory=list)
    cases: list[Choice] = field(default_factory=list)
    coolers: list[Choice] = field(default_factory=list)
    storage: list[Choice] = field(default_factory=list)
    no_cooler: cp_model.IntVar | None = None
    levels: dict[int, cp_model.IntVar] = field(default_factory=dict)  # power level -> literal; empty: full power only
    # id of each choice's variable -> its index in the model (solver.model.context.add_linear reads it)
    index: dict[int, int] = field(default_factory=dict)

    def categories(self) -> dict[str, list[Choice]]:
        """The choices of each category by file stem, in build order."""
        return {c.stem: getattr(self, c.stem) for c in CATEGORIES}


def gpu_choices(
    model: cp_model.CpModel, inst: Instance, counts: tuple[int, ...], enforced: set[str], pruned: Pruned | None
) -> list[Choice]:
    """One choice per rated card, count with a speed-up (R1) and layout mode; when `pruned`, only the cards pruning
    keeps for each count (Pruned.gpu_options). Modes that an enforced R8 or R7 refuses outright are not made;
    without those rules enforced they are, so that the model still describes every build exactly (an explanation
    switches rules off)."""
    rules = inst.rules
    ratings: dict[str, Fraction | None] = {}  # by chipset: the rating, None when unrated (never chosen, spec §1)
    for g in inst.catalog.parts["gpus"]:
        if g.attrs["chipset"] not in ratings:
            ratings[g.attrs["chipset"]] = inst.gpu_perf(g)
    gpus = [g for g in inst.catalog.parts["gpus"] if ratings[g.attrs["chipset"]] is not None]
    options = pruned.gpu_options if pruned is not None else dict.fromkeys(counts, gpus)
    wanted = {n: {g.id for g in cards} for n, cards in options.items()}
    kinds = {
        (n, open_air): modes(rules, n, open_air, r8_failing="R8" not in enforced, unplaced="R7" not in enforced)
        for n in counts
        for open_air in (False, True)
    }
    rated: dict[tuple, Fraction] = {}  # rating x speed-up (x a mode's factor), the same for every card of a chipset
    labels = {id(mode): mode.label for cards in kinds.values() for mode in cards}
    speedups: dict[tuple[str, int], Fraction | None] = {}  # by chipset and count
    out = []
    for gpu in gpus:
        chipset = gpu.attrs["chipset"]
        open_air = gpu.attrs["cooling"] == "open-air"
        for n in counts:
            key = (chipset, n)
            if key not in speedups:
                speedups[key] = inst.speedup(gpu, n)
            if gpu.id not in wanted[n] or speedups[key] is None:  # R1: no speed-up for n of this card
                continue
            if key not in rated:
                perf, speedup = ratings[chipset], speedups[key]
                assert perf is not None and speedup is not None, "gpus holds rated cards with a speed-up for n"
                rated[key] = perf * speedup
            for mode in kinds[n, open_air]:
                # One value per chipset, count and mode, shared by its choices (solver.model.build multiplies each
                # by the power factors once).
                if (key, id(mode)) not in rated:
                    rated[key, id(mode)] = rated[key] if mode.factor == 1 else rated[key] * mode.factor
                perf = rated[key, id(mode)]
                out.append(_choice(model, inst, gpu, n, f"gpu[{gpu.id}]x{n}-{labels[id(mode)]}", perf, mode))
    return out


def memory_choices(model: cp_model.CpModel, inst: Instance, pruned: Pruned | None) -> list[Choice]:
    """One choice per kit and kit count k >= 1 that some board's slots can hold (R5 bounds k); when `pruned`, without
    the choices another choice of the same type and total dominates (Pruned.memory)."""
    if pruned is not None:
        pairs = pruned.memory
    else:
        most_slots = max((b["memory_slots"] for b in inst.catalog.parts["motherboards"]), default=0)
        pairs = [(kit, k) for kit in inst.catalog.parts["memory"] for k in range(1, most_slots // kit["modules"] + 1)]
    return [_choice(model, inst, kit, k, f"memory[{kit.id}]x{k}") for kit, k in pairs]


def psu_choices(model: cp_model.CpModel, inst: Instance) -> list[Choice]:
    """One choice per unit and count of identical units (contract v2 section 4)."""
    return [
        _choice(model, inst, p, m, f"psu[{p.id}]" + (f"x{m}" if m > 1 else ""))
        for p in inst.catalog.parts["psus"]
        for m in inst.rules.psu_counts
    ]


def single_choices(model: cp_model.CpModel, inst: Instance, parts: tuple[Part, ...], label: str) -> list[Choice]:
    return [_choice(model, inst, p, 1, f"{label}[{p.id}]") for p in parts]


def make_vars(
    model: cp_model.CpModel,
    inst: Instance,
    counts: tuple[int, ...],
    pruned: Pruned | None = None,
    enforced: Iterable[str] = (),
) -> BuildVars:
    """Every choice; `enforced` are the rules the model holds without an enforcement literal. `pruned`: the GPU and
    memory choices pruning keeps (inst's catalog is then the pruned one); None makes every choice."""
    enforced = set(enforced)

    def of(category: Category) -> list[Choice]:
        if category.stem == "gpus":
            return gpu_choices(model, inst, counts, enforced, pruned)
        if category.stem == "memory":
            return memory_choices(model, inst, pruned)
        if category.stem == "psus":
            return psu_choices(model, inst)
        return single_choices(model, inst, inst.catalog.parts[category.stem], category.slot)

    # Made in build order: CP-SAT numbers variables as they are made, and its search follows that order.
    # Any: the keywords are the categories' stems, which name BuildVars' list fields, as no type can say.
    lists: dict[str, Any] = {c.stem: of(c) for c in CATEGORIES}
    no_cooler = model.new_bool_var("no_cooler")
    v = BuildVars(**lists, no_cooler=no_cooler)
    v.index = {id(c.var): c.var.index for choices in lists.values() for c in choices}
    # Spec §2: exactly one of each; the cooler may be left out (R4 says when).
    for name, choices in v.categories().items():
        literals = [c.var for c in choices] + ([no_cooler] if name == "coolers" else [])
        model.add_exactly_one(literals)
    # Contract v2 section 4: one power level for all cards, when some card may run below 100%.
    levels = sorted(
        {level for g in {id(c.part): c.part for c in v.gpus}.values() for level in inst.power_levels(g)}, reverse=True
    )
    if len(levels) > 1:
        v.levels = {level: model.new_bool_var(f"power_level[{level}%]") for level in levels}
        model.add_exactly_one(list(v.levels.values()))
    return v
