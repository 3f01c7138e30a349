"""A small hand-built published artefact for the key-figure report's tests.

Shaped like publish/jobcenter_bi.duckdb (the tables and columns the report reads), with
values chosen by hand so the expected figures can be worked out on paper (see the tests).

* As-of date 2026-10-31, reporting start 2024-01-01: months 2024-01 .. 2026-10 are reported
  for indicators without delay, so the default window is 2024-09 .. 2026-09 (25 months).
* Municipalities: 151 Ballerup and 101 København (Region Hovedstaden, 1084) are delivered;
  147 Frederiksberg (1084) and 751 Aarhus (1082) are not (with `national=True` only the two
  delivered municipalities are in dim_municipality, so the artefact covers "all of them").
* Indicators: I22 (Figure 1), I07 (threshold 0.80), I10 (national), I09 (region_top10),
  I24 (parity, reporting delay 91 days), S03 (trend; also the population 16-66), I17
  (yearly, no goal), S02 (Figure 2, no direction) and I08 (no direction).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

AS_OF = dt.date(2026, 10, 31)
START = dt.date(2024, 1, 1)
WINDOW_FIRST, WINDOW_LAST = dt.date(2024, 9, 1), dt.date(2026, 9, 1)
I22_SUPPRESSED_MONTH = dt.date(2025, 3, 1)

INDICATORS = [
    # id, name_da, focus_area, area name, area sort, direction, unit, frequency, lag, target_text, target_value
    ("I07", "Andel med mindst 4 samtaler inden for de første 6 måneder", "samarbejde_i_oejenhoejde",
     "Samarbejde i øjenhøjde", 2, "higher", "share", "monthly", 0, "Minimum 80 pct.", 0.80),
    ("I08", "Samarbejdsgraden med virksomheder", "samarbejde_i_oejenhoejde", "Samarbejde i øjenhøjde", 2,
     "none", "share", "monthly", 0, None, None),
    ("I09", "Fuldtidsledige i pct. af forsikrede", "forsikrede_ledige", "Forsikrede ledige", 3, "lower",
     "rate", "monthly", 0, "Blandt de ti laveste i Region Hovedstaden", None),
    ("I10", "Andel forsikrede ledige der fortsat modtager dagpenge 13 uger efter første ledighedsdag",
     "forsikrede_ledige", "Forsikrede ledige", 3, "lower", "share", "monthly", 0,
     "Skal nedbringes til nationalt niveau", None),
    ("I17", "Tilkendelse af førtidspension", "udfordringer_ud_over_ledighed",
     "Borgere med udfordringer ud over ledighed", 4, "lower", "rate", "yearly", 0, None, None),
    ("I22", "Andel offentligt forsørgede fordelt på herkomst, målgruppe og køn", "ikke_vestlig_baggrund",
     "Borgere med ikke-vestlig baggrund", 6, "lower", "rate", "monthly", 0, None, None),
    ("I24", "Jobparate der fortsat modtager ydelse 13 uger efter første ledighedsdag, efter herkomst",
     "ikke_vestlig_baggrund", "Borgere med ikke-vestlig baggrund", 6, "lower", "share", "monthly", 91,
     "På niveau med dansk og vestlig herkomst", None),
    ("S02", "Borgere fordelt på arbejdsmarkedsstatus", "star_noegletal", "Nøgletal (STAR)", 7, "none", "rate",
     "monthly", 0, None, None),
    ("S03", "Andel udsatte personer på offentlig ydelse", "star_noegletal", "Nøgletal (STAR)", 7, "lower",
     "rate", "monthly", 0, "Flest muligt skal i arbejde og forsørge sig selv", None),
]
GOAL_KINDS = {"I07": "threshold", "I09": "region_top10", "I10": "national", "I17": "none", "I22": "none",
              "I24": "parity", "S03": "trend"}
MUNICIPALITIES = [("101", "København", "1084", "Region Hovedstaden"),
                  ("147", "Frederiksberg", "1084", "Region Hovedstaden"),
                  ("151", "Ballerup", "1084", "Region Hovedstaden"),
                  ("751", "Aarhus", "1082", "Region Midtjylland")]
TARGET_GROUPS = [  # target_group, benefit_code, label, benefit order, sort order
    ("a_dagpenge", "a_dagpenge", "A-dagpenge mv.", 1, 1),
    ("kontanthjaelp_jobparat", "kontanthjaelp", "Kontanthjælp", 2, 2),
    ("kontanthjaelp_aktivitetsparat", "kontanthjaelp", "Kontanthjælp", 2, 3),
    ("fleksjob", "fleksjob", "Fleksjob", 10, 13),
    ("uden_ydelse", None, None, None, 16),
    ("i_alt", None, None, None, 17),
]
ROLLUP_TYPES = tuple(
    (c, "double" if c in ("numerator", "denominator", "value") else "boolean" if c == "suppressed"
     else "date" if c == "period_start" else "varchar")
    for c in ("indicator_id", "breakdown", "municipality_code", "period_start", "origin_group", "gender",
              "age_band", "target_group", "numerator", "denominator", "value", "suppressed"))


def months(first: dt.date = START, last: dt.date = dt.date(2026, 10, 1)) -> list[dt.date]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def month_end(m: dt.date) -> dt.date:
    nxt = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _create_dimensions(con: duckdb.DuckDBPyConnection, national: bool) -> None:
    con.execute("create table publish_info (published_at timestamptz, as_of_date date, reporting_start date, "
                "disclosure_threshold integer)")
    con.execute("insert into publish_info values ('2026-11-02 08:00:00+00', ?, ?, 5)", [AS_OF, START])
    con.execute("create table dim_month (month_start date, month_end date, quarter_start date, is_reported boolean)")
    for m in months():
        con.execute("insert into dim_month values (?, ?, ?, true)",
                    [m, month_end(m), dt.date(m.year, (m.month - 1) // 3 * 3 + 1, 1)])
    con.execute("create table dim_municipality (municipality_code varchar, municipality_name varchar, "
                "region_code varchar, region_name varchar, population_2018 integer)")
    for code, name, region, region_name in MUNICIPALITIES:
        if not national or code in ("101", "151"):
            con.execute("insert into dim_municipality values (?, ?, ?, ?, 1000)", [code, name, region, region_name])
    con.execute("create table dim_target_group (target_group varchar, benefit_code varchar, "
                "star_figure2_label varchar, star_figure2_sort_order integer, sort_order integer)")
    con.executemany("insert into dim_target_group values (?, ?, ?, ?, ?)", TARGET_GROUPS)


def _create_dim_indicator(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""create table dim_indicator (indicator_id varchar, name_da varchar, name_en varchar,
        focus_area varchar, focus_area_name_da varchar, focus_area_goal_da varchar, focus_area_sort_order integer,
        direction varchar, unit varchar, frequency varchar, status varchar, reporting_lag_days integer,
        target_text varchar, target_value decimal(6, 4), goal_kind varchar, source_document varchar,
        definition_en varchar, definition_da varchar, source_title varchar)""")
    for (iid, name, area, area_name, order, direction, unit, freq, lag, text, target) in INDICATORS:
        con.execute("insert into dim_indicator values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?)",
                    [iid, name, f"{iid} in English", area, area_name, f"Mål for {area_name}", order, direction,
                     unit, freq, lag, text, target, GOAL_KINDS.get(iid, "none"), f"{iid}.txt",
                     f"Definition of {iid}.", f"Definition af {iid}.", "Ballerup Kommune, Bilag 2: Indikatorer, 2022"])


