"""Exact dominance pruning: parts that can never be needed are dropped before the model is built.

A part X *dominates* a part Y of the same file when X is no more expensive and, for every rule and
objective, anything Y allows X allows too: X passes every rule Y passes, in any build, with performance
no lower. Then any valid build using Y stays valid, no dearer and no slower when Y is swapped for X, so
every optimum, and every frontier point, has an equally good build without Y. Dominance is a partial
order (each test below is a conjunction of comparisons), so dropping every dominated part at once is
safe as long as one representative of each group of identical parts stays (the smallest id, which is
also the tie-break's preference).

What each rule reads, and the direction that is never worse:
- GPU: perf (higher; performance), memory (R2 wants >= the minimum, R3 needs RAM for it: lower but still
  at or above the minimum, or equal when R2 may be switched off), tdp (lower: R10, R13), slot width
  (narrower: R7, R8), length (shorter: R6), cooling (blower or water over open-air: R8), 8-pin and 16-pin
  needs (fewer of each: R11).
- CPU: same socket (R4), threads and lanes (more: R9), tdp (lower), includes a cooler (true is never worse).
- Board: same socket, form factor and memory type (R4-R6), memory slots and capacity (more: R5), M.2 (has
  one or not: R12), and for every GPU count and width, the room a placement needs, any and spaced (less:
  R7, R8).
- PSU: same form factor (R6), wattage, 8-pin and 16-pin connectors (more: R10, R11).
- Case: board and PSU form factors (a superset), GPU length, cooler height, radiator size and expansion
  slots (more: R6, R7).
- Cooler: same kind, sockets (a superset: R4), height or radiator (smaller: R6).
- Drive: of the asked kind whenever the other is; SATA never worse than NVMe (R12 needs an M.2 slot only
  for NVMe); capacity meets min_storage_gb whenever the other's does (R12).
- Memory is pruned per (kit, count) choice: only choices of one type and the same total RAM compete (R3
  wants at least the need, R5 at most the board's maximum), on modules used (fewer: R5) and price.
Parts named in the scenario's filters (R15) are kept and never dominate others, so switching a filter off
in an explanation still finds every part."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from .catalog import Catalog, Part
from .cells import same
from .instance import Instance
from .layout import placement

NEVER = 10**6  # room needed when no placement exists: more than any case has
COOLING = {"open-air": 0, "blower": 1, "water": 1}


def _members(values: set, universe: list) -> list[int]:
    """A set as 0/1 entries over `universe`: set inclusion becomes entry-wise >=."""
    return [int(u in values) for u in universe]


def _dominated(rows: np.ndarray, prices: np.ndarray, by_rows: np.ndarray, by_prices: np.ndarray) -> np.ndarray:
    """For each row: is some `by` row no dearer and entry-wise >=?"""
    if not len(by_rows):
        return np.zeros(len(rows), dtype=bool)
    cheaper = by_prices[None, :] <= prices[:, None]
    covers = (by_rows[None, :, :] >= rows[:, None, :]).all(axis=2)
    return (cheaper & covers).any(axis=1)


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
    """The rows as an integer matrix, each column times the common denominator of its entries (exact;
    columns of whole numbers, most of them, are taken as they are)."""
    columns = []
    for column in zip(*rows):
        if all(type(v) is int for v in column):
            columns.append(column)
        else:
            scale = math.lcm(1, *(getattr(v, "denominator", 1) for v in column))
            columns.append([int(v * scale) for v in column])
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


def _room(boards: Sequence[Part], counts: list[int], widths: list) -> dict[tuple[int, int], tuple[int, ...]]:
    """Per board geometry (x16 slots, pitch), minus the room each GPU count and width needs, any and spaced
    (more is better, like every vector here). Entries equal on every geometry, or repeating an earlier
    entry on every geometry, are left out: they cannot tell boards apart."""
    vectors = {}
    for x16, pitch in sorted({(b["x16_slots"], b["slot_pitch"]) for b in boards}):
        spans = []
        for n in counts:
            for w in widths:
                p = placement(n, w, x16, pitch)
                spans += [-(p.any_span or NEVER), -(p.spaced_span or NEVER)]
        vectors[x16, pitch] = spans
    seen, telling = set(), []
    for j, entries in enumerate(zip(*vectors.values())):
        if len(set(entries)) > 1 and entries not in seen:
            seen.add(entries)
            telling.append(j)
    return {geometry: tuple(spans[j] for j in telling) for geometry, spans in vectors.items()}


def prune_catalog(inst: Instance, *, explaining: bool = False) -> tuple[Catalog, dict[str, tuple[int, int]]]:
    """The catalog without dominated parts, and (before, after) counts per file."""
    cat, rules, s = inst.catalog, inst.rules, inst.scenario
    pinned = set(s.exclude) | set(s.require)
    need = inst.min_gpu_memory_gb
    room = _room(cat.parts["motherboards"], sorted(rules.scaling), sorted({g["slot_width"] for g in cat.parts["gpus"]}))
    cases = cat.parts["cases"]
    factors = tuple(sorted({same(f) for k in cases for f in (*k["motherboard_form_factors"], *k["psu_form_factors"])}))
    sockets = tuple(sorted({same(x) for c in cat.parts["coolers"] for x in c["sockets"]}))

    @lru_cache(maxsize=None)
    def fits(names: tuple[str, ...], universe: tuple[str, ...]) -> tuple[int, ...]:
        """`names` as 0/1 entries over `universe`, once per list: cases and coolers repeat the same lists."""
        return tuple(_members({same(x) for x in names}, universe))

    def gpu_key(g: Part):
        # R3 asks less RAM of less GPU memory while R2 wants the minimum met: memory is compared only
        # among cards on the same side of the minimum, and only when equal if R2 may be switched off.
        return ("memory", g["memory_gb"]) if explaining else ("meets R2", g["memory_gb"] >= need)

    plans = {
        "gpus": (gpu_key, lambda g: (inst.gpu_perf(g), -g["memory_gb"], -g["tdp_w"], -g["slot_width"], -g["length_mm"],
                                     COOLING[g["cooling"]], -g["pcie_8pin"], -g["pcie_16pin"])),
        "cpus": (lambda c: same(c["socket"]), lambda c: (c["threads"], c["pcie_lanes"], -c["tdp_w"], int(c["includes_cooler"]))),
        "motherboards": (lambda b: (same(b["socket"]), same(b["form_factor"]), same(b["memory_type"])),
                         lambda b: (b["memory_slots"], b["max_memory_gb"], int(b["m2_slots"] >= 1)),
                         lambda b: room[b["x16_slots"], b["slot_pitch"]]),
        "psus": (lambda p: same(p["form_factor"]), lambda p: (p["wattage"], p["pcie_8pin"], p["pcie_16pin"])),
        "cases": (lambda k: "case", lambda k: (k["max_gpu_length_mm"], k["max_cooler_height_mm"], k["max_radiator_mm"], k["expansion_slots"]),
                  lambda k: (*fits(k["motherboard_form_factors"], factors), *fits(k["psu_form_factors"], factors))),
        "coolers": (lambda c: c["kind"], lambda c: (-(c["height_mm"] if c["kind"] == "air" else c["radiator_mm"]),),
                    lambda c: fits(c["sockets"], sockets)),
        "storage": (lambda d: "drive", lambda d: (int(inst.drive_kind_ok(d)), int(d["interface"] == "sata"), min(d["capacity_gb"], rules.min_storage_gb))),
    }  # fmt: skip
    parts: dict[str, tuple[Part, ...]] = {}
    sizes = {}
    for stem, items in cat.parts.items():
        if stem in plans:
            rated = [p for p in items if stem != "gpus" or inst.gpu_perf(p) is not None]  # unrated: never chosen
            free = [p for p in rated if p.ref not in pinned]
            held = [p for p in rated if p.ref in pinned]
            kept = pareto(free, *plans[stem]) if free else []
            parts[stem] = tuple(sorted(kept + held, key=lambda p: p.line))
        else:
            parts[stem] = items
        sizes[stem] = (len(items), len(parts[stem]))
    return replace(cat, parts=parts, _index={}), sizes


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
