"""Tests of the brute-force oracle on hand-worked micro catalogs, and of the random instance generator."""
from __future__ import annotations

import itertools
import random
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings

import gen
import oracle

BASE_COST = 253000  # cents: 1000 + 500 + 300 + 100 + 300 + 200 + 50 + 80 dollars, one GPU, one kit


def rows() -> dict[str, list[dict[str, str]]]:
    """One part per file, all compatible: a blower card, 2-slot, 250 W; every rule passes with room to spare."""
    return {
        "gpu_models": [{"chipset": "ada", "perf": "1.000"}],
        "gpus": [{"id": "g1", "name": "G1", "price_usd": "1000.00", "chipset": "ada", "memory_gb": "24",
                  "tdp_w": "250", "slot_width": "2", "length_mm": "300", "cooling": "blower",
                  "pcie_8pin": "2", "pcie_16pin": "0"}],
        "cpus": [{"id": "c1", "name": "C1", "price_usd": "500.00", "socket": "S1", "cores": "16", "threads": "32",
                  "tdp_w": "150", "pcie_lanes": "64", "includes_cooler": "false"}],
        "motherboards": [{"id": "b1", "name": "B1", "price_usd": "300.00", "socket": "S1", "form_factor": "ATX",
                          "memory_type": "DDR5", "memory_slots": "8", "max_memory_gb": "256", "x16_slots": "4",
                          "slot_pitch": "2", "m2_slots": "2"}],
        "memory": [{"id": "m1", "name": "M1", "price_usd": "100.00", "memory_type": "DDR5", "modules": "2",
                    "module_gb": "16"}],
        "psus": [{"id": "p1", "name": "P1", "price_usd": "300.00", "wattage": "2000", "form_factor": "ATX",
                  "pcie_8pin": "8", "pcie_16pin": "0"}],
        "cases": [{"id": "case1", "name": "Case1", "price_usd": "200.00", "motherboard_form_factors": "ATX;E-ATX",
                   "psu_form_factors": "ATX", "max_gpu_length_mm": "350", "expansion_slots": "9",
                   "max_cooler_height_mm": "170", "max_radiator_mm": "360"}],
        "coolers": [{"id": "k1", "name": "K1", "price_usd": "50.00", "sockets": "S1;S2", "kind": "air",
                     "height_mm": "150", "radiator_mm": "0"}],
        "storage": [{"id": "s1", "name": "S1", "price_usd": "80.00", "interface": "nvme", "capacity_gb": "1000"}],
        "workloads": [{"workload": "w", "min_gpu_memory_gb": "8", "threads_per_gpu": "2", "source": "hand",
                       "perf_column": ""}],
    }


def build(**changes) -> dict:
    ids = {"gpu": "g1", "n": 1, "cpu": "c1", "board": "b1", "memory": "m1", "k": 1, "psu": "p1", "case": "case1",
           "cooler": "k1", "storage": "s1"}
    return {**ids, **changes}


def fails(r: dict, scenario: dict | None = None, **changes) -> list[str]:
    return oracle.check(oracle.catalog_from_rows(r), scenario or {"workload": "w"}, build(**changes))


def set_part(r: dict, stem: str, **cells) -> dict:
    r[stem][0].update({key: str(value) for key, value in cells.items()})
    return r


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
    cat = oracle.catalog_from_rows(rows())
    assert oracle.check(cat, {"workload": "w"}, build()) == []
    builds = list(oracle.valid_builds(cat, {"workload": "w"}))
    assert len(builds) == 16  # n in 1..4 times k in 1..4 (8 slots / 2 modules)
    assert min(b.cost_cents for b in builds) == BASE_COST
    assert {(b.n, b.k) for b in builds} == set(itertools.product(range(1, 5), range(1, 5)))


def part(pid: str) -> dict:
    return {"id": pid, "name": pid, "price_usd": 1.0}


