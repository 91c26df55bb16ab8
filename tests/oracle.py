"""Brute-force reference of the build model: enumerates every valid build of a small catalog, exactly."""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

PART_FILES = ("gpus", "cpus", "motherboards", "memory", "psus", "cases", "coolers", "storage")
FILES = ("gpu_models", *PART_FILES, "workloads")
RULES = tuple(f"R{i}" for i in range(1, 16))
OBJECTIVES = ("perf_per_dollar", "max_perf", "min_cost")
# Not rules but reported by check(): a malformed build (section 2) and a GPU without a perf value (section 1).
STRUCTURE, UNRATED = "build", "unrated"

# Column types per file (section 1); every other column is kept as stripped text.
NUMBERS = {
    "gpus": ("memory_gb", "tdp_w", "slot_width", "length_mm", "pcie_8pin", "pcie_16pin"),
    "cpus": ("cores", "threads", "tdp_w", "pcie_lanes"),
    "motherboards": ("memory_slots", "max_memory_gb", "x16_slots", "slot_pitch", "m2_slots"),
    "memory": ("modules", "module_gb"),
    "psus": ("wattage", "pcie_8pin", "pcie_16pin"),
    "cases": ("max_gpu_length_mm", "expansion_slots", "max_cooler_height_mm", "max_radiator_mm"),
    "coolers": ("height_mm", "radiator_mm"),
    "storage": ("capacity_gb",),
    "workloads": ("min_gpu_memory_gb", "threads_per_gpu"),
}
LISTS = {"cases": ("motherboard_form_factors", "psu_form_factors"), "coolers": ("sockets",)}
BOOLS = {"cpus": ("includes_cooler",)}
ENUMS = {"gpus": ("cooling",), "coolers": ("kind",), "storage": ("interface",)}

