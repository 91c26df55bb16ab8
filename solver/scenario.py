"""Scenario files (TOML, spec §7): keys, defaults, checks and what-if variants."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import cells
from .errors import InputError, Problem, ProblemList
from .offers import CONDITIONS, PriceRow, scenario_rows
from .tomlfile import STDIN, key_text, read_toml

if TYPE_CHECKING:
    from .tco import Usage

#: Contract v3 section 4: the objectives on total cost of ownership (purchase cost plus energy) need [usage].
TCO_OBJECTIVES = ("min_tco", "perf_per_tco_dollar")
OBJECTIVES = ("perf_per_dollar", "max_perf", "min_cost", *TCO_OBJECTIVES)
#: Contract v3 section 3: prices older than this many days before today are named in a warning.
DEFAULT_MAX_PRICE_AGE_DAYS = 180
#: The largest budget (and what-if price) a scenario, --max-budget or --budgets may give, in dollars.
MAX_BUDGET_USD = 100_000_000

#: Measured data-parallel speed-up over n GPUs (spec §4: Lambda deeplearning-benchmark, geometric mean
#: over its models).
DEFAULT_SCALING = {
    1: Fraction("1.0"), 2: Fraction("1.87"), 3: Fraction("2.78"), 4: Fraction("3.66"),
    5: Fraction("4.5"), 6: Fraction("5.35"), 7: Fraction("6.2"), 8: Fraction("7.06"),
}  # fmt: skip


#: Contract v2 section 2: the rule keys whose default depends on rules.profile. "recommended" (the default) adds
#: the quality floors an expert asks for; "guide-2018" keeps the 2018 guide's minimums, so its examples reproduce.
PROFILES = ("recommended", "guide-2018")
PROFILE_DEFAULTS: dict[str, dict[str, Any]] = {
    "recommended": {
        "power_limit": "allow", "recommended_psu": "meet", "min_ram_gb": Fraction(32),
        "ram_per_total_vram": Fraction(1, 2), "psu_min_efficiency": "gold", "storage_kind": "ssd",
        "min_compute_capability": Fraction(15, 2),
    },
    "guide-2018": {
        "power_limit": "off", "recommended_psu": "ignore", "min_ram_gb": Fraction(0), "ram_per_total_vram": Fraction(0),
        "psu_min_efficiency": "none", "storage_kind": "any", "min_compute_capability": Fraction(0),
    },
}  # fmt: skip
#: Circuit presets (contract v2 section 2): the most a circuit may draw continuously, and the voltage class of the
#: 80 PLUS table its PSUs are rated on. US: 80% of 15 A or 20 A at 120 V (NEC continuous-load rule); Europe and
#: the UK: 80% of 16 A and 13 A at 230 V (inferred by the same rule).
CIRCUITS = {"us_15a": (1440, 115), "us_20a": (1920, 115), "eu_16a": (2944, 230), "uk_13a": (2392, 230)}
EFFICIENCIES = ("none", "plus", "bronze", "silver", "gold", "platinum", "titanium")


@dataclass(frozen=True)
class Rules:
    """Every rule parameter with the spec's default and the guide's reason. The keys of PROFILE_DEFAULTS take the
    profile's default unless given explicitly (`explicit` names the keys a scenario or variant set)."""

    profile: str = "recommended"  # recommended | guide-2018: picks the defaults of PROFILE_DEFAULTS' keys
    # R3: "at least the amount of RAM that matches your biggest GPU" (2018 guide, RAM section).
    ram_per_gpu_memory: Fraction = Fraction(1)
    ram_basis: str = "largest"  # largest | total
    # R9: None = the workload's threads_per_gpu (2, or 4 when data is preprocessed while training).
    threads_per_gpu: int | None = None
    min_pcie_lanes_per_gpu: int = 8
    # R10: "add another 10% just to be sure" on GPUs + CPU + 100 W (2018 guide, PSU section).
    psu_headroom: Fraction = Fraction(1, 10)
    other_w: Fraction = Fraction(100)
    # R8: open-air cards side by side run "about 30%" slower (2018 guide, cooling section).
    adjacent_open_air: str = "forbid"  # forbid | penalize
    adjacent_penalty: Fraction = Fraction(3, 10)
    # R7: cards on chipset slots (x4 through the chipset's link) are refused, or slowed down by the penalty
    # (0.15: 2 x RTX 3090 with one card on a chipset x4 link, club-3090 issue #142).
    chipset_slots: str = "forbid"  # forbid | penalize
    chipset_penalty: Fraction = Fraction(15, 100)
    # Power limits (contract v2 section 4) and a second PSU (R6, R10, R11, R13).
    power_limit: str = "allow"  # allow | off
    dual_psu: str = "off"  # allow | off
    # R13: the wall circuit, or max_wall_watts (> 0 overrides the circuit's watts, on the 115 V table).
    circuit: str = "none"  # none | us_15a | us_20a | eu_16a | uk_13a
    max_wall_watts: Fraction = Fraction(0)
    recommended_psu: str = "meet"  # R10: the GPU maker's recommended system power, meet | ignore
    min_ram_gb: Fraction = Fraction(32)  # R16
    ram_per_total_vram: Fraction = Fraction(1, 2)  # R16, for two or more GPUs
    psu_min_efficiency: str = "gold"  # R17
    psu_efficiency_above_w: Fraction = Fraction(750)  # R17
    min_compute_capability: Fraction = Fraction(15, 2)  # R18; 0 = off
    min_storage_gb: Fraction = Fraction(500)  # R12
    # R12 extension: "Use SSD for comfort and preprocessing small datasets" (2018 guide, storage TL;DR).
    storage_kind: str = "ssd"  # any | ssd | nvme; ssd reads storage.csv's drive_type column
    scaling: dict[int, Fraction] | None = None  # a scenario's speed-up table; it replaces every other table
    explicit: frozenset[str] = frozenset()  # the keys given explicitly: a profile never changes them

    def resolved(self) -> Rules:
        """The rules with every key the scenario did not give set to its profile's default."""
        defaults = {k: v for k, v in PROFILE_DEFAULTS[self.profile].items() if k not in self.explicit}
        return replace(self, **defaults)

    @property
    def wall_limit(self) -> Fraction | None:
        """R13's limit in watts at the wall: max_wall_watts when set, else the circuit's, else none."""
        if self.max_wall_watts > 0:
            return self.max_wall_watts
        return Fraction(CIRCUITS[self.circuit][0]) if self.circuit in CIRCUITS else None

    @property
    def volts(self) -> int:
        """The 80 PLUS table PSUs are rated on: 230 V on a 230 V circuit preset, else 115 V (also for
        max_wall_watts, the conservative table)."""
        return CIRCUITS[self.circuit][1] if self.max_wall_watts == 0 and self.circuit in CIRCUITS else 115

    @property
    def psu_counts(self) -> tuple[int, ...]:
        """How many identical PSUs a build may have (contract v2 section 4)."""
        return (1, 2) if self.dual_psu == "allow" else (1,)


