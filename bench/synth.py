"""Seeded synthetic catalogs: every part row copied k times with perturbed price and sizes, so a larger
catalog keeps the real one's structure (sockets, form factors, chipsets, slot geometry)."""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PART_FILES = ("gpus", "cpus", "motherboards", "memory", "psus", "cases", "coolers", "storage")
# Columns nudged by a few percent: sizes and ratings that rules compare, not the ones that join parts.
JITTER = {
    "gpus": ("length_mm", "tdp_w"),
    "cpus": ("tdp_w",),
    "psus": ("wattage",),
    "cases": ("max_gpu_length_mm", "max_cooler_height_mm"),
    "coolers": ("height_mm",),
    "storage": ("capacity_gb",),
}


def _nudge(text: str, rng: random.Random, low: float, high: float) -> str:
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    if value <= 0:
        return text
    return str((value * Decimal(str(rng.uniform(low, high)))).quantize(Decimal(1), rounding=ROUND_HALF_UP) or value)


def synthesize(source: Path, target: Path, factor: int, seed: int = 0) -> Path:
    """Write a catalog `factor` times the size of `source` to `target` (the first copy is the original)."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        stem = path.stem
        if stem not in PART_FILES:
            shutil.copyfile(path, target / path.name)
            continue
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames, list(reader)
        out = []
        for row in rows:
            out.append(row)
            for copy in range(1, factor):
                new = dict(row, id=f"{row['id']}-s{copy}", name=f"{row['name']} (synthetic {copy})")
                price = Decimal(row["price_usd"]) * Decimal(str(rng.uniform(0.85, 1.2)))
                new["price_usd"] = str(max(Decimal("0.01"), price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)))
                for column in JITTER.get(stem, ()):
                    if row.get(column):
                        new[column] = _nudge(row[column], rng, 0.95, 1.05)
                out.append(new)
        with open(target / path.name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(out)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--factor", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    synthesize(args.source, args.target, args.factor, args.seed)


if __name__ == "__main__":
    main()
