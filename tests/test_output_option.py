"""`-o FILE` on every command that prints, `-o -` as standard output everywhere, and `-` as the scenario or
build file read from standard input."""

from __future__ import annotations

import json

import click
import pytest
from conftest import MINI, SCENARIOS

from solver.cli import commands
from solver.status import ExitStatus

#: Commands that print nothing of their own: `scenarios copy` writes its DEST.
NO_OUTPUT = {"scenarios copy"}
SCENARIO = (
    f'name = "stdin test"\ncatalog = "{MINI.as_posix()}"\nworkload = "kaggle"\n'
    'objective = "max_perf"\nbudget_usd = 6000\n'
)


def leaves(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            out += leaves(command, f"{prefix}{name} ")
            if command.invoke_without_command:
                out.append((f"{prefix}{name}", command))
        else:
            out.append((f"{prefix}{name}", command))
    return out


@pytest.mark.parametrize(("name", "command"), leaves(commands.dlbuild), ids=[n for n, _ in leaves(commands.dlbuild)])
def test_every_command_that_prints_takes_output_and_dash(name, command):
    if name in NO_OUTPUT:
        return
    options = {o.name: o for o in command.params if isinstance(o, click.Option)}
    assert "output" in options, f"dlbuild {name} has no --output"
    assert "-o" in options["output"].opts
    assert options["output"].type.allow_dash, f"dlbuild {name} --output does not take - for standard output"


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "kaggle", "--catalog", MINI],
        ["check", "example-build"],
        ["workloads"],
        ["scenarios"],
        ["catalog", "validate"],
        ["catalog", "search", "rtx", "--catalog", MINI],
        ["init", "--workload", "kaggle"],
    ],
    ids=lambda a: " ".join(map(str, a[:2])),
)
def test_output_file_holds_what_standard_output_shows(cli, tmp_path, args):
    code, shown, _ = cli(*args)
    assert shown
    target = tmp_path / "out.txt"
    code2, out, err = cli(*args, "-o", target)
    assert (code2, out) == (code, "") and f"Wrote {target}" in err
    assert target.read_text() == shown
    code3, dashed, _ = cli(*args, "-o", "-")
    assert (code3, dashed) == (code, shown)


def test_a_scenario_from_standard_input(cli):
    code, out, _ = cli("solve", "-", "--format", "json", stdin=SCENARIO)
    assert code == ExitStatus.OK and json.loads(out)["status"] == "optimal"
    code, out, _ = cli("frontier", "-", "--format", "csv", "-o", "-", stdin=SCENARIO)
    assert code == ExitStatus.OK and out.count("\n") > 1
    code, out, err = cli("solve", "-", stdin='workload = "kagle"\n')
    assert code == ExitStatus.INPUT_ERROR and "standard input, key workload" in err
    code, out, err = cli("solve", "-", stdin="workload = \n")
    assert code == ExitStatus.INPUT_ERROR and "standard input: is not valid TOML" in err


def test_a_scenario_from_standard_input_resolves_its_catalog_from_here(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(MINI.parent)
    code, out, _ = cli(
        "solve",
        "-",
        "--format",
        "json",
        stdin=SCENARIO.replace(MINI.as_posix(), "mini"),
    )
    assert code == ExitStatus.OK and json.loads(out)["status"] == "optimal"


def test_a_build_file_from_standard_input(cli, monkeypatch):
    monkeypatch.chdir(SCENARIOS)  # the build file names llm-finetune.toml beside it
    text = (SCENARIOS / "example-build.toml").read_text()
    code, out, _ = cli("check", "-", stdin=text)
    assert code == ExitStatus.RULES_FAILED and "R10" in out


def test_report_from_standard_input_is_named_for_the_scenario(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("report", "-", "--budgets", "3000", stdin=SCENARIO)
    assert code == ExitStatus.OK and (tmp_path / "scenario.html").is_file() and "Wrote scenario.html" in err