#: The scenario keys of [rules] (the dataclass's fields but the bookkeeping).
RULE_KEYS = tuple(k for k in Rules.__dataclass_fields__ if k != "explicit")


@dataclass(frozen=True)
class OwnedItem:
    """A part the user owns (contract v3 section 2), as the scenario names it: a reference or exact name, how many
    units (GPUs and memory kits only) and what one would sell for, in cents."""

    part: str
    count: int = 1
    resale_cents: int = 0
    where: str = ""


@dataclass(frozen=True)
class Scenario:
    """A checked scenario. Money is in integer cents; every ratio is an exact Fraction."""

    workload: str
    name: str = ""
    description: str = ""
    catalog: Path | None = None
    objective: str = "perf_per_dollar"
    budget_cents: int | None = None
    min_perf: Fraction | None = None
    gpu_counts: tuple[int, ...] = (1, 2, 3, 4)
    min_gpu_memory_gb: Fraction | None = None
    min_total_memory_gb: Fraction | None = None  # R2 pooled; None = the workload's
    rules: Rules = field(default_factory=Rules)
    exclude: tuple[str, ...] = ()
    require: tuple[str, ...] = ()
    # Contract v3: price rows of the scenario's [prices] and then its variant's, in the order applied (after the
    # price-list files of `price_lists`, one tuple per --prices file); owned parts; the conditions that may be
    # bought; whether owned parts count at their resale value; [usage]; the age a price is stale after.
    prices: tuple[PriceRow, ...] = ()
    price_lists: tuple[tuple[PriceRow, ...], ...] = ()
    own: tuple[OwnedItem, ...] = ()
    conditions: tuple[str, ...] = ("new",)
    count_resale: bool = False
    usage: Usage | None = None
    max_price_age_days: int = DEFAULT_MAX_PRICE_AGE_DAYS
    cost_basis: str | None = None  # a frontier's or sweep's money (--cost); None: the objective's
    tco_budget_cents: int | None = None  # a TCO frontier's or sweep's limit on TCO (R14 still limits spend)
    variants: tuple[dict[str, Any], ...] = ()  # raw variant tables, applied by `variant()`
    source: str = "scenario"  # file name used in messages

    @property
    def basis_objective(self) -> str:
        """The objective on the money basis: a TCO frontier or sweep answers min_cost as min_tco and perf_per_dollar as
        perf_per_tco_dollar (and a purchase one the reverse), so that every optimum is a frontier point."""
        pairs = {"min_cost": "min_tco", "perf_per_dollar": "perf_per_tco_dollar"}
        if self.money_basis == "tco":
            return pairs.get(self.objective, self.objective)
        return {v: k for k, v in pairs.items()}.get(self.objective, self.objective)

    @property
    def money_basis(self) -> str:
        """ "tco" when the money compared is the total cost of ownership: a TCO objective, or --cost tco."""
        if self.cost_basis is not None:
            return self.cost_basis
        return "tco" if self.objective in TCO_OBJECTIVES else "purchase"

    def variant(self, name: str) -> Scenario:
        """The scenario as changed by the variant called `name`."""
        for raw in self.variants:
            if raw.get("name") == name:
                return apply_overrides(self, raw, f"{self.source}, variant {name!r}")
        known = ", ".join(repr(v.get("name")) for v in self.variants) or "none"
        raise InputError(self.source, [_p(self.source, f"has no variant {name!r} (variants: {known})")])

    def variant_names(self) -> list[str]:
        return [str(v.get("name")) for v in self.variants]

    def with_values(self, **changes: Any) -> Scenario:
        return replace(self, **changes)


