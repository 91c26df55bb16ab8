"""Results carry the instance they were solved on, their rule verdicts and binding rules: nothing
downstream binds a scenario to its catalog a second time, checks again, or traces a frontier again."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from conftest import MINI

from solver import scenario_from_dict, solve
from solver.binding import binding_rules
from solver.cli import main
from solver.compare import compare
from solver.frontier import frontier
from solver.instance import bind
from solver.solving import with_bindings
from solver.sweep import sweep, sweep_from_frontier
from solver.validate import check_build

#: Modules that bind a scenario to a catalog, loaded before `bind` is watched in every module holding it.
BINDERS = (
    "solver.api",
    "solver.solving",
    "solver.check",
    "solver.cli.commands",
    "solver.compare",
    "solver.frontier",
    "solver.explain",
)
SCENARIO = {
    "workload": "kaggle",
    "objective": "max_perf",
    "budget_usd": 4000,
    "variants": [{"name": "cheap 3090", "prices": {"gpus:rtx3090-turbo": 999.0}, "budget_usd": 3500}],
}


@pytest.fixture
def binds(monkeypatch):
    """Every (catalog, scenario) pair bound while the test runs, in order."""
    pairs = []

    def counting(catalog, scenario):
        pairs.append((id(catalog), repr(scenario)))
        return bind(catalog, scenario)

    for name in BINDERS:
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name.startswith("solver") and getattr(module, "bind", None) is bind:
            monkeypatch.setattr(module, "bind", counting)
    return pairs


def test_a_result_carries_its_instance_verdicts_and_binding_rules(mini_catalog, binds):
    scenario = scenario_from_dict(SCENARIO)
    result = solve(mini_catalog, scenario)
    assert len(binds) == 1 and result.instance is not None and result.instance.scenario == scenario
    inst = bind(mini_catalog, scenario)
    assert result.checks == check_build(inst, result.build) and [c.rule for c in result.checks] == [
        f"R{i}" for i in range(1, 19)
    ]
    assert result.bindings == binding_rules(inst, result.build, scenario.objective) and result.bindings


def test_an_infeasible_result_carries_its_explanation_and_no_verdicts(mini_catalog, binds):
    result = solve(mini_catalog, scenario_from_dict({"workload": "kaggle", "budget_usd": 300}))
    assert (
        result.status == "infeasible"
        and result.explanation is not None
        and result.checks == []
        and result.bindings is None
    )
    assert len(binds) == 1  # the explanation works on the result's own instance


def test_frontier_and_comparison_bind_each_pair_once(mini_catalog, binds):
    scenario = scenario_from_dict(SCENARIO)
    f = frontier(mini_catalog, scenario)
    assert len(binds) == 1 and f.instance.scenario == scenario
    binds.clear()
    c = compare(mini_catalog, scenario)
    assert len(binds) == len(set(binds))  # the base, the variant, and each of its changes alone: distinct pairs
    assert c.base.instance.scenario == scenario and c.variants[0].result.instance.scenario == c.variants[0].scenario
    assert c.variants[0].result.instance.catalog.find("gpus:rtx3090-turbo").price_cents == 99_900
    assert c.base.checks and c.base.bindings is None  # a comparison shows no binding rules: not computed
    assert with_bindings(c.base).bindings == solve(mini_catalog, scenario).bindings
    binds.clear()
    again = compare(mini_catalog, scenario, base=c.base)
    assert (id(mini_catalog), repr(scenario)) not in binds and again.base is c.base


def test_a_frontier_read_within_a_smaller_budget_is_that_budgets_frontier(mini_catalog):
    scenario = scenario_from_dict({"workload": "kaggle"})
    wide = frontier(mini_catalog, scenario.with_values(budget_cents=600_000))
    for budget in (50_000, 99_894, 200_000, 600_000):
        direct = frontier(mini_catalog, scenario.with_values(budget_cents=budget))
        read = wide.within(budget)
        assert (read.status, read.points, read.scenario.budget_cents) == (direct.status, direct.points, budget)
        assert read.instance.scenario.budget_cents == budget


def test_a_stopped_frontier_covers_only_what_it_proved(mini_catalog):
    scenario = scenario_from_dict({"workload": "kaggle", "budget_usd": 6000})
    full = frontier(mini_catalog, scenario)
    stopped = type(full)("feasible", full.points[:3], scenario, {"interrupted": True})
    reach = full.points[2].cost_cents
    assert stopped.covers(reach) and not stopped.covers(reach + 1)
    assert stopped.within(reach).status == "optimal" and stopped.within(reach + 1).status == "feasible"
    s = sweep_from_frontier(stopped, [reach, reach + 1, 600_000])
    assert [p.status for p in s.points] == ["optimal", "feasible", "feasible"]
    assert full.covers(600_000) and not full.covers(600_001)  # traced to its budget, no further


def test_a_sweep_read_off_a_wider_frontier_equals_the_sweep(mini_catalog):
    scenario = scenario_from_dict({"workload": "kaggle", "objective": "perf_per_dollar"})
    budgets = [90_000, 150_000, 250_000, 400_000]
    wide = frontier(mini_catalog, scenario.with_values(budget_cents=900_000))
    assert sweep_from_frontier(wide, budgets, scenario).points == sweep(mini_catalog, scenario, budgets).points


def test_the_solve_command_binds_once_and_prints_the_results_verdicts(tmp_path, capsys, binds):
    path = tmp_path / "s.toml"
    path.write_text(
        f'catalog = "{MINI.as_posix()}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 4000\n',
        encoding="utf-8",
    )
    assert main(["solve", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (
        len(binds) == 1
        and [r["rule"] for r in data["rules"]] == [f"R{i}" for i in range(1, 19)]
        and data["binding_rules"]
    )
