"""Catalog importer: public datasets in, the solver's catalog CSVs (and the GPU performance model) out."""

from __future__ import annotations

from .build import build_catalog
from .report import ImportReport, load_report
from .search import search_catalog
from .verify import verify_catalog

__all__ = ["ImportReport", "build_catalog", "load_report", "search_catalog", "verify_catalog"]
