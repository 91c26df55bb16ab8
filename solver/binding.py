"""Which rules shaped a build: the rules that alone stop a one-part swap that would improve it."""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from .instance import Instance
from .layout import chosen_layout
from .result import Build, Pick
from .validate import RuleCheck, check_build, performance

#: Alternatives tried per category, best improvement first: enough to name the rules that bind,
#: few enough to keep this well under the solve time.
PER_CATEGORY = 25


@dataclass(frozen=True)
class Binding:
    """A rule that binds: its verdict on the build and the best swap it alone forbids."""

    check: RuleCheck
    blocked: Pick
    slot: str
    saving_cents: int
    perf_gain: Fraction


def _swap(inst: Instance, build: Build, slot: str, pick: Pick | None) -> Build:
    b = replace(build, **{slot: pick})
    layout = chosen_layout(
        b.gpu.count, b.gpu.part["slot_width"], b.motherboard.part["x16_slots"], b.motherboard.part["slot_pitch"],
        b.case.part["expansion_slots"],
    )  # fmt: skip
    step, adjacent = layout or (0, False)
    perf = performance(inst, b.gpu.count, b.gpu.part, adjacent) or Fraction(0)
    return replace(b, step=step, adjacent=adjacent, performance=perf)


def _better(objective: str, old: Build, new: Build, inst: Instance) -> Fraction | None:
    """How much better `new` is for the objective (None when it is not)."""
    if objective == "perf_per_dollar":
        gain = new.performance / new.cost_cents - old.performance / old.cost_cents
    elif objective == "max_perf":
        gain = (new.performance - old.performance) or Fraction(old.cost_cents - new.cost_cents, 10**12)
    else:
        if new.performance < (inst.scenario.min_perf or 0):
            return None
        gain = Fraction(old.cost_cents - new.cost_cents) or (new.performance - old.performance) / 10**12
    return gain if gain > 0 else None


def _alternatives(inst: Instance, slot: str):
    parts = inst.catalog.parts
    if slot == "gpu":
        return [Pick(g, n) for g in parts["gpus"] if inst.gpu_perf(g) is not None for n in inst.scenario.gpu_counts]
    if slot == "memory":
        most = max((b["memory_slots"] for b in parts["motherboards"]), default=0)
        return [Pick(m, k) for m in parts["memory"] for k in range(1, most // m["modules"] + 1)]
    stem = {"cpu": "cpus", "motherboard": "motherboards", "psu": "psus", "case": "cases", "cooler": "coolers", "storage": "storage"}[slot]
    picks = [Pick(p) for p in parts[stem]]
    return picks + [None] if slot == "cooler" else picks


def binding_rules(inst: Instance, build: Build, objective: str) -> list[Binding]:
    """The rules that alone stop an improving one-part swap, each with its best blocked swap."""
    found: dict[str, Binding] = {}
    current = build.picks()
    for slot in current:
        candidates = []
        for pick in _alternatives(inst, slot):
            if pick == current[slot]:
                continue
            new = _swap(inst, build, slot, pick)
            gain = _better(objective, build, new, inst)
            if gain is not None:
                candidates.append((gain, new, pick))
        candidates.sort(key=lambda c: c[0], reverse=True)
        for gain, new, pick in candidates[:PER_CATEGORY]:
            failed = [c for c in check_build(inst, new) if not c.ok]
            if len(failed) == 1 and failed[0].rule not in found:
                rule = failed[0].rule
                own = next(c for c in check_build(inst, build) if c.rule == rule)
                found[rule] = Binding(own, pick, slot, build.cost_cents - new.cost_cents, new.performance - build.performance)
    return [found[r] for r in sorted(found, key=lambda r: int(r[1:]))]
