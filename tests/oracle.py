"""Brute-force reference of the build model (v2: rules R1-R18): enumerates every valid build of a small catalog.

It shares no code with the solver and reads the model from its written contract only. Every number is an int or
a Fraction. A build is v1's (GPU model and count, CPU, board, memory kit and count, PSU, case, cooler or none,
drive) plus two choices: the GPUs' power level (percent of tdp_w, 100 when power limits are off) and the PSU count
m (1, or 2 identical units when rules.dual_psu = "allow"). The GPUs' slots are not a choice: the layout is the
best valid placement by R8's order, a function of the GPU, count, board, case and scenario.

Guide-2018 and v1. With rules.profile = "guide-2018" every v2 floor is off (RAM, PSU efficiency, SSD, compute
capability, recommended PSU power), power limits and a second PSU are off and no circuit is set. A v1 instance
(no v2 column, file or key) decided that way has exactly v1's valid builds, costs and performance when also
  (a) every board lists its x16 slots in gpu_slots as CPU-attached x16 at positions i x slot_pitch: v1 counted
      every x16 slot as a CPU slot, while v2 derives one CPU slot and chipset x4 slots when gpu_slots is empty;
  (b) min_pcie_lanes_per_gpu <= 16, so a CPU x16 slot is usable (v1 had no slot lanes);
  (c) max_wall_watts = 0: v2's R13 measures at the wall, after the PSU's losses, v1's compared DC watts.
Why: with every slot a CPU x16 slot, an R7 placement of n cards exists iff v1's uniform step does (a placement's
smallest index gap g gives the step g, which fits wherever the placement fits), likewise a spaced one; R8's order
then picks a spaced placement whenever one is valid, as v1 called the layout spaced iff some valid step was; R9
counts all n cards as v1 did; m = 1, level 100, no chipset and the default bays leave R6, R10, R11 and cost as v1's.
tests/test_oracle.py checks this on the generator's v1 instances against answers the v1 enumerator recorded.

Contract v3 (offers and price lists, owned parts, dated prices, usage, energy, total cost and the cloud) is the
last section: the *_v3 functions wrap the v2 enumeration, which runs unchanged on the catalog priced at each
part's bought offer; on a scenario without v3 keys or price lists they decide as v2 does.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

PART_FILES = ("gpus", "cpus", "motherboards", "memory", "psus", "cases", "coolers", "storage")
FILES = ("gpu_models", *PART_FILES, "workloads")
TABLE_FILES = ("scaling", "power_limits", "cloud")  # optional files; None in the catalog when absent
RULES = tuple(f"R{i}" for i in range(1, 19))
OBJECTIVES = ("perf_per_dollar", "max_perf", "min_cost")
# Not rules but reported by check(): a malformed build (section 2) and a GPU without a perf value (section 1).
STRUCTURE, UNRATED = "build", "unrated"

# Column types per file; every other column is kept as stripped text. Optional columns (contract v2 §1) included.
NUMBERS = {
    "gpu_models": ("compute_capability", "min_power_limit_w", "recommended_psu_w"),
    "gpus": ("memory_gb", "tdp_w", "slot_width", "length_mm", "pcie_8pin", "pcie_16pin"),
    "cpus": ("cores", "threads", "tdp_w", "pcie_lanes"),
    "motherboards": ("memory_slots", "max_memory_gb", "x16_slots", "slot_pitch", "m2_slots"),
    "memory": ("modules", "module_gb"),
    "psus": ("wattage", "pcie_8pin", "pcie_16pin"),
    "cases": ("max_gpu_length_mm", "expansion_slots", "max_cooler_height_mm", "max_radiator_mm", "psu_bays"),
    "coolers": ("height_mm", "radiator_mm"),
    "storage": ("capacity_gb",),
    "workloads": ("min_gpu_memory_gb", "threads_per_gpu", "min_total_memory_gb"),
    "scaling": ("gpus", "speedup"),
    "power_limits": ("level_pct", "factor"),
    "cloud": ("gpus", "usd_per_hour"),
}
LISTS = {"cases": ("motherboard_form_factors", "psu_form_factors"), "coolers": ("sockets",)}
BOOLS = {"cpus": ("includes_cooler",)}
ENUMS = {
    "gpu_models": ("product_line",), "gpus": ("cooling",), "coolers": ("kind",),
    "storage": ("interface", "drive_type"), "psus": ("efficiency", "input_voltage"),
    "workloads": ("scaling_profile",), "scaling": ("profile", "product_line"),
}  # fmt: skip
# An optional cell left empty, or its column absent, means this (contract v2 §1; the conservative reading).
CELL_DEFAULTS = {
    "gpu_models": {"product_line": "geforce", "power_class": "default"},
    "psus": {"efficiency": "none", "input_voltage": "any"},
    "cases": {"psu_bays": Fraction(1)},
    "workloads": {"scaling_profile": "training"},
}

DEFAULT_SCALING = {1: "1.0", 2: "1.87", 3: "2.78", 4: "3.66", 5: "4.5", 6: "5.35", 7: "6.2", 8: "7.06"}
DEFAULT_RULES = {  # v1 keys; the same under both profiles
    "ram_per_gpu_memory": "1.0",
    "ram_basis": "largest",
    "min_pcie_lanes_per_gpu": "8",
    "psu_headroom": "0.10",
    "other_w": "100",
    "adjacent_open_air": "forbid",
    "adjacent_penalty": "0.30",
    "max_wall_watts": "0",
    "min_storage_gb": "500",
}
PROFILES = {  # contract v2 §2: the keys whose default depends on rules.profile
    "recommended": {
        "chipset_slots": "forbid", "chipset_penalty": "0.15", "power_limit": "allow", "circuit": "none",
        "dual_psu": "off", "recommended_psu": "meet", "min_ram_gb": "32", "ram_per_total_vram": "0.5",
        "psu_min_efficiency": "gold", "psu_efficiency_above_w": "750", "storage_kind": "ssd",
        "min_compute_capability": "7.5",
    },
    "guide-2018": {
        "chipset_slots": "forbid", "chipset_penalty": "0.15", "power_limit": "off", "circuit": "none",
        "dual_psu": "off", "recommended_psu": "ignore", "min_ram_gb": "0", "ram_per_total_vram": "0",
        "psu_min_efficiency": "none", "psu_efficiency_above_w": "750", "storage_kind": "any",
        "min_compute_capability": "0",
    },
}  # fmt: skip
EFFICIENCY = ("none", "plus", "bronze", "silver", "gold", "platinum", "titanium")  # R17's order, worst first
CHOICES = {
    "ram_basis": ("largest", "total"), "adjacent_open_air": ("forbid", "penalize"),
    "chipset_slots": ("forbid", "penalize"), "power_limit": ("allow", "off"),
    "circuit": ("none", "us_15a", "us_20a", "eu_16a", "uk_13a"), "dual_psu": ("allow", "off"),
    "recommended_psu": ("meet", "ignore"), "psu_min_efficiency": EFFICIENCY, "storage_kind": ("any", "ssd", "nvme"),
}  # fmt: skip
# Circuit presets: (max wall watts, voltage class of the efficiency table), contract v2 §2.
CIRCUITS = {"us_15a": (1440, 115), "us_20a": (1920, 115), "eu_16a": (2944, 230), "uk_13a": (2392, 230)}
# 80 PLUS points (load %, efficiency %) per voltage class and rating, contract v2 §6; "none" is handled apart.
CURVES = {
    115: {
        "plus": ((20, 80), (50, 80), (100, 80)),
        "bronze": ((20, 82), (50, 85), (100, 82)),
        "silver": ((20, 85), (50, 88), (100, 85)),
        "gold": ((20, 87), (50, 90), (100, 87)),
        "platinum": ((20, 90), (50, 92), (100, 89)),
        "titanium": ((10, 90), (20, 92), (50, 94), (100, 90)),
    },
    230: {
        "plus": ((20, 82), (50, 85), (100, 82)),
        "bronze": ((20, 85), (50, 88), (100, 85)),
        "silver": ((20, 87), (50, 90), (100, 87)),
        "gold": ((20, 90), (50, 92), (100, 89)),
        "platinum": ((20, 92), (50, 94), (100, 90)),
        "titanium": ((10, 90), (20, 94), (50, 96), (100, 91)),
    },
}
SCENARIO_KEYS = {
    "": {"name", "catalog", "workload", "objective", "budget_usd", "min_perf", "gpu", "rules", "parts", "variants"},
    "gpu": {"counts", "min_memory_gb", "min_total_memory_gb"},
    "rules": {*DEFAULT_RULES, *PROFILES["recommended"], "profile", "threads_per_gpu", "scaling"},
    "parts": {"exclude", "require"},
}


def num(value: Any) -> Fraction:
    """Exact value of a cell or TOML number; a float is read as its shortest decimal text, as it was written."""
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, (int, Fraction, Decimal)):
        return Fraction(value)
    return Fraction(str(value).strip())


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


class Slot(NamedTuple):
    """One x16-length slot of a board: position in expansion slots from the top x16-length slot, and its wiring."""

    position: Fraction
    attach: str  # cpu | chipset
    lanes: int
    gen: int


def _wiring(row: Mapping[str, Any]) -> tuple[tuple[Slot, ...], bool]:
    """(slots, inferred): the gpu_slots cell, or when empty the conservative wiring (one CPU x16 slot)."""
    text, count = row.get("gpu_slots", ""), int(row["x16_slots"])
    if not text:
        return tuple(
            Slot(i * row["slot_pitch"], "cpu" if i == 0 else "chipset", 16 if i == 0 else 4, 3) for i in range(count)
        ), True
    slots = []
    for item in (part.strip() for part in text.split(";")):
        if item:
            pos, attach, lanes, gen = (field.strip() for field in item.split(":"))
            slots.append(Slot(num(pos), attach.lower(), int(lanes), int(gen)))
    # The oracle trusts its catalog, but a generator bug must not pass as a model difference.
    positions = [slot.position for slot in slots]
    if (
        len(slots) != count
        or positions[0] != 0
        or positions != sorted(set(positions))
        or any(
            slot.attach not in ("cpu", "chipset") or slot.lanes not in (1, 2, 4, 8, 16) or not 1 <= slot.gen <= 5
            for slot in slots
        )
    ):
        raise ValueError(f"motherboards: malformed gpu_slots of {row['id']}: {text!r}")
    return tuple(slots), False


def _parse_row(stem: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {key: _text(value) for key, value in raw.items()}
    for col in NUMBERS.get(stem, ()):
        row[col] = num(row[col]) if row.get(col, "") != "" else None
    for col in LISTS.get(stem, ()):
        row[col] = tuple(item.strip() for item in row[col].split(";") if item.strip())
    for col in BOOLS.get(stem, ()):
        row[col] = row[col].lower() == "true"
    for col in ENUMS.get(stem, ()):
        row[col] = row.get(col, "").lower()
    for col, default in CELL_DEFAULTS.get(stem, {}).items():
        if row.get(col) in ("", None):
            row[col] = default
    if stem == "motherboards":
        row["gpu_slots"], row["inferred_wiring"] = _wiring(row)
    if stem in PART_FILES:
        cents = num(row["price_usd"]) * 100
        if cents.denominator != 1:
            raise ValueError(f"{stem}: price of {row['id']} has more than 2 decimals")
        row["price_cents"] = int(cents)
    return row


def _filled(rows: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """Rows with every column any row has (empty where missing), as a CSV file holds them; and the columns."""
    rows = [dict(row) for row in rows]
    columns = tuple(dict.fromkeys(col for row in rows for col in row))
    return [{col: row.get(col, "") for col in columns} for row in rows], columns


def catalog_from_rows(rows: Mapping[str, Iterable[Mapping[str, Any]] | None]) -> dict[str, Any]:
    """Catalog from rows per file stem: {stem: {key: parsed row}}, keyed by id, chipset or workload; the optional
    tables scaling, power_limits and cloud as lists of parsed rows (None when the file is absent); and "columns":
    {stem: column names} (R18 tells an absent compute_capability column from an empty cell)."""
    key_of = {"gpu_models": "chipset", "workloads": "workload"}
    catalog: dict[str, Any] = {"columns": {}}
    for stem in FILES:
        filled, catalog["columns"][stem] = _filled(rows[stem])
        catalog[stem] = {}
        for raw in filled:
            row = _parse_row(stem, raw)
            catalog[stem][row[key_of.get(stem, "id")]] = row
    for stem in TABLE_FILES:
        given = rows.get(stem)
        catalog[stem] = None if given is None else [_parse_row(stem, raw) for raw in _filled(given)[0]]
    return catalog


def read_rows(path: str | Path) -> dict[str, list[dict[str, str]] | None]:
    """The rows of a catalog directory's CSV files per stem; None for an absent optional file."""
    rows: dict[str, Any] = {}
    for stem in (*FILES, *TABLE_FILES):
        file = Path(path) / f"{stem}.csv"
        if stem in TABLE_FILES and not file.exists():
            rows[stem] = None
            continue
        with open(file, newline="", encoding="utf-8") as handle:
            rows[stem] = list(csv.DictReader(handle))
    return rows


