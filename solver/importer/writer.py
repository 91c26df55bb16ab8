"""Deterministic CSV output: fixed column order, "\n" line ends, UTF-8, rows in the order given."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def csv_text(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue()


def write_text(path: Path, text: str) -> None:
    """Write only when the bytes differ, so an unchanged rebuild leaves file times alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    write_text(path, csv_text(columns, rows))
