"""What the test modules share: the checkout's paths, the two catalogs most tests read (each loaded once per
run), a generated instance loaded for the solver, and the two ways of running dlbuild (its command line in this
process, or Python in a child process).

Test modules import the paths and the plain helpers (`load_generated`, `run_python`, `write`) from here, as they import
gen and oracle (`from conftest import MINI`); `shipped_catalog`, `mini_catalog` and `cli` are fixtures, which
pytest hands to any test that names them.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The shipped catalog and scenarios.
CATALOGS = ROOT / "catalogs"
SCENARIOS = ROOT / "scenarios"
FIXTURES = ROOT / "tests" / "fixtures"
#: A hand-written catalog of a few parts per file, small enough to reason about by hand.
MINI = FIXTURES / "mini"
#: A small copy of each public dataset's layout, the importer's input.
RAW = FIXTURES / "raw"


def _loaded_once(path: Path):
    """The catalog at `path`, shared by every test of the run; after the last one, a check that none changed it
    (a test that needs to change a catalog loads its own)."""
    from solver.catalog import load_catalog

    catalog = load_catalog(path)
    yield catalog
    assert catalog == load_catalog(path), f"a test changed the shared catalog {path}; it must load its own copy"


@pytest.fixture(scope="session")
def shipped_catalog():
    """The shipped catalog (catalogs/), loaded once for the whole run: read it, never change it."""
    yield from _loaded_once(CATALOGS)


@pytest.fixture(scope="session")
def mini_catalog():
    """The mini catalog (tests/fixtures/mini), loaded once for the whole run: read it, never change it."""
    yield from _loaded_once(MINI)


class CommandLine:
    """dlbuild's command line run in this process, what it writes captured: `cli("solve", path)` gives the exit
    code, stdout and stderr; arguments may be paths or numbers."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: Any, stdin: str | None = None) -> tuple[int, str, str]:
        """Runs `dlbuild args...`, with `stdin` (if given) as its standard input."""
        if stdin is not None:
            self._monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
        from solver.cli import main

        code = main([str(a) for a in args])
        out, err = self._capsys.readouterr()
        return code, out, err

    def json(self, *args: Any) -> tuple[int, Any]:
        """Runs `dlbuild args...` (which should ask for JSON): the exit code and the document it printed."""
        code, out, _ = self(*args)
        return code, json.loads(out)


@pytest.fixture
def cli(capsys, monkeypatch) -> CommandLine:
    return CommandLine(capsys, monkeypatch)


def load_generated(tmp: Path, rows: dict, raw: dict):
    """(catalog directory, catalog, scenario) of an instance from tests/gen.py, the catalog written under `tmp`;
    skips the test when the generator made a scenario the spec refuses."""
    import gen

    from solver.catalog import load_catalog
    from solver.errors import InputError
    from solver.scenario import scenario_from_dict

    directory = gen.write_catalog(rows, tmp / "c")
    catalog = load_catalog(directory)
    try:
        scenario = scenario_from_dict(raw)
    except InputError:
        pytest.skip("the generator made a scenario the spec refuses")
    return directory, catalog, scenario


def write(path: Path, text: str) -> Path:
    """`text` written to `path` (a scenario, build or price file a test makes); the path, to hand on."""
    path.write_text(text)
    return path


def run_python(*args: Any, env: dict[str, str] | None = None, **options: Any) -> subprocess.CompletedProcess:
    """`python args...` in a child process that runs this checkout's code (the checkout root its working
    directory and PYTHONPATH), with `env` added to this process's environment; output captured as text unless
    `text=False`. Other options go to subprocess.run (timeout, check)."""
    options.setdefault("text", True)
    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        **options,
    )
