"""The Python API for scripts and notebooks: solver's exported functions, their defaults, and what every
answer gives (to_dict() as the command's JSON, to_frame(), _repr_html_())."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINI, ROOT, run_python

import solver
from solver import check, compare, frontier, load_catalog, solve, sweep
from solver.schema import default_catalog_path

SCENARIO = {"name": "t", "workload": "kaggle", "objective": "max_perf", "budget_usd": 6000,
            "variants": [{"name": "tight", "budget_usd": 3000}]}  # fmt: skip


@pytest.fixture
def scenario_file(tmp_path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(f'name = "t"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 6000\n'
                    '[[variants]]\nname = "tight"\nbudget_usd = 3000\n', encoding="utf-8")  # fmt: skip
    return path


def test_the_package_exports_the_notebook_functions():
    assert {"solve", "frontier", "sweep", "compare", "check", "load_catalog"} <= set(solver.__all__)
    import solver.check as _  # noqa: F401 - importing a module of the same name must not shadow the function
    import solver.frontier as _f  # noqa: F401

    for name in ("solve", "frontier", "sweep", "compare", "check"):
        assert getattr(solver, name) is getattr(solver.api, name), name
    assert sys.modules["solver.frontier"].Frontier.__name__ == "Frontier"


def test_the_functions_survive_any_import_order():
    """In a fresh interpreter: the modules first, then the functions, and the other way round."""
    code = (
        "import solver.frontier, solver.sweep, solver.compare, solver.check, solver\n"
        "from solver import frontier, sweep, compare, check\n"
        "assert all(callable(f) and f.__module__ == 'solver.api' for f in (frontier, sweep, compare, check))\n"
        "assert callable(solver.frontier) and solver.frontier.__module__ == 'solver.api'\n"
        "from solver.frontier import Frontier\n"
        "print('ok')\n"
    )
    done = run_python("-c", code)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_the_shipped_catalog_is_the_default():
    catalog = load_catalog()
    assert catalog.path == default_catalog_path() and catalog.parts["gpus"]
    result = solve({"workload": "kaggle", "objective": "min_cost", "min_perf": 0.5})
    assert result.status == "optimal" and result.instance.catalog.path == default_catalog_path()


def test_a_scenario_is_a_file_a_dict_or_a_scenario_and_either_argument_order_works(mini_catalog, scenario_file):
    by_file = solve(scenario_file)
    by_dict = solve(SCENARIO, mini_catalog)
    older = solve(mini_catalog, solver.scenario_from_dict(SCENARIO))  # the order of earlier versions
    assert by_file.build == by_dict.build == older.build and by_file.status == "optimal"
    assert solve(SCENARIO, MINI).build == by_dict.build  # a catalog directory works as well as a loaded one


def test_to_dict_is_the_commands_json(cli, scenario_file, tmp_path):
    assert solve(scenario_file).to_dict() == cli.json("solve", scenario_file, "--format", "json")[1]
    assert frontier(scenario_file).to_dict() == cli.json("frontier", scenario_file, "--format", "json")[1]
    assert (
        sweep(scenario_file, "500:6000:500").to_dict()
        == cli.json("sweep", scenario_file, "--budgets", "500:6000:500", "--format", "json")[1]
    )
    assert compare(scenario_file).to_dict() == cli.json("compare", scenario_file, "--format", "json")[1]
    build = tmp_path / "b.toml"
    cli("solve", scenario_file, "--emit-build", build)
    assert check(build).to_dict() == cli.json("check", build, "--format", "json")[1]


def test_frames_hold_what_the_json_holds(mini_catalog):
    result = solve(SCENARIO, mini_catalog)
    parts = result.to_frame()
    assert isinstance(parts, pd.DataFrame) and list(parts.columns) == [
        "slot",
        "ref",
        "name",
        "count",
        "unit_price_usd",
        "price_usd",
    ]
    assert parts["price_usd"].sum() == pytest.approx(result.to_dict()["cost_usd"])
    assert parts.set_index("slot").loc["gpu", "ref"] == result.to_dict()["build"]["gpu"]["ref"]

    f = frontier(SCENARIO, mini_catalog, max_budget_usd=4000)
    rows = f.to_frame()
    assert (
        len(rows) == len(f.points) > 1 and rows["cost_usd"].is_monotonic_increasing and rows["cost_usd"].max() <= 4000
    )
    assert rows["changes"].iloc[0] == "cheapest valid build"

    s = sweep(SCENARIO, [300, 2000, 6000], mini_catalog)
    assert (
        list(s.to_frame()["status"])
        == [p["status"] for p in s.to_dict()["points"]]
        == ["infeasible", "optimal", "optimal"]
    )

    c = compare(SCENARIO, mini_catalog)
    table = c.to_frame()
    assert list(table["scenario"]) == ["base", "tight"] and table["cost_usd"].iloc[1] <= 3000

    chosen = result.to_dict()["build"]
    refs = {slot: part["ref"] for slot, part in chosen.items() if part is not None}
    refs.update(gpu_count=chosen["gpu"]["count"], memory_count=chosen["memory"]["count"])
    verdicts = check(refs, mini_catalog, scenario=SCENARIO).to_frame()
    assert (
        list(verdicts.columns) == ["rule", "ok", "detail"]
        and len(verdicts) == len(result.checks)
        and verdicts["ok"].all()
    )


def test_an_infeasible_answer_has_an_empty_frame_and_says_so(mini_catalog):
    result = solve({"workload": "kaggle", "budget_usd": 300}, mini_catalog)
    assert result.status == "infeasible" and result.to_frame().empty
    assert "infeasible" in result._repr_html_()


def test_the_html_table_escapes_user_text(mini_catalog):
    html = solve({**SCENARIO, "name": "<script>alert(1)</script>"}, mini_catalog)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<table" in html


def test_check_needs_the_scenario_of_a_build_given_as_a_dict(mini_catalog):
    with pytest.raises(TypeError, match="scenario"):
        check({"gpu": "gpus:rtx3090-turbo"}, mini_catalog)


def test_importing_the_package_and_plotting_leave_the_matplotlib_backend_alone(tmp_path):
    """A notebook's backend (here svg, as MPLBACKEND sets it) is the same after dlbuild draws a chart."""
    code = (
        "import matplotlib; before = matplotlib.get_backend()\n"
        "import solver, solver.plot\n"
        f"f = solver.frontier({SCENARIO!r}, {str(MINI)!r})\n"
        f"solver.plot.plot_frontier(f, {str(tmp_path / 'f.png')!r})\n"
        "print(before, matplotlib.get_backend())\n"
    )
    done = run_python("-c", code, env={"MPLBACKEND": "svg"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["svg", "svg"] and (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"


def test_the_readme_example_runs(monkeypatch):
    """The README's Python example, run as it stands (from the repository root, as its paths are written)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## From Python") :]
    code = section[
        section.index("```python\n") + len("```python\n") : section.index("```\n", section.index("```python"))
    ]
    monkeypatch.chdir(ROOT)
    names: dict = {}
    exec(compile(code, "README.md", "exec"), names)  # noqa: S102 - the project's own documentation
    assert names["result"].status == "optimal" and names["k"].to_dict()["command"] == "check" and names["c"].variants
