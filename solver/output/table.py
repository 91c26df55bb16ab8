"""Terminal tables (tabulate) for builds, rule verdicts and results."""
from __future__ import annotations

from collections.abc import Iterable

from tabulate import tabulate

from ..binding import Binding
from ..categories import category
from ..result import Build, Result
from ..validate import RuleCheck
from ..text import per_thousand, perf, usd


def layout_text(build: Build) -> str:
    n = build.gpu.count
    if build.step == 0:
        return f"{n} card{'s' if n > 1 else ''} that cannot be placed (see R7)"
    if n == 1:
        return "1 card"
    every = {1: "every", 2: "every 2nd", 3: "every 3rd"}.get(build.step, f"every {build.step}th")
    spacing = "side by side (adjacent)" if build.adjacent else "a free slot between cards"
    return f"{n} cards in {every} x16 slot, {spacing}"


def parts_table(build: Build) -> str:
    rows = []
    for slot, pick in build.picks().items():
        if pick is None:
            rows.append([category(slot).label, "(comes with the CPU)", "", "", ""])
            continue
        rows.append([category(slot).label, pick.part.name, pick.count, usd(pick.part.price_cents), usd(pick.cost_cents)])
    rows.append(["Total", "", "", "", usd(build.cost_cents)])
    return tabulate(rows, headers=["Part", "Choice", "Count", "Unit price", "Price"], colalign=("left", "left", "right", "right", "right"))


def summary_lines(build: Build) -> list[str]:
    return [
        f"Performance:      {perf(build.performance)}  (training throughput, one RTX 4090 = 1.0000)",
        f"Perf per $1,000:  {per_thousand(build.performance, build.cost_cents)}",
        f"GPU layout:       {layout_text(build)}",
    ]


def binding_lines(bindings: Iterable[Binding]) -> list[str]:
    lines = []
    for b in bindings:
        if b.blocked is None:
            alt = "leaving out the cooler"
        else:
            count = f"{b.blocked.count} x " if category(b.slot).counted else ""
            alt = f"{count}{b.blocked.part.name}"
        gain = f"save {usd(b.saving_cents)}" if b.saving_cents > 0 else f"cost {usd(-b.saving_cents)} more"
        if b.perf_gain > 0:
            gain += f", +{float(b.perf_gain):.4f} performance"
        lines.append(f"  {b.check.rule:<4} {b.check.detail}")
        lines.append(f"       (stops {alt}: would {gain})")
    return lines


def checks_table(checks: Iterable[RuleCheck]) -> str:
    rows = [[c.rule, c.title, "pass" if c.ok else "FAIL", c.detail] for c in checks]
    return tabulate(rows, headers=["Rule", "", "Verdict", "Numbers"], maxcolwidths=[None, None, None, 90])


def result_text(result: Result, bindings: list[Binding] | None = None, title: str = "") -> str:
    head = f"{title or result.scenario or 'Scenario'}: workload {result.workload}, objective {result.objective}"
    lines = [head, f"Status: {result.status}" + _status_note(result), ""]
    if result.build is None:
        if result.explanation is not None:
            lines.append(result.explanation.text())
        return "\n".join(lines)
    lines += [parts_table(result.build), ""] + summary_lines(result.build)
    if bindings:
        lines += ["", "Rules that shaped this build (each alone stops a better swap):"] + binding_lines(bindings)
    for note in result.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines)


def _status_note(result: Result) -> str:
    if result.status == "optimal":
        return " (proven)"
    if result.status == "feasible":
        bound = ""
        if result.bound is not None:
            what = {"max_perf": f"no build is faster than {float(result.bound):.4f}", "min_cost": f"no build is cheaper than ${float(result.bound):,.2f}",
                    "perf_per_dollar": f"no build beats {float(result.bound) * 1000:.4f} per $1,000"}[result.objective]  # fmt: skip
            bound = f"; proven so far: {what}"
        return f" (the time limit stopped the proof{bound})"
    return ""
