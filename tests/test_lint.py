"""The code is linted and formatted by ruff (pyproject.toml, [tool.ruff]): one tool for both, fast enough to run in
the suite, so a change that breaks the house style fails here as in any other check."""

from __future__ import annotations

import subprocess

from conftest import run_python

TREES = ["solver", "bench", "tests", "setup.py"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return run_python("-m", "ruff", *args, *TREES)


def test_ruff_finds_nothing_to_lint():
    done = ruff("check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_is_formatted_as_ruff_formats_it():
    done = ruff("format", "--check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