def reported(iid: str) -> list[dt.date]:
    """Hand-listed reported periods: yearly I17 2024-2025; I24 (delay 91) up to 2026-07."""
    if iid == "I17":
        return [dt.date(2024, 1, 1), dt.date(2025, 1, 1)]
    return months(START, dt.date(2026, 7, 1) if iid == "I24" else dt.date(2026, 10, 1))


def in_window(iid: str, period: dt.date) -> bool:
    if iid == "I17":
        return True
    if iid == "I24":
        return dt.date(2024, 6, 1) <= period <= dt.date(2026, 6, 1)
    return WINDOW_FIRST <= period <= WINDOW_LAST


def i22_national(period: dt.date) -> float:
    special = {dt.date(2026, 7, 1): 0.12, dt.date(2026, 8, 1): 0.13, dt.date(2026, 9, 1): 0.14,
               dt.date(2025, 7, 1): 0.125, dt.date(2025, 8, 1): 0.125, dt.date(2025, 9, 1): 0.125}
    return special.get(period, 0.18)


def comparison_row(iid: str, code: str, period: dt.date) -> dict:
    """One row of cmp_indicator_comparison, by hand (see the module docstring)."""
    latest = period == WINDOW_LAST
    row = {"value": 0.20 if code == "151" else 0.25, "national_value": 0.18, "national_source": "benchmark",
           "top10_value": 0.15, "top10_count": 10, "top10_source": "benchmark", "region_code": "1084",
           "region_rank": 2 if code == "151" else 3, "region_size": 3, "goal_met": None,
           "previous_value": None, "nonwestern_value": None, "others_value": None, "nonwestern_suppressed": False}
    if iid == "I22":
        row["national_value"] = i22_national(period)
        if code == "151" and period == I22_SUPPRESSED_MONTH:
            row.update(value=None, region_rank=None)
    elif iid == "I07":
        row.update(value=0.82 if latest else 0.78, national_value=0.75, top10_value=0.90, goal_met=latest)
    elif iid == "I10":
        row.update(value=0.30, national_value=0.25, goal_met=False)
    elif iid == "I09":
        row.update(value=0.03, national_value=0.035, top10_value=0.02, goal_met=row["region_rank"] <= 10)
    elif iid == "I24":
        row.update(value=0.35, others_value=0.40, top10_count=9, nonwestern_suppressed=True)
    elif iid == "S03":
        row.update(value=0.08, national_value=0.09, previous_value=0.085, goal_met=True)
    elif iid == "I17":
        row.update(value=0.005 if period.year == 2024 else 0.006, national_value=0.004, top10_value=0.003)
    return row


