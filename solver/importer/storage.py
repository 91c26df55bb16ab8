"""storage.csv: priced internal drives that are NVMe (M.2) or SATA (2.5"/3.5"), from PCPartPicker alone."""

from __future__ import annotations

import re

from .join import PROVENANCE_COLUMNS, Drop, Join
from .rows import Provenance, number

COLUMNS = [
    "id",
    "name",
    "price_usd",
    "interface",
    "capacity_gb",
    "drive_type",
    "form_factor",
    "bus",
    *PROVENANCE_COLUMNS,
]


def interface_of(bus: str, form_factor: str) -> tuple[str | None, str]:
    """(catalog interface or None, reason when None) for PCPartPicker's interface and form factor."""
    bus = bus or ""
    form_factor = form_factor or ""
    if bus.startswith("M.2 PCIe"):
        return "nvme", ""
    if bus.startswith("SATA") and not form_factor.startswith("M.2") and form_factor in ("2.5", "3.5"):
        return "sata", ""
    if bus == "M.2 SATA" or (bus.startswith("SATA") and form_factor.startswith("M.2")):
        return None, "M.2 SATA drive (needs an M.2 slot wired for SATA; the model has no such interface)"
    if bus.startswith("PCIe"):
        return None, "PCIe add-in card drive (takes an expansion slot the GPU layout may need)"
    return None, f"interface outside the model ({bus or 'unknown'})"


def _capacity_text(gigabytes: float) -> str:
    if gigabytes >= 1000:
        return f"{number(gigabytes / 1000, 2)} TB"
    return f"{number(gigabytes)} GB"


def _storage_row(src: dict, key: None, spec: None) -> dict | Drop:
    capacity = src.get("capacity")
    if not capacity:
        return Drop("no capacity")
    interface, reason = interface_of(src.get("interface") or "", str(src.get("form_factor") or ""))
    if interface is None:
        return Drop(reason)
    kind = src.get("type")
    if kind == "SSD":
        kind_text = "NVMe SSD" if interface == "nvme" else "SATA SSD"
    elif kind:
        kind_text = f"{kind} RPM HDD"
    else:
        kind_text = "SATA drive"
    base = " ".join(src["name"].split())
    cap_text = _capacity_text(capacity)
    name = base if re.search(re.escape(cap_text), base, re.IGNORECASE) else f"{base} {cap_text}"
    return {
        "name": f"{name} {kind_text}",
        "interface": interface,
        "capacity_gb": number(capacity),
        "drive_type": "ssd" if kind == "SSD" else ("hdd" if kind else "unknown"),
        "form_factor": str(src.get("form_factor") or ""),
        "bus": src.get("interface") or "",
        "source": "pcpartpicker",
        "spec_source": Provenance(["pcpartpicker"]).cell(),
    }


#: BuildCores has no storage category: drives are built from PCPartPicker's own fields (match "none").
JOIN = Join(_storage_row)
