"""dlbuild: proven-optimal deep-learning workstation builds from real part catalogs."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: The public names and the module each lives in. They load on first use, so that importing one module
#: of the package (the command line above all, for --help) does not load OR-Tools and pandas.
_HOMES = {
    "Build": "result", "Catalog": "catalog", "Result": "result", "Scenario": "scenario", "load_catalog": "catalog",
    "load_scenario": "scenario", "scenario_from_dict": "scenario", "solve": "api",
}  # fmt: skip

__all__ = sorted(_HOMES)

if TYPE_CHECKING:
    from .api import solve
    from .catalog import Catalog, load_catalog
    from .result import Build, Result
    from .scenario import Scenario, load_scenario, scenario_from_dict


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value
