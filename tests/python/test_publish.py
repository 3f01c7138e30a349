"""The publish step: whitelisted tables only, disclosure control, atomic swap, reruns, Parquet.

Each test builds a small fake warehouse (the schemas dbt writes, with a person-level staging
table that must never be published) in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jobcenter_warehouse import publish as pub

ROOT = Path(__file__).resolve().parents[2]
PERIOD = dt.date(2024, 1, 1)
DIMENSION_TABLES = set(pub.DIMENSION_TABLES)
EXPECTED_TABLES = {"fct_indicator_values", "fct_indicator_rollups", "publish_info"} | DIMENSION_TABLES
PARTITIONED = set(pub.PARTITIONED_TABLES)
KEY = "indicator_id, municipality_code, period_start, origin_group, gender, age_band, target_group"
ROLLUP_DIMENSIONS = ("origin_group", "gender", "age_band", "target_group")


def cell(
    indicator="I01",
    municipality="151",
    period=PERIOD,
    origin="i_alt",
    gender="i_alt",
    age="i_alt",
    target="i_alt",
    numerator=10.0,
    denominator=100.0,
):
    return (indicator, municipality, period, origin, gender, age, target, numerator, denominator)


def rollup_view_sql(source: str) -> str:
    """fct_indicator_rollups as the dbt model builds it from the facts in `source`: the total
    and one row per value of each single dimension (none for a dimension that is all 'i_alt')."""
    selects = []
    for breakdown in ("total",) + ROLLUP_DIMENSIONS:
        dims = ", ".join(d if d == breakdown else f"'i_alt' as {d}" for d in ROLLUP_DIMENSIONS)
        where = "" if breakdown == "total" else f"where {breakdown} <> 'i_alt'"
        selects.append(f"""
            select
                indicator_id, '{breakdown}' as breakdown, municipality_code, period_start, {dims},
                sum(numerator) as numerator,
                sum(denominator) as denominator,
                case
                    when sum(denominator) is null then sum(numerator)
                    else sum(numerator) / nullif(sum(denominator), 0)
                end as value
            from {source}
            {where}
            group by all""")
    return "\nunion all\n".join(selects)


def make_warehouse(
    path: Path,
    cells: list[tuple],
    *,
    comparison: bool = False,
    extra_fact_column: bool = False,
    rollups: bool = True,
) -> Path:
    """A warehouse as dbt leaves it: staging/intermediate/audit (person-level), marts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    con = duckdb.connect(str(path))
    for schema in ("staging", "intermediate", "marts", "audit", "reference"):
        con.execute(f"create schema {schema}")
    con.execute("create table staging.stg_extracts__persons as select 'pseudonym-abc' as person_key")
    con.execute("create table audit.not_null_failures as select 'pseudonym-abc' as person_key")
    con.execute("create table reference.municipalities as select '151' as municipality_code")
    con.execute(
        "create table intermediate.int_reporting__parameters as "
        "select date '2024-06-30' as as_of_date, date '2023-01-01' as reporting_start, "
        "date '2022-01-01' as history_start"
    )
    con.execute("""
        create table marts.ind_all (
            indicator_id varchar, municipality_code varchar, period_start date, origin_group varchar,
            gender varchar, age_band varchar, target_group varchar, numerator double, denominator double
        )
        """)
    if cells:
        con.executemany("insert into marts.ind_all values (?, ?, ?, ?, ?, ?, ?, ?, ?)", cells)
    # An unsuppressed indicator mart: must not be published.
    con.execute(
        "create table marts.ind_i01__ledighedsprocent as "
        "select * from marts.ind_all where indicator_id = 'I01'"
    )
    extra = ", 42 as secret_extra_measure" if extra_fact_column else ""
    # As dbt-duckdb writes views: fully qualified with the catalog (the file's stem).
    con.execute(f"""
        create view marts.fct_indicator_values as
        select
            *,
            case when denominator is null then numerator else numerator / nullif(denominator, 0) end as value
            {extra}
        from {path.stem}.marts.ind_all
        """)
    if rollups:
        con.execute(f"""
            create view marts.fct_indicator_rollups as
            select *{extra} from ({rollup_view_sql(f'{path.stem}.marts.ind_all')})
            """)
    con.execute(
        "create table marts.dim_month as select range::date as month_start "
        "from range(date '2023-01-01', date '2024-07-01', interval 1 month)"
    )
    dimensions = {
        "dim_origin_group(origin_group, sort_order)": "('dansk', 1), ('vestlig', 2), ('ikke_vestlig', 3), ('i_alt', 4)",
        "dim_target_group(target_group, sort_order)": "('a_dagpenge', 1), ('uden_ydelse', 2), ('i_alt', 3)",
        "dim_age_band(age_band, sort_order)": "('16-24', 1), ('25-29', 2), ('30-39', 3), ('i_alt', 4)",
        "dim_municipality(municipality_code, municipality_name)": "('151', 'Ballerup'), ('101', 'København')",
        "dim_indicator(indicator_id, name)": "('I01', 'ledighedsprocent'), ('I02', 'forsoergede'), ('X01', 'tilgang')",
    }
    for table, values in dimensions.items():
        name, columns = table.rstrip(")").split("(")
        con.execute(f"create table marts.{name} as select * from (values {values}) t({columns})")
    if comparison:
        con.execute("""
            create table marts.cmp_indicator_comparison as select * from (values
                ('I01', '151', date '2024-01-01', 3.0, 50.0, 0.06, 0.05),
                ('I01', '151', date '2024-02-01', 30.0, 500.0, 0.06, 0.05)
            ) t(indicator_id, municipality_code, period_start, municipality_numerator,
                municipality_denominator, municipality_value, national_value)
            """)
    con.close()
    return path


