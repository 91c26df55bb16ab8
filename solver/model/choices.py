"""The decision variables: one Boolean per part choice, grouped by category (the variable container)."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ortools.sat.python import cp_model

from ..catalog import Part
from ..categories import CATEGORIES, Category
from ..instance import Instance
from ..prune import memory_front

# How a multi-GPU choice relates to rule R8 (adjacent cards).
SINGLE = "single"  # one card: nothing beside it
ANY = "any"  # blower or water cards: adjacent or spaced, both fine
SPACED = "spaced"  # open-air cards that must have a free slot between them
ADJACENT = "adjacent"  # open-air cards side by side, allowed with a performance penalty (R8 "penalize")


@dataclass(frozen=True)
class Choice:
    """Choosing `count` of `part`; for GPUs also the exact performance and the layout mode."""

    part: Part
    count: int
    var: cp_model.IntVar
    perf: Fraction = Fraction(0)
    mode: str = SINGLE

    @property
    def price_cents(self) -> int:
        return self.count * self.part.price_cents


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

    def categories(self) -> dict[str, list[Choice]]:
        """The choices of each category by file stem, in build order."""
        return {c.stem: getattr(self, c.stem) for c in CATEGORIES}


def gpu_choices(model: cp_model.CpModel, inst: Instance, counts: tuple[int, ...]) -> list[Choice]:
    """One choice per rated GPU and count; open-air multi-GPU builds get a second, penalised choice when
    R8 is "penalize", so that performance stays linear."""
    rules = inst.rules
    out = []
    for gpu in inst.catalog.parts["gpus"]:
        perf = inst.gpu_perf(gpu)
        if perf is None:  # unrated chipsets are never chosen (spec §1)
            continue
        for n in counts:
            full = perf * rules.scaling[n]
            if n == 1:
                modes = [(SINGLE, full)]
            elif gpu["cooling"] != "open-air":
                modes = [(ANY, full)]
            elif rules.adjacent_open_air == "penalize":
                modes = [(SPACED, full), (ADJACENT, full * (1 - rules.adjacent_penalty))]
            else:
                modes = [(SPACED, full)]
            for mode, value in modes:
                var = model.new_bool_var(f"gpu[{gpu.id}]x{n}{'' if mode != ADJACENT else '-adjacent'}")
                out.append(Choice(gpu, n, var, value, mode))
    return out


def memory_choices(model: cp_model.CpModel, inst: Instance, prune: bool) -> list[Choice]:
    """One choice per kit and kit count k >= 1 that some board's slots can hold (R5 bounds k), without
    the choices another choice of the same type and total dominates (solver.prune)."""
    most_slots = max((b["memory_slots"] for b in inst.catalog.parts["motherboards"]), default=0)
    kits = inst.catalog.parts["memory"]
    if prune:
        pinned = {ref.partition(":")[2] for ref in (*inst.scenario.exclude, *inst.scenario.require) if ref.startswith("memory:")}
        pairs = memory_front(kits, most_slots, pinned)
    else:
        pairs = [(kit, k) for kit in kits for k in range(1, most_slots // kit["modules"] + 1)]
    return [Choice(kit, k, model.new_bool_var(f"memory[{kit.id}]x{k}")) for kit, k in pairs]


def single_choices(model: cp_model.CpModel, parts: tuple[Part, ...], label: str) -> list[Choice]:
    return [Choice(p, 1, model.new_bool_var(f"{label}[{p.id}]")) for p in parts]


def make_vars(model: cp_model.CpModel, inst: Instance, counts: tuple[int, ...], prune: bool = True) -> BuildVars:
    def of(category: Category) -> list[Choice]:
        if category.stem == "gpus":
            return gpu_choices(model, inst, counts)
        if category.stem == "memory":
            return memory_choices(model, inst, prune)
        return single_choices(model, inst.catalog.parts[category.stem], category.slot)

    # Made in build order: CP-SAT numbers variables as they are made, and its search follows that order.
    v = BuildVars(**{c.stem: of(c) for c in CATEGORIES}, no_cooler=model.new_bool_var("no_cooler"))
    # Spec §2: exactly one of each; the cooler may be left out (R4 says when).
    for name, choices in v.categories().items():
        literals = [c.var for c in choices] + ([v.no_cooler] if name == "coolers" else [])
        model.add_exactly_one(literals)
    return v
