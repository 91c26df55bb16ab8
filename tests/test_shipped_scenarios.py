"""The shipped scenarios' answers as an experienced builder would check them (issues 10 and 16, "Done when"):
multi-GPU builds on CPU-wired slots shown in the table and the JSON, the Kaggle answer scored with the GeForce
table, the 4-GPU lab on current cards, four 350 W cards on one US 20 A circuit with the wall draw printed, and a
70B inference build whose second card holds memory and is never scored as a speed-up."""

from __future__ import annotations

import math

import pytest
from conftest import SCENARIOS

from solver import load_scenario, solve
from solver.output import json_out, table

NAMES = sorted(p.stem for p in SCENARIOS.glob("*.toml") if "workload" in p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def answers(shipped_catalog):
    return {name: solve(shipped_catalog, load_scenario(SCENARIOS / f"{name}.toml")) for name in NAMES}


def test_the_new_scenarios_are_shipped():
    assert {"four-3090-us20a", "llm-70b-inference", "cv-lab-4gpu", "kaggle"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_multi_gpu_answer_sits_on_cpu_slots_and_shows_them(answers, name):
    result = answers[name]
    assert result.status == "optimal", name
    build = result.build
    need = result.instance.rules.min_pcie_lanes_per_gpu
    assert len(build.layout.slots) == build.gpu.count
    for slot in build.layout.slots:
        assert slot.attach == "cpu" and slot.lanes >= max(need, 8), (name, slot)
    data = json_out.solve_dict(result)
    assert "step" not in data["layout"]
    assert [s["position"] for s in data["layout"]["slots"]] == list(build.layout.positions)
    text = " ".join(table.result_text(result, width=80).split())
    for i, position in enumerate(build.layout.positions, 1):
        assert f"slot {i} (position {position}): CPU x" in text
    r7 = next(r for r in data["rules"] if r["rule"] == "R7")
    assert all(f"(position {p})" in r7["detail"] for p in build.layout.positions)  # R7 names the JSON's slots


def test_kaggle_is_scored_with_the_geforce_table(answers):
    build = answers["kaggle"].build
    assert build.gpu.part["chipset"].startswith("GeForce") and build.scoring.table in (
        "geforce",
        build.gpu.part["chipset"],
    )


def test_the_4_gpu_lab_answer_uses_current_cards(answers):
    build = answers["cv-lab-4gpu"].build
    assert build.gpu.count == 4
    assert answers["cv-lab-4gpu"].instance.model(build.gpu.part)["compute_capability"] >= 8  # Ampere or newer


def test_four_350_w_cards_run_on_one_us_20_a_circuit_with_the_wall_draw_printed(answers):
    result = answers["four-3090-us20a"]
    build, power = result.build, result.build.power
    assert build.gpu.count == 4 and build.gpu.part["tdp_w"] >= 350
    assert power.circuit == "us_20a" and power.limit == 1920
    assert power.level_pct < 100 or power.psu_count == 2  # at full power no single 115 V PSU carries them
    assert power.wall_watts <= 1920
    assert power.wall_watts == power.dc_watts * 100 / power.efficiency_pct  # from the PSU's efficiency at its load
    text = " ".join(table.result_text(result, width=80).split())
    assert f"{math.ceil(power.wall_watts):,} W at the wall" in text and "limit 1,920 W (us_20a)" in text
    if power.command:
        assert power.command in text
    assert json_out.solve_dict(result)["power"]["wall_watts"] == math.ceil(power.wall_watts)


def test_the_70b_inference_answer_pools_memory_and_never_scores_a_second_card_as_speed(answers):
    result = answers["llm-70b-inference"]
    build, inst = result.build, result.instance
    assert inst.min_total_memory_gb >= 40  # a 70B model at 4 bits
    assert build.gpu.count * build.gpu.part["memory_gb"] >= inst.min_total_memory_gb
    assert build.scoring.profile == "llm-token-generation" and build.scoring.column == "perf_llm_infer"
    assert build.performance <= inst.gpu_perf(build.gpu.part)  # n cards are never faster than one here
    text = " ".join(table.result_text(result, width=80).split())
    assert "LLM token generation" in text and "training throughput" not in text
    if build.gpu.count > 1:
        assert build.scoring.speedup <= 1 and "add memory, not speed" in text
