"""PNG charts of a frontier and a sweep (matplotlib); kept apart from the solver, which never imports it.

Every text on a chart comes from the catalog or the scenario, so it is drawn as plain text: matplotlib
reads a pair of `$` as math markup (and fails on what is not valid math), so each `$` is escaped. The
image is rendered in memory and written by solver.outfile, whole or not at all.

The charts are Figure objects saved without pyplot: no backend is chosen, so importing this module leaves a
notebook's matplotlib setup (inline charts, a GUI backend) as it was."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from . import outfile
from .diff import short
from .errors import InputError, Problem
from .frontier import Frontier
from .result import Build
from .sweep import Sweep
from .tco import cumulative

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox

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
        raise InputError(
            "Cannot draw the chart",
            [Problem(str(path), f".{suffix} is not an image format dlbuild can write ({known})")],
        )
    return suffix or DEFAULT_FORMAT


def plain(text: str) -> str:
    """Text that matplotlib draws as it is: no `$...$` math markup."""
    return text.replace("$", r"\$")


#: Where a point's label may go, in points from the point, tried in turn until one overlaps no other label.
OFFSETS = ((6, -12), (6, 6), (-6, 6), (-6, -12), (6, -24), (6, 18), (-6, 18), (-6, -24))


def _label_changes(ax, xs, ys, labels) -> None:
    """Label a point only where the GPU configuration changes, each label at the first place around its point
    that overlaps no label already placed and stays inside the chart (left out when there is none), so labels
    never overlap. Call after the layout is final: the places are measured on the drawn figure."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    previous = None
    for x, y, label in zip(xs, ys, labels):
        if label == previous:
            continue
        previous = label
        for dx, dy in OFFSETS:
            note = ax.annotate(plain(label), (x, y), textcoords="offset points", xytext=(dx, dy),
                               ha="left" if dx > 0 else "right", fontsize=8, color="#333333")  # fmt: skip
            box = note.get_window_extent(renderer).expanded(1.04, 1.15)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            note.remove()


def _axis_label(build: Build | None) -> str:
    """The y-axis in the words of the rating the builds were scored with, wrapped to the chart's height."""
    from .output.table import rating_short, rating_words

    return plain("\n".join(textwrap.wrap(rating_short(rating_words(build)), 50)))


def _caption(fig, frontier: Frontier) -> None:
    """The catalog's price date under the chart: prices change daily, a chart without its date misleads."""
    from .output.table import price_line

    catalog = frontier.instance.catalog if frontier.instance is not None else None
    fig.text(0.01, 0.01, plain(price_line(catalog)), fontsize=8, color="#555555", ha="left", va="bottom")


def _layout(fig, ax, title: str) -> None:
    """Title, axes and the final layout (room kept at the bottom for the caption); labels are placed after it."""
    ax.set_title(plain(title), fontsize=11)
    ax.xaxis.set_major_formatter(DOLLARS)
    ax.grid(True, alpha=0.3)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.canvas.draw()


def _finish(fig, path: str | Path) -> Path:
    path = Path(path)
    image = io.BytesIO()
    fig.savefig(image, format=plot_format(path), dpi=120)
    outfile.write_bytes(path, image.getvalue())
    return path


def plot_frontier(f: Frontier, path: str | Path, chosen: Build | None = None) -> Path:
    """Cost against performance for every frontier point, the scenario's chosen build highlighted."""
    return _finish(frontier_chart(f, chosen), path)


def frontier_chart(f: Frontier, chosen: Build | None = None):
    """plot_frontier's figure, before it is written."""
    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)  # draws and measures text on this figure alone; no backend is chosen
    ax = fig.subplots()
    xs = [b.cost_cents / 100 for b in f.points]
    ys = [float(b.performance) for b in f.points]
    ax.step(xs, ys, where="post", color="#9bb7d4", linewidth=1, zorder=1)
    ax.scatter(xs, ys, s=22, color="#1f5fa8", zorder=2, label="non-dominated build")
    if chosen is not None:
        ax.scatter([chosen.cost_cents / 100], [float(chosen.performance)], s=160, marker="*", color="#d62728", zorder=3,
                   label=plain(f"chosen: {short('gpu', chosen.gpu)}, ${chosen.cost_cents / 100:,.0f}"))  # fmt: skip
    ax.set_xlabel("Build cost (USD)")
    ax.set_ylabel(_axis_label(f.points[-1] if f.points else None))
    ax.legend(loc="lower right", fontsize=9)
    name = f.scenario.name or f.scenario.source
    _caption(fig, f)
    _layout(fig, ax, f"Cost/performance frontier: {name} ({len(f.points)} builds)")
    _label_changes(ax, xs, ys, [short("gpu", b.gpu) for b in f.points])
    return fig


