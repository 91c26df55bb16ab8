"""The importer's documented rules: lanes table, blower detection, connectors, slots, PSUs, drives, names."""

import pytest
from conftest import ROOT

from solver.importer.boards import count_m2, count_x16, fit_slots, slot_pitch_rule
from solver.importer.gpus import connectors_from_tdp, cooling_rule, display_name, parse_reference_connectors
from solver.importer.platforms import PLATFORMS, excluded_reason, normalize_socket, platform_for
from solver.importer.psus import eight_pin_rule
from solver.importer.storage import interface_of
from solver.importer.workloads import WORKLOADS, workload_rows


@pytest.mark.parametrize(
    "socket,name,lanes",
    [
        ("AM5", "AMD Ryzen 9 7950X", 16),
        ("AM5", "AMD Ryzen 7 9800X3D", 16),
        ("LGA 1700", "Intel Core i9-13900K", 16),
        ("LGA1851", "Intel Core Ultra 9 285K", 16),
        ("AM4", "AMD Ryzen 9 5950X", 16),
        ("sTRX4", "AMD Ryzen Threadripper 3970X", 56),
        ("TR4", "AMD Ryzen Threadripper 2990WX", 60),
        ("LGA 2066", "Intel Core i9-10980XE", 48),
        ("LGA 2066", "Intel Core i9-9940X", 44),
        ("LGA 2066", "Intel Core i9-7900X", 44),
        ("LGA 2066", "Intel Core i7-7820X", 28),
        ("sTR5", "AMD Ryzen Threadripper PRO 9995WX", 128),
        ("sTR5", "AMD Ryzen Threadripper 9985WX", 128),  # BuildCores' name for the PRO part lacks "PRO"
        ("sTR5", "AMD Ryzen Threadripper 7960X", 48),
        ("LGA 4677", "Intel Xeon w7-2495X", 64),
        ("LGA 4677", "Intel Xeon w9-3495X", 112),
    ],
)
def test_lanes_table(socket, name, lanes):
    platform = platform_for(socket, name)
    assert platform is not None and platform.pcie_lanes == lanes


def test_lanes_table_rows_have_vendor_sources_and_distinct_keys():
    assert len({p.key for p in PLATFORMS}) == len(PLATFORMS)
    # Vendor pages where they were found; the current many-lane platforms cite the secondary sources docs names.
    secondary = {"str5-threadripper-pro", "str5-threadripper", "lga4677-xeon-w2400", "lga4677-xeon-w3400"}
    docs = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    for p in PLATFORMS:
        assert p.url.startswith("https://")
        assert ("amd.com" in p.url or "intel.com" in p.url) or (p.key in secondary and p.url in docs), p.key
        assert 0 < p.pcie_lanes <= p.cpu_lanes_total


def test_cpus_outside_the_table_or_excluded():
    assert platform_for("LGA 2066", "Intel Core i7-7740X") is None  # Kaby Lake-X: 16 lanes, no row
    assert platform_for("AM5", "AMD Ryzen 5 8600G") is None
    assert excluded_reason("AM4", "AMD Ryzen 7 2700X").startswith("Ryzen 1000/2000")
    assert excluded_reason("LGA1200", "Intel Core i9-11900K").startswith("11th-gen")
    assert excluded_reason("LGA 1151", "Intel Core i9-9900K") is not None
    assert excluded_reason("AM5", "AMD Ryzen 9 7950X") is None
    assert normalize_socket("LGA 1700") == "LGA1700" and normalize_socket("TR4") == "sTR4"


