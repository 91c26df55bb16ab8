"""Reading a CSV input file (a catalog table, a price list) into text cells with their line numbers: a byte
order mark, any line ending, quoted cells, and every way the file can fail named by file and line, never an
exception from the csv module."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from .errors import ProblemList
from .infile import read_bytes


@dataclass(frozen=True)
class Table:
    """A file's cells as text, stripped, one row per non-blank line: every column, for display."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # each row's line number in the file

    def column(self, name: str) -> list[str]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, str]]:
        """Each row as {column: text}, in file order."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def read_table(path: Path, problems: ProblemList) -> Table | None:
    """The file's non-blank rows as stripped text cells, each with its line number (blank lines count)."""
    try:
        raw = read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path.name, f"is not UTF-8 text (byte {exc.start} cannot be decoded)")
        return None
    except OSError as exc:  # unreadable, or too large to be a catalog table
        problems.add(path.name, f"cannot be read ({exc.strerror or exc})")
        return None
    table = _read_whole_table(raw)
    return table if table is not None else _read_table_by_line(raw, path.name, problems)


def _read_whole_table(raw: str) -> Table | None:
    """The table of a file in the shape nearly every catalog file has, read a whole file at a time; None when the
    file has anything the line-by-line reading must judge or name. Its shape: lines ending in \\n or \\r\\n (no
    lone \\r), no NUL, no line near the csv module's cell size limit, a header without quotes, blanks or
    repeats, every line as wide as the header or empty, and each quote pair a whole cell on one line ("a,b",c).
    For such a file the cells are those the csv module gives, and each row's line is its place in the file:
    the line-by-line reading's table, in about two thirds of its time (most of what is left is making the cells)."""
    if "\r" in raw:
        if raw.count("\r") != raw.count("\r\n"):
            return None
        raw = raw.replace("\r\n", "\n")
    if "\0" in raw:
        return None
    lines = raw.split("\n")
    if lines[-1] == "":
        lines.pop()  # the last line's line break ends it
    if not lines or max(map(len, lines)) >= csv.field_size_limit() - 1:
        return None
    if '"' in lines[0]:
        return None
    names = [h.strip() for h in lines[0].split(",")]
    if not any(names) or len(set(names)) < len(names):
        return None
    body = lines[1:]
    strip = str.strip
    if '"' in raw:
        rows = []
        for line in body:
            cells_ = _quoted_cells(line) if '"' in line else line.split(",")
            if cells_ is None:
                return None
            rows.append(tuple(map(strip, cells_)))
    else:
        rows = [tuple(map(strip, line.split(","))) for line in body]
    width = len(names)
    numbers: range | list[int] = range(2, len(body) + 2)
    if set(map(len, rows)) - {width}:
        # Only an empty line may differ from the header (a blank line of the csv module has no cell at all).
        if any(line and len(row) != width for line, row in zip(body, rows)):
            return None
        numbers = [n for n, row in zip(numbers, rows) if len(row) == width]
        rows = [row for row in rows if len(row) == width]
    blank = ("",) * width
    if blank in rows:
        numbers = [n for n, row in zip(numbers, rows) if row != blank]
        rows = [row for row in rows if row != blank]
    return Table(tuple(names), tuple(rows), tuple(numbers))


def _quoted_cells(line: str) -> list[str] | None:
    """The cells of a line whose every quote pair is a whole cell ("a,b",c,"d"), as the csv module reads it;
    None for any other use of quotes (a doubled quote, text before or after a quoted part, a quote left open)."""
    parts = line.split('"')
    last = len(parts) - 1
    if last % 2:
        return None
    cells_: list[str] = []
    for i in range(0, last + 1, 2):
        text = parts[i]
        if i:  # after a closing quote: a comma, or the end of the line
            if text[:1] != ",":
                if text or i < last:
                    return None
                break
            text = text[1:]
        if i == last:
            cells_ += text.split(",")
            break
        if text:  # before an opening quote: the start of the line, or a comma
            if text[-1] != ",":
                return None
            cells_ += text[:-1].split(",")
        cells_.append(parts[i + 1])
    return cells_


