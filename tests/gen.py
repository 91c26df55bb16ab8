"""Random small catalogs and scenarios for property tests of the build model."""

from __future__ import annotations

import copy
import csv
import datetime
import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# Exactly the spec's columns (section 1), in the order written; perf_llm and perf_column are the optional extras.
COLUMNS = {
    "gpu_models": ["chipset", "perf"],
    "gpus": [
        "id",
        "name",
        "price_usd",
        "chipset",
        "memory_gb",
        "tdp_w",
        "slot_width",
        "length_mm",
        "cooling",
        "pcie_8pin",
        "pcie_16pin",
    ],
    "cpus": ["id", "name", "price_usd", "socket", "cores", "threads", "tdp_w", "pcie_lanes", "includes_cooler"],
    "motherboards": [
        "id",
        "name",
        "price_usd",
        "socket",
        "form_factor",
        "memory_type",
        "memory_slots",
        "max_memory_gb",
        "x16_slots",
        "slot_pitch",
        "m2_slots",
    ],
    "memory": ["id", "name", "price_usd", "memory_type", "modules", "module_gb"],
    "psus": ["id", "name", "price_usd", "wattage", "form_factor", "pcie_8pin", "pcie_16pin"],
    "cases": [
        "id",
        "name",
        "price_usd",
        "motherboard_form_factors",
        "psu_form_factors",
        "max_gpu_length_mm",
        "expansion_slots",
        "max_cooler_height_mm",
        "max_radiator_mm",
    ],
    "coolers": ["id", "name", "price_usd", "sockets", "kind", "height_mm", "radiator_mm"],
    "storage": ["id", "name", "price_usd", "interface", "capacity_gb"],
    "workloads": ["workload", "min_gpu_memory_gb", "threads_per_gpu", "source"],
}
PARTS = ("gpus", "cpus", "motherboards", "memory", "psus", "cases", "coolers", "storage")
SOCKETS = ["AM5", "LGA1700", "sTR5"]
BOARD_FORMS = ["ATX", "E-ATX", "mATX"]
PSU_FORMS = ["ATX", "SFX"]


