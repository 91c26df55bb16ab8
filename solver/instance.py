"""A scenario bound to a catalog: the effective rule parameters and per-GPU facts every rule module reads
(rating, multi-GPU speed-up, power levels, the maker's recommended system power, compute capability)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from . import workload_names
from .catalog import Catalog, Offer, Part
from .errors import ProblemList
from .offers import PartIndex, bought, offers_of
from .scenario import DEFAULT_SCALING, Scenario

if TYPE_CHECKING:
    from .layout import Layout
    from .tco import Cloud


class Card(Protocol):
    """What the speed-up tables read of a card: its cells by column. A Part, or a row that names only a chipset (the
    cloud comparison asks of a chipset, not of a catalog card)."""

    def __getitem__(self, column: str, /) -> Any: ...


@dataclass(frozen=True)
class Owned:
    """A part the user owns, matched to the catalog (contract v3 section 2): units owned and the cents one unit
    counts for in the build's cost (its resale value when [parts] count_resale = true, else 0)."""

    part: Part
    count: int
    resale_cents: int
    counted_cents: int

    @property
    def ref(self) -> str:
        return self.part.ref


@dataclass(frozen=True)
class Instance:
    """What the model is built from: a checked catalog (what-if prices applied) and a checked scenario."""

    catalog: Catalog
    scenario: Scenario
    perf_column: str
    min_gpu_memory_gb: Fraction
    threads_per_gpu: int
    min_total_memory_gb: Fraction = Fraction(0)  # R2 pooled; 0 = off
    scaling_profile: str = "training"  # the workload's: picks the rows of scaling.csv
    # Contract v3: every part's offers by condition where price lists changed or added one (the catalog's new offer
    # is on each part), the parts owned by reference, the cloud instance to compare with, and the day prices are
    # judged stale against.
    offers: dict[str, dict[str, Offer]] = field(default_factory=dict)
    owned: dict[str, Owned] = field(default_factory=dict)
    cloud: Cloud | None = None
    today: datetime.date = field(default_factory=datetime.date.today)
    _speedups: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _levels: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # solver.validate.layout_of's layouts, by what a layout reads of the parts (the rules are the instance's).
    layouts: dict[tuple, Layout] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def rules(self):
        return self.scenario.rules

    @property
    def usage(self):
        return self.scenario.usage

    @property
    def tco(self) -> bool:
        """Whether the money the objective (or the frontier) compares is the total cost of ownership."""
        return self.scenario.money_basis == "tco"

    def with_parts(self, catalog: Catalog) -> Instance:
        """The instance over `catalog`, this one's catalog with fewer parts and the same tables (pruning): speed-ups
        and power levels depend on the tables, the rules and a card's chipset and board power only, so the ones
        already read are kept instead of being read again."""
        out = replace(self, catalog=catalog)
        out._speedups.update(self._speedups)
        out._levels.update(self._levels)
        return out

    def money(self, part: Part, count: int) -> tuple[int, int]:
        """(spend, cost) in cents of `count` units of a part (contract v3 section 2): owned units are not bought and
        count at their counted value; the rest are bought at the part's offer."""
        owned = self.owned.get(part.ref)
        mine = min(owned.count, count) if owned else 0
        spend = (count - mine) * part.price_cents
        return spend, spend + (mine * owned.counted_cents if owned else 0)

    def ssd_unchecked(self) -> bool:
        """R12 asks for an SSD by the profile's default, but storage.csv has no drive_type column: that part is not
        checked (as R18 without a compute_capability column) rather than refusing every drive of a v1 catalog."""
        return (
            self.rules.storage_kind == "ssd"
            and "storage_kind" not in self.rules.explicit
            and not self.catalog.has_column("storage", "drive_type")
        )

    def drive_kind_ok(self, drive: Part) -> bool:
        """R12 extension: the drive is of the kind the scenario asks for (an empty drive_type is not an SSD)."""
        kind = self.rules.storage_kind
        if kind == "ssd":
            return drive["drive_type"] == "ssd" or self.ssd_unchecked()
        return kind == "any" or drive["interface"] == "nvme"

    def gpu_perf(self, gpu: Part) -> Fraction | None:
        """The rated performance of one card for this workload, or None when its chipset is unrated."""
        return self.catalog.gpu_models.get(gpu["chipset"], {}).get(self.perf_column)

    def model(self, gpu: Card) -> dict[str, Any]:
        """The typed gpu_models row of the card's chipset (empty for a chipset the file lacks)."""
        return self.catalog.models.get(gpu["chipset"], {})

    def scaling_row(self, gpu: Card, n: int) -> tuple[Fraction, str, str] | None:
        """(speed-up of n cards over one, the table it came from, its basis), contract v2 section 3: the scenario's
        rules.scaling when given; else scaling.csv's row for the workload's profile, the card's product line and its
        chipset, else that line's default row; else, without scaling.csv, the v1 table. None: no speed-up, so n of
        this card are not allowed (R1)."""
        key = (gpu["chipset"], n)
        if key not in self._speedups:
            self._speedups[key] = self._scaling_row(gpu, n)
        return self._speedups[key]

    def _scaling_row(self, gpu: Card, n: int) -> tuple[Fraction, str, str] | None:
        if self.rules.scaling is not None:
            value = self.rules.scaling.get(n)
            return None if value is None else (value, "scenario", "rules.scaling")
        table = self.catalog.scaling
        if table is None:
            return (DEFAULT_SCALING[n], "default", "v1 default table") if n in DEFAULT_SCALING else None
        line = self.model(gpu).get("product_line", "geforce")
        for chipset, name in ((gpu["chipset"], gpu["chipset"]), ("", line)):
            row = table.get((self.scaling_profile, line, chipset, n))
            if row is not None:
                return row["speedup"], name, row["basis"]
        return None

    def speedup(self, gpu: Card, n: int) -> Fraction | None:
        row = self.scaling_row(gpu, n)
        return None if row is None else row[0]

    def counts_with_speedup(self) -> tuple[int, ...]:
        """Every GPU count 1-8 some rated card has a speed-up for (the counts an explanation may widen R1 to)."""
        gpus = [g for g in self.catalog.parts["gpus"] if self.gpu_perf(g) is not None]
        return tuple(n for n in range(1, 9) if any(self.speedup(g, n) is not None for g in gpus))

    def power_levels(self, gpu: Part) -> dict[int, Fraction]:
        """{level_pct: throughput factor} the card may run at (contract v2 section 4): 100 always; with
        power_limit = "allow", every level of its power class whose watts the firmware accepts."""
        key = (gpu["chipset"], gpu["tdp_w"])  # all that decides it: cards of a chipset share a class and floor
        if key not in self._levels:
            self._levels[key] = self._power_levels(gpu)
        return self._levels[key]

    def _power_levels(self, gpu: Part) -> dict[int, Fraction]:
        levels = {100: Fraction(1)}
        table, model = self.catalog.power_limits, self.model(gpu)
        if self.rules.power_limit != "allow" or table is None or not model:
            return levels
        floor_w = model.get("min_power_limit_w")
        for level, row in table.get(model.get("power_class", "default"), {}).items():
            if floor_w is None or gpu_watts(gpu, level) >= floor_w:
                levels[level] = row["factor"]
        return dict(sorted(levels.items(), reverse=True))

    def recommended_psu_w(self, gpu: Part) -> Fraction | None:
        """R10's second part: the maker's recommended system power for one card, when asked for and known."""
        if self.rules.recommended_psu != "meet":
            return None
        return self.model(gpu).get("recommended_psu_w")

    def r18_checked(self) -> bool:
        """R18 is on and gpu_models.csv has the compute_capability column (else it is reported "not checked")."""
        return self.rules.min_compute_capability > 0 and self.catalog.has_column("gpu_models", "compute_capability")

    def capability_ok(self, gpu: Part) -> bool:
        """R18: the card's compute capability reaches the floor (an empty cell does not)."""
        if not self.r18_checked():
            return True
        cc = self.model(gpu).get("compute_capability")
        return cc is not None and cc >= self.rules.min_compute_capability