def read(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def fact_rows(path: Path) -> dict[tuple, tuple]:
    rows = read(
        path,
        f"select {KEY}, numerator, denominator, value, suppressed, suppression_reason "
        "from fct_indicator_values",
    )
    return {r[:7]: r[7:] for r in rows}


def suppressed_keys(path: Path) -> set[tuple]:
    return {k for k, v in fact_rows(path).items() if v[3]}


def single_suppression_groups(path: Path) -> list:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return pub.single_suppressions(con, "fct_indicator_values")
    finally:
        con.close()


ROLLUP_KEY = "indicator_id, breakdown, municipality_code, period_start, " + ", ".join(ROLLUP_DIMENSIONS)


def rollup_rows(path: Path) -> dict[tuple, tuple]:
    """(indicator, breakdown, value of the breakdown's dimension) -> (numerator, denominator,
    value, suppressed, suppression_reason), for one municipality and period."""
    rows = read(
        path,
        f"select {ROLLUP_KEY}, numerator, denominator, value, suppressed, suppression_reason "
        "from fct_indicator_rollups",
    )
    out = {}
    for r in rows:
        indicator, breakdown, dims = r[0], r[1], dict(zip(ROLLUP_DIMENSIONS, r[4:8]))
        out[(indicator, breakdown, dims.get(breakdown, "i_alt"))] = r[8:]
    return out


def disclosed_by_rollups(path: Path) -> list:
    """Computed here, independently of the publish code: published roll-up rows whose fact
    cells include exactly one suppressed cell (that cell = the row minus the published
    cells), and suppressed roll-up rows whose fact cells are all published (the row = their
    sum)."""
    facts = read(path, f"select {KEY}, suppressed from fct_indicator_values")
    rollups = read(path, f"select {ROLLUP_KEY}, suppressed from fct_indicator_rollups")
    found = []
    for indicator, breakdown, municipality, period, *dims, hidden in rollups:
        scope = dict(zip(ROLLUP_DIMENSIONS, dims))
        cells = [
            f[-1]
            for f in facts
            if f[:3] == (indicator, municipality, period)
            and (breakdown == "total" or f[3 + ROLLUP_DIMENSIONS.index(breakdown)] == scope[breakdown])
        ]
        if (not hidden and sum(cells) == 1) or (hidden and cells and not any(cells)):
            found.append((indicator, breakdown, municipality, period, *dims))
    return found


@pytest.fixture
def quiet():
    return lambda *_: None


# ------------------------------------------------------------------------------------ whitelist


def test_only_whitelisted_tables_are_published(tmp_path, quiet):
    wh = make_warehouse(
        tmp_path / "wh" / "jobcenter.duckdb", [cell(numerator=10, denominator=100)], comparison=True
    )
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)

    tables = read(result.bi_file, "select table_schema, table_name from information_schema.tables order by 2")
    assert {schema for schema, _ in tables} == {"main"}
    assert {name for _, name in tables} == EXPECTED_TABLES | {"cmp_indicator_comparison"}
    columns = {r[0] for r in read(result.bi_file, "select column_name from information_schema.columns")}
    assert "person_key" not in columns
    parquet = {p.relative_to(result.parquet_dir).as_posix() for p in result.parquet_dir.rglob("*.parquet")}
    assert parquet == {f"{t}.parquet" for t in EXPECTED_TABLES - PARTITIONED} | {
        "cmp_indicator_comparison.parquet",
        "fct_indicator_values/indicator_id=I01/data.parquet",
        "fct_indicator_rollups/indicator_id=I01/data.parquet",
    }
    info = read(
        result.bi_file,
        "select as_of_date, reporting_start, disclosure_threshold, source_file from publish_info",
    )
    assert info == [(dt.date(2024, 6, 30), dt.date(2023, 1, 1), 5, str(wh.resolve()))]


def test_unknown_fact_columns_are_not_published(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], extra_fact_column=True)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    columns = [
        r[0]
        for r in read(
            result.bi_file,
            "select column_name from information_schema.columns "
            "where table_name = 'fct_indicator_values' order by ordinal_position",
        )
    ]
    assert columns == list(pub.FACT_COLUMNS) + ["suppressed", "suppression_reason"]
    assert result.dropped_fact_columns == ["secret_extra_measure"]


