"""Options and helpers the commands share: inputs, output files, progress on the terminal.

The command line imports the solver (OR-Tools, pandas) only inside a command that uses it, so that
`dlbuild --help` and a bad option answer at once."""

from __future__ import annotations

import gc
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from ..errors import InputError, OutputClosed
from ..text import printable

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # the class click.progressbar returns; click does not export it

    from ..catalog import Catalog
    from ..optimize import Options
    from ..scenario import Scenario

T = TypeVar("T")

#: Whether this process is one command and ends with it (the console entry point, `python -m solver`), rather
#: than a caller that runs many commands in one process (a test, a script calling solver.cli.main(argv)).
#: Only then are long-lived objects moved out of the cyclic collector's sight (settle).
_ONE_COMMAND = False


def one_command_process() -> None:
    """Mark this process as one command that ends when the command does (solver.cli.main from sys.argv), called
    before the command's imports. The cyclic collector waits until the command's inputs are loaded (settle turns
    it back on): the imports and the catalog create many long-lived objects and almost no cyclic garbage, so a
    collection during them only walks live objects again (about 3% of a Kaggle solve's process). Every command
    that does more than load a few files calls settle."""
    global _ONE_COMMAND
    _ONE_COMMAND = True
    gc.disable()


def settle() -> None:
    """In a one-command process, move every object alive now into the collector's permanent generation
    (gc.freeze) and turn the collector on (one_command_process turned it off). The modules, the
    catalog and the scenario live until the process ends, and no cycle among them becomes garbage; yet every full
    collection during the solve walked all of them again: about 30 ms of a Kaggle solve. Reference counting still
    frees what it frees; only cyclic garbage alive at this point stays until the process ends, which it would in a
    process this short anyway."""
    if _ONE_COMMAND:
        gc.freeze()
        gc.enable()


CATALOG = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path),
    help="Catalog directory (default: the scenario's, else the shipped one).",
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


TIME_LIMIT = click.option(
    "--time-limit", type=Seconds(), help="Seconds before the best answer so far is returned unproven."
)
WORKERS = click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="CP-SAT threads (1 is deterministic)."
)
PRICES = click.option(
    "--prices",
    "price_files",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE.csv",
    help="A price list (part,price,currency,rate,date,source,condition) over the catalog's prices; "
    "repeatable, later files win.",
)
COST_BASIS = click.option(
    "--cost",
    "cost_basis",
    type=click.Choice(["purchase", "tco"]),
    default="purchase",
    show_default=True,
    help="The money of the frontier and the budgets: purchase cost, or total cost of ownership over [usage] "
    "(budgets then limit TCO).",
)


def output_path(ctx, param, value: Path | None) -> Path | None:
    """A click callback: an output file's path, refused at once when it can never be written (a directory,
    a missing directory), before any work is done."""
    if value is None or str(value) == "-":
        return value
    from ..outfile import check  # only a command given a file loads it

    return check(value)


OUTPUT = click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), callback=output_path,
                      help="Write the output to this file (atomically) instead of the terminal; "
                           "- is standard output.")  # fmt: skip


def plot_path(ctx, param, value: Path | None) -> Path | None:
    """A click callback: a chart's path, refused at once when it cannot be written or its suffix names no
    image format (no suffix: PNG)."""
    if value is None:
        return None
    from ..plot import plot_format

    plot_format(value)
    return output_path(ctx, param, value)


PLOT = click.option("--plot", "plot_path", type=click.Path(path_type=Path), callback=plot_path,
                    help="Also draw a chart to this file "
                         "(PNG; .svg, .pdf and the other formats matplotlib writes by their suffix).")  # fmt: skip
REPORT = click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    callback=output_path,
    help="Also write a self-contained HTML report (build, frontier, sweep, what-ifs, sources) to this file.",
)


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
    settle()  # they live until the command ends
    return catalog, scenario


