"""Terminal text of build model v3's money: where each bought price comes from, what is owned, stale prices, and
the total cost of ownership against the cloud. Nothing here solves; each function renders what the core computed."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from ..categories import category
from ..text import usd

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..catalog import Offer
    from ..instance import Instance
    from ..result import Build

#: Words for a price that is not the catalog's one-day snapshot (flagged: a maker's list price or a dated retailer
#: listing from the supplement, or a price list of the user's).
KIND_WORDS = {"list": "maker's list price", "listing": "dated retailer listing", "user": "your price list"}


def offer_text(offer: Offer) -> str:
    """ "$1,599.99 new, 2025-07-23, pcpartpicker+buildcores": what a part is bought at, and where from."""
    date = offer.date.isoformat() if offer.date else "undated"
    text = f"{usd(offer.price_cents)} {offer.condition}, {date}, {offer.source or 'no source given'}"
    if offer.note:
        text += f" ({offer.note})"
    if offer.kind in KIND_WORDS:
        text += f"  [{KIND_WORDS[offer.kind]}]"
    return text


def owned_text(pick) -> str:
    """ "owned" or "owned 1 of 2": the Choice column's mark for a part the user owns."""
    if not pick.owned:
        return ""
    return "owned" if pick.owned == pick.count else f"owned {pick.owned} of {pick.count}"


def price_lines(build: Build) -> list[str]:
    """Each part's bought offer (price, condition, date, source, kind), and the owned parts."""
    lines = []
    for slot, pick in build.picks().items():
        if pick is None:
            continue
        label = f"  {category(slot).label + ':':<13}"
        if pick.bought and pick.part.offer is not None:
            lines.append(label + offer_text(pick.part.offer) + (f"; {owned_text(pick)}" if pick.owned else ""))
        elif pick.owned:
            value = f", counted at {usd(pick.owned_cents)} each (resale)" if pick.owned_cents else ", counted at $0"
            lines.append(label + f"{owned_text(pick)}{value}")
    return ["Prices:"] + lines if lines else []


def spend_line(build: Build) -> str | None:
    """Spend against cost, when they differ (owned parts): R14 limits spend, the objectives compare cost."""
    if not any(p is not None and p.owned for p in build.picks().values()):
        return None
    return (
        f"Spend:            {usd(build.spend_cents)} on parts bought (the budget limits this); "
        f"cost {usd(build.cost_cents)} with owned parts counted"
    )


def stale_line(build: Build, inst: Instance | None) -> str | None:
    """The warning about bought prices older than max_price_age_days, or undated."""
    if not build.stale:
        return None
    days = inst.scenario.max_price_age_days if inst is not None else None
    today = f" before {inst.today.isoformat()}" if inst is not None else ""
    limit = f"more than {days} days old{today} or undated" if days is not None else "stale or undated"
    return (
        f"Warning: prices {limit}: {', '.join(build.stale)} "
        "(check them before buying; max_price_age_days sets the limit)"
    )


def tco_lines(build: Build) -> list[str]:
    """The total cost of ownership over [usage]'s horizon, and the cloud doing the same work."""
    e = build.energy
    if e is None:
        return []
    idle = f"idle {float(e.idle_w):,.1f} W{' (inferred)' if e.idle_inferred else ''}"
    lines = [
        "Total cost of ownership:",
        f"  Purchase:       {usd(build.cost_cents)}"
        + (f" (spend {usd(build.spend_cents)})" if build.spend_cents != build.cost_cents else ""),
        f"  Energy:         {float(e.kwh):,.1f} kWh over {float(e.hours):,.0f} h at {float(e.wall_w):,.1f} W loaded, "
        f"{idle}: "
        f"{usd(e.cents)} at ${float(e.kwh_price_usd):.4f}/kWh",
        f"  Total:          {usd(build.tco_cents)}",
    ]  # fmt: skip
    c = build.cloud
    if c is None:
        lines.append("  Cloud:          no cloud instance rated for this workload to compare with")
        return lines
    where = f"{c.cloud.provider} {c.cloud.instance}".strip()
    lines.append(f"  Cloud:          {where} ({c.cloud.gpus} x {c.cloud.chipset}, ${float(c.cloud.usd_per_hour):,.2f}/h"
                 + (f", {c.cloud.price_date}" if c.cloud.price_date else "")
                 + f"): {float(c.instance_hours):,.0f} instance-hours "
                 f"for the same work, {usd(round(c.cost_cents))} over {c.months} months")  # fmt: skip
    if c.break_even_month is None:
        lines.append(f"  Break-even:     none within {c.months} months: renting stays cheaper over the horizon")
    else:
        day = f" (day {c.break_even_day})" if c.break_even_day is not None else ""
        lines.append(
            f"  Break-even:     month {c.break_even_month} of {c.months}{day}: "
            "from then on the build has cost less than renting"
        )
    return lines


def v3_lines(build: Build, inst: Instance | None, width: int | None = None) -> list[str]:
    """Every v3 line a build's text carries (empty for a v2 scenario on a catalog without price dates), wrapped to
    `width` columns when given (continuations indented under the line's text)."""
    lines = _v3_lines(build, inst)
    if width is None:
        return lines
    out = []
    for line in lines:
        label = re.match(r"\s*[^:]+:\s+", line)  # "Spend:            ..." continues under its text
        indent = " " * (
            len(label.group(0)) if label and len(label.group(0)) <= 18 else len(line) - len(line.lstrip()) + 2
        )
        out += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False) or [""]
    return out


def _v3_lines(build: Build, inst: Instance | None) -> list[str]:
    lines = []
    spend = spend_line(build)
    if spend:
        lines.append(spend)
    prices = price_lines(build) if _worth_listing(build) else []
    if prices:
        lines += [""] + prices
    tco = tco_lines(build)
    if tco:
        lines += [""] + tco
    stale = stale_line(build, inst)
    if stale:
        lines += ["", stale]
    return lines


def _worth_listing(build: Build) -> bool:
    """Whether the price list says anything: a date, a source, a non-snapshot kind, a used offer or an owned part."""
    for pick in build.picks().values():
        if pick is None:
            continue
        o = pick.part.offer
        if pick.owned or (o is not None and (o.date or o.source or o.kind != "snapshot" or o.condition != "new")):
            return True
    return False
