"""Offers and price lists (build model v3, section 1): where each part's price comes from.

Every part has one offer per condition (new, used). The catalog row is its new offer; price lists overlay offers:
`--prices FILE.csv` (repeatable, later files win), then a scenario's top-level `[prices]` table, then a what-if
variant's `prices`. A row replaces the offer of the same part and condition; a used row adds the part's used offer.
A part is bought at the cheapest offer of a condition the scenario allows (`[parts] condition`); ties go to new, then
the latest date, then the earlier row."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import cells
from .catalog import Catalog, Offer, Part
from .csvtable import read_table
from .errors import InputError, Problem, ProblemList

CONDITIONS = ("new", "used")
#: A price list's columns: `part` and `price` are required; `notes` is kept for the reader and ignored.
PRICE_LIST_COLUMNS = ("part", "price", "currency", "rate", "date", "source", "condition", "notes")
REQUIRED_COLUMNS = ("part", "price")
#: The keys of a `[prices]` entry in its table form.
ENTRY_KEYS = ("price", "currency", "rate", "date", "source", "condition")
#: The most a converted price may be, in dollars: the catalog's own limit (solver.schema.MAX_PRICE_USD).
MAX_PRICE_USD = 1_000_000
_CURRENCY = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class PriceRow:
    """One overlay row, checked but not yet matched to a part: `part` is a reference or an exact name as written;
    `where` locates it ("prices.csv line 4" or "upgrade.toml, key prices.\\"gpus:x\\"")."""

    part: str
    price_cents: int
    condition: str
    date: datetime.date | None
    source: str | None
    where: str
    csv: bool  # a price-list file's row (columns) rather than a scenario entry (keys)
    note: str = ""

    def at(self, field: str) -> str:
        """Where one cell or key of the row is: "prices.csv line 4, column part"."""
        if self.csv:
            return f"{self.where}, column {field}"
        return self.where if field == "part" else f"{self.where}.{field}"


def usd_cents(price: Fraction, rate: Fraction) -> int:
    """Contract v3 section 1: price_usd = round-half-even(price x rate), to the cent (Fraction rounds half to even)."""
    return round(price * rate * 100)


def _converted(price: Fraction, currency: str, rate: Fraction | None, bad) -> tuple[int, str] | None:
    """(cents, note) of a price in `currency` at `rate` USD per unit; `bad(field, message)` records a problem. The
    contract's formula price x rate holds for every row: a US-dollar row without a rate is at rate 1, with one it is
    converted at it (a price list may quote, say, a marketplace's dollars at a fee-inclusive rate)."""
    if currency != "USD" and rate is None:
        bad("rate", f"is required for a price in {currency} (US dollars per {currency}, e.g. 1.0825)")
        return None
    cents = usd_cents(price, rate or Fraction(1))
    if cents <= 0:
        bad("price", f"{cells_text(price)} {currency} at {cells_text(rate)} is less than a cent in US dollars")
        return None
    if cents > MAX_PRICE_USD * 100:
        bad("price", f"is above the largest accepted price, ${MAX_PRICE_USD:,}, in US dollars")
        return None
    note = (
        ""
        if currency == "USD" and rate in (None, 1)
        else f"{currency} {float(price):,.2f} at {cells_text(rate)} USD/{currency}"
    )
    return cents, note


def cells_text(value: Fraction | None) -> str:
    """An exact decimal as written (1.0825, not 1.0825000000000000177)."""
    if value is None:
        return "-"
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.10f}".rstrip("0").rstrip(".")
    return text if Fraction(text) == value else str(value)


