"""The HTML report's data equals the solver's results; the page holds it all and needs no network."""

from __future__ import annotations

import json
import re
import shutil
from html import escape
from pathlib import Path

import click
import pytest
from conftest import MINI

from solver import load_catalog, scenario_from_dict, solve
from solver.binding import binding_rules
from solver.cli.report_cmd import report, write_report
from solver.compare import compare
from solver.diff import diff_builds
from solver.frontier import frontier
from solver.instance import bind
from solver.report import render, report_data
from solver.report.provenance import provenance
from solver.status import ExitStatus
from solver.study import default_budgets, study
from solver.sweep import sweep
from solver.validate import check_build

SCENARIO = {
    "name": "Mini lab",
    "workload": "kaggle",
    "objective": "max_perf",
    "budget_usd": 4000,
    "variants": [
        {"name": "cheap 3090", "prices": {"gpus:rtx3090-turbo": 999.0}},
        {"name": "more money and penalize", "budget_usd": 6000, "rules": {"adjacent_open_air": "penalize"}},
    ],
}
BUDGETS = [90_000, 150_000, 250_000, 400_000]


@pytest.fixture(scope="module")
def scenario():
    return scenario_from_dict(SCENARIO)


@pytest.fixture(scope="module")
def data(mini_catalog, scenario):
    return report_data(study(mini_catalog, scenario, budgets=BUDGETS))


def _parts(build) -> list[tuple[str | None, int, int]]:
    return [(p.part.ref, p.count, p.cost_cents) if p else (None, 0, 0) for p in build.picks().values()]


def _shown(view) -> list[tuple[str | None, int, int]]:
    return [(p["ref"], p["count"], p["cents"]) for p in view["parts"]]


def test_recommended_build_is_the_solvers(mini_catalog, scenario, data):
    result = solve(mini_catalog, scenario)
    shown = data["result"]
    assert shown["status"] == result.status == "optimal"
    assert _shown(shown["build"]) == _parts(result.build)
    assert shown["build"]["cost_cents"] == result.cost_cents == sum(p["cents"] for p in shown["build"]["parts"])
    assert shown["build"]["performance"] == float(result.performance)
    inst = bind(mini_catalog, scenario)
    bindings = binding_rules(inst, result.build, scenario.objective)
    assert [(b["rule"], b["detail"], b["blocks"]) for b in shown["binding"]] == [
        (b.check.rule, b.check.detail, b.blocked.part.ref if b.blocked else None) for b in bindings
    ]
    assert all(b["words"].startswith("Without this rule, ") for b in shown["binding"])
    assert [(c["rule"], c["ok"], c["detail"]) for c in shown["checks"]] == [
        (c.rule, c.ok, c.detail) for c in check_build(inst, result.build)
    ]


def test_every_frontier_point_with_what_changed(mini_catalog, scenario, data):
    f = frontier(mini_catalog, scenario)
    shown = data["frontier"]
    assert shown["status"] == f.status and shown["count"] == len(f.points) == len(shown["points"])
    for i, (point, build) in enumerate(zip(shown["points"], f.points)):
        assert point["index"] == i
        assert _shown(point) == _parts(build)
        assert (point["cost_cents"], point["performance"]) == (build.cost_cents, float(build.performance))
        expected = [c.text() for c in diff_builds(f.points[i - 1], build)] if i else []
        assert point["changes"] == expected
    chosen = solve(mini_catalog, scenario).build
    marked = [p for p in shown["points"] if p["recommended"]]
    assert len(marked) == 1 and marked[0]["cost_cents"] == chosen.cost_cents
    assert marked[0]["vs_recommended"]["changes"] == []


def test_sweep_points_are_the_solvers(mini_catalog, scenario, data):
    s = sweep(mini_catalog, scenario, BUDGETS)
    shown = data["sweep"]["points"]
    assert [p["budget_cents"] for p in shown] == BUDGETS
    for point, expected in zip(shown, s.points):
        assert point["status"] == expected.status
        assert (point["build"] is None) == (expected.build is None)
        if expected.build is not None:
            assert _shown(point["build"]) == _parts(expected.build)
    assert (
        shown[0]["status"] == "infeasible"
        and data["sweep"]["cheapest_cents"] == frontier(mini_catalog, scenario).points[0].cost_cents
    )


