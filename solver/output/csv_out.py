"""Every command's CSV: one row per frontier build or budget, the build as flat part-id columns.

Part ids and the changes column hold text from the catalog, which a spreadsheet would run as a formula
when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return (CSV injection). Such text cells are
written the way OWASP recommends: always in double quotes (so no `,` or `;` inside can start a new cell),
and with a `'` put in front when they start with one of those characters, which makes every spreadsheet
read them as text. Numeric columns (costs, performance, counts) and status words are dlbuild's own and
are written as they are, so a number stays a number, a negative one included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..categories import CATEGORIES
from ..diff import step_text
from ..result import Build
from ..text import num, per_thousand

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..frontier import Frontier
    from ..sweep import Sweep


#: The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Columns that hold text from the catalog or the scenario.
TEXT_COLUMNS = (
    frozenset(c.slot for c in CATEGORIES)
    | frozenset(f"{c.slot}_price_{what}" for c in CATEGORIES for what in ("date", "source"))
    | {"changes"}
)


def text_cell(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula: quoted, with `'` in front of a formula start."""
    if text == "":
        return ""
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


def flat(build: Build | None) -> dict[str, Any]:
    """A build as flat CSV columns: each slot's part id, the count after a counted part, and the date and source
    of the price it is bought at (contract v3 section 3: every output states them; "owned" for a part the user
    owns outright, "undated" for an offer without a date)."""
    out: dict[str, Any] = {}
    for c in CATEGORIES:
        pick = getattr(build, c.slot) if build else None
        out[c.slot] = pick.part.id if pick else ""
        if c.count_key is not None:
            out[c.count_key] = pick.count if pick else ""
        out[f"{c.slot}_price_date"], out[f"{c.slot}_price_source"] = _offer_cells(pick)
    return out


def _offer_cells(pick: Any) -> tuple[str, str]:
    """The date and source of the price a pick is bought at; empty for an empty slot."""
    if pick is None:
        return "", ""
    if not pick.bought:
        return "owned", "owned"
    offer = getattr(pick.part, "offer", None)
    if offer is None:
        return "undated", ""
    return (offer.date.isoformat() if offer.date else "undated"), (offer.source or "")


#: The power and slot columns after the parts (contract v2 section 7; empty for a budget without a build).
POWER_COLUMNS = (
    "power_level_pct",
    "gpu_watts",
    "psu_count",
    "dc_watts",
    "wall_watts",
    "efficiency_pct",
    "circuit",
    "gpu_slots",
    "adjacent",
)


def power(build: Build | None) -> dict[str, Any]:
    """A build's power level, PSU count, DC load, wall draw (whole watts, rounded up as shown), efficiency and
    circuit, and its GPUs' slots in the catalog's gpu_slots notation (POS:ATTACH:LANES:GEN, top to bottom)."""
    if build is None or build.power is None:
        return dict.fromkeys(POWER_COLUMNS, "")
    p = build.power
    slots = ";".join(f"{s.position}:{s.attach}:{s.lanes}:{s.gen}" for s in build.layout.slots)
    return {"power_level_pct": p.level_pct, "gpu_watts": num(p.gpu_watts).replace(",", ""), "psu_count": p.psu_count,
            "dc_watts": num(p.dc_watts).replace(",", ""), "wall_watts": p.wall_watts_shown,
            "efficiency_pct": f"{float(p.efficiency_pct):.2f}",
            "circuit": p.circuit, "gpu_slots": slots, "adjacent": str(build.layout.adjacent).lower()}  # fmt: skip


def table(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV text with a header (just "status" when there are no rows); text columns as text_cell
    writes them, the others (numbers and status words, which hold no comma, quote or line break) bare."""
    names = list(rows[0]) if rows else ["status"]
    lines = [",".join(names)]
    for row in rows:
        lines.append(",".join(text_cell(str(row[n])) if n in TEXT_COLUMNS else str(row[n]) for n in names))
    return "\n".join(lines) + "\n"


def frontier_csv(f: Frontier) -> str:
    rows, previous = [], None
    for b in f.points:
        rows.append({"cost_usd": f"{b.cost_cents / 100:.2f}", "performance": f"{float(b.performance):.6f}",
                     "perf_per_1000_usd": per_thousand(b.performance, b.cost_cents), **flat(b), **power(b),
                     "changes": step_text(previous, b)})  # fmt: skip
        previous = b
    return table(rows)


def sweep_csv(s: Sweep) -> str:
    return table([{"budget_usd": f"{p.budget_cents / 100:.2f}", "status": p.status,
                   "cost_usd": f"{p.build.cost_cents / 100:.2f}" if p.build else "",
                   "performance": f"{float(p.build.performance):.6f}" if p.build else "", **flat(p.build),
                   **power(p.build)} for p in s.points])  # fmt: skip
