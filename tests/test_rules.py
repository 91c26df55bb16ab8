"""One feasible and one infeasible micro-case per rule R1-R15, and per new or changed rule of build model v2.

Each infeasible case breaks exactly one rule: the full model finds nothing, the model without that
rule finds a build, and the rule's module alone (with only the one-hot structure) finds nothing. The
enumerator (tests/oracle.py) decides the same tables in test_oracle.py."""

from __future__ import annotations

from fractions import Fraction

import pytest
from gen import write_catalog
from micro import rows, solve

from solver.catalog import load_catalog
from solver.instance import bind
from solver.model import build_model
from solver.model.build import perf_units
from solver.model.rules import ALL
from solver.optimize import _faster_at_ratio
from solver.scenario import scenario_from_dict

BY_ID = {m.ID: m for m in ALL}
FOUR = {"gpu": {"counts": [4]}}

# rule -> (catalog changes, scenario, GPU counts the model is built with)
BROKEN = {
    "R1": ({}, {"gpu": {"counts": [6]}}, (1, 2, 3, 4)),  # choices for 1-4 GPUs, but only 6 allowed
    "R2": ({}, {"gpu": {"min_memory_gb": 32}}, None),
    "R3": ({}, {**FOUR, "rules": {"ram_basis": "total"}}, None),  # 4 x 24 GB > 64 GB on 2 slots
    "R4": ({"cpus": {"socket": "LGA1700"}}, {}, None),
    "R5": ({"memory": {"memory_type": "DDR4"}}, {}, None),
    "R6": ({"gpus": {"length_mm": 401}}, {}, None),
    "R7": ({"motherboards": {"x16_slots": 3}}, FOUR, None),  # three CPU x16 slots (micro.rows keeps the wiring)
    "R8": ({"gpus": {"cooling": "open-air"}}, FOUR, None),  # pitch 2 and 2-wide cards: only adjacent
    "R9": ({"cpus": {"threads": 6, "cores": 6}}, FOUR, None),
    "R10": ({"psus": {"wattage": 1374}}, FOUR, None),  # the guide's example needs 1375 W
    "R11": ({"psus": {"pcie_8pin": 7}}, FOUR, None),
    "R12": ({"storage": {"capacity_gb": 499}}, {}, None),
    "R13": ({}, {**FOUR, "rules": {"max_wall_watts": 1249}}, None),  # draws 4 x 250 + 150 + 100 W
    "R14": ({}, {"budget_usd": 2679.99}, None),  # the cheapest build costs $2,680.00
    "R15": ({}, {"parts": {"exclude": ["gpus:card"]}}, None),
}

# rule -> (catalog changes, scenario) that sit right at the rule's limit and pass
AT_LIMIT = {
    "R1": ({}, {"gpu": {"counts": [4]}}),
    "R2": ({}, {"gpu": {"min_memory_gb": 24}}),
    "R3": ({"memory": {"module_gb": 48}}, {**FOUR, "rules": {"ram_basis": "total"}}),  # 96 GB >= 4 x 24
    "R4": ({"cpus": {"includes_cooler": "true"}, "coolers": {"sockets": "LGA1700"}}, {}),  # no cooler needed
    "R5": ({"motherboards": {"max_memory_gb": 64}}, {}),
    "R6": ({"gpus": {"length_mm": 400}, "coolers": {"height_mm": 170}}, {}),
    "R7": ({"cases": {"expansion_slots": 8}}, FOUR),  # 3 steps of 2 + 2 = 8 slots
    "R8": ({"gpus": {"cooling": "open-air"}}, {**FOUR, "rules": {"adjacent_open_air": "penalize"}}),
    "R9": ({"cpus": {"threads": 8, "cores": 8, "pcie_lanes": 32}}, FOUR),
    "R10": ({"psus": {"wattage": 1375}}, FOUR),
    "R11": ({"psus": {"pcie_8pin": 8}}, FOUR),
    "R12": ({"storage": {"capacity_gb": 500}}, {}),
    "R13": ({}, {**FOUR, "rules": {"max_wall_watts": 1250}}),  # v1's DC reading: see V1_ONLY
    "R14": ({}, {"budget_usd": 2680.00}),
    "R15": ({}, {"parts": {"require": ["gpus:card", "psus:psu"]}}),
}