def read_price_list(path: str | Path) -> list[PriceRow]:
    """Every row of a price-list CSV, checked; any bad cell refuses the whole file (InputError naming file, line
    and column). Parts are matched later, against the catalog (apply_rows)."""

    file = Path(path)
    subject = f"Price list {file} cannot be used"
    if not file.is_file():
        raise InputError(subject, [Problem(str(file), "does not exist" if not file.exists() else "is not a file")])
    problems = ProblemList()
    try:
        table = read_table(file, problems)
    except OSError as exc:
        raise InputError(subject, [Problem(str(file), f"cannot be read ({exc.strerror or exc})")]) from None
    problems.raise_if_any(subject)
    assert table is not None, "read_table returns None only with a problem, raised above"
    for column in table.columns:
        if column not in PRICE_LIST_COLUMNS:
            import difflib  # here: only a name that is not there needs it

            near = difflib.get_close_matches(column.lower(), PRICE_LIST_COLUMNS, n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            problems.add(
                f"{file.name} line 1, column {column or '(empty)'}",
                f"is not a price-list column{hint}; columns: {', '.join(PRICE_LIST_COLUMNS)}",
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        problems.add(f"{file.name} line 1", f"has no column {' or '.join(missing)} (a price list needs part and price)")
    problems.raise_if_any(subject)
    rows = []
    for line, record in zip(table.lines, table.records()):
        row = _row(record, f"{file.name} line {line}", True, problems)
        if row is not None:
            rows.append(row)
    problems.raise_if_any(subject)
    return rows


def _row(
    cells_: dict[str, Any], where: str, csv: bool, problems: ProblemList, *, bare: bool = False
) -> PriceRow | None:
    """A checked row from a price list's cells (text) or a [prices] entry's values (TOML); `bare`: the entry is the
    `"ref" = dollars` form, whose price is the key's value itself."""
    before = len(problems.items)

    def at(field: str) -> str:
        if csv:
            return f"{where}, column {field}"
        return where if field == "part" or (bare and field == "price") else f"{where}.{field}"

    def bad(field: str, message: str) -> None:
        problems.add(at(field), message)

    part = str(cells_.get("part") or "").strip()
    if not part:
        bad("part", "is empty; name a part by reference (gpus:<id>) or by its exact name")
    price = _number(cells_.get("price"), "price", bad, required=True)
    if price is not None:
        if price <= 0:
            bad("price", f"{cells_text(price)} is not a positive price")
            price = None
        elif (price * 100).denominator != 1:
            bad(
                "price", f"{cells_text(price)} has more than 2 decimals (a price is in units and cents of its currency)"
            )
            price = None
    given = _text(cells_.get("currency"), "currency", bad) or "USD"
    currency = given.upper() if _CURRENCY.fullmatch(given) else None
    if currency is None:
        bad("currency", f"{given!r} is not a 3-letter currency code such as USD or EUR")
    rate = _number(cells_.get("rate"), "rate", bad, required=False)
    if rate is not None and rate <= 0:
        bad("rate", f"{cells_text(rate)} is not a positive exchange rate (US dollars per unit of the currency)")
        rate = None
    date = _date(cells_.get("date"), bad)
    source = _text(cells_.get("source"), "source", bad) or None
    condition = (_text(cells_.get("condition"), "condition", bad) or "new").lower()
    if condition not in CONDITIONS:
        bad("condition", f"{condition!r} is not one of {', '.join(CONDITIONS)}")
    if len(problems.items) > before or price is None or currency is None:
        return None
    converted = _converted(price, currency, rate, bad)
    if converted is None:
        return None
    return PriceRow(part, converted[0], condition, date, source, where, csv, converted[1])


def _text(value: Any, field: str, bad) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        bad(field, f"{value!r} is not text")
        return ""
    return value.strip()


def _number(value: Any, field: str, bad, *, required: bool) -> Fraction | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            bad(field, "is empty; a value is required")
        return None
    try:
        return cells.parse_number(value) if isinstance(value, str) else cells.fraction_from_toml(value)
    except cells.CellError as exc:
        bad(field, str(exc))
        return None


def _date(value: Any, bad) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        bad("date", f"{value.isoformat()} is a date and time; give the date alone (YYYY-MM-DD)")
        return None
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        bad("date", f"{value!r} is not a date written YYYY-MM-DD")
        return None
    try:
        return cells.parse_date(value)
    except cells.CellError as exc:
        bad("date", str(exc))
        return None


def scenario_rows(table: Any, where: str, problems: ProblemList) -> list[PriceRow]:
    """A scenario's or variant's `[prices]` as price rows, in the table's order: `"ref" = dollars` (new, US dollars,
    undated) or `"ref" = { price = ..., currency = ..., rate = ..., date = ..., source = ..., condition = ... }`.
    The key is a part reference or an exact part name."""
    if not isinstance(table, dict):
        problems.add(
            f"{where}, key prices",
            'must be a table of part -> price, e.g. { "gpus:x" = 1499.0 } or '
            '{ "gpus:x" = { price = 1299, currency = "EUR", rate = 1.08 } }',
        )
        return []
    rows = []
    for key, value in table.items():
        at = f"{where}, key prices.{key}"
        if isinstance(value, dict):
            for extra in value:
                if extra not in ENTRY_KEYS:
                    import difflib

                    near = difflib.get_close_matches(extra, ENTRY_KEYS, n=1)
                    hint = f' (did you mean "{near[0]}"?)' if near else ""
                    problems.add(f"{at}.{extra}", f"is not a key of a price entry{hint}; keys: {', '.join(ENTRY_KEYS)}")
            if any(extra not in ENTRY_KEYS for extra in value):
                continue
            entry = {**value, "part": key}
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            entry = {"part": key, "price": value}
        else:
            problems.add(at, f"{value!r} is not a price in dollars or a table {{ price = ..., ... }}")
            continue
        row = _row(entry, at, False, problems, bare=not isinstance(value, dict))
        if row is not None:
            rows.append(row)
    return rows


# ---- matching rows to parts, and the offers they make ----


def normalised(text: str) -> str:
    """Contract v3 section 1: names match ignoring case, runs of white space counting as one space."""
    return " ".join(str(text).split()).casefold()


class PartIndex:
    """Every part of a catalog by reference and by normalised name, for price rows and owned parts."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.by_name: dict[str, list[Part]] = {}
        for items in catalog.parts.values():
            for p in items:
                self.by_name.setdefault(normalised(p.name), []).append(p)

    def resolve(self, text: str) -> tuple[Part | None, str]:
        """(part, "") for a reference that resolves or the one part of that exact name; else (None, why)."""
        text = text.strip()
        if ":" in text:
            part = self.catalog.find(text)
            if part is not None:
                return part, ""
        found = self.by_name.get(normalised(text), [])
        if len(found) == 1:
            return found[0], ""
        if found:
            names = ", ".join(f"{p.ref} ({p.stem}.csv line {p.line})" for p in found[:5])
            return None, f"{text!r} names several parts: {names}; use a reference"
        return None, f"{text!r} names no part in the catalog{self.nearest(text)}"

    def nearest(self, text: str) -> str:
        """' (nearest: "a", "b", "c")': up to three names or references close to `text`, or ''."""
        import difflib

        stem, sep, part_id = text.partition(":")
        if sep and stem in self.catalog.parts:
            ids = difflib.get_close_matches(part_id, [p.id for p in self.catalog.parts[stem]], n=3, cutoff=0.5)
            if ids:
                return " (nearest: " + ", ".join(f'"{stem}:{i}"' for i in ids) + ")"
        names = difflib.get_close_matches(normalised(text), list(self.by_name), n=3, cutoff=0.5)
        if not names:
            return ""
        return " (nearest: " + ", ".join(f'"{self.by_name[n][0].name}"' for n in names) + ")"


def offers_of(catalog: Catalog, rows: list[PriceRow], index: PartIndex | None = None) -> dict[str, dict[str, Offer]]:
    """The offers the rows change or add, by part reference and condition (the catalog's offers are on its parts):
    each row replaces the offer of its part and condition, in order (later wins). Every row must name one part."""
    index = index or PartIndex(catalog)
    problems = ProblemList()
    table: dict[str, dict[str, Offer]] = {}
    for order, row in enumerate(rows, start=1):
        part, why = index.resolve(row.part)
        if part is None:
            problems.add(row.at("part"), why)
            continue
        table.setdefault(part.ref, {})[row.condition] = Offer(row.price_cents, row.condition, row.date,
                                                              row.source, "user",
                                                              order, row.note)  # fmt: skip
    files = sorted({row.where.split(" line ")[0] for row in rows if row.csv})
    problems.raise_if_any(f"Prices ({', '.join(files)})" if files else "Prices")
    return table


def _order(offer: Offer) -> tuple:
    # Cheapest first; ties: new first, then the latest date (an unknown date last), then the earlier row.
    dated = (0, -offer.date.toordinal()) if offer.date else (1, 0)
    return offer.price_cents, offer.condition != "new", dated, offer.order


def bought(offers: dict[str, Offer], conditions: tuple[str, ...]) -> Offer | None:
    """The offer a part is bought at: the cheapest of a condition the scenario allows (None: it has none)."""
    allowed = [o for condition, o in offers.items() if condition in conditions]
    return min(allowed, key=_order) if allowed else None


def stale(offer: Offer, today: datetime.date, max_age_days: int) -> bool:
    """Contract v3 section 3: an offer dated more than `max_age_days` before today, or undated; never when the limit
    is 0."""
    if max_age_days == 0:
        return False
    return offer.date is None or (today - offer.date).days > max_age_days
