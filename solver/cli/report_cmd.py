"""`dlbuild report` and the `--report FILE` option that solve, frontier, sweep and compare share."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..catalog import Catalog
from ..compare import Comparison
from ..frontier import Frontier
from ..optimize import Options
from ..result import Result
from ..scenario import Scenario
from ..status import ExitStatus
from ..sweep import Sweep, parse_budgets
from .common import CATALOG, TIME_LIMIT, WORKERS, load_inputs, status_code, write_atomic

REPORT = click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a self-contained HTML report (build, frontier, sweep, what-ifs, sources) to this file.",
)


def write_report(
    path: Path,
    catalog: Catalog,
    scenario: Scenario,
    *,
    budgets: list[int] | None = None,
    options: Options | None = None,
    variants: list[dict[str, Any]] | None = None,
    result: Result | None = None,
    frontier: Frontier | None = None,
    sweep: Sweep | None = None,
    comparison: Comparison | None = None,
) -> None:
    """Write the report for what a command computed (the rest is solved here), atomically."""
    from ..report import build_report  # plotly loads only when a report is asked for

    html = build_report(catalog, scenario, budgets=budgets, options=options, variants=variants, result=result,
                        frontier=frontier, sweep=sweep, comparison=comparison)  # fmt: skip
    write_atomic(Path(path), html)
    click.echo(f"Wrote {path}", err=True)


def _variants(scenario: Scenario, names: tuple[str, ...], sets: tuple[str, ...], prices: tuple[str, ...], adhoc_name: str) -> list[dict[str, Any]]:
    """The [[variants]] to compare: the named ones (all by default) plus an ad-hoc one from --set/--price."""
    from .explore import adhoc_variant  # explore may import this module for --report

    missing = [n for n in names if n not in scenario.variant_names()]
    if missing:
        known = ", ".join(scenario.variant_names()) or "none"
        raise click.BadParameter(f"{missing[0]!r} is not a variant of {scenario.source} (variants: {known})", param_hint="--variant")
    raws = [v for v in scenario.variants if not names or v.get("name") in names]
    if sets or prices:
        raws.append(adhoc_variant(adhoc_name, sets, prices))
    return raws


@click.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
              help="The HTML file to write (default: the scenario's name with .html, here; - for standard output).")  # fmt: skip
@click.option("--budgets", help="Budgets for the sweep: START:STOP:STEP in dollars or a list like 1500,2500,4000 (default: round budgets up to the scenario's).")
@click.option("--variant", "names", multiple=True, help="Only this [[variants]] entry in the what-if section (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="An ad-hoc what-if setting, e.g. budget_usd=4000.")
@click.option("--price", "prices", multiple=True, metavar="REF=USD", help="An ad-hoc what-if price, e.g. gpus:rtx-4090=1499.")
@click.option("--name", "adhoc_name", default="command line", show_default=True, help="Name of the ad-hoc variant.")
@CATALOG
@TIME_LIMIT
@WORKERS
def report(scenario_path, output, budgets, names, sets, prices, adhoc_name, catalog_dir, time_limit, workers) -> ExitStatus:
    """Write one self-contained HTML page for SCENARIO: the recommended build, the interactive
    cost/performance frontier, a budget sweep, the what-if variants and the data's sources."""
    try:
        cents = parse_budgets(budgets) if budgets else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--budgets") from None
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    raws = _variants(scenario, names, sets, prices, adhoc_name)
    from ..report import render, report_data

    data = report_data(catalog, scenario, budgets=cents, options=Options(time_limit, workers), variants=raws)
    html = render(data)
    if output is not None and str(output) == "-":
        click.echo(html, nl=False)
    else:
        path = output or Path(Path(scenario_path).stem + ".html")
        write_atomic(path, html)
        click.echo(f"Wrote {path}", err=True)
    interrupted = bool(data["frontier"]["stats"].get("interrupted"))
    return status_code(data["result"]["status"], interrupted)
