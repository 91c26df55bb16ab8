"""Whole-process start-up: what a user waits for when typing `dlbuild solve` and `dlbuild --help`.

Measured in one run, the processes started in turn (solve, baseline, help, share; solve, baseline, ...)
so that a drift in the machine's speed touches them alike:

    solve      python -m solver solve SCENARIO                         (the Kaggle scenario by default)
    baseline   python -c "import pandas, ortools.sat.python.cp_model"  (what any CP-SAT program pays first)
    help       python -m solver --help
    share      one solve in a fresh process, timed phase by phase (load, model, optimize, binding; each
               once): the binding rules' part of that work

Each process's wall time and CPU time (user + system, its own and its children's) are taken; the table
gives medians over the runs, and solve / baseline as the median of the per-round ratios. Python's
bytecode cache is on for every process, as it is for any installed program: an environment that sets
PYTHONDONTWRITEBYTECODE would charge dlbuild, and not the precompiled pandas and OR-Tools, for
compiling its sources again in every run (the warm-up round writes the cache).

    python bench/startup.py               # 10 rounds after 1 unrecorded warm-up round
    python -m bench.startup -n 20 --out bench/results/startup.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "kaggle.toml"
BASELINE = "import pandas, ortools.sat.python.cp_model"


def commands(scenario: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "solve": [python, "-m", "solver", "solve", str(scenario)],
        "baseline": [python, "-c", BASELINE],
        "help": [python, "-m", "solver", "--help"],
        "share": [python, "-m", "bench.startup", "--share", str(scenario)],
    }


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, standard output) of one process started from the checkout's root, so
    that `-m solver` runs this checkout's code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


#: The phases of one solve after the imports, in order: what solver.solving.solve_instance does, each once.
PHASES = ("load", "model", "optimize", "binding")


def share(scenario: Path) -> dict[str, float]:
    """One solve as `dlbuild solve` does it, in this process, timed phase by phase (seconds): load (scenario,
    catalog, binding them), model (build_model), optimize (CP-SAT and every rule's verdict on the build), binding
    (the binding rules). No phase runs twice, so binding / work is the binding rules' share of one solve's work."""
    marks = [("start", time.perf_counter(), time.process_time())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter(), time.process_time()))

    from solver.binding import binding_rules
    from solver.catalog import load_catalog
    from solver.instance import bind
    from solver.model import build_model
    from solver.optimize import Options, optimize
    from solver.scenario import load_scenario
    from solver.schema import default_catalog_path
    from solver.validate import check_build

    mark("import")
    s = load_scenario(scenario)
    inst = bind(load_catalog(s.catalog or default_catalog_path()), s)
    mark("load")
    ctx = build_model(inst)
    mark("model")
    result = optimize(ctx, s.objective, Options())
    if result.build is None:
        raise RuntimeError(f"{scenario} has no build ({result.status}): the share measures a solved scenario")
    check_build(inst, result.build)
    mark("optimize")
    binding_rules(inst, result.build, s.objective)
    mark("binding")
    out = {}
    for (_, wall0, cpu0), (name, wall1, cpu1) in zip(marks, marks[1:]):
        out[f"{name}_wall"], out[f"{name}_cpu"] = wall1 - wall0, cpu1 - cpu0
    out["work_cpu"] = sum(out[f"{n}_cpu"] for n in PHASES)
    out["work_wall"] = sum(out[f"{n}_wall"] for n in PHASES)
    return out


def run(rounds: int, warmup: int, scenario: Path) -> list[dict]:
    """Every process of every round: {"round", "name", "wall", "cpu"}, and the share child's phases."""
    records = []
    plan = commands(scenario)
    for i in range(-warmup, rounds):
        for name, cmd in plan.items():
            wall, cpu, stdout = timed(cmd)
            if i < 0:
                continue
            record = {"round": i, "name": name, "wall": wall, "cpu": cpu}
            if name == "share":
                record.update(json.loads(stdout.strip().splitlines()[-1]))
            records.append(record)
            line = f"  round {i + 1:2}/{rounds} {name:8} {wall:6.3f} s wall {cpu:6.3f} s cpu"
            print(line, file=sys.stderr, flush=True)
    return records


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def summary(records: list[dict]) -> list[dict]:
    """Medians (with min and max) of each figure; ratios are taken round by round, then their median."""
    by = {}
    for r in records:
        by.setdefault(r["name"], {})[r["round"]] = r
    rows = []
    for name in ("solve", "baseline", "help"):
        for clock in ("wall", "cpu"):
            if name in by:
                rows.append({"figure": f"{name} {clock} s", **_stats([r[clock] for r in by[name].values()])})
    paired = sorted(set(by.get("solve", {})) & set(by.get("baseline", {})))
    for clock in ("wall", "cpu"):
        if paired:
            ratios = [by["solve"][i][clock] / by["baseline"][i][clock] for i in paired]
            rows.append({"figure": f"solve / baseline ({clock})", **_stats(ratios)})
    shares = list(by.get("share", {}).values())
    if shares:
        for clock in ("cpu", "wall"):
            parts = [r[f"binding_{clock}"] / r[f"work_{clock}"] for r in shares]
            rows.append({"figure": f"binding / in-process work ({clock})", **_stats(parts)})
        for phase in ("import", *PHASES):
            rows.append({"figure": f"in-process {phase} cpu s", **_stats([r[f"{phase}_cpu"] for r in shares])})
        if "solve" in by:
            # The binding rules against the whole process a user waits for (medians of both).
            whole = statistics.median(r["cpu"] for r in by["solve"].values())
            binding = statistics.median(r["binding_cpu"] for r in shares)
            rows.append({"figure": "binding / whole solve process (cpu)", **_stats([binding / whole])})
    return rows


def show(rows: list[dict]) -> str:
    from tabulate import tabulate

    return tabulate([[r["figure"], r["median"], r["min"], r["max"], r["n"]] for r in rows],
                    headers=["figure", "median", "min", "max", "n"], floatfmt=".3f")  # fmt: skip


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["figure", "median", "min", "max", "n"])
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--rounds", type=int, default=10, help="rounds recorded (default 10)")
    parser.add_argument("--warmup", type=int, default=1, help="rounds run first and not recorded (default 1)")
    parser.add_argument("--scenario", type=Path, default=SCENARIO)
    parser.add_argument("--out", type=Path, help="also write the table as CSV (e.g. bench/results/startup.csv)")
    parser.add_argument("--share", type=Path, metavar="SCENARIO", help=argparse.SUPPRESS)  # the share child
    args = parser.parse_args(argv)
    if args.share:
        print(json.dumps(share(args.share)))
        return
    rows = summary(run(args.rounds, args.warmup, args.scenario.resolve()))
    print(show(rows))
    if args.out:
        write_csv(args.out, rows)
        print(f"\nWrote {args.out}")


if __name__ == "__main__":
    if __package__ in (None, ""):  # run as a file: python bench/startup.py
        sys.path.insert(0, str(ROOT))
    main()
