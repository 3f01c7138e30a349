"""Publish the aggregated marts for BI tools, with statistical disclosure control.

    python -m jobcenter_warehouse.publish [--warehouse PATH] [--out-dir publish] [--threshold 5]

The warehouse file that ``dbt build`` writes cannot be opened by a BI tool while dbt runs (a
DuckDB file has one writer or many readers), and it holds person-level schemas (staging,
intermediate, audit) that must never leave it. This step opens the warehouse read-only and
writes a separate artefact:

* ``<out-dir>/jobcenter_bi.duckdb``: a DuckDB file in the storage format of DuckDB 1.4 (so BI
  drivers that bundle DuckDB 1.4 or later can read it) holding only whitelisted aggregated
  tables: ``fct_indicator_values`` and its roll-ups ``fct_indicator_rollups`` after
  disclosure control, the dimension tables, ``dim_indicator``, the comparison tables
  ``marts.cmp_*`` if the warehouse has any, and ``publish_info``;
* ``<out-dir>/parquet/current/``: the same tables as Parquet, the facts and roll-ups split per
  indicator (``fct_indicator_values/indicator_id=<ID>/data.parquet``, likewise
  ``fct_indicator_rollups``), for tools without a DuckDB driver.

Disclosure control (Statistics Denmark's rule, threshold 5 by default, ``--threshold`` or
``DISCLOSURE_THRESHOLD``): a cell whose numerator or denominator is a count strictly between 0
and the threshold is suppressed (primary), and siblings are suppressed until no sibling group
holds exactly one suppressed cell (complementary), so a hidden cell cannot be recovered as a
published total minus its published siblings. The sibling groups are: in the facts, the cells
that differ in one dimension; in the roll-ups, one breakdown's rows with their total, and one
row across municipalities; across the two tables, a roll-up row with the fact cells it sums.
Both run as SQL on DuckDB.

Publishing is atomic: the DuckDB file is built under a temporary name next to the target,
verified, and renamed over the target with ``os.replace``; a client that holds the old file
open keeps reading the old, consistent copy. The Parquet tables go to a new version folder and
the ``current`` symlink is switched atomically. See docs/publish.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

BI_FILE_NAME = "jobcenter_bi.duckdb"
PARQUET_DIR_NAME = "parquet"
CURRENT_LINK_NAME = "current"
LOCK_FILE_NAME = ".publish.lock"
STORAGE_VERSION = "v1.4.0"
DEFAULT_THRESHOLD = 5
DEFAULT_WAREHOUSE = "warehouse/jobcenter.duckdb"
DEFAULT_OUT_DIR = "publish"

SOURCE_SCHEMA = "marts"
FACT_TABLE = "fct_indicator_values"
# One row per indicator, municipality, period and roll-up of the facts (the total, and one row
# per value of each single dimension); suppressed with the facts, as one linked set of tables.
ROLLUP_TABLE = "fct_indicator_rollups"
# Published as they are (aggregated reference data, no persons). Whitelisted by name: nothing
# else of the warehouse is ever copied, in particular no table of staging, intermediate, audit
# and none of the unsuppressed ind_<id>__<name> marts.
DIMENSION_TABLES = (
    "dim_month",
    "dim_target_group",
    "dim_origin_group",
    "dim_age_band",
    "dim_municipality",
    "dim_indicator",
)
COMPARISON_PREFIX = "cmp_"
# The one value read from a person-level schema: the reporting parameters (dates only).
PARAMETERS_TABLE = ("intermediate", "int_reporting__parameters")

DIMENSIONS = ("municipality_code", "origin_group", "gender", "age_band", "target_group")
CELL_KEY = ("indicator_id", "municipality_code", "period_start") + DIMENSIONS[1:]
MEASURES = ("numerator", "denominator", "value")
# Published measures are rounded: sums of fractional full-time persons differ in their last
# bits between two builds (the order of a parallel sum is not fixed), and a rerun over the same
# delivery must publish identical tables. Numerator and denominator are rounded to 6 decimals
# (far below anything a reader can see) and the value is recomputed from the rounded pair
# (= numerator for count indicators, whose denominator is NULL), so it is identical too.
MEASURE_DECIMALS = 6


def _rounded_measures(columns) -> str:
    """The select list of `columns` with the measures rounded (see MEASURE_DECIMALS)."""
    num = f"round(numerator, {MEASURE_DECIMALS})"
    den = f"round(denominator, {MEASURE_DECIMALS})"
    exprs = {
        "numerator": f"{num} as numerator",
        "denominator": f"{den} as denominator",
        "value": f"case when denominator is null then {num} else {num} / nullif({den}, 0) end as value",
    }
    return ", ".join(exprs.get(c, _ident(c)) for c in columns)
FACT_COLUMNS = CELL_KEY + MEASURES
# The roll-ups' `breakdown`: 'total' (every dimension 'i_alt') or the one dimension the row
# splits by. The key is the facts' key (breakdown follows from which dimension is not 'i_alt').
BREAKDOWNS = ("total", "origin_group", "gender", "age_band", "target_group")
ROLLUP_COLUMNS = ("indicator_id", "breakdown") + CELL_KEY[1:] + MEASURES
# Protect the roll-ups' margin over municipalities too (the same row in every municipality is
# a sibling group), as the facts' municipality dimension does. That margin is public when the
# comparison layer computes national values from micro-data covering every municipality. With
# a few small neighbouring municipalities it hides many of the main municipality's rows
# (docs/publish.md gives the numbers); set False only when no sum over municipalities is
# published anywhere.
ROLLUP_MUNICIPALITY_GROUPS = True
# Complementary suppression repeats until stable; this only guards against a bug.
MAX_ROUNDS = 10_000

SAFE_INDICATOR_ID = re.compile(r"^[A-Za-z0-9_]+$")
VERSION_DIR = re.compile(r"^v\d{8}T\d{6}\d{6}Z-\d+$")


class PublishError(RuntimeError):
    """The publish step cannot produce a safe, complete artefact; nothing was replaced."""


@dataclass
class PublishResult:
    """What one publish run wrote."""

    bi_file: Path
    parquet_dir: Path
    threshold: int
    cells: int
    suppressed_primary: int
    suppressed_complementary: int
    complementary_rounds: int
    rollup_cells: int = 0
    rollup_suppressed_primary: int = 0
    rollup_suppressed_complementary: int = 0
    tables: list[str] = field(default_factory=list)
    dropped_fact_columns: list[str] = field(default_factory=list)
    dropped_rollup_columns: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# SQL helpers


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _cols(names) -> str:
    return ", ".join(_ident(n) for n in names)


def _small(expr: str, threshold: int) -> str:
    """True when expr is a count strictly between 0 and the threshold (in absolute value)."""
    return f"(abs({expr}) > 0 and abs({expr}) < {threshold})"


def primary_condition(threshold: int, numerator: str = "numerator", denominator: str = "denominator") -> str:
    """SQL condition of primary suppression for one cell.

    A NULL measure (the denominator of a count indicator) never triggers it; abs() because
    I02's numerator is a change and may be negative; fractional counts (full-time persons)
    are compared as they are, so 4.99 is below 5.
    """
    return f"({_small(numerator, threshold)} or {_small(denominator, threshold)})"


# --------------------------------------------------------------------------------------------
# Disclosure control on a table `cells` (one row per cell: columns of FACT_COLUMNS plus
# suppressed boolean and suppression_reason). Within a sibling group along a dimension all
# other key columns are equal, so the dimension value breaks every tie in the ranking.


def apply_primary_suppression(con: duckdb.DuckDBPyConnection, threshold: int, table: str = "cells") -> int:
    """Mark every cell with a count between 0 and the threshold; returns the number marked."""
    (count,) = con.execute(f"""
        update {table}
        set suppressed = true, suppression_reason = 'primary'
        where not suppressed and {primary_condition(threshold)}
        """).fetchone()
    return int(count)


def _complementary_pass(con: duckdb.DuckDBPyConnection, dimension: str, table: str) -> int:
    """One pass along `dimension`: in every sibling group (same indicator, period and values of
    all other dimensions) with two or more cells of which exactly one is suppressed, also
    suppress the smallest unsuppressed sibling (by denominator, then |numerator|, then the
    dimension value; NULL measures sort last). Returns the number of cells marked."""
    others = ["indicator_id", "period_start"] + [d for d in DIMENSIONS if d != dimension]
    order_key = (
        "{'den_null': denominator is null, 'den': coalesce(abs(denominator), 0), "
        "'num_null': numerator is null, 'num': coalesce(abs(numerator), 0), "
        f"'dim': {_ident(dimension)}}}"
    )
    (count,) = con.execute(f"""
        update {table}
        set suppressed = true, suppression_reason = 'complementary'
        where rowid in (
            select arg_min(rowid, {order_key}) filter (where not suppressed)
            from {table}
            group by {_cols(others)}
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
        )
        """).fetchone()
    return int(count)


def apply_complementary_suppression(con: duckdb.DuckDBPyConnection, table: str = "cells") -> tuple[int, int]:
    """Repeat the passes over all dimensions until a whole round marks nothing.

    Dimensions are handled one after another (each pass sees the cells marked by the previous
    one), which suppresses fewer cells than marking all dimensions at once. A cell suppressed
    for one dimension may leave a single suppressed cell in a group along another dimension,
    hence the rounds. Returns (cells marked, rounds run).
    """
    marked = 0
    for round_no in range(1, MAX_ROUNDS + 1):
        in_round = sum(_complementary_pass(con, dimension, table) for dimension in DIMENSIONS)
        marked += in_round
        if in_round == 0:
            return marked, round_no
    raise PublishError(f"complementary suppression did not converge in {MAX_ROUNDS} rounds")


def single_suppressions(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """Sibling groups (any dimension) with two or more cells and exactly one suppressed."""
    found = []
    for dimension in DIMENSIONS:
        others = ["indicator_id", "period_start"] + [d for d in DIMENSIONS if d != dimension]
        rows = con.execute(f"""
            select {_cols(others)}
            from {table}
            group by {_cols(others)}
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
            limit 5
            """).fetchall()
        found.extend((dimension, *row) for row in rows)
    return found


# --------------------------------------------------------------------------------------------
# Disclosure control on the roll-ups, a table `rollup_cells` (columns of ROLLUP_COLUMNS plus
# suppressed and suppression_reason), linked to the facts `cells`. A roll-up row is the sum of
# fact cells, and the rows of one breakdown add up to the total, so three kinds of sibling
# groups must never hold exactly one suppressed member:
#   breakdown groups     - one indicator, municipality and period: the rows of one breakdown
#                          together with the 'total' row (total = sum of the rows);
#   municipality groups  - the same roll-up row in every municipality (their sum is the
#                          all-municipality figure, as for the facts' municipality dimension);
#   linked groups        - one roll-up row together with the fact cells it sums (the row is
#                          published, so one hidden fact cell in it would be row - the others;
#                          and a hidden row whose cells are all published is their sum).

# "Smallest" as for the facts: by denominator, then |numerator|; NULL measures sort last.
_ORDER_BY_SIZE = (
    "'den_null': denominator is null, 'den': coalesce(abs(denominator), 0), "
    "'num_null': numerator is null, 'num': coalesce(abs(numerator), 0)"
)


def _rollup_scope(breakdown: str) -> str:
    """The column a breakdown splits by ('i_alt' for the total)."""
    return "'i_alt'" if breakdown == "total" else _ident(breakdown)


def _rollup_breakdown_pass(con: duckdb.DuckDBPyConnection, breakdown: str, table: str) -> int:
    """Breakdown groups: the rows of `breakdown` and the 'total' row of one indicator,
    municipality and period. In a group of two or more with exactly one suppressed, suppress
    the smallest unsuppressed row, the total last (it is published in the comparison tables
    too, so hiding it protects nothing), then by denominator, |numerator|, dimension value."""
    order_key = (
        "{'total_last': breakdown = 'total', "
        + _ORDER_BY_SIZE
        + f", 'dim': {_rollup_scope(breakdown)}}}"
    )
    (count,) = con.execute(f"""
        update {table}
        set suppressed = true, suppression_reason = 'complementary'
        where rowid in (
            select arg_min(rowid, {order_key}) filter (where not suppressed)
            from {table}
            where breakdown in ('total', {_literal(breakdown)})
            group by indicator_id, municipality_code, period_start
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
        )
        """).fetchone()
    return int(count)


def _rollup_municipality_pass(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Municipality groups: the same roll-up row (indicator, period, breakdown and value) in
    every municipality, as the facts' municipality dimension."""
    others = ["indicator_id", "period_start", "breakdown"] + list(DIMENSIONS[1:])
    order_key = "{" + _ORDER_BY_SIZE + ", 'dim': municipality_code}"
    (count,) = con.execute(f"""
        update {table}
        set suppressed = true, suppression_reason = 'complementary'
        where rowid in (
            select arg_min(rowid, {order_key}) filter (where not suppressed)
            from {table}
            group by {_cols(others)}
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
        )
        """).fetchone()
    return int(count)


