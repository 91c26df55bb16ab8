"""dlbuild: proven-optimal deep-learning workstation builds from real part catalogs.

For scripts and notebooks (solver.api): `solve`, `frontier`, `sweep`, `compare` and `check` take a scenario
(a file, a dict or a Scenario) and a catalog (by default the scenario's, else the shipped one, which
`load_catalog()` loads); each answer gives to_dict(), to_frame() and an HTML table."""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

#: The public names and the module each lives in. They load on first use, so that importing one module
#: of the package (the command line above all, for --help) does not load OR-Tools and pandas.
_HOMES = {
    "Build": "result", "Catalog": "catalog", "Result": "result", "Scenario": "scenario", "load_catalog": "catalog",
    "load_scenario": "scenario", "scenario_from_dict": "scenario",
    "solve": "api", "frontier": "api", "sweep": "api", "compare": "api", "check": "api",
}  # fmt: skip

__all__ = sorted(_HOMES)

if TYPE_CHECKING:
    from .api import check, compare, frontier, solve, sweep
    from .catalog import Catalog, load_catalog
    from .result import Build, Result
    from .scenario import Scenario, load_scenario, scenario_from_dict


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package, whose public functions `frontier`, `sweep`, `compare` and `check` share their names with
    the modules that hold the work. Importing such a module binds its name on the package; here the name
    stays the function's, and the module is reached by `from solver.frontier import ...` (sys.modules)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == "api":
            return  # the name is (or, on first use, becomes through __getattr__) the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
