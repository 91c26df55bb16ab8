"""Shared helpers for the importer tests: a small independent check that a catalog admits an n-GPU build."""

from __future__ import annotations

import csv
import math
from pathlib import Path


def read(catalog: Path, stem: str) -> list[dict[str, str]]:
    with (Path(catalog) / f"{stem}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _layout(gpu: dict, board: dict, case: dict, n: int) -> bool | None:
    """None when the cards do not fit (R7); else True when the only fitting layouts are adjacent."""
    width = float(gpu["slot_width"])
    x16, pitch, slots = int(board["x16_slots"]), int(board["slot_pitch"]), int(case["expansion_slots"])
    if n == 1:
        return False if x16 >= 1 and math.ceil(width) <= slots else None
    spaced = []
    for step in range(1, x16):
        if (n - 1) * step + 1 <= x16 and step * pitch >= width and (n - 1) * step * pitch + math.ceil(width) <= slots:
            spaced.append(step * pitch - width >= 1)
    if not spaced:
        return None
    return not any(spaced)


def find_build(catalog: Path, n: int, workload: str = "research-other-2018", gpu_filter=None) -> dict | None:
    """The first build with n GPUs that meets the spec's rules R2-R12 (defaults), or None.

    Written apart from the solver on purpose: it checks that the shipped data admits such a build at all.
    """
    f = float
    wl = {w["workload"]: w for w in read(catalog, "workloads")}[workload]
    gpus = sorted(read(catalog, "gpus"), key=lambda g: f(g["price_usd"]))
    cpus, boards, memory = read(catalog, "cpus"), read(catalog, "motherboards"), read(catalog, "memory")
    psus, cases, coolers = read(catalog, "psus"), read(catalog, "cases"), read(catalog, "coolers")
    drives = [d for d in read(catalog, "storage") if f(d["capacity_gb"]) >= 500]
    for board in boards:
        if int(board["x16_slots"]) < n:
            continue
        board_cpus = [
            c
            for c in cpus
            if c["socket"] == board["socket"]
            and int(c["pcie_lanes"]) >= 8 * n
            and int(c["threads"]) >= int(wl["threads_per_gpu"]) * n
        ]
        kits = [m for m in memory if m["memory_type"] == board["memory_type"]]
        drive = next((d for d in drives if d["interface"] == "sata" or int(board["m2_slots"]) >= 1), None)
        if not board_cpus or not kits or drive is None:
            continue
        for gpu in gpus:
            if f(gpu["memory_gb"]) < f(wl["min_gpu_memory_gb"]) or (gpu_filter and not gpu_filter(gpu)):
                continue
            kit = next(
                (
                    m
                    for m in kits
                    if int(m["modules"]) <= int(board["memory_slots"])
                    and f(gpu["memory_gb"]) <= int(m["modules"]) * f(m["module_gb"]) <= f(board["max_memory_gb"])
                ),
                None,
            )
            if kit is None:
                continue
            for case in cases:
                if board["form_factor"] not in case["motherboard_form_factors"].split(";"):
                    continue
                if f(gpu["length_mm"]) > f(case["max_gpu_length_mm"]):
                    continue
                adjacent = _layout(gpu, board, case, n)
                if adjacent is None or (adjacent and gpu["cooling"] == "open-air"):
                    continue
                for cpu in board_cpus:
                    need = 1.1 * (n * f(gpu["tdp_w"]) + f(cpu["tdp_w"]) + 100)
                    psu = next(
                        (
                            p
                            for p in psus
                            if f(p["wattage"]) >= need
                            and p["form_factor"] in case["psu_form_factors"].split(";")
                            and n * int(gpu["pcie_8pin"])
                            + 4 * max(0, n * int(gpu["pcie_16pin"]) - int(p["pcie_16pin"]))
                            <= int(p["pcie_8pin"])
                        ),
                        None,
                    )
                    if psu is None:
                        continue
                    cooler = None
                    if cpu["includes_cooler"] != "true":
                        cooler = next(
                            (
                                c
                                for c in coolers
                                if cpu["socket"] in c["sockets"].split(";")
                                and (
                                    (c["kind"] == "air" and f(c["height_mm"]) <= f(case["max_cooler_height_mm"]))
                                    or (c["kind"] == "aio" and f(c["radiator_mm"]) <= f(case["max_radiator_mm"]))
                                )
                            ),
                            None,
                        )
                        if cooler is None:
                            continue
                    return {
                        "gpu": gpu["id"],
                        "count": n,
                        "cpu": cpu["id"],
                        "motherboard": board["id"],
                        "memory": kit["id"],
                        "psu": psu["id"],
                        "case": case["id"],
                        "cooler": cooler["id"] if cooler else None,
                        "storage": drive["id"],
                        "adjacent": adjacent,
                    }
    return None
