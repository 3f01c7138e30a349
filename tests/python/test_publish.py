"""The publish step: what each artefact holds, disclosure control, consistency, atomic swaps.

Each test builds a small fake warehouse in tmp_path, shaped as dbt leaves it: person-level
staging and audit tables that must never be published, the marts, the reporting tables and
the build log of the dbt hooks. Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jobcenter_warehouse import publish as pub

ROOT = Path(__file__).resolve().parents[2]
PERIOD = dt.date(2024, 1, 1)
DIMS = ("origin_group", "gender", "age_band", "target_group")
KEY = "indicator_id, municipality_code, period_start, " + ", ".join(DIMS)
ROLLUP_KEY = "indicator_id, breakdown, municipality_code, period_start, " + ", ".join(DIMS)
PUBLIC_TABLES = {"fct_indicator_rollups", "publish_info", "publish_information_loss", *pub.DIMENSION_TABLES}
RUN_A = "aaaaaaaa-0000-0000-0000-000000000001"
RUN_B = "bbbbbbbb-0000-0000-0000-000000000002"


def cell(indicator="X01", municipality="151", period=PERIOD, origin="i_alt", gender="i_alt", age="i_alt",
         target="i_alt", numerator=10.0, denominator=None):
    """One fact cell; by default of a count indicator (NULL denominator)."""
    return (indicator, municipality, period, origin, gender, age, target, numerator, denominator)


def rollup_view_sql(source: str) -> str:
    """fct_indicator_rollups as the dbt model builds it: the total and one row per value of
    each single dimension (none for a dimension that is all 'i_alt')."""
    selects = []
    for breakdown in ("total",) + DIMS:
        dims = ", ".join(d if d == breakdown else f"'i_alt' as {d}" for d in DIMS)
        where = "" if breakdown == "total" else f"where {breakdown} <> 'i_alt'"
        selects.append(f"""
            select indicator_id, '{breakdown}' as breakdown, municipality_code, period_start, {dims},
                sum(numerator) as numerator, sum(denominator) as denominator,
                case when sum(denominator) is null then sum(numerator)
                    else sum(numerator) / nullif(sum(denominator), 0) end as value
            from {source} {where} group by all""")
    return "\nunion all\n".join(selects)


MODELS = ["fct_indicator_values", "fct_indicator_rollups", *pub.DIMENSION_TABLES,
          "int_reporting__parameters", "int_population__monthly"]


def make_warehouse(path: Path, cells: list[tuple], *, delivered=("151", "153"), comparison=False,
                   extra_column=False, runs=None, finished=True, threshold_var=5) -> Path:
    """A warehouse as dbt leaves it. `runs` maps a model to the invocation that built it
    (default: every model by RUN_A); `finished`: whether RUN_A's on-run-end hook ran."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    for schema in ("staging", "intermediate", "marts", "audit", "dbt_runs"):
        con.execute(f"create schema {schema}")
    con.execute("create table staging.stg_extracts__persons as select 'pseudonym-abc' as person_key")
    con.execute("create table audit.not_null_failures as select 'pseudonym-abc' as person_key")
    con.execute("create table intermediate.int_reporting__parameters as "
                "select date '2024-06-30' as as_of_date, date '2023-01-01' as reporting_start")
    con.execute("create table intermediate.int_population__monthly as select * from (values "
                + ", ".join(f"(date '2024-01-01', '{m}', 30, 'mand', 'dansk', 100)" for m in delivered)
                + ") t(month_start, municipality_code, age, gender, origin_group, population)")
    con.execute("""create table marts.ind_all (indicator_id varchar, municipality_code varchar, period_start date,
        origin_group varchar, gender varchar, age_band varchar, target_group varchar, numerator double,
        denominator double)""")
    if cells:
        con.executemany("insert into marts.ind_all values (?, ?, ?, ?, ?, ?, ?, ?, ?)", cells)
    extra = ", 42 as secret_extra_measure" if extra_column else ""
    con.execute(f"""create view marts.fct_indicator_values as select *, case when denominator is null
        then numerator else numerator / nullif(denominator, 0) end as value {extra} from {path.stem}.marts.ind_all""")
    con.execute(f"create view marts.fct_indicator_rollups as select *{extra} "
                f"from ({rollup_view_sql(f'{path.stem}.marts.ind_all')})")
    _dimension_tables(con)
    models = list(MODELS)
    if comparison:
        models += _comparison_tables(con)
    _build_log(con, models, runs or {}, finished, threshold_var)
    con.close()
    return path


def _dimension_tables(con):
    con.execute("create table marts.dim_month as select range::date as month_start "
                "from range(date '2023-01-01', date '2024-07-01', interval 1 month)")
    for name, columns, values in (
        ("dim_origin_group", "origin_group", "('dansk'), ('vestlig'), ('ikke_vestlig'), ('i_alt')"),
        ("dim_target_group", "target_group", "('a_dagpenge'), ('i_alt')"),
        ("dim_age_band", "age_band", "('16-24'), ('25-29'), ('30-39'), ('i_alt')"),
        ("dim_municipality", "municipality_code, municipality_name",
         "('151', 'Ballerup'), ('153', 'Brøndby'), ('161', 'Glostrup')"),
        ("dim_indicator", "indicator_id, name", "('X01', 'tilgang'), ('I02', 'forsoergede')"),
    ):
        con.execute(f"create table marts.{name} as select * from (values {values}) t({columns})")


