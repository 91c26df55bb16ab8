"""The binding rules, ranked in whole numbers, against a straightforward reference that ranks every swap
by its improvement as an exact fraction: the same rules, the same blocked swaps, the same savings."""

from __future__ import annotations

import random
from fractions import Fraction

import gen
import pytest
from conftest import SCENARIOS, load_generated

from solver import binding
from solver.binding import Binding, binding_rules
from solver.categories import CATEGORIES
from solver.instance import bind
from solver.model import build_model
from solver.optimize import Options, optimize
from solver.result import Build, Pick
from solver.scenario import load_scenario
from solver.validate import CHECKS, READS, check_build, complete

SLOTS = tuple((c.slot, c.stem) for c in CATEGORIES)

OBJECTIVES = ("perf_per_dollar", "max_perf", "min_cost")
LAYOUT_SLOTS = {"gpu", "motherboard", "case"}


def _swapped(inst, build, slot, pick):
    return complete(inst, {**build.picks(), slot: pick}, build.power_level)


def _gain(objective, min_perf, old_cost, old_perf, cost, perf):
    """The improvement of a swap from `old_cost` and `old_perf` to `cost` and `perf` as an exact fraction
    (None: no improvement)."""
    if objective == "perf_per_dollar":
        gain = perf / cost - old_perf / old_cost
    elif objective == "max_perf":
        gain = (perf - old_perf) or Fraction(old_cost - cost, 10**12)
    else:
        if perf < (min_perf or 0):
            return None
        gain = Fraction(old_cost - cost) or (perf - old_perf) / 10**12
    return gain if gain > 0 else None


def reference(inst, build, objective, per_slot):
    """Every swap built in full and ranked by its Fraction improvement."""
    found = {}
    own = {c.rule: c for c in check_build(inst, build)}
    for slot, stem in SLOTS:
        current = getattr(build, slot)
        now = (current.part.id, current.count) if current else (None, 1)
        candidates = []
        for part, count, _ in binding._alternatives(inst, slot, stem):  # the same candidates, ranked differently
            if ((part.id if part else None), count) == now:
                continue
            new = _swapped(inst, build, slot, Pick(part, count) if part else None)
            old = (build.cost_cents, build.performance)
            gain = _gain(objective, inst.scenario.min_perf, *old, new.cost_cents, new.performance)
            if gain is not None:
                candidates.append((gain, new))
        candidates.sort(key=lambda c: c[0], reverse=True)
        for _, new in candidates[:per_slot]:
            failed = [c for c in check_build(inst, new) if not c.ok]
            if len(failed) == 1 and failed[0].rule not in found:
                rule = failed[0].rule
                saving, gain = build.cost_cents - new.cost_cents, new.performance - build.performance
                found[rule] = Binding(own[rule], getattr(new, slot), slot, saving, gain)
    return [found[r] for r in sorted(found, key=lambda r: int(r[1:]))]


def _random_build(inst, rng: random.Random) -> Build | None:
    """Any build, valid or not: swaps then improve it in every direction, which exercises every branch."""
    parts = inst.catalog.parts
    gpus = [g for g in parts["gpus"] if inst.gpu_perf(g) is not None]
    if not gpus or not all(parts[stem] for _, stem in SLOTS if stem not in ("gpus", "coolers")):
        return None
    gpu, n = rng.choice(gpus), rng.choice(inst.scenario.gpu_counts)
    board, case = rng.choice(parts["motherboards"]), rng.choice(parts["cases"])
    cooler = rng.choice([*parts["coolers"], None])
    picks = {
        "gpu": Pick(gpu, n), "cpu": Pick(rng.choice(parts["cpus"])), "motherboard": Pick(board),
        "memory": Pick(rng.choice(parts["memory"]), rng.randint(1, 2)),
        "psu": Pick(rng.choice(parts["psus"]), rng.choice(inst.rules.psu_counts)), "case": Pick(case),
        "cooler": Pick(cooler) if cooler else None, "storage": Pick(rng.choice(parts["storage"])),
    }  # fmt: skip
    return complete(inst, picks, rng.choice(list(inst.power_levels(gpu))))


