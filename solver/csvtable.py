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
            problems.add(f"{path.name} line 1", f"cannot be read as CSV ({_csv_error(exc)})")
            return None
    names = [h.strip() for h in header]
    if not any(names):
        problems.add(path.name, "is empty; expected a header row and one part per row")
        return None
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.add(f"{path.name} line 1", f"column {duplicated[0]!r} appears more than once in the header")
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
        problems.add(f"{path.name} line {start}", f"cannot be read as CSV ({_csv_error(exc)})")
        return None
    # A quote still open at the end of the file leaves its line break in the last cell, or the file
    # without a final one: only then is it worth reading the file again to find out. It comes before the
    # cell counts, as the record it swallows is seldom as wide as the header.
    suspect = '"' in raw and (not raw.endswith(("\n", "\r")) or any("\n" in cell or "\r" in cell for cell in last[-1:]))
    unclosed = _unclosed_quote(raw) if suspect else None
    if unclosed:
        message = f"cannot be read as CSV (the quoted cell that starts on line {unclosed} is never closed)"
        problems.add(path.name, message)
        return None
    if ragged:
        for line, count in ragged:
            problems.add(f"{path.name} line {line}", f"has {count} cells; the header has {width}")
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
