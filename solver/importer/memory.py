"""memory.csv: priced desktop memory kits (unbuffered DIMMs) of a type some catalog board takes."""
from __future__ import annotations

import re

from .match import COLOR_WORDS, Matcher
from .report import CategoryReport
from .rows import Provenance, keep_cheapest, make_id, money, number, priced_rows
from .sources import PCPP_PRICE_DATE

COLUMNS = [
    "id", "name", "price_usd", "memory_type", "modules", "module_gb", "capacity_gb", "speed_mts",
    "cas_latency", "ecc", "buildcores_id", "match", "price_date", "source", "spec_source",
]

#: Laptop modules and registered server modules, recognisable in names when BuildCores has no row:
#: "SODIMM"/"SO-DIMM", Corsair's CMSO part prefix, Kingston ValueRAM's "SO" and "R" (registered) codes.
_SODIMM_NAME = re.compile(r"so-?dimm|\bcmso|d\d?so|\bsodimm\b", re.IGNORECASE)
_REGISTERED_NAME = re.compile(r"registered|\brdimm\b|\blrdimm\b|\bKSM\d+R|D\dR\d", re.IGNORECASE)


def _ignore(word: str) -> bool:
    return re.fullmatch(r"\d+(gb)?|gb|ddr\d|cl\d+|\d+mhz|kit", word) is not None or word in COLOR_WORDS


def build_memory(pcpp_rows: list[dict], buildcores_rows: list[dict], board_types: set[str],
                 report: CategoryReport) -> list[dict]:
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
    out = []
    for src, cents in priced_rows(pcpp_rows, report):
        speed = src.get("speed") or [None, None]
        modules = src.get("modules") or [None, None]
        if not speed[0] or not modules[0] or not modules[1]:
            report.drop("no memory generation or module layout")
            continue
        memory_type = f"DDR{int(speed[0])}"
        if memory_type not in board_types:
            report.drop(f"no catalog board takes {memory_type}")
            continue
        want = (memory_type, modules[0], modules[1], speed[1])
        found = matcher.find(
            src["name"], accept=lambda row, w=want: layout[row["opendb_id"]] == w, ignore=_ignore
        )
        report.matched[found.how or "none"] += 1
        row = _memory_row(src, cents, memory_type, modules, speed, found.row, found.how)
        if isinstance(row, str):
            report.drop(row)
            continue
        out.append(row)
    return keep_cheapest(out, report)


def _memory_row(src: dict, cents: int, memory_type: str, modules: list, speed: list, bc: dict | None,
                how: str) -> dict | str:
    prov = Provenance(["pcpartpicker"])
    # BuildCores' registered/ecc/form_factor fields are often left at their defaults (rows named
    # "... Registered ..." say "Unbuffered"), so both names are read as well as the fields.
    bc_name = ((bc or {}).get("metadata") or {}).get("name") or ""
    names = f"{src['name']} {bc_name}"
    form = ((bc or {}).get("form_factor") or "").lower()
    if bc is not None:
        prov.use("buildcores")
    if "so-dimm" in form or _SODIMM_NAME.search(names):
        return "SO-DIMM (laptop) kit"
    if (bc or {}).get("registered") == "Registered" or _REGISTERED_NAME.search(names):
        return "registered (RDIMM) kit: catalog boards take unbuffered DIMMs"
    ecc = (bc or {}).get("ecc") == "ECC" or re.search(r"\becc\b", names, re.IGNORECASE) is not None
    count, size = int(modules[0]), modules[1]
    base = " ".join(src["name"].split())
    layout = f"({count} x {number(size)} GB)"
    mts = f"{memory_type}-{int(speed[1])}" if speed[1] else memory_type
    cl = src.get("cas_latency")
    name = f"{base} {layout} {mts}" + (f" CL{number(cl)}" if cl else "")
    return {
        "id": make_id(name),
        "name": name,
        "price_usd": money(cents),
        "memory_type": memory_type,
        "modules": str(count),
        "module_gb": number(size),
        "capacity_gb": number(count * size),
        "speed_mts": str(int(speed[1])) if speed[1] else "",
        "cas_latency": number(cl) if cl else "",
        "ecc": "true" if ecc else "false",
        "buildcores_id": (bc or {}).get("opendb_id", ""),
        "match": how or "none",
        "price_date": PCPP_PRICE_DATE,
        "source": "pcpartpicker+buildcores" if bc is not None else "pcpartpicker",
        "spec_source": prov.cell(),
        "_cents": cents,
    }
