"""`main()` handles errors and exit codes; `program()` does the work (the httpie split)."""

from __future__ import annotations

import io
import os
import sys

import click

from .. import interrupt
from ..errors import InputError, OutputClosed
from ..status import ExitStatus
from ..text import printable
from . import commands


def program(argv: list[str] | None) -> ExitStatus:
    """Run one command and return its exit status; errors propagate to main()."""
    result = commands.dlbuild.main(args=argv, prog_name="dlbuild", standalone_mode=False)
    return ExitStatus(result) if isinstance(result, int) else ExitStatus.OK


def main(argv: list[str] | None = None) -> int:
    """The console entry point: every failure becomes one readable paragraph and an exit code."""
    try:
        return int(program(argv))
    except InputError as exc:
        click.echo(printable(f"Error: {exc}"), err=True)
        return int(ExitStatus.INPUT_ERROR)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)  # the usage line and the message, which may quote an option's hostile value
        click.echo(printable(shown.getvalue()), err=True, nl=False)
        return int(ExitStatus.INPUT_ERROR)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo(f"{interrupt.words()}.", err=True)
        return int(ExitStatus.INTERRUPTED)
    except (OutputClosed, BrokenPipeError):
        # Output piped into `head` and closed early: not an error of ours. What is still buffered for the closed
        # pipe goes to the null device, so that no later flush (the interpreter's, at exit) complains about it.
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, sys.stdout.fileno())
            finally:
                os.close(null)
        except (OSError, ValueError):  # io.UnsupportedOperation is both: standard output is not a file here
            pass
        return int(ExitStatus.OK)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("DLBUILD_DEBUG"):
            import traceback  # only here: with textwrap, 1.5 ms of --help and of every usage error

            traceback.print_exc()
        click.echo(
            printable(
                f"Internal error: {type(exc).__name__}: {exc}. "
                "This is a bug in dlbuild; run again with DLBUILD_DEBUG=1 to see where it happened."
            ),
            err=True,
        )
        return int(ExitStatus.ERROR)
