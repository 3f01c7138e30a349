#!/usr/bin/env python3
"""Benchmark: time and peak memory of each pipeline step at a given size.

Runs, in a scratch folder, the generator, the raw-extract validation, `dbt build`, the
publish step and the key-figure reports (one HTML + PDF per delivered municipality), and prints wall time, peak resident memory of the step's process and the sizes
involved. Figures, not assertions: run it before and after a change that may cost speed.

    .venv/bin/python scripts/benchmark.py                       # Ballerup, scale 1
    .venv/bin/python scripts/benchmark.py --municipalities hovedstaden
    .venv/bin/python scripts/benchmark.py --municipalities all --skip validate   # national

The publish step alone, on a warehouse that is already built, side by side with the publish
step of an earlier commit (the baseline) on the same warehouse:

    .venv/bin/python scripts/benchmark.py --publish-only WAREHOUSE --baseline e4fe839

Target for the publish step: a national warehouse in at most 120 s and 4 GB (docs/publish.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PUBLISH_TARGET = (120.0, 4096.0)  # seconds, peak MB for a national warehouse


def run_step(cmd: list[str], env: dict, log: Path) -> tuple[float, float, int]:
    """Run one step; return wall seconds, its peak resident memory (MB) and its exit code."""
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def baseline_source(ref: str, work: Path) -> Path:
    """The package source of git `ref`, extracted under `work` (for PYTHONPATH)."""
    target = work / f"baseline-{ref}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref, "src/jobcenter_warehouse"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def publish_only(warehouse: Path, work: Path, baseline: str | None) -> int:
    """Time the publish step on `warehouse` (and the baseline's on the same file)."""
    runs = [("publish", ROOT / "src")]
    if baseline:
        runs.append((f"baseline {baseline}", baseline_source(baseline, work)))
    size = warehouse.stat().st_size / 1e6
    print(f"benchmark: publish of {warehouse} ({size:.0f} MB); target for a national warehouse: "
          f"<= {PUBLISH_TARGET[0]:.0f} s, <= {PUBLISH_TARGET[1]:.0f} MB")
    print(f"{'step':<20}{'seconds':>10}{'peak MB':>10}{'exit':>6}")
    for name, source in runs:
        env = dict(os.environ, PYTHONPATH=str(source), DO_NOT_TRACK="1")
        out = work / name.replace(" ", "_")
        shutil.rmtree(out, ignore_errors=True)
        cmd = [str(BIN / "python"), "-m", "jobcenter_warehouse.publish", "--warehouse", str(warehouse),
               "--out-dir", str(out)]
        seconds, peak, code = run_step(cmd, env, work / f"{name.replace(' ', '_')}.log")
        print(f"{name:<20}{seconds:>10.1f}{peak:>10.0f}{code:>6}", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", default="151")
    parser.add_argument("--scale", default="1.0")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--skip", action="append", default=[], choices=["validate", "publish", "report"])
    parser.add_argument("--publish-only", type=Path, default=None, metavar="WAREHOUSE",
                        help="time only the publish step on this built warehouse")
    parser.add_argument("--baseline", default=None, metavar="GIT_REF",
                        help="with --publish-only: also time the publish step of this commit")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="jobcenter-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.publish_only:
        return publish_only(args.publish_only.resolve(), work, args.baseline)
    raw, db = work / "raw", work / "wh.duckdb"
    env = dict(os.environ, RAW_DATA_PATH=str(raw), DUCKDB_PATH=str(db), LANDING_PATH=str(work / "landing"),
               PYTHONPATH=str(ROOT / "src"), DO_NOT_TRACK="1")
    steps = [("generate", [str(BIN / "python"), "scripts/generate_extracts.py", "--out", str(raw), "--quiet",
                           "--municipalities", args.municipalities, "--scale", args.scale])]
    if "validate" not in args.skip:
        steps.append(("validate", [str(BIN / "python"), "-m", "jobcenter_warehouse.validation",
                                   "--raw-data-path", str(raw), "--gx-dir", str(work / "gx")]))
    steps.append(("dbt build", [str(BIN / "dbt"), "build", "--target-path", str(work / "target"),
                                "--log-path", str(work / "logs")]))
    if "publish" not in args.skip:
        steps.append(("publish", [str(BIN / "python"), "-m", "jobcenter_warehouse.publish",
                                  "--warehouse", str(db), "--out-dir", str(work / "publish")]))
    if "publish" not in args.skip and "report" not in args.skip:
        steps.append(("report", [str(BIN / "python"), "-m", "jobcenter_warehouse.report",
                                 "--artefact", str(work / "publish" / "jobcenter_bi.duckdb"),
                                 "--out-dir", str(work / "publish" / "report")]))
    print(f"benchmark: municipalities={args.municipalities} scale={args.scale} work={work}")
    print(f"{'step':<12}{'seconds':>10}{'peak MB':>10}{'exit':>6}")
    for name, cmd in steps:
        log = work / f"{name.replace(' ', '_')}.log"
        seconds, peak, code = run_step(cmd, env, log)
        print(f"{name:<12}{seconds:>10.1f}{peak:>10.0f}{code:>6}", flush=True)
        if name == "generate":
            n, size = folder_size(raw)
            print(f"{'':<12}raw delivery: {n} files, {size / 1e6:.1f} MB")
        if name == "report" and code == 0:
            summary = [line for line in log.read_text().splitlines() if " reports (" in line]
            print(f"{'':<12}{summary[-1] if summary else ''}")
        if code != 0:
            print(f"{name} failed; see {log}")
            return code
    print(f"{'':<12}warehouse file: {db.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
