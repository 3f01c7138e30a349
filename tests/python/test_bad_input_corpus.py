"""A bad-input corpus: one small delivery per class of EXTRACTS.md, each with its exact outcome.

Row-level problems end as a quarantine row with a reason (or a collapsed duplicate, or are
accepted); structural breakage stops the build with a message naming the file and column.
The corpus is written by `corpus()` below; `tests/bad_input/README.md` lists the cases.
These tests run dbt (staging only) and take about a minute.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dbt_runner import run_dbt

HEADERS = {
    "persons": "cpr;municipality_code;origin_type;origin_country;residence_permit_date",
    "benefit_spells": "spell_id;cpr;municipality_code;benefit_code;visitation_category;start_date;end_date;"
                      "hours_per_week;in_integration_programme;end_reason",
    "conversations": "conversation_id;cpr;conversation_type;channel;invited_at;self_book_deadline;"
                     "scheduled_date;status;cancelled_at",
    "placements": "placement_id;cpr;offer_type;start_date;end_date;registered_at;employer_cvr;"
                  "employer_municipality_code;hours_per_week",
    "sanctions": "sanction_id;cpr;decision_date;sanction_type;reason;benefit_code;amount_dkk",
    "population": "quarter_start;municipality_code;age;gender;origin_group;population;labour_force;insured",
    "education_attainment": "year;municipality_code;age;gender;origin_group;population;with_vocational_qualification",
    "eud_applications": "year;municipality_code;pupils;eud_applicants",
    "benchmarks": "period_start;area_code;indicator_id;numerator;denominator;value",
}

# (extract, file, row text, expected reason_code or None for staged, label)
# Persons: one CPR of each century digit 0-9 with a date valid under the century rule.
PERSON_ROWS = [
    ("010190-0101", "1990-01-01"), ("020290-1102", "1990-02-02"), ("030390-2103", "1990-03-03"),
    ("040490-3104", "1990-04-04"), ("050505-4105", "2005-05-05"), ("060660-4106", "1960-06-06"),
    ("070707-5107", "2007-07-07"), ("080870-6108", "1870-08-08"), ("090909-9109", "2009-09-09"),
    ("101099-9110", "1999-10-10"),
]
CASES = [
    ("benefit_spells", "a.csv", "s-ongoing;010190-0101;151;a_dagpenge;;2018-01-01;;;;", None, "ongoing spell (empty end)"),
    ("benefit_spells", "a.csv", "s-comma;020290-1102;151;fleksjob;;2018-01-01;2018-12-31;7,5;;", None, "',' decimal mark"),
    ("benefit_spells", "a.csv", '"s;quoted";030390-2103;151;a_dagpenge;;2018-01-01;2018-01-31;;;"a;b"', None, "quoted separator"),
    ("benefit_spells", "a.csv", "s-feb30;040490-3104;151;a_dagpenge;;2025-02-30;;;;", "invalid_date", "date 2025-02-30"),
    ("benefit_spells", "a.csv", "s-dup;050505-4105;151;sygedagpenge;;2019-01-01;2019-02-01;;;", None, "exact duplicate, first copy"),
    ("benefit_spells", "b.csv", "s-dup;050505-4105;151;sygedagpenge;;2019-01-01;2019-02-01;;;", "collapsed_duplicate", "exact duplicate across files"),
    ("benefit_spells", "a.csv", "s-conflict;060660-4106;151;a_dagpenge;;2019-01-01;2019-02-01;;;", "conflicting_duplicate", "id in two files, different content"),
    ("benefit_spells", "b.csv", "s-conflict;060660-4106;151;a_dagpenge;;2019-01-01;2019-03-01;;;", "conflicting_duplicate", "id in two files, different content"),
    ("benefit_spells", "a.csv", "s-end;070707-5107;151;a_dagpenge;;2019-01-10;2019-01-09;;;", "end_before_start", "end before start"),
    ("benefit_spells", "a.csv", "s-visit;080870-6108;151;kontanthjaelp;;2019-01-10;;;;", "invalid_combination", "kontanthjaelp without visitation"),
    ("benefit_spells", "a.csv", "s-code;090909-9109;151;dagpenge;;2019-01-10;;;;", "unknown_code", "unknown benefit code"),
    ("benefit_spells", "a.csv", "s-bool;101099-9110;151;selvforsoergelsesydelse;jobparat;2019-01-10;;;ja;", "invalid_boolean", "boolean 'ja'"),
    ("benefit_spells", "a.csv", "s-plus;010190-0101;151;fleksjob;;2019-01-10;;+3;;", "invalid_decimal", "decimal with a + sign"),
    ("benefit_spells", "a.csv", "s-thousands;010190-0101;151;fleksjob;;2019-01-10;;1.000,5;;", "invalid_decimal", "thousands separator"),
    ("benefit_spells", "a.csv", "s-cpr;01019-01234;151;a_dagpenge;;2019-01-10;;;;", "invalid_cpr", "malformed CPR"),
    ("benefit_spells", "a.csv", "s-nobody;311299-1234;151;a_dagpenge;;2019-01-10;;;;", "unknown_person", "CPR not in persons"),
    ("benefit_spells", "a.csv", "s-short;010190-0101;151;a_dagpenge", "malformed_row", "too few fields"),
    ("benefit_spells", "a.csv", "s-long;010190-0101;151;a_dagpenge;;2019-01-10;;;;;x", "malformed_row", "too many fields"),
    ("benefit_spells", "a.csv", ";010190-0101;151;a_dagpenge;;2019-01-10;;;;", "missing_required", "empty id"),
    ("conversations", "c.csv", "c-T;010190-0101;jobsamtale;telefon;2018-01-01T10:00:00;;2018-01-10;afholdt;", None, "'T' timestamp"),
    ("conversations", "c.csv", "c-ts;010190-0101;jobsamtale;telefon;2018-01-01 25:00:00;;2018-01-10;afholdt;", "invalid_timestamp", "hour 25"),
    ("placements", "p.csv", "p-1;010190-0101;virksomhedspraktik;2018-01-01;;2018-01-02 09:00:00;12345678;999;", "unknown_code", "unknown employer municipality"),
    ("population", "p.csv", "2018-05-01;151;30;mand;dansk;100;80;60", "invalid_quarter_start", "quarter_start not a quarter's first day"),
    ("population", "p.csv", "2018-04-01;151;30;mand;dansk;1e3;80;60", "invalid_integer", "integer '1e3'"),
    # hostile deliveries: numbers
    ("benefit_spells", "a.csv", "s-neg;010190-0101;151;fleksjob;;2019-01-10;;-3;;", "out_of_range", "negative hours"),
    ("benefit_spells", "a.csv", "s-inf;010190-0101;151;fleksjob;;2019-01-10;;" + "9" * 400 + ";;", "invalid_decimal",
     "400-digit hours"),
    ("sanctions", "a.csv", "k-neg;010190-0101;2018-01-01;fradrag;andet;a_dagpenge;-100", "out_of_range", "negative amount"),
    ("sanctions", "a.csv", "k-big;010190-0101;2018-01-01;fradrag;andet;a_dagpenge;" + "1" * 400, "invalid_decimal",
     "overflowing amount"),
    ("population", "p.csv", "2018-04-01;151;31;mand;dansk;-5;;", "out_of_range", "negative population"),
    ("benchmarks", "a.csv", "2018-01-01;000;I01;-1;10;0.1", "out_of_range", "negative numerator"),
    # CPR numbers outside the cpr column are masked and the row processed as usual
    ("benefit_spells", "a.csv", "s-glued;010190-0101;151;a_dagpenge;;2019-01-10;;;;x1810672101", None,
     "CPR glued to a letter in end_reason"),
    ("benefit_spells", "a.csv", "181067-2101;020290-1102;151;a_dagpenge;;2019-01-10;;;;", None, "CPR as spell_id"),
    ("conversations", "c.csv", "2101181067x;010190-0101;jobsamtale;telefon;2018-01-03 10:00:00;;2018-01-10;afholdt;",
     None, "glued CPR as conversation_id"),
    ("benefit_spells", "a.csv",
     "s-arabic;\u0661\u0668\u0661\u0660\u0666\u0667-\u0662\u0661\u0660\u0661;151;a_dagpenge;;2019-01-10;;;;",
     "invalid_cpr", "CPR in Arabic-Indic digits"),
    ("benefit_spells", "a.csv", "s-fullwidth;\uff10\uff11\uff10\uff11\uff19\uff10\uff10\uff11\uff10\uff11;151;a_dagpenge;;2019-01-10;;;;",
     "invalid_cpr", "CPR in full-width digits"),
    ("benefit_spells", "a.csv", "s-arabic-date;010190-0101;151;a_dagpenge;;\u0662\u0660\u0661\u0669-01-10;;;;",
     "invalid_date", "date in Arabic-Indic digits"),
    # quoting: a stray quote mid-file swallows nothing; a quoted line break is one row
    ("conversations", "c.csv", 'c-quote;010190-0101;jobsamtale;"telefon;2018-01-04 10:00:00;;2018-01-10;afholdt;',
     "malformed_row", "stray quote mid-file"),
    ("conversations", "c.csv", "c-after;010190-0101;jobsamtale;telefon;2018-01-05 10:00:00;;2018-01-10;afholdt;",
     None, "row after a stray quote"),
    ("benefit_spells", "b.csv", 's-nl;010190-0101;151;a_dagpenge;;2019-01-10;;;;"two\nlines"', None,
     "quoted line break"),
    ("benefit_spells", "b.csv", "s-200kb;010190-0101;151;a_dagpenge;;2019-01-10;;;;" + "x" * 200_000, "malformed_row",
     "200 KB field"),
    ("benefit_spells", "b.csv", 's-end;010190-0101;151;a_dagpenge;;2019-01-10;;;;"open at the end', "malformed_row",
     "stray quote on the last line"),
    # a .CSV file is part of the extract
    ("placements", "C.CSV", "p-upper;010190-0101;virksomhedspraktik;2018-01-01;;2018-01-02 09:00:00;;;", None,
     ".CSV file"),
]


def corpus(root):
    files: dict[tuple[str, str], list[str]] = {}
    for extract, header in HEADERS.items():
        files[(extract, "a.csv" if extract != "persons" else "p.csv")] = [header]
    # persons: BOM, shuffled column order, an extra column, upper-case header, and one dansk row
    # with a valid origin_country (accepted, not used)
    persons = ["\ufeffMUNICIPALITY_CODE;origin_type;extra_column;cpr;origin_country;residence_permit_date"]
    for cpr, _ in PERSON_ROWS:
        persons.append(f"151;dansk;ignored;{cpr};SE;")
    files[("persons", "p.csv")] = persons
    for extract, name, row, _, _ in CASES:
        files.setdefault((extract, name), [HEADERS[extract]]).append(row)
    for (extract, name), lines in files.items():
        folder = root / extract
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    work = tmp_path_factory.mktemp("corpus")
    raw = work / "raw"
    corpus(raw)
    result = run_dbt(["build", "--select", "path:seeds", "path:models/staging", "int_reporting__parameters", "--indirect-selection", "cautious"], raw, work)
    assert result.returncode == 0, result.stdout[-4000:]
    for secret in ("181067", "010190-0101", "0101900101"):
        assert secret not in result.stdout
    return work


@pytest.fixture(scope="module")
def corpus_root(corpus_build):
    return corpus_build / "raw"


@pytest.fixture
def built(corpus_build):
    con = duckdb.connect(str(corpus_build / "wh.duckdb"), read_only=True)
    yield con
    con.close()


def test_every_person_cpr_century_digit_gives_the_right_birth_date(built):
    rows = dict(built.execute("select source_line, cast(birth_date as varchar) from staging.stg_extracts__persons_rows").fetchall())
    assert [rows[line] for line in range(2, 12)] == [date for _, date in PERSON_ROWS]
    genders = built.execute("select count(*) filter (where gender = 'mand') from staging.stg_extracts__persons").fetchone()[0]
    assert genders == 5  # last digits 1, 3, 5, 7, 9


def first_line(case) -> int:
    """The case's physical line in its file: after the header and the lines of earlier cases."""
    extract, name = case[0], case[1]
    earlier = [r for r in CASES if r[0] == extract and r[1] == name]
    return 2 + sum(r[2].count("\n") + 1 for r in earlier[:earlier.index(case)])


