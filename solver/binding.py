"""Which rules shaped a build: the rules that alone stop a one-part swap that would improve it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from .instance import Instance
from .layout import chosen_layout
from .result import SLOTS, Build, Pick
from .validate import RuleCheck, check_build, performance

#: Alternatives checked per part, best improvement first: enough to name the rules that bind, few
#: enough to keep this well under the solve time.
PER_SLOT = 25
#: Parts whose swap can change performance (the GPU itself, or the layout through board and case).
LAYOUT_SLOTS = {"gpu", "motherboard", "case"}


@dataclass(frozen=True)
class Binding:
    """A rule that binds: its verdict on the build and the best swap it alone forbids."""

    check: RuleCheck
    blocked: Pick | None
    slot: str
    saving_cents: int
    perf_gain: Fraction


def _alternatives(inst: Instance, slot: str, stem: str) -> list[tuple[object, int]]:
    """(part or None, count) for every other choice of a slot."""
    parts = inst.catalog.parts[stem]
    if slot == "gpu":
        return [(g, n) for g in parts if inst.gpu_perf(g) is not None for n in inst.scenario.gpu_counts]
    if slot == "memory":
        most = max((b["memory_slots"] for b in inst.catalog.parts["motherboards"]), default=0)
        return [(m, k) for m in parts for k in range(1, most // m["modules"] + 1)]
    return [(p, 1) for p in parts] + ([(None, 1)] if slot == "cooler" else [])


def _perf_with(inst: Instance, build: Build, slot: str, part, count: int) -> Fraction:
    """Performance after swapping a GPU, board or case: the layout may change with it."""
    gpu, n = (part, count) if slot == "gpu" else (build.gpu.part, build.gpu.count)
    board = part if slot == "motherboard" else build.motherboard.part
    case = part if slot == "case" else build.case.part
    layout = chosen_layout(gpu, n, board, case)
    return performance(inst, n, gpu, layout[1] if layout else False) or Fraction(0)


def _with(inst: Instance, build: Build, slot: str, pick: Pick | None) -> Build:
    b = replace(build, **{slot: pick})
    if slot not in LAYOUT_SLOTS:
        return b
    layout = chosen_layout(b.gpu.part, b.gpu.count, b.motherboard.part, b.case.part)
    step, adjacent = layout or (0, False)
    perf = performance(inst, b.gpu.count, b.gpu.part, adjacent) or Fraction(0)
    return replace(b, step=step, adjacent=adjacent, performance=perf)


def _gain(objective: str, inst: Instance, old: Build, cost: int, perf: Fraction) -> Fraction | None:
    """How much better a build of `cost` and `perf` is than `old` for the objective (None: not better)."""
    if objective == "perf_per_dollar":
        gain = perf / cost - old.performance / old.cost_cents
    elif objective == "max_perf":
        gain = (perf - old.performance) or Fraction(old.cost_cents - cost, 10**12)
    else:
        if perf < (inst.scenario.min_perf or 0):
            return None
        gain = Fraction(old.cost_cents - cost) or (perf - old.performance) / 10**12
    return gain if gain > 0 else None


def binding_rules(inst: Instance, build: Build, objective: str) -> list[Binding]:
    """The rules that alone stop an improving one-part swap, each with its best blocked swap."""
    found: dict[str, Binding] = {}
    own = {c.rule: c for c in check_build(inst, build)}
    for slot, stem in SLOTS:
        current = getattr(build, slot)
        base = build.cost_cents - (current.cost_cents if current else 0)
        now = (current.part.id, current.count) if current else (None, 1)
        candidates = []
        for part, count in _alternatives(inst, slot, stem):
            if ((part.id if part else None), count) == now:
                continue
            cost = base + (count * part.price_cents if part else 0)
            perf = _perf_with(inst, build, slot, part, count) if slot in LAYOUT_SLOTS else build.performance
            gain = _gain(objective, inst, build, cost, perf)
            if gain is not None:
                candidates.append((gain, part, count))
        candidates.sort(key=lambda c: c[0], reverse=True)
        for _, part, count in candidates[:PER_SLOT]:
            pick = Pick(part, count) if part else None
            new = _with(inst, build, slot, pick)
            failed = [c for c in check_build(inst, new) if not c.ok]
            if len(failed) == 1 and failed[0].rule not in found:
                rule = failed[0].rule
                found[rule] = Binding(own[rule], pick, slot, build.cost_cents - new.cost_cents, new.performance - build.performance)
    return [found[r] for r in sorted(found, key=lambda r: int(r[1:]))]
