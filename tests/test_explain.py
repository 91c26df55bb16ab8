"""Explanations of infeasible scenarios: the right rules, and numbers equal to the enumerator's to the cent."""

from __future__ import annotations

from fractions import Fraction

import gen
import oracle
import pytest
from micro import rows
from test_rules import BROKEN, BROKEN_V2

from solver import load_catalog, scenario_from_dict, solve
from solver.errors import InputError
from solver.explain import explain_scenario as explain


def _explain(tmp_path, catalog_rows, raw):
    catalog = load_catalog(gen.write_catalog(catalog_rows, tmp_path / f"c{len(list(tmp_path.iterdir()))}"))
    return explain(catalog, scenario_from_dict({"workload": "w", **raw}))


@pytest.mark.parametrize("rule", sorted(set(BROKEN) - {"R1"}, key=lambda r: int(r[1:])))
def test_each_broken_rule_is_named(tmp_path, rule):
    changes, scenario, _ = BROKEN[rule]
    e = _explain(tmp_path, rows(**changes), scenario)
    assert [c.split(":")[0] for c in e.conflict] == [rule] or rule in [c.split(":")[0] for c in e.conflict]
    assert e.requirements and all(r.message for r in e.requirements)


def test_counts_no_board_can_hold(tmp_path):
    e = _explain(tmp_path, rows(motherboards={"x16_slots": 2}), {"gpu": {"counts": [4]}})
    assert set(e.conflict) == {"R1", "R7"}
    r1 = next(r for r in e.requirements if r.rule == "R1")
    assert r1.best == 2 and "the most GPUs that fit is 2 (R1)" in r1.message


def test_budget_shortfall_in_words(tmp_path):
    e = _explain(tmp_path, rows(), {"budget_usd": 2500})
    (r,) = e.requirements
    assert r.message == (
        "Budget $2,500.00 is $180.00 short: "
        "the cheapest build that meets every other requirement costs $2,680.00 (R14)."
    )
    assert (r.limit, r.best) == (2500.0, 2680.0)


def test_psu_shortfall_has_the_numbers(tmp_path):
    e = _explain(tmp_path, rows(psus={"wattage": 1000}), {"gpu": {"counts": [4]}})
    r10 = next(r for r in e.requirements if r.rule == "R10")
    assert "PSU 1,000 W >= 1,375 W needed (1.1 x (4 x 250 W + 150 W + 100 W))" in r10.message


def test_unrated_gpus_are_a_structural_problem(tmp_path):
    catalog = rows(gpus={"chipset": "Unknown Card"})
    e = _explain(tmp_path, catalog, {})
    assert e.structural and "rating" in e.structural[0]


def test_solve_attaches_the_explanation(tmp_path):
    catalog = load_catalog(gen.write_catalog(rows(), tmp_path / "c"))
    result = solve(catalog, scenario_from_dict({"workload": "w", "budget_usd": 100}))
    assert result.status == "infeasible" and result.explanation.conflict == ["R14"]
    assert result.explanation.to_dict()["requirements"][0]["best_achievable"] == 2680.0


def _reference(tmp_path, seed):
    rows_, raw = gen.guide_2018_instance(seed)
    directory = gen.write_catalog(rows_, tmp_path / "c")
    try:
        scenario = scenario_from_dict(raw)
    except InputError:
        return None
    return directory, raw, load_catalog(directory), scenario


@pytest.mark.parametrize("seed", range(160))
def test_numbers_match_the_enumerator(tmp_path, seed):
    """Every quantified requirement's best value equals the enumerator's with that requirement skipped
    (when no other conflict remains): budget to the cent, GPU memory, GPU count, wall power, performance."""
    loaded = _reference(tmp_path, seed)
    if loaded is None:
        pytest.skip("the generator made a scenario the spec refuses")
    directory, raw, catalog, scenario = loaded
    result = solve(catalog, scenario)
    if result.status != "infeasible" or result.explanation.structural:
        pytest.skip("feasible instance")
    reference = oracle.load_catalog(directory)
    for r in result.explanation.requirements:
        if (
            r.best is None
            or "other requirements also block" in r.message
            or "the other requirements listed" in r.message
        ):
            continue
        skip = {r.rule} if r.rule != "min_perf" else set()
        builds = list(oracle.valid_builds(reference, raw, skip=skip))
        if scenario.objective == "min_cost" and r.rule != "min_perf":
            builds = [b for b in builds if b.performance >= scenario.min_perf]  # the target is a requirement too
        assert builds, f"{r.id}: the enumerator finds nothing without it either"
        if r.rule == "R14":
            assert Fraction(r.best).limit_denominator(100) * 100 == min(b.cost_cents for b in builds)
        elif r.rule == "R2":
            assert r.best == max(float(reference["gpus"][b.gpu]["memory_gb"]) for b in builds)
        elif r.rule == "R1":
            assert r.best == max(b.n for b in builds)
        elif r.rule == "min_perf":
            assert r.best == pytest.approx(float(max(b.performance for b in builds)), abs=1e-9)
        elif r.rule == "R13":
            s = scenario.rules
            load = min(
                b.n * reference["gpus"][b.gpu]["tdp_w"] + reference["cpus"][b.cpu]["tdp_w"] + s.other_w for b in builds
            )
            assert r.best == float(load)
        elif r.rule == "R15" and len(scenario.exclude) + len(scenario.require) == 1:
            assert round(r.best * 100) == min(b.cost_cents for b in builds)


