"""Writing and verifying the two DuckDB files: the public and the internal artefact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .consistency import BuildRun
from .load import Warehouse, select_facts, select_rollups, tables
from .names import (
    CELL_KEY,
    COMPARISON_TABLE,
    DIMENSION_TABLES,
    DISCLOSED_COMPARISON_TABLE,
    FACT_TABLE,
    INTERNAL_NOTICE,
    INTERNAL_SCHEMA,
    MEASURES,
    PUBLIC_NOTICE,
    PUBLIC_SCHEMA,
    ROLLUP_KEY,
    ROLLUP_TABLE,
    SEMANTIC_TABLES,
    STORAGE_VERSION,
)
from .sql import PublishError, cols, ident, literal, primary_condition
from .suppression import Loss, disclosure_problems

INFO_TABLE = "publish_info"
LOSS_TABLE = "publish_information_loss"


@dataclass
class Publication:
    """What goes into publish_info, and the rows each written table must hold."""

    artefact: str
    run: BuildRun
    warehouse: Path
    delivered: list[str]
    as_of_date: object
    reporting_start: object
    threshold: int | None
    rows_outside_delivery: int
    loss: Loss | None = None
    expected_rows: dict[str, int] = field(default_factory=dict)


def create(con: duckdb.DuckDBPyConnection, alias: str, schema: str, name: str, sql: str, pub: Publication) -> None:
    """Create `alias.schema.name` from `sql`; the rows of its source are what the written file
    must hold (checked by verify)."""
    (rows,) = con.execute(f"select count(*) from ({sql})").fetchone()
    con.execute(f"create table {ident(alias)}.{ident(schema)}.{ident(name)} as {sql}")
    pub.expected_rows[name] = int(rows)


def write_public(con: duckdb.DuckDBPyConnection, wh: Warehouse, path: Path, rollups: str,
                 losses: list[Loss], pub: Publication) -> None:
    """The public file: the suppressed roll-ups of the delivered municipalities, the code lists,
    the disclosure-controlled comparison table, publish_info and the information loss."""
    con.execute(f"attach {literal(str(path))} as publish_out (storage_version {literal(STORAGE_VERSION)})")
    blanked = ", ".join(f"case when suppressed then null else {ident(m)} end as {ident(m)}" for m in MEASURES)
    create(con, "publish_out", PUBLIC_SCHEMA, ROLLUP_TABLE,
           f"select {cols(ROLLUP_KEY)}, {blanked}, suppressed from {rollups} order by {cols(CELL_KEY)}", pub)
    for dim in DIMENSION_TABLES:
        create(con, "publish_out", PUBLIC_SCHEMA, dim, f"select * from {wh.mart(dim)} order by all", pub)
    if DISCLOSED_COMPARISON_TABLE in wh.marts:
        create(con, "publish_out", PUBLIC_SCHEMA, COMPARISON_TABLE,
               f"select * from {wh.mart(DISCLOSED_COMPARISON_TABLE)} order by all", pub)
    write_info(con, "publish_out", PUBLIC_SCHEMA, pub)
    rows = [(x.table, x.breakdown, x.rows, x.rows_primary, x.rows_complementary, x.persons,
             x.persons_primary, x.persons_complementary) for x in losses]
    con.execute(f"""
        create table publish_out.{PUBLIC_SCHEMA}.{LOSS_TABLE} (
            table_name varchar, breakdown varchar, rows bigint, rows_suppressed_primary bigint,
            rows_suppressed_complementary bigint, persons double, persons_suppressed_primary double,
            persons_suppressed_complementary double)
        """)
    con.executemany(f"insert into publish_out.{PUBLIC_SCHEMA}.{LOSS_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    pub.expected_rows[LOSS_TABLE] = len(rows)
    con.execute("checkpoint publish_out")
    con.execute("detach publish_out")


def write_internal(con: duckdb.DuckDBPyConnection, wh: Warehouse, path: Path, pub: Publication) -> None:
    """The internal file (schema `marts`, as in the warehouse): every aggregated mart that the
    public artefact is made from, unsuppressed, and the semantic layer's tables."""
    con.execute(f"attach {literal(str(path))} as internal_out (storage_version {literal(STORAGE_VERSION)})")
    con.execute(f"create schema internal_out.{INTERNAL_SCHEMA}")
    # Copied as stored, not sorted: sorting the cells of a national warehouse would cost more
    # than the rest of the step, and only the public file is compared between reruns.
    create(con, "internal_out", INTERNAL_SCHEMA, FACT_TABLE, select_facts(wh), pub)
    create(con, "internal_out", INTERNAL_SCHEMA, ROLLUP_TABLE, select_rollups(wh), pub)
    copied = list(DIMENSION_TABLES) + [t for t in (COMPARISON_TABLE, *SEMANTIC_TABLES) if t in wh.marts]
    for name in copied:
        create(con, "internal_out", INTERNAL_SCHEMA, name, f"select * from {wh.mart(name)}", pub)
    write_info(con, "internal_out", INTERNAL_SCHEMA, pub)
    con.execute("checkpoint internal_out")
    con.execute("detach internal_out")