class _Seeded:
    """Choices from random.Random; every method's 'simplest' outcome is the first/lowest one."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def pick(self, options: Sequence[Any]) -> Any:
        return self.rng.choice(list(options))

    def chance(self, percent: int) -> bool:
        return self.rng.randrange(100) < percent

    def subset(self, options: Sequence[Any], lo: int, hi: int) -> list:
        chosen = set(self.rng.sample(range(len(options)), self.rng.randint(lo, min(hi, len(options)))))
        return [option for i, option in enumerate(options) if i in chosen]


class _Drawn(_Seeded):
    """The same choices drawn from hypothesis, so failing instances shrink towards the simplest ones."""

    def __init__(self, draw: Callable) -> None:
        self.draw = draw

    def int(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def pick(self, options: Sequence[Any]) -> Any:
        return self.draw(st.sampled_from(list(options)))

    def chance(self, percent: int) -> bool:
        return self.draw(st.integers(0, 99)) >= 100 - percent  # shrinks to 0, i.e. to "no"

    def subset(self, options: Sequence[Any], lo: int, hi: int) -> list:
        idx = self.draw(
            st.lists(st.integers(0, len(options) - 1), min_size=lo, max_size=min(hi, len(options)), unique=True)
        )
        return [option for i, option in enumerate(options) if i in set(idx)]


def _money(p: _Seeded, lo: int, hi: int) -> str:
    return f"{p.int(lo, hi)}.{p.int(0, 99):02d}"


def _milli(value: int) -> str:
    return f"{value // 1000}.{value % 1000:03d}"


def _parts(p: _Seeded, stem: str, lo: int, hi: int, make: Callable[[int], dict]) -> list[dict]:
    return [{"id": f"{stem[:3]}-{i}", "name": f"{stem} {i}", **make(i)} for i in range(p.int(lo, hi))]


def _catalog(p: _Seeded) -> tuple[dict[str, list[dict[str, str]]], bool, bool]:
    """v1's catalog (its draws unchanged, so each seed's v1 core stays what it was); and whether the first part of
    every file was planted to fit, for several GPUs."""
    sockets = SOCKETS[:2] if p.chance(30) else [p.pick(SOCKETS)]
    mem_types = ["DDR5", "DDR4"] if p.chance(30) else [p.pick(["DDR5", "DDR4"])]
    llm = p.chance(30)  # a second perf column, used by a workload's perf_column
    models = []
    for i in range(p.int(2, 3)):
        row = {"chipset": f"chip-{i}", "perf": _milli(p.int(150, 1800))}
        if llm:
            row["perf_llm"] = "" if p.chance(25) else _milli(p.int(100, 2500))
        models.append(row)
    chipsets = [m["chipset"] for m in models] + ["chip-unrated"]  # a GPU on the last one is never chosen

    def gpu(i: int) -> dict:
        needs16 = p.chance(35)
        return {
            "price_usd": _money(p, 250, 2000),
            "chipset": chipsets[0] if i == 0 else p.pick(chipsets),
            "memory_gb": str(p.pick([24, 8, 12, 16, 48])),
            "tdp_w": str(25 * p.int(6, 18)),
            "slot_width": p.pick(["2", "2.5", "3", "1"]),
            "length_mm": str(p.int(24, 34) * 10),
            "cooling": p.pick(["open-air", "blower", "open-air", "water"]),
            "pcie_8pin": str(p.int(0, 1) if needs16 else p.int(1, 3)),
            "pcie_16pin": "1" if needs16 else "0",
        }

    def cpu(i: int) -> dict:
        cores = p.pick([16, 4, 6, 8, 12, 24, 32, 64])
        return {
            "price_usd": _money(p, 150, 1500),
            "socket": p.pick(sockets),
            "cores": str(cores),
            "threads": str(cores * p.pick([2, 1])),
            "tdp_w": str(p.pick([105, 65, 125, 170, 280])),
            "pcie_lanes": str(p.pick([64, 16, 20, 24, 16, 28, 48, 128])),
            "includes_cooler": p.pick(["false", "true", "True"]),
        }

    def board(i: int) -> dict:
        return {
            "price_usd": _money(p, 100, 900),
            "socket": p.pick(sockets),
            "form_factor": p.pick(["ATX", "ATX", "E-ATX", "mATX"]),
            "memory_type": p.pick(mem_types),
            "memory_slots": str(p.pick([4, 2, 8])),
            "max_memory_gb": str(p.pick([128, 64, 192, 256, 512])),
            "x16_slots": str(p.pick([2, 3, 1, 2, 3, 4])),
            "slot_pitch": str(p.pick([2, 1, 2, 3])),
            "m2_slots": "0" if p.chance(15) else str(p.int(1, 3)),
        }

    def memory(i: int) -> dict:
        return {
            "price_usd": _money(p, 30, 400),
            "memory_type": p.pick(mem_types),
            "modules": str(p.pick([2, 1, 4])),
            "module_gb": str(p.pick([16, 8, 32, 48])),
        }

    def psu(i: int) -> dict:
        return {
            "price_usd": _money(p, 60, 500),
            "wattage": str(p.pick([1000, 650, 750, 850, 1200, 1300, 1375, 1600, 2000])),
            "form_factor": p.pick(["ATX", "ATX", "SFX"]),
            "pcie_8pin": str(p.int(2, 8)),
            "pcie_16pin": str(p.int(0, 2)),
        }

    def case(i: int) -> dict:
        return {
            "price_usd": _money(p, 50, 400),
            "motherboard_form_factors": ";".join(p.subset(BOARD_FORMS, 1, 3) if p.chance(40) else BOARD_FORMS[:2]),
            "psu_form_factors": ";".join(p.subset(PSU_FORMS, 1, 2) if p.chance(30) else PSU_FORMS),
            "max_gpu_length_mm": str(p.int(28, 40) * 10),
            "expansion_slots": str(p.pick([7, 8, 4, 5, 6, 7, 8, 9])),
            "max_cooler_height_mm": str(p.int(15, 19) * 10),
            "max_radiator_mm": str(p.pick([360, 240, 280, 0])),
        }

    def cooler(i: int) -> dict:
        air = p.chance(55)
        # The other kind's dimension is sometimes a large number: the model must ignore it.
        height = str(p.int(12, 18) * 10) if air else p.pick(["0", "52", "999"])
        radiator = p.pick(["0", "999"]) if air else str(p.pick([240, 120, 280, 360]))
        return {
            "price_usd": _money(p, 20, 300),
            "sockets": ";".join(p.subset(SOCKETS, 1, 3) if p.chance(40) else SOCKETS),
            "kind": "air" if air else "aio",
            "height_mm": height,
            "radiator_mm": radiator,
        }

    def drive(i: int) -> dict:
        return {
            "price_usd": _money(p, 30, 400),
            "interface": p.pick(["nvme", "sata"]),
            "capacity_gb": str(p.pick([1000, 500, 2000, 4000, 250])),
        }

    rows = {"gpu_models": models}
    for stem, lo, hi, make in (
        ("gpus", 2, 4, gpu),
        ("cpus", 1, 3, cpu),
        ("motherboards", 1, 3, board),
        ("memory", 1, 3, memory),
        ("psus", 1, 3, psu),
        ("cases", 1, 3, case),
        ("coolers", 1, 3, cooler),
        ("storage", 1, 3, drive),
    ):
        rows[stem] = _parts(p, stem, lo, hi, make)
    planted = p.chance(60)
    multi = planted and p.chance(50)
    if planted:
        _plant(rows, multi)
    with_column = llm or p.chance(30)
    rows["workloads"] = []
    for i in range(p.int(1, 2)):
        row = {
            "workload": f"wl-{i}",
            "min_gpu_memory_gb": str(p.pick([8, 0, 12, 16])),
            "threads_per_gpu": str(p.pick([2, 4, 8])),
            "source": "generated",
        }
        if with_column:
            row["perf_column"] = p.pick(["", "perf", "perf_llm"] if llm else ["", "perf"])
        rows["workloads"].append(row)
    return rows, planted, multi


def _plant(rows: dict[str, list[dict[str, str]]], multi: bool) -> None:
    """Make the first part of every file fit together (R4, R5, R6, R12): about half the instances become feasible.

    With `multi`, those parts also leave room for two or more GPUs (R7, R9, R10, R11), so R8 and its penalty bind.
    """
    board, case, cooler = rows["motherboards"][0], rows["cases"][0], rows["coolers"][0]
    rows["cpus"][0]["socket"] = board["socket"]
    rows["memory"][0]["memory_type"] = board["memory_type"]
    for holder, col, value in (
        (case, "motherboard_form_factors", board["form_factor"]),
        (case, "psu_form_factors", rows["psus"][0]["form_factor"]),
        (cooler, "sockets", board["socket"]),
    ):
        if value not in holder[col].split(";"):
            holder[col] += ";" + value
    case["max_gpu_length_mm"] = str(max(int(case["max_gpu_length_mm"]), int(rows["gpus"][0]["length_mm"])))
    if cooler["kind"] == "air":
        case["max_cooler_height_mm"] = str(max(int(case["max_cooler_height_mm"]), int(cooler["height_mm"])))
    else:
        case["max_radiator_mm"] = str(max(int(case["max_radiator_mm"]), int(cooler["radiator_mm"])))
    if multi:
        cpu, psu = rows["cpus"][0], rows["psus"][0]
        board["x16_slots"] = str(max(int(board["x16_slots"]), 2))
        board["slot_pitch"] = str(max(int(board["slot_pitch"]), 2))
        case["expansion_slots"] = str(max(int(case["expansion_slots"]), 7))
        cpu["threads"], cpu["pcie_lanes"] = str(max(int(cpu["threads"]), 32)), str(max(int(cpu["pcie_lanes"]), 48))
        psu["wattage"], psu["pcie_8pin"] = str(max(int(psu["wattage"]), 1600)), "8"
        if rows["gpus"][0]["cooling"] == "open-air":  # cards exactly one pitch wide sit side by side (R8)
            rows["gpus"][0]["slot_width"] = board["slot_pitch"]
    drive = rows["storage"][0]
    drive["capacity_gb"] = str(max(int(drive["capacity_gb"]), 500))
    if drive["interface"] == "nvme" and board["m2_slots"] == "0":
        board["m2_slots"] = "1"


def _scenario(p: _Seeded, rows: Mapping[str, list[dict[str, str]]]) -> dict[str, Any]:
    scenario: dict[str, Any] = {
        "name": "random",
        "workload": p.pick([w["workload"] for w in rows["workloads"]]),
        "objective": p.pick(["perf_per_dollar", "max_perf", "min_cost"]),
    }
    counts = sorted(p.subset([1, 2, 3, 4], 1, 4) + ([p.int(5, 8)] if p.chance(10) else [])) if p.chance(50) else None
    if p.chance(60):
        # Around the price of a plausible build, so the budget binds about as often as not.
        cheapest = sum(min(float(r["price_usd"]) for r in rows[stem]) for stem in PARTS)
        gpu_share = max(float(r["price_usd"]) for r in rows["gpus"]) * p.int(0, 3)
        cents = int((cheapest + gpu_share) * p.int(80, 160))
        scenario["budget_usd"] = cents // 100 if p.chance(40) else float(f"{cents // 100}.{cents % 100:02d}")
    if scenario["objective"] == "min_cost" or p.chance(10):
        scenario["min_perf"] = float(_milli(p.int(100, 3000)))
    gpu: dict[str, Any] = {}
    if counts:
        gpu["counts"] = counts
    if p.chance(25):
        gpu["min_memory_gb"] = p.pick([16, 0, 8, 24])
    rules: dict[str, Any] = {}
    options = {
        "ram_per_gpu_memory": [1.0, 0.5, 1.5, 2.0],
        "ram_basis": ["total", "largest"],
        "threads_per_gpu": [2, 1, 4, 8],
        "min_pcie_lanes_per_gpu": [8, 4, 16],
        "psu_headroom": [0.1, 0.0, 0.2, 0.25],
        "other_w": [100, 50, 150],
        "adjacent_open_air": ["penalize", "forbid"],
        "adjacent_penalty": [0.3, 0.1, 0.5, 0.25],
        "max_wall_watts": [0, 500, 700, 900, 1200],
        "min_storage_gb": [500, 250, 1000],
    }
    for key, values in options.items():
        if p.chance(50 if key in ("ram_basis", "adjacent_open_air") else 20):
            rules[key] = p.pick(values)
    if p.chance(15):
        value, scaling = 1.0, {}
        for n in range(1, max(counts or [4]) + 1):
            scaling[str(n)] = value
            value = float(f"{value + p.int(50, 100) / 100:.2f}")
        rules["scaling"] = scaling
    refs = [f"{stem}:{row['id']}" for stem in PARTS for row in rows[stem]]
    parts: dict[str, Any] = {}
    if p.chance(25):
        parts["exclude"] = p.subset(refs, 1, 2)
    if p.chance(15):
        parts["require"] = p.subset(refs, 1, 1)
    for table, value in (("gpu", gpu), ("rules", rules), ("parts", parts)):
        if value:
            scenario[table] = value
    return scenario


def _instance(p: _Seeded) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any], bool, bool]:
    rows, planted, multi = _catalog(p)
    return rows, _scenario(p, rows), planted, multi


# ---- contract v2: optional columns, files and keys, drawn after v1's draws so each seed's v1 core is unchanged ----

LINES = ["geforce", "workstation", "datacenter"]
EFFICIENCIES = ["none", "plus", "bronze", "silver", "gold", "platinum", "titanium"]
SCALING_PROFILES = ["training", "llm-token-generation"]
# The optional files' columns (contract v2 §1), written only when an instance has the file.
TABLE_COLUMNS = {
    "scaling": ["profile", "product_line", "chipset", "gpus", "speedup", "basis", "source"],
    "power_limits": ["power_class", "level_pct", "factor", "basis", "source"],
    # contract v3 §5: the cloud price table, written only by v3 instances
    "cloud": [
        "provider",
        "instance",
        "chipset",
        "gpus",
        "usd_per_hour",
        "price_date",
        "source_url",
        "region",
        "price_kind",
        "notes",
    ],
}
# Every optional v2 column per file, in the order written after v1's.
V2_COLUMNS = {
    "gpu_models": ["product_line", "compute_capability", "power_class", "min_power_limit_w", "recommended_psu_w"],
    "motherboards": ["chipset", "gpu_slots"], "psus": ["efficiency", "input_voltage"], "cases": ["psu_bays"],
    "storage": ["drive_type"], "workloads": ["scaling_profile", "min_total_memory_gb"],
}  # fmt: skip
V2_RULES = (
    "profile",
    "chipset_slots",
    "chipset_penalty",
    "power_limit",
    "circuit",
    "dual_psu",
    "recommended_psu",
    "min_ram_gb",
    "ram_per_total_vram",
    "psu_min_efficiency",
    "psu_efficiency_above_w",
    "storage_kind",
    "min_compute_capability",
)


def _column(p: _Seeded, rows: list[dict[str, str]], col: str, percent: int, cell: Callable[[int], str]) -> bool:
    """With `percent` chance, give every row the column (cell(i) for row i); else leave it absent."""
    if not p.chance(percent):
        return False
    for i, row in enumerate(rows):
        row[col] = cell(i)
    return True


def _slots(p: _Seeded, board: dict[str, str], style: str, steady: bool) -> str:
    """gpu_slots for a board: `style` says how the x16-length slots are wired; `steady` keeps them one slot_pitch
    apart (v1's geometry), else the gaps are drawn."""
    count, pitch, gen_ = int(board["x16_slots"]), int(board["slot_pitch"]), p.pick(["4", "3", "5"])
    items, position = [], 0
    for i in range(count):
        if i:
            position += pitch if steady else p.pick([pitch, 1, 2, 3])
        if i == 0 or style == "all-cpu" or (style == "x8/x8" and i < 2):
            attach, lanes = "cpu", {"x16": "16", "x8/x8": "8"}.get(style) or p.pick(["16", "16", "8"])
        elif style == "mixed" and p.chance(40):
            attach, lanes = "cpu", p.pick(["8", "16", "4"])
        else:
            attach, lanes = "chipset", p.pick(["4", "4", "1", "2"])
        items.append(f"{position}:{attach}:{lanes}:{gen_ if attach == 'cpu' else p.pick(['3', '4'])}")
    return ";".join(items)


def _scaling_rows(p: _Seeded, models: list[dict[str, str]]) -> list[dict[str, str]]:
    """Per profile and product line a speed-up table, some counts missing (R1); a few chipset rows on top."""
    rows = []
    for profile in SCALING_PROFILES:
        for line in LINES:
            value = 1000
            for n in range(1, 9):
                if n > 1:
                    value += p.int(350, 980) if profile == "training" else p.int(-60, 120)
                if n == 1 or p.chance(80):
                    rows.append(
                        {
                            "profile": profile,
                            "product_line": line,
                            "chipset": "",
                            "gpus": str(n),
                            "speedup": _milli(max(value, 500)),
                            "basis": "generated",
                            "source": "gen",
                        }
                    )
    for model in p.subset(models, 0, 2):
        line = model.get("product_line") or "geforce"
        line = line if p.chance(80) else p.pick(LINES)  # a row of another line never applies
        for n in p.subset([1, 2, 3, 4], 1, 3):
            rows.append(
                {
                    "profile": p.pick(SCALING_PROFILES),
                    "product_line": line,
                    "chipset": model["chipset"],
                    "gpus": str(n),
                    "speedup": _milli(p.int(700, 1000) * n),
                    "basis": "generated",
                    "source": "gen",
                }
            )
    return rows


def _power_rows(p: _Seeded) -> list[dict[str, str]]:
    rows = []
    for power_class in ("default", "ampere", "ws"):
        if p.chance(70):
            slope = p.pick([5, 10, 8, 12, 0])  # thousandths of throughput lost per percent of power
            for level in p.subset([90, 80, 70, 60], 1, 3):
                rows.append(
                    {
                        "power_class": power_class,
                        "level_pct": str(level),
                        "factor": _milli(1000 - (100 - level) * slope),
                        "basis": "generated",
                        "source": "gen",
                    }
                )
    return rows


def _decorate(
    p: _Seeded, rows: dict[str, Any], scenario: dict[str, Any], planted: bool, multi: bool
) -> tuple[bool, bool]:
    """Turn a v1 instance into a v2 one: optional columns and files, v2 scenario keys. When the v1 core planted a
    fitting build, keep it valid under the v2 rules most of the time, and often aim one v2 rule at it (_theme).
    Returns whether a fitting build is planted now, and whether for several GPUs."""
    models, boards, psus = rows["gpu_models"], rows["motherboards"], rows["psus"]
    if not planted and p.chance(50):  # more instances with a fitting build: the v2 floors make many infeasible
        planted, multi = True, p.chance(50)
        _plant(rows, multi)
    _column(p, models, "product_line", 70, lambda i: p.pick(LINES + [""]))
    has_cc = _column(
        p,
        models,
        "compute_capability",
        75,
        lambda i: p.pick(["8.9", "8.6", "7.5", "9.0", "12.0", "8.0", "7.0", "6.1", ""]),
    )
    rows["power_limits"] = _power_rows(p) if p.chance(55) else None
    if rows["power_limits"] is not None:
        _column(p, models, "power_class", 85, lambda i: p.pick(["default", "ampere", "ws", "", "unlisted"]))
    _column(p, models, "min_power_limit_w", 35, lambda i: p.pick(["", "100", "150", "200", "250"]))
    _column(p, models, "recommended_psu_w", 60, lambda i: p.pick(["", "750", "850", "1000", "1200", "650"]))
    rows["scaling"] = _scaling_rows(p, models) if p.chance(45) else None
    _column(p, boards, "chipset", 30, lambda i: p.pick(["B550", "X670E", "W790", "Z790"]))
    _column(
        p,
        boards,
        "gpu_slots",
        85,
        lambda i: (
            ""
            if p.chance(15)
            else _slots(p, boards[i], p.pick(["x16", "x8/x8", "all-cpu", "mixed", "x8/x8"]), steady=p.chance(40))
        ),
    )
    has_eff = _column(
        p, psus, "efficiency", 90, lambda i: p.pick(EFFICIENCIES + ["gold", "platinum", "gold", "titanium", ""])
    )
    _column(p, psus, "input_voltage", 35, lambda i: p.pick(["any", "230v", ""]))
    _column(p, rows["cases"], "psu_bays", 50, lambda i: p.pick(["1", "2", "2", ""]))
    _column(p, rows["workloads"], "scaling_profile", 40, lambda i: p.pick(SCALING_PROFILES + [""]))
    _column(p, rows["workloads"], "min_total_memory_gb", 15, lambda i: p.pick(["", "", "24", "48", "32"]))
    rules = scenario.setdefault("rules", {})
    if p.chance(60):
        if p.chance(45):
            rules["profile"] = "recommended"
    else:
        rules["profile"] = "guide-2018"
    options = {  # key: (percent of instances that set it, values)
        "chipset_slots": (45, ["penalize", "penalize", "forbid"]),
        "chipset_penalty": (20, [0.15, 0.0, 0.25, 0.1]),
        "power_limit": (25, ["allow", "off"]),
        "circuit": (45, ["us_15a", "us_20a", "us_15a", "eu_16a", "uk_13a", "none"]),
        "max_wall_watts": (20, list(range(600, 2000, 100))),
        "dual_psu": (40, ["allow", "allow", "off"]),
        "recommended_psu": (20, ["meet", "ignore"]),
        "min_ram_gb": (20, [32, 0, 64, 16]),
        "ram_per_total_vram": (20, [0.5, 1.0, 0, 0.25]),
        "psu_min_efficiency": (20, EFFICIENCIES),
        "psu_efficiency_above_w": (15, [750, 500, 1000, 0]),
        "storage_kind": (15, ["any", "ssd", "nvme"]),
        "min_compute_capability": (20, [7.5, 0, 8.0, 8.6, 7.0]),
    }
    for key, (percent, values) in options.items():
        if p.chance(percent):
            rules[key] = p.pick(values)
    if p.chance(8):
        scenario.setdefault("gpu", {})["min_total_memory_gb"] = p.pick([48, 32, 0])
    # An SSD is asked for by default under "recommended"; such catalogs say which drives are SSDs.
    default_kind = "ssd" if rules.get("profile", "recommended") == "recommended" else "any"
    wants_ssd = rules.get("storage_kind", default_kind) == "ssd"
    _column(
        p,
        rows["storage"],
        "drive_type",
        100 if wants_ssd else 70,
        lambda i: p.pick(["ssd", "ssd", "ssd", "hdd", "unknown"]),
    )
    if planted and p.chance(90):
        board, psu = boards[0], psus[0]
        if has_cc:  # now and then too old, so R18 alone stands in the way
            models[0]["compute_capability"] = p.pick(["8.9", "8.6", "7.5", "9.0", "8.0", "7.0"])
        if multi or ("gpu_slots" in board and p.chance(50)):
            for other in boards:
                other.setdefault("gpu_slots", "")
            board["gpu_slots"] = _slots(p, board, p.pick(["x8/x8", "all-cpu"]) if multi else "x16", steady=True)
        if has_eff:
            psu["efficiency"] = p.pick(["gold", "platinum", "titanium"])
        if "input_voltage" in psu:
            psu["input_voltage"] = "any"
        rows["storage"][0]["drive_type"] = "ssd"
        if rules.get("dual_psu") == "allow" and p.chance(70):
            for case in rows["cases"]:
                case.setdefault("psu_bays", "")
            rows["cases"][0]["psu_bays"] = "2"
        if multi and p.chance(40):  # CPU lanes for two x8 cards, or three
            rows["cpus"][0]["pcie_lanes"] = p.pick(["16", "20", "24"])
        kit = rows["memory"][0]
        kit["module_gb"] = str(max(int(kit["module_gb"]), 16))
        if multi and p.chance(85):
            _theme(
                p, rows, rules, p.pick(["wall", "230v", "dual", "chipset", "power", "recommended", "chipset", "lanes"])
            )
            # Keep the planted several-GPU build in play: counts that include it, room in the budget, a rated PSU.
            gpu = scenario.get("gpu", {})
            if "counts" in gpu:
                scaled = {int(n) for n in rules.get("scaling", {"2": 0, "3": 0})}  # counts need a scaling entry
                gpu["counts"] = sorted(set(gpu["counts"]) | ({2, 3} & scaled))
            if p.chance(60):
                scenario.pop("budget_usd", None)
            for unit in psus:
                unit.setdefault("efficiency", "")
            psu["efficiency"] = p.pick(["gold", "platinum", "titanium"])
        elif p.chance(30):
            _theme(p, rows, rules, p.pick(["wall", "230v", "recommended"]))
    if not rules:
        del scenario["rules"]
    return planted, multi


def _theme(p: _Seeded, rows: dict[str, Any], rules: dict[str, Any], theme: str) -> None:
    """Aim one v2 rule at the planted multi-GPU build, which otherwise fits: each binds on a narrow band of numbers
    (wall watts between DC and DC / efficiency, a PSU between one and two units' worth) that random draws seldom hit."""
    board, psu, cpu, model = rows["motherboards"][0], rows["psus"][0], rows["cpus"][0], rows["gpu_models"][0]
    if theme == "wall":  # a limit a little above two planted cards' DC load: under their wall draw
        rules.pop("circuit", None)
        dc = 2 * Fraction(rows["gpus"][0]["tdp_w"]) + Fraction(cpu["tdp_w"]) + Fraction(str(rules.get("other_w", 100)))
        rules["max_wall_watts"] = int(dc * p.pick([100, 103, 106, 110, 125]) / 100)
    elif theme == "230v":
        rules["circuit"] = p.pick(["us_15a", "us_20a", "eu_16a"])
        for unit in rows["psus"]:
            unit.setdefault("input_voltage", "")
        psu["input_voltage"] = "230v"
    elif theme == "dual":  # one unit too small for three or four cards, two enough
        rules["dual_psu"] = "allow"
        for case in rows["cases"]:
            case.setdefault("psu_bays", "")
        rows["cases"][0]["psu_bays"] = "2"
        for unit in rows["psus"]:
            unit["wattage"] = p.pick(["850", "1000", "1200"])
    elif theme == "chipset":  # one CPU slot, chipset x4 slots beside it, and a CPU with few lanes
        rules["chipset_slots"] = "penalize"
        board["gpu_slots"] = _slots(p, board, "x16", steady=p.chance(50))
        cpu["pcie_lanes"] = p.pick(["8", "12", "16"])
        if p.chance(50):
            rules["adjacent_open_air"] = "penalize"
    elif theme == "lanes":  # every slot on the CPU, and a CPU with lanes for one to two x8 cards, not three
        board["gpu_slots"] = _slots(p, board, "all-cpu", steady=True)
        cpu["pcie_lanes"] = p.pick(["12", "16", "20"])
        rules["min_pcie_lanes_per_gpu"] = 8
    elif theme == "power":  # levels for the planted card and a PSU that needs them
        rules.pop("power_limit", None)
        if rules.get("profile") == "guide-2018":
            rules["power_limit"] = "allow"
        rows["power_limits"] = (
            rows.get("power_limits")
            or _power_rows(p)
            or [{"power_class": "default", "level_pct": "80", "factor": "0.900", "basis": "generated", "source": "gen"}]
        )
        model["power_class"] = rows["power_limits"][0]["power_class"]
        for other in rows["gpu_models"]:
            other.setdefault("power_class", "")
        if "min_power_limit_w" in model:
            model["min_power_limit_w"] = ""
        for unit in rows["psus"]:
            unit["wattage"] = p.pick(["1000", "1200", "1300"])
    elif theme == "recommended":  # the maker's figure above the headroom rule's
        rules.pop("recommended_psu", None)
        if rules.get("profile") == "guide-2018":
            rules["recommended_psu"] = "meet"
        for other in rows["gpu_models"]:
            other.setdefault("recommended_psu_w", "")
        model["recommended_psu_w"] = p.pick(["1000", "1200", "1400"])
        psu["wattage"] = p.pick(["1200", "1300", "1600"])


def _v2(p: _Seeded) -> tuple[dict[str, Any], dict[str, Any]]:
    rows, scenario, planted, multi = _instance(p)
    _decorate(p, rows, scenario, planted, multi)
    return rows, scenario


def random_instance(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A contract-v2 instance: (rows per file stem as lists of {column: cell text}, with "scaling" and
    "power_limits" None when that file is absent; scenario dict as tomllib would return it)."""
    return _v2(_Seeded(random.Random(seed)))


def v1_instance(seed: int) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    """The seed's v1 instance, exactly as the v1 generator drew it (no v2 column, file or key)."""
    rows, scenario, _, _ = _instance(_Seeded(random.Random(seed)))
    return rows, scenario


def with_v1_wiring(rows: dict[str, Any]) -> dict[str, Any]:
    """Every board's x16 slots listed as CPU-attached x16 at positions i x slot_pitch: how v1 counted them."""
    out = copy.deepcopy(rows)
    for board in out["motherboards"]:
        pitch = Fraction(board["slot_pitch"])
        board["gpu_slots"] = ";".join(f"{i * pitch}:cpu:16:3" for i in range(int(board["x16_slots"])))
    return out


def guide_2018_instance(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The seed's v1 instance under rules.profile = "guide-2018", with v1's wiring written out: contract v2 decides
    it exactly as v1 did, but for R13 when max_wall_watts > 0 (see tests/oracle.py)."""
    rows, scenario = v1_instance(seed)
    scenario = copy.deepcopy(scenario)
    scenario.setdefault("rules", {})["profile"] = "guide-2018"
    return with_v1_wiring(rows), scenario


def v1_equivalent(rows: Mapping[str, Any], scenario: Mapping[str, Any]) -> bool:
    """Whether contract v2 decides this instance exactly as v1 (without its profile key) would: guide-2018, no v2
    key or file, no pooled memory, v1's wiring (or a board with one x16 slot), no wall limit, CPU x16 usable."""
    rules, gpu = scenario.get("rules", {}), scenario.get("gpu", {})
    if rules.get("profile") != "guide-2018" or set(rules) & (set(V2_RULES) - {"profile"}):
        return False
    if "min_total_memory_gb" in gpu or any(w.get("min_total_memory_gb") for w in rows["workloads"]):
        return False
    if rules.get("max_wall_watts", 0) != 0 or rules.get("min_pcie_lanes_per_gpu", 8) > 16:
        return False
    if any(rows.get(stem) is not None for stem in TABLE_COLUMNS):
        return False
    wired = with_v1_wiring(rows)["motherboards"]
    return all(
        board.get("gpu_slots") == v1["gpu_slots"] or (not board.get("gpu_slots") and int(board["x16_slots"]) <= 1)
        for board, v1 in zip(rows["motherboards"], wired)
    )


# ---- contract v3: dated prices, price lists, used offers, owned parts, usage and the cloud, drawn after every v2
# draw so each seed's v2 instance is unchanged ----

GEN_TODAY = datetime.date(2025, 9, 1)  # generated dates lie around this day; stale warnings are judged against it
PRICE_AGES = [0, 30, 179, 180, 181, 400]  # days before GEN_TODAY: both sides of the default 180-day limit
PRICE_LIST_COLUMNS = ["part", "price", "currency", "rate", "date", "source", "condition"]
RATES = {"EUR": ["1.0825", "1.1", "1.17"], "GBP": ["1.27", "1.3437"], "JPY": ["0.0068"]}  # USD per unit
V3_KEYS = {"": ("prices", "usage", "max_price_age_days"), "parts": ("own", "condition", "count_resale")}
V3_PART_COLUMNS = ("price_date", "price_kind", "source_url")


def _day(p: _Seeded) -> datetime.date:
    return GEN_TODAY - datetime.timedelta(days=p.pick(PRICE_AGES))


def _dated_catalog(p: _Seeded, rows: dict[str, Any]) -> None:
    """The part files' price columns (a catalog row is the part's first offer): dates on both sides of 180 days,
    some unknown; kinds and source URLs now and then."""
    if not p.chance(60):
        return
    kinds = p.chance(40)
    urls = p.chance(30)
    for stem in PARTS:
        for row in rows[stem]:
            row["price_date"] = "" if p.chance(12) else _day(p).isoformat()
            if kinds:
                row["price_kind"] = p.pick(["", "", "list", "listing", "snapshot"])
            if urls:
                row["source_url"] = p.pick(["", f"https://example.com/{stem}/{row['id']}"])


def _part_text(p: _Seeded, stem: str, row: dict[str, str]) -> str:
    """How a price row names a part: its reference, or its exact name with other case or spacing."""
    if p.chance(60):
        return f"{stem}:{row['id']}"
    name = row["name"]
    return p.pick([name, name.upper(), name.replace(" ", "  "), f" {name.title()} "])


def _target(p: _Seeded, rows: dict[str, Any]) -> tuple[str, int]:
    """A part to price: a GPU half of the time, the first (planted) part of its file often."""
    stem = "gpus" if p.chance(50) else p.pick([s for s in PARTS if rows[s]])
    return stem, 0 if p.chance(50) else p.int(0, len(rows[stem]) - 1)


def _usd_price(p: _Seeded, row: dict[str, str], condition: str) -> Fraction:
    percent = p.pick([60, 75, 90, 100, 110, 125]) if condition == "new" else p.pick([45, 60, 70, 85, 100, 105])
    return max(Fraction(row["price_usd"]) * percent / 100, Fraction(1))


def _in_currency(p: _Seeded, usd: Fraction) -> dict[str, str]:
    """A price in USD (currency given or not) or in another currency with its rate; 2 decimals in that currency."""
    if p.chance(60):
        cells = {"price": _cents_text(round(usd * 100))}
        return {**cells, "currency": "USD"} if p.chance(30) else cells
    currency = p.pick(sorted(RATES))
    rate = p.pick(RATES[currency])
    return {
        "price": _cents_text(round(usd / Fraction(rate) * 100)),
        "currency": currency.lower() if p.chance(20) else currency,
        "rate": rate,
    }


def _cents_text(cents: int) -> str:
    cents = max(cents, 1)  # a price is > 0
    return f"{cents // 100}.{cents % 100:02d}"


def _price_row(p: _Seeded, rows: dict[str, Any], stem: str, i: int, condition: str) -> dict[str, str]:
    row = rows[stem][i]
    out = {"part": _part_text(p, stem, row), **_in_currency(p, _usd_price(p, row, condition))}
    if p.chance(60):
        out["date"] = _day(p).isoformat()
    if p.chance(50):
        out["source"] = p.pick(["shop listing", "https://example.com/listing/1", "quote"])
    if condition == "used" or p.chance(30):
        out["condition"] = condition
    return out


def _price_lists(p: _Seeded, rows: dict[str, Any]) -> list[list[dict[str, str]]]:
    """One or two price-list files of new and used rows; now and then a later file prices a part again (later wins)."""
    if not p.chance(55):
        return []
    files: list[list[dict[str, str]]] = []
    for _ in range(p.int(1, 2)):
        rows_ = []
        for _ in range(p.int(1, 4)):
            stem, i = _target(p, rows)
            rows_.append(_price_row(p, rows, stem, i, "used" if p.chance(40) else "new"))
        files.append(rows_)
    if len(files) == 2 and p.chance(60):
        # A planted part priced in both files, far apart, in one condition: which row wins decides its price.
        stem = "gpus" if p.chance(60) else p.pick(PARTS)
        condition = "used" if p.chance(40) else "new"
        low, high = p.pick([(40, 130), (130, 40), (55, 150)])
        for file, percent in ((files[0], low), (files[1], high)):
            row = _price_row(p, rows, stem, 0, condition)
            row.update(_in_currency(p, Fraction(rows[stem][0]["price_usd"]) * percent / 100))
            file.append(row)
    return files


def _dollars(usd: Fraction) -> float:
    """Dollars as a TOML float with at most 2 decimals (0 stays 0)."""
    cents = round(usd * 100)
    return float(_cents_text(cents)) if cents else 0.0


def _scenario_prices(p: _Seeded, rows: dict[str, Any]) -> dict[str, Any]:
    """[prices] in both forms: `"ref" = dollars` (new, USD) and `"ref" = { price = ..., ... }`."""
    table: dict[str, Any] = {}
    for _ in range(p.int(1, 2)):
        stem, i = _target(p, rows)
        row = rows[stem][i]
        key = f"{stem}:{row['id']}" if p.chance(80) else row["name"]
        condition = "used" if p.chance(35) else "new"
        usd = _usd_price(p, row, condition)
        if condition == "new" and p.chance(50):
            table[key] = _dollars(usd)
            continue
        cells = _in_currency(p, usd)
        entry: dict[str, Any] = {"price": float(cells["price"])}
        if "currency" in cells:
            entry["currency"] = cells["currency"]
        if "rate" in cells:
            entry["rate"] = float(cells["rate"])
        if p.chance(50):
            day = _day(p)
            entry["date"] = day if p.chance(50) else day.isoformat()  # a TOML date or a string
        if p.chance(30):
            entry["source"] = "forum offer"
        if condition == "used" or p.chance(30):
            entry["condition"] = condition
        table[key] = entry
    return table


def _owned(p: _Seeded, rows: dict[str, Any], planted: bool, multi: bool) -> list[Any]:
    """Owned parts: a GPU (several of it where the planted build holds several) and/or one other part, the planted
    ones when there are (now and then another, which may leave no valid build), some with a resale value."""
    stems = (["gpus"] if p.chance(70) else []) + (
        [p.pick(["psus", "memory", "cpus", "motherboards", "cases", "storage", "coolers"])] if p.chance(50) else []
    )
    items: list[Any] = []
    for stem in stems or ["gpus"]:
        i = 0 if planted and p.chance(92) else p.int(0, len(rows[stem]) - 1)
        ref = f"{stem}:{rows[stem][i]['id']}"
        item: dict[str, Any] = {"ref": ref}
        if stem in ("gpus", "memory") and p.chance(50 if multi else 15):
            item["count"] = p.pick([2, 1, 2, 3] if stem == "gpus" and multi else [2, 1])
        if p.chance(55):
            item["resale_usd"] = _dollars(Fraction(rows[stem][i]["price_usd"]) * p.pick([0, 40, 60, 80, 100]) / 100)
        items.append(ref if len(item) == 1 and p.chance(50) else item)
    return items


def _cloud_rows(p: _Seeded, rows: dict[str, Any]) -> list[dict[str, str]]:
    """Two to four on-demand instances on the catalog's chipsets (one now and then unrated or unknown)."""
    chipsets = [m["chipset"] for m in rows["gpu_models"]] + ["chip-unrated"]
    out = []
    for i in range(p.int(2, 4)):
        gpus = p.pick([1, 1, 2, 4, 8])
        hourly = p.int(30, 800) * gpus
        out.append(
            {
                "provider": p.pick(["cloud-a", "cloud-b", "Cloud-C"]),
                "instance": f"inst-{i}",
                "chipset": p.pick(chipsets),
                "gpus": str(gpus),
                "usd_per_hour": f"{hourly // 100}.{hourly % 100:02d}" + p.pick(["", "5", "25"]),
                "price_date": _day(p).isoformat(),
                "source_url": f"https://example.com/cloud/{i}",
                "region": p.pick(["us-east-1", ""]),
                "price_kind": "list",
                "notes": "",
            }
        )
    return out


def _usage(p: _Seeded, rows: dict[str, Any], heavy: bool) -> dict[str, Any]:
    """[usage]; `heavy` draws the long, busy, dear use where energy outweighs price differences between builds."""
    if heavy:
        usage: dict[str, Any] = {
            "years": p.pick([3, 5, 4]),
            "hours_per_day": p.pick([24, 16, 24]),
            "gpu_utilisation": p.pick([0.6, 0.3, 1.0, 0.15, 0.8]),
            "kwh_price": p.pick([0.3, 0.4, 0.35]),
        }
    else:
        usage = {
            "years": p.pick([1, 2, 3, 0.5, 1.5, 5]),
            "hours_per_day": p.pick([24, 8, 12, 4, 16]),
            "gpu_utilisation": p.pick([0.15, 0.5, 0.6, 0.3, 1.0, 0.05, 0.0]),
            "kwh_price": p.pick([0.12, 0.16, 0.3, 0.4, 0.0, 0.2]),
        }
    if p.chance(30):
        currency = p.pick(["EUR", "JPY"])
        usage.update(
            kwh_price=p.pick([0.2872, 0.3943] if currency == "EUR" else [25, 31.5]),
            currency=currency,
            rate=p.pick([1.0825, 1.17] if currency == "EUR" else [0.0068]),
        )
    if p.chance(70):
        usage["idle_w"] = p.pick([0, 50, 100, 35.5, 150, 250])
    if p.chance(85):
        choice = p.pick(["default", "default", "provider", "instance", "per-gpu-hour"])
        table = rows.get("cloud") or []
        if choice == "provider" and table:
            usage["cloud"] = p.pick(table)["provider"]
        elif choice == "instance" and table:
            row = p.pick(table)
            usage["cloud"] = {"provider": row["provider"], "instance": row["instance"]}
        elif choice == "per-gpu-hour" or not table:
            usage["cloud_usd_per_gpu_hour"] = p.pick([0.5, 1.1, 2.14, 3.25])
            usage["cloud_chipset"] = p.pick([m["chipset"] for m in rows["gpu_models"]])
    return usage


def _frugal_twins(p: _Seeded, rows: dict[str, Any]) -> None:
    """Energy against price: a dearer twin of the planted GPU that draws less, and a dearer, more efficient twin of
    the planted PSU, so that a TCO objective weighs watts against dollars."""
    for stem, change in (
        ("gpus", lambda r: {"tdp_w": str(int(Fraction(r["tdp_w"]) * p.pick([60, 75, 85]) / 100))}),
        ("psus", lambda r: {"efficiency": p.pick(["platinum", "titanium"])}),
    ):
        if stem == "psus" and not p.chance(60):
            continue
        twin = dict(rows[stem][0], **change(rows[stem][0]))
        i = len(rows[stem])
        twin.update(
            id=f"{stem[:3]}-{i}",
            name=f"{stem} {i}",
            price_usd=_cents_text(round(Fraction(twin["price_usd"]) * p.pick([105, 115, 130, 160, 200]))),
        )
        for row in rows[stem]:
            row.setdefault("efficiency", "") if stem == "psus" else None
        rows[stem].append(twin)


def _spent_budget(scenario: dict[str, Any], rows: dict[str, Any], own: list[Any], percent: int) -> None:
    """The upgrade question: the budget is what is left to spend, so take part of the owned parts' price off it."""
    owned = 0
    for item in own:
        ref = item["ref"] if isinstance(item, Mapping) else item
        stem, _, part_id = ref.partition(":")
        row = next(r for r in rows[stem] if r["id"] == part_id)
        owned += Fraction(row["price_usd"]) * (item.get("count", 1) if isinstance(item, Mapping) else 1)
    left = Fraction(str(scenario["budget_usd"])) - owned * percent / 100
    scenario["budget_usd"] = max(int(left), 100)


def _market(
    p: _Seeded, rows: dict[str, Any], scenario: dict[str, Any], planted: bool, multi: bool
) -> list[list[dict[str, str]]]:
    """Turn a v2 instance into a v3 one (contract v3): dated catalog prices, price lists, [prices], conditions,
    owned parts, [usage] with a cloud table, the TCO objectives and the price-age limit. Returns the price lists."""
    _dated_catalog(p, rows)
    price_lists = _price_lists(p, rows)
    if p.chance(35):
        scenario["prices"] = _scenario_prices(p, rows)
    used = any(row.get("condition") == "used" for file in price_lists for row in file) or any(
        isinstance(v, Mapping) and v.get("condition") == "used" for v in scenario.get("prices", {}).values()
    )
    parts = scenario.setdefault("parts", {})
    if (used and p.chance(65)) or p.chance(8):
        parts["condition"] = ["new", "used"] if used or p.chance(50) else ["new"]
    if p.chance(40):
        parts["own"] = _owned(p, rows, planted, multi)
        resale = any(isinstance(item, Mapping) and item.get("resale_usd") for item in parts["own"])
        if (resale and p.chance(65)) or p.chance(10):
            parts["count_resale"] = resale
        if "budget_usd" in scenario and p.chance(60):
            _spent_budget(scenario, rows, parts["own"], p.pick([50, 100, 80]))
        if parts.get("count_resale") and p.chance(50):  # resale is the same for every build: only ratios feel it
            scenario["objective"] = "perf_per_dollar"
    rows["cloud"] = _cloud_rows(p, rows) if p.chance(40) else None
    if p.chance(60):
        tco = p.chance(70)
        scenario["usage"] = _usage(p, rows, heavy=tco and p.chance(65))
        if tco:
            scenario["objective"] = p.pick(["min_tco", "perf_per_tco_dollar"])
            if scenario["objective"] == "min_tco" and "min_perf" not in scenario:
                scenario["min_perf"] = float(_milli(p.int(100, 1500)))
            if planted and p.chance(60):
                _frugal_twins(p, rows)
    if p.chance(30):
        scenario["max_price_age_days"] = p.pick([180, 30, 0, 365, 90, 1])
    if not parts:
        del scenario["parts"]
    return price_lists


def _v3(p: _Seeded) -> tuple[dict[str, Any], dict[str, Any], list[list[dict[str, str]]]]:
    rows, scenario, planted, multi = _instance(p)
    planted, multi = _decorate(p, rows, scenario, planted, multi)
    return rows, scenario, _market(p, rows, scenario, planted, multi)


def v3_instance(seed: int) -> tuple[dict[str, Any], dict[str, Any], list[list[dict[str, str]]]]:
    """The seed's contract-v3 instance: its v2 instance (random_instance(seed), drawn first and unchanged) with v3's
    additions, and the price-list files (each a list of rows as csv.DictReader returns them; write_price_list)."""
    return _v3(_Seeded(random.Random(seed)))


def v3_features(rows: Mapping[str, Any], scenario: Mapping[str, Any], price_lists: Sequence) -> set[str]:
    """What of contract v3 an instance uses: an empty set means it is its v2 instance."""
    found = {
        f"[{table}] {key}" if table else key
        for table, keys in V3_KEYS.items()
        for key in keys
        if key in (scenario.get(table, {}) if table else scenario)
    }
    if price_lists:
        found.add("price lists")
    if rows.get("cloud") is not None:
        found.add("cloud.csv")
    if any(col in row for stem in PARTS for row in rows[stem] for col in V3_PART_COLUMNS):
        found.add("price columns")
    if scenario.get("objective") in ("min_tco", "perf_per_tco_dollar"):
        found.add("TCO objective")
    return found


def write_price_list(price_rows: Sequence[Mapping[str, str]], path: str | Path) -> Path:
    """A price-list CSV: part and price first, then the optional columns any row uses, in PRICE_LIST_COLUMNS order."""
    path = Path(path)
    header = [col for col in PRICE_LIST_COLUMNS if col in ("part", "price") or any(col in r for r in price_rows)]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(price_rows)
    return path


@st.composite
def _instances(draw: Callable) -> tuple[dict[str, Any], dict[str, Any]]:
    return _v2(_Drawn(draw))


@st.composite
def _guide_2018_instances(draw: Callable) -> tuple[dict[str, Any], dict[str, Any]]:
    rows, scenario, _, _ = _instance(_Drawn(draw))
    scenario.setdefault("rules", {})["profile"] = "guide-2018"
    return with_v1_wiring(rows), scenario


@st.composite
def _v3_instances(draw: Callable) -> tuple[dict[str, Any], dict[str, Any], list[list[dict[str, str]]]]:
    return _v3(_Drawn(draw))


def v3_catalogs_scenarios_and_price_lists() -> st.SearchStrategy:
    """Hypothesis strategy of the same (rows, scenario, price lists) triples as v3_instance()."""
    return _v3_instances()


def catalogs_and_scenarios() -> st.SearchStrategy:
    """Hypothesis strategy of the same (rows, scenario) pairs as random_instance()."""
    return _instances()


def guide_2018_catalogs_and_scenarios() -> st.SearchStrategy:
    """Hypothesis strategy of the same (rows, scenario) pairs as guide_2018_instance()."""
    return _guide_2018_instances()


def write_catalog(rows: Mapping[str, Any], directory: str | Path) -> Path:
    """Write one CSV per file stem: the spec's columns first, then any extra column the rows carry; scaling.csv
    and power_limits.csv only when the rows have that table (not None)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for stem, columns in {**COLUMNS, **TABLE_COLUMNS}.items():
        if rows.get(stem) is None:
            continue
        header = list(columns)
        for row in rows[stem]:
            header += [col for col in row if col not in header]
        with open(directory / f"{stem}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows[stem])
    return directory


def _toml_key(key: str) -> str:
    # Digit-only keys (scaling's "1".."8") are quoted as in the spec, though TOML would read them bare too.
    return key if re.fullmatch(r"[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*", key) else json.dumps(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # repr of a float always has a '.' or an exponent, so TOML reads it back as a float
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date):
        return value.isoformat()  # a TOML local date
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def scenario_toml(scenario: Mapping[str, Any]) -> str:
    """TOML text of a scenario: plain keys first, then one [table] per dict value (deeper dicts inline)."""
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in scenario.items() if not isinstance(v, Mapping)]
    for table, body in scenario.items():
        if isinstance(body, Mapping):
            lines += ["", f"[{_toml_key(table)}]"] + [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in body.items()]
    return "\n".join(lines) + "\n"


def write_scenario(scenario: Mapping[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(scenario_toml(scenario), encoding="utf-8")
    return path