def budget_option(text: str) -> list[int]:
    """--budgets as cents; a bad list is a bad option value."""
    from ..sweep import parse_budgets

    try:
        return parse_budgets(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--budgets") from None


def parsed_option(parse: Callable[[str], T], ctx, param, text: str | None) -> T | None:
    """An option's text read by `parse` in a click callback: None when the option is not given, and parse's
    ValueError as click's usage error naming the option."""
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def max_budget_option(ctx, param, text: str | None) -> int | None:
    """--max-budget as cents, checked as a scenario's budget is (a click callback)."""
    from ..sweep import parse_budget

    return parsed_option(parse_budget, ctx, param, text)


def solver_options(time_limit: float | None, workers: int) -> Options:
    from ..optimize import Options

    return Options(time_limit, workers)


def show(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text that holds catalog or scenario text: no character a terminal would act on goes out raw."""
    write_out(printable(text), err=err, nl=nl)


def write_out(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write text as it is to standard output (or error). A reader that has gone away raises OutputClosed; any other
    failure to write is an InputError that says why (exit 2, like a file -o cannot write)."""
    try:
        click.echo(text, err=err, nl=nl)
    except BrokenPipeError:
        raise OutputClosed from None
    except OSError as exc:  # standard output redirected to a full disk, /dev/full, a read-only file system
        from ..outfile import write_failure

        raise write_failure(Path("standard error" if err else "standard output"), exc, device=True) from None


def emit(text: str, output: Path | None) -> None:
    """A command's output (a table, CSV or JSON) to the terminal or to `output`, printable either way."""
    if output is None or str(output) == "-":
        show(text)
    else:
        from ..outfile import write_text

        write_text(output, printable(text))
        show(f"Wrote {output}", err=True)


class Progress:
    """A progress bar on stderr (click's), drawn only when stderr is a terminal: never into a pipe, a file or
    a test's capture. The work is measured from 0 to 1; a frontier reports each build it proves (the share
    of its budget reached so far), other work counts its steps. `close()` draws 100% when the work ran to
    its end; work stopped early (Ctrl-C) keeps the share it reached."""

    #: The bar's resolution: tenths of a percent.
    STEPS = 1000

    def __init__(self, label: str, total_cents: int | None = None):
        self.label, self.total, self.count = label, total_cents, 0
        self.live = sys.stderr.isatty()
        self.start, self.span = 0.0, 1.0  # the part of the whole that the current stage covers
        self.note = ""
        self._bar: ProgressBar[int] | None = None
        self.closed = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(complete=kind is None)  # an error or Ctrl-C ends the line where the work stopped

    def __call__(self, build) -> None:
        """A frontier's callback: one more build proven, as dear as `build`."""
        self.count += 1
        share = min(1.0, build.cost_cents / self.total) if self.total else 0.0
        self.show(share, f"{self.count} builds proven, up to ${build.cost_cents / 100:,.0f}")

    def stage(self, start: float, span: float, total_cents: int | None = None) -> None:
        """The next part of the work covers [start, start + span] of the bar; a frontier in it is measured
        against `total_cents`."""
        self.start, self.span, self.total, self.count = start, span, total_cents, 0
        self.show(0.0, self.note)

    def counter(self, steps: int, what: str):
        """A callback for work of `steps` like steps, each reported with its name."""
        done = [0]

        def step(name: str) -> None:
            done[0] += 1
            self.show(done[0] / max(steps, 1), f"{what} {done[0]} of {steps}: {name}")

        return step

    def show(self, share: float, note: str = "") -> None:
        """Move the bar to `share` of the current stage."""
        if not self.live or self.closed:
            return
        self.note = note
        if self._bar is None:
            self._bar = click.progressbar(length=self.STEPS, label=self.label, file=sys.stderr, show_eta=False,
                                          item_show_func=lambda _: self.note or None)  # fmt: skip
            self._bar.render_progress()
        target = round(self.STEPS * (self.start + self.span * min(max(share, 0.0), 1.0)))
        self._bar.update(max(target - self._bar.pos, 0))
        self._bar.render_progress()  # the note may change while the share does not

    def close(self, complete: bool = True) -> None:
        """End the bar's line, at 100% when the work ran to its end (once: later calls do nothing)."""
        if self.closed or not self.live:
            self.closed = True
            return
        if complete:
            self.start, self.span = 0.0, 1.0
            self.show(1.0, "done")
        if self._bar is not None:
            self._bar.render_finish()
        self.closed, self._bar = True, None


def variant_options(
    scenario: Scenario, names: tuple[str, ...], sets: tuple[str, ...], prices: tuple[str, ...], adhoc_name: str
) -> list[dict]:
    """The variants that --variant, --set, --price and --name ask for; a bad value is reported as click
    reports any bad option value (with the usage line)."""
    from ..scenario import chosen_variants

    try:
        return chosen_variants(scenario, names, sets, prices, adhoc_name)
    except InputError as exc:
        problem = exc.problems[0]
        raise click.BadParameter(problem.message, param_hint=problem.where) from None


def with_price_lists(scenario: Scenario, price_files: tuple[Path, ...]) -> Scenario:
    """The scenario with the --prices files read (build model v3 section 1: files first, in order, then the
    scenario's [prices]); a bad cell refuses the whole file."""
    from ..offers import read_price_list

    if not price_files:
        return scenario
    return scenario.with_values(price_lists=tuple(tuple(read_price_list(f)) for f in price_files))


def with_cost_basis(scenario: Scenario, basis: str) -> Scenario:
    """The scenario traced on a cost basis (--cost); TCO needs [usage] (build model v3 section 4)."""
    if basis == "tco" and scenario.usage is None:
        raise click.BadParameter(
            f"{scenario.source} has no [usage] table, so it has no total cost of ownership "
            "(add [usage] with years, hours_per_day, gpu_utilisation and kwh_price)",
            param_hint="--cost",
        )
    return scenario.with_values(cost_basis=basis)
