"""The benchmark: dlbuild against the baselines users would pick, on the shipped catalog and on synthetic
catalogs 4x and 16x larger. Each measurement runs in its own process (for its peak memory); prints a
table and writes CSV.

    python bench/run.py                 # everything (about 15 minutes on 2 cores)
    python bench/run.py --quick         # shipped catalog only, one repeat
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ortools.sat.python import cp_model  # noqa: E402
from tabulate import tabulate  # noqa: E402

from solver.catalog import load_catalog  # noqa: E402
from solver.compare import compare  # noqa: E402
from solver.frontier import frontier  # noqa: E402
from solver.instance import bind  # noqa: E402
from solver.model import build_model  # noqa: E402
from solver.optimize import STRATEGIES, Options, extract, optimize  # noqa: E402
from solver.scenario import load_scenario, scenario_from_dict  # noqa: E402
from solver.sweep import parse_budgets, sweep  # noqa: E402

SCENARIO = {"name": "bench", "workload": "kaggle", "budget_usd": 5000, "min_perf": 1.0}
FRONTIER_BUDGET = 20000
SWEEP = "1000:20000:500"  # 39 budgets
OBJECTIVES = ("perf_per_dollar", "max_perf", "min_cost")
BASELINE_LIMIT = 300.0  # seconds a baseline may take (all its solves together) before it counts as unfinished


class SolveTimer:
    """Sums the wall time spent inside CP-SAT's solve calls (the rest is Python around them)."""

    def __init__(self):
        self.seconds, self.calls = 0.0, 0
        self._solve = cp_model.CpSolver.solve

    def __enter__(self):
        timer = self

        def timed(solver, model, *args, **kwargs):
            started = time.perf_counter()
            try:
                return timer._solve(solver, model, *args, **kwargs)
            finally:
                timer.seconds += time.perf_counter() - started
                timer.calls += 1

        cp_model.CpSolver.solve = timed
        return self

    def __exit__(self, *exc):
        cp_model.CpSolver.solve = self._solve


def measure(catalog_dir: Path, workload: str, method: str) -> dict:
    """One measurement in this process: wall time after loading, solver time, model size, value."""
    started = time.perf_counter()
    catalog = load_catalog(catalog_dir)
    loaded = time.perf_counter()
    out: dict = {"load_s": loaded - started}
    kind, _, objective = workload.partition(":")
    scenario = scenario_from_dict({**SCENARIO, "objective": objective or "perf_per_dollar"})
    with SolveTimer() as timer:
        t0 = time.perf_counter()
        if method == "dlbuild" and kind == "solve":
            ctx = build_model(bind(catalog, scenario))
            result = optimize(ctx, objective, Options())
            out.update(
                value=_value(result.build),
                solves=result.stats["solves"],
                vars=result.stats["variables"],
                cons=result.stats["constraints"],
            )
        elif method in ("highs", "highs-pruned", "cpsat-unpruned") and kind == "solve":
            from milp import HighsRunner

            ctx = build_model(bind(catalog, scenario), prune=method == "highs-pruned")
            if method.startswith("highs"):
                runner = HighsRunner(ctx, Options(time_limit=BASELINE_LIMIT))
                values = STRATEGIES[objective](runner, ctx)
                out.update(solves=runner.solves, finished=not runner.timed_out)
                out.update(value=_value(extract(ctx, values)) if values else None)
            else:
                result = optimize(ctx, objective, Options(time_limit=BASELINE_LIMIT))
                out.update(
                    value=_value(result.build), solves=result.stats["solves"], finished=result.status == "optimal"
                )
            out.update(vars=len(ctx.model.proto.variables), cons=len(ctx.model.proto.constraints))
        elif method == "topk" and kind == "solve":
            from baselines import topk_search

            build = topk_search(bind(catalog, scenario), objective)
            out.update(value=_value(build))
        elif kind == "frontier":
            f = frontier(catalog, scenario.with_values(budget_cents=FRONTIER_BUDGET * 100))
            out.update(points=len(f.points), solves=f.stats["solves"], value=[_value(b) for b in f.points])
        elif kind == "sweep":
            s = sweep(catalog, scenario.with_values(objective="max_perf"), parse_budgets(SWEEP))
            out.update(points=len(s.points), solves=s.stats["solves"])
        elif kind == "compare":
            c = compare(catalog, load_scenario(ROOT / "scenarios" / "whatif.toml"))
            out.update(points=len(c.variants) + 1)
        else:
            raise ValueError(f"no measurement {method} {workload}")
        out["wall_s"] = time.perf_counter() - t0
    out["solver_s"] = timer.seconds
    if method == "dlbuild" and kind == "solve":
        # dlbuild's presolve is its exact dominance pruning (CP-SAT's own presolve is switched off): the
        # model before it is the one-hot model over the whole catalog.
        full = build_model(bind(catalog, scenario), prune=False).model.proto
        out["full_vars"], out["full_cons"] = len(full.variables), len(full.constraints)
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _value(build) -> list | None:
    return None if build is None else [build.cost_cents, str(build.performance)]


