"""Command line: write the key-figure report of every delivered municipality, and time it.

    python -m jobcenter_warehouse.report [--artefact publish/jobcenter_bi.duckdb]
        [--out-dir publish/report] [--municipality 151 ...] [--no-pdf] [--jobs 2]

Prints one line per report and, at the end, the number of reports and the elapsed time (in
total and per report), so a national delivery's run is its own benchmark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .artefact import COMPARISON_TABLE, ReportError, missing_comparison_columns
from .build import Built, Workbook
from .pdf import chromium_binary

DEFAULT_ARTEFACT = "publish/jobcenter_bi.duckdb"
DEFAULT_OUT_DIR = "publish/report"
_WORKBOOK: Workbook | None = None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m jobcenter_warehouse.report",
                                     description="Write the key-figure reports (HTML and PDF).")
    parser.add_argument("--artefact", type=Path,
                        default=Path(os.environ.get("REPORT_ARTEFACT") or DEFAULT_ARTEFACT),
                        help=f"the published file (default: $REPORT_ARTEFACT, else {DEFAULT_ARTEFACT})")
    parser.add_argument("--out-dir", type=Path, default=Path(DEFAULT_OUT_DIR))
    parser.add_argument("--municipality", action="append", default=[],
                        help="kommunekode to write (repeatable; default: every delivered municipality)")
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel processes")
    return parser.parse_args(argv)


def _init_worker(artefact_path: Path) -> None:
    global _WORKBOOK
    _WORKBOOK = Workbook(artefact_path)


def _write_one(task: tuple[dict, Path, str | None]) -> Built:
    municipality, out_dir, chromium = task
    return _WORKBOOK.write(municipality, out_dir, chromium)


def run(args: argparse.Namespace) -> list[Built]:
    workbook = Workbook(args.artefact)
    chosen = [m for m in workbook.municipalities
              if not args.municipality or m["municipality_code"] in args.municipality]
    if not chosen:
        raise ReportError(f"no delivered municipality matches {args.municipality or 'the artefact'}")
    chromium = None if args.no_pdf else chromium_binary()
    if not args.no_pdf and chromium is None:
        raise ReportError("chromium is not installed (scripts/ensure_chromium.sh); use --no-pdf for HTML only")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if not workbook.with_comparison:
        missing = missing_comparison_columns(workbook.con)
        why = f"{COMPARISON_TABLE} lacks {', '.join(missing)}" if missing else f"no {COMPARISON_TABLE} table"
        print(f"report: {why} in the artefact: sammenligning ikke tilgængelig", flush=True)
    tasks = [(m, args.out_dir, chromium) for m in chosen]
    if args.jobs <= 1 or len(tasks) == 1:
        return [workbook.write(*task) for task in tasks]
    workbook.con.close()
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_init_worker, initargs=(args.artefact,)) as pool:
        return list(pool.map(_write_one, tasks))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    try:
        built = run(args)
    except ReportError as exc:
        print(f"report: error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    for b in built:
        pdf = f" + {b.pdf.name}" if b.pdf else ""
        print(f"report: wrote {b.html}{pdf} (HTML {b.html_seconds:.1f} s, PDF {b.pdf_seconds:.1f} s)")
    n_pdf = sum(1 for b in built if b.pdf)
    print(f"report: {len(built)} reports ({n_pdf} PDF) in {elapsed:.1f} s, {elapsed / len(built):.2f} s per report, "
          f"{args.jobs} process(es), {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    return 0
