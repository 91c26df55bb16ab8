"""`check`: judge a build someone has in mind against every rule, and say what the model leaves unchecked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .catalog import Catalog, load_catalog
from .categories import CATEGORIES
from .errors import InputError, Problem, ProblemList
from .instance import Instance, bind
from .notebook import Rendered
from .result import Build, Pick
from .rulebook import RuleCheck
from .scenario import load_scenario, scenario_from_dict
from .schema import default_catalog_path
from .tomlfile import key_text, read_toml
from .validate import check_build, complete

#: What a builder must still look at: the model has no data for these (peers.md: PCPartPicker's
#: false negatives, e.g. RAM height under big air coolers, cost users real parts).
UNCHECKED = (
    "RAM height under a large air cooler (module heights are not in the catalog)",
    "which slots the board disables when M.2 drives or extra GPUs share PCIe lanes (bifurcation tables)",
    "BIOS version needed for the CPU on this board",
    "the slot wiring of a board whose row does not list it (R7 then assumes one CPU x16 slot and chipset x4 slots)",
    "airflow and temperatures under load (fans, case intake, room temperature)",
    "PSU cable lengths and whether 12VHPWR/12V-2x6 plugs are fully seated",
    "GPU sag and support brackets for long cards",
)
#: The keys of a build file's [build] table: each slot, then the counts, the GPUs' power level (percent of their
#: board power, default 100) and the number of identical PSUs (default 1).
POWER_KEYS = ("power_level_pct", "psu_count")
BUILD_KEYS = tuple(c.slot for c in CATEGORIES) + tuple(c.count_key for c in CATEGORIES if c.count_key) + POWER_KEYS


@dataclass(frozen=True)
class CheckReport(Rendered):
    """Every rule's verdict on a build, its cost and performance, and what was not checked."""

    command: ClassVar[str] = "check"  # solver.notebook: to_dict(), to_frame(), _repr_html_()

    build: Build
    checks: list[RuleCheck]
    unchecked: tuple[str, ...] = UNCHECKED
    instance: Instance | None = None
    catalog: Catalog | None = field(default=None, compare=False, repr=False)  # the catalog the parts come from

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def assemble(catalog: Catalog, inst: Instance, refs: dict[str, Any], where: str) -> Build:
    """A Build from part references, e.g. {"gpu": "gpus:x", "gpu_count": 2, ...}; names any unknown part."""
    problems = ProblemList()
    picks: dict[str, Pick | None] = {}
    for cat in CATEGORIES:
        slot, stem = cat.slot, cat.stem
        ref = refs.get(slot)
        if ref is None:
            if not cat.optional:
                problems.add(f"{where}, key build.{slot}", f'is missing (e.g. {slot} = "{stem}:<id>")')
            picks[slot] = None
            continue
        if not isinstance(ref, str):
            problems.add(f"{where}, key build.{slot}", f"{ref!r} is not a part reference")
            continue
        full = ref if ":" in ref else f"{stem}:{ref}"
        part = inst.catalog.find(full)
        if part is None or part.stem != stem:
            problems.add(f"{where}, key build.{slot}", f"{ref!r} names no part in {stem}.csv of {catalog.path}")
            continue
        count = refs.get(cat.count_key, 1) if cat.count_key is not None else 1
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            problems.add(f"{where}, key build.{cat.count_key}", f"{count!r} is not a whole count >= 1")
            count = 1
        picks[slot] = Pick(part, count)
    for key in refs:
        if key not in BUILD_KEYS:
            problems.add(f"{where}, key build.{key_text(key)}", f"is not a build key (keys: {', '.join(BUILD_KEYS)})")
    level, m = refs.get("power_level_pct", 100), refs.get("psu_count", 1)
    gpu = picks.get("gpu")
    if gpu is not None and (not _whole(level) or level not in inst.power_levels(gpu.part)):
        allowed = ", ".join(map(str, inst.power_levels(gpu.part)))
        problems.add(f"{where}, key build.power_level_pct",
                     f"{level!r} is not a power level this card may run at here ({allowed}; "
                     "levels below 100 need rules.power_limit = \"allow\" "
                     "and the card's class in power_limits.csv)")  # fmt: skip
    if not _whole(m) or m not in inst.rules.psu_counts:
        problems.add(f"{where}, key build.psu_count", f"{m!r} is not a PSU count the scenario allows "
                     f"({', '.join(map(str, inst.rules.psu_counts))}; "
                     "two identical units need rules.dual_psu = \"allow\")")  # fmt: skip
    problems.raise_if_any(f"Build {where} cannot be checked")
    psu = picks["psu"]
    assert psu is not None, "a missing PSU is one of the problems raised above"
    picks["psu"] = Pick(psu.part, m)
    return complete(inst, picks, level)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check(catalog: Catalog, inst: Instance, refs: dict[str, Any], where: str = "build") -> CheckReport:
    build = assemble(catalog, inst, refs, where)
    return CheckReport(build, check_build(inst, build), instance=inst, catalog=inst.catalog)


def load_build_file(
    path: str | Path, catalog_dir: Catalog | str | Path | None = None, adjust=None
) -> tuple[Catalog, Instance, dict, str]:
    """Read a build file: `scenario = "<file>"` or a [scenario] table, and a [build] table of references.
    `catalog_dir` (a directory, or a catalog already loaded) overrides the file's and the scenario's catalog;
    `adjust(scenario) -> scenario`, if given, changes the scenario before it is bound (price lists, say)."""
    file = Path(path)
    raw = read_toml(file, "Build")
    unknown = [k for k in raw if k not in ("scenario", "build", "catalog")]
    if unknown or not isinstance(raw.get("build"), dict) or "scenario" not in raw:
        problems = [
            Problem(f"{file.name}, key {k}", "is not a build-file key (keys: scenario, catalog, build)")
            for k in unknown
        ]
        if not isinstance(raw.get("build"), dict):
            problems.append(Problem(file.name, "has no [build] table of part references"))
        if "scenario" not in raw:
            problems.append(Problem(file.name, 'has no scenario (scenario = "<scenario file>" or a [scenario] table)'))
        raise InputError(f"Build {file} cannot be checked", problems)
    if isinstance(raw["scenario"], str):
        scenario = load_scenario(file.parent / raw["scenario"])
    elif isinstance(raw["scenario"], dict):
        scenario = scenario_from_dict(raw["scenario"], source=f"{file.name} [scenario]", base_dir=file.parent)
    else:
        raise InputError(
            f"Build {file} cannot be checked", [Problem(f"{file.name}, key scenario", "must be a file name or a table")]
        )
    if catalog_dir is None and isinstance(raw.get("catalog"), str):
        catalog_dir = file.parent / raw["catalog"]
    catalog = (
        catalog_dir
        if isinstance(catalog_dir, Catalog)
        else load_catalog(catalog_dir or scenario.catalog or default_catalog_path())
    )
    scenario = adjust(scenario) if adjust is not None else scenario
    return catalog, bind(catalog, scenario), raw["build"], file.name
