"""Loading a catalog directory: every file read with the csv module, every cell typed and checked (spec §1)."""

from __future__ import annotations

import datetime
import gc
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import cells, schema
from .csvtable import Table, read_table
from .errors import InputError, Problem, ProblemList
from .slots import derived_slots, parse_slots


@dataclass(frozen=True)
class Offer:
    """One way to buy a part: its price in US cents, condition, date (None: unknown), source and kind (snapshot,
    list, listing: the catalog's; user: a price list's). `order` is 0 for the catalog row, then each overlay row in
    the order applied; `note` says how a price in another currency was converted."""

    price_cents: int
    condition: str
    date: datetime.date | None
    source: str | None
    kind: str
    order: int = 0
    note: str = ""


@dataclass(frozen=True)
class Part:
    """One row of a part file: id, name, price in cents and the typed columns the rules read."""

    stem: str
    id: str
    name: str
    price_cents: int
    attrs: dict[str, Any]
    line: int
    # Contract v3 section 1: the offer the part is bought at (the catalog row's until price lists change it).
    offer: Offer | None = field(default=None, compare=False)

    def __getitem__(self, column: str) -> Any:
        return self.attrs[column]

    @property
    def ref(self) -> str:
        return f"{self.stem}:{self.id}"


@dataclass(frozen=True)
class Catalog:
    """A loaded, checked catalog. `tables` keep every column as text for display; `parts` are typed.

    `models` holds each chipset's typed gpu_models row (product line, compute capability, power class, firmware
    floor, recommended system power). `scaling` maps (profile, product line, chipset or "", GPU count) to a row of
    scaling.csv, `power_limits` a power class to {level_pct: row}; each is None when its file is absent. `ratings`
    maps a rating column to its row of ratings.csv (words for the output; empty without the file)."""

    path: Path
    tables: dict[str, Table]
    parts: dict[str, tuple[Part, ...]]
    gpu_models: dict[str, dict[str, Fraction | None]]  # chipset -> perf column -> value (None = unrated)
    workloads: dict[str, dict[str, Any]]
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    scaling: dict[tuple[str, str, str, int], dict[str, Any]] | None = None
    power_limits: dict[str, dict[int, dict[str, Any]]] | None = None
    ratings: dict[str, dict[str, Any]] = field(default_factory=dict)
    cloud: tuple[dict[str, Any], ...] | None = None  # cloud.csv's rows (contract v3 section 5), None without the file
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
        return replace(self, parts={s: tuple(v) for s, v in parts.items()}, _index={})

    def with_parts(self, changed: dict[str, Part]) -> Catalog:
        """A copy in which the parts named by reference are replaced (price lists: another price and offer)."""
        if not changed:
            return self
        parts = {stem: tuple(changed.get(p.ref, p) for p in items) for stem, items in self.parts.items()}
        return replace(self, parts=parts, _index={})

    def price_dates(self) -> list[str]:
        """The distinct price dates of the part files' rows, sorted (contract v3 section 3, JSON prices.catalog_dates).
        Read from the files' cells, so a price list's dates (on the parts of a priced copy) never count."""
        dates = set()
        for spec in schema.PART_FILES:
            table = self.tables.get(spec.stem)
            if table is not None and "price_date" in table.columns:
                dates |= {cells.parse_date(d).isoformat() for d in set(table.column("price_date")) if d}
        return sorted(dates)

    def has_column(self, stem: str, column: str) -> bool:
        """Whether the file's header has the column (an optional column may be absent altogether)."""
        table = self.tables.get(stem)
        return table is not None and column in table.columns


