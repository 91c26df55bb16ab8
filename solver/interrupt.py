"""Stop requests: Ctrl-C (SIGINT), SIGTERM and SIGHUP all stop a dlbuild command the same way.

While `handled()` is in force (the command line's whole run):
- A signal during a CP-SAT search stops that search: it returns the best build found so far, which is shown
  as found before the interruption, unproven. CP-SAT's own Ctrl-C handler is switched off (`catch_sigint`)
  so that every signal takes this one path, and a helper thread stops the search (`stop_search()` is
  thread-safe; the search runs without holding the GIL), because Python runs its own handlers only when
  the search has returned.
- Once a stop is requested no new search starts (`requested()`): a frontier keeps its proven points, a
  comparison leaves the variants it had not reached unsolved instead of solving on for minutes.
- A signal anywhere else raises KeyboardInterrupt there, as Ctrl-C does; the command line turns it into
  one line and exit code 128 + the signal's number (130, 143, 129). A second signal while a search is
  being stopped does the same, so a second Ctrl-C always ends the process.
- A signal the caller ignores (SIGHUP under nohup) stays ignored.

Used as a library without `handled()`, nothing changes: CP-SAT catches Ctrl-C itself."""

from __future__ import annotations

import os
import select
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
#: How often the helper thread repeats stop_search() while a stop is requested: a search that started just
#: as the signal came (CP-SAT forgets a stop asked for before its search began) is stopped at the next tick.
REPEAT_SECONDS = 0.05

_received: int | None = None  # the first signal of this run
_handled = 0  # signals Python's handler has run for in this run (the helper thread may see one first)
_installed = False
_searches: set[Any] = set()  # CP-SAT solvers searching now
_lock = threading.Lock()
_pipe: tuple[int, int] | None = None  # the wakeup pipe the helper thread reads


def requested() -> int | None:
    """The signal that asked dlbuild to stop (its number), or None; always None outside `handled()`."""
    return _received if _installed else None


def installed() -> bool:
    """Whether signals are handled here (`handled()` is in force), rather than by CP-SAT's own handler."""
    return _installed


def exit_code(default: int = 130) -> int:
    """128 + the signal's number, as a shell reports a process a signal ended; `default` without one."""
    return 128 + _received if _received is not None else default


def words() -> str:
    """ "Interrupted" for Ctrl-C, "Stopped by SIGTERM" for another signal: how a message about it starts."""
    if _received is None or _received == signal.SIGINT:
        return "Interrupted"
    return f"Stopped by {signal.Signals(_received).name}"


@contextmanager
def handled() -> Iterator[None]:
    """Handle SIGINT, SIGTERM and SIGHUP as the module docstring says, and restore the handlers after.
    Outside the main thread (where Python allows no signal handlers) it changes nothing."""
    global _received, _handled, _installed
    if threading.current_thread() is not threading.main_thread() or _installed:
        yield
        return
    _received, _handled = None, 0
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    old_fd = signal.set_wakeup_fd(_wakeup_fd(), warn_on_full_buffer=False)
    for sig, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(sig, _on_signal)
    _installed = True
    try:
        yield
    finally:
        _installed = False
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(old_fd)


@contextmanager
def searching(solver: Any) -> Iterator[None]:
    """Within: `solver` (a CP-SAT solver) is stopped by a signal; the signal raises nothing until its search
    returns, so the caller keeps the best build found."""
    with _lock:
        _searches.add(solver)
    try:
        yield
    finally:
        with _lock:
            _searches.discard(solver)


def _request(signum: int) -> None:
    global _received
    with _lock:
        if _received is None:
            _received = signum
        searches = list(_searches)
    for solver in searches:
        solver.stop_search()


def _on_signal(signum: int, frame: Any) -> None:
    """Python's handler, run in the main thread: inside a search it only records the request (the helper
    thread has stopped the search); anywhere else, or on a second signal, it interrupts the code there."""
    global _handled
    _handled += 1
    _request(signum)
    with _lock:
        in_search = bool(_searches)
    if not in_search or _handled > 1:
        raise KeyboardInterrupt


def _wakeup_fd() -> int:
    """The write end of the pipe Python's C-level handler writes each signal's number to, even while the
    main thread is inside a search; the helper thread is started with it."""
    global _pipe
    if _pipe is None:
        read, write = os.pipe()
        os.set_blocking(write, False)
        _pipe = (read, write)
        threading.Thread(target=_watch, args=(read,), name="dlbuild-signals", daemon=True).start()
    return _pipe[1]


def _watch(fd: int) -> None:
    while True:
        ready, _, _ = select.select([fd], [], [], REPEAT_SECONDS if _received is not None else None)
        if ready:
            for signum in os.read(fd, 512):
                if _installed:
                    _request(signum)
        elif _received is not None:
            with _lock:
                searches = list(_searches)
            for solver in searches:
                solver.stop_search()
