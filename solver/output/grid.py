"""Plain-text tables in tabulate's "simple" format, drawn here for the cells dlbuild's tables hold (text and whole
numbers in printable ASCII) and by tabulate itself for anything else.

tabulate's import costs a `dlbuild solve` about 40 ms (it reads its own package metadata and loads wcwidth's
Unicode tables), more than rendering every table of the answer. For printable ASCII, wcwidth's width of a text
is its length, so these tables come out byte for byte as tabulate draws them (tests/test_grid.py compares the
two); a cell outside that set (a non-ASCII name, a control character, an ANSI escape, a number written as text
that tabulate would reformat or align on its point) goes to tabulate, which loads only then."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: The characters whose display width is their count (no wide, combining or control characters).
_PRINTABLE = frozenset(map(chr, range(0x20, 0x7F)))
#: Characters of a text that tabulate might read as a number ("1,299", "1e5", "+3", "1_000", " 7 ", and "12\n",
#: which its pattern for thousands matches); every such number has a digit.
_NUMERIC = frozenset("0123456789+-.,_eE \n")
_DIGITS = frozenset("0123456789")
#: Words float() reads as a number and tabulate as a float, whatever their case and sign.
_FLOAT_WORDS = {"inf", "nan", "infinity"}
#: The space tabulate leaves between a header and its column's edge.
_MIN_PADDING = 2


def grid(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str],
    *,
    colalign: Sequence[str] | None = None,
    disable_numparse: bool = False,
) -> str:
    """The table as tabulate(rows, headers=headers, colalign=colalign, disable_numparse=disable_numparse) draws
    it in its default "simple" format."""
    columns = _columns(rows, headers, disable_numparse)
    if columns is None or not set(colalign or ()) <= {"left", "right", "center", "global"}:
        from tabulate import tabulate

        options: dict[str, Any] = {"disable_numparse": disable_numparse}
        if colalign is not None:
            options["colalign"] = colalign
        return tabulate([list(r) for r in rows], headers=list(headers), **options)
    cells, numeric = columns
    aligns = ["right" if n else "left" for n in numeric]  # tabulate's "decimal", for whole numbers
    for i, align in enumerate(colalign or ()):
        if i < len(aligns) and align != "global":
            aligns[i] = align
    multiline = any("\n" in h for h in headers) or any("\n" in c for column in cells for c in column)
    padded, widths = [], []
    for column, header, align in zip(cells, headers, aligns):
        column = [c.strip() for c in column]  # as tabulate strips them (its "decimal" does not, for numbers alone)
        # In printable ASCII a text's display width is its length.
        width = max(max(map(len, header.split("\n"))) + _MIN_PADDING,
                    *(len(line) for c in column for line in (c.split("\n") if multiline else (c,))))  # fmt: skip
        pad = _PAD[align]
        padded.append(
            ["\n".join(pad(width, s) for s in c.splitlines()) if multiline else pad(width, c) for c in column]
        )
        widths.append(width)
    heads = ["\n".join(_PAD[a](w, h) for h in header.split("\n")) for header, a, w in zip(headers, aligns, widths)]
    lines: list[str] = []
    _append(lines, heads, widths, multiline)
    lines.append("  ".join("-" * w for w in widths).rstrip())
    for row in zip(*padded):
        _append(lines, list(row), widths, multiline)
    return "\n".join(lines)


def _columns(
    rows: Sequence[Sequence[Any]], headers: Sequence[str], disable_numparse: bool
) -> tuple[list[list[str]], list[bool]] | None:
    """Each column's cells as text and whether tabulate reads the column as whole numbers; None when a cell is
    one that only tabulate draws as tabulate does."""
    if not rows or any(len(r) != len(headers) for r in rows):
        return None
    if not all(isinstance(h, str) and _plain(h) for h in headers):
        return None
    columns: list[list[str]] = []
    numeric: list[bool] = []
    for i in range(len(headers)):
        texts, whole = [], False
        for row in rows:
            cell = row[i]
            if type(cell) is int:
                whole = True
                texts.append(str(cell))
            elif isinstance(cell, str) and _plain(cell):
                if cell and not disable_numparse and _maybe_number(cell):
                    return None
                texts.append(cell)
            else:
                return None
        # A column of whole numbers (and empty cells) is tabulate's int column; any other text makes it text.
        if whole and not disable_numparse and all(t == "" or type(row[i]) is int for t, row in zip(texts, rows)):
            numeric.append(True)
        else:
            numeric.append(False)
        columns.append(texts)
    return columns, numeric


def _plain(text: str) -> bool:
    """Printable ASCII, with line breaks only as "\\n" (a wrapped cell's)."""
    return all(c in _PRINTABLE or c == "\n" for c in text)


def _maybe_number(text: str) -> bool:
    """Whether tabulate might read the text as a number (or a boolean), which it would reformat or align."""
    word = text.strip().lstrip("+-").lower()
    if text in ("True", "False", "\n") or word in _FLOAT_WORDS:  # a lone line break matches the thousands pattern
        return True
    return not _DIGITS.isdisjoint(text) and all(c in _NUMERIC for c in text)


_PAD = {
    "left": lambda width, s: f"{s:<{width}}",
    "right": lambda width, s: f"{s:>{width}}",
    "center": lambda width, s: f"{s:^{width}}",
}


def _append(lines: list[str], cells: list[str], widths: list[int], multiline: bool) -> None:
    """One row of the table: a multiline row as many lines as its tallest cell, shorter cells blank below."""
    if not multiline:
        lines.append("  ".join(cells).rstrip())
        return
    split = [c.splitlines() for c in cells]
    height = max(map(len, split))
    for i in range(height):
        lines.append("  ".join(s[i] if i < len(s) else " " * w for s, w in zip(split, widths)).rstrip())
