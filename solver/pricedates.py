"""When a catalog's prices were taken: each price date with the number of priced rows that carry it.

Kept apart from the report (which loads plotly) because every command's JSON names the dates too."""

from __future__ import annotations

import json
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .infile import read_bytes

if TYPE_CHECKING:
    from .catalog import Catalog

#: The summary `dlbuild catalog build` writes beside the part files.
IMPORT_REPORT = "import_report.json"


def price_dates(catalog: Catalog) -> dict[str, int]:
    """How many priced rows carry each price date: from the part files' `price_date` column, else from
    the import report's counts (either may be missing in a hand-made catalog)."""
    dates: Counter[str] = Counter()
    for stem in catalog.parts:
        table = catalog.tables.get(stem)
        if table is not None and "price_date" in table.columns:
            # Counted in C (a few thousand rows under every table), the empty cells with them and then dropped.
            dates.update(map(itemgetter(table.columns.index("price_date")), table.rows))
    dates.pop("", None)
    if not dates:
        dates.update(report_price_dates(import_report(catalog.path)))
    return dict(sorted(dates.items()))


def price_date(catalog: Catalog, dates: dict[str, int] | None = None) -> str | None:
    """The catalog's price date in words: one date, "first to last" when its rows carry several, None unrecorded."""
    dates = price_dates(catalog) if dates is None else dates
    if not dates:
        return None
    return next(iter(dates)) if len(dates) == 1 else f"{min(dates)} to {max(dates)}"


def report_price_dates(report: dict[str, Any]) -> dict[str, int]:
    """The price dates an import report counts, summed over its categories."""
    dates: Counter[str] = Counter()
    for category in report.get("categories", {}).values():
        if isinstance(category, dict) and isinstance(category.get("price_dates"), dict):
            dates.update({str(k): int(v) for k, v in category["price_dates"].items() if isinstance(v, int)})
    return dict(sorted(dates.items()))


def import_report(root: str | Path) -> dict[str, Any]:
    """A catalog directory's import report, or {} when it has none (or an unreadable one)."""
    try:
        data = json.loads(read_bytes(Path(root) / IMPORT_REPORT).decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # unreadable, endless, not JSON, or nested too deeply
        return {}
    return data if isinstance(data, dict) else {}
