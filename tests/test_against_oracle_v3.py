"""The solver against the enumerator (tests/oracle.py) on contract v3: price lists, [prices], conditions, owned
parts, dated prices, [usage] with energy, TCO and the cloud comparison, on the generator's v3 instances.

The solver is driven through its command line, the contract's surface for these features (`--prices FILE`,
repeatable; `--cost purchase|tco`; JSON output), run in this process: a child process per instance would spend
most of the module's time importing the same libraries again. The enumerator decides the same instance with the
same price lists and today's date. Only seeds whose instance uses v3 (gen.v3_features) are collected, so none of
them passes without comparing anything.

The JSON names read are the contract's words (contract v3 §3-§5); _solver_answer() is the one place that reads
them, so a solver that spells one differently changes only that function:
- per part in `build`: `offer` {"condition", "date", "source", "kind", "price_usd"} for a part with a unit bought,
  and `owned` (the number of units owned) for an owned part;
- `prices`: {"catalog_dates", "today", "stale"};
- `tco` (with [usage]): {"purchase", "spend", "energy_kwh", "energy_cost", "total", "cloud": {"provider",
  "instance", "hourly", "cost"}, "break_even_month"} in dollars and kWh;
- `power` and `layout` as in contract v2 §7.
"""

from __future__ import annotations

import datetime
import json
from fractions import Fraction
from pathlib import Path

import gen
import oracle
import pytest
from conftest import CommandLine
from hypothesis import HealthCheck, given, settings

SEEDS = [seed for seed in range(240) if gen.v3_features(*gen.v3_instance(seed))]
WITH_USAGE = {seed for seed in SEEDS if "usage" in gen.v3_instance(seed)[1]}
TCO = ("min_tco", "perf_per_tco_dollar")  # they, and the TCO frontier, need [usage]


def _write(tmp: Path, rows: dict, scenario: dict, price_lists: list) -> tuple[Path, Path, list[Path]]:
    catalog = gen.write_catalog(rows, tmp / "catalog")
    files = [gen.write_price_list(rows_, tmp / f"prices{i}.csv") for i, rows_ in enumerate(price_lists)]
    return catalog, gen.write_scenario(scenario, tmp / "scenario.toml"), files


def _run(
    cli: CommandLine, command: str, scenario: Path, catalog: Path, files: list[Path], *extra: str
) -> tuple[int, dict | None]:
    args = [command, scenario, "--catalog", catalog, "--format", "json"]
    for file in files:
        args += ["--prices", file]
    code, out, _ = cli(*args, *extra)
    return code, (json.loads(out) if out.strip() else None)


def _cents(dollars) -> int:
    return round(Fraction(str(dollars)) * 100)


def _solver_answer(out: dict) -> dict:
    """What the comparison reads from `solve --format json` (see the module docstring for the names)."""
    build = out["build"]
    return {
        "ids": oracle.ids_from_json(build, out.get("power")),
        "offers": {f"{stem}:{part['id']}": part["offer"] for stem, part in _parts(build) if part.get("offer")},
        "owned": {f"{stem}:{part['id']}": part["owned"] for stem, part in _parts(build) if part.get("owned")},
        "prices": out["prices"],
        "tco": out.get("tco"),
        "cost_cents": _cents(out["cost_usd"]),
    }


_STEMS = {
    "gpu": "gpus",
    "cpu": "cpus",
    "motherboard": "motherboards",
    "memory": "memory",
    "psu": "psus",
    "case": "cases",
    "cooler": "coolers",
    "storage": "storage",
}


def _parts(build: dict):
    return [(_STEMS[slot], part) for slot, part in build.items() if slot in _STEMS and part]


