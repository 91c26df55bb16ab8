"""Reading an input file whole (a scenario, a build file, a catalog CSV, an import report), within a bound:
a file larger than MAX_BYTES (/dev/zero, a sparse file, a log given by mistake) is refused after reading
MAX_BYTES + 1 bytes, instead of being read until memory runs out. The refusal is an OSError, so every
reader's "cannot be read (...)" message names the file and says why, with exit code 2."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import BinaryIO

#: The most dlbuild reads of one input file: far above any catalog table (the shipped ones are under 1 MiB).
MAX_BYTES = 64 * 2**20


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; OSError(EFBIG) when it holds more than MAX_BYTES."""
    with open(path, "rb") as handle:
        return read_stream(handle)


def read_stream(handle: BinaryIO) -> bytes:
    """An open stream's bytes (standard input, say), within the same bound as a file's."""
    data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise OSError(
            errno.EFBIG, f"it is larger than {MAX_BYTES // 2**20} MiB, the most dlbuild reads of one input file"
        )
    return data
