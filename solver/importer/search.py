"""Looking parts up in a catalog (what `dlbuild catalog search` calls), read by the solver's own loader."""

from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog, load_catalog
from .match import fold

#: The columns a query's words are looked for in, besides the id and the name.
_SEARCHED = ("id", "name", "chipset", "socket", "memory_type")


def search_catalog(
    catalog: Catalog | Path | str, query: str, files: tuple[str, ...] | list[str] | None = None, limit: int | None = 50
) -> list[dict]:
    """Rows whose id, name or chipset/socket contain every word of query (case and punctuation ignored).

    `catalog` is a loaded catalog or its directory (loaded and checked as the solver does, so a broken
    catalog raises the loader's InputError instead of giving partial results). Each result is the part's
    row as text, plus "file" (the file stem, as used in "<file>:<id>" part references). Results are ordered
    by file, then price, then id.
    """
    cat = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
    words = fold(query).split()
    found = []
    for stem, parts in cat.parts.items():
        if files and stem not in files:
            continue
        for part, row in zip(parts, cat.tables[stem].records()):
            text = " ".join(fold(row.get(column, "")) for column in _SEARCHED)
            haystack = set(text.split())
            if all(w in haystack or w in text for w in words):
                found.append((stem, part.price_cents, part.id, {"file": stem, **row}))
    found.sort(key=lambda hit: hit[:3])
    hits = [hit[3] for hit in found]
    return hits if limit is None else hits[:limit]
