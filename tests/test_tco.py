"""Build model v3 sections 4 and 5: energy, total cost of ownership and the cloud comparison, computed by hand
for one fixed build, and the 2020 guide's cloud-versus-desktop arithmetic reproduced."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from conftest import MINI, SCENARIOS

from solver.status import ExitStatus
from solver.tco import Cloud, Usage, compare_cloud, energy

SCENARIO = f"""name = "tco by hand"
catalog = "{MINI}"
workload = "kaggle"
objective = "max_perf"
max_price_age_days = 0

[usage]
years = 2
hours_per_day = 8
gpu_utilisation = 0.5
kwh_price = 0.30
idle_w = 60
cloud_usd_per_gpu_hour = 1.50
cloud_chipset = "GeForce RTX 3090"
"""

BUILD = """scenario = "tco.toml"
[build]
gpu = "gpus:rtx3090-turbo"
cpu = "ryzen5-7600"
motherboard = "x670e-proart"
memory = "memory:ddr5-2x16"
psu = "psus:psu-1000"
case = "cases:meshify2"
storage = "storage:sn770-1tb"
"""


def test_energy_total_and_break_even_by_hand(cli, tmp_path):
    """One RTX 3090 (350 W) + Ryzen 5 7600 (65 W) + 100 W for the rest = 515 W DC on a 1000 W Gold unit at 115 V:
    51.5% load, between 80 PLUS Gold's 50% (90%) and 100% (87%) points: 90 - 3 x 1.5 / 50 = 89.91%, so
    wall = 515 x 100 / 89.91 = 572.795017... W.
    hours = 2 x 365 x 8 = 5,840; energy = 5,840 x (0.5 x 572.795017 + 0.5 x 60) = 1,847,761.45 Wh = 1,847.76 kWh;
    at $0.30/kWh: $554.328435..., rounded once: $554.33.
    Purchase: 1,599.99 + 189.00 + 459.99 + 89.99 + 169.99 + 159.99 + 59.99 = $2,728.94; total $3,283.27.
    Cloud: one RTX 3090 does the build's work at the same rate (P / C = 1), so 5,840 x 0.5 = 2,920 instance-hours
    at $1.50 = $4,380.00.
    By month m of 24: build 2,728.94 + 554.33 m / 24 (23.097 a month), cloud 4,380 m / 24 (182.50 a month): the
    build is cheaper from m = 2,728.94 / 159.403 = 17.12, month 18 (month 17: $3,121.59 vs $3,102.50; month 18:
    $3,144.69 vs $3,285.00). By day d of 730: 2,728.94 / (6.00 - 0.759356) = 520.73, day 521."""
    (tmp_path / "tco.toml").write_text(SCENARIO)
    build = tmp_path / "build.toml"
    build.write_text(BUILD)
    code, out, _ = cli("check", build, "--format", "json")
    data = json.loads(out)
    assert code == ExitStatus.OK and data["power"]["dc_watts"] == 515
    tco = data["tco"]
    assert tco["hours"] == 5840 and tco["wall_watts"] == pytest.approx(572.795017, abs=1e-6) and tco["idle_watts"] == 60
    assert tco["energy_kwh"] == pytest.approx(1847.76145, abs=1e-5)
    assert (tco["purchase"], tco["spend"], tco["energy_cost"], tco["total"]) == (2728.94, 2728.94, 554.33, 3283.27)
    assert tco["cloud"]["provider"] == "user" and tco["cloud"]["hourly"] == 1.5
    assert tco["cloud"]["instance_hours"] == 2920 and tco["cloud"]["cost"] == 4380.0
    assert (tco["months"], tco["break_even_month"], tco["break_even_day"]) == (24, 18, 521)
    code, out, _ = cli("check", build)
    assert "Total:          $3,283.27" in out and "Break-even:     month 18 of 24 (day 521)" in out


def test_the_2020_guides_cloud_versus_desktop_arithmetic():
    """Dettmers 2020 ("Which GPU(s) to Get for Deep Learning", 2020-09-07, the cloud-versus-desktop section):
    "(350 W (GPU) + 100 W (CPU))x0.15 (utilization) * 24 hours * 365 days = 591 kWh per year", $71 at $0.12/kWh;
    "$2.14/h * 0.15 * 24 hours * 300 days = $2,311" for an AWS V100, so a $2,200 desktop breaks even after about 300
    days. The guide counts DC watts with nothing drawn while idle, so: wall = 450 W, idle 0, and a cloud GPU doing the
    desktop's work at the same rate."""
    usage = Usage(
        years=Fraction(1),
        hours_per_day=Fraction(24),
        utilisation=Fraction(15, 100),
        kwh_price=Fraction(12, 100),
        idle_w=Fraction(0),
    )
    used = energy(usage, Fraction(450), Fraction(0), False)
    assert used.kwh == Fraction(5913, 10)  # 591.3 kWh: the guide's 591
    assert used.cents == 7096  # $70.96: the guide's $71
    v100 = Cloud("aws", "p3.2xlarge", "V100", 1, Fraction("2.14"), Fraction(1))
    comparison = compare_cloud(usage, v100, Fraction(1), 220000, used.cents)
    assert comparison.instance_hours == 1314  # 0.15 x 24 x 365
    assert float(comparison.cost_cents) / 100 * 300 / 365 == pytest.approx(2311.2)  # the guide's $2,311 in 300 days
    # The desktop ($2,200 plus electricity) costs less from month 10, day 293 (2,200 / (7.704 - 0.1944) a day):
    # "about 300 days".
    assert (comparison.break_even_month, comparison.break_even_day) == (10, 293)


