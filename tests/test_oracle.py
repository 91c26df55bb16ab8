"""Tests of the brute-force oracle on hand-worked micro catalogs, and of the random instance generator.

The v1 rules (R1-R15 as build model v1 wrote them) are worked under rules.profile = "guide-2018" with v1's wiring
written out (every x16 slot a CPU x16 slot); the v2 rules and numbers (contract v2) under "recommended" unless a
case says otherwise. Each changed or new rule has a case exactly at its limit that passes and one unit beyond that
fails."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
import math
import random
import tomllib
from fractions import Fraction
from pathlib import Path

import gen
import oracle
import pytest
import v1_answers
from hypothesis import given
from hypothesis import settings as hsettings

BASE_COST = 253000  # cents: 1000 + 500 + 300 + 100 + 300 + 200 + 50 + 80 dollars, one GPU, one kit
GUIDE = {"workload": "w", "rules": {"profile": "guide-2018"}}


def rows() -> dict[str, list[dict[str, str]]]:
    """One part per file, all compatible: a blower card, 2-slot, 250 W; every v1 rule passes with room to spare."""
    return {
        "gpu_models": [{"chipset": "ada", "perf": "1.000"}],
        "gpus": [
            {
                "id": "g1",
                "name": "G1",
                "price_usd": "1000.00",
                "chipset": "ada",
                "memory_gb": "24",
                "tdp_w": "250",
                "slot_width": "2",
                "length_mm": "300",
                "cooling": "blower",
                "pcie_8pin": "2",
                "pcie_16pin": "0",
            }
        ],
        "cpus": [
            {
                "id": "c1",
                "name": "C1",
                "price_usd": "500.00",
                "socket": "S1",
                "cores": "16",
                "threads": "32",
                "tdp_w": "150",
                "pcie_lanes": "64",
                "includes_cooler": "false",
            }
        ],
        "motherboards": [
            {
                "id": "b1",
                "name": "B1",
                "price_usd": "300.00",
                "socket": "S1",
                "form_factor": "ATX",
                "memory_type": "DDR5",
                "memory_slots": "8",
                "max_memory_gb": "256",
                "x16_slots": "4",
                "slot_pitch": "2",
                "m2_slots": "2",
            }
        ],
        "memory": [
            {"id": "m1", "name": "M1", "price_usd": "100.00", "memory_type": "DDR5", "modules": "2", "module_gb": "16"}
        ],
        "psus": [
            {
                "id": "p1",
                "name": "P1",
                "price_usd": "300.00",
                "wattage": "2000",
                "form_factor": "ATX",
                "pcie_8pin": "8",
                "pcie_16pin": "0",
            }
        ],
        "cases": [
            {
                "id": "case1",
                "name": "Case1",
                "price_usd": "200.00",
                "motherboard_form_factors": "ATX;E-ATX",
                "psu_form_factors": "ATX",
                "max_gpu_length_mm": "350",
                "expansion_slots": "9",
                "max_cooler_height_mm": "170",
                "max_radiator_mm": "360",
            }
        ],
        "coolers": [
            {
                "id": "k1",
                "name": "K1",
                "price_usd": "50.00",
                "sockets": "S1;S2",
                "kind": "air",
                "height_mm": "150",
                "radiator_mm": "0",
            }
        ],
        "storage": [{"id": "s1", "name": "S1", "price_usd": "80.00", "interface": "nvme", "capacity_gb": "1000"}],
        "workloads": [
            {"workload": "w", "min_gpu_memory_gb": "8", "threads_per_gpu": "2", "source": "hand", "perf_column": ""}
        ],
    }


def rec_rows() -> dict[str, list[dict[str, str]]]:
    """rows() with the v2 columns that make every rule R1-R18 hold for 1 to 2 GPUs under "recommended" (4 GPUs
    need a second kit for R16): four CPU x16 slots, a Platinum PSU, an SSD, compute capability 8.9."""
    r = rows()
    r["gpu_models"][0]["compute_capability"] = "8.9"
    r["motherboards"][0]["gpu_slots"] = "0:cpu:16:4;2:cpu:16:4;4:cpu:16:4;6:cpu:16:4"
    r["psus"][0]["efficiency"] = "platinum"
    r["storage"][0]["drive_type"] = "ssd"
    return r


def build(**changes) -> dict:
    ids = {
        "gpu": "g1",
        "n": 1,
        "cpu": "c1",
        "board": "b1",
        "memory": "m1",
        "k": 1,
        "psu": "p1",
        "case": "case1",
        "cooler": "k1",
        "storage": "s1",
    }
    return {**ids, **changes}


def guide(scenario: dict | None = None) -> dict:
    """The scenario under guide-2018 unless it names a profile."""
    scenario = dict(scenario or {"workload": "w"})
    scenario["rules"] = {"profile": "guide-2018", **scenario.get("rules", {})}
    return scenario


def v1_cat(r: dict) -> dict:
    """The catalog with v1's wiring written out: what v1 read from x16_slots and slot_pitch."""
    return oracle.catalog_from_rows(gen.with_v1_wiring(r))


def fails(r: dict, scenario: dict | None = None, **changes) -> list[str]:
    """v1's reading: guide-2018 and v1's wiring."""
    return oracle.check(v1_cat(r), guide(scenario), build(**changes))


def fails2(r: dict, scenario: dict | None = None, **changes) -> list[str]:
    """Contract v2 as written: the catalog as given, the scenario's profile (recommended by default)."""
    return oracle.check(oracle.catalog_from_rows(r), scenario or {"workload": "w"}, build(**changes))


def set_part(r: dict, stem: str, **cells) -> dict:
    r[stem][0].update({key: str(value) for key, value in cells.items()})
    return r


def with_rules(**rules) -> dict:
    return {"workload": "w", "rules": rules}


# ---- loading ----


def test_load_catalog_reads_csv_exactly(tmp_path: Path) -> None:
    r = set_part(rows(), "gpus", slot_width="2.5")
    set_part(r, "cpus", includes_cooler="TRUE")
    cat = oracle.load_catalog(gen.write_catalog(r, tmp_path))
    assert cat == oracle.catalog_from_rows(r)
    assert cat["gpus"]["g1"]["slot_width"] == Fraction(5, 2) and cat["gpus"]["g1"]["price_cents"] == 100000
    assert cat["cpus"]["c1"]["includes_cooler"] is True
    assert cat["cases"]["case1"]["motherboard_form_factors"] == ("ATX", "E-ATX")


def test_base_catalog_is_valid_and_costed_by_hand() -> None:
    cat = v1_cat(rows())
    assert oracle.check(cat, GUIDE, build()) == []
    builds = list(oracle.valid_builds(cat, GUIDE))
    assert len(builds) == 16  # n in 1..4 times k in 1..4 (8 slots / 2 modules)
    assert min(b.cost_cents for b in builds) == BASE_COST
    assert {(b.n, b.k) for b in builds} == set(itertools.product(range(1, 5), range(1, 5)))
    assert {(b.level, b.m) for b in builds} == {(100, 1)}  # guide-2018: no power limit, one PSU


def part(pid: str) -> dict:
    return {"id": pid, "name": pid, "price_usd": 1.0}


def test_ids_from_solver_json() -> None:
    out = {
        "gpu": {**part("g1"), "count": 2},
        "cpu": part("c1"),
        "motherboard": part("b1"),
        "memory": {**part("m1"), "count": 3},
        "psu": part("p1"),
        "case": part("case1"),
        "cooler": None,
        "storage": part("s1"),
    }
    assert oracle.ids_from_json(out) == build(n=2, k=3, cooler=None, level=100, m=1)
    assert oracle.ids_from_json({**out, "cooler": part("k1")})["cooler"] == "k1"
    power = {"level_pct": 80, "gpu_watts": 200, "psu_count": 2, "wall_watts": 1100}
    assert oracle.ids_from_json(out, power) == build(n=2, k=3, cooler=None, level=80, m=2)


# ---- v1 rules, each worked by hand (guide-2018, v1's wiring) ----


def test_r1_counts_and_r2_memory() -> None:
    assert fails(rows(), {"workload": "w", "gpu": {"counts": [2]}}) == ["R1"]
    assert fails(set_part(rows(), "workloads", min_gpu_memory_gb=32)) == ["R2"]
    # The scenario's minimum replaces the workload's, both ways.
    lowered = {"workload": "w", "gpu": {"min_memory_gb": 24}}
    assert fails(set_part(rows(), "workloads", min_gpu_memory_gb=32), lowered) == []
    assert fails(rows(), {"workload": "w", "gpu": {"min_memory_gb": 25}}) == ["R2"]


def test_r3_ram_basis_total_needs_ram_for_every_gpu() -> None:
    # 2 x 24 GB cards; a kit is 2 x 16 = 32 GB.
    assert fails(rows(), n=2) == []
    total = {"workload": "w", "rules": {"ram_basis": "total"}}
    assert fails(rows(), total, n=2) == ["R3"] and fails(rows(), total, n=2, k=2) == []
    assert fails(rows(), {"workload": "w", "rules": {"ram_per_gpu_memory": 1.5}}, n=1) == ["R3"]  # 36 > 32
    scenario = guide({**total, "objective": "min_cost", "min_perf": 1.8, "gpu": {"counts": [2]}})
    value, best = oracle.optimum(v1_cat(rows()), scenario)
    assert value == (363000, Fraction(187, 100)) and [(b.n, b.k) for b in best] == [(2, 2)]


def test_r4_sockets_and_the_cooler_rule() -> None:
    assert fails(set_part(rows(), "cpus", socket="S2")) == ["R4"]
    assert fails(set_part(rows(), "coolers", sockets="S2;S3")) == ["R4"]
    assert fails(rows(), cooler=None) == ["build"]  # no cooler, and the CPU has none in the box
    r = set_part(rows(), "cpus", includes_cooler="true")
    assert fails(r, cooler=None) == []
    value, best = oracle.optimum(v1_cat(r), guide({"workload": "w", "objective": "min_cost", "min_perf": 1}))
    assert value == (BASE_COST - 5000, 1) and best[0].cooler is None


def test_r5_memory_fit() -> None:
    assert fails(rows(), k=4) == [] and fails(rows(), k=5) == ["R5"]  # 10 modules in 8 slots
    assert fails(set_part(rows(), "motherboards", max_memory_gb=64), k=3) == ["R5"]  # 96 GB > 64
    assert fails(set_part(rows(), "memory", memory_type="DDR4")) == ["R5"]


def test_r6_case_fit_uses_each_coolers_own_dimension() -> None:
    assert fails(set_part(rows(), "gpus", length_mm=350)) == []
    assert fails(set_part(rows(), "gpus", length_mm=351)) == ["R6"]
    assert fails(set_part(rows(), "motherboards", form_factor="mATX")) == ["R6"]
    assert fails(set_part(rows(), "psus", form_factor="SFX")) == ["R6"]
    assert fails(set_part(rows(), "coolers", height_mm=171)) == ["R6"]
    assert fails(set_part(rows(), "coolers", height_mm=170, radiator_mm=999)) == []
    aio = set_part(rows(), "coolers", kind="aio", height_mm=999, radiator_mm=360)
    assert fails(aio) == []
    assert fails(set_part(aio, "cases", max_radiator_mm=240)) == ["R6"]
    small_aio = set_part(rows(), "coolers", kind="aio", radiator_mm=120)
    assert fails(set_part(small_aio, "cases", max_radiator_mm=0)) == ["R6"]  # 0 = no radiator mount


def layout_of(r: dict, n: int) -> tuple[list[str], tuple, bool]:
    """(failed rules, the layout's positions, adjacent) under v1's wiring."""
    cat = v1_cat(r)
    b = oracle.make_build(cat, GUIDE, **build(n=n))
    return oracle.check(cat, GUIDE, b), tuple(int(p) for p in b.layout.positions), b.adjacent


def test_r7_single_gpu_needs_a_slot_and_room_for_its_width() -> None:
    r = set_part(rows(), "gpus", slot_width="2.5")
    assert layout_of(set_part(r, "cases", expansion_slots=3), 1) == ([], (0,), False)
    assert layout_of(set_part(r, "cases", expansion_slots=2), 1)[0] == ["R7"]  # ceil(2.5) = 3
    assert layout_of(set_part(rows(), "motherboards", x16_slots=0), 1)[0] == ["R7"]


def test_r7_placements_must_fit_the_card_and_the_case() -> None:
    # Pitch 1 (slots at 0, 1, 2, 3) and 2-slot cards: a gap of 1 overlaps, 2 touches, 3 leaves a free slot.
    r = set_part(rows(), "motherboards", slot_pitch=1, x16_slots=4)
    assert layout_of(set_part(r, "cases", expansion_slots=9), 2) == ([], (0, 3), False)
    assert layout_of(set_part(r, "cases", expansion_slots=4), 2) == ([], (0, 2), True)  # span 2 + 2 = 4
    assert layout_of(set_part(r, "cases", expansion_slots=3), 2)[0] == ["R7"]
    assert layout_of(set_part(rows(), "motherboards", slot_pitch=1, x16_slots=2), 2)[0] == ["R7"]
    # Three 2.5-slot cards: pitch 2 is too tight; pitch 3 (0, 3, 6) needs 6 + 3 = 9 positions.
    wide = set_part(rows(), "gpus", slot_width="2.5")
    assert layout_of(wide, 3)[0] == ["R7"]
    wide = set_part(wide, "motherboards", slot_pitch=3)
    assert layout_of(wide, 3) == ([], (0, 3, 6), True)  # (3, 6, 9) spans as little; the smaller positions win
    assert layout_of(set_part(wide, "cases", expansion_slots=8), 3)[0] == ["R7"]


def test_r7_layout_is_spaced_when_any_valid_placement_is() -> None:
    r = set_part(rows(), "motherboards", x16_slots=3)  # slots at 0, 2, 4
    assert layout_of(set_part(r, "cases", expansion_slots=7), 2) == ([], (0, 4), False)
    assert layout_of(set_part(r, "cases", expansion_slots=5), 2) == ([], (0, 2), True)  # (0, 4) needs 6 positions


