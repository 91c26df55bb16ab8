"""motherboards.csv: priced boards of the catalog's platforms, slots and memory from BuildCores."""

from __future__ import annotations

import re

from .formfactors import board_form_factor
from .join import JOINED_COLUMNS, Drop, Join
from .match import COLOR_WORDS, Match, Matcher
from .memory import registered_type
from .platforms import excluded_reason, normalize_socket, sockets
from .rows import Provenance, number
from .wiring import CannotWire, board_wiring, chipset_name, slots_cell

COLUMNS = [
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
    "pcie_slots",
    "chipset",
    "gpu_slots",
    "wiring",
    *JOINED_COLUMNS,
]

#: HEDT and workstation platforms: their multi-GPU boards put an x16-length slot at every other position (1, 3,
#: 5, 7 of an ATX/EATX layout), e.g. Gigabyte TRX40 AORUS PRO WIFI, ASUS WS X299 SAGE, ASRock X299 Taichi; a
#: board with a slot at every position (seven on an EEB board) is counted at every other one (conservative).
_HEDT_SOCKETS = {"LGA2066", "sTR4", "sTRX4", "sTR5", "LGA4677"}

#: Sockets whose CPUs take registered DDR5 only (Threadripper 7000/9000 and PRO on sTR5, Xeon W-2400/3400 on
#: LGA4677): their boards' memory_type is "DDR5 RDIMM". BuildCores' ram_type says only "DDR5" for them.
RDIMM_SOCKETS = frozenset({"sTR5", "LGA4677"})

#: No desktop board has more than 7 x16-length slots (ASUS WS X299 SAGE has 7); more is a data error.
_MAX_X16 = 7

_NEUTRAL = re.compile(r"ddr\d|atx|eatx|micro|mini|itx|am\d|lga\d+|str4|strx4|motherboard|wi|fi")


def slot_pitch_rule(socket: str, form_factor: str, x16_slots: int) -> int:
    """Expansion-slot positions from one x16-length slot to the next, when the data does not say.

    BuildCores lists slot counts, never their positions, so this is always a rule:
    - one x16 slot (or none): 1 (the value is never used for a single card);
    - HEDT and workstation boards (LGA2066, sTR4, sTRX4, sTR5, LGA4677): 2 (x16 slots at every other position);
    - mainstream ATX-size boards with exactly two x16-length slots: 3 (the second slot sits three
      positions below the first, leaving room for a 2-3 slot cooler, e.g. ASUS TUF GAMING B650-PLUS);
    - mainstream boards with three or more x16-length slots, and Micro ATX boards: 2.
    """
    if x16_slots <= 1:
        return 1
    if socket in _HEDT_SOCKETS:
        return 2
    if form_factor in ("ATX", "EATX", "XL ATX", "SSI CEB", "SSI EEB") and x16_slots == 2:
        return 3
    return 2


#: Expansion-slot positions of each board size (ATX specification: 7; Micro ATX: 4; Mini ITX: 1; ...).
BOARD_POSITIONS = {
    "ATX": 7,
    "EATX": 7,
    "SSI CEB": 7,
    "SSI EEB": 7,
    "HPTX": 7,
    "XL ATX": 8,
    "Micro ATX": 4,
    "Flex ATX": 3,
    "DTX": 2,
    "Mini DTX": 2,
    "Mini ITX": 1,
    "Thin Mini ITX": 1,
}


def fit_slots(form_factor: str, x16_slots: int, pitch: int) -> tuple[int, int]:
    """(x16 slots, pitch) capped so the slots fit the board's positions at that pitch.

    BuildCores sometimes records x1 slots as x16 (a Micro ATX board cannot hold four x16 slots two
    positions apart); the count is cut to what the board's positions allow.
    """
    positions = BOARD_POSITIONS.get(form_factor, 7)
    most = (positions - 1) // pitch + 1 if pitch else 1
    if x16_slots <= most:
        return x16_slots, pitch
    return most, (pitch if most > 1 else 1)


def count_x16(pcie_slots: list[dict] | None) -> int:
    """Slots BuildCores records as x16 ("16 lanes for x16 slot" in its schema): the x16-length slots.

    BuildCores gives one width per slot group and does not say whether a x16-length slot is wired x16,
    x8 or x4; the CPU-lane rule R9 bounds the GPU count on 16-lane platforms regardless.
    """
    return sum(int(s.get("quantity") or 0) for s in (pcie_slots or []) if (s.get("lanes") or 0) >= 16)


