"""`dlbuild scenarios`, `workloads` and `init`: finding the way in (the shipped examples, the workloads
and their aliases, a first scenario of one's own)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError, Problem
from ..status import ExitStatus
from .common import CATALOG, OUTPUT, emit, format_option, max_budget_option, parsed_option, show

FORCE = click.option("--force", is_flag=True, help="Replace a file that exists.")


def write_new(path: Path, text: str | None, force: bool) -> None:
    """Write a file the user will edit: never over an existing one unless `force` (then atomically);
    `-` is standard output. With `text` None, only check that the file may be written."""
    if str(path) == "-":
        if text is not None:
            show(text, nl=not text.endswith("\n"))
        return
    if path.exists() and not force:
        raise InputError(
            "Not written", [Problem(str(path), "exists; give --force to replace it, or another file name")]
        )
    if text is not None:
        emit(text, path)


@click.group(invoke_without_command=True)
@format_option("table", "json")
@OUTPUT
@click.pass_context
def scenarios(ctx: click.Context, fmt: str, output: Path | None) -> ExitStatus:
    """List the scenarios and build files that ship with dlbuild (`copy NAME` writes one to edit)."""
    if ctx.invoked_subcommand is not None:
        return ExitStatus.OK
    from ..shipped import examples

    found = examples()
    if fmt == "json":
        from ..output import json_out

        emit(json_out.dumps(json_out.scenarios_dict(found)), output)
    else:
        from ..output import start_out

        emit(start_out.examples_text(found), output)
    return ExitStatus.OK


@scenarios.command()
@click.argument("name")
@click.argument("dest", required=False, type=click.Path(path_type=Path, allow_dash=True))
@FORCE
def copy(name: str, dest: Path | None, force: bool) -> ExitStatus:
    """Write the shipped scenario NAME to DEST (a file, a directory, or - for standard output; default: NAME's
    file name here). A build file comes with the scenario file it names."""
    from ..shipped import find, unknown

    example = find(name)
    if example is None:
        raise unknown(name)
    dest = dest or Path(example.path.name)
    if dest.is_dir():
        dest = dest / example.path.name
    files = [(dest, example.path)]
    if example.kind == "build" and str(dest) != "-":
        import tomllib

        named = tomllib.loads(example.path.read_text(encoding="utf-8")).get("scenario")
        if isinstance(named, str):  # the scenario the build file names, beside it as the name says
            source, target = example.path.parent / named, dest.parent / named
            if not (target.exists() and target.read_bytes() == source.read_bytes()):
                files.append((target, source))
    for target, _ in files:  # refuse before writing anything, so that no half of a pair is left
        write_new(target, None, force)
    for target, source in files:
        write_new(target, source.read_text(encoding="utf-8"), force)
    return ExitStatus.OK


@click.command()
@CATALOG
@format_option("table", "json")
@OUTPUT
def workloads(catalog_dir: Path | None, fmt: str, output: Path | None) -> ExitStatus:
    """The workloads a scenario may name: memory floors, the rating that ranks GPUs, the guide's words and
    the plain aliases ("computer vision", "llm fine-tuning") that lead to each."""
    from ..catalog import load_catalog
    from ..schema import default_catalog_path
    from ..workload_names import describe

    catalog = load_catalog(catalog_dir or default_catalog_path())
    rows = describe(catalog)
    if fmt == "json":
        from ..output import json_out

        emit(json_out.dumps(json_out.workloads_dict(rows, catalog)), output)
    else:
        from ..output import start_out

        emit(start_out.workloads_text(rows), output)
    return ExitStatus.OK


def finite(ctx, param, value: float | None) -> float | None:
    """A click callback: click's FloatRange lets nan through."""
    if value is not None and value != value:
        raise click.BadParameter("is not a number", ctx, param)
    return value


def gpu_counts_option(ctx, param, text: str | None) -> list[int] | None:
    from ..new_scenario import parse_gpu_counts

    return parsed_option(parse_gpu_counts, ctx, param, text)


@click.command()
@click.option(
    "--workload",
    "-w",
    required=True,
    help='What the machine is for: a workload or an alias such as "computer vision" (see `dlbuild workloads`).',
)
@click.option(
    "--budget", "budget_cents", metavar="USD", callback=max_budget_option, help="Most the build may cost, in dollars."
)
@click.option(
    "--gpus",
    callback=gpu_counts_option,
    metavar="COUNTS",
    help="GPU counts to consider: 2, 1,2,4 or 1-4 (default 1-4).",
)
@click.option(
    "--objective",
    type=click.Choice(["perf_per_dollar", "max_perf", "min_cost"]),
    default="perf_per_dollar",
    show_default=True,
)
@click.option(
    "--min-perf",
    type=click.FloatRange(min=0, max=1000, min_open=True),
    callback=finite,
    help="Performance to reach (needed by min_cost; one RTX 4090 = 1.0).",
)
@click.option("--name", default="", help="The scenario's name, shown above its results.")
@CATALOG
@click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), default="-",
              help="The scenario file to write (default: standard output).")  # fmt: skip
@FORCE
def init(workload, budget_cents, gpus, objective, min_perf, name, catalog_dir, output, force) -> ExitStatus:
    """Write a scenario from a few settings, checked by reading it back; solve it with `dlbuild solve FILE`."""
    from ..catalog import load_catalog
    from ..new_scenario import scenario_text
    from ..schema import default_catalog_path

    if objective == "min_cost" and min_perf is None:
        raise click.BadParameter(
            "is needed by --objective min_cost: the performance to reach (one RTX 4090 = 1.0)", param_hint="--min-perf"
        )
    catalog = load_catalog(catalog_dir or default_catalog_path())
    text = scenario_text(catalog, workload, name=name, objective=objective, budget_cents=budget_cents, gpus=gpus,
                         min_perf=min_perf, catalog_path=catalog_dir)  # fmt: skip
    write_new(output, text, force)
    if str(output) != "-":
        click.echo(f"Solve it with: dlbuild solve {output}", err=True)
    return ExitStatus.OK
