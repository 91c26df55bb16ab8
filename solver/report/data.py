"""The report's content as one plain, JSON-serialisable dict, built from the solver's own results."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..categories import category
from ..diff import delta, diff_builds, short
from ..output.money_text import offer_text, owned_text
from ..output.table import layout_text, power_text, rating_words, scaling_text
from ..result import Binding, Build, Result
from ..rulebook import titles
from ..tco import cumulative
from ..text import num, per_thousand, perf, usd
from ..version import version
from .provenance import provenance

if TYPE_CHECKING:  # annotations only: the report reads a study and loads no solver
    from ..compare import Comparison
    from ..frontier import Frontier
    from ..instance import Instance
    from ..scenario import Scenario
    from ..study import Study
    from ..sweep import Sweep

OBJECTIVES = {  # performance in the workload's rating, which is not always training (units.performance says which)
    "perf_per_dollar": "the most performance per dollar",
    "max_perf": "the most performance",
    "min_cost": "the lowest cost",
    "min_tco": "the lowest total cost of ownership",
    "perf_per_tco_dollar": "the most performance per dollar of total cost of ownership",
}


def _ratio(value: Fraction | int | None) -> float | None:
    return None if value is None else float(value)


def build_view(build: Build) -> dict[str, Any]:
    """One build as the report shows it: parts with unit and line prices, totals and the GPU layout."""
    parts = []
    for slot, pick in build.picks().items():
        row: dict[str, Any] = {"slot": slot, "label": category(slot).label, "short": short(slot, pick)}
        if pick is None:
            row.update(
                {
                    "ref": None,
                    "id": None,
                    "name": None,
                    "count": 0,
                    "unit_cents": 0,
                    "cents": 0,
                    "note": "comes with the CPU",
                }
            )
        else:
            row.update({"ref": pick.part.ref, "id": pick.part.id, "name": pick.part.name, "count": pick.count,
                        "unit_cents": pick.part.price_cents, "cents": pick.cost_cents,
                        "unit": usd(pick.part.price_cents), "price": usd(pick.cost_cents)})  # fmt: skip
            # Build model v3: where the bought price comes from, and the units owned.
            row["offer"] = offer_text(pick.part.offer) if pick.bought and pick.part.offer is not None else None
            row["owned"] = owned_text(pick)
        parts.append(row)
    return {
        "cost_cents": build.cost_cents,
        "cost": usd(build.cost_cents),
        "performance": float(build.performance),
        "perf": perf(build.performance),
        "perf_per_1000": float(build.performance * 100_000 / build.cost_cents),
        "perf_per_1000_text": per_thousand(build.performance, build.cost_cents),
        "gpu": short("gpu", build.gpu),
        "layout": layout_text(build),
        "power": power_text(build),
        "power_level_pct": build.power.level_pct if build.power is not None else build.power_level,
        "wall_watts": build.power.wall_watts_shown if build.power is not None else None,
        "psu_count": build.psu_count,
        "scaling": scaling_text(build),
        "rating": rating_words(build),
        "parts": parts,
    }


def binding_view(b: Binding) -> dict[str, Any]:
    """A binding rule in plain words: what it asks, and the better swap it alone rules out."""
    if b.blocked is None:
        swap = "leaving out the cooler"
    else:
        swap = (f"{b.blocked.count} x " if category(b.slot).counted else "") + b.blocked.part.name
    gain = f"save {usd(b.saving_cents)}" if b.saving_cents > 0 else f"cost {usd(-b.saving_cents)} more"
    if b.perf_gain > 0:
        gain += f" and add {float(b.perf_gain):.4f} performance"
    return {
        "rule": b.check.rule,
        "title": b.check.title,
        "detail": b.check.detail,
        "blocks": b.blocked.part.ref if b.blocked else None,
        "slot": b.slot,
        "saving_cents": b.saving_cents,
        "words": f"Without this rule, {swap} would {gain}.",
    }


def result_view(result: Result) -> dict[str, Any]:
    """The recommended build (or why there is none) with every rule's verdict and the binding rules."""
    out: dict[str, Any] = {
        "status": result.status,
        "objective": result.objective,
        "build": None,
        "binding": [],
        "checks": [],
        "explanation": result.explanation.text() if result.explanation is not None else None,
        "bound": _ratio(result.bound),
        "notes": list(result.notes),
        "interrupted": bool(result.stats.get("interrupted")),
    }
    if result.build is not None:
        out["build"] = build_view(result.build)
        out["binding"] = [binding_view(b) for b in result.bindings or []]
        out["checks"] = [{"rule": c.rule, "title": c.title, "ok": c.ok, "detail": c.detail} for c in result.checks]
    return out


def _same_point(a: Build | None, b: Build | None) -> bool:
    return a is not None and b is not None and (a.cost_cents, a.performance) == (b.cost_cents, b.performance)


def _change_texts(before: Build, after: Build) -> list[str]:
    return [c.text() for c in diff_builds(before, after)]


