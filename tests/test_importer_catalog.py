"""The shipped catalogs/: sound, and rich enough for every shipped scenario (issue 2 item 8)."""
import json
import re
from pathlib import Path

import pytest

from solver.importer import load_report, verify_catalog
from solver.importer.platforms import PLATFORMS
from test_importer_support import find_build, read

CATALOG = Path(__file__).resolve().parents[1] / "catalogs"
DOCS = Path(__file__).resolve().parents[1] / "docs"

pytestmark = pytest.mark.skipif(not (CATALOG / "gpus.csv").exists(), reason="no shipped catalog")


def test_shipped_catalog_is_sound():
    assert verify_catalog(CATALOG) == []


def test_loads_with_the_solver_loader():
    catalog_mod = pytest.importorskip("solver.catalog")
    catalog = catalog_mod.load_catalog(CATALOG)
    assert len(catalog.parts["gpus"]) == len(read(CATALOG, "gpus"))


def test_gpu_range_and_blowers():
    gpus = read(CATALOG, "gpus")
    chipsets = {g["chipset"] for g in gpus}
    assert {"GeForce RTX 3060 12 GB", "GeForce RTX 4090", "GeForce RTX 3090", "RTX 6000 Ada Generation"} <= chipsets
    assert len(gpus) >= 15
    assert sum(1 for g in gpus if g["cooling"] == "blower") >= 2
    assert all(g["source"].startswith("pcpartpicker") and g["price_date"] == "2025-07-23" for g in gpus)


def test_platforms_and_power():
    sockets = {c["socket"] for c in read(CATALOG, "cpus")} & {b["socket"] for b in read(CATALOG, "motherboards")}
    assert {"AM5", "LGA1700"} <= sockets and sockets & {"sTRX4", "LGA2066"}
    psus = read(CATALOG, "psus")
    assert max(float(p["wattage"]) for p in psus) > 1600  # kept since contract v2: the circuit rule decides
    assert all((p["input_voltage"] == "230v") == (float(p["wattage"]) > 1600) for p in psus)
    assert {p["efficiency"] for p in psus} <= {"none", "plus", "bronze", "silver", "gold", "platinum", "titanium"}
    assert all(c["lanes_source"] in {p.url for p in PLATFORMS} for c in read(CATALOG, "cpus"))


def test_workloads_cover_the_scenarios():
    keys = {w["workload"] for w in read(CATALOG, "workloads")}
    assert {"kaggle", "prototyping", "pretrained-transformers", "large-transformer-training", "research-sota-2018",
            "research-architectures-2018", "research-other-2018", "kaggle-2018", "startup-2018",
            "company-prototyping-2018", "company-training-2018", "llm-inference"} <= keys


@pytest.mark.parametrize("n,workload", [(4, "research-sota-2018"), (3, "large-transformer-training")])
def test_multi_gpu_builds_exist(n, workload):
    build = find_build(CATALOG, n, workload)
    assert build is not None, f"no valid {n}-GPU build in the shipped catalog"


def test_report_accounts_for_every_priced_row():
    report = load_report(CATALOG)
    for name, cat in report["categories"].items():
        assert cat["kept"] + cat["dropped_total"] == cat["priced"], name
        assert report["files"][f"{name}.csv"] == cat["kept"]


def test_no_machine_paths_in_generated_files():
    texts = [p.read_text() for p in CATALOG.iterdir() if p.suffix in (".md", ".json")]
    if (DOCS / "gpu-performance.md").exists():
        texts.append((DOCS / "gpu-performance.md").read_text())
    for text in texts:
        assert not re.search(r"(/work/|/home/|/tmp/|/Users/|[A-Z]:\\\\)", text)


def test_lanes_table_is_documented():
    doc = DOCS / "catalog.md"
    if not doc.exists():
        pytest.skip("docs/catalog.md not written yet")
    text = doc.read_text()
    for platform in PLATFORMS:
        assert platform.key in text and platform.url in text


def test_perf_summary_in_report():
    perf = load_report(CATALOG)["perf_model"]
    assert perf["reference"] == "GeForce RTX 4090" and perf["measured"]["GeForce RTX 4090"] == 1.0
    assert 0 < perf["training"]["loo_median_abs_error"] < 0.25
    json.dumps(perf)
