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
- GPU choices are also pruned per count (gpu_options): the model's choices for n cards are made only of cards no
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

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np

from .catalog import Catalog, Part
from .cells import same
from .instance import Instance, gpu_watts
from .layout import representatives, usable_slots, whole_slots
from .power import allowed_loads
from .scenario import EFFICIENCIES

NEVER = 10**6  # room needed when no placement exists: more than any case has
LACKING = -(10**9)  # the entry of a level a card cannot run at: below any card's negated watts
COOLING = {"open-air": 0, "blower": 1, "water": 1}


def _members(values: set, universe: Sequence) -> list[int]:
    """A set as 0/1 entries over `universe`: set inclusion becomes entry-wise >=."""
    return [int(u in values) for u in universe]


def _dominated(rows: np.ndarray, prices: np.ndarray, by_rows: np.ndarray, by_prices: np.ndarray) -> np.ndarray:
    """For each row: is some `by` row no dearer and entry-wise >=?"""
    if not len(by_rows):
        return np.zeros(len(rows), dtype=bool)
    cheaper = by_prices[None, :] <= prices[:, None]
    covers = (by_rows[None, :, :] >= rows[:, None, :]).all(axis=2)
    return (cheaper & covers).any(axis=1)  # type: ignore[return-value]  # numpy types any() as scalar or array


def _front(matrix: np.ndarray, prices: np.ndarray, order: np.ndarray, block: int = 128) -> list[int]:
    """The undominated rows, visiting them in `order` (dominators first), a block at a time: each block
    is compared with the kept rows at once, then its survivors with each other. Within a block a row
    goes when any row before it dominates it: that row is kept, or a kept row dominates it, and
    dominance is transitive."""
    kept: list[int] = []
    for start in range(0, len(order), block):
        chunk = order[start : start + block]
        keep = np.asarray(kept, dtype=np.int64)
        alive = chunk[~_dominated(matrix[chunk], prices[chunk], matrix[keep], prices[keep])]
        rows, costs = matrix[alive], prices[alive]
        # beats[a, b]: row a is no dearer than row b and entry-wise >=; only rows before b count.
        beats = (costs[:, None] <= costs[None, :]) & (rows[:, None, :] >= rows[None, :, :]).all(axis=2)
        kept += [int(i) for i in alive[~np.triu(beats, k=1).any(axis=0)]]
    return kept


def _exact_integers(rows: list[Sequence]) -> np.ndarray:
    """The rows as an integer matrix that orders every column as the exact values do (dominance compares entries
    only with >=): columns of whole numbers, most of them, are taken as they are, any other column is replaced by
    each entry's rank among the column's distinct values. Ranks, not a common denominator: R13's load bounds are
    fractions whose denominators' product overflows 64 bits on the shipped catalog."""
    columns: list[Sequence] = []
    for column in zip(*rows):
        if all(type(v) is int for v in column):
            columns.append(column)
        else:
            rank = {v: i for i, v in enumerate(sorted(set(column)))}
            columns.append([rank[v] for v in column])
    return np.array(columns, dtype=np.int64).T.reshape(len(rows), -1)


def pareto(
    parts: Sequence[Part],
    key: Callable[[Part], Hashable],
    numbers: Callable[[Part], Sequence],
    flags: Callable[[Part], Sequence[int]] = lambda p: (),
) -> list[Part]:
    """The parts of `parts` that no other part with the same key dominates (no dearer, and a vector
    entry-wise >=), in input order; of identical parts the smallest id stays. The vector is `numbers`
    (exact decimals) followed by `flags` (whole numbers, e.g. set memberships)."""
    groups: dict[Hashable, list[Part]] = defaultdict(list)
    for p in parts:
        groups[key(p)].append(p)
    kept: set[str] = set()
    for members in groups.values():
        head = _exact_integers([numbers(p) for p in members])
        tail = np.array([flags(p) for p in members], dtype=np.int64).reshape(len(members), -1)
        matrix = np.hstack([head, tail])
        prices = np.array([p.price_cents for p in members], dtype=np.int64)
        ids = np.empty(len(members), dtype=np.int64)  # each part's rank by id
        ids[sorted(range(len(members)), key=lambda i: members[i].id)] = np.arange(len(members))
        # Cheaper first, then better vectors, then smaller ids: whatever dominates a part comes before it,
        # so comparing each part with the parts kept so far is enough.
        order = np.lexsort((ids, *(-matrix[:, k] for k in reversed(range(matrix.shape[1]))), prices))
        front = _front(matrix, prices, order)
        kept.update(members[i].id for i in front)
    return [p for p in parts if p.id in kept]