TWO = {"gpu": {"counts": [2]}}
X8X8 = "0:cpu:8:4;2:cpu:8:4;4:chipset:4:3;6:chipset:4:3"  # CPU lanes split x8/x8, then chipset x4 slots
B550 = "0:cpu:16:4;2:chipset:4:3;4:chipset:4:3;6:chipset:4:3"  # one CPU slot; the others on the chipset

# Build model v2 (contract v2): new rules and the changed parts of old ones, keyed "<rule id> <what>". The
# enumerator decides the same tables in test_oracle.py.
BROKEN_V2 = {
    "R2 pooled": ({}, {"gpu": {"counts": [2], "min_total_memory_gb": 49}}, None),  # 2 x 24 GB = 48 GB
    "R7 wiring": ({"motherboards": {"gpu_slots": X8X8}}, {**TWO, "rules": {"min_pcie_lanes_per_gpu": 9}}, None),
    "R7 chipset": ({"motherboards": {"gpu_slots": B550}}, TWO, None),  # chipset_slots = "forbid" by default
    "R9 lanes": ({"motherboards": {"gpu_slots": X8X8}, "cpus": {"pcie_lanes": 15}}, TWO, None),  # 2 CPU cards x 8
    "R10 recommended": ({"gpu_models": {"recommended_psu_w": 851}}, FOUR, None),  # 851 + 3 x 250 > 1600 W
    "R13 wall": ({}, {**FOUR, "rules": {"max_wall_watts": 1384}}, None),  # 1250 W DC at 90.3125%: 1384.08 W
    "R16": ({"gpus": {"memory_gb": 33}}, {**TWO, "rules": {"ram_per_total_vram": 1.0}}, None),  # 66 GB > 64 GB
    "R16 floor": ({}, {"rules": {"min_ram_gb": 65}}, None),  # one 2 x 32 GB kit in two slots
    "R17": ({"psus": {"efficiency": "silver"}}, {}, None),  # 1600 W > 750 W needs Gold
    "R18": ({"gpu_models": {"compute_capability": "7.4"}}, {}, None),
}
AT_LIMIT_V2 = {
    "R2 pooled": ({}, {"gpu": {"counts": [2], "min_total_memory_gb": 48}}),
    "R7 wiring": ({"motherboards": {"gpu_slots": X8X8}}, {**TWO, "rules": {"min_pcie_lanes_per_gpu": 8}}),
    "R7 chipset": ({"motherboards": {"gpu_slots": B550}}, {**TWO, "rules": {"chipset_slots": "penalize"}}),
    "R9 lanes": ({"motherboards": {"gpu_slots": X8X8}, "cpus": {"pcie_lanes": 16}}, TWO),
    "R10 recommended": ({"gpu_models": {"recommended_psu_w": 850}}, FOUR),  # 850 + 3 x 250 = 1600 W
    "R13 wall": ({}, {**FOUR, "rules": {"max_wall_watts": 1385}}),
    "R16": ({"gpus": {"memory_gb": 32}}, {**TWO, "rules": {"ram_per_total_vram": 1.0}}),  # 64 GB = 2 x 32 GB
    "R16 floor": ({}, {"rules": {"min_ram_gb": 64}}),
    "R17": ({"psus": {"efficiency": "gold"}}, {}),
    "R18": ({"gpu_models": {"compute_capability": "7.5"}}, {}),
}
# v1 cases that contract v2 reads differently (R13 measured DC watts; v2 measures at the wall): the build at v1's
# limit is infeasible now, and "R13 wall" is its v2 counterpart.
V1_ONLY = {"AT_LIMIT": {"R13"}}


def rule_id(key: str) -> str:
    return key.split()[0]


