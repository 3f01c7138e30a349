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

A warehouse of national size for the publish step alone, without generating and building a
national delivery: every dimension combination that an indicator has in a built (small)
warehouse, in every period, for each of the 98 municipalities (the full density a national
delivery can reach), with random counts, its roll-ups, and the build log of one finished run:

    .venv/bin/python scripts/benchmark.py --synthetic-from target/test_data/test.duckdb \
        --publish-only /tmp/national.duckdb --baseline e4fe839

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


def run_step(cmd: list[str], env: dict, log: Path) -> tuple[float, float, int, float]:
    """Run one step; return wall seconds, its peak resident memory (MB), its exit code and the
    CPU seconds it used (user + system; on a busy machine the wall time says little)."""
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


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


def synthetic_warehouse(template: Path, out: Path) -> None:
    """Write `out`: the national-size warehouse described in the module docstring."""
    import duckdb

    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out), config={"memory_limit": "6GB", "preserve_insertion_order": False})
    con.execute(f"attach '{template}' as t (read_only)")
    for schema in ("marts", "intermediate", "dbt_runs"):
        con.execute(f"create schema {schema}")
    keys = "origin_group, gender, age_band, target_group"
    con.execute(f"""
        create table marts.fct_indicator_values as
        with combos as (select indicator_id, {keys}, bool_and(denominator is null) as is_count
                        from t.marts.fct_indicator_values group by all),
             periods as (select distinct indicator_id, period_start from t.marts.fct_indicator_values),
             municipalities as (select municipality_code from t.marts.dim_municipality),
             cells as (select * from combos join periods using (indicator_id) cross join municipalities),
             counted as (select *, hash(indicator_id, municipality_code, period_start, {keys}) as h from cells)
        select indicator_id, municipality_code, period_start, {keys},
            cast(h % 40 as double) as numerator,
            case when is_count then null else cast(h % 40 + (h // 40) % 400 as double) end as denominator,
            case when is_count then cast(h % 40 as double)
                else (h % 40) / nullif(h % 40 + (h // 40) % 400, 0) end as value
        from counted""")
    parts = []
    for breakdown in ("total", "origin_group", "gender", "age_band", "target_group"):
        dims = ", ".join(d if d == breakdown else f"'i_alt' as {d}" for d in keys.split(", "))
        where = "" if breakdown == "total" else f"where {breakdown} <> 'i_alt'"
        parts.append(f"""select indicator_id, '{breakdown}' as breakdown, municipality_code, period_start, {dims},
            sum(numerator) as numerator, sum(denominator) as denominator,
            case when sum(denominator) is null then sum(numerator)
                else sum(numerator) / nullif(sum(denominator), 0) end as value
            from marts.fct_indicator_values {where} group by all""")
    con.execute("create table marts.fct_indicator_rollups as " + " union all ".join(parts))
    tables = ["dim_month", "dim_target_group", "dim_origin_group", "dim_age_band", "dim_municipality",
              "dim_indicator"]
    for name in tables:
        con.execute(f"create table marts.{name} as select * from t.marts.{name}")
    con.execute("create table intermediate.int_reporting__parameters as "
                "select * from t.intermediate.int_reporting__parameters")
    con.execute("create table intermediate.int_population__monthly as "
                "select municipality_code from t.marts.dim_municipality")
    con.execute("create table dbt_runs.invocations as select 'synthetic' as invocation_id, "
                "now()::timestamp as started_at, now()::timestamp as finished_at, 'success' as status, "
                "5 as disclosure_threshold")
    models = tables + ["fct_indicator_values", "fct_indicator_rollups", "int_reporting__parameters",
                       "int_population__monthly"]
    con.execute("create table dbt_runs.model_builds as select 'synthetic' as invocation_id, "
                "unnest(?) as model_name, now()::timestamp as built_at", [models])
    cells, rollups = (con.execute(f"select count(*) from marts.{name}").fetchone()[0]
                      for name in ("fct_indicator_values", "fct_indicator_rollups"))
    con.close()
    print(f"benchmark: synthetic warehouse {out}: {cells} cells, {rollups} roll-up rows")


def publish_only(warehouse: Path, work: Path, baseline: str | None) -> int:
    """Time the publish step on `warehouse` (and the baseline's on the same file)."""
    runs = [("publish", ROOT / "src")]
    if baseline:
        runs.append((f"baseline {baseline}", baseline_source(baseline, work)))
    size = warehouse.stat().st_size / 1e6
    print(f"benchmark: publish of {warehouse} ({size:.0f} MB); target for a national warehouse: "
          f"<= {PUBLISH_TARGET[0]:.0f} s, <= {PUBLISH_TARGET[1]:.0f} MB")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'step':<20}{'seconds':>10}{'peak MB':>10}{'exit':>6}{'CPU s':>10}")
    for name, source in runs:
        env = dict(os.environ, PYTHONPATH=str(source), DO_NOT_TRACK="1")
        out = work / name.replace(" ", "_")
        shutil.rmtree(out, ignore_errors=True)
        cmd = [str(BIN / "python"), "-m", "jobcenter_warehouse.publish", "--warehouse", str(warehouse),
               "--out-dir", str(out)]
        log = work / f"{name.replace(' ', '_')}.log"
        seconds, peak, code, cpu = run_step(cmd, env, log)
        print(f"{name:<20}{seconds:>10.1f}{peak:>10.0f}{code:>6}{cpu:>10.1f}", flush=True)
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.startswith("publish: ") and line.endswith(" s"):  # the phases
                print(f"{'':<20}{line[len('publish: '):]}")
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
    parser.add_argument("--synthetic-from", type=Path, default=None, metavar="WAREHOUSE",
                        help="with --publish-only: first write a national-size warehouse there, "
                        "shaped after this built one")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="jobcenter-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.publish_only and args.synthetic_from:
        synthetic_warehouse(args.synthetic_from.resolve(), args.publish_only.resolve())
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
        seconds, peak, code, _cpu = run_step(cmd, env, log)
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