def _rooms(inst: Instance, boards: Sequence[Part], counts: Sequence[int], widths: list) -> dict[tuple, tuple[int, ...]]:
    """Per board tuple of usable slots, minus the room n cards of each width need, spaced and any (more is better,
    like every vector here). Entries equal on every tuple, or repeating an earlier entry on every tuple, are left
    out: they cannot tell boards apart."""
    vectors = {}
    for slots in sorted({usable_slots(inst.rules, b) for b in boards}):
        entries = []
        for n in counts:
            for w in widths:
                reps = representatives(n, w, slots)
                spaced = [rep.room for cls, rep in reps.items() if not cls.adjacent]
                entries += [-min((rep.room for rep in reps.values()), default=NEVER), -min(spaced, default=NEVER)]
        vectors[slots] = entries
    seen, telling = set(), []
    for j, column in enumerate(zip(*vectors.values())):
        if len(set(column)) > 1 and column not in seen:
            seen.add(column)
            telling.append(j)
    return {slots: tuple(entries[j] for j in telling) for slots, entries in vectors.items()}


def _psu_loads(inst: Instance, psu: Part) -> list[list[tuple[Fraction, Fraction]]] | None:
    """R13's allowed DC loads of the unit for each PSU count (None without a wall limit)."""
    rules = inst.rules
    limit = rules.wall_limit
    if limit is None:
        return None
    if psu["input_voltage"] == "230v" and rules.volts == 115:
        return [[] for _ in rules.psu_counts]
    return [
        allowed_loads(limit, m * Fraction(psu["wattage"]), psu["efficiency"], rules.volts) for m in rules.psu_counts
    ]


