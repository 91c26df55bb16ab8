"""Exit codes of the `dlbuild` command."""
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
