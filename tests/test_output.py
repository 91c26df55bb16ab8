"""Rendering lives in solver/output: the command line only parses, calls the core and a renderer, writes,
and returns an exit status. The renderers render what the core computed, in the registry's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from solver import load_catalog, scenario_from_dict
from solver.categories import CATEGORIES
from solver.compare import compare
from solver.frontier import frontier
from solver.output import csv_out, json_out, table
from solver.sweep import sweep

CLI = ROOT / "solver" / "cli"
SCENARIO = {"name": "t", "workload": "kaggle", "objective": "max_perf", "budget_usd": 6000,
            "variants": [{"name": "cheap 4090", "prices": {"gpus:rtx4090-tuf": 1499.0}},
                         {"name": "broke", "budget_usd": 300}]}  # fmt: skip


@pytest.fixture(scope="module")
def scenario():
    return scenario_from_dict(SCENARIO)


def test_the_command_line_builds_no_output_and_reads_no_status():
    """No tables, JSON, CSV or status-to-exit mapping of its own in solver/cli (the catalog
    subcommands' messages aside, which name files and counts)."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"\btabulate\b",
            r"\bjson\.dumps\b",
            r"\bimport csv\b",
            r"\bDictWriter\b",
            r'"(optimal|infeasible|feasible|unknown)"',
            r"\bbind\(",
        ):
            found += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert found == []


def test_compare_table_shows_every_category_for_every_column(mini_catalog, scenario):
    c = compare(mini_catalog, scenario)
    text = table.compare_table(c)
    rows = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    for cat in CATEGORIES:
        assert cat.slot in rows
    assert rows["Status"].split()[1:] == ["optimal", "optimal", "infeasible"]
    assert "cheap 4090: price of gpus:rtx4090-tuf $1,999.99 -> $1,499.00" in text
    assert "broke: budget $6,000.00 -> $300.00" in text and "Budget $300.00 is" in text


def test_frontier_and_sweep_render_in_every_format(mini_catalog, scenario):
    f = frontier(mini_catalog, scenario)
    header = csv_out.frontier_csv(f).splitlines()[0].split(",")
    slots = [
        name
        for c in CATEGORIES
        for name in (
            *((c.slot, c.count_key) if c.counted else (c.slot,)),
            f"{c.slot}_price_date",
            f"{c.slot}_price_source",
        )
    ]
    assert header == ["cost_usd", "performance", "perf_per_1000_usd", *slots, *csv_out.POWER_COLUMNS, "changes"]
    first = dict(zip(header, csv_out.frontier_csv(f).splitlines()[1].split(",")))
    assert (
        first["power_level_pct"] == "100"
        and first["psu_count"] == "1"
        and int(first["wall_watts"]) > int(first["dc_watts"])
    )
    data = json_out.frontier_dict(f)
    assert len(data["points"]) == len(f.points) and data["points"][0]["changes"] == "cheapest valid build"
    assert (
        table.frontier_table(f, f.points[-1]).splitlines()[0]
        == f"Frontier of t: {len(f.points)} builds, complete and proven"
    )
    s = sweep(mini_catalog, scenario, [50_000, 300_000])
    assert csv_out.sweep_csv(s).splitlines()[0].split(",") == [
        "budget_usd",
        "status",
        "cost_usd",
        "performance",
        *slots,
        *csv_out.POWER_COLUMNS,
    ]
    assert [p["status"] for p in json_out.sweep_dict(s, scenario)["points"]] == ["infeasible", "optimal"]
    assert "Budgets below $998.94 are infeasible" in table.sweep_table(s, scenario)


def test_csv_text_cells_never_run_as_formulas(tmp_path):
    """OWASP's CSV-injection advice: catalog text quoted and, when it starts like a formula, prefixed with
    a quote; numeric columns untouched."""
    import csv
    import io
    import shutil

    catalog = Path(shutil.copytree(MINI, tmp_path / "catalog"))
    ids = {
        "gpus.csv": ("rtx3060-ventus", "=1+2"),
        "cpus.csv": ("ryzen5-7600", "-3"),
        "psus.csv": ("psu-650", "@A1"),
        "storage.csv": ("sn770-1tb", "+x"),
    }
    for name, (old, new) in ids.items():
        (catalog / name).write_text((catalog / name).read_text().replace(old, new))
    f = frontier(load_catalog(catalog), scenario_from_dict(SCENARIO))
    text = csv_out.frontier_csv(f)
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    assert (first["gpu"], first["cpu"], first["psu"], first["storage"], first["case"]) == (
        "'=1+2",
        "'-3",
        "'@A1",
        "'+x",
        "meshify2",
    )
    for row in rows:
        assert float(row["cost_usd"]) > 0 and float(row["performance"]) > 0 and int(row["gpu_count"]) >= 1
        assert not any(v.startswith(csv_out.FORMULA_STARTS) for v in row.values())
    assert text.splitlines()[0].startswith("cost_usd,performance,perf_per_1000_usd,gpu,")
    # The catalog strips spaces around cells, so a tab or CR can only lead a cell that comes otherwise.
    assert (csv_out.text_cell("\tcmd"), csv_out.text_cell("\rx"), csv_out.text_cell('a "b"')) == (
        '"\'\tcmd"',
        '"\'\rx"',
        '"a ""b"""',
    )
