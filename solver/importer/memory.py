"""memory.csv: priced desktop memory kits of a type some catalog board takes (unbuffered, or registered DIMMs
for the workstation boards that take those: memory_type "DDR5 RDIMM")."""

from __future__ import annotations

import re

from .join import JOINED_COLUMNS, Drop, Join
from .match import COLOR_WORDS, Match, Matcher
from .rows import Provenance, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "memory_type",
    "modules",
    "module_gb",
    "capacity_gb",
    "speed_mts",
    "cas_latency",
    "ecc",
    *JOINED_COLUMNS,
]

#: Laptop modules and registered server modules, recognisable in names when BuildCores has no row:
#: "SODIMM"/"SO-DIMM", Corsair's CMSO part prefix, Kingston ValueRAM's "SO" and "R" (registered) codes.
_SODIMM_NAME = re.compile(r"so-?dimm|\bcmso|d\d?so|\bsodimm\b", re.IGNORECASE)
_REGISTERED_NAME = re.compile(r"registered|\brdimm\b|\blrdimm\b|\bKSM\d+R|D\dR\d", re.IGNORECASE)


def _ignore(word: str) -> bool:
    return re.fullmatch(r"\d+(gb)?|gb|ddr\d|cl\d+|\d+mhz|kit", word) is not None or word in COLOR_WORDS


#: The memory_type of registered (RDIMM) kits and of the boards that take only those: a distinct type, so that the
#: solver's type equality (rule R5) keeps unbuffered and registered DIMMs apart.
RDIMM = "RDIMM"


def registered_type(generation: str) -> str:
    return f"{generation} {RDIMM}"


def join(buildcores_rows: list[dict], board_types: set[str]) -> Join:
    """Kits of a DDR generation some catalog board takes join BuildCores kits of the same layout.

    The key is (DDR generation, modules, GB per module, MT/s), compared with BuildCores' own fields. Whether a
    kit is registered is known only after the join (BuildCores' name says so); it then needs a board of the
    registered type.
    """
    generations = {t.split()[0] for t in board_types}
    layout = {
        r["opendb_id"]: (
            (r.get("ram_type") or "").upper(),
            (r.get("modules") or {}).get("quantity"),
            (r.get("modules") or {}).get("capacity_gb"),
            r.get("speed"),
        )
        for r in buildcores_rows
    }
    matcher = Matcher(buildcores_rows)

    def key(src: dict) -> tuple | Drop:
        speed = src.get("speed") or [None, None]
        modules = src.get("modules") or [None, None]
        if not speed[0] or not modules[0] or not modules[1]:
            return Drop("no memory generation or module layout")
        memory_type = f"DDR{int(speed[0])}"
        if memory_type not in generations:
            return Drop(f"no catalog board takes {memory_type}")
        return memory_type, modules[0], modules[1], speed[1]

    def find(src: dict, key: tuple) -> Match:
        return matcher.find(src["name"], accept=lambda row: layout[row["opendb_id"]] == key, ignore=_ignore)

    return Join(lambda src, key, bc: _memory_row(src, key, bc, board_types), key, find)


def _memory_row(src: dict, key: tuple, bc: dict | None, board_types: set[str]) -> dict | Drop:
    generation, modules, size, mts = key
    prov = Provenance(["pcpartpicker"])
    # BuildCores' registered/ecc/form_factor fields are often left at their defaults (rows named
    # "... Registered ..." say "Unbuffered"), so both names are read as well as the fields.
    bc_name = ((bc or {}).get("metadata") or {}).get("name") or ""
    names = f"{src['name']} {bc_name}"
    form = ((bc or {}).get("form_factor") or "").lower()
    if bc is not None:
        prov.use("buildcores")
    if "so-dimm" in form or _SODIMM_NAME.search(names):
        return Drop("SO-DIMM (laptop) kit")
    registered = (bc or {}).get("registered") == "Registered" or _REGISTERED_NAME.search(names) is not None
    memory_type = registered_type(generation) if registered else generation
    if memory_type not in board_types:
        return Drop(f"no catalog board takes {memory_type}" + (" (registered kit)" if registered else ""))
    ecc = registered or (bc or {}).get("ecc") == "ECC" or re.search(r"\becc\b", names, re.IGNORECASE) is not None
    count = int(modules)
    base = " ".join(src["name"].split())
    layout = f"({count} x {number(size)} GB)"
    speed_text = f"{generation}-{int(mts)}" if mts else generation
    if registered:
        speed_text += f" {RDIMM}"
    cl = src.get("cas_latency")
    name = f"{base} {layout} {speed_text}" + (f" CL{number(cl)}" if cl else "")
    return {
        "name": name,
        "memory_type": memory_type,
        "modules": str(count),
        "module_gb": number(size),
        "capacity_gb": number(count * size),
        "speed_mts": str(int(mts)) if mts else "",
        "cas_latency": number(cl) if cl else "",
        "ecc": "true" if ecc else "false",
        "source": "pcpartpicker+buildcores" if bc is not None else "pcpartpicker",
        "spec_source": prov.cell(),
    }