def frontier_view(f: Frontier, chosen: Build | None) -> dict[str, Any]:
    """Every frontier build, what changed from the one before, and how it differs from the chosen one."""
    points, previous = [], None
    for index, b in enumerate(f.points):
        point = build_view(b)
        point["index"] = index
        point["changes"] = _change_texts(previous, b) if previous is not None else []
        point["recommended"] = _same_point(b, chosen)
        point["vs_recommended"] = None
        if chosen is not None:
            point["vs_recommended"] = {"changes": _change_texts(chosen, b), "delta": delta(chosen, b)}
        points.append(point)
        previous = b
    return {
        "status": f.status,
        "complete": f.status == "optimal",
        "count": len(points),
        "points": points,
        "stats": _plain(f.stats),
    }


def _plain(stats: dict[str, Any]) -> dict[str, Any]:
    """Counts only: timings would make two reports of the same answer differ."""
    return {k: v for k, v in stats.items() if k != "seconds" and isinstance(v, (int, str, bool))}


def sweep_view(s: Sweep, scenario: Scenario) -> dict[str, Any]:
    points = []
    for p in s.points:
        view = build_view(p.build) if p.build is not None else None
        points.append(
            {"budget_cents": p.budget_cents, "budget": usd(p.budget_cents), "status": p.status, "build": view}
        )
    cheapest = s.frontier.points[0].cost_cents if s.frontier.points else None
    return {
        "objective": scenario.objective,
        "points": points,
        "cheapest_cents": cheapest,
        "cheapest": usd(cheapest) if cheapest else None,
    }


def compare_view(c: Comparison) -> dict[str, Any]:
    """The variants side by side: each one's build, what it changed, and each changed part's cause."""
    variants = []
    for o in c.variants:
        changes = [
            {
                "slot": ch.slot,
                "label": category(ch.slot).word,
                "before": short(ch.slot, ch.before),
                "after": short(ch.slot, ch.after),
                "cause": ch.cause,
                "text": ch.text(),
            }
            for ch in o.changes
        ]
        before, after = c.base.build, o.result.build
        variants.append(
            {
                "name": o.name,
                "status": o.result.status,
                "changed": list(o.changed),
                "build": build_view(o.result.build) if o.result.build is not None else None,
                "changes": changes,
                "summary": c.summary(o),
                "delta": delta(before, after) if before is not None and after is not None else None,
                "explanation": o.result.explanation.text() if o.result.explanation is not None else None,
                "interrupted": bool(o.result.stats.get("interrupted")),
            }
        )
    base = c.base
    return {
        "base": {"status": base.status, "build": build_view(base.build) if base.build else None},
        "variants": variants,
    }


