"""Every command's terminal text: tables (tabulate) of builds, rule verdicts, results, frontiers, sweeps and
comparisons. Nothing here solves; each function renders what the core computed."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tabulate import tabulate

from ..categories import CATEGORIES, category
from ..diff import delta, short, step_text
from ..result import Binding, Build, Result
from ..rulebook import RuleCheck
from ..text import per_thousand, perf, usd
from ..layout import layout_words

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..check import CheckReport
    from ..compare import Comparison
    from ..frontier import Frontier
    from ..scenario import Scenario
    from ..sweep import Sweep


def layout_text(build: Build) -> str:
    """The GPUs' slots as R7's message names them, and whether cards sit side by side."""
    n, layout = build.gpu.count, build.layout
    if not layout.r7:
        return f"{n} card{'s' if n > 1 else ''} that cannot be placed (see R7)"
    slots = layout_words(layout) + (" (wiring inferred)" if layout.inferred else "")
    if n == 1:
        return slots
    spacing = "side by side (adjacent)" if layout.adjacent else "a free slot between cards"
    return f"{slots}; {spacing}"


def power_text(build: Build) -> str | None:
    """The wall draw, and the power-limit command when the cards run below 100%."""
    p = build.power
    if p is None:
        return None
    units = f" on {p.psu_count} PSUs" if p.psu_count > 1 else ""
    text = f"{p.wall_watts_shown:,} W at the wall ({float(p.dc_watts):,.0f} W DC at {float(p.efficiency_pct):.1f}% efficiency{units})"
    if p.limit is not None:
        text += f", limit {float(p.limit):,.0f} W ({p.circuit})"
    if p.command:
        text += f"; GPUs at {p.level_pct}%: {p.command} (per card, after every boot)"
    return text


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
    s = build.scoring
    words = s.words if s is not None else "training throughput, one RTX 4090 = 1.0"
    lines = [
        f"Performance:      {perf(build.performance)}  ({words})",
        f"Perf per $1,000:  {per_thousand(build.performance, build.cost_cents)}",
        f"GPU layout:       {layout_text(build)}",
    ]
    power = power_text(build)
    if power:
        lines.append(f"Power:            {power}")
    if s is not None and build.gpu.count > 1:
        lines.append(f"Scaling:          x{float(s.speedup):.3f} for {build.gpu.count} cards ({s.table} table, {s.profile})")
    return lines


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


def result_text(result: Result) -> str:
    """`solve`: the build, its numbers and the rules that shaped it, or why there is none."""
    head = f"{result.scenario or 'Scenario'}: workload {result.workload}, objective {result.objective}"
    lines = [head, f"Status: {result.status}" + _status_note(result), ""]
    if result.build is None:
        lines.append(explanation_text(result))
        return "\n".join(lines)
    lines += [parts_table(result.build), ""] + summary_lines(result.build)
    if result.bindings:
        lines += ["", "Rules that shaped this build (each alone stops a better swap):"] + binding_lines(result.bindings)
    for note in result.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines)


def _status_note(result: Result) -> str:
    if result.status == "optimal":
        return " (proven)"
    stopped = "interrupted" if result.stats.get("interrupted") else "the time limit came"
    if result.status == "feasible":
        bound = ""
        if result.bound is not None:
            what = {"max_perf": f"no build is faster than {float(result.bound):.4f}", "min_cost": f"no build is cheaper than ${float(result.bound):,.2f}",
                    "perf_per_dollar": f"no build beats {float(result.bound) * 1000:.4f} per $1,000"}[result.objective]  # fmt: skip
            bound = f"; proven so far: {what}"
        return f" ({stopped} before the proof{bound})"
    if result.status == "unknown":
        return f" ({stopped} before any build was found)"
    return ""


def explanation_text(answer: Result | Frontier) -> str:
    """Why an answer has no build, in words: what clashes, or that the search was stopped before one."""
    if answer.explanation is not None:
        return answer.explanation.text()
    if answer.status in ("feasible", "unknown"):  # stopped before the first build was found or proven
        if answer.stats.get("interrupted"):
            return "Interrupted before any build was found: nothing is proven about this scenario yet."
        return "The time limit came before any build was found: nothing is proven yet; a longer --time-limit gives the solver room."
    return "No build meets every rule."


def check_text(report: CheckReport, where: str, scenario: Scenario) -> str:
    """`check`: every rule's verdict on a build, its numbers, and what the model leaves unchecked."""
    verdict = "passes every rule" if report.ok else f"breaks {sum(not c.ok for c in report.checks)} rule(s)"
    lines = [f"Build {where} {verdict} (scenario {scenario.name or scenario.source}, workload {scenario.workload})", ""]
    lines += [parts_table(report.build), ""] + summary_lines(report.build) + ["", checks_table(report.checks), ""]
    lines += ["Not checked (look at these yourself):"] + [f"  - {u}" for u in report.unchecked]
    return "\n".join(lines)