def test_r8_adjacent_open_air_forbidden_or_penalized() -> None:
    r = set_part(set_part(rows(), "motherboards", x16_slots=2), "gpus", cooling="open-air")
    cat = v1_cat(r)
    forbid, penalize = GUIDE, guide({"workload": "w", "rules": {"adjacent_open_air": "penalize"}})
    assert oracle.check(cat, forbid, build(n=2)) == ["R8"]
    assert all(b.n == 1 for b in oracle.valid_builds(cat, forbid))
    assert oracle.check(cat, penalize, build(n=2)) == []
    assert oracle.make_build(cat, penalize, **build(n=2)).performance == Fraction(1309, 1000)  # 1.87 * 0.7
    half = guide({"workload": "w", "rules": {"adjacent_open_air": "penalize", "adjacent_penalty": 0.5}})
    assert oracle.make_build(cat, half, **build(n=2)).performance == Fraction(935, 1000)
    value, _ = oracle.optimum(cat, {**penalize, "objective": "max_perf", "gpu": {"counts": [2]}})
    assert value == (Fraction(1309, 1000), 353000)
    for cooling in ("blower", "water"):
        cat = v1_cat(set_part(r, "gpus", cooling=cooling))
        assert oracle.check(cat, forbid, build(n=2)) == []
        assert oracle.make_build(cat, penalize, **build(n=2)).performance == Fraction(187, 100)
    # Spaced open-air cards (pitch 3, 2-slot) are neither refused nor penalized.
    cat = v1_cat(set_part(set_part(r, "gpus", cooling="open-air"), "motherboards", slot_pitch=3))
    assert oracle.make_build(cat, penalize, **build(n=2)).performance == Fraction(187, 100)


def test_r9_threads_from_workload_then_scenario_and_lanes() -> None:
    r = set_part(rows(), "workloads", threads_per_gpu=9)
    assert fails(r, n=3) == [] and fails(r, n=4) == ["R9"]  # 27 and 36 threads of 32
    assert fails(r, {"workload": "w", "rules": {"threads_per_gpu": 2}}, n=4) == []
    assert fails(rows(), {"workload": "w", "rules": {"threads_per_gpu": 9}}, n=4) == ["R9"]
    assert fails(rows(), {"workload": "w", "rules": {"min_pcie_lanes_per_gpu": 16}}, n=4) == []
    # 17 lanes per GPU: 4 x 17 = 68 > 64 CPU lanes (R9), and no x16 slot carries 17 (R7).
    assert fails(rows(), {"workload": "w", "rules": {"min_pcie_lanes_per_gpu": 17}}, n=4) == ["R7", "R9"]


def test_r10_psu_headroom_guide_example() -> None:
    # 4 x 250 W + 150 W + 100 W = 1250 W, plus 10% = 1375 W.
    for watts, expected in ((1300, ["R10"]), (1374, ["R10"]), (1375, []), (1400, [])):
        assert fails(set_part(rows(), "psus", wattage=watts), n=4) == expected, watts
    scenario = {"workload": "w", "rules": {"psu_headroom": 0.0, "other_w": 50}}
    assert fails(set_part(rows(), "psus", wattage=1200), scenario, n=4) == []
    assert fails(set_part(rows(), "psus", wattage=1199), scenario, n=4) == ["R10"]


def test_guide_2018_still_picks_the_guides_1400_w_psu() -> None:
    """2018 guide: 4 x 250 W + 150 W + 100 W = 1250 W, +10% = 1375 W, "so a 1400 watts PSU"."""
    r = rows()
    r["psus"] = [
        {**r["psus"][0], "id": f"p{w}", "wattage": str(w), "price_usd": f"{w / 10:.2f}"} for w in (1300, 1400, 1600)
    ]
    scenario = guide({"workload": "w", "objective": "min_cost", "min_perf": 1, "gpu": {"counts": [4]}})
    _, best = oracle.optimum(v1_cat(r), scenario)
    assert [b.psu for b in best] == ["p1400"]


def test_r11_missing_16pin_fed_by_four_8pins() -> None:
    r = set_part(rows(), "gpus", pcie_8pin=0, pcie_16pin=1)
    assert fails(set_part(r, "psus", pcie_16pin=0, pcie_8pin=4)) == []
    assert fails(set_part(r, "psus", pcie_16pin=0, pcie_8pin=3)) == ["R11"]
    assert fails(set_part(r, "psus", pcie_16pin=1, pcie_8pin=4), n=2) == []
    assert fails(set_part(r, "psus", pcie_16pin=1, pcie_8pin=3), n=2) == ["R11"]
    both = set_part(rows(), "gpus", pcie_8pin=1, pcie_16pin=1)
    assert fails(set_part(both, "psus", pcie_16pin=2, pcie_8pin=2), n=2) == []
    assert fails(set_part(both, "psus", pcie_16pin=2, pcie_8pin=1), n=2) == ["R11"]


def test_r12_storage() -> None:
    assert fails(set_part(rows(), "motherboards", m2_slots=0)) == ["R12"]
    assert fails(set_part(set_part(rows(), "motherboards", m2_slots=0), "storage", interface="sata")) == []
    assert fails(set_part(rows(), "storage", capacity_gb=499)) == ["R12"]
    small = {"workload": "w", "rules": {"min_storage_gb": 250}}
    assert fails(set_part(rows(), "storage", capacity_gb=499), small) == []


def test_r12_storage_kind() -> None:
    ssd, nvme = with_rules(storage_kind="ssd"), with_rules(storage_kind="nvme")
    assert fails(rows(), ssd) == ["R12"]  # no drive_type: not known to be an SSD
    assert fails(set_part(rows(), "storage", drive_type="SSD"), ssd) == []
    assert fails(set_part(rows(), "storage", drive_type="hdd"), ssd) == ["R12"]
    assert fails(rows(), nvme) == [] and fails(set_part(rows(), "storage", interface="sata"), nvme) == ["R12"]
    assert fails2(set_part(rec_rows(), "storage", drive_type="unknown")) == ["R12"]  # "recommended" asks an SSD


def test_r14_budget_in_cents_and_skip() -> None:
    assert fails(rows(), {"workload": "w", "budget_usd": 2530}) == []
    assert fails(rows(), {"workload": "w", "budget_usd": 2529.99}) == ["R14"]
    exact = guide({"workload": "w", "budget_usd": 2530, "gpu": {"counts": [1]}})
    assert [b.parts for b in oracle.valid_builds(v1_cat(rows()), exact)] == [tuple(build().values())]
    cat, scenario = v1_cat(rows()), guide({"workload": "w", "budget_usd": 2000})
    assert list(oracle.valid_builds(cat, scenario)) == []
    assert oracle.optimum(cat, scenario) == (None, [])
    assert min(b.cost_cents for b in oracle.valid_builds(cat, scenario, skip={"R14"})) == BASE_COST


def test_r15_exclude_and_require() -> None:
    r = rows()
    r["psus"].append({**r["psus"][0], "id": "p2", "price_usd": "400.00"})
    r["cpus"].append({**r["cpus"][0], "id": "c2"})
    cat = v1_cat(r)
    excl = guide({"workload": "w", "parts": {"exclude": ["psus:p1"]}})
    assert oracle.check(cat, excl, build()) == ["R15"] and oracle.check(cat, excl, build(psu="p2")) == []
    req = guide({"workload": "w", "objective": "min_cost", "min_perf": 1, "parts": {"require": ["psus:p2"]}})
    assert oracle.optimum(cat, req)[0] == (BASE_COST + 10000, 1)
    assert oracle.check(cat, req, build()) == ["R15"]
    assert list(oracle.valid_builds(cat, guide({"workload": "w", "parts": {"require": ["cpus:c1", "cpus:c2"]}}))) == []
    both = guide({"workload": "w", "parts": {"require": ["psus:p2"], "exclude": ["psus:p2"]}})
    assert list(oracle.valid_builds(cat, both)) == []
    r = set_part(r, "cpus", includes_cooler="true")
    cat = v1_cat(r)
    cooler = guide({"workload": "w", "parts": {"require": ["coolers:k1"]}})
    assert oracle.check(cat, cooler, build(cooler=None)) == ["R15"]
    with pytest.raises(ValueError):
        oracle.settings(cat, {"workload": "w", "parts": {"exclude": ["psus:nope"]}})


def test_unrated_gpus_and_perf_column() -> None:
    r = rows()
    r["gpus"].append({**r["gpus"][0], "id": "g2", "chipset": "unknown", "price_usd": "1.00"})
    cat = v1_cat(r)
    assert {b.gpu for b in oracle.valid_builds(cat, GUIDE)} == {"g1"}
    assert oracle.check(cat, GUIDE, build(gpu="g2")) == ["unrated"]
    r = set_part(rows(), "workloads", perf_column="perf_llm")
    r["gpu_models"][0]["perf_llm"] = ""
    assert list(oracle.valid_builds(v1_cat(r), GUIDE)) == []
    r["gpu_models"][0]["perf_llm"] = "0.125"
    value, _ = oracle.optimum(v1_cat(r), guide({"workload": "w", "objective": "max_perf"}))
    assert value[0] == Fraction(125, 1000) * Fraction(366, 100)


# ---- contract v2: catalog defaults and profiles ----


def test_optional_columns_and_files_default_when_absent_or_empty() -> None:
    cat = oracle.catalog_from_rows(rows())
    model, psu = cat["gpu_models"]["ada"], cat["psus"]["p1"]
    assert (model["product_line"], model["power_class"], model["min_power_limit_w"], model["recommended_psu_w"]) == (
        "geforce",
        "default",
        None,
        None,
    )
    assert (psu["efficiency"], psu["input_voltage"], cat["cases"]["case1"]["psu_bays"]) == ("none", "any", 1)
    workload = cat["workloads"]["w"]
    assert (workload["scaling_profile"], workload["min_total_memory_gb"]) == ("training", None)
    assert cat["scaling"] is None and cat["power_limits"] is None
    assert "compute_capability" not in cat["columns"]["gpu_models"]
    # No gpu_slots: slot i at i x pitch, the first on the CPU x16, the others chipset x4 (flagged inferred).
    board = cat["motherboards"]["b1"]
    assert board["inferred_wiring"] and board["gpu_slots"] == (
        oracle.Slot(0, "cpu", 16, 3),
        oracle.Slot(2, "chipset", 4, 3),
        oracle.Slot(4, "chipset", 4, 3),
        oracle.Slot(6, "chipset", 4, 3),
    )
    empty = set_part(
        set_part(set_part(rows(), "psus", efficiency="", input_voltage=""), "cases", psu_bays=""),
        "gpu_models",
        product_line="",
        power_class="",
        compute_capability="",
    )
    cat = oracle.catalog_from_rows(empty)
    psu, model = cat["psus"]["p1"], cat["gpu_models"]["ada"]
    assert (psu["efficiency"], psu["input_voltage"], cat["cases"]["case1"]["psu_bays"]) == ("none", "any", 1)
    assert (model["product_line"], model["power_class"]) == ("geforce", "default")
    assert "compute_capability" in cat["columns"]["gpu_models"] and model["compute_capability"] is None
    given_ = set_part(rows(), "motherboards", x16_slots=3, gpu_slots="0:CPU:8:4; 3:cpu:8:4;6:Chipset:4:3")
    board = oracle.catalog_from_rows(given_)["motherboards"]["b1"]
    assert not board["inferred_wiring"] and board["gpu_slots"] == (
        oracle.Slot(0, "cpu", 8, 4),
        oracle.Slot(3, "cpu", 8, 4),
        oracle.Slot(6, "chipset", 4, 3),
    )
    with pytest.raises(ValueError):  # x16_slots says 4
        oracle.catalog_from_rows(set_part(rows(), "motherboards", gpu_slots="0:cpu:8:4;3:cpu:8:4"))


def test_profiles_pick_defaults_and_explicit_keys_win() -> None:
    cat = oracle.catalog_from_rows(rec_rows())
    keys = (
        "profile",
        "power_limit",
        "recommended_psu",
        "min_ram_gb",
        "ram_per_total_vram",
        "psu_min_efficiency",
        "psu_efficiency_above_w",
        "storage_kind",
        "min_compute_capability",
        "chipset_slots",
        "chipset_penalty",
        "circuit",
        "max_wall_watts",
        "dual_psu",
    )
    rec, old = oracle.settings(cat, {"workload": "w"}), oracle.settings(cat, GUIDE)
    assert tuple(getattr(rec, k) for k in keys) == (
        "recommended",
        "allow",
        "meet",
        32,
        Fraction(1, 2),
        "gold",
        750,
        "ssd",
        Fraction(15, 2),
        "forbid",
        Fraction(15, 100),
        "none",
        0,
        "off",
    )
    assert tuple(getattr(old, k) for k in keys) == (
        "guide-2018",
        "off",
        "ignore",
        0,
        0,
        "none",
        750,
        "any",
        0,
        "forbid",
        Fraction(15, 100),
        "none",
        0,
        "off",
    )
    assert oracle.settings(cat, with_rules(profile="guide-2018", min_ram_gb=64)).min_ram_gb == 64
    assert oracle.settings(cat, with_rules(min_compute_capability=0)).min_compute_capability == 0
    assert oracle.settings(cat, with_rules(profile="Guide-2018", circuit="US_15A")).circuit == "us_15a"
    for bad in (
        {"profile": "2023"},
        {"circuit": "us_30a"},
        {"chipset_penalty": 1.0},
        {"psu_min_efficiency": "diamond"},
        {"power_limit": "on"},
        {"dual_psu": "yes"},
    ):
        with pytest.raises(ValueError):
            oracle.settings(cat, {"workload": "w", "rules": bad})
    # Pooled memory: the workload's column, then [gpu] min_total_memory_gb.
    pooled = oracle.catalog_from_rows(set_part(rec_rows(), "workloads", min_total_memory_gb=48))
    assert oracle.settings(pooled, {"workload": "w"}).min_total_memory_gb == 48
    assert oracle.settings(pooled, {"workload": "w", "gpu": {"min_total_memory_gb": 0}}).min_total_memory_gb == 0