def _same(inst, build, objective, per_slot, monkeypatch):
    monkeypatch.setattr(binding, "PER_SLOT", per_slot)
    assert binding_rules(inst, build, objective) == reference(inst, build, objective, per_slot)


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_whole_number_ranking_orders_as_the_fractions_do(objective):
    """Near-equal ratios (1/1000 and 1/999), ties, and performance gaps far larger than a cent's weight."""
    rng = random.Random(objective)
    for _ in range(300):
        denominator = rng.choice([1, 7, 1000, 10**13, 3 * 10**15])
        cost, perf = rng.randint(1, 1000), rng.randint(0, 3 * denominator)
        levels = [perf, 0, 1, 2, denominator, *(rng.randint(0, 3 * denominator) for _ in range(3))]
        swaps = [(rng.choice([cost, rng.randint(1, 1000), 999, 1000]), rng.choice(levels), i, 1) for i in range(30)]
        min_perf = Fraction(rng.choice(levels), denominator)
        ranked = binding._Ranking(objective, cost, perf, denominator, min_perf).rank(swaps)
        old = (cost, Fraction(perf, denominator))
        gains = [(_gain(objective, min_perf, *old, c, Fraction(p, denominator)), i) for c, p, i, _ in swaps]
        expected = sorted((g for g in gains if g[0] is not None), key=lambda g: g[0], reverse=True)
        assert ranked == [(i, 1) for _, i in expected]


@pytest.mark.parametrize("seed", range(60))
def test_random_instances(tmp_path, monkeypatch, seed):
    rows, raw = gen.random_instance(seed)
    raw = {**raw, "min_perf": raw.get("min_perf") or 0.5}
    _, catalog, scenario = load_generated(tmp_path, rows, raw)
    rng = random.Random(seed)
    for objective in OBJECTIVES:
        inst = bind(catalog, scenario.with_values(objective=objective))
        builds = [_random_build(inst, rng) for _ in range(3)]
        result = optimize(build_model(inst), objective, Options())
        builds += [result.build] if result.build else []
        for build in filter(None, builds):
            # Few parts per file: small cut-offs make the ranking, not only the filter, decide.
            for per_slot in (1, 2, 25):
                _same(inst, build, objective, per_slot, monkeypatch)


SHIPPED = ["kaggle", "llm-finetune", "cv-lab-4gpu", "startup-prototyping", "whatif", "lab-4gpu-x16"]


@pytest.mark.parametrize("index, name", enumerate(SHIPPED))
def test_shipped_scenarios(monkeypatch, shipped_catalog, index, name):
    """The scenario's own optimum, and a random build under another objective (thousands of swaps each)."""
    scenario = load_scenario(SCENARIOS / f"{name}.toml")
    inst = bind(shipped_catalog, scenario)
    result = optimize(build_model(inst), scenario.objective, Options())
    _same(inst, result.build, scenario.objective, binding.PER_SLOT, monkeypatch)
    objective = OBJECTIVES[index % 3]
    other = bind(
        shipped_catalog, scenario.with_values(objective=objective, min_perf=scenario.min_perf or Fraction(1, 2))
    )
    _same(other, _random_build(other, random.Random(name)), objective, binding.PER_SLOT, monkeypatch)


@pytest.mark.parametrize("seed", range(60))
def test_a_swap_changes_only_the_checks_that_read_its_slot(tmp_path, seed):
    """validate.READS, by which binding judges a swap: a one-part swap, valid or not, of a build, valid or not,
    leaves every check that does not read the swapped slot exactly as it was (verdict and words)."""
    rows, raw = gen.random_instance(seed)
    _, catalog, scenario = load_generated(tmp_path, rows, raw)
    inst = bind(catalog, scenario)
    rng = random.Random(seed)
    for _ in range(4):
        build = _random_build(inst, rng)
        if build is None:
            return
        before = {check: check(inst, build) for check in CHECKS}
        for slot, stem in SLOTS:
            choices = binding._alternatives(inst, slot, stem)
            for part, count, _ in rng.sample(choices, min(6, len(choices))):
                swapped = _swapped(inst, build, slot, Pick(part, count) if part else None)
                for check in CHECKS:
                    if slot not in READS[check]:
                        assert check(inst, swapped) == before[check], f"{check.__name__} changes with the {slot}"
