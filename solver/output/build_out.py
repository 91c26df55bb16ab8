"""`solve --emit-build`: a build file (the TOML `check` reads, solver/schemas/build-file.json) naming the
chosen parts by reference and count, so a build can be saved, shared and checked again later.

Prices are left out on purpose: `check` prices every part from the catalog it loads, so the same file
re-checks a build at the prices of the day."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..categories import CATEGORIES
from ..text import usd

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..result import Result


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are a subset of TOML's."""
    return json.dumps(text, ensure_ascii=False)


def build_toml(result: Result, scenario: str, catalog: str | None = None, dated: str | None = None) -> str:
    """The build file of a result that has a build. `scenario` and `catalog` are paths relative to the build
    file (catalog None: the scenario's own); `dated` is the catalog's newest price date, for the header."""
    build = result.build
    if build is None:
        raise ValueError("a result without a build has no build file")
    prices = f", prices of {dated}" if dated else ""
    lines = [
        f"# The {result.objective} build of {result.scenario or scenario} ({result.status}), "
        f"{usd(build.cost_cents)}{prices}.",
        "# `dlbuild check` on this file judges it against every rule at the catalog's current prices.",
        f"scenario = {_string(scenario)}",
    ]
    if catalog is not None:
        lines.append(f"catalog = {_string(catalog)}")
    lines += ["", "[build]"]
    for c in CATEGORIES:
        pick = getattr(build, c.slot)
        if pick is None:
            continue  # the cooler, when the CPU comes with one
        lines.append(f"{c.slot} = {_string(pick.part.ref)}")
        if c.counted:
            lines.append(f"{c.count_key} = {pick.count}")
    lines += [f"power_level_pct = {build.power_level}", f"psu_count = {build.psu_count}"]
    return "\n".join(lines) + "\n"
