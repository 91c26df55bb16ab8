"""The model context's definitions block, its linear constraints, and the CP-SAT settings every solve shares."""

from __future__ import annotations

import random

import pytest
from gen import write_catalog
from micro import rows
from ortools.sat.python import cp_model

from solver.catalog import load_catalog
from solver.cpsat import SEED, new_solver
from solver.instance import bind
from solver.model import build_model
from solver.model.context import INT64_MAX, INT64_MIN, add_linear
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


def test_add_linear_writes_what_cp_sats_own_add_writes():
    """add_linear writes constraints into the proto itself: the same bytes as CpModel.add for sums with repeated
    variables, zero and negative coefficients, variables out of order, a negated literal, and no term at all."""
    rng = random.Random(5)
    ours, theirs = cp_model.CpModel(), cp_model.CpModel()
    for model in (ours, theirs):
        for i in range(12):
            model.new_int_var(-5, 5, f"x{i}") if i % 3 else model.new_bool_var(f"b{i}")
    for _ in range(400):
        chosen = [rng.randrange(12) for _ in range(rng.randint(0, 8))]
        coefs = [rng.randint(-3, 3) for _ in chosen]
        negate = bool(chosen) and rng.random() < 0.1 and chosen[0] % 3 == 0
        low, high = rng.choice([(rng.randint(-9, 9), INT64_MAX), (INT64_MIN, rng.randint(-9, 9)), (0, 0)])
        terms = []
        for model in (ours, theirs):
            variables = [model.get_int_var_from_proto_index(i) for i in chosen]
            if negate:
                variables[0] = model.get_bool_var_from_proto_index(chosen[0]).Not()
            terms.append(variables)
        known = {id(x): x.index for x in terms[0] if x.index >= 0} if rng.random() < 0.5 else None
        add_linear(ours, terms[0], coefs, low, high, known)
        theirs.add_linear_constraint(cp_model.LinearExpr.weighted_sum(terms[1], coefs), low, high)
    assert str(ours.proto) == str(theirs.proto)