def load_catalog(path: str | Path) -> dict[str, Any]:
    """Read a catalog directory (assumed valid) into catalog_from_rows' shape; scaling.csv, power_limits.csv and
    cloud.csv are optional."""
    return catalog_from_rows(read_rows(path))


@dataclass(frozen=True)
class Settings:
    """A scenario with the contract's defaults applied (v1 section 7, v2 §2); all numbers exact."""

    workload: str
    objective: str
    profile: str
    counts: tuple[int, ...]
    scaling: dict[int, Fraction] | None  # the scenario's rules.scaling, which replaces every table; else None
    scaling_profile: str  # the workload's: picks the rows of scaling.csv
    min_gpu_memory_gb: Fraction
    min_total_memory_gb: Fraction
    perf_column: str
    ram_per_gpu_memory: Fraction
    ram_basis: str
    threads_per_gpu: Fraction
    min_pcie_lanes_per_gpu: Fraction
    psu_headroom: Fraction
    other_w: Fraction
    adjacent_open_air: str
    adjacent_penalty: Fraction
    max_wall_watts: Fraction
    min_storage_gb: Fraction
    chipset_slots: str
    chipset_penalty: Fraction
    power_limit: str
    circuit: str
    dual_psu: str
    recommended_psu: str
    min_ram_gb: Fraction
    ram_per_total_vram: Fraction
    psu_min_efficiency: str
    psu_efficiency_above_w: Fraction
    storage_kind: str
    ssd_unchecked: bool  # the SSD asked for by the profile's default cannot be checked: storage.csv has no drive_type
    min_compute_capability: Fraction
    budget_cents: Fraction | None
    min_perf: Fraction | None
    exclude: frozenset[tuple[str, str]]
    require: frozenset[tuple[str, str]]

    @property
    def psu_counts(self) -> tuple[int, ...]:
        return (1, 2) if self.dual_psu == "allow" else (1,)


Scenario = Mapping[str, Any] | Settings  # a tomllib scenario dict, or one already resolved by settings()


def _reference(catalog: Mapping, ref: str) -> tuple[str, str]:
    stem, _, part_id = ref.partition(":")
    if stem not in PART_FILES or part_id not in catalog[stem]:
        raise ValueError(f"part reference names no part in the catalog: {ref!r}")
    return stem, part_id


def settings(catalog: Mapping, scenario: Scenario) -> Settings:
    """Resolve a tomllib scenario dict against the catalog; refuses unknown keys so a typo cannot pass silently.

    A Settings passes through, so callers may resolve once and hand it to check() in a tight loop.
    """
    if isinstance(scenario, Settings):
        return scenario
    for table, known in SCENARIO_KEYS.items():
        given = scenario.get(table, {}) if table else scenario
        if set(given) - known:
            raise ValueError(f"unknown scenario keys in [{table}]: {sorted(set(given) - known)}")
    gpu, rules, parts = scenario.get("gpu", {}), scenario.get("rules", {}), scenario.get("parts", {})
    workload = catalog["workloads"][scenario["workload"]]
    profile = str(rules.get("profile", "recommended")).lower()
    if profile not in PROFILES:
        raise ValueError(f"rules.profile must be one of {sorted(PROFILES)}: {profile!r}")
    # A key given explicitly always wins; the profile only picks defaults.
    value = {key: rules.get(key, default) for key, default in {**DEFAULT_RULES, **PROFILES[profile]}.items()}
    for key, options in CHOICES.items():
        value[key] = str(value[key]).lower()
        if value[key] not in options:
            raise ValueError(f"rules.{key} must be one of {options}: {value[key]!r}")
    scaling = {int(key): num(v) for key, v in rules["scaling"].items()} if "scaling" in rules else None
    counts = tuple(sorted({int(n) for n in gpu.get("counts", (1, 2, 3, 4))}))
    if any(n < 1 or n > 8 for n in counts) or (scaling is not None and any(n not in scaling for n in counts)):
        raise ValueError(f"GPU counts must be 1..8, each with an entry in rules.scaling when given: {counts}")
    if not 0 <= num(value["chipset_penalty"]) < 1:
        raise ValueError("rules.chipset_penalty must be in [0, 1)")
    objective = scenario.get("objective", "perf_per_dollar")
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}")
    # R9: the workload row gives threads_per_gpu; the scenario overrides; 2 when the cell is empty.
    threads = rules.get("threads_per_gpu", workload["threads_per_gpu"])
    return Settings(
        workload=scenario["workload"],
        objective=objective,
        profile=profile,
        counts=counts,
        scaling=scaling,
        scaling_profile=workload.get("scaling_profile") or "training",
        min_gpu_memory_gb=num(gpu.get("min_memory_gb", workload["min_gpu_memory_gb"] or 0)),
        min_total_memory_gb=num(gpu.get("min_total_memory_gb", workload.get("min_total_memory_gb") or 0)),
        perf_column=workload.get("perf_column") or "perf",
        ram_per_gpu_memory=num(value["ram_per_gpu_memory"]),
        ram_basis=value["ram_basis"],
        threads_per_gpu=num(2 if threads is None else threads),
        min_pcie_lanes_per_gpu=num(value["min_pcie_lanes_per_gpu"]),
        psu_headroom=num(value["psu_headroom"]),
        other_w=num(value["other_w"]),
        adjacent_open_air=value["adjacent_open_air"],
        adjacent_penalty=num(value["adjacent_penalty"]),
        max_wall_watts=num(value["max_wall_watts"]),
        min_storage_gb=num(value["min_storage_gb"]),
        chipset_slots=value["chipset_slots"],
        chipset_penalty=num(value["chipset_penalty"]),
        power_limit=value["power_limit"],
        circuit=value["circuit"],
        dual_psu=value["dual_psu"],
        recommended_psu=value["recommended_psu"],
        min_ram_gb=num(value["min_ram_gb"]),
        ram_per_total_vram=num(value["ram_per_total_vram"]),
        psu_min_efficiency=value["psu_min_efficiency"],
        psu_efficiency_above_w=num(value["psu_efficiency_above_w"]),
        storage_kind=value["storage_kind"],
        ssd_unchecked=(
            value["storage_kind"] == "ssd"
            and "storage_kind" not in rules
            and "drive_type" not in catalog["columns"]["storage"]
        ),
        min_compute_capability=num(value["min_compute_capability"]),
        budget_cents=num(scenario["budget_usd"]) * 100 if "budget_usd" in scenario else None,
        min_perf=num(scenario["min_perf"]) if "min_perf" in scenario else None,
        exclude=frozenset(_reference(catalog, ref) for ref in parts.get("exclude", ())),
        require=frozenset(_reference(catalog, ref) for ref in parts.get("require", ())),
    )