@pytest.mark.parametrize(
    "chipset,names,bc,expected",
    [
        ("GeForce RTX 4090", ["Asus TUF GAMING OC"], "3 Fans", ("open-air", False)),
        ("GeForce RTX 3090", ["Gigabyte TURBO"], "1 Fan", ("blower", True)),
        ("GeForce RTX 2080 Ti", ["PNY Blower"], None, ("blower", True)),
        ("GeForce RTX 3060 12 GB", ["Zotac GAMING Solo"], "1 Fan", ("open-air", False)),
        ("RTX A6000", ["PNY RTX A-Series"], None, ("blower", True)),
        ("Quadro RTX 8000", ["PNY VCQRTX8000-PB"], "1 Fan", ("blower", True)),
        ("RTX 6000 Ada Generation", ["PNY VCNRTX6000ADA-PB"], "1 Fan", ("blower", True)),
        (
            "RTX PRO 6000 Blackwell",
            ["NVIDIA RTX PRO 6000 Blackwell Workstation Edition"],
            "2 Fans",
            ("open-air", False),
        ),
        ("TITAN RTX", ["NVIDIA TITAN RTX"], "2 Fans", ("open-air", False)),
        ("GeForce RTX 4090", ["MSI SUPRIM LIQUID X"], "Hybrid", ("water", False)),
        ("GeForce RTX 4090", ["Gigabyte AORUS XTREME WATERFORCE"], None, ("water", True)),
        ("GeForce RTX 4090", ["Anything"], "Blower", ("blower", False)),
        ("A40 PCIe", ["NVIDIA A40"], "Passive", (None, False)),
    ],
)
def test_cooling_rule(chipset, names, bc, expected):
    assert cooling_rule(chipset, names, bc) == expected


def test_reference_connectors():
    assert parse_reference_connectors("1x 16-pin") == (0, 1)
    assert parse_reference_connectors("1x 6-pin + 1x 8-pin") == (2, 0)  # a 6-pin counts as an 8-pin
    assert parse_reference_connectors("2x 8-pin") == (2, 0)
    assert parse_reference_connectors("1x 12-pin") == (2, 0)  # RTX 30 FE adapter takes two 8-pin
    assert parse_reference_connectors("8-pin EPS") == (2, 0)
    assert parse_reference_connectors("None") == (0, 0)
    assert parse_reference_connectors("") is None
    assert connectors_from_tdp(75) == 0 and connectors_from_tdp(225) == 1 and connectors_from_tdp(350) == 2


def test_slot_rules():
    assert count_x16([{"quantity": 2, "lanes": 16}, {"quantity": 3, "lanes": 1}, {"quantity": 1, "lanes": 4}]) == 2
    assert (
        count_m2(
            [
                {"key": "M", "interface": "PCIe 4.0 x4"},
                {"key": "E", "interface": "CNVi"},
                {"key": "B+M", "interface": "PCIe 3.0 x4"},
            ]
        )
        == 2
    )
    assert slot_pitch_rule("sTRX4", "ATX", 4) == 2
    assert slot_pitch_rule("LGA2066", "EATX", 3) == 2
    assert slot_pitch_rule("AM5", "ATX", 2) == 3
    assert slot_pitch_rule("AM5", "ATX", 3) == 2
    assert slot_pitch_rule("AM5", "Micro ATX", 2) == 2
    assert slot_pitch_rule("AM5", "Mini ITX", 1) == 1
    assert fit_slots("Micro ATX", 4, 2) == (2, 2)  # four positions hold two x16 slots two apart
    assert fit_slots("ATX", 5, 2) == (4, 2)
    assert fit_slots("ATX", 4, 2) == (4, 2)
    assert fit_slots("Mini ITX", 2, 2) == (1, 1)


def test_psu_and_storage_rules():
    assert [eight_pin_rule(w) for w in (450, 650, 850, 1200, 1600)] == [1, 2, 3, 4, 6]
    assert interface_of("M.2 PCIe 4.0 X4", "M.2-2280")[0] == "nvme"
    assert interface_of("SATA 6.0 Gb/s", "2.5")[0] == "sata"
    assert interface_of("M.2 SATA", "M.2-2280")[0] is None
    assert interface_of("PCIe x4", "PCIe")[0] is None
    assert interface_of("SAS 12.0 Gb/s", "3.5")[0] is None


