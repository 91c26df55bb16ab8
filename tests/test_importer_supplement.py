"""The shipped supplement (catalogs/supplement/): dated, cited prices for parts the price snapshot lacks, joined
like PCPartPicker rows and accounted for row by row in the import report."""

import csv
import json
from pathlib import Path

import pytest
from conftest import CATALOGS, RAW, ROOT

from solver.errors import InputError
from solver.importer import build_catalog, load_report, verify_catalog
from solver.importer.join import SNAPSHOT_PRICES_IT
from solver.importer.supplement import read_supplement

URL = "https://example.com/price-page"

W790_BOARD = {
    "socket": "LGA 4677",
    "form_factor": "SSI EEB",
    "chipset": "Intel W790",
    "memory": {"ram_type": "DDR5", "slots": 8, "max": 2048},
    "pcie_slots": [{"gen": "5.0", "quantity": 4, "lanes": 16}],
    "m2_slots": [{"key": "M", "interface": "PCIe 5.0 x4"}],
}
XEON = {
    "socket": "LGA 4677",
    "cores": {"total": 24, "threads": 48},
    "specifications": {"tdp": 225, "includesCooler": False},
}
TR_PRO = {"socket": "sTR5", "cores": {"total": 96, "threads": 192}, "specifications": {"tdp": 350}}


def _write(folder: Path, stem: str, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with (folder / f"{stem}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _priced(name: str, price: str, **cells) -> dict:
    return {
        "name": name,
        "price_usd": price,
        "price_date": "2025-07-17",
        "price_kind": "list",
        "source_url": URL,
        **cells,
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    sup = tmp_path_factory.mktemp("supplement")
    _write(
        sup,
        "motherboards",
        [
            _priced(
                "Example WS W790 Board",
                "999.99",
                socket="LGA4677",
                form_factor="SSI EEB",
                memory_slots="8",
                max_memory="2048",
                spec_json=json.dumps(W790_BOARD),
                spec_url="https://example.com/board-specs",
            ),
        ],
    )
    _write(
        sup,
        "cpus",
        [
            _priced(
                "Intel Xeon w7-2495X",
                "2189",
                core_count="24",
                tdp="225",
                microarchitecture="Sapphire Rapids",
                spec_json=json.dumps(XEON),
                spec_url="https://example.com/cpu-specs",
            ),
            _priced("AMD Ryzen 9 7950X", "399"),  # the snapshot prices it: the supplement row is not used
            _priced(
                "AMD Ryzen Threadripper PRO 9995WX",
                "11699",
                core_count="96",
                tdp="350",
                spec_json=json.dumps(TR_PRO),
                spec_url="https://example.com/tr-specs",
            ),  # no sTR5 board
        ],
    )
    _write(
        sup,
        "memory",
        [
            _priced("Example Registered 64 GB", "435", speed="5;4800", modules="4;16", cas_latency="40"),
        ],
    )
    out = tmp_path_factory.mktemp("catalog")
    report = build_catalog(RAW, out, supplement_dir=sup)
    return out, report


def _rows(out: Path, stem: str) -> dict[str, dict]:
    with (out / f"{stem}.csv").open(newline="") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def test_supplement_rows_join_like_priced_rows_and_say_where_their_price_comes_from(built):
    out, _ = built
    board = _rows(out, "motherboards")["example-ws-w790-board"]
    assert (board["price_kind"], board["source_url"], board["price_date"]) == ("list", URL, "2025-07-17")
    assert board["source"] == "supplement+maker-page" and board["spec_source"].startswith("supplement+maker-page")
    assert (board["memory_type"], board["chipset"], board["wiring"]) == ("DDR5 RDIMM", "W790", "platform-lanes")
    assert board["gpu_slots"] == "0:cpu:16:5;2:cpu:16:5;4:cpu:16:5;6:cpu:16:5"
    xeon = _rows(out, "cpus")["intel-xeon-w7-2495x"]
    assert (xeon["socket"], xeon["pcie_lanes"], xeon["threads"], xeon["price_usd"]) == (
        "LGA4677",
        "64",
        "48",
        "2189.00",
    )
    kit = next(r for r in _rows(out, "memory").values() if r["price_kind"])
    assert kit["memory_type"] == "DDR5 RDIMM" and "RDIMM" in kit["name"] and kit["ecc"] == "true"
    snapshot = _rows(out, "cpus")["amd-ryzen-9-7950x"]
    assert snapshot["price_kind"] == "" and snapshot["source_url"] == "" and snapshot["price_usd"] == "450.00"
    assert verify_catalog(out) == []


def test_the_report_accounts_for_every_supplement_row(built):
    out, report = built
    data = load_report(out)
    cpus = data["categories"]["cpus"]["supplement"]
    assert cpus["rows"] == 3 and cpus["kept"] == 1 and cpus["sources"] == {URL: 1}
    assert cpus["dropped"] == {SNAPSHOT_PRICES_IT: 1, "no catalog motherboard for sTR5": 1}
    for name, cat in data["categories"].items():
        assert cat["kept"] + cat["dropped_total"] == cat["priced"], name
        sup = cat.get("supplement")
        if sup:
            assert sup["kept"] + sum(sup["dropped"].values()) == sup["rows"], name


def test_unregistered_kits_never_pair_with_rdimm_boards(built):
    out, _ = built
    types = {r["memory_type"] for r in _rows(out, "memory").values()}
    assert "DDR5 RDIMM" in types and "DDR5" in types  # two types: R5's equality keeps them apart


@pytest.mark.parametrize(
    "cells,where,message",
    [
        ({"price_usd": "0"}, "column price_usd", "price in dollars"),
        ({"price_usd": "12.345"}, "column price_usd", "price in dollars"),
        ({"price_date": "17.07.2025"}, "column price_date", "YYYY-MM-DD"),
        ({"price_kind": "msrp"}, "column price_kind", "list, listing"),
        ({"source_url": "the verge"}, "column source_url", "https://"),
        ({"core_count": "many"}, "column core_count", "a number"),
        ({"spec_json": "[1]", "spec_url": URL}, "column spec_json", "JSON object"),
        ({"spec_json": "{}", "spec_url": ""}, "column spec_url", "maker page"),
    ],
)
def test_a_bad_cell_refuses_the_supplement_naming_file_line_and_column(tmp_path, cells, where, message):
    _write(tmp_path, "cpus", [_priced("Good CPU", "100"), {**_priced("Bad CPU", "100"), **cells}])
    with pytest.raises(InputError) as exc:
        read_supplement(tmp_path)
    text = str(exc.value)
    assert f"cpus.csv line 3, {where}" in text and message in text


def test_unknown_files_and_columns_are_refused(tmp_path):
    _write(tmp_path, "gpu", [_priced("X", "1")])
    _write(tmp_path, "psus", [{**_priced("Y", "1"), "wattage_w": "1000"}])
    with pytest.raises(InputError) as exc:
        read_supplement(tmp_path)
    text = str(exc.value)
    assert "gpu.csv" in text and "not a catalog category" in text
    assert "psus.csv line 1, column wattage_w" in text


def test_no_supplement_folder_is_an_empty_supplement(tmp_path):
    assert read_supplement(tmp_path / "absent") == {} and read_supplement(None) == {}


def test_the_shipped_supplement_reads_and_cites_every_price():
    rows = read_supplement(CATALOGS / "supplement")
    assert rows, "the shipped catalog has a supplement"
    docs = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    for parts in rows.values():
        for part in parts:
            meta = part["_supplement"]
            assert meta["source_url"] in docs and part["name"] in docs, part["name"]
