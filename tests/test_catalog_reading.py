"""How catalog files split into rows and cells: quotes, line ends and the lines that errors name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI

from solver.catalog import load_catalog
from solver.errors import InputError

HEADER = "id,name,price_usd,wattage,form_factor,pcie_8pin,pcie_16pin"


@pytest.fixture
def catalog_dir(tmp_path) -> Path:
    return Path(shutil.copytree(MINI, tmp_path / "catalog"))


def _psus(directory: Path, text: str) -> None:
    (directory / "psus.csv").write_bytes(text.encode())


def _error(directory: Path) -> str:
    with pytest.raises(InputError) as info:
        load_catalog(directory)
    return str(info.value)


def test_quoted_cells_keep_commas_and_line_breaks_and_rows_are_numbered_by_the_line_they_start_on(catalog_dir):
    rows = 'psu-a,"Brand, Model\nSecond line",79.99,650,ATX,2,0\npsu-b, "Quoted after a space" ,89.99,750,ATX,2,0'
    _psus(catalog_dir, f"{HEADER}\n{rows}\n")
    cat = load_catalog(catalog_dir)
    a, b = cat.parts["psus"]
    assert (a.name, a.line) == ("Brand, Model\nSecond line", 2)
    assert (b.name, b.line) == ("Quoted after a space", 4)  # a quote after spaces still quotes
    assert cat.tables["psus"].column("name") == [a.name, b.name] and cat.tables["psus"].lines == (2, 4)


def test_a_lone_carriage_return_ends_a_line(catalog_dir):
    _psus(catalog_dir, f"{HEADER}\rpsu-a,A,79.99,650,ATX,2,0\r\rpsu-b,B,89.99,750,ATX,x,0\r")
    assert "psus.csv line 4, column pcie_8pin: 'x' is not a number" in _error(catalog_dir)


def test_a_quote_that_never_closes_is_named(catalog_dir):
    _psus(catalog_dir, f'{HEADER}\npsu-a,A,79.99,650,ATX,2,0\npsu-b,B,89.99,750,ATX,2,"0\n')
    message = "psus.csv: cannot be read as CSV (the quoted cell that starts on line 3 is never closed)"
    assert message in _error(catalog_dir)


def test_text_after_a_closing_quote_is_kept(catalog_dir):
    _psus(catalog_dir, f'{HEADER}\npsu-a,"Brand" Model,79.99,650,ATX,2,0\n')
    assert load_catalog(catalog_dir).parts["psus"][0].name == "Brand Model"


def test_a_cell_too_large_for_the_csv_reader_is_named(catalog_dir):
    _psus(catalog_dir, f'{HEADER}\npsu-a,"{"x" * 200_000}",79.99,650,ATX,2,0\n')
    assert "psus.csv line 2: cannot be read as CSV (a cell is longer than 131,072 characters)" in _error(catalog_dir)


def test_ragged_lines_are_counted_as_written(catalog_dir):
    _psus(catalog_dir, f'{HEADER}\npsu-a,A,79.99,650,ATX,2,0,extra\npsu-b,"B,\nC",89.99,750,ATX\n')
    message = _error(catalog_dir)
    assert "psus.csv line 2: has 8 cells; the header has 7" in message
    assert "psus.csv line 4: has 5 cells; the header has 7" in message  # the record that ends on line 4


def test_errors_after_a_quoted_line_break_name_the_line_an_editor_shows(catalog_dir):
    rows = 'psu-a,"Brand\nModel\nThird line",79.99,650,ATX,2,0\npsu-b,B,89.99,750,ATX,x,0\n'
    _psus(catalog_dir, f"{HEADER}\n{rows}")
    assert "psus.csv line 5, column pcie_8pin: 'x' is not a number" in _error(catalog_dir)


def test_a_quoted_cell_after_a_space_may_hold_a_comma(catalog_dir):
    _psus(catalog_dir, f'{HEADER}\npsu-a, "Aerocool, Cylon 4" , 79.99, 650, ATX, 2, 0\n')
    part = load_catalog(catalog_dir).parts["psus"][0]
    assert (part.name, part.price_cents, part["wattage"], part.line) == ("Aerocool, Cylon 4", 7999, 650, 2)