def test_ids_from_solver_json() -> None:
    out = {"gpu": {**part("g1"), "count": 2}, "cpu": part("c1"), "motherboard": part("b1"),
           "memory": {**part("m1"), "count": 3}, "psu": part("p1"), "case": part("case1"), "cooler": None,
           "storage": part("s1")}
    assert oracle.ids_from_json(out) == build(n=2, k=3, cooler=None)
    assert oracle.ids_from_json({**out, "cooler": part("k1")})["cooler"] == "k1"


# ---- rules, each worked by hand ----

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
    cat = oracle.catalog_from_rows(rows())
    scenario = {**total, "objective": "min_cost", "min_perf": 1.8, "gpu": {"counts": [2]}}
    value, best = oracle.optimum(cat, scenario)
    assert value == (363000, Fraction(187, 100)) and [(b.n, b.k) for b in best] == [(2, 2)]


def test_r4_sockets_and_the_cooler_rule() -> None:
    assert fails(set_part(rows(), "cpus", socket="S2")) == ["R4"]
    assert fails(set_part(rows(), "coolers", sockets="S2;S3")) == ["R4"]
    assert fails(rows(), cooler=None) == ["build"]  # no cooler, and the CPU has none in the box
    r = set_part(rows(), "cpus", includes_cooler="true")
    assert fails(r, cooler=None) == []
    value, best = oracle.optimum(oracle.catalog_from_rows(r), {"workload": "w", "objective": "min_cost", "min_perf": 1})
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


def layout_of(r: dict, n: int) -> tuple[list[str], tuple[int, ...], bool]:
    cat = oracle.catalog_from_rows(r)
    b = oracle.make_build(cat, {"workload": "w"}, **build(n=n))
    return oracle.check(cat, {"workload": "w"}, b), b.steps, b.adjacent


def test_r7_single_gpu_needs_a_slot_and_room_for_its_width() -> None:
    r = set_part(rows(), "gpus", slot_width="2.5")
    assert layout_of(set_part(r, "cases", expansion_slots=3), 1) == ([], (), False)
    assert layout_of(set_part(r, "cases", expansion_slots=2), 1)[0] == ["R7"]  # ceil(2.5) = 3
    assert layout_of(set_part(rows(), "motherboards", x16_slots=0), 1)[0] == ["R7"]


def test_r7_steps_must_fit_the_card_and_the_case() -> None:
    # Pitch 1 and 2-slot cards: step 1 overlaps, step 2 touches, step 3 leaves a free slot.
    r = set_part(rows(), "motherboards", slot_pitch=1, x16_slots=4)
    assert layout_of(set_part(r, "cases", expansion_slots=9), 2) == ([], (2, 3), False)
    assert layout_of(set_part(r, "cases", expansion_slots=4), 2) == ([], (2,), True)
    assert layout_of(set_part(r, "cases", expansion_slots=3), 2)[0] == ["R7"]
    assert layout_of(set_part(rows(), "motherboards", slot_pitch=1, x16_slots=2), 2)[0] == ["R7"]
    # Three 2.5-slot cards: pitch 2 is too tight; pitch 3 needs 2 * 3 + 3 = 9 positions.
    wide = set_part(rows(), "gpus", slot_width="2.5")
    assert layout_of(wide, 3)[0] == ["R7"]
    wide = set_part(wide, "motherboards", slot_pitch=3)
    assert layout_of(wide, 3) == ([], (1,), True)
    assert layout_of(set_part(wide, "cases", expansion_slots=8), 3)[0] == ["R7"]


def test_r7_layout_is_spaced_when_any_valid_step_is() -> None:
    r = set_part(rows(), "motherboards", x16_slots=3)
    assert layout_of(set_part(r, "cases", expansion_slots=7), 2) == ([], (1, 2), False)
    assert layout_of(set_part(r, "cases", expansion_slots=5), 2) == ([], (1,), True)  # step 2 needs 6 positions


