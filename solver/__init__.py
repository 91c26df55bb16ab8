"""dlbuild: proven-optimal deep-learning workstation builds from real part catalogs."""
from .api import solve
from .catalog import Catalog, load_catalog
from .result import Build, Result
from .scenario import Scenario, load_scenario, scenario_from_dict

__all__ = ["Build", "Catalog", "Result", "Scenario", "load_catalog", "load_scenario", "scenario_from_dict", "solve"]