def test_every_rule_holds_for_the_recommended_base() -> None:
    for n, k in ((1, 1), (2, 1), (3, 2), (4, 2)):
        assert fails2(rec_rows(), n=n, k=k) == [], n
    assert fails2(rec_rows(), n=4, k=1) == ["R16"]  # 0.5 x 96 GB of VRAM = 48 GB > 32 GB


# ---- R1: speed-up tables ----

SCALING = [
    {"profile": "training", "product_line": "geforce", "chipset": "", "gpus": "1", "speedup": "1.000"},
    {"profile": "training", "product_line": "geforce", "chipset": "", "gpus": "2", "speedup": "1.500"},
    {"profile": "training", "product_line": "geforce", "chipset": "ada", "gpus": "2", "speedup": "1.600"},
    {"profile": "training", "product_line": "workstation", "chipset": "", "gpus": "1", "speedup": "1"},
    {"profile": "training", "product_line": "workstation", "chipset": "", "gpus": "2", "speedup": "1.9"},
    {"profile": "training", "product_line": "workstation", "chipset": "", "gpus": "3", "speedup": "2.8"},
    {"profile": "LLM-token-generation", "product_line": "GeForce", "chipset": "", "gpus": "1", "speedup": "1"},
    {"profile": "llm-token-generation", "product_line": "geforce", "chipset": "", "gpus": "2", "speedup": "0.97"},
]


def test_r1_speedup_from_the_scaling_table() -> None:
    r = {**rec_rows(), "scaling": SCALING}
    cat = oracle.catalog_from_rows(r)
    s, gpu = oracle.settings(cat, {"workload": "w"}), cat["gpus"]["g1"]
    # No product_line: geforce. The chipset row beats the line's row; a count without a row is not allowed.
    assert [oracle.speedup(cat, s, gpu, n) for n in (1, 2, 3)] == [1, Fraction(8, 5), None]
    assert fails2(r, n=2) == [] and fails2(r, n=3, k=2) == ["R1"]
    assert oracle.make_build(cat, s, **build(n=2)).performance == Fraction(8, 5)
    # A workstation card reads its own line; the geforce chipset row does not apply.
    ws = oracle.catalog_from_rows(
        {**set_part(rec_rows(), "gpu_models", product_line="Workstation"), "scaling": SCALING}
    )
    assert [oracle.speedup(ws, s, ws["gpus"]["g1"], n) for n in (2, 3, 4)] == [Fraction(19, 10), Fraction(14, 5), None]
    # The workload's profile picks the rows (enumerations are case-insensitive).
    llm = oracle.catalog_from_rows(
        {**set_part(rec_rows(), "workloads", scaling_profile="llm-token-generation"), "scaling": SCALING}
    )
    assert oracle.speedup(llm, oracle.settings(llm, {"workload": "w"}), llm["gpus"]["g1"], 2) == Fraction(97, 100)
    # The scenario's table replaces every table; no file at all means v1's default table.
    scenario = with_rules(scaling={"1": 1.0, "2": 1.25, "3": 1.5, "4": 1.75})
    assert oracle.speedup(cat, oracle.settings(cat, scenario), gpu, 3) == Fraction(3, 2)
    plain = oracle.catalog_from_rows(rec_rows())
    plain_s = oracle.settings(plain, {"workload": "w"})
    assert oracle.speedup(plain, plain_s, plain["gpus"]["g1"], 4) == Fraction(366, 100)
    # A header-only scaling.csv has no row for any count: nothing is allowed.
    assert fails2({**rec_rows(), "scaling": []}) == ["R1"]


# ---- R2: pooled memory ----


def test_r2_pooled_memory_across_cards() -> None:
    at = {"workload": "w", "gpu": {"min_total_memory_gb": 48}}
    assert fails2(rec_rows(), at, n=2) == [] and fails2(rec_rows(), at) == ["R2"]  # 2 x 24 = 48; 1 x 24 < 48
    assert fails2(rec_rows(), {"workload": "w", "gpu": {"min_total_memory_gb": 49}}, n=2) == ["R2"]
    assert fails2(rec_rows(), {"workload": "w", "gpu": {"min_total_memory_gb": 49}}, n=3, k=2) == []
    assert fails2(set_part(rec_rows(), "workloads", min_total_memory_gb=48), n=1) == ["R2"]
    value, best = oracle.optimum(oracle.catalog_from_rows(rec_rows()), {**at, "objective": "min_cost", "min_perf": 0.1})
    assert [b.n for b in best] == [2]


# ---- R6 and cost: a second PSU ----


def test_r6_psu_bays_and_dual_psu_cost() -> None:
    dual = with_rules(dual_psu="allow")
    assert fails2(rec_rows(), n=1, m=2) == ["build"]  # dual_psu is off by default
    assert fails2(rec_rows(), dual, m=2) == ["R6"]  # one bay by default
    two_bays = set_part(rec_rows(), "cases", psu_bays=2)
    assert fails2(two_bays, dual, m=2) == []
    assert fails2(set_part(rec_rows(), "cases", psu_bays=1), dual, m=2) == ["R6"]
    assert oracle.cost_cents(oracle.catalog_from_rows(two_bays), build(m=2)) == BASE_COST + 30000
    assert {b.m for b in oracle.valid_builds(oracle.catalog_from_rows(two_bays), dual)} == {1, 2}


# ---- R7, R8, R9: wiring ----

X8X8 = "0:cpu:8:4;3:cpu:8:4;6:chipset:4:3"  # an x8/x8 board with a third, chipset x4 slot
B550 = "0:cpu:16:4;3:chipset:4:3"  # a budget board: the second x16-length slot is chipset x4


def wired(slots: str, **scenario_rules) -> tuple[dict, dict]:
    r = set_part(rec_rows(), "motherboards", gpu_slots=slots, x16_slots=len(slots.split(";")))
    return r, with_rules(**scenario_rules)


def test_r7_x8_x8_board_against_a_chipset_x4_second_slot() -> None:
    r, rec = wired(X8X8)
    cat = oracle.catalog_from_rows(r)
    assert fails2(r, rec, n=2) == []
    lay = oracle.make_build(cat, rec, **build(n=2)).layout
    assert (lay.positions, lay.adjacent, lay.uses_chipset, lay.factor) == ((0, 3), False, False, 1)
    assert fails2(r, rec, n=3, k=2) == ["R7"]  # the third slot is on the chipset
    b550, rec = wired(B550)
    assert fails2(b550, rec, n=1) == [] and fails2(b550, rec, n=2) == ["R7"]
    penalize = with_rules(chipset_slots="penalize")
    assert fails2(b550, penalize, n=2) == []
    b = oracle.make_build(oracle.catalog_from_rows(b550), penalize, **build(n=2))
    assert b.layout.uses_chipset and b.performance == Fraction(187, 100) * Fraction(85, 100)
    x2, _ = wired("0:cpu:16:4;3:chipset:2:3")
    assert fails2(x2, penalize, n=2) == ["R7"]  # an x2 link is never usable


def test_r7_cpu_slot_lanes_at_the_limit() -> None:
    r, _ = wired(X8X8)
    assert fails2(r, with_rules(min_pcie_lanes_per_gpu=8), n=2) == []
    assert fails2(r, with_rules(min_pcie_lanes_per_gpu=9), n=2) == ["R7"]  # x8 CPU slots no longer usable
    assert fails2(r, with_rules(min_pcie_lanes_per_gpu=9, chipset_slots="penalize"), n=1) == []  # the chipset x4


def test_r7_gap_and_span_at_the_limit() -> None:
    r, rec = wired("0:cpu:8:4;2:cpu:8:4")
    assert fails2(r, rec, n=2) == []  # gap 2 = width 2
    assert fails2(set_part(r, "gpus", slot_width="2.5"), rec, n=2) == ["R7"]  # gap 2 < 2.5
    r, rec = wired(X8X8)
    assert fails2(set_part(r, "cases", expansion_slots=5), rec, n=2) == []  # span 3 + 2 = 5
    assert fails2(set_part(r, "cases", expansion_slots=4), rec, n=2) == ["R7"]


def test_r8_layout_choice_by_factor_then_chipset_then_spacing() -> None:
    r, _ = wired("0:cpu:16:4;2:cpu:16:4;4:chipset:4:4")
    r = set_part(r, "gpus", cooling="open-air")
    cat = oracle.catalog_from_rows(r)

    def chosen(**rules):
        lay = oracle.make_build(cat, with_rules(chipset_slots="penalize", **rules), **build(n=2)).layout
        return tuple(int(p) for p in lay.positions), lay.factor

    # (0, 2) CPU but adjacent: 0.7; (0, 4) spaced on the chipset: 0.85; (2, 4) both: 0.595.
    assert chosen(adjacent_open_air="penalize") == ((0, 4), Fraction(85, 100))
    # Equal factors (0.7 each): not using the chipset wins.
    assert chosen(adjacent_open_air="penalize", chipset_penalty=0.3) == ((0, 2), Fraction(7, 10))
    # Adjacent open-air cards forbidden: only (0, 4) is valid.
    assert chosen(adjacent_open_air="forbid", chipset_penalty=0.3) == ((0, 4), Fraction(7, 10))
    assert oracle.check(cat, with_rules(), build(n=2)) == ["R8"]  # chipset forbidden: (0, 2) only, adjacent


def test_r9_counts_lanes_of_cpu_attached_cards_only() -> None:
    b550, _ = wired(B550)
    penalize = with_rules(chipset_slots="penalize")
    assert fails2(set_part(b550, "cpus", pcie_lanes=8), penalize, n=2) == []  # one card on the CPU: 8 lanes
    assert fails2(set_part(b550, "cpus", pcie_lanes=7), penalize, n=2) == ["R9"]
    x8x8, rec = wired(X8X8)
    assert fails2(set_part(x8x8, "cpus", pcie_lanes=16), rec, n=2) == []
    assert fails2(set_part(x8x8, "cpus", pcie_lanes=15), rec, n=2) == ["R9"]


# ---- power levels ----

LIMITS = [
    {"power_class": "default", "level_pct": "80", "factor": "0.9"},
    {"power_class": "default", "level_pct": "60", "factor": "0.75"},
    {"power_class": "ampere", "level_pct": "70", "factor": "0.8"},
]


def test_power_levels_and_the_firmware_floor() -> None:
    r = {**rec_rows(), "power_limits": LIMITS}
    cat = oracle.catalog_from_rows(r)
    s, gpu = oracle.settings(cat, {"workload": "w"}), cat["gpus"]["g1"]
    assert oracle.power_levels(cat, s, gpu) == {100: 1, 80: Fraction(9, 10), 60: Fraction(3, 4)}
    assert [oracle.gpu_watts(gpu, level) for level in (100, 80, 60)] == [250, 200, 150]
    assert fails2(r, level=60) == [] and fails2(r, level=70) == ["build"]
    # 60% of 250 W = 150 W: allowed at a 150 W floor, not at 151 W.
    assert fails2(set_part(r, "gpu_models", min_power_limit_w=150), level=60) == []
    assert fails2(set_part(r, "gpu_models", min_power_limit_w=151), level=60) == ["build"]
    assert fails2(r, GUIDE, level=80) == ["build"]  # power_limit off
    assert fails2(r, with_rules(power_limit="off"), level=80) == ["build"]
    ampere = oracle.catalog_from_rows(
        set_part({**rec_rows(), "power_limits": LIMITS}, "gpu_models", power_class="ampere")
    )
    assert oracle.power_levels(ampere, s, ampere["gpus"]["g1"]) == {100: 1, 70: Fraction(4, 5)}
    # tdp_w with decimals: kept at 100%, floored below.
    odd = oracle.catalog_from_rows(set_part({**rec_rows(), "power_limits": LIMITS}, "gpus", tdp_w="250.5"))
    odd = odd["gpus"]["g1"]
    assert (oracle.gpu_watts(odd, 100), oracle.gpu_watts(odd, 80)) == (Fraction(501, 2), 200)
    b = oracle.make_build(cat, s, **build(n=2, level=80))
    assert (b.performance, b.dc_w) == (Fraction(187, 100) * Fraction(9, 10), 2 * 200 + 150 + 100)


def test_optimum_lowers_the_power_level_when_the_psu_needs_it() -> None:
    # 4 cards at 100%: 1.1 x 1250 W = 1375 W > 1200 W; at 80%: 1.1 x (800 + 250) = 1155 W fits.
    r = set_part({**rec_rows(), "power_limits": LIMITS}, "psus", wattage=1200)
    cat = oracle.catalog_from_rows(r)
    value, best = oracle.optimum(cat, {"workload": "w", "objective": "max_perf", "gpu": {"counts": [4]}})
    assert value[0] == Fraction(366, 100) * Fraction(9, 10) and {b.level for b in best} == {80}
    assert fails2(r, n=4, k=2) == ["R10"] and fails2(r, n=4, k=2, level=80) == []


# ---- R10, R11: recommended power and a second PSU ----


def test_r10_makers_recommended_system_power() -> None:
    # One card: the PSU (2000 W) covers the maker's figure itself; each further card adds its own power.
    assert fails2(set_part(rec_rows(), "gpu_models", recommended_psu_w=2000)) == []
    assert fails2(set_part(rec_rows(), "gpu_models", recommended_psu_w=2001)) == ["R10"]
    assert fails2(set_part(rec_rows(), "gpu_models", recommended_psu_w=1250), n=4, k=2) == []  # 1250 + 3 x 250
    assert fails2(set_part(rec_rows(), "gpu_models", recommended_psu_w=1251), n=4, k=2) == ["R10"]
    too_high = set_part(rec_rows(), "gpu_models", recommended_psu_w=2001)
    assert fails2(too_high, with_rules(recommended_psu="ignore")) == [] and fails2(too_high, GUIDE) == []
    # At 80% each further card adds 200 W: 1400 + 3 x 200 = 2000.
    limited = set_part({**rec_rows(), "power_limits": LIMITS}, "gpu_models", recommended_psu_w=1400)
    assert fails2(limited, n=4, k=2, level=80) == [] and fails2(limited, n=4, k=2) == ["R10"]


