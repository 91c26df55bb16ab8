"""Machine-readable results exactly as spec §6, plus the extra keys a script may want."""
from __future__ import annotations

import json
from typing import Any

from ..categories import CATEGORIES
from ..result import Build, Result
from ..text import dollars, perf_json


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
        out.update({"cost_usd": None, "performance": None, "perf_per_dollar": None, "build": None, "layout": None})
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


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
