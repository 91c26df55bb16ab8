"""Frontier, sweep, compare and their plots on the mini catalog and on random instances."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import gen
import pytest
from conftest import MINI, load_generated

from solver import scenario_from_dict, solve
from solver.cli import main
from solver.compare import compare
from solver.frontier import frontier
from solver.sweep import parse_budgets, sweep


def test_frontier_points_are_increasing_in_both_cost_and_performance(mini_catalog):
    f = frontier(mini_catalog, scenario_from_dict({"workload": "kaggle"}))
    assert f.status == "optimal" and len(f.points) == 7
    for a, b in zip(f.points, f.points[1:]):
        assert a.cost_cents < b.cost_cents and a.performance < b.performance
    assert [p.gpu_label for p in f.points][:2] == ["1 x GeForce RTX 3060 12GB", "2 x GeForce RTX 3060 12GB"]


def test_frontier_respects_the_budget(mini_catalog):
    f = frontier(mini_catalog, scenario_from_dict({"workload": "kaggle", "budget_usd": 3000}))
    assert [p.cost_cents for p in f.points] == [99894, 161893, 230894, 279894]


@pytest.mark.parametrize("seed", range(20))
def test_sweep_equals_solve_at_each_budget_and_is_monotone(tmp_path, seed):
    rows, raw = gen.random_instance(seed)
    raw.pop("budget_usd", None)
    raw.setdefault("min_perf", 0.5)
    _, catalog, scenario = load_generated(tmp_path, rows, raw)
    cheapest = sum(
        min(int(round(float(r["price_usd"]) * 100)) for r in rows[s])
        for s in ("gpus", "cpus", "motherboards", "memory", "psus", "cases", "storage")
    )
    budgets = [cheapest + step * 25_000 for step in range(0, 12)]
    s = sweep(catalog, scenario, budgets)
    previous = None
    for point in s.points:
        direct = solve(catalog, scenario.with_values(budget_cents=point.budget_cents), explain_infeasible=False)
        assert point.status == direct.status
        if direct.build:
            assert (point.build.cost_cents, point.build.performance) == (
                direct.build.cost_cents,
                direct.build.performance,
            )
            value = {"max_perf": point.build.performance, "min_cost": -point.build.cost_cents,
                     "perf_per_dollar": point.build.performance / point.build.cost_cents,
                     }[scenario.objective]  # fmt: skip
            if previous is not None:
                assert value >= previous, "a larger budget never gives a worse answer"
            previous = value


def test_budget_lists_parse():
    assert parse_budgets("1000:2000:500") == [100000, 150000, 200000]
    assert parse_budgets("1500, 2499.99") == [150000, 249999]
    for bad in ("1000:500:100", "a:b:c", "0,10", "1:2:0", "10.001"):
        with pytest.raises(ValueError):
            parse_budgets(bad)


def test_compare_names_the_changed_parts_and_their_causes(mini_catalog):
    scenario = scenario_from_dict(
        {
            "workload": "kaggle",
            "objective": "max_perf",
            "budget_usd": 4000,
            "variants": [
                {"name": "cheap 3090", "prices": {"gpus:rtx3090-turbo": 999.0}},
                {"name": "more money and penalize", "budget_usd": 6000, "rules": {"adjacent_open_air": "penalize"}},
                {"name": "cheap 4090", "prices": {"gpus:rtx4090-tuf": 1499.0}},
            ],
        }
    )
    c = compare(mini_catalog, scenario)
    assert c.base.build.gpu.part.id == "rtx4090-tuf"
    cheap3090, money, cheap4090 = c.variants
    assert {ch.slot for ch in cheap3090.changes} == {"gpu", "motherboard"}
    gpu = next(ch for ch in cheap3090.changes if ch.slot == "gpu")
    assert (gpu.before.part.id, gpu.after.part.id, gpu.after.count) == ("rtx4090-tuf", "rtx3090-turbo", 2)
    assert gpu.cause == "price of gpus:rtx3090-turbo $1,599.99 -> $999.00"
    # Two changes: each changed part is credited to the change that alone causes it (the budget).
    assert all(ch.cause == "budget $4,000.00 -> $6,000.00" for ch in money.changes)
    assert cheap4090.changes == [] and c.summary(cheap4090) == "same parts; cost -$500.99; perf +0.0%"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_cli_frontier_sweep_compare_and_plots(capsys, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        f'name = "t"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n'
        '[[variants]]\nname = "cheap 4090"\nprices = { "gpus:rtx4090-tuf" = 1499.0 }\n'
    )
    assert main(["frontier", str(path), "--format", "json", "--plot", str(tmp_path / "f.png")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal" and len(data["points"]) == 5
    assert data["points"][0]["changes"] == "cheapest valid build" and "GPU:" in data["points"][1]["changes"]
    width, height = _png_size(tmp_path / "f.png")
    assert width >= 800 and height >= 500 and (tmp_path / "f.png").stat().st_size > 20_000

    assert (
        main(
            [
                "sweep",
                str(path),
                "--budgets",
                "500:6000:500",
                "--format",
                "csv",
                "--plot",
                str(tmp_path / "s.png"),
                "-o",
                str(tmp_path / "s.csv"),
            ]
        )
        == 0
    )
    lines = (tmp_path / "s.csv").read_text().splitlines()
    assert lines[0].startswith("budget_usd,status,cost_usd,performance,gpu,gpu_count") and len(lines) == 13
    assert lines[1].startswith("500.00,infeasible")
    assert _png_size(tmp_path / "s.png")[0] >= 800

    assert main(["compare", str(path), "--set", "budget_usd=3000", "--name", "tight", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [v["name"] for v in data["variants"]] == ["cheap 4090", "tight"]
    tight = data["variants"][1]
    assert tight["changed"] == ["budget $6,000.00 -> $3,000.00"] and tight["diff"][0]["part"] == "gpu"


def test_cli_sweep_rejects_bad_budgets(capsys, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\n')
    assert main(["sweep", str(path), "--budgets", "5:1:1"]) == 2
    assert "is not a budget list" in capsys.readouterr().err