def test_r8_adjacent_open_air_forbidden_or_penalized() -> None:
    r = set_part(set_part(rows(), "motherboards", x16_slots=2), "gpus", cooling="open-air")
    cat = oracle.catalog_from_rows(r)
    forbid, penalize = {"workload": "w"}, {"workload": "w", "rules": {"adjacent_open_air": "penalize"}}
    assert oracle.check(cat, forbid, build(n=2)) == ["R8"]
    assert all(b.n == 1 for b in oracle.valid_builds(cat, forbid))
    assert oracle.check(cat, penalize, build(n=2)) == []
    assert oracle.make_build(cat, penalize, **build(n=2)).performance == Fraction(1309, 1000)  # 1.87 * 0.7
    half = {"workload": "w", "rules": {"adjacent_open_air": "penalize", "adjacent_penalty": 0.5}}
    assert oracle.make_build(cat, half, **build(n=2)).performance == Fraction(935, 1000)
    value, _ = oracle.optimum(cat, {**penalize, "objective": "max_perf", "gpu": {"counts": [2]}})
    assert value == (Fraction(1309, 1000), 353000)
    for cooling in ("blower", "water"):
        cat = oracle.catalog_from_rows(set_part(r, "gpus", cooling=cooling))
        assert oracle.check(cat, forbid, build(n=2)) == []
        assert oracle.make_build(cat, penalize, **build(n=2)).performance == Fraction(187, 100)
    # Spaced open-air cards (pitch 3, 2-slot) are neither refused nor penalized.
    cat = oracle.catalog_from_rows(set_part(set_part(r, "gpus", cooling="open-air"), "motherboards", slot_pitch=3))
    assert oracle.make_build(cat, penalize, **build(n=2)).performance == Fraction(187, 100)


def test_r9_threads_from_workload_then_scenario_and_lanes() -> None:
    r = set_part(rows(), "workloads", threads_per_gpu=9)
    assert fails(r, n=3) == [] and fails(r, n=4) == ["R9"]  # 27 and 36 threads of 32
    assert fails(r, {"workload": "w", "rules": {"threads_per_gpu": 2}}, n=4) == []
    assert fails(rows(), {"workload": "w", "rules": {"threads_per_gpu": 9}}, n=4) == ["R9"]
    assert fails(rows(), {"workload": "w", "rules": {"min_pcie_lanes_per_gpu": 16}}, n=4) == []
    assert fails(rows(), {"workload": "w", "rules": {"min_pcie_lanes_per_gpu": 17}}, n=4) == ["R9"]


def test_r10_psu_headroom_guide_example() -> None:
    # 4 x 250 W + 150 W + 100 W = 1250 W, plus 10% = 1375 W.
    for watts, expected in ((1300, ["R10"]), (1374, ["R10"]), (1375, []), (1400, [])):
        assert fails(set_part(rows(), "psus", wattage=watts), n=4) == expected, watts
    scenario = {"workload": "w", "rules": {"psu_headroom": 0.0, "other_w": 50}}
    assert fails(set_part(rows(), "psus", wattage=1200), scenario, n=4) == []
    assert fails(set_part(rows(), "psus", wattage=1199), scenario, n=4) == ["R10"]


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


def test_r13_wall_power_only_when_set() -> None:
    for limit, expected in ((0, []), (1249, ["R13"]), (1250, [])):
        assert fails(rows(), {"workload": "w", "rules": {"max_wall_watts": limit}}, n=4) == expected, limit


def test_r14_budget_in_cents_and_skip() -> None:
    assert fails(rows(), {"workload": "w", "budget_usd": 2530}) == []
    assert fails(rows(), {"workload": "w", "budget_usd": 2529.99}) == ["R14"]
    exact = {"workload": "w", "budget_usd": 2530, "gpu": {"counts": [1]}}
    assert [b.parts for b in oracle.valid_builds(oracle.catalog_from_rows(rows()), exact)] == [tuple(build().values())]
    cat, scenario = oracle.catalog_from_rows(rows()), {"workload": "w", "budget_usd": 2000}
    assert list(oracle.valid_builds(cat, scenario)) == []
    assert oracle.optimum(cat, scenario) == (None, [])
    assert min(b.cost_cents for b in oracle.valid_builds(cat, scenario, skip={"R14"})) == BASE_COST