def test_tco_needs_usage(cli, tmp_path):
    path = tmp_path / "no-usage.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "perf_per_tco_dollar"\n')
    code, _, err = cli("solve", path)
    assert code == ExitStatus.INPUT_ERROR and "perf_per_tco_dollar needs a [usage] table" in err
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\n')
    code, _, err = cli("frontier", path, "--cost", "tco")
    assert code == ExitStatus.INPUT_ERROR and "has no [usage] table" in err


@pytest.mark.parametrize(("table", "words"), [
    ("years = 2\nhours_per_day = 8\ngpu_utilisation = 0.5\n", "usage.kwh_price: is required"),
    ("years = 0\nhours_per_day = 8\ngpu_utilisation = 0.5\nkwh_price = 0.3\n", "usage.years"),
    ("years = 1\nhours_per_day = 25\ngpu_utilisation = 0.5\nkwh_price = 0.3\n", "usage.hours_per_day"),
    ("years = 1\nhours_per_day = 8\ngpu_utilisation = 1.5\nkwh_price = 0.3\n", "usage.gpu_utilisation"),
    ("years = 1\nhours_per_day = 8\ngpu_utilisation = 0.5\nkwh_price = 0.3\ncurrency = \"EUR\"\n",
     "usage.rate: is required"),
    ("years = 1\nhours_per_day = 8\ngpu_utilisation = 0.5\nkwh_price = 0.3\ncloud = \"nobody\"\n",
     "names provider 'nobody' but the catalog has no cloud.csv"),
    ("years = 1\nhours_per_day = 8\ngpu_utilisation = 0.5\nkwh_price = 0.3\ncloud_usd_per_gpu_hour = 1\n",
     "needs cloud_chipset"),
])  # fmt: skip
def test_bad_usage_is_an_input_error(cli, tmp_path, table, words):
    path = tmp_path / "u.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\n[usage]\n{table}')
    code, _, err = cli("solve", path)
    assert code == ExitStatus.INPUT_ERROR and words in err, err


def test_compare_credits_an_electricity_price_change(cli, tmp_path):
    """At $0.10/kWh the cheaper Gold 1000 W unit gives the most performance per TCO dollar; at $0.60 the Titanium
    1600 W unit's lower draw at the wall pays for its $230 more, and compare names the electricity price as the
    cause."""
    path = tmp_path / "power.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "perf_per_tco_dollar"\nbudget_usd = 6000\n'
                    "[usage]\nyears = 5\nhours_per_day = 24\ngpu_utilisation = 0.9\nkwh_price = 0.10\n"
                    '[[variants]]\nname = "dear power"\nusage = { kwh_price = 0.60 }\n')  # fmt: skip
    code, out, _ = cli("compare", path, "--format", "json")
    data = json.loads(out)
    base, dear = data["base"], data["variants"][0]
    assert code == 0 and base["build"]["psu"]["id"] == "psu-1000" and dear["build"]["psu"]["id"] == "psu-1600"
    assert dear["tco"]["energy_cost"] > base["tco"]["energy_cost"]
    code, out, _ = cli("compare", path)
    assert "dear power: usage.kwh_price 0.1 -> 0.6" in out
    flat = " ".join(out.split())  # the table wraps at the terminal's width
    assert "PSU: 1,000 W (Corsair RM1000x) -> 1,600 W (EVGA SuperNOVA 1600 T2) [usage.kwh_price 0.1 -> 0.6]" in flat
    assert "TCO" in out and "Energy cost" in out


