"""Loading a catalog directory: every file read with pandas, every cell typed and checked (spec §1)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from . import cells, schema
from .errors import InputError, Problem, ProblemList


@dataclass(frozen=True)
class Part:
    """One row of a part file: id, name, price in cents and the typed columns the rules read."""

    stem: str
    id: str
    name: str
    price_cents: int
    attrs: dict[str, Any]
    line: int

    def __getitem__(self, column: str) -> Any:
        return self.attrs[column]

    @property
    def ref(self) -> str:
        return f"{self.stem}:{self.id}"


@dataclass(frozen=True)
class Catalog:
    """A loaded, checked catalog. `frames` keep every column as text for display; `parts` are typed."""

    path: Path
    frames: dict[str, pd.DataFrame]
    parts: dict[str, tuple[Part, ...]]
    gpu_models: dict[str, dict[str, Fraction | None]]  # chipset -> perf column -> value (None = unrated)
    workloads: dict[str, dict[str, Any]]
    _index: dict[str, dict[str, Part]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for stem, parts in self.parts.items():
            self._index[stem] = {p.id: p for p in parts}

    def find(self, ref: str) -> Part | None:
        """The part named by a reference "<file stem>:<id>", or None."""
        stem, _, part_id = ref.partition(":")
        return self._index.get(stem, {}).get(part_id)

    def with_prices(self, prices: dict[str, int]) -> Catalog:
        """A copy in which the referenced parts cost the given cents (what-if variants)."""
        parts = {stem: list(items) for stem, items in self.parts.items()}
        for ref, cents in prices.items():
            stem, _, part_id = ref.partition(":")
            parts[stem] = [replace(p, price_cents=cents) if p.id == part_id else p for p in parts[stem]]
        return Catalog(self.path, self.frames, {s: tuple(v) for s, v in parts.items()}, self.gpu_models, self.workloads)


def _read_frame(path: Path, problems: ProblemList) -> pd.DataFrame | None:
    """The file as text cells; blank lines kept as empty rows so that index + 2 is the file's line number."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path.name, f"is not UTF-8 text (byte {exc.start} cannot be decoded)")
        return None
    header = next(csv.reader(io.StringIO(raw)), [])
    names = [h.strip() for h in header]
    if not any(names):
        problems.add(path.name, "is empty; expected a header row and one part per row")
        return None
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        problems.add(f"{path.name} line 1", f"column {duplicated[0]!r} appears more than once in the header")
        return None
    if _report_ragged_lines(path, raw, len(names), problems):
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(raw),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            skipinitialspace=True,
            index_col=False,
        )
    except pd.errors.ParserError as exc:  # pragma: no cover - ragged lines are caught above
        problems.add(path.name, f"cannot be read as CSV ({exc})")
        return None
    frame.columns = names
    frame = frame.apply(lambda col: col.str.strip()) if len(frame) else frame
    blank = (frame == "").all(axis=1)
    return frame[~blank]


def _report_ragged_lines(path: Path, raw: str, width: int, problems: ProblemList) -> bool:
    """Name every line whose cell count differs from the header's; True if there were any."""
    reader = csv.reader(io.StringIO(raw))
    found = False
    for record in reader:
        if record and len(record) != width:
            problems.add(f"{path.name} line {reader.line_num}", f"has {len(record)} cells; the header has {width}")
            found = True
    return found


def _parse_cell(column: schema.Column, text: str) -> Any:
    if column.kind in (schema.TEXT, schema.ID):
        return text
    if column.kind == schema.INT:
        value = cells.parse_int(text)
        if column.minimum is not None and value < column.minimum:
            raise cells.CellError(f"{text!r} is below the minimum {column.minimum}")
    elif column.kind == schema.NUM:
        value = cells.parse_number(text, decimals=column.decimals)
        if column.positive and value <= 0:
            raise cells.CellError(f"{text!r} is not greater than 0")
        if column.minimum is not None and value < column.minimum:
            raise cells.CellError(f"{text!r} is negative")
        if value.denominator == 1:
            value = value.numerator  # whole numbers as int: exact, and much faster to compute with
    elif column.kind == schema.BOOL:
        return cells.parse_bool(text)
    elif column.kind == schema.ENUM:
        return cells.parse_enum(text, column.choices)
    elif column.kind == schema.LIST:
        return cells.parse_list(text)
    else:  # pragma: no cover - the schema only uses the kinds above
        raise AssertionError(column.kind)
    if abs(value) > schema.MAX_QUANTITY:
        raise cells.CellError(f"{text!r} is larger than any part could have (above {schema.MAX_QUANTITY:,})")
    return value


class _Parser:
    """Parses one column's cells, remembering each distinct text: catalogs repeat values a lot."""

    def __init__(self, column: schema.Column):
        self.column = column
        self.seen: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        if text not in self.seen:
            try:
                self.seen[text] = _parse_cell(self.column, text)
            except cells.CellError as exc:
                self.seen[text] = exc
        value = self.seen[text]
        if isinstance(value, cells.CellError):
            raise value
        return value