def test_comparison_rows_with_small_counts_lose_their_own_measures(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], comparison=True)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    rows = read(
        result.bi_file,
        "select period_start, municipality_numerator, municipality_denominator, municipality_value, "
        "national_value, suppressed from cmp_indicator_comparison order by 1",
    )
    assert [
        tuple(float(x) if x is not None and not isinstance(x, (bool, dt.date)) else x for x in r)
        for r in rows
    ] == [
        (dt.date(2024, 1, 1), None, None, None, 0.05, True),
        (dt.date(2024, 2, 1), 30.0, 500.0, 0.06, 0.05, False),
    ]


def test_the_warehouse_is_only_read(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    holder = duckdb.connect(str(wh), read_only=True)  # e.g. a notebook reading the warehouse
    try:
        pub.publish(wh, tmp_path / "out", 5, log=quiet)
    finally:
        holder.close()
    assert hashlib.sha256(wh.read_bytes()).hexdigest() == before
    assert not Path(str(wh) + ".wal").exists()


def test_file_is_written_in_the_duckdb_1_4_storage_format(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    con = duckdb.connect()
    con.execute(f"attach '{result.bi_file}' as bi (read_only)")
    (tags,) = con.execute("select tags from duckdb_databases() where database_name = 'bi'").fetchone()
    assert tags["storage_version"].startswith("v1.4.0")
    assert result.bi_file.stat().st_mode & 0o222 == 0  # read-only on disk


# ------------------------------------------------------------------------------------ primary


@pytest.mark.parametrize(
    "numerator, denominator, suppressed",
    [
        (4.0, 100.0, True),  # numerator below 5
        (5.0, 100.0, False),  # exactly 5 is published
        (10.0, 4.0, True),  # denominator below 5
        (10.0, 5.0, False),
        (4.99, 100.0, True),  # fractional full-time persons
        (-3.0, 100.0, True),  # I02's change: absolute value counts
        (-5.0, 100.0, False),
        (0.0, 100.0, False),  # nothing counted: not a small count
        (4.0, None, True),  # count indicator (denominator NULL)
        (5.0, None, False),
    ],
)
def test_primary_suppression_at_4_versus_5(tmp_path, quiet, numerator, denominator, suppressed):
    # One cell only: no sibling, so complementary suppression cannot interfere.
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell(numerator=numerator, denominator=denominator)])
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    ((num, den, value, flag, reason),) = fact_rows(result.bi_file).values()
    assert flag is suppressed
    if suppressed:
        assert (num, den, value, reason) == (None, None, None, "primary")
    else:
        assert (num, den, reason) == (numerator, denominator, None)
    assert result.suppressed_primary == int(suppressed)


def test_threshold_from_argument_environment_and_default(tmp_path, monkeypatch, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell(numerator=4.0)])
    monkeypatch.delenv("DISCLOSURE_THRESHOLD", raising=False)
    assert pub.publish(wh, tmp_path / "a", log=quiet).suppressed_primary == 1  # default 5
    monkeypatch.setenv("DISCLOSURE_THRESHOLD", "3")
    assert pub.publish(wh, tmp_path / "b", log=quiet).suppressed_primary == 0
    assert read(tmp_path / "b" / pub.BI_FILE_NAME, "select disclosure_threshold from publish_info") == [(3,)]
    assert pub.publish(wh, tmp_path / "c", 10, log=quiet).suppressed_primary == 1  # argument wins
    monkeypatch.setenv("DISCLOSURE_THRESHOLD", "five")
    with pytest.raises(pub.PublishError, match="DISCLOSURE_THRESHOLD"):
        pub.publish(wh, tmp_path / "d", log=quiet)
    with pytest.raises(pub.PublishError, match="at least 1"):
        pub.publish(wh, tmp_path / "d", 0, log=quiet)


# ------------------------------------------------------------------------------------ complementary


def test_complementary_suppression_in_a_2x2_gender_origin_table(tmp_path, quiet):
    cells = [
        cell(origin="dansk", gender="mand", numerator=3, denominator=50),  # primary
        cell(origin="dansk", gender="kvinde", numerator=10, denominator=60),
        cell(origin="vestlig", gender="mand", numerator=12, denominator=40),
        cell(origin="vestlig", gender="kvinde", numerator=20, denominator=70),
    ]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    rows = fact_rows(result.bi_file)
    by_cell = {(k[3], k[4]): v for k, v in rows.items()}
    # Every row and column of a 2x2 table must hold 0 or 2 suppressed cells: here all four.
    assert by_cell[("dansk", "mand")][3:] == (True, "primary")
    for other in [("dansk", "kvinde"), ("vestlig", "mand"), ("vestlig", "kvinde")]:
        assert by_cell[other] == (None, None, None, True, "complementary")
    for origin in ("dansk", "vestlig"):
        assert sum(by_cell[(origin, g)][3] for g in ("mand", "kvinde")) >= 2
    for gender in ("mand", "kvinde"):
        assert sum(by_cell[(o, gender)][3] for o in ("dansk", "vestlig")) >= 2
    assert single_suppression_groups(result.bi_file) == []