def count_m2(m2_slots: list[dict] | None) -> int:
    """M.2 slots that take an NVMe drive: M-key (or B+M) slots with a PCIe interface."""
    total = 0
    for slot in m2_slots or []:
        key = (slot.get("key") or "").upper()
        interface = (slot.get("interface") or "").upper()
        if "M" in key and ("PCIE" in interface or interface == ""):
            total += 1
    return total


def _slots_text(pcie_slots: list[dict] | None) -> str:
    parts = []
    for slot in pcie_slots or []:
        gen = slot.get("gen") or "?"
        parts.append(f"{int(slot.get('quantity') or 0)}x PCIe {gen} x{int(slot.get('lanes') or 0)}")
    return ";".join(parts)


def _ignore(word: str) -> bool:
    return _NEUTRAL.fullmatch(word) is not None or word in COLOR_WORDS


def join(buildcores_rows: list[dict]) -> Join:
    """Boards join BuildCores rows of the same socket (and form factor, when both sources give one)."""
    known_sockets = set(sockets())
    bc_key = {
        r["opendb_id"]: (normalize_socket(r.get("socket") or ""), board_form_factor(r.get("form_factor") or ""))
        for r in buildcores_rows
    }
    matcher = Matcher(buildcores_rows)

    def key(src: dict) -> tuple[str, str | None] | Drop:
        socket = normalize_socket(src.get("socket") or "")
        if socket not in known_sockets:
            return Drop(excluded_reason(socket, "") or f"socket not in the lanes table ({socket or 'unknown'})")
        return socket, board_form_factor(src.get("form_factor") or "")

    def find(src: dict, key: tuple[str, str | None]) -> Match:
        socket, form = key

        def accept(row: dict) -> bool:
            # The form factor guards against BuildCores part-number lists that name a sibling board (an ITX
            # board's row listing an mATX model).
            bc_socket, bc_form = bc_key[row["opendb_id"]]
            return bc_socket == socket and (form is None or bc_form in (None, form))

        return matcher.find(src["name"], accept=accept, ignore=_ignore)

    return Join(_board_row, key, find, unmatched=lambda src: "no BuildCores match (PCIe slots and memory type unknown)")


def _board_row(src: dict, key: tuple[str, str | None], bc: dict) -> dict | Drop:
    socket = key[0]
    prov = Provenance(["pcpartpicker", "buildcores"])
    form = board_form_factor(src.get("form_factor") or "") or board_form_factor(bc.get("form_factor") or "")
    if form is None:
        return Drop(f"form factor not understood ({src.get('form_factor')})")
    memory = bc.get("memory") or {}
    memory_type = (memory.get("ram_type") or "").upper()
    if not re.fullmatch(r"DDR\d", memory_type):
        return Drop("memory type unknown")
    if socket in RDIMM_SOCKETS:
        memory_type = registered_type(memory_type)
        prov.infer("memory_type")
    slots = src.get("memory_slots") or memory.get("slots")
    max_memory = src.get("max_memory") or memory.get("max")
    if not slots or not max_memory:
        return Drop("memory slots or capacity unknown")
    pcie = bc.get("pcie_slots")
    if not pcie:
        return Drop("PCIe slot list missing")
    x16 = count_x16(pcie)
    if x16 < 1:
        return Drop("no x16-length slot")
    if x16 > _MAX_X16:
        return Drop(f"implausible slot count in BuildCores ({x16} x16 slots)")
    m2_raw = bc.get("m2_slots")
    if m2_raw is None:
        prov.infer("m2_slots")
    pitch = slot_pitch_rule(socket, form, x16)
    prov.infer("slot_pitch")
    fitted, pitch = fit_slots(form, x16, pitch)
    if fitted != x16:
        x16 = fitted
        prov.infer("x16_slots")
    chipset = chipset_name(bc.get("chipset") or "")
    wiring = board_wiring(src["name"], socket, chipset, x16, pitch)
    if isinstance(wiring, CannotWire):
        return Drop(wiring)
    if wiring.inferred:
        prov.infer("gpu_slots")
    return {
        "name": " ".join(src["name"].split()),
        "socket": socket,
        "form_factor": form,
        "memory_type": memory_type,
        "memory_slots": str(int(slots)),
        "max_memory_gb": number(max_memory),
        "x16_slots": str(x16),
        "slot_pitch": str(pitch),
        "m2_slots": str(count_m2(m2_raw)),
        "pcie_slots": _slots_text(pcie),
        "chipset": chipset,
        "gpu_slots": slots_cell(list(wiring.slots)),
        "wiring": wiring.basis,
        "source": "pcpartpicker+buildcores",
        "spec_source": prov.cell(),
    }
