"""Checks a built catalog: the solver's own loader for the file rules (§1), then the importer's promises."""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..catalog import load_catalog
from ..errors import InputError
from .wiring import parse_slots, wiring_problems

#: Columns every part file of a built catalog carries besides the spec's (where each row came from).
PROVENANCE = ("price_date", "source", "spec_source")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def verify_catalog(catalog_dir: Path) -> list[str]:
    """Problems found, one line each naming file, row and column; an empty list means the catalog is sound."""
    try:
        catalog = load_catalog(catalog_dir)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    problems: list[str] = []
    for stem, parts in catalog.parts.items():
        columns = set(catalog.tables[stem].columns)
        for column in PROVENANCE:
            if column not in columns:
                problems.append(f"{stem}.csv: column {column} missing (every part says where it came from)")
        for part in parts:
            if not _SLUG.match(part.id):
                problems.append(f"{stem}.csv line {part.line}, column id: {part.id!r} is not a slug of the name")
    for part in catalog.parts["gpus"]:
        if part["chipset"] not in catalog.gpu_models:
            problems.append(f"gpus.csv line {part.line}, column chipset: {part['chipset']!r} has no gpu_models row")
    problems += _slot_problems(catalog)
    problems += _power_problems(Path(catalog_dir), catalog)
    for name, workload in catalog.workloads.items():
        column = workload["perf_column"]
        unrated = sorted(chip for chip, values in catalog.gpu_models.items() if values.get(column) is None)
        if unrated:
            problems.append(f"gpu_models.csv column {column}: no rating for {unrated[0]!r} (used by workload {name!r})")
    return problems


def _slot_problems(catalog) -> list[str]:
    """Boards whose `gpu_slots` claim what the platform cannot wire (more CPU lanes than it has, a CPU split on a
    chipset that never splits, PCIe 4.0 on X299, ...). A malformed cell, or one that lists other than `x16_slots`
    slots, never gets here: the loader refuses it first, naming the line (solver.catalog)."""
    table = catalog.tables.get("motherboards")
    if table is None or "gpu_slots" not in table.columns:
        return []
    problems = []
    for line, cells in zip(table.lines, table.records()):
        text = str(cells["gpu_slots"] or "").strip()
        if not text:
            continue  # the solver derives the conservative wiring (contract v2 §1)
        where = f"motherboards.csv line {line}, column gpu_slots"
        slots = parse_slots(text)
        chipset = str(cells.get("chipset", "") or "").strip()
        for problem in wiring_problems(str(cells.get("socket", "")).strip(), chipset, slots):
            problems.append(f"{where}: {problem}")
    return problems


def _power_problems(catalog_dir: Path, catalog) -> list[str]:
    """The importer's promises about power (build model v2): every gpu_models.csv `power_class` is a class of
    power_limits.csv, and within a class a lower level never keeps more throughput. (A solver reading the
    contract alone would silently fall back to full power for an unknown class.)"""
    path = catalog_dir / "power_limits.csv"
    table = catalog.tables.get("gpu_models")
    if table is None or "power_class" not in table.columns or not path.is_file():
        return []
    problems = []
    factors: dict[str, list[tuple[int, Decimal, int]]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                level, factor = int(row.get("level_pct") or ""), Decimal(row.get("factor") or "")
            except (ValueError, InvalidOperation):
                problems.append(
                    f"power_limits.csv line {line}: level_pct {row.get('level_pct')!r} and factor "
                    f"{row.get('factor')!r} must be a whole number and a decimal"
                )
                continue
            factors.setdefault(row.get("power_class") or "", []).append((level, factor, line))
    for key, points in factors.items():
        points.sort()
        for (_, low, _), (_, high, line) in zip(points, points[1:]):
            if low > high:
                problems.append(
                    f"power_limits.csv line {line}, column factor: class {key!r} keeps {high} at this "
                    f"level but {low} at a lower one"
                )
    for line, cells in zip(table.lines, table.records()):
        key = str(cells["power_class"] or "").strip()
        if key and key not in factors:
            problems.append(
                f"gpu_models.csv line {line}, column power_class: {key!r} is not a class of power_limits.csv"
            )
    return problems