def test_display_names_carry_chipset_and_memory():
    assert display_name("Asus TUF GAMING OC", "GeForce RTX 4090", 24) == "Asus TUF GAMING OC GeForce RTX 4090 24 GB"
    assert display_name("MSI RTX 4090 VENTUS 3X 24G OC", "GeForce RTX 4090", 24) == "MSI RTX 4090 VENTUS 3X 24G OC"
    assert display_name("EVGA XC", "GeForce RTX 3080 10GB LHR", 10) == "EVGA XC GeForce RTX 3080 LHR 10 GB"
    # a 3060 Ti card must not be named as if it were a 3060
    assert "3060 Ti" in display_name("MSI GeForce RTX 3060 Ventus", "GeForce RTX 3060 Ti", 8)


def test_workloads_follow_the_guide_tables():
    rows = {r["workload"]: r for r in workload_rows()}
    assert rows["kaggle"]["min_gpu_memory_gb"] == "8" and rows["kaggle-2018"]["min_gpu_memory_gb"] == "4"
    assert rows["large-transformer-training"]["min_gpu_memory_gb"] == "24"
    assert rows["research-sota-2018"]["min_gpu_memory_gb"] == "11"
    assert rows["llm-inference"]["perf_column"] == "perf_llm_infer"
    guide = [r for r in rows.values() if r["guide_year"]]
    assert all(r["threads_per_gpu"] in ("2", "4") and r["source"].startswith("https://timdettmers.com/") for r in guide)
    assert len(rows) == len(WORKLOADS)


def test_llm_workloads_pool_memory_and_generate_tokens():
    rows = {r["workload"]: r for r in workload_rows()}
    llm = {k: r for k, r in rows.items() if k.startswith("llm-")}
    assert set(llm) == {"llm-inference", "llm-inference-8b-q4", "llm-inference-70b-q4", "llm-inference-123b-q4"}
    assert all(
        r["scaling_profile"] == "llm-token-generation" and r["perf_column"] == "perf_llm_infer" for r in llm.values()
    )
    assert all(r["scaling_profile"] == "training" for k, r in rows.items() if k not in llm)
    assert all(r["min_total_memory_gb"] == "" for k, r in rows.items() if not k.startswith("llm-inference-"))
    # weights (GGUF file) + FP16 KV cache at 8192 tokens, +10%, whole GB: 70B Q4_K_M needs two 24 GB cards
    assert rows["llm-inference-70b-q4"]["min_total_memory_gb"] == "47"
    assert int(rows["llm-inference-8b-q4"]["min_total_memory_gb"]) <= int(
        rows["llm-inference-8b-q4"]["min_gpu_memory_gb"]
    )
    assert 72 < int(rows["llm-inference-123b-q4"]["min_total_memory_gb"]) <= 96
    for key in ("llm-inference-8b-q4", "llm-inference-70b-q4", "llm-inference-123b-q4"):
        assert rows[key]["source"].count("https://huggingface.co/") == 2 and "8192 tokens" in rows[key]["notes"]


def test_llm_memory_arithmetic():
    from solver.importer.workloads import LLAMA_70B

    assert LLAMA_70B.weights_gib == pytest.approx(42_520_398_400 / 2**30)
    assert LLAMA_70B.kv_cache_gib == pytest.approx(2.5)  # 2 x 80 layers x 8 heads x 128 x 2 bytes x 8192 tokens
    assert LLAMA_70B.total_gb == 47


# Partner-card sizes and power leads (issue 10, "assembly truth").
from solver.importer.gpus import KnownCards, buildcores_leads, common_leads, known_cards  # noqa: E402


@pytest.mark.parametrize(
    "chipset,leads,eps,expected",
    [
        ("GeForce RTX 5080", {"pcie_8_pin": 2}, False, (0, 1, True)),  # the schema's "16-pin = 2x 8-pin"
        ("GeForce RTX 5080", {"pcie_8_pin": 1}, False, (0, 1, True)),
        ("GeForce RTX 5090", {"pcie_12V_2x6": 2}, False, (0, 2, False)),
        ("GeForce RTX 5090", {"pcie_8_pin": 0, "pcie_12VHPWR": 0}, False, None),
        ("GeForce RTX 4070", {"pcie_8_pin": 2}, False, (2, 0, False)),  # 8-pin partner cards exist: left as entered
        ("GeForce RTX 3090", {"pcie_8_pin": 2, "pcie_6_pin": 1}, False, (3, 0, False)),
        ("RTX A6000", {"pcie_8_pin": 1}, True, (2, 0, True)),  # an EPS input fed by NVIDIA's two-8-pin adapter
    ],
)
def test_buildcores_leads(chipset, leads, eps, expected):
    assert buildcores_leads(chipset, leads, eps) == expected