def _linked_members(breakdown: str, fact_table: str, rollup_table: str) -> str:
    """Members of the linked groups of one breakdown: its roll-up rows (src 'r') and the fact
    cells (src 'f'), each with the group key (indicator, municipality, period, scope value)."""
    scope = _rollup_scope(breakdown)
    tie = "concat_ws('|', origin_group, gender, age_band, target_group)"
    return f"""
        select 'r' as src, rowid as rid, indicator_id, municipality_code, period_start,
            {scope} as scope_value, numerator, denominator, suppressed, {tie} as tie
        from {rollup_table}
        where breakdown = {_literal(breakdown)}
        union all
        select 'f' as src, rowid as rid, indicator_id, municipality_code, period_start,
            {scope} as scope_value, numerator, denominator, suppressed, {tie} as tie
        from {fact_table}
        """


_LINKED_GROUP = """
    from ({members}) as members
    group by indicator_id, municipality_code, period_start, scope_value
    having count(*) filter (where src = 'r') = 1 and count(*) >= 2
        and count(*) filter (where suppressed) = 1
"""


def _linked_pass(
    con: duckdb.DuckDBPyConnection, breakdown: str, fact_table: str, rollup_table: str
) -> tuple[int, int]:
    """Linked groups of one breakdown: a roll-up row and the fact cells it sums. With exactly
    one suppressed member, suppress the smallest unsuppressed one (fact cells before the
    roll-up row on ties). Returns (fact cells marked, roll-up rows marked)."""
    order_key = (
        "{" + _ORDER_BY_SIZE + ", 'rollup_last': src = 'r', 'tie': tie}"
    )
    members = _linked_members(breakdown, fact_table, rollup_table)
    con.execute(f"""
        create or replace temp table linked_picks as
        select arg_min({{'src': src, 'rid': rid}}, {order_key}) filter (where not suppressed) as pick
        {_LINKED_GROUP.format(members=members)}
        """)
    marked = []
    for src, table in (("f", fact_table), ("r", rollup_table)):
        (count,) = con.execute(f"""
            update {table}
            set suppressed = true, suppression_reason = 'complementary'
            where rowid in (select pick.rid from linked_picks where pick.src = '{src}')
            """).fetchone()
        marked.append(int(count))
    con.execute("drop table linked_picks")
    return marked[0], marked[1]


