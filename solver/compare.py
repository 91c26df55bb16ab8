"""What-if comparisons (spec §5): the base scenario and its variants solved on one catalog, side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from . import interrupt
from .catalog import Catalog
from .diff import Change, diff_builds, pick_key, summary
from .errors import InputError
from .instance import bind
from .notebook import Rendered
from .optimize import Options
from .result import Result
from .scenario import Scenario, apply_overrides
from .solving import solve_instance
from .text import num, usd


@dataclass(frozen=True)
class Outcome:
    """One variant: its result, what it changed, and how its build differs from the base's."""

    name: str
    scenario: Scenario
    result: Result
    changed: list[str]  # "budget $3,000.00 -> $4,000.00", "price of gpus:x $1,999.99 -> $1,499.00"
    changes: list[Change]


@dataclass(frozen=True)
class Comparison(Rendered):
    """The base scenario's result and each variant's; every result carries the instance it was solved on."""

    command: ClassVar[str] = "compare"  # solver.notebook: to_dict(), to_frame(), _repr_html_()

    base: Result
    scenario: Scenario
    variants: list[Outcome]

    def summary(self, outcome: Outcome) -> str:
        return summary(self.base.build, outcome.result.build, outcome.changes)


def single_changes(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A variant split into its individual changes, each as (key, override table)."""
    out = []
    for key, value in raw.items():
        if key == "name":
            continue
        if isinstance(value, dict) and key in ("rules", "gpu", "parts", "prices", "usage"):
            out += [(f"{key}.{sub}", {key: {sub: v}}) for sub, v in value.items()]
        else:
            out.append((key, {key: value}))
    return out


def describe(base: Scenario, catalog: Catalog, key: str, changed: Scenario) -> str:
    """ "budget $3,000.00 -> $4,000.00": one change in the words of the scenario file."""
    if key.startswith("prices."):
        return _price_change(base, catalog, key.partition(".")[2], changed)
    if key.startswith("usage."):
        # Contract v3 section 4: a variant may change [usage] keys, e.g. the electricity price.
        name = key.partition(".")[2]
        show = lambda u: "none" if u is None or name not in u.table else str(u.table[name])  # noqa: E731
        return f"{key} {show(base.usage)} -> {show(changed.usage)}"
    if key in ("parts.own", "parts.condition", "parts.count_resale"):
        words = {"parts.own": lambda s: "[" + ", ".join(o.part for o in s.own) + "]",
                 "parts.condition": lambda s: "[" + ", ".join(s.conditions) + "]",
                 "parts.count_resale": lambda s: str(s.count_resale).lower()}[key]  # fmt: skip
        return f"{key} {words(base)} -> {words(changed)}"
    if key == "budget_usd":
        show = lambda c: "none" if c is None else usd(c)  # noqa: E731
        return f"budget {show(base.budget_cents)} -> {show(changed.budget_cents)}"
    table, _, name = key.rpartition(".")
    attr = {
        "gpu.counts": "gpu_counts",
        "gpu.min_memory_gb": "min_gpu_memory_gb",
        "gpu.min_total_memory_gb": "min_total_memory_gb",
        "parts.exclude": "exclude",
        "parts.require": "require",
    }.get(key, name)
    holder_before, holder_after = (base.rules, changed.rules) if table == "rules" else (base, changed)
    before, after = getattr(holder_before, attr, None), getattr(holder_after, attr, None)

    def text(v: Any) -> str:
        if v is None:
            return "none"
        if hasattr(v, "denominator"):
            return num(v)
        return "[" + ", ".join(map(str, v)) + "]" if isinstance(v, tuple) else str(v)

    return f"{key} {text(before)} -> {text(after)}" if key != "rules.scaling" else "rules.scaling changed"


def _price_change(base: Scenario, catalog: Catalog, name: str, changed: Scenario) -> str:
    """ "price of gpus:x $1,999.99 -> $1,499.00": the variant's row for the part against what it cost before (the
    base scenario's own row for it, else the catalog's)."""
    from .offers import normalised

    mine = lambda rows: [r for r in rows if normalised(r.part) == normalised(name)]  # noqa: E731
    after = mine(changed.prices)[-1]
    earlier = [r for r in mine(base.prices) if r.condition == after.condition]
    part = catalog.find(name)
    before = earlier[-1].price_cents if earlier else (part.price_cents if part and after.condition == "new" else None)
    used = " (used)" if after.condition == "used" else ""
    return f"price of {name}{used} {'none' if before is None else usd(before)} -> {usd(after.price_cents)}"


def compare(
    catalog: Catalog,
    scenario: Scenario,
    *,
    variants: list[dict[str, Any]] | None = None,
    options: Options | None = None,
    base: Result | None = None,
    progress: Callable[[str], None] | None = None,
) -> Comparison:
    """Solve the base and each variant (raw [[variants]] tables; the scenario's own by default) on
    `catalog`; `base` is the base scenario's result when it is already solved. When a variant changes
    several things, each change is also solved alone, so every changed part is credited to the changes
    that alone bring it about (those solves need only the build). A comparison shows no binding rules,
    so its results come without them (`solving.with_bindings` adds them). `progress` hears the name of each
    scenario solved: "base", then each variant's."""
    options = options or Options()
    tell = progress or (lambda name: None)
    run = lambda s: solve_instance(bind(catalog, s), options, bindings=False)  # noqa: E731
    base = base or run(scenario)
    tell("base")
    outcomes = []
    for raw in variants if variants is not None else list(scenario.variants):
        name = str(raw.get("name", "variant"))
        where = f"{scenario.source}, variant {name!r}"
        variant = apply_overrides(scenario, raw, where)  # the whole variant must be valid, not each change
        result = run(variant)
        singles = single_changes(raw)
        changed = [describe(scenario, catalog, key, variant) for key, _ in singles]
        changes = []
        if base.build is not None and result.build is not None:
            changes = diff_builds(base.build, result.build)
            if len(singles) > 1:
                units = alone_units(scenario, singles, where)
                builds = [_build_alone(catalog, s, options) for _, s in units]
            else:
                units, builds = [((i,), variant) for i in range(len(singles))], [result.build] * len(singles)
            credited = []
            for change in changes:
                target = pick_key(result.build.picks()[change.slot])
                causes = [" together with ".join(changed[i] for i in members)
                          for (members, _), build in zip(units, builds)
                          if build is not None and pick_key(build.picks()[change.slot]) == target]  # fmt: skip
                cause = "; ".join(causes) if causes else f"only the changes together ({', '.join(changed)})"
                if interrupt.requested() is not None:  # a build found before the stop, or a change never solved alone
                    cause = "not credited: interrupted"
                credited.append(Change(change.slot, change.before, change.after, cause))
            changes = credited
        outcomes.append(Outcome(name, variant, result, changed, changes))
        tell(name)
    return Comparison(base, scenario, outcomes)


def alone_units(
    base: Scenario, singles: list[tuple[str, dict[str, Any]]], where: str
) -> list[tuple[tuple[int, ...], Scenario]]:
    """The scenarios that credit a variant's changes: each change applied alone, or, when it makes no valid
    scenario alone (objective = "min_cost" needs min_perf; gpu.counts needs its rules.scaling entries),
    together with the first other change that makes one, or else with all of them (the variant itself,
    valid by then). Each as (indices of the changes in `singles`, scenario), none twice."""

    def valid(members: tuple[int, ...]) -> Scenario | None:
        table: dict[str, Any] = {}
        for i in members:
            for key, value in singles[i][1].items():
                table[key] = (
                    {**table[key], **value} if isinstance(value, dict) and isinstance(table.get(key), dict) else value
                )
        try:
            return apply_overrides(base, table, where)
        except InputError:
            return None

    units: dict[tuple[int, ...], Scenario] = {}
    everything = tuple(range(len(singles)))
    for i in everything:
        for members in [(i,), *(tuple(sorted((i, j))) for j in everything if j != i), everything]:
            scenario = units.get(members) or valid(members)
            if scenario is not None:
                units[members] = scenario
                break
    return list(units.items())


def _build_alone(catalog: Catalog, scenario: Scenario, options: Options):
    """The build of a scenario with one of a variant's changes: no explanation or binding rules needed."""
    return solve_instance(bind(catalog, scenario), options, explain_infeasible=False, bindings=False).build
