"""Where the GPUs sit (rules R7, R8, R9 of build model v2): a board's x16-length slots as wired, the placements n
cards can take, and the one layout a build has.

A placement of n cards is n usable slots at positions p1 < ... < pn with p(i+1) - p(i) >= slot_width, spanning
pn - p1 + ceil(slot_width) expansion slots of the case. It is *spaced* when every gap p(i+1) - p(i) - slot_width is at
least 1 (one card is spaced), else *adjacent*; it *uses the chipset* when a slot hangs off the chipset.

Placements fall into four classes by (uses the chipset, adjacent). Within a class, every placement has the same
standing under R8 and the same performance factor, so the build's layout (R8's order: valid under R8 first, then the
highest factor, then no chipset, then spaced, then the smaller span, then the smallest positions) is, within a
class, always the class's *representative*: its placement of least span, then smallest positions. A case fits some
placement of a class exactly when it fits the representative (every other one spans at least as much). So the
layout is the representative of the first class, in R8's order, whose representative fits the case; the model
(solver.model.placement) pins its choices to exactly that with one room figure per class and board.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .slots import Slot, slot_words

if TYPE_CHECKING:
    from .catalog import Part
    from .scenario import Rules

LEAST_USABLE_LANES = 4  # x1 and x2 links are never usable for a GPU (contract v2 R7)


def usable(rules: Rules, slot: Slot) -> bool:
    """R7: a CPU slot with the lanes a GPU needs, or a chipset slot of x4 or more when chipset slots are accepted.
    An x1 or x2 link is never usable, on the CPU too."""
    return _usable(slot, rules.min_pcie_lanes_per_gpu, rules.chipset_slots)


def _usable(slot: Slot, min_lanes: int, chipset_slots: str) -> bool:
    if slot.lanes < LEAST_USABLE_LANES:
        return False
    if slot.attach == "cpu":
        return slot.lanes >= min_lanes
    return chipset_slots == "penalize"


def usable_slots(rules: Rules, board: Part) -> tuple[tuple[int, bool], ...]:
    """The board's usable slots as (position, on the chipset): all that R7, R8 and R9 read of a board's wiring,
    so boards with the same tuple are alike for every rule (the model groups them by it)."""
    return usable_of_wiring(rules, board.attrs["gpu_slots"])


def usable_of_wiring(rules: Rules, wiring: tuple[Slot, ...]) -> tuple[tuple[int, bool], ...]:
    """usable_slots of a board with this gpu_slots wiring (boards share a few hundred wirings: pruning asks once per
    wiring)."""
    return _usable_slots(wiring, rules.min_pcie_lanes_per_gpu, rules.chipset_slots)


@lru_cache(maxsize=4096)
def _usable_slots(slots: tuple[Slot, ...], min_lanes: int, chipset_slots: str) -> tuple[tuple[int, bool], ...]:
    """usable_slots keyed on all that it reads, the wiring and R7's two rules: boards share a few hundred wirings."""
    return tuple((s.position, s.attach == "chipset") for s in slots if _usable(s, min_lanes, chipset_slots))


class Class(NamedTuple):
    """A class of placements: whether they use a chipset slot and whether two cards sit side by side."""

    chipset: bool
    adjacent: bool


#: Every class; one card has only spaced placements.
CLASSES = (Class(False, False), Class(False, True), Class(True, False), Class(True, True))


class Rep(NamedTuple):
    """A class's representative placement on a board: its positions, the room it needs in the case
    (span + ceil(width)), and how many of its cards sit in CPU slots (R9)."""

    positions: tuple[int, ...]
    room: int
    cpu_cards: int


def whole_slots(width: Fraction | int) -> int:
    """The expansion slots a card covers, ceil(slot_width). Positions are whole numbers, so a gap of g slots fits a
    card exactly when g >= ceil(width) and leaves a free slot exactly when g >= ceil(width) + 1: every rule reads
    a card's width only through this number."""
    return math.ceil(width)