@dataclass
class LinkedSuppression:
    """What apply_linked_suppression marked."""

    fact_complementary: int
    rollup_complementary: int
    fact_rounds: int
    sweeps: int


def apply_linked_suppression(
    con: duckdb.DuckDBPyConnection, fact_table: str = "cells", rollup_table: str = "rollup_cells"
) -> LinkedSuppression:
    """Complementary suppression of the facts and the roll-ups together.

    The facts' passes run until stable (apply_complementary_suppression); then one sweep over
    the roll-ups' breakdown and municipality groups and the linked groups. When the sweep marks
    anything, the facts' passes run again, and so on until a sweep right after stable facts
    marks nothing. Every pass only adds suppressions, so the loop ends."""
    fact_marked = rollup_marked = fact_rounds = 0
    for sweep in range(1, MAX_ROUNDS + 1):
        marked, rounds = apply_complementary_suppression(con, fact_table)
        fact_marked += marked
        fact_rounds += rounds
        in_sweep = 0
        for breakdown in BREAKDOWNS[1:]:
            in_sweep += _rollup_breakdown_pass(con, breakdown, rollup_table)
        if ROLLUP_MUNICIPALITY_GROUPS:
            in_sweep += _rollup_municipality_pass(con, rollup_table)
        rollup_marked += in_sweep
        for breakdown in BREAKDOWNS:
            on_facts, on_rollups = _linked_pass(con, breakdown, fact_table, rollup_table)
            fact_marked += on_facts
            rollup_marked += on_rollups
            in_sweep += on_facts + on_rollups
        if in_sweep == 0:
            return LinkedSuppression(fact_marked, rollup_marked, fact_rounds, sweep)
    raise PublishError(f"complementary suppression did not converge in {MAX_ROUNDS} sweeps")


