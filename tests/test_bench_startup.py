"""The start-up benchmark's arithmetic and plumbing on a tiny run (no timing is checked here)."""

from __future__ import annotations

import csv

import pytest

from bench import startup


def test_ratios_are_taken_round_by_round_then_their_median():
    records = [
        {"round": 0, "name": "solve", "wall": 2.0, "cpu": 1.0},
        {"round": 0, "name": "baseline", "wall": 1.0, "cpu": 1.0},
        {"round": 1, "name": "solve", "wall": 3.0, "cpu": 3.0},
        {"round": 1, "name": "baseline", "wall": 3.0, "cpu": 1.0},
        {"round": 2, "name": "solve", "wall": 8.0, "cpu": 2.0},
        {"round": 2, "name": "baseline", "wall": 2.0, "cpu": 2.0},
    ]
    rows = {r["figure"]: r for r in startup.summary(records)}
    assert rows["solve / baseline (wall)"]["median"] == 2.0  # ratios 2, 1, 4
    assert rows["solve / baseline (cpu)"]["median"] == 1.0  # ratios 1, 3, 1
    assert rows["solve wall s"]["median"] == 3.0 and rows["baseline cpu s"]["n"] == 3


def test_the_share_of_a_solve_is_timed_phase_by_phase():
    phases = startup.share(startup.SCENARIO)
    assert all(phases[f"{name}_cpu"] > 0 for name in ("load", "model", "optimize", "binding"))
    parts = phases["load_cpu"] + phases["model_cpu"] + phases["optimize_cpu"] + phases["binding_cpu"]
    assert phases["work_cpu"] == pytest.approx(parts)


def test_the_share_does_each_phase_once(monkeypatch):
    """The binding rules are computed once, so their share is of one solve's work, not of a solve and a half."""
    from solver.binding import _Units  # made once per binding_rules call, wherever it is called from

    calls = []
    real = _Units.__init__
    monkeypatch.setattr(_Units, "__init__", lambda self, *args: calls.append(1) or real(self, *args))
    startup.share(startup.SCENARIO)
    assert calls == [1]


def test_one_round_writes_the_table(tmp_path, capsys):
    out = tmp_path / "startup.csv"
    startup.main(["-n", "1", "--warmup", "0", "--out", str(out)])
    with open(out, newline="") as handle:
        figures = {row["figure"]: row for row in csv.DictReader(handle)}
    expected = {"solve cpu s", "baseline cpu s", "help wall s", "solve / baseline (cpu)"}
    expected |= {"binding / in-process work (cpu)"}
    assert expected <= set(figures)
    assert 0 < float(figures["binding / in-process work (cpu)"]["median"]) < 1
    assert "solve / baseline (wall)" in capsys.readouterr().out