COMPARISON_TYPES = (
    ("indicator_id", "varchar"), ("municipality_code", "varchar"), ("period_start", "date"),
    ("value", "double"), ("national_value", "double"), ("national_source", "varchar"),
    ("top10_value", "double"), ("top10_count", "integer"), ("top10_source", "varchar"),
    ("region_code", "varchar"), ("region_rank", "integer"), ("region_size", "integer"),
    ("in_default_window", "boolean"), ("goal_kind", "varchar"), ("target_value", "double"),
    ("goal_met", "boolean"), ("previous_value", "double"), ("nonwestern_value", "double"),
    ("others_value", "double"), ("numerator", "double"), ("denominator", "double"), ("frequency", "varchar"),
    ("direction", "varchar"), ("value_suppressed", "boolean"), ("previous_value_suppressed", "boolean"),
    ("nonwestern_value_suppressed", "boolean"), ("others_value_suppressed", "boolean"),
    ("top10_value_suppressed", "boolean"),
)


def _insert(con: duckdb.DuckDBPyConnection, table: str, types, rows: list[tuple]) -> None:
    """Create `table` with columns `types` ((name, type) pairs) holding `rows` (one statement)."""
    frame = pd.DataFrame(rows, columns=[c for c, _ in types])
    con.register("fixture_rows", frame)
    casts = ", ".join(f"cast({c} as {t}) as {c}" for c, t in types)
    con.execute(f"create table {table} as select {casts} from fixture_rows")
    con.unregister("fixture_rows")


