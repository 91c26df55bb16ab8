"""Looking parts up in a built catalog (what `dlbuild catalog search` calls)."""
from __future__ import annotations

from pathlib import Path

from .match import fold
from .writer import read_csv

PART_FILES = ("gpus", "cpus", "motherboards", "memory", "psus", "cases", "coolers", "storage")


def search_catalog(catalog_dir: Path, query: str, files: tuple[str, ...] | list[str] | None = None,
                   limit: int | None = 50) -> list[dict]:
    """Rows whose id, name or chipset/socket contain every word of query (case and punctuation ignored).

    Each result is the CSV row plus "file" (the file stem, as used in "<file>:<id>" part references).
    Results are ordered by file, then price, then id.
    """
    words = fold(query).split()
    hits = []
    for stem in files or PART_FILES:
        path = Path(catalog_dir) / f"{stem}.csv"
        if not path.exists():
            continue
        for row in read_csv(path):
            text = " ".join(fold(row.get(k, "")) for k in ("id", "name", "chipset", "socket", "memory_type"))
            haystack = set(text.split())
            if all(w in haystack or w in text for w in words):
                hits.append({"file": stem, **row})
    hits.sort(key=lambda r: (r["file"], float(r.get("price_usd") or 0), r.get("id", "")))
    return hits if limit is None else hits[:limit]
