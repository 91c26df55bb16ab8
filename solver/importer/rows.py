"""Cells every category builder writes the same way: provenance, prices, numbers, ids and display names."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .match import slugify


@dataclass
class Provenance:
    """Which datasets gave a row's specs, and which fields a documented rule filled instead."""

    sources: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)

    def use(self, source: str) -> None:
        if source not in self.sources:
            self.sources.append(source)

    def infer(self, *fields: str) -> None:
        for name in fields:
            if name not in self.inferred:
                self.inferred.append(name)

    def cell(self) -> str:
        text = "+".join(self.sources)
        if self.inferred:
            text += ";inferred:" + ",".join(self.inferred)
        return text


def price_cents(value) -> int | None:
    """A PCPartPicker price as whole cents, or None when the row has no usable price."""
    try:
        price = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(price) or price <= 0:
        return None
    return int(round(price * 100))


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def number(value: float | int | None, decimals: int = 2) -> str:
    """A plain number cell: integers without a decimal point, others with at most `decimals` digits."""
    if value is None:
        return ""
    value = round(float(value), decimals)
    if value == int(value):
        return str(int(value))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def has_capacity(name: str, gigabytes: float) -> bool:
    """True when the name already states this capacity ("24G", "24GB", "24 GB")."""
    size = number(gigabytes, 1)
    return re.search(rf"(?<![\d.]){re.escape(size)}\s?g(b)?\b", name, re.IGNORECASE) is not None


def make_id(name: str) -> str:
    return slugify(name)
