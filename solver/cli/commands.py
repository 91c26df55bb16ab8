"""The commands: option parsing and printing only; the work happens in the solver package."""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path

import click

from ..status import ExitStatus, exit_status
from .common import (
    CATALOG,
    OUTPUT,
    PLOT,
    PRICES,
    REPORT,
    TIME_LIMIT,
    WORKERS,
    emit,
    format_option,
    load_inputs,
    output_path,
    settle,
    show,
    solver_options,
    with_price_lists,
)

FORMAT = format_option("table", "json")

#: The commands that live in other modules, each as (module, attribute): a command's module is imported only when
#: the command runs or is listed with its help (click's lazy group), so that `dlbuild solve` does not load the
#: code of the other commands.
ELSEWHERE = {
    "catalog": ("catalog_cmd", "catalog"),
    "compare": ("explore", "compare"),
    "frontier": ("explore", "frontier"),
    "init": ("start_cmd", "init"),
    "report": ("report_cmd", "report"),
    "scenarios": ("start_cmd", "scenarios"),
    "sweep": ("explore", "sweep"),
    "workloads": ("start_cmd", "workloads"),
}


class Commands(click.Group):
    """The dlbuild group: the commands defined here, and those of ELSEWHERE loaded when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in ELSEWHERE and cmd_name not in self.commands:
            module, name = ELSEWHERE[cmd_name]
            self.add_command(getattr(import_module(f".{module}", __package__), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="dlbuild")
def dlbuild() -> None:
    """Proven-optimal deep-learning workstation builds from real parts and Tim Dettmers' rules."""


@dlbuild.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@CATALOG
@PRICES
@FORMAT
@PLOT
@OUTPUT
@TIME_LIMIT
@WORKERS
@REPORT
@click.option("--emit-build", "build_path", type=click.Path(path_type=Path), callback=output_path,
              help="Also write the build as a build file (parts by reference and count) that `dlbuild check` "
                   "re-checks later.")  # fmt: skip
def solve(scenario_path: Path, catalog_dir: Path | None, price_files: tuple[Path, ...], fmt: str,
          plot_path: Path | None, output: Path | None,
          time_limit: float | None, workers: int, report_path: Path | None,
          build_path: Path | None) -> ExitStatus:  # fmt: skip
    """Solve SCENARIO (a TOML file, - for standard input, or the name of a shipped one) on the catalog and print the
    best build."""
    from ..shipped import resolve

    if build_path and str(scenario_path) == "-":
        raise click.BadParameter(
            "needs the scenario as a file, which the build file names (not - for standard input)",
            param_hint="--emit-build",
        )
    from ..api import solve as solve_scenario

    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    scenario = with_price_lists(scenario, price_files)
    if plot_path and scenario.usage is None:
        raise click.BadParameter(
            f"{scenario.source} has no [usage] table: solve --plot draws the cost by month, build against cloud",
            param_hint="--plot",
        )
    result = solve_scenario(catalog, scenario, time_limit=time_limit, workers=workers)
    emit(solve_text(result, fmt), output)
    if plot_path and result.build is not None:
        from ..plot import plot_cost_by_month

        plot_cost_by_month(
            result.build, scenario.usage, plot_path, f"Cumulative cost by month: {scenario.name or scenario.source}"
        )
        click.echo(f"Wrote {plot_path}", err=True)
    if build_path:
        emit_build(build_path, result, resolve(scenario_path), catalog_dir)
    if report_path:
        from ..study import study
        from .report_cmd import write_report

        write_report(report_path, study(catalog, scenario, result=result, options=solver_options(time_limit, workers)))
    return exit_status(result.status, interrupted=result.stats.get("interrupted", False))


def solve_text(result, fmt: str) -> str:
    """The result as the format asks; only that format's module is loaded (JSON's pulls in more)."""
    if fmt == "json":
        from ..output import json_out

        return json_out.dumps(json_out.solve_dict(result))
    from ..output import table

    return table.result_text(result)


def emit_build(path: Path, result, scenario_path: Path, catalog_dir: Path | None) -> None:
    """Write the result's build file; its scenario and catalog are named relative to where it is written."""
    from ..outfile import write_text
    from ..output import build_out, json_out

    if result.build is None:
        show(f"No build file written to {path}: there is no build to save.", err=True)
        return
    here = Path(path).resolve().parent

    def relative(target: Path) -> str:
        """Relative when the two share a folder below the root (the pair moves together), else absolute."""
        target = Path(target).resolve()
        shared = Path(os.path.commonpath([here, target]))
        return Path(os.path.relpath(target, here)).as_posix() if shared != Path(shared.anchor) else target.as_posix()

    dated = json_out.catalog_dict(result.instance.catalog)["newest_price_date"] if result.instance is not None else None
    write_text(
        path,
        build_out.build_toml(result, relative(scenario_path), relative(catalog_dir) if catalog_dir else None, dated),
    )
    show(f"Wrote {path}", err=True)


@dlbuild.command()
@click.argument("build_path", metavar="BUILD", type=click.Path(path_type=Path))
@CATALOG
@PRICES
@FORMAT
@OUTPUT
def check(
    build_path: Path, catalog_dir: Path | None, price_files: tuple[Path, ...], fmt: str, output: Path | None
) -> ExitStatus:
    """Check the build in BUILD (a TOML file of part references, - for standard input, or a shipped one's name) against
    every rule."""
    from ..check import check as check_build_refs
    from ..check import load_build_file
    from ..output import json_out, table
    from ..shipped import resolve

    catalog, inst, refs, where = load_build_file(
        resolve(build_path), catalog_dir, lambda scenario: with_price_lists(scenario, price_files)
    )
    settle()  # they live until the command ends
    report = check_build_refs(catalog, inst, refs, where)
    emit(
        json_out.dumps(json_out.check_dict(report))
        if fmt == "json"
        else table.check_text(report, where, inst.scenario, catalog),
        output,
    )
    return ExitStatus.OK if report.ok else ExitStatus.RULES_FAILED
