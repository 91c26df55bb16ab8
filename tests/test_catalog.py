"""Catalog loading: typed cells, harmless oddities accepted, every broken input named precisely."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import MINI

from solver.catalog import load_catalog
from solver.errors import InputError


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "catalog"))


def edit(directory: Path, stem: str, old: str, new: str) -> None:
    path = directory / f"{stem}.csv"
    text = path.read_text()
    assert old in text, f"{old!r} not in {stem}.csv"
    path.write_text(text.replace(old, new, 1))


def error_of(directory: Path) -> str:
    with pytest.raises(InputError) as info:
        load_catalog(directory)
    return str(info.value)


def test_cells_are_typed_exactly():
    cat = load_catalog(MINI)
    gpu = cat.find("gpus:rtx4090-tuf")
    assert gpu.price_cents == 199999
    assert gpu["slot_width"] == Fraction(7, 2)
    assert gpu["cooling"] == "open-air"
    assert cat.find("cases:meshify2")["motherboard_form_factors"] == ("ATX", "Micro ATX", "Mini ITX")
    assert cat.find("cpus:ryzen5-7600")["includes_cooler"] is True
    assert cat.gpu_models["RTX A6000"]["perf_llm_infer"] is None  # empty = unrated for that column
    assert cat.workloads["llm-inference"]["perf_column"] == "perf_llm_infer"
    assert cat.workloads["kaggle"]["perf_column"] == "perf"


def test_harmless_oddities_are_accepted(catalog_dir):
    lines = [
        "id,name,price_usd,wattage,form_factor,pcie_8pin,pcie_16pin,notes",
        " psu-650 , Corsair RM650e ,  79.99 ,650,ATX,2,0,quiet",
        "psu-1000,Corsair RM1000x,169.99,1000,ATX,6,1,",
        "",
        "psu-1600,EVGA SuperNOVA 1600 T2,399.99,1600,atx,9,0,",
    ]
    # UTF-8 BOM, CRLF line ends, an extra column, spaces around cells, blank lines inside and at the end.
    (catalog_dir / "psus.csv").write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n\r\n").encode())
    cat = load_catalog(catalog_dir)
    assert cat.find("psus:psu-650").price_cents == 7999
    assert cat.find("psus:psu-650").name == "Corsair RM650e"
    assert cat.find("psus:psu-1600").line == 5  # the blank line 4 still counts
    assert len(cat.parts["psus"]) == 3
    assert cat.tables["psus"].column("notes") == ["quiet", "", ""]


@pytest.mark.parametrize(
    ("stem", "old", "new", "expected"),
    [
        ("gpus", "1999.99", "abc", "gpus.csv line 4, column price_usd: 'abc' is not a number"),
        ("gpus", "1999.99", "-5", "gpus.csv line 4, column price_usd: '-5' is not a positive price"),
        ("gpus", "1999.99", "19.999", "more than 2 decimals"),
        ("gpus", "1999.99", "99999999999", "above the largest accepted price"),
        ("gpus", ",open-air,0,1", ",liquid,0,1", "column cooling: 'liquid' is not one of blower, open-air, water"),
        ("gpus", "rtx3090-turbo", "rtx3060-ventus", "column id: 'rtx3060-ventus' is already used on line 2"),
        ("cpus", "AM5,6,12,65,16,true", "AM5,6,12,65,16,maybe", "column includes_cooler: 'maybe' is not true or false"),
        ("cases", "ATX;Micro ATX;Mini ITX", "ATX;;Mini ITX", "column motherboard_form_factors"),
        ("motherboards", ",2,96,1,2,1", ",2,96,1,0,1", "column slot_pitch: '0' is below the minimum 1"),
        ("memory", ",DDR5,2,16", ",DDR5,2.5,16", "column modules: '2.5' is not a whole number"),
        ("psus", ",1600,ATX,9,0", ",100000000,ATX,9,0", "larger than any part could have"),
        (
            "gpu_models",
            "1.000,1.000",
            "1.0005,1.000",
            "gpu_models.csv line 4, column perf: '1.0005' has more than 3 decimals",
        ),
        ("workloads", "perf_llm_infer", "perf_nope", "'perf_nope' is not a column of gpu_models.csv"),
        ("coolers", ",air,155,", ",air,,", "coolers.csv line 2, column height_mm: is empty; an air cooler needs it"),
        ("storage", "nvme,1000", "nvme,NaN", "is not a finite number"),
    ],
)
def test_bad_cells_are_named(catalog_dir, stem, old, new, expected):
    edit(catalog_dir, stem, old, new)
    assert expected in error_of(catalog_dir)


def test_missing_file_and_column_are_named(catalog_dir):
    (catalog_dir / "storage.csv").unlink()
    edit(catalog_dir, "psus", "pcie_16pin", "pcie16")
    message = error_of(catalog_dir)
    assert "storage.csv: is missing from the catalog directory" in message
    assert "psus.csv: is missing the column pcie_16pin" in message


def test_ragged_rows_are_named_by_line(catalog_dir):
    edit(catalog_dir, "cases", "nr200,", "nr200,extra,")
    assert "cases.csv line 2: has 10 cells; the header has 9" in error_of(catalog_dir)


def test_every_problem_is_listed_in_one_pass(catalog_dir):
    edit(catalog_dir, "gpus", "1999.99", "x")
    edit(catalog_dir, "cpus", "189.00", "")
    edit(catalog_dir, "psus", ",650,ATX", ",-650,ATX")
    message = error_of(catalog_dir)
    assert "gpus.csv line 4" in message and "cpus.csv line 2" in message and "psus.csv line 2" in message


def test_not_a_directory(tmp_path):
    assert "is not a directory" in error_of(tmp_path / "nowhere")


def test_price_overrides_make_a_new_catalog():
    cat = load_catalog(MINI)
    cheaper = cat.with_prices({"gpus:rtx4090-tuf": 149900})
    assert cheaper.find("gpus:rtx4090-tuf").price_cents == 149900
    assert cat.find("gpus:rtx4090-tuf").price_cents == 199999


# ---- build model v2: optional columns and files ----


def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_v2_columns_default_when_absent_or_empty(catalog_dir):
    cat = load_catalog(MINI)
    assert (
        cat.models["GeForce RTX 3090"]["product_line"] == "geforce"
        and cat.models["GeForce RTX 3090"]["power_class"] == "default"
    )
    assert cat.models["GeForce RTX 3090"]["compute_capability"] is None and not cat.has_column(
        "gpu_models", "compute_capability"
    )
    assert cat.find("psus:psu-650")["input_voltage"] == "any" and cat.find("cases:meshify2")["psu_bays"] == 1
    assert (
        cat.workloads["kaggle"]["scaling_profile"] == "training" and cat.workloads["kaggle"]["min_total_memory_gb"] == 0
    )
    assert cat.scaling is None and cat.power_limits is None and cat.ratings == {}
    board = cat.find("motherboards:x670e-proart")
    assert [s.cell() for s in board["gpu_slots"]] == ["0:cpu:8:5", "3:cpu:8:5"] and not board["wiring_inferred"]
    edit(catalog_dir, "motherboards", ",2,3,3,0:cpu:8:5;3:cpu:8:5", ",2,3,3,")  # an empty cell: derived wiring
    board = load_catalog(catalog_dir).find("motherboards:x670e-proart")
    assert [s.cell() for s in board["gpu_slots"]] == ["0:cpu:16:3", "3:chipset:4:3"] and board["wiring_inferred"]


@pytest.mark.parametrize(
    ("stem", "old", "new", "expected"),
    [
        (
            "motherboards",
            "0:cpu:8:5;3:cpu:8:5",
            "0:cpu:8:5",
            "motherboards.csv line 3, column gpu_slots: 1 slots listed but x16_slots is 2",
        ),
        (
            "motherboards",
            "0:cpu:8:5;3:cpu:8:5",
            "0:cpu:8:5;3:gpu:8:5",
            "column gpu_slots: '3:gpu:8:5': attachment must be cpu or chipset",
        ),
        ("motherboards", "0:cpu:8:5;3:cpu:8:5", "0:cpu:8:5;3:cpu:12:5", "lanes must be one of 1, 2, 4, 8, 16"),
        ("motherboards", "0:cpu:8:5;3:cpu:8:5", "0:cpu:8:5;2.5:cpu:8:5", "must be whole numbers"),
        (
            "motherboards",
            "0:cpu:8:5;3:cpu:8:5",
            "3:cpu:8:5;0:cpu:8:5",
            "positions must start at 0 and increase strictly",
        ),
        (
            "psus",
            "650,ATX,2,0,gold",
            "650,ATX,2,0,golden",
            "psus.csv line 2, column efficiency: 'golden' is not one of none, plus",
        ),
    ],
)
def test_bad_v2_cells_are_named(catalog_dir, stem, old, new, expected):
    edit(catalog_dir, stem, old, new)
    assert expected in error_of(catalog_dir)


def test_optional_tables_are_checked_like_the_rest(catalog_dir):
    header = "profile,product_line,chipset,gpus,speedup,basis,source\n"
    write(catalog_dir, "scaling.csv", header + "training,GeForce,,2,1.642,derived,x\nTraining,geforce,,2,1.5,,\n")
    assert (
        "scaling.csv line 3, column profile, product_line, chipset, gpus: (training, geforce, , 2) "
        "is already used on line 2" in error_of(catalog_dir)
    )
    write(catalog_dir, "scaling.csv", header + "training,geforce,,9,1.5,,\ntraining,geforce,,2,1.6425,,\n")
    message = error_of(catalog_dir)
    assert (
        "scaling.csv line 2, column gpus: '9' is above the maximum 8" in message and "line 3, column speedup" in message
    )
    write(catalog_dir, "scaling.csv", header + "training,geforce,,2,1.642,derived,x\n")
    write(catalog_dir, "power_limits.csv", "power_class,level_pct,factor\ndefault,100,1\nampere,80,1.2\n")
    message = error_of(catalog_dir)
    assert "power_limits.csv line 2, column level_pct: '100' is above the maximum 99" in message
    assert "power_limits.csv line 3, column factor: '1.2' is above the maximum 1" in message
    write(catalog_dir, "power_limits.csv", "power_class,level_pct,factor\ndefault,80,0.9\n")
    cat = load_catalog(catalog_dir)
    assert cat.scaling[("training", "geforce", "", 2)]["speedup"] == Fraction(821, 500)
    assert cat.power_limits["default"][80]["factor"] == Fraction(9, 10)
