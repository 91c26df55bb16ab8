"""Usage, energy, total cost of ownership and the cloud comparison (build model v3, sections 4 and 5), exact.

hours = years x 365 x hours_per_day (a year is 365 days)
energy_wh = hours x (gpu_utilisation x wall(DC) + (1 - gpu_utilisation) x idle)
energy_cost_cents = round-half-even(energy_wh x kwh_price_usd x 100 / 1000), rounded once, at the end
TCO = cost + energy_cost

wall(DC) is the build's draw at the wall at its DC load (build model v2: the PSUs' 80 PLUS curve at their share of
the load, power level and PSU count included). idle is `idle_w` (wall watts) when the scenario gives it, else
80 W for the platform plus 20 W per GPU, DC, drawn through the build's own PSUs on the same curve (inferred).

The cloud does the build's work at its own rate: a build of performance P is busy hours x gpu_utilisation hours; an
instance of k GPUs of chipset c does rate C = rating(c) x speedup(c, k), so the same work takes that x P / C
instance-hours at the instance's hourly price. The break-even month is the first month m (1-based) in which the
build's cost so far (cost + energy_cost x m / months) is at most the cloud's (cloud_cost x m / months)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .power import wall_watts

DAYS_PER_YEAR = 365
#: The inferred idle draw, DC: about 80 W for a workstation platform at idle and about 20 W for a card (measured
#: cards idle at 7-21 W; a datacentre card at 36 W), drawn through the build's own PSUs.
IDLE_PLATFORM_W = 80
IDLE_GPU_W = 20


@dataclass(frozen=True)
class CloudPick:
    """What [usage] asks to compare with: a provider (and instance) of cloud.csv, or a price per GPU-hour of a
    chipset; empty: the cheapest instance per unit of throughput."""

    provider: str | None = None
    instance: str | None = None
    usd_per_gpu_hour: Fraction | None = None
    chipset: str | None = None


@dataclass(frozen=True)
class Usage:
    """A scenario's [usage], exact. The electricity price is kept in US dollars per kWh, converted but not rounded
    (only the energy cost is rounded, once). `table` is the raw table, so a what-if variant can change one key."""

    years: Fraction
    hours_per_day: Fraction
    utilisation: Fraction
    kwh_price: Fraction  # in `currency`
    currency: str = "USD"
    rate: Fraction = Fraction(1)  # US dollars per unit of `currency`
    idle_w: Fraction | None = None  # wall watts while on but idle; None: the inferred default
    cloud: CloudPick = field(default_factory=CloudPick)
    table: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def kwh_price_usd(self) -> Fraction:
        return self.kwh_price * self.rate

    @property
    def hours(self) -> Fraction:
        return self.years * DAYS_PER_YEAR * self.hours_per_day

    @property
    def days(self) -> int:
        """The horizon in days of 365-day years; a last partial day counts."""
        return math.ceil(DAYS_PER_YEAR * self.years)

    @property
    def months(self) -> int:
        """The horizon in months, 1-based; a last partial month counts."""
        return math.ceil(12 * self.years)

    def cents_per_wh(self) -> tuple[Fraction, Fraction]:
        """(A, B): energy cost before rounding = A x wall(DC) + B x idle, in cents (hours and price folded in)."""
        scale = self.hours * self.kwh_price_usd / 10  # Wh x $/kWh x 100 cents / 1000 Wh
        return scale * self.utilisation, scale * (1 - self.utilisation)


def idle_dc_w(gpus: int) -> int:
    """The inferred idle DC load of a build with `gpus` cards."""
    return IDLE_PLATFORM_W + IDLE_GPU_W * gpus


@dataclass(frozen=True)
class Energy:
    """A build's energy over the horizon and what it costs."""

    hours: Fraction
    wall_w: Fraction  # at its DC load, exact
    idle_w: Fraction  # wall watts while idle, exact
    idle_inferred: bool
    wh: Fraction
    cents: int
    kwh_price_usd: Fraction

    @property
    def kwh(self) -> Fraction:
        return self.wh / 1000


def energy(usage: Usage, wall_w: Fraction, idle_w: Fraction, idle_inferred: bool) -> Energy:
    """Contract v3 section 4 for one build: exact watt-hours, and their cost rounded half to even once."""
    wh = usage.hours * (usage.utilisation * wall_w + (1 - usage.utilisation) * idle_w)
    return Energy(
        usage.hours, wall_w, idle_w, idle_inferred, wh, round(wh * usage.kwh_price_usd / 10), usage.kwh_price_usd
    )


def idle_wall_w(usage: Usage, gpus: int, supply_w: Fraction, rating: str, volts: int) -> Fraction:
    """The idle draw at the wall: `idle_w`, else the inferred idle DC load through the build's PSUs."""
    if usage.idle_w is not None:
        return usage.idle_w
    return wall_watts(Fraction(idle_dc_w(gpus)), supply_w, rating, volts)


# ---- the cloud (section 5) ----


