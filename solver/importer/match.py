"""Name normalisation, slugs and matching of priced PCPartPicker rows to BuildCores spec rows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: Words that never tell two products apart: colours (the solver does not care) and filler.
#: Words that name a different model when only the BuildCores name has them ("Battlecruiser" is not
#: "Battlecruiser II", "XC GAMING" is not "XC ULTRA GAMING"): such a row is never taken as a match.
VARIANT_WORDS = frozenset(
    "ii iii iv v2 v3 v4 v5 mk2 mkii mini xl xxl max pro plus lite se evo ultra elite slim compact nano".split()
)

COLOR_WORDS = frozenset(
    "black white silver grey gray red blue green yellow orange purple pink brown gold rgb argb "
    "snow carbon frost".split()
)


def fold(text: str) -> str:
    """Lowercase ASCII with every run of other characters turned into one space."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def compact(text: str) -> str:
    """Letters and digits only: part numbers compare equal across spacing and punctuation."""
    return fold(text).replace(" ", "")


def slugify(text: str) -> str:
    """A stable id: lowercase, [a-z0-9-], no leading/trailing or doubled hyphens."""
    return fold(text).replace(" ", "-")


def brand_of(name: str) -> str:
    """The first word of a product name, which both PCPartPicker and BuildCores start with the maker."""
    words = tokens(name)
    return words[0] if words else ""


@dataclass
class Candidate:
    """One BuildCores row prepared for matching."""

    row: dict
    name_tokens: list[str]
    all_tokens: set[str]
    part_numbers: set[str]


@dataclass
class Match:
    """The BuildCores row chosen for a priced row, and how it was chosen."""

    row: dict | None
    how: str  # "part-number", "name", "name+extra", or "" when nothing matched


@dataclass
class Matcher:
    """Finds the BuildCores row a PCPartPicker name describes.

    A row matches when every distinctive word of the priced name appears in the BuildCores name or part
    numbers (so "MSI GAMING X TRIO" never matches a "GAMING TRIO"); among those the row with the fewest words
    the priced name does not have wins (so "ROG STRIX GAMING OC" prefers "ROG STRIX GAMING OC" over
    "ROG STRIX BTF GAMING OC"). Order of trust: a name match with no extra words; then a priced name that
    is the maker's part number of a row of the same brand ("PNY VCNRTX6000ADA-PB"); then the closest name
    match with extra words ("name+extra").
    """

    rows: Iterable[dict]
    neutral: Callable[[str], bool] = lambda word: word in COLOR_WORDS
    variant_words: frozenset[str] = VARIANT_WORDS
    by_brand: dict[str, list[Candidate]] = field(default_factory=dict, init=False)
    by_part: dict[str, list[Candidate]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for row in self.rows:
            meta = row.get("metadata") or {}
            name = meta.get("name") or ""
            parts = {compact(p) for p in (meta.get("part_numbers") or []) if p and len(compact(p)) >= 5}
            name_tokens = tokens(name)
            all_tokens = set(name_tokens)
            for part in meta.get("part_numbers") or []:
                all_tokens.update(tokens(part or ""))
            cand = Candidate(row, name_tokens, all_tokens, parts)
            keys = {brand_of(name), brand_of(meta.get("manufacturer") or "")} - {""}
            for key in sorted(keys):
                self.by_brand.setdefault(key, []).append(cand)
            for part in sorted(parts):
                self.by_part.setdefault(part, []).append(cand)

    def find(
        self,
        name: str,
        accept: Callable[[dict], bool] = lambda row: True,
        ignore: Callable[[str], bool] = lambda word: False,
        tie_break: Callable[[dict], float] = lambda row: 0.0,
    ) -> Match:
        """The best row for a priced name.

        accept filters candidates (same chipset, same wattage, ...); ignore drops words of the priced name that
        need not appear in the BuildCores name (its chipset or capacity, which BuildCores spells differently);
        tie_break orders equally good rows (smaller first; e.g. the length difference of two GPUs).
        """
        # Parenthesised remarks ("(14nm)", "(Standard Folding Box)") are not in BuildCores names.
        words = tokens(re.sub(r"\([^)]*\)", " ", name))
        if not words:
            return Match(None, "")
        brand = words[0]
        rest = words[1:]
        wanted = [w for w in rest if not ignore(w) and not self.neutral(w)]
        best_key = None
        best_row = None
        best_extra = 0
        for cand in self.by_brand.get(brand, []):
            if not accept(cand.row):
                continue
            if any(w not in cand.all_tokens and not _joined_in(w, cand.name_tokens) for w in wanted):
                continue
            query = set(words)
            if any(w in self.variant_words and w not in query for w in cand.name_tokens):
                continue
            extra = sum(1 for w in cand.name_tokens if w not in query and not ignore(w) and not self.neutral(w))
            key = (extra, tie_break(cand.row), _row_key(cand.row))
            if best_key is None or key < best_key:
                best_key, best_row, best_extra = key, cand.row, extra
        if best_row is not None and best_extra == 0:
            return Match(best_row, "name")
        # A name that is brand + maker part number ("PNY VCNRTX6000ADA-PB", "ASRock B650 PRO RS").
        tail = "".join(rest)
        if len(tail) >= 5:
            hits = [c for c in self.by_part.get(tail, []) if accept(c.row) and brand in self._brands(c)]
            if hits:
                best = min(hits, key=lambda c: (tie_break(c.row), _row_key(c.row)))
                return Match(best.row, "part-number")
        if best_row is None:
            return Match(None, "")
        return Match(best_row, "name+extra")

    @staticmethod
    def _brands(cand: Candidate) -> set[str]:
        meta = cand.row.get("metadata") or {}
        return {brand_of(meta.get("name") or ""), brand_of(meta.get("manufacturer") or "")}


def _joined_in(word: str, name_tokens: list[str]) -> bool:
    """True when word equals two adjacent tokens written together ("x3" vs "x 3", "rtx4090")."""
    return any(a + b == word for a, b in zip(name_tokens, name_tokens[1:]))


def _row_key(row: dict) -> str:
    return str(row.get("opendb_id") or "")
