"""Every command's CSV: one row per frontier build or budget, the build as flat part-id columns."""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from ..categories import CATEGORIES
from ..diff import step_text
from ..result import Build
from ..text import per_thousand

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
                     "perf_per_1000_usd": per_thousand(b.performance, b.cost_cents), **flat(b), "changes": step_text(previous, b)})  # fmt: skip
        previous = b
    return table(rows)


def sweep_csv(s: Sweep) -> str:
    return table([{"budget_usd": f"{p.budget_cents / 100:.2f}", "status": p.status,
                   "cost_usd": f"{p.build.cost_cents / 100:.2f}" if p.build else "",
                   "performance": f"{float(p.build.performance):.6f}" if p.build else "", **flat(p.build)} for p in s.points])  # fmt: skip
