"""The dlbuild command run in-process: exit codes, JSON shape, table content, check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import MINI, write

from solver.status import ExitStatus


@pytest.fixture
def scenario(tmp_path) -> Path:
    return write(
        tmp_path / "kaggle.toml",
        f'name = "Kaggle test"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n',
    )


def test_solve_prints_the_build_table(cli, scenario):
    code, out, _ = cli("solve", scenario)
    assert code == ExitStatus.OK
    assert "Status: optimal (proven)" in out
    assert "ASUS Turbo GeForce RTX 3090 24 GB" in out and "$4,328.93" in out
    assert "Perf per $1,000:  0.2419" in out
    assert "a free slot between cards" in out


def test_solve_json_follows_the_spec(cli, scenario):
    code, out, _ = cli("solve", scenario, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "optimal" and data["objective"] == "max_perf"
    assert data["cost_usd"] == 4328.93 and data["performance"] == pytest.approx(1.0472)
    assert data["perf_per_dollar"] == pytest.approx(1.0472 / 4328.93)
    assert set(data["build"]) == {"gpu", "cpu", "motherboard", "memory", "psu", "case", "cooler", "storage"}
    gpu = data["build"]["gpu"]
    assert {k: gpu[k] for k in ("ref", "id", "name", "price_usd", "count")} == {
        "ref": "gpus:rtx3090-turbo",
        "id": "rtx3090-turbo",
        "name": "ASUS Turbo GeForce RTX 3090 24 GB",
        "price_usd": 1599.99,
        "count": 2,
    }
    # Build model v3 section 3: where the price comes from (this test catalog's rows carry no date or source).
    assert (
        gpu["offer"] == {"condition": "new", "date": None, "source": None, "kind": "snapshot", "price_usd": 1599.99}
        and "owned" not in gpu
    )
    assert data["build"]["cooler"] is None and data["build"]["memory"]["count"] == 1
    slots = [
        {"position": 0, "lanes": 8, "gen": 5, "attach": "cpu"},
        {"position": 3, "lanes": 8, "gen": 5, "attach": "cpu"},
    ]
    assert data["layout"] == {"adjacent": False, "uses_chipset": False, "slots": slots, "inferred_wiring": False}
    assert data["power"]["level_pct"] == 100 and data["power"]["psu_count"] == 1 and "command" not in data["power"]
    assert data["power"]["dc_watts"] == 2 * 350 + 65 + 100 and data["power"]["wall_watts"] > data["power"]["dc_watts"]
    assert data["scaling"] == {"profile": "training", "table": "default", "speedup": 1.87, "basis": "v1 default table"}
    assert data["rating"]["column"] == "perf" and data["rating"]["basis"] == "unknown"
    assert [r["rule"] for r in data["rules"]] == [f"R{i}" for i in range(1, 19)] and all(r["ok"] for r in data["rules"])


def test_infeasible_scenarios_exit_3(cli, tmp_path):
    path = write(tmp_path / "s.toml", f'catalog = "{MINI}"\nworkload = "kaggle"\nbudget_usd = 500\n')
    code, out, _ = cli("solve", path, "--format", "json")
    assert code == ExitStatus.INFEASIBLE and json.loads(out)["status"] == "infeasible"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('workload = "kaggle"\nbudget = 10\n', 'key budget: is not a scenario key (did you mean "budget_usd"?)'),
        ('workload = "kagle"\n', "'kagle' is not a workload in workloads.csv"),
        ('workload = "kaggle"\n[parts]\nrequire = ["gpus:nope"]\n', "'gpus:nope' names no part in the catalog"),
        ("workload = \n", "is not valid TOML"),
    ],
)
def test_bad_input_is_one_paragraph_and_exit_2(cli, tmp_path, text, expected):
    path = write(tmp_path / "s.toml", f'catalog = "{MINI}"\n' + text)
    code, out, err = cli("solve", path)
    assert code == ExitStatus.INPUT_ERROR and out == ""
    assert expected in err and "Traceback" not in err


def test_missing_files_and_bad_options(cli, tmp_path):
    code, _, err = cli("solve", tmp_path / "nope.toml")
    assert code == ExitStatus.INPUT_ERROR and "nope.toml: does not exist" in err
    code, _, err = cli("solve", tmp_path / "nope.toml", "--format", "xml")
    assert code == ExitStatus.INPUT_ERROR and "'xml' is not one of" in err


def test_broken_catalog_is_refused_before_solving(cli, tmp_path, scenario):
    broken = tmp_path / "cat"
    broken.mkdir()
    for f in MINI.iterdir():
        (broken / f.name).write_text(f.read_text())
    (broken / "cpus.csv").write_text((MINI / "cpus.csv").read_text().replace("189.00", "cheap"))
    code, _, err = cli("solve", scenario, "--catalog", broken)
    assert code == ExitStatus.INPUT_ERROR and "cpus.csv line 2, column price_usd: 'cheap' is not a number" in err


BUILD = """scenario = "kaggle.toml"
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


