"""The commands: option parsing and printing only; the work happens in the solver package."""
from __future__ import annotations

from pathlib import Path

import click

from ..api import solve as solve_scenario
from ..check import check as check_build_refs, load_build_file
from ..optimize import Options
from ..output import json_out, table
from ..status import ExitStatus, exit_status
from ..study import study
from . import catalog_cmd, explore
from .common import CATALOG, TIME_LIMIT, WORKERS, format_option, load_inputs
from .report_cmd import REPORT, report, write_report

FORMAT = format_option("table", "json")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="dlbuild")
def dlbuild() -> None:
    """Proven-optimal deep-learning workstation builds from real parts and Tim Dettmers' rules."""


@dlbuild.command()
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@CATALOG
@FORMAT
@TIME_LIMIT
@WORKERS
@REPORT
def solve(scenario_path: Path, catalog_dir: Path | None, fmt: str, time_limit: float | None, workers: int, report_path: Path | None) -> ExitStatus:
    """Solve SCENARIO (a TOML file) on the catalog and print the best build."""
    catalog, scenario = load_inputs(scenario_path, catalog_dir)
    result = solve_scenario(catalog, scenario, time_limit=time_limit, workers=workers)
    if fmt == "json":
        extra = {}
        if result.build:
            extra["rules"] = [{"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in result.checks]
            extra["binding_rules"] = [
                {"rule": b.check.rule, "detail": b.check.detail, "blocks": b.blocked.part.ref if b.blocked else None}
                for b in result.bindings
            ]
        click.echo(json_out.dumps(json_out.result_dict(result, extra)))
    else:
        click.echo(table.result_text(result, result.bindings, title=scenario.name))
    if report_path:
        write_report(report_path, study(catalog, scenario, result=result, options=Options(time_limit, workers)))
    return exit_status(result.status, interrupted=result.stats.get("interrupted", False))


@dlbuild.command()
@click.argument("build_path", metavar="BUILD", type=click.Path(path_type=Path))
@CATALOG
@FORMAT
def check(build_path: Path, catalog_dir: Path | None, fmt: str) -> ExitStatus:
    """Check the build in BUILD (a TOML file of part references) against every rule."""
    catalog, inst, refs, where = load_build_file(build_path, catalog_dir)
    report = check_build_refs(catalog, inst, refs, where)
    b = report.build
    if fmt == "json":
        data = {
            "ok": report.ok,
            **json_out.point_dict(b),
            "rules": [{"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in report.checks],
            "unchecked": list(report.unchecked),
        }
        click.echo(json_out.dumps(data))
    else:
        verdict = "passes every rule" if report.ok else f"breaks {sum(not c.ok for c in report.checks)} rule(s)"
        lines = [f"Build {where} {verdict} (scenario {inst.scenario.name or inst.scenario.source}, workload {inst.scenario.workload})", ""]
        lines += [table.parts_table(b), ""] + table.summary_lines(b) + ["", table.checks_table(report.checks), ""]
        lines += ["Not checked (look at these yourself):"] + [f"  - {u}" for u in report.unchecked]
        click.echo("\n".join(lines))
    return ExitStatus.OK if report.ok else ExitStatus.RULES_FAILED


dlbuild.add_command(explore.frontier)
dlbuild.add_command(explore.sweep)
dlbuild.add_command(explore.compare)
dlbuild.add_command(catalog_cmd.catalog)
dlbuild.add_command(report)
