"""CLI: ``python -m jobcenter_warehouse.landing --raw-data-path R [--landing-path L | --warehouse W]``.

Prints one line per extract (files, rows, malformed rows, lines) and one line per structural
error; exits 1 when any extract could not be landed. Never prints a delivery value.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from ..pseudonym import PseudonymKeyError
from . import land, landing_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobcenter_warehouse.landing",
                                     description="Land the raw extracts as pseudonymised Parquet files.")
    parser.add_argument("--raw-data-path", default=os.environ.get("RAW_DATA_PATH", "data/raw"),
                        help="the delivery's root folder (default: $RAW_DATA_PATH, else data/raw)")
    parser.add_argument("--landing-path", default=None,
                        help="output folder (default: $LANDING_PATH, else <warehouse>.landing)")
    parser.add_argument("--warehouse", default=None,
                        help="the DuckDB warehouse the landing belongs to (default: $DUCKDB_PATH)")
    parser.add_argument("--force", action="store_true", help="land again even if the delivery is unchanged")
    parser.add_argument("--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    folder = landing_dir(args.landing_path, args.warehouse)
    log = (lambda _: None) if args.quiet else print
    start = time.perf_counter()
    try:
        report = land(args.raw_data_path, folder, force=args.force, log=log)
    except PseudonymKeyError as err:
        print(f"landing: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"landing: cannot read or write a file ({err.strerror})", file=sys.stderr)
        return 1
    for message in report.errors:
        print(f"landing error: {message}", file=sys.stderr)
    if report.reused:
        log(f"landing: {folder} is up to date with the delivery (use --force to land again)")
    for r in report.results:
        log(f"landing: {r.extract:<22} {r.files:>4} files {r.rows:>10,} rows {r.malformed:>6,} malformed "
            f"{r.lines:>10,} lines")
    if not report.reused:
        log(f"landing: wrote {folder} in {time.perf_counter() - start:.1f} s")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
