"""Broken and hostile inputs never crash: a mutated catalog, scenario or build file gives a message naming the
culprit and exit code 2, or a proper answer (0 solved, 3 infeasible, 4 a rule broken, 5 the time limit);
never a traceback, an internal error or a control character on the terminal, and an output file is
replaced whole by an answer or left exactly as it was.

Hypothesis rather than hand-written loops: it draws the mutation, the file and the command together from one
seed, shrinks a failure to the smallest input that shows it, and replays the failures it found first."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import gen
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.cli import main

BAD_CELLS = [
    "abc",
    "-5",
    "1e400",
    "NaN",
    "inf",
    "",
    "99999999999",
    " 12 ",
    "0x10",
    "1,5",
    "true",
    ";",
    ";;",
    "1/2",
    "💥",
    "-0",
    # hostile: magnitudes, decimals, digits, formulas, terminal controls, bidi, a cell past the CSV limit
    "1e999999999",
    "1e-999999999",
    "350.000000000000000001",
    "9" * 5000,
    '=HYPERLINK("x")',
    "@SUM(A1)",
    "+1\t2",
    "\x1b]0;title\x07",
    "\x9b2J",
    "\u202egpu",
    "<a href=x>y</a>",
    "$x^{2}$",
    "x" * 131_073,
]
BAD_VALUES = [
    "x",
    -1,
    0,
    10**30,
    1e308,
    [1, 2],
    {"a": 1},
    True,
    "",
    0.5,
    float("inf"),
    float("nan"),
    1e300,
    0.123456789012345678,
    "\x1b[2J",
    "$5^{$",
    {"²": 1.0},
    {"": 0},
]
#: Terminal controls (C0 but the line break, DEL, C1, bidi overrides): none may be printed raw.
CONTROLS = (
    (set(range(0x20)) - {0x0A})
    | set(range(0x7F, 0xA0))
    | {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
)
SENTINEL = "an older complete file, which a failed command must leave as it is\n"


def _write_raw(rows: dict, directory: Path) -> None:
    gen.write_catalog(rows, directory)


def _mutate_csv(text: str, draw) -> str:
    table = list(csv.reader(io.StringIO(text)))
    kind = draw(
        st.sampled_from(["cell", "drop_column", "duplicate_row", "truncate", "header_only", "extra_cell", "bom_crlf"])
    )
    if kind == "cell" and len(table) > 1:
        r = draw(st.integers(1, len(table) - 1))
        c = draw(st.integers(0, len(table[0]) - 1))
        table[r][c] = draw(st.sampled_from(BAD_CELLS))
    elif kind == "drop_column":
        c = draw(st.integers(0, len(table[0]) - 1))
        table = [row[:c] + row[c + 1 :] for row in table]
    elif kind == "duplicate_row" and len(table) > 1:
        table.append(list(table[1]))
    elif kind == "truncate":
        out = io.StringIO()
        csv.writer(out).writerows(table)
        text = out.getvalue()
        return text[: draw(st.integers(0, len(text)))]
    elif kind == "header_only":
        table = table[:1]
    elif kind == "extra_cell" and len(table) > 1:
        table[-1].append("surplus")
    elif kind == "bom_crlf":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(table)
        return "\ufeff" + out.getvalue() + "\r\n\r\n"
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return out.getvalue()


def _mutate_scenario(raw: dict, draw) -> dict | str:
    kind = draw(st.sampled_from(["value", "unknown_key", "table_value", "truncate", "ref"]))
    raw = json.loads(json.dumps(raw))
    if kind == "value":
        key = draw(st.sampled_from(["budget_usd", "min_perf", "objective", "workload", "name"]))
        raw[key] = draw(st.sampled_from(BAD_VALUES))
    elif kind == "unknown_key":
        raw[draw(st.sampled_from(["budget", "rule", "gpus", "min_perf_", "catalogue"]))] = 1
    elif kind == "table_value":
        table = draw(st.sampled_from(["rules", "gpu", "parts"]))
        key = draw(st.sampled_from({
            "rules": ["psu_headroom", "scaling", "ram_basis", "other_w", "adjacent_penalty", "max_wall_watts",
                      "profile", "circuit", "chipset_slots", "chipset_penalty", "power_limit", "dual_psu",
                      "min_ram_gb", "psu_min_efficiency", "min_compute_capability", "storage_kind"],
            "gpu": ["counts", "min_memory_gb", "min_total_memory_gb"],
            "parts": ["exclude", "require"]}[table]))  # fmt: skip
        raw.setdefault(table, {})[key] = draw(st.sampled_from(BAD_VALUES + [["gpus:nope"], [0, 9], {"9": 1.0}]))
    elif kind == "ref":
        raw.setdefault("parts", {})["require"] = [draw(st.sampled_from(["gpus:nope", "nofile:x", "gpus", ":"]))]
    else:
        text = gen.scenario_toml(raw)
        return text[: draw(st.integers(0, len(text)))]
    return raw


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.data())
def test_mutated_inputs_never_crash(tmp_path_factory, capsys, data):
    seed = data.draw(st.integers(0, 10_000))
    rows, raw = gen.random_instance(seed)
    tmp = tmp_path_factory.mktemp("fuzz")
    catalog = tmp / "catalog"
    _write_raw(rows, catalog)
    target = data.draw(st.sampled_from(["catalog", "scenario", "both"]))
    if target in ("catalog", "both"):
        stem = data.draw(st.sampled_from(sorted(stem for stem in rows if rows[stem] is not None)))  # files written
        path = catalog / f"{stem}.csv"
        if data.draw(st.booleans()) and target == "catalog" and data.draw(st.integers(0, 9)) == 0:
            path.unlink()
        else:
            path.write_text(_mutate_csv(path.read_text(), data.draw), encoding="utf-8")
    scenario = tmp / "s.toml"
    mutated = _mutate_scenario(raw, data.draw) if target in ("scenario", "both") else raw
    text = mutated if isinstance(mutated, str) else gen.scenario_toml(mutated)
    scenario.write_text(f'catalog = "{catalog}"\n' + text, encoding="utf-8")
    command = data.draw(st.sampled_from(["solve", "frontier", "compare"]))
    output = tmp / "out.json"
    output.write_text(SENTINEL)
    argv = {"solve": ["solve", str(scenario)], "frontier": ["frontier", str(scenario), "-o", str(output)],
            "compare": ["compare", str(scenario), "--set",
                        f"budget_usd={data.draw(st.sampled_from(['1500', '1e300', 'nan', '3000.5']))}",
                        "-o", str(output)]}[command]  # fmt: skip
    code = main([*argv, "--format", "json", "--time-limit", "20"])
    out, err = capsys.readouterr()
    _assert_clean(out + err)
    assert code in (0, 2, 3, 5), (code, err)
    written = output.read_text() if command != "solve" else out
    if code == 2:
        assert err.startswith(("Error: ", "Usage: ")) and (
            ".csv" in err or ".toml" in err or "catalog" in err or "budget" in err
        ), err
        assert output.read_text() == SENTINEL, "a failed command changed its output file"
    else:
        data_out = json.loads(written)  # whole
        if command == "solve":
            assert data_out["status"] == {0: "optimal", 3: "infeasible"}.get(code, data_out["status"])
    assert sorted(p.name for p in tmp.iterdir()) == ["catalog", "out.json", "s.toml"], "a temporary file was left"


def _assert_clean(text: str) -> None:
    assert "Traceback" not in text and "Internal error" not in text, text[-2000:]
    raw = sorted({hex(ord(c)) for c in text if ord(c) in CONTROLS})
    assert raw == [], f"characters a terminal acts on went out raw: {raw}"


BUILD = {"gpu": "gpus:rtx3090-turbo", "gpu_count": 2, "cpu": "ryzen5-7600", "motherboard": "x670e-proart",
         "memory": "memory:ddr5-2x16",
         "psu": "psus:psu-1000", "case": "cases:meshify2", "storage": "storage:sn770-1tb"}  # fmt: skip
BUILD_VALUES = BAD_VALUES + ["gpus:nope", "psus:psu-650", "cpus:ryzen5-7600", ":", 3, 10**30, 90, 2]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.data())
def test_mutated_build_files_never_crash(tmp_path_factory, capsys, data):
    """`check` on a build file with drawn keys and values: a verdict (0 every rule met, 4 one broken) or a
    message naming the key (2)."""
    from solver.check import BUILD_KEYS

    build = dict(BUILD)
    for _ in range(data.draw(st.integers(1, 3))):
        key = data.draw(st.sampled_from([*BUILD_KEYS, "", "\x1b]0;x\x07", "gpu_count ", "GPU", "²"]))
        if data.draw(st.integers(0, 4)) == 0:
            build.pop(key, None)
        else:
            build[key] = data.draw(st.sampled_from(BUILD_VALUES))
    tmp = tmp_path_factory.mktemp("check")
    (tmp / "s.toml").write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nbudget_usd = 6000\n', encoding="utf-8")
    (tmp / "b.toml").write_text('scenario = "s.toml"\n\n' + gen.scenario_toml({"build": build}), encoding="utf-8")
    code = main(["check", str(tmp / "b.toml")])
    out, err = capsys.readouterr()
    _assert_clean(out + err)
    assert code in (0, 2, 4), (code, err)
    if code == 2:
        assert err.startswith("Error: ") and "b.toml" in err, err
