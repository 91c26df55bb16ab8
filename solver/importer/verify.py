"""Checks a built catalog against the spec's file rules (§1) and the importer's own promises."""
from __future__ import annotations

import re
from pathlib import Path

from .writer import read_csv

_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")
_PERF = re.compile(r"^\d+(\.\d{1,3})?$")

#: Required columns per file (spec §1) and how each must parse.
REQUIRED: dict[str, dict[str, str]] = {
    "gpu_models": {"chipset": "text", "perf": "perf"},
    "gpus": {"chipset": "text", "memory_gb": "pos", "tdp_w": "pos", "slot_width": "pos", "length_mm": "pos",
             "cooling": "enum:blower,open-air,water", "pcie_8pin": "count", "pcie_16pin": "count"},
    "cpus": {"socket": "text", "cores": "int1", "threads": "int1", "tdp_w": "nonneg", "pcie_lanes": "count",
             "includes_cooler": "enum:true,false"},
    "motherboards": {"socket": "text", "form_factor": "text", "memory_type": "text", "memory_slots": "int1",
                     "max_memory_gb": "pos", "x16_slots": "count", "slot_pitch": "int1", "m2_slots": "count"},
    "memory": {"memory_type": "text", "modules": "int1", "module_gb": "pos"},
    "psus": {"wattage": "pos", "form_factor": "text", "pcie_8pin": "count", "pcie_16pin": "count"},
    "cases": {"motherboard_form_factors": "list", "psu_form_factors": "list", "max_gpu_length_mm": "nonneg",
              "expansion_slots": "count", "max_cooler_height_mm": "nonneg", "max_radiator_mm": "nonneg"},
    "coolers": {"sockets": "list", "kind": "enum:air,aio", "height_mm": "pos?", "radiator_mm": "pos?"},
    "storage": {"interface": "enum:nvme,sata", "capacity_gb": "pos"},
    "workloads": {"workload": "text", "min_gpu_memory_gb": "nonneg", "threads_per_gpu": "int1", "source": "text"},
}
UNPRICED = {"gpu_models", "workloads"}


def _bad(kind: str, value: str) -> str | None:
    """Why value does not parse as kind, or None."""
    if kind.endswith("?"):
        if value == "":
            return None
        kind = kind[:-1]
    if kind == "text":
        return None if value.strip() else "empty"
    if kind.startswith("enum:"):
        choices = kind[5:].split(",")
        return None if value in choices else f"{value!r} not one of {', '.join(choices)}"
    if kind == "list":
        items = value.split(";")
        return None if value and all(i.strip() for i in items) else "list with an empty item"
    if kind == "perf":
        if not _PERF.match(value) or float(value) <= 0:
            return f"{value!r} is not > 0 with at most 3 decimals"
        return None
    try:
        number = float(value)
    except ValueError:
        return f"{value!r} is not a number"
    if kind in ("count", "int1") and not re.fullmatch(r"\d+", value):
        return f"{value!r} is not a whole number"
    if kind == "int1" and number < 1:
        return f"{value} < 1"
    if kind == "pos" and number <= 0:
        return f"{value} <= 0"
    if kind == "nonneg" and number < 0:
        return f"{value} < 0"
    return None


def verify_catalog(catalog_dir: Path) -> list[str]:
    """Problems found, one line each naming file, row and column; an empty list means the catalog is sound."""
    catalog_dir = Path(catalog_dir)
    problems: list[str] = []
    tables: dict[str, list[dict[str, str]]] = {}
    for stem, columns in REQUIRED.items():
        path = catalog_dir / f"{stem}.csv"
        if not path.exists():
            problems.append(f"{stem}.csv: missing")
            continue
        rows = read_csv(path)
        tables[stem] = rows
        header = set(rows[0].keys()) if rows else set()
        needed = dict(columns)
        if stem not in UNPRICED:
            needed.update({"id": "text", "name": "text"})
        for column in needed:
            if rows and column not in header:
                problems.append(f"{stem}.csv: column {column} missing")
        key = "chipset" if stem == "gpu_models" else "workload" if stem == "workloads" else "id"
        seen: set[str] = set()
        for number, row in enumerate(rows, start=2):  # line 1 is the header
            for column, kind in needed.items():
                if column in row:
                    why = _bad(kind, row[column])
                    if why:
                        problems.append(f"{stem}.csv row {number} column {column}: {why}")
            if stem not in UNPRICED:
                price = row.get("price_usd", "")
                if not _MONEY.match(price) or float(price) <= 0:
                    problems.append(f"{stem}.csv row {number} column price_usd: {price!r} is not > 0 with 2 decimals")
                if row.get("id") and re.search(r"[^a-z0-9-]", row["id"]):
                    problems.append(f"{stem}.csv row {number} column id: {row['id']!r} is not a slug")
            value = row.get(key, "")
            if value in seen:
                problems.append(f"{stem}.csv row {number} column {key}: duplicate {value!r}")
            seen.add(value)
    models = {r["chipset"]: r for r in tables.get("gpu_models", [])}
    for number, row in enumerate(tables.get("gpus", []), start=2):
        if row.get("chipset") not in models:
            problems.append(f"gpus.csv row {number} column chipset: {row.get('chipset')!r} has no gpu_models row")
    model_columns = set(next(iter(models.values())).keys()) if models else set()
    for number, row in enumerate(tables.get("workloads", []), start=2):
        column = row.get("perf_column") or "perf"
        if column not in model_columns:
            problems.append(f"workloads.csv row {number} column perf_column: {column!r} is not a gpu_models column")
            continue
        for chip, model in models.items():
            if _bad("perf", model.get(column, "")):
                problems.append(f"gpu_models.csv chipset {chip!r} column {column}: {model.get(column)!r} unusable")
    return problems
