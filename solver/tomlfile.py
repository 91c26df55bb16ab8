"""Reading a TOML input file (a scenario, a build file): every way the file can fail to be TOML becomes
one InputError that names the file, never an exception from the parser."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from .errors import InputError, Problem
from .infile import read_bytes, read_stream

#: The path that names standard input, as for most command-line tools.
STDIN = "-"


def read_toml(path: str | Path, subject: str) -> dict[str, Any]:
    """The parsed file (standard input when `path` is "-"). `subject` names the kind of input in the message
    ("Scenario", "Build")."""
    file = Path(path)
    stdin = str(path) == STDIN

    def refuse(message: str) -> InputError:
        return InputError(f"{subject} file", [Problem("standard input" if stdin else str(file), message)])

    try:
        text = (read_stream(sys.stdin.buffer) if stdin else read_bytes(file)).decode("utf-8-sig")
    except FileNotFoundError:
        raise refuse("does not exist") from None
    except IsADirectoryError:
        raise refuse("is a directory; give the TOML file in it") from None
    except UnicodeDecodeError as exc:
        raise refuse(f"is not UTF-8 text (byte {exc.start} cannot be decoded; save the file as UTF-8)") from None
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise refuse(f"is not valid TOML: {exc}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: thousands of levels exhaust the stack.
        raise refuse("is not usable TOML: its arrays or inline tables nest too deeply") from None
    except ValueError as exc:
        # Python refuses to convert integers of more than 4,300 digits (sys.get_int_max_str_digits).
        raise refuse(f"is not usable TOML: {exc}".split("; use sys.")[0]) from None


def key_text(key: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted (an empty key reads "", not nothing)."""
    if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key):
        return key
    return json.dumps(key, ensure_ascii=True)