def test_r10_and_r11_with_two_psus() -> None:
    # 4 x 250 + 150 + 100 = 1250 W, + 10% = 1375 W: one 1000 W unit is short, two are not.
    r = set_part(set_part(rec_rows(), "psus", wattage=1000), "cases", psu_bays=2)
    dual = with_rules(dual_psu="allow")
    assert fails2(r, dual, n=4, k=2) == ["R10"] and fails2(r, dual, n=4, k=2, m=2) == []
    assert fails2(set_part(r, "psus", wattage=687), dual, n=4, k=2, m=2) == ["R10"]  # 1374 < 1375
    assert fails2(set_part(r, "psus", wattage="687.5"), dual, n=4, k=2, m=2) == []
    # Four 16-pin cards: 4 x max(0, 4 - m x 1) eight-pin leads stand in, of m x psu.pcie_8pin.
    c16 = set_part(set_part(r, "gpus", pcie_8pin=0, pcie_16pin=1), "psus", pcie_16pin=1, pcie_8pin=4)
    assert fails2(c16, dual, n=4, k=2, m=2) == []  # 4 x 2 = 8 <= 2 x 4
    assert fails2(set_part(c16, "psus", pcie_8pin=3), dual, n=4, k=2, m=2) == ["R11"]  # 8 > 6
    one = set_part(c16, "psus", wattage=2000, pcie_8pin=12)
    assert fails2(one, dual, n=4, k=2) == []  # one unit: 4 x (4 - 1) = 12 <= 12
    assert fails2(set_part(one, "psus", pcie_8pin=11), dual, n=4, k=2) == ["R11"]


# ---- R13: power at the wall ----


def test_efficiency_curves_by_hand() -> None:
    eff = oracle.efficiency_pct
    assert eff("gold", 115, Fraction(375, 1000)) == Fraction(355, 4)  # 87 + 3 x 17.5 / 30 = 88.75
    assert eff("platinum", 115, Fraction(1500, 1600)) == Fraction(715, 8)  # 92 - 3 x 0.4375 / 0.5 = 89.375
    assert [eff("gold", 115, Fraction(x, 100)) for x in (20, 50, 100)] == [87, 90, 87]
    # Below the lowest point: its value minus 5.
    assert [eff("gold", 115, Fraction(19, 100)), eff("titanium", 115, Fraction(1, 20))] == [82, 85]
    assert eff("titanium", 115, Fraction(1, 10)) == 90
    assert [eff("none", 115, Fraction(19, 100)), eff("none", 115, Fraction(1, 5)), eff("none", 230, 1)] == [60, 70, 70]
    assert [eff("plus", 115, Fraction(1, 2)), eff("plus", 230, Fraction(1, 2)), eff("gold", 230, Fraction(1, 2))] == [
        80,
        85,
        92,
    ]
    assert eff("titanium", 230, Fraction(3, 4)) == Fraction(187, 2)  # 96 - 5 x 0.25 / 0.5 = 93.5


def test_r13_wall_watts_at_the_limit() -> None:
    # 2 x 250 + 150 + 250 = 900 W DC on an 1800 W Gold unit: 50% load, 90%: exactly 1000 W at the wall.
    r = set_part(rec_rows(), "psus", wattage=1800, efficiency="gold")
    at = with_rules(other_w=250, max_wall_watts=1000)
    assert fails2(r, at, n=2) == [] and fails2(r, with_rules(other_w=250, max_wall_watts=999), n=2) == ["R13"]
    assert oracle.make_build(oracle.catalog_from_rows(r), at, **build(n=2)).wall_w == 1000
    # Interpolated: 750 W on 2000 W Gold is 37.5% load, 88.75%: 845.07 W.
    r = set_part(rec_rows(), "psus", efficiency="gold")
    assert fails2(r, with_rules(max_wall_watts=846), n=2) == []
    assert fails2(r, with_rules(max_wall_watts=845), n=2) == ["R13"]
    # v1 compared DC watts (750 <= 750); at the wall an unrated unit at 37.5% load (70%) draws 1071.4 W.
    assert fails(rows(), with_rules(max_wall_watts=1072), n=2) == []
    assert fails(rows(), with_rules(max_wall_watts=1071), n=2) == ["R13"]
    # No limit: R13 passes but the draw is still computed.
    b = oracle.make_build(oracle.catalog_from_rows(r), {"workload": "w"}, **build(n=2))
    assert b.wall_w == Fraction(60000, 71) and b.wall_watts_shown == 846


def test_r13_four_power_limited_cards_on_one_platinum_psu() -> None:
    """4 x 350 W cards at 80% (280 W) + a 280 W CPU + 100 W = 1500 W DC on one 1600 W Platinum unit: 93.75% load,
    89.375% efficient, 1678.3 W at the wall: over a US 15 A circuit (1440 W), within a 20 A one (1920 W)."""
    r = set_part(set_part({**rec_rows(), "power_limits": LIMITS}, "gpus", tdp_w=350), "cpus", tdp_w=280)
    r = set_part(r, "psus", wattage=1600)
    rules = {"psu_headroom": 0.05, "circuit": "us_20a"}  # 1.05 x 1500 = 1575 W <= 1600 W
    b = oracle.make_build(oracle.catalog_from_rows(r), with_rules(**rules), **build(n=4, k=2, level=80))
    assert (b.dc_w, b.wall_w, b.wall_watts_shown) == (1500, Fraction(150000 * 8, 715), 1679)
    assert fails2(r, with_rules(**rules), n=4, k=2, level=80) == []
    assert fails2(r, with_rules(**{**rules, "circuit": "us_15a"}), n=4, k=2, level=80) == ["R13"]
    assert fails2(r, with_rules(psu_headroom=0.05), n=4, k=2) == ["R10"]  # at 100%: 1780 W DC
    # At 70% (this class has no such level, so give one): 1360 W DC, 89.9%, 1512.8 W: still over 15 A.
    seventy = {**r, "power_limits": LIMITS + [{"power_class": "default", "level_pct": "70", "factor": "0.8"}]}
    assert fails2(seventy, with_rules(**{**rules, "circuit": "us_15a"}), n=4, k=2, level=70) == ["R13"]
    four = {**with_rules(**rules), "objective": "max_perf", "gpu": {"counts": [4]}}
    _, best = oracle.optimum(oracle.catalog_from_rows(r), four)
    assert {(b.level, b.wall_watts_shown) for b in best} == {(80, 1679)}


def test_r13_voltage_classes_and_230v_units() -> None:
    # 900 W DC on 1800 W Gold at 50%: 90% at 115 V (1000 W), 92% at 230 V (978.3 W).
    r = set_part(rec_rows(), "psus", wattage=1800, efficiency="gold")
    cat, ids = oracle.catalog_from_rows(r), build(n=2)
    eu = with_rules(other_w=250, circuit="eu_16a")
    assert oracle.make_build(cat, eu, **ids).wall_w == Fraction(90000, 92)
    assert oracle.make_build(cat, with_rules(other_w=250, circuit="eu_16a", max_wall_watts=3000), **ids).wall_w == 1000
    only230 = set_part(r, "psus", input_voltage="230V")
    for circuit, expected in (("us_15a", ["R13"]), ("us_20a", ["R13"]), ("eu_16a", []), ("uk_13a", []), ("none", [])):
        assert fails2(only230, with_rules(circuit=circuit), n=2) == expected, circuit
    assert fails2(only230, with_rules(max_wall_watts=5000), n=2) == ["R13"]  # a bare limit is taken as 115 V


def test_r13_load_splits_over_two_psus() -> None:
    # 1250 W DC on 2 x 1000 W Gold: 62.5% each, 90 - 3 x 0.125 / 0.5 = 89.25%: 1400.56 W at the wall.
    r = set_part(set_part(rec_rows(), "psus", wattage=1000, efficiency="gold"), "cases", psu_bays=2)
    scenario = with_rules(dual_psu="allow", max_wall_watts=1401)
    assert fails2(r, scenario, n=4, k=2, m=2) == []
    assert fails2(r, with_rules(dual_psu="allow", max_wall_watts=1400), n=4, k=2, m=2) == ["R13"]


# ---- R16, R17, R18: the recommended floors ----


def test_r16_system_ram_floor() -> None:
    assert fails2(rec_rows()) == []  # 32 GB
    assert fails2(rec_rows(), with_rules(min_ram_gb=33)) == ["R16"]
    assert fails2(rec_rows(), with_rules(min_ram_gb=33), k=2) == []
    # Two 24 GB cards: 0.5 x 48 = 24 <= 32; 1 x 48 (Bekman's) > 32.
    assert fails2(rec_rows(), n=2) == [] and fails2(rec_rows(), with_rules(ram_per_total_vram=1.0), n=2) == ["R16"]
    assert fails2(rec_rows(), with_rules(ram_per_total_vram=1.0), n=2, k=2) == []  # 64 >= 48
    assert fails2(rec_rows(), with_rules(ram_per_total_vram=2.0)) == []  # one card: only min_ram_gb
    small = set_part(set_part(rec_rows(), "memory", module_gb=8), "gpus", memory_gb=16)  # R3: 16 GB for 16 GB
    assert fails2(small) == ["R16"] and fails2(small, GUIDE) == []  # 16 GB < 32 GB; no floor in guide-2018


def test_r16_ratio_exactly_at_the_limit() -> None:
    # Two 32 GB cards with Bekman's ratio 1: 64 GB of VRAM against two kits, 64 GB; a 33 GB card is one beyond.
    bekman = with_rules(ram_per_total_vram=1.0)
    assert fails2(set_part(rec_rows(), "gpus", memory_gb=32), bekman, n=2, k=2) == []
    assert fails2(set_part(rec_rows(), "gpus", memory_gb=33), bekman, n=2, k=2) == ["R16"]


def test_r17_psu_efficiency_floor() -> None:
    def none(**cells):
        return set_part(rec_rows(), "psus", efficiency="none", **cells)

    assert fails2(none(wattage=750)) == []  # not above 750 W
    assert fails2(none(wattage=751)) == ["R17"]
    assert fails2(set_part(rec_rows(), "psus", wattage=751, efficiency="gold")) == []
    assert fails2(set_part(rec_rows(), "psus", wattage=751, efficiency="silver")) == ["R17"]
    assert fails2(set_part(rec_rows(), "psus", efficiency="gold"), with_rules(psu_min_efficiency="platinum")) == ["R17"]
    assert fails2(set_part(rec_rows(), "psus", efficiency="titanium"), with_rules(psu_min_efficiency="platinum")) == []
    assert fails2(none(), with_rules(psu_efficiency_above_w=2000)) == []  # the unit has 2000 W
    assert fails2(none(), with_rules(psu_efficiency_above_w=1999)) == ["R17"]
    assert fails2(none(), GUIDE) == []  # guide-2018 asks no rating


def test_r18_compute_capability() -> None:
    assert fails2(set_part(rec_rows(), "gpu_models", compute_capability="7.5")) == []
    assert fails2(set_part(rec_rows(), "gpu_models", compute_capability="7.4")) == ["R18"]
    assert fails2(set_part(rec_rows(), "gpu_models", compute_capability="12.0")) == []  # a number, not text
    assert fails2(set_part(rec_rows(), "gpu_models", compute_capability="")) == ["R18"]  # unknown fails
    old = set_part(rec_rows(), "gpu_models", compute_capability="7.4")
    assert fails2(old, with_rules(min_compute_capability=7.4)) == []
    assert fails2(old, with_rules(min_compute_capability=0)) == []
    # No column at all: not checked, and said so.
    r = rec_rows()
    del r["gpu_models"][0]["compute_capability"]
    cat = oracle.catalog_from_rows(r)
    assert oracle.check(cat, {"workload": "w"}, build()) == []
    assert set(oracle.unchecked(cat, {"workload": "w"})) == {"R18"} and oracle.unchecked(cat, GUIDE) == {}


# ---- guide-2018 reproduces v1 ----


@pytest.mark.parametrize("seed", [*v1_answers.SEEDS, *v1_answers.FRONTIER_SEEDS])
def test_guide_2018_reproduces_the_v1_enumerators_answers(seed: int) -> None:
    """The valid builds, their costs and performance, each objective's optima and the frontier of every v1
    instance, under guide-2018 with v1's wiring written out, are what the v1 enumerator recorded (R13 aside when
    max_wall_watts > 0: v1 measured DC watts)."""
    recorded = json.loads(v1_answers.RECORD.read_text(encoding="utf-8"))[str(seed)]
    r, scenario = gen.guide_2018_instance(seed)
    got = v1_answers.summary(oracle, oracle.catalog_from_rows(r), scenario, seed in v1_answers.FRONTIER_SEEDS)
    assert json.loads(json.dumps(got)) == recorded


def test_the_record_holds_answers_worth_comparing() -> None:
    recorded = json.loads(v1_answers.RECORD.read_text(encoding="utf-8"))
    feasible = [seed for seed in map(str, v1_answers.SEEDS) if recorded[seed]["valid"]]
    assert len(feasible) >= 80 and sum(recorded[seed]["valid"] for seed in feasible) > 10000
    assert sum(len(recorded[str(seed)]["frontier"]) for seed in v1_answers.FRONTIER_SEEDS) >= 40


# ---- objectives and frontier ----


def two_model_catalog() -> dict:
    """Slow card (0.5, $500) and fast card (1.0, $1000); the rest costs $1530; 1 or 2 cards, spaced."""
    r = rows()
    r["gpu_models"] = [{"chipset": "fast", "perf": "1.000"}, {"chipset": "slow", "perf": "0.500"}]
    r["gpus"] = [
        {**r["gpus"][0], "id": "gA", "chipset": "slow", "price_usd": "500.00"},
        {**r["gpus"][0], "id": "gB", "chipset": "fast", "price_usd": "1000.00"},
    ]
    return v1_cat(r)


TWO = guide({"workload": "w", "gpu": {"counts": [1, 2]}})


def test_frontier_by_hand() -> None:
    # A1 $2030 0.5; A2 $2530 0.935 (dominated by B1 $2530 1.0); B2 $3530 1.87; extra kits only add cost.
    expected = [(203000, Fraction(1, 2)), (253000, 1), (353000, Fraction(187, 100))]
    assert oracle.pareto(two_model_catalog(), TWO) == expected
    assert oracle.pareto(two_model_catalog(), {**TWO, "budget_usd": 3529.99}) == [(203000, Fraction(1, 2)), (253000, 1)]