# Every key the file may hold, per table; "" is the top level.
TOP_KEYS = (
    "name",
    "description",
    "catalog",
    "workload",
    "objective",
    "budget_usd",
    "min_perf",
    "prices",
    "max_price_age_days",
)
USAGE_KEYS = ("years", "hours_per_day", "gpu_utilisation", "kwh_price", "currency", "rate", "idle_w", "cloud",
              "cloud_usd_per_gpu_hour", "cloud_chipset")  # fmt: skip
TABLES = {
    "gpu": ("counts", "min_memory_gb", "min_total_memory_gb"),
    "rules": RULE_KEYS,
    "parts": ("exclude", "require", "own", "condition", "count_resale"),
    "usage": USAGE_KEYS,
}
VARIANT_KEYS = ("name", *[k for k in TOP_KEYS if k not in ("name", "catalog")], *TABLES)


def _p(where: str, message: str) -> Problem:
    return Problem(where, message)


def _all_keys() -> list[str]:
    return [*TOP_KEYS, "variants", *TABLES, *[f"{t}.{k}" for t, keys in TABLES.items() for k in keys]]


def suggest(key: str, qualified: str, candidates: list[str]) -> str:
    """' (did you mean "x"?)' for the known key nearest to an unknown one, or ''."""
    import difflib  # here: only a misspelt key needs it

    pool = {c: c for c in candidates} | {c.split(".")[-1]: c for c in _all_keys()}
    for probe in (key, qualified):
        match = difflib.get_close_matches(probe, list(pool), n=1, cutoff=0.6)
        if match:
            return f' (did you mean "{pool[match[0]]}"?)'
    return ""


