"""A board's x16-length slots as wired (build model v2, motherboards.csv `gpu_slots`): position, attachment, lanes
and PCIe generation; the cell's parser and the conservative wiring of a board whose row lists none."""

from __future__ import annotations

import itertools
from typing import NamedTuple

#: Electrical widths a slot may have.
LANE_WIDTHS = (1, 2, 4, 8, 16)


class Slot(NamedTuple):
    """One x16-length slot: its position in expansion slots from the top x16-length slot, what it hangs off (cpu
    or chipset), its electrical lanes (a CPU slot's lanes when every CPU slot is populated) and PCIe generation."""

    position: int
    attach: str
    lanes: int
    gen: int

    def cell(self) -> str:
        """The slot as a gpu_slots item, POS:ATTACH:LANES:GEN."""
        return f"{self.position}:{self.attach}:{self.lanes}:{self.gen}"


def derived_slots(x16_slots: int, pitch: int) -> tuple[Slot, ...]:
    """The conservative wiring of a board whose catalog row does not list its slots: slot i at position i x pitch,
    the first a CPU x16 slot and every other one a chipset x4 slot (PCIe 3.0 throughout)."""
    return tuple(Slot(i * pitch, "cpu" if i == 0 else "chipset", 16 if i == 0 else 4, 3) for i in range(x16_slots))


def parse_slots(text: str) -> tuple[Slot, ...]:
    """A gpu_slots cell, "0:cpu:8:4;3:cpu:8:4;6:chipset:4:3"; ValueError says what is wrong with the first bad item."""
    slots = []
    for item in (i.strip() for i in (text or "").split(";")):
        if not item:
            continue
        fields = item.split(":")
        if len(fields) != 4:
            raise ValueError(f"{item!r} is not POS:ATTACH:LANES:GEN (e.g. 0:cpu:16:4)")
        pos, attach, lanes, gen = (f.strip().lower() for f in fields)
        if not pos.isdigit() or not lanes.isdigit() or not gen.isdigit():
            raise ValueError(f"{item!r}: position, lanes and generation must be whole numbers")
        if attach not in ("cpu", "chipset"):
            raise ValueError(f"{item!r}: attachment must be cpu or chipset")
        if int(lanes) not in LANE_WIDTHS:
            raise ValueError(f"{item!r}: lanes must be one of {', '.join(map(str, LANE_WIDTHS))}")
        if not 1 <= int(gen) <= 5:
            raise ValueError(f"{item!r}: PCIe generation must be 1-5")
        slots.append(Slot(int(pos), attach, int(lanes), int(gen)))
    if not slots:
        raise ValueError(f"{text!r} lists no slot")
    positions = [s.position for s in slots]
    if positions[0] != 0 or any(b <= a for a, b in itertools.pairwise(positions)):
        raise ValueError("positions must start at 0 and increase strictly")
    return tuple(slots)


def slot_words(slot: Slot) -> str:
    """ "CPU x8 PCIe 4.0": one slot as wired."""
    return f"{'CPU' if slot.attach == 'cpu' else 'chipset'} x{slot.lanes} PCIe {slot.gen}.0"