# ---- per-GPU facts: rating, speed-up, power levels ----


def gpu_model(catalog: Mapping, gpu: Mapping) -> Mapping | None:
    return catalog["gpu_models"].get(gpu["chipset"])


def gpu_perf(catalog: Mapping, s: Settings, gpu: Mapping) -> Fraction | None:
    """Per-card perf in the workload's column, or None when the GPU is unrated (never chosen)."""
    model = gpu_model(catalog, gpu)
    cell = model.get(s.perf_column, "") if model else ""
    return num(cell) if cell else None


def speedup(catalog: Mapping, s: Settings, gpu: Mapping, n: int) -> Fraction | None:
    """Section 3: the scenario's table, else scaling.csv's chipset row, else its product-line row, else v1's default
    table when the file is absent; None = no row, so n of this GPU are not allowed (R1)."""
    if s.scaling is not None:
        return s.scaling.get(n)
    if catalog["scaling"] is None:
        return num(DEFAULT_SCALING[n]) if n in DEFAULT_SCALING else None
    model = gpu_model(catalog, gpu)
    line = model["product_line"] if model else CELL_DEFAULTS["gpu_models"]["product_line"]
    for chipset in (gpu["chipset"], ""):
        for row in catalog["scaling"]:
            key = (row["profile"], row["product_line"], row["chipset"], row["gpus"])
            if key == (s.scaling_profile, line, chipset, n):
                return row["speedup"]
    return None


def gpu_watts(gpu: Mapping, level: int) -> Fraction:
    """Section 4: floor(tdp_w x L / 100) whole watts below 100%; tdp_w itself at 100 (decimals kept)."""
    return gpu["tdp_w"] if level == 100 else Fraction(math.floor(gpu["tdp_w"] * level / 100))


def power_levels(catalog: Mapping, s: Settings, gpu: Mapping) -> dict[int, Fraction]:
    """{level_pct: throughput factor} a GPU may run at: 100 always; its class's levels when power_limit = allow,
    each only if the card's firmware accepts that many watts (min_power_limit_w, when known)."""
    levels = {100: Fraction(1)}
    model = gpu_model(catalog, gpu)
    if s.power_limit != "allow" or catalog["power_limits"] is None or model is None:
        return levels
    for row in catalog["power_limits"]:
        level = int(row["level_pct"])
        floor_w = model["min_power_limit_w"]
        if row["power_class"] == model["power_class"] and (floor_w is None or gpu_watts(gpu, level) >= floor_w):
            levels[level] = row["factor"]
    return dict(sorted(levels.items(), reverse=True))


def dc_watts(s: Settings, gpu, n: int, cpu, level: int) -> Fraction:
    return n * gpu_watts(gpu, level) + cpu["tdp_w"] + s.other_w


# ---- R7 and R8: where the cards sit ----


class Layout(NamedTuple):
    """The build's placement (R8's choice among R7's), or no slots when no placement fits R7."""

    slots: tuple[Slot, ...]
    adjacent: bool
    uses_chipset: bool
    factor: Fraction  # adjacency x chipset factor of section 3
    r7: bool
    r8: bool

    @property
    def positions(self) -> tuple[Fraction, ...]:
        return tuple(slot.position for slot in self.slots)

    @property
    def cpu_cards(self) -> int:
        return sum(slot.attach == "cpu" for slot in self.slots)


def usable(s: Settings, slot: Slot) -> bool:
    """R7: a CPU slot with the lanes a GPU needs, or a chipset x4+ slot when chipset slots are accepted.
    An x1 or x2 link is never usable, even when min_pcie_lanes_per_gpu is below 4 (the contract says "never")."""
    if slot.lanes < 4:
        return False
    if slot.attach == "cpu":
        return slot.lanes >= s.min_pcie_lanes_per_gpu
    return s.chipset_slots == "penalize"


def placements(s: Settings, gpu, n: int, board, case) -> list[tuple[Slot, ...]]:
    """Every R7 placement: n usable slots, each at least a card's width below the last, spanning the case."""
    width, room = gpu["slot_width"], case["expansion_slots"]
    found = []
    for chosen in itertools.combinations([slot for slot in board["gpu_slots"] if usable(s, slot)], n):
        pos = [slot.position for slot in chosen]
        if all(b - a >= width for a, b in itertools.pairwise(pos)) and pos[-1] - pos[0] + math.ceil(width) <= room:
            found.append(chosen)
    return found


def _penalised(s: Settings, gpu, adjacent: bool) -> bool:
    return adjacent and gpu["cooling"] == "open-air" and s.adjacent_open_air == "penalize"


def _r8_holds(s: Settings, gpu, adjacent: bool) -> bool:
    # Only "forbid" refuses open-air cards side by side; "penalize" lowers performance instead.
    return not (adjacent and gpu["cooling"] == "open-air" and s.adjacent_open_air == "forbid")


def layout(s: Settings, gpu, n: int, board, case) -> Layout:
    """R8's choice: the valid placement with the highest factor; ties: no chipset, spaced, smaller span, then the
    lexicographically smallest positions. With R7 placements but none valid under R8, the same order picks one
    (R8 fails). With no R7 placement, v1's convention: two or more cards count as adjacent (R7 fails)."""
    width = gpu["slot_width"]
    ranked = []
    for chosen in placements(s, gpu, n, board, case):
        pos = [slot.position for slot in chosen]
        adjacent = any(b - a - width < 1 for a, b in itertools.pairwise(pos))
        chipset = any(slot.attach == "chipset" for slot in chosen)
        factor = (1 - s.adjacent_penalty) if _penalised(s, gpu, adjacent) else 1
        factor *= (1 - s.chipset_penalty) if chipset else 1
        r8 = _r8_holds(s, gpu, adjacent)
        key = (not r8, -factor, chipset, adjacent, pos[-1] - pos[0], tuple(pos))
        ranked.append((key, Layout(chosen, adjacent, chipset, Fraction(factor), True, r8)))
    if ranked:
        return min(ranked, key=lambda pair: pair[0])[1]
    adjacent = n >= 2
    return Layout(
        (),
        adjacent,
        False,
        Fraction(1 - s.adjacent_penalty if _penalised(s, gpu, adjacent) else 1),
        False,
        _r8_holds(s, gpu, adjacent),
    )


def performance(perf: Fraction, speed: Fraction, lay: Layout, level_factor: Fraction) -> Fraction:
    """Section 3: rating x speedup x adjacency and chipset factors x power factor."""
    return perf * speed * lay.factor * level_factor


# ---- R13: power at the wall ----


def voltage_class(s: Settings) -> int:
    """115 V unless a 230 V circuit preset sets the limit (max_wall_watts > 0 uses the 115 V table)."""
    if s.max_wall_watts == 0 and s.circuit in CIRCUITS:
        return CIRCUITS[s.circuit][1]
    return 115


def wall_limit(s: Settings) -> Fraction | None:
    if s.max_wall_watts > 0:
        return s.max_wall_watts
    return Fraction(CIRCUITS[s.circuit][0]) if s.circuit in CIRCUITS else None


def efficiency_pct(rating: str, volts: int, load: Fraction) -> Fraction:
    """Section 6: linear between the 80 PLUS points; below the lowest point its value minus 5; above full load the
    full-load value (reachable only when R10 is skipped). Unrated: 70 from 20% load up, 60 below."""
    if rating == "none":
        return Fraction(70 if load >= Fraction(1, 5) else 60)
    points = CURVES[volts][rating]
    x = load * 100
    if x < points[0][0]:
        return Fraction(points[0][1] - 5)
    for (x0, e0), (x1, e1) in itertools.pairwise(points):
        if x <= x1:
            return e0 + Fraction(e1 - e0) * (x - x0) / (x1 - x0)
    return Fraction(points[-1][1])


def wall_watts(s: Settings, psu, m: int, dc: Fraction) -> Fraction:
    """DC load / efficiency at each PSU's share of it (the load splits evenly over m identical units)."""
    return dc * 100 / efficiency_pct(psu["efficiency"], voltage_class(s), dc / (m * psu["wattage"]))


# ---- rules: each returns True when the rule holds; shared by check() and valid_builds() ----


def r1(catalog: Mapping, s: Settings, gpu, n: int) -> bool:
    return n in s.counts and speedup(catalog, s, gpu, n) is not None


def r2(s: Settings, gpu, n: int) -> bool:
    pooled = s.min_total_memory_gb <= 0 or n * gpu["memory_gb"] >= s.min_total_memory_gb
    return gpu["memory_gb"] >= s.min_gpu_memory_gb and pooled


def ram_gb(mem, k: int) -> Fraction:
    return k * mem["modules"] * mem["module_gb"]


def r3(s: Settings, gpu, n: int, mem, k: int) -> bool:
    basis = n if s.ram_basis == "total" else 1
    return ram_gb(mem, k) >= s.ram_per_gpu_memory * gpu["memory_gb"] * basis


def r4_board(cpu, board) -> bool:
    return cpu["socket"] == board["socket"]


def r4_cooler(cpu, cooler) -> bool:
    return cooler is None or cpu["socket"] in cooler["sockets"]


