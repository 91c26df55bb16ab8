"""`frontier`, `sweep` and `compare`: the comparative questions a buyer asks."""

from __future__ import annotations

from pathlib import Path

import click

from .. import interrupt
from ..status import ExitStatus, exit_status
from .common import (
    CATALOG,
    COST_BASIS,
    OUTPUT,
    PLOT,
    PRICES,
    REPORT,
    TIME_LIMIT,
    WORKERS,
    Progress,
    budget_option,
    emit,
    format_option,
    load_inputs,
    max_budget_option,
    show,
    solver_options,
    variant_options,
    with_cost_basis,
    with_price_lists,
)
from .report_cmd import write_report


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option(
    "--max-budget",
    "max_budget_cents",
    metavar="USD",
    callback=max_budget_option,
    help="Only builds up to this many dollars (default: the scenario's budget).",
)
@CATALOG
@PRICES
@COST_BASIS
@format_option("table", "json", "csv")
@PLOT
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
def frontier(
    scenario_path,
    max_budget_cents,
    catalog_dir,
    price_files,
    cost_basis,
    fmt,
    plot_path,
    output,
    time_limit,
    workers,
    report_path,
) -> ExitStatus:
    """Every build no other build beats on both cost and performance, cheapest first."""
    from ..frontier import frontier as trace_frontier
    from ..output import csv_out, json_out, table
    from ..sweep import chosen_point

    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    scenario = with_cost_basis(with_price_lists(scenario, price_files), cost_basis)
    if max_budget_cents is not None:  # on the TCO basis it limits TCO; R14 still limits spend
        limit = "budget_cents" if cost_basis == "purchase" else "tco_budget_cents"
        scenario = scenario.with_values(**{limit: max_budget_cents})
    options = solver_options(time_limit, workers)
    with Progress("frontier", scenario.budget_cents) as progress:
        f = trace_frontier(catalog, scenario, options=options, progress=progress)
        progress.close(complete=not f.stats.get("interrupted"))
    chosen = chosen_point(f)
    if fmt == "json":
        emit(json_out.dumps(json_out.frontier_dict(f)), output)
    else:
        emit(
            csv_out.frontier_csv(f)
            if fmt == "csv"
            else table.frontier_table(f, chosen, width=table.file_width(output)),
            output,
        )
    if plot_path:
        from ..plot import plot_frontier

        plot_frontier(f, plot_path, chosen)
        show(f"Wrote {plot_path}", err=True)
    if report_path:
        from ..study import study

        write_report(report_path, study(catalog, scenario, frontier=f, options=options))
    interrupted = f.stats.get("interrupted", False)
    if interrupted:
        click.echo(
            f"{interrupt.words()}: the {len(f.points)} builds shown are proven; "
            "builds beyond the last one were not searched.",
            err=True,
        )
    return exit_status(f.status, interrupted=interrupted)


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--budgets", required=True, help="START:STOP:STEP in dollars (inclusive), or a list like 1500,2500,4000.")
@CATALOG
@PRICES
@COST_BASIS
@format_option("table", "json", "csv")
@PLOT
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
def sweep(
    scenario_path,
    budgets,
    catalog_dir,
    price_files,
    cost_basis,
    fmt,
    plot_path,
    output,
    time_limit,
    workers,
    report_path,
) -> ExitStatus:
    """The scenario's objective at each budget, from one exact frontier."""
    from ..output import csv_out, json_out, table
    from ..sweep import sweep as sweep_budgets

    cents = budget_option(budgets)
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    scenario = with_cost_basis(with_price_lists(scenario, price_files), cost_basis)
    options = solver_options(time_limit, workers)
    with Progress("sweep", max(cents)) as progress:
        s = sweep_budgets(catalog, scenario, cents, options=options, progress=progress)
        progress.close(complete=not s.frontier.stats.get("interrupted"))
    if fmt == "json":
        emit(json_out.dumps(json_out.sweep_dict(s, scenario)), output)
    else:
        emit(
            csv_out.sweep_csv(s) if fmt == "csv" else table.sweep_table(s, scenario, width=table.file_width(output)),
            output,
        )
    if plot_path:
        from ..plot import plot_sweep

        plot_sweep(s, plot_path)
        show(f"Wrote {plot_path}", err=True)
    if report_path:
        from ..study import study

        write_report(report_path, study(catalog, scenario, sweep=s, options=options))
    interrupted = s.frontier.stats.get("interrupted", False)
    if interrupted:
        click.echo(
            f"{interrupt.words()}: budgets marked feasible or unknown lie beyond the builds proven so far.", err=True
        )
    return exit_status(*(p.status for p in s.points), interrupted=interrupted)


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--variant", "names", multiple=True, help="Only this [[variants]] entry (repeatable).")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VALUE",
    help="An ad-hoc variant setting, e.g. budget_usd=4000 or rules.adjacent_open_air=penalize.",
)
@click.option(
    "--price", "prices", multiple=True, metavar="REF=USD", help="An ad-hoc variant price, e.g. gpus:rtx-4090=1499."
)
@click.option("--name", "adhoc_name", default="command line", show_default=True, help="Name of the ad-hoc variant.")
@CATALOG
@PRICES
@format_option("table", "json")
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
def compare(
    scenario_path,
    names,
    sets,
    prices,
    adhoc_name,
    catalog_dir,
    price_files,
    fmt,
    output,
    time_limit,
    workers,
    report_path,
) -> ExitStatus:
    """Solve the scenario and its what-if variants side by side and say what changed and why."""
    from ..compare import compare as compare_variants
    from ..output import json_out, table

    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    scenario = with_price_lists(scenario, price_files)
    raws = variant_options(scenario, names, sets, prices, adhoc_name)
    if not raws:
        raise click.UsageError(
            f"{scenario.source} has no [[variants]]; add some or give --set/--price for an ad-hoc one."
        )
    options = solver_options(time_limit, workers)
    with Progress("compare") as progress:
        c = compare_variants(
            catalog, scenario, variants=raws, options=options, progress=progress.counter(1 + len(raws), "scenario")
        )
    emit(
        json_out.dumps(json_out.compare_dict(c))
        if fmt == "json"
        else table.compare_table(c, width=table.file_width(output)),
        output,
    )
    if report_path:
        from ..study import study

        write_report(report_path, study(catalog, scenario, comparison=c, variants=raws, options=options))
    interrupted = interrupt.requested() is not None  # also when only the solves that credit changes were stopped
    if interrupted:
        click.echo(f"{interrupt.words()}: what was solved before is shown; nothing was solved after.", err=True)
    return exit_status(
        c.base.status, *(o.result.status for o in c.variants), interrupted=interrupted, nothing_fits_fails=False
    )