def test_complementary_suppression_picks_the_smallest_sibling(tmp_path, quiet):
    # 2 genders x 3 origins, denominators; (mand, dansk) is small.
    den = {
        ("mand", "dansk"): 3,
        ("mand", "vestlig"): 40,
        ("mand", "ikke_vestlig"): 30,
        ("kvinde", "dansk"): 50,
        ("kvinde", "vestlig"): 60,
        ("kvinde", "ikke_vestlig"): 20,
    }
    cells = [cell(gender=g, origin=o, numerator=min(d, 10), denominator=d) for (g, o), d in den.items()]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    got = {(k[4], k[3]) for k in suppressed_keys(result.bi_file)}
    # Worked by hand: along origin the mand row loses its smallest other cell (ikke_vestlig, 30);
    # along gender the dansk and ikke_vestlig columns then lose their kvinde cells.
    assert got == {
        ("mand", "dansk"),
        ("mand", "ikke_vestlig"),
        ("kvinde", "dansk"),
        ("kvinde", "ikke_vestlig"),
    }
    assert single_suppression_groups(result.bi_file) == []


def test_complementary_suppression_iterates_across_dimensions(tmp_path, quiet):
    # 3 origins x 3 age bands (one gender): a suppression made along age band leaves a single
    # suppressed cell in an origin group, which only the next round resolves.
    den = {
        ("dansk", "16-24"): 3,
        ("dansk", "25-29"): 50,
        ("dansk", "30-39"): 20,
        ("vestlig", "16-24"): 40,
        ("vestlig", "25-29"): 60,
        ("vestlig", "30-39"): 70,
        ("ikke_vestlig", "16-24"): 30,
        ("ikke_vestlig", "25-29"): 25,
        ("ikke_vestlig", "30-39"): 80,
    }
    cells = [cell(origin=o, age=a, numerator=min(d, 10), denominator=d) for (o, a), d in den.items()]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    got = {(k[3], k[5]) for k in suppressed_keys(result.bi_file)}
    # Round 1: origin pass hides (ikke_vestlig, 16-24); age pass hides (dansk, 30-39) and
    # (ikke_vestlig, 25-29). Round 2: origin pass hides (dansk, 25-29) and (vestlig, 30-39);
    # age pass hides (vestlig, 16-24). Round 3 changes nothing.
    assert set(den) - got == {("vestlig", "25-29"), ("ikke_vestlig", "30-39")}
    assert result.suppressed_primary == 1
    assert result.suppressed_complementary == 6
    assert result.complementary_rounds == 3
    assert single_suppression_groups(result.bi_file) == []


def test_a_group_of_one_cell_is_left_as_is(tmp_path, quiet):
    cells = [cell(indicator="I01", numerator=3), cell(indicator="X01", numerator=3, denominator=None)]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert (result.suppressed_primary, result.suppressed_complementary) == (2, 0)


def test_suppression_never_crosses_indicators_or_periods(tmp_path, quiet):
    cells = [
        cell(indicator="I01", gender="mand", numerator=3),
        cell(indicator="I01", gender="kvinde", numerator=30),
        cell(indicator="I02", gender="mand", numerator=30),
        cell(indicator="I02", gender="kvinde", numerator=30),
        cell(period=dt.date(2024, 2, 1), gender="mand", numerator=30),
        cell(period=dt.date(2024, 2, 1), gender="kvinde", numerator=30),
    ]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert {(k[0], k[2], k[4]) for k in suppressed_keys(result.bi_file)} == {
        ("I01", PERIOD, "mand"),
        ("I01", PERIOD, "kvinde"),
    }


def test_random_national_shape_has_no_single_suppression(tmp_path, quiet):
    rng = random.Random(7)
    cells = []
    for ind, mun, origin, gender, age, target in itertools.product(
        ["I01", "X01"],
        ["151", "101"],
        ["dansk", "vestlig", "ikke_vestlig"],
        ["mand", "kvinde"],
        ["16-24", "25-29", "30-39"],
        ["a_dagpenge", "uden_ydelse"],
    ):
        if rng.random() < 0.1:
            continue  # rows with nothing to count are omitted
        num = float(rng.choice([1, 2, 3, 4, 5, 8, 20, 40]))
        den = None if ind == "X01" else num + rng.choice([0, 1, 3, 10, 50])
        cells.append(cell(ind, mun, PERIOD, origin, gender, age, target, num, den))
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert result.cells == len(cells)
    assert result.suppressed_primary > 0
    assert single_suppression_groups(result.bi_file) == []
    small = read(
        result.bi_file,
        f"select count(*) from fct_indicator_values where not suppressed and {pub.primary_condition(5)}",
    )
    assert small == [(0,)]
    # Published cells keep their values; suppressed ones have none.
    source = {c[:7]: c[7:] for c in cells}
    for key, (num, den, value, flag, _reason) in fact_rows(result.bi_file).items():
        if flag:
            assert (num, den, value) == (None, None, None)
        else:
            assert (num, den) == source[key]


# ------------------------------------------------------------------------------------ roll-ups


