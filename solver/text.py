"""How quantities read in messages and output: dollars to the cent, performance to 4 decimals in tables
and exact floats in JSON, whole numbers without decimals; and text from catalog and scenario files made
safe to print on a terminal. The one home of these helpers."""

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
    """ "$1,234.50"; "-" for no amount. Whole cents exactly, however many (a float drops digits past 2**53)."""
    if cents is None:
        return "-"
    if isinstance(cents, int):
        dollars_, rest = divmod(abs(cents), 100)
        return f"${'-' if cents < 0 else ''}{dollars_:,}.{rest:02d}"
    return f"${cents / 100:,.2f}"


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


#: Characters a terminal acts on instead of showing: C0 controls but the line break (ESC starts colour
#: changes and OSC sequences that retitle the window; CR and backspace overwrite what was printed), DEL,
#: C1 controls (0x9b is an 8-bit CSI) and the bidirectional overrides and isolates that reorder what a
#: line shows.
TERMINAL_CONTROLS = frozenset(
    {*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    - {0x0A}
)
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in TERMINAL_CONTROLS} | {0x09: "\\t", 0x0D: "\\r"}


def printable(text: str) -> str:
    """`text` safe to print on a terminal: each of TERMINAL_CONTROLS shown as Python writes its escape (ESC
    as \\x1b, a tab as \\t); line breaks stay. Tables, CSV and messages pass through it, since their text
    comes from catalog and scenario files."""
    return text.translate(_ESCAPES)


_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in TERMINAL_CONTROLS}


def json_printable(text: str) -> str:
    """JSON text (json.dumps's) with every one of TERMINAL_CONTROLS as a \\u escape: it reads back as the
    same data (json.dumps escapes C0 controls itself, but leaves DEL, C1 and the bidi controls raw)."""
    return text.translate(_JSON_ESCAPES)