def _subtable(raw: dict, key: str) -> dict:
    """The table under `key`, or an empty one when it is absent or not a table (which is reported elsewhere)."""
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _check_keys(table: dict, allowed: tuple[str, ...], prefix: str, where: str, problems: ProblemList) -> None:
    for key in table:
        if key not in allowed:
            qualified = f"{prefix}{key_text(key)}"
            hint = suggest(key, qualified, [f"{prefix}{a}" for a in allowed])
            problems.add(f"{where}, key {qualified}", f"is not a scenario key{hint}")


class _Reader:
    """Typed access to one table's values, recording a problem per bad value."""

    def __init__(self, table: dict, prefix: str, where: str, problems: ProblemList):
        self.table, self.prefix, self.where, self.problems = table, prefix, where, problems

    def _bad(self, key: str, message: str) -> None:
        self.problems.add(f"{self.where}, key {self.prefix}{key}", message)

    def number(self, key: str, default, *, low=None, high=None, low_open=False, high_open=False, whole=False):
        if key not in self.table:
            return default
        try:
            value = cells.fraction_from_toml(self.table[key])
        except cells.CellError as exc:
            self._bad(key, str(exc))
            return default
        if whole and value.denominator != 1:
            self._bad(key, f"{self.table[key]!r} is not a whole number")
            return default
        if low is not None and (value < low or (low_open and value == low)):
            self._bad(key, f"{self.table[key]!r} must be {'>' if low_open else '>='} {low}")
            return default
        if high is not None and (value > high or (high_open and value == high)):
            self._bad(key, f"{self.table[key]!r} must be {'<' if high_open else '<='} {high}")
            return default
        return int(value) if whole else value

    def choice(self, key: str, default: str, choices: tuple[str, ...]) -> str:
        """One of `choices`, compared ignoring case ("Penalize", "US_15A")."""
        value = self.table.get(key, default)
        word = value.lower() if isinstance(value, str) else value
        if word not in choices:
            self._bad(key, f"{value!r} is not one of {', '.join(choices)}")
            return default
        return word

    def text(self, key: str, default: str = "") -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str):
            self._bad(key, f"{value!r} is not text")
            return default
        return value

    def refs(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and ":" in v for v in value):
            self._bad(key, 'must be a list of part references such as "gpus:rtx-4090-fe"')
            return ()
        return tuple(value)


