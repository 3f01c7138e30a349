"""The publish step: read the warehouse, suppress, write both artefacts, verify, switch."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import load
from .artefact import Lock, ParquetVersions, VersionedFile, version_name, write_parquet
from .consistency import BuildRun, check_build_run
from .names import (
    COMPARISON_TABLE,
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_OUT_DIR,
    DEFAULT_THRESHOLD,
    DIMENSION_TABLES,
    DISCLOSED_COMPARISON_TABLE,
    FACT_COLUMNS,
    FACT_TABLE,
    INTERNAL_DIR,
    INTERNAL_FILE,
    INTERNAL_SCHEMA,
    LOCK_FILE,
    PARAMETERS_TABLE,
    PARQUET_DIR,
    POPULATION_TABLE,
    PUBLIC_FILE,
    PUBLIC_SCHEMA,
    ROLLUP_COLUMNS,
    ROLLUP_TABLE,
    SEMANTIC_TABLES,
)
from .sql import PublishError, ident, literal
from .suppression import Complementary, Loss, apply_complementary_suppression, apply_primary_suppression
from .suppression import information_loss
from .write import Publication, verify, write_internal, write_public

SUPPRESSED = "public_rollups"  # the temp table the suppression works on


@dataclass
class PublishResult:
    """What one publish run wrote."""

    public_file: Path
    internal_file: Path
    parquet_dir: Path
    threshold: int
    run: BuildRun
    delivered: list[str]
    primary: int
    complementary: Complementary
    losses: list[Loss]
    rows_outside_delivery: int
    public_tables: list[str] = field(default_factory=list)
    internal_tables: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)


def resolve_threshold(value: int | None = None, run_value: int | None = None) -> int:
    """The threshold: the argument, else DISCLOSURE_THRESHOLD, else the dbt var
    `disclosure_threshold` of the run that built the marts, else 5."""
    if value is None:
        env = os.environ.get("DISCLOSURE_THRESHOLD", "").strip()
        if env:
            try:
                value = int(env)
            except ValueError:
                raise PublishError(f"DISCLOSURE_THRESHOLD must be a whole number, got {env!r}") from None
        else:
            value = DEFAULT_THRESHOLD if run_value is None else run_value
    if int(value) != value or value < 1:
        raise PublishError(f"the disclosure threshold must be a whole number of at least 1, got {value!r}")
    return int(value)


def publish(
    warehouse: str | os.PathLike,
    out_dir: str | os.PathLike = DEFAULT_OUT_DIR,
    threshold: int | None = None,
    *,
    memory_limit: str | None = None,
    log=print,
) -> PublishResult:
    """Publish `warehouse` into `out_dir`: the public and the internal artefact (see the package
    docstring). Nothing is replaced unless both are built and verified."""
    if threshold is not None:
        resolve_threshold(threshold)  # a bad value fails before anything is opened
    warehouse = Path(warehouse).resolve()
    if not warehouse.is_file():
        raise PublishError(f"warehouse file not found: {warehouse} (run `dbt build` first, or set --warehouse)")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    version = version_name()
    public = VersionedFile(out_dir, PUBLIC_FILE, version)
    internal = VersionedFile(out_dir / INTERNAL_DIR, INTERNAL_FILE, version)
    parquet = ParquetVersions(out_dir / PARQUET_DIR, version)
    with Lock(out_dir / LOCK_FILE):
        for artefact in (public, internal, parquet):
            artefact.prepare()
        try:
            result = _build(warehouse, out_dir, threshold, memory_limit, log, (public, internal, parquet))
            parquet.switch()
            public.switch()
            internal.switch()
        except BaseException:
            for artefact in (public, internal, parquet):
                artefact.discard()
            raise
    return result


def _connect(out_dir: Path, memory_limit: str | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("set enable_progress_bar = false")
    con.execute("set preserve_insertion_order = false")
    # DuckDB spills to the temp directory beyond the limit: the step stays within its budget.
    memory_limit = memory_limit or os.environ.get("DUCKDB_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT
    con.execute(f"set memory_limit = {literal(memory_limit)}")
    con.execute(f"set temp_directory = {literal(str(out_dir / '.publish_tmp'))}")
    return con


def _build(warehouse: Path, out_dir: Path, threshold, memory_limit, log, artefacts) -> PublishResult:
    public, internal, parquet = artefacts
    con = _connect(out_dir, memory_limit)
    clock = _Clock(log)
    try:
        wh = load.attach(con, warehouse)
        run, threshold = _check_run(con, wh, threshold)
        dropped = load.known_columns(con, wh, FACT_TABLE, FACT_COLUMNS, log)
        dropped += load.known_columns(con, wh, ROLLUP_TABLE, ROLLUP_COLUMNS, log)
        load.check_rollups(con, wh)
        delivered = load.delivered_municipalities(con, wh)
        as_of, start = load.reporting_parameters(con, wh)
        primary, complementary, losses, outside = _suppress(con, wh, delivered, threshold, log)
        clock.lap("checks and disclosure control")
        facts = dict(run=run, warehouse=warehouse, delivered=delivered, as_of_date=as_of,
                     reporting_start=start, rows_outside_delivery=outside)
        pub_public = Publication("public", threshold=threshold, loss=losses[0], **facts)
        pub_internal = Publication("internal", threshold=None, **facts)
        write_public(con, wh, public.building, SUPPRESSED, losses, pub_public)
        write_internal(con, wh, internal.building, pub_internal)
        con.execute(f"detach {ident(wh.catalog)}")
        clock.lap("writing both files")
        verify(con, public.building, PUBLIC_SCHEMA, pub_public)
        verify(con, internal.building, INTERNAL_SCHEMA, pub_internal)
        clock.lap("verification")
        con.execute(f"attach {literal(str(public.building))} as publish_check (read_only)")
        write_parquet(con, "publish_check", PUBLIC_SCHEMA, sorted(pub_public.expected_rows), parquet.building)
        con.execute("detach publish_check")
        clock.lap("Parquet")
    finally:
        con.close()
        shutil.rmtree(out_dir / ".publish_tmp", ignore_errors=True)
    return PublishResult(public.link, internal.link, parquet.root / "current", threshold, run, delivered,
                         primary, complementary, losses, outside, sorted(pub_public.expected_rows),
                         sorted(pub_internal.expected_rows), dropped)


class _Clock:
    """Logs the seconds each phase took (the benchmark's figures per phase)."""

    def __init__(self, log):
        self.log = log
        self.start = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.log(f"publish: {phase}: {now - self.start:.1f} s")
        self.start = now


def _check_run(con: duckdb.DuckDBPyConnection, wh: load.Warehouse, threshold) -> tuple[BuildRun, int]:
    """The one finished dbt run behind every table read, and the threshold to apply."""
    optional = [t for t in (COMPARISON_TABLE, DISCLOSED_COMPARISON_TABLE, *SEMANTIC_TABLES) if t in wh.marts]
    intermediate = [t for s, t in (PARAMETERS_TABLE, POPULATION_TABLE) if t in load.tables(con, wh.catalog, s)]
    run = check_build_run(con, wh, [FACT_TABLE, ROLLUP_TABLE, *DIMENSION_TABLES, *optional, *intermediate])
    threshold = resolve_threshold(threshold, run.disclosure_threshold)
    built_with = run.disclosure_threshold
    if DISCLOSED_COMPARISON_TABLE in wh.marts and built_with is not None and built_with != threshold:
        raise PublishError(
            f"refused: threshold {threshold}, but {DISCLOSED_COMPARISON_TABLE} was built with the dbt var "
            f"disclosure_threshold {built_with}; publish with --threshold {built_with} or rebuild with "
            f"`dbt build --vars 'disclosure_threshold: {threshold}'`"
        )
    return run, threshold


def _suppress(con, wh: load.Warehouse, delivered: list[str], threshold: int, log):
    """Load the delivered municipalities' roll-ups and suppress them; log the information loss.
    Returns (primary, complementary, losses (whole table first), rows outside the delivery)."""
    rows = load.load_rollups(con, wh, SUPPRESSED, delivered)
    (all_rows,) = con.execute(f"select count(*) from {wh.mart(ROLLUP_TABLE)}").fetchone()
    outside = int(all_rows) - rows
    if outside:
        log(f"publish: {outside} roll-up rows of municipalities outside the delivery (no population "
            f"figures) are left out of the public artefact; the internal artefact keeps them")
    primary = apply_primary_suppression(con, threshold, SUPPRESSED)
    complementary = apply_complementary_suppression(con, SUPPRESSED)
    log(f"publish: threshold {threshold}; {rows} roll-up rows of {len(delivered)} delivered municipalities: "
        f"{primary} suppressed (primary), {complementary.rows} (complementary, {complementary.rounds} rounds; "
        f"{complementary.totals} totals)")
    losses = information_loss(con, SUPPRESSED, ROLLUP_TABLE)
    for loss in losses:
        log(f"publish: information loss {loss.line()}")
    return primary, complementary, losses, outside