def _parse_cell(column: schema.Column, text: str) -> Any:
    if column.kind in (schema.TEXT, schema.ID):
        return text
    if column.kind == schema.SLOTS:
        try:
            return parse_slots(text)
        except ValueError as exc:
            raise cells.CellError(str(exc)) from None
    value: int | Fraction
    if column.kind == schema.INT:
        value = cells.parse_int(text)
        if column.minimum is not None and value < column.minimum:
            raise cells.CellError(f"{text!r} is below the minimum {column.minimum}")
        if column.maximum is not None and value > column.maximum:
            raise cells.CellError(f"{text!r} is above the maximum {column.maximum}")
    elif column.kind == schema.NUM:
        # Plain digits are a whole number: int() reads them exactly, without Decimal and Fraction.
        value = int(text) if cells.PLAIN_WHOLE.fullmatch(text) else cells.parse_number(text, decimals=column.decimals)
        if column.positive and value <= 0:
            raise cells.CellError(f"{text!r} is not greater than 0")
        if column.minimum is not None and value < column.minimum:
            raise cells.CellError(f"{text!r} is negative")
        if column.maximum is not None and value > column.maximum:
            raise cells.CellError(f"{text!r} is above the maximum {column.maximum}")
        if value.denominator == 1:
            value = value.numerator  # whole numbers as int: exact, and much faster to compute with
    elif column.kind == schema.BOOL:
        return cells.parse_bool(text)
    elif column.kind == schema.ENUM:
        return cells.parse_enum(text, column.choices)
    elif column.kind == schema.DATE:
        return cells.parse_date(text)
    elif column.kind == schema.LIST:
        return cells.parse_list(text)
    else:  # pragma: no cover - the schema only uses the kinds above
        raise AssertionError(column.kind)
    if not -schema.MAX_QUANTITY <= value <= schema.MAX_QUANTITY:
        raise cells.CellError(f"{text!r} is larger than any part could have (above {schema.MAX_QUANTITY:,})")
    return value


#: A decimal written in plain digits with a point ("2.75"), as a catalog's fractional quantities are.
_PLAIN_DECIMAL = re.compile(r"([0-9]+)\.([0-9]+)")


def _plain_numbers(column: schema.Column, texts: Iterable[str]) -> dict[str, int | Fraction]:
    """The texts of an INT or NUM column written in plain digits (a NUM's with a point too) whose value the
    column accepts, read exactly with int() alone: what _parse_cell makes of them, without Decimal and without
    comparing Fractions. Every other text (a sign, an exponent, grouping, a value out of bounds, too many
    decimals) is left out, for _parse_cell to read or to say what is wrong with it."""
    low = column.minimum or 0  # a plain text is never negative
    high = schema.MAX_QUANTITY if column.maximum is None else min(column.maximum, schema.MAX_QUANTITY)
    places = cells.MAX_DECIMALS if column.decimals is None else min(column.decimals, cells.MAX_DECIMALS)
    whole = cells.PLAIN_WHOLE.fullmatch
    decimal = _PLAIN_DECIMAL.fullmatch if column.kind == schema.NUM else None
    out: dict[str, int | Fraction] = {}
    for text in texts:
        if whole(text):
            number, scale = int(text), 1
        elif decimal is not None and len(text) <= cells.MAX_NUMBER_CHARS and (found := decimal(text)):
            digits = found[2].rstrip("0")  # 2.50 has one decimal, as Decimal.normalize() counts them
            if len(digits) > places:
                continue
            number, scale = int(found[1] + digits), 10 ** len(digits)
        else:
            continue
        if (column.positive and number == 0) or not low * scale <= number <= high * scale:
            continue
        out[text] = number if scale == 1 else Fraction(number, scale)
    return out


