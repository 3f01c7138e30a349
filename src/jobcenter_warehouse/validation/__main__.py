"""Command line: validate a raw delivery before `dbt build`.

    python -m jobcenter_warehouse.validation --raw-data-path DIR [--gx-dir target/gx]
                                             [--chunk-rows 200000] [--seeds-dir seeds/reference]

Exit codes: 0 = nothing structural is broken (row-level warnings allowed), 2 = structural
breakage (stop the pipeline), 1 = the validator itself failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jobcenter_warehouse.validation.run import (
    DEFAULT_CHUNK_ROWS,
    EXIT_INTERNAL,
    print_summary,
    run_validation,
)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m jobcenter_warehouse.validation",
        description="Validate a raw extract delivery (structure, then Great Expectations suites).",
    )
    parser.add_argument(
        "--raw-data-path",
        type=Path,
        default=Path(os.environ.get("RAW_DATA_PATH") or "data/raw"),
        help="delivery root with one folder per extract (default: $RAW_DATA_PATH, else data/raw)",
    )
    parser.add_argument(
        "--gx-dir",
        type=Path,
        default=Path("target/gx"),
        help="Great Expectations project folder; Data Docs and validation_summary.json go here "
        "(default: target/gx)",
    )
    parser.add_argument(
        "--chunk-rows",
        type=_positive,
        default=DEFAULT_CHUNK_ROWS,
        help=f"rows read and validated at a time (default: {DEFAULT_CHUNK_ROWS})",
    )
    parser.add_argument(
        "--seeds-dir",
        type=Path,
        default=None,
        help="folder with municipalities.csv and countries.csv (default: seeds/reference)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = run_validation(
            args.raw_data_path,
            args.gx_dir,
            chunk_rows=args.chunk_rows,
            seeds_dir=args.seeds_dir,
        )
    except Exception as err:  # noqa: BLE001 - a short message, not a stack trace
        print(f"validation failed: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_INTERNAL
    try:
        print_summary(summary)
    except BrokenPipeError:  # e.g. piped into `head`; the exit code still tells the result
        sys.stderr.close()
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main())