def test_objectives_by_hand() -> None:
    cat = two_model_catalog()
    value, best = oracle.optimum(cat, TWO, "perf_per_dollar")
    assert value == Fraction(187, 100) / 3530 and [(b.gpu, b.n, b.k) for b in best] == [("gB", 2, 1)]
    value, best = oracle.optimum(cat, TWO, "max_perf")  # four kit counts reach 1.87; the cheapest wins
    assert value == (Fraction(187, 100), 353000) and [(b.gpu, b.n, b.k) for b in best] == [("gB", 2, 1)]
    # A2 and B1 tie at $2530; the faster one wins.
    value, best = oracle.optimum(cat, {**TWO, "objective": "min_cost", "min_perf": 0.9})
    assert value == (253000, 1) and [(b.gpu, b.n, b.k) for b in best] == [("gB", 1, 1)]
    assert oracle.optimum(cat, {**TWO, "objective": "min_cost", "min_perf": 1.87})[0] == (353000, Fraction(187, 100))
    assert oracle.optimum(cat, {**TWO, "objective": "min_cost", "min_perf": 1.871}) == (None, [])
    with pytest.raises(ValueError):
        oracle.optimum(cat, TWO, "min_cost")  # min_cost without min_perf


def test_all_tied_optima_are_returned() -> None:
    r = rows()
    r["gpus"].append({**r["gpus"][0], "id": "g2"})
    value, best = oracle.optimum(v1_cat(r), guide({"workload": "w", "gpu": {"counts": [1]}}))
    assert value == Fraction(1, 2530) and sorted(b.gpu for b in best) == ["g1", "g2"]


def test_scenario_scaling_replaces_the_default() -> None:
    cat = two_model_catalog()
    scenario = {**TWO, "rules": {**TWO["rules"], "scaling": {"1": 1.0, "2": 1.5}}}
    assert oracle.optimum(cat, scenario, "max_perf")[0] == (Fraction(3, 2), 353000)
    with pytest.raises(ValueError):  # counts 3 and 4 have no scaling entry
        oracle.settings(cat, {"workload": "w", "rules": {"scaling": {"1": 1.0, "2": 1.5}}})


def test_optimum_enumerates_levels_and_psu_counts() -> None:
    """One 1000 W unit carries 4 cards only at 60% (1.1 x 850 = 935 W; 80% needs 1155 W); a pair carries them at
    any level (1375 W <= 2000 W). max_perf takes the pair; min_cost for 2.7 the single unit at 3.66 x 0.75."""
    r = set_part(set_part({**rec_rows(), "power_limits": LIMITS}, "psus", wattage=1000), "cases", psu_bays=2)
    cat = oracle.catalog_from_rows(r)
    scenario = {"workload": "w", "rules": {"dual_psu": "allow"}, "gpu": {"counts": [4]}}
    value, best = oracle.optimum(cat, {**scenario, "objective": "max_perf"})
    assert value == (Fraction(366, 100), BASE_COST + 3 * 100000 + 100 * 100 + 30000)
    assert {(b.level, b.m) for b in best} == {(100, 2)}
    value, best = oracle.optimum(cat, {**scenario, "objective": "min_cost", "min_perf": 2.7})
    assert value == (BASE_COST + 3 * 100000 + 100 * 100, Fraction(366, 100) * Fraction(3, 4))
    assert {(b.level, b.m) for b in best} == {(60, 1)}
    levels_and_units = {(b.level, b.m) for b in oracle.valid_builds(cat, scenario) if b.k == 2}
    assert levels_and_units == {(60, 1), (100, 2), (80, 2), (60, 2)}


# ---- the smart enumeration against the plain product ----


def all_builds(cat: dict, s: oracle.Settings):
    """Every combination, the cooler always optional, n over every count with a speed-up, every power level the GPU
    may run at and every PSU count; check() decides."""
    kmax = int(max(b["memory_slots"] for b in cat["motherboards"].values()))
    for g, c, b, m, k, p, case, cooler, d in itertools.product(
        cat["gpus"].values(),
        cat["cpus"],
        cat["motherboards"],
        cat["memory"],
        range(1, kmax + 1),
        cat["psus"],
        cat["cases"],
        [*cat["coolers"], None],
        cat["storage"],
    ):
        for n in oracle.counts_of(cat, s, g, r1_on=False):
            for level in oracle.power_levels(cat, s, g):
                for units in s.psu_counts:
                    yield {
                        "gpu": g["id"],
                        "n": n,
                        "cpu": c,
                        "board": b,
                        "memory": m,
                        "k": k,
                        "psu": p,
                        "case": case,
                        "cooler": cooler,
                        "storage": d,
                        "level": level,
                        "m": units,
                    }


def small_seeds(limit: int, count: int) -> list[int]:
    found = []
    for seed in itertools.count():
        r, scenario = gen.random_instance(seed)
        s = oracle.settings(oracle.catalog_from_rows(r), scenario)
        size = len(r["gpus"]) * 8 * 8 * (len(r["coolers"]) + 1) * 4 * len(s.psu_counts)
        size *= len(r["cpus"]) * len(r["motherboards"]) * len(r["memory"]) * len(r["psus"]) * len(r["cases"])
        if size * len(r["storage"]) <= limit:
            found.append(seed)
        if len(found) == count:
            return found


@pytest.mark.parametrize("seed", small_seeds(40000, 16))
def test_valid_builds_agree_with_check(seed: int) -> None:
    r, scenario = gen.random_instance(seed)
    cat = oracle.catalog_from_rows(r)
    s = oracle.settings(cat, scenario)
    skips = [(), ("R14",), tuple(random.Random(seed).sample(oracle.RULES, 2))]
    verdicts = [(ids, oracle.check(cat, s, ids)) for ids in all_builds(cat, s)]
    for skip in skips:
        expected = {oracle.make_build(cat, s, **ids) for ids, failed in verdicts if set(failed) <= set(skip)}
        got = list(oracle.valid_builds(cat, scenario, skip=skip))
        assert len(got) == len(set(got)) and set(got) == expected, skip


# ---- the generator ----


def test_scenario_toml_round_trips(tmp_path: Path) -> None:
    for seed in range(40):
        for instance in (gen.random_instance, gen.guide_2018_instance):
            _, scenario = instance(seed)
            path = gen.write_scenario(scenario, tmp_path / f"{seed}.toml")
            assert tomllib.loads(path.read_text()) == scenario


def test_written_catalog_has_the_spec_columns(tmp_path: Path) -> None:
    optional = {"perf_llm", "perf_column", *itertools.chain(*gen.V2_COLUMNS.values())}
    for seed in range(12):
        r, _ = gen.random_instance(seed)
        directory = gen.write_catalog(r, tmp_path / str(seed))
        for stem, columns in {**gen.COLUMNS, **gen.TABLE_COLUMNS}.items():
            path = directory / f"{stem}.csv"
            assert path.exists() == (r.get(stem) is not None)
            if path.exists():
                header = path.read_text().splitlines()[0].split(",")
                assert header[: len(columns)] == columns and set(header[len(columns) :]) <= optional
        assert oracle.load_catalog(directory) == oracle.catalog_from_rows(r)


def test_v1_instances_are_the_v1_generators() -> None:
    """v1_instance is the v2 instance's core: decorations come after every v1 draw, and the record needs it."""
    for seed in range(30):
        core, _ = gen.v1_instance(seed)
        assert all(
            set(row) <= set(gen.COLUMNS[stem]) | {"perf_llm", "perf_column"}
            for stem in gen.COLUMNS
            for row in core[stem]
        )
        r, scenario = gen.guide_2018_instance(seed)
        assert scenario["rules"]["profile"] == "guide-2018"
        assert all(b["gpu_slots"] for b in r["motherboards"] if int(b["x16_slots"]))


FEATURES = (
    *oracle.RULES,
    "R8 penalty",
    "R2 pooled",
    "R6 bays",
    "R7 wiring",
    "R9 CPU lanes",
    "R9 chipset cards",
    "R10 recommended",
    "R13 at the wall",
    "R13 230 V",
    "R1 no speed-up row",
    "needs two PSUs",
    "optimum on a chipset slot",
    "optimum power-limited",
    "optimum on two PSUs",
)


WAYS = {
    "R2": {"R2 pooled"},
    "R6": {"R6 bays"},
    "R7": {"R7 wiring"},
    "R9": {"R9 CPU lanes"},
    "R10": {"R10 recommended"},
    "R13": {"R13 at the wall", "R13 230 V"},
}


def _how(cat, s: oracle.Settings, rule: str, b: oracle.Build) -> set[str]:
    """Which v2 part of `rule` a witness (a build breaking only `rule`) breaks."""
    gpu, board, case, psu, cpu = (
        cat["gpus"][b.gpu],
        cat["motherboards"][b.board],
        cat["cases"][b.case],
        cat["psus"][b.psu],
        cat["cpus"][b.cpu],
    )
    if rule == "R2" and gpu["memory_gb"] >= s.min_gpu_memory_gb:
        return {"R2 pooled"}
    if rule == "R6" and b.m > case["psu_bays"]:
        return {"R6 bays"}
    if rule == "R7":
        # A placement would fit if every x16 slot were a CPU x16 slot: the wiring, not the geometry, refuses it.
        opened = dict(board, gpu_slots=tuple(slot._replace(attach="cpu", lanes=16) for slot in board["gpu_slots"]))
        if oracle.placements(dataclasses.replace(s, min_pcie_lanes_per_gpu=Fraction(0)), gpu, b.n, opened, case):
            return {"R7 wiring"}
    if rule == "R9" and cpu["threads"] >= s.threads_per_gpu * b.n:
        return {"R9 CPU lanes"}
    if rule == "R10" and b.m * psu["wattage"] >= (1 + s.psu_headroom) * b.dc_w:
        return {"R10 recommended"}
    if rule == "R13":
        if psu["input_voltage"] == "230v" and (s.max_wall_watts > 0 or s.circuit in ("us_15a", "us_20a")):
            return {"R13 230 V"}
        if b.dc_w <= oracle.wall_limit(s):
            return {"R13 at the wall"}
    return set()


def bindings(cat, scenario, cap: int = 2000) -> set[str]:
    """What binds on one instance. A rule binds when a build that passes every other rule breaks it (a witness:
    valid without the rule, not valid with it; among the first `cap` builds without the rule); a v2 feature when a
    witness breaks the rule in that feature's way, when a valid build needs it, or when an optimum uses it."""
    s = oracle.settings(cat, scenario)
    valid = list(oracle.valid_builds(cat, s))
    chosen = {b.choices for b in valid}
    found: set[str] = set()
    for rule in oracle.RULES:
        wanted = {rule} | WAYS.get(rule, set())
        for b in itertools.islice(oracle.valid_builds(cat, s, {rule}), cap):
            if b.choices not in chosen:
                if rule not in found:
                    assert oracle.check(cat, s, b) == [rule]  # valid_builds and check() agree on the witness
                found |= {rule} | _how(cat, s, rule, b)
                if wanted <= found:
                    break
    if any(cat["cpus"][b.cpu]["pcie_lanes"] < s.min_pcie_lanes_per_gpu * b.n for b in valid):
        found.add("R9 chipset cards")  # valid only because chipset cards need no CPU lanes
    if any(b.m == 2 and b.choices[:11] + (1,) not in chosen for b in valid):
        found.add("needs two PSUs")  # valid with a second unit, not with one (R10, R11 or R13)
    usable = {b.gpu for b in valid}
    if any(oracle.speedup(cat, s, cat["gpus"][g], n) is None for g in usable for n in s.counts):
        found.add("R1 no speed-up row")  # a GPU with valid builds loses an allowed count for want of a row
    if any(b.layout.factor < 1 and not b.layout.uses_chipset for b in valid):
        found.add("R8 penalty")  # adjacent open-air cards, allowed at a penalty
    _, best = oracle.optimum(cat, s)
    for feature, used in (
        ("optimum on a chipset slot", lambda b: b.layout.uses_chipset),
        ("optimum power-limited", lambda b: b.level < 100),
        ("optimum on two PSUs", lambda b: b.m == 2),
    ):
        if any(used(b) for b in best):
            found.add(feature)
    return found


def coverage(seeds) -> dict[str, int]:
    """How many of the seeds' instances each feature binds on, and how many are feasible."""
    counts = dict.fromkeys(("feasible", *FEATURES), 0)
    for seed in seeds:
        r, scenario = gen.random_instance(seed)
        cat = oracle.catalog_from_rows(r)
        counts["feasible"] += oracle.optimum(cat, scenario)[0] is not None
        for feature in bindings(cat, scenario):
            counts[feature] += 1
    return counts


def test_random_instances_exercise_the_whole_model() -> None:
    counts = coverage(range(200))
    assert {feature for feature in FEATURES if counts[feature] == 0} == set()
    assert 40 <= counts["feasible"] <= 140
    settings_ = [
        oracle.settings(oracle.catalog_from_rows(r), scenario) for r, scenario in map(gen.random_instance, range(200))
    ]
    assert {s.objective for s in settings_} == set(oracle.OBJECTIVES)
    assert {s.profile for s in settings_} == set(oracle.PROFILES)


@hsettings(max_examples=30, deadline=None)
@given(gen.catalogs_and_scenarios())
def test_strategy_draws_loadable_instances(instance) -> None:
    r, scenario = instance
    assert tomllib.loads(gen.scenario_toml(scenario)) == scenario
    cat = oracle.catalog_from_rows(r)
    for b in itertools.islice(oracle.valid_builds(cat, scenario), 50):
        assert oracle.check(cat, scenario, b) == []


# ---- the rule tables of test_rules.py, decided by the enumerator ----


def _table_builds(changes: dict, scenario: dict, counts, skip=()) -> list[oracle.Build]:
    """The enumerator's builds for a test_rules.py case: micro.rows() and the scenario micro.solve() reads, within
    the domain the solver's model is built on whatever rules it holds: the GPU counts it is given (else the
    scenario's) and no more memory modules than the board has slots."""
    import micro

    raw = {"workload": "w", "objective": "min_cost", "min_perf": 0.001, **scenario}
    cat = oracle.catalog_from_rows(micro.rows(**changes))
    counts = counts or scenario.get("gpu", {}).get("counts", (1, 2, 3, 4))
    return [
        b
        for b in oracle.valid_builds(cat, raw, skip=skip)
        if b.n in counts and b.k * cat["memory"][b.memory]["modules"] <= cat["motherboards"][b.board]["memory_slots"]
    ]