def _rules(table: dict, base: Rules, where: str, problems: ProblemList) -> Rules:
    r = _Reader(table, "rules.", where, problems)
    scaling = base.scaling
    if "scaling" in table:
        raw = table["scaling"]
        if not isinstance(raw, dict) or not raw:
            r._bad("scaling", 'must be a table of GPU count -> speed-up, e.g. { "1" = 1.0, "2" = 1.87 }')
        else:
            scaling, parsed = {}, _Reader(raw, "rules.scaling.", where, problems)
            for key in raw:
                if not (
                    key.isascii() and key.isdigit() and len(key) <= 3 and 1 <= int(key) <= 8
                ):  # not "²", not 10**5000
                    parsed._bad(str(key), "GPU counts are whole numbers from 1 to 8")
                    continue
                value = parsed.number(key, None, low=0, low_open=True, high=8)
                if value is not None:
                    scaling[int(key)] = value
    threads = r.number("threads_per_gpu", base.threads_per_gpu, low=1, high=1024, whole=True)
    rules = Rules(
        profile=r.choice("profile", base.profile, PROFILES),
        ram_per_gpu_memory=r.number("ram_per_gpu_memory", base.ram_per_gpu_memory, low=0, high=64),
        ram_basis=r.choice("ram_basis", base.ram_basis, ("largest", "total")),
        threads_per_gpu=threads,
        min_pcie_lanes_per_gpu=r.number(
            "min_pcie_lanes_per_gpu", base.min_pcie_lanes_per_gpu, low=0, high=64, whole=True
        ),
        psu_headroom=r.number("psu_headroom", base.psu_headroom, low=0, high=1, high_open=True),
        other_w=r.number("other_w", base.other_w, low=0, high=100_000),
        adjacent_open_air=r.choice("adjacent_open_air", base.adjacent_open_air, ("forbid", "penalize")),
        adjacent_penalty=r.number("adjacent_penalty", base.adjacent_penalty, low=0, high=1, high_open=True),
        chipset_slots=r.choice("chipset_slots", base.chipset_slots, ("forbid", "penalize")),
        chipset_penalty=r.number("chipset_penalty", base.chipset_penalty, low=0, high=1, high_open=True),
        power_limit=r.choice("power_limit", base.power_limit, ("allow", "off")),
        dual_psu=r.choice("dual_psu", base.dual_psu, ("allow", "off")),
        circuit=r.choice("circuit", base.circuit, ("none", *CIRCUITS)),
        max_wall_watts=r.number("max_wall_watts", base.max_wall_watts, low=0, high=1_000_000),
        recommended_psu=r.choice("recommended_psu", base.recommended_psu, ("meet", "ignore")),
        min_ram_gb=r.number("min_ram_gb", base.min_ram_gb, low=0, high=1_000_000),
        ram_per_total_vram=r.number("ram_per_total_vram", base.ram_per_total_vram, low=0, high=64),
        psu_min_efficiency=r.choice("psu_min_efficiency", base.psu_min_efficiency, EFFICIENCIES),
        psu_efficiency_above_w=r.number("psu_efficiency_above_w", base.psu_efficiency_above_w, low=0, high=1_000_000),
        min_compute_capability=r.number("min_compute_capability", base.min_compute_capability, low=0, high=100),
        min_storage_gb=r.number("min_storage_gb", base.min_storage_gb, low=0, high=1_000_000),
        storage_kind=r.choice("storage_kind", base.storage_kind, ("any", "ssd", "nvme")),
        scaling=scaling,
        explicit=base.explicit | {k for k in table if k in PROFILE_DEFAULTS["recommended"]},
    )
    return rules.resolved()


