"""What changed between two builds, in the words a builder uses."""

from __future__ import annotations

from dataclasses import dataclass

from .categories import category
from .result import Build, Pick
from .text import num, usd


def short(slot: str, pick: Pick | None) -> str:
    """A part as a builder names it in a diff: "2 x RTX 3090", "1000 W", "64 GB DDR5"."""
    if pick is None:
        return "none (CPU's own)" if slot == "cooler" else "none"
    p = pick.part
    if slot == "gpu":
        return f"{pick.count} x {p['chipset'].removeprefix('GeForce ')}"
    if slot == "psu":
        return f"{num(p['wattage'])} W ({p.name})"
    if slot == "memory":
        return f"{num(pick.count * p['modules'] * p['module_gb'])} GB {p['memory_type']} ({pick.count} x {p.name})"
    return p.name


@dataclass(frozen=True)
class Change:
    """One part that differs between two builds, and what caused it when that can be named."""

    slot: str
    before: Pick | None
    after: Pick | None
    cause: str | None = None

    def text(self) -> str:
        line = f"{category(self.slot).word}: {short(self.slot, self.before)} -> {short(self.slot, self.after)}"
        return f"{line} [{self.cause}]" if self.cause else line


def pick_key(pick: Pick | None) -> tuple | None:
    """What makes two picks the same part choice: the part and its count (not its price)."""
    return None if pick is None else (pick.part.ref, pick.count)


def diff_builds(a: Build, b: Build) -> list[Change]:
    """The parts that differ (a price change alone is not a different part)."""
    after = b.picks()
    return [Change(slot, pa, after[slot]) for slot, pa in a.picks().items() if pick_key(pa) != pick_key(after[slot])]


def step_text(previous: Build | None, build: Build) -> str:
    """What changed from one frontier build to the next, or "cheapest valid build" for the first."""
    if previous is None:
        return "cheapest valid build"
    return "; ".join(c.text() for c in diff_builds(previous, build)) or "same parts"


def delta(a: Build, b: Build) -> str:
    """ "cost -$812.00; perf +4.0%": how `b` compares with `a`."""
    cost = b.cost_cents - a.cost_cents
    perf = (b.performance - a.performance) / a.performance * 100
    return f"cost {'+' if cost >= 0 else '-'}{usd(abs(cost))}; perf {float(perf):+.1f}%"


def summary(a: Build | None, b: Build | None, changes: list[Change]) -> str:
    """ "GPU: 2 x RTX 3090 -> 1 x RTX 4090; PSU: ...; cost -$812.00; perf +4.0%"."""
    if a is None or b is None:
        return "no build" if b is None else "a build where there was none"
    return "; ".join([c.text() for c in changes] or ["same parts"]) + "; " + delta(a, b)