def prune_catalog(
    inst: Instance, *, explaining: bool = False, counts: Sequence[int] | None = None
) -> tuple[Catalog, dict[str, tuple[int, int]]]:
    """The catalog without dominated parts, and (before, after) counts per file. `counts` are the GPU counts the
    model is built with (the scenario's unless an explanation widens them)."""
    cat, rules, s = inst.catalog, inst.rules, inst.scenario
    counts = tuple(counts or s.gpu_counts)
    pinned = set(s.exclude) | set(s.require) | set(inst.owned)
    need, total = inst.min_gpu_memory_gb, inst.min_total_memory_gb
    penalize = rules.chipset_slots == "penalize"
    cases = cat.parts["cases"]
    factors = tuple(sorted({same(f) for k in cases for f in (*k["motherboard_form_factors"], *k["psu_form_factors"])}))
    sockets = tuple(sorted({same(x) for c in cat.parts["coolers"] for x in c["sockets"]}))
    loads = {p.id: _psu_loads(inst, p) for p in cat.parts["psus"]}
    split = _loads_split(inst) or _energy_counts(inst)
    rated = [g for g in cat.parts["gpus"] if inst.gpu_perf(g) is not None]
    levels = {g.id: inst.power_levels(g) for g in rated}
    all_levels = sorted({level for lv in levels.values() for level in lv})
    widths = sorted({whole_slots(g["slot_width"]) for g in rated})
    room = {} if penalize else _rooms(inst, cat.parts["motherboards"], counts, widths)

    @cache
    def fits(names: tuple[str, ...], universe: tuple[str, ...]) -> tuple[int, ...]:
        """`names` as 0/1 entries over `universe`, once per list: cases and coolers repeat the same lists."""
        return tuple(_members({same(x) for x in names}, universe))

    def gpu_key(g: Part):
        # R3 and R16 ask less RAM of less GPU memory while R2 wants its minimums met: memory is compared only
        # among cards on the same side of each minimum, and only when equal if R2 may be switched off.
        memory = (
            ("memory", g["memory_gb"])
            if explaining
            else (g["memory_gb"] >= need, tuple(total <= 0 or n * g["memory_gb"] >= total for n in counts))
        )
        layout = (whole_slots(g["slot_width"]), g["cooling"] == "open-air") if penalize else ()
        watts = tuple(gpu_watts(g, level) for level in levels[g.id]) if split else ()
        return memory, layout, watts

    @cache
    def performances(chipset: str, tdp) -> tuple:
        """Rating x speed-up x level factor for every count and level: the same for every card of a chipset and tdp."""
        g = by_chipset[chipset, tdp]
        perf, lv = inst.gpu_perf(g), levels[g.id]
        assert perf is not None, "by_chipset holds rated cards only"
        speedups = [inst.speedup(g, n) for n in counts]
        return tuple(
            perf * sp * lv[level] if sp is not None and level in lv else -1 for sp in speedups for level in all_levels
        )

    by_chipset = {(g["chipset"], g["tdp_w"]): g for g in rated}

    def gpu_numbers(g: Part):
        lv = levels[g.id]
        out = list(performances(g["chipset"], g["tdp_w"]))
        if not split:
            out += [-gpu_watts(g, level) if level in lv else LACKING for level in all_levels]
        recommended = inst.recommended_psu_w(g)
        out += [
            -(recommended or 0),
            int(inst.capability_ok(g)),
            -g["memory_gb"],
            -g["length_mm"],
            -g["pcie_8pin"],
            -g["pcie_16pin"],
        ]
        if not penalize:
            out += [-whole_slots(g["slot_width"]), COOLING[g["cooling"]]]
        return out

    def psu_numbers(p: Part):
        out = [p["wattage"], p["pcie_8pin"], p["pcie_16pin"], int(_r17_ok(inst, p))]
        for spans in loads[p.id] or ():
            out.append(spans[-1][1] if spans else -1)
        return out

    def psu_key(p: Part):
        spans_of = loads[p.id]
        alone = p.id if spans_of and any(len(spans) == 2 for spans in spans_of) else ""
        supply = (p["wattage"], p["efficiency"]) if _energy_counts(inst) else ()
        return same(p["form_factor"]), alone, supply

    plans: dict[str, tuple[Callable[[Part], Any], ...]] = {
        "gpus": (gpu_key, gpu_numbers),
        "cpus": (lambda c: (same(c["socket"]), c["tdp_w"] if split else 0),
                 lambda c: (c["threads"], c["pcie_lanes"], -c["tdp_w"], int(c["includes_cooler"]))),
        "motherboards": (lambda b: (same(b["socket"]), same(b["form_factor"]), same(b["memory_type"]),
                                    usable_slots(rules, b) if penalize else ()),
                         lambda b: (b["memory_slots"], b["max_memory_gb"], int(b["m2_slots"] >= 1)),
                         lambda b: () if penalize else room[usable_slots(rules, b)]),
        "psus": (psu_key, psu_numbers),
        "cases": (lambda k: ("case", k["expansion_slots"] if penalize else 0),
                  lambda k: (k["max_gpu_length_mm"], k["max_cooler_height_mm"], k["max_radiator_mm"],
                             k["expansion_slots"], k["psu_bays"]),
                  lambda k: (*fits(k["motherboard_form_factors"], factors), *fits(k["psu_form_factors"], factors))),
        "coolers": (lambda c: c["kind"], lambda c: (-(c["height_mm"] if c["kind"] == "air" else c["radiator_mm"]),),
                    lambda c: fits(c["sockets"], sockets)),
        "storage": (lambda d: "drive",
                    lambda d: (int(inst.drive_kind_ok(d)), int(d["interface"] == "sata"),
                               min(d["capacity_gb"], rules.min_storage_gb))),
    }  # fmt: skip
    parts: dict[str, tuple[Part, ...]] = {}
    sizes = {}
    owned_stems = {ref.partition(":")[0] for ref in inst.owned} if not explaining else set()
    for stem, items in cat.parts.items():
        if stem in owned_stems:  # R15: every build uses the owned part of this file
            parts[stem] = tuple(p for p in items if p.ref in inst.owned and (stem != "gpus" or p in rated))
        elif stem in plans:
            candidates = rated if stem == "gpus" else list(items)  # unrated GPUs: never chosen
            free = [p for p in candidates if p.ref not in pinned]
            held = [p for p in candidates if p.ref in pinned]
            kept = pareto(free, *plans[stem]) if free else []
            parts[stem] = tuple(sorted(kept + held, key=lambda p: p.line))
        else:
            parts[stem] = items
        sizes[stem] = (len(items), len(parts[stem]))
    return replace(cat, parts=parts, _index={}), sizes


