"""An independent implementation of the comparison layer's rules (INDICATORS.md, Comparison
layer) in plain Python, compared row by row with marts.cmp_indicator_comparison of a built
warehouse (DUCKDB_PATH, else warehouse/jobcenter.duckdb; skipped when there is none).

It reads only the inputs the spec names: the indicator catalog (direction, frequency,
reporting delay, goal), the reporting dates, the population extract (which municipalities are
in the delivery), the municipalities seed (regions), the benchmarks extract and the
indicators' cells (fct_indicator_values), summed here again (I22 and S02 over the population
of S03's cells, once per cell). Periods, delivery, national values, the top 10, region ranks, the default
window, previous values and goals are worked out here again, with loops and dictionaries
instead of SQL.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def con():
    path = Path(os.environ.get("DUCKDB_PATH") or ROOT / "warehouse" / "jobcenter.duckdb").resolve()
    if not path.exists():
        pytest.skip(f"no built warehouse at {path} (set DUCKDB_PATH or run `make build`)")
    import duckdb
    connection = duckdb.connect(str(path), read_only=True)
    tables = {row[0] for row in connection.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
    if "cmp_indicator_comparison" not in tables:
        pytest.skip("the warehouse has no cmp_indicator_comparison")
    yield connection
    connection.close()


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


# Two values closer than this (relative) are equal up to the order of summation: the
# warehouse sums cells as exact decimals (10 places), this test as doubles. Where the rules
# compare such values (an inclusive goal, a tie in a ranking), either outcome is accepted.
NEAR = 1e-9


def near(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=NEAR, abs_tol=1e-12)


class Either:
    """An expected goal_met that is True or False: the two sides are equal up to rounding."""

    def __repr__(self) -> str:
        return "True or False (equal sides)"


class RankRange:
    """An expected rank within [low, high]: the value ties with others up to rounding."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def __repr__(self) -> str:
        return f"rank {self.low}..{self.high}"


def not_worse(direction: str, value, reference):
    if value is None or reference is None:
        return None
    if near(value, reference):
        return Either()
    return value >= reference if direction == "higher" else value <= reference


def rank_range(direction: str, value: float, values: list[float]):
    """The position of `value` among `values` (best first): exact, or a range when it ties
    with other values up to rounding."""
    better = sum(1 for v in values if not near(v, value) and (v > value if direction == "higher" else v < value))
    tied = sum(1 for v in values if near(v, value))  # includes the value itself
    return better + 1 if tied == 1 else RankRange(better + 1, better + tied)


