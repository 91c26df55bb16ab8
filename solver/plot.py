"""PNG charts of a frontier and a sweep (matplotlib); kept apart from the solver, which never imports it.

The charts are Figure objects saved straight to files, without pyplot: no backend is chosen, so importing
this module leaves a notebook's matplotlib setup (inline charts, a GUI backend) as it was."""
from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .diff import short
from .frontier import Frontier
from .result import Build
from .sweep import Sweep

DOLLARS = FuncFormatter(lambda x, _: f"${x:,.0f}")


def _label_changes(ax, xs, ys, labels) -> None:
    """Label a point only where the GPU configuration changes, so the chart stays readable."""
    previous = None
    for x, y, label in zip(xs, ys, labels):
        if label != previous:
            ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, -12), fontsize=8, color="#333333")
        previous = label


def _finish(fig, ax, path: Path, title: str) -> Path:
    ax.set_title(title, fontsize=11)
    ax.xaxis.set_major_formatter(DOLLARS)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    return path


def plot_frontier(f: Frontier, path: str | Path, chosen: Build | None = None) -> Path:
    """Cost against performance for every frontier point, the scenario's chosen build highlighted."""
    fig = Figure(figsize=(10, 6))
    ax = fig.subplots()
    xs = [b.cost_cents / 100 for b in f.points]
    ys = [float(b.performance) for b in f.points]
    ax.step(xs, ys, where="post", color="#9bb7d4", linewidth=1, zorder=1)
    ax.scatter(xs, ys, s=22, color="#1f5fa8", zorder=2, label="non-dominated build")
    _label_changes(ax, xs, ys, [short("gpu", b.gpu) for b in f.points])
    if chosen is not None:
        ax.scatter([chosen.cost_cents / 100], [float(chosen.performance)], s=160, marker="*", color="#d62728", zorder=3,
                   label=f"chosen: {short('gpu', chosen.gpu)}, ${chosen.cost_cents / 100:,.0f}")  # fmt: skip
    ax.set_xlabel("Build cost (USD)")
    ax.set_ylabel("Training performance (one RTX 4090 = 1.0)")
    ax.legend(loc="lower right", fontsize=9)
    name = f.scenario.name or f.scenario.source
    return _finish(fig, ax, path, f"Cost/performance frontier: {name} ({len(f.points)} builds)")


def plot_sweep(s: Sweep, path: str | Path, title: str = "") -> Path:
    """The best performance at each budget, labelled where the GPU choice changes."""
    fig = Figure(figsize=(10, 6))
    ax = fig.subplots()
    found = [p for p in s.points if p.build is not None]
    xs = [p.budget_cents / 100 for p in found]
    ys = [float(p.build.performance) for p in found]
    ax.plot(xs, ys, marker="o", markersize=3, color="#1f5fa8", drawstyle="steps-post")
    _label_changes(ax, xs, ys, [short("gpu", p.build.gpu) for p in found])
    ax.set_xlabel("Budget (USD)")
    ax.set_ylabel("Performance of the chosen build (one RTX 4090 = 1.0)")
    scenario = s.frontier.scenario
    return _finish(fig, ax, path, title or f"Budget sweep: {scenario.name or scenario.source} ({scenario.objective})")
