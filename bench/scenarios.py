"""Wall time of `solve` and `frontier` on every shipped scenario, and of the shipped sweep scenario's sweep from
$1,000 to $30,000 in $500 steps, with the points of its frontier (medians of repeated in-process runs after the
import; the catalog load is timed apart)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tabulate import tabulate  # noqa: E402

from solver import load_catalog, load_scenario, solve  # noqa: E402
from solver.frontier import frontier  # noqa: E402
from solver.schema import default_catalog_path  # noqa: E402
from solver.sweep import parse_budgets, sweep  # noqa: E402

SCENARIOS = (
    "kaggle",
    "llm-finetune",
    "cv-lab-4gpu",
    "startup-prototyping",
    "whatif",
    "sweep",
    "four-3090-us20a",
    "llm-70b-inference",
)
SWEEP = "1000:30000:500"  # 59 budgets


def timed(work, repeats: int) -> tuple[float, float, float, object]:
    times, value = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for name in SCENARIOS:
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.toml")
        load = timed(lambda scenario=scenario: load_catalog(scenario.catalog or default_catalog_path()), args.repeats)
        catalog = load[3]
        s = timed(lambda catalog=catalog, scenario=scenario: solve(catalog, scenario), args.repeats)
        f = timed(lambda catalog=catalog, scenario=scenario: frontier(catalog, scenario), max(1, args.repeats // 2))
        rows.append([name, scenario.objective, s[3].status, f"{load[0]:.2f}", f"{s[0]:.2f} ({s[1]:.2f}-{s[2]:.2f})",
                     f"{f[0]:.2f} ({f[1]:.2f}-{f[2]:.2f})", len(f[3].points), f[3].stats["solves"]])  # fmt: skip
    print(
        tabulate(
            rows,
            headers=[
                "scenario",
                "objective",
                "status",
                "load s",
                "solve s (min-max)",
                "frontier s (min-max)",
                "frontier points",
                "frontier solves",
            ],
        )
    )
    scenario = load_scenario(ROOT / "scenarios" / "sweep.toml")
    catalog = load_catalog(scenario.catalog or default_catalog_path())
    budgets = parse_budgets(SWEEP)
    w = timed(lambda: sweep(catalog, scenario, budgets), max(1, args.repeats // 2))
    print(
        f"\n{len(budgets)}-budget sweep (scenarios/sweep.toml, $1,000 to $30,000 in $500 steps): median {w[0]:.2f} s "
        f"(min {w[1]:.2f}, max {w[2]:.2f}), {w[3].stats['solves']} solves, {len(w[3].frontier.points)} frontier builds"
    )


if __name__ == "__main__":
    main()
