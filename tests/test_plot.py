"""The PNG charts: the y-axis names the rating the builds were scored with, the caption carries the catalog's
price date, and point labels never overlap one another."""

from __future__ import annotations

from itertools import combinations

import matplotlib.pyplot as plt
from conftest import SCENARIOS

from solver import load_scenario
from solver.frontier import frontier
from solver.plot import _label_changes, _layout, frontier_chart, plot_sweep, sweep_chart
from solver.report.provenance import price_date
from solver.sweep import chosen_point, sweep


def _label_boxes(ax):
    renderer = ax.figure.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.texts]


def test_labels_of_crowded_points_never_overlap():
    fig, ax = plt.subplots(figsize=(10, 6))
    xs = [1000 + 15 * i for i in range(40)]  # forty points closer together than a label is wide
    ys = [0.5 + 0.01 * i for i in range(40)]
    ax.plot(xs, ys)
    _layout(fig, ax, "crowded")
    _label_changes(ax, xs, ys, [f"{i % 4 + 1} x RTX 50{i:02d}" for i in range(40)])
    boxes = _label_boxes(ax)
    plt.close(fig)
    assert boxes, "some labels are placed"
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def test_frontier_chart_names_the_inference_rating_and_the_price_date(shipped_catalog):
    scenario = load_scenario(SCENARIOS / "llm-70b-inference.toml")
    f = frontier(shipped_catalog, scenario)
    fig = frontier_chart(f, chosen_point(f))
    ax = fig.axes[0]
    ylabel = " ".join(ax.get_ylabel().split())
    captions = [t.get_text() for t in fig.texts]
    boxes = _label_boxes(ax)
    plt.close(fig)
    assert "LLM token generation" in ylabel and "training" not in ylabel.lower()
    assert any(f"Prices as of {price_date(shipped_catalog)}" in c for c in captions)
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def test_sweep_chart_names_the_training_rating_and_writes_a_png(shipped_catalog, tmp_path):
    scenario = load_scenario(SCENARIOS / "sweep.toml")
    s = sweep(shipped_catalog, scenario, [100_000, 300_000, 600_000, 2_000_000])
    fig = sweep_chart(s)
    assert "training throughput" in " ".join(fig.axes[0].get_ylabel().split())
    assert any("Prices as of" in t.get_text() for t in fig.texts)
    plt.close(fig)
    path = plot_sweep(s, tmp_path / "sweep.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
