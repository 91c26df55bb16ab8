"""The output of the commands that get a new user started: the shipped examples and the workloads, as
text that fits 80 columns."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..shipped import Example

WIDTH = 80
#: A name column wider than this puts the description on the next line instead.
NAME_COLUMN = 24


def _entry(name: str, text: str, indent: int = 2) -> list[str]:
    """`name` then `text`, wrapped to WIDTH: beside the name when it is short, below it when it is long."""
    pad = " " * indent
    if len(name) < NAME_COLUMN:
        first = f"{pad}{name:<{NAME_COLUMN}}"
        return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=" " * len(first)) or [first.rstrip()]
    return [f"{pad}{name}", *textwrap.wrap(text, WIDTH, initial_indent=pad + "    ", subsequent_indent=pad + "    ")]


def examples_text(examples: list[Example]) -> str:
    scenarios = [e for e in examples if e.kind == "scenario"]
    builds = [e for e in examples if e.kind == "build"]
    lines = ["Shipped scenarios (give the name to solve, frontier, sweep, compare or report):"]
    for e in scenarios:
        lines += _entry(e.name, e.description)
    lines += ["", "Shipped build files (give the name to check):"]
    for e in builds:
        lines += _entry(e.name, e.description)
    lines += ["", "`dlbuild scenarios copy NAME` writes one to edit, `dlbuild init` a new one."]
    return "\n".join(lines)


def _gb(value: float) -> str:
    return f"{value:g} GB"


def workloads_text(rows: list[dict[str, Any]]) -> str:
    """`dlbuild workloads`: one block per workload."""
    lines = ["Workloads (a scenario's `workload`: the name in any spelling, or an alias):", ""]
    for w in rows:
        floor = f">= {_gb(w['min_gpu_memory_gb'])} per GPU"
        if w["min_total_memory_gb"]:
            floor += f", {_gb(w['min_total_memory_gb'])} across all GPUs"
        rating = w["rating_column"] + (f" ({w['rating_words']})" if w["rating_words"] else "")
        facts = f"{floor}; {w['threads_per_gpu']} CPU threads per GPU; GPUs ranked by {rating}"
        if w["guide_words"]:
            said = f'{w["guide_year"]} guide: "{w["guide_words"]}"' if w["guide_year"] else f'"{w["guide_words"]}"'
        else:
            said = (
                "not a row of the guides: "
                + w["notes"].split(":")[0].split(". ")[0].rstrip(".")
                + " (workloads.csv says how it is sized)"
            )
        lines.append(w["workload"])
        for text in (facts, said, "aliases: " + ", ".join(w["aliases"]) if w["aliases"] else ""):
            if text:
                lines += textwrap.wrap(text, WIDTH, initial_indent="    ", subsequent_indent="      ")
    return "\n".join(lines)
