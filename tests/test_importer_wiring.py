"""Slot wiring (contract v2 §1 `gpu_slots`): the chipset table, the split list, HEDT budgets, and the
`catalog validate` check that names what a platform cannot wire."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from solver.importer import verify_catalog
from solver.importer.platforms import PLATFORMS
from solver.importer.wiring import (
    CHIPSETS,
    HEDT,
    SOURCES,
    SPLIT_BOARDS,
    CannotWire,
    board_wiring,
    chipset_name,
    hedt_widths,
    parse_slots,
    slots_cell,
    wiring_problems,
)


def cells(wiring) -> str:
    return slots_cell(list(wiring.slots))


def test_budget_b550_board_gets_one_cpu_slot_and_chipset_x4():
    w = board_wiring("ASRock B550 Phantom Gaming 4", "AM4", "B550", 2, 3)
    assert cells(w) == "0:cpu:16:4;3:chipset:4:3" and w.basis == "chipset-table" and not w.inferred


def test_cited_split_board_gets_two_cpu_x8_slots():
    w = board_wiring("Asus ProArt B550-CREATOR", "AM4", "B550", 3, 2)
    assert cells(w) == "0:cpu:8:4;2:cpu:8:4;4:chipset:4:3" and w.basis == "split-list"


def test_split_is_never_trusted_on_a_chipset_that_does_not_split():
    # Same name as a split board, but on a chipset whose boards never split: one CPU slot.
    w = board_wiring("MSI MEG X570 UNIFY", "AM4", "B450", 2, 3)
    assert cells(w) == "0:cpu:16:3;3:chipset:1:2"


def test_b450_chipset_slots_are_x1_and_never_usable():
    assert cells(board_wiring("MSI B450 TOMAHAWK MAX II", "AM4", "B450", 2, 3)) == "0:cpu:16:3;3:chipset:1:2"


def test_a_board_claiming_more_slots_than_its_chipset_lanes_is_refused():
    reason = board_wiring("Gigabyte B550 UD AC", "AM4", "B550", 4, 2)
    assert (
        isinstance(reason, CannotWire) and "at most 3" in reason and reason.startswith("slots the platform cannot wire")
    )
    assert not isinstance(board_wiring("Gigabyte B550 AORUS PRO AC", "AM4", "B550", 3, 2), CannotWire)


def test_unknown_chipset_gets_the_conservative_wiring_flagged_inferred():
    w = board_wiring("ASRock B460M Pro4", "LGA1200", "B460", 2, 2)
    assert cells(w) == "0:cpu:16:3;2:chipset:4:3" and w.basis == "conservative" and w.inferred


def test_x299_slots_are_gen3_and_budgeted_from_cpu_lanes():
    w = board_wiring("Asus WS X299 SAGE/10G", "LGA2066", "X299", 4, 2)
    assert cells(w) == "0:cpu:16:3;2:cpu:8:3;4:cpu:16:3;6:cpu:8:3" and w.inferred and w.basis == "platform-lanes"
    assert cells(board_wiring("Asus Prime X299-A II", "LGA2066", "X299", 3, 2)) == "0:cpu:16:3;2:cpu:16:3;4:cpu:16:3"


def test_hedt_widths():
    assert hedt_widths(4, 128) == [16, 16, 16, 16]
    assert hedt_widths(4, 56) == [16, 8, 16, 8]
    assert hedt_widths(5, 48) == [8] * 5
    assert hedt_widths(7, 48) is None
    assert isinstance(board_wiring("X", "LGA2066", "X299", 7, 1), CannotWire)


def test_hedt_budgets_of_older_sockets_equal_the_lanes_table():
    for row in HEDT.values():
        rows = [p.pcie_lanes for p in PLATFORMS if p.socket == row.socket]
        if row.chipset in ("X299", "X399", "TRX40"):
            assert row.lanes == max(rows)


def test_chipset_name():
    assert chipset_name("AMD B550") == "B550" and chipset_name("Intel Z790") == "Z790" and chipset_name("") == ""


def test_every_split_board_is_on_a_board_dependent_chipset_and_every_source_is_documented():
    docs = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    used = {key for row in CHIPSETS.values() for key in row.sources} | set(SPLIT_BOARDS.values())
    used |= {key for row in HEDT.values() for key in row.sources}
    assert used <= set(SOURCES)
    for key in SOURCES:
        assert f"`{key}`" in docs and SOURCES[key] in docs, key
    for chipset in CHIPSETS:
        assert re.search(rf"^\| {chipset} \|", docs, re.MULTILINE), chipset
    for name in SPLIT_BOARDS:
        chip = re.search(r"\b([abxz]\d{3}e?)\b", name).group(1).upper()
        assert CHIPSETS[chip].split == "board", name


@pytest.mark.parametrize(
    "text,message",
    [
        ("0:cpu:16", "POS:ATTACH:LANES:GEN"),
        ("0:gpu:16:4", "cpu or chipset"),
        ("0:cpu:12:4", "1, 2, 4, 8, 16"),
        ("0:cpu:16:6", "1-5"),
        ("1:cpu:16:4", "start at 0"),
        ("0:cpu:16:4;0:chipset:4:3", "increase strictly"),
    ],
)
def test_parse_slots_refuses_malformed_cells(text, message):
    with pytest.raises(ValueError, match=message):
        parse_slots(text)


def test_parse_slots_round_trip():
    text = "0:cpu:8:4;3:cpu:8:4;6:chipset:4:3"
    assert slots_cell(parse_slots(text)) == text


@pytest.mark.parametrize(
    "socket,chipset,text,fragment",
    [
        ("AM4", "B550", "0:cpu:16:4;3:cpu:16:4", "more than AM4 CPUs have"),
        ("AM4", "B450", "0:cpu:8:3;3:cpu:8:3", "never split"),
        ("LGA2066", "X299", "0:cpu:16:4;2:cpu:16:3", "PCIe 4.0 on X299"),
        ("sTRX4", "TRX40", "0:cpu:16:4;2:cpu:16:4;4:cpu:16:4;6:cpu:16:4", "more than TRX40 boards have"),
        ("AM5", "X670E", "0:cpu:8:5;2:cpu:4:5;4:cpu:4:5", "at most x8/x8"),
    ],
)
def test_wiring_problems_name_what_the_platform_cannot_wire(socket, chipset, text, fragment):
    assert any(fragment in p for p in wiring_problems(socket, chipset, parse_slots(text)))


def test_wiring_problems_accept_real_layouts():
    assert wiring_problems("AM4", "X570", parse_slots("0:cpu:8:4;3:cpu:8:4;6:chipset:4:4")) == []
    assert wiring_problems("LGA2066", "X299", parse_slots("0:cpu:16:3;2:cpu:8:3;4:cpu:16:3;6:cpu:8:3")) == []


def _slot_problems(catalog: Path) -> list[str]:
    # The mini catalog is a solver fixture without the importer's provenance columns: keep the slot problems.
    return [p for p in verify_catalog(catalog) if "column gpu_slots" in p]


def _catalog_with_board_cells(tmp_path: Path, edits: dict[str, str]) -> Path:
    out = tmp_path / "cat"
    shutil.copytree(MINI, out)
    path = out / "motherboards.csv"
    # The fixture lists its slots in the last column: replace it with the cells under test.
    lines = [line.rsplit(",", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    header = lines[0] + ",chipset,gpu_slots"
    body = [line + "," + edits.get(line.split(",")[0], ",") for line in lines[1:]]
    path.write_text("\n".join([header] + body) + "\n", encoding="utf-8")
    return out


def test_validate_names_each_board_the_platform_cannot_wire(tmp_path):
    out = _catalog_with_board_cells(
        tmp_path,
        {
            "x670e-proart": "A620,0:cpu:8:5;3:cpu:8:5",  # a CPU split on a chipset that never splits
            "trx40-pro": "TRX40,0:cpu:16:4;2:cpu:16:4;4:cpu:16:4;6:cpu:16:4",  # 64 lanes on a 56-lane platform
            "b650m": "B650,0:cpu:16:5",  # sound
        },
    )
    problems = _slot_problems(out)
    assert len(problems) == 2, problems
    assert problems[0].startswith("motherboards.csv line 3, column gpu_slots") and "never split" in problems[0]
    assert problems[1].startswith("motherboards.csv line 4, column gpu_slots") and "TRX40" in problems[1]


def test_validate_names_malformed_and_miscounted_cells(tmp_path):
    # The loader refuses both cells before the importer's own checks run; validate reports its problems as they are.
    out = _catalog_with_board_cells(tmp_path, {"x670e-proart": "X670E,0:cpu:16:5", "b650m": "B650,0:cpu:16"})
    problems = _slot_problems(out)
    assert len(problems) == 2, problems
    assert any("line 2" in p and "POS:ATTACH:LANES:GEN" in p for p in problems)
    assert any("line 3" in p and "1 slots listed but x16_slots is 2" in p for p in problems)


def test_validate_skips_catalogs_without_the_column():
    assert _slot_problems(MINI) == []
