"""The key-figure report's data preparation, on the hand-built artefact of report_fixture.py.

Every expected value below is worked out by hand from the fixture's numbers (the comments
show the arithmetic); none is produced by the code under test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import report_fixture as fx

from jobcenter_warehouse.report import artefact, cli, context, figure2, goals, series
from jobcenter_warehouse.report import formatting as fmt
from jobcenter_warehouse.report.build import Workbook, file_stem
from jobcenter_warehouse.report.layout import build_sections

D = dt.date


@pytest.fixture(scope="module")
def artefact_path(tmp_path_factory):
    return fx.build_artefact(tmp_path_factory.mktemp("report") / "bi.duckdb")


@pytest.fixture(scope="module")
def national_path(tmp_path_factory):
    return fx.build_artefact(tmp_path_factory.mktemp("report_nat") / "bi.duckdb", national=True)


@pytest.fixture(scope="module")
def plain_path(tmp_path_factory):
    return fx.build_artefact(tmp_path_factory.mktemp("report_plain") / "bi.duckdb", with_comparison=False)


def workbook_inputs(path, code="151"):
    wb = Workbook(path)
    municipality = next(m for m in wb.municipalities if m["municipality_code"] == code)
    return wb, wb.inputs(municipality)


# ------------------------------------------------------------------------------- periods

def indicator(frequency="monthly", lag=0):
    return {"frequency": frequency, "reporting_lag_days": lag}


@pytest.mark.parametrize("lag, last_reported", [
    (0, D(2026, 10, 1)),   # October ends on the as-of date 2026-10-31: reported
    (91, D(2026, 7, 1)),   # 31 Jul + 91 days = 30 Oct <= 31 Oct; 31 Aug + 91 = 30 Nov is not
    (92, D(2026, 7, 1)),   # 31 Jul + 92 = 31 Oct: still reported (on the as-of date)
    (93, D(2026, 6, 1)),   # 31 Jul + 93 = 1 Nov: too late
])
def test_reported_months_follow_the_reporting_delay(artefact_path, lag, last_reported):
    con = artefact.connect(artefact_path)
    periods = series.reported_periods(series.load_months(con), indicator(lag=lag), artefact.meta(con))
    assert periods[0] == D(2024, 1, 1) and periods[-1] == last_reported


def test_default_window_is_25_months_ending_with_the_second_latest(artefact_path):
    con = artefact.connect(artefact_path)
    periods = series.reported_periods(series.load_months(con), indicator(), artefact.meta(con))
    window = series.default_window(periods, "monthly")
    # 34 reported months 2024-01 .. 2026-10; without October, the last 25: 2024-09 .. 2026-09
    assert len(window) == 25 and window[0] == D(2024, 9, 1) and window[-1] == D(2026, 9, 1)


def test_yearly_window_is_every_ended_year(artefact_path):
    con = artefact.connect(artefact_path)
    periods = series.reported_periods(series.load_months(con), indicator("yearly"), artefact.meta(con))
    # reporting start 2024-01-01, as-of 2026-10-31: 2024 and 2025 have ended, 2026 has not
    assert series.default_window(periods, "yearly") == [D(2024, 1, 1), D(2025, 1, 1)]


# ------------------------------------------------------------------------------- series

def test_delivered_municipalities_come_from_the_comparison_table(artefact_path, plain_path):
    for path in (artefact_path, plain_path):
        codes = [m["municipality_code"] for m in artefact.delivered_municipalities(artefact.connect(path))]
        assert codes == ["101", "151"]  # 147 and 751 are in dim_municipality but not delivered


def test_series_with_comparison(artefact_path):
    _, inputs = workbook_inputs(artefact_path)
    i22 = inputs.series["I22"]
    assert [p.period for p in i22.points][:: 24] == [D(2024, 9, 1), D(2026, 9, 1)] and len(i22.points) == 25
    gap = next(p for p in i22.points if p.period == fx.I22_SUPPRESSED_MONTH)
    assert gap.value is None and gap.suppressed  # hidden, not zero
    latest = i22.latest
    assert (latest.value, latest.national, latest.top10, latest.region_rank, latest.region_size) == \
        (0.20, 0.14, 0.15, 2, 3)
    assert inputs.series["I24"].latest.period == D(2026, 6, 1)  # delay 91: window ends June
    assert [p.period for p in inputs.series["I17"].points] == [D(2024, 1, 1), D(2025, 1, 1)]
    assert "S02" not in inputs.series and "I08" not in inputs.series  # no direction, no chart


def test_series_without_comparison_reads_the_rollups(plain_path):
    _, inputs = workbook_inputs(plain_path)
    assert not inputs.with_comparison
    i22 = inputs.series["I22"]
    assert len(i22.points) == 25 and i22.latest.value == pytest.approx(0.20) and i22.latest.national is None
    gap = next(p for p in i22.points if p.period == fx.I22_SUPPRESSED_MONTH)
    assert gap.value is None and gap.suppressed


# ------------------------------------------------------------------------------- Figure 2

def rows_by_key(fig):
    return {r.key: r for r in fig.rows}


def test_figure2_one_municipality_with_benchmarks(artefact_path):
    _, inputs = workbook_inputs(artefact_path)
    fig = inputs.figure2
    assert fig.quarter == D(2026, 7, 1) and fig.population == pytest.approx(1000) and not fig.national_computed
    rows = rows_by_key(fig)
    assert [r.label for r in fig.rows] == ["Ydelsesmodtagere", "A-dagpenge mv.", "Kontanthjælp", "Fleksjob"]
    total = rows["i_alt"]
    # (100 + 110 + 120) / 3 = 110 of 1000; a year earlier 100 of (980 + 1000 + 1020) / 3 = 1000
    assert total.fulltime == pytest.approx(110) and total.share == pytest.approx(0.11)
    assert total.change == pytest.approx(0.01)
    # the country from I22's national values: (0.12 + 0.13 + 0.14) / 3 = 0.13; a year earlier 0.125
    assert total.national_share == pytest.approx(0.13) and total.national_change == pytest.approx(0.005)
    # a-dagpenge: (30 + 33 + 36) / 3 = 33 -> 3.3 %; a year earlier 20 -> 2.0 %: +1.3 points
    assert rows["a_dagpenge"].fulltime == pytest.approx(33) and rows["a_dagpenge"].change == pytest.approx(0.013)
    # kontanthjælp = jobparat + aktivitetsparat: 10 + (20 + 23 + 26) / 3 = 33; a year earlier 15 + 15 = 30
    assert rows["kontanthjaelp"].fulltime == pytest.approx(33) and rows["kontanthjaelp"].change == pytest.approx(0.003)
    assert rows["kontanthjaelp"].national_share is None  # only 2 of 4 municipalities: no country per group
    # fleksjob is suppressed in August: no figure at all, never a partial sum or zero
    assert rows["fleksjob"].fulltime is None and rows["fleksjob"].share is None and rows["fleksjob"].suppressed


def test_figure2_national_delivery_computes_the_country(national_path):
    _, inputs = workbook_inputs(national_path)
    rows = rows_by_key(inputs.figure2)
    assert inputs.all_delivered and inputs.figure2.national_computed
    # a-dagpenge: (33 + 60) / (1000 + 3000) = 2.325 %; a year earlier (20 + 50) / 4000 = 1.75 %
    assert rows["a_dagpenge"].national_share == pytest.approx(0.02325)
    assert rows["a_dagpenge"].national_change == pytest.approx(0.00575)
    # kontanthjælp: (33 + 30) / 4000 = 1.575 %; a year earlier (30 + 30) / 4000 = 1.5 %
    assert rows["kontanthjaelp"].national_share == pytest.approx(0.01575)
    # total: (110 + 150) / 4000 = 6.5 %; a year earlier (100 + 150) / 4000 = 6.25 %
    assert rows["i_alt"].national_share == pytest.approx(0.065) and rows["i_alt"].national_change == pytest.approx(0.0025)
    assert rows["fleksjob"].national_share is None  # Ballerup's August is hidden


def test_figure_quarter_needs_three_months():
    months = [{"month_start": m, "quarter_start": D(m.year, (m.month - 1) // 3 * 3 + 1, 1)} for m in fx.months()]
    assert figure2.figure_quarter(months, D(2026, 9, 1)) == D(2026, 7, 1)
    assert figure2.figure_quarter(months, D(2026, 8, 1)) == D(2026, 4, 1)  # Q3 not complete yet


# ------------------------------------------------------------------------------- goals

def test_goal_status_of_each_kind(artefact_path):
    _, inputs = workbook_inputs(artefact_path)
    status = {iid: goals.goal_status(s) for iid, s in inputs.series.items()}
    assert status["I07"].state == goals.MET and "82,0 %" in status["I07"].reason and "80,0 %" in status["I07"].reason
    assert status["I10"].state == goals.NOT_MET and "30,0 %" in status["I10"].reason
    assert "25,0 %" in status["I10"].reason and "lavere er bedre" in status["I10"].reason
    assert status["I09"].state == goals.MET and "nr. 2 af 3" in status["I09"].reason
    assert status["I24"].state == goals.UNDECIDED
    assert status["I24"].reason == "værdien for borgere med ikke-vestlig baggrund er diskretioneret"
    assert status["S03"].state == goals.MET and "8,0 %" in status["S03"].reason and "8,5 %" in status["S03"].reason
    assert status["I22"].state == goals.NO_GOAL


def test_goal_overview_lists_strategy_goals_and_star_trends(artefact_path):
    _, inputs = workbook_inputs(artefact_path)
    overview = context.goal_overview(inputs)
    assert [r["id"] for r in overview["strategy"]] == ["I07", "I09", "I10", "I24"]
    assert [r["id"] for r in overview["star"]] == ["S03"]
    assert [r["label"] for r in overview["strategy"]] == ["Opfyldt", "Opfyldt", "Ikke opfyldt", "Kan ikke afgøres"]


def test_goals_cannot_be_decided_without_comparison(plain_path):
    _, inputs = workbook_inputs(plain_path)
    overview = context.goal_overview(inputs)
    # without the comparison table the goals are still listed (goal kinds from dim_indicator)
    assert [r["id"] for r in overview["strategy"]] == ["I07", "I09", "I10", "I24"]
    assert [r["id"] for r in overview["star"]] == ["S03"]
    listed = overview["strategy"] + overview["star"]
    assert {r["state"] for r in listed} == {goals.UNDECIDED}
    assert all("sammenligning ikke tilgængelig" in r["reason"] for r in listed)


# ------------------------------------------------------------------------------- sections and HTML

def test_sections_follow_the_strategy_then_star_blocks(artefact_path):
    con = artefact.connect(artefact_path)
    sections = build_sections(artefact.charted_indicators(con))
    assert [(s.key, [i["indicator_id"] for i in s.indicators]) for s in sections] == [
        ("samarbejde_i_oejenhoejde", ["I07"]), ("forsikrede_ledige", ["I09", "I10"]),
        ("udfordringer_ud_over_ledighed", ["I17"]), ("ikke_vestlig_baggrund", ["I22", "I24"]),
        ("foertidspension_fleksjob", ["S03"])]


def write_reports(path, out_dir):
    return cli.main(["--artefact", str(path), "--out-dir", str(out_dir), "--no-pdf", "--jobs", "1"])


def test_cli_writes_one_file_per_delivered_municipality_and_prints_the_time(artefact_path, tmp_path, capsys):
    assert write_reports(artefact_path, tmp_path) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["101_koebenhavn.html", "151_ballerup.html"]
    out = capsys.readouterr().out
    assert re.search(r"report: 2 reports \(0 PDF\) in \d+\.\d s, \d+\.\d\d s per report", out), out


def test_cli_names_a_missing_artefact(tmp_path, capsys):
    assert cli.main(["--artefact", str(tmp_path / "missing.duckdb"), "--no-pdf"]) == 2
    assert "make publish" in capsys.readouterr().err


def test_html_is_self_contained_and_shows_gaps_not_zeros(artefact_path, tmp_path):
    write_reports(artefact_path, tmp_path)
    page = (tmp_path / "151_ballerup.html").read_text(encoding="utf-8")
    for forbidden in ("<script", "<link", "src=", "@import", "url(", "@font-face", 'href="http'):
        assert forbidden not in page, forbidden
    figure1 = page[page.index('id="fig-I22"'):]
    figure1 = figure1[: figure1.index("</figure>")]
    assert re.search(r"<th scope=\"row\">mar\. 2025</th><td>diskr\.</td>", figure1)
    # the municipality's line breaks at the hidden month: two sub-paths ("M" commands)
    line = re.search(r'aria-label="periode: [^"]*serie: Ballerup"[^>]* d="([^"]+)"', figure1)
    assert line and line.group(1).count("M") == 2
    assert "Sammenligning ikke tilgængelig" not in page


def test_html_says_when_comparison_is_missing(plain_path, tmp_path):
    write_reports(plain_path, tmp_path)
    page = (tmp_path / "151_ballerup.html").read_text(encoding="utf-8")
    assert 'id="no-comparison"' in page and "Sammenligning ikke tilgængelig" in page


# ------------------------------------------------------------------------------- formatting

def test_danish_formatting():
    assert fmt.number(1234.56) == "1.234,6" and fmt.number(5455, 0) == "5.455"
    assert fmt.points(-0.4) == "-0,4" and fmt.points(0.1) == "+0,1"
    assert fmt.indicator_value(0.182, "rate") == "18,2 %" and fmt.indicator_value(42.25, "mean_days") == "42,2 dage"
    assert fmt.quarter(D(2026, 7, 1)) == "3. kvartal 2026" and fmt.long_date(D(2026, 10, 31)) == "31. oktober 2026"


@pytest.mark.parametrize("code, name, stem", [
    ("101", "København", "101_koebenhavn"), ("173", "Lyngby-Taarbæk", "173_lyngby-taarbaek"),
    ("492", "Ærø", "492_aeroe"), ("151", "Ballerup", "151_ballerup"),
])
def test_file_names(code, name, stem):
    assert file_stem(code, name) == stem