DEFAULT_SCALING = {1: "1.0", 2: "1.87", 3: "2.78", 4: "3.66", 5: "4.5", 6: "5.35", 7: "6.2", 8: "7.06"}
DEFAULT_RULES = {
    "ram_per_gpu_memory": "1.0", "ram_basis": "largest", "min_pcie_lanes_per_gpu": "8", "psu_headroom": "0.10",
    "other_w": "100", "adjacent_open_air": "forbid", "adjacent_penalty": "0.30", "max_wall_watts": "0",
    "min_storage_gb": "500",
}
SCENARIO_KEYS = {
    "": {"name", "catalog", "workload", "objective", "budget_usd", "min_perf", "gpu", "rules", "parts", "variants"},
    "gpu": {"counts", "min_memory_gb"},
    "rules": {*DEFAULT_RULES, "threads_per_gpu", "scaling"},
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


def _parse_row(stem: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {key: _text(value) for key, value in raw.items()}
    for col in NUMBERS.get(stem, ()):
        row[col] = num(row[col]) if row.get(col, "") != "" else None
    for col in LISTS.get(stem, ()):
        row[col] = tuple(item.strip() for item in row[col].split(";") if item.strip())
    for col in BOOLS.get(stem, ()):
        row[col] = row[col].lower() == "true"
    for col in ENUMS.get(stem, ()):
        row[col] = row[col].lower()
    if stem in PART_FILES:
        cents = num(row["price_usd"]) * 100
        if cents.denominator != 1:
            raise ValueError(f"{stem}: price of {row['id']} has more than 2 decimals")
        row["price_cents"] = int(cents)
    return row


def catalog_from_rows(rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Catalog from rows per file stem: {stem: {key: parsed row}}, keyed by id, chipset or workload."""
    key_of = {"gpu_models": "chipset", "workloads": "workload"}
    catalog: dict[str, dict[str, dict[str, Any]]] = {}
    for stem in FILES:
        catalog[stem] = {}
        for raw in rows[stem]:
            row = _parse_row(stem, raw)
            catalog[stem][row[key_of.get(stem, "id")]] = row
    return catalog


def load_catalog(path: str | Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Read the ten CSV files of a catalog directory (assumed valid) into catalog_from_rows' shape."""
    rows = {}
    for stem in FILES:
        with open(Path(path) / f"{stem}.csv", newline="", encoding="utf-8") as handle:
            rows[stem] = list(csv.DictReader(handle))
    return catalog_from_rows(rows)


@dataclass(frozen=True)
class Settings:
    """A scenario with the spec's defaults applied (section 7); all numbers exact."""

    workload: str
    objective: str
    counts: tuple[int, ...]
    scaling: dict[int, Fraction]
    min_gpu_memory_gb: Fraction
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
    budget_cents: Fraction | None
    min_perf: Fraction | None
    exclude: frozenset[tuple[str, str]]
    require: frozenset[tuple[str, str]]


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
    raw_scaling = rules.get("scaling", DEFAULT_SCALING)
    scaling = {int(key): num(value) for key, value in raw_scaling.items()}
    counts = tuple(sorted({int(n) for n in gpu.get("counts", (1, 2, 3, 4))}))
    if any(n < 1 or n > 8 or n not in scaling for n in counts):
        raise ValueError(f"GPU counts must be 1..8, each with a scaling entry: {counts}")
    value = {key: rules.get(key, default) for key, default in DEFAULT_RULES.items()}
    if value["ram_basis"] not in ("largest", "total") or value["adjacent_open_air"] not in ("forbid", "penalize"):
        raise ValueError("ram_basis must be largest|total and adjacent_open_air forbid|penalize")
    objective = scenario.get("objective", "perf_per_dollar")
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}")
    # R9: the workload row gives threads_per_gpu; the scenario overrides; 2 when the cell is empty.
    threads = rules.get("threads_per_gpu", workload["threads_per_gpu"])
    return Settings(
        workload=scenario["workload"],
        objective=objective,
        counts=counts,
        scaling=scaling,
        min_gpu_memory_gb=num(gpu.get("min_memory_gb", workload["min_gpu_memory_gb"] or 0)),
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
        budget_cents=num(scenario["budget_usd"]) * 100 if "budget_usd" in scenario else None,
        min_perf=num(scenario["min_perf"]) if "min_perf" in scenario else None,
        exclude=frozenset(_reference(catalog, ref) for ref in parts.get("exclude", ())),
        require=frozenset(_reference(catalog, ref) for ref in parts.get("require", ())),
    )


def gpu_perf(catalog: Mapping, s: Settings, gpu: Mapping) -> Fraction | None:
    """Per-card perf in the workload's column, or None when the GPU is unrated (never chosen)."""
    model = catalog["gpu_models"].get(gpu["chipset"])
    cell = model.get(s.perf_column, "") if model else ""
    return num(cell) if cell else None


class Build(NamedTuple):
    """One concrete build; cost in integer cents, performance exact; steps = valid R7 steps (empty when n = 1)."""

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
    cost_cents: int
    performance: Fraction
    adjacent: bool
    steps: tuple[int, ...]

    @property
    def parts(self) -> tuple:
        return self[:10]


# ---- rules: each returns True when the rule holds; shared by check() and valid_builds() ----

def r2(s: Settings, gpu) -> bool:
    return gpu["memory_gb"] >= s.min_gpu_memory_gb


def r3(s: Settings, gpu, n: int, mem, k: int) -> bool:
    basis = n if s.ram_basis == "total" else 1
    return k * mem["modules"] * mem["module_gb"] >= s.ram_per_gpu_memory * gpu["memory_gb"] * basis


def r4_board(cpu, board) -> bool:
    return cpu["socket"] == board["socket"]


def r4_cooler(cpu, cooler) -> bool:
    return cooler is None or cpu["socket"] in cooler["sockets"]


def r5(board, mem, k: int) -> bool:
    return (mem["memory_type"] == board["memory_type"] and k * mem["modules"] <= board["memory_slots"]
            and k * mem["modules"] * mem["module_gb"] <= board["max_memory_gb"])


def r6_board_gpu(case, board, gpu) -> bool:
    return board["form_factor"] in case["motherboard_form_factors"] and gpu["length_mm"] <= case["max_gpu_length_mm"]


def r6_psu(case, psu) -> bool:
    return psu["form_factor"] in case["psu_form_factors"]


def r6_cooler(case, cooler) -> bool:
    # Only the dimension of the cooler's own kind matters: height for air, radiator for aio.
    if cooler is None:
        return True
    if cooler["kind"] == "air":
        return cooler["height_mm"] <= case["max_cooler_height_mm"]
    return cooler["radiator_mm"] <= case["max_radiator_mm"]


def layout(gpu, n: int, board, case) -> tuple[bool, tuple[int, ...], bool]:
    """R7: (fits, valid steps, adjacent). n = 1 has no step and is never adjacent; with no valid step, adjacent."""
    width, pitch, slots, x16 = gpu["slot_width"], board["slot_pitch"], case["expansion_slots"], board["x16_slots"]
    if n == 1:
        return x16 >= 1 and math.ceil(width) <= slots, (), False
    steps, spaced = [], False
    s = 1
    while (n - 1) * s + 1 <= x16:
        if s * pitch >= width and (n - 1) * s * pitch + math.ceil(width) <= slots:
            steps.append(s)
            spaced = spaced or s * pitch - width >= 1
        s += 1
    return bool(steps), tuple(steps), not spaced


def r8(s: Settings, gpu, adjacent: bool) -> bool:
    # Only "forbid" refuses open-air cards side by side; "penalize" lowers performance instead.
    return not (adjacent and s.adjacent_open_air == "forbid" and gpu["cooling"] == "open-air")


def performance(s: Settings, perf: Fraction, gpu, n: int, adjacent: bool) -> Fraction:
    penalized = adjacent and s.adjacent_open_air == "penalize" and gpu["cooling"] == "open-air"
    return perf * s.scaling[n] * (1 - s.adjacent_penalty if penalized else 1)


def r9(s: Settings, cpu, n: int) -> bool:
    return cpu["threads"] >= s.threads_per_gpu * n and cpu["pcie_lanes"] >= s.min_pcie_lanes_per_gpu * n


def _load_w(s: Settings, gpu, n: int, cpu) -> Fraction:
    return n * gpu["tdp_w"] + cpu["tdp_w"] + s.other_w


def r10(s: Settings, gpu, n: int, cpu, psu) -> bool:
    return psu["wattage"] >= (1 + s.psu_headroom) * _load_w(s, gpu, n, cpu)


def r11(gpu, n: int, psu) -> bool:
    # A missing 16-pin connector is fed by four 8-pin leads.
    need8, need16 = n * gpu["pcie_8pin"], n * gpu["pcie_16pin"]
    return need8 + 4 * max(0, need16 - psu["pcie_16pin"]) <= psu["pcie_8pin"]


def r12(s: Settings, board, storage) -> bool:
    nvme_ok = storage["interface"] != "nvme" or board["m2_slots"] >= 1
    return storage["capacity_gb"] >= s.min_storage_gb and nvme_ok


def r13(s: Settings, gpu, n: int, cpu) -> bool:
    return s.max_wall_watts <= 0 or _load_w(s, gpu, n, cpu) <= s.max_wall_watts


def r14(s: Settings, cost_cents: int) -> bool:
    return s.budget_cents is None or cost_cents <= s.budget_cents


def r15(s: Settings, chosen: Mapping[str, str | None]) -> bool:
    if any(chosen[stem] == part_id for stem, part_id in s.exclude):
        return False
    return all(chosen[stem] == part_id for stem, part_id in s.require)


# ---- one build ----

_FIELDS = {"gpus": "gpu", "cpus": "cpu", "motherboards": "board", "memory": "memory", "psus": "psu",
           "cases": "case", "coolers": "cooler", "storage": "storage"}


def _ids(build: Build | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(build, Build):
        return build._asdict()
    ids = dict(build)
    ids.setdefault("board", ids.get("motherboard"))
    ids.setdefault("cooler", None)
    return ids


def ids_from_json(build: Mapping[str, Any]) -> dict[str, Any]:
    """check()'s ids from the `build` object of `solve --format json` (section 6: {"id", ...} per part, counts)."""
    ids = {field: build["motherboard" if field == "board" else field]["id"]
           for field in _FIELDS.values() if field != "cooler"}
    ids["cooler"] = build["cooler"]["id"] if build.get("cooler") else None
    return {**ids, "n": build["gpu"]["count"], "k": build["memory"]["count"]}


def cost_cents(catalog: Mapping, build: Build | Mapping[str, Any]) -> int:
    """Section 2: n GPUs, k memory kits, one of everything else, cooler 0 when left out."""
    b = _ids(build)
    total = b["n"] * catalog["gpus"][b["gpu"]]["price_cents"] + b["k"] * catalog["memory"][b["memory"]]["price_cents"]
    for stem in ("cpus", "motherboards", "psus", "cases", "storage"):
        total += catalog[stem][b[_FIELDS[stem]]]["price_cents"]
    return total + (catalog["coolers"][b["cooler"]]["price_cents"] if b["cooler"] is not None else 0)


def check(catalog: Mapping, scenario: Scenario, build: Build | Mapping[str, Any]) -> list[str]:
    """Rule ids a concrete build breaks (empty = valid); also "build" or "unrated" for a build outside section 2.

    `build` is a Build or a mapping with keys gpu, n, cpu, board (or motherboard), memory, k, psu, case,
    cooler (None = left out) and storage; its cost and performance fields, if any, are ignored.
    """
    s, b = settings(catalog, scenario), _ids(build)
    try:
        gpu, cpu, board = catalog["gpus"][b["gpu"]], catalog["cpus"][b["cpu"]], catalog["motherboards"][b["board"]]
        mem, psu, case = catalog["memory"][b["memory"]], catalog["psus"][b["psu"]], catalog["cases"][b["case"]]
        storage = catalog["storage"][b["storage"]]
        cooler = catalog["coolers"][b["cooler"]] if b["cooler"] is not None else None
    except KeyError:
        return [STRUCTURE]
    n, k = b["n"], b["k"]
    if n < 1 or k < 1 or (cooler is None and not cpu["includes_cooler"]):
        return [STRUCTURE]
    failed = [] if gpu_perf(catalog, s, gpu) is not None else [UNRATED]
    fits, _, adjacent = layout(gpu, n, board, case)
    holds = {
        "R1": n in s.counts,
        "R2": r2(s, gpu),
        "R3": r3(s, gpu, n, mem, k),
        "R4": r4_board(cpu, board) and r4_cooler(cpu, cooler),
        "R5": r5(board, mem, k),
        "R6": r6_board_gpu(case, board, gpu) and r6_psu(case, psu) and r6_cooler(case, cooler),
        "R7": fits,
        "R8": r8(s, gpu, adjacent),
        "R9": r9(s, cpu, n),
        "R10": r10(s, gpu, n, cpu, psu),
        "R11": r11(gpu, n, psu),
        "R12": r12(s, board, storage),
        "R13": r13(s, gpu, n, cpu),
        "R14": r14(s, cost_cents(catalog, b)),
        "R15": r15(s, {stem: b[field] for stem, field in _FIELDS.items()}),
    }
    return failed + [rule for rule in RULES if not holds[rule]]


def make_build(catalog: Mapping, scenario: Scenario, **ids: Any) -> Build:
    """Complete a build (cost, performance, layout) from its ids, as check() takes them; nothing is checked."""
    s, b = settings(catalog, scenario), _ids(ids)
    gpu = catalog["gpus"][b["gpu"]]
    _, steps, adjacent = layout(gpu, b["n"], catalog["motherboards"][b["board"]], catalog["cases"][b["case"]])
    perf = gpu_perf(catalog, s, gpu)
    value = performance(s, perf, gpu, b["n"], adjacent) if perf is not None and b["n"] in s.scaling else Fraction(0)
    return Build(b["gpu"], b["n"], b["cpu"], b["board"], b["memory"], b["k"], b["psu"], b["case"], b["cooler"],
                 b["storage"], cost_cents(catalog, b), value, adjacent, steps)


# ---- every valid build ----

def _candidates(catalog: Mapping, s: Settings, filters: bool) -> dict[str, list]:
    """Parts per file; with R15 on, excluded parts go and a file with a required part keeps only that part."""
    out = {}
    for stem in PART_FILES:
        rows = list(catalog[stem].values())
        if filters:
            required = {part_id for ref_stem, part_id in s.require if ref_stem == stem}
            rows = [row for row in rows
                    if (stem, row["id"]) not in s.exclude and all(row["id"] == part_id for part_id in required)]
        out[stem] = rows
    return out


def valid_builds(catalog: Mapping, scenario: Scenario, skip: Iterable[str] = ()) -> Iterator[Build]:
    """Every build that passes every rule not in `skip` (rule ids like "R14").

    The domain is: rated GPUs, n in the allowed counts (every count with a scaling entry when R1 is skipped),
    k from 1 to the largest memory_slots in the catalog, a cooler or none when the CPU includes one.
    """
    s, skip = settings(catalog, scenario), frozenset(skip)
    if skip - set(RULES):
        raise ValueError(f"unknown rule ids to skip: {sorted(skip - set(RULES))}")
    on = {rule: rule not in skip for rule in RULES}
    cand = _candidates(catalog, s, on["R15"])
    cooler_required = on["R15"] and any(stem == "coolers" for stem, _ in s.require)
    budget = s.budget_cents if on["R14"] else None
    counts = s.counts if on["R1"] else tuple(sorted(s.scaling))
    kmax = int(max((b["memory_slots"] for b in catalog["motherboards"].values()), default=0))
    kits = {  # R5 per board, independent of the GPUs
        board["id"]: [(mem, k) for mem in cand["memory"] for k in range(1, kmax + 1)
                      if not on["R5"] or r5(board, mem, k)]
        for board in cand["motherboards"]
    }
    drives = {  # R12 per board, cheapest first so the budget can cut the loop short
        board["id"]: sorted((d for d in cand["storage"] if not on["R12"] or r12(s, board, d)),
                            key=lambda d: d["price_cents"])
        for board in cand["motherboards"]
    }
    for gpu in cand["gpus"]:
        perf = gpu_perf(catalog, s, gpu)
        if perf is None or (on["R2"] and not r2(s, gpu)):
            continue
        for n in counts:
            yield from _with_gpus(s, on, cand, kits, drives, budget, cooler_required, gpu, perf, n)


def _with_gpus(s, on, cand, kits, drives, budget, cooler_required, gpu, perf: Fraction, n: int) -> Iterator[Build]:
    gpu_cost = n * gpu["price_cents"]
    for board in cand["motherboards"]:
        mems = sorted(((k * mem["price_cents"], mem, k) for mem, k in kits[board["id"]]
                       if not on["R3"] or r3(s, gpu, n, mem, k)), key=lambda t: t[0])
        stos = drives[board["id"]]
        if not mems or not stos:
            continue
        cheapest_rest = mems[0][0] + stos[0]["price_cents"]
        for cpu in cand["cpus"]:
            if (on["R4"] and not r4_board(cpu, board)) or (on["R9"] and not r9(s, cpu, n)) \
                    or (on["R13"] and not r13(s, gpu, n, cpu)):
                continue
            coolers = [c for c in cand["coolers"] if not on["R4"] or r4_cooler(cpu, c)]
            if cpu["includes_cooler"] and not cooler_required:
                coolers.append(None)
            for case in cand["cases"]:
                if on["R6"] and not r6_board_gpu(case, board, gpu):
                    continue
                fits, steps, adjacent = layout(gpu, n, board, case)
                if (on["R7"] and not fits) or (on["R8"] and not r8(s, gpu, adjacent)):
                    continue
                value = performance(s, perf, gpu, n, adjacent)
                for psu in cand["psus"]:
                    if (on["R6"] and not r6_psu(case, psu)) or (on["R10"] and not r10(s, gpu, n, cpu, psu)) \
                            or (on["R11"] and not r11(gpu, n, psu)):
                        continue
                    for cooler in coolers:
                        if on["R6"] and not r6_cooler(case, cooler):
                            continue
                        base = (gpu_cost + cpu["price_cents"] + board["price_cents"] + psu["price_cents"]
                                + case["price_cents"] + (cooler["price_cents"] if cooler else 0))
                        if budget is not None and base + cheapest_rest > budget:
                            continue
                        for mem_cost, mem, k in mems:
                            if budget is not None and base + mem_cost + stos[0]["price_cents"] > budget:
                                break
                            for drive in stos:
                                cost = base + mem_cost + drive["price_cents"]
                                if budget is not None and cost > budget:
                                    break
                                yield Build(gpu["id"], n, cpu["id"], board["id"], mem["id"], k, psu["id"],
                                            case["id"], cooler["id"] if cooler else None, drive["id"], cost,
                                            value, adjacent, steps)


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
    for build in valid_builds(catalog, scenario):
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
