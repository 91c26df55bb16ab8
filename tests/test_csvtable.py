"""The whole-file reading of a catalog table against the line-by-line reading: for any text it accepts, the very
same Table, and it leaves every file with a problem to the reading that names it."""

from __future__ import annotations

from conftest import MINI
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import csvtable, schema
from solver.errors import ProblemList

#: Cells that exercise what the two readings must agree on: spaces and other white space at the edges, empty
#: cells, quotes around a whole cell (with commas inside); and, less often, quotes that are not (doubled, inside
#: a cell, after a space, left open), a NUL, a BOM inside the text.
CELLS = ["", "a", "b c", " a", "a ", "\t1", "1\x0b", "\xa0x", "x\u3000", "\u2028", "\x0c"]
CELLS += ['"q"', '"a,b"', '" s "', '""']
ODD_CELLS = ['"a""b"', 'a"b', '"', '"x" y', ' "z"', "\x00", "\ufeff"]
ENDINGS = ["\n", "\n", "\n", "\r\n", "\r"]


def _by_line(raw: str) -> tuple[csvtable.Table | None, list[str]]:
    problems = ProblemList()
    table = csvtable._read_table_by_line(raw, "t.csv", problems)
    return table, [str(p) for p in problems.items]


def _agree(raw: str) -> bool:
    """Whether the whole-file reading, when it reads the text at all, gives what the line-by-line one gives."""
    plain = csvtable._read_whole_table(raw)
    if plain is None:
        return False
    assert _by_line(raw) == (plain, []), raw
    return True


@st.composite
def csv_texts(draw) -> str:
    width = draw(st.integers(1, 4))
    names = st.sampled_from(["id", "name", " price", "b c", "a", "", "id "])
    header = draw(st.lists(names, min_size=width, max_size=width, unique=draw(st.integers(0, 9)) > 0))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 9)) == 0:
            lines.append("")  # a blank line, which still counts
            continue
        cell = st.sampled_from(ODD_CELLS if draw(st.integers(0, 19)) == 0 else CELLS)
        cells = draw(st.lists(cell, min_size=width, max_size=width))
        if draw(st.integers(0, 29)) == 0:
            cells = cells[: draw(st.integers(0, width))] + draw(st.lists(cell, max_size=2))
        lines.append(draw(st.sampled_from([",", ", "])).join(cells))
    ending = draw(st.sampled_from(ENDINGS))
    return ending.join(lines) + draw(st.sampled_from([ending, "", ending * 2]))


@settings(max_examples=1500, deadline=None)
@given(csv_texts())
def test_the_whole_file_reading_gives_the_line_by_line_table(raw):
    _agree(raw)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet='ab ,"\n\r\t\x00\xa0', max_size=40))
def test_the_whole_file_reading_agrees_on_any_text(raw):
    _agree(raw)


def test_the_whole_file_reading_takes_the_common_shapes():
    """The fast reading is not a path never taken: the shapes catalog files have go through it."""
    common = [
        "id,name\na,b\n",
        "id,name\r\na,b\r\n",
        "id,name\r\na,b\nc,d\r\n",
        "id,name\na,b",
        "id,name\n\na,b\n,\n\nc,d\n\n",
        'id,name\na,"b, c"\n"d",e\n"f","g"\n',
        " id , name \n a , b \n",
        "id,name\na,\xa0b\u3000\n",
        "x\n\n1\n",
    ]
    assert all(_agree(raw) for raw in common)
    assert csvtable._read_whole_table("id,name\na,b\n").lines == (2,)
    assert csvtable._read_whole_table("id,name\n\na,b\n,\n\nc,d\n\n").lines == (3, 6)


def test_files_with_a_problem_or_an_unusual_shape_are_left_to_the_line_by_line_reading():
    unusual = [
        "",  # empty
        "\n\n",  # blank header
        "id,id\na,b\n",  # repeated column
        "id,,\na,b,c\n",  # repeated blank column name
        "id,name\na,b,c\n",  # ragged
        "id,name\na\n",  # ragged
        'id,name\na,"b\nc"\n',  # a quoted line break
        'id,name\na,"b""c"\n',  # a doubled quote
        'id,name\na, "b"\n',  # a quote after a space
        'id,name\na,b"c\n',  # a quote inside a cell
        'id,name\na,"b"c\n',  # text after a closing quote
        'id,name\na,"b\n',  # a quote never closed
        '"id",name\na,b\n',  # a quoted header
        "id,name\ra,b\r",  # lone carriage returns
        "id,name\na,\x00\n",  # a NUL
        "id,name\na," + "x" * 200_000 + "\n",  # a cell past the csv module's limit
    ]
    assert [raw for raw in unusual if csvtable._read_whole_table(raw) is not None] == []


def test_catalog_files_are_read_whole_and_as_the_line_by_line_reading_reads_them():
    shipped = schema.default_catalog_path()
    files = sorted(shipped.glob("*.csv")) + sorted(MINI.glob("*.csv"))
    # power_limits.csv quotes titles inside its source cells (""Efficiency""): read line by line.
    slow = {"power_limits.csv"}
    for file in files:
        raw = file.read_bytes().decode("utf-8-sig")
        assert _agree(raw) is (file.name not in slow or file.parent != shipped), file