def test_the_report_charts_and_plot_draws_cost_by_month(cli, tmp_path):
    """The report's buy-or-rent section and chart, and solve --plot's PNG, of the hand-computed scenario's optimum."""
    path = tmp_path / "tco.toml"
    # A name matplotlib would read as (broken) mathtext: drawn as written, or savefig raises.
    path.write_text(
        SCENARIO.replace('objective = "max_perf"', 'objective = "max_perf"\nbudget_usd = 3000').replace(
            'name = "tco by hand"', 'name = "a $\\\\nocommand{$ lab"'
        )
    )
    page, png = tmp_path / "r.html", tmp_path / "c.png"
    code, _, _ = cli("solve", path, "--plot", png, "--report", page)
    assert code == ExitStatus.OK and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    html = page.read_text()
    assert '<section id="tco"><h2>Buy or rent</h2>' in html and 'id="tco-chart"' in html
    charts = json.loads(html.split('<script type="application/json" id="report-charts">')[1].split("</script>")[0])
    build, cloud = charts["tco"]["data"]
    assert build["x"][0] == 0 and build["x"][-1] == 24 and len(cloud["y"]) == 25 and cloud["y"][0] == 0
    assert build["y"][-1] > build["y"][0]  # the purchase, then electricity month by month
    no_usage = tmp_path / "plain.toml"
    no_usage.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "max_perf"\n')
    code, _, err = cli("solve", no_usage, "--plot", png)
    assert code == ExitStatus.INPUT_ERROR and "has no [usage] table" in err


def test_frontier_and_sweep_on_the_tco_basis(cli, tmp_path):
    """--cost tco: the frontier is over (TCO, performance) and the sweep's budgets limit TCO."""
    path = tmp_path / "basis.toml"
    path.write_text(f'catalog = "{MINI}"\nworkload = "kaggle"\nobjective = "perf_per_dollar"\n'
                    "[usage]\nyears = 5\nhours_per_day = 24\ngpu_utilisation = 0.9\nkwh_price = 0.10\n")  # fmt: skip
    code, out, _ = cli("frontier", path, "--cost", "tco", "--format", "json")
    data = json.loads(out)
    totals = [p["tco"]["total"] for p in data["points"]]
    perfs = [p["performance"] for p in data["points"]]
    assert code == 0 and data["cost_basis"] == "tco" and totals == sorted(totals) and perfs == sorted(perfs)
    budget = (totals[1] + totals[2]) / 2
    code, out, _ = cli("sweep", path, "--cost", "tco", "--budgets", f"{budget:.2f}", "--format", "json")
    sweep = json.loads(out)
    assert sweep["budgets_limit"] == "total cost of ownership" and sweep["objective_on_basis"] == "perf_per_tco_dollar"
    chosen = sweep["points"][0]
    assert chosen["tco"]["total"] <= budget
    best = max(
        (p for p in data["points"] if p["tco"]["total"] <= budget),
        key=lambda p: (p["performance"] / p["tco"]["total"], p["performance"]),
    )
    assert chosen["performance"] == best["performance"] and chosen["tco"]["total"] == best["tco"]["total"]
    code, out, _ = cli("sweep", path, "--cost", "tco", "--budgets", f"{budget:.2f}")
    assert "Cost basis: total cost of ownership" in out


def test_the_shipped_usage_scenario_prints_the_tco_block(cli):
    scenario = SCENARIOS / "buy-or-rent.toml"
    code, out, _ = cli("solve", scenario, "--format", "json")
    data = json.loads(out)
    assert code == ExitStatus.OK and data["status"] == "optimal" and data["objective"] == "perf_per_tco_dollar"
    tco = data["tco"]
    assert tco["total"] == pytest.approx(tco["purchase"] + tco["energy_cost"]) and tco["hours"] == 3 * 365 * 24
    assert tco["cloud"]["provider"] and tco["cloud"]["price_date"] and "break_even_month" in tco
    code, out, _ = cli("solve", scenario)
    assert "Total cost of ownership:" in out and "Break-even:" in out