def _read_table_by_line(raw: str, name: str, problems: ProblemList) -> Table | None:
    """read_table's reading of any file, line by line; every problem it finds is named by file and line."""
    # A line without a quote (nearly every line of a catalog) is read by str.split, which gives the very cells
    # the csv module gives it, at a third of the cost; any other line, and the lines its record spans, go to
    # the csv module. A NUL or a line past the cell size limit goes there too, for the csv module's own verdict.
    limit = csv.field_size_limit()
    source = _lines(raw)
    first = source.readline()
    plain = '"' not in first and "\0" not in first and len(first) <= limit
    if plain:
        header = _split(first)
    else:
        try:
            header = next(csv.reader(_lines(raw)), [])
        except csv.Error as exc:  # e.g. a header cell past the csv module's size limit
            problems.add(f"{name} line 1", f"cannot be read as CSV ({_csv_error(exc)})")
            return None
    names = [h.strip() for h in header]
    if not any(names):
        problems.add(name, "is empty; expected a header row and one part per row")
        return None
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.add(f"{name} line 1", f"column {duplicated[0]!r} appears more than once in the header")
        return None
    width = len(names)
    # Spaces after a comma are skipped, so that a quoted cell may follow them: `, "Aerocool, Cylon 4"` is
    # one cell, as the documented "spaces around cells are accepted" promises.
    rows, lines, ragged = [], [], []
    # A row's line is the line its record starts on: a quoted cell may hold line breaks, and blank
    # lines count, so that every message names the line an editor shows.
    start = number = 1
    try:
        if plain:
            last = header
        else:
            source = _lines(raw)
            reader = csv.reader(source, skipinitialspace=True)
            last = next(reader)
            number = reader.line_num
        for text in source:
            number += 1
            start = number
            if '"' in text or "\0" in text or len(text) > limit:
                reader = csv.reader(itertools.chain((text,), source), skipinitialspace=True)
                record = next(reader)
                number += reader.line_num - 1
            else:
                record = _split(text)
            last = record
            if len(record) != width:
                if record:
                    ragged.append((number, len(record)))  # the line the record ends on, as before
                continue
            cells_ = tuple(map(str.strip, record))
            if any(cells_):
                rows.append(cells_)
                lines.append(start)
    except csv.Error as exc:  # e.g. a cell past the csv module's size limit
        problems.add(f"{name} line {start}", f"cannot be read as CSV ({_csv_error(exc)})")
        return None
    # A quote still open at the end of the file leaves its line break in the last cell, or the file
    # without a final one: only then is it worth reading the file again to find out. It comes before the
    # cell counts, as the record it swallows is seldom as wide as the header.
    suspect = '"' in raw and (not raw.endswith(("\n", "\r")) or any("\n" in cell or "\r" in cell for cell in last[-1:]))
    unclosed = _unclosed_quote(raw) if suspect else None
    if unclosed:
        message = f"cannot be read as CSV (the quoted cell that starts on line {unclosed} is never closed)"
        problems.add(name, message)
        return None
    if ragged:
        for line, count in ragged:
            problems.add(f"{name} line {line}", f"has {count} cells; the header has {width}")
        return None
    return Table(tuple(names), tuple(rows), tuple(lines))


def _csv_error(exc: csv.Error) -> str:
    """The csv module's complaint in words; its cell size limit is the one a user can meet."""
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return str(exc)


def _lines(raw: str) -> io.StringIO:
    """The text for the csv module, with a line ending at \\n, \\r\\n or a lone \\r (as old Mac programs write)."""
    return io.StringIO(raw, newline="")


def _split(line: str) -> list[str]:
    """The cells of a line without a quote, as the csv module reads it: a blank line has none."""
    text = line.rstrip("\r\n")
    return text.split(",") if text else []


def _unclosed_quote(raw: str) -> int | None:
    """The line on which a quoted cell starts that the file never closes, if any."""
    reader = csv.reader(_lines(raw), skipinitialspace=True, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as exc:
        # Strict reading also refuses text after a closing quote ("a"b), which is read as ab: only the
        # end of the file inside a quoted cell is an error.
        if "unexpected end of data" in str(exc):
            return start
    return None
