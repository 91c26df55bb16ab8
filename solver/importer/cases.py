"""cases.csv: priced cases with GPU clearance, slots and form factors from BuildCores."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .formfactors import board_form_factor, psu_form_factor
from .join import JOINED_COLUMNS, Drop, Join
from .match import COLOR_WORDS, VARIANT_WORDS, Match, Matcher, fold
from .rows import Provenance, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "motherboard_form_factors",
    "psu_form_factors",
    "max_gpu_length_mm",
    "expansion_slots",
    "max_cooler_height_mm",
    "max_radiator_mm",
    "psu_bays",
    "case_type",
    "color",
    *JOINED_COLUMNS,
]

#: Most horizontal expansion slots a tower of a PCPartPicker type plausibly has: an ATX mid or mini tower 8 (an
#: ATX board's 7 positions and one below them for a bottom card's cooler), a Micro ATX case 5 (4 + 1), a full
#: tower 10 (the 9 positions of the largest boards, XL ATX and SSI EEB, + 1). BuildCores' `expansion_slots` counts
#: horizontal slots (Fractal Define 7: 7 and Define 7 XL: 9, their vertical slots apart, as Hardwareluxx's test
#: lists them; Corsair 4000D: 7 with `riser_expansion_slots` 2), but some rows add the vertical ones (Define 7
#: Dark: 9); a count above the limit is such a row and gets the type's standard count. Mini ITX and HTPC cases are
#: not limited: their slot openings serve one card of any thickness.
SLOT_LIMITS = {
    "ATX Full Tower": 10, "ATX Mid Tower": 8, "ATX Mini Tower": 8, "MicroATX Mid Tower": 5,
    "MicroATX Mini Tower": 5, "MicroATX Desktop": 5,
}  # fmt: skip

#: ATX power supplies a case holds. No dataset says which cases take two; 1 until a maker page says otherwise.
PSU_BAYS = 1


@dataclass(frozen=True)
class CaseRule:
    """Values used when the data lacks them, per PCPartPicker case type.

    cooler_mm: the 10th percentile of max_cpu_cooler_height over BuildCores cases of that type that list it
    (snapshot 136a77a), rounded down; so nine in ten such cases take at least this tall a cooler.
    radiator_mm: no source lists radiator support; a size nearly every case of the type mounts (a front
    240 mm in mid towers, 360 mm in full towers, a rear 120 mm in small towers, none in desktops).
    slots: the standard expansion-slot count of the board size the type is named for (ATX 7, Micro ATX 4,
    Mini ITX 2). boards/psus: the form factors the type is named for.
    """

    cooler_mm: int
    radiator_mm: int
    slots: int
    boards: tuple[str, ...]
    psus: tuple[str, ...]


_ATX_BOARDS = ("ATX", "Micro ATX", "Mini ITX")
_MATX_BOARDS = ("Micro ATX", "Mini ITX")
RULES: dict[str, CaseRule] = {
    "ATX Full Tower": CaseRule(165, 360, 7, _ATX_BOARDS, ("ATX",)),
    "ATX Mid Tower": CaseRule(160, 240, 7, _ATX_BOARDS, ("ATX",)),
    "ATX Mini Tower": CaseRule(150, 120, 4, _ATX_BOARDS, ("ATX",)),
    "MicroATX Mid Tower": CaseRule(150, 240, 4, _MATX_BOARDS, ("ATX",)),
    "MicroATX Mini Tower": CaseRule(150, 120, 4, _MATX_BOARDS, ("ATX",)),
    "Mini ITX Tower": CaseRule(60, 120, 2, ("Mini ITX",), ("SFX",)),
    "Mini ITX Desktop": CaseRule(58, 0, 2, ("Mini ITX",), ("SFX",)),
    "MicroATX Desktop": CaseRule(58, 0, 4, _MATX_BOARDS, ("SFX",)),
    "HTPC": CaseRule(60, 0, 2, ("Mini ITX",), ("SFX",)),
}


def plausible_slots(case_type: str, slots: int) -> bool:
    """False when a tower lists more expansion slots than its type holds horizontally (SLOT_LIMITS)."""
    return slots <= SLOT_LIMITS.get(case_type, slots)


def _ignore(word: str) -> bool:
    return (
        re.fullmatch(
            r"atx|eatx|micro|mini|itx|mid|full|tower|case|chassis|desktop|htpc|with|and|side|panel|tempered|"
            r"glass|tinted|usb|type|gen|a|c|front|windowed|window|acrylic|mesh|solid|edition|"
            r"computer|pc|gaming|cube|slim|e|matx|steel",
            word,
        )
        is not None
        or word in COLOR_WORDS
    )


def _same_color(pcpp_color: str, row: dict) -> float:
    wanted = {w for w in fold(pcpp_color).split() if w in COLOR_WORDS}
    have = {c.lower() for c in (row.get("color") or [])}
    return 0.0 if not wanted or wanted <= have else 1.0


def join(buildcores_rows: list[dict]) -> Join:
    """Cases join by name alone; a case of the same colour wins a tie."""
    # BuildCores case names spell out their form factor ("Micro ATX Mini Tower", "XL ATX"), so those
    # words cannot mark a different model here.
    matcher = Matcher(buildcores_rows, variant_words=VARIANT_WORDS - {"mini", "xl", "slim", "compact"})

    def find(src: dict, key: None) -> Match:
        color = src.get("color") or ""
        return matcher.find(src["name"], ignore=_ignore, tie_break=lambda row: _same_color(color, row))

    return Join(_case_row, find=find)


def _case_row(src: dict, key: None, bc: dict | None) -> dict | Drop:
    case_type = src.get("type") or ""
    rule = RULES.get(case_type)
    bc = bc or {}
    prov = Provenance(["pcpartpicker"] + (["buildcores"] if bc else []))
    length = bc.get("max_video_card_length")
    if not length:
        return Drop("no GPU clearance (max GPU length) in any source")
    if rule is None:
        return Drop(f"case type without a rule for missing values ({case_type or 'unknown'})")

    boards = sorted(
        {f for f in (board_form_factor(x) for x in bc.get("supported_motherboard_form_factors") or []) if f}
    )
    if not boards:
        boards = list(rule.boards)
        prov.infer("motherboard_form_factors")
    psus = sorted({f for f in (psu_form_factor(x) for x in bc.get("supported_power_supply_form_factors") or []) if f})
    if not psus:
        psus = list(rule.psus)
        prov.infer("psu_form_factors")
    slots = bc.get("expansion_slots")
    if not slots or slots < 1 or not plausible_slots(case_type, slots):
        slots = rule.slots
        prov.infer("expansion_slots")
    cooler = bc.get("max_cpu_cooler_height")
    if not cooler:
        cooler = rule.cooler_mm
        prov.infer("max_cooler_height_mm")
    prov.infer("max_radiator_mm")
    return {
        "name": " ".join(src["name"].split()),
        "motherboard_form_factors": ";".join(_board_order(boards)),
        "psu_form_factors": ";".join(psus),
        "max_gpu_length_mm": number(length),
        "expansion_slots": str(int(slots)),
        "max_cooler_height_mm": number(cooler),
        "max_radiator_mm": str(rule.radiator_mm),
        "psu_bays": str(PSU_BAYS),
        "case_type": case_type,
        "color": src.get("color") or "",
        "source": "pcpartpicker+buildcores",
        "spec_source": prov.cell(),
    }


_SIZE_ORDER = [
    "HPTX",
    "SSI EEB",
    "SSI CEB",
    "XL ATX",
    "EATX",
    "ATX",
    "Micro ATX",
    "Flex ATX",
    "DTX",
    "Mini DTX",
    "Mini ITX",
    "Thin Mini ITX",
]


def _board_order(boards: list[str]) -> list[str]:
    return sorted(boards, key=lambda f: (_SIZE_ORDER.index(f) if f in _SIZE_ORDER else 99, f))