def _comparison_tables(con) -> list[str]:
    con.execute("""create table marts.cmp_indicator_comparison as select * from (values
        ('I01', '151', date '2024-01-01', 3.0, 50.0), ('I01', '151', date '2024-02-01', 30.0, 500.0)
        ) t(indicator_id, municipality_code, period_start, municipality_numerator, municipality_denominator)""")
    con.execute("""create table marts.cmp_indicator_comparison__disclosed as select * from (values
        ('I01', '151', date '2024-01-01', null, null, true), ('I01', '151', date '2024-02-01', 30.0, 500.0, false)
        ) t(indicator_id, municipality_code, period_start, municipality_numerator, municipality_denominator,
            municipality_suppressed)""")
    con.execute("create table marts.cmp_scratch as select 1 as x")  # not whitelisted
    return ["cmp_indicator_comparison", "cmp_indicator_comparison__disclosed", "cmp_scratch"]


def _build_log(con, models, runs, finished, threshold_var):
    con.execute("create table dbt_runs.invocations (invocation_id varchar, started_at timestamp, "
                "finished_at timestamp, status varchar, disclosure_threshold integer)")
    con.execute("create table dbt_runs.model_builds (invocation_id varchar, model_name varchar, built_at timestamp)")
    con.execute(f"insert into dbt_runs.invocations values ('{RUN_B}', timestamp '2024-07-01 09:00', "
                f"timestamp '2024-07-01 09:30', 'success', {threshold_var})")
    done = "timestamp '2024-07-02 09:30'" if finished else "null"
    con.execute(f"insert into dbt_runs.invocations values ('{RUN_A}', timestamp '2024-07-02 09:00', {done}, "
                f"'success', {threshold_var})")
    for model in models:
        con.execute(f"insert into dbt_runs.model_builds values ('{RUN_B}', '{model}', timestamp '2024-07-01 09:10')")
        if runs.get(model, RUN_A) == RUN_A:
            con.execute(f"insert into dbt_runs.model_builds values ('{RUN_A}', '{model}', "
                        "timestamp '2024-07-02 09:10')")


def read(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def rollups(path: Path, municipality="151", indicator=None) -> dict[tuple, tuple]:
    """(indicator, breakdown, the breakdown's value) -> (numerator, suppressed) in one municipality."""
    rows = read(path, f"select {ROLLUP_KEY}, numerator, suppressed from fct_indicator_rollups "
                      f"where municipality_code = '{municipality}'")
    out = {}
    for r in rows:
        dims = dict(zip(DIMS, r[4:8]))
        if indicator is None or r[0] == indicator:
            out[(r[0], r[1], dims.get(r[1], "i_alt"))] = (r[8], r[9])
    return out


@pytest.fixture
def quiet():
    return lambda *_: None


def gender_origin(mand_dansk=1, mand_vestlig=1, mand_ikke=1, kvinde_dansk=19, kvinde_vestlig=13, kvinde_ikke=9,
                  **kwargs):
    """A gender x origin table of counts; default: gender mand 3, kvinde 41; origin dansk 20,
    vestlig 14, ikke_vestlig 10; total 44."""
    values = {("mand", "dansk"): mand_dansk, ("mand", "vestlig"): mand_vestlig, ("mand", "ikke_vestlig"): mand_ikke,
              ("kvinde", "dansk"): kvinde_dansk, ("kvinde", "vestlig"): kvinde_vestlig,
              ("kvinde", "ikke_vestlig"): kvinde_ikke}
    return [cell(gender=g, origin=o, numerator=n, **kwargs) for (g, o), n in values.items()]


# ------------------------------------------------------------------------------------ what is published


def test_the_public_artefact_holds_only_whitelisted_aggregates(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "wh" / "jobcenter.duckdb", gender_origin(), comparison=True)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)

    assert result.public_file == tmp_path.resolve() / "out" / "jobcenter_bi.duckdb"
    tables = read(result.public_file, "select table_schema, table_name from information_schema.tables")
    assert {schema for schema, _ in tables} == {"main"}
    # No cells at full detail (only the breakdown tables are published), no cmp_scratch.
    assert {name for _, name in tables} == PUBLIC_TABLES | {"cmp_indicator_comparison"}
    columns = read(result.public_file, "select column_name from information_schema.columns "
                                       "where table_name = 'fct_indicator_rollups' order by ordinal_position")
    assert [c for (c,) in columns] == [*ROLLUP_KEY.split(", "), "numerator", "denominator", "value", "suppressed"]
    all_columns = {c for (c,) in read(result.public_file, "select column_name from information_schema.columns")}
    assert "person_key" not in all_columns and "suppression_reason" not in all_columns
    parquet = {p.relative_to(result.parquet_dir).as_posix() for p in result.parquet_dir.rglob("*.parquet")}
    assert parquet == {f"{t}.parquet" for t in PUBLIC_TABLES - {"fct_indicator_rollups"}} | {
        "cmp_indicator_comparison.parquet", "fct_indicator_rollups/indicator_id=X01/data.parquet"}