def _owned(value: Any, where: str, problems: ProblemList) -> tuple[OwnedItem, ...]:
    """[parts] own = [ "gpus:x", { ref = "psus:y" }, { ref = "gpus:z", count = 2, resale_usd = 900 } ]."""
    at = f"{where}, key parts.own"
    if not isinstance(value, list):
        problems.add(at, 'must be a list of parts, e.g. [ "gpus:x", { ref = "psus:y", resale_usd = 120 } ]')
        return ()
    items = []
    for i, item in enumerate(value, 1):
        here = f"{at}[{i}]"
        item = {"ref": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or not isinstance(item.get("ref"), str) or not item["ref"].strip():
            problems.add(here, 'must be a part reference or { ref = "gpus:x", count = 1, resale_usd = 0 }')
            continue
        extra = [k for k in item if k not in ("ref", "count", "resale_usd")]
        if extra:
            problems.add(f"{here}.{extra[0]}", "is not a key of an owned part (keys: ref, count, resale_usd)")
            continue
        r = _Reader(item, f"parts.own[{i}].", where, problems)
        count = r.number("count", 1, low=1, high=8, whole=True)
        resale = _dollar_cents(r, "resale_usd", 0, positive=False)
        items.append(OwnedItem(item["ref"].strip(), count, resale, here))
    return tuple(items)


def _conditions(value: Any, where: str, problems: ProblemList) -> tuple[str, ...]:
    words = (
        [v.strip().lower() for v in value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value)
        else None
    )
    if words is None or not set(words) <= set(CONDITIONS) or "new" not in words:
        problems.add(
            f"{where}, key parts.condition",
            f'{value!r} must be ["new"] or ["new", "used"] (used offers compete with new ones)',
        )
        return ("new",)
    return tuple(c for c in CONDITIONS if c in words)


#: A default in cents, or None: what is returned when the key is absent or bad, so a whole-cents default gives cents.
_Default = TypeVar("_Default", bound=int | None)


def _dollar_cents(reader: _Reader, key: str, default: _Default, *, positive: bool = True) -> int | _Default:
    """Dollars with at most 2 decimals as cents (> 0, or >= 0 when not `positive`)."""
    value = reader.number(key, None, low=0, low_open=positive, high=MAX_BUDGET_USD)
    if value is None:
        return default
    if (value * 100).denominator != 1:
        reader._bad(key, f"{reader.table[key]!r} has more than 2 decimals (dollars and cents)")
        return default
    return int(value * 100)


def _usage(table: Any, base: Usage | None, where: str, problems: ProblemList) -> Usage | None:
    """[usage] (contract v3 section 4), merged over the base scenario's for a variant that changes some keys."""
    if not isinstance(table, dict):
        return base
    from .tco import CloudPick, Usage  # [usage] only: a scenario without it never loads the TCO code

    merged = {**(base.table if base else {}), **table}
    r = _Reader(merged, "usage.", where, problems)
    before = len(problems.items)
    for key in ("years", "hours_per_day", "gpu_utilisation", "kwh_price"):
        if key not in merged:
            r._bad(key, "is required in [usage] (years, hours_per_day, gpu_utilisation, kwh_price)")
    years = r.number("years", Fraction(1), low=0, low_open=True, high=100)
    hours = r.number("hours_per_day", Fraction(0), low=0, high=24)
    utilisation = r.number("gpu_utilisation", Fraction(0), low=0, high=1)
    price = r.number("kwh_price", Fraction(0), low=0, high=1_000_000)
    currency = r.text("currency", "USD").strip().upper()
    if not (len(currency) == 3 and currency.isalpha()):
        r._bad("currency", f"{merged['currency']!r} is not a 3-letter currency code such as USD or EUR")
    rate = r.number("rate", None, low=0, low_open=True, high=1_000_000)
    if currency != "USD" and rate is None and "rate" not in merged:
        r._bad("rate", f"is required for a kWh price in {currency} (US dollars per {currency})")
    idle = r.number("idle_w", None, low=0, high=100_000)
    pick = CloudPick()
    if "cloud_usd_per_gpu_hour" in merged or "cloud_chipset" in merged:
        hourly = r.number("cloud_usd_per_gpu_hour", None, low=0, low_open=True, high=100_000)
        chipset = r.text("cloud_chipset", "").strip()
        if "cloud" in merged:
            r._bad("cloud", "and cloud_usd_per_gpu_hour both pick the cloud to compare with; keep one")
        elif "cloud_usd_per_gpu_hour" not in merged or not chipset:
            r._bad(
                "cloud_chipset" if chipset == "" else "cloud_usd_per_gpu_hour",
                "cloud_usd_per_gpu_hour needs cloud_chipset (a gpu_models chipset) and the reverse",
            )
        pick = CloudPick(usd_per_gpu_hour=hourly, chipset=chipset)
    elif "cloud" in merged:
        cloud = merged["cloud"]
        if isinstance(cloud, str) and cloud.strip():
            pick = CloudPick(provider=cloud.strip())
        elif (
            isinstance(cloud, dict)
            and set(cloud) <= {"provider", "instance"}
            and all(isinstance(v, str) for v in cloud.values())
            and ("instance" not in cloud or "provider" in cloud)
        ):
            pick = CloudPick(provider=cloud.get("provider"), instance=cloud.get("instance"))
        else:
            r._bad("cloud", 'must be a provider ("Lambda") or { provider = "...", instance = "..." }')
    if len(problems.items) > before:
        return base
    return Usage(years, hours, utilisation, price, currency, rate or Fraction(1), idle, pick, merged)


def apply_overrides(base: Scenario, raw: dict[str, Any], where: str, *, top_level: bool = False) -> Scenario:
    """`base` changed by the keys of `raw` (a whole scenario file or one [[variants]] entry)."""
    problems = ProblemList()
    allowed = (*TOP_KEYS, *TABLES, "variants") if top_level else VARIANT_KEYS
    _check_keys(raw, allowed, "", where, problems)
    for table in TABLES:
        if table in raw:
            if isinstance(raw[table], dict):
                _check_keys(raw[table], TABLES[table], f"{table}.", where, problems)
            else:
                problems.add(f"{where}, key {table}", f"must be a table ([{table}])")
    top = _Reader(raw, "", where, problems)
    usage_table = raw.get("usage")
    if "usage" in raw and not isinstance(usage_table, dict):
        problems.add(f"{where}, key usage", "must be a table ([usage])")
    gpu = _Reader(_subtable(raw, "gpu"), "gpu.", where, problems)
    parts = _Reader(_subtable(raw, "parts"), "parts.", where, problems)
    rules_table = _subtable(raw, "rules")

    counts = base.gpu_counts
    if "counts" in gpu.table:
        value = gpu.table["counts"]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= 8 for c in value)
        ):
            gpu._bad("counts", "must be a non-empty list of whole GPU counts from 1 to 8, e.g. [1, 2]")
        else:
            counts = tuple(sorted(set(value)))

    objective = top.choice("objective", base.objective, OBJECTIVES)
    scenario = replace(
        base,
        name=top.text("name", base.name),
        description=top.text("description", base.description),
        workload=top.text("workload", base.workload),
        objective=objective,
        budget_cents=_dollar_cents(top, "budget_usd", base.budget_cents),
        min_perf=top.number("min_perf", base.min_perf, low=0, low_open=True, high=1000),
        gpu_counts=counts,
        min_gpu_memory_gb=gpu.number("min_memory_gb", base.min_gpu_memory_gb, low=0, high=10_000),
        min_total_memory_gb=gpu.number("min_total_memory_gb", base.min_total_memory_gb, low=0, high=100_000),
        rules=_rules(rules_table, base.rules, where, problems),
        exclude=parts.refs("exclude") if "exclude" in parts.table else base.exclude,
        require=parts.refs("require") if "require" in parts.table else base.require,
        prices=base.prices + tuple(scenario_rows(raw["prices"], where, problems) if "prices" in raw else ()),
        own=_owned(parts.table["own"], where, problems) if "own" in parts.table else base.own,
        conditions=_conditions(parts.table["condition"], where, problems)
        if "condition" in parts.table
        else base.conditions,
        count_resale=_flag(parts, "count_resale", base.count_resale),
        usage=_usage(usage_table, base.usage, where, problems),
        max_price_age_days=top.number("max_price_age_days", base.max_price_age_days, low=0, high=100_000, whole=True),
    )
    missing = [c for c in scenario.gpu_counts if scenario.rules.scaling is not None and c not in scenario.rules.scaling]
    if missing:
        problems.add(f"{where}, key rules.scaling", f"has no entry for GPU count {missing[0]} (allowed by gpu.counts)")
    if scenario.objective in ("min_cost", "min_tco") and scenario.min_perf is None:
        problems.add(
            f"{where}, key min_perf", f"is required by objective {scenario.objective} (the performance to reach)"
        )
    if (
        scenario.objective in TCO_OBJECTIVES
        and scenario.usage is None
        and not any(p.where.endswith("usage") for p in problems.items)
    ):
        problems.add(
            f"{where}, key objective",
            f"{scenario.objective} needs a [usage] table (years, hours_per_day, gpu_utilisation, kwh_price)",
        )
    problems.raise_if_any(f"Scenario {where} cannot be used")
    return scenario