def plot_sweep(s: Sweep, path: str | Path, title: str = "") -> Path:
    """The best performance at each budget, labelled where the GPU choice changes."""
    return _finish(sweep_chart(s, title), path)


def sweep_chart(s: Sweep, title: str = ""):
    """plot_sweep's figure, before it is written."""
    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)  # draws and measures text on this figure alone; no backend is chosen
    ax = fig.subplots()
    found = [(p.budget_cents, p.build) for p in s.points if p.build is not None]
    xs = [cents / 100 for cents, _ in found]
    ys = [float(b.performance) for _, b in found]
    ax.plot(xs, ys, marker="o", markersize=3, color="#1f5fa8", drawstyle="steps-post")
    ax.set_xlabel("Budget (USD)")
    ax.set_ylabel(_axis_label(found[-1][1] if found else None))
    scenario = s.frontier.scenario
    _caption(fig, s.frontier)
    _layout(fig, ax, title or f"Budget sweep: {scenario.name or scenario.source} ({scenario.objective})")
    _label_changes(ax, xs, ys, [short("gpu", b.gpu) for _, b in found])
    return fig


def plot_cost_by_month(build: Build, usage, path: str | Path, title: str = "") -> Path:
    """Build model v3 section 5: what the build has cost by each month of [usage]'s horizon against the cloud."""
    return _finish(cost_by_month_chart(build, usage, title), path)


def cost_by_month_chart(build: Build, usage, title: str = ""):
    """plot_cost_by_month's figure, before it is written: the build's cost by month (its price, then its energy)
    against renting the cloud instance that does the same work, with the break-even month marked. No text drawn is
    read as mathtext (parse_math off): a "$" in a scenario or provider name stays a "$"."""
    if build.energy is None:
        raise ValueError("the build has no [usage]: there is no cost by month to draw")
    cloud = build.cloud
    points = cumulative(usage, build.cost_cents, build.energy.cents, cloud.cost_cents if cloud else None)
    fig = Figure(figsize=(10, 6))
    FigureCanvasAgg(fig)  # as the other charts: this figure alone, no backend chosen
    ax = fig.subplots()
    months = [m for m, _, _ in points]
    ax.plot(
        months, [b / 100 for _, b, _ in points], color="#1f5fa8", linewidth=2, label="build: purchase, then electricity"
    )
    if cloud is not None:
        where = f"{cloud.cloud.provider} {cloud.cloud.instance}".strip()
        # With a cloud every month has its cost (None marks months of a build without one).
        ax.plot(months, [c / 100 for _, _, c in points if c is not None], color="#c62828", linewidth=2, linestyle="--",
                label=f"cloud: {where}, same work")  # fmt: skip
        if cloud.break_even_month is not None:
            m = cloud.break_even_month
            ax.axvline(m, color="#9aa5b1", linewidth=1)
            ax.annotate(f"break-even: month {m}", (m, points[m][1] / 100), textcoords="offset points", xytext=(6, 10),
                        fontsize=9, color="#333333", parse_math=False)  # fmt: skip
    ax.set_xlabel("Month", parse_math=False)
    ax.set_ylabel("Cumulative cost (USD)", parse_math=False)
    ax.yaxis.set_major_formatter(DOLLARS)
    ax.set_xlim(0, months[-1])
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    legend = ax.legend(loc="upper left", fontsize=9)
    for text in legend.get_texts():
        text.set_parse_math(False)
    ax.set_title(title or "Cumulative cost by month: build against cloud", fontsize=11, parse_math=False)
    fig.tight_layout()
    return fig