def _tables():
    import test_rules

    return test_rules


@pytest.mark.parametrize("key", sorted([*_tables().BROKEN, *_tables().BROKEN_V2], key=_tables()._order))
def test_rule_table_broken_cases_by_the_enumerator(key: str) -> None:
    """Contract v2 with its recommended defaults: nothing is valid; without the rule something is; the rule
    alone leaves nothing (with the model's GPU counts, as test_rules.py builds it)."""
    t = _tables()
    changes, scenario, counts = {**t.BROKEN, **t.BROKEN_V2}[key]
    rule = key.split()[0]
    assert _table_builds(changes, scenario, counts) == []
    assert _table_builds(changes, scenario, counts, skip={rule})
    assert _table_builds(changes, scenario, counts, skip=set(oracle.RULES) - {rule}) == []


@pytest.mark.parametrize("key", sorted([*_tables().AT_LIMIT, *_tables().AT_LIMIT_V2], key=_tables()._order))
def test_rule_table_limit_cases_by_the_enumerator(key: str) -> None:
    t = _tables()
    changes, scenario = {**t.AT_LIMIT, **t.AT_LIMIT_V2}[key]
    if key in t.V1_ONLY["AT_LIMIT"] and key not in t.AT_LIMIT_V2:
        # v1 compared DC watts with the limit; at the wall the same build draws more, as contract v2 measures.
        assert _table_builds(changes, scenario, None) == []
        return
    rule = key.split()[0]
    builds = _table_builds(changes, scenario, None)
    assert builds and _table_builds(changes, scenario, None, skip=set(oracle.RULES) - {rule})
    if "counts" in scenario.get("gpu", {}):
        assert {b.n for b in builds} == set(scenario["gpu"]["counts"])


def test_micro_base_holds_every_rule_under_both_profiles() -> None:
    import micro

    cat = oracle.catalog_from_rows(micro.rows())
    for profile in oracle.PROFILES:
        builds = list(oracle.valid_builds(cat, {"workload": "w", "rules": {"profile": profile}}))
        assert {b.n for b in builds} == {1, 2, 3, 4}, profile


# ---- contract v3: offers and price lists ----

TODAY = datetime.date(2025, 9, 1)


def v3(r: dict, scenario: dict | None = None, price_lists=()) -> tuple[dict, oracle.SettingsV3]:
    cat = oracle.catalog_from_rows(r)
    return cat, oracle.settings_v3(cat, scenario or {"workload": "w"}, price_lists)


def rtx_rows() -> dict:
    """rec_rows() with the card an RTX 4090 at $1,599.99: one card costs $3,129.99 with the rest ($1,530)."""
    return set_part(rec_rows(), "gpus", name="NVIDIA GeForce RTX 4090", price_usd="1599.99")


def test_usd_cents_rounds_half_to_even_exactly() -> None:
    # 999.95 EUR x 1.1 = 1,099.945 USD: exactly half a cent; half to even gives 1,099.94. Floats (999.95 * 1.1 * 100
    # = 109994.50000000001) and rounding half up both give 1,099.95.
    assert oracle.usd_cents("999.95", "EUR", "1.1") == 109994
    assert oracle.usd_cents("1234.55", "EUR", "1.1") == 135800  # 1,358.005: 0 is even
    assert oracle.usd_cents("1234.65", "EUR", "1.1") == 135812  # 1,358.115: 2 is even
    assert oracle.usd_cents("1.15", "GBP", "0.5") == 58  # 0.575
    assert oracle.usd_cents("1599.99") == oracle.usd_cents("1599.99", "usd") == 159999
    assert oracle.usd_cents(1499.0, "JPY", 0.0068) == 1019  # 10.1932 USD
    with pytest.raises(ValueError):
        oracle.usd_cents("100", "EUR")  # a rate is required when the currency is not USD


def test_eur_price_list_with_a_rate() -> None:
    """A EUR list, named by reference and by name, against the catalog's $1,599.99 card."""
    eur = [
        {
            "part": "gpus:g1",
            "price": "999.95",
            "currency": "EUR",
            "rate": "1.1",
            "date": "2025-08-20",
            "source": "https://example.eu/rtx4090",
        }
    ]
    cat, s3 = v3(rtx_rows(), None, [eur])
    offer = s3.bought[("gpus", "g1")]
    assert offer == oracle.Offer(109994, "new", datetime.date(2025, 8, 20), "https://example.eu/rtx4090", "user", 1)
    value, best = oracle.optimum_v3(cat, {"workload": "w", "objective": "min_cost", "min_perf": 1}, price_lists=[eur])
    assert value == (109994 + 153000, 1) and dict(best[0].offers)["gpus:g1"].price_cents == 109994
    # By its exact name, case and spacing aside; the catalog's other parts keep their catalog offers.
    by_name = [{**eur[0], "part": "  nvidia geforce   RTX 4090 "}]
    _, s3 = v3(rtx_rows(), None, [by_name])
    assert s3.bought[("gpus", "g1")].price_cents == 109994
    assert s3.bought[("cpus", "c1")] == oracle.Offer(50000, "new", None, None, "snapshot", 0)


def test_later_price_rows_win_and_the_scenario_comes_last() -> None:
    first = [{"part": "gpus:g1", "price": "1200.00"}, {"part": "gpus:g1", "price": "1100.00"}]
    second = [{"part": "NVIDIA GeForce RTX 4090", "price": "1300.00", "date": "2025-07-01"}]
    _, s3 = v3(rtx_rows(), None, [first])
    assert s3.bought[("gpus", "g1")].price_cents == 110000  # the later row of one file
    _, s3 = v3(rtx_rows(), None, [first, second])
    assert s3.bought[("gpus", "g1")].price_cents == 130000  # the later file, though dearer: it replaces
    # The scenario's [prices] after the files: the v1 form (dollars, new, USD) and the table form.
    _, s3 = v3(rtx_rows(), {"workload": "w", "prices": {"gpus:g1": 1111.11}}, [first, second])
    assert s3.bought[("gpus", "g1")] == oracle.Offer(111111, "new", None, None, "user", 4)
    table = {
        "gpus:g1": {
            "price": 950.0,
            "currency": "EUR",
            "rate": 1.1,
            "date": datetime.date(2025, 8, 1),
            "source": "forum",
        },
        "cpus:c1": {"price": 450, "date": "2025-08-02"},
    }
    _, s3 = v3(rtx_rows(), {"workload": "w", "prices": table}, [first])
    assert s3.bought[("gpus", "g1")] == oracle.Offer(104500, "new", datetime.date(2025, 8, 1), "forum", "user", 3)
    assert s3.bought[("cpus", "c1")] == oracle.Offer(45000, "new", datetime.date(2025, 8, 2), None, "user", 4)
    # A variant's prices come after the scenario's.
    s3 = oracle.settings_v3(
        oracle.catalog_from_rows(rtx_rows()),
        {"workload": "w", "prices": table},
        [first],
        variant={"prices": {"gpus:g1": 999}},
    )
    assert s3.bought[("gpus", "g1")].price_cents == 99900


def test_part_names_resolve_exactly_or_not_at_all() -> None:
    r = rtx_rows()
    r["cpus"].append({**r["cpus"][0], "id": "c2", "name": "NVIDIA GeForce RTX 4090"})  # the same name, another file
    cat = oracle.catalog_from_rows(r)
    assert oracle.resolve_part(cat, "gpus:g1") == ("gpus", "g1") and oracle.resolve_part(cat, "C1") == ("cpus", "c1")
    for text in ("nvidia geforce rtx 4090", "gpus:nope", "RTX 4090", "NVIDIA GeForce RTX 409"):
        with pytest.raises(ValueError):  # ambiguous, no such id, not the exact name, a prefix
            oracle.resolve_part(cat, text)


def test_a_used_offer_wins_only_when_condition_allows_it() -> None:
    used = [{"part": "gpus:g1", "price": "700.00", "condition": "used", "date": "2025-08-30"}]
    r, q = rec_rows(), {"workload": "w", "objective": "min_cost", "min_perf": 1}
    cat = oracle.catalog_from_rows(r)
    value, best = oracle.optimum_v3(cat, q, price_lists=[used])
    assert value == (BASE_COST, 1) and dict(best[0].offers)["gpus:g1"].condition == "new"
    both = {**q, "parts": {"condition": ["new", "used"]}}
    value, best = oracle.optimum_v3(cat, both, price_lists=[used])
    assert value == (BASE_COST - 30000, 1)
    assert dict(best[0].offers)["gpus:g1"] == oracle.Offer(70000, "used", datetime.date(2025, 8, 30), None, "user", 1)
    # A used offer at the new price: new first. A dearer one is never bought. A later used row replaces the earlier.
    for price, expected in (("1000.00", "new"), ("1000.01", "new"), ("999.99", "used")):
        _, s3 = v3(r, both, [[{**used[0], "price": price}]])
        assert s3.bought[("gpus", "g1")].condition == expected, price
    _, s3 = v3(r, both, [used, [{**used[0], "price": "800.00"}]])
    assert s3.bought[("gpus", "g1")].price_cents == 80000 and set(s3.offers[("gpus", "g1")]) == {"new", "used"}
    # Ties of equal price: new, then the latest date, then the earlier row (one offer per condition remains, so
    # the order is seen on bought_offer() itself).
    offers = {
        "a": oracle.Offer(1, "used", datetime.date(2025, 1, 1), None, "user", 1),
        "b": oracle.Offer(1, "used", datetime.date(2025, 2, 1), None, "user", 2),
        "c": oracle.Offer(1, "used", None, None, "user", 0),
    }
    assert oracle.bought_offer(offers, {"a", "b", "c"}).order == 2
    assert oracle.bought_offer({"a": offers["a"], "c": offers["c"]}, {"a", "c"}).order == 1


# ---- contract v3: parts you own ----


def test_owned_rtx_4090_and_a_2000_dollar_budget_spend_against_cost() -> None:
    """ "I have an RTX 4090: what should I add for $2,000?" One card: the rest costs $1,530, spent; without the card
    owned, $3,129.99 is over budget. Two cards spend $1,530 + $1,599.99 = $3,129.99, over $2,000."""
    cat = oracle.catalog_from_rows(rtx_rows())
    own = {"own": [{"ref": "gpus:g1", "resale_usd": 1200}]}
    q = {"workload": "w", "objective": "max_perf", "budget_usd": 2000, "parts": own}
    assert oracle.optimum_v3(cat, {**q, "parts": {}}) == (None, [])
    value, best = oracle.optimum_v3(cat, q)
    assert value == (1, 153000)
    assert [(b.build.n, b.spend_cents, b.owned) for b in best] == [(1, 153000, (("gpus:g1", 1),))]
    assert "gpus:g1" not in dict(best[0].offers)  # nothing of the card is bought
    # Counting the resale: cost $2,730 is over the budget, spend is not; R14 limits spend.
    value, best = oracle.optimum_v3(cat, {**q, "parts": {**own, "count_resale": True}})
    assert value == (1, 273000) and best[0].spend_cents == 153000
    # $3,129.99 exactly buys the second card: spend at the limit; its cost counts the first at its resale.
    at = {**q, "budget_usd": 3129.99, "parts": {**own, "count_resale": True}}
    value, best = oracle.optimum_v3(cat, at)
    assert value == (Fraction(187, 100), 312999 + 120000) and best[0].spend_cents == 312999
    assert dict(best[0].offers)["gpus:g1"].price_cents == 159999 and best[0].owned == (("gpus:g1", 1),)
    assert oracle.optimum_v3(cat, {**at, "budget_usd": 3129.98})[0] == (1, 153000 + 120000)
    assert oracle.check_v3(cat, {**at, "budget_usd": 3129.98}, build(n=2)) == ["R14"]
    assert oracle.check_v3(cat, {**q, "parts": {}}, build()) == ["R14"]  # $3,129.99 of $2,000 without the card


def test_owned_parts_are_required_with_their_counts() -> None:
    r = rec_rows()
    r["gpus"].append({**r["gpus"][0], "id": "g2", "name": "G2"})
    r["psus"].append({**r["psus"][0], "id": "p2", "name": "P2"})
    cat = oracle.catalog_from_rows(r)
    q = {"workload": "w", "parts": {"own": ["psus:p2", {"ref": "gpus:g1", "count": 2}]}}
    assert oracle.check_v3(cat, q, build(n=2, psu="p2")) == []
    assert oracle.check_v3(cat, q, build(n=1, psu="p2")) == ["R15"]  # two owned, one used
    assert oracle.check_v3(cat, q, build(n=2)) == ["R15"]  # the owned PSU left out
    assert oracle.check_v3(cat, q, build(gpu="g2", n=2, psu="p2")) == ["R15"]
    assert {(b.build.gpu, b.build.n, b.build.psu) for b in oracle.valid_builds_v3(cat, q)} == {
        ("g1", 2, "p2"),
        ("g1", 3, "p2"),
        ("g1", 4, "p2"),
    }
    # Owned units cost nothing without count_resale; a third card is bought.
    b = oracle.make_build_v3(cat, q, **build(n=3, k=2, psu="p2"))
    assert (b.spend_cents, b.cost_cents) == (100000 + 50000 + 30000 + 2 * 10000 + 20000 + 5000 + 8000, b.spend_cents)
    # A memory kit: k >= count. A PSU pair of which one unit is owned buys the other.
    kits = {
        "workload": "w",
        "rules": {"dual_psu": "allow"},
        "parts": {"own": [{"ref": "memory:m1", "count": 2, "resale_usd": 40.5}, "psus:p1"], "count_resale": True},
    }
    two_bays = oracle.catalog_from_rows(set_part(rec_rows(), "cases", psu_bays=2))
    assert oracle.check_v3(two_bays, kits, build(k=1)) == ["R15"] and oracle.check_v3(two_bays, kits, build(k=2)) == []
    b = oracle.make_build_v3(two_bays, kits, **build(k=3, m=2))
    assert b.owned == (("memory:m1", 2), ("psus:p1", 1))
    assert b.spend_cents == BASE_COST  # one kit of three and one PSU of two bought: as many as the base build
    assert b.cost_cents == b.spend_cents + 2 * 4050  # the owned PSU's resale is 0
    for bad in (
        {"own": ["gpus:g1", "gpus:g2"]},
        {"own": [{"ref": "psus:p1", "count": 2}]},
        {"own": ["gpus:g1", "gpus:g1"]},
        {"own": [{"ref": "gpus:g1", "resale_usd": -1}]},
        {"condition": ["used"]},
    ):
        with pytest.raises(ValueError):
            oracle.settings_v3(cat, {"workload": "w", "parts": bad})


