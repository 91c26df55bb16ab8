"""psus.csv: priced power supplies up to 1600 W with their PCIe connectors from BuildCores."""
from __future__ import annotations

import re

from .formfactors import psu_form_factor
from .join import Drop, Join
from .match import COLOR_WORDS, Match, Matcher
from .rows import Provenance, number

COLUMNS = [
    "id", "name", "price_usd", "wattage", "form_factor", "pcie_8pin", "pcie_16pin", "efficiency",
    "modular", "buildcores_id", "match", "price_date", "source", "spec_source",
]

#: A US 15 A / 120 V circuit gives 1800 W at the wall; at ~90% efficiency a PSU cannot deliver much more than
#: 1600 W from it, and the larger units reach their rating only on 200-240 V. Larger PSUs are left out.
MAX_WATTAGE = 1600

#: When BuildCores has no connector counts (or zero for a unit that surely has some): the 20th percentile of
#: 6+2-pin counts among BuildCores PSUs of the same wattage band that do list them (snapshot 136a77a), so
#: four in five real units have at least this many. 16-pin is then taken as 0 (R11 feeds a 16-pin card
#: from four 8-pin leads instead).
EIGHT_PIN_RULE = ((499, 1), (749, 2), (999, 3), (1399, 4), (MAX_WATTAGE, 6))


def eight_pin_rule(wattage: float) -> int:
    for upper, count in EIGHT_PIN_RULE:
        if wattage <= upper:
            return count
    return EIGHT_PIN_RULE[-1][1]


def _ignore_for(wattage: float):
    """Words BuildCores adds or spells differently: efficiency, modularity, the unit's own wattage."""
    own = {str(int(wattage)), f"{int(wattage)}w"}

    def ignore(word: str) -> bool:
        return word in own or _ignore(word)

    return ignore


def _ignore(word: str) -> bool:
    return (
        re.fullmatch(r"80|plus|gold|bronze|silver|platinum|titanium|white|fully|full|semi|non|modular|"
                     r"certified|atx|atx3|sfx|power|supply|psu|w", word) is not None
        or word in COLOR_WORDS
    )


def join(buildcores_rows: list[dict]) -> Join:
    """PSUs up to MAX_WATTAGE join BuildCores units of the same wattage; the key is (wattage, form factor)."""
    watts = {r["opendb_id"]: r.get("wattage") for r in buildcores_rows}
    matcher = Matcher(buildcores_rows)

    def key(src: dict) -> tuple[float, str] | Drop:
        wattage = src.get("wattage")
        if not wattage:
            return Drop("no wattage")
        if wattage > MAX_WATTAGE:
            return Drop(f"above {MAX_WATTAGE} W (beyond a US 15 A/120 V circuit)")
        form = psu_form_factor(src.get("type") or "")
        if form is None:
            return Drop(f"form factor not understood ({src.get('type')})")
        return wattage, form

    def find(src: dict, key: tuple[float, str]) -> Match:
        wattage = key[0]
        return matcher.find(src["name"], accept=lambda row: watts.get(row["opendb_id"]) == wattage,
                            ignore=_ignore_for(wattage))

    return Join(_psu_row, key, find)


def _psu_row(src: dict, key: tuple[float, str], bc: dict | None) -> dict:
    wattage, form = key
    prov = Provenance(["pcpartpicker"])
    connectors = (bc or {}).get("connectors") or {}
    eight = connectors.get("pcie_6_plus_2_pin")
    sixteen = connectors.get("pcie_12vhpwr")
    if bc is not None:
        prov.use("buildcores")
    if not eight:
        # Zero or missing 6+2-pin leads on a unit of this size is missing data, not a fact.
        eight = eight_pin_rule(wattage)
        sixteen = sixteen or 0
        prov.infer("pcie_8pin")
        if bc is None:
            prov.infer("pcie_16pin")
    base = " ".join(src["name"].split())
    name = base if re.search(rf"\b{int(wattage)}\s?W?\b", base, re.IGNORECASE) else f"{base} {int(wattage)} W"
    return {
        "name": name,
        "wattage": number(wattage),
        "form_factor": form,
        "pcie_8pin": str(int(eight)),
        "pcie_16pin": str(int(sixteen or 0)),
        "efficiency": src.get("efficiency") or "",
        "modular": str(src.get("modular") or "").lower(),
        "source": "pcpartpicker+buildcores" if bc is not None else "pcpartpicker",
        "spec_source": prov.cell(),
    }
