"""How quantities read in messages and output: dollars to the cent, performance to 4 decimals in tables
and exact floats in JSON, whole numbers without decimals. The one home of these helpers."""
from __future__ import annotations

from fractions import Fraction


def num(value: Fraction | int | float) -> str:
    """A quantity for messages: whole numbers without decimals, others with up to 2."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{int(value):,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def usd(cents: int | None) -> str:
    """"$1,234.50"; "-" for no amount."""
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
