"""`frontier`, `sweep` and `compare`: the comparative questions a buyer asks."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate

from ..compare import compare as compare_variants
from ..diff import delta, diff_builds, short
from ..frontier import frontier as compute_frontier
from ..optimize import Options
from ..output import json_out
from ..text import dollars, per_thousand, perf, usd
from ..categories import CATEGORIES
from ..result import Build
from ..status import ExitStatus, exit_status
from ..study import study
from ..sweep import best_within, parse_budgets, sweep as compute_sweep
from .common import CATALOG, OUTPUT, TIME_LIMIT, WORKERS, Progress, emit, format_option, load_inputs, variant_options
from .report_cmd import REPORT, write_report

PLOT = click.option("--plot", "plot_path", type=click.Path(path_type=Path), help="Also draw a PNG chart to this file.")


def _changes(previous: Build | None, build: Build) -> str:
    if previous is None:
        return "cheapest valid build"
    return "; ".join(c.text() for c in diff_builds(previous, build)) or "same parts"


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["status"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _flat(build: Build | None) -> dict[str, Any]:
    """A build as flat CSV columns: part ids and counts."""
    out: dict[str, Any] = {}
    for c in CATEGORIES:
        pick = getattr(build, c.slot) if build else None
        out[c.slot] = pick.part.id if pick else ""
        if c.counted:
            out[c.count_key] = pick.count if pick else ""
    return out


def _explain(result_like) -> str:
    return result_like.explanation.text() if getattr(result_like, "explanation", None) else "No build meets every rule."


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--max-budget", type=click.FloatRange(min=0, min_open=True), help="Only builds up to this many dollars (default: the scenario's budget).")
@CATALOG
@format_option("table", "json", "csv")
@PLOT
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
def frontier(scenario_path, max_budget, catalog_dir, fmt, plot_path, output, time_limit, workers, report_path) -> ExitStatus:
    """Every build no other build beats on both cost and performance, cheapest first."""
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    if max_budget is not None:
        scenario = scenario.with_values(budget_cents=round(max_budget * 100))
    progress = Progress("frontier", scenario.budget_cents)
    f = compute_frontier(catalog, scenario, options=Options(time_limit, workers), progress=progress)
    progress.close()
    chosen = best_within(f.points, scenario.budget_cents or 10**15, scenario) if scenario.objective != "min_cost" or scenario.min_perf else None
    if fmt == "json":
        points, previous = [], None
        for b in f.points:
            points.append({**json_out.point_dict(b), "changes": _changes(previous, b)})
            previous = b
        text = json_out.dumps({"status": f.status, "scenario": scenario.name, "workload": scenario.workload, "points": points})
    elif fmt == "csv":
        rows, previous = [], None
        for b in f.points:
            rows.append({"cost_usd": f"{b.cost_cents / 100:.2f}", "performance": f"{float(b.performance):.6f}",
                         "perf_per_1000_usd": per_thousand(b.performance, b.cost_cents), **_flat(b), "changes": _changes(previous, b)})  # fmt: skip
            previous = b
        text = _csv(rows)
    else:
        text = _frontier_table(f, chosen)
    emit(text, output)
    if plot_path:
        from ..plot import plot_frontier

        plot_frontier(f, plot_path, chosen)
        click.echo(f"Wrote {plot_path}", err=True)
    if report_path:
        write_report(report_path, study(catalog, scenario, frontier=f, options=Options(time_limit, workers)))
    if f.stats.get("interrupted"):
        click.echo(f"Interrupted: the {len(f.points)} builds shown are proven; builds beyond the last one were not searched.", err=True)
    return exit_status(f.status, interrupted=f.stats.get("interrupted", False))


def _frontier_table(f, chosen: Build | None) -> str:
    name = f.scenario.name or f.scenario.source
    head = f"Frontier of {name}: {len(f.points)} builds, {'complete and proven' if f.status == 'optimal' else f.status}"
    if not f.points:
        return f"{head}\n{_explain(f)}"
    rows, previous = [], None
    for i, b in enumerate(f.points, 1):
        mark = "*" if chosen is not None and b == chosen else ""
        rows.append([f"{i}{mark}", usd(b.cost_cents), perf(b.performance), per_thousand(b.performance, b.cost_cents), short("gpu", b.gpu), _changes(previous, b)])
        previous = b
    table = tabulate(rows, headers=["#", "Cost", "Perf", "Perf/$1k", "GPUs", "Changed from the previous build"], maxcolwidths=[None] * 5 + [70])
    note = f"\n* the scenario's {f.scenario.objective} choice" if chosen is not None else ""
    if f.status == "feasible":
        note += "\nStopped early: every point shown is proven; builds beyond the last one were not searched."
    return f"{head}\n\n{table}{note}"


def _sweep_gap(s) -> str:
    """Why some budgets have no build: the cheapest build (exact, from the frontier), or why none exists."""
    if not s.frontier.points:
        return _explain(s.frontier)
    cheapest = s.frontier.points[0]
    if s.frontier.scenario.objective == "min_cost":
        return f"Infeasible budgets cannot buy performance {float(s.frontier.scenario.min_perf):g}; the cheapest build that meets every rule costs {usd(cheapest.cost_cents)}."
    return f"Budgets below {usd(cheapest.cost_cents)} are infeasible: the cheapest build that meets every rule costs {usd(cheapest.cost_cents)} (R14)."


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--budgets", required=True, help="START:STOP:STEP in dollars (inclusive), or a list like 1500,2500,4000.")
@CATALOG
@format_option("table", "json", "csv")
@PLOT
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
def sweep(scenario_path, budgets, catalog_dir, fmt, plot_path, output, time_limit, workers, report_path) -> ExitStatus:
    """The scenario's objective at each budget, from one exact frontier."""
    try:
        cents = parse_budgets(budgets)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--budgets") from None
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    progress = Progress("sweep", max(cents))
    s = compute_sweep(catalog, scenario, cents, options=Options(time_limit, workers), progress=progress)
    progress.close()
    if fmt == "json":
        points = [{"budget_usd": dollars(p.budget_cents), "status": p.status, **(json_out.point_dict(p.build) if p.build else
                   {"cost_usd": None, "performance": None, "perf_per_dollar": None, "build": None, "layout": None})} for p in s.points]  # fmt: skip
        text = json_out.dumps({"scenario": scenario.name, "objective": scenario.objective, "points": points})
    elif fmt == "csv":
        text = _csv([{"budget_usd": f"{p.budget_cents / 100:.2f}", "status": p.status,
                      "cost_usd": f"{p.build.cost_cents / 100:.2f}" if p.build else "",
                      "performance": f"{float(p.build.performance):.6f}" if p.build else "", **_flat(p.build)} for p in s.points])  # fmt: skip
    else:
        rows = [[usd(p.budget_cents), p.status, usd(p.build.cost_cents) if p.build else "-", perf(p.build.performance) if p.build else "-",
                 per_thousand(p.build.performance, p.build.cost_cents) if p.build else "-", short("gpu", p.build.gpu) if p.build else "-"] for p in s.points]  # fmt: skip
        head = f"Sweep of {scenario.name or scenario.source} ({scenario.objective}): {len(s.points)} budgets from {s.frontier.stats.get('points', 0)} frontier builds, {s.stats['solves']} solves"
        text = head + "\n\n" + tabulate(rows, headers=["Budget", "Status", "Cost", "Perf", "Perf/$1k", "GPUs"])
        if any(p.status == "infeasible" for p in s.points):
            text += "\n\n" + _sweep_gap(s)
    emit(text, output)
    if plot_path:
        from ..plot import plot_sweep

        plot_sweep(s, plot_path)
        click.echo(f"Wrote {plot_path}", err=True)
    if report_path:
        write_report(report_path, study(catalog, scenario, sweep=s, options=Options(time_limit, workers)))
    interrupted = s.frontier.stats.get("interrupted", False)
    if interrupted:
        click.echo("Interrupted: budgets marked feasible or unknown lie beyond the builds proven so far.", err=True)
    return exit_status(*(p.status for p in s.points), interrupted=interrupted)


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--variant", "names", multiple=True, help="Only this [[variants]] entry (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="An ad-hoc variant setting, e.g. budget_usd=4000 or rules.adjacent_open_air=penalize.")
@click.option("--price", "prices", multiple=True, metavar="REF=USD", help="An ad-hoc variant price, e.g. gpus:rtx-4090=1499.")
@click.option("--name", "adhoc_name", default="command line", show_default=True, help="Name of the ad-hoc variant.")
@CATALOG
@format_option("table", "json")
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
def compare(scenario_path, names, sets, prices, adhoc_name, catalog_dir, fmt, output, time_limit, workers, report_path) -> ExitStatus:
    """Solve the scenario and its what-if variants side by side and say what changed and why."""
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    raws = variant_options(scenario, names, sets, prices, adhoc_name)
    if not raws:
        raise click.UsageError(f"{scenario.source} has no [[variants]]; add some or give --set/--price for an ad-hoc one.")
    c = compare_variants(catalog, scenario, variants=raws, options=Options(time_limit, workers))
    if fmt == "json":
        data = {
            "base": json_out.result_dict(c.base),
            "variants": [
                {"name": o.name, "changed": o.changed, **json_out.result_dict(o.result),
                 "diff": [{"part": ch.slot, "before": ch.before.part.id if ch.before else None,
                           "after": ch.after.part.id if ch.after else None, "cause": ch.cause} for ch in o.changes],
                 "summary": c.summary(o)}
                for o in c.variants
            ],
        }  # fmt: skip
        text = json_out.dumps(data)
    else:
        text = _compare_table(c)
    emit(text, output)
    if report_path:
        write_report(report_path, study(catalog, scenario, comparison=c, variants=raws, options=Options(time_limit, workers)))
    return exit_status(c.base.status, *(o.result.status for o in c.variants), nothing_fits_fails=False)