def test_what_if_variants_with_diffs_and_causes(mini_catalog, scenario, data):
    c = compare(mini_catalog, scenario)
    shown = data["compare"]
    assert _shown(shown["base"]["build"]) == _parts(c.base.build)
    assert [v["name"] for v in shown["variants"]] == ["cheap 3090", "more money and penalize"]
    for view, outcome in zip(shown["variants"], c.variants):
        assert view["status"] == outcome.result.status and view["changed"] == outcome.changed
        assert _shown(view["build"]) == _parts(outcome.result.build)
        assert [(ch["slot"], ch["cause"], ch["text"]) for ch in view["changes"]] == [
            (ch.slot, ch.cause, ch.text()) for ch in outcome.changes
        ]
        assert view["summary"] == c.summary(outcome)
    gpu = next(ch for ch in shown["variants"][0]["changes"] if ch["slot"] == "gpu")
    assert gpu["cause"] == "price of gpus:rtx3090-turbo $1,599.99 -> $999.00"


def test_scenario_and_rule_parameters(data):
    s = data["scenario"]
    assert (s["name"], s["workload"], s["objective"], s["budget_cents"]) == ("Mini lab", "kaggle", "max_perf", 400_000)
    params = {p["key"]: p for p in s["parameters"]}
    assert params["rules.threads_per_gpu"]["value"] == "4 (the workload's)"  # the kaggle row of workloads.csv
    assert params["rules.psu_headroom"]["value"] == "0.1" and params["rules.psu_headroom"]["rule"] == "R10"
    assert params["gpu.counts"]["value"] == "[1, 2, 3, 4]"


def test_data_is_plain_json(data):
    assert json.loads(json.dumps(data)) == data


def test_a_catalog_without_sources_says_so(mini_catalog, data):
    shown = data["catalog"]
    assert shown["name"] == "mini" and shown["price_date"] is None and shown["datasets"] == [] and shown["file"] is None
    assert shown["parts"]["gpus"] == len(mini_catalog.parts["gpus"])
    assert "records no data sources" in render(data)


def test_sources_and_price_date_are_read_when_present(tmp_path):
    root = tmp_path / "catalog"
    shutil.copytree(MINI, root)
    (root / "SOURCES.md").write_text(
        "# Where it comes from\n\nPrices: a shop's listing on 2024-05-01.\n\n## Datasets and licences\n\n"
        "- Prices: Example shop (https://example.org/prices, CC BY 4.0),\n  retrieved in May.\n"
        "- Lanes: one page per platform:\n\n  - `am5`: https://example.org/am5\n\n## Files\n\n- not a source\n",
        encoding="utf-8",
    )
    (root / "import_report.json").write_text(
        json.dumps({"categories": {"gpus": {"price_dates": {"2024-05-01": 5}}}}), encoding="utf-8"
    )
    shown = provenance(load_catalog(root))
    assert shown["price_date"] == "2024-05-01" and shown["price_dates"] == {"2024-05-01": 5}
    assert shown["prices"] == "Prices: a shop's listing on 2024-05-01."
    assert [d["text"] for d in shown["datasets"]] == ["Prices: Example shop (https://example.org/prices, CC BY 4.0), "
                                                      "retrieved in May.",
                                                      "Lanes: one page per platform:"]  # fmt: skip
    assert shown["datasets"][1]["items"] == ["`am5`: https://example.org/am5"]
    page = render(
        report_data(study(load_catalog(root), scenario_from_dict({"workload": "kaggle", "budget_usd": 1500})))
    )
    assert '<a href="https://example.org/prices" rel="noopener">https://example.org/prices</a>, CC BY 4.0)' in page
    assert "<code>am5</code>" in page and "Prices as of</dt><dd>2024-05-01" in page


def _embedded(page: str, element: str):
    match = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', page, re.DOTALL)
    return json.loads(match.group(1))


