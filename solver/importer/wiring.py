"""Slots wired as they are: each x16-length slot of a board, its position, lanes, PCIe generation and attachment.

BuildCores lists a board's slots as groups of (generation, count, lanes) and does not say which slot hangs off
the CPU and which off the chipset; its `lanes` is the slot's physical length on most bulk-imported rows and its
generation a default ("4.0" on X299 boards, which are PCIe 3.0). So the wiring is derived, never read:

- mainstream platforms (AM4, AM5, LGA1200, LGA1700, LGA1851): one CPU-attached x16 slot, or two CPU slots at x8
  on a board cited to split the CPU's 16 graphics lanes (SPLIT_BOARDS); every further x16-length slot hangs off
  the chipset with the lanes the chipset table gives (CHIPSETS). A chipset the table lacks gets the conservative
  wiring (CONSERVATIVE), flagged inferred.
- HEDT and workstation platforms (X299, X399, TRX40, TRX50, WRX90, W790): every x16-length slot is CPU-attached;
  their widths are budgeted from the platform's CPU lanes (HEDT), flagged inferred (no dataset gives them).

Slot positions follow the importer's slot-pitch rule (boards.slot_pitch_rule): no dataset gives them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..slots import Slot, parse_slots  # noqa: F401  (the solver's slot and its one gpu_slots parser; re-exported)
from .match import fold

#: Where each wiring fact comes from; docs/catalog.md lists every key with title, publisher and date.
SOURCES: dict[str, str] = {
    "amd-am4-chipsets": "https://forum.setcombg.com/%D0%BF%D1%80%D0%BE%D1%86%D0%B5%D1%81%D0%BE%D1%80%D0%B8-%D0%B8-%D0%B4%D1%8A%D0%BD%D0%BD%D0%B8-%D0%BF%D0%BB%D0%B0%D1%82%D0%BA%D0%B8/63517-amd-matisse-ryzen-3-a-print.html",
    "hwluxx-proart-b550": "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/56041-einzigartig-mit-thunderbolt-4-das-asus-proart-b550-creator-im-test.html?start=1",
    "knnit-b550": "https://knnit.com/the-first-true-amd-b550-chipset-pcie-info-four-0-motherboard-for-ryzen/",
    "hwluxx-am5": "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/63131-gigabyte-b650e-aorus-elite-x-ax-ice-im-test-fuer-helle-builds-mit-abstrichen.html?start=1",
    "wiki-am5-chipsets": "https://app.defzone.net/wiki/Template:AM5_chipsets",
    "hwtimes-a620": "https://hardwaretimes.com/amds-budget-a620-motherboards-will-support-up-to-28-pcie-gen-4-lanes-from-the-cpu/",
    "puget-z690-chipsets": "https://www.pugetsystems.com/labs/articles/Intel-Z690-vs-H670-vs-B660-vs-H610-Chipset-Comparison-2290/",
    "cb-700-chipsets": "https://computerbase.de/2023-01/b760-vs-h770-vs-z790-intels-neue-mainboard-chipsaetze-fuer-lga-1700-im-vergleich",
    "hwluxx-strix-b760f": "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/60922-asus-rog-strix-b760-f-gaming-wifi-im-test-guter-lga1700-unterbau-zu-hohem-preis.html?start=1",
    "hwluxx-proart-b760": "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/61205-asus-proart-b760-creator-d4-im-test-guenstiges-board-fuer-content-creator.html?start=2",
    "corsair-z890": "https://corsair.com/kr/hu/explorer/diy-builder/cpu-coolers/z790-vs-z890-whats-the-difference",
    "hwluxx-z890-master": "https://www.hardwareluxx.de/index.php/artikel/hardware/mainboards/65757-gigabyte-z890-aorus-master-im-test-nicht-fuer-die-speichertakt-jaeger-geeignet.html?start=2",
    "leak-800-series": "https://fanaticosdelhardware.com/?p=152768",
    "puget-z590-chipsets": "https://pugetsystems.com/labs/articles/Intel-Z690-vs-Z590-vs-Z490-Chipset-Comparison-2239",
    "msi-x299-creation-manual": "https://www.easymanua.ls/msi/meg-x299-creation/manual?p=34",
    "hwj-trx40": "https://hardware-journal.de/testberichte/mainboards/4414-alle-amd-trx40-mainboards-im-ueberblick",
    "sweclockers-w790": "https://www.sweclockers.com/nyhet/35696-intel-kontrar-amd-ryzen-threadripper-med-sapphire-rapids-och-56-karnor",
    "peerip-wrx90e": "https://peerip.com/asus-wrx90e-sage-se-review-for-4-way-rtx-4090-ai-nodes-linux/",
    "buildcores-trx50-sage": "https://github.com/buildcores/buildcores-open-db",
    "unanswered-b550-slots": "https://unanswered.io/guide/b550-motherboard-pcie-slots-pcie-4-support",
    "msi-b450-tomahawk-max-ii-manual": "https://manualslib.fr/manual/359991/Msi-B450-Tomahawk-Max-Ii.html?page=27",
    "msi-b450-a-pro-manual": "https://www.manualowl.com/m/MSI/B450-A-PRO/Manual/631865?page=29",
    "hwluxx-x570-pgx": "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/50624-oc-nur-mit-matisse-asrock-x570-phantom-gaming-x-im-test.html?start=2",
    "newegg-x570-aorus-xtreme": "https://www.newegg.com/gigabyte-x570-aorus-xtreme-extended-atx-motherboards-amd-amd-x570-am4/p/2MG-000K-002A9",
    "msi-x570-unify-manual": "https://www.easymanua.ls/msi/meg-x570-unify/manual?p=31",
    "poctoprod-x570-tomahawk": "https://www.poctoprod.org/pages/hardware/builds/x570-5950x-rtx3090",
    "hwluxx-x470": "https://hardwareluxx.de/index.php/artikel/hardware/mainboards/46143-asus-rog-crosshair-vii-hero-wi-fi-im-test-siebte-generation-mit-x470-fch.html?start=1",
    "computerzilla-am4-lanes": "https://computerzilla.com/a520-vs-b550-vs-x570-chipset/",
    "geeksultd-b550-x570": "https://geeksultd.com/?p=47934",
    "toms-b550-hkepc": "https://www.tomshardware.com/uk/news/amd-b550-chipset-specifications-motherboard-specs,40467.html",
    "amd-tr-2990wx": "https://www.amd.com/en/products/cpu/amd-ryzen-threadripper-2990wx",
}


def slots_cell(slots: list[Slot]) -> str:
    return ";".join(slot.cell() for slot in slots)


@dataclass(frozen=True)
class ChipsetWiring:
    """A mainstream chipset: what its boards wire to x16-length slots when no board-level source says more.

    cpu_gen: PCIe generation of the CPU graphics slot(s) (the lower one where the chipset's boards differ).
    split: "no" (AMD or Intel: the chipset never has two CPU graphics slots) or "board" (x8/x8 is a board
        feature: trusted only for a board in SPLIT_BOARDS).
    slot_lanes / slot_gen: a chipset-attached x16-length slot's link (the narrowest the sources report).
    chipset_lanes: the chipset's general-purpose PCIe lanes when a source gives them, else None; a board
        whose chipset slots would need more than these at `slot_lanes` each cannot be wired as it claims.
    inferred: the fields no source gives for this chipset (documented in docs/catalog.md).
    """

    chipset: str
    cpu_gen: int
    split: str
    slot_lanes: int
    slot_gen: int
    chipset_lanes: int | None
    sources: tuple[str, ...]
    inferred: tuple[str, ...] = ()


def _row(chipset, cpu_gen, split, slot_lanes, slot_gen, chipset_lanes, sources, inferred=()):
    return ChipsetWiring(chipset, cpu_gen, split, slot_lanes, slot_gen, chipset_lanes, tuple(sources), tuple(inferred))


_AM4 = ("amd-am4-chipsets", "hwluxx-proart-b550")
_AM5 = ("hwluxx-am5", "wiki-am5-chipsets")

#: The chipset table (docs/catalog.md "Slot wiring"). B450-class chipset slots are encoded x1: the B450 boards'
#: manuals give PCIe 2.0 x4 that falls to x2 or x1 when the x1 slots are used (a x1 link is never usable).
CHIPSETS: dict[str, ChipsetWiring] = {
    row.chipset: row
    for row in (
        _row("A320", 3, "no", 1, 2, None, ("amd-am4-chipsets",), ("slot_lanes", "slot_gen")),
        _row("B350", 3, "no", 1, 2, 6, ("amd-am4-chipsets", "toms-b550-hkepc"), ("slot_lanes", "slot_gen")),
        _row("X370", 3, "board", 4, 2, 8, ("amd-am4-chipsets", "toms-b550-hkepc")),
        _row("A520", 3, "no", 4, 3, 6, ("knnit-b550", "computerzilla-am4-lanes"), ("split",)),
        _row(
            "B450",
            3,
            "no",
            1,
            2,
            6,
            _AM4 + ("msi-b450-tomahawk-max-ii-manual", "msi-b450-a-pro-manual", "toms-b550-hkepc"),
        ),
        _row("X470", 3, "board", 4, 2, 8, ("amd-am4-chipsets", "hwluxx-x470", "toms-b550-hkepc")),
        _row("B550", 4, "board", 4, 3, 10, _AM4 + ("computerzilla-am4-lanes", "geeksultd-b550-x570")),
        _row(
            "X570",
            4,
            "board",
            4,
            4,
            16,
            (
                "hwluxx-proart-b550",
                "hwluxx-x570-pgx",
                "msi-x570-unify-manual",
                "poctoprod-x570-tomahawk",
                "computerzilla-am4-lanes",
                "geeksultd-b550-x570",
            ),
        ),
        _row("A620", 4, "no", 4, 3, None, _AM5 + ("hwtimes-a620",), ("slot_gen",)),
        _row("B650", 4, "board", 4, 4, None, _AM5),
        _row("B650E", 5, "board", 4, 4, None, _AM5),
        _row("X670", 4, "board", 4, 4, None, _AM5),
        _row("X670E", 5, "board", 4, 4, None, _AM5),
        _row("B840", 4, "no", 4, 3, None, ("wiki-am5-chipsets",), ("slot_gen",)),
        _row("B850", 4, "board", 4, 4, None, ("wiki-am5-chipsets",), ("slot_gen",)),
        _row("X870", 5, "board", 4, 4, None, ("wiki-am5-chipsets",), ("slot_gen",)),
        _row("X870E", 5, "board", 4, 4, None, ("wiki-am5-chipsets",), ("slot_gen",)),
        _row("Z490", 3, "board", 4, 3, None, ("puget-z590-chipsets",), ("split",)),
        _row("Z590", 3, "board", 4, 3, None, ("puget-z590-chipsets",), ("split",)),
        _row("H610", 4, "no", 1, 3, None, ("puget-z690-chipsets",)),
        _row("B660", 4, "no", 4, 3, None, ("puget-z690-chipsets", "cb-700-chipsets")),
        _row("H670", 4, "board", 4, 3, None, ("puget-z690-chipsets", "cb-700-chipsets")),
        _row("Z690", 4, "board", 4, 3, None, ("puget-z690-chipsets", "cb-700-chipsets")),
        _row("B760", 4, "no", 4, 3, None, ("cb-700-chipsets", "hwluxx-strix-b760f", "hwluxx-proart-b760")),
        _row("H770", 4, "board", 4, 3, None, ("cb-700-chipsets",)),
        _row("Z790", 4, "board", 4, 3, None, ("cb-700-chipsets", "hwluxx-strix-b760f")),
        _row("Z890", 5, "board", 4, 4, None, ("corsair-z890", "hwluxx-z890-master")),
        _row("B860", 4, "no", 4, 4, None, ("leak-800-series",), ("split",)),
        _row("H810", 4, "no", 1, 4, None, ("leak-800-series",), ("split",)),
    )
}


@dataclass(frozen=True)
class HedtWiring:
    """A platform whose x16-length slots all hang off the CPU; `lanes` is the CPU lane budget for its slots."""

    chipset: str
    socket: str
    gen: int
    lanes: int
    sources: tuple[str, ...]


#: X299, X399 and TRX40 budgets are the largest `pcie_lanes` of their socket's CPU rows (platforms.py); the
#: TRX50 budget is the 48 PCIe 5.0 lanes of BuildCores' ASUS Pro WS TRX50-SAGE row (16+16+8 in slots, 2 x4 M.2)
#: (inferred: no AMD page was found); WRX90 and W790 from the sources named.
HEDT: dict[str, HedtWiring] = {
    row.chipset: row
    for row in (
        HedtWiring("X299", "LGA2066", 3, 48, ("msi-x299-creation-manual",)),
        HedtWiring("X399", "sTR4", 3, 60, ("amd-tr-2990wx",)),
        HedtWiring("TRX40", "sTRX4", 4, 56, ("hwj-trx40",)),
        HedtWiring("TRX50", "sTR5", 5, 48, ("buildcores-trx50-sage",)),
        HedtWiring("WRX90", "sTR5", 5, 128, ("peerip-wrx90e",)),
        HedtWiring("W790", "LGA4677", 5, 112, ("sweclockers-w790",)),
    )
}

#: The highest PCIe generation any CPU of a socket drives (catalog CPUs: Ryzen 3000-5000 Gen4, Ryzen 7000+
#: Gen5, Core 10th gen Gen3 (11th gen Gen4), Core 12th-14th and Core Ultra 200S Gen5, X299 Gen3, Threadripper
#: 1000/2000 Gen3 and 3000 Gen4, Threadripper 7000/9000 and Xeon W-2400/3400 Gen5).
SOCKET_MAX_GEN = {
    "AM4": 4, "AM5": 5, "LGA1200": 4, "LGA1700": 5, "LGA1851": 5, "LGA2066": 3, "sTR4": 3, "sTRX4": 4,
    "sTR5": 5, "LGA4677": 5,
}  # fmt: skip

#: CPU graphics lanes of a mainstream socket (the lanes table's `pcie_lanes` of every mainstream row).
MAINSTREAM_LANES = 16
MAINSTREAM_SOCKETS = ("AM4", "AM5", "LGA1200", "LGA1700", "LGA1851")

#: Boards a source names as splitting the CPU's x16 into x8/x8 over two x16-length slots, both CPU-attached
#: (folded name -> source key). Everything else on a "board" chipset gets one CPU slot.
SPLIT_BOARDS: dict[str, str] = {
    "asus proart b550 creator": "hwluxx-proart-b550",
    "asus rog strix b550 e gaming": "unanswered-b550-slots",
    "asrock x570 phantom gaming x": "hwluxx-x570-pgx",
    "gigabyte x570 aorus xtreme": "newegg-x570-aorus-xtreme",
    "msi meg x570 unify": "msi-x570-unify-manual",
}

#: The wiring of a board whose chipset the table lacks (contract v2's default): one CPU x16 slot at PCIe 3.0,
#: every other x16-length slot chipset x4 at PCIe 3.0.
CONSERVATIVE_CPU = (16, 3)
CONSERVATIVE_CHIPSET = (4, 3)


def chipset_name(buildcores_chipset: str) -> str:
    """BuildCores' "AMD B550" / "Intel Z790" as the catalog writes it: "B550", "Z790"."""
    return re.sub(r"^(AMD|Intel)\s+", "", (buildcores_chipset or "").strip())


@dataclass(frozen=True)
class Wiring:
    """A board's derived slots and how they were found (the `wiring` column)."""

    slots: tuple[Slot, ...]
    basis: str  # "split-list" | "chipset-table" | "platform-lanes" | "conservative"
    inferred: bool  # the wiring is a rule's guess (spec_source says inferred:gpu_slots)


class CannotWire(str):
    """Why a board's claimed slots are more than its platform can wire (a drop reason)."""


def hedt_widths(count: int, budget: int) -> list[int] | None:
    """Lanes per CPU slot, top to bottom, that fit the budget: all x16; else x16/x8 alternating (the usual
    HEDT layout, e.g. x16/x8/x16/x8 on TRX40 and X399 boards); else all x8; None when not even x8 fits."""
    for widths in ([16] * count, [16 if i % 2 == 0 else 8 for i in range(count)], [8] * count):
        if sum(widths) <= budget:
            return widths
    return None


def board_wiring(name: str, socket: str, chipset: str, x16_slots: int, pitch: int) -> Wiring | CannotWire:
    """The wiring of a board with `x16_slots` x16-length slots `pitch` positions apart."""
    positions = [i * pitch for i in range(x16_slots)]
    hedt = HEDT.get(chipset)
    if hedt is not None and hedt.socket == socket:
        widths = hedt_widths(x16_slots, hedt.lanes)
        if widths is None:
            return CannotWire(
                f"slots the platform cannot wire: {x16_slots} x16-length slots need more CPU lanes "
                f"than {chipset} boards have ({hedt.lanes}; at least x8 per slot)"
            )
        slots = tuple(Slot(p, "cpu", w, hedt.gen) for p, w in zip(positions, widths))
        return Wiring(slots, "platform-lanes", True)
    row = CHIPSETS.get(chipset)
    if row is None or socket not in MAINSTREAM_SOCKETS:
        cpu, rest = CONSERVATIVE_CPU, CONSERVATIVE_CHIPSET
        slots = tuple(Slot(p, "cpu", *cpu) if i == 0 else Slot(p, "chipset", *rest) for i, p in enumerate(positions))
        return Wiring(slots, "conservative", True)
    split = row.split == "board" and fold(name) in SPLIT_BOARDS and x16_slots >= 2
    cpu_slots = 2 if split else 1
    if row.chipset_lanes is not None:
        most = cpu_slots + row.chipset_lanes // row.slot_lanes
        if x16_slots > most:
            return CannotWire(
                f"slots the platform cannot wire: {x16_slots} x16-length slots on {chipset}, at most "
                f"{most} ({cpu_slots} from the CPU, {row.chipset_lanes} chipset lanes at x{row.slot_lanes})"
            )
    wired = []
    for i, p in enumerate(positions):
        if i < cpu_slots:
            wired.append(Slot(p, "cpu", 8 if split else 16, row.cpu_gen))
        else:
            wired.append(Slot(p, "chipset", row.slot_lanes, row.slot_gen))
    return Wiring(tuple(wired), "split-list" if split else "chipset-table", False)


def wiring_problems(socket: str, chipset: str, slots: Sequence[Slot]) -> list[str]:
    """What the platform cannot wire in a board's slots (empty when nothing is wrong); used by `catalog validate`."""
    problems = []
    cpu = [s for s in slots if s.attach == "cpu"]
    cpu_lanes = sum(s.lanes for s in cpu)
    hedt = HEDT.get(chipset)
    if hedt is not None:
        budget, label = hedt.lanes, f"{chipset} boards"
    elif socket in MAINSTREAM_SOCKETS:
        budget, label = MAINSTREAM_LANES, f"{socket} CPUs"
    else:
        budget, label = None, ""
    if budget is not None and cpu_lanes > budget:
        problems.append(f"{cpu_lanes} CPU-attached lanes, more than {label} have for slots ({budget})")
    if socket in MAINSTREAM_SOCKETS and len(cpu) > 2:
        problems.append(f"{len(cpu)} CPU-attached slots; {socket} CPUs split their graphics lanes at most x8/x8")
    row = CHIPSETS.get(chipset)
    if row is not None and row.split == "no" and len(cpu) > 1:
        problems.append(f"{len(cpu)} CPU-attached slots on {chipset}, a chipset whose boards never split the CPU's x16")
    top = SOCKET_MAX_GEN.get(socket)
    if hedt is not None:
        top = min(top or hedt.gen, hedt.gen)
    over = sorted({s.gen for s in slots if top is not None and s.gen > top})
    if over:
        problems.append(f"PCIe {over[-1]}.0 on {chipset or socket}, whose slots run at most PCIe {top}.0")
    return problems
