"""Command line: python -m jobcenter_warehouse.publish [--warehouse W] [--out-dir D] [--threshold N]."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .build import publish
from .names import DEFAULT_OUT_DIR, DEFAULT_WAREHOUSE, INTERNAL_DIR, INTERNAL_FILE, PUBLIC_FILE
from .sql import PublishError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m jobcenter_warehouse.publish",
        description="Publish the aggregated marts for BI tools: a public, disclosure-controlled "
        "artefact and an internal, unsuppressed one.",
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE),
        help=f"warehouse DuckDB file written by dbt build (default: $DUCKDB_PATH, else {DEFAULT_WAREHOUSE})",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(DEFAULT_OUT_DIR),
        help=f"folder for {PUBLIC_FILE}, parquet/ and {INTERNAL_DIR}/{INTERNAL_FILE} (default: {DEFAULT_OUT_DIR})",
    )
    parser.add_argument(
        "--threshold",
        type=int,
        default=None,
        help="minimum published count (default: $DISCLOSURE_THRESHOLD, else the dbt var "
        "disclosure_threshold of the build, else 5)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = publish(args.warehouse, args.out_dir, args.threshold)
    except PublishError as exc:
        print(f"publish: error: {exc}", file=sys.stderr)
        return 2
    print(f"publish: wrote the public artefact {result.public_file} ({', '.join(result.public_tables)})")
    print(f"publish: wrote {result.parquet_dir}/ (Parquet of the public artefact)")
    print(f"publish: wrote the INTERNAL artefact {result.internal_file} (not disclosure-controlled: "
          "the municipality's own analysts only)")
    return 0