def gpu_watts(gpu: Part, level: int) -> Fraction | int:
    """A card's power at a level (contract v2 section 4): whole watts, floor(tdp_w x level / 100); tdp_w itself at
    100, decimals kept."""
    return gpu["tdp_w"] if level == 100 else math.floor(gpu["tdp_w"] * level / 100)


def bind(catalog: Catalog, scenario: Scenario, *, today: datetime.date | None = None) -> Instance:
    """Check the scenario's references against the catalog and fix every effective parameter: the price lists'
    offers (the parts priced at the offer they are bought at), owned parts, the cloud instance to compare with.
    `today` judges price dates (default: the local date)."""
    problems = ProblemList()
    where = scenario.source
    name = workload_names.resolve(scenario.workload, catalog.workloads)  # "computer vision", "LLM fine-tuning"
    workload = catalog.workloads.get(name) if name else None
    if workload is None:
        near = workload_names.nearest(scenario.workload, catalog.workloads)
        hint = "did you mean " + " or ".join(f'"{n}"' for n in near) + "? " if near else ""
        problems.add(
            f"{where}, key workload",
            f"{scenario.workload!r} is not a workload in workloads.csv ({hint}`dlbuild workloads` lists them)",
        )
    elif name != scenario.workload:
        scenario = scenario.with_values(workload=name)
    for key, refs in (("parts.exclude", scenario.exclude), ("parts.require", scenario.require)):
        for ref in refs:
            if catalog.find(ref) is None:
                problems.add(f"{where}, key {key}", f"{ref!r} names no part in the catalog{_near_ref(catalog, ref)}")
    rules = scenario.rules
    if (
        rules.storage_kind == "ssd"
        and "storage_kind" in rules.explicit
        and not catalog.has_column("storage", "drive_type")
    ):
        # Asked for by name, an SSD cannot be told from a hard disk without the column: say so (the profile's
        # default instead leaves that part of R12 unchecked, see Instance.ssd_unchecked).
        problems.add(
            f"{where}, key rules.storage_kind", '"ssd" needs storage.csv\'s drive_type column (ssd, hdd or unknown)'
        )
    problems.raise_if_any(f"Scenario {where} does not fit catalog {catalog.path}")
    assert workload is not None, "an unknown workload is one of the problems raised above"
    min_memory = scenario.min_gpu_memory_gb
    if min_memory is None:
        min_memory = workload["min_gpu_memory_gb"]
    total = scenario.min_total_memory_gb
    if total is None:
        total = workload["min_total_memory_gb"]
    threads = rules.threads_per_gpu or workload["threads_per_gpu"]
    priced, offers, owned = _market(catalog, scenario)
    inst = Instance(priced, scenario, workload["perf_column"], min_memory, threads, Fraction(total),
                    workload["scaling_profile"],
                    offers, owned, today=today or datetime.date.today())  # fmt: skip
    if scenario.usage is not None:
        inst = replace(inst, cloud=_cloud(inst))
    return inst