def test_the_comparison_table_is_the_disclosed_model_in_public_and_the_full_one_internally(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], comparison=True)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    sql = "select period_start, municipality_numerator from {}cmp_indicator_comparison order by 1"
    assert read(result.public_file, sql.format("")) == [(dt.date(2024, 1, 1), None), (dt.date(2024, 2, 1), 30.0)]
    assert read(result.internal_file, sql.format("marts.")) == [(dt.date(2024, 1, 1), 3.0),
                                                                (dt.date(2024, 2, 1), 30.0)]


def test_without_the_disclosed_model_no_comparison_table_is_public(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], comparison=True)
    con = duckdb.connect(str(wh))
    con.execute("drop table marts.cmp_indicator_comparison__disclosed")
    con.close()
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert "cmp_indicator_comparison" not in {t for (t,) in read(result.public_file, "show tables")}


def test_the_internal_artefact_is_unsuppressed_and_marked(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", gender_origin() + [cell(municipality="161", numerator=2)])
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert result.internal_file == tmp_path.resolve() / "out" / "internal" / "jobcenter_internal.duckdb"
    tables = read(result.internal_file, "select table_schema, table_name from information_schema.tables")
    assert {s for s, _ in tables} == {"marts"}
    assert {t for _, t in tables} == {"fct_indicator_values", "fct_indicator_rollups", "publish_info",
                                      *pub.DIMENSION_TABLES}
    # Every cell as built, the small ones and the municipality outside the delivery too.
    assert read(result.internal_file, "select count(*), sum(numerator), min(numerator) "
                                      "from marts.fct_indicator_values") == [(7, 46.0, 1.0)]
    (artefact, notice, threshold), = read(result.internal_file,
                                         "select artefact, notice, disclosure_threshold from marts.publish_info")
    assert artefact == "internal" and notice.startswith("INTERNAL: not disclosure-controlled") and threshold is None


def test_unknown_columns_are_not_published(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], extra_column=True)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert result.dropped_columns == ["secret_extra_measure", "secret_extra_measure"]
    for path in (result.public_file, result.internal_file):
        assert ("secret_extra_measure",) not in read(path, "select column_name from information_schema.columns")


def test_the_warehouse_is_only_read(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    holder = duckdb.connect(str(wh), read_only=True)  # e.g. a notebook reading the warehouse
    try:
        pub.publish(wh, tmp_path / "out", 5, log=quiet)
    finally:
        holder.close()
    assert hashlib.sha256(wh.read_bytes()).hexdigest() == before


def test_both_files_are_in_the_duckdb_1_4_format_and_read_only_on_disk(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    con = duckdb.connect()
    for alias, path in (("bi", result.public_file), ("internal", result.internal_file)):
        con.execute(f"attach '{path}' as {alias} (read_only)")
        (tags,) = con.execute(f"select tags from duckdb_databases() where database_name = '{alias}'").fetchone()
        assert tags["storage_version"].startswith("v1.4.0")
        assert path.is_symlink() and os.readlink(path).startswith("versions/")
        assert path.resolve().stat().st_mode & 0o222 == 0


def test_publish_info_records_the_run_the_delivery_and_the_threshold(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", gender_origin() + [cell(municipality="161", numerator=2)])
    result = pub.publish(wh, tmp_path / "out", 7, log=quiet)
    info = read(result.public_file, "select artefact, dbt_invocation_id, dbt_run_started_at, dbt_run_finished_at, "
                                    "delivery_municipalities, as_of_date, reporting_start, disclosure_threshold, "
                                    "rows_outside_delivery from publish_info")
    assert info == [("public", RUN_A, dt.datetime(2024, 7, 2, 9, 0), dt.datetime(2024, 7, 2, 9, 30), "151,153",
                     dt.date(2024, 6, 30), dt.date(2023, 1, 1), 7, 1)]  # 161's one total row is left out


# ------------------------------------------------------------------------------------ delivery


def test_municipalities_outside_the_delivery_are_left_out_of_the_public_artefact(tmp_path, quiet):
    # Glostrup (161) has no population figures: its one chain must neither be published nor
    # hide anything of Ballerup's (151) table.
    cells = gender_origin(mand_dansk=10, mand_vestlig=10, mand_ikke=10) + [cell(municipality="161", numerator=1,
                                                                                gender="mand", origin="dansk")]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    messages = []
    result = pub.publish(wh, tmp_path / "out", 5, log=messages.append)
    assert read(result.public_file, "select distinct municipality_code from fct_indicator_rollups") == [("151",)]
    assert read(result.public_file, "select count(*) from fct_indicator_rollups where suppressed") == [(0,)]
    assert result.rows_outside_delivery == 3  # 161's total, gender mand, origin dansk
    assert any("3 roll-up rows of municipalities outside the delivery" in m for m in messages)
    assert read(result.internal_file, "select count(*) from marts.fct_indicator_rollups "
                                      "where municipality_code = '161'") == [(3,)]


# ------------------------------------------------------------------------------------ primary


@pytest.mark.parametrize(
    ("numerator", "denominator", "suppressed"),
    [
        (4.0, None, True),      # a count of 4 persons
        (5.0, None, False),     # 5 is not below the threshold
        (4.99, None, True),     # fractional full-time persons: 4.99 < 5
        (-3.0, None, True),     # I02's change of -3 persons
        (0.0, 40.0, False),     # 0 is not a small count
        (20.0, 4.0, True),      # a small denominator
        (20.0, 5.0, False),
    ],
)
def test_primary_suppression_at_4_versus_5(tmp_path, quiet, numerator, denominator, suppressed):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell(numerator=numerator, denominator=denominator)])
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    row = read(result.public_file, "select numerator, denominator, value, suppressed from fct_indicator_rollups")
    if suppressed:
        assert row == [(None, None, None, True)]
    else:
        assert row[0][0] == numerator and row[0][3] is False


def test_threshold_from_argument_environment_dbt_var_and_default(tmp_path, monkeypatch, quiet):
    monkeypatch.delenv("DISCLOSURE_THRESHOLD", raising=False)
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell(numerator=6)], threshold_var=7)
    assert pub.publish(wh, tmp_path / "a", log=quiet).threshold == 7           # the run's dbt var
    assert pub.publish(wh, tmp_path / "b", 3, log=quiet).threshold == 3        # the argument
    monkeypatch.setenv("DISCLOSURE_THRESHOLD", "10")
    assert pub.publish(wh, tmp_path / "c", log=quiet).threshold == 10          # the environment
    monkeypatch.delenv("DISCLOSURE_THRESHOLD")
    assert pub.resolve_threshold(None, None) == 5                              # the default
    with pytest.raises(pub.PublishError, match="at least 1"):
        pub.publish(wh, tmp_path / "d", 0, log=quiet)


