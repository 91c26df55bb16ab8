"""join_priced: the one loop every category runs, on rows made up for each of its branches."""

from solver.importer.join import DUPLICATE, Drop, Join, join_priced
from solver.importer.match import Match
from solver.importer.report import CategoryReport

SPEC = {"opendb_id": "spec-1"}


def _join(unmatched=None) -> Join:
    def key(src):
        return Drop("no size") if src.get("size") is None else src["size"]

    def find(src, size):
        return Match(SPEC, "name") if "Known" in src["name"] else Match(None, "")

    def build(src, size, spec):
        if size > 100:
            return Drop("too big")
        return {"name": f"{src['name']} {size}", "spec": bool(spec), "tag": src.get("tag")}

    return Join(build, key, find, unmatched)


ROWS = [
    {"name": "Known A", "price": 10.5, "size": 1},
    {"name": "Known A", "price": 9.25, "size": 1, "tag": "cheaper"},  # same id, cheaper: replaces the first
    {"name": "Known A", "price": 9.25, "size": 1, "tag": "later"},  # same price: the earlier row stays
    {"name": "Other B", "price": 5, "size": 2},  # no spec row
    {"name": "Known C", "price": 7, "size": 101},  # built, then dropped by the category
    {"name": "No size", "price": 3},  # dropped before matching
    {"name": "Unpriced", "price": None, "size": 1},
    {"name": "Zero", "price": 0, "size": 1},
]


def test_rows_get_id_price_date_and_match_and_every_priced_row_is_accounted_for():
    report = CategoryReport()
    rows = join_priced(ROWS, _join(), report, "2030-01-02")
    assert [r["id"] for r in rows] == ["known-a-1", "other-b-2"]
    known, other = rows
    assert (known["price_usd"], known["_cents"], known["price_date"]) == ("9.25", 925, "2030-01-02")
    assert known["tag"] == "cheaper"
    assert (known["match"], known["buildcores_id"], known["spec"]) == ("name", "spec-1", True)
    assert (other["match"], other["buildcores_id"], other["spec"]) == ("none", "", False)
    assert (report.rows_in_source, report.priced, report.kept) == (8, 6, 2)
    assert report.dropped == {DUPLICATE: 2, "too big": 1, "no size": 1}
    assert report.matched == {"name": 4, "none": 1}  # a row dropped by its key never reaches the join
    assert report.kept + sum(report.dropped.values()) == report.priced


def test_unmatched_rows_are_dropped_when_the_category_needs_a_spec_row():
    report = CategoryReport()
    rows = join_priced(ROWS, _join(unmatched=lambda src: f"no spec row for {src['name']}"), report, "2030-01-02")
    assert [r["id"] for r in rows] == ["known-a-1"]
    assert report.dropped["no spec row for Other B"] == 1
    assert report.kept + sum(report.dropped.values()) == report.priced
