"""The command line starts without the solver: --help and option errors load neither OR-Tools nor pandas
(nor numpy, matplotlib, plotly); a command loads them when it works."""

from __future__ import annotations

import pytest
from conftest import MINI, run_python

HEAVY = ("ortools", "pandas", "numpy", "matplotlib", "plotly")
RUN = """
import runpy, sys
sys.argv = ["dlbuild", *sys.argv[1:]]
try:
    runpy.run_module("solver", run_name="__main__")
except SystemExit:
    pass
print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def _loaded(*args: str) -> str:
    done = run_python("-c", RUN.format(heavy=HEAVY), *args, timeout=120)
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "args", [("--help",), ("solve", "--help"), ("report", "--help"), ("catalog", "search", "--help"), ("solve",)]
)
def test_help_and_usage_errors_load_no_solver(args):
    assert _loaded(*args) == "[]"


def test_importing_the_command_line_loads_no_solver():
    code = (
        "import sys, solver.cli, solver.output.table, solver.output.json_out, solver.output.csv_out; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert run_python("-c", code, check=True).stdout.strip() == "[]"


def test_a_command_that_works_loads_the_solver(tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'catalog = "{MINI.as_posix()}"\nworkload = "kaggle"\nbudget_usd = 3000\n',
        encoding="utf-8",
    )
    assert "ortools" in _loaded("solve", str(scenario))  # the test above would pass for a CLI that never ran
