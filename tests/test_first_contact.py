"""Finding the way in: the shipped data found from any directory, `dlbuild scenarios` (list, copy, solve by
name), `dlbuild workloads` and the workload aliases, `dlbuild init`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import CATALOGS, MINI, SCENARIOS

from solver import shipped, workload_names
from solver.errors import InputError
from solver.instance import bind
from solver.new_scenario import parse_gpu_counts
from solver.scenario import load_scenario, scenario_from_dict
from solver.status import ExitStatus

# --- the shipped data -------------------------------------------------------------------------------------


def test_the_shipped_data_is_found_in_the_source_tree():
    assert shipped.data_dir(shipped.CATALOG) == CATALOGS
    assert shipped.data_dir(shipped.SCENARIOS) == SCENARIOS
    assert shipped.source_catalog() == CATALOGS  # what `catalog build` rewrites by default


def test_shipped_scenarios_name_no_catalog_so_they_work_anywhere():
    """A copy of a shipped scenario must solve wherever it is written: none may point at ../catalogs."""
    for example in shipped.examples():
        raw = tomllib.loads(example.path.read_text(encoding="utf-8"))
        assert "catalog" not in raw, example.name
        if example.kind == "scenario":
            assert load_scenario(example.path).catalog is None


def test_a_scenario_without_catalog_solves_from_another_directory(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("s.toml").write_text('workload = "kaggle"\nobjective = "min_cost"\nmin_perf = 0.1\n')
    code, out, _ = cli("solve", "s.toml")
    assert code == ExitStatus.OK and "Status: optimal (proven)" in out


@pytest.mark.parametrize("where", ["nowhere", "empty"])
def test_a_missing_catalog_says_how_to_point_at_one(cli, tmp_path, where):
    (tmp_path / "empty").mkdir()
    code, out, err = cli("solve", "kaggle", "--catalog", tmp_path / where)
    assert code == ExitStatus.INPUT_ERROR and out == ""
    assert "--catalog DIR" in err and 'catalog = "DIR"' in err and "ships with dlbuild" in err


def test_no_shipped_catalog_is_an_input_error_that_says_what_to_do(monkeypatch):
    monkeypatch.setattr(shipped, "data_dir", lambda name: None)
    with pytest.raises(InputError, match="ships no catalog; give a catalog directory with --catalog DIR"):
        shipped.catalog_dir()


# --- dlbuild scenarios ------------------------------------------------------------------------------------


def test_scenarios_lists_every_shipped_file_with_a_description(cli):
    code, out, _ = cli("scenarios")
    assert code == ExitStatus.OK
    files = sorted(p.relative_to(SCENARIOS).with_suffix("").as_posix() for p in SCENARIOS.rglob("*.toml"))
    for name in files:
        assert f"  {name}" in out
    assert "A Kaggle competitor" in out and "Shipped build files" in out
    assert max(map(len, out.splitlines())) <= 80
    assert "example-build" in out.split("Shipped build files")[1]


def test_scenarios_copy_writes_a_file_that_solves_and_never_clobbers(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("scenarios", "copy", "kaggle")
    assert code == ExitStatus.OK and "Wrote kaggle.toml" in err
    assert Path("kaggle.toml").read_bytes() == (SCENARIOS / "kaggle.toml").read_bytes()
    Path("kaggle.toml").write_text("# mine\n")
    code, _, err = cli("scenarios", "copy", "kaggle")
    assert code == ExitStatus.INPUT_ERROR and "exists; give --force" in err
    assert Path("kaggle.toml").read_text() == "# mine\n"
    code, _, _ = cli("scenarios", "copy", "kaggle", "--force")
    assert code == ExitStatus.OK and Path("kaggle.toml").read_bytes() == (SCENARIOS / "kaggle.toml").read_bytes()
    code, out, _ = cli("solve", "kaggle.toml", "--format", "json")
    assert code == ExitStatus.OK and json.loads(out)["status"] == "optimal"


def test_scenarios_copy_to_a_directory_or_standard_output(cli, tmp_path):
    code, _, _ = cli("scenarios", "copy", "whatif.toml", tmp_path)
    assert code == ExitStatus.OK and (tmp_path / "whatif.toml").is_file()
    code, out, _ = cli("scenarios", "copy", "sweep", "-")
    assert code == ExitStatus.OK and out == (SCENARIOS / "sweep.toml").read_text()


def test_a_copied_build_file_brings_its_scenario_and_checks(cli, tmp_path):
    code, _, _ = cli("scenarios", "copy", "reference/puget-2018-05-4x-titan-v", tmp_path)
    assert code == ExitStatus.OK
    assert (tmp_path / "training-2018.toml").is_file()  # the scenario the build file names, beside it
    code, out, _ = cli("check", tmp_path / "puget-2018-05-4x-titan-v.toml")
    assert code in (ExitStatus.OK, ExitStatus.RULES_FAILED) and "R1" in out


def test_a_build_file_is_not_copied_without_its_scenario(cli, tmp_path):
    (tmp_path / "training-2018.toml").write_text("# mine\n")
    code, _, err = cli("scenarios", "copy", "reference/puget-2018-05-4x-titan-v", tmp_path)
    assert code == ExitStatus.INPUT_ERROR and "training-2018.toml: exists" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["training-2018.toml"]  # nothing half-written


def test_an_unknown_name_suggests_the_nearest(cli, tmp_path, monkeypatch):
    code, out, err = cli("scenarios", "copy", "kagle")
    assert code == ExitStatus.INPUT_ERROR and out == "" and "did you mean kaggle" in err
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("solve", "llm-finetun")
    assert (
        code == ExitStatus.INPUT_ERROR and "llm-finetun: does not exist" in err and "did you mean llm-finetune" in err
    )


def test_shipped_scenarios_solve_by_name_from_any_directory(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("solve", "kaggle")
    assert code == ExitStatus.OK and out.startswith("Kaggle competitor: workload kaggle")
    code, out, _ = cli("check", "example-build")
    assert code == ExitStatus.RULES_FAILED and "R10" in out
    Path("kaggle").write_text('workload = "kaggle"\nobjective = "min_cost"\nmin_perf = 0.1\nname = "mine"\n')
    code, out, _ = cli("solve", "kaggle")  # a file of that name comes first
    assert code == ExitStatus.OK and out.startswith("mine:")


# --- workloads and aliases --------------------------------------------------------------------------------


def test_every_alias_leads_to_a_shipped_workload(shipped_catalog):
    for alias, (target, why) in workload_names.ALIASES.items():
        assert target in shipped_catalog.workloads, alias
        assert why
        assert workload_names.resolve(alias, shipped_catalog.workloads) == target


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("computer vision", "research-sota-2018"),
        ("Computer-Vision", "research-sota-2018"),
        ("kaggle", "kaggle"),
        ("LLM fine-tuning", "large-transformer-training"),
        ("Large Transformer Training", "large-transformer-training"),
        ("large_transformer_training", "large-transformer-training"),
    ],
)
def test_aliases_and_spellings_bind_to_the_workload(shipped_catalog, said, meant):
    inst = bind(shipped_catalog, scenario_from_dict({"workload": said}))
    assert inst.scenario.workload == meant
    assert inst.min_gpu_memory_gb == shipped_catalog.workloads[meant]["min_gpu_memory_gb"]


def test_an_alias_whose_workload_a_catalog_lacks_is_not_offered(mini_catalog):
    assert workload_names.resolve("computer vision", mini_catalog.workloads) in (None, *mini_catalog.workloads)
    assert all(
        t in mini_catalog.workloads
        for t in (workload_names.resolve(a, mini_catalog.workloads) for a in workload_names.ALIASES)
        if t
    )


def test_an_unknown_workload_suggests_the_nearest(cli, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('workload = "computer visoin"\n')
    code, _, err = cli("solve", path)
    assert code == ExitStatus.INPUT_ERROR
    assert (
        "'computer visoin' is not a workload" in err
        and 'did you mean "computer vision"' in err
        and "dlbuild workloads" in err
    )


def test_workloads_lists_floors_ratings_guide_words_and_aliases(cli, shipped_catalog):
    code, out, _ = cli("workloads")
    assert code == ExitStatus.OK
    for name in shipped_catalog.workloads:
        assert f"\n{name}\n" in out
    assert '2020 guide: "Kaggle competitions: >= 8 GB"' in out
    assert ">= 24 GB per GPU" in out and "perf_llm_infer" in out and "computer vision" in out
    assert max(map(len, out.splitlines())) <= 80
    rows = {r["workload"]: r for r in workload_names.describe(shipped_catalog)}
    assert rows.keys() == shipped_catalog.workloads.keys()
    assert rows["kaggle"]["min_gpu_memory_gb"] == 8 and rows["kaggle"]["rating_column"] == "perf"
    assert "computer vision" in rows["research-sota-2018"]["aliases"]
    assert rows["llm-inference-70b-q4"]["min_total_memory_gb"] == 47


def test_workloads_of_another_catalog(cli, mini_catalog):
    code, out, _ = cli("workloads", "--catalog", MINI)
    assert code == ExitStatus.OK
    assert {line for line in out.splitlines() if line and not line.startswith(" ")} - {out.splitlines()[0]} == set(
        mini_catalog.workloads
    )


# --- dlbuild init -----------------------------------------------------------------------------------------


def test_init_writes_a_scenario_that_loads_and_solves(cli, tmp_path):
    path = tmp_path / "mine.toml"
    code, _, err = cli(
        "init",
        "--workload",
        "computer vision",
        "--budget",
        "3000",
        "--gpus",
        "1-2",
        "--name",
        "My lab",
        "-o",
        path,
    )
    assert code == ExitStatus.OK and f"dlbuild solve {path}" in err
    s = load_scenario(path)
    assert (s.workload, s.budget_cents, s.gpu_counts, s.name, s.objective) == (
        "research-sota-2018",
        300_000,
        (1, 2),
        "My lab",
        "perf_per_dollar",
    )
    code, out, _ = cli("solve", path, "--format", "json")
    assert code == ExitStatus.OK and json.loads(out)["cost_usd"] <= 3000
    code, _, err = cli("init", "--workload", "kaggle", "-o", path)
    assert code == ExitStatus.INPUT_ERROR and "exists; give --force" in err
    assert load_scenario(path).name == "My lab"


def test_init_prints_to_standard_output_by_default(cli):
    code, out, _ = cli("init", "-w", "llm inference", "--objective", "min_cost", "--min-perf", "1.5")
    assert code == ExitStatus.OK
    raw = tomllib.loads(out)
    assert raw == {"workload": "llm-inference", "objective": "min_cost", "min_perf": 1.5}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-w", "computer visoin"], 'did you mean "computer vision"'),
        (["-w", "kaggle", "--objective", "min_cost"], "--min-perf"),
        (["-w", "kaggle", "--gpus", "0-9"], "GPU counts are whole numbers from 1 to 8"),
        (["-w", "kaggle", "--gpus", "two"], "is not a GPU count"),
        (["-w", "kaggle", "--budget", "-5"], "--budget"),
        (["-w", "kaggle", "--budget", "inf"], "is not a budget"),
        (["-w", "kaggle", "--objective", "min_cost", "--min-perf", "nan"], "is not a number"),
    ],
)
def test_init_refuses_what_would_not_make_a_scenario(cli, args, message):
    code, out, err = cli("init", *args)
    assert code == ExitStatus.INPUT_ERROR and out == "" and message in err


def test_init_writes_any_name_as_toml_that_reads_back(cli):
    name = 'a "lab"\n\x7f\u00e9\x85\u202e\x1b[31m # not a comment'
    code, out, _ = cli("init", "-w", "computer\nvision", "--name", name, "--budget", "2499.99")
    assert code == ExitStatus.OK
    raw = tomllib.loads(out)
    assert (raw["name"], raw["workload"], raw["budget_usd"]) == (name, "research-sota-2018", 2499.99)


def test_gpu_counts():
    assert parse_gpu_counts("2") == [2]
    assert parse_gpu_counts("1,2,4") == [1, 2, 4]
    assert parse_gpu_counts("1-3, 8") == [1, 2, 3, 8]
    for bad in ("", "0", "3-1", "1-", "x"):
        with pytest.raises(ValueError):
            parse_gpu_counts(bad)


def test_scenarios_and_workloads_answer_in_json_as_their_tables_do(cli):
    from solver.shipped import examples

    code, document = cli.json("scenarios", "--format", "json")
    assert code == 0 and document["catalog"] is None
    assert [s["name"] for s in document["scenarios"]] == [e.name for e in examples()]
    assert {"name": "kaggle", "kind": "scenario"}.items() <= next(
        s for s in document["scenarios"] if s["name"] == "kaggle"
    ).items()
    code, document = cli.json("workloads", "--format", "json")
    names = [w["workload"] for w in document["workloads"]]
    assert code == 0 and "kaggle" in names and names == sorted(names)
    table = cli("workloads")[1]
    assert all(name in table for name in names)
