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
