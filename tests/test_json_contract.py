"""JSON as a contract: every command's JSON carries the envelope and validates against its shipped schema; the
scenario and build-file schemas accept what dlbuild reads; `solve --emit-build` round-trips through `check`.

jsonschema (a test dependency) is the validator: the schemas are meant for any standard draft 2020-12
validator, so the tests use one rather than dlbuild's own reading of them."""

from __future__ import annotations

import csv
import re
import shutil
import tomllib
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import click
import pytest
from conftest import MINI, ROOT
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from solver import load_catalog, scenario_from_dict, schemas
from solver.api import solve
from solver.categories import category
from solver.cli.commands import dlbuild
from solver.output import build_out, json_out
from solver.result import Pick
from solver.scenario import RULE_KEYS, TABLES, TOP_KEYS, VARIANT_KEYS
from solver.status import ExitStatus

ENVELOPE = ["schema_version", "version", "command", "status", "catalog"]
REGISTRY = Registry().with_resources([(name, Resource.from_contents(schemas.load(name))) for name in schemas.names()])


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schemas.load(name), registry=REGISTRY)


def errors(name: str, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(document)]


@pytest.fixture
def scenario(tmp_path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(
        f'name = "t"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n'
        '[[variants]]\nname = "cheap 4090"\nprices = { "gpus:rtx4090-tuf" = 1499.0 }\n'
        '[[variants]]\nname = "tight"\nbudget_usd = 3000\n[[variants]]\nname = "broke"\nbudget_usd = 300\n',
        encoding="utf-8",
    )
    return path


def test_every_schema_is_a_draft_2020_12_schema():
    assert {"scenario.json", "build-file.json", "common.json", *schemas.COMMANDS.values()} == set(schemas.names())
    for name in schemas.names():
        schema = schemas.load(name)
        Draft202012Validator.check_schema(schema)
        assert (
            schema.get("$schema", "https://json-schema.org/draft/2020-12/schema")
            == "https://json-schema.org/draft/2020-12/schema"
        )


def test_every_command_that_writes_json_has_a_schema():
    """A command with `--format json` and no schema (a new command, say) fails here."""

    def commands(group: click.Group, prefix: str = ""):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            # A group that answers by itself (`scenarios`) may write JSON too, besides its subcommands.
            if any(p.name == "fmt" and "json" in getattr(p.type, "choices", ()) for p in command.params):
                yield f"{prefix}{name}"
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")

    assert set(commands(dlbuild)) == set(schemas.COMMANDS)


def _documents(cli, scenario: Path, tmp_path: Path):
    """(expected exit code, document) of every command that writes JSON, in its main outcomes."""
    yield ExitStatus.OK, cli.json("solve", scenario, "--format", "json")
    broke = tmp_path / "broke.toml"
    broke.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nbudget_usd = 300\n', encoding="utf-8")
    yield ExitStatus.INFEASIBLE, cli.json("solve", broke, "--format", "json")
    yield ExitStatus.OK, cli.json("frontier", scenario, "--format", "json")
    yield ExitStatus.INFEASIBLE, cli.json("frontier", broke, "--format", "json")
    yield ExitStatus.OK, cli.json("sweep", scenario, "--budgets", "300,2000,6000", "--format", "json")
    yield ExitStatus.OK, cli.json("compare", scenario, "--format", "json")
    build = tmp_path / "b.toml"
    assert cli("solve", scenario, "--emit-build", build)[0] == 0
    yield ExitStatus.OK, cli.json("check", build, "--format", "json")
    build.write_text(
        re.sub(r"^psu = .*$", 'psu = "psus:psu-650"', build.read_text(encoding="utf-8"), flags=re.MULTILINE),
        encoding="utf-8",
    )
    yield ExitStatus.RULES_FAILED, cli.json("check", build, "--format", "json")
    yield ExitStatus.OK, cli.json("catalog", "search", "rtx", "4090", "--format", "json")
    yield ExitStatus.OK, cli.json("catalog", "search", "no such part anywhere", "--format", "json")
    yield ExitStatus.OK, cli.json("catalog", "stats", "--format", "json")
    yield ExitStatus.OK, cli.json("scenarios", "--format", "json")
    yield ExitStatus.OK, cli.json("workloads", "--format", "json")


def test_the_json_of_every_command_validates_against_its_schema(cli, scenario, tmp_path):
    seen = set()
    for expected, (code, document) in _documents(cli, scenario, tmp_path):
        assert code == expected, document.get("command")
        assert list(document)[: len(ENVELOPE)] == ENVELOPE  # the envelope's keys come first, in one order
        assert document["schema_version"] == json_out.SCHEMA_VERSION and document["version"]
        assert errors(document["command"], document) == [], document["command"]
        seen.add((document["command"], document["status"]))
    assert seen >= {("solve", "optimal"), ("solve", "infeasible"), ("check", "passed"), ("check", "failed"),
                    ("frontier", "optimal"), ("frontier", "infeasible"), ("sweep", "optimal"), ("compare", "optimal"),
                    ("catalog search", "ok"), ("catalog stats", "ok"),
                    ("scenarios", "ok"), ("workloads", "ok")}  # fmt: skip


def test_a_time_limited_solve_validates_with_its_bound(scenario, mini_catalog):
    """The time limit's document (status feasible, a proven bound) is hard to reach on a small catalog: it is
    made from a solved one, as optimize() makes it."""
    result = solve(
        mini_catalog, scenario_from_dict({"workload": "kaggle", "objective": "max_perf", "budget_usd": 6000})
    )
    document = json_out.solve_dict(replace(result, status="feasible", bound=Fraction(21, 10)))
    assert document["status"] == "feasible" and document["bound"] == 2.1 and errors("solve", document) == []


def test_parts_are_named_by_reference_and_money_is_in_dollars(cli, scenario):
    _, document = cli.json("compare", scenario, "--format", "json")
    gpu = document["base"]["build"]["gpu"]
    assert gpu["ref"] == f"gpus:{gpu['id']}" and isinstance(gpu["price_usd"], float)
    diff = document["variants"][1]["diff"]
    assert diff and all(
        d[k] is None or d[k].partition(":")[0] == category(d["part"]).stem for d in diff for k in ("before", "after")
    )
    catalog = document["catalog"]
    assert (
        catalog["name"] == "mini" and catalog["price_dates"] == {} and catalog["newest_price_date"] is None
    )  # the fixture records no dates
    _, hits = cli.json("catalog", "search", "rtx", "4090", "--format", "json")
    assert hits["catalog"]["newest_price_date"] == max(hits["catalog"]["price_dates"])
    assert all(h["ref"] == f"{h['file']}:{h['id']}" and isinstance(h["price_usd"], float) for h in hits["hits"])


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(bogus=1), []),
        (lambda d: d["build"]["gpu"].update(ref="rtx3090-turbo"), ["build", "gpu", "ref"]),
        (lambda d: d.update(status="done"), ["status"]),
        (lambda d: d["catalog"].update(newest_price_date="23 July 2025"), ["catalog", "newest_price_date"]),
        (lambda d: d.pop("schema_version"), []),
    ],
)
def test_a_document_that_breaks_the_contract_is_refused(cli, scenario, change, path):
    _, document = cli.json("solve", scenario, "--format", "json")
    change(document)
    found = list(validator("solve").iter_errors(document))
    assert found and any(list(e.absolute_path) == path for e in found)