def _market(catalog: Catalog, scenario: Scenario) -> tuple[Catalog, dict[str, dict[str, Offer]], dict[str, Owned]]:
    """Contract v3 sections 1-2: the catalog with each part priced at the offer it is bought at, the offers the
    price lists made (by reference and condition), and the owned parts by reference."""
    rows = [row for file in scenario.price_lists for row in file] + list(scenario.prices)
    if not rows and not scenario.own and scenario.conditions == ("new",):
        return catalog, {}, {}
    index = PartIndex(catalog)
    made = offers_of(catalog, rows, index) if rows else {}
    changed = {}
    for ref, offers in made.items():
        part = catalog.find(ref)
        assert part is not None and part.offer is not None, "offers_of resolves each ref; a catalog row is an offer"
        choice = bought({"new": part.offer, **offers}, scenario.conditions)
        assert choice is not None, "the scenario's check keeps new among the conditions, and every part is offered new"
        changed[ref] = replace(part, price_cents=choice.price_cents, offer=choice)
    priced = catalog.with_parts(changed)
    return priced, made, _owned(priced, scenario, index)


def _owned(catalog: Catalog, scenario: Scenario, index: PartIndex) -> dict[str, Owned]:
    problems = ProblemList()
    owned: dict[str, Owned] = {}
    for item in scenario.own:
        part, why = index.resolve(item.part)
        if part is None:
            problems.add(item.where, why)
            continue
        part = catalog.find(part.ref)  # as priced
        assert part is not None, "pricing changes no reference"
        if item.count != 1 and part.stem not in ("gpus", "memory"):
            problems.add(
                f"{item.where}.count", f"{item.count} units of {part.ref}: a count is for GPUs and memory kits only"
            )
            continue
        if part.ref in owned:
            problems.add(item.where, f"{part.ref} is owned twice; give one entry with its count")
            continue
        other = next((o for o in owned.values() if o.part.stem == part.stem and part.stem in ("gpus", "memory")), None)
        if other is not None:
            what = "GPU models" if part.stem == "gpus" else "memory kits"
            problems.add(
                item.where, f"{part.ref} and {other.ref} are two {what}; a build holds one, so both cannot be used"
            )
            continue
        owned[part.ref] = Owned(part, item.count, item.resale_cents, item.resale_cents if scenario.count_resale else 0)
    problems.raise_if_any(f"Scenario {scenario.source}: parts.own cannot be used")
    return owned