def test_everything_owned_costs_nothing_and_beats_every_ratio() -> None:
    refs = ["gpus:g1", "cpus:c1", "motherboards:b1", "memory:m1", "psus:p1", "cases:case1", "coolers:k1", "storage:s1"]
    cat = oracle.catalog_from_rows(rec_rows())
    q = {"workload": "w", "gpu": {"counts": [1, 2]}, "parts": {"own": refs}}
    value, best = oracle.optimum_v3(cat, q)
    assert value == math.inf and [(b.build.n, b.cost_cents) for b in best] == [(1, 0)]
    # The card counted at a $1,500 resale: one costs $1,500 (1 per $1,500), two $2,500 (1.87 per $2,500).
    sold = [{"ref": "gpus:g1", "resale_usd": 1500}, *refs[1:]]
    value, best = oracle.optimum_v3(cat, {**q, "parts": {"own": sold, "count_resale": True}})
    assert value == Fraction(187, 100) * 100 / 250000 and [(b.build.n, b.cost_cents) for b in best] == [(2, 250000)]


# ---- contract v3: dated prices ----


def test_stale_prices_around_the_180_day_limit() -> None:
    """Today 2025-09-01: 2025-03-05 is 180 days before (not stale), 2025-03-04 is 181 (stale); undated is stale."""
    r = rec_rows()
    for stem in gen.PARTS:
        r[stem][0]["price_date"] = "2025-08-31"
    r["gpus"][0]["price_date"], r["cpus"][0]["price_date"], r["coolers"][0]["price_date"] = (
        "2025-03-05",
        "2025-03-04",
        "",
    )
    cat = oracle.catalog_from_rows(r)
    assert oracle.catalog_dates(cat) == ["2025-03-04", "2025-03-05", "2025-08-31"]

    def stale(scenario: dict, price_lists=()) -> list[str]:
        s3 = oracle.settings_v3(cat, {"workload": "w", **scenario}, price_lists)
        return oracle.stale_refs(s3, oracle.make_build_v3(cat, s3, **build()), TODAY)

    assert stale({}) == ["cpus:c1", "coolers:k1"]
    assert stale({"max_price_age_days": 181}) == ["coolers:k1"]
    assert stale({"max_price_age_days": 179}) == ["gpus:g1", "cpus:c1", "coolers:k1"]
    assert stale({"max_price_age_days": 0}) == []  # 0: no warning at all
    assert stale({"parts": {"own": ["cpus:c1"]}}) == ["coolers:k1"]  # nothing of it bought
    # A price-list row replaces the offer and its date; a row without a date is undated.
    assert stale({}, [[{"part": "coolers:k1", "price": "45", "date": "2025-08-01"}]]) == ["cpus:c1"]
    assert stale({"prices": {"gpus:g1": 999}}) == ["gpus:g1", "cpus:c1", "coolers:k1"]


# ---- contract v3: usage, energy, TCO and the cloud ----

PLUS = {"workload": "w", "rules": {"psu_min_efficiency": "plus"}}  # an 80 PLUS unit: 80% from 20% to 100% load


def plus_rows() -> dict:
    """rec_rows() on an 80 PLUS (White) 2000 W unit: flat 80% from 400 W DC up, so wall = DC x 5/4 at load."""
    return set_part(rec_rows(), "psus", efficiency="plus")


def test_energy_and_tco_by_hand_without_idle_draw() -> None:
    """Two cards: 2 x 250 + 150 + 100 = 750 W DC, 37.5% of 2000 W, 80%: 937.5 W at the wall. 3 years of 10 hours
    a day = 10,950 h; 60% busy, idle 0: 10,950 x 0.6 x 937.5 = 6,159,375 Wh; at $0.25/kWh 153,984.375 cents, rounded
    once: $1,539.84. Cost $3,530, TCO $5,069.84."""
    usage = {
        "years": 3,
        "hours_per_day": 10,
        "gpu_utilisation": 0.6,
        "kwh_price": 0.25,
        "idle_w": 0,
        "cloud_usd_per_gpu_hour": 1.5,
        "cloud_chipset": "ada",
    }
    q = {**PLUS, "usage": usage}
    cat = oracle.catalog_from_rows(plus_rows())
    s3 = oracle.settings_v3(cat, q)
    b = oracle.make_build_v3(cat, s3, **build(n=2))
    assert (b.build.dc_w, b.build.wall_w) == (750, Fraction(1875, 2))
    assert (s3.usage.hours, b.energy_wh, b.energy_cents, b.cost_cents, b.tco_cents) == (
        10950,
        6159375,
        153984,
        353000,
        506984,
    )
    # The cloud: one GPU of the same rating at $1.50 an hour. The build works at 1.87 for 6,570 busy hours: 12,285.9
    # instance-hours, $18,428.85 over the 36 months. Month m: 353,000 + 153,984 m / 36 against 1,842,885 m / 36
    # cents; month 7: 382,941.3 > 358,338.75; month 8: 387,218.7 <= 409,530: break-even in month 8.
    c = oracle.compare_cloud(s3, b)
    assert (c.cloud.throughput, c.instance_hours, c.cost_cents, c.months, c.break_even_month) == (
        1,
        Fraction(122859, 10),
        1842885,
        36,
        8,
    )
    # To the day, the same formulas per day of 1,095: day 229 (353,000 x 1,095 / 1,688,901 = 228.9), in month 8
    # (days 212.9 to 243.3).
    day = next(d for d in range(1, 1096) if 353000 + Fraction(153984 * d, 1095) <= Fraction(1842885 * d, 1095))
    assert day == 229 and math.ceil(Fraction(day * 12, 365)) == c.break_even_month


def test_energy_tco_and_break_even_by_hand_with_idle_draw() -> None:
    """The same build 24 hours a day for 2 years (17,520 h), 15% busy, 60 W idle: 17,520 x (0.15 x 937.5 + 0.85 x 60)
    = 17,520 x 191.625 = 3,357,270 Wh; at $0.12/kWh 40,287.24 cents: $402.87. TCO $3,932.87."""
    cloud = [
        {"provider": "aws", "instance": "p3.2xlarge", "chipset": "ada", "gpus": "1", "usd_per_hour": "3.06"},
        {"provider": "big", "instance": "x8", "chipset": "ada", "gpus": "8", "usd_per_hour": "20.00"},
        {"provider": "odd", "instance": "y", "chipset": "unrated", "gpus": "1", "usd_per_hour": "0.01"},
    ]
    cat = oracle.catalog_from_rows({**plus_rows(), "cloud": cloud})
    usage = {"years": 2, "hours_per_day": 24, "gpu_utilisation": 0.15, "kwh_price": 0.12, "idle_w": 60, "cloud": "AWS"}
    s3 = oracle.settings_v3(cat, {**PLUS, "usage": usage})
    b = oracle.make_build_v3(cat, s3, **build(n=2))
    assert (b.energy_wh, b.energy_cents, b.tco_cents) == (3357270, 40287, 393287)
    # 2,628 busy hours x 1.87 = 4,914.36 instance-hours x $3.06 = $15,037.94 (1,503,794.16 cents). Month 5:
    # 361,393.1 > 313,290.5; month 6: 363,071.8 <= 375,948.5. To the day: 353,000 x 730 / 1,463,507.16 = 176.1,
    # day 177, in month 6 (days 152.1 to 182.5).
    c = oracle.compare_cloud(s3, b)
    assert (c.cloud.instance, c.cost_cents, c.break_even_month) == ("p3.2xlarge", Fraction(150379416, 100), 6)
    day = next(d for d in range(1, 731) if 353000 + Fraction(40287 * d, 730) <= c.cost_cents * d / 730)
    assert day == 177 and math.ceil(Fraction(day * 12, 365)) == 6
    # Without a provider: the cheapest per unit of throughput among rated rows: 8 cards do 7.06, $2.83 each.
    s3 = oracle.settings_v3(cat, {**PLUS, "usage": {**usage, "cloud": {}}})
    assert (s3.cloud.instance, s3.cloud.throughput) == ("x8", Fraction(706, 100))
    s3 = oracle.settings_v3(cat, {**PLUS, "usage": {k: v for k, v in usage.items() if k != "cloud"}})
    assert s3.cloud.instance == "x8"
    # A cloud this cheap never breaks even within the 24 months.
    cheap = {**usage, "cloud": None, "cloud_usd_per_gpu_hour": 0.10, "cloud_chipset": "ada"}
    del cheap["cloud"]
    s3 = oracle.settings_v3(cat, {**PLUS, "usage": cheap})
    assert oracle.compare_cloud(s3, oracle.make_build_v3(cat, s3, **build(n=2))).break_even_month is None


def test_default_idle_draw_goes_through_the_psu() -> None:
    """No idle_w: 80 W + 20 W per card DC, at the wall through the build's PSU: 120 W on 2000 W is 6% load, below
    the 80 PLUS curve's lowest point (20%): 80 - 5 = 75%, 160 W; a year idle: 1,401.6 kWh, $140.16 at $0.10."""
    cat = oracle.catalog_from_rows(plus_rows())
    usage = {"years": 1, "hours_per_day": 24, "gpu_utilisation": 0, "kwh_price": 0.1}
    s3 = oracle.settings_v3(cat, {**PLUS, "usage": usage})
    b = oracle.make_build_v3(cat, s3, **build(n=2))
    assert oracle.idle_watts(s3, cat, b.build) == 160 and b.energy_wh == 8760 * 160 and b.energy_cents == 14016


def test_energy_cost_rounds_once_half_to_even_and_converts_the_kwh_price_exactly() -> None:
    usage = oracle.Usage(Fraction(1), Fraction(24), Fraction(1), Fraction(1, 10), Fraction(0))
    assert [oracle.energy_cost_cents(usage, wh) for wh in (1000050, 1000150, 1000149)] == [10000, 10002, 10001]
    # A price per kWh in another currency is converted exactly, not rounded to the cent first: 0.2872 EUR x 1.0825
    # = 0.310894 USD; 1,000 kWh cost $310.894, so 31,089 cents (31,000 had the price been rounded to $0.31).
    cat = oracle.catalog_from_rows(plus_rows())
    eur = {"years": 1, "hours_per_day": 1, "gpu_utilisation": 1, "kwh_price": 0.2872, "currency": "EUR", "rate": 1.0825}
    s3 = oracle.settings_v3(cat, {**PLUS, "usage": eur})
    assert s3.usage.kwh_price_usd == Fraction("0.310894")
    assert oracle.energy_cost_cents(s3.usage, Fraction(1000000)) == 31089
    with pytest.raises(ValueError):
        oracle.settings_v3(cat, {**PLUS, "usage": {k: v for k, v in eur.items() if k != "rate"}})


def test_dettmers_2020_cloud_against_desktop() -> None:
    """Tim Dettmers, "Which GPU(s) to Get for Deep Learning" (2020-09-07), "When is it better to use the cloud vs a
    dedicated GPU desktop/server?": a $2,200 desktop, "(350 W (GPU) + 100 W (CPU))x0.15 (utilization) * 24 hours * 365
    days = 591 kWh per year" at $0.12/kWh, about $71; AWS on demand "$2.14/h * 0.15 * 24 hours * 300 days = $2,311",
    so a break-even of about 300 days. The post counts 450 W with no PSU loss and no idle draw: the wall draw is
    passed as 450 W (100% efficient) and idle as 0; the cloud GPU (a V100) is taken to do the desktop's work."""
    year = oracle.Usage(Fraction(1), Fraction(24), Fraction(15, 100), Fraction(12, 100), Fraction(0))
    wh = oracle.energy_wh(year, Fraction(450), Fraction(0))
    assert wh == 591300 and oracle.energy_cost_cents(year, wh) == 7096  # 591.3 kWh, $70.96
    v100 = oracle.Cloud("aws", "p3.2xlarge", "V100", 1, Fraction(214, 100), Fraction(1))
    days_300 = oracle.Usage(Fraction(300, 365), Fraction(24), Fraction(15, 100), Fraction(12, 100), Fraction(0))
    assert oracle.cloud_cost_cents(days_300, Fraction(1), v100) == (1080, 231120)  # 1,080 h, $2,311.20
    _, year_of_cloud = oracle.cloud_cost_cents(year, Fraction(1), v100)  # 1,314 h, $2,811.96
    assert year_of_cloud == 281196
    # Month 9: $2,253.22 against $2,108.97; month 10: $2,259.13 against $2,343.30. By the day: day 293.
    assert oracle.break_even_month(year, 220000, 7096, year_of_cloud) == 10
    day = next(d for d in range(1, 366) if 220000 + Fraction(7096 * d, 365) <= Fraction(year_of_cloud * d, 365))
    assert day == 293 and 273 < day <= 304  # "about 300 days", within month 10


def frugal_rows() -> dict:
    """Two cards of one rating: gA $1,000 at 350 W, gB $1,100 at 200 W; one card per build."""
    r = plus_rows()
    r["gpus"] = [
        {**r["gpus"][0], "id": "gA", "name": "A", "tdp_w": "350"},
        {**r["gpus"][0], "id": "gB", "name": "B", "price_usd": "1100.00", "tdp_w": "200"},
    ]
    return r


FRUGAL = {
    **PLUS,
    "gpu": {"counts": [1]},
    "min_perf": 1,
    "usage": {"years": 3, "hours_per_day": 24, "gpu_utilisation": 0.5, "kwh_price": 0.25, "idle_w": 0},
}