def test_rollups_are_published_with_the_known_columns(tmp_path, quiet):
    wh = make_warehouse(
        tmp_path / "jobcenter.duckdb",
        [cell(gender="mand", numerator=10), cell(gender="kvinde", numerator=20)],
        extra_fact_column=True,
    )
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    columns = [
        r[0]
        for r in read(
            result.bi_file,
            "select column_name from information_schema.columns "
            "where table_name = 'fct_indicator_rollups' order by ordinal_position",
        )
    ]
    assert columns == list(pub.ROLLUP_COLUMNS) + ["suppressed", "suppression_reason"]
    assert result.dropped_rollup_columns == ["secret_extra_measure"]
    assert result.rollup_cells == 3  # the total, mand, kvinde
    assert rollup_rows(result.bi_file) == {
        ("I01", "total", "i_alt"): (30.0, 200.0, 0.15, False, None),
        ("I01", "gender", "mand"): (10.0, 100.0, 0.1, False, None),
        ("I01", "gender", "kvinde"): (20.0, 100.0, 0.2, False, None),
    }
    info = read(
        result.bi_file,
        "select rollup_cells, rollup_cells_suppressed_primary, rollup_cells_suppressed_complementary "
        "from publish_info",
    )
    assert info == [(3, 0, 0)]


def test_a_warehouse_without_the_rollups_is_refused(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()], rollups=False)
    with pytest.raises(pub.PublishError, match="fct_indicator_rollups"):
        pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert not (tmp_path / "out" / pub.BI_FILE_NAME).exists()


@pytest.mark.parametrize("numerator, suppressed", [(4.0, True), (5.0, False), (-3.0, True), (0.0, False)])
def test_rollup_primary_suppression_at_4_versus_5(tmp_path, quiet, numerator, suppressed):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell(numerator=numerator, denominator=100)])
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    ((num, den, value, flag, reason),) = rollup_rows(result.bi_file).values()
    assert flag is suppressed
    if suppressed:
        assert (num, den, value, reason) == (None, None, None, "primary")
    else:
        assert (num, den, reason) == (numerator, 100.0, None)
    assert result.rollup_suppressed_primary == int(suppressed)


def test_a_single_suppressed_breakdown_row_hides_a_sibling_not_the_total(tmp_path, quiet):
    # By gender only: mand 3 (small), kvinde 30. The gender rows and the total form one group
    # (total = mand + kvinde): kvinde is hidden too. The total is hidden last, since the
    # comparison tables publish it anyway; here it stays published.
    cells = [cell(gender="mand", numerator=3, denominator=50), cell(gender="kvinde", numerator=30, denominator=60)]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert rollup_rows(result.bi_file) == {
        ("I01", "total", "i_alt"): (33.0, 110.0, 0.3, False, None),
        ("I01", "gender", "mand"): (None, None, None, True, "primary"),
        ("I01", "gender", "kvinde"): (None, None, None, True, "complementary"),
    }
    assert (result.rollup_suppressed_primary, result.rollup_suppressed_complementary) == (1, 1)
    assert disclosed_by_rollups(result.bi_file) == []


def test_a_published_rollup_with_one_hidden_cell_hides_another_cell(tmp_path, quiet):
    # Two cells, A = (dansk, mand, 16-24) 3/50 and D = (dansk, kvinde, 25-29) 40/100. In the
    # facts every sibling group has one cell, so only A is hidden. But the published total
    # (43/150) minus D would give A, so the linked group {total; A, D} hides D, the smallest
    # unsuppressed member. Among the roll-ups, mand (= A) and 16-24 (= A) are small; their
    # breakdown groups hide kvinde and 25-29; the total and origin dansk stay published.
    cells = [
        cell(origin="dansk", gender="mand", age="16-24", numerator=3, denominator=50),
        cell(origin="dansk", gender="kvinde", age="25-29", numerator=40, denominator=100),
    ]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    facts = {k[3:6]: v[3:] for k, v in fact_rows(result.bi_file).items()}
    assert facts == {
        ("dansk", "mand", "16-24"): (True, "primary"),
        ("dansk", "kvinde", "25-29"): (True, "complementary"),
    }
    assert {k: v[3:] for k, v in rollup_rows(result.bi_file).items()} == {
        ("I01", "total", "i_alt"): (False, None),
        ("I01", "origin_group", "dansk"): (False, None),
        ("I01", "gender", "mand"): (True, "primary"),
        ("I01", "gender", "kvinde"): (True, "complementary"),
        ("I01", "age_band", "16-24"): (True, "primary"),
        ("I01", "age_band", "25-29"): (True, "complementary"),
    }
    assert (result.suppressed_primary, result.suppressed_complementary) == (1, 1)
    assert (result.rollup_suppressed_primary, result.rollup_suppressed_complementary) == (2, 2)
    assert disclosed_by_rollups(result.bi_file) == []


