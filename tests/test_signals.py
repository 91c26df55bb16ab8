"""Ctrl-C, SIGTERM and SIGHUP, sent to a real process: each stops every command the same way. What was proven
is kept, no search starts after the signal, no output file is left half written, no traceback is printed,
and the exit code is 128 + the signal's number (130, 143, 129).

Each case runs `main()` in a child process whose CP-SAT searches are counted; the signal is sent from inside
the Nth search call (or while the command line is still loading), so where it lands does not depend on timing."""

from __future__ import annotations

import json
import signal
import textwrap
from pathlib import Path

import pytest
from conftest import MINI, run_python

SCENARIO = f"""catalog = "{MINI}"
name = "signals"
workload = "kaggle"
objective = "max_perf"
budget_usd = 6000

[[variants]]
name = "cheaper"
budget_usd = 3000

[[variants]]
name = "dearer"
budget_usd = 9000
"""

#: The child: sends the signal named by argv[1] from the argv[2]-th CP-SAT search (0: while solver.cli.app
#: loads; "catalog": while the catalog loads), runs main(argv[3:]) and reports how many searches there were
#: and how many started after the signal.
CHILD = textwrap.dedent("""
    import importlib.abc, os, signal, sys, time
    from ortools.sat.python import cp_model
    sig, at = getattr(signal, sys.argv[1]), sys.argv[2]
    if os.environ.get("IGNORE_SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    calls, after, sent = [], [], []

    def kill():
        sent.append(1)
        os.kill(os.getpid(), sig)
        time.sleep(0.5)  # the handler runs in here, when it is meant to interrupt

    original = cp_model.CpSolver.solve
    def counting(self, model, *args, **kwargs):
        after.extend(sent)
        calls.append(1)
        if at.isdigit() and len(calls) == int(at):
            sent.append(1)
            os.kill(os.getpid(), sig)  # inside the search: recorded, and the search is stopped
        return original(self, model, *args, **kwargs)
    cp_model.CpSolver.solve = counting

    class Loading(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name == "solver.cli.app" and at == "0":
                kill()
            return None
    sys.meta_path.insert(0, Loading())
    if at == "catalog":
        import solver.catalog
        load = solver.catalog.load_catalog
        solver.catalog.load_catalog = lambda *a, **k: (kill(), load(*a, **k))[1]

    from solver.cli import main
    code = main(sys.argv[3:])
    print(f"searches={len(calls)} after={len(after)}", file=sys.stderr)
    sys.exit(code)
""")


def run(tmp_path: Path, sig: str, at: int | str, *args: str, env: dict | None = None) -> tuple[int, str, str, int]:
    scenario = tmp_path / "s.toml"
    scenario.write_text(SCENARIO)
    argv = [a.format(s=scenario, tmp=tmp_path) for a in args]
    proc = run_python("-c", CHILD, sig, at, *argv, env=env, timeout=300)
    assert "Traceback" not in proc.stderr and "Internal error" not in proc.stderr, proc.stderr
    counts = proc.stderr.rsplit("searches=", 1)[-1].split()
    searches, after = (int(counts[0]), int(counts[1].split("=")[1])) if len(counts) == 2 else (0, 0)
    assert after == 0, f"{after} searches started after the signal:\n{proc.stderr}"
    return proc.returncode, proc.stdout, proc.stderr, searches


CODES = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}
WORDS = {"SIGINT": "Interrupted", "SIGTERM": "Stopped by SIGTERM", "SIGHUP": "Stopped by SIGHUP"}


@pytest.mark.parametrize("sig", CODES)
def test_a_signal_in_compare_stops_every_solve_after_it(tmp_path, sig):
    """The base's search is stopped and no variant is solved (or credited) after it."""
    code, out, err, searches = run(tmp_path, sig, 1, "compare", "{s}")
    assert code == CODES[sig] and searches == 1
    assert f"{WORDS[sig]}: what was solved before is shown; nothing was solved after." in err
    assert "Interrupted before any build was found" in out


