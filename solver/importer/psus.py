"""psus.csv: priced power supplies with their PCIe connectors, 80 PLUS rating and input voltage."""

from __future__ import annotations

import math
import re

from .formfactors import psu_form_factor
from .join import JOINED_COLUMNS, Drop, Join
from .match import COLOR_WORDS, Match, Matcher
from .rows import Provenance, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "wattage",
    "form_factor",
    "pcie_8pin",
    "pcie_16pin",
    "efficiency",
    "input_voltage",
    "modular",
    *JOINED_COLUMNS,
]

#: Above this a unit is taken to reach its rating only on a 200-240 V circuit (`input_voltage` 230v, inferred):
#: a US 15 A / 120 V circuit gives 1,800 W at the wall, about 1,600 W DC at 90% efficiency, and no dataset says
#: which larger units hold their rating at 115 V. The circuit rule (R13) decides whether such a unit fits.
FULL_RANGE_WATTS = 1600

#: When BuildCores has no connector counts (or zero for a unit that surely has some): the 20th percentile
#: (nearest rank) of 6+2-pin counts among BuildCores PSUs of the same wattage band that do list them (snapshot
#: 136a77a; above 1600 W, 12 units), so four in five real units have at least this many. 16-pin is then taken as
#: 0 (R11 feeds a 16-pin card from four 8-pin leads instead).
EIGHT_PIN_RULE = ((499, 1), (749, 2), (999, 3), (1399, 4), (1600, 6), (math.inf, 6))

#: The 80 PLUS levels as contract v2 spells them (`none` = unrated), from PCPartPicker's spelling ("plus" is
#: 80 PLUS White/Standard) or BuildCores' ("80+ Gold", "80+ Standard", "80+ White", "80+").
EFFICIENCY = ("none", "plus", "bronze", "silver", "gold", "platinum", "titanium")
_BUILDCORES_EFFICIENCY = {
    "80+ titanium": "titanium", "80+ platinum": "platinum", "80+ gold": "gold", "80+ silver": "silver",
    "80+ bronze": "bronze", "80+ standard": "plus", "80+ white": "plus", "80+": "plus",
}  # fmt: skip


def eight_pin_rule(wattage: float) -> int:
    for upper, count in EIGHT_PIN_RULE:
        if wattage <= upper:
            return count
    return EIGHT_PIN_RULE[-1][1]


#: A level named in the product name: PCPartPicker's ("Silverstone Extreme 850R Platinum") or BuildCores' in its
#: "80+ Gold" form (BuildCores names also carry colours, so a bare "Silver" there may be one; a Cybenetics level is
#: another scale and is not read).
_PCPP_NAME_LEVEL = re.compile(r"(?<!cybenetics )\b(titanium|platinum|gold|silver|bronze)\b", re.IGNORECASE)
_BC_NAME_LEVEL = re.compile(r"\b80\s?(?:\+|plus)\s?(titanium|platinum|gold|silver|bronze)\b", re.IGNORECASE)


def efficiency_of(
    pcpartpicker: str | None, buildcores: str | None, pcpp_name: str = "", bc_name: str = ""
) -> tuple[str, bool]:
    """(80 PLUS level, inferred?): PCPartPicker's rating, else BuildCores'; else a level the product name states
    (inferred); with none, `none` (unrated: the conservative reading of an unknown rating), flagged inferred."""
    value = (pcpartpicker or "").strip().lower()
    if value in EFFICIENCY:
        return value, False
    level = _BUILDCORES_EFFICIENCY.get((buildcores or "").strip().lower())
    if level is not None:
        return level, False
    named = _PCPP_NAME_LEVEL.search(pcpp_name or "") or _BC_NAME_LEVEL.search(bc_name or "")
    if named:
        return named.group(1).lower(), True
    return "none", True


def _ignore_for(wattage: float):
    """Words BuildCores adds or spells differently: efficiency, modularity, the unit's own wattage."""
    own = {str(int(wattage)), f"{int(wattage)}w"}

    def ignore(word: str) -> bool:
        return word in own or _ignore(word)

    return ignore


def _ignore(word: str) -> bool:
    return (
        re.fullmatch(
            r"80|plus|gold|bronze|silver|platinum|titanium|white|fully|full|semi|non|modular|"
            r"certified|atx|atx3|sfx|power|supply|psu|w",
            word,
        )
        is not None
        or word in COLOR_WORDS
    )


def join(buildcores_rows: list[dict]) -> Join:
    """PSUs join BuildCores units of the same wattage; the key is (wattage, form factor)."""
    watts = {r["opendb_id"]: r.get("wattage") for r in buildcores_rows}
    matcher = Matcher(buildcores_rows)

    def key(src: dict) -> tuple[float, str] | Drop:
        wattage = src.get("wattage")
        if not wattage:
            return Drop("no wattage")
        form = psu_form_factor(src.get("type") or "")
        if form is None:
            return Drop(f"form factor not understood ({src.get('type')})")
        return wattage, form

    def find(src: dict, key: tuple[float, str]) -> Match:
        wattage = key[0]
        return matcher.find(
            src["name"], accept=lambda row: watts.get(row["opendb_id"]) == wattage, ignore=_ignore_for(wattage)
        )

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
    bc_name = ((bc or {}).get("metadata") or {}).get("name") or ""
    efficiency, efficiency_inferred = efficiency_of(
        src.get("efficiency"), (bc or {}).get("efficiency_rating"), src["name"], bc_name
    )
    if efficiency_inferred:
        prov.infer("efficiency")
    input_voltage = "any"
    if wattage > FULL_RANGE_WATTS:
        input_voltage = "230v"
        prov.infer("input_voltage")
    base = " ".join(src["name"].split())
    name = base if re.search(rf"\b{int(wattage)}\s?W?\b", base, re.IGNORECASE) else f"{base} {int(wattage)} W"
    return {
        "name": name,
        "wattage": number(wattage),
        "form_factor": form,
        "pcie_8pin": str(int(eight)),
        "pcie_16pin": str(int(sixteen or 0)),
        "efficiency": efficiency,
        "input_voltage": input_voltage,
        "modular": str(src.get("modular") or "").lower(),
        "source": "pcpartpicker+buildcores" if bc is not None else "pcpartpicker",
        "spec_source": prov.cell(),
    }
