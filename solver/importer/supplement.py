"""The shipped supplement: dated, cited prices for parts the PCPartPicker snapshot does not price.

`catalogs/supplement/<category>.csv` (one file per catalog category, e.g. cpus.csv) holds one row per part:
its name, `price_usd`, `price_date`, `price_kind` (`list`: the maker's launch price; `listing`: a dated retailer
listing) and `source_url`, and the priced fields PCPartPicker would give for the part, named as pc-part-dataset
names them (cpus: `core_count`, `tdp`, `microarchitecture`; motherboards: `socket`, `form_factor`,
`max_memory`, `memory_slots`; ...). A list field is written with `;` ("5;4800" for memory `speed`). Specs come
from the part's BuildCores row as for any priced row; a part BuildCores lacks may carry them in `spec_json` (an
object in BuildCores' own layout) with `spec_url` naming the maker page they were read from.

Each row then joins like a PCPartPicker row; the import report accounts for every one (kept, or dropped with a
reason), and the catalog row says `price_kind` and `source_url` so outputs can flag the price.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

from ..errors import InputError, Problem
from .sources import PCPP_FILES

PRICE_KINDS = ("list", "listing")
REQUIRED = ("name", "price_usd", "price_date", "price_kind", "source_url")
OPTIONAL = ("spec_json", "spec_url")

#: pc-part-dataset fields a supplement row may give, per category, and how a cell becomes the dataset's value.
NUMBER, TEXT, PAIR = "number", "text", "pair"
FIELDS: dict[str, dict[str, str]] = {
    "cpus": {"core_count": NUMBER, "tdp": NUMBER, "microarchitecture": TEXT, "graphics": TEXT},
    "motherboards": {"socket": TEXT, "form_factor": TEXT, "max_memory": NUMBER, "memory_slots": NUMBER,
                     "color": TEXT},
    "memory": {"speed": PAIR, "modules": PAIR, "cas_latency": NUMBER, "color": TEXT},
    "gpus": {"chipset": TEXT, "memory": NUMBER, "length": NUMBER, "color": TEXT},
    "psus": {"type": TEXT, "efficiency": TEXT, "wattage": NUMBER, "modular": TEXT, "color": TEXT},
    "cases": {"type": TEXT, "color": TEXT},
    "coolers": {"size": NUMBER, "color": TEXT},
    "storage": {"capacity": NUMBER, "type": TEXT, "form_factor": TEXT, "interface": TEXT},
}  # fmt: skip

#: Marker keys a supplement row carries into the join (never written to a catalog file as such).
SUPPLEMENT = "_supplement"


def read_supplement(folder: Path | None) -> dict[str, list[dict]]:
    """Supplement rows per catalog category, each in pc-part-dataset's shape plus the SUPPLEMENT marker.

    An absent folder is an empty supplement. A bad cell refuses the whole supplement with file, line and column.
    """
    if folder is None or not Path(folder).is_dir():
        return {}
    folder = Path(folder)
    problems: list[Problem] = []
    rows: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.csv")):
        stem = path.stem
        if stem not in PCPP_FILES:
            problems.append(Problem(path.name, f"is not a catalog category (one of {', '.join(PCPP_FILES)})"))
            continue
        rows[stem] = _read_file(path, stem, problems)
    if problems:
        raise InputError(f"The supplement in {folder} cannot be read", problems)
    return rows


def _read_file(path: Path, stem: str, problems: list[Problem]) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        allowed = set(REQUIRED) | set(OPTIONAL) | set(FIELDS[stem])
        missing = [c for c in REQUIRED if c not in columns]
        unknown = [c for c in columns if c not in allowed]
        if missing or unknown:
            if missing:
                problems.append(Problem(f"{path.name} line 1", f"lacks the columns {', '.join(missing)}"))
            for column in unknown:
                problems.append(
                    Problem(
                        f"{path.name} line 1, column {column}",
                        f"is not a supplement column for {stem} (allowed: {', '.join(sorted(allowed))})",
                    )
                )
            return []
        out = []
        for number, cells in enumerate(reader, start=2):
            cells = {k.strip(): (v or "").strip() for k, v in cells.items() if k}
            if not any(cells.values()):
                continue
            row = _row(path.name, number, stem, cells, problems)
            if row is not None:
                out.append(row)
        return out


def _row(file: str, line: int, stem: str, cells: dict[str, str], problems: list[Problem]) -> dict | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(f"{file} line {line}, column {column}", message))

    if not cells["name"]:
        bad("name", "is empty")
    try:
        price = float(cells["price_usd"])
        if not price > 0 or not re.fullmatch(r"\d+(\.\d{1,2})?", cells["price_usd"]):
            raise ValueError
    except ValueError:
        bad("price_usd", f"{cells['price_usd']!r} is not a price in dollars > 0 with at most 2 decimals")
        price = None
    try:
        date.fromisoformat(cells["price_date"])
    except ValueError:
        bad("price_date", f"{cells['price_date']!r} is not a date (YYYY-MM-DD)")
    if cells["price_kind"] not in PRICE_KINDS:
        bad("price_kind", f"{cells['price_kind']!r} is not one of {', '.join(PRICE_KINDS)}")
    if not cells["source_url"].startswith("https://"):
        bad("source_url", "must cite the price's source (an https:// address)")
    src: dict = {"name": cells["name"], "price": price}
    for column, kind in FIELDS[stem].items():
        text = cells.get(column, "")
        if not text:
            continue
        try:
            if kind == NUMBER:
                src[column] = float(text)
            elif kind == PAIR:
                src[column] = [float(x) for x in text.split(";")]
                if len(src[column]) != 2:
                    raise ValueError
            else:
                src[column] = text
        except ValueError:
            bad(column, f"{text!r} is not {'a number' if kind == NUMBER else 'two numbers separated by ;'}")
    spec = None
    if cells.get("spec_json"):
        try:
            spec = json.loads(cells["spec_json"])
            if not isinstance(spec, dict):
                raise ValueError
        except ValueError:
            bad("spec_json", "is not a JSON object in BuildCores' layout")
        if not cells.get("spec_url", "").startswith("https://"):
            bad("spec_url", "must cite the maker page the specs come from (an https:// address)")
    if len(problems) > before:
        return None
    src[SUPPLEMENT] = {
        "price_date": cells["price_date"],
        "price_kind": cells["price_kind"],
        "source_url": cells["source_url"],
        "spec": spec,
        "spec_url": cells.get("spec_url", ""),
        "where": f"{file} line {line}",
    }
    return src