def test_a_threshold_other_than_the_disclosed_comparisons_is_refused(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], comparison=True, threshold_var=5)
    with pytest.raises(pub.PublishError, match="built with the dbt var disclosure_threshold 5"):
        pub.publish(wh, tmp_path / "out", 10, log=quiet)


# ------------------------------------------------------------------------------------ complementary


def test_a_single_small_row_hides_its_smallest_sibling_and_keeps_the_total(tmp_path, quiet):
    # Gender: mand 3 (primary), kvinde 41; total 44. Published as is, mand = 44 - 41. The only
    # other gender row, kvinde, is hidden; the total and the origin breakdown (20, 14, 10) stay.
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", gender_origin())
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert rollups(result.public_file) == {
        ("X01", "total", "i_alt"): (44.0, False),
        ("X01", "gender", "mand"): (None, True),
        ("X01", "gender", "kvinde"): (None, True),
        ("X01", "origin_group", "dansk"): (20.0, False),
        ("X01", "origin_group", "vestlig"): (14.0, False),
        ("X01", "origin_group", "ikke_vestlig"): (10.0, False),
    }
    assert (result.primary, result.complementary.rows, result.complementary.totals) == (1, 1, 0)


def test_the_smallest_sibling_is_chosen_and_ties_go_by_the_dimension_value(tmp_path, quiet):
    # Age: 16-24 has 2 (primary); of 25-29 (30) and 30-39 (8), 30-39 is the smaller.
    cells = [cell(age=a, numerator=n) for a, n in (("16-24", 2), ("25-29", 30), ("30-39", 8))]
    # A second indicator with a tie: 25-29 and 30-39 both 8; '25-29' sorts first.
    cells += [cell(indicator="I02", age=a, numerator=n) for a, n in (("16-24", 2), ("25-29", 8), ("30-39", 8))]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    hidden = {k for k, (_, s) in rollups(result.public_file).items() if s}
    assert hidden == {("X01", "age_band", "16-24"), ("X01", "age_band", "30-39"),
                      ("I02", "age_band", "16-24"), ("I02", "age_band", "25-29")}


def test_a_small_total_is_hidden_with_one_row_of_every_breakdown(tmp_path, quiet):
    # I02 (a change): mand/dansk +10, kvinde/vestlig -7; total +3 (primary). Published rows
    # of one breakdown would add up to the hidden total, so each breakdown hides its smallest
    # row: kvinde (|-7|) and vestlig (|-7|). Total - kvinde = 10 and total - vestlig = 10
    # leave the total open.
    cells = [cell(indicator="I02", gender="mand", origin="dansk", numerator=10),
             cell(indicator="I02", gender="kvinde", origin="vestlig", numerator=-7)]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert rollups(result.public_file) == {
        ("I02", "total", "i_alt"): (None, True),
        ("I02", "gender", "mand"): (10.0, False),
        ("I02", "gender", "kvinde"): (None, True),
        ("I02", "origin_group", "dansk"): (10.0, False),
        ("I02", "origin_group", "vestlig"): (None, True),
    }
    assert result.complementary.totals == 0


