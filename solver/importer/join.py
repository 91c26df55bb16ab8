"""The join every priced category runs: priced row -> spec row -> catalog row or drop reason -> cheapest per id.

A category module says only what differs (`Join`): the key a priced row must share with its spec row, how the
spec row is found, and how the catalog row is built. Prices, ids, price dates, the `match` and
`buildcores_id` cells, the row accounting of the import report and the de-duplication are done here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .match import Match
from .report import CategoryReport
from .rows import make_id, money, price_cents
from .supplement import SUPPLEMENT


class Drop(str):
    """Why a priced row is left out of the catalog; the import report counts rows under this text."""


#: The provenance cells that end every priced category's rows: the price date, and the datasets behind the row and
#: behind its specs.
PROVENANCE_COLUMNS = ["price_date", "source", "spec_source"]
#: ... after, for a category joined to spec rows, the spec row's BuildCores id and how the join found it.
JOINED_COLUMNS = ["buildcores_id", "match", *PROVENANCE_COLUMNS]

#: What `find` gives for a category without spec rows to join (storage: PCPartPicker's own fields only).
NO_MATCH = Match(None, "")

DUPLICATE = "duplicate name (kept the lowest price)"
SNAPSHOT_PRICES_IT = "the price snapshot prices this part (the supplement row is not used)"


@dataclass(frozen=True)
class Join:
    """What one category adds to the join.

    key(src): what the priced row must share with its spec row (socket, chipset, layout, ...), or a Drop
        when the row lies outside the catalog before any matching (counted apart from `matched`).
    find(src, key): the spec row for the priced row.
    unmatched(src): the drop reason when find gives no spec row; None builds the row from the priced row alone.
    build(src, key, spec): the catalog row (without id, price and price date), or a Drop.
    """

    # The spec row is Any: None only when `unmatched` is None, so a category that sets `unmatched` builds from a dict.
    build: Callable[[dict, Any, Any], dict | Drop]
    key: Callable[[dict], Any] = lambda src: None
    find: Callable[[dict, Any], Match] = lambda src, key: NO_MATCH
    unmatched: Callable[[dict], str] | None = None


def join_priced(
    pcpp_rows: list[dict], join: Join, report: CategoryReport, price_date: str, supplement: Sequence[dict] = ()
) -> list[dict]:
    """The catalog rows of one category: one per id, at its lowest price, sorted by id.

    Every PCPartPicker row with a price, and every supplement row (supplement.py), ends in `report` either kept
    or dropped under a reason, so priced = kept + dropped holds for each category. A supplement row carries its
    own price date, kind and source; its specs come from BuildCores like any row's, else from its `spec_json`.
    """
    report.rows_in_source = len(pcpp_rows) + len(supplement)
    report.supplement.rows = len(supplement)
    rows = []
    for src in [*pcpp_rows, *supplement]:
        cents = price_cents(src.get("price"))
        if cents is None:
            continue
        sup = src.get(SUPPLEMENT)
        report.priced += 1
        key = join.key(src)
        if isinstance(key, Drop):
            report.drop(key, supplement=sup is not None)
            continue
        found = join.find(src, key)
        if found.row is None and sup is not None and sup["spec"] is not None:
            found = Match(sup["spec"], "maker-page")
        report.matched[found.how or "none"] += 1
        if found.row is None and join.unmatched is not None:
            report.drop(join.unmatched(src), supplement=sup is not None)
            continue
        row = join.build(src, key, found.row)
        if isinstance(row, Drop):
            report.drop(row, supplement=sup is not None)
            continue
        row.update(
            id=make_id(row["name"]),
            price_usd=money(cents),
            price_date=price_date,
            match=found.how or "none",
            buildcores_id=(found.row or {}).get("opendb_id", ""),
            _cents=cents,
        )
        if sup is not None:
            _mark_supplement(row, sup, found.how)
        rows.append(row)
    return keep_cheapest(rows, report)


def _mark_supplement(row: dict, sup: dict, how: str) -> None:
    """A supplement row's price date, kind and source, and provenance cells that name the supplement (and the
    maker page, when its specs came from `spec_json`) instead of PCPartPicker."""
    row.update(price_date=sup["price_date"], price_kind=sup["price_kind"], source_url=sup["source_url"])
    for cell in ("source", "spec_source"):
        text = row.get(cell, "").replace("pcpartpicker", "supplement")
        if how == "maker-page":
            text = text.replace("buildcores", "maker-page")
        row[cell] = text


def keep_cheapest(rows: list[dict], report: CategoryReport) -> list[dict]:
    """One row per id: the lowest price wins, ties go to the earlier source row; the rest are counted. A part the
    price snapshot prices keeps the snapshot's price: its supplement row is dropped, whatever its price."""
    best: dict[str, dict] = {}
    for row in rows:
        row_id = row["id"]
        if row_id in best:
            mine, theirs = bool(row.get("price_kind")), bool(best[row_id].get("price_kind"))
            if mine != theirs:
                report.drop(SNAPSHOT_PRICES_IT, supplement=True)
                if mine:
                    continue
                best[row_id] = row
                continue
            report.drop(DUPLICATE, supplement=mine)
            if row["_cents"] >= best[row_id]["_cents"]:
                continue
        best[row_id] = row
    kept = [best[key] for key in sorted(best)]
    report.kept = len(kept)
    return kept