def test_the_page_shows_what_the_data_holds(data):
    page = render(data)
    assert _embedded(page, "report-data") == data
    build = data["result"]["build"]
    for part in build["parts"]:
        if part["name"]:
            assert escape(part["name"]) in page and part["price"] in page
    assert f"<b>{build['cost']}</b>" in page
    for b in data["result"]["binding"]:
        assert escape(b["words"]) in page
    assert page.count('class="pin no-print"') == data["frontier"]["count"]
    for v in data["compare"]["variants"]:
        assert escape(v["name"]) in page
    charts = _embedded(page, "report-charts")
    frontier_trace = charts["frontier"]["data"][0]
    assert len(frontier_trace["x"]) == data["frontier"]["count"] and frontier_trace["customdata"] == list(
        range(data["frontier"]["count"])
    )
    assert charts["frontier"]["data"][1]["name"] == "recommended"


def test_the_page_is_self_contained(data):
    page = render(data)
    assert re.search(r"<script[^>]*\bsrc=", page) is None and "<link" not in page and "@import" not in page
    assert "plotly" in page.lower() and page.count("<script") == 4
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_catalog_text_cannot_become_markup(tmp_path):
    root = tmp_path / "catalog"
    shutil.copytree(MINI, root)
    gpus = (root / "gpus.csv").read_text(encoding="utf-8")
    (root / "gpus.csv").write_text(
        gpus.replace("MSI Ventus 2X GeForce RTX 3060 12 GB", "Ventus <img src=x onerror=alert(1)> </script> 3060"),
        encoding="utf-8",
    )
    catalog = load_catalog(root)
    page = render(report_data(study(catalog, scenario_from_dict({"workload": "kaggle", "budget_usd": 1200}))))
    assert "<img src=x" not in page and "</script> 3060" not in page
    assert "Ventus &lt;img src=x onerror=alert(1)&gt; &lt;/script&gt; 3060" in page


def test_an_infeasible_scenario_still_makes_a_report(mini_catalog):
    scenario = scenario_from_dict({"name": "Too cheap", "workload": "kaggle", "budget_usd": 300})
    data = report_data(study(mini_catalog, scenario))
    assert data["result"]["status"] == "infeasible" and data["result"]["build"] is None
    assert (
        data["frontier"]["count"] == 0
        and "the cheapest build that meets every other requirement costs $998.94" in data["result"]["explanation"]
    )
    page = render(data)
    assert escape(data["result"]["explanation"].splitlines()[0]) in page and 'id="frontier-chart"' not in page


def test_a_time_limit_is_reported_as_such(data):
    """render() is a function of the data alone: a stopped proof says what is proven, not "infeasible"."""
    stopped = json.loads(json.dumps(data))
    stopped["result"].update(status="feasible", bound=1.25)
    assert "Proven so far: no build is faster than 1.2500." in render(stopped)
    stopped["result"].update(status="unknown", bound=None, build=None, binding=[], checks=[])
    stopped["frontier"].update(status="feasible", complete=False, count=0, points=[])
    page = render(stopped)
    assert (
        "The time limit came before any build was found" in page
        and "The time limit came before any frontier build was proven." in page
    )
    assert "No build meets every rule" not in page


def test_default_budgets_run_from_the_cheapest_build_to_the_budget(mini_catalog, scenario):
    f = frontier(mini_catalog, scenario)
    budgets = default_budgets(f, scenario)
    assert budgets == sorted(set(budgets)) and 5 <= len(budgets) <= 20
    assert budgets[0] <= f.points[0].cost_cents < budgets[1] and budgets[-1] == scenario.budget_cents
    unbounded = scenario.with_values(budget_cents=None)
    assert default_budgets(frontier(mini_catalog, unbounded), unbounded)[-1] >= f.points[-1].cost_cents


def _scenario_file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "lab.toml"
    path.write_text(
        f'name = "Mini lab"\ncatalog = "{MINI.as_posix()}"\nworkload = "kaggle"\nobjective = "max_perf"\n'
        f"budget_usd = 4000\n{extra}",
        encoding="utf-8",
    )
    return path


