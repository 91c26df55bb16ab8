"""One mapping from solver statuses to exit codes, for every command."""

from __future__ import annotations

import pytest

from solver.status import ExitStatus, exit_status

OK, INFEASIBLE, TIME_LIMIT, INTERRUPTED = (
    ExitStatus.OK,
    ExitStatus.INFEASIBLE,
    ExitStatus.TIME_LIMIT,
    ExitStatus.INTERRUPTED,
)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("optimal",), OK),
        (("infeasible",), INFEASIBLE),
        (("feasible",), TIME_LIMIT),
        (("unknown",), TIME_LIMIT),
        (("optimal", "infeasible", "infeasible"), OK),  # a sweep whose low budgets buy nothing
        (("infeasible", "infeasible"), INFEASIBLE),
        (("optimal", "feasible"), TIME_LIMIT),
        (("infeasible", "unknown"), TIME_LIMIT),
    ],
)
def test_statuses_to_exit_codes(statuses, expected):
    assert exit_status(*statuses) == expected
    assert exit_status(*statuses, interrupted=True) == INTERRUPTED  # Ctrl-C wins over every answer


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [(("infeasible", "infeasible"), OK), (("optimal", "infeasible"), OK), (("optimal", "feasible"), TIME_LIMIT)],
)
def test_a_comparison_answers_even_when_nothing_fits(statuses, expected):
    assert exit_status(*statuses, nothing_fits_fails=False) == expected