def test_a_hidden_rollup_whose_cells_are_all_published_hides_a_cell(tmp_path, quiet):
    # I02's change: cells +10 and -7 are published (not small), but their sum, the roll-up
    # for origin dansk (+3), is small. Published cells would give it away, so one cell is
    # hidden too, and then its sibling in the facts.
    cells = [
        cell(indicator="I02", origin="dansk", gender="mand", numerator=10, denominator=40),
        cell(indicator="I02", origin="dansk", gender="kvinde", numerator=-7, denominator=30),
        cell(indicator="I02", origin="vestlig", gender="mand", numerator=20, denominator=50),
        cell(indicator="I02", origin="vestlig", gender="kvinde", numerator=25, denominator=60),
    ]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    rollups = rollup_rows(result.bi_file)
    assert rollups[("I02", "origin_group", "dansk")][3:] == (True, "primary")
    hidden_cells = {k[3:5] for k in suppressed_keys(result.bi_file)}
    assert ("dansk", "kvinde") in hidden_cells  # the smaller dansk cell (denominator 30)
    assert result.suppressed_primary == 0
    assert disclosed_by_rollups(result.bi_file) == []
    assert single_suppression_groups(result.bi_file) == []


def test_rollups_are_protected_along_municipality(tmp_path, quiet, monkeypatch):
    # 151 has mand 30/100 and kvinde 40/100, 101 only mand 3/50 (small). In the facts, the
    # municipality group of mand hides 151's mand cell, and then its gender group 151's
    # kvinde cell. Among the roll-ups, the same row in both municipalities is a group (their
    # sum may be public: national values from micro-data covering every municipality), so
    # 151's total and mand rows are hidden; kvinde then equals its one hidden cell (linked).
    cells = [
        cell(municipality="151", gender="mand", numerator=30, denominator=100),
        cell(municipality="151", gender="kvinde", numerator=40, denominator=100),
        cell(municipality="101", gender="mand", numerator=3, denominator=50),
    ]
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    sql = (
        "select municipality_code, breakdown, gender, suppression_reason "
        "from fct_indicator_rollups order by 1, 2, 3"
    )
    result = pub.publish(wh, tmp_path / "a", 5, log=quiet)
    assert suppressed_keys(result.bi_file) == {c[:7] for c in cells}
    assert read(result.bi_file, sql) == [
        ("101", "gender", "mand", "primary"),
        ("101", "total", "i_alt", "primary"),
        ("151", "gender", "kvinde", "complementary"),
        ("151", "gender", "mand", "complementary"),
        ("151", "total", "i_alt", "complementary"),
    ]
    # Switched off, 151's total (70/200, the sum of two hidden cells) is published.
    monkeypatch.setattr(pub, "ROLLUP_MUNICIPALITY_GROUPS", False)
    result = pub.publish(wh, tmp_path / "b", 5, log=quiet)
    assert suppressed_keys(result.bi_file) == {c[:7] for c in cells}
    assert read(result.bi_file, sql) == [
        ("101", "gender", "mand", "primary"),
        ("101", "total", "i_alt", "primary"),
        ("151", "gender", "kvinde", "complementary"),
        ("151", "gender", "mand", "complementary"),
        ("151", "total", "i_alt", None),
    ]
    assert disclosed_by_rollups(result.bi_file) == []


def test_rollups_of_a_random_shape_disclose_nothing(tmp_path, quiet):
    rng = random.Random(11)
    cells = []
    for ind, mun, origin, gender, age, target in itertools.product(
        ["I01", "X01"],
        ["151", "101"],
        ["dansk", "vestlig", "ikke_vestlig"],
        ["mand", "kvinde"],
        ["16-24", "25-29", "30-39"],
        ["a_dagpenge", "uden_ydelse"],
    ):
        if rng.random() < 0.8:
            continue  # sparse: many sibling groups of one cell, small roll-ups
        num = float(rng.choice([1, 2, 3, 4, 5, 8, 20, 40]))
        den = None if ind == "X01" else num + rng.choice([0, 1, 3, 10, 50])
        cells.append(cell(ind, mun, PERIOD, origin, gender, age, target, num, den))
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", cells)
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert result.rollup_suppressed_primary > 0
    assert result.rollup_suppressed_complementary > 0
    assert disclosed_by_rollups(result.bi_file) == []
    assert single_suppression_groups(result.bi_file) == []
    con = duckdb.connect(str(result.bi_file), read_only=True)
    try:
        assert pub.rollup_single_suppressions(con, "fct_indicator_values", "fct_indicator_rollups") == []
        small = f"select count(*) from fct_indicator_rollups where not suppressed and {pub.primary_condition(5)}"
        assert con.execute(small).fetchone() == (0,)
        # Every breakdown adds up to its total, so published rows of a breakdown group hold
        # 0 or at least 2 hidden rows.
        groups = con.execute("""
            select indicator_id, municipality_code, b.breakdown, count(*) filter (where r.suppressed)
            from fct_indicator_rollups as r
            cross join (values ('origin_group'), ('gender'), ('age_band'), ('target_group')) as b(breakdown)
            where r.breakdown in ('total', b.breakdown)
            group by all
            """).fetchall()
        assert all(hidden != 1 for *_key, hidden in groups)
    finally:
        con.close()