def rollup_single_suppressions(
    con: duckdb.DuckDBPyConnection, fact_table: str, rollup_table: str
) -> list[tuple]:
    """Roll-up sibling groups (breakdown, municipality and linked groups) with two or more
    members and exactly one suppressed."""
    found = []
    for breakdown in BREAKDOWNS[1:]:
        rows = con.execute(f"""
            select indicator_id, municipality_code, period_start
            from {rollup_table}
            where breakdown in ('total', {_literal(breakdown)})
            group by indicator_id, municipality_code, period_start
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
            limit 5
            """).fetchall()
        found.extend((f"breakdown {breakdown}", *row) for row in rows)
    if ROLLUP_MUNICIPALITY_GROUPS:
        others = ["indicator_id", "period_start", "breakdown"] + list(DIMENSIONS[1:])
        rows = con.execute(f"""
            select {_cols(others)}
            from {rollup_table}
            group by {_cols(others)}
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
            limit 5
            """).fetchall()
        found.extend(("municipality", *row) for row in rows)
    for breakdown in BREAKDOWNS:
        members = _linked_members(breakdown, fact_table, rollup_table)
        rows = con.execute(f"""
            select indicator_id, municipality_code, period_start, scope_value
            {_LINKED_GROUP.format(members=members)}
            limit 5
            """).fetchall()
        found.extend((f"linked {breakdown}", *row) for row in rows)
    return found


# --------------------------------------------------------------------------------------------
# Reading the warehouse


def _catalog_alias(warehouse: Path) -> str:
    # dbt-duckdb names the database after the file's stem, and views it creates refer to
    # tables as "<stem>"."marts"."..." : attach under the same name so such views resolve.
    return warehouse.stem


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> dict[str, str]:
    rows = con.execute(
        """
        select table_name, table_type
        from information_schema.tables
        where table_catalog = ? and table_schema = ?
        """,
        [catalog, schema],
    ).fetchall()
    return {name: kind for name, kind in rows}