def write_info(con: duckdb.DuckDBPyConnection, alias: str, schema: str, pub: Publication) -> None:
    """publish_info: one row saying what the artefact is and which run and delivery it holds."""
    loss = pub.loss
    info = {
        "artefact": ("varchar", pub.artefact),
        "notice": ("varchar", PUBLIC_NOTICE if pub.artefact == "public" else INTERNAL_NOTICE),
        "published_at": ("timestamp with time zone", dt.datetime.now(dt.timezone.utc)),
        "dbt_invocation_id": ("varchar", pub.run.invocation_id),
        "dbt_run_started_at": ("timestamp", pub.run.started_at),
        "dbt_run_finished_at": ("timestamp", pub.run.finished_at),
        "delivery_municipalities": ("varchar", ",".join(pub.delivered)),
        "as_of_date": ("date", pub.as_of_date),
        "reporting_start": ("date", pub.reporting_start),
        "disclosure_threshold": ("integer", pub.threshold),
        "source_file": ("varchar", str(pub.warehouse)),
        "rollup_rows": ("bigint", loss.rows if loss else None),
        "rollup_rows_suppressed_primary": ("bigint", loss.rows_primary if loss else None),
        "rollup_rows_suppressed_complementary": ("bigint", loss.rows_complementary if loss else None),
        "rows_outside_delivery": ("bigint", pub.rows_outside_delivery),
        "storage_version": ("varchar", STORAGE_VERSION),
    }
    columns = ", ".join(f"{name} {kind}" for name, (kind, _) in info.items())
    table = f"{alias}.{schema}.{INFO_TABLE}"
    con.execute(f"create table {table} ({columns})")
    con.execute(f"insert into {table} values ({', '.join('?' for _ in info)})", [v for _, v in info.values()])
    pub.expected_rows[INFO_TABLE] = 1


def verify(con: duckdb.DuckDBPyConnection, path: Path, schema: str, pub: Publication) -> None:
    """Reopen a written file read-only and check it as a reader sees it: storage version,
    exactly the expected tables and rows, and (public) the disclosure rules."""
    con.execute(f"attach {literal(str(path))} as publish_check (read_only)")
    try:
        problems = _file_problems(con, "publish_check", schema, pub.expected_rows)
        if pub.artefact == "public" and ROLLUP_TABLE in pub.expected_rows:
            rollups = f"publish_check.{schema}.{ROLLUP_TABLE}"
            problems += disclosure_problems(con, rollups, pub.threshold)
            codes = ", ".join(literal(c) for c in pub.delivered)
            (outside,) = con.execute(
                f"select count(*) from {rollups} where municipality_code not in ({codes})"
            ).fetchone()
            if outside:
                problems.append(f"{outside} rows of municipalities outside the delivery")
            problems += _comparison_problems(con, f"publish_check.{schema}", pub)
    finally:
        con.execute("detach publish_check")
    if problems:
        raise PublishError(f"verification of the built {pub.artefact} file failed: " + "; ".join(problems))


def _comparison_problems(con: duckdb.DuckDBPyConnection, schema: str, pub: Publication) -> list[str]:
    """The disclosed comparison table, checked against the publish step's own rule: no shown
    municipality figure below the threshold."""
    if COMPARISON_TABLE not in pub.expected_rows:
        return []
    present = {c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_catalog = 'publish_check' "
        "and table_name = ?", [COMPARISON_TABLE]).fetchall()}
    if not {"numerator", "denominator"} <= present:
        return []
    (shown_small,) = con.execute(
        f"select count(*) from {schema}.{COMPARISON_TABLE} where {primary_condition(pub.threshold)}"
    ).fetchone()
    return [f"{COMPARISON_TABLE}: {shown_small} rows show a count below the threshold"] if shown_small else []


def _file_problems(con: duckdb.DuckDBPyConnection, alias: str, schema: str, expected: dict[str, int]) -> list[str]:
    problems = []
    tags = con.execute("select tags from duckdb_databases() where database_name = ?", [alias]).fetchone()
    storage = (tags[0] or {}).get("storage_version", "") if tags else ""
    if not storage.startswith(STORAGE_VERSION):
        problems.append(f"storage version is {storage!r}, expected {STORAGE_VERSION}")
    schemas = {r[0] for r in con.execute(
        "select distinct table_schema from information_schema.tables where table_catalog = ?", [alias]).fetchall()}
    present = set(tables(con, alias, schema))
    if present != set(expected) or schemas != {schema}:
        problems.append(f"tables {sorted(present)} in schemas {sorted(schemas)}, expected {sorted(expected)}")
    for name, rows in expected.items():
        if name in present:
            (n,) = con.execute(f"select count(*) from {alias}.{ident(schema)}.{ident(name)}").fetchone()
            if n != rows:
                problems.append(f"{name}: {n} rows, expected {rows}")
    return problems