def _order(key: str) -> tuple:
    return int(rule_id(key)[1:]), key


def _cases(v1: dict, v2: dict) -> list:
    return [*sorted(v1, key=_order), *sorted(v2, key=_order)]


@pytest.mark.parametrize("rule", _cases(BROKEN, BROKEN_V2))
def test_breaking_one_rule_makes_the_scenario_infeasible(tmp_path, rule):
    changes, scenario, counts = {**BROKEN, **BROKEN_V2}[rule]
    catalog = rows(**changes)
    assert solve(tmp_path, catalog, scenario, counts=counts).status == "infeasible"
    others = [m for m in ALL if m.ID != rule_id(rule)]
    assert solve(tmp_path, catalog, scenario, rules=others, counts=counts).status == "optimal"
    assert solve(tmp_path, catalog, scenario, rules=[BY_ID[rule_id(rule)]], counts=counts).status == "infeasible"


@pytest.mark.parametrize("rule", _cases(AT_LIMIT, AT_LIMIT_V2))
def test_a_build_at_the_rules_limit_is_feasible(tmp_path, rule):
    changes, scenario = {**AT_LIMIT, **AT_LIMIT_V2}[rule]
    if rule in V1_ONLY["AT_LIMIT"]:
        # v1 compared DC watts with the limit; at the wall the same build draws more, as contract v2 measures.
        assert solve(tmp_path, rows(**changes), scenario).status == "infeasible"
        return
    result = solve(tmp_path, rows(**changes), scenario)
    assert result.status == "optimal"
    assert solve(tmp_path, rows(**changes), scenario, rules=[BY_ID[rule_id(rule)]]).status == "optimal"
    if "counts" in scenario.get("gpu", {}):
        assert result.build.gpu.count == scenario["gpu"]["counts"][0]


def test_guide_psu_example_picks_the_1400_w_unit(tmp_path):
    """2018 guide: 4 x 250 W + 150 W + 100 W = 1250 W, +10% = 1375 W, "so a 1400 watts PSU"."""
    catalog = rows()
    catalog["psus"] = [
        dict(catalog["psus"][0], id=f"psu{w}", name=f"PSU {w} W", wattage=w, price_usd=f"{w / 10:.2f}")
        for w in (1300, 1400, 1600)
    ]
    result = solve(tmp_path, catalog, FOUR)
    assert result.build.psu.part.id == "psu1400"


def test_penalized_adjacent_open_air_cards_lose_thirty_percent(tmp_path):
    catalog = rows(gpus={"cooling": "open-air"})
    result = solve(tmp_path, catalog, {**FOUR, "rules": {"adjacent_open_air": "penalize"}}, objective="max_perf")
    assert result.build.adjacent
    assert result.performance == pytest.approx(3.66 * 0.7)


def test_spaced_open_air_cards_keep_full_performance(tmp_path):
    # Pitch 3 leaves a free slot beside 2-wide cards: 2 cards span 3 + 2 = 5 slots.
    catalog = rows(gpus={"cooling": "open-air"}, motherboards={"slot_pitch": 3})
    scenario = {"gpu": {"counts": [2]}, "rules": {"adjacent_open_air": "penalize"}}
    result = solve(tmp_path, catalog, scenario, objective="max_perf")
    assert not result.build.adjacent and result.performance == pytest.approx(1.87)


def test_a_missing_16_pin_is_fed_by_four_8_pin_leads(tmp_path):
    catalog = rows(gpus={"pcie_8pin": 0, "pcie_16pin": 1}, psus={"pcie_8pin": 8, "pcie_16pin": 2})
    assert solve(tmp_path, catalog, {"gpu": {"counts": [4]}}).status == "optimal"  # 2 native + 2 x 4 eight-pin
    catalog = rows(gpus={"pcie_8pin": 0, "pcie_16pin": 1}, psus={"pcie_8pin": 7, "pcie_16pin": 2})
    assert solve(tmp_path, catalog, {"gpu": {"counts": [4]}}).status == "infeasible"