def r5(board, mem, k: int) -> bool:
    return (
        mem["memory_type"] == board["memory_type"]
        and k * mem["modules"] <= board["memory_slots"]
        and ram_gb(mem, k) <= board["max_memory_gb"]
    )


def r6_board_gpu(case, board, gpu) -> bool:
    return board["form_factor"] in case["motherboard_form_factors"] and gpu["length_mm"] <= case["max_gpu_length_mm"]


def r6_psu(case, psu, m: int) -> bool:
    return psu["form_factor"] in case["psu_form_factors"] and m <= case["psu_bays"]


def r6_cooler(case, cooler) -> bool:
    # Only the dimension of the cooler's own kind matters: height for air, radiator for aio.
    if cooler is None:
        return True
    if cooler["kind"] == "air":
        return cooler["height_mm"] <= case["max_cooler_height_mm"]
    return cooler["radiator_mm"] <= case["max_radiator_mm"]


def r9(s: Settings, cpu, n: int, lay: Layout) -> bool:
    # Lanes for the cards in CPU-attached slots; with no placement (R7 fails), all n as in v1.
    cpu_cards = lay.cpu_cards if lay.r7 else n
    return cpu["threads"] >= s.threads_per_gpu * n and cpu["pcie_lanes"] >= s.min_pcie_lanes_per_gpu * cpu_cards


def r10(s: Settings, model, gpu, n: int, cpu, psu, m: int, level: int) -> bool:
    supply = m * psu["wattage"]
    if supply < (1 + s.psu_headroom) * dc_watts(s, gpu, n, cpu, level):
        return False
    recommended = model["recommended_psu_w"] if model else None
    # The maker's figure covers a system with one card; each further card adds its own power.
    return s.recommended_psu != "meet" or recommended is None or supply >= recommended + (n - 1) * gpu_watts(gpu, level)


def r11(gpu, n: int, psu, m: int) -> bool:
    # A missing 16-pin connector is fed by four 8-pin leads; m units bring m sets of leads.
    need8, need16 = n * gpu["pcie_8pin"], n * gpu["pcie_16pin"]
    return need8 + 4 * max(0, need16 - m * psu["pcie_16pin"]) <= m * psu["pcie_8pin"]


def r12(s: Settings, board, storage) -> bool:
    nvme_ok = storage["interface"] != "nvme" or board["m2_slots"] >= 1
    kind_ok = (
        s.storage_kind == "any"
        or (s.storage_kind == "ssd" and (storage.get("drive_type") == "ssd" or s.ssd_unchecked))
        or (s.storage_kind == "nvme" and storage["interface"] == "nvme")
    )
    return storage["capacity_gb"] >= s.min_storage_gb and nvme_ok and kind_ok


def r13(s: Settings, psu, m: int, dc: Fraction) -> bool:
    on_115v = s.max_wall_watts > 0 or (s.circuit in CIRCUITS and CIRCUITS[s.circuit][1] == 115)
    if psu["input_voltage"] == "230v" and on_115v:
        return False  # a unit rated on 200-240 V only, on a circuit taken as 115 V
    limit = wall_limit(s)
    return limit is None or wall_watts(s, psu, m, dc) <= limit


def r14(s: Settings, cost: int) -> bool:
    return s.budget_cents is None or cost <= s.budget_cents


def r15(s: Settings, chosen: Mapping[str, str | None]) -> bool:
    if any(chosen[stem] == part_id for stem, part_id in s.exclude):
        return False
    return all(chosen[stem] == part_id for stem, part_id in s.require)


def r16(s: Settings, gpu, n: int, mem, k: int) -> bool:
    ram = ram_gb(mem, k)
    return ram >= s.min_ram_gb and (n < 2 or ram >= s.ram_per_total_vram * n * gpu["memory_gb"])


def r17(s: Settings, psu) -> bool:
    # Per unit: a 2 x 1000 W pair is judged as 1000 W units.
    return psu["wattage"] <= s.psu_efficiency_above_w or EFFICIENCY.index(psu["efficiency"]) >= EFFICIENCY.index(
        s.psu_min_efficiency
    )


def r18_checked(catalog: Mapping, s: Settings) -> bool:
    """R18 is on and the catalog has the compute_capability column (else it is reported "not checked")."""
    return s.min_compute_capability > 0 and "compute_capability" in catalog["columns"]["gpu_models"]


def r18(catalog: Mapping, s: Settings, model) -> bool:
    if not r18_checked(catalog, s):
        return True
    cc = model["compute_capability"] if model else None
    return cc is not None and cc >= s.min_compute_capability


def unchecked(catalog: Mapping, scenario: Scenario) -> dict[str, str]:
    """Rules check() passes without judging them, with why: {"R18": reason} when R18 is on but the catalog has no
    compute_capability column; {"R12": reason} when the profile's default asks for an SSD but storage.csv has no
    drive_type column (a v1 catalog: its drives are not refused wholesale; asked for by name, an SSD still needs the
    column, and every drive fails R12 here while the solver refuses the scenario)."""
    s = settings(catalog, scenario)
    out = {}
    if s.ssd_unchecked:
        out["R12"] = "SSD not checked: storage.csv has no drive_type column"
    if s.min_compute_capability > 0 and not r18_checked(catalog, s):
        out["R18"] = "not checked: gpu_models.csv has no compute_capability column"
    return out


# ---- one build ----

_FIELDS = {
    "gpus": "gpu",
    "cpus": "cpu",
    "motherboards": "board",
    "memory": "memory",
    "psus": "psu",
    "cases": "case",
    "coolers": "cooler",
    "storage": "storage",
}


class Build(NamedTuple):
    """One concrete build: parts, power level and PSU count; cost in integer cents, performance and watts exact."""

    gpu: str
    n: int
    cpu: str
    board: str
    memory: str
    k: int
    psu: str
    case: str
    cooler: str | None
    storage: str
    level: int
    m: int
    cost_cents: int
    performance: Fraction
    layout: Layout
    dc_w: Fraction
    wall_w: Fraction

    @property
    def parts(self) -> tuple:
        return self[:10]

    @property
    def choices(self) -> tuple:
        """Everything a build decides: parts and counts, power level, PSU count."""
        return self[:12]

    @property
    def adjacent(self) -> bool:
        return self.layout.adjacent

    @property
    def wall_watts_shown(self) -> int:
        return math.ceil(self.wall_w)


