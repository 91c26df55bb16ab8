"""Every command's JSON: results exactly as spec §6, plus the extra keys a script may want."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..categories import CATEGORIES
from ..diff import step_text
from ..result import Build, Result
from ..rulebook import RuleCheck
from ..text import dollars, json_printable, perf_json

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..check import CheckReport
    from ..compare import Comparison
    from ..frontier import Frontier
    from ..scenario import Scenario
    from ..sweep import Sweep

#: A result's keys when it has no build.
NO_BUILD = {"cost_usd": None, "performance": None, "perf_per_dollar": None, "build": None, "layout": None}


def build_dict(build: Build) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for c in CATEGORIES:
        pick = getattr(build, c.slot)
        if pick is None:
            out[c.slot] = None
            continue
        item = {"id": pick.part.id, "name": pick.part.name, "price_usd": dollars(pick.part.price_cents)}
        if c.counted:
            item["count"] = pick.count
        out[c.slot] = item
    return out


def point_dict(build: Build) -> dict[str, Any]:
    """The numbers and parts of one build, as every command prints them."""
    return {
        "cost_usd": dollars(build.cost_cents),
        "performance": perf_json(build.performance),
        "perf_per_dollar": perf_json(build.performance * 100 / build.cost_cents),
        "build": build_dict(build),
        "layout": {"step": build.step, "adjacent": build.adjacent},
    }


def result_dict(result: Result, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"status": result.status, "objective": result.objective}
    if result.build is not None:
        out.update(point_dict(result.build))
    else:
        out.update(NO_BUILD)
    out["scenario"] = result.scenario
    out["workload"] = result.workload
    if result.bound is not None:
        # What is proven about the optimum when the time limit stopped the proof, in the objective's units.
        out["bound"] = float(result.bound)
        out["bound_meaning"] = {
            "max_perf": "no build reaches more performance",
            "min_cost": "no build meeting min_perf costs fewer dollars",
            "perf_per_dollar": "no build reaches more performance per dollar",
        }[result.objective]
    if result.explanation is not None:
        out["explanation"] = result.explanation.to_dict()
    if result.notes:
        out["notes"] = list(result.notes)
    out.update(extra or {})
    return out


def verdicts(checks: list[RuleCheck]) -> list[dict[str, Any]]:
    return [{"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in checks]


def solve_dict(result: Result) -> dict[str, Any]:
    """`solve`: the result, and for a build every rule's verdict and the binding rules."""
    extra: dict[str, Any] = {}
    if result.build is not None:
        extra["rules"] = verdicts(result.checks)
        extra["binding_rules"] = [
            {"rule": b.check.rule, "detail": b.check.detail, "blocks": b.blocked.part.ref if b.blocked else None} for b in result.bindings or []
        ]
    return result_dict(result, extra)


def check_dict(report: CheckReport) -> dict[str, Any]:
    """`check`: the verdict, the build's numbers, each rule's verdict and what the model does not check."""
    return {"ok": report.ok, **point_dict(report.build), "rules": verdicts(report.checks), "unchecked": list(report.unchecked)}


def frontier_dict(f: Frontier) -> dict[str, Any]:
    """`frontier`: every build, cheapest first, with what changed from the one before."""
    points, previous = [], None
    for b in f.points:
        points.append({**point_dict(b), "changes": step_text(previous, b)})
        previous = b
    return {"status": f.status, "scenario": f.scenario.name, "workload": f.scenario.workload, "points": points}


def sweep_dict(s: Sweep, scenario: Scenario) -> dict[str, Any]:
    """`sweep`: the scenario's answer at each budget."""
    points = [{"budget_usd": dollars(p.budget_cents), "status": p.status, **(point_dict(p.build) if p.build else NO_BUILD)} for p in s.points]
    return {"scenario": scenario.name, "objective": scenario.objective, "points": points}


def compare_dict(c: Comparison) -> dict[str, Any]:
    """`compare`: the base result, and each variant's with what it changed and each changed part's cause."""
    variants = []
    for o in c.variants:
        diff = [{"part": ch.slot, "before": ch.before.part.id if ch.before else None, "after": ch.after.part.id if ch.after else None,
                 "cause": ch.cause} for ch in o.changes]  # fmt: skip
        variants.append({"name": o.name, "changed": o.changed, **result_dict(o.result), "diff": diff, "summary": c.summary(o)})
    return {"base": result_dict(c.base), "variants": variants}


def dumps(data: Any) -> str:
    return json_printable(json.dumps(data, indent=2, ensure_ascii=False))
