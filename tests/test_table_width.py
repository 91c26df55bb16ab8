"""Terminal tables fit 80 columns (the width assumed when the output is not a terminal), carry the catalog's price
date under every table, show each build's power level, PSU count and slots, and name the rating they score in words."""

from __future__ import annotations

import pytest
from conftest import CATALOGS, SCENARIOS

from solver import load_scenario, scenario_from_dict, solve
from solver.check import check, load_build_file
from solver.cli import main
from solver.compare import compare
from solver.frontier import frontier
from solver.output import table
from solver.report.provenance import price_date
from solver.sweep import chosen_point, sweep


@pytest.fixture(scope="module")
def llm(shipped_catalog):
    return scenario_from_dict({"name": "Local 70B inference, a name long enough to wrap at eighty columns in "
                                       "every header",
                               "workload": "llm-inference-70b-q4", "objective": "max_perf", "budget_usd": 6000,
                               "gpu": {"counts": [1, 2]}})  # fmt: skip


def _fits(text: str, width: int = 80) -> None:
    wide = [line for line in text.splitlines() if len(line) > width]
    assert wide == [], f"{len(wide)} lines wider than {width}: {wide[:3]}"


def _dated(text: str, catalog) -> None:
    date = price_date(catalog)
    assert date, "the shipped catalog records its price date"
    assert f"Prices as of {date}" in text


def test_solve_fits_80_columns_with_power_slots_rating_and_price_date(shipped_catalog, llm):
    result = solve(shipped_catalog, llm)
    text = table.result_text(result, width=80)
    _fits(text)
    _dated(text, shipped_catalog)
    flat = " ".join(text.split())
    assert "LLM token generation" in flat and "training throughput" not in flat
    assert "GPUs at " in flat and " PSU" in flat and "W at the wall" in flat and "slot 1 (position" in flat
    if result.build.gpu.count > 1:  # the second card holds the model's memory: never a speed-up
        assert "add memory, not speed" in flat


def test_check_table_fits_80_columns(shipped_catalog):
    path = SCENARIOS / "reference" / "puget-2020-10-4x-rtx3090-turbo-one-psu.toml"
    catalog, inst, refs, where = load_build_file(path)
    text = table.check_text(check(catalog, inst, refs, where), where, inst.scenario, catalog, width=80)
    _fits(text)
    _dated(text, catalog)
    for rule in ("R1", "R7", "R13", "R16", "R17", "R18"):
        assert f"\n{rule} " in text


def test_frontier_and_sweep_tables_fit_80_columns_and_show_each_builds_power_and_slots(shipped_catalog):
    scenario = load_scenario(SCENARIOS / "llm-finetune.toml").with_values(budget_cents=700_000)
    f = frontier(shipped_catalog, scenario)
    text = table.frontier_table(f, chosen_point(f), width=80)
    _fits(text)
    _dated(text, shipped_catalog)
    flat = " ".join(text.split())
    assert flat.count(" PSU, ") >= len(f.points) and "CPU x16" in flat and "W wall" in flat
    assert "Changed from the previous build" in text
    s = sweep(shipped_catalog, scenario, [100_000, 300_000, 700_000])
    text = table.sweep_table(s, scenario, width=80)
    _fits(text)
    _dated(text, shipped_catalog)
    assert " ".join(text.split()).count(" PSU, ") == sum(p.build is not None for p in s.points)


def test_compare_is_compact_at_80_columns(shipped_catalog):
    scenario = load_scenario(SCENARIOS / "whatif.toml")
    c = compare(shipped_catalog, scenario)
    text = table.compare_table(c, width=80)
    _fits(text)
    _dated(text, shipped_catalog)
    rows = {line.split()[0] for line in text.splitlines() if line.strip()}
    assert {"power", "slots", "gpu", "psu"} <= rows


def test_a_wider_terminal_gets_wider_tables(shipped_catalog):
    scenario = load_scenario(SCENARIOS / "llm-finetune.toml").with_values(budget_cents=700_000)
    f = frontier(shipped_catalog, scenario)
    assert max(map(len, table.frontier_table(f, None, width=160).splitlines())) > 80


def test_the_command_line_assumes_80_columns_without_a_terminal(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    code = main(["solve", str(SCENARIOS / "kaggle.toml")])
    out = capsys.readouterr().out
    assert code == 0
    _fits(out)
    assert "Prices as of " in out
    monkeypatch.setenv("COLUMNS", "120")
    assert table.terminal_width() == 120


def test_catalog_commands_fit_80_columns(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    catalog = str(CATALOGS)
    for argv in (
        ["catalog", "stats", catalog],
        ["catalog", "search", "rtx", "--catalog", catalog],
        ["catalog", "validate", catalog],
    ):
        main(argv)
        out = capsys.readouterr().out
        assert out.strip(), argv
        _fits(out)
