"""Build model v3 section 1 and 3: price lists (--prices, [prices] in both forms), currencies, conditions, dated
offers and the stale-price warning, through the command line on the mini catalog."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import pytest
from conftest import MINI, write

from solver.errors import InputError
from solver.instance import bind
from solver.offers import read_price_list, usd_cents
from solver.scenario import scenario_from_dict
from solver.status import ExitStatus

TUF = "ASUS TUF Gaming GeForce RTX 4090 24 GB"


@pytest.fixture
def scenario(tmp_path) -> Path:
    return write(
        tmp_path / "s.toml",
        f'name = "prices"\ncatalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 2400\n',
    )


def test_a_price_list_makes_a_card_affordable_and_shows_its_offer(cli, tmp_path, scenario):
    code, out, _ = cli("solve", scenario, "--format", "json")
    assert code == 0 and json.loads(out)["build"]["gpu"]["id"] != "rtx4090-tuf"  # $1,999.99 leaves too little
    prices = write(
        tmp_path / "eur.csv",
        f"part,price,currency,rate,date,source\n{TUF.upper()},999.95,eur,1.1,2025-08-01,https://shop.example/4090\n",
    )
    code, out, _ = cli("solve", scenario, "--prices", prices, "--format", "json")
    data = json.loads(out)
    gpu = data["build"]["gpu"]
    assert code == 0 and gpu["id"] == "rtx4090-tuf"
    # 999.95 x 1.1 = 1,099.945: half to even gives $1,099.94 (floats and half-up would say $1,099.95).
    assert gpu["price_usd"] == 1099.94
    assert gpu["offer"] == {
        "condition": "new",
        "date": "2025-08-01",
        "source": "https://shop.example/4090",
        "kind": "user",
        "price_usd": 1099.94,
        "converted_from": "EUR 999.95 at 1.1 USD/EUR",
    }
    assert data["prices"]["today"] == datetime.date.today().isoformat() and data["prices"]["catalog_dates"] == []


def test_later_files_and_then_the_scenario_win(cli, tmp_path):
    first = write(tmp_path / "a.csv", "part,price\ngpus:rtx4090-tuf,1200\n")
    second = write(tmp_path / "b.csv", "part,price\ngpus:rtx4090-tuf,1300\n")
    text = f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 3000\n'
    plain = write(tmp_path / "plain.toml", text)
    code, out, _ = cli("solve", plain, "--prices", first, "--prices", second, "--format", "json")
    assert json.loads(out)["build"]["gpu"]["price_usd"] == 1300.0
    table = write(
        tmp_path / "table.toml",
        text + '[prices]\n"gpus:rtx4090-tuf" = { price = 1250, date = 2025-09-01, source = "quote" }\n',
    )
    code, out, _ = cli("solve", table, "--prices", first, "--prices", second, "--format", "json")
    assert json.loads(out)["build"]["gpu"]["offer"] == {
        "condition": "new",
        "date": "2025-09-01",
        "source": "quote",
        "kind": "user",
        "price_usd": 1250.0,
    }
    dollars = write(tmp_path / "dollars.toml", text + f'[prices]\n"{TUF}" = 1150\n')
    code, out, _ = cli("solve", dollars, "--prices", first, "--format", "json")
    data = json.loads(out)
    assert (
        data["build"]["gpu"]["offer"]["date"] is None and "gpus:rtx4090-tuf" in data["prices"]["stale"]
    )  # undated: named


def test_used_offers_compete_only_when_allowed(cli, tmp_path):
    used = write(
        tmp_path / "used.csv", "part,price,date,source,condition\ngpus:rtx4090-tuf,900,2025-08-02,marketplace,used\n"
    )
    text = f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\nbudget_usd = 2200\n'
    new_only = write(tmp_path / "new.toml", text)
    code, out, _ = cli("solve", new_only, "--prices", used, "--format", "json")
    assert json.loads(out)["build"]["gpu"]["id"] != "rtx4090-tuf"
    both = write(tmp_path / "both.toml", text + '[parts]\ncondition = ["new", "used"]\n')
    code, out, _ = cli("solve", both, "--prices", used, "--format", "json")
    gpu = json.loads(out)["build"]["gpu"]
    assert gpu["id"] == "rtx4090-tuf" and gpu["offer"]["condition"] == "used" and gpu["price_usd"] == 900.0
    code, out, _ = cli("solve", both, "--prices", used)
    assert "$900.00 used, 2025-08-02, marketplace  [your price list]" in out


@pytest.mark.parametrize(("text", "where", "words"), [
    ("part,price\ngpus:rtx4090-tuf,-5\n", "line 2, column price", "not a positive price"),
    ("part,price\ngpus:rtx4090-tuf,12.345\n", "line 2, column price", "more than 2 decimals"),
    ("part,price\ngpus:rtx4090-tuf,abc\n", "line 2, column price", ""),
    ("part,price,currency\ngpus:rtx4090-tuf,100,EURO\n", "line 2, column currency", "3-letter"),
    ("part,price,currency\ngpus:rtx4090-tuf,100,EUR\n", "line 2, column rate", "is required for a price in EUR"),
    ("part,price,rate\ngpus:rtx4090-tuf,100,0\n", "line 2, column rate", "not a positive exchange rate"),
    ("part,price,date\ngpus:rtx4090-tuf,100,01/08/2025\n", "line 2, column date", "YYYY-MM-DD"),
    ("part,price,date\ngpus:rtx4090-tuf,100,2025-02-30\n", "line 2, column date", "not a calendar date"),
    ("part,price,condition\ngpus:rtx4090-tuf,100,refurbished\n", "line 2, column condition", "new, used"),
    ("part,price\n,100\n", "line 2, column part", "is empty"),
    ("part,cost\ngpus:rtx4090-tuf,100\n", "line 1, column cost", "not a price-list column"),
    ("name,price\ngpus:rtx4090-tuf,100\n", "line 1", "has no column part"),
])  # fmt: skip
def test_every_bad_cell_refuses_the_file_with_its_line_and_column(cli, tmp_path, scenario, text, where, words):
    prices = write(tmp_path / "bad.csv", text)
    code, _, err = cli("solve", scenario, "--prices", prices)
    assert code == ExitStatus.INPUT_ERROR
    assert f"bad.csv {where}" in err and words in err and "Traceback" not in err


def test_a_row_naming_no_part_lists_the_nearest_names(cli, tmp_path, scenario):
    prices = write(
        tmp_path / "typo.csv", "part,price\nASUS TUF Gaming GeForce RTX 4090 24GB,1500\ngpus:rtx4090-tuff,1500\n"
    )
    code, _, err = cli("solve", scenario, "--prices", prices)
    assert code == ExitStatus.INPUT_ERROR
    assert (
        "typo.csv line 2, column part: 'ASUS TUF Gaming GeForce RTX 4090 24GB' "
        f'names no part in the catalog (nearest: "{TUF}"' in err
    )
    assert "typo.csv line 3, column part" in err and '"gpus:rtx4090-tuf"' in err


def test_a_missing_price_list_is_an_input_error(cli, scenario, tmp_path):
    code, _, err = cli("solve", scenario, "--prices", tmp_path / "nope.csv")
    assert code == ExitStatus.INPUT_ERROR and "nope.csv: does not exist" in err


def test_scenario_price_entries_are_checked_by_key(mini_catalog):
    base = {"catalog": str(MINI), "workload": "kaggle"}
    with pytest.raises(InputError, match=r"key prices.gpus:rtx4090-tuf.rate: is required for a price in GBP"):
        scenario_from_dict({**base, "prices": {"gpus:rtx4090-tuf": {"price": 1000, "currency": "GBP"}}})
    with pytest.raises(InputError, match=r"prices.gpus:rtx4090-tuf.cost: is not a key of a price entry"):
        scenario_from_dict({**base, "prices": {"gpus:rtx4090-tuf": {"price": 1000, "cost": 3}}})
    scenario = scenario_from_dict({**base, "prices": {"gpus:nothing": 1000}})
    with pytest.raises(InputError, match="names no part in the catalog"):
        bind(mini_catalog, scenario)


def test_usd_cents_rounds_half_to_even_exactly():
    from fractions import Fraction

    assert usd_cents(Fraction("999.95"), Fraction("1.1")) == 109994
    assert usd_cents(Fraction("0.125"), Fraction(1)) == 12 and usd_cents(Fraction("0.135"), Fraction(1)) == 14


def test_stale_prices_are_named_against_today(tmp_path, mini_catalog):
    prices = write(tmp_path / "p.csv", "part,price,date\ngpus:rtx4090-tuf,1500,2025-01-01\n")
    rows = read_price_list(prices)
    raw = {"catalog": str(MINI), "workload": "kaggle", "objective": "max_perf", "budget_usd": 5000,
           "max_price_age_days": 180,
           "parts": {"require": ["gpus:rtx4090-tuf"]}}  # fmt: skip
    scenario = scenario_from_dict(raw).with_values(price_lists=(tuple(rows),))
    from solver.api import solve_instance

    for today, stale in ((datetime.date(2025, 6, 30), False), (datetime.date(2025, 7, 1), True)):  # 180 days, then 181
        build = solve_instance(bind(mini_catalog, scenario, today=today), bindings=False).build
        assert ("gpus:rtx4090-tuf" in build.stale) == stale
        assert "cpus:" in " ".join(build.stale)  # the mini catalog's rows are undated: always named
    quiet = scenario.with_values(max_price_age_days=0)
    assert solve_instance(bind(mini_catalog, quiet), bindings=False).build.stale == ()


@pytest.mark.parametrize("command", ["frontier", "sweep", "compare", "report", "check"])
def test_every_command_takes_price_lists(cli, tmp_path, scenario, command):
    prices = write(tmp_path / "p.csv", "part,price,date,source\ngpus:rtx4090-tuf,1100,2025-08-01,quote\n")
    if command == "check":
        roomy = write(tmp_path / "roomy.toml", scenario.read_text().replace("budget_usd = 2400", "budget_usd = 6000"))
        build = write(tmp_path / "b.toml", f'scenario = "{roomy.name}"\n[build]\n'
                      'gpu = "gpus:rtx3090-turbo"\ngpu_count = 2\n'
                      'cpu = "ryzen5-7600"\nmotherboard = "x670e-proart"\n'
                      'memory = "memory:ddr5-2x16"\npsu = "psus:psu-1000"\n'
                      'case = "cases:meshify2"\nstorage = "storage:sn770-1tb"\n')  # fmt: skip
        cheap = write(tmp_path / "3090.csv", "part,price,date,source\ngpus:rtx3090-turbo,700,2025-08-01,quote\n")
        code, out, _ = cli("check", build, "--prices", cheap, "--format", "json")
        data = json.loads(out)
        assert code == ExitStatus.OK and data["build"]["gpu"]["offer"]["price_usd"] == 700.0
        assert "storage:sn770-1tb" in data["prices"]["stale"]  # an undated catalog row
        return
    extra = {"frontier": ["--format", "json"], "sweep": ["--budgets", "2000,3000", "--format", "json"],
             "compare": ["--set", "budget_usd=4000", "--format", "json"],
             "report": ["-o", tmp_path / "r.html"]}[command]  # fmt: skip
    code, out, _ = cli(command, scenario, "--prices", prices, *extra)
    assert code == 0
    if command == "report":
        assert "1,100.00" in (tmp_path / "r.html").read_text()
        return
    data = json.loads(out)
    points = [data["base"]] if command == "compare" else data["points"]
    assert any(
        p["build"] and p["build"]["gpu"]["id"] == "rtx4090-tuf" and p["build"]["gpu"]["price_usd"] == 1100.0
        for p in points
    )


def test_csv_rows_carry_each_parts_price_date_and_source(cli, tmp_path, scenario):
    """Issue 11 item 5: the CSV of a frontier and of a sweep states the date and source of every part's price, a
    price list's included, and calls a source that would be a spreadsheet formula text."""
    prices = write(tmp_path / "p.csv", f"part,price,date,source\n{TUF},999.00,2025-08-01,=HYPERLINK(1)\n")
    for command in (("frontier",), ("sweep", "--budgets", "2400")):
        code, out, _ = cli(*command, scenario, "--prices", prices, "--format", "csv")
        assert code == 0, out
        header, *rows = list(csv.reader(out.splitlines()))
        for slot in ("gpu", "cpu", "motherboard", "memory", "psu", "case", "storage"):
            assert f"{slot}_price_date" in header and f"{slot}_price_source" in header
        rows = [row for row in rows if row]
        last = dict(zip(header, rows[-1], strict=True))
        assert last["gpu"] == "rtx4090-tuf", last
        assert last["gpu_price_date"] == "2025-08-01" and last["gpu_price_source"] == "'=HYPERLINK(1)"
        assert last["cpu_price_date"] != ""
