"""catalogs/cloud.csv, the dated cloud prices the buy-or-rent comparison reads (contract v3 §5): its shape.

The checks live in `table_problems`, so each is also shown to catch a broken row (the shipped file passing proves
nothing about a check that could never fail).
"""

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import CATALOGS

TABLE = CATALOGS / "cloud.csv"

COLUMNS = [
    "provider",
    "instance",
    "chipset",
    "gpus",
    "usd_per_hour",
    "price_date",
    "source_url",
    "region",
    "price_kind",
    "notes",
]
PRICE_KINDS = {"on_demand", "marketplace"}
#: No price may be dated after this day (the table was last revised then); move it forward with the next revision.
REFERENCE_DATE = date(2026, 11, 30)
MAX_GPUS = 16
#: Dollars per GPU-hour outside this band are a typo (a cents figure, a monthly price), not a cloud price.
GPU_HOUR_BAND = (0.05, 20.0)
_PRICE = re.compile(r"\d+(\.\d{1,4})?")


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _chipsets() -> set[str]:
    return {row["chipset"] for row in _read(CATALOGS / "gpu_models.csv")[1]}


def table_problems(header: list[str], rows: list[dict], chipsets: set[str], today: date) -> list[str]:
    """Every problem of the table, one line each naming the line (2 = first row) and column."""
    if header != COLUMNS:
        return [f"header is {header}, expected {COLUMNS}"]
    problems = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in enumerate(rows, start=2):

        def bad(column: str, message: str, line: int = line, row: dict = row) -> None:
            problems.append(f"line {line}, column {column}: {row[column]!r} {message}")

        for column in ("provider", "instance", "region"):
            if not row[column].strip():
                bad(column, "is empty")
        if row["chipset"] not in chipsets:
            bad("chipset", "is not a chipset of gpu_models.csv")
        gpus = int(row["gpus"]) if row["gpus"].isdigit() else 0
        if not 1 <= gpus <= MAX_GPUS:
            bad("gpus", f"is not a whole number of GPUs from 1 to {MAX_GPUS}")
            gpus = 0  # no per-GPU price to check
        if not _PRICE.fullmatch(row["usd_per_hour"]) or float(row["usd_per_hour"]) <= 0:
            bad("usd_per_hour", "is not a price in dollars > 0 with at most 4 decimals")
        elif gpus and not GPU_HOUR_BAND[0] <= float(row["usd_per_hour"]) / gpus <= GPU_HOUR_BAND[1]:
            bad("usd_per_hour", f"is outside {GPU_HOUR_BAND} dollars per GPU-hour")
        try:
            if date.fromisoformat(row["price_date"]) > today or len(row["price_date"]) != 10:
                bad("price_date", f"is after {today.isoformat()} or not YYYY-MM-DD")
        except ValueError:
            bad("price_date", "is not a date (YYYY-MM-DD)")
        if not row["source_url"].startswith("https://"):
            bad("source_url", "does not cite a source (an https:// address)")
        if row["price_kind"] not in PRICE_KINDS:
            bad("price_kind", f"is not one of {sorted(PRICE_KINDS)}")
        key = (row["provider"], row["instance"], row["region"])
        if key in seen:
            problems.append(f"line {line}: provider, instance and region repeat line {seen[key]}")
        seen.setdefault(key, line)
    return problems


def test_shipped_table_has_no_problems():
    header, rows = _read(TABLE)
    assert rows, "catalogs/cloud.csv has no rows"
    assert table_problems(header, rows, _chipsets(), REFERENCE_DATE) == []


def test_shipped_table_covers_the_cards_scenarios_pick():
    """The RTX 4090, RTX 5090 and a 48 GB workstation card have a price; a card that loses its row fails here."""
    shipped = {row["chipset"] for row in _read(TABLE)[1]}
    assert {"GeForce RTX 4090", "GeForce RTX 5090", "RTX 6000 Ada Generation"} <= shipped


def test_every_source_is_cited_in_sources_md():
    """catalogs/SOURCES.md (generated) names every source the table uses, and no source the table dropped."""
    from solver.importer.sources_doc import CLOUD_SOURCES

    used = {row["source_url"] for row in _read(TABLE)[1]}
    assert used == {source.url for source in CLOUD_SOURCES}
    sources_md = (CATALOGS / "SOURCES.md").read_text(encoding="utf-8")
    for url in used:
        assert url in sources_md, url


GOOD = {
    "provider": "P",
    "instance": "1x",
    "chipset": "GeForce RTX 4090",
    "gpus": "1",
    "usd_per_hour": "0.5",
    "price_date": "2026-01-02",
    "source_url": "https://example.org/p",
    "region": "all",
    "price_kind": "on_demand",
    "notes": "",
}


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"chipset": "GeForce RTX 4090 Ti"}, "column chipset"),
        ({"gpus": "0"}, "column gpus"),
        ({"gpus": "17"}, "column gpus"),
        ({"gpus": "two"}, "column gpus"),
        ({"usd_per_hour": "0"}, "column usd_per_hour"),
        ({"usd_per_hour": "-1"}, "column usd_per_hour"),
        ({"usd_per_hour": "0.12345"}, "column usd_per_hour"),
        ({"usd_per_hour": "74"}, "dollars per GPU-hour"),
        ({"price_date": "2026-12-01"}, "column price_date"),
        ({"price_date": "2026-02-30"}, "column price_date"),
        ({"price_date": ""}, "column price_date"),
        ({"source_url": ""}, "column source_url"),
        ({"price_kind": "spot"}, "column price_kind"),
        ({"region": " "}, "column region"),
    ],
)
def test_each_check_catches_a_broken_row(change, fragment):
    problems = table_problems(COLUMNS, [{**GOOD, **change}], {"GeForce RTX 4090"}, REFERENCE_DATE)
    assert len(problems) == 1 and fragment in problems[0], problems


def test_a_repeated_instance_and_a_wrong_header_are_caught():
    assert table_problems(COLUMNS, [GOOD], {"GeForce RTX 4090"}, REFERENCE_DATE) == []
    problems = table_problems(COLUMNS, [GOOD, {**GOOD, "usd_per_hour": "0.6"}], {"GeForce RTX 4090"}, REFERENCE_DATE)
    assert problems == ["line 3: provider, instance and region repeat line 2"]
    assert table_problems(COLUMNS[:-1], [], set(), REFERENCE_DATE)[0].startswith("header is")
