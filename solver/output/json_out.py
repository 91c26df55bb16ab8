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
NO_BUILD = {"cost_usd": None, "performance": None, "perf_per_dollar": None, "build": None, "layout": None, "power": None,
            "scaling": None, "rating": None}  # fmt: skip


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


def layout_dict(build: Build) -> dict[str, Any]:
    """Contract v2 section 7: the slots the cards sit in, top to bottom (the layout R7's message names)."""
    layout = build.layout
    slots = [{"position": s.position, "lanes": s.lanes, "gen": s.gen, "attach": s.attach} for s in layout.slots]
    return {"adjacent": layout.adjacent, "uses_chipset": layout.uses_chipset, "slots": slots, "inferred_wiring": layout.inferred}


def power_dict(build: Build) -> dict[str, Any] | None:
    """The power level (and the command that sets it), DC load, wall draw at the PSUs' efficiency, circuit, PSUs."""
    p = build.power
    if p is None:
        return None
    out: dict[str, Any] = {"level_pct": p.level_pct, "gpu_watts": _number(p.gpu_watts)}
    if p.command:
        out["command"] = p.command
    out.update({"dc_watts": _number(p.dc_watts), "wall_watts": p.wall_watts_shown,
                "efficiency_pct": round(float(p.efficiency_pct), 2), "circuit": p.circuit,
                "wall_limit_watts": _number(p.limit) if p.limit is not None else None, "psu_count": p.psu_count})  # fmt: skip
    return out


def scaling_dict(build: Build) -> dict[str, Any] | None:
    s = build.scoring
    if s is None:
        return None
    return {"profile": s.profile, "table": s.table, "speedup": float(s.speedup), "basis": s.speedup_basis}


def rating_dict(build: Build) -> dict[str, Any] | None:
    s = build.scoring
    if s is None:
        return None
    error = float(s.expected_error) if s.expected_error is not None else None
    return {"column": s.column, "words": s.words, "basis": s.basis, "expected_error": error}


def _number(value) -> int | float:
    """Watts as JSON: whole numbers as integers, others as floats."""
    return int(value) if value == int(value) else float(value)


def point_dict(build: Build) -> dict[str, Any]:
    """The numbers and parts of one build, as every command prints them."""
    return {
        "cost_usd": dollars(build.cost_cents),
        "performance": perf_json(build.performance),
        "perf_per_dollar": perf_json(build.performance * 100 / build.cost_cents),
        "build": build_dict(build),
        "layout": layout_dict(build),
        "power": power_dict(build),
        "scaling": scaling_dict(build),
        "rating": rating_dict(build),
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