@dataclass(frozen=True)
class Cloud:
    """The instance a build is compared with, and the rate of work it does (rating x speed-up of its GPUs)."""

    provider: str
    instance: str
    chipset: str
    gpus: int
    usd_per_hour: Fraction
    throughput: Fraction
    price_date: str | None = None
    source_url: str | None = None
    region: str = ""


@dataclass(frozen=True)
class CloudComparison:
    """A build against the cloud over the horizon: instance-hours for the same work, their cost (exact), the
    break-even month (None: not within the horizon)."""

    cloud: Cloud
    instance_hours: Fraction
    cost_cents: Fraction
    months: int
    break_even_month: int | None
    break_even_day: int | None = None  # the same crossing to the day (days of 365-day years, 1-based)


def choose_cloud(
    rows: Iterable[dict[str, Any]], usage: Usage, throughput_of: Callable[[str, int], Fraction | None]
) -> Cloud | None:
    """The instance to compare with, among cloud.csv's `rows`: the price per GPU-hour given, else the chosen
    provider's (and instance's) row, else among all rows the cheapest per unit of throughput (ties: the earlier
    row). `throughput_of(chipset, gpus)` is rating x speed-up in the workload's rating column, None when unrated
    or without a speed-up for that count; only rows it rates count. None: nothing to compare with."""
    pick = usage.cloud
    if pick.usd_per_gpu_hour is not None:
        assert pick.chipset is not None, "the scenario's check gives a price per GPU-hour with its chipset"
        throughput = throughput_of(pick.chipset, 1)
        return None if throughput is None else Cloud("user", "", pick.chipset, 1, pick.usd_per_gpu_hour, throughput)
    best: tuple[Fraction, Cloud] | None = None
    for row in rows:
        if pick.provider is not None and _same(row["provider"]) != _same(pick.provider):
            continue
        if pick.instance is not None and _same(row["instance"]) != _same(pick.instance):
            continue
        throughput = throughput_of(row["chipset"], row["gpus"])
        if throughput is None:
            continue
        cloud = Cloud(row["provider"], row["instance"], row["chipset"], row["gpus"], Fraction(row["usd_per_hour"]),
                      throughput, row["price_date"].isoformat(), row["source_url"], row["region"])  # fmt: skip
        per_work = cloud.usd_per_hour / throughput
        if best is None or per_work < best[0]:
            best = (per_work, cloud)
    return best[1] if best else None


def _same(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def compare_cloud(
    usage: Usage, cloud: Cloud, performance: Fraction, cost_cents: int, energy_cents: int
) -> CloudComparison:
    """Section 5 for one build of `performance`, cost and energy cost (cents)."""
    hours = usage.hours * usage.utilisation * performance / cloud.throughput
    cents = hours * cloud.usd_per_hour * 100
    month = break_even_month(usage, cost_cents, energy_cents, cents)
    day = first_period(cost_cents, Fraction(energy_cents), cents, usage.days, DAYS_PER_YEAR * usage.years)
    return CloudComparison(cloud, hours, cents, usage.months, month, day)


def build_cost_by_month(usage: Usage, cost_cents: int, energy_cents: int, month: int) -> Fraction:
    """What the build has cost by the end of month `month`: its price and the energy used so far (exact)."""
    return cost_cents + Fraction(energy_cents * month) / (12 * usage.years)


def cloud_cost_by_month(usage: Usage, cloud_cents: Fraction, month: int) -> Fraction:
    return cloud_cents * month / (12 * usage.years)


def break_even_month(usage: Usage, cost_cents: int, energy_cents: int, cloud_cents: Fraction) -> int | None:
    """The first month m (1-based) with build cost by m <= cloud cost by m; None when no month of the horizon
    has it. Both sides grow linearly, so it is the first whole m at or after the crossing (exact)."""
    return first_period(cost_cents, Fraction(energy_cents), cloud_cents, usage.months, 12 * usage.years)


def first_period(
    cost_cents: int, energy_cents: Fraction, cloud_cents: Fraction, last: int, periods: Fraction
) -> int | None:
    """The first period p in 1..last with cost + energy x p / periods <= cloud x p / periods (months or days of a
    horizon of `periods` of them), or None."""
    per_build, per_cloud = energy_cents / periods, cloud_cents / periods
    if per_cloud <= per_build:  # the cloud's lead never shrinks: only the first period can do it
        return 1 if cost_cents <= per_cloud - per_build else None
    period = max(1, math.ceil(Fraction(cost_cents) / (per_cloud - per_build)))
    return period if period <= last else None


def cumulative(
    usage: Usage, cost_cents: int, energy_cents: int, cloud_cents: Fraction | None
) -> list[tuple[int, int, int | None]]:
    """(month, build cost so far, cloud cost so far) in whole cents for months 0 to the horizon: the chart's points."""
    points = []
    for month in range(usage.months + 1):
        build = round(build_cost_by_month(usage, cost_cents, energy_cents, month))
        cloud = None if cloud_cents is None else round(cloud_cost_by_month(usage, cloud_cents, month))
        points.append((month, build, cloud))
    return points
