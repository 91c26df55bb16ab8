"""The standing hostile-input suite: inputs a careless or malicious user might give (file contents, options,
environment), each with the exit code and a fragment of the message it must give. Every case runs the
command in-process (`main(argv)`) on a copy of the mini catalog; signals and devices, which need a real
process, are in test_signals.py and test_outfile.py.

What every case also asserts: no traceback, no "Internal error" (exit 1 is for bugs in dlbuild only), and
the message is one paragraph that starts with "Error:" or click's usage line when the code is 2."""

from __future__ import annotations

import re
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import MINI

from solver.cli import main

#: Characters a terminal acts on (C0 but the line break, DEL, C1, bidi overrides and isolates): none may
#: reach the terminal raw, whatever the catalog or scenario holds.
TERMINAL_CONTROLS = (
    (set(range(0x20)) - {0x0A})
    | set(range(0x7F, 0xA0))
    | {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
)
SCENARIO = 'name = "hostile"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n'
BUILD = """scenario = "s.toml"
[build]
gpu = "gpus:rtx3090-turbo"
gpu_count = 2
cpu = "ryzen5-7600"
motherboard = "x670e-proart"
memory = "memory:ddr5-2x16"
psu = "psus:psu-1000"
case = "cases:meshify2"
storage = "storage:sn770-1tb"
"""


@dataclass(frozen=True)
class Hostile:
    """One hostile input. `argv` may name {tmp} (the case's directory), {s} (the scenario file, which
    names the case's catalog copy) and {catalog}. `scenario` replaces the scenario's text after its catalog
    line; `catalog` maps a catalog file to (old, new) text replacements or to a whole new text; `files`
    are more files in {tmp} (text or bytes), `make` special ones. `says` must appear in stderr or stdout."""

    name: str
    argv: tuple[str, ...]
    code: int
    says: str
    scenario: str = SCENARIO
    catalog: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    make: dict = field(default_factory=dict)  # name in {tmp} -> "dirlink", "socket" or "loop" (a link to itself)
    embeds_plotly: bool = False  # the output holds plotly.js, whose code has tabs and control bytes of its own


def H(name: str, argv: str | tuple, code: int, says: str, **kw) -> Hostile:
    return Hostile(name, tuple(argv.split()) if isinstance(argv, str) else argv, code, says, **kw)


def cell(file: str, old: str, new: str) -> dict:
    """A catalog edit: the first `old` in `file` becomes `new`."""
    return {file: (old, new)}


LONG_DIGITS = "9" * 5000
CASES = [
    # --- numbers: magnitudes and counts are checked before anything is converted or allocated
    H(
        "catalog cell 1e999999999",
        "solve {s}",
        2,
        "psus.csv line 2, column wattage: '1e999999999' is out of range",
        catalog=cell("psus.csv", ",650,", ",1e999999999,"),
    ),
    H(
        "catalog cell 1e-999999999",
        "solve {s}",
        2,
        "column wattage: '1e-999999999' is out of range",
        catalog=cell("psus.csv", ",650,", ",1e-999999999,"),
    ),
    H(
        "catalog price 1e999999999",
        "solve {s}",
        2,
        "column price_usd: '1e999999999' is out of range",
        catalog=cell("psus.csv", ",79.99,", ",1e999999999,"),
    ),
    H(
        "catalog price of 5000 digits",
        "solve {s}",
        2,
        "column price_usd: '999999999",
        catalog=cell("psus.csv", ",79.99,", f",{LONG_DIGITS},"),
    ),
    H(
        "catalog count of 5000 digits",
        "solve {s}",
        2,
        "(5,000 characters)",
        catalog=cell("psus.csv", ",650,ATX,2,", f",650,ATX,{LONG_DIGITS},"),
    ),
    H(
        "catalog number with 18 decimals",
        "solve {s}",
        2,
        "column tdp_w: '350.000000000000000001' has more than 6 decimals",
        catalog=cell("gpus.csv", ",350,", ",350.000000000000000001,"),
    ),
    H(
        "catalog perf rating with 18 decimals",
        "solve {s}",
        2,
        "has more than 3 decimals",
        catalog=cell("gpu_models.csv", ",1.", ",1.000000000000000001"),
    ),
    H(
        "scenario number with 18 decimals",
        "solve {s}",
        2,
        "key rules.psu_headroom: 0.12345678901234568 has more than 6 decimals",
        scenario=SCENARIO + "[rules]\npsu_headroom = 0.123456789012345678\n",
    ),
    H(
        "scenario min_perf with 7 decimals",
        "solve {s}",
        2,
        "key min_perf: 0.1234567 has more than 6 decimals",
        scenario=SCENARIO + "min_perf = 0.1234567\n",
    ),
    H(
        "scenario price 1e999999999",
        "compare {s}",
        2,
        "key prices.gpus:rtx4090-tuf: inf is not a finite number",
        scenario=SCENARIO + '[[variants]]\nname = "v"\nprices = { "gpus:rtx4090-tuf" = 1e999999999 }\n',
    ),
    H(
        "scenario budget of 5000 digits",
        "solve {s}",
        2,
        "is not usable TOML: Exceeds the limit (4300 digits)",
        scenario=f'workload = "kaggle"\nbudget_usd = {LONG_DIGITS}\n',
    ),
    H(
        "scenario budget of 5000 digits",
        "solve {s}",
        2,
        "is not usable TOML: Exceeds the limit (4300 digits)",
        scenario=f'workload = "kaggle"\nbudget_usd = {LONG_DIGITS}\n',
    ),
    H(
        "scenario budget 1e300",
        "solve {s}",
        2,
        "key budget_usd: 1e+300 must be <= 100000000",
        scenario='workload = "kaggle"\nbudget_usd = 1e300\n',
    ),
    H(
        "sweep of a billion budgets",
        "sweep {s} --budgets 1:100000000:0.01",
        2,
        "asks for 9,999,999,901 budgets; at most 10,000",
    ),
    H("sweep to an infinite budget", "sweep {s} --budgets 1000,inf", 2, "'inf' is not a budget"),
    H("sweep to nan", "sweep {s} --budgets nan:2000:10", 2, "'nan' is not a budget"),
    H("sweep with a zero step", "sweep {s} --budgets 1000:2000:0", 2, "'0' is not a budget"),
    H("sweep with a huge exponent", "sweep {s} --budgets 1:1e999999999:1", 2, "'1e999999999' is not a budget"),
    H(
        "sweep with 20,000 listed budgets",
        ("sweep", "{s}", "--budgets", ",".join(["1000"] * 20_000)),
        2,
        "asks for 20,000 budgets",
    ),
    H("max budget nan", "frontier {s} --max-budget nan", 2, "'nan' is not a budget"),
    H("max budget inf", "frontier {s} --max-budget inf", 2, "'inf' is not a budget"),
    H("max budget 1e300", "frontier {s} --max-budget 1e300", 2, "'1e300' is not a budget"),
    H("max budget with 3 decimals", "frontier {s} --max-budget 1500.001", 2, "'1500.001' is not a budget"),
    H("time limit nan", "solve {s} --time-limit nan", 2, "'nan' is not a positive, finite number of seconds"),
    H("time limit inf", "solve {s} --time-limit inf", 2, "'inf' is not a positive, finite number of seconds"),
    H("time limit 0", "solve {s} --time-limit 0", 2, "'0' is not a positive, finite number of seconds"),
    H(
        "--set budget of 5000 digits",
        ("compare", "{s}", "--set", f"budget_usd={LONG_DIGITS}"),
        2,
        "(5,000 characters) is not a number",
    ),
    H(
        "--set value nested 5000 deep",
        ("compare", "{s}", "--set", "budget_usd=" + "[" * 5000),
        2,
        "key budget_usd: '[[[[",
    ),
    H("workers 0", "solve {s} --workers 0", 2, "0 is not in the range 1<=x<=64"),
    # --- CSV files: messages name the line an editor shows; what the docs accept is accepted
    H(
        "CSV error after a quoted line break",
        "solve {s}",
        2,
        "psus.csv line 4, column pcie_8pin: 'x' is not a number",
        catalog=cell(
            "psus.csv",
            "psu-650,Corsair RM650e,79.99,650,ATX,2,0,gold\npsu-1000,Corsair RM1000x,169.99,1000,ATX,6,1",
            'psu-650,"Corsair\nRM650e",79.99,650,ATX,2,0,gold\npsu-1000,Corsair RM1000x,169.99,1000,ATX,x,1',
        ),
    ),
    H(
        "CSV quoted cell with a comma after a space",
        "solve {s}",
        0,
        "Status: optimal",
        catalog=cell("cases.csv", "nr200,Cooler Master NR200P,", 'nr200, "Cooler Master, NR200P" ,'),
    ),
    H(
        "CSV name of 128 KiB",
        "solve {s}",
        2,
        "psus.csv line 2: cannot be read as CSV (a cell is longer than 131,072 characters)",
        catalog=cell("psus.csv", "Corsair RM650e", "x" * 131_073),
    ),
    H(
        "CSV header cell of 128 KiB",
        "solve {s}",
        2,
        "psus.csv line 1: cannot be read as CSV (a cell is longer than",
        catalog=cell("psus.csv", "pcie_16pin", "y" * 131_073),
    ),
    H(
        "CSV quote never closed",
        "solve {s}",
        2,
        "psus.csv: cannot be read as CSV (the quoted cell that starts on line 3 is never closed)",
        catalog=cell("psus.csv", "psu-1000,Corsair RM1000x", 'psu-1000,"Corsair RM1000x'),
    ),
    H(
        "CSV file in Latin-1",
        "solve {s}",
        2,
        "psus.csv: is not UTF-8 text (byte",
        catalog=cell("psus.csv", "Corsair RM650e", "Corsair RM650\udce9"),
    ),
    H("CSV file empty", "solve {s}", 2, "psus.csv: is empty; expected a header row", catalog={"psus.csv": ""}),
    H(
        "CSV file a directory",
        "solve {s}",
        2,
        "psus.csv: is missing from the catalog directory",
        catalog={"psus.csv": "DIR"},
    ),
    H("catalog is a file", "solve {s} --catalog {s}", 2, "is not a directory of catalog CSV files"),
    H(
        "CSV file of 65 MiB",
        "solve {s}",
        2,
        "psus.csv: cannot be read (it is larger than 64 MiB, the most dlbuild reads of one input file)",
        catalog={"psus.csv": "HUGE"},
    ),
    # --- TOML files: every way a file can fail to be a scenario or build file is one message naming it
    H(
        "TOML arrays nested 50k deep",
        "solve {tmp}/deep.toml",
        2,
        "deep.toml: is not usable TOML: its arrays or inline tables nest too deeply",
        files={"deep.toml": 'workload = "kaggle"\nx = ' + "[" * 50_000 + "]" * 50_000 + "\n"},
    ),
    H(
        "TOML inline tables nested 50k deep",
        "solve {tmp}/deep.toml",
        2,
        "nest too deeply",
        files={"deep.toml": "x = " + "{a=" * 50_000 + "1" + "}" * 50_000 + "\n"},
    ),
    H(
        "scaling key ²",
        "solve {s}",
        2,
        "key rules.scaling.²: GPU counts are whole numbers from 1 to 8",
        scenario=SCENARIO + '[rules]\nscaling = { "1" = 1.0, "²" = 1.8 }\n',
    ),
    H(
        "scaling key of 5000 digits",
        "solve {s}",
        2,
        "GPU counts are whole numbers from 1 to 8",
        scenario=SCENARIO + f'[rules]\nscaling = {{ "1" = 1.0, "{LONG_DIGITS}" = 1.8 }}\n',
    ),
    H("scenario is a directory", "solve {tmp}", 2, "is a directory; give the TOML file in it"),
    H("scenario is /dev/zero", "solve /dev/zero", 2, "/dev/zero: cannot be read (it is larger than 64 MiB"),
    H("check on /dev/zero", "check /dev/zero", 2, "/dev/zero: cannot be read (it is larger than 64 MiB"),
    H(
        "scenario in Latin-1",
        "solve {tmp}/latin.toml",
        2,
        "latin.toml: is not UTF-8 text (byte 31 cannot be decoded",
        files={"latin.toml": 'workload = "kaggle"\nname = "caf\xe9"\n'.encode("latin-1")},
    ),
    H("scenario key empty", "solve {s}", 2, 'key "": is not a scenario key', scenario=SCENARIO + '"" = 0\n'),
    H("check on a directory", "check {tmp}", 2, "is a directory; give the TOML file in it"),
    H(
        "check on a Latin-1 file",
        "check {tmp}/b.toml",
        2,
        "b.toml: is not UTF-8 text",
        files={"b.toml": BUILD.replace("meshify2", "m\xe9shify").encode("latin-1")},
    ),
    H("check on a missing file", "check {tmp}/nope.toml", 2, "nope.toml: does not exist"),
    H(
        'check with "" = 0 under [build]',
        "check {tmp}/b.toml",
        2,
        'key build."": is not a build key',
        files={"b.toml": BUILD + '"" = 0\n'},
    ),
    H(
        "check with an escape-sequence key",
        "check {tmp}/b.toml",
        2,
        'key build."\\u001b]0;x\\u0007": is not a build key',
        files={"b.toml": BUILD + '"\\u001b]0;x\\u0007" = 0\n'},
    ),
    H(
        "check with gpu_count 10**30",
        "check {tmp}/b.toml",
        4,
        "$1,599,990,000,000,000,000,000,000,000,001,128.95",
        files={"b.toml": BUILD.replace("gpu_count = 2", "gpu_count = " + "1" + "0" * 30)},
    ),
    H(
        "check with memory_count 10**30",
        "check {tmp}/b.toml",
        4,
        "breaks",
        files={"b.toml": BUILD + "memory_count = " + "1" + "0" * 30 + "\n"},
    ),
    # --- catalog stats on an import report that is not one
    H(
        "import report not JSON",
        "catalog stats {catalog}",
        2,
        "import_report.json: cannot be read as JSON (Expecting property name",
        catalog={"import_report.json": "{not json"},
    ),
    H(
        "import report a list",
        "catalog stats {catalog}",
        2,
        'import_report.json: has no "categories" object',
        catalog={"import_report.json": "[]"},
    ),
    H(
        "import report missing counts",
        "catalog stats {catalog}",
        2,
        "category 'gpus' has no count 'priced'",
        catalog={"import_report.json": '{"categories": {"gpus": {"rows_in_source": 1}}}'},
    ),
    H(
        "import report with text counts",
        "catalog stats {catalog}",
        2,
        "category 'gpus' has no table of counts 'dropped'",
        catalog={
            "import_report.json": '{"categories": {"gpus": {"rows_in_source": 1, "priced": 1, '
            '"kept": 1, "dropped_total": 0, '
            '"dropped": {"x": "many"}, "spec_sources": {}, "price_dates": {}, "inferred_fields": {}}}}'
        },
    ),
    H(
        "import report nested 100k deep",
        "catalog stats {catalog}",
        2,
        "cannot be read as JSON (maximum recursion depth",
        catalog={"import_report.json": "[" * 100_000 + "]" * 100_000},
    ),
    H(
        "import report of 65 MiB",
        "catalog stats {catalog}",
        2,
        "import_report.json: cannot be read (it is larger than 64 MiB",
        catalog={"import_report.json": "HUGE"},
    ),
    H(
        "report beside an import report nested 100k deep",
        "report {s} -o {tmp}/r.html",
        0,
        "Wrote {tmp}/r.html",
        catalog={"import_report.json": "[" * 100_000 + "]" * 100_000},
    ),
    H(
        "JSON beside an import report that is /dev/zero",
        "solve {s} --format json",
        0,
        '"status": "optimal"',
        catalog={"import_report.json": "ZERO"},
    ),
    H(
        "JSON beside an import report nested 100k deep",
        "frontier {s} --format json",
        0,
        '"points"',
        catalog={"import_report.json": "[" * 100_000 + "]" * 100_000},
    ),
    H(
        "report beside a SOURCES.md that is /dev/zero",
        "report {s} -o {tmp}/r.html",
        0,
        "Wrote {tmp}/r.html",
        catalog={"SOURCES.md": "ZERO"},
    ),
    H(
        "import report that is /dev/zero",
        "catalog stats {catalog}",
        2,
        "import_report.json: cannot be read (it is larger than 64 MiB",
        catalog={"import_report.json": "ZERO"},
    ),
    H(
        "import report in UTF-16",
        "catalog stats {catalog}",
        2,
        "cannot be read as JSON",
        catalog={"import_report.json": '{"categories": {}}'.encode("utf-16")},
    ),
    # --- variants: valid when the whole scenario they make is valid, not each change alone
    H(
        "variant with min_cost and its min_perf",
        "compare {s}",
        0,
        "[objective max_perf -> min_cost together with min_perf none -> 0.25]",
        scenario=SCENARIO + '[[variants]]\nname = "cheapest"\nobjective = "min_cost"\nmin_perf = 0.25\n',
    ),
    H(
        "variant with gpu.counts and its scaling",
        "compare {s}",
        0,
        "gpu.counts [1, 2, 3, 4] -> [1, 5]; rules.scaling changed",
        scenario=SCENARIO
        + '[[variants]]\nname = "odd"\ngpu = { counts = [1, 5] }\nrules = { scaling = { "1" = 1.0, "5" = 4.2 } }\n',
    ),
    H(
        "--set min_cost with its min_perf",
        "compare {s} --set objective=min_cost --set min_perf=0.25",
        0,
        "command line: objective max_perf -> min_cost; min_perf none -> 0.25",
    ),
    H(
        "--set gpu.counts with its scaling",
        ("compare", "{s}", "--set", "gpu.counts=[1,5]", "--set", 'rules.scaling={{"1"=1.0,"5"=4.2}}'),
        0,
        "gpu.counts [1, 2, 3, 4] -> [1, 5]",
    ),
    H(
        "report of a variant with min_cost and its min_perf",
        "report {s} -o {tmp}/r.html",
        0,
        "Wrote {tmp}/r.html",
        scenario=SCENARIO + '[[variants]]\nname = "cheapest"\nobjective = "min_cost"\nmin_perf = 0.25\n',
    ),
    H(
        "variant with min_cost and no min_perf",
        "compare {s}",
        2,
        "variant 'cheapest', key min_perf: is required by objective min_cost",
        scenario=SCENARIO + '[[variants]]\nname = "cheapest"\nobjective = "min_cost"\n',
    ),
    H(
        "--set min_cost and no min_perf",
        "compare {s} --set objective=min_cost",
        2,
        "key min_perf: is required by objective min_cost",
    ),
    # --- output files: refused before any work when they can never be written, never half written
    H(
        "-o to a directory",
        "frontier {s} -o {tmp}",
        2,
        "Cannot write the output: {tmp}: is a directory; give the name of a file to write",
    ),
    H(
        "-o into a missing directory",
        "frontier {s} -o {tmp}/missing/out.csv",
        2,
        "cannot be created: the directory {tmp}/missing does not exist",
    ),
    H(
        "-o below a file",
        "frontier {s} -o {s}/out.csv",
        2,
        "a part of the path before the file name is a file, not a directory",
    ),
    H(
        "-o through a loop of links",
        "frontier {s} -o {tmp}/loop",
        2,
        "{tmp}/loop: is a symbolic link that leads round in a loop",
        make={"loop": "loop"},
    ),
    H(
        "-o to a socket",
        "frontier {s} -o {tmp}/sock",
        2,
        "{tmp}/sock: is a socket; dlbuild writes regular files",
        make={"sock": "socket"},
    ),
    H("-o to a link to a directory", "frontier {s} -o {tmp}/d", 2, "{tmp}/d: is a directory", make={"d": "dirlink"}),
    H("--report to a directory", "solve {s} --report {tmp}", 2, "{tmp}: is a directory"),
    H("report -o to a directory", "report {s} -o {tmp}", 2, "{tmp}: is a directory"),
    H("--plot to a directory", "frontier {s} --plot {tmp}", 2, "{tmp}: is a directory"),
    H(
        "--plot to an unsupported format",
        "sweep {s} --budgets 1000,2000 --plot {tmp}/chart.xyz",
        2,
        "Cannot draw the chart: {tmp}/chart.xyz: .xyz is not an image format dlbuild can write (.avif, .eps",
    ),
    H(
        "--plot of a scenario named with $",
        "frontier {s} --plot {tmp}/f.png",
        0,
        "Wrote {tmp}/f.png",
        scenario=SCENARIO.replace('"hostile"', '"Budget $5^{$ box"'),
    ),
    H(
        "--plot of a GPU named with $",
        "sweep {s} --budgets 1000,3000,6000 --plot {tmp}/s.png",
        0,
        "Wrote {tmp}/s.png",
        catalog=cell("gpu_models.csv", "GeForce RTX 3060 12GB", "GeForce $\\sqrt{$ 3060")
        | cell("gpus.csv", "GeForce RTX 3060 12GB", "GeForce $\\sqrt{$ 3060"),
    ),
    # --- CSV output a spreadsheet opens: catalog text never runs as a formula
    H(
        "CSV: an id that is a formula",
        "frontier {s} --format csv",
        0,
        '"\'=HYPERLINK(""https://example.invalid"",""x"")"',
        catalog=cell("gpus.csv", "rtx3060-ventus", '"=HYPERLINK(""https://example.invalid"",""x"")"'),
    ),
    H(
        "CSV: an id starting with @",
        "sweep {s} --budgets 1000,2000 --format csv",
        0,
        '"\'@SUM(A1:A9)"',
        catalog=cell("cpus.csv", "ryzen5-7600", "@SUM(A1:A9)"),
    ),
    H(
        "CSV: an id starting with + and a tab",
        "frontier {s} --format csv",
        0,
        '"\'+1\\t2"',
        catalog=cell("storage.csv", "sn770-1tb", '"+1\t2"'),
    ),
    H(
        "CSV: an id of -5 is text, costs stay numbers",
        "frontier {s} --format csv",
        0,
        '\n998.94,0.250000,0.2503,"rtx3060-ventus",1,"undated",,"\'-5"',
        catalog=cell("cpus.csv", "ryzen5-7600", "-5"),
    ),
    H(
        "CSV: an id with a ; and a formula after it",
        "frontier {s} --format csv",
        0,
        '"psu;=1+1"',
        catalog=cell("psus.csv", "psu-650", "psu;=1+1"),
    ),
    # --- terminal output: catalog and scenario text never reaches the terminal as control sequences
    H(
        "OSC title sequence in a part name",
        "solve {s}",
        0,
        "\\x1b]0;pwned\\x07 RTX",
        catalog=cell("gpus.csv", "ASUS Turbo GeForce RTX 3090 24 GB", "ASUS Turbo \x1b]0;pwned\x07 RTX 3090"),
    ),
    H(
        "8-bit CSI in a chipset",
        "frontier {s}",
        0,
        "\\x9b2J",
        catalog=cell("gpu_models.csv", "GeForce RTX 3060 12GB", "GeForce \x9b2J 3060")
        | cell("gpus.csv", "GeForce RTX 3060 12GB", "GeForce \x9b2J 3060"),
    ),
    H(
        "right-to-left override in a part name",
        "compare {s} --set budget_usd=3000",
        0,
        "\\u202e",
        catalog=cell("motherboards.csv", "MSI B650M Gaming", "MSI \u202eB650M Gaming"),
    ),  # compare names boards in full
    H(
        "escape sequences in the scenario name",
        "frontier {s}",
        0,
        "Frontier of \\x1b[2J\\x1b[31mred:",
        scenario=SCENARIO.replace('"hostile"', '"\\u001b[2J\\u001b[31mred"'),
    ),
    H(
        "escape sequences in JSON",
        "solve {s} --format json",
        0,
        '"name": "ASUS Turbo \\u009b31m\\u001b[5m RTX 3090"',
        catalog=cell("gpus.csv", "ASUS Turbo GeForce RTX 3090 24 GB", "ASUS Turbo \x9b31m\x1b[5m RTX 3090"),
    ),
    H(
        "escape sequences in a CSV cell",
        "frontier {s} --format csv",
        0,
        '"rtx\\x1b[8m3060"',
        catalog=cell("gpus.csv", "rtx3060-ventus", "rtx\x1b[8m3060"),
    ),
    H(
        "escape sequences in check's table",
        "check {tmp}/b.toml",
        0,
        "\\x1b]8;;https://x\\x07link",
        catalog=cell("psus.csv", "Corsair RM1000x", "Corsair \x1b]8;;https://x\x07link"),
        files={"b.toml": BUILD},
    ),
    H(
        "escape sequences in catalog search",
        "catalog search corsair --catalog {catalog}",
        0,
        "Corsair \\x1b[41m",
        catalog=cell("psus.csv", "Corsair RM1000x", "Corsair \x1b[41m"),
    ),
    H(
        "escape sequences in an unknown key",
        "solve {s}",
        2,
        'key "\\u001b]0;x\\u0007": is not a scenario key',
        scenario=SCENARIO + '"\\u001b]0;x\\u0007" = 1\n',
    ),
    H(
        "escape sequences in a workload",
        "solve {s}",
        2,
        "'\\x1b[2J' is not a workload in workloads.csv",
        scenario=SCENARIO.replace('"kaggle"', '"\\u001b[2J"'),
    ),
    H(
        "escape sequences in an option value",
        ("solve", "{s}", "--format", "\x1b]0;x\x07"),
        2,
        "'\\x1b]0;x\\x07' is not one of",
    ),
    H(
        "escape sequences in a --set key",
        ("compare", "{s}", "--set", "\x1b[2J=1"),
        2,
        'key "\\u001b[2J": is not a scenario key',
    ),
    H(
        "escape sequences in an output path",
        ("frontier", "{s}", "-o", "{tmp}/\x1b[2J/out.csv"),
        2,
        "{tmp}/\\x1b[2J/out.csv",
    ),
    H(
        "escape sequences in the report's HTML",
        "report {s} -o -",
        0,
        "\\x1b]0;pwned\\x07",
        embeds_plotly=True,
        catalog=cell("gpus.csv", "ASUS Turbo GeForce RTX 3090 24 GB", "ASUS Turbo \x1b]0;pwned\x07 RTX 3090"),
    ),
]


def _setup(case: Hostile, tmp: Path) -> dict[str, str]:
    catalog = Path(shutil.copytree(MINI, tmp / "catalog"))
    for name, edit in case.catalog.items():
        path = catalog / name
        if edit == "DIR":
            path.unlink()
            path.mkdir()
        elif edit == "ZERO":  # endless input
            path.unlink(missing_ok=True)
            path.symlink_to("/dev/zero")
        elif edit == "HUGE":  # a sparse file past the input size bound: no disk used
            with path.open("ab") as handle:
                handle.truncate(65 * 2**20)
        elif isinstance(edit, tuple):
            text = path.read_text(encoding="utf-8")
            assert edit[0] in text, f"{name} has no {edit[0]!r}"
            path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8", errors="surrogateescape")
        else:
            path.write_bytes(edit if isinstance(edit, bytes) else edit.encode())
    (tmp / "s.toml").write_text(f'catalog = "{catalog}"\n{case.scenario}', encoding="utf-8")
    for name, kind in case.make.items():
        path = tmp / name
        if kind == "dirlink":
            (tmp / f"{name}.target").mkdir()
            path.symlink_to(tmp / f"{name}.target")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "socket":
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(str(path))
    for name, content in case.files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return {"tmp": str(tmp), "s": str(tmp / "s.toml"), "catalog": str(catalog)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # tables unwrapped, so that a fragment is found on one line
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    places = _setup(case, tmp_path)
    code = main([arg.format(**places) for arg in case.argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Internal error" not in err, err
    controls = TERMINAL_CONTROLS if not case.embeds_plotly else {0x1B, 0x9B}  # ESC and CSI at least
    raw = sorted({hex(ord(c)) for c in out + err if ord(c) in controls})
    assert raw == [], f"characters a terminal acts on went out raw: {raw}"
    assert code == case.code, (code, err[-2000:])
    said = case.says.format(**places)  # tables wrap to 80 columns here: compare the words, not the line breaks
    assert said in err + out or " ".join(said.split()) in " ".join((err + out).split()), err[-2000:]
    if code == 2:
        assert err.startswith(("Error: ", "Usage: ")), err[:300]


def test_a_scenario_name_with_dollars_is_drawn_as_written(tmp_path, monkeypatch):
    """A balanced `$...$` in a scenario's name would be typeset as math (and an unbalanced one refused):
    the chart's title must show the name's characters as they are."""
    import matplotlib

    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")  # text stays text in the SVG, searchable
    places = _setup(H("dollars", "", 0, "", scenario=SCENARIO.replace('"hostile"', '"Rig $x^2$ box"')), tmp_path)
    assert main(["frontier", places["s"], "--plot", f"{tmp_path}/f.svg"]) == 0
    svg = (tmp_path / "f.svg").read_text()
    assert re.search(r"<text [^>]*>[^<]*Rig \$x\^2\$ box", svg), (
        "the title was typeset, not drawn as written"
    )  # math: one tspan a glyph
