"""The CPU platform table: PCIe lanes a CPU offers for GPU slots, one vendor source per row."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .match import fold


@dataclass(frozen=True)
class Platform:
    """CPUs of one socket and generation that share a PCIe lane budget.

    pcie_lanes = the CPU's lanes left for expansion slots once the chipset link and the lanes the platform
    fixes to NVMe are taken; that is the number the solver compares with 8 lanes per GPU (spec R9).
    """

    key: str
    socket: str
    cpus: str  # which CPUs, in words
    pattern: str  # regex over the folded CPU name
    cpu_lanes_total: int
    pcie_lanes: int
    note: str
    url: str

    def covers(self, socket: str, cpu_name: str) -> bool:
        return socket == self.socket and re.search(self.pattern, fold(cpu_name)) is not None


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "am4-ryzen",
        "AM4",
        "Ryzen 3000-5000 desktop CPUs without integrated graphics",
        r"\bryzen [3579] [3-5]\d{3}(x3d|xt|x|f|t)?\b(?! ?g)",
        24,
        16,
        "24 lanes: 16 for the graphics slot(s) (x16, or x8/x8 on boards that split it), 4 for one NVMe "
        "slot, 4 to the chipset.",
        "https://www.amd.com/en/products/processors/desktops/ryzen/5000-series/amd-ryzen-9-5950x.html",
    ),
    Platform(
        "am5-ryzen",
        "AM5",
        "Ryzen 7000 and 9000 desktop CPUs",
        r"\bryzen [3579] (7\d{3}|9\d{3})(x3d|x|f)?\b(?! ?g)",
        28,
        16,
        "28 PCIe 5.0 lanes: 16 for graphics (x16 or x8/x8), 2 x4 for NVMe, 4 to the chipset. The Ryzen "
        "8000G/F APUs on the same socket have fewer graphics lanes and are left out.",
        "https://www.amd.com/en/products/processors/desktops/ryzen/7000-series/amd-ryzen-9-7950x.html",
    ),
    Platform(
        "lga1200-comet-lake",
        "LGA1200",
        "Core 10th generation desktop CPUs",
        r"\bcore i[3579] 10\d{3}",
        16,
        16,
        "16 PCIe 3.0 lanes from the CPU (x16 or x8/x8).",
        "https://www.intel.com/content/www/us/en/products/sku/199332/intel-core-i910900k-processor-20m-cache-up-to-5-30-ghz/specifications.html",
    ),
    Platform(
        "lga1700-alder-raptor",
        "LGA1700",
        "Core 12th-14th generation desktop CPUs",
        r"\bcore i[3579] 1[234]\d{3}",
        20,
        16,
        "16 PCIe 5.0 lanes for graphics (x16 or x8/x8) plus 4 PCIe 4.0 lanes for one NVMe slot.",
        "https://www.intel.com/content/www/us/en/products/sku/134599/intel-core-i912900k-processor-30m-cache-up-to-5-20-ghz/specifications.html",
    ),
    Platform(
        "lga1851-arrow-lake",
        "LGA1851",
        "Core Ultra 200S desktop CPUs",
        r"\bcore ultra [3579] 2\d{2}",
        24,
        16,
        "20 PCIe 5.0 lanes (16 for graphics, 4 for an NVMe slot) plus 4 PCIe 4.0 lanes for a second NVMe slot.",
        "https://www.intel.com/content/www/us/en/products/sku/241060/intel-core-ultra-9-processor-285k-36m-cache-up-to-5-70-ghz/specifications.html",
    ),
    Platform(
        "lga2066-skylake-x-28",
        "LGA2066",
        "Core i7-7800X and i7-7820X",
        r"\bcore i7 78[02]0x\b",
        28,
        28,
        "28 PCIe 3.0 lanes, all for slots and M.2 (the X299 chipset hangs off DMI).",
        "https://ark.intel.com/products/123589/Intel-Core-i7-7800X-X-series-Processor-8-25M-Cache-up-to-4-00-GHz-",
    ),
    Platform(
        "lga2066-skylake-x-44",
        "LGA2066",
        "Core i9-7900X to i9-7980XE",
        r"\bcore i9 79[0-8]0xe?\b",
        44,
        44,
        "44 PCIe 3.0 lanes, all for slots and M.2 (chipset on DMI).",
        "https://ark.intel.com/products/123613/Intel-Core-i9-7900X-X-series-Processor-13_75M-Cache-up-to-4_30-GHz",
    ),
    Platform(
        "lga2066-skylake-x-refresh",
        "LGA2066",
        "Core i7-9800X and i9-9820X to i9-9980XE",
        r"\bcore i[79] 9[89][0-8]0xe?\b",
        44,
        44,
        "44 PCIe 3.0 lanes, all for slots and M.2 (chipset on DMI).",
        "https://ark.intel.com/content/www/us/en/ark/products/189126/intel-core-i9-9980xe-extreme-edition-processor-24-75m-cache-up-to-4-50-ghz.html",
    ),
    Platform(
        "lga2066-cascade-lake-x",
        "LGA2066",
        "Core i9-10900X to i9-10980XE",
        r"\bcore i9 109[0-8]0xe?\b",
        48,
        48,
        "48 PCIe 3.0 lanes, all for slots and M.2 (chipset on DMI).",
        "https://www.intel.com/content/www/us/en/products/sku/198017/intel-core-i910980xe-extreme-edition-processor-24-75m-cache-3-00-ghz/specifications.html",
    ),
    Platform(
        "str4-threadripper-1000-2000",
        "sTR4",
        "Ryzen Threadripper 1000 and 2000",
        r"\bthreadripper [12]\d{3}(x|wx)\b",
        64,
        60,
        "64 PCIe 3.0 lanes, 4 of them the chipset link: 60 for slots and M.2 (typical X399 boards wire "
        "x16/x8/x16/x8 to four x16-length slots).",
        "https://www.amd.com/en/products/cpu/amd-ryzen-threadripper-2990wx",
    ),
    Platform(
        "strx4-threadripper-3000",
        "sTRX4",
        "Ryzen Threadripper 3000 (3960X, 3970X, 3990X)",
        r"\bthreadripper 39[6-9]0x\b",
        64,
        56,
        "64 PCIe 4.0 lanes, 8 of them the TRX40 chipset link: 56 for slots and M.2 (typical TRX40 boards "
        "wire 48 of them to four x16-length slots as x16/x8/x16/x8).",
        "https://www.amd.com/en/products/cpu/amd-ryzen-threadripper-3990x",
    ),
    # The many-lane platforms of today. No AMD or Intel product page was in the stored sources; the figures come
    # from the secondary sources named (docs/catalog.md "The CPU lanes table").
    Platform(
        "str5-threadripper-pro",
        "sTR5",
        "Ryzen Threadripper PRO 7000 WX and 9000 WX",
        r"\bthreadripper (pro )?[79]9[4-9]5wx\b",
        128,
        128,
        "128 PCIe 5.0 lanes on WRX90 boards (six of the ASUS WRX90E-SAGE SE's seven x16-length slots wired x16); "
        "a board's own slot list bounds what it wires.",
        "https://peerip.com/asus-wrx90e-sage-se-review-for-4-way-rtx-4090-ai-nodes-linux/",
    ),
    Platform(
        "str5-threadripper",
        "sTR5",
        "Ryzen Threadripper 7000 X and 9000 X",
        r"\bthreadripper [79]9[6-9]0x\b",
        48,
        48,
        "48 PCIe 5.0 lanes for slots and M.2 (inferred from the TRX50 boards' wiring: BuildCores' ASUS Pro WS "
        "TRX50-SAGE row gives 16+16+8 in slots and two x4 M.2, all PCIe 5.0; no AMD figure was found).",
        "https://github.com/buildcores/buildcores-open-db",
    ),
    Platform(
        "lga4677-xeon-w2400",
        "LGA4677",
        "Xeon W-2400 (w3-2423 to w7-2495X)",
        r"\bxeon w[3579] 24\d{2}x?\b",
        64,
        64,
        "64 PCIe 5.0 lanes (Intel's W790 launch, reported by SweClockers).",
        "https://www.sweclockers.com/nyhet/35696-intel-kontrar-amd-ryzen-threadripper-med-sapphire-rapids-och-56-karnor",
    ),
    Platform(
        "lga4677-xeon-w3400",
        "LGA4677",
        "Xeon W-3400 (w5-3423 to w9-3495X)",
        r"\bxeon w[579] 34\d{2}x?\b",
        112,
        112,
        "112 PCIe 5.0 lanes (Intel's W790 launch, reported by SweClockers).",
        "https://www.sweclockers.com/nyhet/35696-intel-kontrar-amd-ryzen-threadripper-med-sapphire-rapids-och-56-karnor",
    ),
)

#: CPUs left out on purpose although their socket has a row: the solver pairs CPU and board by socket
#: name only (spec R4), so a CPU generation that some boards of its socket cannot run would produce builds
#: that do not boot. Each entry: socket, pattern over the folded CPU name, the reason reported.
EXCLUDED: tuple[tuple[str, str, str], ...] = (
    ("AM4", r"\bryzen [3579] [12]\d{3}", "Ryzen 1000/2000 (Zen, Zen+): AMD B550 and A520 boards do not support them"),
    (
        "AM4",
        r"\bryzen [3579] [2-5]\d{3}g",
        "AM4 APU: graphics lanes differ by generation (x8 on Raven Ridge and Picasso)",
    ),
    ("AM5", r"\bryzen [3579] 8\d{3}", "Ryzen 8000G/F APU: fewer graphics lanes than the Ryzen 7000/9000 row"),
    ("LGA1200", r"\bcore i[3579] 11\d{3}", "11th-gen Core: Intel B460 and H410 boards do not support them"),
    (
        "LGA1151",
        r"",
        "LGA1151 is two platforms under one name (6th/7th gen on 100/200-series boards, 8th/9th gen on "
        "300-series boards)",
    ),
)

#: Threadripper 7000 X / 9000 X (non-PRO) run on TRX50 boards, not on WRX90 ones; the solver pairs CPU and board
#: by socket only, so they are left out of a catalog that has a WRX90 board (build.py).
NON_PRO_STR5 = r"\bthreadripper [79]9[6-9]0x\b"

#: BuildCores writes "LGA 1700", PCPartPicker "LGA1700"; the catalog uses PCPartPicker's spelling.
_SOCKET_FIXES = {"TR4": "sTR4", "STR5": "sTR5", "TR5": "sTR5"}


def normalize_socket(socket: str) -> str:
    text = re.sub(r"^LGA\s+", "LGA", (socket or "").strip())
    return _SOCKET_FIXES.get(text, text)


def platform_for(socket: str, cpu_name: str) -> Platform | None:
    """The table row covering this CPU, or None when no row does (the CPU is then dropped)."""
    socket = normalize_socket(socket)
    for platform in PLATFORMS:
        if platform.covers(socket, cpu_name):
            return platform
    return None


def excluded_reason(socket: str, cpu_name: str) -> str | None:
    """Why a CPU of a tabled socket is left out on purpose, or None."""
    socket = normalize_socket(socket)
    for sock, pattern, reason in EXCLUDED:
        if socket == sock and re.search(pattern, fold(cpu_name)):
            return reason
    return None


def sockets() -> list[str]:
    return sorted({p.socket for p in PLATFORMS})