@lru_cache(maxsize=65536)
def representatives(n: int, width: int, slots: tuple[tuple[int, bool], ...]) -> dict[Class, Rep]:
    """Each class's representative for n cards `width` whole slots wide (whole_slots) on a board's usable slots (a
    class without any placement is absent)."""
    edge = math.ceil(width)
    best: dict[Class, tuple] = {}
    if n > len(slots):  # no placement; and a count from a build file may be too large for combinations()
        return {}
    for chosen in itertools.combinations(slots, n):
        positions = [p for p, _ in chosen]
        gaps = [b - a for a, b in itertools.pairwise(positions)]
        if any(g < width for g in gaps):
            continue
        cls = Class(any(c for _, c in chosen), any(g - width < 1 for g in gaps))
        key = (positions[-1] - positions[0], tuple(positions))
        if cls not in best or key < best[cls][0]:
            best[cls] = (key, Rep(tuple(positions), key[0] + edge, sum(not c for _, c in chosen)))
    return {cls: rep for cls, (_, rep) in best.items()}


def r8_holds(rules: Rules, open_air: bool, adjacent: bool) -> bool:
    """R8: open-air cards side by side are refused under "forbid" ("penalize" slows them down instead)."""
    return not (adjacent and open_air and rules.adjacent_open_air == "forbid")


def factor(rules: Rules, open_air: bool, cls: Class) -> Fraction:
    """The performance factor of a class (contract v2 section 3): the adjacency penalty when R8 penalises it, and
    the chipset penalty when a card sits on the chipset (once per layout)."""
    value = Fraction(1)
    if cls.adjacent and open_air and rules.adjacent_open_air == "penalize":
        value *= 1 - rules.adjacent_penalty
    if cls.chipset:
        value *= 1 - rules.chipset_penalty
    return value


def class_order(rules: Rules, n: int, open_air: bool) -> list[Class]:
    """The classes n cards can take, in R8's order: valid under R8, the highest factor, no chipset, spaced."""
    classes = [
        c for c in CLASSES if (n >= 2 or not c.adjacent) and (rules.chipset_slots == "penalize" or not c.chipset)
    ]
    return sorted(
        classes,
        key=lambda c: (not r8_holds(rules, open_air, c.adjacent), -factor(rules, open_air, c), c.chipset, c.adjacent),
    )


@dataclass(frozen=True)
class Layout:
    """Where a build's cards sit: the chosen slots top to bottom (empty when no placement fits, R7), whether cards
    sit side by side, whether one sits on the chipset, the performance factor, R7's and R8's verdicts, and whether
    the board's wiring was derived rather than listed."""

    count: int
    slots: tuple[Slot, ...]
    adjacent: bool
    uses_chipset: bool
    factor: Fraction
    r7: bool
    r8: bool
    inferred: bool

    @property
    def positions(self) -> tuple[int, ...]:
        return tuple(s.position for s in self.slots)

    @property
    def cpu_cards(self) -> int:
        """Cards in CPU slots (R9); all of them when no placement exists, as v1 counted."""
        return sum(s.attach == "cpu" for s in self.slots) if self.r7 else self.count

    @property
    def span(self) -> int:
        return self.slots[-1].position - self.slots[0].position if self.slots else 0


def choose_layout(rules: Rules, gpu: Part, n: int, board: Part, case: Part) -> Layout:
    """The build's layout (contract v2 R8): the representative of the first class in R8's order that fits the case;
    with none, no slots, and two or more cards counted as adjacent (as v1 did)."""
    open_air = gpu["cooling"] == "open-air"
    reps = representatives(n, whole_slots(gpu["slot_width"]), usable_slots(rules, board))
    room = case["expansion_slots"]
    inferred = board["wiring_inferred"]
    by_position = {s.position: s for s in board["gpu_slots"]}
    for cls in class_order(rules, n, open_air):
        rep = reps.get(cls)
        if rep is not None and rep.room <= room:
            slots = tuple(by_position[p] for p in rep.positions)
            return Layout(n, slots, cls.adjacent, cls.chipset, factor(rules, open_air, cls), True,
                          r8_holds(rules, open_air, cls.adjacent), inferred)  # fmt: skip
    adjacent = n >= 2
    none = Class(False, adjacent)
    return Layout(
        n, (), adjacent, False, factor(rules, open_air, none), False, r8_holds(rules, open_air, adjacent), inferred
    )