def _create_comparison(con: duckdb.DuckDBPyConnection, codes: tuple[str, ...]) -> None:
    targets = {i[0]: i[10] for i in INDICATORS}
    meta = {i[0]: (i[7], i[5]) for i in INDICATORS}
    rows = []
    for iid, kind in GOAL_KINDS.items():
        for code in codes:
            for period in reported(iid):
                r = comparison_row(iid, code, period)
                rows.append((iid, code, period, r["value"], r["national_value"], r["national_source"],
                             r["top10_value"], r["top10_count"], r["top10_source"], r["region_code"],
                             r["region_rank"], r["region_size"], in_window(iid, period), kind, targets[iid],
                             r["goal_met"], r["previous_value"], r["nonwestern_value"], r["others_value"],
                             None if r["value"] is None else r["value"] * 100, None if r["value"] is None else 100,
                             *meta[iid], r["value"] is None, False, r["nonwestern_suppressed"], False, False))
    _insert(con, "cmp_indicator_comparison", COMPARISON_TYPES, rows)


# Figure 2 by hand: full-time persons per month (Jul, Aug, Sep) of Q3 2026 and Q3 2025.
# None = the row is suppressed in that month.
S02_Q3 = {
    "151": {"a_dagpenge": ([30, 33, 36], [20, 20, 20]),
            "kontanthjaelp_jobparat": ([10, 10, 10], [15, 15, 15]),
            "kontanthjaelp_aktivitetsparat": ([20, 23, 26], [15, 15, 15]),
            "fleksjob": ([8, None, 8], [7, 7, 7]),
            "i_alt": ([100, 110, 120], [100, 100, 100])},
    "101": {"a_dagpenge": ([60, 60, 60], [50, 50, 50]),
            "kontanthjaelp_jobparat": ([30, 30, 30], [30, 30, 30]),
            "fleksjob": ([12, 12, 12], [12, 12, 12]),
            "i_alt": ([150, 150, 150], [150, 150, 150])},
}
POPULATION = {"151": 1000, "101": 3000}
POPULATION_Q3_2025_151 = [980, 1000, 1020]
Q3_2026 = [dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1)]
Q3_2025 = [dt.date(2025, 7, 1), dt.date(2025, 8, 1), dt.date(2025, 9, 1)]


def _rollup(iid, breakdown, code, period, target_group, numerator, denominator, suppressed=False) -> tuple:
    if suppressed:
        return (iid, breakdown, code, period, "i_alt", "i_alt", "i_alt", target_group, None, None, None, True)
    value = numerator / denominator if denominator else None
    return (iid, breakdown, code, period, "i_alt", "i_alt", "i_alt", target_group, numerator, denominator, value,
            False)


def population(code: str, period: dt.date) -> int:
    if code == "151" and period in Q3_2025:
        return POPULATION_Q3_2025_151[Q3_2025.index(period)]
    return POPULATION[code]


def rollup_rows(codes: tuple[str, ...]) -> list[tuple]:
    rows = []
    for code in codes:
        for iid in GOAL_KINDS:
            for period in reported(iid):
                value = comparison_row(iid, code, period)["value"]
                if iid == "S03":
                    rows.append(_rollup(iid, "total", code, period, "i_alt", value * population(code, period),
                                        population(code, period)))
                elif value is None:
                    rows.append(_rollup(iid, "total", code, period, "i_alt", None, None, suppressed=True))
                else:
                    rows.append(_rollup(iid, "total", code, period, "i_alt", value * 100, 100))
        for target_group, (now, before) in S02_Q3[code].items():
            breakdown = "total" if target_group == "i_alt" else "target_group"
            for period, numerator in zip(Q3_2026 + Q3_2025, now + before):
                rows.append(_rollup("S02", breakdown, code, period, target_group, numerator,
                                    population(code, period), suppressed=numerator is None))
    return rows


def build_artefact(path: Path, with_comparison: bool = True, national: bool = False) -> Path:
    """Write the fixture artefact to `path` (a DuckDB file) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    codes = ("101", "151")
    with duckdb.connect(str(path)) as con:
        _create_dimensions(con, national)
        _create_dim_indicator(con)
        _insert(con, "fct_indicator_rollups", ROLLUP_TYPES, rollup_rows(codes))
        if with_comparison:
            _create_comparison(con, codes)
    return path