def child(catalog_dir: Path, workload: str, method: str) -> dict:
    """The measurement in a fresh process, so peak memory belongs to it alone."""
    cmd = [sys.executable, __file__, "--child", str(catalog_dir), workload, method]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=BASELINE_LIMIT * 3)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def catalogs(work: Path, quick: bool) -> dict[str, Path]:
    from synth import synthesize

    out = {"shipped": ROOT / "catalogs"}
    if not quick:
        for name, factor in (("4x", 4), ("16x", 16)):
            out[name] = synthesize(ROOT / "catalogs", work / name, factor=factor, seed=1)
    return out


def run(quick: bool, repeats: int, out_csv: Path, methods: set[str] | None = None) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, directory in catalogs(Path(tmp), quick).items():
            plan = [(f"solve:{o}", "dlbuild") for o in OBJECTIVES] + [
                ("frontier", "dlbuild"),
                ("sweep", "dlbuild"),
                ("compare", "dlbuild"),
            ]
            plan += [(f"solve:{o}", m) for o in OBJECTIVES for m in ("highs", "highs-pruned", "topk")]
            for workload, method in plan:
                if methods and method not in methods:
                    continue
                times = []
                samples = []
                count = repeats if method == "dlbuild" else 1
                for _ in range(count):
                    sample = child(directory, workload, method)
                    samples.append(sample)
                    if "error" in sample:
                        break
                    times.append(sample["wall_s"])
                    print(f"  {name:8} {workload:22} {method:8} {sample['wall_s']:8.2f} s", file=sys.stderr, flush=True)
                last = samples[-1]
                rows.append({
                    "catalog": name, "workload": workload, "method": method,
                    "median_s": statistics.median(times) if times else None, "min_s": min(times) if times else None,
                    "max_s": max(times) if times else None, "load_s": last.get("load_s"),
                    "solver_s": last.get("solver_s"),
                    "solves": last.get("solves"), "vars_before": last.get("full_vars"),
                    "cons_before": last.get("full_cons"),
                    "vars": last.get("vars"), "cons": last.get("cons"),
                    "rss_mb": last.get("rss_mb"), "points": last.get("points"), "value": json.dumps(last.get("value")),
                    "finished": last.get("finished", True), "error": last.get("error", ""),
                })  # fmt: skip
    _ratios(rows)
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    with open(out_csv, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _ratios(rows: list[dict]) -> None:
    """Each baseline's time as a multiple of dlbuild's, and whether it found the same optimum."""
    ours = {(r["catalog"], r["workload"]): r for r in rows if r["method"] == "dlbuild"}
    for r in rows:
        mine = ours.get((r["catalog"], r["workload"]))
        r["x_dlbuild"] = (
            round(r["median_s"] / mine["median_s"], 1) if r["median_s"] and mine and mine["median_s"] else None
        )
        if r["method"] == "dlbuild" or mine is None:
            r["same_optimum"] = ""
        else:
            if r["method"] == "topk":
                r["same_optimum"] = (
                    "yes"
                    if r["value"] == mine["value"]
                    else ("no build found" if r["value"] == "null" else f"worse by {_gap(r, mine)}")
                )
            else:
                r["same_optimum"] = (
                    "yes" if r["value"] == mine["value"] else ("unfinished" if not r["finished"] else "no")
                )


def _gap(row: dict, best: dict) -> str:
    """How far a found build is from the optimum, in the objective's terms."""
    from fractions import Fraction

    (cost, perf), (best_cost, best_perf) = (
        [c, Fraction(p)] for c, p in (json.loads(row["value"]), json.loads(best["value"]))
    )
    objective = row["workload"].partition(":")[2]
    if objective == "min_cost":
        return f"{float(cost / best_cost - 1):.0%} dearer"
    if objective == "max_perf":
        return f"{float(1 - perf / best_perf):.0%} slower"
    return f"{float(1 - (perf / cost) / (best_perf / best_cost)):.0%} less perf per dollar"


def show(rows: list[dict]) -> str:
    headers = ["catalog", "workload", "method", "median_s", "min_s", "max_s", "x_dlbuild",
               "same_optimum", "solver_s", "load_s",
               "solves", "vars_before", "cons_before", "vars", "cons", "rss_mb", "points"]  # fmt: skip
    table = [[r.get(h) if not isinstance(r.get(h), float) else round(r[h], 3) for h in headers] for r in rows]
    return tabulate(table, headers=headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shipped catalog only, one repeat")
    parser.add_argument("--repeats", type=int, help="runs per dlbuild measurement (default 5, or 1 with --quick)")
    parser.add_argument("--methods", help="only these methods, comma-separated (dlbuild, highs, highs-pruned, topk)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "results.csv")
    parser.add_argument("--child", nargs=3, metavar=("CATALOG", "WORKLOAD", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1], args.child[2])))
        return
    repeats = args.repeats or (1 if args.quick else 5)
    rows = run(args.quick, repeats, args.out, set(args.methods.split(",")) if args.methods else None)
    print(show(rows))
    print(f"\nWrote {args.out}")


if __name__ == "__main__":
    main()