def _parse_rows(spec: schema.FileSpec, frame: pd.DataFrame, problems: ProblemList) -> list[dict[str, Any]]:
    columns = list(spec.columns)
    if spec.priced:
        columns = [schema.Column("id", schema.ID), schema.Column("name", schema.TEXT), *columns]
    missing = [c.name for c in columns if c.required and c.name not in frame.columns]
    if spec.priced and "price_usd" not in frame.columns:
        missing.append("price_usd")
    if missing:
        problems.add(spec.filename, f"is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        return []
    data = {name: frame[name].tolist() for name in frame.columns}
    empty = [""] * len(frame)
    parsers = [(c, _Parser(c), data.get(c.name, empty)) for c in columns]
    prices = data.get("price_usd", empty)
    keys = data.get(spec.key, empty)
    rows, seen = [], {}
    for i, index in enumerate(frame.index):
        line = int(index) + 2
        row: dict[str, Any] = {"_line": line}
        for column, parse, values in parsers:
            text = values[i]
            if text == "":
                if column.required:
                    problems.add(f"{spec.filename} line {line}, column {column.name}", "is empty; a value is required")
                row[column.name] = None
                continue
            try:
                row[column.name] = parse(text)
            except cells.CellError as exc:
                problems.add(f"{spec.filename} line {line}, column {column.name}", str(exc))
                row[column.name] = None
        if spec.priced:
            try:
                row["price_cents"] = cells.parse_money_cents(prices[i], maximum_usd=schema.MAX_PRICE_USD)
            except cells.CellError as exc:
                message = str(exc) if prices[i] else "is empty; every part needs a price"
                problems.add(f"{spec.filename} line {line}, column price_usd", message)
                row["price_cents"] = None
        key = keys[i]
        if key and key in seen:
            problems.add(f"{spec.filename} line {line}, column {spec.key}", f"{key!r} is already used on line {seen[key]}")
        seen.setdefault(key, line)
        rows.append(row)
    return rows


def _check_row_rules(stem: str, rows: list[dict[str, Any]], problems: ProblemList) -> None:
    """Checks that involve two cells of a row."""
    for row in rows:
        where = f"{stem}.csv line {row['_line']}"
        if stem == "cpus" and row.get("threads") is not None and row.get("cores") is not None:
            if row["threads"] < row["cores"]:
                problems.add(f"{where}, column threads", f"{row['threads']} is fewer than the {row['cores']} cores")
        if stem == "coolers":
            needed = {"air": "height_mm", "aio": "radiator_mm"}.get(row.get("kind") or "")
            if needed and row.get(needed) is None:
                problems.add(f"{where}, column {needed}", f"is empty; an {row['kind']} cooler needs it")


def _gpu_models(frame: pd.DataFrame, rows: list[dict[str, Any]], problems: ProblemList) -> dict:
    """perf and every other numeric perf column (e.g. perf_llm_infer) per chipset; empty = unrated."""
    extra = [c for c in frame.columns if c.startswith("perf") and c != "perf" and not c.endswith("_source")]
    models: dict[str, dict[str, Fraction | None]] = {}
    for row, record in zip(rows, frame.to_dict("records")):
        values: dict[str, Fraction | None] = {"perf": row["perf"]}
        for column in extra:
            text = record[column]
            values[column] = None
            if text:
                try:
                    values[column] = cells.parse_number(text)
                    if values[column] <= 0 or values[column] > schema.MAX_QUANTITY:
                        raise cells.CellError(f"{text!r} is not a positive relative performance")
                except cells.CellError as exc:
                    problems.add(f"gpu_models.csv line {row['_line']}, column {column}", str(exc))
                    values[column] = None
        if row["chipset"]:
            models[row["chipset"]] = values
    return models


def load_catalog(path: str | Path) -> Catalog:
    """Read and check every file of a catalog directory; raise InputError listing every problem found."""
    root = Path(path)
    problems = ProblemList()
    if not root.is_dir():
        raise InputError(f"Catalog {root}", [Problem(str(root), "is not a directory of catalog CSV files")])
    frames: dict[str, pd.DataFrame] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for spec in schema.ALL_FILES:
        file = root / spec.filename
        if not file.is_file():
            problems.add(spec.filename, f"is missing from the catalog directory (expected {file})")
            continue
        frame = _read_frame(file, problems)
        if frame is None:
            continue
        frames[spec.stem] = frame
        rows[spec.stem] = _parse_rows(spec, frame, problems)
        _check_row_rules(spec.stem, rows[spec.stem], problems)
    gpu_models = _gpu_models(frames["gpu_models"], rows["gpu_models"], problems) if "gpu_models" in rows else {}
    workloads = {r["workload"]: r for r in rows.get("workloads", []) if r.get("workload")}
    for wl in workloads.values():
        column = wl.get("perf_column") or "perf"
        wl["perf_column"] = column
        if "gpu_models" in frames and column not in frames["gpu_models"].columns:
            problems.add(
                f"workloads.csv line {wl['_line']}, column perf_column",
                f"{column!r} is not a column of gpu_models.csv",
            )
    problems.raise_if_any(f"Catalog {root} cannot be used")
    parts = {
        spec.stem: tuple(
            Part(
                spec.stem,
                r["id"],
                r["name"],
                r["price_cents"],
                {k: v for k, v in r.items() if k not in ("id", "name", "price_cents", "_line")},
                r["_line"],
            )
            for r in rows[spec.stem]
        )
        for spec in schema.PART_FILES
    }
    return Catalog(root, frames, parts, gpu_models, workloads)

