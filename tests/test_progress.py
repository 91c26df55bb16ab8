"""Progress on long work: on a terminal the bar of report, compare, frontier, sweep and catalog build
rises to 100%; into a pipe not one byte of it is written."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import MINI, RAW, ROOT, run_python

from solver.importer import build_catalog
from solver.importer.build import BUILD_STEPS

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def scenario(tmp_path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(f'name = "t"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n'
                    '[[variants]]\nname = "tight"\nbudget_usd = 3000\n[[variants]]\nname = "cheap 4090"\n'
                    'prices = { "gpus:rtx4090-tuf" = 1499.0 }\n', encoding="utf-8")  # fmt: skip
    return path


def on_a_terminal(*args) -> tuple[int, bytes]:
    """Run dlbuild with stderr on a pseudo-terminal of 100 columns; its exit code and what it drew there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    done = subprocess.Popen([sys.executable, "-m", "solver", *map(str, args)], cwd=ROOT, env=ENV,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=follower)  # fmt: skip
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the process has exited
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return done.wait(timeout=300), drawn


def shares(drawn: bytes) -> list[int]:
    return [int(p) for p in re.findall(rb"(\d+)%", drawn)]


def commands(scenario: Path, tmp_path: Path) -> dict[str, list]:
    return {
        "frontier": ["frontier", scenario, "--format", "json"],
        "sweep": ["sweep", scenario, "--budgets", "500:6000:500", "--format", "json"],
        "compare": ["compare", scenario, "--format", "json"],
        "report": ["report", scenario, "-o", tmp_path / "r.html"],
        "catalog build": ["catalog", "build", "--from", RAW, "--out", tmp_path / "catalog"],
    }


@pytest.mark.parametrize("name", ["frontier", "sweep", "compare", "report", "catalog build"])
def test_on_a_terminal_the_bar_rises_to_100_percent(scenario, tmp_path, name):
    code, drawn = on_a_terminal(*commands(scenario, tmp_path)[name])
    assert code == 0, drawn.decode(errors="replace")
    seen = shares(drawn)
    assert seen and seen == sorted(seen) and seen[-1] == 100, seen
    assert name.encode() in drawn


@pytest.mark.parametrize("name", ["frontier", "sweep", "compare", "report", "catalog build"])
def test_into_a_pipe_no_progress_is_written(scenario, tmp_path, name):
    done = run_python("-m", "solver", *commands(scenario, tmp_path)[name], stdin=subprocess.DEVNULL, text=False)
    assert done.returncode == 0, done.stderr
    assert b"\r" not in done.stderr and b"\x1b" not in done.stderr and shares(done.stderr) == []
    assert set(done.stderr.decode().splitlines()) <= {f"Wrote {tmp_path / 'r.html'}"}


def test_the_frontier_bar_follows_the_builds_it_proves(scenario):
    """A frontier's share is the part of its budget its proven builds have reached, then 100% at its end."""
    code, drawn = on_a_terminal("frontier", scenario, "--format", "json")
    seen = shares(drawn)
    assert code == 0 and len(set(seen)) > 2 and b"builds proven" in drawn


def test_catalog_build_reports_each_of_its_steps(tmp_path):
    steps = []
    build_catalog(RAW, tmp_path / "catalog", progress=steps.append)
    assert len(steps) == BUILD_STEPS and steps[-1] == "report and sources written"