def test_verification_refuses_a_rollup_that_reveals_a_cell(tmp_path):
    con = duckdb.connect()
    con.execute(f"attach '{tmp_path / 'bad.duckdb'}' as bad (storage_version 'v1.4.0')")
    con.execute(f"""
        create table bad.main.fct_indicator_values as select * from (values
            ('I01', '151', date '2024-01-01', 'dansk', 'i_alt', 'i_alt', 'i_alt', null, null, null, true, 'p'),
            ('I01', '151', date '2024-01-01', 'vestlig', 'i_alt', 'i_alt', 'i_alt', 40.0, 100.0, 0.4, false, null)
        ) t({KEY}, numerator, denominator, value, suppressed, suppression_reason)
        """)
    con.execute(f"""
        create table bad.main.fct_indicator_rollups as
        select *, 'i_alt' as gender, 'i_alt' as age_band, 'i_alt' as target_group from (values
            ('I01', 'total', '151', date '2024-01-01', 'i_alt', 43.0, 150.0, 0.29, false, null),
            ('I01', 'origin_group', '151', date '2024-01-01', 'dansk', null, null, null, true, 'p'),
            ('I01', 'origin_group', '151', date '2024-01-01', 'vestlig', 3.0, 50.0, 0.06, false, null)
        ) t(indicator_id, breakdown, municipality_code, period_start, origin_group,
            numerator, denominator, value, suppressed, suppression_reason)
        """)
    with pytest.raises(pub.PublishError) as error:
        pub.verify_published(con, "bad", {"fct_indicator_values": 2, "fct_indicator_rollups": 3}, 5)
    message = str(error.value)
    assert "1 unsuppressed roll-up rows below the threshold 5" in message
    assert "roll-up sibling groups with a single suppressed row" in message
    assert "linked total" in message  # total 43 - vestlig 40 reveals the hidden dansk cell


# ------------------------------------------------------------------------------------ atomic swap


def test_a_reader_of_the_old_file_keeps_a_consistent_copy(tmp_path, quiet):
    cells_v1 = [
        cell(gender=g, origin=o, numerator=10, denominator=100)
        for g in ("mand", "kvinde")
        for o in ("dansk", "vestlig")
    ]
    wh = make_warehouse(tmp_path / "wh" / "jobcenter.duckdb", cells_v1)
    out = tmp_path / "out"
    pub.publish(wh, out, 5, log=quiet)
    bi = out / pub.BI_FILE_NAME

    old = duckdb.connect(str(bi), read_only=True)  # a BI client holding the file open
    try:
        count_sql = (
            "select count(*), count(*) filter (where suppressed), sum(numerator) from fct_indicator_values"
        )
        assert old.execute(count_sql).fetchone() == (4, 0, 40.0)

        # New data arrives: more cells, one of them small.
        cells_v2 = cells_v1 + [
            cell(gender=g, origin="ikke_vestlig", numerator=n, denominator=100)
            for g, n in (("mand", 3), ("kvinde", 30))
        ]
        make_warehouse(wh, cells_v2)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "jobcenter_warehouse.publish",
                "--warehouse",
                str(wh),
                "--out-dir",
                str(out),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr

        # The old connection still reads the old, complete copy, with no error.
        for _ in range(3):
            assert old.execute(count_sql).fetchone() == (4, 0, 40.0)
            assert len(old.execute("select * from fct_indicator_values, dim_origin_group").fetchall()) == 16
        # A new client sees the new data.
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import duckdb; c = duckdb.connect({str(bi)!r}, read_only=True); "
                f"print(c.execute({count_sql!r}).fetchone())",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert probe.returncode == 0, probe.stderr
        assert probe.stdout.strip() == "(6, 4, 20.0)"  # ikke_vestlig and dansk hidden (ties: by origin name)
    finally:
        old.close()
    assert sorted(p.name for p in out.iterdir()) == [".publish.lock", pub.BI_FILE_NAME, "parquet"]