def test_tco_objectives_by_hand() -> None:
    """26,280 hours, half busy: gA 600 W DC (750 at the wall) uses 9,855,000 Wh, $2,463.75: TCO $4,993.75; gB 450 W
    DC (562.5) 7,391,250 Wh, $1,847.81 (184,781.25 cents): TCO $4,477.81. The purchase picks gA, TCO gB."""
    cat = oracle.catalog_from_rows(frugal_rows())
    value, best = oracle.optimum_v3(cat, {**FRUGAL, "objective": "min_tco"})
    assert value == (447781, 1) and [b.build.gpu for b in best] == ["gB"]
    assert best[0].energy_cents == 184781
    value, best = oracle.optimum_v3(cat, {**FRUGAL, "objective": "min_cost"})
    assert value == (253000, 1) and [(b.build.gpu, b.tco_cents) for b in best] == [("gA", 499375)]
    value, best = oracle.optimum_v3(cat, {**FRUGAL, "objective": "perf_per_tco_dollar"})
    assert value == Fraction(100, 447781) and [b.build.gpu for b in best] == ["gB"]
    assert oracle.optimum_v3(cat, {**FRUGAL, "objective": "perf_per_dollar"})[0] == Fraction(1, 2530)
    # Frontiers: by purchase gB is dominated (as fast, dearer); by TCO gA is.
    assert oracle.pareto_v3(cat, FRUGAL) == [(253000, 1)]
    assert oracle.pareto_v3(cat, FRUGAL, "tco") == [(447781, 1)]
    # Electricity for free: TCO = cost, gA again.
    free = {**FRUGAL, "usage": {**FRUGAL["usage"], "kwh_price": 0}}
    assert [b.build.gpu for b in oracle.optimum_v3(cat, {**free, "objective": "min_tco"})[1]] == ["gA"]
    for bad in ({"objective": "min_tco", "min_perf": None}, {"objective": "min_tco", "usage": None}):
        scenario = {**FRUGAL, **bad}
        with pytest.raises(ValueError):
            oracle.optimum_v3(cat, {k: v for k, v in scenario.items() if v is not None})


def test_v3_decides_a_v2_scenario_as_v2() -> None:
    """No price list, offer, owned part or usage: the same valid builds, costs, optima and frontier as v2 (the
    ratio objective breaks ties by speed, so its builds are among v2's)."""
    for seed in range(0, 240, 3):
        r, scenario = gen.random_instance(seed)
        cat = oracle.catalog_from_rows(r)
        assert [b.build for b in oracle.valid_builds_v3(cat, scenario)] == list(oracle.valid_builds(cat, scenario))
        for objective in oracle.OBJECTIVES:
            if objective == "min_cost" and "min_perf" not in scenario:
                continue
            value, best = oracle.optimum(cat, scenario, objective)
            value3, best3 = oracle.optimum_v3(cat, scenario, objective)
            assert value3 == value and {b.build for b in best3} <= set(best) and bool(best3) == bool(best)
        assert oracle.pareto_v3(cat, scenario) == oracle.pareto(cat, scenario)


# ---- contract v3: what the generator's features change ----


def _outcome(cat, scenario, price_lists, objective=None) -> tuple:
    """The optimum's value and its builds, each with the conditions it buys at: what a feature may change."""
    value, best = oracle.optimum_v3(cat, scenario, objective, price_lists)
    return value, frozenset((b.choices, tuple((ref, o.condition) for ref, o in b.offers)) for b in best)


def _without_rate(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("currency", "rate")}


def _by_reference(key: str) -> bool:
    return key.strip().partition(":")[0] in gen.PARTS and ":" in key


def _ablations(rows: dict, scenario: dict, price_lists: list) -> dict:
    """Per v3 feature the instance uses, the same instance without it: (scenario, price lists, objective or None).
    With an objective the optimum's builds are compared, not its value (the two objectives value different things)."""
    out: dict = {}
    parts, usage = scenario.get("parts", {}), scenario.get("usage")

    def changed(scenario_=None, lists=None, objective=None):
        return (scenario_ if scenario_ is not None else scenario), (price_lists if lists is None else lists), objective

    if price_lists:
        out["price lists"] = changed(lists=[])
    if len(price_lists) == 2:
        out["later file wins"] = changed(lists=price_lists[::-1])
    if any(not _by_reference(r["part"]) for f in price_lists for r in f):
        out["part named by name"] = changed(lists=[[r for r in f if _by_reference(r["part"])] for f in price_lists])
    if any(r.get("rate") for f in price_lists for r in f) or any(
        isinstance(v, dict) and "rate" in v for v in scenario.get("prices", {}).values()
    ):
        prices = {k: _without_rate(v) if isinstance(v, dict) else v for k, v in scenario.get("prices", {}).items()}
        out["currency and rate"] = changed(
            {**scenario, **({"prices": prices} if prices else {})}, [[_without_rate(r) for r in f] for f in price_lists]
        )
    if "prices" in scenario:
        out["[prices]"] = changed({k: v for k, v in scenario.items() if k != "prices"})
    if "used" in parts.get("condition", ()):
        out["used offers"] = changed({**scenario, "parts": {**parts, "condition": ["new"]}})
    if "own" in parts:
        out["owned parts"] = changed(
            {**scenario, "parts": {k: v for k, v in parts.items() if k not in ("own", "count_resale")}}
        )
        own = [dict(i, count=1) if isinstance(i, dict) and i.get("count", 1) > 1 else i for i in parts["own"]]
        if own != parts["own"]:
            out["owned count"] = changed({**scenario, "parts": {**parts, "own": own}})
    if parts.get("count_resale"):
        out["resale counted"] = changed({**scenario, "parts": {**parts, "count_resale": False}})
    if usage is not None and scenario.get("objective") in ("min_tco", "perf_per_tco_dollar"):
        out["energy cost"] = changed({**scenario, "usage": {**usage, "kwh_price": 0}})
        if usage.get("idle_w", 1) and usage["gpu_utilisation"] < 1:
            out["idle draw" if "idle_w" in usage else "default idle draw"] = changed(
                {**scenario, "usage": {**usage, "idle_w": 0}}
            )
        if "rate" in usage:
            out["kWh price in another currency"] = changed({**scenario, "usage": _without_rate(usage)})
        ablated = {"min_tco": "min_cost", "perf_per_tco_dollar": "perf_per_dollar"}[scenario["objective"]]
        out[scenario["objective"]] = changed({**scenario, "objective": ablated}, objective=ablated)
    return out


V3_FEATURES = (
    "price lists",
    "later file wins",
    "part named by name",
    "currency and rate",
    "[prices]",
    "used offers",
    "owned parts",
    "owned count",
    "resale counted",
    "energy cost",
    "idle draw",
    "default idle draw",
    "kWh price in another currency",
    "min_tco",
    "perf_per_tco_dollar",
)
V3_OUTCOMES = (
    "feasible",
    "budget limits spend",
    "TCO frontier differs",
    "stale offer bought",
    "cloud compared",
    "break-even within the horizon",
    "no break-even within the horizon",
)


def v3_coverage(seeds) -> dict[str, int]:
    """On how many seeds each v3 feature changes the optimal builds (the parts, counts, level, PSU count and the
    condition each part is bought in), and, under "<feature> (value)", the optimum's value or builds; and how
    often the optimum shows each v3 outcome."""
    counts = dict.fromkeys((*V3_FEATURES, *(f"{f} (value)" for f in V3_FEATURES), *V3_OUTCOMES), 0)
    for seed in seeds:
        r, scenario, price_lists = gen.v3_instance(seed)
        cat = oracle.catalog_from_rows(r)
        value, best = oracle.optimum_v3(cat, scenario, price_lists=price_lists)
        base = _outcome(cat, scenario, price_lists)
        for feature, (scenario_, lists, objective) in _ablations(r, scenario, price_lists).items():
            other = _outcome(cat, scenario_, lists, objective)
            counts[feature] += other[1] != base[1]
            counts[f"{feature} (value)"] += (other[1] != base[1]) if objective else (other != base)
        if not best:
            continue
        s3 = oracle.settings_v3(cat, scenario, price_lists)
        counts["feasible"] += 1
        b = best[0]
        listed = b.spend_cents + sum(units * s3.bought[tuple(ref.split(":", 1))].price_cents for ref, units in b.owned)
        counts["budget limits spend"] += s3.budget_cents is not None and listed > s3.budget_cents
        counts["stale offer bought"] += bool(oracle.stale_refs(s3, b, gen.GEN_TODAY))
        if s3.usage is not None:
            counts["TCO frontier differs"] += [p for _, p in oracle.pareto_v3(cat, s3, "tco")] != [
                p for _, p in oracle.pareto_v3(cat, s3)
            ]
            comparison = oracle.compare_cloud(s3, b)
            if comparison is not None:
                counts["cloud compared"] += 1
                within = comparison.break_even_month is not None
                counts["break-even within the horizon" if within else "no break-even within the horizon"] += 1
    return counts


# Features whose effect on the optimal builds is rare by nature: a resale value and a given idle draw add the same
# amount to every build (only a ratio objective feels them), and the default idle draw differs between builds by a
# few watts. Their effect on the optimum's value is common, and that is what the comparison checks.
RARELY_MOVE_BUILDS = {"resale counted", "idle draw", "default idle draw"}


def test_v3_features_change_the_optimum_on_seeds_0_to_239() -> None:
    counts = v3_coverage(range(240))
    assert {f for f in V3_FEATURES if counts[f"{f} (value)"] < 2} == set()
    assert {f for f in V3_FEATURES if counts[f] == 0} <= RARELY_MOVE_BUILDS
    assert {o for o in V3_OUTCOMES if counts[o] == 0} == set()
    assert 40 <= counts["feasible"] <= 160


def test_v3_instances_keep_each_seeds_v2_instance() -> None:
    """The v3 additions are drawn after every v2 draw: the v2 rows and keys are the seed's v2 instance, but for the
    price columns, the added twin parts, and the objective, min_perf and budget the v3 draws may set."""
    moved = {"objective", "min_perf", "budget_usd", *gen.V3_KEYS[""]}
    for seed in range(60):
        core, core_scenario = gen.random_instance(seed)
        r, scenario, _ = gen.v3_instance(seed)
        for stem, core_rows in core.items():
            got = r[stem]
            if stem in gen.PARTS:  # the twins come after; the v3 columns (and an empty efficiency) are new
                got = got[: len(core_rows)]
                for row, row0 in zip(got, core_rows):
                    assert {k for k in set(row) - set(row0) if k != "efficiency" or row[k]} <= set(gen.V3_PART_COLUMNS)
                got = [{k: v for k, v in row.items() if k in row0} for row, row0 in zip(got, core_rows)]
            assert got == core_rows, (seed, stem)
        assert {k: v for k, v in scenario.items() if k not in moved and k != "parts"} == {
            k: v for k, v in core_scenario.items() if k not in moved and k != "parts"
        }
        v3_parts = {k: v for k, v in scenario.get("parts", {}).items() if k not in gen.V3_KEYS["parts"]}
        assert v3_parts == core_scenario.get("parts", {})


def test_v3_scenarios_and_price_lists_round_trip(tmp_path: Path) -> None:
    for seed in range(60):
        r, scenario, price_lists = gen.v3_instance(seed)
        path = gen.write_scenario(scenario, tmp_path / f"{seed}.toml")
        assert tomllib.loads(path.read_text()) == scenario
        read = [
            oracle.read_price_list(gen.write_price_list(rows_, tmp_path / f"{seed}-{i}.csv"))
            for i, rows_ in enumerate(price_lists)
        ]
        cat = oracle.load_catalog(gen.write_catalog(r, tmp_path / f"c{seed}"))
        assert cat == oracle.catalog_from_rows(r)
        assert oracle.settings_v3(cat, scenario, read) == oracle.settings_v3(cat, scenario, price_lists)


def small_v3_seeds(limit: int, count: int) -> list[int]:
    found = []
    for seed in itertools.count():
        r, scenario, price_lists = gen.v3_instance(seed)
        s = oracle.settings_v3(oracle.catalog_from_rows(r), scenario, price_lists).base
        size = len(r["gpus"]) * 8 * 8 * (len(r["coolers"]) + 1) * 4 * len(s.psu_counts)
        size *= len(r["cpus"]) * len(r["motherboards"]) * len(r["memory"]) * len(r["psus"]) * len(r["cases"])
        if size * len(r["storage"]) <= limit and (price_lists or "parts" in scenario):
            found.append(seed)
        if len(found) == count:
            return found


@pytest.mark.parametrize("seed", small_v3_seeds(25000, 12))
def test_valid_builds_v3_agree_with_check_v3(seed: int) -> None:
    """Every combination judged by check_v3 (R14 on spend, owned parts and counts in R15) against the enumeration."""
    r, scenario, price_lists = gen.v3_instance(seed)
    cat = oracle.catalog_from_rows(r)
    s3 = oracle.settings_v3(cat, scenario, price_lists)
    verdicts = [(ids, oracle.check_v3(cat, s3, ids)) for ids in all_builds(cat, s3.base)]
    for skip in ((), ("R14",), ("R15",), tuple(random.Random(seed).sample(oracle.RULES, 2))):
        expected = {oracle.make_build_v3(cat, s3, **ids) for ids, failed in verdicts if set(failed) <= set(skip)}
        got = list(oracle.valid_builds_v3(cat, s3, skip=skip))
        assert len(got) == len(set(got)) and set(got) == expected, skip


@hsettings(max_examples=30, deadline=None)
@given(gen.v3_catalogs_scenarios_and_price_lists())
def test_v3_strategy_draws_loadable_instances(instance) -> None:
    r, scenario, price_lists = instance
    assert tomllib.loads(gen.scenario_toml(scenario)) == scenario
    cat = oracle.catalog_from_rows(r)
    s3 = oracle.settings_v3(cat, scenario, price_lists)
    for b in itertools.islice(oracle.valid_builds_v3(cat, s3), 50):
        assert oracle.check_v3(cat, s3, b) == []
        assert b.spend_cents <= b.build.cost_cents or not s3.count_resale or b.owned
