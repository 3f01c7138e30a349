"""Data preparation: one municipality's 25-month series per indicator, from the artefact.

For every charted indicator and period of the default window a `Point` holds the
municipality's value and, when the artefact has the comparison table, the country, the top 10,
the region rank and the goal inputs of that period. A value hidden by disclosure control is
None with `suppressed` set: the report shows a gap and a note, never a zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from . import artefact

WINDOW_MONTHS = 25


@dataclass
class Point:
    """One period of one indicator for one municipality."""

    period: dt.date
    value: float | None = None
    suppressed: bool = False
    national: float | None = None
    top10: float | None = None
    top10_count: int | None = None
    region_rank: int | None = None
    region_size: int | None = None
    goal_met: bool | None = None
    previous: float | None = None
    nonwestern: float | None = None
    others: float | None = None
    national_source: str | None = None
    top10_source: str | None = None
    top10_suppressed: bool = False
    previous_suppressed: bool = False
    nonwestern_suppressed: bool = False
    others_suppressed: bool = False


@dataclass
class Series:
    """An indicator's default window for one municipality; `latest` is its last period."""

    indicator: dict
    points: list[Point] = field(default_factory=list)
    goal_kind: str | None = None
    target_value: float | None = None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def has_values(self) -> bool:
        return any(p.value is not None or p.national is not None or p.top10 is not None for p in self.points)


def reported_periods(months: list[dict], indicator: dict, meta: artefact.Meta) -> list[dt.date]:
    """The periods an indicator reports (INDICATORS.md, "Periods" and "Reporting delay").

    Monthly: months starting on or after reporting_start whose end + the reporting delay is on
    or before the as-of date. Yearly: the calendar years from reporting_start's year that
    ended on or before the as-of date.
    """
    if indicator["frequency"] == "yearly":
        last_year = meta.as_of_date.year if meta.as_of_date.month == 12 and meta.as_of_date.day == 31 \
            else meta.as_of_date.year - 1
        return [dt.date(y, 1, 1) for y in range(meta.reporting_start.year, last_year + 1)]
    lag = dt.timedelta(days=int(indicator["reporting_lag_days"] or 0))
    return sorted(m["month_start"] for m in months
                  if m["month_start"] >= meta.reporting_start and m["month_end"] + lag <= meta.as_of_date)


def default_window(periods: list[dt.date], frequency: str) -> list[dt.date]:
    """STAR's window: the 25 periods ending with the second-latest reported month (the latest
    still receives late registrations); for yearly indicators every reported year."""
    if frequency == "yearly":
        return list(periods)
    return list(periods[:-1][-WINDOW_MONTHS:])


def _rollup_totals(con: duckdb.DuckDBPyConnection, code: str) -> dict[tuple[str, dt.date], tuple]:
    rows = con.execute(f"""
        select indicator_id, period_start, value, suppressed
        from {artefact.ROLLUP_TABLE}
        where municipality_code = ? and breakdown = 'total'
        """, [code]).fetchall()
    return {(r[0], r[1]): (r[2], bool(r[3])) for r in rows}


def _comparison_rows(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, list[dict]]:
    present = artefact.comparison_columns(con) or set()
    flags = [f for f in artefact.SUPPRESSION_FLAGS if f in present]
    rows = artefact.rows_as_dicts(con, f"""
        select {", ".join(artefact.COMPARISON_COLUMNS + tuple(flags))}
        from {artefact.COMPARISON_TABLE}
        where municipality_code = ?
        order by indicator_id, period_start
        """, [code])
    by_indicator: dict[str, list[dict]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    return by_indicator


def _float(value) -> float | None:
    return None if value is None else float(value)


def _hidden(row: dict, flag: str, column: str) -> bool:
    return bool(row.get(flag)) and row[column] is None


def _point_from_comparison(row: dict, rollup: tuple | None) -> Point:
    """A Point from a comparison row. Whether a NULL is hidden comes from the disclosed
    table's flags; without them, from the municipality's roll-up total."""
    value = _float(row["value"])
    if "value_suppressed" in row:
        suppressed = _hidden(row, "value_suppressed", "value")
    else:
        suppressed = value is None and rollup is not None and rollup[1]
    return Point(
        period=row["period_start"], value=value, suppressed=suppressed,
        top10_suppressed=_hidden(row, "top10_value_suppressed", "top10_value"),
        previous_suppressed=_hidden(row, "previous_value_suppressed", "previous_value"),
        nonwestern_suppressed=_hidden(row, "nonwestern_value_suppressed", "nonwestern_value"),
        others_suppressed=_hidden(row, "others_value_suppressed", "others_value"),
        national=_float(row["national_value"]), top10=_float(row["top10_value"]),
        top10_count=row["top10_count"], region_rank=row["region_rank"], region_size=row["region_size"],
        goal_met=row["goal_met"], previous=_float(row["previous_value"]),
        nonwestern=_float(row["nonwestern_value"]), others=_float(row["others_value"]),
        national_source=row["national_source"], top10_source=row["top10_source"],
    )


def _series_with_comparison(indicator: dict, rows: list[dict], rollups: dict) -> Series:
    iid = indicator["indicator_id"]
    window = [r for r in rows if r["in_default_window"]]
    points = [_point_from_comparison(r, rollups.get((iid, r["period_start"]))) for r in window]
    first = rows[0] if rows else {}
    return Series(indicator, points, first.get("goal_kind"), _float(first.get("target_value")))


def _series_without_comparison(indicator: dict, window: list[dt.date], rollups: dict) -> Series:
    iid = indicator["indicator_id"]
    points = []
    for period in window:
        value, suppressed = rollups.get((iid, period), (None, False))
        points.append(Point(period=period, value=_float(value), suppressed=suppressed and value is None))
    return Series(indicator, points, indicator.get("goal_kind"), _float(indicator.get("target_value")))


def municipality_series(con: duckdb.DuckDBPyConnection, code: str, indicators: list[dict],
                        months: list[dict], meta: artefact.Meta, with_comparison: bool) -> dict[str, Series]:
    """The series of every charted indicator for municipality `code`, by indicator id."""
    rollups = _rollup_totals(con, code)
    comparison = _comparison_rows(con, code) if with_comparison else {}
    result = {}
    for indicator in indicators:
        iid = indicator["indicator_id"]
        if with_comparison:
            result[iid] = _series_with_comparison(indicator, comparison.get(iid, []), rollups)
        else:
            window = default_window(reported_periods(months, indicator, meta), indicator["frequency"])
            result[iid] = _series_without_comparison(indicator, window, rollups)
    return result


def load_months(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return artefact.rows_as_dicts(con, "select month_start, month_end, quarter_start from dim_month order by 1")