def _parse_column(column: schema.Column, texts: Sequence[str], position: int, found: list) -> Sequence[Any]:
    """One column's values (None where wrong; where empty, the column's default or None); each distinct text is
    parsed once, as catalogs repeat values a lot. Problems go to `found` as (row, position, column, message)."""
    blank = "" in texts
    fill = column.default  # an empty cell, or the optional column absent
    if column.kind in (schema.ID, schema.TEXT):
        if column.required and blank:
            found += [(i, position, column.name, "is empty; a value is required") for i, t in enumerate(texts) if not t]
        return [text or fill for text in texts] if blank else texts
    parsed: dict[str, Any] = {"": fill}
    todo = set(texts)
    todo.discard("")
    if column.kind in (schema.INT, schema.NUM):
        plain = _plain_numbers(column, todo)
        parsed.update(plain)
        todo.difference_update(plain)
    wrong = False
    for text in todo:
        try:
            parsed[text] = _parse_cell(column, text)
        except cells.CellError as exc:
            parsed[text] = exc
            wrong = True
    values = list(map(parsed.__getitem__, texts))
    if wrong or (column.required and blank):
        for i, (text, value) in enumerate(zip(texts, values)):
            if text == "" and column.required:
                found.append((i, position, column.name, "is empty; a value is required"))
            elif isinstance(value, cells.CellError):
                found.append((i, position, column.name, str(value)))
                values[i] = None
    return values


def _parse_prices(texts: Sequence[str], position: int, found: list) -> list[int | None]:
    parsed = cells.parse_money_texts(set(texts), maximum_usd=schema.MAX_PRICE_USD)
    values: list[Any] = list(map(parsed.__getitem__, texts))
    if set(map(type, parsed.values())) - {int}:  # some price is wrong
        for i, (text, value) in enumerate(zip(texts, values)):
            if isinstance(value, cells.CellError):
                found.append((i, position, "price_usd", str(value) if text else "is empty; every part needs a price"))
                values[i] = None
    return values