def test_r15_exclude_and_require() -> None:
    r = rows()
    r["psus"].append({**r["psus"][0], "id": "p2", "price_usd": "400.00"})
    r["cpus"].append({**r["cpus"][0], "id": "c2"})
    cat = oracle.catalog_from_rows(r)
    excl = {"workload": "w", "parts": {"exclude": ["psus:p1"]}}
    assert oracle.check(cat, excl, build()) == ["R15"] and oracle.check(cat, excl, build(psu="p2")) == []
    req = {"workload": "w", "objective": "min_cost", "min_perf": 1, "parts": {"require": ["psus:p2"]}}
    assert oracle.optimum(cat, req)[0] == (BASE_COST + 10000, 1)
    assert oracle.check(cat, req, build()) == ["R15"]
    assert list(oracle.valid_builds(cat, {"workload": "w", "parts": {"require": ["cpus:c1", "cpus:c2"]}})) == []
    both = {"workload": "w", "parts": {"require": ["psus:p2"], "exclude": ["psus:p2"]}}
    assert list(oracle.valid_builds(cat, both)) == []
    r = set_part(r, "cpus", includes_cooler="true")
    cat = oracle.catalog_from_rows(r)
    assert oracle.check(cat, {"workload": "w", "parts": {"require": ["coolers:k1"]}}, build(cooler=None)) == ["R15"]
    with pytest.raises(ValueError):
        oracle.settings(cat, {"workload": "w", "parts": {"exclude": ["psus:nope"]}})


def test_unrated_gpus_and_perf_column() -> None:
    r = rows()
    r["gpus"].append({**r["gpus"][0], "id": "g2", "chipset": "unknown", "price_usd": "1.00"})
    cat = oracle.catalog_from_rows(r)
    assert {b.gpu for b in oracle.valid_builds(cat, {"workload": "w"})} == {"g1"}
    assert oracle.check(cat, {"workload": "w"}, build(gpu="g2")) == ["unrated"]
    r = set_part(rows(), "workloads", perf_column="perf_llm")
    r["gpu_models"][0]["perf_llm"] = ""
    assert list(oracle.valid_builds(oracle.catalog_from_rows(r), {"workload": "w"})) == []
    r["gpu_models"][0]["perf_llm"] = "0.125"
    value, _ = oracle.optimum(oracle.catalog_from_rows(r), {"workload": "w", "objective": "max_perf"})
    assert value[0] == Fraction(125, 1000) * Fraction(366, 100)


# ---- objectives and frontier ----

def two_model_catalog() -> dict:
    """Slow card (0.5, $500) and fast card (1.0, $1000); the rest costs $1530; 1 or 2 cards, spaced."""
    r = rows()
    r["gpu_models"] = [{"chipset": "fast", "perf": "1.000"}, {"chipset": "slow", "perf": "0.500"}]
    r["gpus"] = [{**r["gpus"][0], "id": "gA", "chipset": "slow", "price_usd": "500.00"},
                 {**r["gpus"][0], "id": "gB", "chipset": "fast", "price_usd": "1000.00"}]
    return oracle.catalog_from_rows(r)


TWO = {"workload": "w", "gpu": {"counts": [1, 2]}}


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
    value, best = oracle.optimum(oracle.catalog_from_rows(r), {"workload": "w", "gpu": {"counts": [1]}})
    assert value == Fraction(1, 2530) and sorted(b.gpu for b in best) == ["g1", "g2"]


