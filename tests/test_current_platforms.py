"""Four GPUs at x16 each (scenarios/lab-4gpu-x16.toml) solve to a current many-lane platform from the shipped
catalog: a WRX90 board and a Threadripper PRO whose prices come from the dated supplement (issue 11, item 1)."""

import csv
from dataclasses import replace

import pytest
from conftest import CATALOGS, SCENARIOS

from solver.instance import bind
from solver.model import build_model
from solver.optimize import Options, optimize
from solver.scenario import load_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIOS / "lab-4gpu-x16.toml")


def _solve(catalog, scenario):
    return optimize(build_model(bind(catalog, scenario)), scenario.objective, Options())


def _kinds(stem: str) -> dict[str, str]:
    with (CATALOGS / f"{stem}.csv").open(newline="", encoding="utf-8") as handle:
        return {row["id"]: row["price_kind"] for row in csv.DictReader(handle)}


def test_four_gpus_at_x16_each_solve_to_a_current_platform(shipped_catalog, scenario):
    assert scenario.rules.min_pcie_lanes_per_gpu == 16 and scenario.gpu_counts == (4,)
    result = _solve(shipped_catalog, scenario)
    assert result.status == "optimal"
    build = result.build
    assert build.gpu.count == 4 and len(build.layout.slots) == 4
    assert all(s.attach == "cpu" and s.lanes >= 16 for s in build.layout.slots)
    board, cpu = build.motherboard.part, build.cpu.part
    assert (board["socket"], board["chipset"], board["memory_type"]) == ("sTR5", "WRX90", "DDR5 RDIMM")
    assert cpu["socket"] == "sTR5" and cpu["pcie_lanes"] >= 64
    assert build.memory.part["memory_type"] == "DDR5 RDIMM"
    # The platform's prices are the supplement's, flagged by their kind; the snapshot priced none of it.
    assert _kinds("motherboards")[board.id] == "listing"
    assert _kinds("cpus")[cpu.id] in ("list", "listing")
    assert build.cooler is not None and _kinds("coolers")[build.cooler.part.id] == "listing"


def test_without_the_supplement_boards_no_build_has_four_x16_slots(shipped_catalog, scenario):
    """The older many-lane boards (X299, X399, TRX40) wire x16/x8/x16/x8 at best: the WRX90 board is what makes
    the scenario feasible."""
    boards = tuple(p for p in shipped_catalog.parts["motherboards"] if p["socket"] != "sTR5")
    assert len(boards) < len(shipped_catalog.parts["motherboards"])
    result = _solve(
        replace(shipped_catalog, parts={**shipped_catalog.parts, "motherboards": boards}, _index={}), scenario
    )
    assert result.status == "infeasible" and result.build is None
