"""coolers.csv: priced CPU coolers with the catalog sockets they mount on, from BuildCores."""

from __future__ import annotations

import re

from .join import JOINED_COLUMNS, Drop, Join
from .match import COLOR_WORDS, Match, Matcher
from .platforms import normalize_socket, sockets
from .rows import Provenance, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "sockets",
    "kind",
    "height_mm",
    "radiator_mm",
    *JOINED_COLUMNS,
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
        re.fullmatch(r"\d+mm|cfm|air|liquid|cooler|cpu|aio|all|in|one|argb|rgb|mm|fan|black|white|sync", word)
        is not None
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


def join(buildcores_rows: list[dict]) -> Join:
    """Coolers join BuildCores rows of the same kind, and an AIO one with the same radiator.

    The key is PCPartPicker's radiator size: it gives one for liquid coolers only.
    """
    kind = {r["opendb_id"]: (bool(r.get("water_cooled")), r.get("radiator_size")) for r in buildcores_rows}
    matcher = Matcher(buildcores_rows)

    def find(src: dict, radiator: float | None) -> Match:
        def accept(row: dict) -> bool:
            # BuildCores lists the 240/280/360 variants of an AIO apart.
            water, size = kind[row["opendb_id"]]
            return water == (radiator is not None) and (radiator is None or size in (None, radiator))

        return matcher.find(src["name"], accept=accept, ignore=_ignore_for(radiator))

    return Join(
        _cooler_row,
        key=lambda src: src.get("size"),
        find=find,
        unmatched=lambda src: "no BuildCores match (sockets unknown)",
    )


def _cooler_row(src: dict, radiator: float | None, bc: dict) -> dict | Drop:
    is_aio = radiator is not None
    prov = Provenance(["pcpartpicker", "buildcores"])
    socket_list = catalog_sockets(bc.get("cpu_sockets"))
    if not socket_list:
        return Drop("mounts on no catalog socket")
    height = None
    if is_aio:
        radiator = radiator or bc.get("radiator_size")
        if not radiator:
            return Drop("AIO without a radiator size")
    else:
        height = bc.get("height")
        if not height:
            return Drop("air cooler without a height")
    base = " ".join(src["name"].split())
    name = base
    if radiator is not None and not re.search(rf"\b{int(radiator)}\b", base):  # an AIO's (checked above)
        name = f"{base} {int(radiator)} mm"
    return {
        "name": name,
        "sockets": ";".join(socket_list),
        "kind": "aio" if is_aio else "air",
        "height_mm": number(height) if height else "",
        "radiator_mm": number(radiator) if radiator else "",
        "source": "pcpartpicker+buildcores",
        "spec_source": prov.cell(),
    }