def _shipped_tomls() -> list[Path]:
    return sorted([*ROOT.glob("scenarios/*.toml"), *ROOT.glob("scenarios/**/*.toml")])


def test_the_scenario_schema_accepts_every_shipped_scenario_and_the_build_schema_every_build_file():
    checked = {"scenario.json": 0, "build-file.json": 0}
    for path in sorted(set(_shipped_tomls())):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        name = "build-file.json" if "build" in raw else "scenario.json"
        assert errors(name, raw) == [], path.name
        checked[name] += 1
    assert checked["scenario.json"] >= 7 and checked["build-file.json"] >= 1


@pytest.mark.parametrize(
    "raw",
    [
        {"workload": "kaggle", "budget": 2000},
        {"objective": "max_perf"},
        {"workload": "kaggle", "rules": {"adjacent_open_air": "sometimes"}},
        {"workload": "kaggle", "gpu": {"counts": [0]}},
        {"workload": "kaggle", "parts": {"exclude": ["rtx-4090"]}},
        {"workload": "kaggle", "variants": [{"name": "v", "catalog": "x"}]},
    ],
)
def test_the_scenario_schema_refuses_what_the_reader_refuses(raw):
    assert errors("scenario.json", raw)
    with pytest.raises(Exception):  # noqa: B017 - the reader's InputError, or a missing-key error
        scenario_from_dict(raw)


