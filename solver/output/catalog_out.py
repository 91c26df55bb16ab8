"""The `catalog` commands' output: files written, a sound catalog, import statistics and search hits."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from . import json_out

if TYPE_CHECKING:  # annotations only: rendering must not load the loader
    from ..catalog import Catalog


def written_text(out: Path, files: dict[str, int]) -> str:
    """`catalog build`: where the catalog went and how many rows each file has."""
    rows = [[name, count] for name, count in sorted(files.items())]
    return f"Wrote {out}\n\n" + tabulate(rows, headers=["file", "rows"])


def sound_text(directory: Path, catalog: Catalog) -> str:
    counts = ", ".join(f"{len(parts)} {stem}" for stem, parts in catalog.parts.items())
    return f"Catalog {directory} is sound: {counts}; {len(catalog.gpu_models)} GPU models, {len(catalog.workloads)} workloads."


def stats_json(categories: dict[str, dict[str, Any]], coverage: dict[str, dict[str, Any]], directory: Path) -> str:
    """`catalog stats --format json`: each category's import counts with its coverage, in the envelope."""
    from ..pricedates import report_price_dates

    described = json_out.catalog_dict(None, name=Path(directory).name, dates=report_price_dates({"categories": categories}))
    return json_out.dumps(json_out.stats_dict(categories, coverage, described))


def stats_text(categories: dict[str, dict[str, Any]], coverage: dict[str, dict[str, Any]]) -> str:
    """`catalog stats`: rows kept and dropped per category, the reasons, spec sources and inferred fields."""
    rows = []
    for name, c in categories.items():
        cov = coverage[name]
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
    return "\n".join(lines)


def search_text(hits: list[dict[str, Any]], directory: Path, text: str) -> str:
    """`catalog search`: each hit's reference, name and price, or that nothing matched."""
    if not hits:
        return f"No part matches {text!r} in {directory}."
    rows = [[f"{h['file']}:{h['id']}", h["name"], f"${float(h['price_usd']):,.2f}"] for h in hits]
    return tabulate(rows, headers=["reference", "name", "price"], colalign=("left", "left", "right"))
