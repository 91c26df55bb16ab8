"""Broken inputs never crash: a mutated catalog or scenario gives a message naming the culprit and exit
code 2, or a proper answer (0 solved, 3 infeasible); never a traceback or an internal error."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import gen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.cli import main

BAD_CELLS = ["abc", "-5", "1e400", "NaN", "inf", "", "99999999999", " 12 ", "0x10", "1,5", "true", ";", ";;", "1/2", "💥", "-0"]
BAD_VALUES = ["x", -1, 0, 10**30, 1e308, [1, 2], {"a": 1}, True, "", 0.5]


def _write_raw(rows: dict, directory: Path) -> None:
    gen.write_catalog(rows, directory)


def _mutate_csv(text: str, draw) -> str:
    table = list(csv.reader(io.StringIO(text)))
    kind = draw(st.sampled_from(["cell", "drop_column", "duplicate_row", "truncate", "header_only", "extra_cell", "bom_crlf"]))
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
        key = draw(st.sampled_from({"rules": ["psu_headroom", "scaling", "ram_basis", "other_w", "adjacent_penalty", "max_wall_watts",
                                              "profile", "circuit", "chipset_slots", "chipset_penalty", "power_limit", "dual_psu",
                                              "min_ram_gb", "psu_min_efficiency", "min_compute_capability", "storage_kind"],
                                    "gpu": ["counts", "min_memory_gb", "min_total_memory_gb"], "parts": ["exclude", "require"]}[table]))  # fmt: skip
        raw.setdefault(table, {})[key] = draw(st.sampled_from(BAD_VALUES + [["gpus:nope"], [0, 9], {"9": 1.0}]))
    elif kind == "ref":
        raw.setdefault("parts", {})["require"] = [draw(st.sampled_from(["gpus:nope", "nofile:x", "gpus", ":"]))]
    else:
        text = gen.scenario_toml(raw)
        return text[: draw(st.integers(0, len(text)))]
    return raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
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
    code = main(["solve", str(scenario), "--format", "json", "--time-limit", "20"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Internal error" not in err, err
    assert code in (0, 2, 3), (code, err)
    if code == 2:
        assert err.startswith("Error: ") and (".csv" in err or ".toml" in err or "catalog" in err), err
    else:
        data_out = json.loads(out)
        assert data_out["status"] == ("optimal" if code == 0 else "infeasible")
