"""The README's samples are real: every `$ dlbuild ...` shown in a text block is run, and its output must be
what the README prints (up to a line "...", which stands for the rest). The expected text is read from the
README itself, so refreshing a sample needs no change here; only volatile bits (timings) are normalised."""

from __future__ import annotations

import re
import shlex
import tomllib

import pytest
from conftest import ROOT, SCENARIOS, run_python

from solver.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: Timings vary from run to run: "0.23 s", "12 ms".
TIMING = re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms)\b")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.M | re.S)


def samples() -> list[tuple[str, list[str]]]:
    """(command, expected lines) for every `$ dlbuild ...` in a text block."""
    found = []
    for block in blocks("text"):
        current = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                found.append(current)
            elif current is not None:
                current[1].append(line)
    return found


def normal(line: str) -> str:
    return TIMING.sub("<time>", line.rstrip())


def test_the_readme_shows_samples():
    assert samples(), "the README shows no `$ dlbuild` sample"


def segments(expected: list[str]) -> list[list[str]]:
    """The runs of lines between lines "..." (each "..." stands for lines left out)."""
    out: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == "...":
            out.append([])
        else:
            out[-1].append(normal(line))
    for seg in out:
        while seg and not seg[-1]:
            seg.pop()
    return out


def shows(actual: list[str], expected: list[str]) -> bool:
    """Whether `actual` is what `expected` shows: its runs in order, each whole; the first at the start unless
    a "..." comes before it, the last at the end unless a "..." comes after it."""
    actual = [normal(x) for x in actual]
    while actual and not actual[-1]:
        actual.pop()
    parts = segments(expected)
    if len(parts) == 1:
        return actual == parts[0]
    at = 0
    for index, seg in enumerate(parts):
        if not seg:
            continue
        if index == 0:
            if actual[: len(seg)] != seg:
                return False
            at = len(seg)
            continue
        found = next((i for i in range(at, len(actual) - len(seg) + 1) if actual[i : i + len(seg)] == seg), None)
        if found is None or (index == len(parts) - 1 and found + len(seg) != len(actual)):
            return False
        at = found + len(seg)
    return True


def test_gaps_in_a_sample():
    assert shows(["a", "b", "c", "d"], ["a", "...", "c", "..."])
    assert shows(["a", "b", "c", "d"], ["...", "d"])
    assert not shows(["a", "b", "c", "d"], ["...", "c"])  # the last run must end the output
    assert not shows(["a", "b", "c", "d"], ["b", "..."])  # the first run must start it
    assert not shows(["a", "b", "c", "d"], ["a", "...", "d", "...", "c", "..."])  # in order
    assert not shows(["a", "b"], ["a"])
    assert shows(["a", "took 0.23 s", ""], ["a", "took 1.5 s"])


@pytest.mark.parametrize(("command", "expected"), samples(), ids=[c for c, _ in samples()])
def test_a_readme_sample_is_what_the_command_prints(capsys, monkeypatch, command, expected):
    args = shlex.split(command)
    assert args[0] == "dlbuild"
    monkeypatch.chdir(ROOT)  # the samples name files as a checkout has them
    monkeypatch.setenv("COLUMNS", "80")
    main(args[1:])
    out = capsys.readouterr().out.splitlines()
    assert shows(out, expected), f"README sample of `{command}` is stale:\n" + "\n".join(out)


def test_the_first_commands_of_the_readme_are_the_install_and_the_test_command():
    first = blocks("sh")[0].splitlines()
    assert first[0].endswith("&& dlbuild solve kaggle")
    assert first[1] == "python3 -m pip install '.[test]' && python3 -m pytest"
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet --disable-pip-version-check '.[test]'" in ci and "python3 -m pytest" in ci


def test_the_readme_build_file_is_the_shipped_one():
    """The build file shown for `check` is scenarios/example-build.toml, as the README says: the same scenario
    and the same part references (the README may also spell out keys the file leaves at their defaults)."""
    (shown,) = [tomllib.loads(b) for b in blocks("toml") if "[build]" in b]
    shipped = tomllib.loads((SCENARIOS / "example-build.toml").read_text())
    assert shown["scenario"] == shipped["scenario"]
    assert {k: shown["build"].get(k) for k in shipped["build"]} == shipped["build"]


def test_the_documented_shell_completion_works():
    assert "_DLBUILD_COMPLETE=bash_source dlbuild" in README
    env = {"_DLBUILD_COMPLETE": "bash_complete", "COMP_WORDS": "dlbuild scen", "COMP_CWORD": "1"}
    done = run_python("-m", "solver", env=env, timeout=60)
    assert done.returncode == 0 and "plain,scenarios" in done.stdout.splitlines()
    env["_DLBUILD_COMPLETE"] = "bash_source"
    done = run_python("-m", "solver", env=env, timeout=60)
    assert done.returncode == 0 and "complete -o nosort -F _dlbuild_completion dlbuild" in done.stdout
