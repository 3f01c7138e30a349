"""Statistical disclosure control of the published tables, in SQL on DuckDB.

The public artefact publishes, per indicator, municipality and period, small tables: the total
(`breakdown = 'total'`) and, for each dimension, the breakdown by that dimension (its rows add
up to the total). A **breakdown group** is one such table: the rows of one breakdown together
with the total row. The total row belongs to the group of every breakdown.

* Primary: a row whose numerator or denominator is a count strictly between 0 and the
  threshold is suppressed.
* Complementary: a breakdown group must never hold exactly one suppressed member, or that
  member is the total minus its published siblings (or, for a hidden total, their sum). When a
  group holds exactly one, its smallest unsuppressed breakdown row (fewest persons, then
  smallest |numerator|, then the dimension's value) is suppressed too. The total is never chosen
  while a breakdown row can be: it is the municipality's headline figure, and the comparison
  layer publishes it as well. Only if a group has no other candidate is the total taken.

Nothing links different municipalities, periods or indicators: those are other tables. A row
belongs to one breakdown group (and a total's status changes only by primary suppression), so
a single pass is nearly always final; the passes repeat until one marks nothing.

The functions work on a table with the columns of ROLLUP_COLUMNS plus `suppressed` (boolean)
and `suppression_reason` (`primary`, `complementary` or NULL).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from .names import DIMENSIONS, MEASURE_DECIMALS
from .sql import PublishError, persons, primary_condition

# Guards against a bug only: every pass adds suppressions, so the loop ends.
MAX_ROUNDS = 1_000
GROUP_KEY = "indicator_id, municipality_code, period_start, grp"
# "Smallest": fewest persons, then smallest |numerator|, then the dimension's value; the
# struct makes arg_min deterministic.
_ORDER_KEY = (
    "{'persons': " + persons() + ", 'num': coalesce(abs(numerator), 0), 'dim': dim}"
)


def breakdown_group_members(table: str) -> str:
    """SQL of the members of every breakdown group: each breakdown row once (in the group of
    its own breakdown, `grp`) and the total row once per breakdown that the indicator,
    municipality and period have."""
    dim_value = "concat_ws('|', " + ", ".join(DIMENSIONS) + ")"
    return f"""
        select rowid as rid, indicator_id, municipality_code, period_start, breakdown as grp,
            false as is_total, suppressed, numerator, denominator, {dim_value} as dim
        from {table}
        where breakdown <> 'total'
        union all
        select t.rowid as rid, t.indicator_id, t.municipality_code, t.period_start, g.grp,
            true as is_total, t.suppressed, t.numerator, t.denominator, '' as dim
        from {table} as t
        inner join (
            select distinct indicator_id, municipality_code, period_start, breakdown as grp
            from {table}
            where breakdown <> 'total'
        ) as g
            on t.indicator_id = g.indicator_id
            and t.municipality_code = g.municipality_code
            and t.period_start = g.period_start
        where t.breakdown = 'total'
        """


def apply_primary_suppression(con: duckdb.DuckDBPyConnection, threshold: int, table: str) -> int:
    """Mark every row with a count between 0 and the threshold; returns the number marked."""
    (count,) = con.execute(f"""
        update {table}
        set suppressed = true, suppression_reason = 'primary'
        where not suppressed and {primary_condition(threshold)}
        """).fetchone()
    return int(count)


def _complementary_pass(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """In every breakdown group with exactly one suppressed member, suppress the smallest
    unsuppressed breakdown row (the total only when there is none). Returns rows marked."""
    (count,) = con.execute(f"""
        update {table}
        set suppressed = true, suppression_reason = 'complementary'
        where rowid in (
            select coalesce(
                arg_min(rid, {_ORDER_KEY}) filter (where not suppressed and not is_total),
                arg_min(rid, {_ORDER_KEY}) filter (where not suppressed)
            )
            from ({breakdown_group_members(table)}) as members
            group by {GROUP_KEY}
            having count(*) >= 2 and count(*) filter (where suppressed) = 1
        )
        """).fetchone()
    return int(count)


@dataclass
class Complementary:
    """What apply_complementary_suppression marked."""

    rows: int
    totals: int
    rounds: int


def apply_complementary_suppression(con: duckdb.DuckDBPyConnection, table: str) -> Complementary:
    """Repeat the pass until it marks nothing; returns rows marked, of which totals, rounds."""
    marked = 0
    for round_no in range(1, MAX_ROUNDS + 1):
        in_round = _complementary_pass(con, table)
        marked += in_round
        if in_round == 0:
            (totals,) = con.execute(f"""
                select count(*) from {table}
                where breakdown = 'total' and suppression_reason = 'complementary'
                """).fetchone()
            return Complementary(marked, int(totals), round_no)
    raise PublishError(f"complementary suppression did not converge in {MAX_ROUNDS} rounds")


def single_suppressions(con: duckdb.DuckDBPyConnection, table: str, limit: int = 5) -> list[tuple]:
    """Breakdown groups with two or more members and exactly one suppressed (disclosive)."""
    return con.execute(f"""
        select {GROUP_KEY}
        from ({breakdown_group_members(table)}) as members
        group by {GROUP_KEY}
        having count(*) >= 2 and count(*) filter (where suppressed) = 1
        order by all
        limit {int(limit)}
        """).fetchall()


def disclosure_problems(con: duckdb.DuckDBPyConnection, table: str, threshold: int) -> list[str]:
    """What makes a published table disclosive: a small row shown, a hidden row that still
    carries a measure, a breakdown group with exactly one hidden member."""
    problems = []
    (shown_small,) = con.execute(
        f"select count(*) from {table} where not suppressed and {primary_condition(threshold)}"
    ).fetchone()
    if shown_small:
        problems.append(f"{shown_small} unsuppressed rows below the threshold {threshold}")
    (leaked,) = con.execute(f"""
        select count(*) from {table}
        where suppressed and (numerator is not null or denominator is not null or value is not null)
        """).fetchone()
    if leaked:
        problems.append(f"{leaked} suppressed rows still carry a measure")
    singles = single_suppressions(con, table, limit=3)
    if singles:
        problems.append(f"breakdown groups with a single suppressed member, e.g. {singles}")
    return problems


@dataclass
class Loss:
    """Information lost to suppression in one published table (or one breakdown of it)."""

    table: str
    breakdown: str | None  # None: the whole table
    rows: int
    rows_primary: int
    rows_complementary: int
    persons: float
    persons_primary: float
    persons_complementary: float

    def line(self) -> str:
        def share(part, whole):
            return f"{100.0 * part / whole:.1f} %" if whole else "-"

        name = self.table if self.breakdown is None else f"{self.table}[{self.breakdown}]"
        return (
            f"{name}: {self.rows} rows, suppressed {share(self.rows_primary, self.rows)} primary + "
            f"{share(self.rows_complementary, self.rows)} complementary; persons "
            f"{share(self.persons_primary, self.persons)} primary + "
            f"{share(self.persons_complementary, self.persons)} complementary"
        )


def information_loss(con: duckdb.DuckDBPyConnection, table: str, label: str) -> list[Loss]:
    """Loss over the whole table (published as `label`) and per breakdown, from the
    suppression marks and the measures before they are blanked. Sums of persons are rounded
    as the measures are (a parallel sum's last bits differ between runs)."""
    rows = con.execute(f"""
        select
            breakdown, count(*),
            count(*) filter (where suppression_reason = 'primary'),
            count(*) filter (where suppression_reason = 'complementary'),
            round(coalesce(sum({persons()}), 0), {MEASURE_DECIMALS}),
            round(coalesce(sum({persons()}) filter (where suppression_reason = 'primary'), 0), {MEASURE_DECIMALS}),
            round(coalesce(sum({persons()}) filter (where suppression_reason = 'complementary'), 0),
                  {MEASURE_DECIMALS})
        from {table}
        group by grouping sets ((breakdown), ())
        order by breakdown nulls first
        """).fetchall()
    return [
        Loss(label, breakdown, *map(_number, figures))
        for breakdown, *figures in rows
    ]


def _number(x):
    return int(x) if isinstance(x, int) else float(x)
