"""What a rule module works with: the model, the choices, the instance, and exact integer arithmetic."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from typing import cast

from ortools.sat.python import cp_model

from ..catalog import Part
from ..cells import same
from ..instance import Instance, gpu_watts
from .choices import BuildVars, Choice, new_bool

Term = tuple[Fraction | int, cp_model.IntVar]
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def add_linear(
    model: cp_model.CpModel,
    variables: Sequence[cp_model.IntVar],
    coefs: Sequence[int],
    low: int,
    high: int,
    known: Mapping[int, int] | None = None,
) -> cp_model.Constraint:
    """low <= Σ coefs x variables <= high, as model.add(low <= LinearExpr.weighted_sum(variables, coefs) <= high)
    adds it: written into the model's proto directly, in the form CP-SAT's own add gives it (terms by variable
    index, a repeated variable's coefficients added up, zero terms left out). CP-SAT's Python layer builds an
    expression and then flattens it again, which costs more than half a microsecond per term; the model has
    thousands of terms. `known` maps id(variable) to its index for variables alive as long as the model (the
    choices: BuildVars.index), a dictionary lookup being cheaper than asking CP-SAT."""
    if known:
        get = known.get
        indices = [get(id(x)) or x.index for x in variables]
    else:
        indices = [x.index for x in variables]
    if indices and min(indices) < 0:  # a negated literal stands for 1 - x: CP-SAT's add rewrites it
        return model.add_linear_constraint(cp_model.LinearExpr.weighted_sum(variables, coefs), low, high)
    return add_linear_at(model, indices, coefs, low, high)


def add_linear_at(
    model: cp_model.CpModel, indices: Sequence[int], coefs: Sequence[int], low: int, high: int
) -> cp_model.Constraint:
    """add_linear with the variables given by their indices in the model (none negated), for sums a caller makes
    many of over the same variables."""
    if 0 in coefs or len(set(indices)) < len(indices):
        merged: dict[int, int] = {}
        for i, c in zip(indices, coefs):
            merged[i] = merged.get(i, 0) + c
        pairs = sorted((i, c) for i, c in merged.items() if c)
        indices, coefs = [i for i, _ in pairs], [c for _, c in pairs]
    elif indices != sorted(indices):
        order = sorted(range(len(indices)), key=indices.__getitem__)
        indices, coefs = [indices[k] for k in order], [coefs[k] for k in order]
    proto = model.proto
    linear = proto.constraints.add().linear
    linear.vars.extend(indices)
    linear.coeffs.extend(coefs)
    linear.domain.extend([low, high])
    return cp_model.Constraint(model, len(proto.constraints) - 1)


def _lcm_of(values: Iterable[Fraction | int]) -> int:
    return math.lcm(1, *{v.denominator for v in values})


_INT = {int}


def _integer_terms(
    lhs: Sequence[Term], rhs: Sequence[Term], constant: Fraction | int
) -> tuple[list[cp_model.IntVar], list[int], int]:
    """(variables, coefficients, scale) of Σ lhs - Σ rhs in whole numbers: every coefficient times the common
    denominator of the coefficients and the constant (1 when all are whole, as most are: no Fraction arithmetic)."""
    values = [c for c, _ in lhs]
    negated = [c for c, _ in rhs]
    variables = [x for _, x in lhs]
    variables += [x for _, x in rhs]
    if type(constant) is int and set(map(type, values)) <= _INT and set(map(type, negated)) <= _INT:
        whole = cast("list[int]", values) + [-c for c in cast("list[int]", negated)]
        return variables, whole, 1
    scale = _lcm_of(values + negated + [constant])
    coefs = [c.numerator * (scale // c.denominator) for c in values]
    coefs += [-c.numerator * (scale // c.denominator) for c in negated]
    return variables, coefs, scale


def _scaled(value: Fraction | int, scale: int) -> int:
    """value x scale, for a `scale` that value's denominator divides: exact, without a Fraction product."""
    if type(value) is int:
        return value * scale
    return value.numerator * (scale // value.denominator)


@dataclass
class Context:
    """The model under construction. Rules add constraints through `add_*`, which attach the rule's
    enforcement literal when the model is built for explaining infeasibility."""

    model: cp_model.CpModel
    inst: Instance
    v: BuildVars
    literals: dict[str, cp_model.IntVar] = field(default_factory=dict)  # rule id -> literal, if relaxable
    rule: str = ""  # the rule currently adding constraints
    defining: bool = False  # True while adding definitions that no relaxation may drop
    # cost, spend, money and perf are made by solver.model.build.build_model before any rule runs, so they have no
    # default: reading one earlier raises AttributeError instead of handing a rule None.
    cost: cp_model.IntVar = field(init=False)  # in cents (contract v3 section 2: owned units at their counted value)
    spend: cp_model.LinearExprT = field(init=False)  # what is bought, in cents (R14); the cost when nothing is owned
    energy: cp_model.IntVar | None = None  # the energy's cost over [usage]'s horizon, in cents, when money is TCO
    money: cp_model.IntVar = field(init=False)  # what the objective (or frontier) counts: cost, or cost + energy
    energy_top: int = 0
    money_top: int = 0
    perf: cp_model.IntVar = field(init=False)  # performance in units of 1/perf_scale
    perf_scale: int = 1
    cost_top: int = 0  # the cost variable's upper bound as built
    perf_top: int = 0  # the performance variable's upper bound as built
    perf_exact: bool = True  # False when performance had to be rounded to perf_scale units
    units: dict = field(default_factory=dict)  # (GPU choice's variable index, power level) -> performance units
    _groups: dict = field(default_factory=dict)
    _watts: dict = field(default_factory=dict)  # id of a card -> its watts at each level (card_watts)

    @contextmanager
    def definitions(self, defining: bool = True) -> Iterator[None]:
        """Within the block, constraints are definitions (of a helper variable, of performance), not
        requirements: they never get the rule's enforcement literal, because switching the rule off in an
        explanation must not free what they define. `defining=False` makes the block's constraints ordinary
        requirements, for rules whose constraints are definitions only in some modes."""
        before, self.defining = self.defining, defining
        try:
            yield
        finally:
            self.defining = before

    def _enforce(self, ct: cp_model.Constraint, extra: list | None = None) -> cp_model.Constraint:
        literals = list(extra or [])
        if self.rule in self.literals and not self.defining:
            literals.append(self.literals[self.rule])
        if literals:
            ct.only_enforce_if(literals)
        return ct

    def add_ge(
        self, lhs: Sequence[Term], rhs: Sequence[Term] = (), constant: Fraction | int = 0, *, when: list | None = None
    ):
        """Σ lhs >= Σ rhs + constant, scaled to integers exactly."""
        variables, coefs, scale = _integer_terms(lhs, rhs, constant)
        bound = constant if scale == 1 and type(constant) is int else int(math.ceil(Fraction(constant) * scale))
        return self._enforce(add_linear(self.model, variables, coefs, bound, INT64_MAX, self.v.index), when)

    def add_le(
        self, lhs: Sequence[Term], rhs: Sequence[Term] = (), constant: Fraction | int = 0, *, when: list | None = None
    ):
        """Σ lhs <= Σ rhs + constant."""
        return self.add_ge(rhs, lhs, -constant if type(constant) is int else -Fraction(constant), when=when)

    def add_eq(self, lhs: Sequence[Term], rhs: Sequence[Term] = (), *, when: list | None = None):
        """Σ lhs == Σ rhs."""
        variables, coefs, _ = _integer_terms(lhs, rhs, 0)
        return self._enforce(add_linear(self.model, variables, coefs, 0, 0, self.v.index), when)

    def add_same(self, column: str, left: Sequence[Choice], right: Sequence[Choice]) -> list[str]:
        """The chosen parts of `left` and `right` agree on `column` (compared as cells.same compares text): for
        each value, as many choices of `left` with it are made as of `right`. Returns each left choice's value."""
        left_values = [same(c.part.attrs[column]) for c in left]
        right_values = [same(c.part.attrs[column]) for c in right]
        for value in sorted({*left_values, *right_values}):
            lefts = [(1, c.var) for c, x in zip(left, left_values) if x == value]
            rights = [(1, c.var) for c, x in zip(right, right_values) if x == value]
            self.add_eq(lefts, rights)
        return left_values

    def decisions(self) -> Iterator[cp_model.IntVar]:
        """Every decision literal: each choice, leaving the cooler out, and the power level."""
        yield from (c.var for cs in self.v.categories().values() for c in cs)
        assert self.v.no_cooler is not None, "make_vars makes the no-cooler literal with the choices"
        yield self.v.no_cooler
        yield from self.v.levels.values()

    def power_levels(self) -> list[tuple[int, cp_model.IntVar | None]]:
        """(level, its literal) for every power level, highest first; [(100, None)] when cards run at full power
        only."""
        return sorted(self.v.levels.items(), reverse=True) or [(100, None)]

    def level_factor(self, choice: Choice, level: int) -> Fraction | None:
        """The throughput factor of the choice's card at `level`, None when it cannot run at it."""
        return self.inst.power_levels(choice.part).get(level)

    def card_watts(self, card: Part) -> dict[int, Fraction | int]:
        """{level: watts} of a GPU at each power level it may run at (solver.instance.gpu_watts), read once per card:
        its choices differ only in count and layout mode."""
        watts = self._watts.get(id(card))
        if watts is None:
            watts = self._watts[id(card)] = {level: gpu_watts(card, level) for level in self.inst.power_levels(card)}
        return watts

    def dc_load(self) -> tuple[cp_model.IntVar, int]:
        """(D, scale): the DC load of GPUs at the build's power level plus the CPU, other_w left out, as an integer
        variable D in units of 1/scale watts (scale: the common denominator of every watt figure and of other_w).
        Defined once per power level, enforced by the level's literal; shared by R10, R13 and explanations."""

        def make():
            v = self.v
            levels = self.power_levels()
            cards = [self.card_watts(c.part) for c in v.gpus]
            gpus = [c.var for c in v.gpus]
            watts = {level: [(k, c.count * lv[level]) for k, (c, lv) in enumerate(zip(v.gpus, cards)) if level in lv]
                     for level, _ in levels}  # fmt: skip
            cpus = [c.var for c in v.cpus]
            tdps = [c.part.attrs["tdp_w"] for c in v.cpus]
            values = [w for row in watts.values() for _, w in row] + tdps
            other = self.inst.rules.other_w
            whole = set(map(type, values)) <= _INT  # every shipped card and CPU: no Fraction arithmetic below
            scale = 1 if whole and other.denominator == 1 else _lcm_of([*values, other])
            if not whole or scale != 1:  # a figure with decimals: every figure in units of 1/scale watts, as an int
                watts = {level: [(k, _scaled(w, scale)) for k, w in row] for level, row in watts.items()}
                tdps = [_scaled(t, scale) for t in tdps]
            top = max((max((w for _, w in row), default=0) for row in watts.values()), default=0)
            top += max(tdps, default=0)
            dc = self.model.new_int_var(0, top, "dc_load_units")
            negated = [-t for t in tdps]
            with self.definitions():
                for level, literal in levels:  # D == Σ watts x choice + Σ tdp x CPU
                    row = watts[level]
                    terms = add_linear(self.model, [gpus[k] for k, _ in row] + cpus + [dc],
                                       [-w for _, w in row] + negated + [1], 0, 0, v.index)  # fmt: skip
                    self._enforce(terms, [literal] if literal is not None else None)
                if len(levels) > 1:
                    # Redundant and unconditional, for the LP relaxation: at least each card's lowest level's watts.
                    lowest = {id(lv): min(lv.values()) for lv in cards}
                    least = [-_scaled(c.count * lowest[id(lv)], scale) for c, lv in zip(v.gpus, cards)]
                    self._enforce(
                        add_linear(self.model, gpus + cpus + [dc], least + negated + [1], 0, INT64_MAX, v.index)
                    )
            return dc, scale

        return self.shared("dc_load", make)

    def forbid(self, variables: list[cp_model.IntVar], *, when: list | None = None) -> None:
        """None of `variables` may be chosen."""
        if variables:
            self._enforce(add_linear(self.model, variables, [1] * len(variables), 0, 0, self.v.index), when)

    def shared(self, name: str, make: Callable[[], object]):
        """Something several rules use (a group, a sum variable), made once."""
        if name not in self._groups:
            self._groups[name] = make()
        return self._groups[name]

    def group(self, name: str, choices: list[Choice], key: Callable[[Choice], Hashable]) -> dict:
        """One Boolean per value of `key`, true when the chosen choice of `choices` has that value.

        Rules about part *attributes* (socket, memory type, geometry) are written on these few group
        literals instead of on pairs of parts, so the model grows linearly with the catalog."""

        def make() -> dict:
            members: dict[Hashable, list] = defaultdict(list)
            for c in choices:
                members[key(c)].append(c.var)
            groups = {}
            for value, vars_ in sorted(members.items(), key=lambda kv: repr(kv[0])):
                g = new_bool(self.model, f"{name}={value}")
                # g == Σ vars_, never enforced: a definition, not a requirement
                add_linear(self.model, [*vars_, g], [-1] * len(vars_) + [1], 0, 0, self.v.index)
                groups[value] = g
            return groups

        return self.shared(name, make)

    def int_var(self, name: str, terms: list[Term], *, one_hot: bool = False) -> cp_model.IntVar:
        """An integer variable equal to Σ terms (integer coefficients), so rules can share it.
        `one_hot`: at most one term's variable is 1, which gives tight bounds."""
        coefs = [int(c) for c, _ in terms] or [0]
        if one_hot:
            low, high = min(0, *coefs), max(0, *coefs)
        else:
            low, high = sum(min(0, c) for c in coefs), sum(max(0, c) for c in coefs)
        var = self.model.new_int_var(low, high, name)
        add_linear(
            self.model, [x for _, x in terms] + [var], [-c for c in coefs[: len(terms)]] + [1], 0, 0, self.v.index
        )
        return var