def frontier_table(f: Frontier, chosen: Build | None) -> str:
    """Every frontier build with what changed from the one before; `chosen` (the scenario's pick) is starred."""
    name = f.scenario.name or f.scenario.source
    head = f"Frontier of {name}: {len(f.points)} builds, {'complete and proven' if f.status == 'optimal' else f.status}"
    if not f.points:
        return f"{head}\n{explanation_text(f)}"
    rows, previous = [], None
    for i, b in enumerate(f.points, 1):
        mark = "*" if chosen is not None and b == chosen else ""
        cost, speed, ratio = usd(b.cost_cents), perf(b.performance), per_thousand(b.performance, b.cost_cents)
        rows.append([f"{i}{mark}", cost, speed, ratio, short("gpu", b.gpu), step_text(previous, b)])
        previous = b
    table = tabulate(rows, headers=["#", "Cost", "Perf", "Perf/$1k", "GPUs", "Changed from the previous build"], maxcolwidths=[None] * 5 + [70])
    note = f"\n* the scenario's {f.scenario.objective} choice" if chosen is not None else ""
    if f.status == "feasible":
        why = "Interrupted" if f.stats.get("interrupted") else "Stopped early by the time limit"
        note += f"\n{why}: every point shown is proven; builds beyond the last one were not searched."
    return f"{head}\n\n{table}{note}"


def sweep_table(s: Sweep, scenario: Scenario) -> str:
    """The scenario's answer at each budget, and why the budgets without a build have none."""
    rows = [[usd(p.budget_cents), p.status, usd(p.build.cost_cents) if p.build else "-", perf(p.build.performance) if p.build else "-",
             per_thousand(p.build.performance, p.build.cost_cents) if p.build else "-", short("gpu", p.build.gpu) if p.build else "-"] for p in s.points]  # fmt: skip
    head = (f"Sweep of {scenario.name or scenario.source} ({scenario.objective}): {len(s.points)} budgets from "
            f"{s.frontier.stats.get('points', 0)} frontier builds, {s.stats['solves']} solves")  # fmt: skip
    text = head + "\n\n" + tabulate(rows, headers=["Budget", "Status", "Cost", "Perf", "Perf/$1k", "GPUs"])
    if any(p.status == "infeasible" for p in s.points):
        text += "\n\n" + _sweep_gap(s)
    elif not s.frontier.points and s.frontier.status == "feasible":
        text += "\n\n" + explanation_text(s.frontier)
    return text


def _sweep_gap(s: Sweep) -> str:
    """Why some budgets have no build: the cheapest build (exact, from the frontier), or why none exists."""
    if not s.frontier.points:
        return explanation_text(s.frontier)
    cheapest = s.frontier.points[0]
    if s.frontier.scenario.objective == "min_cost":
        return (f"Infeasible budgets cannot buy performance {float(s.frontier.scenario.min_perf):g}; the cheapest build that meets "
                f"every rule costs {usd(cheapest.cost_cents)}.")  # fmt: skip
    return f"Budgets below {usd(cheapest.cost_cents)} are infeasible: the cheapest build that meets every rule costs {usd(cheapest.cost_cents)} (R14)."


def compare_table(c: Comparison) -> str:
    """The base and each variant side by side, then each variant's changed parts with their causes."""
    columns = [("base", c.base)] + [(o.name, o.result) for o in c.variants]
    rows = [["Status"] + [r.status for _, r in columns]]
    for cat in CATEGORIES:
        rows.append([cat.slot] + [short(cat.slot, r.build.picks()[cat.slot]) if r.build else "-" for _, r in columns])
    rows.append(["Cost"] + [usd(r.cost_cents) for _, r in columns])
    rows.append(["Performance"] + [perf(r.performance) for _, r in columns])
    rows.append(["Perf/$1k"] + [per_thousand(r.performance, r.cost_cents) for _, r in columns])
    name = c.scenario.name or c.scenario.source
    table = tabulate(rows, headers=[""] + [n for n, _ in columns], maxcolwidths=[None] + [28] * len(columns))
    lines = [f"What-if for {name} ({c.scenario.objective})", "", table, ""]
    for o in c.variants:
        lines.append(f"{o.name}: {'; '.join(o.changed) or 'no changes'}")
        if o.result.build is None:
            lines.append(f"  {explanation_text(o.result)}")
        elif c.base.build is not None:
            for ch in o.changes:
                lines.append(f"  - {ch.text()}")
            lines.append(f"  = {delta(c.base.build, o.result.build)}" + ("" if o.changes else ", same parts"))
    return "\n".join(lines)

