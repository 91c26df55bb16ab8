"""Every command's JSON: one envelope around each command's answer (results as spec §6, plus the extra keys a
script may want). The JSON Schemas in solver/schemas describe every document made here; docs/json.md explains
them.

The envelope's keys come first in every document: `schema_version` (SCHEMA_VERSION), `version` (dlbuild's),
`command`, `status` and `catalog` (its name and price dates). Units are the same everywhere: money in US dollars
(`*_usd`), performance relative to one RTX 4090 = 1.0 on the workload's rating column, power in watts, shares
in percent (`*_pct`), dates as YYYY-MM-DD; a part is named by its reference `<file stem>:<id>` (`ref`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..categories import CATEGORIES
from ..pricedates import price_dates
from ..result import Build, Result
from ..rulebook import RuleCheck
from ..status import overall
from ..text import dollars, json_printable, perf_json
from ..version import version

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from collections.abc import Callable

    from ..catalog import Catalog
    from ..check import CheckReport
    from ..compare import Comparison
    from ..frontier import Frontier
    from ..scenario import Scenario
    from ..shipped import Example
    from ..sweep import Sweep

#: The version of the documents' layout (solver/schemas). A change that removes or renames a key, or changes
#: a key's meaning or unit, raises it; new keys do not.
SCHEMA_VERSION = 1


def envelope(
    command: str, status: str, catalog: Catalog | dict[str, Any] | None, body: dict[str, Any]
) -> dict[str, Any]:
    """A command's document: the envelope's keys, then the command's own. `catalog` is the catalog used (or
    its description from `catalog_dict`), None for a command that read none."""
    described = catalog if isinstance(catalog, dict) or catalog is None else catalog_dict(catalog)
    return {
        "schema_version": SCHEMA_VERSION,
        "version": version(),
        "command": command,
        "status": status,
        "catalog": described,
        **body,
    }


def catalog_dict(
    catalog: Catalog | None, *, name: str | None = None, dates: dict[str, int] | None = None
) -> dict[str, Any]:
    """The catalog an answer comes from: its directory's name (not its path: a document is shared) and when its
    prices were taken. A catalog has no date of its own (it is rebuilt byte-identically from its inputs): its
    newest price date is its date."""
    if dates is None or name is None:
        assert catalog is not None, "an answer without a catalog (catalog stats) gives its name and dates"
        dates = price_dates(catalog) if dates is None else dates
        name = Path(catalog.path).name if name is None else name
    return {
        "name": name,
        "oldest_price_date": min(dates) if dates else None,
        "newest_price_date": max(dates) if dates else None,
        "price_dates": dates,
    }


#: A result's keys when it has no build.
NO_BUILD: dict[str, Any] = {"cost_usd": None, "spend_usd": None, "performance": None, "perf_per_dollar": None,
            "build": None, "layout": None,
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
        item: dict[str, Any] = {
            "ref": pick.part.ref,
            "id": pick.part.id,
            "name": pick.part.name,
            "price_usd": dollars(pick.part.price_cents),
        }
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
        out["cloud"] = {"provider": c.cloud.provider, "instance": c.cloud.instance, "chipset": c.cloud.chipset,
                        "gpus": c.cloud.gpus,
                        "hourly": float(c.cloud.usd_per_hour), "price_date": c.cloud.price_date,
                        "source_url": c.cloud.source_url,
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
            "max_price_age_days": inst.scenario.max_price_age_days,
            "stale": list(build.stale) if build else []}  # fmt: skip


def layout_dict(build: Build) -> dict[str, Any]:
    """Contract v2 section 7: the slots the cards sit in, top to bottom (the layout R7's message names)."""
    layout = build.layout
    slots = [{"position": s.position, "lanes": s.lanes, "gen": s.gen, "attach": s.attach} for s in layout.slots]
    return {
        "adjacent": layout.adjacent,
        "uses_chipset": layout.uses_chipset,
        "slots": slots,
        "inferred_wiring": layout.inferred,
    }


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
                "wall_limit_watts": _number(p.limit) if p.limit is not None else None,
                "psu_count": p.psu_count})  # fmt: skip
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
            {"rule": b.check.rule, "detail": b.check.detail, "blocks": b.blocked.part.ref if b.blocked else None}
            for b in result.bindings or []
        ]
    body = result_dict(result, extra)
    del body["status"]  # the envelope's
    return envelope("solve", result.status, _catalog_of(result.instance), body)


def check_dict(report: CheckReport) -> dict[str, Any]:
    """`check`: the verdict (status passed or failed), the build's numbers, each rule's verdict and what the model
    does not check; contract v3: the price dates and stale prices."""
    body = {**point_dict(report.build), "rules": verdicts(report.checks), "unchecked": list(report.unchecked),
            "prices": prices_dict(report.instance, report.build)}  # fmt: skip
    return envelope("check", "passed" if report.ok else "failed", report.catalog, body)


