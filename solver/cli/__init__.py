"""The `dlbuild` command: a thin layer over the solver that only parses, prints and sets the exit code."""

from __future__ import annotations

import os
import sys

from .. import interrupt


def main(argv: list[str] | None = None) -> int:
    """The console entry point. Signals are handled from its first line (solver.interrupt), so that Ctrl-C,
    SIGTERM or SIGHUP while the command line is still loading end it with one line and 128 + the signal's
    number, never a traceback; app.main turns every other outcome into a message and an exit code.

    Called without `argv` (the console script, `python -m solver`), the process is this one command, and it ends
    here (`_end_process`); called with `argv` (a test, a script running many commands), it returns the code."""
    with interrupt.handled():
        try:
            if argv is None:
                from .common import one_command_process

                one_command_process()
            from .app import main as run

            code = run(argv)
        except KeyboardInterrupt:
            print(f"{interrupt.words()}.", file=sys.stderr)
            code = 130
        # A command stopped by a signal ends as one the signal ended, whatever it had answered by then.
        stopped = interrupt.requested() is not None
        code = interrupt.exit_code() if code == 130 or (stopped and code in (0, 3, 4, 5)) else code
    if argv is None:
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """End the process with `code` once its output is flushed, without the interpreter's shutdown. The shutdown
    frees every object one by one (the catalog alone is some 150,000) and tears down pandas' and OR-Tools'
    modules: about 15 ms of a 0.65 s Kaggle solve, for memory the operating system takes back at once. Nothing
    is lost by skipping it: dlbuild writes its files whole before a command returns (solver.outfile), and the
    only exit handler the libraries of a command register is logging's, which has no handler of dlbuild's to
    flush; handlers are still run, in case a library registers one, and only the freeing is skipped."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a pipe closed early (`| head`), or the stream closed: nothing to say
            pass
    os._exit(code)


__all__ = ["main"]
