"""Command line of the synthetic extract generator.

    python scripts/generate_extracts.py [--out DIR] [--seed INT] [--as-of YYYY-MM-DD]
        [--start YYYY-MM] [--municipalities 151|101,151|hovedstaden|all] [--scale FLOAT]
        [--inject-bad-rows] [--strict-calibration] [--quiet] [--reference-dir DIR]

Progress goes to stderr (one line per municipality, suppressed by ``--quiet``); the totals
and, when Ballerup (151) is generated, the calibration table go to stdout. The exit status is
1 when ``--strict-calibration`` is given and a group is outside its tolerance, 2 for bad
arguments or reference data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .config import GeneratorConfig
from .reference import Reference, ReferenceError


def _month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, got {text!r}") from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _scale(text: str) -> float:
    value = float(text)
    if not 0 < value <= 20:
        raise argparse.ArgumentTypeError("--scale must be in (0, 20]")
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="generate_extracts",
        description="Write deterministic synthetic raw extracts (the contract's CSV format) for "
                    "Danish jobcenters, calibrated to STAR's 2018 key figures for Ballerup.",
    )
    p.add_argument("--out", type=Path, default=Path("data/raw"), help="raw-data root (default: data/raw)")
    p.add_argument("--seed", type=int, default=20180401, help="random seed (default: 20180401)")
    p.add_argument("--as-of", type=_date, default=dt.date(2026, 10, 31),
                   help="extract date (default: 2026-10-31)")
    p.add_argument("--start", type=_month, default=dt.date(2016, 1, 1),
                   help="first month of history (default: 2016-01)")
    p.add_argument("--municipalities", default="151",
                   help="comma list of kommunekoder, 'hovedstaden' (region 1084) or 'all' (default: 151)")
    p.add_argument("--scale", type=_scale, default=1.0, help="multiplies resident counts (default: 1.0)")
    p.add_argument("--inject-bad-rows", action="store_true",
                   help="add zz_injected_bad_rows.csv per extract and the manifest _injected_bad_rows.csv")
    p.add_argument("--strict-calibration", action="store_true",
                   help="exit 1 when a Ballerup group is outside the calibration tolerance")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p.add_argument("--reference-dir", type=Path, default=None,
                   help="folder with municipalities.csv and countries.csv (default: seeds/reference)")
    return p


def main(argv: list[str] | None = None) -> int:
    from .runner import generate, summary

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.start > args.as_of:
        parser.error("--start must not be after --as-of")
    try:
        reference = Reference(args.reference_dir)
        codes = reference.codes_for(args.municipalities)
    except ReferenceError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    cfg = GeneratorConfig(
        out=args.out, seed=args.seed, as_of=args.as_of, start=args.start, municipalities=codes,
        scale=args.scale, inject_bad_rows=args.inject_bad_rows, quiet=args.quiet,
        strict_calibration=args.strict_calibration, reference_dir=args.reference_dir,
    )
    result = generate(cfg, reference)
    try:
        print(summary(result, cfg), flush=True)
    except BrokenPipeError:  # e.g. piped into `head`: not an error of the run
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    if cfg.strict_calibration and result.calibration and not all(r.ok for r in result.calibration):
        print("error: calibration outside tolerance (--strict-calibration)", file=sys.stderr)
        return 1
    return 0
