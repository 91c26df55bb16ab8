"""Random small catalogs and scenarios for property tests of the build model."""
from __future__ import annotations

import copy
import csv
import json
import random
import re
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from hypothesis import strategies as st

# Exactly the spec's columns (section 1), in the order written; perf_llm and perf_column are the optional extras.
COLUMNS = {
    "gpu_models": ["chipset", "perf"],
    "gpus": ["id", "name", "price_usd", "chipset", "memory_gb", "tdp_w", "slot_width", "length_mm", "cooling",
             "pcie_8pin", "pcie_16pin"],
    "cpus": ["id", "name", "price_usd", "socket", "cores", "threads", "tdp_w", "pcie_lanes", "includes_cooler"],
    "motherboards": ["id", "name", "price_usd", "socket", "form_factor", "memory_type", "memory_slots",
                     "max_memory_gb", "x16_slots", "slot_pitch", "m2_slots"],
    "memory": ["id", "name", "price_usd", "memory_type", "modules", "module_gb"],
    "psus": ["id", "name", "price_usd", "wattage", "form_factor", "pcie_8pin", "pcie_16pin"],
    "cases": ["id", "name", "price_usd", "motherboard_form_factors", "psu_form_factors", "max_gpu_length_mm",
              "expansion_slots", "max_cooler_height_mm", "max_radiator_mm"],
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
        idx = self.draw(st.lists(st.integers(0, len(options) - 1), min_size=lo, max_size=min(hi, len(options)),
                                 unique=True))
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
        return {"price_usd": _money(p, 250, 2000), "chipset": chipsets[0] if i == 0 else p.pick(chipsets),
                "memory_gb": str(p.pick([24, 8, 12, 16, 48])), "tdp_w": str(25 * p.int(6, 18)),
                "slot_width": p.pick(["2", "2.5", "3", "1"]), "length_mm": str(p.int(24, 34) * 10),
                "cooling": p.pick(["open-air", "blower", "open-air", "water"]),
                "pcie_8pin": str(p.int(0, 1) if needs16 else p.int(1, 3)), "pcie_16pin": "1" if needs16 else "0"}

    def cpu(i: int) -> dict:
        cores = p.pick([16, 4, 6, 8, 12, 24, 32, 64])
        return {"price_usd": _money(p, 150, 1500), "socket": p.pick(sockets), "cores": str(cores),
                "threads": str(cores * p.pick([2, 1])), "tdp_w": str(p.pick([105, 65, 125, 170, 280])),
                "pcie_lanes": str(p.pick([64, 16, 20, 24, 16, 28, 48, 128])),
                "includes_cooler": p.pick(["false", "true", "True"])}

    def board(i: int) -> dict:
        return {"price_usd": _money(p, 100, 900), "socket": p.pick(sockets),
                "form_factor": p.pick(["ATX", "ATX", "E-ATX", "mATX"]), "memory_type": p.pick(mem_types),
                "memory_slots": str(p.pick([4, 2, 8])), "max_memory_gb": str(p.pick([128, 64, 192, 256, 512])),
                "x16_slots": str(p.pick([2, 3, 1, 2, 3, 4])),
                "slot_pitch": str(p.pick([2, 1, 2, 3])), "m2_slots": "0" if p.chance(15) else str(p.int(1, 3))}

    def memory(i: int) -> dict:
        return {"price_usd": _money(p, 30, 400), "memory_type": p.pick(mem_types),
                "modules": str(p.pick([2, 1, 4])), "module_gb": str(p.pick([16, 8, 32, 48]))}

    def psu(i: int) -> dict:
        return {"price_usd": _money(p, 60, 500),
                "wattage": str(p.pick([1000, 650, 750, 850, 1200, 1300, 1375, 1600, 2000])),
                "form_factor": p.pick(["ATX", "ATX", "SFX"]), "pcie_8pin": str(p.int(2, 8)),
                "pcie_16pin": str(p.int(0, 2))}

    def case(i: int) -> dict:
        return {"price_usd": _money(p, 50, 400),
                "motherboard_form_factors": ";".join(p.subset(BOARD_FORMS, 1, 3) if p.chance(40) else BOARD_FORMS[:2]),
                "psu_form_factors": ";".join(p.subset(PSU_FORMS, 1, 2) if p.chance(30) else PSU_FORMS),
                "max_gpu_length_mm": str(p.int(28, 40) * 10),
                "expansion_slots": str(p.pick([7, 8, 4, 5, 6, 7, 8, 9])),
                "max_cooler_height_mm": str(p.int(15, 19) * 10), "max_radiator_mm": str(p.pick([360, 240, 280, 0]))}

    def cooler(i: int) -> dict:
        air = p.chance(55)
        # The other kind's dimension is sometimes a large number: the model must ignore it.
        height = str(p.int(12, 18) * 10) if air else p.pick(["0", "52", "999"])
        radiator = p.pick(["0", "999"]) if air else str(p.pick([240, 120, 280, 360]))
        return {"price_usd": _money(p, 20, 300),
                "sockets": ";".join(p.subset(SOCKETS, 1, 3) if p.chance(40) else SOCKETS),
                "kind": "air" if air else "aio", "height_mm": height, "radiator_mm": radiator}

    def drive(i: int) -> dict:
        return {"price_usd": _money(p, 30, 400), "interface": p.pick(["nvme", "sata"]),
                "capacity_gb": str(p.pick([1000, 500, 2000, 4000, 250]))}

    rows = {"gpu_models": models}
    for stem, lo, hi, make in (("gpus", 2, 4, gpu), ("cpus", 1, 3, cpu), ("motherboards", 1, 3, board),
                               ("memory", 1, 3, memory), ("psus", 1, 3, psu), ("cases", 1, 3, case),
                               ("coolers", 1, 3, cooler), ("storage", 1, 3, drive)):
        rows[stem] = _parts(p, stem, lo, hi, make)
    planted = p.chance(60)
    multi = planted and p.chance(50)
    if planted:
        _plant(rows, multi)
    with_column = llm or p.chance(30)
    rows["workloads"] = []
    for i in range(p.int(1, 2)):
        row = {"workload": f"wl-{i}", "min_gpu_memory_gb": str(p.pick([8, 0, 12, 16])),
               "threads_per_gpu": str(p.pick([2, 4, 8])), "source": "generated"}
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
    for holder, col, value in ((case, "motherboard_form_factors", board["form_factor"]),
                               (case, "psu_form_factors", rows["psus"][0]["form_factor"]),
                               (cooler, "sockets", board["socket"])):
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
    scenario: dict[str, Any] = {"name": "random", "workload": p.pick([w["workload"] for w in rows["workloads"]]),
                                "objective": p.pick(["perf_per_dollar", "max_perf", "min_cost"])}
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
    options = {"ram_per_gpu_memory": [1.0, 0.5, 1.5, 2.0], "ram_basis": ["total", "largest"],
               "threads_per_gpu": [2, 1, 4, 8], "min_pcie_lanes_per_gpu": [8, 4, 16],
               "psu_headroom": [0.1, 0.0, 0.2, 0.25], "other_w": [100, 50, 150],
               "adjacent_open_air": ["penalize", "forbid"], "adjacent_penalty": [0.3, 0.1, 0.5, 0.25],
               "max_wall_watts": [0, 500, 700, 900, 1200], "min_storage_gb": [500, 250, 1000]}
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
TABLE_COLUMNS = {"scaling": ["profile", "product_line", "chipset", "gpus", "speedup", "basis", "source"],
                 "power_limits": ["power_class", "level_pct", "factor", "basis", "source"]}
# Every optional v2 column per file, in the order written after v1's.
V2_COLUMNS = {
    "gpu_models": ["product_line", "compute_capability", "power_class", "min_power_limit_w", "recommended_psu_w"],
    "motherboards": ["chipset", "gpu_slots"], "psus": ["efficiency", "input_voltage"], "cases": ["psu_bays"],
    "storage": ["drive_type"], "workloads": ["scaling_profile", "min_total_memory_gb"],
}  # fmt: skip
V2_RULES = ("profile", "chipset_slots", "chipset_penalty", "power_limit", "circuit", "dual_psu", "recommended_psu",
            "min_ram_gb", "ram_per_total_vram", "psu_min_efficiency", "psu_efficiency_above_w", "storage_kind",
            "min_compute_capability")


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
                    rows.append({"profile": profile, "product_line": line, "chipset": "", "gpus": str(n),
                                 "speedup": _milli(max(value, 500)), "basis": "generated", "source": "gen"})
    for model in p.subset(models, 0, 2):
        line = model.get("product_line") or "geforce"
        line = line if p.chance(80) else p.pick(LINES)  # a row of another line never applies
        for n in p.subset([1, 2, 3, 4], 1, 3):
            rows.append({"profile": p.pick(SCALING_PROFILES), "product_line": line, "chipset": model["chipset"],
                         "gpus": str(n), "speedup": _milli(p.int(700, 1000) * n), "basis": "generated",
                         "source": "gen"})
    return rows


def _power_rows(p: _Seeded) -> list[dict[str, str]]:
    rows = []
    for power_class in ("default", "ampere", "ws"):
        if p.chance(70):
            slope = p.pick([5, 10, 8, 12, 0])  # thousandths of throughput lost per percent of power
            for level in p.subset([90, 80, 70, 60], 1, 3):
                rows.append({"power_class": power_class, "level_pct": str(level),
                             "factor": _milli(1000 - (100 - level) * slope), "basis": "generated", "source": "gen"})
    return rows


def _decorate(p: _Seeded, rows: dict[str, Any], scenario: dict[str, Any], planted: bool, multi: bool) -> None:
    """Turn a v1 instance into a v2 one: optional columns and files, v2 scenario keys. When the v1 core planted a
    fitting build, keep it valid under the v2 rules most of the time, and often aim one v2 rule at it (_theme)."""
    models, boards, psus = rows["gpu_models"], rows["motherboards"], rows["psus"]
    if not planted and p.chance(50):  # more instances with a fitting build: the v2 floors make many infeasible
        planted, multi = True, p.chance(50)
        _plant(rows, multi)
    _column(p, models, "product_line", 70, lambda i: p.pick(LINES + [""]))
    has_cc = _column(p, models, "compute_capability", 75,
                     lambda i: p.pick(["8.9", "8.6", "7.5", "9.0", "12.0", "8.0", "7.0", "6.1", ""]))
    rows["power_limits"] = _power_rows(p) if p.chance(55) else None
    if rows["power_limits"] is not None:
        _column(p, models, "power_class", 85, lambda i: p.pick(["default", "ampere", "ws", "", "unlisted"]))
    _column(p, models, "min_power_limit_w", 35, lambda i: p.pick(["", "100", "150", "200", "250"]))
    _column(p, models, "recommended_psu_w", 60, lambda i: p.pick(["", "750", "850", "1000", "1200", "650"]))
    rows["scaling"] = _scaling_rows(p, models) if p.chance(45) else None
    _column(p, boards, "chipset", 30, lambda i: p.pick(["B550", "X670E", "W790", "Z790"]))
    _column(p, boards, "gpu_slots", 85, lambda i: "" if p.chance(15) else _slots(
        p, boards[i], p.pick(["x16", "x8/x8", "all-cpu", "mixed", "x8/x8"]), steady=p.chance(40)))
    has_eff = _column(p, psus, "efficiency", 90,
                      lambda i: p.pick(EFFICIENCIES + ["gold", "platinum", "gold", "titanium", ""]))
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
        "chipset_slots": (45, ["penalize", "penalize", "forbid"]), "chipset_penalty": (20, [0.15, 0.0, 0.25, 0.1]),
        "power_limit": (25, ["allow", "off"]),
        "circuit": (45, ["us_15a", "us_20a", "us_15a", "eu_16a", "uk_13a", "none"]),
        "max_wall_watts": (20, list(range(600, 2000, 100))), "dual_psu": (40, ["allow", "allow", "off"]),
        "recommended_psu": (20, ["meet", "ignore"]), "min_ram_gb": (20, [32, 0, 64, 16]),
        "ram_per_total_vram": (20, [0.5, 1.0, 0, 0.25]), "psu_min_efficiency": (20, EFFICIENCIES),
        "psu_efficiency_above_w": (15, [750, 500, 1000, 0]), "storage_kind": (15, ["any", "ssd", "nvme"]),
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
    _column(p, rows["storage"], "drive_type", 100 if wants_ssd else 70,
            lambda i: p.pick(["ssd", "ssd", "ssd", "hdd", "unknown"]))
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
            _theme(p, rows, rules, p.pick(["wall", "230v", "dual", "chipset", "power", "recommended", "chipset",
                                           "lanes"]))
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
        rows["power_limits"] = rows.get("power_limits") or _power_rows(p) or [
            {"power_class": "default", "level_pct": "80", "factor": "0.900", "basis": "generated", "source": "gen"}]
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
    return all(board.get("gpu_slots") == v1["gpu_slots"]
               or (not board.get("gpu_slots") and int(board["x16_slots"]) <= 1)
               for board, v1 in zip(rows["motherboards"], wired))


@st.composite
def _instances(draw: Callable) -> tuple[dict[str, Any], dict[str, Any]]:
    return _v2(_Drawn(draw))


@st.composite
def _guide_2018_instances(draw: Callable) -> tuple[dict[str, Any], dict[str, Any]]:
    rows, scenario, _, _ = _instance(_Drawn(draw))
    scenario.setdefault("rules", {})["profile"] = "guide-2018"
    return with_v1_wiring(rows), scenario


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
