"""PNG charts of a frontier and a sweep (matplotlib); kept apart from the solver, which never imports it.

Every text on a chart comes from the catalog or the scenario, so it is drawn as plain text: matplotlib
reads a pair of `$` as math markup (and fails on what is not valid math), so each `$` is escaped. The
image is rendered in memory and written by solver.outfile, whole or not at all."""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen needed
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backend_bases import FigureCanvasBase  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from . import outfile  # noqa: E402
from .diff import short  # noqa: E402
from .errors import InputError, Problem  # noqa: E402
from .frontier import Frontier  # noqa: E402
from .result import Build  # noqa: E402
from .sweep import Sweep  # noqa: E402

DOLLARS = FuncFormatter(lambda x, _: f"${x:,.0f}")
#: The image format of a path without a suffix.
DEFAULT_FORMAT = "png"


def plot_format(path: str | Path) -> str:
    """The image format a path's suffix names (png without one); an InputError for one matplotlib cannot
    write, before any work is done."""
    suffix = Path(path).suffix.lower().lstrip(".")
    formats = FigureCanvasBase.get_supported_filetypes()
    if suffix and suffix not in formats:
        known = ", ".join(f".{f}" for f in sorted(formats))
        raise InputError("Cannot draw the chart", [Problem(str(path), f".{suffix} is not an image format dlbuild can write ({known})")])
    return suffix or DEFAULT_FORMAT


def plain(text: str) -> str:
    """Text that matplotlib draws as it is: no `$...$` math markup."""
    return text.replace("$", r"\$")


def _label_changes(ax, xs, ys, labels) -> None:
    """Label a point only where the GPU configuration changes, so the chart stays readable."""
    previous = None
    for x, y, label in zip(xs, ys, labels):
        if label != previous:
            ax.annotate(plain(label), (x, y), textcoords="offset points", xytext=(6, -12), fontsize=8, color="#333333")
        previous = label


def _finish(fig, ax, path: Path, title: str) -> Path:
    ax.set_title(plain(title), fontsize=11)
    ax.xaxis.set_major_formatter(DOLLARS)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    image = io.BytesIO()
    try:
        fig.savefig(image, format=plot_format(path), dpi=120)
    finally:
        plt.close(fig)
    outfile.write_bytes(path, image.getvalue())
    return path


def plot_frontier(f: Frontier, path: str | Path, chosen: Build | None = None) -> Path:
    """Cost against performance for every frontier point, the scenario's chosen build highlighted."""
    fig, ax = plt.subplots(figsize=(10, 6))
    xs = [b.cost_cents / 100 for b in f.points]
    ys = [float(b.performance) for b in f.points]
    ax.step(xs, ys, where="post", color="#9bb7d4", linewidth=1, zorder=1)
    ax.scatter(xs, ys, s=22, color="#1f5fa8", zorder=2, label="non-dominated build")
    _label_changes(ax, xs, ys, [short("gpu", b.gpu) for b in f.points])
    if chosen is not None:
        ax.scatter([chosen.cost_cents / 100], [float(chosen.performance)], s=160, marker="*", color="#d62728", zorder=3,
                   label=plain(f"chosen: {short('gpu', chosen.gpu)}, ${chosen.cost_cents / 100:,.0f}"))  # fmt: skip
    ax.set_xlabel("Build cost (USD)")
    ax.set_ylabel("Training performance (one RTX 4090 = 1.0)")
    ax.legend(loc="lower right", fontsize=9)
    name = f.scenario.name or f.scenario.source
    return _finish(fig, ax, path, f"Cost/performance frontier: {name} ({len(f.points)} builds)")


def plot_sweep(s: Sweep, path: str | Path, title: str = "") -> Path:
    """The best performance at each budget, labelled where the GPU choice changes."""
    fig, ax = plt.subplots(figsize=(10, 6))
    found = [p for p in s.points if p.build is not None]
    xs = [p.budget_cents / 100 for p in found]
    ys = [float(p.build.performance) for p in found]
    ax.plot(xs, ys, marker="o", markersize=3, color="#1f5fa8", drawstyle="steps-post")
    _label_changes(ax, xs, ys, [short("gpu", p.build.gpu) for p in found])
    ax.set_xlabel("Budget (USD)")
    ax.set_ylabel("Performance of the chosen build (one RTX 4090 = 1.0)")
    scenario = s.frontier.scenario
    return _finish(fig, ax, path, title or f"Budget sweep: {scenario.name or scenario.source} ({scenario.objective})")