@pytest.mark.parametrize("case", CASES, ids=[c[4] for c in CASES])
def test_row_outcome(built, case):
    extract, name, row, expected, label = case
    line = first_line(case)
    got = built.execute(
        f"select row_outcome, reject_reason_code, reject_reason from staging.stg_extracts__{extract}_rows "
        "where source_file = ? and source_line = ?", [f"{extract}/{name}", line]).fetchone()
    assert got is not None, label
    assert got[1] == expected, f"{label}: {got}"
    if expected and expected != "collapsed_duplicate":
        assert got[0] == "quarantined" and got[2]


def physical_data_lines(path) -> int:
    """Non-blank pieces between \\n after the header: counted here without a CSV parser."""
    return len([p for p in path.read_bytes().decode("utf-8-sig").split("\n") if p.strip()]) - 1


def test_counts_reconcile_and_every_physical_line_is_accounted_for(built, corpus_root):
    rows = built.execute(
        "select extract_name, landed_rows, data_lines, staged_rows, quarantined_rows, collapsed_rows, "
        "staged_lines, quarantined_lines, collapsed_lines from staging.stg_extracts__reconciliation").fetchall()
    for name, landed, lines, staged, quarantined, collapsed, s_lines, q_lines, c_lines in rows:
        assert landed == staged + quarantined + collapsed, name
        assert lines == s_lines + q_lines + c_lines, name
        expected = sum(physical_data_lines(p) for p in (corpus_root / name).iterdir())
        assert lines == expected, name
    assert built.execute("select collapsed_rows from staging.stg_extracts__reconciliation "
                         "where extract_name = 'benefit_spells'").fetchone()[0] == 1
    # b.csv: 5 cases, one of them 2 lines long: 6 physical data lines in 5 rows
    assert built.execute("select count(*), sum(line_count) from staging.stg_extracts__benefit_spells_rows "
                         "where source_file = 'benefit_spells/b.csv'").fetchone() == (5, 6)