def _list(values: Iterable[Any]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _goal(scenario: Scenario) -> str:
    """What the build is chosen for, in words: "the lowest cost reaching performance 1.5"."""
    words = OBJECTIVES.get(scenario.objective, scenario.objective)
    if scenario.objective == "min_cost" and scenario.min_perf is not None:
        words += f" reaching performance {num(scenario.min_perf)}"
    return words


def scenario_view(scenario: Scenario, inst: Instance) -> dict[str, Any]:
    """The scenario and every rule parameter in force, with the rule each belongs to."""
    r = scenario.rules
    threads, memory = inst.threads_per_gpu, inst.min_gpu_memory_gb
    from_workload = " (the workload's)"
    params = [
        ("R1", "gpu.counts", _list(scenario.gpu_counts), "GPU counts allowed"),
        ("R2", "gpu.min_memory_gb",
         (num(memory) + " GB" if memory is not None else "-")
         + (from_workload if scenario.min_gpu_memory_gb is None else ""),
         "memory each GPU must have"),
        ("R3", "rules.ram_per_gpu_memory", num(r.ram_per_gpu_memory), "GB of RAM per GB of GPU memory"),
        ("R3", "rules.ram_basis", r.ram_basis, "RAM counted against the largest GPU or all GPUs together"),
        ("R8", "rules.adjacent_open_air", r.adjacent_open_air,
         "open-air cards side by side: forbidden, or slowed down"),
        ("R8", "rules.adjacent_penalty", num(r.adjacent_penalty),
         "slow-down of adjacent open-air cards (under penalize)"),
        ("R9", "rules.threads_per_gpu", str(threads) + (from_workload if r.threads_per_gpu is None else ""),
         "CPU threads per GPU"),
        ("R9", "rules.min_pcie_lanes_per_gpu", str(r.min_pcie_lanes_per_gpu), "CPU PCIe lanes per GPU"),
        ("R10", "rules.psu_headroom", num(r.psu_headroom), "PSU margin over GPUs + CPU + other parts"),
        ("R10", "rules.other_w", num(r.other_w) + " W", "power for everything but GPUs and CPU"),
        ("R12", "rules.min_storage_gb", num(r.min_storage_gb) + " GB", "smallest drive"),
        ("R12", "rules.storage_kind", r.storage_kind, "kind of drive asked for"),
        ("R13", "rules.circuit", r.circuit, "the wall circuit's continuous limit (us_15a: 1,440 W)"),
        ("R13", "rules.max_wall_watts", num(r.max_wall_watts) + " W" if r.max_wall_watts else "0 (the circuit's)",
         "most power drawn from the wall"),
        ("R7", "rules.chipset_slots", r.chipset_slots, "cards on chipset slots: forbidden, or slowed down"),
        ("R7", "rules.chipset_penalty", num(r.chipset_penalty),
         "slow-down when a card sits on a chipset slot (under penalize)"),
        ("R10", "rules.power_limit", r.power_limit, "GPUs may run at a power limit (power_limits.csv levels)"),
        ("R10", "rules.recommended_psu", r.recommended_psu, "PSU meets the GPU maker's recommended system power"),
        ("R6", "rules.dual_psu", r.dual_psu, "two identical PSUs allowed"),
        ("R16", "rules.min_ram_gb", num(r.min_ram_gb) + " GB", "least system RAM"),
        ("R16", "rules.ram_per_total_vram", num(r.ram_per_total_vram),
         "GB of RAM per GB of all GPUs' memory (2+ GPUs)"),
        ("R17", "rules.psu_min_efficiency", r.psu_min_efficiency,
         f"80 PLUS level asked above {num(r.psu_efficiency_above_w)} W"),
        ("R18", "rules.min_compute_capability", num(r.min_compute_capability), "least CUDA compute capability"),
        ("", "rules.profile", r.profile, "the defaults in force: recommended floors or the 2018 guide's minimums"),
        ("", "rules.scaling",
         ", ".join(f"{n}: {num(v)}" for n, v in sorted(r.scaling.items()) if n in scenario.gpu_counts)
         if r.scaling is not None else "the catalog's table per product line (scaling.csv)",
         "speed-up of n GPUs over one"),
    ]  # fmt: skip
    return {
        "name": scenario.name or scenario.source,
        "description": scenario.description,
        "source": scenario.source,
        "workload": scenario.workload,
        "perf_column": inst.perf_column,
        "objective": scenario.objective,
        "objective_words": _goal(scenario),
        "budget_cents": scenario.budget_cents,
        "budget": usd(scenario.budget_cents) if scenario.budget_cents else "none",
        "min_perf": _ratio(scenario.min_perf),
        "exclude": list(scenario.exclude),
        "require": list(scenario.require),
        "prices": {
            row.part + (" (used)" if row.condition == "used" else ""): usd(row.price_cents) for row in scenario.prices
        },
        "variants": scenario.variant_names(),
        "parameters": [
            {"rule": rule, "key": key, "value": value, "meaning": meaning} for rule, key, value, meaning in params
        ],
        "rule_titles": titles(),
    }


def _performance_unit(study: Study) -> str:
    """What every performance number in the report measures, in the words of the workload's rating column."""
    builds = [study.result.build, *(study.frontier.points[-1:] if study.frontier is not None else [])]
    build = next((b for b in builds if b is not None and b.scoring is not None), None)
    return rating_words(build, study.instance.perf_column if study.instance is not None else None)


def report_data(study: Study) -> dict[str, Any]:
    """Everything the report shows, from a study: plain values only (the page embeds them as JSON)."""
    scenario, result = study.scenario, study.result
    return {
        "title": f"{scenario.name or scenario.source}: recommended build",
        "generated": datetime.date.today().isoformat(),
        "version": version(),
        "scenario": scenario_view(scenario, study.instance),
        "result": result_view(result),
        "frontier": frontier_view(study.frontier, result.build),
        "sweep": sweep_view(study.sweep, scenario) if study.sweep is not None else None,
        "compare": compare_view(study.comparison) if study.comparison is not None else None,
        "catalog": provenance(study.catalog),
        "tco": tco_view(result),
        "units": {"performance": _performance_unit(study), "perf_per_1000": "performance per $1,000"},
    }


def tco_view(result: Result) -> dict[str, Any] | None:
    """Build model v3 section 5: the recommended build's cost by month against the cloud doing the same work (the
    chart's points, in cents), with the totals; None without [usage] or without a build."""
    build, inst = result.build, result.instance
    if build is None or build.energy is None or inst is None or inst.usage is None:
        return None
    c = build.cloud
    points = cumulative(inst.usage, build.cost_cents, build.energy.cents, c.cost_cents if c else None)
    return {
        "months": [m for m, _, _ in points],
        "build_cents": [b for _, b, _ in points],
        "cloud_cents": [x for _, _, x in points] if c else None,
        "purchase": usd(build.cost_cents),
        "energy_kwh": float(build.energy.kwh),
        "energy_cost": usd(build.energy.cents),
        "total": usd(build.tco_cents),
        "cloud": None if c is None else {"name": f"{c.cloud.provider} {c.cloud.instance}".strip(),
                                          "hourly": float(c.cloud.usd_per_hour),
                                          "cost": usd(round(c.cost_cents)), "price_date": c.cloud.price_date},
        "break_even_month": c.break_even_month if c else None,
        "horizon_months": inst.usage.months,
    }  # fmt: skip