def test_an_nvme_drive_needs_an_m2_slot_but_sata_does_not(tmp_path):
    assert solve(tmp_path, rows(motherboards={"m2_slots": 0}), {}).status == "infeasible"
    sata = rows(motherboards={"m2_slots": 0}, storage={"interface": "sata"})
    assert solve(tmp_path, sata, {}).status == "optimal"


def test_storage_kind_asks_for_an_ssd_or_nvme(tmp_path):
    catalog = rows(storage={"interface": "sata", "drive_type": "hdd"})
    catalog["storage"].append(
        dict(catalog["storage"][0], id="ssd", name="SATA SSD", price_usd="90.00", drive_type="ssd")
    )
    catalog["storage"].append(
        dict(catalog["storage"][0], id="nvme", name="NVMe SSD", price_usd="95.00", interface="nvme", drive_type="ssd")
    )
    assert (
        solve(tmp_path, catalog, {"rules": {"storage_kind": "any"}}).build.storage.part.id == "drive"
    )  # the cheap hard disk
    assert solve(tmp_path, catalog, {"rules": {"profile": "guide-2018"}}).build.storage.part.id == "drive"
    assert solve(tmp_path, catalog, {}).build.storage.part.id == "ssd"  # "recommended" asks for an SSD
    assert solve(tmp_path, catalog, {"rules": {"storage_kind": "ssd"}}).build.storage.part.id == "ssd"
    assert solve(tmp_path, catalog, {"rules": {"storage_kind": "nvme"}}).build.storage.part.id == "nvme"
    no_m2 = rows(motherboards={"m2_slots": 0}, storage={"drive_type": "ssd"})
    assert solve(tmp_path, no_m2, {"rules": {"storage_kind": "nvme"}}).status == "infeasible"


def test_absurd_but_valid_numbers_are_handled_exactly(tmp_path):
    """A 100,000 W PSU and a $999,999.99 GPU are odd but exact: the solver picks correctly with them."""
    catalog = rows()
    catalog["psus"].append(
        dict(catalog["psus"][0], id="huge", name="PSU 100000 W", wattage=100000, price_usd="400.00", pcie_8pin=1000)
    )
    catalog["gpus"].append(dict(catalog["gpus"][0], id="gold", name="Gold Card", price_usd="999999.99"))
    result = solve(tmp_path, catalog, {"gpu": {"counts": [4]}}, objective="perf_per_dollar")
    assert result.status == "optimal" and result.build.gpu.part.id == "card"
    assert result.cost_cents == 4 * 100000 + 50000 + 30000 + 20000 + 40000 + 15000 + 5000 + 8000


def test_equal_perf_per_dollar_goes_to_the_faster_build(tmp_path):
    """Two builds with the same ratio: 1.0 for $2,680 and 2.0 for $5,360; the faster one wins (spec §4 is
    silent; the project breaks the tie towards performance, docs/build-model.md)."""
    catalog = rows()
    catalog["gpu_models"].append({"chipset": "Double", "perf": "2.000", "compute_capability": "8.9"})
    catalog["gpus"].append(
        dict(catalog["gpus"][0], id="double", name="Double Card", chipset="Double", price_usd="3680.00")
    )
    result = solve(tmp_path, catalog, {"gpu": {"counts": [1]}}, objective="perf_per_dollar")
    assert result.build.gpu.part.id == "double" and result.cost_cents == 536000


def _double_card(price_usd: str) -> dict:
    """rows() and a card of twice the rating ("Double") at a price: at $3,680 its build ties the base build's ratio
    (2.0 for $5,360 against 1.0 for $2,680)."""
    catalog = rows()
    catalog["gpu_models"].append({"chipset": "Double", "perf": "2.000", "compute_capability": "8.9"})
    catalog["gpus"].append(
        dict(catalog["gpus"][0], id="double", name="Double Card", chipset="Double", price_usd=price_usd)
    )
    return catalog


