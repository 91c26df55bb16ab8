"""The report's two interactive charts as Plotly figure specs, drawn by the inlined plotly.js.

Plotly reads a trace's text as markup (<a href>, <span style>, <br> and entities), so every text that
comes from the catalog or the scenario is escaped before it is handed over: `<`, `>` and `&` become
entities, which Plotly shows as the characters they stand for."""

from __future__ import annotations

import html
import json
import textwrap
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from ..output.table import rating_short

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
BLUE, RED, GREY = "#1f5fa8", "#c62828", "#9aa5b1"
HOVER = "<b>%{text}</b><br>%{x:$,.2f}<br>performance %{y:.4f}<extra></extra>"


def chart_text(text: str) -> str:
    """Text that Plotly shows as it is, never as markup."""
    return html.escape(text, quote=False)


def _layout(xtitle: str, ytitle: str) -> dict[str, Any]:
    return {
        "template": "plotly_white",
        "font": {"family": FONT, "size": 13, "color": "#1d2530"},
        "height": 420,
        "margin": {"l": 80, "r": 16, "t": 36, "b": 56},
        "xaxis": {"title": {"text": xtitle}, "tickprefix": "$", "tickformat": ",.0f", "zeroline": False},
        "yaxis": {
            "title": {"text": "<br>".join(textwrap.wrap(rating_short(ytitle), 40))},
            "rangemode": "tozero",
            "zeroline": False,
        },
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT}},
    }


def frontier_figure(data: dict[str, Any]) -> dict[str, Any]:
    """Trace 0 holds exactly the frontier builds (one marker each, `customdata` = index into the
    report's frontier points); trace 1 marks the recommended build on top of its frontier point."""
    points = data["frontier"]["points"]
    fig = go.Figure(layout=_layout("Build cost", data["units"]["performance"]))
    fig.add_trace(go.Scatter(
        name="frontier build",
        x=[p["cost_cents"] / 100 for p in points],
        y=[p["performance"] for p in points],
        customdata=[p["index"] for p in points],
        text=[chart_text(p["gpu"]) for p in points],
        mode="lines+markers",
        line={"shape": "hv", "color": GREY, "width": 1.5},
        marker={"size": 10, "color": BLUE, "line": {"color": "white", "width": 1}},
        hovertemplate=HOVER,
    ))  # fmt: skip
    recommended = [p for p in points if p["recommended"]]
    if recommended:
        p = recommended[0]
        fig.add_trace(go.Scatter(
            name="recommended", x=[p["cost_cents"] / 100], y=[p["performance"]], customdata=[p["index"]],
            text=[chart_text(p["gpu"])],
            mode="markers", marker={"symbol": "star", "size": 20, "color": RED, "line": {"color": "white", "width": 1}},
            hovertemplate=HOVER,
        ))  # fmt: skip
    return _spec(fig)


def sweep_figure(data: dict[str, Any]) -> dict[str, Any] | None:
    """The chosen build's performance at each budget; budgets with no build are left out."""
    sweep = data["sweep"]
    if not sweep:
        return None
    found = [(i, p) for i, p in enumerate(sweep["points"]) if p["build"] is not None]
    fig = go.Figure(layout=_layout("Budget", data["units"]["performance"]))
    fig.add_trace(go.Scatter(
        name="best build within the budget",
        x=[p["budget_cents"] / 100 for _, p in found],
        y=[p["build"]["performance"] for _, p in found],
        customdata=[i for i, _ in found],
        text=[chart_text(f"{p['build']['gpu']}, costs {p['build']['cost']}") for _, p in found],
        mode="lines+markers",
        line={"shape": "hv", "color": GREY, "width": 1.5},
        marker={"size": 8, "color": BLUE},
        hovertemplate="<b>%{text}</b><br>budget %{x:$,.0f}<br>performance %{y:.4f}<extra></extra>",
    ))  # fmt: skip
    return _spec(fig)


def cost_by_month_figure(data: dict[str, Any]) -> dict[str, Any] | None:
    """Build model v3: the recommended build's cumulative cost by month (purchase, then electricity) against the
    cloud instance doing the same work; None without [usage]."""
    tco = data.get("tco")
    if not tco:
        return None
    layout = _layout("Month", "Cumulative cost")
    layout["xaxis"].update({"tickprefix": "", "tickformat": "d"})
    layout["yaxis"].update({"tickprefix": "$", "tickformat": ",.0f"})
    fig = go.Figure(layout=layout)
    fig.add_trace(go.Scatter(
        name="build", x=tco["months"], y=[c / 100 for c in tco["build_cents"]], mode="lines",
        line={"color": BLUE, "width": 2},
        hovertemplate="month %{x}<br>build %{y:$,.2f}<extra></extra>",
    ))  # fmt: skip
    if tco["cloud_cents"] is not None:
        fig.add_trace(go.Scatter(
            name=f"cloud: {tco['cloud']['name']}", x=tco["months"], y=[c / 100 for c in tco["cloud_cents"]],
            mode="lines",
            line={"color": RED, "width": 2, "dash": "dash"},
            hovertemplate="month %{x}<br>cloud %{y:$,.2f}<extra></extra>",
        ))  # fmt: skip
    return _spec(fig)


def _spec(fig: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON data (checked by plotly's validators on the way)."""
    return json.loads(pio.to_json(fig, validate=True))