def _columns(con: duckdb.DuckDBPyConnection, relation_catalog: str, schema: str, table: str) -> list[str]:
    rows = con.execute(
        """
        select column_name
        from information_schema.columns
        where table_catalog = ? and table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [relation_catalog, schema, table],
    ).fetchall()
    return [r[0] for r in rows]


def _reporting_parameters(con: duckdb.DuckDBPyConnection, catalog: str) -> tuple[object, object]:
    schema, table = PARAMETERS_TABLE
    if table not in _tables(con, catalog, schema):
        return None, None
    cols = set(_columns(con, catalog, schema, table))
    as_of = "as_of_date" if "as_of_date" in cols else "null"
    start = "reporting_start" if "reporting_start" in cols else "null"
    row = con.execute(
        f"select cast({as_of} as date), cast({start} as date) "
        f"from {_ident(catalog)}.{_ident(schema)}.{_ident(table)} limit 1"
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


# --------------------------------------------------------------------------------------------
# Comparison tables: primary suppression by column prefix


def _comparison_measure_groups(columns: list[str]) -> dict[str, dict[str, str]]:
    """Groups of measure columns sharing a prefix: '' -> numerator/denominator/value,
    'municipality_' -> municipality_numerator/..., only prefixes with a numerator or
    denominator column."""
    groups: dict[str, dict[str, str]] = {}
    for col in columns:
        for measure in MEASURES:
            if col == measure or col.endswith("_" + measure):
                prefix = col[: len(col) - len(measure)]
                groups.setdefault(prefix, {})[measure] = col
    return {p: g for p, g in groups.items() if "numerator" in g or "denominator" in g}


def _comparison_select(
    catalog: str, table: str, columns: list[str], threshold: int
) -> tuple[str, str | None]:
    """SELECT for a comparison table: rows whose numerator or denominator of a prefix group is
    small get that group's numerator, denominator and value set NULL. Returns the SQL and the
    name of the added flag column (None when the table has no counts)."""
    groups = _comparison_measure_groups(columns)
    source = f"{_ident(catalog)}.{_ident(SOURCE_SCHEMA)}.{_ident(table)}"
    if not groups:
        return f"select * from {source} order by all", None
    conditions = {}
    for prefix, group in groups.items():
        conditions[prefix] = primary_condition(
            threshold,
            _ident(group["numerator"]) if "numerator" in group else "null",
            _ident(group["denominator"]) if "denominator" in group else "null",
        )
    select = []
    for col in columns:
        expr = _ident(col)
        for prefix, group in groups.items():
            if col in group.values():
                expr = f"case when {conditions[prefix]} then null else {_ident(col)} end as {_ident(col)}"
        select.append(expr)
    flag = "suppressed"
    while flag in columns:
        flag = "_" + flag
    select.append(f"coalesce({' or '.join(conditions.values())}, false) as {_ident(flag)}")
    return f"select {', '.join(select)} from {source} order by all", flag


# --------------------------------------------------------------------------------------------
# Files


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_db_file(path: Path) -> None:
    for candidate in (path, Path(str(path) + ".wal")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


def _version_name() -> str:
    now = dt.datetime.now(dt.timezone.utc)
    return f"v{now:%Y%m%dT%H%M%S%f}Z-{os.getpid()}"


def _current_version(parquet_root: Path) -> str | None:
    link = parquet_root / CURRENT_LINK_NAME
    if not link.is_symlink():
        if link.exists():
            raise PublishError(f"{link} exists and is not a symlink; move it away and publish again")
        return None
    return os.path.basename(os.readlink(link))


def _switch_current(parquet_root: Path, version: str) -> None:
    tmp_link = parquet_root / f".{CURRENT_LINK_NAME}.{os.getpid()}.tmp"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(version, tmp_link)  # relative: the out-dir can be moved as a whole
    os.replace(tmp_link, parquet_root / CURRENT_LINK_NAME)
    _fsync_dir(parquet_root)


def _remove_leftovers(out_dir: Path, parquet_root: Path) -> None:
    """Under the publish lock nothing else is being built: remove what a crashed run left."""
    for leftover in out_dir.glob(".jobcenter_bi.*.duckdb*"):
        leftover.unlink(missing_ok=True)
    for entry in parquet_root.glob(".build-*"):
        shutil.rmtree(entry, ignore_errors=True)
    for entry in parquet_root.glob(f".{CURRENT_LINK_NAME}.*.tmp"):
        entry.unlink(missing_ok=True)


def _remove_old_versions(parquet_root: Path, keep: set[str]) -> None:
    """Remove the Parquet versions other than the current and the previous one (a reader may
    still be reading the previous one through a path it resolved before the switch)."""
    for entry in parquet_root.iterdir():
        if (
            entry.name not in keep
            and not entry.is_symlink()
            and entry.is_dir()
            and VERSION_DIR.match(entry.name)
        ):
            shutil.rmtree(entry)


class _Lock:
    """One publisher at a time per out-dir (BI readers are not affected)."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def __enter__(self):
        self.handle = open(self.path, "a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise PublishError(
                f"another publish is running in {self.path.parent} (lock {self.path.name})"
            ) from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


# --------------------------------------------------------------------------------------------
# The publish step


def resolve_threshold(value: int | None = None) -> int:
    """The threshold: the argument, else DISCLOSURE_THRESHOLD, else 5."""
    if value is None:
        env = os.environ.get("DISCLOSURE_THRESHOLD", "").strip()
        if env:
            try:
                value = int(env)
            except ValueError:
                raise PublishError(f"DISCLOSURE_THRESHOLD must be a whole number, got {env!r}") from None
        else:
            value = DEFAULT_THRESHOLD
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
    """Publish the whitelisted marts of `warehouse` into `out_dir` (see the module docstring)."""
    threshold = resolve_threshold(threshold)
    warehouse = Path(warehouse).resolve()
    if not warehouse.is_file():
        raise PublishError(
            f"warehouse file not found: {warehouse} (run `dbt build` first, or set --warehouse)"
        )
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet_root = out_dir / PARQUET_DIR_NAME
    parquet_root.mkdir(exist_ok=True)

    with _Lock(out_dir / LOCK_FILE_NAME):
        _current_version(parquet_root)  # fails early when `current` is not a symlink
        _remove_leftovers(out_dir, parquet_root)
        tmp_db = out_dir / f".jobcenter_bi.{os.getpid()}.{time.time_ns()}.duckdb"
        version = _version_name()
        build_dir = parquet_root / f".build-{version}"
        try:
            result = _build(warehouse, out_dir, tmp_db, build_dir, threshold, memory_limit, log)
            # Parquet first: a new version folder, then the symlink switch.
            previous = _current_version(parquet_root)
            os.rename(build_dir, parquet_root / version)
            _switch_current(parquet_root, version)
            # Then the DuckDB file. A reader holding the old file keeps its (unlinked) inode.
            # Read-only on disk too: a client must open it with read_only=True.
            os.chmod(tmp_db, 0o444)
            os.replace(tmp_db, out_dir / BI_FILE_NAME)
            _fsync_dir(out_dir)
            _remove_old_versions(parquet_root, keep={version, previous} - {None})
        except BaseException:
            _remove_db_file(tmp_db)
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
    result.bi_file = out_dir / BI_FILE_NAME
    result.parquet_dir = parquet_root / CURRENT_LINK_NAME
    return result


def _build(
    warehouse: Path,
    out_dir: Path,
    tmp_db: Path,
    build_dir: Path,
    threshold: int,
    memory_limit: str | None,
    log,
) -> PublishResult:
    con = duckdb.connect(":memory:")
    try:
        con.execute("set enable_progress_bar = false")
        memory_limit = memory_limit or os.environ.get("DUCKDB_MEMORY_LIMIT")
        if memory_limit:
            con.execute(f"set memory_limit = {_literal(memory_limit)}")
        con.execute(f"set temp_directory = {_literal(str(out_dir / '.publish_tmp'))}")
        src = _catalog_alias(warehouse)
        try:
            con.execute(f"attach {_literal(str(warehouse))} as {_ident(src)} (read_only)")
        except duckdb.IOException as exc:
            raise PublishError(
                f"cannot open the warehouse {warehouse} read-only (is `dbt build` writing it?): {exc}"
            ) from exc

        marts = _tables(con, src, SOURCE_SCHEMA)
        missing = [t for t in (FACT_TABLE, ROLLUP_TABLE, *DIMENSION_TABLES) if t not in marts]
        if missing:
            raise PublishError(f"the warehouse has no {SOURCE_SCHEMA}.{', '.join(missing)} (run `dbt build`)")
        comparisons = sorted(t for t in marts if t.startswith(COMPARISON_PREFIX))

        fact_cols = _columns(con, src, SOURCE_SCHEMA, FACT_TABLE)
        absent = [c for c in FACT_COLUMNS if c not in fact_cols]
        if absent:
            raise PublishError(f"{SOURCE_SCHEMA}.{FACT_TABLE} lacks the columns {', '.join(absent)}")
        # Only the known columns are published: an unknown measure would escape suppression.
        dropped = [c for c in fact_cols if c not in FACT_COLUMNS]
        if dropped:
            log(f"publish: not published (unknown columns of {FACT_TABLE}): {', '.join(dropped)}")

        fact = f"{_ident(src)}.{_ident(SOURCE_SCHEMA)}.{_ident(FACT_TABLE)}"
        # Unordered load: rows are ordered once, when the file is written.
        con.execute(f"""
            create temp table cells as
            select {_rounded_measures(FACT_COLUMNS)}, false as suppressed, cast(null as varchar) as suppression_reason
            from {fact}
            """)
        cells, distinct = con.execute(
            f"select count(*), count(distinct ({_cols(CELL_KEY)})) from cells"
        ).fetchone()
        if cells != distinct:
            raise PublishError(
                f"{SOURCE_SCHEMA}.{FACT_TABLE} has {cells - distinct} duplicate cells "
                f"(one row per indicator and cell expected)"
            )
        bad_ids = [
            r[0]
            for r in con.execute("select distinct indicator_id from cells").fetchall()
            if r[0] is None or not SAFE_INDICATOR_ID.match(r[0])
        ]
        if bad_ids:
            raise PublishError(f"indicator ids not usable as folder names: {bad_ids!r}")

        rollup_cells, dropped_rollup = _load_rollups(con, src, log)

        primary = apply_primary_suppression(con, threshold)
        rollup_primary = apply_primary_suppression(con, threshold, table="rollup_cells")
        linked = apply_linked_suppression(con)
        complementary, rounds = linked.fact_complementary, linked.fact_rounds
        rollup_complementary = linked.rollup_complementary
        log(
            f"publish: {cells} cells, {primary} suppressed (primary, threshold {threshold}), "
            f"{complementary} suppressed (complementary, {rounds} rounds); "
            f"{rollup_cells} roll-up rows, {rollup_primary} suppressed (primary), "
            f"{rollup_complementary} suppressed (complementary, {linked.sweeps} sweeps)"
        )

        as_of_date, reporting_start = _reporting_parameters(con, src)

        # ---- the DuckDB file, readable by DuckDB 1.4+
        con.execute(
            f"attach {_literal(str(tmp_db))} as publish_out (storage_version {_literal(STORAGE_VERSION)})"
        )
        measure_select = ", ".join(
            f"case when suppressed then null else {_ident(m)} end as {_ident(m)}" for m in MEASURES
        )
        con.execute(f"""
            create table publish_out.main.{FACT_TABLE} as
            select {_cols(CELL_KEY)}, {measure_select}, suppressed, suppression_reason
            from cells
            order by {_cols(CELL_KEY)}
            """)
        tables = [FACT_TABLE]
        con.execute(f"""
            create table publish_out.main.{ROLLUP_TABLE} as
            select {_cols(ROLLUP_COLUMNS[:-len(MEASURES)])}, {measure_select}, suppressed, suppression_reason
            from rollup_cells
            order by {_cols(CELL_KEY)}
            """)
        tables.append(ROLLUP_TABLE)
        for dim in DIMENSION_TABLES:
            con.execute(
                f"create table publish_out.main.{_ident(dim)} as "
                f"select * from {_ident(src)}.{_ident(SOURCE_SCHEMA)}.{_ident(dim)} order by all"
            )
            tables.append(dim)
        for cmp in comparisons:
            sql, _flag = _comparison_select(src, cmp, _columns(con, src, SOURCE_SCHEMA, cmp), threshold)
            con.execute(f"create table publish_out.main.{_ident(cmp)} as {sql}")
            tables.append(cmp)
        con.execute("""
            create table publish_out.main.publish_info (
                published_at timestamp with time zone,
                as_of_date date,
                reporting_start date,
                disclosure_threshold integer,
                source_file varchar,
                cells bigint,
                cells_suppressed_primary bigint,
                cells_suppressed_complementary bigint,
                rollup_cells bigint,
                rollup_cells_suppressed_primary bigint,
                rollup_cells_suppressed_complementary bigint,
                storage_version varchar
            )
            """)
        con.execute(
            "insert into publish_out.main.publish_info values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                dt.datetime.now(dt.timezone.utc),
                as_of_date,
                reporting_start,
                threshold,
                str(warehouse),
                cells,
                primary,
                complementary,
                rollup_cells,
                rollup_primary,
                rollup_complementary,
                STORAGE_VERSION,
            ],
        )
        tables.append("publish_info")
        con.execute("checkpoint publish_out")
        con.execute("detach publish_out")

        # ---- verify the file as a reader sees it, then write Parquet from it
        expected_rows = {t: None for t in tables}
        expected_rows[FACT_TABLE] = cells
        expected_rows[ROLLUP_TABLE] = rollup_cells
        expected_rows["publish_info"] = 1
        for t in DIMENSION_TABLES + tuple(comparisons):
            (expected_rows[t],) = con.execute(
                f"select count(*) from {_ident(src)}.{_ident(SOURCE_SCHEMA)}.{_ident(t)}"
            ).fetchone()
        con.execute(f"detach {_ident(src)}")
        con.execute(f"attach {_literal(str(tmp_db))} as publish_check (read_only)")
        verify_published(con, "publish_check", expected_rows, threshold)
        _write_parquet(con, "publish_check", tables, build_dir)
        con.execute("detach publish_check")

        return PublishResult(
            bi_file=tmp_db,
            parquet_dir=build_dir,
            threshold=threshold,
            cells=cells,
            suppressed_primary=primary,
            suppressed_complementary=complementary,
            complementary_rounds=rounds,
            rollup_cells=rollup_cells,
            rollup_suppressed_primary=rollup_primary,
            rollup_suppressed_complementary=rollup_complementary,
            tables=tables,
            dropped_fact_columns=dropped,
            dropped_rollup_columns=dropped_rollup,
        )
    finally:
        con.close()
        shutil.rmtree(out_dir / ".publish_tmp", ignore_errors=True)