def test_ratio_ties_without_the_lexicographic_objective(tmp_path, monkeypatch):
    """When gain*(P+1) + perf would not fit in 64 bits, the tie still goes to the faster build: the proof's build
    when no faster one can have its ratio, else one more solve."""
    import solver.optimize as optimize_module

    monkeypatch.setattr(optimize_module, "PRODUCT_LIMIT", 1)
    result = solve(tmp_path, _double_card("3680.00"), {"gpu": {"counts": [1]}}, objective="perf_per_dollar")
    assert result.build.gpu.part.id == "double" and result.cost_cents == 536000


def test_ratio_ties_broken_by_one_more_solve(tmp_path, monkeypatch):
    """The extra solve (max performance among the builds of the proven ratio) finds the faster build of a tie."""
    import solver.optimize as optimize_module

    monkeypatch.setattr(optimize_module, "PRODUCT_LIMIT", 1)
    monkeypatch.setattr(optimize_module, "_faster_at_ratio", lambda *args: True)
    result = solve(tmp_path, _double_card("3680.00"), {"gpu": {"counts": [1]}}, objective="perf_per_dollar")
    assert result.build.gpu.part.id == "double" and result.cost_cents == 536000 and result.stats["solves"] >= 3


@pytest.mark.parametrize(("price_usd", "faster"), [("3680.00", True), ("3680.01", False)])
def test_a_faster_build_at_the_ratio_is_ruled_out_by_the_numbers(tmp_path, price_usd, faster):
    """_faster_at_ratio at the base build's ratio (1.0 for $2,680): the Double card performs 2 x 1.0, so a build of
    it has that ratio only at $5,360, and it costs at least its price plus the cheapest other parts ($1,680): at
    $3,680.01 it cannot."""
    directory = write_catalog(_double_card(price_usd), tmp_path / "catalog")
    scenario = scenario_from_dict({"workload": "w", "objective": "perf_per_dollar", "gpu": {"counts": [1]}})
    ctx = build_model(bind(load_catalog(directory), scenario), prune=False)
    one = perf_units(Fraction(1), ctx.perf_scale)
    assert _faster_at_ratio(ctx, one, 268000, one) is faster
    assert not _faster_at_ratio(ctx, 2 * one, 536000, 2 * one)  # nothing performs more than the Double card


# ---- build model v2: the new dimensions of a build, solved ----

LIMITS = [{"power_class": "default", "level_pct": "80", "factor": "0.9", "basis": "test", "source": "test"}]


def test_the_power_level_drops_when_the_psu_needs_it(tmp_path):
    # 4 x 250 W at 100%: 1.1 x 1250 W = 1375 W > 1200 W; at 80% (200 W): 1.1 x 1050 W = 1155 W fits.
    catalog = rows(psus={"wattage": 1200}, power_limits=LIMITS)
    result = solve(tmp_path, catalog, FOUR, objective="max_perf")
    assert result.build.power_level == 80 and result.performance == pytest.approx(3.66 * 0.9)
    assert result.build.power.command == "nvidia-smi -pl 200"
    assert solve(tmp_path, catalog, {**FOUR, "rules": {"power_limit": "off"}}).status == "infeasible"
    full = solve(tmp_path, rows(power_limits=LIMITS), FOUR, objective="max_perf")
    assert full.build.power_level == 100 and full.build.power.command is None  # the 1600 W unit needs no limit


def test_a_second_psu_when_one_is_too_small(tmp_path):
    # One 1000 W unit is short of 1375 W; two are not, in a case with two bays.
    catalog = rows(psus={"wattage": 1000}, cases={"psu_bays": 2})
    result = solve(tmp_path, catalog, {**FOUR, "rules": {"dual_psu": "allow"}})
    assert (
        result.build.psu_count == 2
        and result.cost_cents == 4 * 100000 + 50000 + 30000 + 20000 + 2 * 40000 + 15000 + 5000 + 8000
    )
    assert (
        solve(tmp_path, rows(psus={"wattage": 1000}), {**FOUR, "rules": {"dual_psu": "allow"}}).status == "infeasible"
    )  # one bay


