"""The model context's definitions block and the CP-SAT settings every solve shares."""

from __future__ import annotations

import pytest
from gen import write_catalog
from micro import rows

from solver.catalog import load_catalog
from solver.cpsat import SEED, new_solver
from solver.instance import bind
from solver.model import build_model
from solver.scenario import scenario_from_dict


def _relaxed(tmp_path, rule: str):
    inst = bind(load_catalog(write_catalog(rows(), tmp_path / "c")), scenario_from_dict({"workload": "w"}))
    return build_model(inst, relax=[rule])


def _enforced_by(ctx, literal) -> int:
    """How many of the model's constraints carry `literal` as an enforcement literal."""
    return sum(literal.index in c.enforcement_literal for c in ctx.model.proto.constraints)


def test_definitions_never_get_the_rules_literal(tmp_path):
    ctx = _relaxed(tmp_path, "R11")
    literal = ctx.literals["R11"]
    before = _enforced_by(ctx, literal)
    ctx.rule = "R11"
    x = ctx.model.new_int_var(0, 10, "x")
    with ctx.definitions():
        ctx.add_ge([(1, x)], constant=1)
    assert _enforced_by(ctx, literal) == before
    ctx.add_ge([(1, x)], constant=2)
    assert _enforced_by(ctx, literal) == before + 1


def test_definitions_false_adds_requirements_and_the_flag_is_restored(tmp_path):
    ctx = _relaxed(tmp_path, "R8")
    literal = ctx.literals["R8"]
    ctx.rule = "R8"
    x = ctx.model.new_int_var(0, 10, "x")
    before = _enforced_by(ctx, literal)
    with ctx.definitions(False):
        ctx.add_ge([(1, x)], constant=1)
    assert _enforced_by(ctx, literal) == before + 1
    with pytest.raises(ZeroDivisionError), ctx.definitions():
        _ = 1 / 0
    assert ctx.defining is False


def test_the_rule_modules_definitions_stay_unrelaxed(tmp_path):
    """R11's `missing` 16-pin count is defined, not required: the relaxed model enforces only its lead budget."""
    ctx = _relaxed(tmp_path, "R11")
    assert _enforced_by(ctx, ctx.literals["R11"]) == 1


def test_solver_settings():
    optimizing = new_solver(workers=3, time_limit=2.5).parameters
    assert (optimizing.num_workers, optimizing.random_seed, optimizing.cp_model_presolve) == (3, SEED, False)
    assert optimizing.max_time_in_seconds == 2.5 and optimizing.cp_model_probing_level == 0
    explaining = new_solver(assumptions=True, workers=3).parameters
    # Cores from assumptions need one worker; presolve stays on without its inclusion step (or-tools#5293).
    assert explaining.num_workers == 1 and explaining.cp_model_presolve
    assert explaining.presolve_inclusion_work_limit == 0
    assert new_solver(time_limit=0).parameters.max_time_in_seconds > 0