def _compare_table(c) -> str:
    columns = [("base", c.base)] + [(o.name, o.result) for o in c.variants]
    rows = [["Status"] + [r.status for _, r in columns]]
    for cat in CATEGORIES:
        rows.append([cat.slot] + [short(cat.slot, r.build.picks()[cat.slot]) if r.build else "-" for _, r in columns])
    rows.append(["Cost"] + [usd(r.cost_cents) for _, r in columns])
    rows.append(["Performance"] + [perf(r.performance) for _, r in columns])
    rows.append(["Perf/$1k"] + [per_thousand(r.performance, r.cost_cents) for _, r in columns])
    name = c.scenario.name or c.scenario.source
    lines = [f"What-if for {name} ({c.scenario.objective})", "", tabulate(rows, headers=[""] + [n for n, _ in columns], maxcolwidths=[None] + [28] * len(columns)), ""]
    for o in c.variants:
        lines.append(f"{o.name}: {'; '.join(o.changed) or 'no changes'}")
        if o.result.build is None:
            lines.append(f"  {_explain(o.result)}")
        elif c.base.build is not None:
            for ch in o.changes:
                lines.append(f"  - {ch.text()}")
            lines.append(f"  = {delta(c.base.build, o.result.build)}" + ("" if o.changes else ", same parts"))
    return "\n".join(lines)
