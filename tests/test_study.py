"""A Study computes each answer once (one frontier for the report's frontier and its sweep), and the report
renders a study without solving anything."""

from __future__ import annotations

import inspect
import json
import re
import sys

import pytest
from conftest import MINI
from ortools.sat.python import cp_model

import solver.frontier
import solver.study
from solver import scenario_from_dict, solve
from solver.cli import main
from solver.cli.report_cmd import report
from solver.frontier import frontier
from solver.report import render, report_data
from solver.status import ExitStatus
from solver.study import study
from solver.sweep import sweep

SCENARIO = {
    "name": "Mini lab",
    "workload": "kaggle",
    "objective": "max_perf",
    "budget_usd": 4000,
    "variants": [{"name": "cheap 3090", "prices": {"gpus:rtx3090-turbo": 999.0}}],
}
BUDGETS = [90_000, 250_000, 400_000, 600_000]  # the last lies beyond the scenario's budget


@pytest.fixture(scope="module")
def scenario():
    return scenario_from_dict(SCENARIO)


@pytest.fixture
def traces(monkeypatch):
    """How many frontiers are traced while the test runs."""
    calls = []
    # the module, not the package's function solver.frontier of the same name
    for module in (sys.modules["solver.frontier"], solver.study):
        real = module.trace

        def counting(inst, *args, _real=real, **kwargs):
            calls.append(inst.scenario.budget_cents)
            return _real(inst, *args, **kwargs)

        monkeypatch.setattr(module, "trace", counting)
    return calls


#: What computes answers: a renderer may call none of them.
COMPUTING = (
    "bind",
    "solve",
    "solve_instance",
    "optimize",
    "trace",
    "frontier",
    "sweep",
    "compare",
    "explain",
    "binding_rules",
    "check_build",
)


def _no_solving(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the report computed something")

    monkeypatch.setattr(cp_model.CpSolver, "solve", refuse)
    for name, module in list(sys.modules.items()):
        for attr in COMPUTING if name.startswith("solver") else ():
            value = getattr(module, attr, None)
            if inspect.isfunction(value) and value.__module__.startswith("solver"):
                monkeypatch.setattr(module, attr, refuse)


def test_the_report_renders_a_study_without_solving(mini_catalog, scenario, monkeypatch):
    s = study(mini_catalog, scenario, budgets=BUDGETS)
    _no_solving(monkeypatch)
    data = report_data(s)
    page = render(data)
    assert data["result"]["build"]["cost_cents"] == s.result.cost_cents and page.startswith("<!DOCTYPE html>")
    assert data["frontier"]["count"] == len(s.frontier.points) and len(data["sweep"]["points"]) == len(BUDGETS)


def test_one_frontier_gives_the_frontier_shown_and_the_sweep(mini_catalog, scenario, traces):
    s = study(mini_catalog, scenario, budgets=BUDGETS)
    assert traces == [600_000]  # traced once, up to the largest budget asked for
    own = frontier(mini_catalog, scenario)
    assert (s.frontier.status, s.frontier.points) == (own.status, own.points)  # shown within the scenario's budget
    assert s.sweep.points == sweep(mini_catalog, scenario, BUDGETS).points
    assert s.result.build == solve(mini_catalog, scenario).build == s.comparison.base.build
    assert s.instance is s.result.instance and s.interrupted is False


def test_what_a_command_computed_is_used_as_it_is(mini_catalog, scenario, traces):
    result = solve(mini_catalog, scenario)
    f = frontier(mini_catalog, scenario.with_values(budget_cents=500_000))
    traces.clear()
    s = study(mini_catalog, scenario, result=result, frontier=f, variants=[])
    assert traces == [] and s.result is result and s.frontier is f and s.comparison is None
    assert s.sweep.frontier is f and s.sweep.points[-1].budget_cents == scenario.budget_cents
    bare = solve(
        mini_catalog, scenario, bindings=False
    )  # as a comparison's base comes: the study adds what the report names
    assert (
        bare.bindings is None
        and study(mini_catalog, scenario, result=bare, frontier=f, variants=[]).result.bindings == result.bindings
    )


def test_the_report_command_traces_one_frontier(tmp_path, traces):
    path = tmp_path / "lab.toml"
    path.write_text(
        f'catalog = "{MINI.as_posix()}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 4000\n',
        encoding="utf-8",
    )
    status = report.main(
        [str(path), "-o", str(tmp_path / "r.html"), "--budgets", "1000:6000:1000"], standalone_mode=False
    )
    assert status == ExitStatus.OK and traces == [600_000]
    traces.clear()
    assert (
        main(
            [
                "sweep",
                str(path),
                "--budgets",
                "1000:6000:1000",
                "--report",
                str(tmp_path / "s.html"),
                "-o",
                str(tmp_path / "s.txt"),
            ]
        )
        == 0
    )
    assert traces == [600_000]


def _embedded(page: str):
    return json.loads(
        re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.DOTALL).group(1)
    )


def test_ctrl_c_while_tracing_keeps_what_was_proven_and_still_renders(tmp_path, monkeypatch):
    real = solver.study.trace

    def interrupted(inst, *args, **kwargs):
        proven = []

        def stop_after_two(build):
            proven.append(build)
            if len(proven) == 2:
                raise KeyboardInterrupt

        return real(inst, *args, **{**kwargs, "progress": stop_after_two})

    monkeypatch.setattr(solver.study, "trace", interrupted)
    path = tmp_path / "lab.toml"
    path.write_text(
        f'catalog = "{MINI.as_posix()}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 4000\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert (
        report.main([str(path), "-o", str(out), "--budgets", "1000:4000:1000"], standalone_mode=False)
        == ExitStatus.INTERRUPTED
    )
    data = _embedded(out.read_text(encoding="utf-8"))
    assert (
        data["frontier"]["status"] == "feasible"
        and data["frontier"]["count"] == 2
        and data["frontier"]["stats"]["interrupted"]
    )
    reach = data["frontier"]["points"][-1]["cost_cents"]
    assert [p["status"] for p in data["sweep"]["points"] if p["budget_cents"] > reach] == ["feasible"] * sum(
        p["budget_cents"] > reach for p in data["sweep"]["points"]
    )
    assert data["result"]["status"] == "optimal"  # solved before the frontier, as a command would have
