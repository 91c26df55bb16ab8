"""The same one-hot model solved as a MILP by HiGHS: the CP-SAT proto turned into rows, enforcement
literals into big-M terms, for a baseline that differs from dlbuild only in the solver."""

from __future__ import annotations

import time

import highspy
import numpy as np

INF64 = 2**63 - 1


def _literal(ref: int) -> tuple[int, int, int]:
    """(variable, coefficient, constant) of a literal: x, or 1 - x for a negated reference."""
    return (ref, 1, 0) if ref >= 0 else (-ref - 1, -1, 1)


def to_highs(proto) -> tuple[highspy.HighsLp, int]:
    """A HighsLp equal to the CP-SAT model (linear, exactly_one, at_most_one and bool_or rows)."""
    lows = np.array([v.domain[0] for v in proto.variables], dtype=float)
    highs = np.array([v.domain[len(v.domain) - 1] for v in proto.variables], dtype=float)
    rows: list[tuple[dict[int, float], float, float]] = []

    def activity_range(terms: dict[int, float]) -> tuple[float, float]:
        lo = sum(c * (lows[v] if c > 0 else highs[v]) for v, c in terms.items())
        hi = sum(c * (highs[v] if c > 0 else lows[v]) for v, c in terms.items())
        return lo, hi

    for ct in proto.constraints:
        enforce = list(ct.enforcement_literal)
        if ct.has_linear():
            terms: dict[int, float] = {}
            for v, c in zip(ct.linear.vars, ct.linear.coeffs):
                terms[v] = terms.get(v, 0.0) + c
            lo, hi = ct.linear.domain[0], ct.linear.domain[len(ct.linear.domain) - 1]
            lo = -np.inf if lo <= -INF64 + 1 else float(lo)
            hi = np.inf if hi >= INF64 - 1 else float(hi)
        elif ct.has_exactly_one() or ct.has_at_most_one() or ct.has_bool_or():
            lits = list(
                ct.exactly_one.literals
                if ct.has_exactly_one()
                else ct.at_most_one.literals
                if ct.has_at_most_one()
                else ct.bool_or.literals
            )
            terms, constant = {}, 0
            for ref in lits:
                v, c, k = _literal(ref)
                terms[v] = terms.get(v, 0.0) + c
                constant += k
            lo = (1 - constant) if (ct.has_exactly_one() or ct.has_bool_or()) else -np.inf
            hi = (1 - constant) if (ct.has_exactly_one() or ct.has_at_most_one()) else np.inf
        else:
            raise NotImplementedError("constraint type not used by the build model")
        if enforce:
            # The row holds when every enforcement literal is true: relax it by M for each false one,
            # a.x <= hi + M * sum(1 - lit) and a.x >= lo - M * sum(1 - lit).
            a_lo, a_hi = activity_range(terms)
            falses: dict[int, float] = {}  # sum(1 - lit) as coefficients on variables plus a constant
            constant = 0.0
            for ref in enforce:
                v, c, k = _literal(ref)
                falses[v] = falses.get(v, 0.0) - c
                constant += 1 - k
            if np.isfinite(hi) and a_hi > hi:
                big = a_hi - hi
                row = dict(terms)
                for v, c in falses.items():
                    row[v] = row.get(v, 0.0) - big * c
                rows.append((row, -np.inf, hi + big * constant))
            if np.isfinite(lo) and a_lo < lo:
                small = lo - a_lo
                row = dict(terms)
                for v, c in falses.items():
                    row[v] = row.get(v, 0.0) + small * c
                rows.append((row, lo - small * constant, np.inf))
            continue
        rows.append((terms, lo, hi))
    lp = highspy.HighsLp()
    lp.num_col_ = len(proto.variables)
    lp.num_row_ = len(rows)
    cost = np.zeros(lp.num_col_)
    objective = proto.objective
    sign = -1.0 if objective.scaling_factor < 0 else 1.0  # CP-SAT stores maximize as a negated minimize
    for v, c in zip(objective.vars, objective.coeffs):
        cost[v] += c
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = lows, highs
    lp.row_lower_ = np.array([r[1] for r in rows])
    lp.row_upper_ = np.array([r[2] for r in rows])
    starts, index, value = [0], [], []
    for terms, _, _ in rows:
        for v, c in terms.items():
            if c:
                index.append(v)
                value.append(c)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = starts, index, value
    lp.a_matrix_.num_row_, lp.a_matrix_.num_col_ = lp.num_row_, lp.num_col_
    lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    lp.sense_ = highspy.ObjSense.kMinimize
    return lp, sign


class HighsRunner:
    """Stands in for solver.optimize.Runner: the same strategies, HiGHS underneath (one thread, gap 0)."""

    def __init__(self, ctx, options):
        self.ctx, self.options = ctx, options
        self.solves, self.timed_out, self.interrupted = 0, False, False
        self.hint, self.bound, self.user_bound = None, None, None
        self.seconds = 0.0
        self.deadline = None if options.time_limit is None else time.monotonic() + options.time_limit

    def remaining(self):
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def run(self):
        started = time.perf_counter()
        lp, _ = to_highs(self.ctx.model.proto)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.0)
        if self.deadline is not None:
            h.setOptionValue("time_limit", max(0.01, self.remaining()))  # one limit for all of a strategy's solves
        h.passModel(lp)
        h.run()
        self.solves += 1
        self.seconds += time.perf_counter() - started
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            self.timed_out = True
            return None
        values = np.rint(np.asarray(h.getSolution().col_value)).astype(np.int64)
        v = self.ctx.v
        return {c.var.index: int(values[c.var.index]) for cs in v.categories().values() for c in cs} | {
            v.no_cooler.index: int(values[v.no_cooler.index])
        }
