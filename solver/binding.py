"""Which rules shaped a build: the rules that alone stop a one-part swap that would improve it.

Every other GPU, board and case is a candidate swap, and every cheaper choice of the other slots (which leave the
performance as it is): thousands on the shipped catalog, so candidates are ranked in exact integers: performance in
units of 1/D, D a common denominator of every performance a swap can reach, and each objective's improvement scaled
by a constant so that it stays whole. Only the best few per slot are then built and checked against the rules that
read their slot (validate.READS)."""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction
from operator import itemgetter
from typing import Any

from .catalog import Part
from .categories import CATEGORIES
from .instance import Instance
from .layout import usable_slots, whole_slots
from .result import Binding, Build, Pick
from .rulebook import RuleCheck
from .validate import CHECKS, LAYOUT_SLOTS, READS, assemble, layout_of, rating_factors, with_owned

#: Alternatives checked per part, best improvement first: enough to name the rules that bind, few
#: enough to keep this well under the solve time.
PER_SLOT = 25
#: A secondary criterion's weight: max_perf breaks performance ties by cost in steps of 1/TIE cents'
#: worth of performance, min_cost breaks cost ties by performance / TIE (spec §4's tie-breaks).
TIE = 10**12


def _alternatives(inst: Instance, slot: str, stem: str, below: int | None = None) -> list[tuple[Part | None, int, int]]:
    """(part or None, count, what those units cost in cents) for every choice of a slot; with `below`, only those
    costing less than that."""
    parts = inst.catalog.parts[stem]
    out: list[tuple[Part | None, int, int]]
    if inst.owned:  # build model v3: owned units at their counted value
        cost = lambda part, count: inst.money(part, count)[1]  # noqa: E731
    else:
        cost = lambda part, count: count * part.price_cents  # noqa: E731
    if slot == "gpu":
        out = [(g, n, cost(g, n)) for g in parts if inst.gpu_perf(g) is not None for n in inst.scenario.gpu_counts]
    elif slot == "psu":
        out = [(p, m, cost(p, m)) for p in parts for m in inst.rules.psu_counts]
    elif slot == "memory":
        most = max((b["memory_slots"] for b in inst.catalog.parts["motherboards"]), default=0)
        out = []
        for m in parts:
            for k in range(1, most // m["modules"] + 1):
                cents = cost(m, k)
                if below is not None and cents >= below:
                    break  # one kit more costs at least as much
                out.append((m, k, cents))
    else:
        out = [(p, 1, cost(p, 1)) for p in parts] + ([(None, 1, 0)] if slot == "cooler" else [])
    return out if below is None else [a for a in out if a[2] < below]


def _with(inst: Instance, build: Build, slot: str, pick: Pick | None) -> Build:
    """The build with one pick swapped, at the same power level, with all that the rules read: the layout and the
    performance recomputed when the slot decides them, else the build's (`build` comes from assemble(), so it
    carries no figure of the output's that the swap would leave stale)."""
    if slot in LAYOUT_SLOTS:
        return assemble(inst, {**build.picks(), slot: pick}, build.power_level)
    swapped: dict[str, Any] = {slot: with_owned(inst, pick)}  # Any: the slot names one of Build's Pick fields
    return replace(build, **swapped)


class _Units:
    """Performance of any swap in whole units of 1/`denominator`, exactly."""

    def __init__(self, inst: Instance, build: Build):
        self.inst, self.level = inst, build.power_level
        rules = inst.rules
        # One card of each chipset and board power: all that the rating, speed-up and power levels read.
        kinds = {(g.attrs["chipset"], g.attrs["tdp_w"]): g for g in inst.catalog.parts["gpus"]}
        cards = [(g, perf) for g in kinds.values() if (perf := inst.gpu_perf(g)) is not None]
        gpus = [g for g, _ in cards]
        rated = {perf.denominator for _, perf in cards}
        speedups = {
            s.denominator for g in gpus for n in inst.scenario.gpu_counts if (s := inst.speedup(g, n)) is not None
        }
        factors = {f.denominator for g in gpus for f in inst.power_levels(g).values()}
        # Every performance is rating x speed-up x the layout's factors (adjacency, chipset) x the power level's:
        # the product of the factors' common denominators is a common denominator of all of them.
        self.denominator = math.lcm(
            math.lcm(1, *rated) * math.lcm(1, *speedups) * math.lcm(1, *factors)
                * (1 - rules.adjacent_penalty).denominator * (1 - rules.chipset_penalty).denominator,
            build.performance.denominator,
        )  # fmt: skip
        self._cards: dict[str, tuple] = {}
        self._boards: dict[str, tuple] = {}
        self._factors: dict[tuple, tuple[int, int]] = {}  # the layout's factor as (numerator, denominator)
        self._rated: dict[tuple, tuple[int, int] | None] = {}  # rated_performance() as (numerator, denominator)

    def of(self, value: Fraction | int) -> int:
        return value.numerator * (self.denominator // value.denominator)

    def gpus(self, gpu: Part, count: int, board: Part, case: Part) -> int:
        """The performance of `count` x `gpu` on `board` in `case` at the build's power level (the layout decides
        the adjacency and chipset factors)."""
        # performance() in two parts, each kept by all that it reads: what the chipset and board power decide, and
        # the layout's factor; thousands of swaps share a few hundred of each. A part's share of the keys is made
        # once per part (by id: the instance's catalog has one part of each id). Each part is a numerator and a
        # denominator, not a Fraction: the denominators' product divides the common one (see __init__), so the
        # units are whole without reducing anything.
        card = self._cards.get(gpu.id)
        if card is None:
            g = gpu.attrs
            card = self._cards[gpu.id] = (g["chipset"], g["tdp_w"], g["cooling"], whole_slots(g["slot_width"]))
        slots = self._boards.get(board.id)
        if slots is None:
            slots = self._boards[board.id] = usable_slots(self.inst.rules, board)
        where = (card[2], card[3], count, slots, case.attrs["expansion_slots"])
        factor = self._factors.get(where)
        if factor is None:
            adjusted = layout_of(self.inst, gpu, count, board, case).factor
            factor = self._factors[where] = (adjusted.numerator, adjusted.denominator)
        key = (card[0], card[1], count)
        if key in self._rated:
            rated = self._rated[key]
        else:
            parts = rating_factors(self.inst, gpu, count, self.level)
            rated = self._rated[key] = None if parts is None else (
                parts[0].numerator * parts[1].numerator * parts[2].numerator,
                parts[0].denominator * parts[1].denominator * parts[2].denominator,
            )  # fmt: skip
        if rated is None:  # the card cannot be scored
            return 0
        return rated[0] * factor[0] * (self.denominator // (rated[1] * factor[1]))


class _Ranking:
    """Swaps of a build that costs `cost` cents and performs `perf` / `denominator`, ranked by how much
    each improves it for the objective, in whole numbers that order them exactly as the improvement does."""

    def __init__(self, objective: str, cost: int, perf: int, denominator: int, min_perf: Fraction):
        self.objective = objective
        self.cost, self.perf, self.scale = cost, perf, denominator
        self.floor = (min_perf.numerator, min_perf.denominator)

    def rank(self, swaps: list[tuple[int, int, Part | None, int]]) -> list[tuple[Part | None, int]]:
        """(part, count) of the improving swaps among (cost, perf, part, count), best first; equal
        improvements keep their order."""
        c0, p0, d = self.cost, self.perf, self.scale
        if self.objective == "perf_per_dollar":
            # perf/cost - p0/c0 > 0, ranked by perf/cost. Two different ratios of costs at most M differ
            # by at least 1/M^2, so floor(perf * M^2 / cost) ranks them exactly in whole numbers.
            better = [s for s in swaps if s[1] * c0 > p0 * s[0]]
            square = max((s[0] for s in better), default=0) ** 2
            keyed = [(perf * square // cost, part, count) for cost, perf, part, count in better]
        elif self.objective == "max_perf":
            # (perf - p0) or (c0 - cost) / TIE, times d * TIE
            keyed = [((perf - p0) * TIE if perf != p0 else (c0 - cost) * d, part, count)
                     for cost, perf, part, count in swaps]  # fmt: skip
        else:
            # (c0 - cost) or (perf - p0) / TIE, times d * TIE; swaps below min_perf never count
            num, den = self.floor
            keyed = [((c0 - cost) * d * TIE if cost != c0 else perf - p0, part, count)
                     for cost, perf, part, count in swaps if perf * den >= num * d]  # fmt: skip
        keyed = [k for k in keyed if k[0] > 0]
        keyed.sort(key=itemgetter(0), reverse=True)
        return [(part, count) for _, part, count in keyed]


def _broken(inst: Instance, build: Build, checks: list, suspects: list, found: dict[str, Binding]) -> list[RuleCheck]:
    """The rules `build` breaks among `checks`, up to the second, or up to the first already in `found`: a swap binds
    a rule only when it breaks that one alone, so a swap that breaks two, or one already found, adds nothing. The
    checks in `suspects` (those that broke earlier swaps of the slot) go first, so that such a swap is set aside
    after a check or two; each check that breaks joins them. The order changes nothing else: a swap that adds a
    binding breaks one rule only, found whatever the order."""
    out = []
    for check in (*suspects, *(c for c in checks if c not in suspects)):
        verdict = check(inst, build)
        if not verdict.ok:
            out.append(verdict)
            if check not in suspects:
                suspects.append(check)
            if len(out) == 2 or verdict.rule in found:
                break
    return out


def binding_rules(inst: Instance, build: Build, objective: str) -> list[Binding]:
    """The rules that alone stop an improving one-part swap, each with its best blocked swap."""
    found: dict[str, Binding] = {}
    build = assemble(inst, build.picks(), build.power_level)  # what the rules read, and swaps carry over
    verdicts = {check: check(inst, build) for check in CHECKS}
    own = {v.rule: v for v in verdicts.values()}
    units = _Units(inst, build)
    min_perf = Fraction(inst.scenario.min_perf or 0)
    ranking = _Ranking(objective, build.cost_cents, units.of(build.performance), units.denominator, min_perf)
    gpu, n, board, case = build.gpu.part, build.gpu.count, build.motherboard.part, build.case.part
    # What a swap of each slot performs: the GPU, board and case decide the layout; other slots keep the build's.
    perf_of = {
        "gpu": lambda part, count: units.gpus(part, count, board, case),
        "motherboard": lambda part, _: units.gpus(gpu, n, part, case),
        "case": lambda part, _: units.gpus(gpu, n, board, part),
    }
    for cat in CATEGORIES:
        slot, stem = cat.slot, cat.stem
        current = getattr(build, slot)
        spent = current.cost_cents if current else 0
        base = build.cost_cents - spent
        performs = perf_of.get(slot)
        if performs is None:
            # At the same performance only a cheaper build improves, whatever the goal: only cheaper choices.
            cheaper = _alternatives(inst, slot, stem, below=spent)
            swaps = [(base + cents, ranking.perf, part, count) for part, count, cents in cheaper]
        else:
            now = (current.part.id, current.count)
            swaps = [(base + cents, performs(part, count), part, count)
                     for part, count, cents in _alternatives(inst, slot, stem)
                     if part is not None and (part.id, count) != now]  # fmt: skip
        # A swap can change only the verdicts of the checks that read its slot; the others stay as they are on the
        # build, where they mostly hold (a check the build itself fails is kept: the swap fails it too).
        checks = [c for c in CHECKS if slot in READS[c] or not verdicts[c].ok]
        suspects: list = []
        for part, count in ranking.rank(swaps)[:PER_SLOT]:
            pick = Pick(part, count) if part else None
            new = _with(inst, build, slot, pick)
            failed = _broken(inst, new, checks, suspects, found)
            if len(failed) == 1 and failed[0].rule not in found:
                rule = failed[0].rule
                found[rule] = Binding(
                    own[rule], pick, slot, build.cost_cents - new.cost_cents, new.performance - build.performance
                )
    return [found[r] for r in sorted(found, key=lambda r: int(r[1:]))]
