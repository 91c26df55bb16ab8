"""The command line starts without the solver: --help and option errors load neither OR-Tools nor pandas
(nor numpy, matplotlib, plotly); a command loads them when it works. A command run as its own process ends it
without the interpreter's shutdown (solver.cli._end_process): what it prints, writes and exits with stays whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, run_python, write

HEAVY = ("ortools", "pandas", "numpy", "matplotlib", "plotly")
# The command ends the process itself; exit handlers still run, so one reports what was loaded.
RUN = """
import atexit, runpy, sys
sys.argv = ["dlbuild", *sys.argv[1:]]
atexit.register(lambda: print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr))
runpy.run_module("solver", run_name="__main__")
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


def _scenario(tmp_path, budget: int = 3000):
    return write(tmp_path / "s.toml", f'catalog = "{MINI.as_posix()}"\nworkload = "kaggle"\nbudget_usd = {budget}\n')


def test_a_command_as_its_own_process_prints_and_exits_as_in_process(cli, tmp_path):
    scenario = _scenario(tmp_path)
    for args in (("solve", scenario), ("solve", scenario, "--format", "json")):
        code, out, err = cli(*args)
        done = run_python("-m", "solver", *args, timeout=120)
        assert (done.returncode, done.stdout, done.stderr) == (code, out, err) == (0, out, "")
    # Failures keep their exit codes and messages: a bad input (2) and no build under the budget (3).
    for args, expected in ((("solve", tmp_path / "absent.toml"), 2), (("solve", _scenario(tmp_path, 10)), 3)):
        code, out, err = cli(*args)
        done = run_python("-m", "solver", *args, timeout=120)
        assert (done.returncode, done.stdout, done.stderr) == (code, out, err)
        assert code == expected and (out or err)


def test_a_file_the_command_writes_is_whole_when_the_process_ends(cli, tmp_path):
    scenario = _scenario(tmp_path)
    target = tmp_path / "out.json"
    done = run_python("-m", "solver", "solve", scenario, "--format", "json", "-o", target, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text()) == cli.json("solve", scenario, "--format", "json")[1]


@pytest.mark.parametrize("args", [("solve", "kaggle"), ("solve", "kaggle", "--format", "json"), ("scenarios",)])
def test_a_reader_that_goes_away_is_not_an_error(args):
    # `dlbuild ... | head` where head has closed the pipe before dlbuild writes: click would end with status 1
    # (a bug, by dlbuild's exit codes) and the interpreter would complain about the unflushed pipe.
    process = subprocess.Popen([sys.executable, "-m", "solver", *args], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert (process.wait(timeout=120), err) == (0, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_output_to_a_full_device_is_an_error_that_says_so(fmt):
    # Was "Internal error: OSError ... This is a bug in dlbuild" with status 1.
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "solver", "solve", "kaggle", "--format", fmt], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "Error: Cannot write the output: standard output: cannot be written: the device is full\n"