def test_a_total_is_never_hidden_for_its_breakdowns(tmp_path, quiet):
    # A small row (2) in each of the three breakdowns; total 80.
    #   origin: dansk 2, vestlig 65, ikke_vestlig 13  -> ikke_vestlig hidden (13 < 65)
    #   gender: mand 2, kvinde 78                     -> kvinde hidden (the only other row)
    #   age:    16-24 2, 25-29 13, 30-39 65           -> 25-29 hidden (13 < 65)
    # The total stays: it is not small.
    cells = [cell(origin=o, gender=g, age=a, numerator=n) for o, g, a, n in (
        ("dansk", "mand", "16-24", 2), ("vestlig", "kvinde", "25-29", 13),
        ("ikke_vestlig", "kvinde", "30-39", 13), ("vestlig", "kvinde", "30-39", 52))]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    rows = rollups(result.public_file)
    assert rows[("X01", "total", "i_alt")] == (80.0, False)
    assert {k for k, (_, s) in rows.items() if s} == {
        ("X01", "origin_group", "dansk"), ("X01", "origin_group", "ikke_vestlig"),
        ("X01", "gender", "mand"), ("X01", "gender", "kvinde"),
        ("X01", "age_band", "16-24"), ("X01", "age_band", "25-29"),
    }
    assert (result.primary, result.complementary.rows, result.complementary.totals) == (3, 3, 0)


def test_municipalities_periods_and_indicators_are_separate_tables(tmp_path, quiet):
    # Ballerup's January has a small row; Brøndby's January, Ballerup's February and another
    # indicator are other tables and lose nothing.
    feb = dt.date(2024, 2, 1)
    cells = gender_origin() + gender_origin(municipality="153", mand_dansk=20)
    cells += gender_origin(period=feb, mand_dansk=20) + gender_origin(indicator="I02", mand_dansk=20)
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    hidden = read(result.public_file, "select municipality_code, period_start, indicator_id, gender "
                                      "from fct_indicator_rollups where suppressed order by all")
    assert hidden == [("151", PERIOD, "X01", "kvinde"), ("151", PERIOD, "X01", "mand")]


# ------------------------------------------------------------------------------------ no hidden row recoverable


def determined_hidden_rows(rows: dict[tuple, tuple]) -> list[tuple]:
    """Hidden rows of one municipality's tables (one indicator and period) whose numerator
    follows from what is published, found by linear algebra, independently of the publish
    code. rows: (breakdown, value) -> (numerator, suppressed). Each breakdown gives one
    equation, sum of its rows = total; published values are constants, hidden ones unknowns.
    An unknown is determined exactly when its unit vector lies in the equations' row space."""
    import numpy as np

    hidden = sorted(k for k, (_, s) in rows.items() if s)
    if not hidden:
        return []
    index = {k: i for i, k in enumerate(hidden)}
    equations = []
    for breakdown in sorted({b for b, _ in rows if b != "total"}):
        eq = np.zeros(len(hidden))
        for key in (k for k in hidden if k[0] == breakdown):
            eq[index[key]] += 1
        if ("total", "i_alt") in index:
            eq[index[("total", "i_alt")]] -= 1
        equations.append(eq)
    a = np.array(equations) if equations else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(a) if len(a) else 0
    return [key for key in hidden
            if np.linalg.matrix_rank(np.vstack([a, np.eye(len(hidden))[index[key]]])) == rank]


def tables_per_municipality(path: Path, internal=False) -> dict[tuple, dict]:
    """(indicator, municipality, period) -> {(breakdown, value): (numerator, suppressed)}."""
    out: dict[tuple, dict] = {}
    source = "false as suppressed from marts." if internal else "suppressed from "
    for r in read(path, f"select {ROLLUP_KEY}, numerator, {source}fct_indicator_rollups"):
        dims = dict(zip(DIMS, r[4:8]))
        out.setdefault((r[0], r[2], r[3]), {})[(r[1], dims.get(r[1], "i_alt"))] = (r[8], r[9])
    return out


def random_cells(seed: int) -> list[tuple]:
    import random

    rng = random.Random(seed)
    cells = []
    for municipality, month in ((m, mo) for m in ("151", "153") for mo in range(1, 7)):
        for origin in ("dansk", "vestlig", "ikke_vestlig"):
            for gender in ("mand", "kvinde"):
                for age in ("16-24", "25-29", "30-39"):
                    if rng.random() < 0.6:
                        cells.append(cell(municipality=municipality, period=dt.date(2024, month, 1), origin=origin,
                                          gender=gender, age=age, numerator=float(rng.choice([1, 2, 3, 4, 6, 9, 15]))))
    return cells


def test_the_checker_finds_a_row_that_primary_suppression_alone_leaves_recoverable():
    # Hiding only mand (3) of gender mand 3 / kvinde 41 with the total 44 shown: 44 - 41.
    rows = {("total", "i_alt"): (44, False), ("gender", "mand"): (None, True), ("gender", "kvinde"): (41, False)}
    assert determined_hidden_rows(rows) == [("gender", "mand")]
    # A hidden total whose rows of one breakdown are all shown is their sum.
    rows = {("total", "i_alt"): (None, True), ("gender", "mand"): (10, False), ("gender", "kvinde"): (None, True),
            ("origin_group", "dansk"): (10, False), ("origin_group", "vestlig"): (-7, False)}
    assert set(determined_hidden_rows(rows)) == {("total", "i_alt"), ("gender", "kvinde")}