def _agree(cli: CommandLine, tmp: Path, rows: dict, scenario: dict, price_lists: list) -> None:
    catalog_dir, scenario_path, files = _write(tmp, rows, scenario, price_lists)
    today = datetime.date.today()
    cat = oracle.load_catalog(catalog_dir)
    s3 = oracle.settings_v3(cat, scenario, [oracle.read_price_list(f) for f in files])
    expected, best = oracle.optimum_v3(cat, s3)
    code, out = _run(cli, "solve", scenario_path, catalog_dir, files)
    if expected is None:
        assert code == 3 and out["status"] == "infeasible", "the solver found a build where the enumerator found none"
        return
    assert code == 0 and out["status"] == "optimal"
    got = _solver_answer(out)
    mine = oracle.make_build_v3(cat, s3, **got["ids"])
    assert oracle.check_v3(cat, s3, mine) == [], "the solver's build breaks a rule"
    assert oracle.objective_value_v3(s3.objective, mine) == expected
    assert got["cost_cents"] == mine.cost_cents
    assert got["owned"] == dict(mine.owned)
    assert set(got["offers"]) == {ref for ref, _ in mine.offers}
    for ref, offer in mine.offers:
        shown = got["offers"][ref]
        assert (shown["condition"], shown["date"], shown["kind"], _cents(shown["price_usd"])) == (
            offer.condition,
            offer.date.isoformat() if offer.date else None,
            offer.kind,
            offer.price_cents,
        ), ref
    assert got["prices"]["catalog_dates"] == oracle.catalog_dates(cat)
    assert got["prices"]["today"] == today.isoformat()
    assert set(got["prices"]["stale"]) == set(oracle.stale_refs(s3, mine, today))
    if s3.usage is None:
        assert got["tco"] is None
        return
    tco = got["tco"]
    assert (_cents(tco["purchase"]), _cents(tco["spend"])) == (mine.cost_cents, mine.spend_cents)
    assert (_cents(tco["energy_cost"]), _cents(tco["total"])) == (mine.energy_cents, mine.tco_cents)
    assert round(Fraction(str(tco["energy_kwh"])), 1) == round(mine.energy_wh / 1000, 1)
    comparison = oracle.compare_cloud(s3, mine)
    if comparison is None:
        assert tco.get("cloud") is None
        return
    cloud = tco["cloud"]
    assert (cloud["provider"], cloud["instance"]) == (comparison.cloud.provider, comparison.cloud.instance)
    assert Fraction(str(cloud["hourly"])) == comparison.cloud.usd_per_hour
    assert _cents(cloud["cost"]) == round(comparison.cost_cents)
    assert tco["break_even_month"] == comparison.break_even_month


@pytest.mark.parametrize("seed", SEEDS)
def test_v3_optimum_matches_the_enumerator(cli, tmp_path, seed):
    _agree(cli, tmp_path, *gen.v3_instance(seed))


@pytest.mark.parametrize(
    ("seed", "objective"),
    [
        (seed, objective)
        for seed in SEEDS[::6]
        for objective in oracle.OBJECTIVES_V3
        if objective not in TCO or seed in WITH_USAGE
    ],
)
def test_every_v3_objective_matches_the_enumerator(cli, tmp_path, seed, objective):
    rows, scenario, price_lists = gen.v3_instance(seed)
    scenario = {**scenario, "objective": objective}
    if objective in ("min_cost", "min_tco"):
        scenario.setdefault("min_perf", 1.0)
    _agree(cli, tmp_path, rows, scenario, price_lists)


@pytest.mark.parametrize(
    ("seed", "basis"),
    [(seed, basis) for seed in SEEDS[::4] for basis in oracle.COST_BASES if basis == "purchase" or seed in WITH_USAGE],
)
def test_v3_frontier_matches_the_enumerated_pareto_set(cli, tmp_path, seed, basis):
    rows, scenario, price_lists = gen.v3_instance(seed)
    catalog_dir, scenario_path, files = _write(tmp_path, rows, scenario, price_lists)
    expected = oracle.pareto_v3(
        oracle.load_catalog(catalog_dir), scenario, basis, [oracle.read_price_list(f) for f in files]
    )
    code, out = _run(cli, "frontier", scenario_path, catalog_dir, files, "--cost", basis)
    assert out["status"] == ("optimal" if expected else "infeasible")
    money = "total" if basis == "tco" else "purchase"
    found = [
        (
            _cents(point["tco"][money]) if basis == "tco" else _cents(point["cost_usd"]),
            Fraction(str(point["performance"])),
        )
        for point in out["points"]
    ]
    assert [cents for cents, _ in found] == [cents for cents, _ in expected]
    assert all(abs(perf - want) < Fraction(1, 10**6) for (_, perf), (_, want) in zip(found, expected))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(gen.v3_catalogs_scenarios_and_price_lists())
def test_hypothesis_v3_instances_match_the_enumerator(cli, tmp_path_factory, instance):
    _agree(cli, tmp_path_factory.mktemp("v3"), *instance)
