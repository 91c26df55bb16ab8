"""Caches keyed on what a result depends on: two inputs that differ only in one part of the key must get
different answers, so that a key missing that part fails here."""

from __future__ import annotations

import micro
from gen import write_catalog

from solver.catalog import Part, load_catalog
from solver.instance import bind
from solver.layout import choose_layout, usable_slots
from solver.scenario import Rules, scenario_from_dict
from solver.slots import Slot
from solver.validate import layout_of

WIRING = (Slot(0, "cpu", 16, 4), Slot(2, "cpu", 8, 4), Slot(4, "chipset", 4, 3))


def _board(wiring: tuple[Slot, ...] = WIRING, board_id: str = "b") -> Part:
    return Part("motherboards", board_id, "Board", 100, {"gpu_slots": wiring}, 2)


def test_usable_slots_follow_the_lanes_a_gpu_needs():
    board = _board()
    assert usable_slots(Rules(min_pcie_lanes_per_gpu=8), board) == ((0, False), (2, False))
    assert usable_slots(Rules(min_pcie_lanes_per_gpu=16), board) == ((0, False),)
    assert usable_slots(Rules(min_pcie_lanes_per_gpu=8), board) == ((0, False), (2, False))


def test_usable_slots_follow_whether_chipset_slots_count():
    board = _board()
    assert usable_slots(Rules(chipset_slots="forbid"), board) == ((0, False), (2, False))
    assert usable_slots(Rules(chipset_slots="penalize"), board) == ((0, False), (2, False), (4, True))


def test_usable_slots_follow_the_wiring_not_the_board_id():
    rules = Rules()
    assert usable_slots(rules, _board()) == ((0, False), (2, False))
    assert usable_slots(rules, _board((Slot(0, "cpu", 4, 4), Slot(3, "cpu", 16, 4)))) == ((3, False),)


def _instance(tmp_path, **changes):
    catalog = load_catalog(write_catalog(micro.rows(**changes), tmp_path / "catalog"))
    return bind(catalog, scenario_from_dict({"workload": "w", "objective": "max_perf"}))


def _part(stem: str, part: Part, **attrs) -> Part:
    return Part(stem, part.id + "-twin", part.name, part.price_cents, {**part.attrs, **attrs}, part.line)


def test_one_instance_lays_out_parts_that_differ_in_one_thing_apart(tmp_path):
    """layout_of keeps each layout per instance by what it reads: a twin part that differs in one thing only
    gets its own layout, as choose_layout computes it."""
    inst = _instance(tmp_path, gpus={"cooling": "open-air"}, cases={"expansion_slots": 4})
    gpu, board, case = (inst.catalog.parts[stem][0] for stem in ("gpus", "motherboards", "cases"))
    twins = [
        (_part("gpus", gpu, cooling="blower"), board, case),  # R8: adjacent blower cards pass
        (_part("gpus", gpu, slot_width=3), board, case),  # wider: no placement of 2 in 4 slots
        (gpu, _part("motherboards", board, wiring_inferred=True), case),
        (gpu, _part("motherboards", board, gpu_slots=(Slot(0, "cpu", 16, 5), Slot(2, "cpu", 16, 5))), case),
        (gpu, board, _part("cases", case, expansion_slots=8)),  # room to space the cards
    ]
    first = layout_of(inst, gpu, 2, board, case)
    assert layout_of(inst, gpu, 1, board, case) != first
    for g, b, k in twins:
        assert layout_of(inst, g, 2, b, k) == choose_layout(inst.rules, g, 2, b, k) != first
    assert layout_of(inst, gpu, 2, board, case) is first
