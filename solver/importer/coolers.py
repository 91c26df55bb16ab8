"""coolers.csv: priced CPU coolers with the catalog sockets they mount on, from BuildCores."""
from __future__ import annotations

import re

from .match import COLOR_WORDS, Matcher
from .platforms import normalize_socket, sockets
from .report import CategoryReport
from .rows import Provenance, keep_cheapest, make_id, money, number, priced_rows
from .sources import PCPP_PRICE_DATE

COLUMNS = [
    "id", "name", "price_usd", "sockets", "kind", "height_mm", "radiator_mm", "buildcores_id", "match",
    "price_date", "source", "spec_source",
]

#: BuildCores socket spellings that name a catalog socket differently ("LGA 1151v2" is the Coffee Lake
#: keying of LGA1151, which PCPartPicker's boards list as LGA1151).
_SOCKET_ALIASES = {"LGA1151v2": "LGA1151"}


def _ignore_for(radiator_mm: float | None):
    """Descriptive words and the AIO's own radiator size ("360" vs BuildCores' "360mm")."""
    own = {str(int(radiator_mm)), f"{int(radiator_mm)}mm"} if radiator_mm else set()

    def ignore(word: str) -> bool:
        return word in own or _ignore(word)

    return ignore


def _ignore(word: str) -> bool:
    return (
        re.fullmatch(r"\d+mm|cfm|air|liquid|cooler|cpu|aio|all|in|one|argb|rgb|mm|fan|black|white|sync",
                     word) is not None
        or word in COLOR_WORDS
    )


def catalog_sockets(raw: list[str] | None) -> list[str]:
    known = set(sockets())
    found = set()
    for socket in raw or []:
        name = normalize_socket(socket)
        name = _SOCKET_ALIASES.get(name, name)
        if name in known:
            found.add(name)
    return sorted(found)


def build_coolers(pcpp_rows: list[dict], buildcores_rows: list[dict], report: CategoryReport) -> list[dict]:
    kind = {r["opendb_id"]: (bool(r.get("water_cooled")), r.get("radiator_size")) for r in buildcores_rows}
    matcher = Matcher(buildcores_rows)
    out = []
    for src, cents in priced_rows(pcpp_rows, report):
        is_aio = src.get("size") is not None  # PCPartPicker gives a radiator size for liquid coolers only
        size = src.get("size")
        found = matcher.find(
            src["name"],
            # Same kind, and for an AIO the same radiator (BuildCores lists 240/280/360 variants apart).
            accept=lambda row, a=is_aio, r=size: kind[row["opendb_id"]][0] == a
            and (not a or kind[row["opendb_id"]][1] in (None, r)),
            ignore=_ignore_for(size),
        )
        report.matched[found.how or "none"] += 1
        if found.row is None:
            report.drop("no BuildCores match (sockets unknown)")
            continue
        row = _cooler_row(src, cents, is_aio, found.row, found.how)
        if isinstance(row, str):
            report.drop(row)
            continue
        out.append(row)
    return keep_cheapest(out, report)


def _cooler_row(src: dict, cents: int, is_aio: bool, bc: dict, how: str) -> dict | str:
    prov = Provenance(["pcpartpicker", "buildcores"])
    socket_list = catalog_sockets(bc.get("cpu_sockets"))
    if not socket_list:
        return "mounts on no catalog socket"
    height = radiator = None
    if is_aio:
        radiator = src.get("size") or bc.get("radiator_size")
        if not radiator:
            return "AIO without a radiator size"
    else:
        height = bc.get("height")
        if not height:
            return "air cooler without a height"
    base = " ".join(src["name"].split())
    name = base
    if is_aio and not re.search(rf"\b{int(radiator)}\b", base):
        name = f"{base} {int(radiator)} mm"
    return {
        "id": make_id(name),
        "name": name,
        "price_usd": money(cents),
        "sockets": ";".join(socket_list),
        "kind": "aio" if is_aio else "air",
        "height_mm": number(height) if height else "",
        "radiator_mm": number(radiator) if radiator else "",
        "buildcores_id": bc.get("opendb_id", ""),
        "match": how,
        "price_date": PCPP_PRICE_DATE,
        "source": "pcpartpicker+buildcores",
        "spec_source": prov.cell(),
        "_cents": cents,
    }
