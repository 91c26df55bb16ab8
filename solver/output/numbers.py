"""How numbers look in output: dollars to the cent, performance to 6 significant digits or more."""
from __future__ import annotations

from fractions import Fraction


def usd(cents: int | None) -> str:
    return "-" if cents is None else f"${cents / 100:,.2f}"


def dollars(cents: int | None) -> float | None:
    """Cents as a JSON number of dollars, exact to the cent."""
    return None if cents is None else round(cents / 100, 2)


def perf(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.4f}"


def perf_json(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def per_thousand(performance: Fraction | None, cents: int | None) -> str:
    """Performance per $1,000, the unit people compare builds in."""
    if performance is None or not cents:
        return "-"
    return f"{float(performance * 100_000 / cents):.4f}"