def _ids(build: Build | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(build, Build):
        return build._asdict()
    ids = dict(build)
    ids.setdefault("board", ids.get("motherboard"))
    ids.setdefault("cooler", None)
    ids.setdefault("level", 100)
    ids.setdefault("m", 1)
    return ids


def ids_from_json(build: Mapping[str, Any], power: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """check()'s ids from `solve --format json`: its `build` object ({"id", ...} per part, counts) and, from
    contract v2 §7, its `power` object (level_pct, psu_count); without one, level 100 and one PSU."""
    ids = {
        field: build["motherboard" if field == "board" else field]["id"]
        for field in _FIELDS.values()
        if field != "cooler"
    }
    ids["cooler"] = build["cooler"]["id"] if build.get("cooler") else None
    power = power or {}
    return {
        **ids,
        "n": build["gpu"]["count"],
        "k": build["memory"]["count"],
        "level": int(power.get("level_pct", 100)),
        "m": int(power.get("psu_count", 1)),
    }


def cost_cents(catalog: Mapping, build: Build | Mapping[str, Any]) -> int:
    """n GPUs, k memory kits, m PSUs, one of everything else, cooler 0 when left out."""
    b = _ids(build)
    total = b["n"] * catalog["gpus"][b["gpu"]]["price_cents"] + b["k"] * catalog["memory"][b["memory"]]["price_cents"]
    total += b["m"] * catalog["psus"][b["psu"]]["price_cents"]
    for stem in ("cpus", "motherboards", "cases", "storage"):
        total += catalog[stem][b[_FIELDS[stem]]]["price_cents"]
    return total + (catalog["coolers"][b["cooler"]]["price_cents"] if b["cooler"] is not None else 0)


def check(catalog: Mapping, scenario: Scenario, build: Build | Mapping[str, Any]) -> list[str]:
    """Rule ids a concrete build breaks (empty = valid); also "build" or "unrated" for a build outside section 2.

    `build` is a Build or a mapping with keys gpu, n, cpu, board (or motherboard), memory, k, psu, case,
    cooler (None = left out), storage and optionally level (default 100) and m (default 1); any other field
    is ignored. A level the GPU may not run at, or m = 2 without dual_psu = "allow", is "build".
    """
    s, b = settings(catalog, scenario), _ids(build)
    try:
        gpu, cpu, board = catalog["gpus"][b["gpu"]], catalog["cpus"][b["cpu"]], catalog["motherboards"][b["board"]]
        mem, psu, case = catalog["memory"][b["memory"]], catalog["psus"][b["psu"]], catalog["cases"][b["case"]]
        storage = catalog["storage"][b["storage"]]
        cooler = catalog["coolers"][b["cooler"]] if b["cooler"] is not None else None
    except KeyError:
        return [STRUCTURE]
    n, k, level, m = b["n"], b["k"], b["level"], b["m"]
    if (
        n < 1
        or k < 1
        or (cooler is None and not cpu["includes_cooler"])
        or m not in s.psu_counts
        or level not in power_levels(catalog, s, gpu)
    ):
        return [STRUCTURE]
    failed = [] if gpu_perf(catalog, s, gpu) is not None else [UNRATED]
    model, lay, dc = gpu_model(catalog, gpu), layout(s, gpu, n, board, case), dc_watts(s, gpu, n, cpu, level)
    holds = {
        "R1": r1(catalog, s, gpu, n),
        "R2": r2(s, gpu, n),
        "R3": r3(s, gpu, n, mem, k),
        "R4": r4_board(cpu, board) and r4_cooler(cpu, cooler),
        "R5": r5(board, mem, k),
        "R6": r6_board_gpu(case, board, gpu) and r6_psu(case, psu, m) and r6_cooler(case, cooler),
        "R7": lay.r7,
        "R8": lay.r8,
        "R9": r9(s, cpu, n, lay),
        "R10": r10(s, model, gpu, n, cpu, psu, m, level),
        "R11": r11(gpu, n, psu, m),
        "R12": r12(s, board, storage),
        "R13": r13(s, psu, m, dc),
        "R14": r14(s, cost_cents(catalog, b)),
        "R15": r15(s, {stem: b[field] for stem, field in _FIELDS.items()}),
        "R16": r16(s, gpu, n, mem, k),
        "R17": r17(s, psu),
        "R18": r18(catalog, s, model),
    }
    return failed + [rule for rule in RULES if not holds[rule]]


def make_build(catalog: Mapping, scenario: Scenario, **ids: Any) -> Build:
    """Complete a build (cost, performance, layout, watts) from its ids, as check() takes them; nothing is checked.
    Performance is 0 for an unrated GPU or a count without a speed-up."""
    s, b = settings(catalog, scenario), _ids(ids)
    gpu, psu, n, level = catalog["gpus"][b["gpu"]], catalog["psus"][b["psu"]], b["n"], b["level"]
    lay = layout(s, gpu, n, catalog["motherboards"][b["board"]], catalog["cases"][b["case"]])
    perf, speed = gpu_perf(catalog, s, gpu), speedup(catalog, s, gpu, n)
    factor = power_levels(catalog, s, gpu).get(level, Fraction(0))
    value = performance(perf, speed, lay, factor) if perf is not None and speed is not None else Fraction(0)
    dc = dc_watts(s, gpu, n, catalog["cpus"][b["cpu"]], level)
    return Build(
        b["gpu"],
        n,
        b["cpu"],
        b["board"],
        b["memory"],
        b["k"],
        b["psu"],
        b["case"],
        b["cooler"],
        b["storage"],
        level,
        b["m"],
        cost_cents(catalog, b),
        value,
        lay,
        dc,
        wall_watts(s, psu, b["m"], dc),
    )


# ---- every valid build ----


def _candidates(catalog: Mapping, s: Settings, filters: bool) -> dict[str, list]:
    """Parts per file; with R15 on, excluded parts go and a file with a required part keeps only that part."""
    out = {}
    for stem in PART_FILES:
        rows = list(catalog[stem].values())
        if filters:
            required = {part_id for ref_stem, part_id in s.require if ref_stem == stem}
            rows = [
                row
                for row in rows
                if (stem, row["id"]) not in s.exclude and all(row["id"] == part_id for part_id in required)
            ]
        out[stem] = rows
    return out


def counts_of(catalog: Mapping, s: Settings, gpu, r1_on: bool = True) -> list[int]:
    """GPU counts enumerated for one GPU: R1's, or with R1 skipped every count 1-8 that has a speed-up."""
    pool = s.counts if r1_on else range(1, 9)
    return [n for n in pool if speedup(catalog, s, gpu, n) is not None]


def valid_builds(catalog: Mapping, scenario: Scenario, skip: Iterable[str] = ()) -> Iterator[Build]:
    """Every build that passes every rule not in `skip` (rule ids like "R14").

    The domain is: rated GPUs, n from counts_of(), every power level the GPU may run at, m in the scenario's PSU
    counts, k from 1 to the largest memory_slots in the catalog, a cooler or none when the CPU includes one.
    """
    s, skip = settings(catalog, scenario), frozenset(skip)
    if skip - set(RULES):
        raise ValueError(f"unknown rule ids to skip: {sorted(skip - set(RULES))}")
    on = {rule: rule not in skip for rule in RULES}
    cand = _candidates(catalog, s, on["R15"])
    kmax = int(max((b["memory_slots"] for b in catalog["motherboards"].values()), default=0))
    kits = {  # R5 per board, independent of the GPUs
        board["id"]: [
            (mem, k) for mem in cand["memory"] for k in range(1, kmax + 1) if not on["R5"] or r5(board, mem, k)
        ]
        for board in cand["motherboards"]
    }
    drives = {  # R12 per board, cheapest first so the budget can cut the loop short
        board["id"]: sorted(
            (d for d in cand["storage"] if not on["R12"] or r12(s, board, d)), key=lambda d: d["price_cents"]
        )
        for board in cand["motherboards"]
    }
    psus = [(psu, m) for psu in cand["psus"] for m in s.psu_counts if not on["R17"] or r17(s, psu)]
    context = (catalog, s, on, cand, kits, drives, psus)
    for gpu in cand["gpus"]:
        perf, model = gpu_perf(catalog, s, gpu), gpu_model(catalog, gpu)
        if perf is None or (on["R18"] and not r18(catalog, s, model)):
            continue
        for n in counts_of(catalog, s, gpu, on["R1"]):
            if not on["R2"] or r2(s, gpu, n):
                yield from _with_gpus(context, gpu, model, perf, n)


def _with_gpus(context, gpu, model, perf: Fraction, n: int) -> Iterator[Build]:
    catalog, s, on, cand, kits, drives, psus = context
    cooler_required = on["R15"] and any(stem == "coolers" for stem, _ in s.require)
    budget = s.budget_cents if on["R14"] else None
    speed, levels = speedup(catalog, s, gpu, n), power_levels(catalog, s, gpu)
    for board in cand["motherboards"]:
        mems = sorted(
            (
                (k * mem["price_cents"], mem, k)
                for mem, k in kits[board["id"]]
                if (not on["R3"] or r3(s, gpu, n, mem, k)) and (not on["R16"] or r16(s, gpu, n, mem, k))
            ),
            key=lambda t: t[0],
        )
        stos = drives[board["id"]]
        if not mems or not stos:
            continue
        cheapest_rest = mems[0][0] + stos[0]["price_cents"]
        for case in cand["cases"]:
            if on["R6"] and not r6_board_gpu(case, board, gpu):
                continue
            lay = layout(s, gpu, n, board, case)
            if (on["R7"] and not lay.r7) or (on["R8"] and not lay.r8):
                continue
            for cpu in cand["cpus"]:
                if (on["R4"] and not r4_board(cpu, board)) or (on["R9"] and not r9(s, cpu, n, lay)):
                    continue
                coolers = [
                    c
                    for c in cand["coolers"]
                    if (not on["R4"] or r4_cooler(cpu, c)) and (not on["R6"] or r6_cooler(case, c))
                ]
                if cpu["includes_cooler"] and not cooler_required:
                    coolers.append(None)
                for level, level_factor in levels.items():
                    dc = dc_watts(s, gpu, n, cpu, level)
                    value = performance(perf, speed, lay, level_factor)
                    for psu, m in psus:
                        if (
                            (on["R6"] and not r6_psu(case, psu, m))
                            or (on["R11"] and not r11(gpu, n, psu, m))
                            or (on["R10"] and not r10(s, model, gpu, n, cpu, psu, m, level))
                            or (on["R13"] and not r13(s, psu, m, dc))
                        ):
                            continue
                        wall = wall_watts(s, psu, m, dc)
                        for cooler in coolers:
                            base = (
                                n * gpu["price_cents"]
                                + cpu["price_cents"]
                                + board["price_cents"]
                                + m * psu["price_cents"]
                                + case["price_cents"]
                                + (cooler["price_cents"] if cooler else 0)
                            )
                            if budget is not None and base + cheapest_rest > budget:
                                continue
                            for mem_cost, mem, k in mems:
                                if budget is not None and base + mem_cost + stos[0]["price_cents"] > budget:
                                    break
                                for drive in stos:
                                    cost = base + mem_cost + drive["price_cents"]
                                    if budget is not None and cost > budget:
                                        break
                                    yield Build(
                                        gpu["id"],
                                        n,
                                        cpu["id"],
                                        board["id"],
                                        mem["id"],
                                        k,
                                        psu["id"],
                                        case["id"],
                                        cooler["id"] if cooler else None,
                                        drive["id"],
                                        level,
                                        m,
                                        cost,
                                        value,
                                        lay,
                                        dc,
                                        wall,
                                    )


# ---- objectives and frontier ----


def objective_value(objective: str, build: Build) -> Any:
    """The value optimum() reports for one build: see optimum()."""
    if objective == "max_perf":
        return build.performance, build.cost_cents
    if objective == "min_cost":
        return build.cost_cents, build.performance
    return build.performance * 100 / build.cost_cents


def _rank(objective: str, build: Build) -> tuple:
    # Larger is better.
    if objective == "max_perf":
        return build.performance, -build.cost_cents
    if objective == "min_cost":
        return -build.cost_cents, build.performance
    return (build.performance * 100 / build.cost_cents,)


def optimum(catalog: Mapping, scenario: Scenario, objective: str | None = None) -> tuple[Any, list[Build]]:
    """(value, every optimal build); value is None (and builds empty) when no valid build exists.

    value: perf_per_dollar -> Fraction performance per DOLLAR; max_perf -> (performance, cost_cents);
    min_cost -> (cost_cents, performance), over builds with performance >= min_perf.
    The objective defaults to the scenario's, then perf_per_dollar.
    """
    s = settings(catalog, scenario)
    objective = objective or s.objective
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}")
    if objective == "min_cost" and s.min_perf is None:
        raise ValueError("min_cost needs min_perf")
    best_rank, best = None, []
    for build in valid_builds(catalog, s):
        if objective == "min_cost" and build.performance < s.min_perf:
            continue
        rank = _rank(objective, build)
        if best_rank is None or rank > best_rank:
            best_rank, best = rank, [build]
        elif rank == best_rank:
            best.append(build)
    return (objective_value(objective, best[0]) if best else None), best


def pareto(catalog: Mapping, scenario: Scenario) -> list[tuple[int, Fraction]]:
    """Non-dominated (cost_cents, performance) pairs of the valid builds (R14 holds), sorted by cost."""
    best_at: dict[int, Fraction] = {}
    for build in valid_builds(catalog, scenario):
        if build.performance > best_at.get(build.cost_cents, -1):
            best_at[build.cost_cents] = build.performance
    frontier: list[tuple[int, Fraction]] = []
    for cost in sorted(best_at):
        if not frontier or best_at[cost] > frontier[-1][1]:
            frontier.append((cost, best_at[cost]))
    return frontier


# ---- contract v3: offers, owned parts, dated prices, usage, energy, total cost and the cloud (issues 11 and 12) ----
#
# A v3 scenario is a v2 one plus top-level `prices`, `usage` and `max_price_age_days`, and `own`, `condition` and
# `count_resale` under [parts]; price-list files come beside it (price_lists: each a list of rows as csv.DictReader
# gives them, applied in order). The v2 enumeration runs unchanged on the catalog *priced* at each part's bought offer
# (the cheapest allowed one), with every owned part required (R15); a v3 build then takes its owned units out of what
# is spent (R14 limits spend) and counts their resale in cost when asked (the objectives use cost). Inputs are assumed
# valid: refusing bad price lists is the solver's business, the semantics are this section's.

OBJECTIVES_V3 = (*OBJECTIVES, "min_tco", "perf_per_tco_dollar")
CONDITIONS = ("new", "used")  # the offer conditions of §1; a catalog row is always "new"
COST_BASES = ("purchase", "tco")
V3_SCENARIO_KEYS = {
    "": {"prices", "usage", "max_price_age_days"},
    "parts": {"own", "condition", "count_resale"},
    "usage": {
        "years",
        "hours_per_day",
        "gpu_utilisation",
        "kwh_price",
        "currency",
        "rate",
        "idle_w",
        "cloud",
        "cloud_usd_per_gpu_hour",
        "cloud_chipset",
    },
}
PRICE_COLUMNS = ("part", "price", "currency", "rate", "date", "source", "condition")  # a price list's CSV header
DEFAULT_MAX_PRICE_AGE_DAYS = 180
DAYS_PER_YEAR = 365  # §4: a year is 365 days
# §4 leaves the default idle draw to a documented inference. This one: a workstation platform idles at about 80 W and
# each card at about 20 W (DC, research on measured idle figures; the NVIDIA L20 idles at 36 W, an RTX 4070 at 10 W),
# drawn through the build's own PSU(s) at that low load, §6 curve (below 20% load: the lowest point minus 5).
IDLE_PLATFORM_W, IDLE_GPU_W = 80, 20


class Offer(NamedTuple):
    """One way to buy a part (§1): price in cents (USD), condition, date, source and kind."""

    price_cents: int
    condition: str  # new | used
    date: datetime.date | None  # None: unknown
    source: str | None
    kind: str  # snapshot | list | listing | user
    order: int  # 0 for the catalog row, then each price-list row in the order applied: "the earlier row" of the ties


class Owned(NamedTuple):
    """A part the user owns (§2): how many units, and what one would sell for, in cents."""

    stem: str
    part_id: str
    count: int
    resale_cents: int

    @property
    def ref(self) -> str:
        return f"{self.stem}:{self.part_id}"


@dataclass(frozen=True)
class Usage:
    """[usage] (§4), exact: the electricity price is in USD per kWh, converted but never rounded."""

    years: Fraction
    hours_per_day: Fraction
    utilisation: Fraction
    kwh_price_usd: Fraction
    idle_w: Fraction | None  # wall watts while on but idle; None: the inferred default, per build (idle_watts())

    @property
    def hours(self) -> Fraction:
        return self.years * DAYS_PER_YEAR * self.hours_per_day

    @property
    def months(self) -> int:
        """The months of the horizon, 1-based: a last, partial month counts (ceil)."""
        return math.ceil(12 * self.years)


class Cloud(NamedTuple):
    """The cloud instance a build is compared with (§5) and the rate of work it does (rating x speed-up)."""

    provider: str
    instance: str
    chipset: str
    gpus: int
    usd_per_hour: Fraction
    throughput: Fraction
    price_date: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class SettingsV3:
    """A v3 scenario resolved against the catalog and its price lists."""

    base: Settings  # the v2 settings the enumeration reads: owned parts required; the budget only when nothing is owned
    objective: str
    budget_cents: Fraction | None  # R14, on spend
    conditions: frozenset[str]
    owned: tuple[Owned, ...]
    count_resale: bool
    offers: Mapping[tuple[str, str], Mapping[str, Offer]]  # every offer of every part, by condition
    bought: Mapping[tuple[str, str], Offer]  # the offer each part is bought at: the cheapest allowed one
    priced: Mapping[str, Any]  # the catalog with every part's price_cents at its bought offer
    max_price_age_days: int
    usage: Usage | None
    cloud: Cloud | None


ScenarioV3 = Mapping[str, Any] | SettingsV3


def as_date(value: Any) -> datetime.date | None:
    """A date cell or TOML date: YYYY-MM-DD text or a date; empty or None is unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


def normalised_name(text: str) -> str:
    """§1: names match case-insensitively, runs of white space counting as one space."""
    return " ".join(str(text).split()).casefold()


def resolve_part(catalog: Mapping, text: str) -> tuple[str, str]:
    """(stem, id) of the part a price row or owned item names: a reference `stem:id` when one resolves, else the one
    part of any file with that exact name (normalised)."""
    text = _text(text)
    stem, sep, part_id = text.partition(":")
    if sep and stem in PART_FILES and part_id in catalog[stem]:
        return stem, part_id
    wanted = normalised_name(text)
    found = [
        (stem, row["id"])
        for stem in PART_FILES
        for row in catalog[stem].values()
        if normalised_name(row["name"]) == wanted
    ]
    if len(found) != 1:
        raise ValueError(f"{text!r} names {'no part' if not found else 'several parts: ' + repr(found)}")
    return found[0]


def usd_cents(price: Any, currency: Any = "USD", rate: Any = None) -> int:
    """§1: price_usd = round-half-even(price x rate) to the cent; a USD price without a rate is taken at rate 1."""
    if rate is None or _text(rate) == "":
        if _text(currency or "USD").upper() != "USD":
            raise ValueError(f"a price in {currency} needs a rate")
        rate = 1
    return round(num(price) * num(rate) * 100)  # Fraction rounds half to even


def catalog_offer(row: Mapping[str, Any]) -> Offer:
    """The catalog row as the part's first offer: new, its price_date, source_url (else source) and price_kind."""
    return Offer(
        row["price_cents"],
        "new",
        as_date(row.get("price_date")),
        row.get("source_url") or row.get("source") or None,
        (row.get("price_kind") or "snapshot").lower(),
        0,
    )


def scenario_price_rows(table: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A scenario's [prices] as price-list rows, in order: `"ref" = dollars` (new, USD) or `"ref" = { price = ... }`."""
    return [
        {"part": key, **value} if isinstance(value, Mapping) else {"part": key, "price": value}
        for key, value in (table or {}).items()
    ]


def read_price_list(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def price_rows(
    scenario: Mapping[str, Any],
    price_lists: Iterable[Iterable[Mapping[str, Any]]] = (),
    variant: Mapping[str, Any] | None = None,
) -> list[Mapping[str, Any]]:
    """Every overlay row in the order applied (§1): the files in order, the scenario's [prices], a variant's prices."""
    rows = [row for price_list in price_lists for row in price_list]
    rows += scenario_price_rows(scenario.get("prices"))
    return rows + scenario_price_rows((variant or {}).get("prices"))


def offers(catalog: Mapping, rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], dict[str, Offer]]:
    """Every part's offers by condition: the catalog row's (new), each overlay row replacing the offer of the same
    part and condition (later wins; a used row adds the part's used offer). Overlay offers are of kind `user`."""
    table = {
        (stem, part_id): {"new": catalog_offer(row)} for stem in PART_FILES for part_id, row in catalog[stem].items()
    }
    for order, row in enumerate(rows, start=1):
        condition = _text(row.get("condition") or "new").lower()
        price = usd_cents(row["price"], row.get("currency") or "USD", row.get("rate"))
        source = _text(row.get("source") or "") or None
        table[resolve_part(catalog, row["part"])][condition] = Offer(
            price, condition, as_date(row.get("date")), source, "user", order
        )
    return table


def _offer_order(offer: Offer) -> tuple:
    # Cheapest first; ties: new first, then the latest date (unknown last), then the earlier row.
    dated = (0, -offer.date.toordinal()) if offer.date else (1, 0)
    return offer.price_cents, offer.condition != "new", dated, offer.order


def bought_offer(part_offers: Mapping[str, Offer], conditions: Iterable[str]) -> Offer:
    """§1: the cheapest offer of an allowed condition, by _offer_order."""
    return min((offer for condition, offer in part_offers.items() if condition in set(conditions)), key=_offer_order)


def _owned(catalog: Mapping, items: Iterable[Any]) -> tuple[Owned, ...]:
    owned: list[Owned] = []
    for item in items:
        item = item if isinstance(item, Mapping) else {"ref": item}
        stem, part_id = resolve_part(catalog, item["ref"])
        count = int(item.get("count", 1))
        if count < 1 or (count != 1 and stem not in ("gpus", "memory")):
            raise ValueError(f"parts.own: a count is for GPUs and memory kits only, at least 1: {item!r}")
        resale = round(num(item.get("resale_usd", 0)) * 100)
        if resale < 0:
            raise ValueError(f"parts.own: resale_usd must be >= 0: {item!r}")
        for other in owned:
            if other.stem == stem and (other.part_id == part_id or stem in ("gpus", "memory")):
                # One model per build: two owned GPU models or kits cannot both be used (§2), nor one part twice.
                raise ValueError(f"parts.own names {other.ref} and {stem}:{part_id}: one build holds one of them")
        owned.append(Owned(stem, part_id, count, resale))
    return tuple(owned)


def _usage(catalog: Mapping, base: Settings, table: Mapping[str, Any] | None) -> tuple[Usage | None, Cloud | None]:
    if table is None:
        return None, None
    currency = _text(table.get("currency", "USD")).upper()
    rate = table.get("rate")
    if rate is None and currency != "USD":
        raise ValueError(f"usage.kwh_price in {currency} needs usage.rate")
    usage = Usage(
        num(table["years"]),
        num(table["hours_per_day"]),
        num(table["gpu_utilisation"]),
        num(table["kwh_price"]) * (num(rate) if rate is not None else 1),
        num(table["idle_w"]) if "idle_w" in table else None,
    )
    if (
        usage.years <= 0
        or not 0 <= usage.hours_per_day <= 24
        or not 0 <= usage.utilisation <= 1
        or usage.kwh_price_usd < 0
        or (usage.idle_w is not None and usage.idle_w < 0)
    ):
        raise ValueError(f"usage out of range: {dict(table)!r}")
    return usage, choose_cloud(catalog, base, table)


def settings_v3(
    catalog: Mapping,
    scenario: ScenarioV3,
    price_lists: Iterable[Iterable[Mapping[str, Any]]] = (),
    variant: Mapping[str, Any] | None = None,
) -> SettingsV3:
    """Resolve a v3 scenario (a tomllib dict) with its price lists; a SettingsV3 passes through. Unknown keys are
    refused here as settings() refuses them; the v2 keys are resolved by settings() itself."""
    if isinstance(scenario, SettingsV3):
        return scenario
    parts, usage_table = dict(scenario.get("parts", {})), scenario.get("usage")
    for table, known in V3_SCENARIO_KEYS.items():
        given = scenario if not table else scenario.get(table) or {}
        extra = set(given) - known - (SCENARIO_KEYS.get(table, set()) if table != "usage" else set())
        if extra:
            raise ValueError(f"unknown scenario keys in [{table}]: {sorted(extra)}")
    objective = scenario.get("objective", "perf_per_dollar")
    if objective not in OBJECTIVES_V3:
        raise ValueError(f"unknown objective {objective!r}")
    v2 = {key: value for key, value in scenario.items() if key not in V3_SCENARIO_KEYS[""]}
    v2["parts"] = {key: value for key, value in parts.items() if key not in V3_SCENARIO_KEYS["parts"]}
    v2["objective"] = {"min_tco": "min_cost", "perf_per_tco_dollar": "perf_per_dollar"}.get(objective, objective)
    base = settings(catalog, v2)
    conditions = frozenset(_text(c).lower() for c in parts.get("condition", ("new",)))
    if not conditions <= set(CONDITIONS) or "new" not in conditions:
        raise ValueError(f'parts.condition must be ["new"] or ["new", "used"]: {sorted(conditions)}')
    owned = _owned(catalog, parts.get("own", ()))
    table = offers(catalog, price_rows(scenario, price_lists, variant))
    bought = {ref: bought_offer(part_offers, conditions) for ref, part_offers in table.items()}
    priced = dict(catalog)
    for stem in PART_FILES:
        priced[stem] = {
            part_id: {**row, "price_cents": bought[(stem, part_id)].price_cents}
            for part_id, row in catalog[stem].items()
        }
    # Owned parts are required (R15); the v2 budget (on the list price of every unit) stands in for R14 only when
    # nothing is owned, where spend is exactly that.
    budget = base.budget_cents
    base = dataclasses.replace(
        base, require=base.require | {(o.stem, o.part_id) for o in owned}, budget_cents=None if owned else budget
    )
    usage, cloud = _usage(catalog, base, usage_table)
    age = int(scenario.get("max_price_age_days", DEFAULT_MAX_PRICE_AGE_DAYS))
    if age < 0:
        raise ValueError("max_price_age_days must be >= 0")
    return SettingsV3(
        base=base,
        objective=objective,
        budget_cents=budget,
        conditions=conditions,
        owned=owned,
        count_resale=bool(parts.get("count_resale", False)),
        offers=table,
        bought=bought,
        priced=priced,
        max_price_age_days=age,
        usage=usage,
        cloud=cloud,
    )


# ---- v3: the cloud instance (§5) ----


def cloud_throughput(catalog: Mapping, s: Settings, chipset: str, gpus: int) -> Fraction | None:
    """rating(c) x speedup(c, k) in the workload's column (v2 §3's table lookup for k cards of that chipset); None
    when the chipset is unrated for the workload or has no speed-up for k."""
    model = catalog["gpu_models"].get(chipset)
    cell = model.get(s.perf_column, "") if model else ""
    speed = speedup(catalog, s, {"chipset": chipset}, gpus) if cell else None
    return None if speed is None else num(cell) * speed


def choose_cloud(catalog: Mapping, s: Settings, usage: Mapping[str, Any]) -> Cloud | None:
    """§5: a price per GPU-hour of a chipset (one GPU), else the named provider (and instance), else any row of
    cloud.csv: the cheapest per unit of throughput among rows the workload rates (ties: the earlier row). None when
    nothing is rated."""
    if "cloud_usd_per_gpu_hour" in usage:
        chipset = _text(usage["cloud_chipset"])
        throughput = cloud_throughput(catalog, s, chipset, 1)
        return (
            None
            if throughput is None
            else Cloud("user", "", chipset, 1, num(usage["cloud_usd_per_gpu_hour"]), throughput)
        )
    pick = usage.get("cloud")
    pick = {"provider": pick} if isinstance(pick, str) else dict(pick or {})
    best: tuple[Fraction, Cloud] | None = None
    for row in catalog.get("cloud") or ():
        if any(
            normalised_name(row[key]) != normalised_name(pick[key]) for key in ("provider", "instance") if key in pick
        ):
            continue
        gpus = int(row["gpus"])
        throughput = cloud_throughput(catalog, s, row["chipset"], gpus)
        if throughput is None or throughput <= 0:
            continue
        cloud = Cloud(
            row["provider"],
            row["instance"],
            row["chipset"],
            gpus,
            row["usd_per_hour"],
            throughput,
            row.get("price_date") or None,
            row.get("source_url") or None,
        )
        per_work = cloud.usd_per_hour / throughput
        if best is None or per_work < best[0]:
            best = (per_work, cloud)
    return best[1] if best else None


# ---- v3: one build's price, energy and total cost ----


class BuildV3(NamedTuple):
    """A v2 build with v3's money: `build.cost_cents` is cost (§2: bought units at their offers plus counted resale);
    energy and TCO only with [usage]."""

    build: Build
    spend_cents: int  # what is paid: the bought units only (R14)
    owned: tuple[tuple[str, int], ...]  # (ref, owned units in this build)
    offers: tuple[tuple[str, Offer], ...]  # (ref, the offer bought) for every part with a unit bought
    energy_wh: Fraction | None = None
    energy_cents: int | None = None

    @property
    def cost_cents(self) -> int:
        return self.build.cost_cents

    @property
    def performance(self) -> Fraction:
        return self.build.performance

    @property
    def tco_cents(self) -> int | None:
        return None if self.energy_cents is None else self.cost_cents + self.energy_cents

    @property
    def choices(self) -> tuple:
        return self.build.choices


def units(build: Build | Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """How many units of each part a build holds: n GPUs, k kits, m PSUs, one of the rest (no cooler when left out)."""
    b = _ids(build)
    held = {
        ("gpus", b["gpu"]): b["n"],
        ("cpus", b["cpu"]): 1,
        ("motherboards", b["board"]): 1,
        ("memory", b["memory"]): b["k"],
        ("psus", b["psu"]): b["m"],
        ("cases", b["case"]): 1,
        ("storage", b["storage"]): 1,
    }
    if b["cooler"] is not None:
        held[("coolers", b["cooler"])] = 1
    return held


def owned_holds(s3: SettingsV3, build: Build | Mapping[str, Any]) -> bool:
    """R15's v3 part: every owned part is in the build, a GPU or kit at least `count` times."""
    held = units(build)
    return all(held.get((o.stem, o.part_id), 0) >= o.count for o in s3.owned)


def idle_watts(s3: SettingsV3, catalog: Mapping, build: Build) -> Fraction:
    """usage.idle_w, else the inferred default: IDLE_PLATFORM_W + n x IDLE_GPU_W DC through the build's PSU(s)."""
    if s3.usage.idle_w is not None:
        return s3.usage.idle_w
    psu = catalog["psus"][build.psu]
    return wall_watts(s3.base, psu, build.m, Fraction(IDLE_PLATFORM_W + IDLE_GPU_W * build.n))


def energy_wh(usage: Usage, wall_load_w: Fraction, idle_w: Fraction) -> Fraction:
    """§4: hours x (utilisation x wall draw at load + (1 - utilisation) x idle draw), exact watt-hours."""
    return usage.hours * (usage.utilisation * wall_load_w + (1 - usage.utilisation) * idle_w)


def energy_cost_cents(usage: Usage, wh: Fraction) -> int:
    """§4: wh x USD per kWh x 100 / 1000, rounded half to even once, at the end."""
    return round(wh * usage.kwh_price_usd * 100 / 1000)


def price_build(s3: SettingsV3, catalog: Mapping, build: Build) -> BuildV3:
    """§2 and §4 for one v2 build of the priced catalog: owned units at their resale (count_resale) or 0, bought
    units at their offers; spend, cost, and with [usage] its energy and energy cost."""
    held, owned_by_ref = units(build), {(o.stem, o.part_id): o for o in s3.owned}
    spend, resale, owned, bought = 0, 0, [], []
    for ref, count in held.items():
        mine = min(owned_by_ref[ref].count, count) if ref in owned_by_ref else 0
        if mine:
            owned.append((f"{ref[0]}:{ref[1]}", mine))
            resale += mine * owned_by_ref[ref].resale_cents
        if count > mine:
            bought.append((f"{ref[0]}:{ref[1]}", s3.bought[ref]))
            spend += (count - mine) * s3.bought[ref].price_cents
    cost = spend + (resale if s3.count_resale else 0)
    energy = cents = None
    if s3.usage is not None:
        energy = energy_wh(s3.usage, build.wall_w, idle_watts(s3, catalog, build))
        cents = energy_cost_cents(s3.usage, energy)
    return BuildV3(build._replace(cost_cents=cost), spend, tuple(owned), tuple(bought), energy, cents)


def make_build_v3(catalog: Mapping, scenario: ScenarioV3, price_lists=(), **ids: Any) -> BuildV3:
    """make_build() under v3: from the ids check() takes; nothing is checked."""
    s3 = settings_v3(catalog, scenario, price_lists)
    return price_build(s3, catalog, make_build(s3.priced, s3.base, **ids))


def check_v3(
    catalog: Mapping, scenario: ScenarioV3, build: BuildV3 | Build | Mapping[str, Any], price_lists=()
) -> list[str]:
    """check() under v3: R14 on spend, R15 also for owned parts and counts; "build" and "unrated" as check()."""
    s3 = settings_v3(catalog, scenario, price_lists)
    b = build.build if isinstance(build, BuildV3) else build
    failed = check(s3.priced, s3.base, b)
    if STRUCTURE in failed:
        return failed
    broken = set(failed) - {"R14"}
    if not owned_holds(s3, b):
        broken.add("R15")
    if (
        s3.budget_cents is not None
        and price_build(s3, catalog, make_build(s3.priced, s3.base, **_ids(b))).spend_cents > s3.budget_cents
    ):
        broken.add("R14")
    return [UNRATED] * (UNRATED in broken) + [rule for rule in RULES if rule in broken]


def valid_builds_v3(
    catalog: Mapping, scenario: ScenarioV3, skip: Iterable[str] = (), price_lists=()
) -> Iterator[BuildV3]:
    """Every build passing every rule not in `skip`, under v3: the v2 enumeration on the priced catalog with owned
    parts required, then the owned counts (R15) and spend (R14)."""
    s3, skip = settings_v3(catalog, scenario, price_lists), frozenset(skip)
    for build in valid_builds(s3.priced, s3.base, skip):
        if "R15" not in skip and not owned_holds(s3, build):
            continue
        priced = price_build(s3, catalog, build)
        if "R14" not in skip and s3.budget_cents is not None and priced.spend_cents > s3.budget_cents:
            continue
        yield priced


# ---- v3: objectives, optimum and frontier ----


def _per_dollar(performance: Fraction, cents: int) -> tuple:
    # Larger is better; nothing to pay (everything owned, no resale counted, no energy) beats any price.
    return (1, performance) if cents == 0 else (0, performance * 100 / cents, performance)


def _rank_v3(objective: str, b: BuildV3) -> tuple:
    """Larger is better. Ratios tie-break on performance ("ties: fastest"), as the contract words every ratio."""
    if objective == "max_perf":
        return b.performance, -b.cost_cents
    if objective == "min_cost":
        return -b.cost_cents, b.performance
    if objective == "min_tco":
        return -b.tco_cents, b.performance
    if objective == "perf_per_tco_dollar":
        return _per_dollar(b.performance, b.tco_cents)
    return _per_dollar(b.performance, b.cost_cents)


def objective_value_v3(objective: str, b: BuildV3) -> Any:
    """As objective_value(), on cost (§2); min_tco -> (tco_cents, performance); the ratios per DOLLAR, math.inf
    when there is nothing to pay."""
    if objective in ("perf_per_dollar", "perf_per_tco_dollar"):
        cents = b.tco_cents if objective == "perf_per_tco_dollar" else b.cost_cents
        return math.inf if cents == 0 else b.performance * 100 / cents
    if objective == "min_tco":
        return b.tco_cents, b.performance
    return objective_value(objective, b.build)


def optimum_v3(
    catalog: Mapping, scenario: ScenarioV3, objective: str | None = None, price_lists=()
) -> tuple[Any, list[BuildV3]]:
    """(value, every optimal build) under v3; (None, []) when no valid build exists. min_cost and min_tco need
    min_perf; min_tco and perf_per_tco_dollar need [usage]."""
    s3 = settings_v3(catalog, scenario, price_lists)
    objective = objective or s3.objective
    if objective not in OBJECTIVES_V3:
        raise ValueError(f"unknown objective {objective!r}")
    if objective in ("min_cost", "min_tco") and s3.base.min_perf is None:
        raise ValueError(f"{objective} needs min_perf")
    if objective in ("min_tco", "perf_per_tco_dollar") and s3.usage is None:
        raise ValueError(f"{objective} needs [usage]")
    best_rank, best = None, []
    for b in valid_builds_v3(catalog, s3):
        if objective in ("min_cost", "min_tco") and b.performance < s3.base.min_perf:
            continue
        rank = _rank_v3(objective, b)
        if best_rank is None or rank > best_rank:
            best_rank, best = rank, [b]
        elif rank == best_rank:
            best.append(b)
    return (objective_value_v3(objective, best[0]) if best else None), best


def pareto_v3(
    catalog: Mapping, scenario: ScenarioV3, basis: str = "purchase", price_lists=()
) -> list[tuple[int, Fraction]]:
    """Non-dominated (money, performance) pairs of the valid builds (R14 on spend), cheapest first; money is cost
    (§2) with basis "purchase", TCO with "tco" (§4, needs [usage])."""
    if basis not in COST_BASES:
        raise ValueError(f"unknown cost basis {basis!r}")
    s3 = settings_v3(catalog, scenario, price_lists)
    if basis == "tco" and s3.usage is None:
        raise ValueError("the TCO frontier needs [usage]")
    best_at: dict[int, Fraction] = {}
    for b in valid_builds_v3(catalog, s3):
        money = b.tco_cents if basis == "tco" else b.cost_cents
        if b.performance > best_at.get(money, -1):
            best_at[money] = b.performance
    frontier: list[tuple[int, Fraction]] = []
    for money in sorted(best_at):
        if not frontier or best_at[money] > frontier[-1][1]:
            frontier.append((money, best_at[money]))
    return frontier


# ---- v3: dated prices (§3) ----


def catalog_dates(catalog: Mapping) -> list[str]:
    """The catalog's price dates (every part row's price_date), distinct and sorted, as JSON's prices.catalog_dates."""
    return sorted({row["price_date"] for stem in PART_FILES for row in catalog[stem].values() if row.get("price_date")})


def stale_refs(s3: SettingsV3, b: BuildV3, today: datetime.date) -> list[str]:
    """§3: the parts whose bought offer is dated more than max_price_age_days before today, or undated; none when
    max_price_age_days = 0. Owned units buy nothing, so a part fully owned is never stale."""
    if s3.max_price_age_days == 0:
        return []
    return [ref for ref, offer in b.offers if offer.date is None or (today - offer.date).days > s3.max_price_age_days]


# ---- v3: the comparison with the cloud (§5) ----


class CloudComparison(NamedTuple):
    cloud: Cloud
    instance_hours: Fraction
    cost_cents: Fraction  # throughput-matched over the whole horizon, exact (shown rounded)
    months: int
    break_even_month: int | None  # None: not within the horizon


def cloud_cost_cents(usage: Usage, performance: Fraction, cloud: Cloud) -> tuple[Fraction, Fraction]:
    """(instance-hours, cents): the work a build does at rate P over busy hours, done at the instance's rate C."""
    hours = usage.hours * usage.utilisation * performance / cloud.throughput
    return hours, hours * cloud.usd_per_hour * 100


def build_cost_by_month(usage: Usage, cost_cents: int, energy_cents: int, month: int) -> Fraction:
    return cost_cents + Fraction(energy_cents * month) / (12 * usage.years)


def cloud_cost_by_month(usage: Usage, cloud_cents: Fraction, month: int) -> Fraction:
    return cloud_cents * month / (12 * usage.years)


def break_even_month(usage: Usage, cost_cents: int, energy_cents: int, cloud_cents: Fraction) -> int | None:
    """§5: the first month m (1-based) when the build's cost by month m is at most the cloud's; None within none."""
    for month in range(1, usage.months + 1):
        if build_cost_by_month(usage, cost_cents, energy_cents, month) <= cloud_cost_by_month(
            usage, cloud_cents, month
        ):
            return month
    return None


def compare_cloud(s3: SettingsV3, b: BuildV3) -> CloudComparison | None:
    """§5 for one build; None without [usage] or without a rated cloud instance."""
    if s3.usage is None or s3.cloud is None:
        return None
    hours, cents = cloud_cost_cents(s3.usage, b.performance, s3.cloud)
    return CloudComparison(
        s3.cloud, hours, cents, s3.usage.months, break_even_month(s3.usage, b.cost_cents, b.energy_cents, cents)
    )
