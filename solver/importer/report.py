"""The import report: how many rows each source had, how many were kept, and why the rest were dropped."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..infile import read_bytes

REPORT_FILE = "import_report.json"


@dataclass
class SupplementReport:
    """The supplement's rows of one category: rows = kept + sum(dropped); sources: source_url -> kept rows."""

    rows: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    sources: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "kept": self.kept,
            "dropped": dict(sorted(self.dropped.items())),
            "sources": dict(sorted(self.sources.items())),
        }


@dataclass
class CategoryReport:
    """Row accounting for one catalog file: priced = kept + sum(dropped). Supplement rows count like priced
    rows and again, apart, in `supplement`."""

    rows_in_source: int = 0
    priced: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)  # how the spec row was found
    spec_sources: Counter = field(default_factory=Counter)  # spec_source cell -> rows
    inferred_fields: Counter = field(default_factory=Counter)  # field -> rows where a rule filled it
    price_dates: Counter = field(default_factory=Counter)
    by_value: dict[str, Counter] = field(default_factory=dict)  # column -> value -> kept rows (BREAKDOWN)
    supplement: SupplementReport = field(default_factory=SupplementReport)

    def drop(self, reason: str, supplement: bool = False) -> None:
        self.dropped[reason] += 1
        if supplement:
            self.supplement.dropped[reason] += 1

    def note_row(self, row: dict, columns: tuple[str, ...] = ()) -> None:
        """Count a kept row's provenance and the values of `columns` (call after de-duplication)."""
        for column in columns:
            self.by_value.setdefault(column, Counter())[row.get(column, "")] += 1
        if row.get("price_kind"):
            self.supplement.kept += 1
            self.supplement.sources[row.get("source_url", "")] += 1
        cell = row.get("spec_source", "")
        self.spec_sources[cell] += 1
        if ";inferred:" in cell:
            for name in cell.split(";inferred:", 1)[1].split(","):
                self.inferred_fields[name] += 1
        if row.get("price_date"):
            self.price_dates[row["price_date"]] += 1

    def as_dict(self) -> dict:
        return {
            "rows_in_source": self.rows_in_source,
            "priced": self.priced,
            "unpriced": self.rows_in_source - self.priced,
            "kept": self.kept,
            "dropped": dict(sorted(self.dropped.items())),
            "dropped_total": sum(self.dropped.values()),
            "matched": dict(sorted(self.matched.items())),
            "spec_sources": dict(sorted(self.spec_sources.items())),
            "inferred_fields": dict(sorted(self.inferred_fields.items())),
            "price_dates": dict(sorted(self.price_dates.items())),
            **(
                {"by_value": {c: dict(sorted(v.items())) for c, v in sorted(self.by_value.items())}}
                if self.by_value
                else {}
            ),
            **({"supplement": self.supplement.as_dict()} if self.supplement.rows else {}),
        }


@dataclass
class ImportReport:
    """Everything build_catalog found out, written as import_report.json (sorted keys, deterministic)."""

    categories: dict[str, CategoryReport] = field(default_factory=dict)
    perf: dict = field(default_factory=dict)
    scaling: dict = field(default_factory=dict)
    power: dict = field(default_factory=dict)  # gpu_models.csv power columns and power_limits.csv, counted
    workloads: int = 0
    files: dict[str, int] = field(default_factory=dict)  # catalog file -> data rows written

    def category(self, name: str) -> CategoryReport:
        return self.categories.setdefault(name, CategoryReport())

    def as_dict(self) -> dict:
        return {
            "categories": {name: rep.as_dict() for name, rep in sorted(self.categories.items())},
            "files": dict(sorted(self.files.items())),
            "perf_model": self.perf,
            "multi_gpu_scaling": self.scaling,
            "power": self.power,
            "workloads": self.workloads,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, sort_keys=True) + "\n"


def load_report(catalog_dir: Path) -> dict:
    """The import report written beside a catalog (what `dlbuild catalog stats` shows)."""
    path = Path(catalog_dir) / REPORT_FILE
    return json.loads(read_bytes(path).decode("utf-8"))


#: Drop reasons that mean the part lies outside what the model can represent (a platform, interface or
#: memory kind no catalog part pairs with, or a GPU that cannot be rated), by a word the reason contains.
#: Anything else is a loss: a part the model could use whose specs the sources did not give.
OUTSIDE_THE_MODEL = (
    "outside the model", "not in the lanes table", "LGA1151 is two platforms", "do not support them",
    "not an NVIDIA GPU", "no tensor cores", "passive cooling", "no catalog board takes", "registered (RDIMM)",
    "SO-DIMM", "M.2 SATA drive", "add-in card drive", "mounts on no catalog socket",
    "implausible slot count", "no x16-length slot", "slots the platform cannot wire",
    "no catalog motherboard for", "no catalog CPU for", "WRX90 boards do not run them",
)  # fmt: skip


def classify(reason: str) -> str:
    """ "duplicate" (the part is in the catalog at its lowest price), "outside" or "lost"."""
    if reason.startswith("duplicate name"):
        return "duplicate"
    return "outside" if any(word in reason for word in OUTSIDE_THE_MODEL) else "lost"


def coverage(category: dict) -> dict:
    """Of the priced rows that fit the model, the share in the catalog: kept + duplicates over kept +
    duplicates + lost (duplicates are the same part listed again at a higher price)."""
    counts: Counter[str] = Counter()
    for reason, n in category["dropped"].items():
        counts[classify(reason)] += n
    fit = category["kept"] + counts["duplicate"] + counts["lost"]
    return {
        "fit_the_model": fit,
        "outside_the_model": counts["outside"],
        "lost": counts["lost"],
        "share": (category["kept"] + counts["duplicate"]) / fit if fit else 1.0,
    }