def _load_rollups(con: duckdb.DuckDBPyConnection, src: str, log) -> tuple[int, list[str]]:
    """Load the roll-ups into the temp table `rollup_cells`; returns (rows, dropped columns).
    Only the known columns are kept, and the rows must be unique on the facts' key and carry
    a known breakdown, or no sibling group would protect them."""
    rollup_cols = _columns(con, src, SOURCE_SCHEMA, ROLLUP_TABLE)
    absent = [c for c in ROLLUP_COLUMNS if c not in rollup_cols]
    if absent:
        raise PublishError(f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} lacks the columns {', '.join(absent)}")
    dropped = [c for c in rollup_cols if c not in ROLLUP_COLUMNS]
    if dropped:
        log(f"publish: not published (unknown columns of {ROLLUP_TABLE}): {', '.join(dropped)}")
    source = f"{_ident(src)}.{_ident(SOURCE_SCHEMA)}.{_ident(ROLLUP_TABLE)}"
    con.execute(f"""
        create temp table rollup_cells as
        select {_rounded_measures(ROLLUP_COLUMNS)}, false as suppressed, cast(null as varchar) as suppression_reason
        from {source}
        """)
    rows, distinct = con.execute(
        f"select count(*), count(distinct ({_cols(CELL_KEY)})) from rollup_cells"
    ).fetchone()
    if rows != distinct:
        raise PublishError(
            f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} has {rows - distinct} duplicate rows "
            f"(one row per indicator, municipality, period and roll-up expected)"
        )
    unknown = [
        r[0]
        for r in con.execute("select distinct breakdown from rollup_cells").fetchall()
        if r[0] not in BREAKDOWNS
    ]
    if unknown:
        raise PublishError(f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} has unknown breakdowns {unknown!r}")
    # The sibling groups read the breakdown's dimension: it must be the one not 'i_alt'.
    labels = " and ".join(f"(({_ident(d)} <> 'i_alt') = (breakdown = {_literal(d)}))" for d in BREAKDOWNS[1:])
    (mislabelled,) = con.execute(f"select count(*) from rollup_cells where not ({labels})").fetchone()
    if mislabelled:
        raise PublishError(
            f"{SOURCE_SCHEMA}.{ROLLUP_TABLE} has {mislabelled} rows whose breakdown does not name "
            "their one dimension other than 'i_alt'"
        )
    bad_ids = [
        r[0]
        for r in con.execute("select distinct indicator_id from rollup_cells").fetchall()
        if r[0] is None or not SAFE_INDICATOR_ID.match(r[0])
    ]
    if bad_ids:
        raise PublishError(f"indicator ids not usable as folder names: {bad_ids!r}")
    return int(rows), dropped


