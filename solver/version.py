"""dlbuild's own version, as the installed distribution records it."""

from __future__ import annotations


def version() -> str:
    """The version of the installed dlbuild, or "unknown" when the package runs uninstalled."""
    from importlib import metadata  # here: its import (the email package) costs more than a solve's answer takes

    try:
        return metadata.version("dlbuild")
    except metadata.PackageNotFoundError:
        return "unknown"
