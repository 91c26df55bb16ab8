"""Where a catalog's numbers come from: price dates, data sources and attribution, when recorded."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..infile import read_bytes
from ..pricedates import import_report, price_date, price_dates

SOURCES_FILE = "SOURCES.md"
#: The SOURCES.md section that lists the datasets; matched loosely so a reworded heading still counts.
SOURCES_HEADING = re.compile(r"^#{1,6}\s+.*(dataset|source|licen[cs]e|attribution)", re.IGNORECASE)


def _bullets(lines: list[str]) -> list[dict[str, Any]]:
    """Top-level Markdown bullets, each with its indented sub-bullets; wrapped lines are joined."""
    out: list[dict[str, Any]] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        nested = line[: len(line) - len(line.lstrip())] != ""
        if stripped.startswith(("- ", "* ")):
            text = stripped[2:].strip()
            if nested and out:
                out[-1]["items"].append(text)
            else:
                out.append({"text": text, "items": []})
        elif out:  # a continuation line of the last bullet
            target = out[-1]["items"] if out[-1]["items"] and nested else None
            if target is not None:
                target[-1] += " " + stripped
            else:
                out[-1]["text"] += " " + stripped
    return out


def read_sources(root: Path) -> dict[str, Any]:
    """The price note and the dataset list of SOURCES.md, or what is known when it is absent."""
    try:
        text = read_bytes(Path(root) / SOURCES_FILE).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {"file": None, "prices": None, "datasets": []}
    lines = text.splitlines()
    prices = next((line.strip() for line in lines if line.strip().lower().startswith("prices:")), None)
    section: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("#"):
            if inside:
                break
            inside = bool(SOURCES_HEADING.match(line))
            continue
        if inside:
            section.append(line)
    return {"file": SOURCES_FILE, "prices": prices, "datasets": _bullets(section)}


def provenance(catalog: Catalog) -> dict[str, Any]:
    """Everything the report says about the catalog itself."""
    dates = price_dates(catalog)
    date = price_date(catalog, dates)
    return {
        # The folder's name only: a report is shared, and the full path says nothing to its reader.
        "name": Path(catalog.path).name,
        "parts": {stem: len(parts) for stem, parts in catalog.parts.items()},
        "price_date": date,
        "price_dates": dates,
        "has_import_report": bool(import_report(catalog.path)),
        **read_sources(catalog.path),
    }
