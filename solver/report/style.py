"""The report's stylesheet, inlined into the page: laptop, phone and print layouts."""

STYLE = (
    """
:root {
  --ink: #1d2530; --muted: #5b6673; --line: #dde3ea; --soft: #f4f6f9; --accent: #1f5fa8; --accent-soft: #e8f0fa;
  --good: #1b7f3b; --bad: #c62828; --warn: #9a6700; --star: #c62828;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: #fff; line-height: 1.5; font-size: 16px;
}
* { box-sizing: border-box; }
body { margin: 0; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
"""
    "header { background: linear-gradient(180deg, #f4f7fb, #fff); border-bottom: 1px solid var(--line); "
    "padding: 28px 0 12px; }\n"
    ".kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; "
    "color: var(--accent); font-weight: 600; }\n"
    """\
h1 { margin: 4px 0 4px; font-size: 30px; line-height: 1.2; }
.sub { margin: 0 0 12px; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
section { padding: 28px 0 8px; border-bottom: 1px solid var(--line); }
section:last-child { border-bottom: 0; }
h2 { font-size: 22px; margin: 0 0 8px; }
h3 { font-size: 17px; margin: 20px 0 6px; }
p { margin: 6px 0 10px; }
a { color: var(--accent); overflow-wrap: anywhere; }
"""
    "code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; "
    "background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }\n"
    """\
.muted { color: var(--muted); }
"""
    ".badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 13px; "
    "font-weight: 600; background: var(--soft); }\n"
    """\
.badge.optimal { background: #e3f4e8; color: var(--good); }
.badge.feasible { background: #fff4d6; color: var(--warn); }
.badge.infeasible, .badge.unknown { background: #fde8e8; color: var(--bad); }
.figures { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 14px 0 18px; }
.figure { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; background: #fff; }
.figure span { display: block; font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.figure b { display: block; font-size: 21px; line-height: 1.3; }
.figure small { display: block; color: var(--muted); font-size: 12.5px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 8px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 14.5px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
"""
    "th { font-size: 12.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); "
    "font-weight: 600; background: var(--soft); }\n"
    """\
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.parts tr:last-child td { border-top: 2px solid var(--ink); border-bottom: 0; }
table.frontier tr.recommended td { background: #fdf1f1; }
table.frontier td:nth-child(6) { min-width: 260px; }
table.compare td { min-width: 150px; }
table.compare td:first-child, table.params td:first-child { min-width: 0; }
.changed { color: var(--accent); font-weight: 600; }
.star { color: var(--star); }
.ok { color: var(--good); font-weight: 600; }
.fail { color: var(--bad); font-weight: 600; }
ul.binding { list-style: none; padding: 0; margin: 8px 0; }
"""
    "ul.binding li { padding: 8px 12px; border-left: 3px solid var(--accent); background: var(--soft); "
    "margin: 6px 0; border-radius: 0 6px 6px 0; }\n"
    """\
.rule { display: inline-block; min-width: 36px; font-weight: 700; color: var(--accent); }
details { margin: 10px 0; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
"""
    "pre.explain { white-space: pre-wrap; background: #fdf1f1; border-left: 3px solid var(--bad); "
    "padding: 10px 12px; border-radius: 0 6px 6px 0; font-size: 14px; }\n"
    """\
.hint { color: var(--muted); font-size: 14px; }
.chart { border: 1px solid var(--line); border-radius: 10px; margin: 8px 0; padding: 6px 4px 0; overflow: hidden; }
.chart > div { width: 100%; min-height: 420px; }
.nowrap { white-space: nowrap; }
.narrow-count { display: none; }
code.key { overflow-wrap: normal; }
.panels { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 8px 0 4px; }
"""
    ".panel { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; min-height: 120px; "
    "background: #fff; font-size: 14px; }\n"
    """\
.panel h3 { margin: 0 0 6px; font-size: 15px; }
.panel table { font-size: 13.5px; }
.panel td, .panel th { padding: 4px 6px; }
.panel tr.diff td { background: var(--accent-soft); }
.panel ul { margin: 6px 0; padding-left: 18px; }
"""
    "button.pin, button.unpin { font: inherit; font-size: 13px; padding: 2px 10px; "
    "border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 6px; "
    "cursor: pointer; }\n"
    """\
button.pin:hover, button.unpin:hover { background: var(--accent-soft); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.variants { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.variant { border: 1px solid var(--line); border-radius: 10px; padding: 4px 14px 8px; }
.variant ul { padding-left: 18px; }
.cause { color: var(--muted); font-size: 13.5px; }
ul.sources li { margin: 6px 0; }
footer { color: var(--muted); font-size: 13px; padding: 18px 24px 40px; }

@media screen and (max-width: 760px) {
  :root { font-size: 15px; }
  .wrap { padding: 0 14px; }
  h1 { font-size: 24px; }
  .figures { grid-template-columns: 1fr 1fr; gap: 8px; }
  .figure b { font-size: 18px; }
  .panels { grid-template-columns: 1fr; }
  .chart > div { min-height: 340px; }
  table { font-size: 13.5px; }
  th, td { padding: 6px 7px; }
  /* Tables too wide for a phone become stacked rows: the figures on one line, the words below. */
  .wide-only { display: none; }
  table.parts .narrow-count { display: inline; }
  table.frontier thead, table.params thead { display: none; }
"""
    "  table.frontier tr, table.params tr { display: grid; align-items: baseline; "
    "border-bottom: 1px solid var(--line); padding: 5px 0; }\n"
    """\
  table.frontier tr { grid-template-columns: 2.2em auto auto 1fr auto; }
  table.params tr { grid-template-columns: 3em 1fr auto; }
  table.frontier td, table.params td { border: 0; padding: 2px 6px; min-width: 0; }
  table.frontier td:nth-child(4) { display: none; }
"""
    "  table.frontier td:nth-child(6), table.params td:nth-child(4) { grid-row: 2; grid-column: 1 / -1; "
    "color: var(--muted); font-size: 13px; }\n"
    """\
  table.frontier td:nth-child(6) { min-width: 0; }
  table.frontier .nowrap { white-space: normal; }
  table.compare td { min-width: 130px; }
"""
    "  table.compare th:first-child, table.compare td:first-child { position: sticky; left: 0; "
    "background: #fff; min-width: 0; box-shadow: 1px 0 0 var(--line); }\n"
    """\
  table.compare th:first-child { background: var(--soft); }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin-bottom: 6px; }
}

@media print {
  :root { font-size: 10.5pt; }
  .no-print, .hint, .panels { display: none !important; }
  header { background: none; padding-top: 0; }
  .wrap { max-width: none; padding: 0; }
  section { break-inside: auto; padding-top: 14px; }
  h2, h3 { break-after: avoid; }
  tr, .figure, .variant, .chart, ul.binding li { break-inside: avoid; }
  .chart { border: 0; }
  .scroll { overflow: visible; }
  details > summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
  table.frontier td:nth-child(6) { min-width: 0; }
  table.frontier .nowrap { white-space: normal; }
}
"""
)
