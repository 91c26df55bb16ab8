"""Writing a new scenario file from a few settings (`dlbuild init`), checked by reading it back."""

from __future__ import annotations

import json
import textwrap
import tomllib
from pathlib import Path

from . import workload_names
from .catalog import Catalog
from .errors import InputError, Problem
from .instance import bind
from .scenario import OBJECTIVES, Scenario, scenario_from_dict


def parse_gpu_counts(text: str) -> list[int]:
    """ "2", "1,2,4" or "1-4" as GPU counts; ValueError in words when it is none of these."""
    counts: set[int] = set()
    for piece in text.replace(" ", "").split(","):
        low, dash, high = piece.partition("-")
        if not (low.isdigit() and (not dash or high.isdigit())):
            raise ValueError(f"{text!r} is not a GPU count, a list such as 1,2,4 or a range such as 1-4")
        first, last = int(low), int(high) if dash else int(low)
        if not 1 <= first <= last <= 8:
            raise ValueError(f"{text!r}: GPU counts are whole numbers from 1 to 8, a range from low to high")
        counts.update(range(first, last + 1))
    return sorted(counts)


def _toml(value: object) -> str:
    # JSON writes strings, numbers and lists of numbers as TOML reads them, escapes and all. Every character
    # past ASCII is escaped too, so that no terminal control (C1, bidi overrides) is written raw; TOML also
    # refuses a raw DEL, which JSON leaves as it is.
    return json.dumps(value).replace("\x7f", "\\u007f")


def scenario_text(
    catalog: Catalog,
    workload: str,
    *,
    name: str = "",
    objective: str = "perf_per_dollar",
    budget_cents: int | None = None,
    gpus: list[int] | None = None,
    min_perf: float | None = None,
    catalog_path: Path | None = None,
) -> str:
    """The TOML of a scenario with these settings; `workload` may be an alias. An InputError when the
    settings do not make a scenario the catalog can solve (an unknown workload, min_cost without min_perf)."""
    if objective not in OBJECTIVES:
        raise InputError(
            "New scenario", [Problem("--objective", f"{objective!r} is not one of {', '.join(OBJECTIVES)}")]
        )
    probe = bind(catalog, scenario_from_dict({"workload": workload}, source="--workload"))  # the workload's row
    row = catalog.workloads[probe.scenario.workload]
    guide = workload_names.record(catalog, probe.scenario.workload).get("guide_text", "")
    unit = catalog.ratings.get(row["perf_column"], {}).get("unit") or "one GeForce RTX 4090 = 1.0"
    said = f" (asked for as {_toml(workload)})" if workload != probe.scenario.workload else ""
    about = (f"Workload {probe.scenario.workload}{said}: at least {row['min_gpu_memory_gb']} GB per GPU"
             + (f" (the guide: {guide})" if guide else "") + "; `dlbuild workloads` lists the others.")  # fmt: skip
    lines = ["# A scenario written by `dlbuild init`: edit any value, then run `dlbuild solve` on this file."]
    lines += textwrap.wrap(about, 100, initial_indent="# ", subsequent_indent="# ")
    if name:
        lines.append(f"name = {_toml(name)}")
    if catalog_path is not None:
        lines.append(f"catalog = {_toml(str(catalog_path.resolve()))}")
    lines.append(f"workload = {_toml(probe.scenario.workload)}")
    lines.append(f"objective = {_toml(objective)}")
    if budget_cents is not None:
        dollars, cents = divmod(budget_cents, 100)
        lines.append(f"budget_usd = {dollars}" + (f".{cents:02d}" if cents else ""))
    if min_perf is not None:
        lines.append(f"min_perf = {_toml(min_perf)}  # {unit}")
    if gpus:
        lines += ["", "[gpu]", f"counts = {_toml(gpus)}"]
    text = "\n".join(lines) + "\n"
    check_text(catalog, text)
    return text


def check_text(catalog: Catalog, text: str) -> Scenario:
    """The scenario `text` holds, read back as a scenario file is and bound to the catalog."""
    raw = tomllib.loads(text)
    scenario = scenario_from_dict(raw, source="the new scenario")
    bind(catalog, scenario)
    return scenario
