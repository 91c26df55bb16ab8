"""The report in a real browser (the system's headless Chromium driven by Playwright): it opens with no
errors and no network, draws every frontier point, and shows and pins the build under the pointer."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import MINI

from solver import load_catalog, scenario_from_dict
from solver.report import render, report_data
from solver.study import study

CHROMIUM = Path(os.environ.get("DLBUILD_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian packages chromium and chromium-driver)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)"
)

ARTIFACTS = Path(__file__).parent / "artifacts"
#: No downloads, updates or background traffic: the report must work from the file alone.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
POINTS = "#frontier-chart .scatterlayer .trace:first-child .point"
LAPTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def report(tmp_path_factory, mini_catalog):
    scenario = scenario_from_dict({
        "name": "Mini lab", "workload": "kaggle", "objective": "max_perf", "budget_usd": 4000,
        "variants": [{"name": "cheap 3090", "prices": {"gpus:rtx3090-turbo": 999.0}},
                     {"name": "penalize", "rules": {"adjacent_open_air": "penalize"}}],
    })  # fmt: skip
    data = report_data(study(mini_catalog, scenario))
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render(data), encoding="utf-8")
    return path, data


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport=LAPTOP,
        )
        yield context
        context.close()


@dataclass
class Opened:
    page: object
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    requests: list[str] = field(default_factory=list)  # anything fetched from outside the file


@pytest.fixture()
def opened(browser, report):
    """The report opened fresh, with every console error, page error and network request recorded."""
    page = browser.new_page()
    page.set_viewport_size(LAPTOP)
    log = Opened(page)
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:")) else log.requests.append(r.url),
    )
    page.goto(report[0].as_uri())
    page.wait_for_selector(POINTS, timeout=15_000)
    yield log
    page.close()


def _point_center(page, index: int) -> tuple[float, float]:
    point = page.query_selector_all(POINTS)[index]
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _pick(data) -> int:
    """A frontier point that is not the recommended one (whose star lies on top of it)."""
    return next(p["index"] for p in data["frontier"]["points"] if not p["recommended"])


def test_opens_without_errors_or_network(opened):
    page = opened.page
    assert page.title() == "Mini lab: recommended build"
    assert page.evaluate("typeof Plotly") == "object"
    assert opened.errors == [] and opened.requests == []


def test_chart_draws_every_frontier_point(opened, report):
    page = opened.page
    expected = report[1]["frontier"]["count"]
    assert expected >= 3
    assert len(page.query_selector_all(POINTS)) == expected
    assert page.evaluate("document.getElementById('frontier-chart').data[0].x.length") == expected
    assert page.query_selector_all("#sweep-chart .scatterlayer .point")


def test_hover_shows_a_build_and_click_pins_it(opened, report):
    page = opened.page
    data = report[1]
    index = _pick(data)
    point = data["frontier"]["points"][index]
    x, y = _point_center(page, index)
    page.mouse.move(x - 30, y + 30)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function("document.getElementById('hover-panel').textContent.includes('Build')", timeout=5_000)
    hover = page.inner_text("#hover-panel")
    assert f"Build {index + 1} of {data['frontier']['count']}: {point['gpu']}" in hover and point["cost"] in hover
    assert all(p["name"] in hover for p in point["parts"] if p["name"])
    assert point["gpu"] in page.text_content("#frontier-chart .hoverlayer")  # plotly's own label too
    page.mouse.click(x, y)
    page.wait_for_selector(f"#pin-panel[data-pinned='{index}']", timeout=5_000)
    pinned = page.inner_text("#pin-panel")
    recommended = data["result"]["build"]
    assert "Recommended" in pinned.title() and point["cost"] in pinned and recommended["cost"] in pinned
    assert point["vs_recommended"]["delta"] in pinned
    assert opened.errors == []


def test_screenshots_at_laptop_and_phone_width(opened, report):
    page = opened.page
    data = report[1]
    index = _pick(data)
    page.click(f"button.pin[data-point='{index}']")
    x, y = _point_center(page, index)
    page.mouse.move(x, y)
    page.wait_for_function("document.getElementById('hover-panel').textContent.includes('Build')", timeout=5_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.set_viewport_size(PHONE)
    # plotly redraws the charts for the narrower screen a moment after the resize
    page.wait_for_function(
        f"document.querySelector('#frontier-chart .main-svg').getBoundingClientRect().width < {PHONE['width'] - 20}",
        timeout=5_000,
    )
    page.wait_for_timeout(200)
    # Nothing wider than a phone: wide tables scroll inside their own box, the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart = page.query_selector("#frontier-chart .main-svg").bounding_box()
    assert chart["width"] <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)
    for name in ("report.png", "report-phone.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
    assert opened.errors == []


MARKUP = '<a href="https://example.invalid/x">RTX 3060</a><span style="font-size:90px">BIG</span> &amp; co'


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """A report whose cheapest GPU's chipset is markup: Plotly must show it as text."""
    import shutil

    catalog = Path(shutil.copytree(MINI, tmp_path_factory.mktemp("markup") / "catalog"))
    for name in ("gpu_models.csv", "gpus.csv"):
        path = catalog / name
        path.write_text(path.read_text().replace("GeForce RTX 3060 12GB", f'"{MARKUP.replace(chr(34), chr(34) * 2)}"'))
    scenario = scenario_from_dict({"name": "Markup", "workload": "kaggle", "objective": "max_perf", "budget_usd": 4000})
    data = report_data(study(load_catalog(catalog), scenario, variants=[]))
    path = catalog.parent / "report.html"
    path.write_text(render(data), encoding="utf-8")
    return path, data


def test_names_in_hover_text_are_never_markup(browser, hostile_report):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(hostile_report[0].as_uri())
    page.wait_for_selector(POINTS, timeout=15_000)
    data = hostile_report[1]
    index = next(p["index"] for p in data["frontier"]["points"] if MARKUP in p["gpu"])
    x, y = _point_center(page, index)
    page.mouse.move(x - 30, y + 30)
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("#frontier-chart .hoverlayer .hovertext", timeout=5_000)
    layer = page.query_selector("#frontier-chart .hoverlayer")
    assert f"1 x {MARKUP}" in layer.text_content()  # every character shown as written, the entity too
    assert layer.query_selector_all("a") == [] and layer.query_selector_all("[style*='90px']") == []
    assert errors == []
    page.close()
