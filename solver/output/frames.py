"""Answers as pandas DataFrames and notebook HTML (solver.notebook): the same units and part references as
the JSON (dollars, performance with one RTX 4090 = 1.0, `<file stem>:<id>`)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..categories import CATEGORIES
from ..diff import step_text
from ..result import Build, Result
from ..text import dollars, perf_json

if TYPE_CHECKING:  # annotations only
    from collections.abc import Callable

    from ..check import CheckReport
    from ..compare import Comparison
    from ..frontier import Frontier
    from ..sweep import Sweep

PART_COLUMNS = ["slot", "ref", "name", "count", "unit_price_usd", "price_usd"]
RULE_COLUMNS = ["rule", "ok", "detail"]


def parts(build: Build | None) -> dict[str, Any]:
    """A build as flat columns: each slot's part reference, and the count after a counted part."""
    out: dict[str, Any] = {}
    for c in CATEGORIES:
        pick = getattr(build, c.slot) if build is not None else None
        out[c.slot] = pick.part.ref if pick is not None else None
        if c.count_key is not None:
            out[c.count_key] = pick.count if pick is not None else None
    return out


def numbers(build: Build | None) -> dict[str, Any]:
    if build is None:
        return {"cost_usd": None, "performance": None, "perf_per_dollar": None}
    return {"cost_usd": dollars(build.cost_cents), "performance": perf_json(build.performance),
            "perf_per_dollar": perf_json(build.performance * 100 / build.cost_cents)}  # fmt: skip


def result_frame(result: Result) -> pd.DataFrame:
    """`solve`: one row per part of the build (none without one)."""
    rows = []
    if result.build is not None:
        for c in CATEGORIES:
            pick = getattr(result.build, c.slot)
            if pick is not None:
                rows.append(
                    [
                        c.slot,
                        pick.part.ref,
                        pick.part.name,
                        pick.count,
                        dollars(pick.part.price_cents),
                        dollars(pick.cost_cents),
                    ]
                )
    return pd.DataFrame(rows, columns=PART_COLUMNS)


def check_frame(report: CheckReport) -> pd.DataFrame:
    """`check`: one row per rule, with its verdict and numbers."""
    return pd.DataFrame([[c.rule, c.ok, c.detail] for c in report.checks], columns=RULE_COLUMNS)


def frontier_frame(f: Frontier) -> pd.DataFrame:
    """`frontier`: one row per build, cheapest first, with what changed from the one before."""
    rows, previous = [], None
    for b in f.points:
        rows.append({**numbers(b), **parts(b), "changes": step_text(previous, b)})
        previous = b
    return pd.DataFrame(rows, columns=[*numbers(None), *parts(None), "changes"])


def sweep_frame(s: Sweep) -> pd.DataFrame:
    """`sweep`: one row per budget."""
    rows = [
        {"budget_usd": dollars(p.budget_cents), "status": p.status, **numbers(p.build), **parts(p.build)}
        for p in s.points
    ]
    return pd.DataFrame(rows, columns=["budget_usd", "status", *numbers(None), *parts(None)])


def compare_frame(c: Comparison) -> pd.DataFrame:
    """`compare`: one row for the base scenario and one per variant, with what the variant changes."""
    answers = [("base", c.base, ""), *((o.name, o.result, "; ".join(o.changed)) for o in c.variants)]
    rows = [
        {"scenario": name, "status": r.status, **numbers(r.build), **parts(r.build), "changed": changed}
        for name, r, changed in answers
    ]
    return pd.DataFrame(rows, columns=["scenario", "status", *numbers(None), *parts(None), "changed"])


FRAMES: dict[str, Callable[[Any], pd.DataFrame]] = {
    "solve": result_frame,
    "check": check_frame,
    "frontier": frontier_frame,
    "sweep": sweep_frame,
    "compare": compare_frame,
}


def headline(answer: Any) -> str:
    """One line above the table: what the answer is and its status, as the command's JSON has them."""
    doc = answer.to_dict()
    words = [doc["command"], doc["status"]]
    if doc.get("cost_usd") is not None:
        words.append(f"${doc['cost_usd']:,.2f}, performance {doc['performance']:.4f}")
    if doc.get("points") is not None:
        words.append(f"{len(doc['points'])} points")
    dated = (doc.get("catalog") or {}).get("newest_price_date")
    if dated:
        words.append(f"prices of {dated}")
    scenario = doc.get("scenario")
    return (f"{scenario}: " if isinstance(scenario, str) and scenario else "") + ", ".join(words)


def html(answer: Any) -> str:
    """The answer for a notebook: its headline, then its frame as a table (pandas escapes the cells)."""
    return f"<p><strong>{escape(headline(answer))}</strong></p>\n" + answer.to_frame().to_html(index=False, na_rep="")