def test_four_350_w_cards_on_one_us_20a_circuit(tmp_path):
    """Issue 10: a 4-GPU build of 350 W cards on one US 20 A circuit, power-limited: 4 x 280 W + 280 W + 100 W = 1500 W
    DC on one 1600 W Platinum unit at 93.75% load (89.375%): 1,679 W at the wall, within 1,920 W, over 1,440 W."""
    catalog = rows(gpus={"tdp_w": 350}, cpus={"tdp_w": 280}, power_limits=LIMITS, memory={"module_gb": 48})
    scenario = {**FOUR, "rules": {"psu_headroom": 0.05, "circuit": "us_20a"}}
    result = solve(tmp_path, catalog, scenario, objective="max_perf")
    power = result.build.power
    assert (result.build.power_level, power.dc_watts, power.wall_watts_shown, power.limit) == (80, 1500, 1679, 1920)
    assert (
        solve(tmp_path, catalog, {**FOUR, "rules": {"psu_headroom": 0.05, "circuit": "us_15a"}}).status == "infeasible"
    )


def test_a_chipset_slot_under_penalize_costs_its_factor(tmp_path):
    # One CPU x16 slot and chipset x4 slots: two cards only with a card on the chipset, at 0.85.
    catalog = rows(motherboards={"gpu_slots": B550})
    assert solve(tmp_path, catalog, TWO).status == "infeasible"
    result = solve(tmp_path, catalog, {**TWO, "rules": {"chipset_slots": "penalize"}}, objective="max_perf")
    layout = result.build.layout
    # R8's order prefers spaced placements: the blower cards sit at positions 0 and 4, not side by side at 0 and 2.
    assert layout.uses_chipset and [s.attach for s in layout.slots] == ["cpu", "chipset"] and layout.positions == (0, 4)
    assert result.performance == pytest.approx(1.87 * 0.85)


def test_the_guide_2018_profile_still_picks_the_guides_1400_w_unit(tmp_path):
    catalog = rows()
    catalog["psus"] = [
        dict(catalog["psus"][0], id=f"psu{w}", name=f"PSU {w} W", wattage=w, price_usd=f"{w / 10:.2f}", efficiency="")
        for w in (1300, 1400, 1600)
    ]  # unrated: the 2018 guide asks no 80 PLUS level
    result = solve(tmp_path, catalog, {**FOUR, "rules": {"profile": "guide-2018"}})
    assert result.build.psu.part.id == "psu1400"
    assert solve(tmp_path, catalog, FOUR).status == "infeasible"  # "recommended": Gold or better above 750 W (R17)


@pytest.mark.parametrize(("other_w", "feasible"), [(110, True), (130, False), (150, True)])
def test_wall_power_steps_down_at_20_percent_load(tmp_path, other_w, feasible):
    """Two 2000 W Platinum units (their leads are needed) under a 900 W limit: 2 x 250 + 150 + other_w W of DC load is
    4000 W x 19% (760 W: 85% below the 20% point, 894 W at the wall), 19.5% (780 W: 918 W) or 20% (800 W: 90%,
    889 W). A lower load can draw more at the wall, and R13 decides each exactly, as the enumerator does."""
    catalog = rows(psus={"wattage": 2000, "pcie_8pin": 2}, cases={"psu_bays": 2})
    scenario = {**TWO, "rules": {"dual_psu": "allow", "max_wall_watts": 900, "other_w": other_w}}
    result = solve(tmp_path, catalog, scenario)
    assert (result.status == "optimal") == feasible
    if feasible:
        assert result.build.psu_count == 2 and result.build.power.wall_watts <= 900
    import oracle

    cat = oracle.catalog_from_rows(catalog)
    builds = [b for b in oracle.valid_builds(cat, {"workload": "w", **scenario}) if b.n == 2]
    assert bool(builds) == feasible