def test_a_failed_verification_leaves_the_published_file_untouched(tmp_path, monkeypatch, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    out = tmp_path / "out"
    first = pub.publish(wh, out, 5, log=quiet)
    before = hashlib.sha256(first.bi_file.read_bytes()).hexdigest()
    current = os.readlink(first.parquet_dir)

    def broken(*_args, **_kwargs):
        raise pub.PublishError("verification of the built file failed: simulated")

    monkeypatch.setattr(pub, "verify_published", broken)
    make_warehouse(wh, [cell(numerator=99)])
    with pytest.raises(pub.PublishError, match="simulated"):
        pub.publish(wh, out, 5, log=quiet)
    assert hashlib.sha256(first.bi_file.read_bytes()).hexdigest() == before
    assert os.readlink(first.parquet_dir) == current
    assert sorted(p.name for p in out.iterdir()) == [".publish.lock", pub.BI_FILE_NAME, "parquet"]
    assert sorted(p.name for p in (out / "parquet").iterdir()) == sorted(["current", current])


def test_parquet_versions_switch_and_only_the_previous_is_kept(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    out = tmp_path / "out"
    versions = []
    for _ in range(3):
        result = pub.publish(wh, out, 5, log=quiet)
        assert result.parquet_dir.is_symlink()
        versions.append(os.readlink(result.parquet_dir))
    assert len(set(versions)) == 3
    assert not os.path.isabs(versions[-1])
    assert sorted(p.name for p in (out / "parquet").iterdir()) == sorted(
        ["current", versions[1], versions[2]]
    )


# ------------------------------------------------------------------------------------ reruns, Parquet


def _cells_for_rerun():
    return [
        cell(indicator=i, gender=g, origin=o, age=a, numerator=n, denominator=n + 20)
        for i in ("I01", "I02")
        for (g, o, a), n in zip(
            itertools.product(["mand", "kvinde"], ["dansk", "vestlig", "ikke_vestlig"], ["16-24", "25-29"]),
            [3, 10, 7, 2, 30, 15, 9, 11, 4, 40, 8, 6],
        )
    ]


def test_two_publishes_give_identical_tables(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", _cells_for_rerun())
    a = pub.publish(wh, tmp_path / "a", 5, log=quiet)
    b = pub.publish(wh, tmp_path / "b", 5, log=quiet)
    for table in sorted(EXPECTED_TABLES - {"publish_info"}):
        # Stored order too, not only the set of rows.
        assert read(a.bi_file, f"select * from {table}") == read(b.bi_file, f"select * from {table}"), table
    info = "select * exclude (published_at) from publish_info"
    assert read(a.bi_file, info) == read(b.bi_file, info)
    fct = "select * from read_parquet('{}/fct_indicator_values/*/*.parquet')"
    assert (
        duckdb.sql(fct.format(a.parquet_dir)).fetchall() == duckdb.sql(fct.format(b.parquet_dir)).fetchall()
    )
    assert a.suppressed_complementary > 0


def test_parquet_is_readable_and_matches_the_duckdb_file(tmp_path, quiet):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", _cells_for_rerun())
    result = pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert sorted(p.name for p in (result.parquet_dir / "fct_indicator_values").iterdir()) == [
        "indicator_id=I01",
        "indicator_id=I02",
    ]
    con = duckdb.connect()
    con.execute(f"attach '{result.bi_file}' as bi (read_only)")
    glob = f"{result.parquet_dir}/fct_indicator_values/*/*.parquet"
    from_parquet = con.execute(
        f"select * from read_parquet('{glob}', hive_partitioning = true) order by {KEY}"
    ).fetchall()
    from_file = con.execute(f"select * from bi.fct_indicator_values order by {KEY}").fetchall()
    assert from_parquet == from_file
    single = con.execute(
        "select count(*) from read_parquet("
        f"'{result.parquet_dir}/fct_indicator_values/indicator_id=I02/data.parquet')"
    ).fetchone()
    assert single == (12,)
    for table in sorted(EXPECTED_TABLES - PARTITIONED):
        assert (
            con.execute(f"select * from read_parquet('{result.parquet_dir}/{table}.parquet')").fetchall()
            == con.execute(f"select * from bi.{table}").fetchall()
        )


# ------------------------------------------------------------------------------------ CLI


def test_cli_publishes_and_reports_errors(tmp_path, monkeypatch, capsys):
    wh = make_warehouse(tmp_path / "jobcenter.duckdb", [cell()])
    monkeypatch.setenv("DUCKDB_PATH", str(wh))
    monkeypatch.setenv("DISCLOSURE_THRESHOLD", "5")
    assert pub.main(["--out-dir", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / pub.BI_FILE_NAME).is_file()
    assert (
        pub.main(["--warehouse", str(tmp_path / "missing.duckdb"), "--out-dir", str(tmp_path / "out")]) == 2
    )
    assert "warehouse file not found" in capsys.readouterr().err


def test_a_warehouse_without_the_marts_is_refused(tmp_path, quiet):
    wh = tmp_path / "jobcenter.duckdb"
    duckdb.connect(str(wh)).close()
    with pytest.raises(pub.PublishError, match="fct_indicator_values"):
        pub.publish(wh, tmp_path / "out", 5, log=quiet)
    assert not (tmp_path / "out" / pub.BI_FILE_NAME).exists()


def test_verification_refuses_a_file_with_a_disclosive_cell(tmp_path):
    con = duckdb.connect()
    con.execute(f"attach '{tmp_path / 'bad.duckdb'}' as bad (storage_version 'v1.4.0')")
    con.execute(f"""
        create table bad.main.fct_indicator_values as select * from (values
            ('I01', '151', date '2024-01-01', 'dansk', 'mand', 'i_alt', 'i_alt', 3.0, 50.0, 0.06, false, null),
            ('I01', '151', date '2024-01-01', 'dansk', 'kvinde', 'i_alt', 'i_alt', null, null, null, true, 'p'),
            ('I01', '151', date '2024-01-01', 'vestlig', 'kvinde', 'i_alt', 'i_alt', 9.0, 50.0, 0.18, true, 'p')
        ) t({KEY}, numerator, denominator, value, suppressed, suppression_reason)
        """)
    with pytest.raises(pub.PublishError) as error:
        pub.verify_published(con, "bad", {"fct_indicator_values": 3}, 5)
    message = str(error.value)
    assert "1 unsuppressed cells below the threshold 5" in message
    assert "1 suppressed cells still carry a measure" in message
    assert "single suppressed cell" in message  # the dansk/vestlig gender groups