def test_a_variant_found_before_the_signal_is_shown_but_not_credited(tmp_path):
    """A variant of two changes is credited by solving each alone; stopped during those solves, its changed
    parts are shown without a cause rather than with a wrong one."""
    (tmp_path / "two.toml").write_text(SCENARIO.split("[[variants]]")[0] + '[[variants]]\n'
                                       'name = "both"\nbudget_usd = 3000\n'
                                       "gpu = { min_memory_gb = 16 }\n")  # fmt: skip
    code, out, _, searches = run(tmp_path, "SIGTERM", 3, "compare", "{tmp}/two.toml", "--format", "json")
    assert code == 143 and searches == 3  # the base, the variant, then the first change alone
    variant = json.loads(out)["variants"][0]
    diff = variant["diff"]
    assert variant["status"] == "optimal"
    assert diff and {d["cause"] for d in diff} == {"not credited: interrupted"}


@pytest.mark.parametrize("sig", CODES)
def test_a_signal_in_a_frontier_keeps_its_proven_points_in_a_whole_file(tmp_path, sig):
    out_file = tmp_path / "f.json"
    code, _, err, searches = run(tmp_path, sig, 3, "frontier", "{s}", "--format", "json", "-o", "{tmp}/f.json")
    assert code == CODES[sig] and searches == 3
    data = json.loads(out_file.read_text())  # whole: it parses
    assert data["status"] == "feasible" and len(data["points"]) >= 2
    assert f"{WORDS[sig]}: the {len(data['points'])} builds shown are proven" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json", "s.toml"]  # no temporary file left


def test_one_ctrl_c_stops_a_report(tmp_path):
    """The report solves the base, the variants, then traces its frontier: one Ctrl-C stops all of it."""
    code, _, err, searches = run(tmp_path, "SIGINT", 1, "report", "{s}", "-o", "{tmp}/r.html")
    assert code == 130 and searches == 1
    assert "Interrupted: the report shows what was proven before; nothing was solved after." in err
    assert (tmp_path / "r.html").read_text().rstrip().endswith("</html>")


@pytest.mark.parametrize("sig", CODES)
@pytest.mark.parametrize("at", ["0", "catalog"])
def test_a_signal_while_starting_up_is_one_line(tmp_path, sig, at):
    """While the command line loads (click, the commands) or reads the catalog: no traceback, one line."""
    code, out, err, searches = run(tmp_path, sig, at, "frontier", "{s}", "-o", "{tmp}/f.csv")
    assert code == CODES[sig] and searches == 0 and out == ""
    assert f"{WORDS[sig]}." in err
    assert not (tmp_path / "f.csv").exists()


def test_an_ignored_sighup_stays_ignored(tmp_path):
    """Under nohup, SIGHUP is ignored before dlbuild starts: it must not stop the work then."""
    code, out, _, searches = run(tmp_path, "SIGHUP", 1, "solve", "{s}", env={"IGNORE_SIGHUP": "1"})
    assert code == 0 and "Status: optimal" in out


HARD_SEARCH = textwrap.dedent("""
    import os, signal, sys, threading, time
    from ortools.sat.python import cp_model
    from solver import interrupt
    from solver.cpsat import new_solver, search
    model = cp_model.CpModel()
    xs = [model.new_int_var(0, 100, f"x{i}") for i in range(60)]
    for i in range(59):
        model.add(xs[i] * 3 + xs[i + 1] * 7 != 50 + i)
    model.add_all_different(xs[:50])
    model.maximize(sum((i % 7 + 1) * x * (1 if i % 2 else -1) for i, x in enumerate(xs)))
    with interrupt.handled():
        solver = new_solver(time_limit=120)
        threading.Timer(0.5, os.kill, (os.getpid(), getattr(signal, sys.argv[1]))).start()
        started = time.monotonic()
        status = search(solver, model)
        print(solver.status_name(status), interrupt.requested(), round(time.monotonic() - started))
""")


@pytest.mark.parametrize("sig", CODES)
def test_a_signal_stops_a_long_search_with_its_best_so_far(sig):
    """A search of up to two minutes, signalled after half a second, returns its best build at once: the signal
    stops it from the helper thread while Python's own handlers wait for the search to return."""
    proc = run_python("-c", HARD_SEARCH, sig, timeout=300)
    status, received, seconds = proc.stdout.split()
    assert proc.returncode == 0 and status == "FEASIBLE" and int(received) == getattr(signal, sig), proc.stderr
    assert int(seconds) < 60  # stopped, not run to its limit
