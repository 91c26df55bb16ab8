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
NO_BUILD = {"cost_usd": None, "spend_usd": None, "performance": None, "perf_per_dollar": None, "build": None, "layout": None,
            "power": None, "scaling": None, "rating": None, "tco": None, "stale_prices": []}  # fmt: skip


def build_dict(build: Build) -> dict[str, Any]:
    """Each part with its unit price; contract v3: the offer it is bought at (when a unit is bought) and the units
    owned (when any are)."""
    out: dict[str, Any] = {}
    for c in CATEGORIES:
        pick = getattr(build, c.slot)
        if pick is None:
            out[c.slot] = None
            continue
        item: dict[str, Any] = {"id": pick.part.id, "name": pick.part.name, "price_usd": dollars(pick.part.price_cents)}
        if c.counted:
            item["count"] = pick.count
        if pick.owned:
            item["owned"] = pick.owned
            item["owned_value_usd"] = dollars(pick.owned_cents)
        if pick.bought and pick.part.offer is not None:
            item["offer"] = offer_dict(pick.part.offer)
        out[c.slot] = item
    return out


def offer_dict(offer) -> dict[str, Any]:
    """Where a part's price comes from (contract v3 section 3)."""
    out = {"condition": offer.condition, "date": offer.date.isoformat() if offer.date else None, "source": offer.source,
           "kind": offer.kind, "price_usd": dollars(offer.price_cents)}  # fmt: skip
    if offer.note:
        out["converted_from"] = offer.note
    return out


def tco_dict(build: Build) -> dict[str, Any] | None:
    """Contract v3 sections 4-5: purchase, spend, energy and its cost, the total, and the cloud doing the same work."""
    e = build.energy
    if e is None:
        return None
    out: dict[str, Any] = {
        "purchase": dollars(build.cost_cents), "spend": dollars(build.spend_cents), "energy_kwh": float(e.kwh),
        "energy_cost": dollars(e.cents), "total": dollars(build.tco_cents), "hours": float(e.hours),
        "wall_watts": float(e.wall_w), "idle_watts": float(e.idle_w), "idle_inferred": e.idle_inferred,
        "kwh_price_usd": float(e.kwh_price_usd), "cloud": None, "break_even_month": None,
    }  # fmt: skip
    c = build.cloud
    if c is not None:
        out["cloud"] = {"provider": c.cloud.provider, "instance": c.cloud.instance, "chipset": c.cloud.chipset, "gpus": c.cloud.gpus,
                        "hourly": float(c.cloud.usd_per_hour), "price_date": c.cloud.price_date, "source_url": c.cloud.source_url,
                        "instance_hours": float(c.instance_hours), "cost": dollars(round(c.cost_cents))}  # fmt: skip
        out["months"] = c.months
        out["break_even_month"] = c.break_even_month
        out["break_even_day"] = c.break_even_day
    return out


def prices_dict(inst, build: Build | None) -> dict[str, Any] | None:
    """Contract v3 section 3: the catalog's price dates, today, the age limit, and the build's stale offers."""
    if inst is None:
        return None
    return {"catalog_dates": inst.catalog.price_dates(), "today": inst.today.isoformat(),
            "max_price_age_days": inst.scenario.max_price_age_days, "stale": list(build.stale) if build else []}  # fmt: skip


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
        "spend_usd": dollars(build.spend_cents),
        "performance": perf_json(build.performance),
        "perf_per_dollar": perf_json(build.performance * 100 / build.cost_cents) if build.cost_cents else None,
        "build": build_dict(build),
        "layout": layout_dict(build),
        "power": power_dict(build),
        "scaling": scaling_dict(build),
        "rating": rating_dict(build),
        "tco": tco_dict(build),
        "stale_prices": list(build.stale),
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
            "min_tco": "no build meeting min_perf has a lower total cost of ownership in dollars",
            "perf_per_tco_dollar": "no build reaches more performance per dollar of total cost of ownership",
        }[result.objective]
    if result.explanation is not None:
        out["explanation"] = result.explanation.to_dict()
    if result.notes:
        out["notes"] = list(result.notes)
    out["prices"] = prices_dict(result.instance, result.build)
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
    return {"ok": report.ok, **point_dict(report.build), "rules": verdicts(report.checks), "unchecked": list(report.unchecked),
            "prices": prices_dict(report.instance, report.build)}  # fmt: skip


def frontier_dict(f: Frontier) -> dict[str, Any]:
    """`frontier`: every build, cheapest first, with what changed from the one before."""
    points, previous = [], None
    for b in f.points:
        points.append({**point_dict(b), "changes": step_text(previous, b)})
        previous = b
    return {"status": f.status, "scenario": f.scenario.name, "workload": f.scenario.workload, "cost_basis": f.basis, "points": points,
            "prices": prices_dict(f.instance, None)}  # fmt: skip


def sweep_dict(s: Sweep, scenario: Scenario) -> dict[str, Any]:
    """`sweep`: the scenario's answer at each budget."""
    points = [{"budget_usd": dollars(p.budget_cents), "status": p.status, **(point_dict(p.build) if p.build else NO_BUILD)} for p in s.points]
    return {"scenario": scenario.name, "objective": scenario.objective, "cost_basis": s.frontier.basis,
            "budgets_limit": "total cost of ownership" if s.frontier.basis == "tco" else "spend",
            "objective_on_basis": scenario.with_values(cost_basis=s.frontier.basis).basis_objective, "points": points,
            "prices": prices_dict(s.frontier.instance, None)}  # fmt: skip


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
