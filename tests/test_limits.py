"""Time limits and Ctrl-C: the best build so far with status feasible and a proven bound; interrupted
frontiers keep their proven points and write whole files. No timing is asserted."""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import CATALOGS, MINI, ROOT
from gen import write_catalog
from micro import rows

from solver import load_catalog, scenario_from_dict, solve
from solver.cli import explore, main
from solver.frontier import frontier
from solver.instance import bind
from solver.model import build_model
from solver.optimize import Options, Runner, optimistic_ratio, solve_perf_per_dollar

sys.path.insert(0, str(ROOT / "bench"))
from synth import synthesize  # noqa: E402


@pytest.fixture(scope="module")
def hard(tmp_path_factory) -> Path:
    """The shipped catalog grown 4-fold by perturbed copies: after pruning still thousands of choices, and
    a solve takes tenths of a second, so a 10 ms limit stops every objective before its proof."""
    return synthesize(CATALOGS, tmp_path_factory.mktemp("hard") / "catalog", factor=4, seed=7)


@pytest.mark.parametrize("objective", ["max_perf", "min_cost", "perf_per_dollar"])
def test_a_time_limit_returns_the_best_so_far_unproven(hard, objective):
    catalog = load_catalog(hard)
    scenario = scenario_from_dict({"workload": "kaggle", "objective": objective, "min_perf": 1.0})
    result = solve(catalog, scenario, time_limit=0.01)
    assert result.status in ("feasible", "unknown")
    if result.status == "feasible":
        assert result.build is not None and result.bound is not None
        value = {
            "max_perf": result.performance,
            "min_cost": result.cost_cents / 100,
            "perf_per_dollar": result.perf_per_dollar,
        }[objective]
        assert (value <= result.bound) if objective != "min_cost" else (value >= result.bound)
    full = solve(catalog, scenario)
    assert full.status == "optimal" and full.bound is None


def test_cli_time_limit_exit_code_and_json(capsys, hard, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(f'catalog = "{hard}"\nworkload = "kaggle"\nobjective = "max_perf"\n')
    code = main(["solve", str(path), "--format", "json", "--time-limit", "0.01"])
    data = json.loads(capsys.readouterr().out)
    assert code == 5 and data["status"] in ("feasible", "unknown")
    if data["status"] == "feasible":
        assert data["bound"] >= data["performance"] and data["bound_meaning"] == "no build reaches more performance"


def test_interrupted_frontier_keeps_its_proven_points(mini_catalog):
    seen = []

    def stop_after_three(build):
        seen.append(build)
        if len(seen) == 3:
            raise KeyboardInterrupt

    f = frontier(mini_catalog, scenario_from_dict({"workload": "kaggle"}), progress=stop_after_three)
    assert f.status == "feasible" and f.stats["interrupted"] and len(f.points) == 3
    complete = frontier(mini_catalog, scenario_from_dict({"workload": "kaggle"}))
    assert f.points == complete.points[:3]


def test_cli_interrupt_writes_a_whole_file(capsys, tmp_path, monkeypatch):
    calls = []

    def interrupting(self, build):
        calls.append(build)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(explore.Progress, "__call__", interrupting)
    path = tmp_path / "s.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\n')
    out = tmp_path / "frontier.json"
    assert main(["frontier", str(path), "--format", "json", "-o", str(out)]) == 130
    data = json.loads(out.read_text())
    assert data["status"] == "feasible" and len(data["points"]) == 2
    assert "Interrupted: the 2 builds shown are proven" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frontier.json", "s.toml"]  # no temporary file left


def test_output_is_never_half_written(tmp_path, monkeypatch):
    from solver import outfile

    target = tmp_path / "out.csv"
    target.write_text("old complete file\n")

    def failing_write(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(outfile.os, "replace", failing_write)
    with pytest.raises(KeyboardInterrupt):
        outfile.write_text(target, "new,file\n" * 1000)
    assert target.read_text() == "old complete file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def _stopped_runner(interrupted: bool):
    """A Runner.run that stops before any build, as a time limit or Ctrl-C does on a hard instance."""

    def run(self):
        self.solves += 1
        self.timed_out, self.interrupted = True, interrupted
        return None

    return run


@pytest.mark.parametrize("interrupted", [False, True])
def test_a_frontier_stopped_before_its_first_point_says_so(capsys, tmp_path, monkeypatch, interrupted):
    from solver.optimize import Runner

    monkeypatch.setattr(Runner, "run", _stopped_runner(interrupted))
    path = tmp_path / "s.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\n')
    code = main(["frontier", str(path), "--time-limit", "5"])
    out = capsys.readouterr().out
    assert "No build meets every rule" not in out
    if interrupted:
        assert code == 130 and "Interrupted before any build was found" in out
    else:
        assert code == 5 and "The time limit came before any build was found" in out


@pytest.mark.parametrize("interrupted", [False, True])
def test_a_stopped_solve_says_what_stopped_it(capsys, tmp_path, monkeypatch, interrupted):
    from solver.optimize import Runner

    monkeypatch.setattr(Runner, "run", _stopped_runner(interrupted))
    path = tmp_path / "s.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\n')
    code = main(["solve", str(path)])
    out = capsys.readouterr().out
    if interrupted:
        assert (
            code == 130
            and "Status: unknown (interrupted before any build was found)" in out
            and "time limit" not in out
        )
    else:
        assert code == 5 and "Status: unknown (the time limit came before any build was found)" in out


def test_an_interrupted_proof_is_not_called_a_time_limit(mini_catalog):
    from dataclasses import replace

    from solver.output import table

    result = solve(mini_catalog, scenario_from_dict({"workload": "kaggle", "objective": "max_perf"}))
    stopped = replace(result, status="feasible", bound=result.performance, stats={**result.stats, "interrupted": True})
    text = table.result_text(stopped)
    assert "Status: feasible (interrupted before the proof; proven so far: no build is faster than" in text
    assert "the time limit" not in text
    timed = replace(stopped, stats={**result.stats, "interrupted": False})
    assert "Status: feasible (the time limit came before the proof; proven so far" in table.result_text(timed)


class _StoppedFirstSolve:
    """A runner whose first Dinkelbach solve stops with a build whose gain is negative, so the solver's bound on
    the gain is negative too (it happens when the time limit comes before the first ratio is improved on)."""

    def __init__(self, ctx, values):
        self.ctx, self.values = ctx, values
        self.timed_out, self.bound, self.user_bound = False, None, None

    def run(self):
        self.timed_out, self.bound = True, -5.0
        return self.values


def test_a_negative_bound_on_the_gain_keeps_the_perf_per_dollar_bound_exact(tmp_path):
    """The bound reported for perf_per_dollar stays a Fraction (exact, like every other bound) when the solver's
    bound on the gain is negative: the gain's share is then 0, not the float 0.0 that turned the sum into a float."""
    inst = bind(load_catalog(write_catalog(rows(), tmp_path / "c")), scenario_from_dict({"workload": "w"}))
    ctx = build_model(inst)
    values = Runner(ctx, Options()).run()
    assert values is not None
    p, c = optimistic_ratio(ctx)
    runner = _StoppedFirstSolve(ctx, values)
    assert solve_perf_per_dollar(runner, ctx) == values
    assert type(runner.user_bound) is Fraction
    assert runner.user_bound == Fraction(p, c) * 100 / ctx.perf_scale