@pytest.mark.parametrize("cells", [
    gender_origin(),
    [cell(indicator="I02", gender="mand", origin="dansk", numerator=10),
     cell(indicator="I02", gender="kvinde", origin="vestlig", numerator=-7)],
    [cell(age=a, numerator=n) for a, n in (("16-24", 2), ("25-29", 30), ("30-39", 8))],
    random_cells(1), random_cells(2), random_cells(3),
], ids=["2x3", "small-total", "age", "random-1", "random-2", "random-3"])
def test_no_suppressed_row_can_be_recovered_from_the_published_siblings_and_total(tmp_path, quiet, cells):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    tables = tables_per_municipality(result.public_file)
    assert any(s for rows in tables.values() for _, s in rows.values())
    for key, rows in tables.items():
        assert determined_hidden_rows(rows) == [], key
    # The same tables with primary suppression only would disclose rows: the test can fail.
    if len(cells) > 10:
        internal = tables_per_municipality(result.internal_file, internal=True)
        naive = {k: {r: (n, 0 < abs(n) < 5) for r, (n, _) in rows.items()} for k, rows in internal.items()}
        assert any(determined_hidden_rows(rows) for rows in naive.values())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_complementary_suppression_hides_no_more_than_needed(tmp_path, quiet, seed):
    # Computed here from the unsuppressed roll-ups: a breakdown group (one breakdown with the
    # total) with exactly one primary row, counting a primary total, needs one more: its
    # smallest row that is not primary (by persons, then the dimension's value). Nothing else.
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", random_cells(seed))
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    internal = tables_per_municipality(result.internal_file, internal=True)
    expected = set()
    for key, rows in internal.items():
        primary = {r for r, (n, _) in rows.items() if 0 < abs(n) < 5}
        expected |= {(key, r) for r in primary}
        for breakdown in {b for b, _ in rows if b != "total"}:
            group = [r for r in rows if r[0] == breakdown]
            hidden = [r for r in group if r in primary] + ([("total", "i_alt")] if ("total", "i_alt") in primary
                                                           else [])
            candidates = sorted((abs(rows[r][0]), r[1], r) for r in group if r not in primary)
            if len(hidden) == 1 and candidates:
                expected.add((key, candidates[0][2]))
    published = tables_per_municipality(result.public_file)
    assert {(k, r) for k, rows in published.items() for r, (_, s) in rows.items() if s} == expected


def test_no_function_of_the_publish_package_is_longer_than_60_lines():
    import ast

    package = ROOT / "src" / "jobcenter_warehouse" / "publish"
    long = []
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long.append(f"{path.name}:{node.name} ({length} lines)")
    assert not long


# ------------------------------------------------------------------------------------ consistency


def run_cli(wh: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "jobcenter_warehouse.publish", "--warehouse", str(wh),
                           "--out-dir", str(out)], env=env, capture_output=True, text=True, timeout=120)


def test_marts_of_different_dbt_runs_are_refused_with_one_line(tmp_path):
    # A build killed right after fct_indicator_values: the roll-ups are still those of run B.
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], runs={"fct_indicator_rollups": RUN_B})
    run = run_cli(wh, tmp_path / "out")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "refused: the tables come from 2 different dbt runs" in run.stderr
    assert "run bbbbbbbb: fct_indicator_rollups" in run.stderr
    assert not (tmp_path / "out" / "jobcenter_bi.duckdb").exists()


def test_marts_of_an_unfinished_dbt_run_are_refused(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], finished=False)
    with pytest.raises(pub.PublishError, match=f"refused: the dbt run {RUN_A} .* did not finish"):
        pub.publish(wh, tmp_path / "out", 5, log=quiet)


