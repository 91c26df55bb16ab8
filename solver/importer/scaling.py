"""Multi-GPU speed-ups per product line and chipset: Lambda's training rows and llama.cpp's token-generation rows.

catalogs/scaling.csv holds, per profile (training | llm-token-generation), a default curve for 1..MAX_GPUS cards
per product line and the measured points per chipset. How a count nobody measured is filled is in fill().
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .llm import TokenRow
from .perf import LAMBDA_CURRENT, LAMBDA_LEGACY, PRODUCT_LINES, VENDOR_LABS, _float, _models, product_line
from .sources import LAMBDA_CURRENT_CSV, LAMBDA_LEGACY_CSV, LLAMA_CSV

#: spec §4 default scaling (what the solver used before the per-product-line table).
SPEC_DEFAULT = {2: 1.87, 3: 2.78, 4: 3.66, 5: 4.5, 6: 5.35, 7: 6.2, 8: 7.06}

COLUMNS = ["profile", "product_line", "chipset", "gpus", "speedup", "basis", "source"]
PROFILES = ("training", "llm-token-generation")
MAX_GPUS = 8
#: A product line's default at a GPU count is derived only from at least this many chipsets; a count only one
#: chipset was measured at (3x RTX 3090, the best-scaling GeForce card) stays that chipset's point and the
#: default there is inferred like any unmeasured count.
MIN_CHIPSETS = 2

_MULTI = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)\s*x\s*(?P<rest>.+)$")
#: Server boards with NVLink/NVSwitch (SXM) scale differently from the PCIe cards a workstation takes.
_SERVER = re.compile(r"SXM|NVLink|p3\.|p4d", re.IGNORECASE)
_NVLINK = re.compile(r"\s+NVLink$", re.IGNORECASE)
#: Lambda's multi-GPU rows spell one card differently from its one-GPU row.
MULTI_ALIASES = {"RTX Quadro 8000": "Quadro RTX 8000"}

SET_FILES = {"current": LAMBDA_CURRENT_CSV.as_posix(), "legacy_2022-07": LAMBDA_LEGACY_CSV.as_posix()}
SET_NAMES = {"current": LAMBDA_CURRENT, "legacy_2022-07": LAMBDA_LEGACY}


def _split(name: str) -> tuple[str, int] | None:
    """("RTX 3090", 2) for "2x RTX 3090", ("LambdaCloud V100 16GB", 4) for "LambdaCloud 4xV100 16GB"."""
    m = _MULTI.match(name.strip())
    if not m:
        return None
    base = (m.group("prefix") + m.group("rest")).strip()
    return re.sub(r"\s+", " ", base), int(m.group("n"))


def speedup(multi: dict[str, str], single: dict[str, str], models: list[str], n: int) -> tuple[float, int, int]:
    """Geometric mean over models of throughput(n GPUs) / throughput(1 GPU), each capped at n; the models used
    and how many were capped.

    No model runs faster than n cards in step (a per-model speed-up above n, e.g. 17.9 for bert_base on 8x RTX
    A5500, means the one-card run underperformed). Models that scale badly stay in: on GeForce cards without
    peer-to-peer a large model's all-reduce can make 2 cards slower than 1 (bert_large on 2x RTX 2080 Ti: 0.26),
    and that is what a buyer gets."""
    logs, capped = [], 0
    for m in models:
        a, b = _float(multi.get(m)), _float(single.get(m))
        if a > 0 and b > 0:
            capped += a / b > n
            logs.append(math.log(min(a / b, n)))
    if not logs:
        return float("nan"), 0, 0
    return math.exp(sum(logs) / len(logs)), len(logs), capped


def speedups(rows: list[dict[str, str]], label: str) -> list[dict]:
    """Every n-GPU row whose 1-GPU row is in the same file: its speed-up (see speedup())."""
    models = _models(rows)
    single = {re.sub(r"\s+", " ", r["name_gpu"].strip()): r for r in rows if float(r.get("num_gpu") or 0) == 1}
    names = SET_NAMES.get(label, {})
    out = []
    for row in rows:
        n = int(float(row.get("num_gpu") or 0))
        if n < 2 or row["name_gpu"].split()[0] in VENDOR_LABS:
            continue
        split = _split(row["name_gpu"])
        if split is None or split[1] != n:
            continue
        base, nvlink = _NVLINK.sub("", split[0]), bool(_NVLINK.search(split[0]))
        base = MULTI_ALIASES.get(base, base)
        if base not in single:
            continue
        ratio, used, capped = speedup(row, single[base], models, n)
        if used:
            chip = names.get(base)
            out.append(
                {
                    "set": label,
                    "gpu": base,
                    "chipset": chip or "",
                    "product_line": product_line(chip) if chip else "",
                    "n": n,
                    "speedup": ratio,
                    "models": used,
                    "capped": capped,
                    "nvlink": nvlink,
                    "pcie_workstation": _SERVER.search(base) is None and "Cloud" not in row["name_gpu"],
                }
            )
    out.sort(key=lambda r: (r["n"], r["gpu"], r["set"], r["nvlink"]))
    return out


@dataclass(frozen=True)
class Point:
    """One row of scaling.csv."""

    profile: str
    line: str
    chipset: str  # "" = the product line's default
    gpus: int
    speedup: float
    basis: str  # measured | derived | inferred
    sources: tuple[str, ...]

    def row(self) -> dict:
        return {
            "profile": self.profile,
            "product_line": self.line,
            "chipset": self.chipset,
            "gpus": str(self.gpus),
            "speedup": f"{self.speedup:.3f}",
            "basis": self.basis,
            "source": "; ".join(self.sources),
        }


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fill(known: dict[int, float], n: int) -> float:
    """A speed-up for a count nobody measured, from the known ones (1 card = 1.0 always known).

    Between two known counts: the straight line between them. A speed-up curve flattens as cards are added
    (each card adds less), so the chord lies at or below it: the conservative reading. Beyond the largest known
    count: the straight line through the last two known counts, extended (for training, the last measured gain
    per card, which only shrinks with more cards; for token generation, the last measured loss per card)."""
    points = sorted({1: 1.0, **known}.items())
    below = [p for p in points if p[0] < n]
    above = [p for p in points if p[0] > n]
    if above:
        (n0, s0), (n1, s1) = below[-1], above[0]
    else:
        (n0, s0), (n1, s1) = points[-2], points[-1]
    return s0 + (s1 - s0) * (n - n0) / (n1 - n0)


def _line_curve(profile: str, line: str, chip_points: list[Point], monotone) -> list[Point]:
    """The product line's default for 1..MAX_GPUS from its chipsets' points."""
    by_count: dict[int, list[Point]] = {}
    for p in chip_points:
        if p.line == line:
            by_count.setdefault(p.gpus, []).append(p)
    derived = {
        n: _geomean([p.speedup for p in ps]) for n, ps in by_count.items() if n <= MAX_GPUS and len(ps) >= MIN_CHIPSETS
    }
    derived = monotone(derived)
    sources = {n: tuple(sorted({s for p in ps for s in p.sources})) for n, ps in by_count.items()}
    out = [Point(profile, line, "", 1, 1.0, "derived", ("one card is the unit of the speed-up",))]
    if not derived:
        return out
    for n in range(2, MAX_GPUS + 1):
        if n in derived:
            out.append(Point(profile, line, "", n, derived[n], "derived", sources[n]))
        else:
            near = tuple(sorted({s for m in derived for s in sources[m]}))
            out.append(Point(profile, line, "", n, fill(derived, n), "inferred", near))
    return out


def _non_increasing(points: dict[int, float]) -> dict[int, float]:
    """A larger layer split never generates faster than a smaller one (running minimum: the conservative side)."""
    out, low = {}, 1.0
    for n in sorted(points):
        low = min(low, points[n])
        out[n] = low
    return out


def training_points(current: list[dict[str, str]], legacy: list[dict[str, str]]) -> list[Point]:
    """Lambda's PCIe workstation rows without NVLink bridges (the way RTX 40/50 cards, which have no peer-to-peer
    over PCIe, are built into a workstation); a chipset measured in both sets takes the current set, as perf does.
    A point with a model capped at the card count (see speedup()) is marked derived."""
    rows = speedups(current, "current") + speedups(legacy, "legacy_2022-07")
    chosen: dict[tuple[str, int], dict] = {}
    for r in rows:
        if not (r["pcie_workstation"] and not r["nvlink"] and r["chipset"] and r["n"] <= MAX_GPUS):
            continue
        key = (r["chipset"], r["n"])
        if key not in chosen or (chosen[key]["set"] != "current" and r["set"] == "current"):
            chosen[key] = r
    chips = []
    for (chip, n), r in sorted(chosen.items()):
        chips.append(
            Point(
                "training",
                r["product_line"],
                chip,
                n,
                r["speedup"],
                "derived" if r["capped"] else "measured",
                (SET_FILES[r["set"]],),
            )
        )
    return chips


def token_points(rows: list[TokenRow]) -> list[Point]:
    """llama.cpp layer splits against one card of the same chipset and model: tokens/s(n) / tokens/s(1),
    geometric mean over the models measured both ways; SXM boards are left out as for training. A model above
    1.0 (two data-centre rows) is capped at 1.0 and the point marked derived: a layer split runs the cards one
    after another, so it cannot make a token faster."""
    single = {(r.chip, r.model): r.tokens_per_s for r in rows if r.gpus == 1}
    ratios: dict[tuple[str, int], list[float]] = {}
    for r in rows:
        if r.gpus > 1 and (r.chip, r.model) in single and "SXM" not in r.chip and r.gpus <= MAX_GPUS:
            ratios.setdefault((r.chip, r.gpus), []).append(r.tokens_per_s / single[(r.chip, r.model)])
    out = []
    for (chip, n), values in sorted(ratios.items()):
        out.append(
            Point(
                "llm-token-generation",
                product_line(chip),
                chip,
                n,
                _geomean([min(v, 1.0) for v in values]),
                "derived" if max(values) > 1.0 else "measured",
                (LLAMA_CSV.as_posix(),),
            )
        )
    return out


def scaling_points(current: list[dict[str, str]], legacy: list[dict[str, str]], tokens: list[TokenRow]) -> list[Point]:
    """Every row of scaling.csv: per profile, each product line's default curve, then the chipsets' points."""
    out = []
    for profile, chips, monotone in (
        ("training", training_points(current, legacy), lambda d: d),
        ("llm-token-generation", token_points(tokens), _non_increasing),
    ):
        for line in PRODUCT_LINES:
            out += _line_curve(profile, line, chips, monotone)
        out += chips
    return sorted(out, key=lambda p: (PROFILES.index(p.profile), PRODUCT_LINES.index(p.line), p.chipset, p.gpus))


def scaling_rows(points: list[Point]) -> list[dict]:
    return [p.row() for p in points]


def summary(points: list[Point]) -> dict:
    """The product lines' default curves, for import_report.json: profile -> line -> GPU count -> speed-up."""
    out: dict = {}
    for p in points:
        if not p.chipset:
            out.setdefault(p.profile, {}).setdefault(p.line, {})[str(p.gpus)] = round(p.speedup, 3)
    return out
