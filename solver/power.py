"""Power at the wall (contract v2 sections 4 and 6, rules R10 and R13): 80 PLUS efficiency curves, the wall draw of
a DC load, and for each PSU choice the exact set of DC loads R13 allows.

Efficiency is a function of the load fraction x = DC / (m x wattage) of each of m identical units: linear between the
80 PLUS program's points, the lowest point's value minus 5 below it (10 below 20% for an unrated unit: Intel's ATX12V
minimum of 60% under light load), the full-load value above 100%. Within [0, x0) (x0 the lowest point) and within
[x0, infinity) the wall draw DC x 100 / eff rises with the load (the curves never climb faster than the load does:
eff - x x eff' >= 86 on every segment), but at x0 it steps down: a load just under 20% of a unit draws more at the
wall than a load of exactly 20%. So the loads within a wall limit are [0, A] and [x0 P, B] (P = m x wattage), which
join into one interval unless A < x0 P <= B; `allowed_loads` returns them exactly."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

# 80 PLUS points (load %, efficiency %) per voltage class (115 V internal and 230 V EU internal, non-redundant).
CURVES: dict[int, dict[str, tuple[tuple[int, int], ...]]] = {
    115: {
        "plus": ((20, 80), (50, 80), (100, 80)),
        "bronze": ((20, 82), (50, 85), (100, 82)),
        "silver": ((20, 85), (50, 88), (100, 85)),
        "gold": ((20, 87), (50, 90), (100, 87)),
        "platinum": ((20, 90), (50, 92), (100, 89)),
        "titanium": ((10, 90), (20, 92), (50, 94), (100, 90)),
    },
    230: {
        "plus": ((20, 82), (50, 85), (100, 82)),  # inferred: bronze's table less 3 points
        "bronze": ((20, 85), (50, 88), (100, 85)),
        "silver": ((20, 87), (50, 90), (100, 87)),
        "gold": ((20, 90), (50, 92), (100, 89)),
        "platinum": ((20, 92), (50, 94), (100, 90)),
        "titanium": ((10, 90), (20, 94), (50, 96), (100, 91)),
    },
}
#: An unrated unit: Intel's ATX12V design guide minimum, 70% from 20% load up and 60% below (both voltages).
UNRATED = ((20, 70), (100, 70))
BELOW_LOWEST = 5  # points subtracted under a rated curve's lowest point (inferred, conservative)
UNRATED_BELOW = 10


def _points(rating: str, volts: int) -> tuple[tuple[int, int], ...]:
    return UNRATED if rating == "none" else CURVES[volts][rating]


def _below(rating: str, volts: int) -> Fraction:
    points = _points(rating, volts)
    return Fraction(points[0][1] - (UNRATED_BELOW if rating == "none" else BELOW_LOWEST))


def efficiency_pct(rating: str, volts: int, load: Fraction) -> Fraction:
    """Efficiency in percent of a unit of `rating` at load fraction `load` (exact)."""
    points = _points(rating, volts)
    x = load * 100
    if x < points[0][0]:
        return _below(rating, volts)
    for (x0, e0), (x1, e1) in itertools.pairwise(points):
        if x <= x1:
            return e0 + Fraction(e1 - e0) * (x - x0) / (x1 - x0)
    return Fraction(points[-1][1])


def wall_watts(dc: Fraction, supply_w: Fraction, rating: str, volts: int) -> Fraction:
    """What a DC load draws at the wall through m identical units of `supply_w` watts together (the load splits
    evenly, so each runs at DC / supply_w of its rating)."""
    if dc <= 0:
        return Fraction(0)
    return Fraction(dc) * 100 / efficiency_pct(rating, volts, Fraction(dc) / supply_w)


def allowed_loads(limit: Fraction, supply_w: Fraction, rating: str, volts: int) -> list[tuple[Fraction, Fraction]]:
    """The DC loads whose wall draw through `supply_w` watts of `rating` units stays within `limit` watts: one or two
    closed intervals [lo, hi], lowest first, exact."""
    points = _points(rating, volts)
    start = Fraction(points[0][0], 100) * supply_w  # the load at the lowest certified point
    low = Fraction(limit) * _below(rating, volts) / 100  # the most a load under `start` may be
    if wall_watts(start, supply_w, rating, volts) > limit:
        return [(Fraction(0), low)]  # low < start here: the step up at `start` cannot help
    # From `start` on the wall draw rises: walk the segments to where it reaches the limit.
    top = None
    for (x0, e0), (x1, e1) in itertools.pairwise(points):
        end = Fraction(x1, 100) * supply_w
        if wall_watts(end, supply_w, rating, volts) <= limit:
            continue
        # eff(DC) = e0 + k (DC / supply_w - x0 / 100) with k in percent per unit of load fraction; solve
        # DC x 100 = limit x eff(DC) for DC.
        k = Fraction(e1 - e0, x1 - x0) * 100
        top = limit * (e0 - k * Fraction(x0, 100)) / (100 - limit * k / supply_w)
        break
    if top is None:  # beyond full load the efficiency stays at its full-load value
        top = Fraction(limit) * points[-1][1] / 100
    if low >= start:
        return [(Fraction(0), top)]
    return [(Fraction(0), low), (start, top)]


@dataclass(frozen=True)
class PowerFigures:
    """A build's power, as the output shows it (contract v2 section 7)."""

    level_pct: int
    gpu_watts: Fraction  # each card's power at the level
    dc_watts: Fraction
    wall_watts: Fraction  # exact; shown rounded up
    efficiency_pct: Fraction
    circuit: str  # a preset's name, "max_wall_watts" or "none"
    limit: Fraction | None  # R13's limit in watts at the wall
    psu_count: int

    @property
    def command(self) -> str | None:
        """The setting that applies the power limit (per card; it must be set again after a reboot)."""
        return f"nvidia-smi -pl {math.floor(self.gpu_watts)}" if self.level_pct < 100 else None

    @property
    def wall_watts_shown(self) -> int:
        return math.ceil(self.wall_watts)
