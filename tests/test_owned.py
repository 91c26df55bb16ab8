"""Build model v3 section 2: parts you own. Owned parts are required (R15), cost nothing or their counted resale
value, and R14 limits what is spent; the shipped upgrade scenario is answered by solve, frontier and sweep."""

from __future__ import annotations

import json

import pytest
from conftest import MINI, SCENARIOS

from solver.api import solve
from solver.errors import InputError
from solver.instance import bind
from solver.scenario import load_scenario, scenario_from_dict
from solver.status import ExitStatus

UPGRADE = SCENARIOS / "upgrade-4090.toml"
OWNED_GPU = "asus-tuf-gaming-og-oc-geforce-rtx-4090-24-gb"
OWNED_PSU = "antec-ne1000g-m-atx3-0-1000-w"


def mini(**extra):
    return scenario_from_dict({"catalog": str(MINI), "workload": "kaggle", **extra})


def test_the_budget_limits_spend_not_the_owned_card(mini_catalog):
    """$1,000 buys no RTX 4090 build, but it buys the rest around an owned one (R14 on spend)."""
    assert solve(mini_catalog, mini(objective="max_perf", budget_usd=1000)).build.gpu.part.id != "rtx4090-tuf"
    result = solve(mini_catalog, mini(objective="max_perf", budget_usd=1000, parts={"own": ["gpus:rtx4090-tuf"]}))
    b = result.build
    assert result.status == "optimal" and b.gpu.part.id == "rtx4090-tuf" and b.gpu.owned == 1
    assert b.spend_cents <= 100000 and b.cost_cents == b.spend_cents  # resale not counted: the card costs 0
    assert next(c for c in result.checks if c.rule == "R14").detail.startswith("spend $")


def test_counted_resale_enters_the_cost_but_not_the_spend(mini_catalog):
    own = {"own": [{"ref": "gpus:rtx4090-tuf", "resale_usd": 1200}], "count_resale": True}
    b = solve(mini_catalog, mini(objective="max_perf", budget_usd=1000, parts=own)).build
    assert b.cost_cents == b.spend_cents + 120000 and b.gpu.owned_cents == 120000


def test_a_second_card_of_an_owned_model_is_bought(mini_catalog):
    b = solve(
        mini_catalog,
        mini(objective="max_perf", budget_usd=6000, gpu={"counts": [2]}, parts={"own": ["gpus:rtx3090-turbo"]}),
    ).build
    assert (b.gpu.part.id, b.gpu.count, b.gpu.owned, b.gpu.bought) == ("rtx3090-turbo", 2, 1, 1)
    assert b.gpu.spend_cents == 159999


def test_an_owned_part_that_cannot_be_used_is_infeasible_and_explained(mini_catalog):
    result = solve(
        mini_catalog,
        mini(
            objective="max_perf", budget_usd=6000, parts={"own": ["gpus:rtx4090-tuf"], "exclude": ["gpus:rtx4090-tuf"]}
        ),
    )
    assert result.status == "infeasible" and "owned gpus:rtx4090-tuf" in result.explanation.text()


@pytest.mark.parametrize(("own", "words"), [
    (["gpus:rtx4090-tuf", "gpus:rtx3090-turbo"], "are two GPU models; a build holds one"),
    ([{"ref": "psus:psu-1000", "count": 2}], "a count is for GPUs and memory kits only"),
    (["gpus:rtx4090-tuf", "gpus:rtx4090-tuf"], "is owned twice"),
    (["gpus:rtx4090-tf"], "names no part in the catalog"),
])  # fmt: skip
def test_owning_what_no_build_can_hold_is_an_input_error(own, words, mini_catalog):
    with pytest.raises(InputError, match=words):
        bind(mini_catalog, mini(objective="max_perf", parts={"own": own}))


def test_owned_entries_are_checked_in_the_scenario():
    with pytest.raises(InputError, match=r"parts.own\[1\].resale_usd"):
        mini(parts={"own": [{"ref": "gpus:rtx4090-tuf", "resale_usd": -1}]})
    with pytest.raises(InputError, match=r"parts.own\[1\].price: is not a key of an owned part"):
        mini(parts={"own": [{"ref": "gpus:rtx4090-tuf", "price": 1}]})


def test_the_upgrade_scenario_with_solve(cli):
    code, out, _ = cli("solve", UPGRADE, "--format", "json")
    data = json.loads(out)
    assert code == ExitStatus.OK and data["status"] == "optimal"
    gpu, psu = data["build"]["gpu"], data["build"]["psu"]
    assert (gpu["id"], gpu["owned"], psu["id"], psu["owned"]) == (OWNED_GPU, 1, OWNED_PSU, 1)
    assert "offer" not in gpu and "offer" not in psu  # nothing of them is bought
    assert data["spend_usd"] <= 2000 and data["spend_usd"] == data["cost_usd"]
    spent = sum(p["price_usd"] * p.get("count", 1) for p in data["build"].values() if p and not p.get("owned"))
    assert data["spend_usd"] == pytest.approx(spent)
    code, out, _ = cli("solve", UPGRADE)
    flat = " ".join(out.split())  # the table wraps at the terminal's width
    assert "24 GB (owned)" in flat and "Spend:" in out and "GPU: owned, counted at $0" in flat


def test_the_upgrade_scenario_with_frontier_and_sweep(cli, shipped_catalog):
    code, out, _ = cli("frontier", UPGRADE, "--format", "json")
    data = json.loads(out)
    assert code == ExitStatus.OK and data["points"]
    assert all(p["build"]["gpu"]["owned"] == 1 and p["build"]["psu"]["id"] == OWNED_PSU for p in data["points"])
    cheapest = data["points"][0]["spend_usd"]
    code, out, _ = cli(
        "sweep", UPGRADE, "--budgets", f"{int(cheapest) - 1},{int(cheapest) + 1},2000", "--format", "json"
    )
    points = json.loads(out)["points"]
    assert [p["status"] for p in points] == ["infeasible", "optimal", "optimal"]
    assert points[1]["build"]["gpu"]["owned"] == 1 and points[2]["spend_usd"] <= 2000
    # The same answer as solve at the scenario's own budget.
    solved = solve(shipped_catalog, load_scenario(UPGRADE), bindings=False)
    assert points[2]["cost_usd"] == solved.build.cost_cents / 100 and points[2]["performance"] == float(
        solved.build.performance
    )