def _cloud(inst: Instance) -> Cloud | None:
    """The cloud instance [usage] asks to compare with; a provider, instance or chipset naming nothing is an error."""
    from .tco import choose_cloud  # [usage] only: a scenario without it never loads the TCO code

    pick, where = inst.usage.cloud, f"{inst.scenario.source}, key usage"
    problems = ProblemList()
    if pick.usd_per_gpu_hour is not None and pick.chipset not in inst.catalog.gpu_models:
        import difflib  # here: only a name that is not there needs it

        near = difflib.get_close_matches(pick.chipset, list(inst.catalog.gpu_models), n=3)
        hint = f" (nearest: {', '.join(near)})" if near else ""
        problems.add(f"{where}.cloud_chipset", f"{pick.chipset!r} is not a chipset of gpu_models.csv{hint}")
    elif pick.provider is not None:
        rows = inst.catalog.cloud
        if rows is None:
            problems.add(f"{where}.cloud", f"names provider {pick.provider!r} but the catalog has no cloud.csv")
        else:
            same = lambda a, b: " ".join(a.split()).casefold() == " ".join(b.split()).casefold()  # noqa: E731
            mine = [r for r in rows if same(r["provider"], pick.provider)]
            if not mine:
                known = sorted({r["provider"] for r in rows})
                problems.add(
                    f"{where}.cloud",
                    f"{pick.provider!r} is not a provider of cloud.csv (providers: {', '.join(known)})",
                )
            elif pick.instance is not None and not any(same(r["instance"], pick.instance) for r in mine):
                instances = ", ".join(r["instance"] for r in mine)
                problems.add(
                    f"{where}.cloud",
                    f"{pick.instance!r} is not an instance of {mine[0]['provider']} in cloud.csv ({instances})",
                )
    problems.raise_if_any(f"Scenario {inst.scenario.source} does not fit catalog {inst.catalog.path}")
    return choose_cloud(
        inst.catalog.cloud or (), inst.usage, lambda chipset, gpus: _cloud_throughput(inst, chipset, gpus)
    )


def _cloud_throughput(inst: Instance, chipset: str, gpus: int) -> Fraction | None:
    """rating(c) x speedup(c, k) in the workload's rating column; None when unrated or without a speed-up for k."""
    rating = inst.catalog.gpu_models.get(chipset, {}).get(inst.perf_column)
    if rating is None:
        return None
    speedup = inst.speedup({"chipset": chipset}, gpus)
    return None if speedup is None else rating * speedup


def _near_ref(catalog: Catalog, ref: str) -> str:
    stem, _, part_id = ref.partition(":")
    if stem not in catalog.parts:
        return f" (no file {stem}.csv; files: {', '.join(catalog.parts)})"
    import difflib

    near = difflib.get_close_matches(part_id, [p.id for p in catalog.parts[stem]], n=1)
    return f' (did you mean "{stem}:{near[0]}"?)' if near else ""
