"""scripts/demo_summary.py on a small hand-built warehouse: it prints the locations, dates,
reconciliation, headline figures and the Figure 2 comparison, handles a missing S02 mart,
and exits 1 only when the warehouse file is missing."""

import importlib.util
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("demo_summary", ROOT / "scripts" / "demo_summary.py")
demo_summary = importlib.util.module_from_spec(SPEC)
sys.modules["demo_summary"] = demo_summary
SPEC.loader.exec_module(demo_summary)

MART_COLUMNS = """
    indicator_id varchar, municipality_code varchar, period_start date, origin_group varchar,
    gender varchar, age_band varchar, target_group varchar, numerator double,
    denominator double, value double
"""


def build_warehouse(path: Path, with_s02: bool = True) -> None:
    con = duckdb.connect(str(path))
    for schema in ("staging", "intermediate", "marts", "reference"):
        con.execute(f"create schema {schema}")
    con.execute(
        "create table intermediate.int_reporting__parameters as select "
        "date '2019-06-30' as as_of_date, date '2018-01-01' as reporting_start, date '2017-01-01' as history_start"
    )
    con.execute(
        "create table staging.stg_extracts__reconciliation as "
        "select 'persons' as extract_name, 10 as landed_rows, 8 as staged_rows, 1 as quarantined_rows, "
        "1 as collapsed_rows"
    )
    con.execute(
        "create table reference.indicator_catalog as select * from (values "
        "('S15', 'ind_s15__dagpenge_pct_arbejdsstyrke', 'Andel dagpengemodtagere ud af arbejdsstyrken', 'rate'), "
        "('I01', 'ind_i01__ledighedsprocent', 'Ledighedsprocenten fordelt på alder', 'rate')"
        ") as t(indicator_id, mart_name, name_da, unit)"
    )
    con.execute(
        "create table reference.target_groups as select * from (values "
        "('a_dagpenge', 'a_dagpenge'), ('kontanthjaelp_jobparat', 'kontanthjaelp'), "
        "('kontanthjaelp_aktivitetsparat', 'kontanthjaelp')) as t(target_group, benefit_code)"
    )
    con.execute(
        "create table reference.benefit_codes as select * from (values "
        "('a_dagpenge', 'A-dagpenge mv.'), ('kontanthjaelp', 'Kontanthjælp')) as t(benefit_code, star_figure2_label)"
    )
    con.execute(f"create table marts.ind_s15__dagpenge_pct_arbejdsstyrke ({MART_COLUMNS})")
    con.execute(
        "insert into marts.ind_s15__dagpenge_pct_arbejdsstyrke values "
        "('S15', '151', date '2019-05-01', 'dansk', 'mand', '30-39', 'i_alt', 3, 100, 0.03), "
        "('S15', '151', date '2019-06-01', 'dansk', 'mand', '30-39', 'i_alt', 2, 100, 0.02), "
        "('S15', '151', date '2019-06-01', 'dansk', 'kvinde', '30-39', 'i_alt', 4, 100, 0.04)"
    )
    if with_s02:
        con.execute(f"create table marts.ind_s02__ydelsesmodtagere_fordeling ({MART_COLUMNS})")
        rows = []
        for month in ("2018-04-01", "2018-05-01", "2018-06-01"):
            # population cell 20000 repeated on each target group's row: must not be summed
            rows.append(f"('S02', '151', date '{month}', 'dansk', 'mand', '30-39', 'a_dagpenge', 590, 20000, 0)")
            rows.append(
                f"('S02', '151', date '{month}', 'dansk', 'mand', '30-39', 'kontanthjaelp_jobparat', 300, 20000, 0)"
            )
            rows.append(
                f"('S02', '151', date '{month}', 'dansk', 'mand', '30-39', 'kontanthjaelp_aktivitetsparat', 200, 20000, 0)"
            )
        con.execute(f"insert into marts.ind_s02__ydelsesmodtagere_fordeling values {', '.join(rows)}")
        con.execute(f"create table marts.ind_s03__udsatte_paa_ydelse ({MART_COLUMNS})")
        # a cell without any benefit recipient: only S03 has it
        con.execute(
            "insert into marts.ind_s03__udsatte_paa_ydelse values "
            + ", ".join(
                f"('S03', '151', date '{month}', 'vestlig', 'kvinde', '60+', 'i_alt', 0, 10000, 0)"
                for month in ("2018-04-01", "2018-05-01", "2018-06-01")
            )
        )
    con.close()


def run(monkeypatch, capsys, path: Path) -> tuple[int, str]:
    monkeypatch.setenv("DUCKDB_PATH", str(path))
    status = demo_summary.main()
    return status, capsys.readouterr().out


def test_summary_with_figure_2(tmp_path, monkeypatch, capsys):
    path = tmp_path / "wh.duckdb"
    build_warehouse(path)
    status, out = run(monkeypatch, capsys, path)
    assert status == 0
    assert str(path) in out
    assert "2019-06-30" in out and "2018-01-01" in out
    assert "persons" in out and "yes" in out
    # S15 for 151: latest month 2019-06, (2 + 4) / 200 = 3.0 %
    assert "Andel dagpengemodtagere ud af arbejdsstyrken" in out and "3.0 %" in out
    assert "not built" in out  # I01 has no mart and there is no fct_indicator_values
    lines = {line.split("  ")[0]: line for line in out.splitlines()}
    # a_dagpenge 590 vs 593: within ±29.65
    assert "within" in lines["A-dagpenge mv."]
    # kontanthjaelp 300 + 200 = 500 vs 640: outside ±32
    assert "OUTSIDE" in lines["Kontanthjælp"]
    # population 20000 (S02 cell once) + 10000 (S03-only cell) = 30000 vs 30041: within ±600.8
    assert "30 000" in lines["Befolkning (16-66 år)"] and "within" in lines["Befolkning (16-66 år)"]
    # a benefit group without rows counts 0 (efterløn 297 -> outside; no seed label, so its code)
    assert "OUTSIDE" in lines["efterloen"]


def test_summary_without_s02(tmp_path, monkeypatch, capsys):
    path = tmp_path / "wh.duckdb"
    build_warehouse(path, with_s02=False)
    status, out = run(monkeypatch, capsys, path)
    assert status == 0
    assert "ind_s02__ydelsesmodtagere_fordeling) is not built" in out


def test_missing_warehouse(tmp_path, monkeypatch, capsys):
    status, out = run(monkeypatch, capsys, tmp_path / "missing.duckdb")
    assert status == 1
    assert "does not exist" in out


@pytest.mark.parametrize(
    "star, expected",
    [(593, 593 * 0.05), (61, 5.0), (11, 5.0)],
)
def test_fulltime_tolerance_is_the_larger_of_5_pct_and_5_persons(star, expected):
    tolerance = max(demo_summary.FULLTIME_TOLERANCE_SHARE * star, demo_summary.FULLTIME_TOLERANCE_MIN)
    assert tolerance == pytest.approx(expected)


def test_summary_ends_with_next_steps(tmp_path, monkeypatch, capsys):
    path = tmp_path / "wh.duckdb"
    build_warehouse(path)
    status, out = run(monkeypatch, capsys, path)
    assert status == 0
    last = out[out.index("Next steps"):]
    assert out.rstrip().endswith(last.rstrip())  # the last section
    assert "publish/jobcenter_bi.duckdb" in last and "read_only=True" in last
    assert "target/static_index.html" in last and "make docs-serve" in last
    assert "docs/analysts.md" in last
