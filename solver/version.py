"""dlbuild's own version, as the installed distribution records it."""

from __future__ import annotations

from importlib import metadata


def version() -> str:
    """The version of the installed dlbuild, or "unknown" when the package runs uninstalled."""
    try:
        return metadata.version("dlbuild")
    except metadata.PackageNotFoundError:
        return "unknown"
