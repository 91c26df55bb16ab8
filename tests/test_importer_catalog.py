"""The shipped catalogs/: sound, and rich enough for every shipped scenario (issue 2 item 8)."""

import json
import re

import pytest
from conftest import CATALOGS, ROOT
from test_importer_support import find_build, read

from solver.importer import load_report, verify_catalog
from solver.importer.platforms import PLATFORMS

DOCS = ROOT / "docs"

pytestmark = pytest.mark.skipif(not (CATALOGS / "gpus.csv").exists(), reason="no shipped catalog")


def test_shipped_catalog_is_sound():
    assert verify_catalog(CATALOGS) == []


def test_loads_with_the_solver_loader():
    catalog_mod = pytest.importorskip("solver.catalog")
    catalog = catalog_mod.load_catalog(CATALOGS)
    assert len(catalog.parts["gpus"]) == len(read(CATALOGS, "gpus"))


def test_gpu_range_and_blowers():
    gpus = read(CATALOGS, "gpus")
    chipsets = {g["chipset"] for g in gpus}
    assert {"GeForce RTX 3060 12 GB", "GeForce RTX 4090", "GeForce RTX 3090", "RTX 6000 Ada Generation"} <= chipsets
    assert len(gpus) >= 15
    assert sum(1 for g in gpus if g["cooling"] == "blower") >= 2
    assert all(g["source"].startswith("pcpartpicker") and g["price_date"] == "2025-07-23" for g in gpus)


def test_platforms_and_power():
    sockets = {c["socket"] for c in read(CATALOGS, "cpus")} & {b["socket"] for b in read(CATALOGS, "motherboards")}
    assert {"AM5", "LGA1700"} <= sockets and sockets & {"sTRX4", "LGA2066"}
    psus = read(CATALOGS, "psus")
    assert max(float(p["wattage"]) for p in psus) > 1600  # kept since contract v2: the circuit rule decides
    assert all((p["input_voltage"] == "230v") == (float(p["wattage"]) > 1600) for p in psus)
    assert {p["efficiency"] for p in psus} <= {"none", "plus", "bronze", "silver", "gold", "platinum", "titanium"}
    assert all(c["lanes_source"] in {p.url for p in PLATFORMS} for c in read(CATALOGS, "cpus"))


def test_workloads_cover_the_scenarios():
    keys = {w["workload"] for w in read(CATALOGS, "workloads")}
    assert {
        "kaggle",
        "prototyping",
        "pretrained-transformers",
        "large-transformer-training",
        "research-sota-2018",
        "research-architectures-2018",
        "research-other-2018",
        "kaggle-2018",
        "startup-2018",
        "company-prototyping-2018",
        "company-training-2018",
        "llm-inference",
    } <= keys


@pytest.mark.parametrize("n,workload", [(4, "research-sota-2018"), (3, "large-transformer-training")])
def test_multi_gpu_builds_exist(n, workload):
    build = find_build(CATALOGS, n, workload)
    assert build is not None, f"no valid {n}-GPU build in the shipped catalog"


def test_report_accounts_for_every_priced_row():
    report = load_report(CATALOGS)
    for name, cat in report["categories"].items():
        assert cat["kept"] + cat["dropped_total"] == cat["priced"], name
        assert report["files"][f"{name}.csv"] == cat["kept"]


def test_no_machine_paths_in_generated_files():
    texts = [p.read_text() for p in CATALOGS.iterdir() if p.suffix in (".md", ".json")]
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
    perf = load_report(CATALOGS)["perf_model"]
    assert perf["reference"] == "GeForce RTX 4090" and perf["measured"]["GeForce RTX 4090"] == 1.0
    assert 0 < perf["training"]["loo_median_abs_error"] < 0.25
    json.dumps(perf)


def _models() -> dict[str, dict]:
    return {r["chipset"]: r for r in read(CATALOGS, "gpu_models")}


SPEC_COLUMNS = ("tensor_fp16_tflops", "memory_bandwidth_gb_s", "l2_cache_mb", "reference_memory_gb")


def _beats(a: dict, b: dict) -> bool:
    """a has at least b's value in every spec gpu_models.csv carries."""
    return all(float(a[c]) >= float(b[c]) for c in SPEC_COLUMNS)