def test_common_leads_ignore_a_single_mistyped_row():
    layouts = [(1, 0)] * 41 + [(2, 0)] * 12 + [(4, 0)]
    assert common_leads(layouts) == (2, 0)
    assert common_leads([(2, 0)] * 7 + [(0, 1)] * 61) == (0, 1)  # a 16-pin weighs four 8-pin leads
    assert common_leads([(2, 0)] * 22 + [(3, 0)] * 14) == (3, 0)


def _card(opendb_id, name, width, length, **leads):
    return {
        "opendb_id": opendb_id,
        "metadata": {"name": name},
        "total_slot_width": width,
        "length": length,
        "power_connectors": leads,
    }


def test_known_cards_are_the_widest_and_longest_partner_boards_never_the_founders_edition():
    rows = [
        _card("fe", "NVIDIA GeForce RTX 5090 Founders Edition", 2, 304, pcie_12V_2x6=1),
        _card("a", "ASUS ROG Astral RTX 5090", 3.8, 357.6, pcie_12V_2x6=1),
        _card("b", "Gigabyte GAMING OC RTX 5090", 4, 342, pcie_8_pin=2),  # schema quirk: a 16-pin
        _card("c", "Typo RTX 5090", 77, 370.3),  # an implausible width is no width
        _card("d", "Other chip", 5, 400),
    ]
    chip = {
        "fe": "GeForce RTX 5090",
        "a": "GeForce RTX 5090",
        "b": "GeForce RTX 5090",
        "c": "GeForce RTX 5090",
        "d": "GeForce RTX 4060",
    }
    known = known_cards(rows, chip)["GeForce RTX 5090"]
    assert known == KnownCards(width=4.0, length=370.3, leads=(0, 1))
    only_fe = known_cards(rows[:1], chip)
    assert only_fe == {}  # with the Founders Edition alone nothing is known: the reference board is used


def test_case_slot_counts_with_vertical_slots_added_are_not_believed():
    from solver.importer.cases import plausible_slots

    assert plausible_slots("ATX Mid Tower", 8) and not plausible_slots("ATX Mid Tower", 9)  # Define 7 Dark: 7 + 2
    assert plausible_slots("ATX Full Tower", 9) and not plausible_slots("ATX Full Tower", 11)
    assert not plausible_slots("MicroATX Mini Tower", 7)
    assert plausible_slots("Mini ITX Desktop", 4) and plausible_slots("HTPC", 7)  # openings for one thick card


@pytest.mark.parametrize(
    "pcpp,bc,pcpp_name,bc_name,expected",
    [
        ("gold", "80+ Bronze", "", "", ("gold", False)),
        (None, "80+ Platinum", "", "", ("platinum", False)),
        (None, "80+ Standard", "", "", ("plus", False)),
        ("plus", None, "", "", ("plus", False)),
        (None, None, "Silverstone FX600 Platinum", "", ("platinum", True)),
        (None, None, "Silverstone HELA", "SilverStone HELA 2050 Platinum Cybenetics Platinum 2050W", ("none", True)),
        (None, None, "Antec VP", "Antec VP450 Black / Silver ATX 450W", ("none", True)),  # a colour is no rating
        (None, None, "X", "X ATX 850W 80+ Gold Certified", ("gold", True)),
    ],
)
def test_psu_efficiency(pcpp, bc, pcpp_name, bc_name, expected):
    from solver.importer.psus import efficiency_of

    assert efficiency_of(pcpp, bc, pcpp_name, bc_name) == expected


def test_psu_eight_pin_rule_covers_units_above_1600_w():
    assert eight_pin_rule(1600) == 6 and eight_pin_rule(2800) == 6 and eight_pin_rule(450) == 1