def verify_published(
    con: duckdb.DuckDBPyConnection, catalog: str, expected_rows: dict[str, int], threshold: int
) -> None:
    """Checks on the built file before it replaces the published one; raises PublishError."""
    problems = []
    tags = con.execute("select tags from duckdb_databases() where database_name = ?", [catalog]).fetchone()
    storage = (tags[0] or {}).get("storage_version", "") if tags else ""
    if not storage.startswith(STORAGE_VERSION):
        problems.append(f"storage version is {storage!r}, expected {STORAGE_VERSION}")
    present = set(_tables(con, catalog, "main"))
    all_schemas = {
        r[0]
        for r in con.execute(
            "select distinct table_schema from information_schema.tables where table_catalog = ?", [catalog]
        ).fetchall()
    }
    if present != set(expected_rows) or all_schemas - {"main"}:
        problems.append(
            f"tables {sorted(present)} in schemas {sorted(all_schemas)}, expected {sorted(expected_rows)}"
        )
    for table, rows in expected_rows.items():
        if table in present:
            (n,) = con.execute(f"select count(*) from {_ident(catalog)}.main.{_ident(table)}").fetchone()
            if n != rows:
                problems.append(f"{table}: {n} rows, expected {rows}")
    fact = f"{_ident(catalog)}.main.{FACT_TABLE}"
    rollup = f"{_ident(catalog)}.main.{ROLLUP_TABLE}"
    for name, table, what in ((FACT_TABLE, fact, "cells"), (ROLLUP_TABLE, rollup, "roll-up rows")):
        if name not in present:
            continue
        (small,) = con.execute(
            f"select count(*) from {table} where not suppressed and {primary_condition(threshold)}"
        ).fetchone()
        if small:
            problems.append(f"{small} unsuppressed {what} below the threshold {threshold}")
        (leaked,) = con.execute(f"""
            select count(*) from {table}
            where suppressed and (numerator is not null or denominator is not null or value is not null)
            """).fetchone()
        if leaked:
            problems.append(f"{leaked} suppressed {what} still carry a measure")
    if FACT_TABLE in present:
        singles = single_suppressions(con, fact)
        if singles:
            problems.append(f"sibling groups with a single suppressed cell, e.g. {singles[:3]}")
    if FACT_TABLE in present and ROLLUP_TABLE in present:
        singles = rollup_single_suppressions(con, fact, rollup)
        if singles:
            problems.append(f"roll-up sibling groups with a single suppressed row, e.g. {singles[:3]}")
    if problems:
        raise PublishError("verification of the built file failed: " + "; ".join(problems))


