"""Reading the published artefact (publish/jobcenter_bi.duckdb): the report's only input.

The report never opens the warehouse: everything it shows has passed the publish step's
disclosure control. Column names of the comparison table are mapped here, in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

COMPARISON_TABLE = "cmp_indicator_comparison"
ROLLUP_TABLE = "fct_indicator_rollups"
# The comparison table's columns the report reads (INDICATORS.md, "Comparison layer").
COMPARISON_COLUMNS = (
    "indicator_id", "municipality_code", "period_start", "value", "national_value", "national_source",
    "top10_value", "top10_count", "top10_source", "region_code", "region_rank", "region_size",
    "in_default_window", "goal_kind", "target_value", "goal_met", "previous_value",
    "nonwestern_value", "others_value",
)
# Flags of the disclosed comparison table (cmp_indicator_comparison__disclosed, published
# under the comparison table's name): True where disclosure control set the column(s) NULL.
# Read when present; without them a NULL value counts as hidden when its roll-up row is.
SUPPRESSION_FLAGS = ("value_suppressed", "previous_value_suppressed", "nonwestern_value_suppressed",
                     "others_value_suppressed", "top10_value_suppressed")
# Statuses of dim_indicator whose indicator is built and reported.
REPORTED_STATUSES = ("active", "reinstated")
DIRECTIONS = ("higher", "lower")


class ReportError(RuntimeError):
    """The report cannot be built from this artefact (the message says why)."""


@dataclass(frozen=True)
class Meta:
    """publish_info: the dates and the threshold every page states."""

    as_of_date: dt.date
    reporting_start: dt.date
    published_at: dt.datetime
    threshold: int


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only; a missing file is a ReportError naming `make publish`."""
    if not Path(path).is_file():
        raise ReportError(f"{path} does not exist: run `make publish` first")
    return duckdb.connect(str(path), read_only=True)


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'main'").fetchall()
    return {r[0] for r in rows}


def comparison_columns(con: duckdb.DuckDBPyConnection) -> set[str] | None:
    """The comparison table's columns, or None when the artefact has no comparison table."""
    if COMPARISON_TABLE not in tables(con):
        return None
    rows = con.execute(f"describe {COMPARISON_TABLE}").fetchall()
    return {r[0] for r in rows}


def missing_comparison_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Columns the report needs that the comparison table lacks ([] when complete or absent)."""
    columns = comparison_columns(con)
    return [] if columns is None else [c for c in COMPARISON_COLUMNS if c not in columns]


def has_comparison(con: duckdb.DuckDBPyConnection) -> bool:
    columns = comparison_columns(con)
    return columns is not None and set(COMPARISON_COLUMNS) <= columns


def meta(con: duckdb.DuckDBPyConnection) -> Meta:
    row = con.execute(
        "select as_of_date, reporting_start, published_at, disclosure_threshold from publish_info"
    ).fetchone()
    if row is None:
        raise ReportError("publish_info is empty: the artefact was not written by the publish step")
    return Meta(row[0], row[1], row[2], int(row[3]))


def rows_as_dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def delivered_municipalities(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Municipalities in the delivery (those with population rows), with name and region.

    With a comparison table: its municipalities (one per delivered municipality by the spec).
    Without: those with a population-based denominator above 0 in S03's totals (a municipality
    that only appears through spells of people who moved has no population rows).
    """
    if has_comparison(con):
        codes = f"select distinct municipality_code from {COMPARISON_TABLE}"
    else:
        codes = (f"select distinct municipality_code from {ROLLUP_TABLE} "
                 "where indicator_id = 'S03' and breakdown = 'total' and denominator > 0")
    return rows_as_dicts(con, f"""
        select municipality_code, municipality_name, region_code, region_name
        from dim_municipality
        where municipality_code in ({codes})
        order by municipality_code
        """)


def region_sizes(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Number of municipalities per region (dim_municipality)."""
    rows = con.execute("select region_code, count(*) from dim_municipality group by 1").fetchall()
    return {code: n for code, n in rows}


def charted_indicators(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """dim_indicator rows of the indicators with a direction that are built and reported."""
    return rows_as_dicts(con, f"""
        select *
        from dim_indicator
        where direction in {DIRECTIONS} and status in {REPORTED_STATUSES}
        order by focus_area_sort_order, indicator_id
        """)


def all_indicators(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every dim_indicator row (the definitions appendix lists all of them)."""
    return rows_as_dicts(con, "select * from dim_indicator order by focus_area_sort_order, indicator_id")
