"""The benchmark's correctness checks on a small catalog: every method agrees on the optimum where it
finishes, and the shortlist search is never better than the optimum. No timing is checked here."""

from __future__ import annotations

import sys
from fractions import Fraction

import pytest
from conftest import MINI, ROOT

sys.path.insert(0, str(ROOT / "bench"))

import run as bench  # noqa: E402
from baselines import enumerate_optimum  # noqa: E402


@pytest.mark.parametrize("objective", bench.OBJECTIVES)
def test_all_methods_agree_on_the_optimum(objective):
    workload = f"solve:{objective}"
    ours = bench.measure(MINI, workload, "dlbuild")
    highs = bench.measure(MINI, workload, "highs")
    unpruned = bench.measure(MINI, workload, "cpsat-unpruned")
    exact = enumerate_optimum(MINI, bench.SCENARIO, objective)
    assert ours["value"] is not None and exact is not None
    assert ours["value"] == highs["value"] == unpruned["value"] == [exact[0], str(exact[1])]
    assert 0 < ours["vars"] <= ours["full_vars"] and ours["rss_mb"] > 0
    shortlist = bench.measure(MINI, workload, "topk")
    if shortlist["value"] is not None:
        cost, perf = shortlist["value"][0], Fraction(shortlist["value"][1])
        best_cost, best_perf = exact
        if objective == "max_perf":
            assert (perf, -cost) <= (best_perf, -best_cost)
        elif objective == "min_cost":
            assert (-cost, perf) <= (-best_cost, best_perf)
        else:
            assert perf / cost <= best_perf / best_cost


def test_frontier_sweep_and_compare_measurements_run():
    assert bench.measure(MINI, "frontier", "dlbuild")["points"] >= 1
    assert bench.measure(MINI, "sweep", "dlbuild")["points"] == 39
