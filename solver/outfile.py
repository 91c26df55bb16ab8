"""Writing the files a command is asked for (-o/--output, --report, --plot): whole or not at all, and only
in the way the target calls for.

- A regular file, or a new one, is written atomically: a temporary file beside it, flushed to disk, given
  the mode (and, where allowed, the owner) of the file it replaces, then renamed over it. A full disk or a
  refused write leaves the old file as it was and no temporary file behind.
- A symbolic link is followed: the file it points to is replaced (or created, when the link dangles) and
  the link stays a link, as the shell's `>` does. A loop of links is refused.
- A character device or a FIFO (/dev/null, /dev/tty, a named pipe) is written through, never replaced;
  /dev/stdout, /dev/stderr, /dev/fd/N and /proc/.../fd/N are written through too, appended to whatever
  the descriptor already holds. A full device (/dev/full) is an error.
- A directory, a block device or a socket is refused, as is a path whose directory does not exist.
Every refusal and failed write is an InputError (exit 2) that names the path and says why."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError, Problem

SUBJECT = "Cannot write the output"
#: Paths that name a descriptor the process already has open: written through, never replaced.
DESCRIPTOR_PATHS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/")


def _refuse(path: Path, message: str) -> InputError:
    return InputError(SUBJECT, [Problem(str(path), message)])


def write_failure(path: Path, exc: OSError, device: bool = False) -> InputError:
    """An OSError while writing, in words; nothing was changed unless the target is a device (standard output is
    one: solver.cli.common.write_out)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "the device is full" if device else "the disk is full (the file was left as it was)"
    elif exc.errno == errno.EROFS:
        what = "it is on a read-only file system"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        what = "permission denied" + ("" if device else f" (writing in {path.parent or '.'} is not allowed)")
    elif exc.errno == errno.ENOENT:
        what = f"the directory {path.parent} takes no new files"
    elif exc.errno == errno.EPIPE:
        what = "the reader of the pipe went away"
    else:
        what = exc.strerror or str(exc)
    return _refuse(path, f"cannot be written: {what}")


def target(path: str | Path) -> tuple[str, Path]:
    """How `path` is to be written: ("file", the real file to replace or create) or ("stream", the path to
    write through). Refuses what cannot be written, before any work is done."""
    path = Path(path)
    if str(path) == "" or path.name in ("", ".", ".."):
        raise _refuse(path, "is a directory; give the name of a file to write")
    try:
        info = os.stat(path)  # follows links
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise _refuse(
            path, "cannot be created: a part of the path before the file name is a file, not a directory"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(path, "is a symbolic link that leads round in a loop") from None
        raise write_failure(path, exc) from None
    if info is None:
        real = Path(os.path.realpath(path)) if os.path.islink(path) else path  # a dangling link: create its target
        parent = real.parent
        if not parent.is_dir():
            raise _refuse(path, f"cannot be created: the directory {parent} does not exist")
        return "file", real
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "is a directory; give the name of a file to write")
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return "stream", path
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a block device"
            if stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a regular file"
        )
        raise _refuse(path, f"is {kind}; dlbuild writes regular files, character devices and pipes")
    if os.path.abspath(path).startswith(DESCRIPTOR_PATHS):
        return "stream", path
    return "file", Path(os.path.realpath(path))


def check(path: str | Path) -> Path:
    """`path` if it can be written, checked before a command starts its work; an InputError if not."""
    target(path)
    return Path(path)


def write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` as the module docstring says."""
    path = Path(path)
    kind, real = target(path)
    if kind == "stream":
        _write_through(path, data)
    else:
        _replace(path, real, data)


def write_text(path: str | Path, text: str) -> None:
    """UTF-8 text, ending with a newline."""
    write_bytes(path, (text if text.endswith("\n") else text + "\n").encode("utf-8"))


def _write_through(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | (os.O_APPEND if os.path.abspath(path).startswith(DESCRIPTOR_PATHS) else 0)
    try:
        fd = os.open(path, flags)  # never O_CREAT or O_TRUNC: the device or pipe exists and stays
    except OSError as exc:
        raise write_failure(path, exc, device=True) from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise write_failure(path, exc, device=True) from None
    finally:
        os.close(fd)


def _replace(path: Path, real: Path, data: bytes) -> None:
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".part", dir=real.parent)
    except OSError as exc:
        raise write_failure(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename: no empty file after a crash
        if old is not None:
            os.chmod(temp, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.chown(temp, old.st_uid, old.st_gid)
                except PermissionError:  # only root may give a file away; the file is then ours
                    pass
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)  # mkstemp makes the file private; give it a new file's mode
        os.replace(temp, real)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_failure(path, exc) from None
        raise