def _parse_columns(spec: schema.FileSpec, table: Table, problems: ProblemList) -> dict[str, Sequence[Any]]:
    """Each typed column's values (and the price in cents as "price_cents"), with each row's line as "_line";
    empty when a required column is missing. Kept by column: a part file's rows become parts, never dicts."""
    columns = list(spec.typed)
    if spec.priced:
        columns = [schema.Column("id", schema.ID), schema.Column("name", schema.TEXT), *columns]
    missing = [c.name for c in columns if c.required and c.name not in table.columns]
    if spec.priced and "price_usd" not in table.columns:
        missing.append("price_usd")
    if missing:
        problems.add(spec.filename, f"is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        return {}
    empty = ("",) * len(table.rows)
    by_column = dict(zip(table.columns, zip(*table.rows)))
    text = lambda name: by_column.get(name, empty)  # noqa: E731
    found: list[tuple[int, int, str, str]] = []  # (row, position in the row, column, message)
    values: dict[str, Sequence[Any]] = {"_line": table.lines}
    for position, column in enumerate(columns):
        values[column.name] = _parse_column(column, text(column.name), position, found)
    if spec.priced:
        values["price_cents"] = _parse_prices(text("price_usd"), len(columns), found)
    if isinstance(spec.key, str):
        keys: Sequence[Any] = text(spec.key)
        name = spec.key
    else:  # several columns together, compared as parsed (enumerations ignore case)
        keys, name = list(zip(*(values[k] for k in spec.key))), ", ".join(spec.key)
        keys = [k if None not in k else "" for k in keys]
    if len(set(keys)) < len(keys):  # some key repeats (or several are empty, which is allowed here)
        seen: dict[Any, int] = {}
        for i, (key, line) in enumerate(zip(keys, table.lines)):
            if key and key in seen:
                shown = repr(key) if isinstance(key, str) else "(" + ", ".join(map(str, key)) + ")"
                found.append((i, len(columns) + 1, name, f"{shown} is already used on line {seen[key]}"))
            seen.setdefault(key, line)
    # Problems in the file's order: row by row, each row's columns from left to right.
    for i, _, name, message in sorted(found, key=lambda f: f[:2]):
        problems.add(f"{spec.filename} line {table.lines[i]}, column {name}", message)
    return values


def _records(values: dict[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """A file's rows as {column: value} (with "_line"), for the files that are read by row."""
    names = list(values)
    return [dict(zip(names, row)) for row in zip(*values.values())]


def _check_row_rules(stem: str, values: dict[str, Sequence[Any]], problems: ProblemList) -> None:
    """Checks that involve two cells of a row."""
    if not values:
        return
    where = f"{stem}.csv line {{}}"
    if stem == "cpus":
        for line, threads, cores in zip(values["_line"], values["threads"], values["cores"]):
            if threads is not None and cores is not None and threads < cores:
                problems.add(f"{where.format(line)}, column threads", f"{threads} is fewer than the {cores} cores")
    if stem == "coolers":
        for line, kind, height, radiator in zip(
            values["_line"], values["kind"], values["height_mm"], values["radiator_mm"]
        ):
            needed = {"air": "height_mm", "aio": "radiator_mm"}.get(kind or "")
            if needed and (height if needed == "height_mm" else radiator) is None:
                problems.add(f"{where.format(line)}, column {needed}", f"is empty; an {kind} cooler needs it")
    if stem == "motherboards":
        for line, slots, x16 in zip(values["_line"], values["gpu_slots"], values["x16_slots"]):
            if slots is not None and x16 is not None and len(slots) != x16:
                problems.add(
                    f"{where.format(line)}, column gpu_slots", f"{len(slots)} slots listed but x16_slots is {x16}"
                )


#: A perf column's cell as _gpu_models reads it: a number above 0 (and at most MAX_QUANTITY), any decimals.
_RELATIVE_PERF = schema.Column("perf", schema.NUM, positive=True)


def _gpu_models(table: Table, rows: list[dict[str, Any]], problems: ProblemList) -> dict:
    """perf and every other numeric perf column (e.g. perf_llm_infer) per chipset; empty = unrated."""
    extra = [c for c in table.columns if c.startswith("perf") and c != "perf" and not c.endswith("_source")]
    places = [table.columns.index(c) for c in extra]
    # Their plain numbers read at once, each a Fraction as parse_number gives it (a whole one too).
    plain = _plain_numbers(_RELATIVE_PERF, {cells_[i] for cells_ in table.rows for i in places})
    numbers = {text: Fraction(value) for text, value in plain.items()}
    models: dict[str, dict[str, Fraction | None]] = {}
    for row, cells_ in zip(rows, table.rows):
        values: dict[str, Fraction | None] = {"perf": row["perf"]}
        for column, i in zip(extra, places):
            text = cells_[i]
            values[column] = numbers.get(text)
            if text and text not in numbers:
                try:
                    values[column] = number = cells.parse_number(text)
                    if number <= 0 or number > schema.MAX_QUANTITY:
                        raise cells.CellError(f"{text!r} is not a positive relative performance")
                except cells.CellError as exc:
                    problems.add(f"gpu_models.csv line {row['_line']}, column {column}", str(exc))
                    values[column] = None
        if row["chipset"]:
            models[row["chipset"]] = values
    return models


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Read and check every file of a catalog directory (by default the shipped catalog); raise InputError
    listing every problem found."""
    # The load creates some 150,000 objects that all stay alive, and each collection the allocations set off
    # walks them (and every object of the process) in vain: about a sixth of the load. The collector is
    # paused while it runs, and resumed as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(path)
    finally:
        if collecting:
            gc.enable()


def _load(path: str | Path | None) -> Catalog:
    root = Path(path) if path is not None else schema.default_catalog_path()
    problems = ProblemList()
    required = [spec.filename for spec in schema.ALL_FILES if not spec.optional]
    if not root.is_dir() or not any((root / name).is_file() for name in required):
        from .shipped import POINT_AT_ONE

        what = (
            "holds none of a catalog's files (" + ", ".join(required[:3]) + ", ...)"
            if root.is_dir()
            else "is not a directory of catalog CSV files"
        )
        raise InputError(f"Catalog {root}", [Problem(str(root), f"{what}; {POINT_AT_ONE}")])
    tables: dict[str, Table] = {}
    columns: dict[str, dict[str, Sequence[Any]]] = {}
    for spec in schema.ALL_FILES:
        file = root / spec.filename
        if not file.is_file():
            if not spec.optional:
                problems.add(spec.filename, f"is missing from the catalog directory (expected {file})")
            continue
        table = read_table(file, problems)
        if table is None:
            continue
        tables[spec.stem] = table
        columns[spec.stem] = _parse_columns(spec, table, problems)
        _check_row_rules(spec.stem, columns[spec.stem], problems)
    part_stems = {spec.stem for spec in schema.PART_FILES}
    rows = {stem: _records(values) for stem, values in columns.items() if stem not in part_stems}
    gpu_models = _gpu_models(tables["gpu_models"], rows["gpu_models"], problems) if "gpu_models" in rows else {}
    workloads = {r["workload"]: r for r in rows.get("workloads", []) if r.get("workload")}
    for wl in workloads.values():
        column = wl.get("perf_column") or "perf"
        wl["perf_column"] = column
        if "gpu_models" in tables and column not in tables["gpu_models"].columns:
            problems.add(
                f"workloads.csv line {wl['_line']}, column perf_column",
                f"{column!r} is not a column of gpu_models.csv",
            )
    problems.raise_if_any(f"Catalog {root} cannot be used")
    parts = {spec.stem: _parts(spec, columns[spec.stem]) for spec in schema.PART_FILES}
    models = {r["chipset"]: {c.name: r[c.name] for c in schema.GPU_MODELS.columns} for r in rows["gpu_models"]}
    cloud = tuple(rows["cloud"]) if "cloud" in rows else None
    return Catalog(root, tables, parts, gpu_models, workloads, models, _scaling(rows.get("scaling")),
                   _power_limits(rows.get("power_limits")), {r["column"]: r for r in rows.get("ratings", [])},
                   cloud)  # fmt: skip


def _parts(spec: schema.FileSpec, values: dict[str, Sequence[Any]]) -> tuple[Part, ...]:
    """A part file's parts, built column by column. Each part's attrs are its typed columns; a board also gets
    its slots as wired, derived when the row does not list them. Contract v3 section 1: the catalog row is the
    part's first offer, new, with its price date, source (the URL, else the dataset the row came from) and kind."""
    names = [c.name for c in spec.columns]
    attrs = [dict(zip(names, row)) for row in zip(*(values[name] for name in names))]
    if spec.stem == "motherboards":
        for board in attrs:
            board["wiring_inferred"] = board["gpu_slots"] is None
            if board["gpu_slots"] is None:
                board["gpu_slots"] = derived_slots(board["x16_slots"], board["slot_pitch"])
    sources = [url or source or None for url, source in zip(values["source_url"], values["source"])]
    stem = spec.stem
    parts = []
    # Each part and offer is made as the frozen dataclasses' __init__ would make it (every field, in order),
    # its fields set in one dict update: the __init__'s one object.__setattr__ per field was a fifth of the load.
    new = object.__new__
    for part_id, name, cents, attributes, line, date, source, kind in zip(
        values["id"], values["name"], values["price_cents"], attrs, values["_line"], values["price_date"],
        sources, values["price_kind"],
    ):  # fmt: skip
        offer = new(Offer)
        offer.__dict__.update(price_cents=cents, condition="new", date=date, source=source, kind=kind, order=0, note="")
        part = new(Part)
        part.__dict__.update(
            stem=stem, id=part_id, name=name, price_cents=cents, attrs=attributes, line=line, offer=offer
        )
        parts.append(part)
    return tuple(parts)


def _scaling(rows: list[dict[str, Any]] | None) -> dict | None:
    if rows is None:
        return None
    return {(r["profile"], r["product_line"], r["chipset"], r["gpus"]): r for r in rows}


def _power_limits(rows: list[dict[str, Any]] | None) -> dict | None:
    if rows is None:
        return None
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["power_class"], {})[r["level_pct"]] = r
    return out
