"""The tables drawn without tabulate are tabulate's own, byte for byte: random tables of the cells dlbuild's
tables hold (and of cells that must go to tabulate) against tabulate's "simple" format."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from solver.output.grid import _columns, grid

WORDS = st.sampled_from(["R4", "ok", "CPU", "$749.99", "x16", "PNY OC GeForce", "-", "(comes with the CPU)", "a  b"])
ODD = st.sampled_from(["12", "1,299", "3.5", "1e5", " 7 ", "nan", "-inf", "True", "False", "é", "漢字", "\x1b[1mx",
                       "\t", "a\rb", "1_0", "+3"])  # fmt: skip
TEXT = st.lists(WORDS | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12), max_size=3).map(
    " ".join
)
MULTILINE = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
CELL = st.one_of(TEXT, MULTILINE, st.integers(-5, 5000), st.just(""), ODD, st.booleans())


@st.composite
def tables(draw, cell=CELL):
    width = draw(st.integers(1, 5))
    headers = draw(st.lists(TEXT | MULTILINE, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=6))
    colalign = draw(st.none() | st.lists(st.sampled_from(["left", "right", "center", "global"]), max_size=width))
    return rows, headers, colalign, draw(st.booleans())


def _both(rows, headers, colalign, numparse_off):
    options = {"disable_numparse": numparse_off}
    if colalign is not None:
        options["colalign"] = colalign
    return grid(rows, headers, **options), tabulate(rows, headers=headers, **options)


@settings(max_examples=400, deadline=None)
@given(tables())
def test_grid_draws_what_tabulate_draws(table):
    ours, theirs = _both(*table)
    assert ours == theirs


PHRASE = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(tables(cell=st.one_of(PHRASE, st.lists(PHRASE, min_size=1, max_size=3).map("\n".join), st.integers(-5, 5000))))
def test_plain_tables_never_reach_tabulate(table):
    """Words and whole numbers are drawn here, not by tabulate: the path the answers take is the one compared."""
    rows, headers, _, numparse_off = table
    assert _columns(rows, headers, numparse_off) is not None
    ours, theirs = _both(*table)
    assert ours == theirs


def test_a_parts_table():
    rows = [["GPU", "PNY OC GeForce RTX 5070 Ti 16 GB", 1, "$749.99", "$749.99"],
            ["CPU cooler", "(comes with the CPU)", "", "", ""],
            ["Memory", "Timetec PINNACLE Konduit 32 GB (1 x 32\nGB) DDR4-3600 CL18", 1, "$49.99", "$49.99"],
            ["Total", "", "", "", "$1,074.65"]]  # fmt: skip
    headers = ["Part", "Choice", "Qty", "Each", "Price"]
    colalign = ("left", "left", "right", "right", "right")
    assert _columns(rows, headers, False) is not None
    assert grid(rows, headers, colalign=colalign) == tabulate(rows, headers=headers, colalign=colalign)