def test_check_passes_a_good_build(cli, tmp_path, scenario):
    path = write(tmp_path / "build.toml", BUILD)
    code, out, _ = cli("check", path)
    assert code == ExitStatus.OK and "passes every rule" in out
    # The verdicts' numbers are wrapped to the terminal's width (80 columns in a test): compare them unwrapped.
    assert "PSU 1,000 W >= 952 W needed (1.1 x (2 x 350 W + 65 W + 100 W))" in " ".join(out.split())
    assert "RAM height under a large air cooler" in out


def test_check_names_the_failing_rules(cli, tmp_path, scenario):
    path = write(
        tmp_path / "build.toml", BUILD.replace("psus:psu-1000", "psus:psu-650").replace("rtx3090-turbo", "rtx4090-tuf")
    )
    code, out, _ = cli("check", path, "--format", "json")
    data = json.loads(out)
    assert code == ExitStatus.RULES_FAILED and data["status"] == "failed"
    failed = {r["rule"]: r["detail"] for r in data["rules"] if not r["ok"]}
    # 3.5-slot cards cannot sit 3 positions apart; without a placement two open-air cards count as side by side (R8)
    assert set(failed) == {"R7", "R8", "R10", "R11"}
    assert failed["R10"] == "PSU 650 W >= 1,172 W needed (1.1 x (2 x 450 W + 65 W + 100 W))"
    assert "16-pin: 2 needed, 0 on the PSU (2 fed by 8 8-pin leads)" in failed["R11"]


def test_check_names_unknown_parts(cli, tmp_path, scenario):
    path = write(
        tmp_path / "build.toml", BUILD.replace("ryzen5-7600", "ryzen5-7601").replace('case = "cases:meshify2"\n', "")
    )
    code, _, err = cli("check", path)
    assert code == ExitStatus.INPUT_ERROR
    assert "key build.cpu: 'ryzen5-7601' names no part in cpus.csv" in err and "key build.case: is missing" in err


def test_check_reads_a_power_level_and_two_psus(cli, tmp_path, scenario):
    """Build model v2: a build file states its cards' power level and its PSU count; a level the card cannot run at
    or a second PSU the scenario does not allow is refused, not a rule failure."""
    limits = tmp_path / "catalog"
    shutil.copytree(MINI, limits)
    (limits / "power_limits.csv").write_text("power_class,level_pct,factor\ndefault,80,0.9\n", encoding="utf-8")
    rules = f'catalog = "{limits}"\nworkload = "kaggle"\n[rules]\ndual_psu = "allow"\n'
    write(tmp_path / "dual.toml", rules)
    path = write(
        tmp_path / "build.toml",
        BUILD.replace("kaggle.toml", "dual.toml").replace("psus:psu-1000", "psus:psu-650")
        + "power_level_pct = 80\npsu_count = 2\n",
    )
    code, out, _ = cli("check", path, "--format", "json")
    data = json.loads(out)
    assert (
        data["power"]["level_pct"] == 80
        and data["power"]["command"] == "nvidia-smi -pl 280"
        and data["power"]["psu_count"] == 2
    )
    assert data["cost_usd"] == pytest.approx(4328.93 - 169.99 + 2 * 79.99)
    failed = {r["rule"]: r["detail"] for r in data["rules"] if not r["ok"]}
    assert set(failed) == {"R6"} and "2 PSUs in 1 PSU bay" in failed["R6"]  # the mini catalog's cases hold one PSU
    assert code == ExitStatus.RULES_FAILED
    write(tmp_path / "build.toml", BUILD + "power_level_pct = 70\npsu_count = 2\n")
    code, _, err = cli("check", tmp_path / "build.toml")
    assert code == ExitStatus.INPUT_ERROR
    assert "key build.power_level_pct: 70 is not a power level this card may run at here (100" in err
    assert "key build.psu_count: 2 is not a PSU count the scenario allows (1" in err
