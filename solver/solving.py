"""Solving a bound instance: the optimum with every rule's verdict on it, the rules that bind it, or the
reason nothing fits. The one path every solve takes (the API, comparisons, studies)."""

from __future__ import annotations

from dataclasses import replace

from .binding import binding_rules
from .instance import Instance
from .model import build_model
from .optimize import Options, optimize
from .result import Result
from .validate import check_build


def solve_instance(
    inst: Instance, options: Options | None = None, *, explain_infeasible: bool = True, bindings: bool = True
) -> Result:
    """`solve` on an instance already bound. The result carries `inst`, every rule's verdict on its build
    and, unless `bindings` is off, the rules that bind it (a caller that does not show them, such as a
    comparison, skips them; `with_bindings` adds them later)."""
    ctx = build_model(inst)
    result = optimize(ctx, inst.scenario.objective, options or Options())
    if result.build is not None:
        result = replace(result, instance=inst, checks=check_build(inst, result.build))
        return with_bindings(result) if bindings else result
    if result.status == "infeasible" and explain_infeasible:
        from .explain import explain  # here: only an infeasible scenario needs it

        return replace(result, instance=inst, explanation=explain(inst))
    return replace(result, instance=inst)


def with_bindings(result: Result) -> Result:
    """The result with its build's binding rules, computed now if it came without them."""
    if result.build is None or result.bindings is not None or result.instance is None:
        return result
    return replace(result, bindings=binding_rules(result.instance, result.build, result.instance.scenario.objective))
