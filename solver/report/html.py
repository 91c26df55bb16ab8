"""The report's data rendered as one self-contained HTML page: inline styles, plotly.js and a small script."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from typing import Any

from ..text import json_printable, printable
from .charts import cost_by_month_figure, frontier_figure, sweep_figure
from .script import SCRIPT
from .style import STYLE

URL = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:]")
CODE = re.compile(r"`([^`]+)`")
STATUS_WORDS = {
    "optimal": "proven optimal",
    "feasible": "best found before the time limit (not proven)",
    "infeasible": "no build meets every rule",
    "unknown": "stopped before any build was found",
}


def e(value: Any) -> str:
    """Text as HTML: escaped, and with no character a terminal would act on (the page may go to one)."""
    return escape(printable("" if value is None else str(value)))


def inline(text: str) -> str:
    """A line of Markdown as HTML: escaped, with `code` spans and bare links made live."""
    out = e(text)
    out = CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    return URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noopener">{m.group(0)}</a>', out)


def _json(value: Any) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" can end it early."""
    text = json_printable(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: A table cell: HTML, or for a row's first cell (the row's attributes, the cell's HTML).
Cell = str | tuple[str, str]


def _table(
    headers: Iterable[str],
    rows: Iterable[Iterable[Cell]],
    cls: str = "",
    numeric: Iterable[int] = (),
    wide_only: Iterable[int] = (),
) -> str:
    """A table whose cells are already HTML; `numeric` columns align right, `wide_only` ones are left
    out on a phone's width."""
    right, wide = set(numeric), set(wide_only)

    def attr(i: int) -> str:
        classes = " ".join(c for c, on in (("num", i in right), ("wide-only", i in wide)) if on)
        return f' class="{classes}"' if classes else ""

    head = "".join(f'<th{attr(i)} scope="col">{h}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = list(row)
        attrs = ""
        if cells and isinstance(cells[0], tuple):  # (row attributes, first cell)
            attrs, cells[0] = cells[0]
        body.append(f"<tr{attrs}>" + "".join(f"<td{attr(i)}>{c}</td>" for i, c in enumerate(cells)) + "</tr>")
    return (
        f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def parts_table(build: dict[str, Any]) -> str:
    rows: list[list[Cell]] = []
    for p in build["parts"]:
        if p["name"] is None:
            rows.append([e(p["label"]), f'<span class="muted">{e(p["note"])}</span>', "", "", ""])
        else:
            count = f'<span class="narrow-count">{p["count"]} x </span>' if p["count"] > 1 else ""
            # Build model v3: owned units, and where a bought price comes from (date, source, kind).
            extra = "".join(f'<br><small class="muted">{e(x)}</small>' for x in (p.get("owned"), p.get("offer")) if x)
            rows.append([e(p["label"]), count + e(p["name"]) + extra, str(p["count"]), e(p["unit"]), e(p["price"])])
    rows.append([("", "<b>Total</b>"), "", "", "", f"<b>{e(build['cost'])}</b>"])
    # On a phone the count moves into the choice and the unit price is left out, so the price fits.
    return _table(
        ["Part", "Choice", "Count", "Unit price", "Price"], rows, "parts", numeric=(2, 3, 4), wide_only=(2, 3)
    )


def _figures(build: dict[str, Any], unit: str) -> str:
    scaling = f"<small>{e(build['scaling'])}</small>" if build["scaling"] else ""
    power = ""
    if build["power"]:
        wall = f"{build['wall_watts']:,} W at the wall"
        power = f'<div class="figure"><span>Power</span><b>{e(wall)}</b><small>{e(build["power"])}</small></div>'
    return (
        '<div class="figures">'
        f'<div class="figure"><span>Total</span><b>{e(build["cost"])}</b></div>'
        f'<div class="figure"><span>Performance</span><b>{e(build["perf"])}</b><small>{e(unit)}</small></div>'
        f'<div class="figure"><span>Per $1,000</span><b>{e(build["perf_per_1000_text"])}</b></div>'
        f'<div class="figure"><span>GPUs</span><b>{e(build["gpu"])}</b>'
        f"<small>{e(build['layout'])}</small>{scaling}</div>"
        f"{power}</div>"
    )


def _recommended(data: dict[str, Any]) -> str:
    r, s = data["result"], data["scenario"]
    words = STATUS_WORDS.get(r["status"], r["status"])
    if r["interrupted"]:
        words = {
            "feasible": "best found before the interruption (not proven)",
            "unknown": "interrupted before any build was found",
        }.get(r["status"], words)
    status = f'<span class="badge {e(r["status"])}">{e(words)}</span>'
    within = f", within a budget of {e(s['budget'])}" if s["budget_cents"] else ""
    intro = f"<p>Chosen for {e(s['objective_words'])}{within}: {status}</p>"
    if r["bound"] is not None:  # the time limit stopped the proof: say what is proven about the optimum
        bound = {"max_perf": f"no build is faster than {r['bound']:.4f}",
                 "min_cost": f"no build is cheaper than ${r['bound']:,.2f}",
                 "perf_per_dollar": f"no build beats {r['bound'] * 1000:.4f} per $1,000",
                 }.get(r["objective"], "")  # fmt: skip
        intro += f'<p class="muted">Proven so far: {e(bound)}.</p>'
    if r["build"] is None:
        if r["status"] == "infeasible":
            why = f'<pre class="explain">{e(r["explanation"] or "No build meets every rule.")}</pre>'
        elif r["interrupted"]:
            why = (
                '<p class="muted">Interrupted before any build was found: '
                "nothing is proven about this scenario yet.</p>"
            )
        else:
            why = (
                '<p class="muted">The time limit came before any build was found; '
                "a longer <code>--time-limit</code> gives the solver room.</p>"
            )
        return f'<section id="recommended"><h2>Recommended build</h2>{intro}{why}</section>'
    parts = [intro, _figures(r["build"], data["units"]["performance"]), parts_table(r["build"])]
    if r["binding"]:
        items = "".join(
            f'<li><span class="rule">{e(b["rule"])}</span> <b>{e(b["title"])}</b>: '
            f"{e(b['detail'])}. {e(b['words'])}</li>"
            for b in r["binding"]
        )
        parts.append(
            "<h3>Rules that shaped this build</h3>"
            '<p class="muted">Each rule below, on its own, stops a swap that would make the build better.</p>'
            f'<ul class="binding">{items}</ul>'
        )
    checks = [
        [
            e(c["rule"]),
            e(c["title"]),
            '<span class="ok">pass</span>' if c["ok"] else '<span class="fail">fail</span>',
            e(c["detail"]),
        ]
        for c in r["checks"]
    ]
    parts.append(
        "<details><summary>Every rule's verdict on this build (R1-R15)</summary>"
        f"{_table(['Rule', 'What', 'Verdict', 'Numbers'], checks, 'checks')}</details>"
    )
    parts += [f'<p class="note">Note: {e(n)}</p>' for n in r["notes"]]
    return f'<section id="recommended"><h2>Recommended build</h2>{"".join(parts)}</section>'


def _tco(data: dict[str, Any]) -> str:
    """Build model v3: the total cost of ownership of the recommended build and its cost by month against the cloud."""
    t = data.get("tco")
    if not t:
        return ""
    facts = [
        ("Purchase", t["purchase"]),
        ("Electricity", f"{t['energy_kwh']:,.0f} kWh, {t['energy_cost']}"),
        ("Total", t["total"]),
    ]
    if t["cloud"]:
        facts.append(
            ("Cloud, same work", f"{t['cloud']['name']} at ${t['cloud']['hourly']:,.2f}/h: {t['cloud']['cost']}")
        )
        month = t["break_even_month"]
        facts.append(
            (
                "Break-even",
                f"month {month} of {t['horizon_months']}" if month else f"none within {t['horizon_months']} months",
            )
        )
    items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts)
    return f"""<section id="tco"><h2>Buy or rent</h2><p>Over {t["horizon_months"]} months of the scenario's \
[usage]:</p><dl class="facts">{items}</dl>
<div class="chart"><div id="tco-chart" role="img" \
aria-label="Cumulative cost by month, build against cloud"></div></div></section>"""


def _frontier(data: dict[str, Any]) -> str:
    f = data["frontier"]
    state = (
        "complete and proven"
        if f["complete"]
        else "stopped early: every point shown is proven, builds beyond the last were not searched"
    )
    if not f["points"]:
        stopped = "Interrupted" if f["stats"].get("interrupted") else "The time limit came"
        none = (f"{stopped} before any frontier build was proven." if f["status"] == "feasible"
                else "No build meets every rule, so there is no frontier "
                     "(see the recommended build above for why).")  # fmt: skip
        return f'<section id="frontier"><h2>Cost and performance frontier</h2><p>{none}</p></section>'
    head = (
        f"<p>{f['count']} builds, {e(state)}. No build in the catalog is both cheaper and faster than any of them.</p>"
    )
    rows: list[list[Cell]] = []
    for p in f["points"]:
        mark = ' <span class="star" title="recommended">&#9733;</span>' if p["recommended"] else ""
        changes = (
            "; ".join(p["changes"]) if p["changes"] else ("cheapest valid build" if p["index"] == 0 else "same parts")
        )
        attrs = ' class="recommended"' if p["recommended"] else ""
        pin = f'<button type="button" class="pin no-print" data-point="{p["index"]}">Pin</button>'
        rows.append(
            [
                (attrs, f"{p['index'] + 1}{mark}"),
                e(p["cost"]),
                e(p["perf"]),
                e(p["perf_per_1000_text"]),
                f'<span class="nowrap">{e(p["gpu"])}</span>',
                e(changes),
                pin,
            ]
        )
    table = _table(
        ["#", "Cost", "Perf", "Per $1k", "GPUs", "Changed from the previous build", ""],
        rows,
        "frontier",
        numeric=(1, 2, 3),
    )
    return f"""<section id="frontier"><h2>Cost and performance frontier</h2>{head}
<p class="hint no-print">Hover over a point to see its build; \
click it (or a row's Pin button) to set it beside the recommended build.</p>
<div class="chart"><div id="frontier-chart" role="img" \
aria-label="Frontier chart: cost against performance of {f["count"]} builds"></div></div>
<div class="panels"><div class="panel" id="hover-panel" aria-live="polite">\
<p class="muted">No point under the pointer.</p></div>
<div class="panel" id="pin-panel" aria-live="polite"><p class="muted">No build pinned yet.</p></div></div>
<details open><summary>All {f["count"]} frontier builds</summary>{table}</details></section>"""


def _sweep(data: dict[str, Any]) -> str:
    s = data["sweep"]
    if not s:
        return ""
    rows = []
    for p in s["points"]:
        b = p["build"]
        cells = [e(b["cost"]), e(b["perf"]), e(b["perf_per_1000_text"]), e(b["gpu"])] if b else ["-", "-", "-", "-"]
        rows.append([e(p["budget"]), e(p["status"]), *cells])
    gap = ""
    if any(p["status"] == "infeasible" for p in s["points"]) and s["cheapest"]:
        gap = (
            f'<p class="muted">Below {e(s["cheapest"])} nothing fits: '
            "that is the cheapest build that meets every rule.</p>"
        )
    table = _table(["Budget", "Status", "Build cost", "Perf", "Per $1k", "GPUs"], rows, "sweep", numeric=(0, 2, 3, 4))
    return f"""<section id="sweep"><h2>Budget sweep</h2>
<p>The build chosen for {e(data["scenario"]["objective_words"])} at each budget, read off the exact frontier.</p>
<div class="chart"><div id="sweep-chart" role="img" \
aria-label="Budget sweep chart: performance of the chosen build at each budget"></div></div>{gap}
<details><summary>The {len(s["points"])} budgets</summary>{table}</details></section>"""


def _compare(data: dict[str, Any]) -> str:
    c = data["compare"]
    title = "<h2>What-if variants</h2>"
    if not c:
        return (f'<section id="compare">{title}<p class="muted">This scenario has no what-if variants. '
                'Add <code>[[variants]]</code> to the scenario file, '
                "or give <code>--set</code> / <code>--price</code> to <code>dlbuild report</code>, "
                "to compare them here.</p></section>")  # fmt: skip
    columns = [("Base", c["base"])] + [(v["name"], v) for v in c["variants"]]
    base_build = c["base"]["build"]
    rows: list[list[Cell]] = [[("", "Status"), *[e(col["status"]) for _, col in columns]]]
    template: dict[str, Any] = next(
        (col["build"] for _, col in columns if col["build"]), {"parts": []}
    )  # every build lists the same slots
    for index, part in enumerate(template["parts"]):
        cells = []
        for _, col in columns:
            b = col["build"]
            value = b["parts"][index]["short"] if b else "-"
            changed = base_build is not None and b is not None and value != base_build["parts"][index]["short"]
            cells.append(f'<span class="changed">{e(value)}</span>' if changed else e(value))
        rows.append([("", e(part["label"])), *cells])
    for label, key in (("Cost", "cost"), ("Performance", "perf"), ("Per $1k", "perf_per_1000_text")):
        rows.append([("", f"<b>{label}</b>"), *[e(col["build"][key]) if col["build"] else "-" for _, col in columns]])
    table = _table([""] + [e(name) for name, _ in columns], rows, "compare")
    notes = []
    for v in c["variants"]:
        changed = "; ".join(v["changed"]) or "no changes"
        if v["build"] is None:
            stopped = "Interrupted" if v["interrupted"] else "The time limit came"
            why = v["explanation"] or (
                f"{stopped} before any build was found." if v["status"] == "unknown" else "No build meets every rule."
            )
            body = f'<pre class="explain">{e(why)}</pre>'
        elif v["delta"] is None:
            body = (
                '<p class="muted">The base scenario has no build; '
                f"this variant has one, costing {e(v['build']['cost'])}.</p>"
            )
        elif v["changes"]:
            items = "".join(
                f"<li>{e(ch['label'])}: {e(ch['before'])} &rarr; <b>{e(ch['after'])}</b>"
                + (f' <span class="cause">because of {e(ch["cause"])}</span>' if ch["cause"] else "")
                + "</li>"
                for ch in v["changes"]
            )
            body = f'<ul>{items}</ul><p class="muted">Against the base: {e(v["delta"])}</p>'
        else:
            body = f'<p class="muted">Same parts as the base; {e(v["delta"])}</p>'
        notes.append(f'<div class="variant"><h3>{e(v["name"])}</h3><p>Changes: {e(changed)}</p>{body}</div>')
    return (
        f'<section id="compare">{title}<p>The scenario and each variant solved on the same catalog; '
        f'parts that differ from the base are marked.</p>{table}<div class="variants">{"".join(notes)}</div></section>'
    )


def _scenario(data: dict[str, Any]) -> str:
    s = data["scenario"]
    facts = [
        ("Scenario", f'{e(s["name"])} <span class="muted">({e(s["source"])})</span>'),
        ("Workload", e(s["workload"]) + (f' <span class="muted">(performance column {e(s["perf_column"])})</span>'
                                         if s["perf_column"] and s["perf_column"] != "perf" else "")),
        ("Objective", f'{e(s["objective"])}: {e(s["objective_words"])}'),
        ("Budget", e(s["budget"])),
    ]  # fmt: skip
    if s["min_perf"] is not None:
        facts.append(("Performance target", e(f"{s['min_perf']:g}") + " (one RTX 4090 = 1.0)"))
    if s["description"]:
        facts.insert(1, ("Description", e(s["description"])))
    for label, key in (("Excluded parts", "exclude"), ("Required parts", "require")):
        if s[key]:
            facts.append((label, ", ".join(f"<code>{e(r)}</code>" for r in s[key])))
    if s["prices"]:
        facts.append(("Prices changed", ", ".join(f"<code>{e(r)}</code> {e(v)}" for r, v in s["prices"].items())))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    params = [
        [e(p["rule"]), f'<code class="key">{e(p["key"])}</code>', e(p["value"]), e(p["meaning"])]
        for p in s["parameters"]
    ]
    return (
        f'<section id="scenario"><h2>Scenario and rule parameters</h2><dl class="facts">{dl}</dl>'
        f"{_table(['Rule', 'Key', 'Value', 'Meaning'], params, 'params')}</section>"
    )


def _sources(data: dict[str, Any]) -> str:
    c = data["catalog"]
    date = e(c["price_date"]) if c["price_date"] else "not recorded in this catalog"
    counts = ", ".join(f"{n:,} {e(stem)}" for stem, n in c["parts"].items())
    parts = [
        f'<dl class="facts"><dt>Catalog</dt><dd>{e(c["name"])} ({counts})</dd><dt>Prices as of</dt><dd>{date}</dd></dl>'
    ]
    if c["prices"]:
        parts.append(f"<p>{inline(c['prices'])}</p>")
    if c["datasets"]:
        items = []
        for d in c["datasets"]:
            more = ""
            if d["items"]:
                inner = "".join(f"<li>{inline(i)}</li>" for i in d["items"])
                more = f"<details><summary>{len(d['items'])} entries</summary><ul>{inner}</ul></details>"
            items.append(f"<li>{inline(d['text'])}{more}</li>")
        parts.append(f'<ul class="sources">{"".join(items)}</ul>')
    else:
        parts.append('<p class="muted">The catalog records no data sources (it has no SOURCES.md).</p>')
    return f'<section id="sources"><h2>Catalog and data sources</h2>{"".join(parts)}</section>'


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def render(data: dict[str, Any]) -> str:
    """The whole page: every table rendered here (readable without scripts and in print), the charts
    drawn by plotly.js from figure specs embedded as JSON."""
    charts = {"frontier": frontier_figure(data) if data["frontier"]["points"] else None, "sweep": sweep_figure(data),
              "tco": cost_by_month_figure(data)}  # fmt: skip
    s, c = data["scenario"], data["catalog"]
    price_note = f" &middot; prices as of {e(c['price_date'])}" if c["price_date"] else ""
    budget_note = f" &middot; budget {e(s['budget'])}" if s["budget_cents"] else ""
    nav = "".join(f'<a href="#{i}">{t}</a>' for i, t in (("recommended", "Build"), ("tco", "Buy or rent"),
                                                         ("frontier", "Frontier"), ("sweep", "Sweep"),
                                                         ("compare", "What-if"),
                                                         ("scenario", "Scenario"), ("sources", "Sources"))
                  if (i != "sweep" or data["sweep"]) and (i != "tco" or data.get("tco")))  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dlbuild {e(data["version"])}">
<title>{e(data["title"])}</title>
<style>{STYLE}</style>
</head>
<body>
<header><div class="wrap"><p class="kicker">dlbuild report</p><h1>{e(s["name"])}</h1>
<p class="sub">Workload {e(s["workload"])} &middot; {e(s["objective_words"])}{budget_note}{price_note} \
&middot; made {e(data["generated"])}</p>
<nav class="no-print">{nav}</nav></div></header>
<main class="wrap">
{_recommended(data)}
{_tco(data)}
{_frontier(data)}
{_sweep(data)}
{_compare(data)}
{_scenario(data)}
{_sources(data)}
</main>
<footer class="wrap"><p>Made by dlbuild {e(data["version"])}: a CP-SAT model of Tim Dettmers' deep-learning \
hardware rules (R1-R18) over the catalog above.
Performance is {e(data["units"]["performance"])}. Every build shown meets every rule; \
"proven" means no build in the catalog does better.</p></footer>
<script type="application/json" id="report-data">{_json(data)}</script>
<script type="application/json" id="report-charts">{_json(charts)}</script>
<script>{_plotly_js()}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