def test_no_modelled_card_outranks_a_measured_card_of_its_line_that_beats_it_in_every_spec():
    models = _models()
    measured = [m for m in models.values() if m["perf_source"] == "measured"]
    modelled = [m for m in models.values() if m["perf_source"] == "model"]
    checked = 0
    for x in modelled:
        for y in measured:
            if x["product_line"] == y["product_line"] and _beats(y, x):
                checked += 1
                assert float(x["perf"]) <= float(y["perf"]), f"{x['chipset']} rated above {y['chipset']}"
            if x["product_line"] == y["product_line"] and _beats(x, y) and not _beats(y, x):
                assert float(x["perf"]) >= float(y["perf"]), f"{x['chipset']} rated below {y['chipset']}"
    assert checked >= 10  # the pin has something to hold: many modelled cards sit below a measured one


def test_every_rating_has_a_product_line_a_source_and_an_expected_error_when_modelled():
    for m in _models().values():
        assert m["product_line"] in ("geforce", "workstation", "datacenter")
        for column in ("perf", "perf_llm_infer"):
            assert m[f"{column}_source"] in ("measured", "model"), (m["chipset"], column)
            error = m[f"expected_error_{column}"]
            assert bool(error) == (m[f"{column}_source"] == "model"), (m["chipset"], column)
            assert not error or 0 < float(error) < 0.5


def test_token_generation_follows_memory_bandwidth():
    models = _models()
    ratio = float(models["GeForce RTX 5090"]["perf_llm_infer"]) / float(models["GeForce RTX 4090"]["perf_llm_infer"])
    assert 1.5 <= ratio <= 1.9  # published llama.cpp figures: about 1.6-1.8
    # the 5080 (960 GB/s) sits between the 4080 (717 GB/s) and the 4090 (1008 GB/s)
    assert float(models["GeForce RTX 4080"]["perf_llm_infer"]) < float(models["GeForce RTX 5080"]["perf_llm_infer"]) < 1


def test_ratings_name_every_rating_column():
    ratings = {r["column"]: r for r in read(CATALOGS, "ratings")}
    header = list(read(CATALOGS, "gpu_models")[0])
    assert set(ratings) == {c for c in header if c.startswith("perf") and not c.endswith("_source")}
    assert ratings["perf"]["words"].startswith("FP16") and ratings["perf_llm_infer"]["words"].startswith(
        "LLM token generation"
    )
    assert all(r["unit"] == "one GeForce RTX 4090 = 1.0" for r in ratings.values())


def test_scaling_table_is_complete_and_physical():
    points = read(CATALOGS, "scaling")
    curves: dict[tuple[str, str], dict[int, float]] = {}
    for p in points:
        assert p["basis"] in ("measured", "derived", "inferred") and p["source"]
        assert re.fullmatch(r"\d+\.\d{3}", p["speedup"])
        n, s = int(p["gpus"]), float(p["speedup"])
        if p["profile"] == "training":
            assert 1 <= s <= n or (n == 1 and s == 1)
        else:
            assert p["profile"] == "llm-token-generation" and 0 < s <= 1
        if not p["chipset"]:
            curves.setdefault((p["profile"], p["product_line"]), {})[n] = s
    assert set(curves) == {
        (pr, line) for pr in ("training", "llm-token-generation") for line in ("geforce", "workstation", "datacenter")
    }
    for (profile, line), curve in curves.items():
        assert sorted(curve) == list(range(1, 9)), (profile, line)
        values = [curve[n] for n in range(1, 9)]
        if profile == "training":
            assert values == sorted(values), line  # each card adds throughput
        else:
            assert values == sorted(values, reverse=True), line  # a split never generates faster
    # GeForce cards without peer-to-peer scale worse than workstation cards (issue 10: 2x 1.39-1.89 vs 1.86-1.97)
    assert curves[("training", "geforce")][4] < curves[("training", "workstation")][4]


def test_workloads_name_a_scaling_profile_that_exists():
    profiles = {p["profile"] for p in read(CATALOGS, "scaling")}
    rows = {w["workload"]: w for w in read(CATALOGS, "workloads")}
    assert {w["scaling_profile"] for w in rows.values()} <= profiles
    assert {"llm-inference-8b-q4", "llm-inference-70b-q4", "llm-inference-123b-q4"} <= set(rows)
    gpus = read(CATALOGS, "gpus")
    biggest = max(float(g["memory_gb"]) for g in gpus)
    assert float(rows["llm-inference-70b-q4"]["min_total_memory_gb"]) > 24  # no single 24 GB card holds it
    assert float(rows["llm-inference-123b-q4"]["min_total_memory_gb"]) > biggest  # needs a split in this catalog
