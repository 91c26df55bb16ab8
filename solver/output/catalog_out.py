"""The `catalog` commands' output: files written, a sound catalog, import statistics and search hits, fitted to the
terminal's width like every table (solver.output.table)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import json_out
from .grid import grid
from .table import fitted, terminal_width

if TYPE_CHECKING:  # annotations only: rendering must not load the loader
    from ..catalog import Catalog


def written_text(out: Path, files: dict[str, int]) -> str:
    """`catalog build`: where the catalog went and how many rows each file has."""
    rows = [[name, count] for name, count in sorted(files.items())]
    return f"Wrote {out}\n\n" + grid(rows, ["file", "rows"])


def sound_text(directory: Path, catalog: Catalog, width: int | None = None) -> str:
    counts = ", ".join(f"{len(parts)} {stem}" for stem, parts in catalog.parts.items())
    text = (
        f"Catalog {directory} is sound: {counts}; "
        f"{len(catalog.gpu_models)} GPU models, {len(catalog.workloads)} workloads."
    )
    return "\n".join(textwrap.wrap(text, width or terminal_width(), break_long_words=False, break_on_hyphens=False))


def stats_json(categories: dict[str, dict[str, Any]], coverage: dict[str, dict[str, Any]], directory: Path) -> str:
    """`catalog stats --format json`: each category's import counts with its coverage, in the envelope."""
    from ..pricedates import report_price_dates

    described = json_out.catalog_dict(
        None, name=Path(directory).name, dates=report_price_dates({"categories": categories})
    )
    return json_out.dumps(json_out.stats_dict(categories, coverage, described))


def stats_text(
    categories: dict[str, dict[str, Any]], coverage: dict[str, dict[str, Any]], width: int | None = None
) -> str:
    """`catalog stats`: rows kept and dropped per category, the reasons, spec sources and inferred fields."""
    width = width or terminal_width()
    rows = []
    for name, c in categories.items():
        cov = coverage[name]
        rows.append(
            [
                name,
                c["rows_in_source"],
                c["priced"],
                c["kept"],
                c["dropped_total"],
                cov["outside_the_model"],
                cov["lost"],
                f"{100 * cov['share']:.1f}%",
            ]
        )
    # One-word headers and the price dates below keep the table within 80 columns.
    lines = [
        fitted(
            rows,
            ["category", "source", "priced", "kept", "dropped", "outside", "lost", "fit"],
            width,
            wrap=[0],
            disable_numparse=True,
        ),
        "",
    ]
    lines += _wrapped("fit, kept of fit: the priced rows that fit the model "
                      "(kept, duplicates of kept parts, and lost rows) found in "
                      "the catalog; source: rows in the dataset; "
                      "outside: priced rows outside the model.", width)  # fmt: skip
    for name, c in categories.items():
        lines += ["", f"{name}: dropped {c['dropped_total']} of {c['priced']} priced rows"]
        for reason, n in sorted(c["dropped"].items(), key=lambda kv: -kv[1]):
            lines += _wrapped(reason, width, f"  {n:5}  ", " " * 9)
        sources = sorted(c["spec_sources"].items(), key=lambda kv: -kv[1])  # a source's ; and , get a space to wrap at
        lines += _wrapped(
            "spec sources: " + "; ".join(f"{s.replace(';', '; ').replace(',', ', ')} ({n})" for s, n in sources),
            width,
            "  ",
        )
        if c["inferred_fields"]:
            lines += _wrapped(
                "inferred by a documented rule: " + ", ".join(f"{f} ({n})" for f, n in c["inferred_fields"].items()),
                width,
                "  ",
            )
        if c["price_dates"]:
            lines += _wrapped(
                "price dates: " + ", ".join(f"{d} ({n})" for d, n in c["price_dates"].items()), width, "  "
            )
    return "\n".join(lines)


def _wrapped(text: str, width: int, first: str = "", rest: str = "    ") -> list[str]:
    """A line of prose wrapped to the width; long words (file names, URLs) are kept whole."""
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    )


def search_text(hits: list[dict[str, Any]], directory: Path, text: str, width: int | None = None) -> str:
    """`catalog search`: each hit's reference, name and price, or that nothing matched."""
    if not hits:
        return f"No part matches {text!r} in {directory}."
    rows = [[f"{h['file']}:{h['id']}", h["name"], f"${float(h['price_usd']):,.2f}"] for h in hits]
    # The reference is what a scenario needs, so it stays whole; the name wraps.
    return fitted(
        rows,
        ["reference", "name", "price"],
        width or terminal_width(),
        wrap=[1],
        colalign=("left", "left", "right"),
        disable_numparse=True,
    )
