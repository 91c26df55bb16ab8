"""The package type-checks under mypy (pyproject.toml, [tool.mypy]: default checks over solver/), so an annotation
that stops matching the code, or a None that reaches code expecting a value, fails here as in any other check.

mypy keeps its incremental cache in .mypy_cache/ (its default): a clean clone has none and checks everything (about
10 s of CPU), later runs re-check only what changed (under a second). The cache is keyed by each file's contents
and by mypy's version and options, so a stale entry is not reused."""

from __future__ import annotations

from conftest import run_python


def test_mypy_finds_no_type_errors():
    done = run_python("-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr
