"""The CP-SAT model of a deep-learning workstation build (spec §2-§4)."""

from .build import build_model
from .context import Context

__all__ = ["Context", "build_model"]