def test_the_scenario_schema_names_every_key_the_reader_knows():
    """Keys added to the scenario reader must be added to its schema (and the other way round)."""
    schema = schemas.load("scenario.json")
    assert set(schema["properties"]) == {*TOP_KEYS, *TABLES, "variants"}
    for table, keys in TABLES.items():
        assert set(schema["$defs"][table]["properties"]) == set(keys), table
    assert set(schema["$defs"]["rules"]["properties"]) == set(RULE_KEYS)
    assert set(schema["$defs"]["variant"]["properties"]) == set(VARIANT_KEYS)


def test_emit_build_round_trips_through_check_and_rechecks_at_new_prices(cli, tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'name = "t"\ncatalog = "catalog"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n',
        encoding="utf-8",
    )
    saved = tmp_path / "builds" / "mine.toml"
    saved.parent.mkdir()
    code, solved = cli.json("solve", scenario, "--format", "json", "--emit-build", saved)
    assert code == 0 and saved.exists()
    raw = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert errors("build-file.json", raw) == [] and raw["scenario"] == "../s.toml"
    assert (
        raw["build"]["gpu"] == solved["build"]["gpu"]["ref"]
        and raw["build"]["gpu_count"] == solved["build"]["gpu"]["count"]
    )
    assert (
        raw["build"]["power_level_pct"] == solved["power"]["level_pct"]
        and raw["build"]["psu_count"] == solved["power"]["psu_count"]
    )

    code, checked = cli.json("check", saved, "--format", "json")
    assert code == ExitStatus.OK and checked["status"] == "passed"
    assert (
        checked["build"] == solved["build"]
        and checked["cost_usd"] == solved["cost_usd"]
        and checked["performance"] == solved["performance"]
    )

    # Prices change: the same file re-checks the same parts at the catalog's new prices.
    gpus = catalog / "gpus.csv"
    rows = list(csv.DictReader(gpus.open(encoding="utf-8")))
    gpu_id, count = solved["build"]["gpu"]["id"], solved["build"]["gpu"]["count"]
    for row in rows:
        if row["id"] == gpu_id:
            row["price_usd"] = "999.00"
    with gpus.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    code, again = cli.json("check", saved, "--format", "json")
    assert code == ExitStatus.OK and again["build"]["gpu"]["price_usd"] == 999.0
    assert again["cost_usd"] == pytest.approx(
        solved["cost_usd"] - count * (solved["build"]["gpu"]["price_usd"] - 999.0)
    )


def test_an_emitted_build_keeps_its_power_level_and_psu_count(cli, tmp_path):
    """A build at a lower power level on two PSUs is saved with both, and `check` reads them back."""
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    (catalog / "power_limits.csv").write_text("power_class,level_pct,factor\ndefault,80,0.9\n", encoding="utf-8")
    scenario = tmp_path / "dual.toml"
    scenario.write_text(
        'catalog = "catalog"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n'
        '[rules]\ndual_psu = "allow"\n',
        encoding="utf-8",
    )
    result = solve(load_catalog(catalog), scenario_from_dict(tomllib.loads(scenario.read_text()), base_dir=tmp_path))
    build = replace(result.build, power_level=80, psu=Pick(result.build.psu.part, 2))
    saved = tmp_path / "b.toml"
    saved.write_text(build_out.build_toml(replace(result, build=build), "dual.toml"), encoding="utf-8")
    raw = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert (
        raw["build"]["power_level_pct"] == 80
        and raw["build"]["psu_count"] == 2
        and errors("build-file.json", raw) == []
    )
    _, checked = cli.json("check", saved, "--format", "json")
    assert (
        checked["power"]["level_pct"] == 80
        and checked["power"]["psu_count"] == 2
        and checked["build"]["gpu"]["ref"] == build.gpu.part.ref
    )


def test_solve_without_a_build_writes_no_build_file(cli, tmp_path):
    broke = tmp_path / "broke.toml"
    broke.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nbudget_usd = 300\n', encoding="utf-8")
    code, _, err = cli("solve", broke, "--emit-build", tmp_path / "b.toml")
    assert code == ExitStatus.INFEASIBLE
    assert not (tmp_path / "b.toml").exists() and "no build to save" in err
