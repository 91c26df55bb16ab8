"""Multi-GPU speed-ups per product line and chipset (catalogs/scaling.csv)."""

import pytest

from solver.importer.llm import TokenRow
from solver.importer.scaling import (
    MAX_GPUS,
    Point,
    _line_curve,
    _non_increasing,
    fill,
    scaling_points,
    speedup,
    speedups,
    token_points,
    training_points,
)


def _lambda(rows):
    cols = ["ssd", "bert_base_squad", "bert_large_squad"]
    out = []
    for name, n, values in rows:
        row = {"name_gpu": name, "num_gpu": f"{n}.0", "watt": "0", "price": "0"}
        row.update({c: str(v) for c, v in zip(cols, values)})
        out.append(row)
    return out


def test_a_model_never_scales_past_the_card_count_but_a_bad_one_stays():
    single = {"a": "100", "b": "100", "c": "100"}
    multi = {"a": "190", "b": "1790", "c": "26"}  # b: the one-card run underperformed; c: all-reduce bound
    value, used, capped = speedup(multi, single, ["a", "b", "c"], 2)
    assert (used, capped) == (3, 1)
    assert value == pytest.approx((1.9 * 2.0 * 0.26) ** (1 / 3))


def test_speedups_name_chipsets_and_flag_what_a_workstation_is_not():
    legacy = _lambda(
        [
            ("RTX 3090", 1, (100, 100, 100)),
            ("2x RTX 3090", 2, (190, 180, 170)),
            ("RTX 2080Ti", 1, (100, 100, 100)),
            ("2x RTX 2080Ti", 2, (150, 140, 30)),
            ("2x RTX 2080Ti NVLink", 2, (180, 170, 160)),
            ("Quadro RTX 8000", 1, (100, 100, 100)),
            ("2x RTX Quadro 8000", 2, (196, 194, 192)),
            ("A100 40GB SXM4", 1, (100, 100, 100)),
            ("2x A100 40GB SXM4", 2, (197, 196, 195)),
            ("Dell 2x RTX 3090", 2, (1, 1, 1)),
        ]
    )
    rows = {(r["gpu"], r["nvlink"]): r for r in speedups(legacy, "legacy_2022-07")}
    assert set(rows) == {
        ("RTX 3090", False),
        ("RTX 2080Ti", False),
        ("RTX 2080Ti", True),
        ("Quadro RTX 8000", False),
        ("A100 40GB SXM4", False),
    }
    assert rows[("Quadro RTX 8000", False)]["chipset"] == "Quadro RTX 8000"  # "RTX Quadro 8000" in multi rows
    assert rows[("RTX 2080Ti", False)]["product_line"] == "geforce"
    assert not rows[("A100 40GB SXM4", False)]["pcie_workstation"]
    points = {(p.chipset, p.gpus): p for p in training_points([], legacy)}
    assert set(points) == {("GeForce RTX 3090", 2), ("GeForce RTX 2080 Ti", 2), ("Quadro RTX 8000", 2)}
    assert points[("GeForce RTX 2080 Ti", 2)].speedup == pytest.approx((1.5 * 1.4 * 0.3) ** (1 / 3))


def test_the_current_set_wins_for_a_chipset_in_both():
    current = _lambda([("RTX 3090", 1, (100, 100, 100)), ("2x RTX 3090", 2, (180, 180, 180))])
    legacy = _lambda([("RTX 3090", 1, (100, 100, 100)), ("2x RTX 3090", 2, (190, 190, 190))])
    (point,) = training_points(current, legacy)
    assert point.speedup == pytest.approx(1.8) and point.basis == "measured"
    assert point.sources == ("lambda-deeplearning-benchmark/current/pytorch-train-throughput-fp16.csv",)


def test_fill_interpolates_between_and_extends_beyond():
    known = {2: 1.8, 4: 3.4}
    assert fill(known, 3) == pytest.approx(2.6)
    assert fill(known, 6) == pytest.approx(3.4 + 2 * 0.8)  # the last segment's gain per card, extended
    assert fill({4: 0.94}, 2) == pytest.approx(1 - 0.02)  # 1 card = 1.0 is always known
    assert fill({4: 0.94}, 8) == pytest.approx(0.94 - 4 * 0.02)


def _p(line, chip, n, s, profile="training"):
    return Point(profile, line, chip, n, s, "measured", (f"{chip}.csv",))


def test_a_line_default_needs_two_chipsets_at_a_count():
    chips = [
        _p("geforce", "A", 2, 1.6),
        _p("geforce", "B", 2, 1.9),
        _p("geforce", "B", 3, 2.8),
        _p("geforce", "A", 4, 2.6),
        _p("geforce", "B", 4, 3.0),
        _p("workstation", "C", 2, 1.95),
    ]
    curve = {p.gpus: p for p in _line_curve("training", "geforce", chips, lambda d: d)}
    assert sorted(curve) == list(range(1, MAX_GPUS + 1))
    assert curve[2].speedup == pytest.approx((1.6 * 1.9) ** 0.5) and curve[2].basis == "derived"
    assert curve[3].basis == "inferred"  # B alone measured 3 cards
    assert curve[3].speedup == pytest.approx((curve[2].speedup + curve[4].speedup) / 2)
    assert curve[2].sources == ("A.csv", "B.csv")
    ws = {p.gpus: p for p in _line_curve("training", "workstation", chips, lambda d: d)}
    assert [p.basis for p in ws.values()] == ["derived"]  # one chipset: no default beyond 1 card
    assert _non_increasing({2: 0.96, 4: 0.93, 6: 0.90, 8: 0.91}) == {2: 0.96, 4: 0.93, 6: 0.90, 8: 0.90}


def test_token_generation_points_compare_a_split_with_one_card():
    rows = [
        TokenRow("GeForce RTX 3090", 1, "LLaMA 3 8B", 100.0),
        TokenRow("GeForce RTX 3090", 2, "LLaMA 3 8B", 96.0),
        TokenRow("GeForce RTX 3090", 2, "LLaMA 3 70B", 16.0),  # no one-card 70B row: not a ratio
        TokenRow("H100 PCIe 80 GB", 1, "LLaMA 3 70B", 25.0),
        TokenRow("H100 PCIe 80 GB", 4, "LLaMA 3 70B", 26.0),
        TokenRow("A100 SXM4 80 GB", 1, "LLaMA 3 8B", 130.0),
        TokenRow("A100 SXM4 80 GB", 4, "LLaMA 3 8B", 98.0),
    ]
    points = {(p.chipset, p.gpus): p for p in token_points(rows)}
    assert set(points) == {("GeForce RTX 3090", 2), ("H100 PCIe 80 GB", 4)}  # SXM boards left out
    assert points[("GeForce RTX 3090", 2)].speedup == pytest.approx(0.96)
    assert points[("H100 PCIe 80 GB", 4)].speedup == 1.0 and points[("H100 PCIe 80 GB", 4)].basis == "derived"


def test_every_profile_and_line_has_a_full_default_curve():
    legacy = _lambda([("RTX 3090", 1, (100, 100, 100)), ("2x RTX 3090", 2, (190, 180, 170))])
    points = scaling_points([], legacy, [])
    defaults = {(p.profile, p.line, p.gpus) for p in points if not p.chipset}
    assert ("training", "geforce", 1) in defaults and ("llm-token-generation", "datacenter", 1) in defaults
    assert all(p.row()["speedup"] == f"{p.speedup:.3f}" for p in points)
