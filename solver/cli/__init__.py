"""The `dlbuild` command: a thin layer over the solver that only parses, prints and sets the exit code."""

from __future__ import annotations

import sys

from .. import interrupt


def main(argv: list[str] | None = None) -> int:
    """The console entry point. Signals are handled from its first line (solver.interrupt), so that Ctrl-C,
    SIGTERM or SIGHUP while the command line is still loading end it with one line and 128 + the signal's
    number, never a traceback; app.main turns every other outcome into a message and an exit code."""
    with interrupt.handled():
        try:
            from .common import one_command_process, settle

            if argv is None:  # the process's own command line: the process ends with this command
                one_command_process()
            from .app import main as run

            code = run(argv)
            settle()  # what is left is freed as the process exits, without a last walk over it all
        except KeyboardInterrupt:
            print(f"{interrupt.words()}.", file=sys.stderr)
            code = 130
        # A command stopped by a signal ends as one the signal ended, whatever it had answered by then.
        stopped = interrupt.requested() is not None
        return interrupt.exit_code() if code == 130 or (stopped and code in (0, 3, 4, 5)) else code


__all__ = ["main"]
