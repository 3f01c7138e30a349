"""Reading the warehouse: attach it read-only, check the marts, load the roll-ups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from .names import (
    BREAKDOWNS,
    CELL_KEY,
    DIMENSION_TABLES,
    DIMENSIONS,
    FACT_COLUMNS,
    FACT_TABLE,
    PARAMETERS_TABLE,
    POPULATION_TABLE,
    ROLLUP_COLUMNS,
    ROLLUP_TABLE,
    SAFE_INDICATOR_ID,
    SOURCE_SCHEMA,
)
from .sql import PublishError, cols, ident, literal, qualified, rounded_measures


@dataclass
class Warehouse:
    """The attached warehouse: its file, catalog name and the tables of `marts`."""

    path: Path
    catalog: str
    marts: set[str]

    def mart(self, table: str) -> str:
        return qualified(self.catalog, SOURCE_SCHEMA, table)


def attach(con: duckdb.DuckDBPyConnection, warehouse: Path) -> Warehouse:
    """Attach the warehouse read-only under its file's stem (dbt-duckdb's views refer to
    tables as "<stem>"."marts"."...") and check that the published marts exist."""
    catalog = warehouse.stem
    try:
        con.execute(f"attach {literal(str(warehouse))} as {ident(catalog)} (read_only)")
    except duckdb.Error as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PublishError(
            f"cannot open the warehouse {warehouse} read-only (is `dbt build` writing it?): {first_line}"
        ) from exc
    marts = set(tables(con, catalog, SOURCE_SCHEMA))
    missing = [t for t in (FACT_TABLE, ROLLUP_TABLE, *DIMENSION_TABLES) if t not in marts]
    if missing:
        raise PublishError(f"the warehouse has no {SOURCE_SCHEMA}.{', '.join(missing)} (run `dbt build`)")
    return Warehouse(warehouse, catalog, marts)


def tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ?",
        [catalog, schema],
    ).fetchall()
    return [r[0] for r in rows]


def columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> list[str]:
    rows = con.execute(
        """
        select column_name from information_schema.columns
        where table_catalog = ? and table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [catalog, schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def reporting_parameters(con: duckdb.DuckDBPyConnection, wh: Warehouse) -> tuple[object, object]:
    """(as_of_date, reporting_start) of the build, or NULLs when the table is absent."""
    schema, table = PARAMETERS_TABLE
    if table not in tables(con, wh.catalog, schema):
        return None, None
    present = set(columns(con, wh.catalog, schema, table))
    as_of = "as_of_date" if "as_of_date" in present else "null"
    start = "reporting_start" if "reporting_start" in present else "null"
    row = con.execute(
        f"select cast({as_of} as date), cast({start} as date) from {qualified(wh.catalog, schema, table)} limit 1"
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def delivered_municipalities(con: duckdb.DuckDBPyConnection, wh: Warehouse) -> list[str]:
    """The municipalities of the delivery: those with population figures (codes only)."""
    schema, table = POPULATION_TABLE
    if table not in tables(con, wh.catalog, schema):
        raise PublishError(
            f"the warehouse has no {schema}.{table}, so the municipalities of the delivery are unknown "
            "(run `dbt build`)"
        )
    rows = con.execute(
        f"select distinct cast(municipality_code as varchar) from {qualified(wh.catalog, schema, table)} order by 1"
    ).fetchall()
    if not rows:
        raise PublishError(f"{schema}.{table} is empty: the delivery has no population figures")
    return [r[0] for r in rows]


def known_columns(con: duckdb.DuckDBPyConnection, wh: Warehouse, table: str, expected, log) -> list[str]:
    """Check that `table` has the expected columns; log (and leave out) unknown ones, which
    could otherwise carry a measure past disclosure control."""
    present = columns(con, wh.catalog, SOURCE_SCHEMA, table)
    absent = [c for c in expected if c not in present]
    if absent:
        raise PublishError(f"{SOURCE_SCHEMA}.{table} lacks the columns {', '.join(absent)}")
    dropped = [c for c in present if c not in expected]
    if dropped:
        log(f"publish: not published (unknown columns of {table}): {', '.join(dropped)}")
    return dropped


def load_rollups(con: duckdb.DuckDBPyConnection, wh: Warehouse, name: str, delivered: list[str]) -> int:
    """The roll-up rows of the delivered municipalities into the temp table `name`, with the
    suppression marks; returns the number of rows."""
    codes = ", ".join(literal(c) for c in delivered)
    con.execute(f"""
        create temp table {name} as
        select {rounded_measures(ROLLUP_COLUMNS)}, false as suppressed,
            cast(null as varchar) as suppression_reason
        from {wh.mart(ROLLUP_TABLE)}
        where municipality_code in ({codes})
        """)
    (rows,) = con.execute(f"select count(*) from {name}").fetchone()
    return int(rows)


def check_rollups(con: duckdb.DuckDBPyConnection, wh: Warehouse) -> None:
    """The roll-ups must be unique on the cells' key and carry a known breakdown that names
    their one dimension other than 'i_alt', or no breakdown group would protect them."""
    source = wh.mart(ROLLUP_TABLE)
    labels = " and ".join(f"(({ident(d)} <> 'i_alt') = (breakdown = {literal(d)}))" for d in DIMENSIONS)
    known = ", ".join(literal(b) for b in BREAKDOWNS)
    rows, distinct, unknown, mislabelled = con.execute(f"""
        select count(*), count(distinct ({cols(CELL_KEY)})),
            count(*) filter (where breakdown not in ({known}) or breakdown is null),
            count(*) filter (where not ({labels}))
        from {source}
        """).fetchone()
    if rows != distinct:
        raise PublishError(f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} has {rows - distinct} duplicate rows")
    if unknown:
        raise PublishError(f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} has {unknown} rows with an unknown breakdown")
    if mislabelled:
        raise PublishError(
            f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} has {mislabelled} rows whose breakdown does not name "
            "their one dimension other than 'i_alt'"
        )
    check_indicator_ids(con, source)


def check_indicator_ids(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Indicator ids name the Parquet partitions: letters, digits and '_' only."""
    ids = [r[0] for r in con.execute(f"select distinct indicator_id from {source}").fetchall()]
    bad = [i for i in ids if i is None or not SAFE_INDICATOR_ID.match(i)]
    if bad:
        raise PublishError(f"indicator ids not usable as folder names: {bad!r}")


def select_facts(wh: Warehouse) -> str:
    """The facts as published in the internal artefact: the known columns, rounded."""
    return f"select {rounded_measures(FACT_COLUMNS)} from {wh.mart(FACT_TABLE)}"


def select_rollups(wh: Warehouse) -> str:
    """The roll-ups as published in the internal artefact: the known columns, rounded."""
    return f"select {rounded_measures(ROLLUP_COLUMNS)} from {wh.mart(ROLLUP_TABLE)}"
