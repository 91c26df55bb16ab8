"""`dlbuild report` and the `--report FILE` option that solve, frontier, sweep and compare share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..status import ExitStatus, exit_status
from .common import (
    CATALOG,
    PRICES,
    TIME_LIMIT,
    WORKERS,
    Progress,
    budget_option,
    load_inputs,
    output_path,
    show,
    solver_options,
    variant_options,
    with_price_lists,
    write_out,
)

if TYPE_CHECKING:
    from ..study import Study


def write_report(path: Path, study: Study) -> None:
    """Write the report of a study, atomically."""
    from ..outfile import write_text
    from ..report import render, report_data  # plotly loads only when a report is asked for

    write_text(path, render(report_data(study)))
    show(f"Wrote {path}", err=True)


def report_steps(progress: Progress, variants: int, reach: int | None):
    """The report's bar: with variants, its first half counts the comparison's solves and its second
    follows the frontier (traced up to `reach` cents); without, the frontier fills it all."""
    split = 0.5 if variants else 0.0
    progress.stage(0.0, split)
    count, done = progress.counter(1 + variants, "scenario"), [0]

    def solved(name: str) -> None:
        count(name)
        done[0] += 1
        if done[0] == 1 + variants:
            progress.stage(split, 1.0 - split, reach)

    if not variants:
        progress.stage(0.0, 1.0, reach)
    return solved


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), callback=output_path,
              help="The HTML file to write (default: the scenario's name with .html, "
                   "here; - for standard output).")  # fmt: skip
@click.option(
    "--budgets",
    help="Budgets for the sweep: START:STOP:STEP in dollars or a list like 1500,2500,4000 "
    "(default: round budgets up to the scenario's).",
)
@click.option(
    "--variant", "names", multiple=True, help="Only this [[variants]] entry in the what-if section (repeatable)."
)
@click.option(
    "--set", "sets", multiple=True, metavar="KEY=VALUE", help="An ad-hoc what-if setting, e.g. budget_usd=4000."
)
@click.option(
    "--price", "prices", multiple=True, metavar="REF=USD", help="An ad-hoc what-if price, e.g. gpus:rtx-4090=1499."
)
@click.option("--name", "adhoc_name", default="command line", show_default=True, help="Name of the ad-hoc variant.")
@CATALOG
@PRICES
@TIME_LIMIT
@WORKERS
def report(
    scenario_path, output, budgets, names, sets, prices, adhoc_name, catalog_dir, price_files, time_limit, workers
) -> ExitStatus:
    """Write one self-contained HTML page for SCENARIO: the recommended build, the interactive
    cost/performance frontier, a budget sweep, the what-if variants and the data's sources."""
    cents = budget_option(budgets) if budgets else None
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    scenario = with_price_lists(scenario, price_files)
    raws = variant_options(scenario, names, sets, prices, adhoc_name)
    from ..report import render, report_data
    from ..study import frontier_reach, study

    with Progress("report") as progress:
        s = study(catalog, scenario, budgets=cents, options=solver_options(time_limit, workers), variants=raws,
                  progress=progress,
                  solved=report_steps(progress, len(raws), frontier_reach(scenario, cents)))  # fmt: skip
        progress.close(complete=not s.interrupted)
    html = render(report_data(s))
    if output is not None and str(output) == "-":
        write_out(html, nl=False)
    else:
        from ..outfile import write_text

        path = output or Path(("scenario" if str(scenario_path) == "-" else Path(scenario_path).stem) + ".html")
        write_text(path, html)
        show(f"Wrote {path}", err=True)
    from .. import interrupt

    if s.interrupted or interrupt.requested() is not None:
        click.echo(f"{interrupt.words()}: the report shows what was proven before; nothing was solved after.", err=True)
    return exit_status(s.result.status, interrupted=s.interrupted or interrupt.requested() is not None)
