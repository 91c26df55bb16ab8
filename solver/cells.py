"""Parsing of single catalog and scenario values into exact Python values."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

TRUE_WORDS = {"true", "yes", "1"}
_PLAIN_DOLLARS = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")
#: Prices with two decimals, one a line, each within MAX_NUMBER_CHARS (the plain form _PLAIN_DOLLARS reads).
_CENTS_LINES = re.compile(r"[0-9]{1,37}\.[0-9]{2}(?:\n[0-9]{1,37}\.[0-9]{2})*")
FALSE_WORDS = {"false", "no", "0"}

#: Digits after the point any number may have (a column or key may allow fewer). Real quantities need
#: at most 3; the model turns every rule into exact integers by multiplying out denominators, and 18
#: decimals, or a TOML float's 17 digits, made those integers overflow 64 bits.
MAX_DECIMALS = 6
#: The longest text read as a number, and the largest power of ten written in one ("1e999999999"). Both
#: are checked before any conversion: an exact conversion of such a number takes minutes and gigabytes.
MAX_NUMBER_CHARS = 40
MAX_EXPONENT = 40
#: How much of a cell an error message quotes.
SHOWN_CHARS = 60


class CellError(ValueError):
    """A value that does not hold what its column or key expects; the message says what was expected."""


def shown(value: object) -> str:
    """A value as a message quotes it: its repr, cut short when it is long."""
    text = repr(value)
    if len(text) <= SHOWN_CHARS + 2:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters written out"
    return f"{text[:SHOWN_CHARS]}... ({size})"


def _decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise CellError(f"{shown(text)} is not a number (longer than {MAX_NUMBER_CHARS} characters)")
    try:
        value = Decimal(text.replace(",", "") if _is_grouped(text) else text)
    except InvalidOperation:
        raise CellError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise CellError(f"{text!r} is not a finite number")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "a finite Decimal's exponent is a whole number ('n', 'N', 'F' mark the others)"
    if abs(exponent) > MAX_EXPONENT:
        raise CellError(f"{text!r} is out of range (an exponent beyond {MAX_EXPONENT})")
    return value


def _is_grouped(text: str) -> bool:
    # "1,299.99" is a common way to write prices; a lone comma decimal ("1,5") is not accepted.
    head = text.split(".")[0].lstrip("+-")
    return "," in head and all(len(g) == 3 for g in head.split(",")[1:]) and head.split(",")[0] != ""


def decimals_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def parse_number(text: str, *, decimals: int | None = None) -> Fraction:
    """An exact decimal number; `decimals` caps the digits after the point (never above MAX_DECIMALS)."""
    value = _decimal(text.strip())
    limit = MAX_DECIMALS if decimals is None else min(decimals, MAX_DECIMALS)
    if decimals_of(value) > limit:
        raise CellError(f"{text!r} has more than {limit} decimals")
    return Fraction(value)


def parse_money_cents(text: str, *, maximum_usd: int) -> int:
    """Dollars (> 0, at most 2 decimals) as integer cents."""
    plain = len(text) <= MAX_NUMBER_CHARS and _PLAIN_DOLLARS.fullmatch(text)
    if plain:  # "1299.99", as nearly every catalog price is written: whole numbers, no Decimal needed
        cents = int(plain[1]) * 100 + int((plain[2] or "0").ljust(2, "0"))
        if 0 < cents <= maximum_usd * 100:
            return cents
    value = _decimal(text.strip().lstrip("$"))
    if decimals_of(value) > 2:
        raise CellError(f"{text!r} has more than 2 decimals (prices are dollars and cents)")
    if value <= 0:
        raise CellError(f"{text!r} is not a positive price")
    if value > maximum_usd:
        raise CellError(f"{text!r} is above the largest accepted price, ${maximum_usd:,}")
    return int(value * 100)


def parse_money_texts(texts: Iterable[str], *, maximum_usd: int) -> dict[str, int | CellError]:
    """Each text's cents as parse_money_cents reads it, or the CellError it raises: a catalog's price column
    at once. When every price is written with two decimals ("1299.99", as a catalog's prices are), one match
    over them all checks the form and each is read by int() without its point; else each is read in turn."""
    items = list(texts)
    limit = maximum_usd * 100
    lines = "\n".join(items)
    if _CENTS_LINES.fullmatch(lines):
        amounts = list(map(int, lines.replace(".", "").split("\n")))
        if min(amounts) > 0 and max(amounts) <= limit:
            return dict(zip(items, amounts))
    plain = _PLAIN_DOLLARS.fullmatch
    out: dict[str, int | CellError] = {}
    for text in items:
        found = plain(text) if len(text) <= MAX_NUMBER_CHARS else None
        if found:
            dollars, cents = found.groups()
            value = int(dollars) * 100 + (int(cents) * (10 if len(cents) == 1 else 1) if cents else 0)
            if 0 < value <= limit:
                out[text] = value
                continue
        try:
            out[text] = parse_money_cents(text, maximum_usd=maximum_usd)
        except CellError as exc:
            out[text] = exc
    return out


#: A whole number in plain digits, as most catalog cells hold one: read by int() alone (within MAX_NUMBER_CHARS).
PLAIN_WHOLE = re.compile(rf"[0-9]{{1,{MAX_NUMBER_CHARS}}}")


def parse_int(text: str) -> int:
    if PLAIN_WHOLE.fullmatch(text):
        return int(text)
    value = _decimal(text.strip())
    if value != value.to_integral_value():
        raise CellError(f"{text!r} is not a whole number")
    return int(value)


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"{text!r} is not true or false")


def parse_enum(text: str, choices: tuple[str, ...]) -> str:
    word = text.strip().lower()
    if word not in choices:
        raise CellError(f"{text!r} is not one of {', '.join(choices)}")
    return word


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> datetime.date:
    """A calendar date written YYYY-MM-DD (the one form price dates take, so that 03/04 is never guessed)."""
    word = text.strip()
    if not _ISO_DATE.fullmatch(word):
        raise CellError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(word)
    except ValueError:
        raise CellError(f"{text!r} is not a calendar date") from None


def parse_list(text: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in text.split(";"))
    items = tuple(item for item in items if item) if text.strip().endswith(";") else items
    if not items or any(not item for item in items):
        raise CellError(f"{text!r} is not a ';'-separated list of non-empty items")
    return items


def fraction_from_toml(value: object) -> Fraction:
    """A TOML number as the decimal the user wrote (0.1 stays exactly 1/10, not a binary float), with at
    most MAX_DECIMALS decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CellError(f"{shown(value)} is not a number")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise CellError(f"{value!r} is not a finite number")
    if isinstance(value, int):
        return Fraction(value)
    exact = Decimal(repr(value))
    if decimals_of(exact) > MAX_DECIMALS:
        raise CellError(f"{value!r} has more than {MAX_DECIMALS} decimals")
    return Fraction(exact)


@lru_cache(maxsize=4096)
def same(text: str) -> str:
    """The form in which socket, memory-type and form-factor names are compared ("Micro ATX" == "micro atx")."""
    return " ".join(text.split()).casefold()