def gpu_options(inst: Instance, gpus: Sequence[Part], n: int, *, explaining: bool = False) -> list[Part]:
    """The cards worth a GPU choice for n of them: those no other card dominates for this count (the part-level test
    of the module docstring with only this count's performance and pooled memory compared: finer than dropping whole
    parts). Pinned cards (R15) are kept and dominate none."""
    rules, s = inst.rules, inst.scenario
    pinned = set(s.exclude) | set(s.require) | set(inst.owned)
    need, total = inst.min_gpu_memory_gb, inst.min_total_memory_gb
    penalize = rules.chipset_slots == "penalize"
    split = _loads_split(inst) or _energy_counts(inst)
    options = [g for g in gpus if inst.speedup(g, n) is not None]
    levels = {g.id: inst.power_levels(g) for g in options}
    all_levels = sorted({level for lv in levels.values() for level in lv})

    def key(g: Part):
        memory = (
            ("memory", g["memory_gb"])
            if explaining
            else (g["memory_gb"] >= need, total <= 0 or n * g["memory_gb"] >= total)
        )
        layout = (whole_slots(g["slot_width"]), g["cooling"] == "open-air") if penalize else ()
        return memory, layout, tuple(gpu_watts(g, level) for level in levels[g.id]) if split else ()

    def numbers(g: Part):
        perf, speedup = inst.gpu_perf(g), inst.speedup(g, n)
        assert perf is not None and speedup is not None, "options are rated cards with a speed-up for n of them"
        lv, base = levels[g.id], perf * speedup
        out = [base * lv[level] if level in lv else -1 for level in all_levels]
        if not split:
            out += [-gpu_watts(g, level) if level in lv else LACKING for level in all_levels]
        out += [
            -(inst.recommended_psu_w(g) or 0),
            int(inst.capability_ok(g)),
            -g["memory_gb"],
            -g["length_mm"],
            -g["pcie_8pin"],
            -g["pcie_16pin"],
        ]
        if not penalize:
            out += [-whole_slots(g["slot_width"]), COOLING[g["cooling"]]]
        return out

    free = [g for g in options if g.ref not in pinned]
    kept = {g.id for g in (pareto(free, key, numbers) if free else [])}
    return [g for g in options if g.id in kept or g.ref in pinned]


def _energy_counts(inst: Instance) -> bool:
    """Whether the money compared includes energy, which depends on the DC load and the PSU (see the docstring)."""
    return inst.tco and inst.usage is not None


def _loads_split(inst: Instance) -> bool:
    """Whether R13's allowed loads split in two for some PSU choice (then lower watts are not always better)."""
    return any(len(spans) == 2 for p in inst.catalog.parts["psus"] for spans in (_psu_loads(inst, p) or ()))


def _r17_ok(inst: Instance, psu: Part) -> bool:
    rules = inst.rules
    return psu["wattage"] <= rules.psu_efficiency_above_w or EFFICIENCIES.index(
        psu["efficiency"]
    ) >= EFFICIENCIES.index(rules.psu_min_efficiency)


def memory_front(kits: Sequence[Part], most_slots: int, pinned: set[str]) -> list[tuple[Part, int]]:
    """The (kit, count) choices worth keeping (see the module docstring); pinned kits keep every count."""
    groups: dict[tuple, list[tuple[Part, int]]] = defaultdict(list)
    keep = []
    for m in kits:
        for k in range(1, most_slots // m["modules"] + 1):
            if m.id in pinned:
                keep.append((m, k))
            else:
                groups[(same(m["memory_type"]), k * m["modules"] * m["module_gb"])].append((m, k))
    for group in groups.values():
        group.sort(key=lambda c: (c[1] * c[0].price_cents, c[1] * c[0]["modules"], c[0].id, c[1]))
        fewest = None  # the cheapest choices come first: keep one only if it uses fewer modules than all before
        for m, k in group:
            modules = k * m["modules"]
            if fewest is None or modules < fewest:
                keep.append((m, k))
                fewest = modules
    return sorted(keep, key=lambda c: (c[0].line, c[1]))