def test_a_warehouse_without_a_build_log_is_refused(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    con = duckdb.connect(str(wh))
    con.execute("drop schema dbt_runs cascade")
    con.close()
    with pytest.raises(pub.PublishError, match="no build log"):
        pub.publish(wh, tmp_path / "out", 5, log=quiet)


def test_a_warehouse_without_the_marts_is_refused(tmp_path, quiet):
    wh = tmp_path / "jobcenter.duckdb"
    duckdb.connect(str(wh)).close()
    with pytest.raises(pub.PublishError, match="fct_indicator_values"):
        pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert not (tmp_path / "out" / "jobcenter_bi.duckdb").exists()


# ------------------------------------------------------------------------------------ verification, swaps


def test_verification_refuses_a_disclosive_table(tmp_path):
    con = duckdb.connect()
    con.execute(f"""
        create table bad as select * from (values
            ('X01', 'total', '151', date '2024-01-01', 'i_alt', 'i_alt', 'i_alt', 'i_alt', 44.0, null, 44.0, false),
            ('X01', 'gender', '151', date '2024-01-01', 'i_alt', 'mand', 'i_alt', 'i_alt', null, null, null, true),
            ('X01', 'gender', '151', date '2024-01-01', 'i_alt', 'kvinde', 'i_alt', 'i_alt', 41.0, null, 41.0, false),
            ('X01', 'age_band', '151', date '2024-01-01', 'i_alt', 'i_alt', '16-24', 'i_alt', 3.0, null, 3.0, false),
            ('X01', 'age_band', '151', date '2024-01-01', 'i_alt', 'i_alt', '25-29', 'i_alt', 41.0, null, 41.0, true)
        ) t({ROLLUP_KEY}, numerator, denominator, value, suppressed)
        """)
    problems = pub.disclosure_problems(con, "bad", 5)
    assert problems[0] == "1 unsuppressed rows below the threshold 5"
    assert problems[1] == "1 suppressed rows still carry a measure"
    assert problems[2].startswith("breakdown groups with a single suppressed member")  # 44 - 41 = mand
    assert "'gender'" in problems[2] and "'age_band'" in problems[2]


def test_a_reader_keeps_its_copy_and_a_new_connection_in_the_same_process_sees_the_new_one(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "wh" / "jobcenter.duckdb", gender_origin(mand_dansk=10))
    out = tmp_path / "out"
    first = pub.publish(wh, out, 5, log=quiet)
    total = "select numerator from fct_indicator_rollups where breakdown = 'total'"
    old = duckdb.connect(str(first.public_file), read_only=True)  # a BI client holding the file open
    try:
        assert old.execute(total).fetchall() == [(53.0,)]
        make_warehouse(wh, gender_origin(mand_dansk=20))
        run = run_cli(wh, out)
        assert run.returncode == 0, run.stderr
        assert old.execute(total).fetchall() == [(53.0,)]  # its version, complete, no error
        # DuckDB caches one database per file and process: the same path replaced in place would
        # still give 53 here. The stable path now points at another file.
        new = duckdb.connect(str(first.public_file), read_only=True)
        assert new.execute(total).fetchall() == [(63.0,)]
        new.close()
    finally:
        old.close()


def test_a_failed_verification_leaves_both_artefacts_untouched(tmp_path, monkeypatch, quiet):
    from jobcenter_warehouse.publish import build

    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    out = tmp_path / "out"
    first = pub.publish(wh, out, 5, log=quiet)
    links = {p: os.readlink(p) for p in (first.public_file, first.internal_file, first.parquet_dir)}

    def broken(*_args, **_kwargs):
        raise pub.PublishError("verification of the built file failed: simulated")

    monkeypatch.setattr(build, "verify", broken)
    make_warehouse(wh, [cell(numerator=99)])
    with pytest.raises(pub.PublishError, match="simulated"):
        pub.publish(wh, out, 5, log=quiet)
    assert {p: os.readlink(p) for p in links} == links
    assert read(first.public_file, "select numerator from fct_indicator_rollups") == [(10.0,)]
    assert sorted(p.name for p in out.iterdir()) == [".publish.lock", "internal", "jobcenter_bi.duckdb",
                                                     "parquet", "versions"]
    assert len(list((out / "versions").iterdir())) == 1
    assert len(list((out / "parquet").iterdir())) == 2  # current and its version


def test_each_publish_is_a_new_version_and_only_the_previous_is_kept(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    out = tmp_path / "out"
    seen = []
    for _ in range(3):
        result = pub.publish(wh, out, 5, log=quiet)
        seen.append((os.readlink(result.public_file), os.readlink(result.internal_file),
                     os.readlink(result.parquet_dir)))
    assert len(set(seen)) == 3 and not any(os.path.isabs(p) for p in seen[-1])
    assert sorted(p.name for p in (out / "versions").iterdir()) == sorted(Path(s[0]).name for s in seen[1:])
    assert sorted(p.name for p in (out / "internal" / "versions").iterdir()) == sorted(
        Path(s[1]).name for s in seen[1:])
    assert sorted(p.name for p in (out / "parquet").iterdir()) == sorted(["current", seen[1][2], seen[2][2]])


# ------------------------------------------------------------------------------------ reruns, Parquet, CLI


def test_two_publishes_give_identical_tables(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", random_cells(4), comparison=True)
    a = pub.publish(wh, tmp_path / "a", 5, log=quiet)
    b = pub.publish(wh, tmp_path / "b", 5, log=quiet)
    assert a.complementary.rows > 0
    for table in sorted(PUBLIC_TABLES | {"cmp_indicator_comparison"}):
        sql = f"select * {'exclude (published_at)' if table == 'publish_info' else ''} from {table}"
        assert read(a.public_file, sql) == read(b.public_file, sql), table  # stored order too


def test_parquet_matches_the_public_file(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", random_cells(5) + gender_origin(indicator="I02"))
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    con = duckdb.connect()
    con.execute(f"attach '{result.public_file}' as bi (read_only)")
    glob = f"{result.parquet_dir}/fct_indicator_rollups/*/*.parquet"
    assert con.execute(f"select * from read_parquet('{glob}', hive_partitioning = true) order by {ROLLUP_KEY}"
                       ).fetchall() == con.execute(f"select * from bi.fct_indicator_rollups order by {ROLLUP_KEY}"
                                                   ).fetchall()
    for table in sorted(PUBLIC_TABLES - {"fct_indicator_rollups"}):
        assert con.execute(f"select * from read_parquet('{result.parquet_dir}/{table}.parquet')").fetchall() \
            == con.execute(f"select * from bi.{table}").fetchall()


def test_cli_publishes_and_reports_errors(tmp_path, monkeypatch, capsys):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    monkeypatch.setenv("DUCKDB_PATH", str(wh))
    assert pub.main(["--out-dir", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "INTERNAL artefact" in printed and "jobcenter_internal.duckdb" in printed
    assert pub.main(["--warehouse", str(tmp_path / "missing.duckdb"), "--out-dir", str(tmp_path / "out")]) == 2
    assert "warehouse file not found" in capsys.readouterr().err


# ------------------------------------------------------------------------------------ pooled clients


def test_a_pooled_sqlalchemy_engine_sees_each_new_publish(tmp_path, quiet):
    import sqlalchemy
    from sqlalchemy.pool import NullPool, QueuePool

    from jobcenter_warehouse.publish.client import published_engine

    wh = make_warehouse(tmp_path / "wh" / "jobcenter.duckdb", gender_origin(mand_dansk=10))
    out = tmp_path / "out"
    link = pub.publish(wh, out, 5, log=quiet).public_file
    total = "select numerator from fct_indicator_rollups where breakdown = 'total'"

    def read_total(engine):
        with engine.connect() as connection:
            return connection.exec_driver_sql(total).scalar()

    following = published_engine(link, poolclass=QueuePool, pool_size=2, max_overflow=0)
    plain = sqlalchemy.create_engine(f"duckdb:///{link}", connect_args={"read_only": True},
                                     poolclass=QueuePool, pool_size=1, max_overflow=0)
    unpooled = sqlalchemy.create_engine(f"duckdb:///{link}", connect_args={"read_only": True}, poolclass=NullPool)
    try:
        assert read_total(following) == read_total(plain) == read_total(unpooled) == 53.0
        held = following.connect()  # a dashboard query in progress during the publish
        make_warehouse(wh, gender_origin(mand_dansk=20))
        run = run_cli(wh, out)
        assert run.returncode == 0, run.stderr
        assert held.exec_driver_sql(total).scalar() == 53.0  # its version until it is returned
        assert read_total(following) == 63.0  # the pooled connection was replaced
        assert read_total(unpooled) == 63.0   # a new connection per query (Superset's default)
        assert read_total(plain) == 53.0      # a plain pool keeps serving the version it opened
        held.close()
        assert read_total(following) == 63.0
    finally:
        for engine in (following, plain, unpooled):
            engine.dispose()


# ------------------------------------------------------------------------------------ mf on the internal artefact


def test_mf_internal_reads_the_internal_artefact_and_says_so(tmp_path, quiet):
    import csv

    warehouse = Path(os.environ.get("DUCKDB_PATH") or ROOT / "warehouse" / "jobcenter.duckdb")
    if not warehouse.exists():
        pytest.skip(f"no built warehouse at {warehouse} (set DUCKDB_PATH or run `make build`)")
    try:
        result = pub.publish(warehouse, tmp_path / "out", log=quiet)
    except pub.PublishError as error:
        pytest.skip(f"the warehouse {warehouse} cannot be published: {error}")
    if ("sem_indicator_values",) not in read(result.internal_file, "select table_name from information_schema.tables"):
        pytest.skip("the warehouse was built without the semantic models")
    out = tmp_path / "x01.csv"
    env = {**os.environ, "INTERNAL_DUCKDB_PATH": str(result.internal_file)}
    run = subprocess.run([str(ROOT / "scripts" / "mf-internal"), "query", "--metrics", "x01_tilgang",
                          "--group-by", "metric_time__year", "--csv", str(out)],
                         env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"mf-internal: reading {result.internal_file.resolve()} (internal artefact" in run.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        from_mf = {row["metric_time__year"][:4]: float(row["x01_tilgang"]) for row in csv.DictReader(handle)}
    from_sql = dict(read(result.internal_file, """
        select strftime(period_start, '%Y'), sum(numerator) from marts.fct_indicator_values
        where indicator_id = 'X01' group by 1"""))
    assert from_mf and from_mf.keys() == from_sql.keys()
    assert all(abs(from_mf[y] - from_sql[y]) < 1e-6 for y in from_mf)


def test_a_disclosed_comparison_table_that_shows_a_small_count_is_refused(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], comparison=True)
    con = duckdb.connect(str(wh))
    con.execute("create or replace table marts.cmp_indicator_comparison__disclosed as select * from (values "
                "('I01', '151', date '2024-01-01', 3.0, 50.0, false)) "
                "t(indicator_id, municipality_code, period_start, numerator, denominator, value_suppressed)")
    con.close()
    with pytest.raises(pub.PublishError, match="cmp_indicator_comparison: 1 rows show a count below the threshold"):
        pub.publish(wh, tmp_path / "out", 5, log=quiet)