# Tables written to Parquet split per indicator (hive partitioning on indicator_id).
PARTITIONED_TABLES = (FACT_TABLE, ROLLUP_TABLE)


def _write_parquet(con: duckdb.DuckDBPyConnection, catalog: str, tables: list[str], build_dir: Path) -> None:
    build_dir.mkdir(parents=True)
    synced = [build_dir]
    for name in PARTITIONED_TABLES:
        if name not in tables:
            continue
        table = f"{_ident(catalog)}.main.{_ident(name)}"
        ids = [r[0] for r in con.execute(f"select distinct indicator_id from {table} order by 1").fetchall()]
        table_dir = build_dir / name
        table_dir.mkdir()
        for indicator_id in ids:
            part = table_dir / f"indicator_id={indicator_id}"
            part.mkdir()
            con.execute(f"""
                copy (
                    select * from {table}
                    where indicator_id = {_literal(indicator_id)}
                    order by {_cols(CELL_KEY)}
                ) to {_literal(str(part / 'data.parquet'))} (format parquet)
                """)
        # The Parquet copy must match the verified file.
        glob = str(table_dir / "*" / "*.parquet")
        (n_parquet,) = (
            con.execute(f"select count(*) from read_parquet({_literal(glob)})").fetchone() if ids else (0,)
        )
        (n_file,) = con.execute(f"select count(*) from {table}").fetchone()
        if n_parquet != n_file:
            raise PublishError(f"Parquet holds {n_parquet} rows of {name}, the DuckDB file {n_file}")
        synced += [table_dir, *table_dir.iterdir()]
    for table in tables:
        if table in PARTITIONED_TABLES:
            continue
        con.execute(
            f"copy (select * from {_ident(catalog)}.main.{_ident(table)}) "
            f"to {_literal(str(build_dir / (table + '.parquet')))} (format parquet)"
        )
    for path in synced:
        _fsync_dir(path)


# --------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m jobcenter_warehouse.publish",
        description="Publish the aggregated marts, with disclosure control, for BI tools.",
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE),
        help=f"warehouse DuckDB file written by dbt build (default: $DUCKDB_PATH, else {DEFAULT_WAREHOUSE})",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(DEFAULT_OUT_DIR),
        help=f"folder for {BI_FILE_NAME} and parquet/ (default: {DEFAULT_OUT_DIR})",
    )
    parser.add_argument(
        "--threshold",
        type=int,
        default=None,
        help=f"minimum published count (default: $DISCLOSURE_THRESHOLD, else {DEFAULT_THRESHOLD})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result = publish(args.warehouse, args.out_dir, args.threshold)
    except PublishError as exc:
        print(f"publish: error: {exc}", file=sys.stderr)
        return 2
    print(f"publish: wrote {result.bi_file} ({', '.join(result.tables)})")
    print(f"publish: wrote {result.parquet_dir}/ (Parquet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