def frontier_dict(f: Frontier) -> dict[str, Any]:
    """`frontier`: every build, cheapest first, with what changed from the one before."""
    from ..diff import step_text  # frontier only: a solve's JSON does not load solver.diff

    points, previous = [], None
    for b in f.points:
        points.append({**point_dict(b), "changes": step_text(previous, b)})
        previous = b
    body = {"scenario": f.scenario.name, "workload": f.scenario.workload, "objective": f.scenario.objective,
            "budget_usd": dollars(f.scenario.budget_cents), "cost_basis": f.basis, "points": points,
            "prices": prices_dict(f.instance, None)}  # fmt: skip
    return envelope("frontier", f.status, _catalog_of(f.instance), body)


def sweep_dict(s: Sweep, scenario: Scenario | None = None) -> dict[str, Any]:
    """`sweep`: the scenario's answer at each budget (its status is the frontier's the sweep is read off)."""
    scenario = scenario or s.frontier.scenario
    points = [
        {"budget_usd": dollars(p.budget_cents), "status": p.status, **(point_dict(p.build) if p.build else NO_BUILD)}
        for p in s.points
    ]
    body = {"scenario": scenario.name, "workload": scenario.workload, "objective": scenario.objective,
            "cost_basis": s.frontier.basis,
            "budgets_limit": "total cost of ownership" if s.frontier.basis == "tco" else "spend",
            "objective_on_basis": scenario.with_values(cost_basis=s.frontier.basis).basis_objective, "points": points,
            "prices": prices_dict(s.frontier.instance, None)}  # fmt: skip
    return envelope("sweep", s.frontier.status, _catalog_of(s.frontier.instance), body)


def compare_dict(c: Comparison) -> dict[str, Any]:
    """`compare`: the base result, and each variant's with what it changed and each changed part's cause."""
    variants = []
    for o in c.variants:
        diff = [{"part": ch.slot, "before": ch.before.part.ref if ch.before else None,
                 "after": ch.after.part.ref if ch.after else None,
                 "cause": ch.cause} for ch in o.changes]  # fmt: skip
        variants.append(
            {"name": o.name, "changed": o.changed, **result_dict(o.result), "diff": diff, "summary": c.summary(o)}
        )
    status = overall(c.base.status, *(o.result.status for o in c.variants))
    return envelope(
        "compare", status, _catalog_of(c.base.instance), {"base": result_dict(c.base), "variants": variants}
    )


#: Each answer's document, by the command that answers it (solver.notebook's to_dict()).
DOCUMENTS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "solve": solve_dict,
    "check": check_dict,
    "frontier": frontier_dict,
    "sweep": sweep_dict,
    "compare": compare_dict,
}


def search_dict(hits: list[dict[str, Any]], query: str, catalog: Catalog) -> dict[str, Any]:
    """`catalog search`: each hit's reference and price (in dollars, as everywhere), then its row's other cells
    as the file has them."""
    rows = []
    for hit in hits:
        row = {k: v for k, v in hit.items() if k not in ("file", "id", "name", "price_usd")}
        rows.append({"ref": f"{hit['file']}:{hit['id']}", "file": hit["file"], "id": hit["id"], "name": hit["name"],
                     "price_usd": float(hit["price_usd"]), **row})  # fmt: skip
    return envelope("catalog search", "ok", catalog, {"query": query, "hits": rows})


def scenarios_dict(examples: list[Example]) -> dict[str, Any]:
    """`scenarios`: each shipped scenario and build file by the name `dlbuild scenarios copy` and `solve` take, its
    kind and what it is for. No catalog is read."""
    rows = [{"name": e.name, "kind": e.kind, "description": e.description} for e in examples]
    return envelope("scenarios", "ok", None, {"scenarios": rows})


def workloads_dict(rows: list[dict[str, Any]], catalog: Catalog) -> dict[str, Any]:
    """`workloads`: each workload of the catalog as the table shows it (solver.workload_names.describe)."""
    return envelope("workloads", "ok", catalog, {"workloads": rows})


def stats_dict(
    categories: dict[str, dict[str, Any]], coverage: dict[str, dict[str, Any]], catalog: dict[str, Any]
) -> dict[str, Any]:
    """`catalog stats`: each category's import counts with its coverage; `catalog` from `catalog_dict`."""
    return envelope(
        "catalog stats",
        "ok",
        catalog,
        {"categories": {name: {**c, "coverage": coverage[name]} for name, c in categories.items()}},
    )


def _catalog_of(inst) -> Catalog | None:
    return inst.catalog if inst is not None else None


def dumps(data: Any) -> str:
    return json_printable(json.dumps(data, indent=2, ensure_ascii=False))
