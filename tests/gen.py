"""Random small catalogs and scenarios for property tests of the build model."""
from __future__ import annotations

import csv
import json
import random
import re
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


def _catalog(p: _Seeded) -> dict[str, list[dict[str, str]]]:
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
    if p.chance(60):
        _plant(rows, multi=p.chance(50))
    with_column = llm or p.chance(30)
    rows["workloads"] = []
    for i in range(p.int(1, 2)):
        row = {"workload": f"wl-{i}", "min_gpu_memory_gb": str(p.pick([8, 0, 12, 16])),
               "threads_per_gpu": str(p.pick([2, 4, 8])), "source": "generated"}
        if with_column:
            row["perf_column"] = p.pick(["", "perf", "perf_llm"] if llm else ["", "perf"])
        rows["workloads"].append(row)
    return rows


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


def _instance(p: _Seeded) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    rows = _catalog(p)
    return rows, _scenario(p, rows)


def random_instance(seed: int) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    """(rows per file stem as lists of {column: cell text}, scenario dict as tomllib would return it)."""
    return _instance(_Seeded(random.Random(seed)))


@st.composite
def _instances(draw: Callable) -> tuple[dict[str, list[dict[str, str]]], dict[str, Any]]:
    return _instance(_Drawn(draw))


def catalogs_and_scenarios() -> st.SearchStrategy:
    """Hypothesis strategy of the same (rows, scenario) pairs as random_instance()."""
    return _instances()


def write_catalog(rows: Mapping[str, list[Mapping[str, Any]]], directory: str | Path) -> Path:
    """Write one CSV per file stem: the spec's columns first, then any extra column the rows carry."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for stem, columns in COLUMNS.items():
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
