"""What the v1 enumerator answered on the generator's v1 instances: the record behind the guide-2018 equivalence test.

tests/fixtures/v1_answers.json holds, per seed, a summary of every valid build and of each objective's optima, as
the v1 enumerator (tests/oracle.py at commit 798cf60, build model v1) computed them on gen.v1_instance(seed).
test_oracle.py recomputes the same summary with today's enumerator on gen.guide_2018_instance(seed) and asks for
equality. R13 is skipped on both sides when max_wall_watts > 0: v1 compared DC watts with it, v2 wall watts.

Record again (only if the v1 generator's instances were to change), from tests/ with the v1 enumerator saved
outside the tree: `git show 798cf60:tests/oracle.py > ../../oracle_v1.py && python3 v1_answers.py ../../oracle_v1.py`
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

RECORD = Path(__file__).parent / "fixtures" / "v1_answers.json"
SEEDS = range(240)  # optima and the valid set, as test_against_oracle.py's seeds
FRONTIER_SEEDS = range(1000, 1060)  # the frontier, as test_against_oracle.py's frontier seeds
OBJECTIVES = ("perf_per_dollar", "max_perf", "min_cost")


def _text(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_text(v) for v in value]
    return str(value) if isinstance(value, Fraction) else value


def skipped(scenario: Mapping[str, Any]) -> set[str]:
    """R13 when a wall limit is set: the one rule v2 measures differently under guide-2018."""
    return {"R13"} if scenario.get("rules", {}).get("max_wall_watts", 0) else set()


def summary(oracle: Any, catalog: Mapping, scenario: Mapping[str, Any], frontier: bool = False) -> dict[str, Any]:
    """Count and digest of the valid builds (parts, cost, performance, adjacency), each objective's value and its
    optimal builds' parts; or, with `frontier`, the Pareto set. Only the enumerator's public build fields are used,
    which v1 and v2 share."""
    skip = skipped(scenario)
    builds = list(oracle.valid_builds(catalog, scenario, skip=skip))
    if frontier:
        best_at: dict[int, Fraction] = {}
        for b in builds:
            best_at[b.cost_cents] = max(best_at.get(b.cost_cents, b.performance), b.performance)
        points: list[tuple[int, Fraction]] = []
        for cost in sorted(best_at):
            if not points or best_at[cost] > points[-1][1]:
                points.append((cost, best_at[cost]))
        return {"skip": sorted(skip), "frontier": [[cost, str(perf)] for cost, perf in points]}
    lines = sorted(f"{list(b.parts)}|{b.cost_cents}|{b.performance}|{b.adjacent}" for b in builds)
    out: dict[str, Any] = {
        "skip": sorted(skip),
        "valid": len(builds),
        "digest": hashlib.sha256("\n".join(lines).encode()).hexdigest(),
    }
    min_perf = oracle.num(scenario["min_perf"]) if "min_perf" in scenario else Fraction(1)
    for objective in OBJECTIVES:
        pool = [b for b in builds if objective != "min_cost" or b.performance >= min_perf]
        ranks = {id(b): oracle._rank(objective, b) for b in pool}
        top = max(ranks.values(), default=None)
        best = [b for b in pool if ranks[id(b)] == top]
        out[objective] = {
            "value": _text(oracle.objective_value(objective, best[0])) if best else None,
            "builds": sorted([list(b.parts) for b in best], key=repr),
        }
    return out


def record(oracle: Any, gen: Any) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for seed in [*SEEDS, *FRONTIER_SEEDS]:
        rows, scenario = gen.v1_instance(seed)
        answers[str(seed)] = summary(oracle, oracle.catalog_from_rows(rows), scenario, seed in FRONTIER_SEEDS)
    return answers


if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location("oracle_v1", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    sys.modules["oracle_v1"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    import gen

    answers = record(module, gen)
    lines = (f"{json.dumps(seed)}: {json.dumps(answers[seed], sort_keys=True)}" for seed in answers)
    RECORD.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