def layout_words(layout: Layout) -> str:
    """The chosen slots, as R7's message, the table and the report name them (the JSON lists the same ones)."""
    return ", ".join(f"slot {i} (position {s.position}): {slot_words(s)}" for i, s in enumerate(layout.slots, 1))


def least_room(rules: Rules, gpu_width: Fraction, n: int, board: Part, spaced_only: bool) -> int | None:
    """The fewest case slots n cards of this width need on `board` (spaced ones only, if asked); None when no
    placement exists on the board at all."""
    reps = representatives(n, whole_slots(gpu_width), usable_slots(rules, board))
    rooms = [rep.room for cls, rep in reps.items() if not (spaced_only and cls.adjacent)]
    return min(rooms, default=None)


@dataclass(frozen=True)
class Mode:
    """How the model describes a GPU choice's layout: the classes (consecutive in R8's order) its layout may be
    the representative of, with the factor and R8 verdict they share; `before` are the classes R8's order puts
    first. The mode with no classes stands for "no placement fits" (R7 fails). Classes that agree on factor, R8
    and the CPU cards R9 counts (no chipset: all n) share a mode, so a blower card has one mode for spaced and
    adjacent CPU placements."""

    classes: tuple[Class, ...]
    before: tuple[Class, ...]
    factor: Fraction
    r8: bool
    # The hash, computed once: GPU choices are grouped by their mode (solver.model.placement), and hashing the
    # fields (a Fraction among them) again for each choice cost more than the grouping itself.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.classes, self.before, self.factor, self.r8)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def placed(self) -> bool:
        return bool(self.classes)

    @property
    def chipset(self) -> bool:
        return any(c.chipset for c in self.classes)

    @property
    def label(self) -> str:
        if not self.classes:
            return "unplaced"
        return "+".join(
            ("chipset-" if c.chipset else "cpu-") + ("adjacent" if c.adjacent else "spaced") for c in self.classes
        )


def modes(
    rules: Rules, n: int, open_air: bool, *, r8_failing: bool = False, unplaced: bool = False
) -> tuple[Mode, ...]:
    """The modes of n cards in R8's order: the R8-valid ones, the ones R8 refuses when `r8_failing` (a model
    without R8 enforced needs them), and the unplaced mode when `unplaced` (a model without R7 enforced)."""
    order = class_order(rules, n, open_air)
    out, i = [], 0
    while i < len(order):
        first = order[i]
        key = (r8_holds(rules, open_air, first.adjacent), factor(rules, open_air, first))
        group = [first]
        while (not first.chipset and i + 1 < len(order) and not order[i + 1].chipset
               and (r8_holds(rules, open_air, order[i + 1].adjacent), factor(rules, open_air, order[i + 1]))
               == key):  # fmt: skip
            i += 1
            group.append(order[i])
        if key[0] or r8_failing:
            out.append(Mode(tuple(group), tuple(order[: i + 1 - len(group)]), key[1], key[0]))
        i += 1
    if unplaced:
        adjacent = n >= 2
        out.append(
            Mode((), tuple(order), factor(rules, open_air, Class(False, adjacent)), r8_holds(rules, open_air, adjacent))
        )
    return tuple(out)


def mode_room(
    mode: Mode, n: int, width: Fraction, slots: tuple[tuple[int, bool], ...]
) -> tuple[int | None, int | None, int]:
    """On a board with these usable slots: (the case slots the mode needs, None when it has no placement there; the
    case slots that would make an earlier class fit instead, None when none can; the cards R9 counts in CPU
    slots). The unplaced mode needs no room, and counts all n cards, as its layout does."""
    reps = representatives(n, width, slots)
    fit = 0 if not mode.placed else min((reps[c].room for c in mode.classes if c in reps), default=None)
    better = min((reps[c].room for c in mode.before if c in reps), default=None)
    cards = n
    if mode.chipset:
        rep = reps.get(mode.classes[0])
        cards = rep.cpu_cards if rep is not None else 0
    return fit, better, cards