def test_no_cpr_of_the_corpus_in_any_relation(built, corpus_root):
    from jobcenter_warehouse import privacy
    hashes = privacy.unkeyed_hashes(privacy.delivery_cprs(corpus_root) | {"1810672101", "2101181067"})
    path = built.execute("select file from pragma_database_list where name = current_database()").fetchone()[0]
    built.close()
    assert privacy.scan_warehouse(Path(path), hashes) == []


def test_masked_values_are_staged_as_delivered_around_the_mask(built):
    got = built.execute("select end_reason from staging.stg_extracts__benefit_spells where spell_id = 's-glued'").fetchone()
    assert got == ("x[cpr removed]",)
    assert built.execute("select count(*) from staging.stg_extracts__benefit_spells "
                         "where spell_id = '[cpr removed]'").fetchone() == (1,)


@pytest.mark.parametrize("breakage, message", [
    (lambda raw: (raw / "sanctions" / "a.csv").write_text(""), "sanctions/a.csv: the file has no header row"),
    (lambda raw: (raw / "sanctions" / "b.csv").write_bytes(
        (HEADERS["sanctions"] + "\nx;010190-0101;2018-01-01;fradrag;andet;a_dagpenge;K\xf8b\n").encode("latin-1")),
     "sanctions/b.csv line 2: not valid UTF-8"),
    (lambda raw: (raw / "sanctions" / "a.csv").write_text(HEADERS["sanctions"].replace(";amount_dkk", "") + "\n"),
     "sanctions/a.csv line 1: missing required column 'amount_dkk'"),
    (lambda raw: (raw / "benefit_spells" / "h.csv").write_text("sk151-00000017;181067-2101;151;a_dagpenge;;2019-01-10;;;;\n"),
     "benefit_spells/h.csv line 1: missing required columns 'spell_id', 'cpr'"),
], ids=["empty-file", "non-utf8", "missing-column", "header-less"])
def test_structural_breakage_stops_with_a_clear_message(tmp_path, breakage, message):
    raw = tmp_path / "raw"
    corpus(raw)
    breakage(raw)
    result = run_dbt(["build", "--select", "path:seeds", "path:models/staging", "int_reporting__parameters", "--indirect-selection", "cautious"], raw, tmp_path)
    assert result.returncode != 0
    assert message in result.stdout
    assert "Traceback" not in result.stdout
    logs = (tmp_path / "logs" / "dbt.log").read_text(encoding="utf-8")
    results = (tmp_path / "target" / "run_results.json").read_text(encoding="utf-8")
    for text in (result.stdout, result.stderr, logs, results):
        assert "181067" not in text and "010190-0101" not in text and "Traceback" not in text
