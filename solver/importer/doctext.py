"""Text shared by the generated documents: how to rebuild them, and Markdown helpers."""

from __future__ import annotations

#: How to rebuild, stated in every generated document.
REBUILD_COMMAND = "dlbuild catalog build --from DIR --out catalogs --docs docs"
LAYOUT_SENTENCE = "point --from at a directory holding the datasets as docs/catalog.md describes"


def pct(x: float) -> str:
    return f"{x * 100:+.1f}%"


def md_table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out
