"""Exact dominance pruning: parts that can never be needed are dropped before the model is built.

A part X *dominates* a part Y of the same file when X is no more expensive and, for every rule and
objective, anything Y allows X allows too: X passes every rule Y passes, in any build, with performance
no lower. Then any valid build using Y stays valid, no dearer and no slower when Y is swapped for X, so
every optimum, and every frontier point, has an equally good build without Y. Dominance is a partial
order (each test below is a conjunction of comparisons), so dropping every dominated part at once is
safe as long as one representative of each group of identical parts stays (the smallest id, which is
also the tie-break's preference). Each test compares, per rule, the quantities the rule reads, in the
direction the rule prefers; where a rule is not monotone in a quantity, parts are compared only among
those equal in it (the quantity goes into the key).

What each rule reads, and the direction that is never worse:
- GPU: for every GPU count n of the model and every power level L (contract v2 sections 3-4), the performance
  rating x speed-up(n) x factor(L) (higher; a level or count the card lacks counts as the lowest), and its watts
  at every level (lower: R10, R13; a level it lacks as the highest), so X can run wherever Y runs, as fast and
  on no more power; the maker's recommended system power (lower: R10, when asked for); passing R18 (true is
  never worse); memory (R2 wants >= the minimum per card and, pooled, n x memory >= the total for each n; R3 and
  R16 need RAM for it: lower, but only among cards on the same side of every R2 threshold, or equal when R2 may
  be switched off); the whole slots the card covers, ceil(slot_width), the only way rules read its width (fewer:
  every placement of a wider card is one of a narrower card, as spaced or more), cooling (blower or water over
  open-air: R8), length (shorter: R6), 8-pin and 16-pin needs (fewer: R11).
- CPU: same socket (R4), threads and lanes (more: R9), tdp (lower: R10, R13), includes a cooler (true is never
  worse).
- Board: same socket, form factor and memory type (R4-R6), memory slots and capacity (more: R5), M.2 (has one
  or not: R12), and for every GPU count and width the room a placement needs on its usable slots, spaced and any
  (less: R7, R8; solver.layout). The layout is the first class of R8's order that fits, so a board needing no
  more room for either gives each build a layout as early or earlier: a factor no lower, R8 no worse.
- PSU: same form factor (R6); wattage (more: R10), 8-pin and 16-pin leads (more: R11), passing R17 (true is
  never worse) and, under a wall limit, for each PSU count m the largest DC load R13 allows (more).
- Case: board and PSU form factors (a superset), GPU length, cooler height, radiator size, expansion slots and
  PSU bays (more: R6, R7).
- Cooler: same kind, sockets (a superset: R4), height or radiator (smaller: R6).
- Drive: of the asked kind whenever the other is; SATA never worse than NVMe (R12 needs an M.2 slot only
  for NVMe); capacity meets min_storage_gb whenever the other's does (R12).
- Memory is pruned per (kit, count) choice: only choices of one type and the same total RAM compete (R3 and R16
  want at least the need, R5 at most the board's maximum), on modules used (fewer: R5) and price.
- GPU choices are also pruned per count (Pruned.gpu_options): the model's choices for n cards are made only of cards no
  other card dominates for n, by the GPU test above with only count n's performance and pooled memory compared.
  A build with n of a dominated card stays valid, no dearer and no slower with n of the dominating one, at the
  same power level (X runs at every level Y does). The power level itself is one decision for the whole build,
  not part of a choice, so there is nothing to prune per level.

Two rules are not monotone everywhere, and the comparisons give way where they are not:
- R9 counts the lanes of the cards the layout puts in CPU slots. Without chipset slots that is every card; with
  rules.chipset_slots = "penalize", a roomier case, a narrower or blower card, or another board can move the
  layout from a chipset slot to a CPU slot and so need more lanes. Then those quantities are compared only for
  equality: GPUs of one slot width and cooling, cases of one slot count, boards of one usable-slot tuple.
- R13's allowed DC loads are [0, hi] for most PSU choices, and then a lower load is never worse. Only where the
  80 PLUS step at the lowest certified point splits them into two intervals (solver.power) can a lower load fail
  where a higher one passes; if any PSU choice's loads split, GPU watts and CPU tdp are compared only for
  equality, and such a PSU is kept (compared with no other).
Parts named in the scenario's filters (R15) are kept and never dominate others, so switching a filter off
in an explanation still finds every part. Owned parts (contract v3 section 2) are pinned too, and outside an
explanation they are the only parts of their file left: R15 asks every build to use them.

When the money compared is the total cost of ownership (contract v3 section 4), the energy a build uses enters every
comparison of the parts that decide its wall draw. The wall draw rises with the DC load except at the step of the
lowest 80 PLUS point, and it depends on each PSU's rating and curve, so: GPU watts and CPU tdp are compared only for
equality (as where R13's loads split), and PSUs only among units of the same wattage and 80 PLUS level."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np

from .catalog import Catalog, Part
from .cells import same
from .instance import Instance, gpu_watts
from .layout import representatives, usable_of_wiring, whole_slots
from .power import allowed_loads
from .scenario import EFFICIENCIES

if TYPE_CHECKING:
    from .scenario import Rules

Value = TypeVar("Value", bound=Hashable)
NEVER = 10**6  # room needed when no placement exists: more than any case has
LACKING = -(10**9)  # the entry of a level a card cannot run at: below any card's negated watts
COOLING = {"open-air": 0, "blower": 1, "water": 1}
FITS = 2**62  # a column scaled to whole numbers below this in size fits the int64 matrix


def _covers(by: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """[i, j]: column j of `by` is entry-wise >= column i of `rows` (parts are columns here): every entry of every
    pair compared in one operation and reduced over the first axis, which is many times faster than a loop over the
    rows or a reduction over a short last axis."""
    return np.logical_and.reduce(by[:, None, :] >= rows[:, :, None], axis=0)


def _front(matrix: np.ndarray, bounds: Sequence[int], block: int = 48) -> np.ndarray:
    """The columns of `matrix` (one per part, in an order where whatever dominates a part comes before it) that no
    other column of their segment (bounds[k] to bounds[k + 1]: the parts of one key, the only ones compared) is
    entry-wise >= to. A segment is visited a block at a time: each block is compared with the kept columns at once,
    then its survivors with each other. Within a block a column goes when any before it dominates it: that one is
    kept, or a kept column dominates it, and dominance is transitive. Blocks of 32-64 columns were the fastest on
    the shipped catalog (fewer calls than small blocks, fewer pairs within a block than large ones)."""
    before = np.tri(block, block, k=-1, dtype=bool)  # [i, j]: column j comes before column i
    out = []
    for low, high in itertools.pairwise(bounds):
        if high - low == 1:  # a part alone with its key
            out.append(np.array([low]))
            continue
        kept = np.empty(0, dtype=np.int64)
        for start in range(low, high, block):
            chunk = np.arange(start, min(high, start + block))
            rows = matrix[:, start : chunk[-1] + 1]
            if len(kept):
                alive = ~_covers(matrix[:, kept], rows).any(axis=1)
                chunk, rows = chunk[alive], rows[:, alive]
            beats = _covers(rows, rows)  # [i, j]: j is entry-wise >= i; only the columns before i count
            beats &= before[: len(chunk), : len(chunk)]
            kept = np.concatenate([kept, chunk[~beats.any(axis=1)]])
        out.append(kept)
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


def _ranks(matrix: np.ndarray) -> np.ndarray:
    """`matrix` in the smallest integers that keep the order within every row, so the same dominance (small integers
    compare fastest): rows within int16 as they are, others as the dense ranks of their entries (0 for the least)."""
    size = matrix.shape[1]
    if size >= 2**15:
        return matrix
    out = matrix.astype(np.int16)
    wide = np.flatnonzero((matrix.min(axis=1, initial=0) < -(2**15)) | (matrix.max(axis=1, initial=0) >= 2**15))
    if len(wide):
        rows = matrix[wide]
        order = np.argsort(rows, axis=1, kind="stable")
        ordered = np.take_along_axis(rows, order, axis=1)
        dense = np.zeros(rows.shape, dtype=np.int16)
        np.cumsum(ordered[:, 1:] != ordered[:, :-1], axis=1, out=dense[:, 1:])
        ranked = np.empty_like(dense)
        np.put_along_axis(ranked, order, dense, axis=1)
        out[wide] = ranked
    return out


def _column(values: Sequence[Fraction | int]) -> np.ndarray:
    """Exact numbers as whole numbers (int64) in the same order (dominance compares entries only with >=). Whole
    numbers, most columns, stay as they are (numpy reads a list of Python ints as int64 at once; Fractions, or ints
    beyond 64 bits, make an object array); other columns are scaled by their entries' common denominator when the
    products fit 64 bits, else (R13's load bounds: their denominators' product overflows 64 bits on the shipped
    catalog) each entry becomes its rank among the column's distinct values."""
    array = np.array(values)
    if array.dtype.kind in "iu":
        if not len(array) or (-FITS < array.min() and array.max() < FITS):
            return array.astype(np.int64, copy=False)
    elif not len(array):
        return np.zeros(0, dtype=np.int64)
    elif not all(type(v) is int for v in values):
        scale = math.lcm(*{v.denominator for v in values})
        if max(abs(v.numerator) for v in values) * scale < FITS:
            return np.array([v.numerator * (scale // v.denominator) for v in values], dtype=np.int64)
    rank = {v: i for i, v in enumerate(sorted(set(values)))}
    return np.array([rank[v] for v in values], dtype=np.int64)


def _matrix(columns: Sequence[Sequence[int] | np.ndarray], rows: int) -> np.ndarray:
    """Columns of whole numbers (each `rows` long) as a rows x columns int64 matrix."""
    if not columns:
        return np.zeros((rows, 0), dtype=np.int64)
    return np.stack([np.asarray(c, dtype=np.int64) for c in columns], axis=1)


def _exact_integers(rows: Sequence[Sequence[Fraction | int]]) -> np.ndarray:
    """The rows of exact numbers as an integer matrix that orders every column as they do (_column)."""
    return _matrix([_column(column) for column in zip(*rows)], len(rows))


def _kept(parts: Sequence[Part], keys: Sequence[Hashable] | np.ndarray | None, matrix: np.ndarray) -> list[Part]:
    """The parts that no other part with the same key (None: all have one key; an integer array: a code per part,
    _codes) dominates (no dearer, and its row of `matrix` entry-wise >=), in input order; of identical parts the
    smallest id stays."""
    return [parts[i] for i in _kept_indices(parts, keys, matrix)]


def _kept_indices(parts: Sequence[Part], keys: Sequence[Hashable] | np.ndarray | None, matrix: np.ndarray) -> list[int]:
    """_kept's parts as their positions in `parts` (a part may be there more than once, under different keys)."""
    size = len(parts)
    if keys is None:
        group = np.zeros(size, dtype=np.int64)
    elif isinstance(keys, np.ndarray):
        group = keys
    else:
        group = _distinct(keys)[1]
    prices = np.array([p.price_cents for p in parts], dtype=np.int64)
    # By key, then better vectors, then cheaper, then input order: whatever dominates a part comes before it, and
    # parts alike in key and vector are side by side, the cheapest first.
    order = np.lexsort((prices, *(-matrix[:, k] for k in reversed(range(matrix.shape[1]))), group))
    alike = np.vstack([group[order], matrix[order].T])
    alike = (alike[:, 1:] == alike[:, :-1]).all(axis=0)  # [i]: the (i + 1)-th is alike the i-th
    starts = np.flatnonzero(np.concatenate(([True], ~alike)))
    heads = order[starts]  # the first of each run of alike parts: no other in its run can stay
    # Of alike parts at the same least price the smallest id stays (rare: ids are read only there).
    ordered = prices[order]
    tied = np.concatenate((alike & (ordered[1:] == ordered[:-1]), [False]))  # [i]: the (i + 1)-th ties the i-th
    for run in np.flatnonzero(tied[starts]).tolist():
        i = starts[run]
        while tied[i]:
            i += 1
            if parts[order[i]].id < parts[heads[run]].id:
                heads[run] = order[i]
    # Dominance among the heads of one key (side by side: the key sorts first) as one entry-wise >=: the negated
    # price (no dearer) and the vector.
    full = np.vstack([-prices[heads], matrix[heads].T])
    full = full[(full != full[:, :1]).any(axis=1)]  # rows equal for every part tell none apart
    keys = group[heads]
    bounds = [0, *(np.flatnonzero(keys[1:] != keys[:-1]) + 1).tolist(), len(heads)]
    kept = heads[_front(_ranks(full), bounds)]
    return sorted(kept.tolist())


def _distinct(values: Sequence[Value]) -> tuple[list[Value], np.ndarray]:
    """(the distinct values in order of first appearance, each value's index among them): what is computed per
    value is then computed once per distinct value (parts repeat a few lists, wirings and limits)."""
    index: dict[Value, int] = {}
    which = np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)
    return list(index), which


def _codes(*columns: np.ndarray) -> np.ndarray:
    """One whole number per part, equal for two parts exactly when each of `columns` (non-negative whole numbers,
    e.g. _distinct's indices) is: a key built from the codes of its parts instead of hashing a tuple per part."""
    code = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        size = int(column.max(initial=0)) + 1
        if int(code.max(initial=0)) * size + size >= FITS:  # renumber densely first: the product stays in 64 bits
            code = np.unique(code, return_inverse=True)[1].ravel()
        code = code * size + column
    return code


def pareto(
    parts: Sequence[Part],
    key: Callable[[Part], Hashable],
    numbers: Callable[[Part], Sequence],
    flags: Callable[[Part], Sequence[int]] = lambda p: (),
) -> list[Part]:
    """The parts of `parts` that no other part with the same key dominates (no dearer, and a vector
    entry-wise >=), in input order; of identical parts the smallest id stays. The vector is `numbers`
    (exact decimals) followed by `flags` (whole numbers, e.g. set memberships)."""
    head = _exact_integers([numbers(p) for p in parts])
    tail = np.array([flags(p) for p in parts], dtype=np.int64).reshape(len(parts), -1)
    return _kept(parts, [key(p) for p in parts], np.hstack([head, tail]))


def _rooms(rules: Rules, slots: set[tuple], counts: Sequence[int], widths: list) -> dict[tuple, tuple[int, ...]]:
    """Per board tuple of usable slots, minus the room n cards of each width need, spaced and any (more is better,
    like every vector here). Entries equal on every tuple, or repeating an earlier entry on every tuple, are left
    out: they cannot tell boards apart."""
    vectors = {}
    for usable in sorted(slots):
        entries = []
        for n in counts:
            for w in widths:
                reps = representatives(n, w, usable)
                spaced = [rep.room for cls, rep in reps.items() if not cls.adjacent]
                entries += [-min((rep.room for rep in reps.values()), default=NEVER), -min(spaced, default=NEVER)]
        vectors[usable] = entries
    seen, telling = set(), []
    for j, column in enumerate(zip(*vectors.values())):
        if len(set(column)) > 1 and column not in seen:
            seen.add(column)
            telling.append(j)
    return {usable: tuple(entries[j] for j in telling) for usable, entries in vectors.items()}


def _psu_loads(inst: Instance) -> dict[str, list[list[tuple[Fraction, Fraction]]] | None]:
    """R13's allowed DC loads of each unit (by id) for each PSU count (None without a wall limit); units alike in
    input voltage, wattage and 80 PLUS level allow the same loads."""
    rules = inst.rules
    limit = rules.wall_limit
    psus = inst.catalog.parts["psus"]
    if limit is None:
        return dict.fromkeys((p.id for p in psus), None)
    alike: dict[tuple, list[list[tuple[Fraction, Fraction]]]] = {}
    out: dict[str, list[list[tuple[Fraction, Fraction]]] | None] = {}
    for psu in psus:
        unit = (psu["input_voltage"] == "230v" and rules.volts == 115, psu["wattage"], psu["efficiency"])
        if unit not in alike:
            alike[unit] = (
                [[] for _ in rules.psu_counts]
                if unit[0]
                else [allowed_loads(limit, m * Fraction(unit[1]), unit[2], rules.volts) for m in rules.psu_counts]
            )
        out[psu.id] = alike[unit]
    return out


def _whole_units(values: Sequence[Fraction | int]) -> Callable[[Fraction | int], int]:
    """The function that gives any of `values` in whole units of 1/(their common denominator), exactly."""
    scale = math.lcm(*{v.denominator for v in values})
    return lambda v: v.numerator * (scale // v.denominator)


def _whole(value: Fraction | int) -> Fraction | int:
    """A whole Fraction as an int (same value, same order): comparing ints is many times cheaper."""
    return value.numerator if value.denominator == 1 else value


class _GpuTest:
    """The GPU test of the module docstring over the rated cards, its columns read once: the part-level test and each
    count's (Pruned.gpu_options) compare subsets of the same cards on subsets of the same columns.

    What a card's chipset and board power decide (power levels, performance, watts, R10, R18) is read once per such
    pair. Dominance reads only the order within each column, so a column's unit (the performance's is 1/(the common
    denominator of the ratings, speed-ups and factors of every count)) and the columns of levels no compared card
    has (equal for all of them) change nothing."""

    def __init__(self, inst: Instance, cards: Sequence[Part], counts: Sequence[int]):
        self.inst, self.cards, self.counts = inst, cards, tuple(counts)
        rows = [g.attrs for g in cards]
        pairs = list(map(itemgetter("chipset", "tdp_w"), rows))
        first = dict(zip(pairs, cards))  # a card of each pair, the pairs in order of first appearance
        self.pair = _distinct(pairs)[1]
        levels = [inst.power_levels(g) for g in first.values()]
        self.levels = sorted({level for lv in levels for level in lv})
        # Rating, speed-ups, R10's figure and R18 depend on the chipset only.
        model: dict[str, tuple] = {}
        for g in first.values():
            if g["chipset"] not in model:
                speedups = [inst.speedup(g, n) for n in self.counts]
                model[g["chipset"]] = (inst.gpu_perf(g), speedups, -(inst.recommended_psu_w(g) or 0),
                                       int(inst.capability_ok(g)))  # fmt: skip
        perf_of = _whole_units([cast("Fraction", m[0]) for m in model.values()])
        speedup_of = _whole_units([sp for m in model.values() for sp in m[1] if sp is not None])
        factor_of = _whole_units([f for lv in levels for f in lv.values()])
        whole = {chipset: (perf_of(cast("Fraction", rating)), [None if sp is None else speedup_of(sp) for sp in row])
                 for chipset, (rating, row, _, _) in model.items()}  # fmt: skip
        # Per pair: performance at each count and level (-1: the card lacks it), negated watts at each level
        # (LACKING: lacks it), the negated recommended system power and R18; and the watts at its own levels.
        perf: list[list[int]] = []
        watts: list[list[Fraction | int]] = []
        tail: list[list[Fraction | int]] = []
        self.watts_keys: list[tuple] = []
        for (chipset, _), g, lv in zip(first, first.values(), levels):
            units, row = whole[chipset]
            factors = [factor_of(lv[level]) if level in lv else None for level in self.levels]
            perf.append([-1 if sp is None or f is None else units * sp * f for sp in row for f in factors])
            own = {level: gpu_watts(g, level) for level in lv}
            watts.append([-own[level] if level in own else LACKING for level in self.levels])
            tail.append(list(model[chipset][2:]))
            self.watts_keys.append(tuple(own.values()))
        self.perf, self.watts, self.tail = _exact_integers(perf), _exact_integers(watts), _exact_integers(tail)
        # Codes of what the keys compare: the distinct memory sizes, the watts at each level, width and cooling.
        memory = [g["memory_gb"] for g in rows]
        self.memories, self.memory = _distinct(memory)
        self.watts_code = _distinct(self.watts_keys)[1]
        widths, width = _distinct([g["slot_width"] for g in rows])
        self.width = np.array([whole_slots(w) for w in widths], dtype=np.int64)[width]
        open_air = np.array([g["cooling"] == "open-air" for g in rows], dtype=np.int64)
        self.shape = self.width * 2 + open_air  # width and cooling as one code (R9 under "penalize")
        least = [_column(memory), *(_column([g[c] for g in rows]) for c in ("length_mm", "pcie_8pin", "pcie_16pin"))]
        self.least = -_matrix(least, len(cards))
        self.cooling = np.array([COOLING[g["cooling"]] for g in rows], dtype=np.int64)[:, None]

    def front(
        self, tests: Sequence[tuple[tuple[int, ...], Sequence[int]]], explaining: bool, split: bool
    ) -> list[list[int]]:
        """For each (counts, chosen) of `tests`: the cards (as indices into the table) of `chosen` that no other of
        them dominates for n of them, n in counts, in the order of `chosen`. The tests are made in one pass (a card
        is compared only within its test), and must compare as many counts each."""
        inst, penalize = self.inst, self.inst.rules.chipset_slots == "penalize"
        need, total = _whole(inst.min_gpu_memory_gb), _whole(inst.min_total_memory_gb)

        def memory(gb: Fraction | int, counts: tuple[int, ...]) -> Hashable:
            # R3 and R16 ask less RAM of less GPU memory while R2 wants its minimums met: memory is compared only
            # among cards on the same side of each minimum, and only when equal if R2 may be switched off.
            if explaining:
                return gb
            return gb >= need, tuple(total <= 0 or n * gb >= total for n in counts)

        test = np.concatenate([np.full(len(chosen), k, dtype=np.int64) for k, (_, chosen) in enumerate(tests)])
        card = np.concatenate([np.asarray(chosen, dtype=np.int64) for _, chosen in tests])
        if not len(card):
            return [[] for _ in tests]
        pair = self.pair[card]
        size = len(self.levels)
        memories, perf = [], []
        for counts, chosen in tests:
            memories.append(_distinct([memory(gb, counts) for gb in self.memories])[1][self.memory[chosen]])
            columns = [size * self.counts.index(n) + k for n in counts for k in range(size)]
            perf.append(self.perf[self.pair[chosen]][:, columns])
        codes = [test, np.concatenate(memories)]
        if penalize:
            codes.append(self.shape[card])
        if split:
            codes.append(self.watts_code[pair])
        parts = [np.vstack(perf)]
        if not split:
            parts.append(self.watts[pair])
        parts += [self.tail[pair], self.least[card]]
        if not penalize:
            parts += [-self.width[card][:, None], self.cooling[card]]
        kept = _kept_indices([self.cards[i] for i in card.tolist()], _codes(*codes), np.hstack(parts))
        out: list[list[int]] = [[] for _ in tests]
        for k in kept:  # in input order: by test, then in the order of its `chosen`
            out[test[k]].append(int(card[k]))
        return out


@dataclass(frozen=True)
class Pruned:
    """What the model is built from after pruning: the catalog without dominated parts, for each GPU count the cards
    worth a choice for n of them (gpu_options), and the memory (kit, count) choices worth keeping (memory_front)."""

    catalog: Catalog
    gpu_options: dict[int, list[Part]]
    memory: list[tuple[Part, int]]


def prune_catalog(inst: Instance, *, explaining: bool = False, counts: Sequence[int] | None = None) -> Pruned:
    """The catalog without dominated parts, and the GPU and memory choices worth making from it. `counts` are the GPU
    counts the model is built with (the scenario's unless an explanation widens them)."""
    cat, rules, s = inst.catalog, inst.rules, inst.scenario
    counts = tuple(counts or s.gpu_counts)
    pinned = set(s.exclude) | set(s.require) | set(inst.owned)
    penalize = rules.chipset_slots == "penalize"
    loads = _psu_loads(inst)
    split = _split(loads) or _energy_counts(inst)
    ratings: dict[str, bool] = {}  # by chipset: whether the workload's column rates it
    for g in cat.parts["gpus"]:
        if g.attrs["chipset"] not in ratings:
            ratings[g.attrs["chipset"]] = inst.gpu_perf(g) is not None
    rated = [g for g in cat.parts["gpus"] if ratings[g.attrs["chipset"]]]
    test = _GpuTest(inst, rated, counts)
    position = {id(g): i for i, g in enumerate(rated)}

    def gpus(parts: list[Part]) -> list[Part]:
        return [rated[i] for i in test.front([(counts, [position[id(g)] for g in parts])], explaining, split)[0]]

    def cpus(parts: list[Part]) -> list[Part]:
        rows = [c.attrs for c in parts]
        keys = [(same(c["socket"]), c["tdp_w"] if split else 0) for c in rows]
        threads, lanes, tdp = (_column([c[k] for c in rows]) for k in ("threads", "pcie_lanes", "tdp_w"))
        columns = [threads, lanes, -tdp, np.array([int(c["includes_cooler"]) for c in rows], dtype=np.int64)]
        return _kept(parts, keys, _matrix(columns, len(parts)))

    def boards(parts: list[Part]) -> list[Part]:
        rows = [b.attrs for b in parts]
        wirings, which = _distinct([b["gpu_slots"] for b in rows])
        usable = [usable_of_wiring(rules, w) for w in wirings]
        kinds, kind = _distinct(list(map(itemgetter("socket", "form_factor", "memory_type"), rows)))
        alike = _distinct([tuple(same(name) for name in names) for names in kinds])[1]
        keys = _codes(alike[kind], _distinct(usable)[1][which]) if penalize else alike[kind]
        columns = [_column([b[k] for b in rows]) for k in ("memory_slots", "max_memory_gb")]
        columns.append(np.array([int(b["m2_slots"] >= 1) for b in rows], dtype=np.int64))
        matrix = _matrix(columns, len(parts))
        if not penalize:  # else usable slots are in the key
            widths = sorted(set(test.width.tolist()))
            room = _rooms(rules, set(usable), counts, widths)
            matrix = np.hstack([matrix, _rows([room[u] for u in usable])[which]])
        return _kept(parts, keys, matrix)

    def psus(parts: list[Part]) -> list[Part]:
        energy = _energy_counts(inst)
        rows = [p.attrs for p in parts]
        units, which = _distinct(list(map(itemgetter("wattage", "efficiency", "form_factor"), rows)))
        factor = _distinct([same(u[2]) for u in units])[1][which]
        # R13's loads are one list per alike unit (_psu_loads), None without a wall limit.
        load = _distinct([id(loads[p.id]) for p in parts])[1]
        spans_of = [loads[parts[k].id] or [] for k in np.unique(load, return_index=True)[1].tolist()]
        # A unit whose R13 loads split in two is compared with no other (a key of its own).
        splits = np.array([any(len(spans) == 2 for spans in unit) for unit in spans_of], dtype=bool)[load]
        alone = np.where(splits, np.arange(1, len(parts) + 1), 0)
        codes = [factor, alone]
        if energy:
            codes.append(_distinct([u[:2] for u in units])[1][which])
        keys = _codes(*codes)
        r17 = [int(_r17_ok(inst, wattage, efficiency)) for wattage, efficiency, _ in units]
        columns = [_column([u[0] for u in units])[which], _column([p["pcie_8pin"] for p in rows]),
                   _column([p["pcie_16pin"] for p in rows]), np.array(r17, dtype=np.int64)[which]]  # fmt: skip
        # R13's most allowed load for each PSU count, read once per alike unit.
        bounds = [[spans[-1][1] if spans else -1 for spans in unit] for unit in spans_of]
        columns += [_column(column)[load] for column in zip(*bounds)]
        return _kept(parts, keys, _matrix(columns, len(parts)))

    def cases(parts: list[Part]) -> list[Part]:
        rows = [k.attrs for k in parts]
        takes, which = _distinct(list(map(itemgetter("motherboard_form_factors", "psu_form_factors"), rows)))
        factors = tuple(sorted({same(f) for boards, supplies in takes for f in (*boards, *supplies)}))
        keys = np.array([k["expansion_slots"] for k in rows], dtype=np.int64) if penalize else None
        limits = ("max_gpu_length_mm", "max_cooler_height_mm", "max_radiator_mm", "expansion_slots", "psu_bays")
        columns = [_column([k[c] for k in rows]) for c in limits]
        flags = _rows([(*_fits(b, factors), *_fits(p, factors)) for b, p in takes])[which]
        return _kept(parts, keys, np.hstack([_matrix(columns, len(parts)), flags]))

    def coolers(parts: list[Part]) -> list[Part]:
        rows = [c.attrs for c in parts]
        lists, which = _distinct([c["sockets"] for c in rows])
        sockets = tuple(sorted({same(x) for names in lists for x in names}))
        keys = _distinct([c["kind"] for c in rows])[1]
        size = _column([c["height_mm"] if c["kind"] == "air" else c["radiator_mm"] for c in rows])
        flags = _rows([_fits(names, sockets) for names in lists])[which]
        return _kept(parts, keys, np.hstack([-_matrix([size], len(parts)), flags]))

    def storage(parts: list[Part]) -> list[Part]:
        least = _whole(rules.min_storage_gb)
        # Drives alike in type, interface and capacity are alike for R12: judged once (capacity counts up to the least
        # asked, min_storage_gb).
        drives, which = _distinct(
            list(map(itemgetter("drive_type", "interface", "capacity_gb"), (d.attrs for d in parts)))
        )
        firsts = np.unique(which, return_index=True)[1].tolist()  # a drive of each kind, in the order of `drives`
        kinds = [int(inst.drive_kind_ok(parts[i])) for i in firsts]
        columns = [np.array(kinds, dtype=np.int64)[which], np.array([int(d[1] == "sata") for d in drives])[which],
                   _column([min(d[2], least) for d in drives])[which]]  # fmt: skip
        return _kept(parts, None, _matrix(columns, len(parts)))

    fronts = {
        "gpus": gpus,
        "cpus": cpus,
        "motherboards": boards,
        "psus": psus,
        "cases": cases,
        "coolers": coolers,
        "storage": storage,
    }
    parts: dict[str, tuple[Part, ...]] = {}
    owned_stems = {ref.partition(":")[0] for ref in inst.owned} if not explaining else set()
    for stem, items in cat.parts.items():
        if stem in owned_stems:  # R15: every build uses the owned part of this file
            parts[stem] = tuple(p for p in items if p.ref in inst.owned and (stem != "gpus" or p in rated))
        elif stem in fronts:
            candidates = rated if stem == "gpus" else list(items)  # unrated GPUs: never chosen
            ids = {ref.partition(":")[2] for ref in pinned if ref.partition(":")[0] == stem}
            free = [p for p in candidates if p.id not in ids] if ids else list(candidates)
            held = [p for p in candidates if p.id in ids] if ids else []
            kept = fronts[stem](free) if free else []
            parts[stem] = tuple(sorted(kept + held, key=lambda p: p.line))
        else:
            parts[stem] = items
    catalog = replace(cat, parts=parts, _index={})
    # Per count, over the cards left: pinned cards are kept and dominate none; R13's loads are those of the PSUs left.
    split = _split({p.id: loads[p.id] for p in parts["psus"]}) or _energy_counts(inst)
    worth = {n: [g for g in parts["gpus"] if id(g) in position and inst.speedup(g, n) is not None] for n in counts}
    tests = [((n,), [position[id(g)] for g in worth[n] if g.ref not in pinned]) for n in counts]
    options = {}
    for n, front in zip(counts, test.front(tests, explaining, split)):
        undominated = {id(rated[i]) for i in front}
        options[n] = [g for g in worth[n] if id(g) in undominated or g.ref in pinned]
    return Pruned(catalog, options, _memory_choices(inst, parts))


@lru_cache(maxsize=4096)
def _fits(names: tuple[str, ...], universe: tuple[str, ...]) -> tuple[int, ...]:
    """`names` as 0/1 entries over `universe`: set inclusion becomes entry-wise >= (cases and coolers repeat the same
    lists)."""
    values = {same(x) for x in names}
    return tuple(int(u in values) for u in universe)


def _rows(rows: Sequence[Sequence[int]]) -> np.ndarray:
    return np.array(rows, dtype=np.int64).reshape(len(rows), -1)


def _energy_counts(inst: Instance) -> bool:
    """Whether the money compared includes energy, which depends on the DC load and the PSU (see the docstring)."""
    return inst.tco and inst.usage is not None


def _split(loads: dict[str, list[list[tuple[Fraction, Fraction]]] | None]) -> bool:
    """Whether R13's allowed loads split in two for some PSU choice (then lower watts are not always better)."""
    return any(len(spans) == 2 for unit in loads.values() for spans in (unit or ()))


def _r17_ok(inst: Instance, wattage: Fraction | int, efficiency: str) -> bool:
    """R17 on a unit of this wattage and 80 PLUS level."""
    rules = inst.rules
    return wattage <= rules.psu_efficiency_above_w or EFFICIENCIES.index(efficiency) >= EFFICIENCIES.index(
        rules.psu_min_efficiency
    )


def _memory_choices(inst: Instance, parts: dict[str, tuple[Part, ...]]) -> list[tuple[Part, int]]:
    """The (kit, count) choices worth keeping of the memory left, for the boards left (memory_front)."""
    most_slots = max((b.attrs["memory_slots"] for b in parts["motherboards"]), default=0)
    s = inst.scenario
    pinned = {ref.partition(":")[2] for ref in (*s.exclude, *s.require, *inst.owned) if ref.startswith("memory:")}
    return memory_front(parts["memory"], most_slots, pinned)


def memory_front(kits: Sequence[Part], most_slots: int, pinned: set[str]) -> list[tuple[Part, int]]:
    """The (kit, count) choices worth keeping (see the module docstring); pinned kits keep every count."""
    keep = [(m, k) for m in kits if m.id in pinned for k in range(1, most_slots // m.attrs["modules"] + 1)]
    free = [m for m in kits if m.id not in pinned] if pinned else list(kits)
    rows = [m.attrs for m in free]
    names = {t: same(t) for t in {r["memory_type"] for r in rows}}
    kinds = {name: i for i, name in enumerate(sorted(set(names.values())))}
    alike = np.array([kinds[names[r["memory_type"]]] for r in rows], dtype=np.int64)
    modules = np.array([r["modules"] for r in rows], dtype=np.int64)
    # Kits alike in type, modules and module size make choices alike in all but price: each of a dearer one's (or,
    # at one price, a larger id's) comes after the cheaper one's in its group with as many modules, so is never
    # kept, and leaves what is kept of the others unchanged. Only the cheapest of each such kind goes on.
    if len(free):
        sizes = _column([r["module_gb"] for r in rows])
        prices = np.array([m.price_cents for m in free], dtype=np.int64)
        order = np.lexsort((prices, sizes, modules, alike))
        apart = (np.diff(alike[order]) != 0) | (np.diff(modules[order]) != 0) | (np.diff(sizes[order]) != 0)
        starts = np.flatnonzero(np.concatenate(([True], apart)))
        firsts = order[starts].tolist()
        tied = np.concatenate((~apart & (np.diff(prices[order]) == 0), [False]))  # [i]: the (i + 1)-th ties it
        for run in np.flatnonzero(tied[starts]).tolist():
            i = starts[run]
            while tied[i]:
                i += 1
                if free[order[i]].id < free[firsts[run]].id:
                    firsts[run] = int(order[i])
        chosen = sorted(firsts)
        free, rows = [free[i] for i in chosen], [rows[i] for i in chosen]
        alike, modules = alike[chosen], modules[chosen]
    repeats = most_slots // modules
    kit = np.repeat(np.arange(len(free)), repeats)  # every (kit, count) choice: its kit and its count
    if len(kit):
        count = np.arange(len(kit)) - np.repeat(np.cumsum(repeats) - repeats, repeats) + 1
        kind = alike[kit]
        total = _memory_totals(rows, kit, count, most_slots)
        cost = count * np.array([m.price_cents for m in free], dtype=np.int64)[kit]
        used = count * modules[kit]
        # Each (type, total) group by price, modules used, id, count; keep a choice only when it uses fewer modules
        # than every one before it in its group. Pairs of keys are sorted as one number where that fits 64 bits.
        ids = np.empty(len(free), dtype=np.int64)
        ids[sorted(range(len(free)), key=[m.id for m in free].__getitem__)] = np.arange(len(free))
        order = np.lexsort((*_combined(count, ids[kit], most_slots + 1), *_combined(used, cost, most_slots + 1),
                            *_combined(kind, total, len(kinds))))  # fmt: skip
        kind, total, used, kit, count = kind[order], total[order], used[order], kit[order], count[order]
        changed = (kind[1:] != kind[:-1]) | (total[1:] != total[:-1])
        shifted = used - np.cumsum(np.r_[True, changed]) * (most_slots + 1)  # a group's values lie below earlier ones
        fewer = np.r_[True, shifted[1:] < np.minimum.accumulate(shifted)[:-1]]
        keep += [(free[i], k) for i, k in zip(kit[fewer].tolist(), count[fewer].tolist())]
    return sorted(keep, key=lambda c: (c[0].line, c[1]))


def _combined(low: np.ndarray, high: np.ndarray, size: int) -> list[np.ndarray]:
    """Sort keys (minor first, as np.lexsort takes them) ordering by `high`, then by `low` (0 <= low < size): one
    whole number when that fits 64 bits (sorting one key is cheaper), else both."""
    if len(high) and (int(high.max()) + 1) * size < FITS and int(high.min()) >= 0:
        return [high * size + low]
    return [low, high]


def _memory_totals(rows: Sequence[dict], kit: np.ndarray, count: np.ndarray, most_slots: int) -> np.ndarray:
    """Each choice's total RAM (count x modules x module_gb of its kit) as whole numbers equal exactly when the
    totals are: in units of 1/(the common denominator), or ranked when those overflow 64 bits."""
    sizes = [r["modules"] * r["module_gb"] for r in rows]
    if all(type(s) is int for s in sizes):
        units = cast("list[int]", sizes)
    else:
        whole = _whole_units(sizes)
        units = [whole(s) for s in sizes]
    if max(units) * most_slots < FITS:
        return count * np.array(units, dtype=np.int64)[kit]
    totals = [int(k) * units[i] for i, k in zip(kit.tolist(), count.tolist())]
    rank = {t: i for i, t in enumerate(sorted(set(totals)))}
    return np.array([rank[t] for t in totals], dtype=np.int64)
