"""A one-part-per-file catalog where every rule holds for 1 to 4 GPUs, and a solver wrapper for rule tests.

Every rule R1-R18 holds for 1 to 4 GPUs under both profiles of build model v2 (and R1-R15 under v1): the board
wires its four x16 slots to the CPU, the PSU is 80 PLUS Platinum, the drive an SSD, the card compute capability 8.9.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path

from gen import write_catalog

from solver.catalog import load_catalog
from solver.instance import bind
from solver.model import build_model
from solver.model.rules import ALL
from solver.optimize import Options, optimize
from solver.scenario import scenario_from_dict

BASE = {
    "gpu_models": [{"chipset": "Card", "perf": "1.000", "compute_capability": "8.9"}],
    "gpus": [dict(id="card", name="Blower Card 24 GB", price_usd="1000.00", chipset="Card", memory_gb=24, tdp_w=250,
                  slot_width=2, length_mm=300, cooling="blower", pcie_8pin=2, pcie_16pin=0)],
    "cpus": [dict(id="cpu", name="CPU 16C", price_usd="500.00", socket="AM5", cores=16, threads=32, tdp_w=150,
                  pcie_lanes=64, includes_cooler="false")],
    "motherboards": [dict(id="board", name="Board", price_usd="300.00", socket="AM5", form_factor="ATX",
                          memory_type="DDR5", memory_slots=2, max_memory_gb=192, x16_slots=4, slot_pitch=2, m2_slots=2,
                          gpu_slots="0:cpu:16:4;2:cpu:16:4;4:cpu:16:4;6:cpu:16:4")],
    "memory": [dict(id="kit", name="Kit 2 x 32 GB", price_usd="200.00", memory_type="DDR5", modules=2, module_gb=32)],
    "psus": [dict(id="psu", name="PSU 1600 W", price_usd="400.00", wattage=1600, form_factor="ATX", pcie_8pin=10,
                  pcie_16pin=0, efficiency="platinum")],
    "cases": [dict(id="case", name="Case", price_usd="150.00", motherboard_form_factors="ATX;EATX",
                   psu_form_factors="ATX",
                   max_gpu_length_mm=400, expansion_slots=8, max_cooler_height_mm=170, max_radiator_mm=360)],
    "coolers": [dict(id="cooler", name="Air Cooler", price_usd="50.00", sockets="AM5;LGA1700", kind="air",
                     height_mm=150, radiator_mm="")],
    "storage": [dict(id="drive", name="NVMe 1 TB", price_usd="80.00", interface="nvme", capacity_gb=1000,
                     drive_type="ssd")],
    "workloads": [dict(workload="w", min_gpu_memory_gb=8, threads_per_gpu=2, source="test", perf_column="")],
}  # fmt: skip


def rows(**changes: dict) -> dict:
    """BASE with the first row of each named file updated, e.g. rows(psus={"wattage": 1000}); a stem that is not
    a BASE file (scaling, power_limits) becomes that file's list of rows. A change of x16_slots or slot_pitch
    without gpu_slots keeps BASE's wiring: every x16 slot a CPU x16 slot, one pitch apart."""
    out = copy.deepcopy(BASE)
    for stem, change in changes.items():
        if stem not in out:
            out[stem] = copy.deepcopy(change)
            continue
        out[stem][0].update(change)
    board = out["motherboards"][0]
    if "gpu_slots" not in changes.get("motherboards", {}):
        pitch = Fraction(str(board["slot_pitch"]))
        board["gpu_slots"] = ";".join(f"{i * pitch}:cpu:16:4" for i in range(int(board["x16_slots"])))
    return out


def solve(tmp: Path, catalog_rows: dict, scenario: dict | None = None, *, rules=ALL, counts=None, objective="min_cost"):
    """Solve on a written catalog; min_cost by default, as rule tests only ask whether a build exists."""
    directory = write_catalog(catalog_rows, tmp / f"catalog{len(list(tmp.iterdir()))}")
    raw = {"workload": "w", "objective": objective, **({"min_perf": 0.001} if objective == "min_cost" else {})}
    raw.update(scenario or {})
    inst = bind(load_catalog(directory), scenario_from_dict(raw))
    ctx = build_model(inst, rules=rules, counts=counts)
    return optimize(ctx, raw["objective"], Options())