def _flag(reader: _Reader, key: str, default: bool) -> bool:
    value = reader.table.get(key, default)
    if not isinstance(value, bool):
        reader._bad(key, f"{value!r} is not true or false")
        return default
    return value


def scenario_from_dict(raw: dict[str, Any], *, source: str = "scenario", base_dir: Path | None = None) -> Scenario:
    """A checked Scenario from the parsed TOML of a scenario file."""
    problems = ProblemList()
    if "workload" not in raw:
        problems.add(f"{source}", 'has no key workload (e.g. workload = "kaggle")')
    variants = raw.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, dict) for v in variants):
        problems.add(f"{source}, key variants", "must be an array of tables ([[variants]])")
        variants = []
    problems.raise_if_any(f"Scenario {source} cannot be used")
    catalog = None
    if "catalog" in raw:
        if not isinstance(raw["catalog"], str):
            raise InputError(f"Scenario {source} cannot be used", [_p(f"{source}, key catalog", "must be a path")])
        catalog = (base_dir or Path.cwd()) / raw["catalog"]
    base = Scenario(workload="", source=source, catalog=catalog)
    scenario = apply_overrides(base, raw, source, top_level=True)
    names = []
    for index, variant in enumerate(variants, 1):
        name = variant.get("name")
        where = f"{source}, variant {index}"
        if not isinstance(name, str) or not name:
            raise InputError(f"Scenario {source} cannot be used", [_p(where, "has no name")])
        if name in names:
            raise InputError(f"Scenario {source} cannot be used", [_p(where, f"repeats the name {name!r}")])
        names.append(name)
        apply_overrides(scenario, variant, f"{source}, variant {name!r}")  # check it now, apply later
    return replace(scenario, variants=tuple(variants))


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file ("-": standard input); the `catalog` key is resolved relative to the
    file (to the working directory for standard input)."""
    file = Path(path)
    raw = read_toml(file, "Scenario")
    return scenario_from_dict(raw, source="standard input" if str(path) == STDIN else file.name, base_dir=file.parent)


def _pairs(pairs: Iterable[str], where: str, subject: str) -> list[tuple[str, Any]]:
    """KEY=VALUE texts as (key, value), each value read as TOML (bare words such as penalize as text)."""
    out = []
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(subject, [_p(where, f"{pair!r} is not KEY=VALUE")])
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):  # not TOML, an integer too long, too deep
            value = raw
        out.append((key.strip(), value))
    return out


def adhoc_variant(name: str, sets: Iterable[str] = (), prices: Iterable[str] = ()) -> dict[str, Any]:
    """A [[variants]] table from KEY=VALUE settings ("budget_usd=4000", "rules.adjacent_open_air=penalize")
    and REF=USD prices ("gpus:x=1499"), as the command's --set and --price give them. It is checked when
    applied, like any variant."""
    subject = f"Ad-hoc variant {name!r}"
    raw: dict[str, Any] = {"name": name}
    for key, value in _pairs(sets, "--set", subject):
        table, _, sub = key.rpartition(".")
        if table:
            raw.setdefault(table, {})[sub] = value
        else:
            raw[key] = value
    for ref, value in _pairs(prices, "--price", subject):
        raw.setdefault("prices", {})[ref] = value
    return raw


def chosen_variants(
    scenario: Scenario,
    names: Iterable[str] = (),
    sets: Iterable[str] = (),
    prices: Iterable[str] = (),
    adhoc_name: str = "command line",
) -> list[dict[str, Any]]:
    """The raw [[variants]] tables to compare: those called `names` (all of them when none is named), plus
    an ad-hoc one when settings or prices are given. A name the scenario lacks is an InputError at "--variant"."""
    names, sets, prices = tuple(names), tuple(sets), tuple(prices)
    missing = [n for n in names if n not in scenario.variant_names()]
    if missing:
        known = ", ".join(scenario.variant_names()) or "none"
        message = f"{missing[0]!r} is not a variant of {scenario.source} (variants: {known})"
        raise InputError(f"Scenario {scenario.source}", [_p("--variant", message)])
    raws = [v for v in scenario.variants if not names or v.get("name") in names]
    if sets or prices:
        raws.append(adhoc_variant(adhoc_name, sets, prices))
    return raws
