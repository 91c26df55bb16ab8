"""Multi-GPU data-parallel speed-up measured by Lambda, to compare with the spec's default scaling table."""
from __future__ import annotations

import math
import re

from .perf import VENDOR_LABS, _models, relative

#: spec §4 default scaling (what the solver uses unless a scenario replaces it).
SPEC_DEFAULT = {2: 1.87, 3: 2.78, 4: 3.66, 5: 4.5, 6: 5.35, 7: 6.2, 8: 7.06}

_MULTI = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)\s*x\s*(?P<rest>.+)$")
#: Server boards with NVLink/NVSwitch (SXM) scale differently from the PCIe cards a workstation takes.
_SERVER = re.compile(r"SXM|NVLink|p3\.|p4d", re.IGNORECASE)


def _split(name: str) -> tuple[str, int] | None:
    """("RTX 3090", 2) for "2x RTX 3090", ("LambdaCloud V100 16GB", 4) for "LambdaCloud 4xV100 16GB"."""
    m = _MULTI.match(name.strip())
    if not m:
        return None
    base = (m.group("prefix") + m.group("rest")).strip()
    return re.sub(r"\s+", " ", base), int(m.group("n"))


def speedups(rows: list[dict[str, str]], label: str) -> list[dict]:
    """Every n-GPU row whose 1-GPU row is in the same file: its speed-up (geometric mean over models)."""
    models = _models(rows)
    single = {re.sub(r"\s+", " ", r["name_gpu"].strip()): r for r in rows if float(r.get("num_gpu") or 0) == 1}
    out = []
    for row in rows:
        n = int(float(row.get("num_gpu") or 0))
        if n < 2:
            continue
        if row["name_gpu"].split()[0] in VENDOR_LABS:
            continue
        split = _split(row["name_gpu"])
        if split is None or split[0] not in single or split[1] != n:
            continue
        ratio, used = relative(row, single[split[0]], models)
        if used:
            out.append({
                "set": label,
                "gpu": split[0],
                "n": n,
                "speedup": ratio,
                "models": used,
                "pcie_workstation": _SERVER.search(row["name_gpu"]) is None
                and _SERVER.search(split[0]) is None and "Cloud" not in row["name_gpu"],
            })
    return out


def scaling_table(current: list[dict[str, str]], legacy: list[dict[str, str]]) -> dict:
    """Per-GPU speed-ups and, per GPU count, their geometric mean (all rows, and PCIe workstation cards)."""
    rows = speedups(current, "current") + speedups(legacy, "legacy_2022-07")
    rows.sort(key=lambda r: (r["n"], r["gpu"], r["set"]))
    summary = {}
    for n in sorted({r["n"] for r in rows}):
        entry = {"spec_default": SPEC_DEFAULT.get(n)}
        for key, keep in (("all", lambda r: True), ("pcie_workstation", lambda r: r["pcie_workstation"])):
            vals = [r["speedup"] for r in rows if r["n"] == n and keep(r)]
            if vals:
                entry[key] = round(math.exp(sum(math.log(v) for v in vals) / len(vals)), 3)
                entry[f"{key}_count"] = len(vals)
        summary[str(n)] = entry
    return {
        "per_gpu": [{**r, "speedup": round(r["speedup"], 3)} for r in rows],
        "by_count": summary,
    }
