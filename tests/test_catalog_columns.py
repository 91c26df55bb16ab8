"""A catalog column's shortcuts against the reading of one cell: plain numbers read with int() alone, and a
price column whose prices all have two decimals read at once, must give what the general reading gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from solver import cells, schema
from solver.catalog import _RELATIVE_PERF, _parse_cell, _plain_numbers

NUMBER_COLUMNS = sorted(
    {c for spec in schema.ALL_FILES for c in spec.typed if c.kind in (schema.INT, schema.NUM)}
    | {
        schema.Column("n", schema.NUM),
        schema.Column("n", schema.NUM, decimals=0),
        schema.Column("n", schema.NUM, minimum=3, maximum=7, decimals=2),
        schema.Column("n", schema.INT, minimum=2, maximum=5),
    },
    key=repr,
)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=44)
PLAINISH = st.one_of(
    DIGITS,
    st.builds(lambda a, b: f"{a}.{b}", DIGITS, DIGITS),
    st.sampled_from(["0", "0.0", "00.500", "1000000", "1000000.0", "1000000.01", "999999.9999999", "2.75", ".5", "5."]),
    st.sampled_from(["-1", "+2", "1e3", "1,000", " 4", "٣", "²", "1_0", "nan", "12.5.1"]),
    st.builds(lambda zeros, text: "0" * zeros + text, st.integers(30, 40), st.sampled_from(["2", "2.5", "2.50"])),
)


def _read(column: schema.Column, text: str) -> object:
    try:
        return _parse_cell(column, text)
    except cells.CellError as exc:
        return exc


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(NUMBER_COLUMNS), PLAINISH)
def test_plain_numbers_are_what_the_cell_reading_makes_of_them(column, text):
    plain = _plain_numbers(column, [text])
    if text in plain:
        value = _read(column, text)
        assert (plain[text], type(plain[text])) == (value, type(value)), (column, text)


@settings(max_examples=1000, deadline=None)
@given(PLAINISH)
def test_plain_relative_performances_are_what_gpu_models_reads(text):
    """gpu_models.csv's other perf columns: parse_number's Fraction, above 0 and at most MAX_QUANTITY."""
    if text in (plain := _plain_numbers(_RELATIVE_PERF, [text])):
        number = cells.parse_number(text)
        assert 0 < number <= schema.MAX_QUANTITY and number == plain[text], text


def test_plain_numbers_take_the_usual_forms():
    column = schema.Column("length_mm", schema.NUM, positive=True)
    assert _plain_numbers(column, ["267", "2.75", "2.50", "7.0"]) == {"267": 267, "2.75": 2.75, "2.50": 2.5, "7.0": 7}
    assert _plain_numbers(column, ["0", "-1", "1e3", "0.1234567"]) == {}  # left to the cell reading


PRICES = st.one_of(
    st.builds(lambda d, c: f"{d}.{c:02d}", st.integers(0, 10**7), st.integers(0, 99)),
    st.sampled_from(["", "12", "1.5", "$5.00", "1,299.99", "0.00", "1" * 38 + ".00", "1000000.00", "1000000.01"]),
    st.builds(lambda zeros: "0" * zeros + "1.00", st.integers(30, 40)),  # the 40 characters a number may have
)


def _cents(text: str) -> object:
    try:
        return cells.parse_money_cents(text, maximum_usd=schema.MAX_PRICE_USD)
    except cells.CellError as exc:
        return str(exc)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PRICES, max_size=8, unique=True), st.booleans())
def test_a_price_column_read_at_once_is_each_price_read_alone(texts, only_two_decimals):
    if only_two_decimals:  # the shape of a catalog's price column, which takes the shortcut
        texts = [t for t in texts if t[-3:-2] == "." and t.replace(".", "").isdigit()]
    parsed = cells.parse_money_texts(texts, maximum_usd=schema.MAX_PRICE_USD)
    assert {t: v if isinstance(v, int) else str(v) for t, v in parsed.items()} == {t: _cents(t) for t in texts}
