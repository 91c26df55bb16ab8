"""The rulebook names every rule the model enforces, and naming a rule needs no CP-SAT."""

from __future__ import annotations

from conftest import run_python

from solver.model.rules import ALL
from solver.rulebook import RULES, rule, title, titles


def test_one_record_per_rule_module_in_order():
    assert [r.id for r in RULES] == [m.ID for m in ALL] == [f"R{i}" for i in range(1, 19)]
    for module in ALL:
        assert module.TITLE == rule(module.ID).title == title(module.ID) == titles()[module.ID]
    assert title("min_perf") == "min_perf"  # explanations also name requirements that are not rules


def test_verdicts_and_explanation_words_need_no_model():
    code = (
        "import sys, solver.validate, solver.rulebook; "
        "print(sorted(m for m in ('ortools', 'solver.model') if m in sys.modules))"
    )
    out = run_python("-c", code, check=True).stdout
    assert out.strip() == "[]"


def test_every_key_a_rule_names_is_a_scenario_key():
    from solver.rulebook import RULES, keys
    from solver.scenario import TABLES, TOP_KEYS

    known = {*TOP_KEYS, *(f"{table}.{key}" for table, names in TABLES.items() for key in names)}
    named = {key for r in RULES for key in keys(r.id)}
    assert named and named <= known, named - known
    assert keys("R15:require:gpus:x") == ("parts.require",) and keys("R15:own:psus:y") == ("parts.own",)
    assert keys("min_perf") == ("min_perf",) and keys("R4") == ()