@pytest.mark.parametrize("seed", range(200, 260))
def test_budget_shortfall_equals_the_enumerators_cheapest_build(tmp_path, seed):
    """A budget one cent to $500 below the cheapest valid build: the explanation names R14 (with whatever
    rules the budget clashes with) and the cheapest build's cost to the cent."""
    loaded = _reference(tmp_path, seed)
    if loaded is None:
        pytest.skip("the generator made a scenario the spec refuses")
    directory, raw, catalog, scenario = loaded
    raw = {k: v for k, v in raw.items() if k != "budget_usd"}
    reference = oracle.load_catalog(directory)
    costs = [b.cost_cents for b in oracle.valid_builds(reference, raw)
             if scenario.objective != "min_cost" or b.performance >= scenario.min_perf]  # fmt: skip
    if not costs:
        pytest.skip("infeasible even without a budget")
    cheapest = min(costs)
    budget = max(1, cheapest - 1 - (seed * 7919) % 50_000)
    e = explain(catalog, scenario.with_values(budget_cents=budget))
    assert "R14" in e.conflict
    r = next(r for r in e.requirements if r.rule == "R14")
    assert round(r.best * 100) == cheapest and round(r.limit * 100) == budget
    assert f"is ${(cheapest - budget) / 100:,.2f} short" in r.message


def test_a_filter_clashing_with_a_socket_names_the_parts_and_files(mini_catalog):

    e = explain(
        mini_catalog,
        scenario_from_dict(
            {"workload": "kaggle", "parts": {"require": ["cpus:tr-3960x"], "exclude": ["motherboards:trx40-pro"]}}
        ),
    )
    assert set(e.conflict) == {"R4", "R15:require:cpus:tr-3960x", "R15:exclude:motherboards:trx40-pro"}
    assert e.parts == [
        "Only motherboards:trx40-pro in motherboards.csv has the sTRX4 socket of the required cpus:tr-3960x, "
        "and the filters rule it out (R4)."
    ]
    assert e.to_dict()["parts"] == e.parts


# Issue 10: an explanation quantifies the new floors, a chipset-wired slot and the wall draw in numbers.


def test_ram_floor_names_the_need_and_the_most_ram_a_build_holds(tmp_path):
    changes, scenario, _ = BROKEN_V2["R16"]  # 2 x 33 GB of GPU memory at ratio 1.0 need 66 GB; the board holds 64 GB
    e = _explain(tmp_path, rows(**changes), scenario)
    r16 = next(r for r in e.requirements if r.rule == "R16")
    assert "66 GB of RAM needed (1 x 2 x 33 GB of GPU memory)" in r16.message and "holds is 64 GB" in r16.message
    assert (r16.limit, r16.best) == (66.0, 64.0)


def test_efficiency_floor_names_the_wattage_and_the_best_rating(tmp_path):
    changes, scenario, _ = BROKEN_V2["R17"]
    e = _explain(tmp_path, rows(**changes), scenario)
    r17 = next(r for r in e.requirements if r.rule == "R17")
    assert "above 750 W must be 80 PLUS gold or better" in r17.message and "is silver" in r17.message


def test_compute_capability_names_the_floor_and_the_best_card(tmp_path):
    changes, scenario, _ = BROKEN_V2["R18"]
    e = _explain(tmp_path, rows(**changes), scenario)
    r18 = next(r for r in e.requirements if r.rule == "R18")
    assert "7.5 or newer asked; the highest of a GPU meeting" in r18.message and "is 7.4" in r18.message
    assert (r18.limit, r18.best) == (7.5, 7.4)


def test_a_chipset_wired_second_slot_is_named_with_its_lanes(tmp_path):
    board = {"x16_slots": 2, "gpu_slots": "0:cpu:16:4;3:chipset:4:3"}
    e = _explain(tmp_path, rows(motherboards=board), {"gpu": {"counts": [2]}})
    r7 = next(r for r in e.requirements if r.rule == "R7")
    assert (
        "need 2 CPU-wired slots of >= 8 lanes" in r7.message
        and "has 1 (position 0: CPU x16 PCIe 4.0, position 3: chipset x4 PCIe 3.0)" in r7.message
    )
    assert 'rules.chipset_slots = "penalize" would accept the x4 chipset slot at 15% less performance' in r7.message


def test_wall_power_names_the_dc_load_and_the_wall_draw(tmp_path):
    changes, scenario, _ = BROKEN["R13"]
    e = _explain(tmp_path, rows(**changes), scenario)
    r13 = next(r for r in e.requirements if r.rule == "R13")
    assert (
        "wall-power limit of 1,249 W is too low" in r13.message
        and "DC load" in r13.message
        and "W at the wall" in r13.message
    )
    assert r13.best >= 1250


def test_the_explanation_names_the_scenario_keys_to_change(tmp_path):
    budget = _explain(tmp_path, rows(), {"budget_usd": 2500})
    memory = _explain(tmp_path, rows(), {"gpu": {"min_memory_gb": 80}})
    assert budget.text().endswith("\n  Scenario keys that change them: budget_usd (R14).")
    keys = "gpu.min_memory_gb, gpu.min_total_memory_gb"
    assert memory.text().endswith(f"\n  Scenario keys that change them: {keys} (R2).")
    assert [r["keys"] for r in budget.to_dict()["requirements"]] == [["budget_usd"]]
    assert [r["keys"] for r in memory.to_dict()["requirements"]] == [["gpu.min_memory_gb", "gpu.min_total_memory_gb"]]


def test_plain_compatibility_names_no_key(tmp_path):
    e = _explain(tmp_path, rows(motherboards={"socket": "AM4"}), {})
    assert [r.rule for r in e.requirements] == ["R4"]
    assert "Scenario keys" not in e.text() and e.to_dict()["requirements"][0]["keys"] == []