def test_report_command_writes_the_page(tmp_path, capsys):
    path = _scenario_file(tmp_path, '[[variants]]\nname = "cheap 4090"\nprices = { "gpus:rtx4090-tuf" = 1499.0 }\n')
    out = tmp_path / "out" / "lab.html"
    out.parent.mkdir()
    status = report.main(
        [str(path), "-o", str(out), "--budgets", "1000:4000:1000", "--set", "budget_usd=3000", "--name", "tight"],
        standalone_mode=False,
    )
    assert status == ExitStatus.OK and f"Wrote {out}" in capsys.readouterr().err
    data = _embedded(out.read_text(encoding="utf-8"), "report-data")
    assert [p["budget_cents"] for p in data["sweep"]["points"]] == [100_000, 200_000, 300_000, 400_000]
    assert [v["name"] for v in data["compare"]["variants"]] == ["cheap 4090", "tight"]


def test_report_command_exit_codes_and_bad_options(tmp_path, capsys):
    path = _scenario_file(tmp_path)
    assert report.main([str(path), "-o", "-"], standalone_mode=False) == ExitStatus.OK
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    cheap = tmp_path / "cheap.toml"
    cheap.write_text(
        path.read_text(encoding="utf-8").replace("budget_usd = 4000", "budget_usd = 300"), encoding="utf-8"
    )
    assert report.main([str(cheap), "-o", str(tmp_path / "cheap.html")], standalone_mode=False) == ExitStatus.INFEASIBLE
    assert (tmp_path / "cheap.html").is_file()
    with pytest.raises(click.BadParameter, match="is not a budget list"):
        report.main([str(path), "--budgets", "5:1:1"], standalone_mode=False)
    with pytest.raises(click.BadParameter, match="is not a variant"):
        report.main([str(path), "--variant", "nope"], standalone_mode=False)


def test_report_option_helper_uses_what_the_command_computed(mini_catalog, scenario, tmp_path, capsys):
    result = solve(mini_catalog, scenario)
    f = frontier(mini_catalog, scenario)
    out = tmp_path / "r.html"
    write_report(out, study(mini_catalog, scenario, result=result, frontier=f, variants=[]))
    data = _embedded(out.read_text(encoding="utf-8"), "report-data")
    assert data["compare"] is None and data["frontier"]["count"] == len(f.points)
    assert data["result"]["build"]["cost_cents"] == result.cost_cents and "Wrote" in capsys.readouterr().err


def test_the_page_shows_power_level_wall_draw_scaling_and_the_rating_in_words(mini_catalog):
    """Issues 10 and 16: the recommended build's power level, PSUs and wall draw, the speed-up that scored it, and
    what its performance measures: an inference workload is never called training."""
    scenario = scenario_from_dict({"name": "Mini inference", "workload": "llm-inference", "objective": "max_perf",
                                   "budget_usd": 6000,
                                   "gpu": {"counts": [2]}})  # fmt: skip
    data = report_data(study(mini_catalog, scenario, budgets=[600_000]))
    build = data["result"]["build"]
    assert build["power_level_pct"] == 100 and build["psu_count"] == 1 and build["wall_watts"] > 0
    assert "W at the wall" in build["power"] and "GPUs at 100%" in build["power"]
    assert build["scaling"].startswith("x") and "for 2 cards" in build["scaling"]
    assert data["units"]["performance"] == build["rating"] and "training" not in build["rating"]
    page = render(data)
    assert escape(build["power"]) in page and escape(build["scaling"]) in page and "R1-R18" in page
    assert f"Performance is {escape(build['rating'])}" in page


def test_chart_text_is_escaped_for_plotly(tmp_path):
    """Plotly reads hover text as markup: a chipset called <a href=...> must reach it as entities."""
    catalog = Path(shutil.copytree(MINI, tmp_path / "catalog"))
    for name in ("gpu_models.csv", "gpus.csv"):
        path = catalog / name
        path.write_text(path.read_text().replace("GeForce RTX 3060 12GB", "<a href=x>3060</a> & <br>"))
    data = report_data(study(load_catalog(catalog), scenario_from_dict({**SCENARIO, "variants": []})))
    from solver.report.charts import frontier_figure, sweep_figure

    texts = frontier_figure(data)["data"][0]["text"] + sweep_figure(data)["data"][0]["text"]
    assert any("1 x &lt;a href=x&gt;3060&lt;/a&gt; &amp; &lt;br&gt;" in t for t in texts)
    assert not any("<a" in t or "<br>" in t for t in texts)
