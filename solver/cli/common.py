"""Options and helpers the commands share: inputs, output files, progress on the terminal.

The command line imports the solver (OR-Tools, pandas) only inside a command that uses it, so that
`dlbuild --help` and a bad option answer at once."""
from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..text import printable

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..optimize import Options
    from ..scenario import Scenario

CATALOG = click.option(
    "--catalog", "catalog_dir", type=click.Path(path_type=Path), help="Catalog directory (default: the scenario's, else the shipped one)."
)
class Seconds(click.ParamType):
    """A positive, finite number of seconds (click's FloatRange lets nan and inf through)."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds <= 0:
            self.fail(f"{value!r} is not a positive, finite number of seconds", param, ctx)
        return seconds


TIME_LIMIT = click.option("--time-limit", type=Seconds(), help="Seconds before the best answer so far is returned unproven.")
WORKERS = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="CP-SAT threads (1 is deterministic).")
def output_path(ctx, param, value: Path | None) -> Path | None:
    """A click callback: an output file's path, refused at once when it can never be written (a directory,
    a missing directory), before any work is done."""
    from ..outfile import check

    return value if value is None or str(value) == "-" else check(value)


OUTPUT = click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), callback=output_path,
                      help="Write the output to this file (atomically) instead of the terminal; - is standard output.")  # fmt: skip


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True)


def load_inputs(scenario_path: Path, catalog_dir: Path | None) -> tuple[Catalog, Scenario]:
    """The scenario file (or the shipped scenario of that name), and the catalog it names (or --catalog, or
    the shipped one)."""
    from ..catalog import load_catalog
    from ..scenario import load_scenario
    from ..schema import default_catalog_path
    from ..shipped import resolve

    scenario = load_scenario(resolve(scenario_path))
    catalog = load_catalog(catalog_dir or scenario.catalog or default_catalog_path())
    return catalog, scenario


def budget_option(text: str) -> list[int]:
    """--budgets as cents; a bad list is a bad option value."""
    from ..sweep import parse_budgets

    try:
        return parse_budgets(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--budgets") from None


def max_budget_option(ctx, param, text: str | None) -> int | None:
    """--max-budget as cents, checked as a scenario's budget is (a click callback)."""
    from ..sweep import parse_budget

    if text is None:
        return None
    try:
        return parse_budget(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def solver_options(time_limit: float | None, workers: int) -> Options:
    from ..optimize import Options

    return Options(time_limit, workers)


def show(text: str, *, err: bool = False) -> None:
    """Print text that holds catalog or scenario text: no character a terminal would act on goes out raw."""
    click.echo(printable(text), err=err)


def emit(text: str, output: Path | None) -> None:
    """A command's output (a table, CSV or JSON) to the terminal or to `output`, printable either way."""
    if output is None or str(output) == "-":
        show(text)
    else:
        from ..outfile import write_text

        write_text(output, printable(text))
        show(f"Wrote {output}", err=True)


class Progress:
    """One updating status line on stderr, shown only on a terminal (never in pipes or tests)."""

    def __init__(self, label: str, total_cents: int | None = None):
        self.label, self.total, self.count = label, total_cents, 0
        self.live = sys.stderr.isatty()

    def __call__(self, build) -> None:
        self.count += 1
        if not self.live:
            return
        reach = f"${build.cost_cents / 100:,.0f}"
        share = f" ({100 * build.cost_cents / self.total:.0f}% of the budget range)" if self.total else ""
        click.echo(f"\r{self.label}: {self.count} builds proven, up to {reach}{share}   ", err=True, nl=False)

    def close(self) -> None:
        if self.live and self.count:
            click.echo("", err=True)


def variant_options(scenario: Scenario, names: tuple[str, ...], sets: tuple[str, ...], prices: tuple[str, ...], adhoc_name: str) -> list[dict]:
    """The variants that --variant, --set, --price and --name ask for; a bad value is reported as click
    reports any bad option value (with the usage line)."""
    from ..scenario import chosen_variants

    try:
        return chosen_variants(scenario, names, sets, prices, adhoc_name)
    except InputError as exc:
        problem = exc.problems[0]
        raise click.BadParameter(problem.message, param_hint=problem.where) from None
