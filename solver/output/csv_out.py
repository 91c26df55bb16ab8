"""Every command's CSV: one row per frontier build or budget, the build as flat part-id columns."""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from ..categories import CATEGORIES
from ..diff import step_text
from ..result import Build
from ..text import num, per_thousand

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..frontier import Frontier
    from ..sweep import Sweep


def flat(build: Build | None) -> dict[str, Any]:
    """A build as flat CSV columns: each slot's part id, and the count after a counted part."""
    out: dict[str, Any] = {}
    for c in CATEGORIES:
        pick = getattr(build, c.slot) if build else None
        out[c.slot] = pick.part.id if pick else ""
        if c.counted:
            out[c.count_key] = pick.count if pick else ""
    return out


#: The power and slot columns after the parts (contract v2 section 7; empty for a budget without a build).
POWER_COLUMNS = ("power_level_pct", "gpu_watts", "psu_count", "dc_watts", "wall_watts", "efficiency_pct", "circuit", "gpu_slots", "adjacent")


def power(build: Build | None) -> dict[str, Any]:
    """A build's power level, PSU count, DC load, wall draw (whole watts, rounded up as shown), efficiency and
    circuit, and its GPUs' slots in the catalog's gpu_slots notation (POS:ATTACH:LANES:GEN, top to bottom)."""
    if build is None or build.power is None:
        return dict.fromkeys(POWER_COLUMNS, "")
    p = build.power
    slots = ";".join(f"{s.position}:{s.attach}:{s.lanes}:{s.gen}" for s in build.layout.slots)
    return {"power_level_pct": p.level_pct, "gpu_watts": num(p.gpu_watts).replace(",", ""), "psu_count": p.psu_count,
            "dc_watts": num(p.dc_watts).replace(",", ""), "wall_watts": p.wall_watts_shown, "efficiency_pct": f"{float(p.efficiency_pct):.2f}",
            "circuit": p.circuit, "gpu_slots": slots, "adjacent": str(build.layout.adjacent).lower()}  # fmt: skip


def table(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV text with a header (just "status" when there are no rows)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["status"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def frontier_csv(f: Frontier) -> str:
    rows, previous = [], None
    for b in f.points:
        rows.append({"cost_usd": f"{b.cost_cents / 100:.2f}", "performance": f"{float(b.performance):.6f}",
                     "perf_per_1000_usd": per_thousand(b.performance, b.cost_cents), **flat(b), **power(b), "changes": step_text(previous, b)})  # fmt: skip
        previous = b
    return table(rows)


def sweep_csv(s: Sweep) -> str:
    return table([{"budget_usd": f"{p.budget_cents / 100:.2f}", "status": p.status,
                   "cost_usd": f"{p.build.cost_cents / 100:.2f}" if p.build else "",
                   "performance": f"{float(p.build.performance):.6f}" if p.build else "", **flat(p.build), **power(p.build)} for p in s.points])  # fmt: skip