def test_scenario_scaling_replaces_the_default() -> None:
    cat = two_model_catalog()
    scenario = {**TWO, "rules": {"scaling": {"1": 1.0, "2": 1.5}}}
    assert oracle.optimum(cat, scenario, "max_perf")[0] == (Fraction(3, 2), 353000)
    with pytest.raises(ValueError):  # counts 3 and 4 have no scaling entry
        oracle.settings(cat, {"workload": "w", "rules": {"scaling": {"1": 1.0, "2": 1.5}}})


# ---- the smart enumeration against the plain product ----

def all_builds(cat: dict, s: oracle.Settings):
    """Every combination, the cooler always optional and n over every scaling entry; check() decides."""
    kmax = int(max(b["memory_slots"] for b in cat["motherboards"].values()))
    for g, n, c, b, m, k, p, case, cooler, d in itertools.product(
            cat["gpus"], sorted(s.scaling), cat["cpus"], cat["motherboards"], cat["memory"], range(1, kmax + 1),
            cat["psus"], cat["cases"], [*cat["coolers"], None], cat["storage"]):
        yield {"gpu": g, "n": n, "cpu": c, "board": b, "memory": m, "k": k, "psu": p, "case": case,
               "cooler": cooler, "storage": d}


def small_seeds(limit: int, count: int) -> list[int]:
    found = []
    for seed in itertools.count():
        r, _ = gen.random_instance(seed)
        size = len(r["gpus"]) * 8 * 8 * (len(r["coolers"]) + 1)
        size *= len(r["cpus"]) * len(r["motherboards"]) * len(r["memory"]) * len(r["psus"]) * len(r["cases"])
        if size * len(r["storage"]) <= limit:
            found.append(seed)
        if len(found) == count:
            return found


@pytest.mark.parametrize("seed", small_seeds(20000, 16))
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
        _, scenario = gen.random_instance(seed)
        path = gen.write_scenario(scenario, tmp_path / f"{seed}.toml")
        assert tomllib.loads(path.read_text()) == scenario


def test_written_catalog_has_the_spec_columns(tmp_path: Path) -> None:
    r, _ = gen.random_instance(3)
    gen.write_catalog(r, tmp_path)
    for stem, columns in gen.COLUMNS.items():
        header = (tmp_path / f"{stem}.csv").read_text().splitlines()[0].split(",")
        assert header[:len(columns)] == columns and set(header[len(columns):]) <= {"perf_llm", "perf_column"}
    assert oracle.load_catalog(tmp_path) == oracle.catalog_from_rows(r)


def test_random_instances_exercise_the_whole_model() -> None:
    unbound, feasible, objectives, penalized = set(oracle.RULES), 0, set(), False
    for seed in range(200):
        r, scenario = gen.random_instance(seed)
        cat = oracle.catalog_from_rows(r)
        s = oracle.settings(cat, scenario)
        objectives.add(s.objective)
        feasible += oracle.optimum(cat, scenario)[0] is not None
        penalized = penalized or any(b.adjacent and s.adjacent_open_air == "penalize"
                                     and cat["gpus"][b.gpu]["cooling"] == "open-air"
                                     for b in oracle.valid_builds(cat, s))
        # A rule binds when some build that passes every other rule breaks it.
        for rule in sorted(unbound):
            if any(rule in oracle.check(cat, s, b) for b in itertools.islice(oracle.valid_builds(cat, s, {rule}), 300)):
                unbound.discard(rule)
    assert unbound == set()
    assert 60 <= feasible <= 140 and objectives == set(oracle.OBJECTIVES) and penalized


@hsettings(max_examples=30, deadline=None)
@given(gen.catalogs_and_scenarios())
def test_strategy_draws_loadable_instances(instance) -> None:
    r, scenario = instance
    assert tomllib.loads(gen.scenario_toml(scenario)) == scenario
    cat = oracle.catalog_from_rows(r)
    for b in itertools.islice(oracle.valid_builds(cat, scenario), 50):
        assert oracle.check(cat, scenario, b) == []
