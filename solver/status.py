"""Exit codes of the `dlbuild` command, and the one mapping from solver statuses to them."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What the process reports to the shell."""

    OK = 0  # solved to proven optimality, or every rule passed
    ERROR = 1  # an internal error (a bug): please report it
    INPUT_ERROR = 2  # a catalog, scenario, build file or option is wrong; the message names it
    INFEASIBLE = 3  # nothing meets the rules; the message explains why
    RULES_FAILED = 4  # `check`: the build breaks at least one rule
    TIME_LIMIT = 5  # the time limit came before the proof; the best build found is shown
    INTERRUPTED = 130  # Ctrl-C


#: Statuses that are a proven answer: the optimum, or the proof that nothing fits.
PROVEN = ("optimal", "infeasible")


def exit_status(*statuses: str, interrupted: bool = False, nothing_fits_fails: bool = True) -> ExitStatus:
    """The exit status of a command from the statuses of its answers (a solve has one, a sweep one per
    budget, a comparison one per scenario): Ctrl-C first, then any answer left unproven by the time limit
    (feasible, unknown), then OK when some answer has a build. When every answer is that nothing fits the
    command fails with INFEASIBLE, unless `nothing_fits_fails` is off: a comparison whose scenarios all
    have no build still answered every what-if it was asked."""
    if interrupted:
        return ExitStatus.INTERRUPTED
    if any(s not in PROVEN for s in statuses):
        return ExitStatus.TIME_LIMIT
    if nothing_fits_fails and all(s == "infeasible" for s in statuses):
        return ExitStatus.INFEASIBLE
    return ExitStatus.OK


def overall(*statuses: str) -> str:
    """One status for a command with several answers (a comparison's scenarios), read as exit_status reads
    them: feasible when any answer is left unproven, infeasible when nothing fits anywhere, else optimal
    (every answer proven, some of them perhaps that nothing fits)."""
    if any(s not in PROVEN for s in statuses):
        return "feasible"
    return "infeasible" if all(s == "infeasible" for s in statuses) else "optimal"
