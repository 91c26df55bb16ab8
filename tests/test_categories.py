"""The category registry is the only vocabulary of part categories: every slot, stem, label and count key
the package uses or prints comes from solver.categories."""

from __future__ import annotations

import dataclasses
import re

import pytest
from conftest import ROOT

from solver import scenario_from_dict, solve
from solver.categories import CATEGORIES, by_stem, category, slots, stems
from solver.check import BUILD_KEYS
from solver.diff import diff_builds
from solver.model.choices import BuildVars
from solver.output import json_out, table
from solver.result import Build
from solver.schema import PART_FILES

PACKAGE = ROOT / "solver"


@pytest.fixture(scope="module")
def build(mini_catalog) -> Build:
    result = solve(
        mini_catalog, scenario_from_dict({"workload": "kaggle", "objective": "max_perf", "budget_usd": 6000})
    )
    return result.build


def test_lookups_agree():
    assert slots() == tuple(c.slot for c in CATEGORIES) and stems() == tuple(c.stem for c in CATEGORIES)
    for c in CATEGORIES:
        assert category(c.slot) is c and by_stem(c.stem) is c
        assert c.counted == (c.count_key == f"{c.slot}_count")
    assert [c.slot for c in CATEGORIES if c.counted] == ["gpu", "memory"]
    assert [c.slot for c in CATEGORIES if c.optional] == ["cooler"]


def test_builds_files_and_model_follow_the_registry():
    fields = [f.name for f in dataclasses.fields(Build)]
    assert tuple(fields[: len(CATEGORIES)]) == slots()
    assert tuple(spec.stem for spec in PART_FILES) == stems()
    assert tuple(BuildVars().categories()) == stems()
    assert BUILD_KEYS == (*slots(), "gpu_count", "memory_count", "power_level_pct", "psu_count")


def test_output_takes_its_words_from_the_registry(build):
    assert tuple(json_out.build_dict(build)) == slots()
    for c in CATEGORIES:
        item = json_out.build_dict(build)[c.slot]
        assert item is None or ("count" in item) == c.counted
    rows = table.parts_table(build).splitlines()[2:-1]  # between the header rule and the total
    assert [row[: len(c.label)] for row, c in zip(rows, CATEGORIES)] == [c.label for c in CATEGORIES]
    cheaper = dataclasses.replace(build, motherboard=None)
    change = diff_builds(build, cheaper)[0]
    assert change.slot == "motherboard" and change.text().startswith(f"{category('motherboard').word}: ")


def test_no_other_module_spells_out_the_categories():
    """A line that lists four or more stems or slots, or three labels, outside the registry is a second
    vocabulary (a rule that reads three categories, such as the GPU layout's gpu, board and case, is not)."""
    labels = {c.label for c in CATEGORIES}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "categories.py" or rel.startswith("importer/"):  # the importer keeps its own lists for now
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            quoted = set(re.findall(r'"([A-Za-z ]+)"', line))
            if len(quoted & set(stems())) >= 4 or len(quoted & set(slots())) >= 4 or len(quoted & labels) >= 3:
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == []
