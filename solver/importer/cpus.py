"""cpus.csv: priced CPUs of the platforms in the lanes table, with threads and socket from BuildCores."""

from __future__ import annotations

import re

from .join import JOINED_COLUMNS, Drop, Join
from .match import Matcher, fold
from .platforms import excluded_reason, normalize_socket, platform_for, sockets
from .rows import Provenance, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "socket",
    "cores",
    "threads",
    "tdp_w",
    "pcie_lanes",
    "includes_cooler",
    "platform",
    "lanes_source",
    "microarchitecture",
    *JOINED_COLUMNS,
]

#: Intel unlocked (K/KF/KS) and X-series, Core Ultra K, and every Threadripper ship without a cooler
#: (Intel and AMD boxed-processor listings); BuildCores marks a few of them as including one.
_NEVER_BOXED_WITH_COOLER = re.compile(
    r"\bcore i[3579] \d{4,5}(k|kf|ks|x|xe)\b|\bcore ultra [579] 2\d\dkf?\b|threadripper"
)

_PACKAGING = re.compile(r"\b(oem|tray|wof|box|boxed)\b")


def _ignore(word: str) -> bool:
    # Packaging words are not part of PCPartPicker's names; BuildCores lists boxed and tray CPUs apart.
    return word in ("processor", "cpu", "desktop") or _PACKAGING.fullmatch(word) is not None


def join(buildcores_rows: list[dict]) -> Join:
    """CPUs join by name alone (BuildCores gives the socket PCPartPicker lacks)."""
    matcher = Matcher(buildcores_rows)
    return Join(
        _cpu_row,
        find=lambda src, key: matcher.find(src["name"], ignore=_ignore),
        unmatched=lambda src: _unmatched_reason(src.get("microarchitecture") or ""),
    )


#: PCPartPicker's microarchitecture of CPUs BuildCores does not list, mapped to the platform they need:
#: none of these platforms is in the lanes table (or, for LGA1151, Zen/Zen+ and Rocket Lake, the model
#: cannot tell which boards of the socket run them), so they are outside the model rather than lost.
_OLD_PLATFORMS = {
    "Skylake": "LGA1151", "Kaby Lake": "LGA1151", "Coffee Lake": "LGA1151", "Coffee Lake Refresh": "LGA1151",
    "Sandy Bridge": "LGA1155/LGA2011", "Ivy Bridge": "LGA1155/LGA2011", "Haswell": "LGA1150/LGA2011-3",
    "Haswell Refresh": "LGA1150", "Broadwell": "LGA1150/LGA2011-3", "Nehalem": "LGA1156/LGA1366",
    "Westmere": "LGA1156/LGA1366", "Core": "LGA775", "Wolfdale": "LGA775", "Yorkfield": "LGA775",
    "K10": "AM2+/AM3", "Bulldozer": "AM3+", "Piledriver": "AM3+/FM2", "Steamroller": "FM2+", "Excavator": "FM2+/AM4",
    "Lynx": "FM1", "Zen": "AM4 (Ryzen 1000)", "Zen+": "AM4 (Ryzen 2000)", "Rocket Lake": "LGA1200 (11th-gen Core)",
}  # fmt: skip


def _unmatched_reason(microarchitecture: str) -> str:
    platform = _OLD_PLATFORMS.get(microarchitecture)
    if platform:
        return f"no BuildCores match; {microarchitecture} needs {platform}, outside the model"
    return "no BuildCores match (socket and thread count unknown)"


def _cpu_row(src: dict, key: None, bc: dict) -> dict | Drop:
    prov = Provenance(["pcpartpicker", "buildcores"])
    socket = normalize_socket(bc.get("socket") or "")
    excluded = excluded_reason(socket, src["name"])
    if excluded:
        return Drop(excluded)
    platform = platform_for(socket, src["name"]) or platform_for(socket, (bc.get("metadata") or {}).get("name", ""))
    if platform is None:
        if socket in sockets():
            return Drop(f"CPU family without a row in the lanes table ({socket})")
        return Drop(f"socket not in the lanes table ({socket or 'unknown'})")
    cores_info = bc.get("cores") or {}
    cores = cores_info.get("total") or src.get("core_count")
    threads = cores_info.get("threads")
    if not cores or not threads:
        return Drop("no core or thread count")
    tdp = src.get("tdp") or (bc.get("specifications") or {}).get("tdp")
    if not tdp:
        return Drop("no TDP")
    includes = (bc.get("specifications") or {}).get("includesCooler")
    if includes and _NEVER_BOXED_WITH_COOLER.search(fold(src["name"])):
        # BuildCores says yes for some unlocked/HEDT SKUs that Intel and AMD sell without a cooler.
        includes = False
        prov.infer("includes_cooler")
    if includes is None:
        # Unknown: say no, so the solver always adds a cooler rather than leaving a CPU uncooled.
        includes = False
        prov.infer("includes_cooler")
    return {
        "name": " ".join(src["name"].split()),
        "socket": socket,
        "cores": str(int(cores)),
        "threads": str(int(threads)),
        "tdp_w": number(tdp),
        "pcie_lanes": str(platform.pcie_lanes),
        "includes_cooler": "true" if includes else "false",
        "platform": platform.key,
        "lanes_source": platform.url,
        "microarchitecture": src.get("microarchitecture") or "",
        "source": "pcpartpicker+buildcores",
        "spec_source": prov.cell().replace("buildcores", "buildcores+platforms", 1),
    }