def expected_rows(con) -> dict[tuple, dict]:
    as_of, reporting_start = con.execute(
        "select as_of_date, reporting_start from intermediate.int_reporting__parameters").fetchone()
    indicators = {
        row[0]: {"direction": row[1], "frequency": row[2], "lag": row[3], "goal_kind": row[4],
                 "target": None if row[5] is None else float(row[5])}
        for row in con.execute(
            "select indicator_id, direction, frequency, reporting_lag_days, goal_kind, target_value "
            "from reference.indicator_catalog where direction <> 'none' and mart_name is not null").fetchall()
    }
    regions = dict(con.execute("select municipality_code, region_code from reference.municipalities").fetchall())
    delivered = defaultdict(set)  # quarter start -> municipalities
    for quarter, municipality in con.execute(
            "select distinct quarter_start, municipality_code from staging.stg_extracts__population").fetchall():
        delivered[quarter].add(municipality)
    # The municipality's sums over its cells; I22 and S02 take the population once per cell
    # from S03 (their own rows repeat it per target group).
    non_additive = {r[0] for r in con.execute(
        "select indicator_id from reference.indicator_catalog "
        "where denominator_additive_over_target_group = false").fetchall()}
    sums = defaultdict(lambda: [0.0] * 6)  # all, ikke_vestlig, dansk + vestlig: (num, den)
    population = defaultdict(lambda: [0.0] * 3)
    origins_seen = defaultdict(bool)
    for ind, mun, period, origin, num, den in con.execute(
            "select indicator_id, municipality_code, period_start, origin_group, numerator, denominator "
            "from marts.fct_indicator_values").fetchall():
        parts = [0] + ([1] if origin == "ikke_vestlig" else [2] if origin in ("dansk", "vestlig") else [])
        origins_seen[(ind, mun, period)] |= origin != "i_alt"
        for part in parts:
            sums[(ind, mun, period)][2 * part] += num or 0.0
            sums[(ind, mun, period)][2 * part + 1] += den or 0.0
            if ind == "S03":
                population[(mun, period)][part] += den or 0.0
    totals, origins = {}, {}
    for key, values in sums.items():
        ind, mun, period = key
        if ind in non_additive:
            pop = population.get((mun, period), [0.0] * 3)
            values = [values[0], pop[0], values[2], pop[1], values[4], pop[2]]
        totals[key] = (values[0], values[1])
        if origins_seen[key]:
            origins[key] = values[2:]
    benchmarks = {(r[0], r[1], r[2]): r[3] for r in con.execute(
        "select indicator_id, area_code, period_start, value from staging.stg_extracts__benchmarks "
        "where value is not null").fetchall()}

    def ratio(num, den):
        return None if not den else num / den

    rows = {}
    for ind, meta in indicators.items():
        # Reported periods.
        if meta["frequency"] == "yearly":
            periods = [dt.date(y, 1, 1) for y in range(reporting_start.year, as_of.year + 1)
                       if dt.date(y, 12, 31) <= as_of]
        else:
            periods, month = [], dt.date(reporting_start.year, reporting_start.month, 1)
            if month < reporting_start:
                month = add_months(month, 1)
            while month_end(month) + dt.timedelta(days=meta["lag"]) <= as_of:
                periods.append(month)
                month = add_months(month, 1)
        if not periods:
            continue
        if meta["frequency"] == "yearly":
            selection, window = periods[-1], set(periods)
        else:
            selection = periods[-2] if len(periods) >= 2 else None
            window = set(periods[max(0, len(periods) - 26):len(periods) - 1])
        reported = set(periods)
        # Every municipality's value per period: computed when delivered, else benchmark.
        values = {}  # period -> {municipality: (value, source, numerator, denominator)}
        for period in periods:
            quarter = dt.date(period.year, 3 * ((period.month - 1) // 3) + 1, 1)
            per = {}
            for municipality in regions:
                if municipality in delivered.get(quarter, set()):
                    num, den = totals.get((ind, municipality, period), (0.0, 0.0))
                    per[municipality] = (ratio(num, den), "computed", num, den)
                elif (ind, municipality, period) in benchmarks:
                    per[municipality] = (float(benchmarks[(ind, municipality, period)]), "benchmark", None, None)
            values[period] = per
        sign = -1 if meta["direction"] == "higher" else 1
        members = []
        if selection is not None:
            candidates = sorted(
                ((sign * v[0], m) for m, v in values[selection].items() if v[0] is not None))
            if len(candidates) >= 10:
                members = [m for _, m in candidates[:10]]
        for period in periods:
            per = values[period]
            quarter = dt.date(period.year, 3 * ((period.month - 1) // 3) + 1, 1)
            if len(delivered.get(quarter, set())) == len(regions):
                num = sum(v[2] for v in per.values() if v[1] == "computed")
                den = sum(v[3] for v in per.values() if v[1] == "computed")
                national = ratio(num, den)
                national_source = "computed" if national is not None else None
            else:
                national = benchmarks.get((ind, "000", period))
                national = None if national is None else float(national)
                national_source = "benchmark" if national is not None else None
            member_values = [per[m] for m in members if m in per and per[m][0] is not None]
            top10 = sum(v[0] for v in member_values) / len(member_values) if member_values else None
            sources = {v[1] for v in member_values}
            top10_source = None if not sources else (sources.pop() if len(sources) == 1 else "mixed")
            previous_period = add_months(period, -12)
            for municipality, (value, source, num, den) in per.items():
                if source != "computed":
                    continue
                region = regions[municipality]
                ranked = [v[0] for m, v in per.items() if v[0] is not None and regions[m] == region]
                rank = rank_range(meta["direction"], value, ranked) if value is not None else None
                previous = None
                if previous_period in reported:
                    entry = values[previous_period].get(municipality)
                    previous = entry[0] if entry and entry[1] == "computed" else None
                split = origins.get((ind, municipality, period))
                nonwestern = ratio(split[0], split[1]) if split else None
                others = ratio(split[2], split[3]) if split else None
                kind = meta["goal_kind"]
                goal = {
                    "threshold": lambda: not_worse(meta["direction"], value, meta["target"]),
                    "national": lambda: not_worse(meta["direction"], value, national),
                    "region_top10": lambda: None if rank is None else (
                        rank <= 10 if isinstance(rank, int)
                        else Either() if rank.low <= 10 < rank.high else rank.high <= 10),
                    "parity": lambda: not_worse(meta["direction"], nonwestern, others),
                    "trend": lambda: not_worse(meta["direction"], value, previous),
                }.get(kind, lambda: None)()
                rows[(ind, municipality, period)] = {
                    "numerator": num, "denominator": den, "value": value,
                    "national_value": national, "national_source": national_source,
                    "top10_value": top10, "top10_source": top10_source, "top10_count": len(member_values),
                    "top10_selection_period": selection if members else None,
                    "region_code": region, "region_rank": rank,
                    "region_size": len(ranked) if value is not None else None,
                    "in_default_window": period in window, "goal_kind": kind, "target_value": meta["target"],
                    "goal_met": goal, "previous_value": previous,
                    "nonwestern_value": nonwestern, "others_value": others,
                }
    return rows


def same(a, b) -> bool:
    if isinstance(b, Either):
        return isinstance(a, bool)
    if isinstance(b, RankRange):
        return a is not None and b.low <= a <= b.high
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return a == b


def test_comparison_matches_an_independent_implementation(con):
    expected = expected_rows(con)
    result = con.execute("select * from marts.cmp_indicator_comparison")
    columns = [d[0] for d in result.description]
    actual = {}
    for row in result.fetchall():
        record = dict(zip(columns, row))
        actual[(record["indicator_id"], record["municipality_code"], record["period_start"])] = record
    assert set(actual) == set(expected), (
        f"{len(set(expected) - set(actual))} rows missing, {len(set(actual) - set(expected))} extra")
    differences = []
    for key, want in expected.items():
        for column, value in want.items():
            if not same(actual[key][column], value):
                differences.append(f"{key} {column}: {actual[key][column]!r} != {value!r}")
    assert not differences, f"{len(differences)} differences, e.g.\n" + "\n".join(differences[:20])
