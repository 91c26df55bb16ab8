"""A scenario bound to a catalog: the effective rule parameters every rule module reads."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from fractions import Fraction

from .catalog import Catalog, Part
from .errors import ProblemList
from .scenario import Scenario


@dataclass(frozen=True)
class Instance:
    """What the model is built from: a checked catalog (what-if prices applied) and a checked scenario."""

    catalog: Catalog
    scenario: Scenario
    perf_column: str
    min_gpu_memory_gb: Fraction
    threads_per_gpu: int

    @property
    def rules(self):
        return self.scenario.rules

    def drive_kind_ok(self, drive: Part) -> bool:
        """R12 extension: the drive is of the kind the scenario asks for."""
        kind = self.rules.storage_kind
        return kind == "any" or (kind == "nvme" and drive["interface"] == "nvme") or (kind == "ssd" and drive["drive_type"] == "ssd")

    def gpu_perf(self, gpu: Part) -> Fraction | None:
        """The rated performance of one card for this workload, or None when its chipset is unrated."""
        return self.catalog.gpu_models.get(gpu["chipset"], {}).get(self.perf_column)


def bind(catalog: Catalog, scenario: Scenario) -> Instance:
    """Check the scenario's references against the catalog and fix every effective parameter."""
    problems = ProblemList()
    where = scenario.source
    workload = catalog.workloads.get(scenario.workload)
    if workload is None:
        near = difflib.get_close_matches(scenario.workload, list(catalog.workloads), n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else f" (known: {', '.join(sorted(catalog.workloads))})"
        problems.add(f"{where}, key workload", f"{scenario.workload!r} is not a workload in workloads.csv{hint}")
    for key, refs in (("parts.exclude", scenario.exclude), ("parts.require", scenario.require), ("prices", scenario.prices)):
        for ref in refs:
            if catalog.find(ref) is None:
                problems.add(f"{where}, key {key}", f"{ref!r} names no part in the catalog{_near_ref(catalog, ref)}")
    if scenario.rules.storage_kind == "ssd":
        untyped = [p for p in catalog.parts["storage"] if p["drive_type"] is None]
        if untyped:
            problems.add(
                f"{where}, key rules.storage_kind",
                f'"ssd" needs storage.csv\'s drive_type column (ssd, hdd or unknown); line {untyped[0].line} ({untyped[0].id}) has none',
            )
    problems.raise_if_any(f"Scenario {where} does not fit catalog {catalog.path}")
    min_memory = scenario.min_gpu_memory_gb
    if min_memory is None:
        min_memory = workload["min_gpu_memory_gb"]
    threads = scenario.rules.threads_per_gpu or workload["threads_per_gpu"]
    priced = catalog.with_prices(scenario.prices) if scenario.prices else catalog
    return Instance(priced, scenario, workload["perf_column"], min_memory, threads)


def _near_ref(catalog: Catalog, ref: str) -> str:
    stem, _, part_id = ref.partition(":")
    if stem not in catalog.parts:
        return f" (no file {stem}.csv; files: {', '.join(catalog.parts)})"
    near = difflib.get_close_matches(part_id, [p.id for p in catalog.parts[stem]], n=1)
    return f' (did you mean "{stem}:{near[0]}"?)' if near else ""
