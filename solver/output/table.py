"""Every command's terminal text: tables (output.grid) of builds, rule verdicts, results, frontiers, sweeps and
comparisons, fitted to the terminal's width (80 columns when the output is not a terminal), each followed by the
catalog's price date. Nothing here solves; each function renders what the core computed."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..categories import CATEGORIES, category
from ..layout import layout_words
from ..pricedates import price_date
from ..result import Binding, Build, Result
from ..rulebook import RuleCheck
from ..text import per_thousand, perf, plural, usd
from .grid import grid
from .money_text import owned_text, v3_lines

if TYPE_CHECKING:  # annotations only: rendering must not load the solver
    from ..catalog import Catalog
    from ..check import CheckReport
    from ..compare import Comparison
    from ..frontier import Frontier
    from ..scenario import Scenario
    from ..sweep import Sweep

#: The width assumed when the output is not a terminal (a pipe, a file, a test), and the narrowest one honoured.
DEFAULT_WIDTH = 80
NARROWEST = 60
#: Where the summary lines' values start ("Performance:      1.2077").
INDENT = 18


def terminal_width() -> int:
    """The terminal's columns when standard output is one (or $COLUMNS when set), else 80."""
    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return max(NARROWEST, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def file_width(output) -> int | None:
    """The width for output written to a file (-o FILE): 80 columns whatever the terminal; None (the terminal's)
    when it goes to standard output."""
    return DEFAULT_WIDTH if output is not None and str(output) != "-" else None


def fitted(rows: list[list], headers: Sequence[str], width: int, wrap: Sequence[int], **options) -> str:
    """A table (output.grid) no wider than `width`: the columns in `wrap` share the room the others leave, the narrow
    ones keeping their natural width, and their cells (and headers) are wrapped at spaces. A word longer than its
    column is not broken (a price or a part number stays whole), so a very narrow width may still overflow."""

    def render(limits: dict[int, int]) -> list[str]:
        body = [[_wrap(cell, limits[i]) if i in limits else cell for i, cell in enumerate(row)] for row in rows]
        heads = [_wrap(h, limits[i]) if i in limits else h for i, h in enumerate(headers)]
        return [line.rstrip() for line in grid(body, heads, **options).splitlines()]

    natural = {
        i: max(len(line) for cell in [headers[i], *(r[i] for r in rows)] for line in str(cell).splitlines() or [""])
        for i in wrap
    }
    lines = render(natural)
    room = width - (max(map(len, lines)) - sum(natural.values()))
    limits, left = {}, room
    # The narrowest first: what they leave goes to the rest.
    for k, i in enumerate(sorted(wrap, key=natural.__getitem__)):
        limits[i] = max(8, min(natural[i], left // (len(wrap) - k)))
        left -= limits[i]
    for _ in range(4):  # a cell's words may not pack to the limit: give back what the wrapping left over
        lines = render(limits)
        over = max(map(len, lines)) - width
        widest = max(wrap, key=limits.__getitem__)
        if over <= 0 or limits[widest] <= 8:
            break
        limits[widest] = max(8, limits[widest] - over)
    return "\n".join(lines)


def _wrap(cell, limit: int) -> str:
    if not isinstance(cell, str):
        return cell
    return "\n".join(
        w
        for line in cell.splitlines()
        for w in (textwrap.wrap(line, limit, break_long_words=False, break_on_hyphens=False) or [""])
    )


def wrapped(label: str, text: str, width: int) -> list[str]:
    """One summary line ("Power:" and its value), its value wrapped under itself."""
    head = f"{label:<{INDENT}}"
    return textwrap.wrap(text, width, initial_indent=head, subsequent_indent=" " * INDENT, break_on_hyphens=False) or [
        head.rstrip()
    ]


def price_line(catalog: Catalog | None) -> str:
    """The line under every table: the date the catalog's prices were taken (they change daily)."""
    if catalog is None:
        return "Prices: date not known (no catalog)"
    date = price_date(catalog)
    return (
        f"Prices as of {date} (catalog: {catalog.path.name}/)"
        if date
        else f"Prices: the catalog {catalog.path.name}/ records no price date"
    )


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


def slots_short(build: Build) -> str:
    """The slots in a table cell: "CPU x16/x8/x16/x8, adjacent" or "CPU x16 + chipset x4"."""
    layout = build.layout
    if not layout.r7:
        return "no placement (R7)"
    groups: list[tuple[str, list[str]]] = []
    for s in layout.slots:
        where = "CPU" if s.attach == "cpu" else "chipset"
        if groups and groups[-1][0] == where:
            groups[-1][1].append(f"x{s.lanes}")
        else:
            groups.append((where, [f"x{s.lanes}"]))
    text = " + ".join(f"{where} {'/'.join(lanes)}" for where, lanes in groups)
    if build.gpu.count > 1:
        text += ", adjacent" if layout.adjacent else ", spaced"
    return text + (" (inferred)" if layout.inferred else "")


def power_text(build: Build) -> str | None:
    """The power level (and the command that sets it), the PSUs, and the wall draw."""
    p = build.power
    if p is None:
        return None
    level = (
        f"GPUs at {p.level_pct}%: {p.command} (per card, after every boot)"
        if p.command
        else "GPUs at 100% (no power limit)"
    )
    units = f"{p.psu_count} PSU{'s' if p.psu_count > 1 else ''}"
    text = (
        f"{level}; {units}; {p.wall_watts_shown:,} W at the wall ({float(p.dc_watts):,.0f} "
        f"W DC at {float(p.efficiency_pct):.1f}% efficiency)"
    )
    if p.limit is not None:
        text += f", limit {float(p.limit):,.0f} W ({p.circuit})"
    return text


def power_short(build: Build) -> str:
    """The power level, PSU count and wall draw in a table cell: "80% (-pl 280), 1 PSU, 1,542 W wall"."""
    p = build.power
    if p is None:
        return f"{build.power_level}%, {build.psu_count} PSU{'s' if build.psu_count > 1 else ''}"
    level = f"{p.level_pct}% (-pl {p.command.rsplit(' ', 1)[1]})" if p.command else "100%"
    return f"{level}, {p.psu_count} PSU{'s' if p.psu_count > 1 else ''}, {p.wall_watts_shown:,} W wall"


def brief(slot: str, pick) -> str:
    """A part in a compact table cell: diff's short name without the kit or unit name in brackets."""
    from ..diff import short  # the comparisons' tables only: a solve's table does not load solver.diff

    text = short(slot, pick)
    return text.split(" (", 1)[0] if slot in ("memory", "psu") else text


def build_short(build: Build) -> str:
    """A build in one table cell: its GPUs, power and slots."""
    from ..diff import short

    return f"{short('gpu', build.gpu)} at {power_short(build)}; {slots_short(build)}"


def rating_short(words: str) -> str:
    """Rating words short enough for a chart's axis: the measure before any explanation, and the unit ("LLM token
    generation (memory-bandwidth bound): effective ..., one GeForce RTX 4090 = 1.0" -> "LLM token generation, one
    GeForce RTX 4090 = 1.0")."""
    measure, _, unit = words.rpartition(", ")
    if not measure:
        return words
    cut = min((i for i in (measure.find(" ("), measure.find(":")) if i > 0), default=len(measure))
    return f"{measure[:cut]}, {unit}"


def _column(inst) -> str | None:
    """The workload's rating column, for the words of an answer without a build."""
    return inst.perf_column if inst is not None else None


def rating_words(build: Build | None, column: str | None = None) -> str:
    """What the performance number measures, in words and unit ("LLM token generation ..., one GeForce RTX 4090
    = 1.0"); never a training label for a workload rated otherwise."""
    s = build.scoring if build is not None else None
    if s is not None:
        return s.words
    return f"rating column {column or 'of the workload'}, relative to the catalog's reference GPU"


def parts_table(build: Build, width: int = DEFAULT_WIDTH) -> str:
    rows: list[list] = []
    for slot, pick in build.picks().items():
        if pick is None:
            rows.append([category(slot).label, "(comes with the CPU)", "", "", ""])
            continue
        name = pick.part.name + (f" ({owned_text(pick)})" if pick.owned else "")  # build model v3: parts you own
        rows.append([category(slot).label, name, pick.count, usd(pick.part.price_cents), usd(pick.cost_cents)])
    rows.append(["Total", "", "", "", usd(build.cost_cents)])
    return fitted(
        rows,
        ["Part", "Choice", "Qty", "Each", "Price"],
        width,
        wrap=[1],
        colalign=("left", "left", "right", "right", "right"),
    )


def summary_lines(build: Build, width: int = DEFAULT_WIDTH) -> list[str]:
    s = build.scoring
    rated = rating_words(build)
    if s is not None and s.basis != "unknown":
        error = f", expected error {float(s.expected_error) * 100:.1f}%" if s.expected_error is not None else ""
        rated += f"; this card's rating is {s.basis}{error}"
    lines = wrapped("Performance:", f"{perf(build.performance)} ({rated})", width)
    lines += wrapped("Perf per $1,000:", per_thousand(build.performance, build.cost_cents), width)
    lines += wrapped("GPU layout:", layout_text(build), width)
    power = power_text(build)
    if power:
        lines += wrapped("Power:", power, width)
    scaling = scaling_text(build)
    if scaling:  # one card too: the output says which table scored the build
        lines += wrapped("Scaling:", scaling, width)
    return lines


def scaling_text(build: Build) -> str | None:
    """The speed-up that scored the build's cards and the table it came from."""
    s = build.scoring
    if s is None:
        return None
    text = f"x{float(s.speedup):.3f} for {plural(build.gpu.count, 'card')} ({s.table} table, {s.profile})"
    return text + (": the extra cards add memory, not speed" if build.gpu.count > 1 and s.speedup <= 1 else "")


def binding_lines(bindings: Iterable[Binding], width: int = DEFAULT_WIDTH) -> list[str]:
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
        lines += textwrap.wrap(
            b.check.detail,
            width,
            initial_indent=f"  {b.check.rule:<4} ",
            subsequent_indent=" " * 7,
            break_on_hyphens=False,
        )
        lines += textwrap.wrap(
            f"(stops {alt}: would {gain})",
            width,
            initial_indent=" " * 7,
            subsequent_indent=" " * 8,
            break_on_hyphens=False,
        )
    return lines


def checks_table(checks: Iterable[RuleCheck], width: int = DEFAULT_WIDTH) -> str:
    rows = [[c.rule, c.title, "pass" if c.ok else "FAIL", c.detail] for c in checks]
    return fitted(rows, ["Rule", "", "Verdict", "Numbers"], width, wrap=[3, 1])


def result_text(result: Result, width: int | None = None) -> str:
    """`solve`: the build, its numbers and the rules that shaped it, or why there is none."""
    width = width or terminal_width()
    head = f"{result.scenario or 'Scenario'}: workload {result.workload}, objective {result.objective}"
    lines = textwrap.wrap(head, width) + [f"Status: {result.status}" + _status_note(result), ""]
    catalog = result.instance.catalog if result.instance is not None else None
    if result.build is None:
        lines += _paragraphs(explanation_text(result), width)
        return "\n".join(lines + ["", price_line(catalog)])
    lines += [parts_table(result.build, width), price_line(catalog), ""] + summary_lines(result.build, width)
    lines += v3_lines(result.build, result.instance, width)
    if result.bindings:
        lines += ["", "Rules that shaped this build (each alone stops a better swap):"] + binding_lines(
            result.bindings, width
        )
    for note in result.notes:
        lines += [""] + textwrap.wrap(f"Note: {note}", width, subsequent_indent="  ")
    return "\n".join(lines)


def _paragraphs(text: str, width: int) -> list[str]:
    """Text wrapped to `width`, each line keeping its own indent (an explanation's bullets)."""
    out = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        bullet = indent + (2 if line.lstrip().startswith("- ") else 0)
        out += textwrap.wrap(line, width, subsequent_indent=" " * bullet, break_on_hyphens=False) or [""]
    return out


def _status_note(result: Result) -> str:
    if result.status == "optimal":
        return " (proven)"
    stopped = "interrupted" if result.stats.get("interrupted") else "the time limit came"
    if result.status == "feasible":
        bound = ""
        if result.bound is not None:
            what = {"max_perf": f"no build is faster than {float(result.bound):.4f}",
                    "min_cost": f"no build is cheaper than ${float(result.bound):,.2f}",
                    "perf_per_dollar": f"no build beats {float(result.bound) * 1000:.4f} per $1,000",
                    "min_tco": f"no build has a lower total cost than ${float(result.bound):,.2f}",
                    "perf_per_tco_dollar": f"no build beats {float(result.bound) * 1000:.4f} "
                                           "per $1,000 of total cost"}[result.objective]  # fmt: skip
            bound = f"; proven so far: {what}"
        return f" ({stopped} before the proof{bound})"
    if result.status == "unknown":
        return f" ({stopped} before any build was found)"
    return ""


def explanation_text(answer: Result | Frontier, width: int = DEFAULT_WIDTH) -> str:
    """Why an answer has no build, in words: what clashes, or that the search was stopped before one."""
    if answer.explanation is not None:
        text = answer.explanation.text()
    elif answer.status in ("feasible", "unknown"):  # stopped before the first build was found or proven
        if answer.stats.get("interrupted"):
            text = "Interrupted before any build was found: nothing is proven about this scenario yet."
        else:
            text = (
                "The time limit came before any build was found: nothing is proven yet; "
                "a longer --time-limit gives the solver room."
            )
    else:
        text = "No build meets every rule."
    return "\n".join(_paragraphs(text, width))


def check_text(
    report: CheckReport, where: str, scenario: Scenario, catalog: Catalog | None = None, width: int | None = None
) -> str:
    """`check`: every rule's verdict on a build, its numbers, and what the model leaves unchecked."""
    width = width or terminal_width()
    verdict = "passes every rule" if report.ok else f"breaks {sum(not c.ok for c in report.checks)} rule(s)"
    lines = textwrap.wrap(
        f"Build {where} {verdict} (scenario {scenario.name or scenario.source}, workload {scenario.workload})", width
    )
    lines += ["", parts_table(report.build, width), price_line(catalog), ""] + summary_lines(report.build, width)
    lines += v3_lines(report.build, report.instance, width)
    lines += ["", checks_table(report.checks, width), ""]
    lines.append("Not checked (look at these yourself):")
    lines += [
        w for u in report.unchecked for w in textwrap.wrap(u, width, initial_indent="  - ", subsequent_indent="    ")
    ]
    return "\n".join(lines)


def frontier_table(f: Frontier, chosen: Build | None, width: int | None = None) -> str:
    """Every frontier build (its GPUs, power level, PSUs and slots) with what changed from the one before; `chosen`
    (the scenario's pick) is starred."""
    width = width or terminal_width()
    name = f.scenario.name or f.scenario.source
    head = f"Frontier of {name}: {len(f.points)} builds, {'complete and proven' if f.status == 'optimal' else f.status}"
    catalog = f.instance.catalog if f.instance is not None else None
    if not f.points:
        return f"{head}\n{explanation_text(f, width)}\n\n{price_line(catalog)}"
    from ..diff import step_text

    rows, changes, previous = [], [], None
    for i, b in enumerate(f.points, 1):
        mark = "*" if chosen is not None and b == chosen else ""
        rows.append(
            [
                f"{i}{mark}",
                usd(b.cost_cents),
                perf(b.performance),
                per_thousand(b.performance, b.cost_cents),
                build_short(b),
            ]
        )
        changes += textwrap.wrap(
            step_text(previous, b), width, initial_indent=f"{i:>3}  ", subsequent_indent=" " * 5, break_on_hyphens=False
        )
        previous = b
    table = fitted(
        rows,
        ["#", "Cost", "Perf", "Perf/$1k", "GPUs, power level, PSUs, wall draw; slots"],
        width,
        wrap=[4],
        disable_numparse=True,
    )
    lines = (
        textwrap.wrap(head, width)
        + [""]
        + textwrap.wrap(f"Perf: {rating_words(f.points[-1], _column(f.instance))}", width)
        + ["", table]
    )
    if chosen is not None:
        lines.append(f"* the scenario's {f.scenario.objective} choice")
    if f.status == "feasible":
        why = "Interrupted" if f.stats.get("interrupted") else "Stopped early by the time limit"
        lines += textwrap.wrap(
            f"{why}: every point shown is proven; builds beyond the last one were not searched.", width
        )
    lines.append(price_line(catalog))
    lines += _tco_basis_note(
        f.basis, [(f"build {i}", b.cost_cents, b.tco_cents) for i, b in enumerate(f.points, 1)], width
    )
    return "\n".join(lines + ["", "Changed from the previous build:"] + changes)


def _tco_basis_note(basis: str, money: list[tuple[str, int, int | None]], width: int) -> list[str]:
    """Build model v3: on the TCO basis (--cost tco) the frontier and the budgets are on total cost of ownership;
    each row's TCO, listed after the table so the table itself reads as on the purchase basis."""
    if basis != "tco":
        return []
    lines = [""] + textwrap.wrap(
        "Cost basis: total cost of ownership over [usage] (purchase + electricity); R14 still limits spend.", width
    )
    return lines + [f"  {label}: cost {usd(cost)}, TCO {usd(tco)}" for label, cost, tco in money if tco is not None]


def sweep_table(s: Sweep, scenario: Scenario, width: int | None = None) -> str:
    """The scenario's answer at each budget, and why the budgets without a build have none."""
    width = width or terminal_width()
    rows = [[usd(p.budget_cents), p.status, usd(p.build.cost_cents) if p.build else "-",
             perf(p.build.performance) if p.build else "-",
             per_thousand(p.build.performance, p.build.cost_cents) if p.build else "-",
             build_short(p.build) if p.build else "-"] for p in s.points]  # fmt: skip
    head = (f"Sweep of {scenario.name or scenario.source} ({scenario.objective}): {len(s.points)} budgets from "
            f"{s.frontier.stats.get('points', 0)} frontier builds, {s.stats['solves']} solves")  # fmt: skip
    found = [p.build for p in s.points if p.build is not None]
    lines = (
        textwrap.wrap(head, width)
        + [""]
        + textwrap.wrap(f"Perf: {rating_words(found[-1] if found else None, _column(s.frontier.instance))}", width)
    )
    lines += [
        "",
        fitted(
            rows,
            ["Budget", "Status", "Cost", "Perf", "Perf/$1k", "GPUs, power level, PSUs, wall draw; slots"],
            width,
            wrap=[5],
            disable_numparse=True,
        ),
    ]
    catalog = s.frontier.instance.catalog if s.frontier.instance is not None else None
    lines.append(price_line(catalog))
    lines += _tco_basis_note(
        s.frontier.basis,
        [(f"budget {usd(p.budget_cents)}", p.build.cost_cents, p.build.tco_cents) for p in s.points if p.build],
        width,
    )
    if any(p.status == "infeasible" for p in s.points):
        lines += [""] + _paragraphs(_sweep_gap(s), width)
    elif not s.frontier.points and s.frontier.status == "feasible":
        lines += [""] + _paragraphs(explanation_text(s.frontier), width)
    return "\n".join(lines)


def _sweep_gap(s: Sweep) -> str:
    """Why some budgets have no build: the cheapest build (exact, from the frontier), or why none exists."""
    if not s.frontier.points:
        return explanation_text(s.frontier)
    cheapest = s.frontier.points[0]
    if s.frontier.scenario.objective == "min_cost":
        target = s.frontier.scenario.min_perf
        assert target is not None, "the scenario's check requires min_perf for min_cost"
        return (f"Infeasible budgets cannot buy performance {float(target):g}; "
                "the cheapest build that meets "
                f"every rule costs {usd(cheapest.cost_cents)}.")  # fmt: skip
    return (
        f"Budgets below {usd(cheapest.cost_cents)} are infeasible: "
        f"the cheapest build that meets every rule costs {usd(cheapest.cost_cents)} (R14)."
    )


def compare_table(c: Comparison, width: int | None = None) -> str:
    """The base and each variant side by side (part names shortened, cells wrapped to fit), then each variant's
    changed parts with their causes."""
    width = width or terminal_width()
    columns = [("base", c.base)] + [(o.name, o.result) for o in c.variants]
    rows = [["Status"] + [r.status for _, r in columns]]
    for cat in CATEGORIES:
        rows.append([cat.slot] + [brief(cat.slot, r.build.picks()[cat.slot]) if r.build else "-" for _, r in columns])
    rows.append(["power"] + [power_short(r.build) if r.build else "-" for _, r in columns])
    rows.append(["slots"] + [slots_short(r.build) if r.build else "-" for _, r in columns])
    rows.append(["Cost"] + [usd(r.cost_cents) for _, r in columns])
    rows.append(["Performance"] + [perf(r.performance) for _, r in columns])
    rows.append(["Perf/$1k"] + [per_thousand(r.performance, r.cost_cents) for _, r in columns])
    if any(r.build is not None and r.build.energy is not None for _, r in columns):  # build model v3: [usage]
        rows.append(
            ["Energy cost"] + [usd(r.build.energy.cents) if r.build and r.build.energy else "-" for _, r in columns]
        )
        rows.append(["TCO"] + [usd(r.build.tco_cents) if r.build and r.build.energy else "-" for _, r in columns])
    name = c.scenario.name or c.scenario.source
    table = fitted(
        rows, [""] + [n for n, _ in columns], width, wrap=list(range(1, len(columns) + 1)), disable_numparse=True
    )
    built = next((r.build for _, r in columns if r.build is not None), None)
    lines = textwrap.wrap(f"What-if for {name} ({c.scenario.objective})", width) + [""]
    lines += textwrap.wrap(f"Performance: {rating_words(built, _column(c.base.instance))}", width) + ["", table]
    lines += [price_line(c.base.instance.catalog if c.base.instance is not None else None), ""]
    from ..diff import delta

    for o in c.variants:
        lines += textwrap.wrap(f"{o.name}: {'; '.join(o.changed) or 'no changes'}", width, subsequent_indent="  ")
        if o.result.build is None:
            lines += ["  " + line for line in explanation_text(o.result, width - 2).splitlines()]
        elif c.base.build is not None:
            for ch in o.changes:
                lines += textwrap.wrap(ch.text(), width, initial_indent="  - ", subsequent_indent="    ")
            lines += textwrap.wrap(
                f"= {delta(c.base.build, o.result.build)}" + ("" if o.changes else ", same parts"),
                width,
                initial_indent="  ",
            )
    return "\n".join(lines)
