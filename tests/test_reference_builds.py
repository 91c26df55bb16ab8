"""Reference builds (scenarios/reference/): published multi-GPU workstations as build files, each checked under the
settings its header names (profile, circuit, power level, PSU count); `check`'s verdict on each must be the one
docs/reference-builds.md states, with the rules it names."""

import pytest
from conftest import ROOT, SCENARIOS

from solver.check import assemble, check, load_build_file

BUILDS = sorted(p for p in (SCENARIOS / "reference").glob("*.toml") if "\n[build]" in p.read_text(encoding="utf-8"))
DOCS = (ROOT / "docs" / "reference-builds.md").read_text(encoding="utf-8")

#: The rules each build breaks under its settings, and why (docs/reference-builds.md); every other build passes.
EXPECTED_TO_FAIL = {
    "puget-2020-10-4x-rtx3090-turbo-two-psus": ({"R6"}, "no catalog case is cited as holding two ATX PSUs (psu_bays)"),
    "puget-2020-11-4x-rtx3090-280w-one-15a-circuit": (
        {"R13"},
        "about 1,543 W at the wall against a 15 A circuit's 1,440 W continuous",
    ),
    "arsenalpc-2x-rtx5090-x870e": (
        {"R7", "R8"},
        "no X870E board in the split list; vendor's 3-position spacing under the cards' width",
    ),
}
#: Builds checked under the guide-2018 profile (their header says why); the rest under "recommended".
GUIDE_2018 = {"puget-2018-05-4x-titan-v"}


def test_there_are_at_least_five_reference_builds_each_documented():
    assert len(BUILDS) >= 5
    for path in BUILDS:
        assert f"`{path.name}`" in DOCS, path.name
        header = path.read_text(encoding="utf-8").split("\nscenario", 1)[0]
        assert "https://" in header and "Contract v2 settings" in header, path.name


@pytest.mark.parametrize("path", BUILDS, ids=lambda p: p.stem)
def test_every_part_of_a_reference_build_is_in_the_shipped_catalog(path):
    catalog, inst, refs, where = load_build_file(path)
    build = assemble(catalog, inst, refs, where)  # raises InputError naming any part the catalog lacks
    assert build.gpu.count in (2, 4)


@pytest.mark.parametrize("path", BUILDS, ids=lambda p: p.stem)
def test_reference_build_verdict_matches_the_docs(path):
    catalog, inst, refs, where = load_build_file(path)
    assert inst.rules.profile == ("guide-2018" if path.stem in GUIDE_2018 else "recommended")
    report = check(catalog, inst, refs, where)
    failed = {c.rule for c in report.checks if not c.ok}
    expected = EXPECTED_TO_FAIL.get(path.stem, (set(), ""))[0]
    assert failed == expected, [c for c in report.checks if not c.ok]


def test_the_power_limited_quad_3090_passes_on_20_a_and_fails_on_15_a_by_its_wall_draw():
    """Puget's 4 x RTX 3090 at 280 W on one 1600 W PSU: about 1,543 W at the wall (1,385 W DC at Platinum's 89.8%
    at 87% load), inside a 20 A circuit's 1,920 W and above a 15 A circuit's 1,440 W of continuous load."""
    figures = {}
    for stem in ("puget-2020-10-4x-rtx3090-turbo-one-psu", "puget-2020-11-4x-rtx3090-280w-one-15a-circuit"):
        catalog, inst, refs, where = load_build_file(SCENARIOS / "reference" / f"{stem}.toml")
        power = check(catalog, inst, refs, where).build.power
        figures[stem] = (power.level_pct, power.dc_watts, power.wall_watts_shown, power.limit)
    assert figures == {"puget-2020-10-4x-rtx3090-turbo-one-psu": (80, 1385, 1543, 1920),
                       "puget-2020-11-4x-rtx3090-280w-one-15a-circuit": (80, 1385, 1543, 1440)}  # fmt: skip


def test_puget_test_beds_sit_where_their_coolers_allow_and_draw_what_the_docs_say():
    """Puget's 2018-2019 Xeon W test bed: four blower RTX 2080 Ti side by side (R8 accepts adjacent blowers) at
    1,265 W DC, 1,402 W at the wall; the open-air pairs (RTX Titan, RTX 2080 Ti, RTX 2080) with a free slot
    between the cards (R8 refuses them adjacent), each card on a CPU x16 slot."""
    seen = {}
    for stem in (
        "puget-2019-03-4x-rtx2080ti",
        "puget-2019-01-2x-titan-rtx-nvlink",
        "puget-2019-03-2x-rtx2080ti-nvlink",
        "puget-2018-10-2x-rtx2080-nvlink",
    ):
        catalog, inst, refs, where = load_build_file(SCENARIOS / "reference" / f"{stem}.toml")
        build = check(catalog, inst, refs, where).build
        seen[stem] = (
            tuple((s.position, s.attach, s.lanes) for s in build.layout.slots),
            build.layout.adjacent,
            build.power.dc_watts,
            build.power.wall_watts_shown,
        )
    pair = ((0, "cpu", 16), (4, "cpu", 16))
    assert seen == {"puget-2019-03-4x-rtx2080ti": (((0, "cpu", 16), (2, "cpu", 8), (4, "cpu", 16), (6, "cpu", 8)),
                                                   True, 1265, 1402),
                    "puget-2019-01-2x-titan-rtx-nvlink": (pair, False, 825, 898),
                    "puget-2019-03-2x-rtx2080ti-nvlink": (pair, False, 785, 854),
                    "puget-2018-10-2x-rtx2080-nvlink": (pair, False, 715, 781)}  # fmt: skip
