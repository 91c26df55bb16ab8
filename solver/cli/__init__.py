"""The `dlbuild` command: a thin layer over the solver that only parses, prints and sets the exit code."""
from .app import main

__all__ = ["main"]
