"""The landing step: CSV rules of the contract, every physical line accounted for, structural
errors with clear messages, and no CPR number past the door.

Expected values are worked out by hand from the small files written in each test; the line
counts come from ``physical_data_lines`` below, which splits the bytes at ``\\n`` and knows
nothing of CSV.
"""

import datetime as dt
import hashlib
import hmac
import multiprocessing
import os

import pyarrow.parquet as pq
import pytest

from jobcenter_warehouse import contract
from jobcenter_warehouse.landing import ExtractError, MAX_FIELD_CHARS, land, land_extract, landing_dir, output_columns
from jobcenter_warehouse.landing.cpr import MASK, mask_text
from jobcenter_warehouse.pseudonym import DEMO_KEY, PseudonymKeyError, normalise_cpr, pseudonymise, resolve_key

KEY = b"test-key-0123456789"
HEADER = "cpr;municipality_code;origin_type;origin_country;residence_permit_date"
SPELLS = ("spell_id;cpr;municipality_code;benefit_code;visitation_category;start_date;end_date;"
          "hours_per_week;in_integration_programme;end_reason")


def write(root, extract, name, text, encoding="utf-8"):
    folder = root / extract
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def physical_data_lines(path) -> int:
    """Non-blank pieces between \\n after the first non-blank one (the header): no CSV parser."""
    pieces = [p for p in path.read_bytes().decode("utf-8-sig").split("\n") if p.strip()]
    return max(len(pieces) - 1, 0)


def land_rows(root, extract):
    result, files = land_extract(root, extract, root / "out", key=KEY, log=lambda _: None)
    rows = pq.read_table(result.path).to_pylist()
    return result, files, rows


def assert_all_lines_accounted(root, extract, rows):
    for path in sorted((root / extract).iterdir()):
        if path.suffix.lower() != ".csv":
            continue
        rel = f"{extract}/{path.name}"
        spanned = sum(r["_line_count"] for r in rows if r["_source_file"] == rel)
        assert spanned == physical_data_lines(path), rel


def test_bom_shuffled_columns_extra_column_and_case_insensitive_header(tmp_path):
    write(tmp_path, "persons", "a.csv",
          "\ufeffORIGIN_TYPE;Cpr;extra;municipality_code;residence_permit_date;origin_country\n"
          "indvandrer; 010190-1234 ;ignored;151;2020-01-05;sy\n")
    _, _, rows = land_rows(tmp_path, "persons")
    assert len(rows) == 1
    row = rows[0]
    assert (row["origin_type"], row["origin_country"], row["municipality_code"]) == ("indvandrer", "sy", "151")
    assert row["residence_permit_date"] == "2020-01-05"
    # keyed pseudonym of the normalised number, the same for both CPR formats
    expected = hmac.new(KEY, b"0101901234", hashlib.sha256).hexdigest()
    assert row["person_key"] == expected == pseudonymise("0101901234", KEY)
    # 7th digit 1 -> 1900s; last digit 4 -> even -> kvinde
    assert (row["cpr_shape_ok"], row["birth_date"], row["gender"]) == (True, dt.date(1990, 1, 1), "kvinde")
    assert "extra" not in row and "cpr" not in row


def test_only_pseudonym_birth_date_and_gender_leave_the_landing(tmp_path):
    write(tmp_path, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk;;\n0202851235;151;dansk;;;x 311299-4321\n")
    result, _, rows = land_rows(tmp_path, "persons")
    data = result.path.read_bytes()
    for digits in (b"010190", b"1234", b"020285", b"311299", b"4321"):
        assert digits not in data
    assert rows[1]["_extra_fields"] == f"x {MASK}"
    assert (rows[1]["birth_date"], rows[1]["gender"]) == (dt.date(1985, 2, 2), "mand")
    assert "cpr" not in output_columns(contract.EXTRACTS["persons"])
    assert not {"cpr_ddmmyy", "cpr_digit7", "cpr_last_digit"} & set(output_columns(contract.EXTRACTS["persons"]))


def test_quoted_separator_blank_lines_and_trimming(tmp_path):
    write(tmp_path, "benefit_spells", "a.csv",
          f'{SPELLS}\n\n"s;1";010190-1234;151;fleksjob;;2020-01-01;;7,5;;"a ""quoted"" reason"\n   \n')
    result, files, rows = land_rows(tmp_path, "benefit_spells")
    assert result.rows == 1
    assert rows[0]["spell_id"] == "s;1"
    assert rows[0]["hours_per_week"] == "7,5"
    assert rows[0]["end_reason"] == 'a "quoted" reason'
    assert (rows[0]["_source_line"], rows[0]["_line_count"]) == (3, 1)
    assert (files[0]["physical_lines"], files[0]["blank_lines"], files[0]["data_lines"]) == (4, 2, 1)


def test_rows_with_too_many_or_too_few_fields_are_kept_as_malformed(tmp_path):
    write(tmp_path, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk\n010190-1234;151;dansk;;;x;y\n")
    result, _, rows = land_rows(tmp_path, "persons")
    assert result.malformed == 2
    assert rows[0]["_malformed_reason"] == "row has 3 fields, the header has 5"
    assert rows[1]["_malformed_reason"] == "row has 7 fields, the header has 5"
    assert rows[1]["_extra_fields"] == "x;y"


def test_union_of_csv_files_in_any_case_other_names_ignored_with_a_line(tmp_path):
    write(tmp_path, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk;;\n")
    write(tmp_path, "persons", "B.CSV", f"{HEADER}\n020190-1234;151;dansk;;\n")
    write(tmp_path, "persons", "notes.txt", "not a delivery file")
    (tmp_path / "persons" / "old").mkdir()
    said = []
    result, _ = land_extract(tmp_path, "persons", tmp_path / "out", key=KEY, log=said.append)
    assert (result.files, result.rows) == (2, 2)
    assert {r["_source_file"] for r in pq.read_table(result.path).to_pylist()} == {"persons/a.csv", "persons/B.CSV"}
    assert said == ["persons: ignoring the file notes.txt (not a .csv file)",
                    "persons: ignoring the folder old (not a .csv file)"]


@pytest.mark.parametrize("line", [2, 6, 11], ids=["early", "mid", "last-line"])
def test_a_stray_quote_makes_one_malformed_row_and_swallows_nothing(tmp_path, line):
    body = [f"s{i};010190-1234;151;a_dagpenge;;2020-01-01;;;;" for i in range(2, 12)]
    body[line - 2] = body[line - 2].replace(";a_dagpenge;", ';"a_dagpenge;')
    path = write(tmp_path, "benefit_spells", "a.csv", SPELLS + "\n" + "\n".join(body) + "\n")
    result, _, rows = land_rows(tmp_path, "benefit_spells")
    assert len(rows) == 10 == physical_data_lines(path)
    bad = [r for r in rows if r["_malformed_reason"]]
    assert [r["_source_line"] for r in bad] == [line]
    assert bad[0]["_malformed_reason"].startswith("a quote opened on this line is not closed")
    assert [r["spell_id"] for r in rows if not r["_malformed_reason"]] == [f"s{i}" for i in range(2, 12) if i != line]
    assert_all_lines_accounted(tmp_path, "benefit_spells", rows)


def test_two_stray_quotes_far_apart_do_not_join_the_lines_between(tmp_path):
    body = [f"s{i};010190-1234;151;a_dagpenge;;2020-01-01;;;;" for i in range(2, 12)]
    body[1] = body[1].replace(";a_dagpenge;", ';"a_dagpenge;')  # line 3 opens a quote
    body[7] = body[7].replace("-1234;", '-1234";')  # line 9 closes it after the cpr
    write(tmp_path, "benefit_spells", "a.csv", SPELLS + "\n" + "\n".join(body) + "\n")
    _, _, rows = land_rows(tmp_path, "benefit_spells")
    assert len(rows) == 10
    bad = {r["_source_line"]: r["_malformed_reason"] for r in rows if r["_malformed_reason"]}
    # lines 3..9 would form a record of 12 fields: line 3 alone is malformed and reading
    # resumes on line 4; line 9 on its own has 10 fields (its cpr is '010190-1234"')
    assert list(bad) == [3]
    assert "runs to line 9 and the record then has 12 fields, the header has 10" in bad[3]
    line9 = next(r for r in rows if r["_source_line"] == 9)
    assert (line9["spell_id"], line9["cpr_shape_ok"]) == ("s9", False)
    assert_all_lines_accounted(tmp_path, "benefit_spells", rows)


def test_a_quoted_field_with_line_breaks_is_one_row_spanning_its_lines(tmp_path):
    path = write(tmp_path, "benefit_spells", "a.csv",
                 f'{SPELLS}\ns1;010190-1234;151;a_dagpenge;;2020-01-01;;;;"first\nsecond;\n\nthird"\n'
                 "s2;010190-1234;151;a_dagpenge;;2020-01-01;;;;\r\n")
    _, _, rows = land_rows(tmp_path, "benefit_spells")
    assert [(r["spell_id"], r["_source_line"], r["_line_count"]) for r in rows] == [("s1", 2, 3), ("s2", 6, 1)]
    assert rows[0]["end_reason"] == "first\nsecond;\n\nthird"
    assert rows[0]["_malformed_reason"] is None and rows[1]["end_reason"] is None
    assert physical_data_lines(path) == 4
    assert_all_lines_accounted(tmp_path, "benefit_spells", rows)


@pytest.mark.parametrize("size", [200_000, 5_000_000], ids=["200KB", "5MB"])
def test_a_very_long_field_is_a_malformed_row_not_a_crash(tmp_path, size):
    long = "x" * size
    path = write(tmp_path, "benefit_spells", "a.csv",
                 f"{SPELLS}\ns1;010190-1234;151;a_dagpenge;;2020-01-01;;;;{long}\n"
                 f's2;010190-1234;151;a_dagpenge;;2020-01-01;;;;"{long}"\ns3;010190-1234;151;a_dagpenge;;2020-01-01;;;;ok\n')
    result, _, rows = land_rows(tmp_path, "benefit_spells")
    assert [r["_malformed_reason"] for r in rows] == [
        f"field 'end_reason' is longer than {MAX_FIELD_CHARS} characters (not kept)"] * 2 + [None]
    assert [r["end_reason"] for r in rows] == [None, None, "ok"]
    assert result.path.stat().st_size < 100_000
    assert physical_data_lines(path) == 3
    assert not list((tmp_path / "out").glob(".*.tmp"))


@pytest.mark.parametrize("column", ["spell_id", "end_reason", "municipality_code", "start_date", "hours_per_week"])
@pytest.mark.parametrize("form", ["1810672101", "181067-2101", "x1810672101", "1810672101x", "ab181067-2101cd"])
def test_a_cpr_in_any_other_field_of_a_well_formed_row_is_masked(tmp_path, column, form):
    values = dict(zip(SPELLS.split(";"), "s1;010190-1234;151;a_dagpenge;;2020-01-01;;;;".split(";")))
    values[column] = f"see {form} here"
    write(tmp_path, "benefit_spells", "a.csv", SPELLS + "\n" + ";".join(values.values()) + "\n")
    result, _, rows = land_rows(tmp_path, "benefit_spells")
    masked = form.replace("181067-2101", MASK).replace("1810672101", MASK)
    assert rows[0][column] == f"see {masked} here"
    assert rows[0]["_malformed_reason"] is None
    data = result.path.read_bytes()
    assert b"181067" not in data and b"2101" not in data


@pytest.mark.parametrize("extract, column, row", [
    ("conversations", "conversation_id",
     "X;010190-1234;jobsamtale;telefon;2018-01-01 10:00:00;;2018-01-10;afholdt;"),
    ("placements", "placement_id",
     "X;010190-1234;virksomhedspraktik;2018-01-01;;2018-01-02 09:00:00;12345678;151;"),
    ("placements", "employer_cvr",
     "p1;010190-1234;virksomhedspraktik;2018-01-01;;2018-01-02 09:00:00;X;151;"),
    ("sanctions", "sanction_id", "X;010190-1234;2018-01-01;fradrag;andet;a_dagpenge;100"),
    ("persons", "origin_country", "010190-1234;151;indvandrer;X;"),
])
def test_a_cpr_in_the_id_and_text_columns_of_each_extract_is_masked(tmp_path, extract, column, row):
    header = {"persons": HEADER}.get(extract) or ";".join(c.name for c in contract.EXTRACTS[extract].columns)
    write(tmp_path, extract, "a.csv", header + "\n" + row.replace("X", "id-1810672101") + "\n")
    _, _, rows = land_rows(tmp_path, extract)
    assert rows[0][column] == f"id-{MASK}"


@pytest.mark.parametrize("digits", [
    "\u0661\u0668\u0661\u0660\u0666\u0667-\u0662\u0661\u0660\u0661",  # Arabic-Indic
    "\uff11\uff18\uff11\uff10\uff16\uff17\uff0d\uff12\uff11\uff10\uff11",  # full-width, full-width hyphen
    "\u06f1\u06f8\u06f1\u06f0\u06f6\u06f7\u06f2\u06f1\u06f0\u06f1",  # Extended Arabic-Indic, no hyphen
])
def test_a_cpr_in_other_digits_is_masked_in_text_and_invalid_as_cpr(tmp_path, digits):
    write(tmp_path, "benefit_spells", "a.csv",
          f"{SPELLS}\ns1;{digits};151;a_dagpenge;;2020-01-01;;;;note {digits}x\n")
    result, _, rows = land_rows(tmp_path, "benefit_spells")
    assert rows[0]["end_reason"] == f"note {MASK}x"
    assert (rows[0]["cpr_shape_ok"], rows[0]["birth_date"], rows[0]["gender"]) == (False, None, None)
    assert rows[0]["person_key"] == hmac.new(KEY, digits.encode(), hashlib.sha256).hexdigest()
    assert digits.encode() not in result.path.read_bytes()


def test_mask_keeps_numbers_that_are_not_cpr_shaped():
    assert mask_text("3213991234") == "3213991234"  # day 32
    assert mask_text("0113991234") == "0113991234"  # month 13
    assert mask_text("01019912345") == "01019912345"  # eleven digits
    assert mask_text("010199-123") == "010199-123"
    assert mask_text("a0101991234b0202991234") == f"a{MASK}b{MASK}"


@pytest.mark.parametrize("setup, message", [
    (lambda root: None, "persons: the extract folder persons/ is missing"),
    (lambda root: (root / "persons").mkdir(), "persons: the extract folder persons/ holds no .csv file"),
    (lambda root: write(root, "persons", "a.csv", ""), "persons/a.csv: the file has no header row"),
    (lambda root: write(root, "persons", "a.csv", "\n \n"), "persons/a.csv: the file has no header row"),
    (lambda root: write(root, "persons", "a.csv", "cpr;municipality_code;origin_type;origin_country\n"),
     "persons/a.csv line 1: missing required column 'residence_permit_date'"),
    (lambda root: write(root, "persons", "a.csv", HEADER + ";CPR\n"),
     "persons/a.csv line 1: column 'cpr' appears twice in the header"),
    (lambda root: write(root, "persons", "a.csv", (HEADER + "\n010190-1234;151;dansk;;\n").encode("utf-8")
                        + b"020190-1234;151;dansk;D\xf8;\n"),
     "persons/a.csv line 3: not valid UTF-8 (invalid byte 0xf8 at byte offset 118)"),
], ids=["missing-folder", "empty-folder", "empty-file", "blank-file", "missing-column", "repeated-column", "latin-1"])
def test_structural_breakage_names_the_file_and_line(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(ExtractError) as err:
        land_extract(tmp_path, "persons", tmp_path / "out", key=KEY, log=lambda _: None)
    assert str(err.value).startswith(message)


def test_a_file_without_its_header_row_names_no_value_of_the_delivery(tmp_path):
    write(tmp_path, "benefit_spells", "a.csv", "sk151-00000017;181067-2101;151;a_dagpenge;;2020-01-01;;;;\n")
    with pytest.raises(ExtractError) as err:
        land_extract(tmp_path, "benefit_spells", tmp_path / "out", key=KEY, log=lambda _: None)
    message = str(err.value)
    assert message.startswith("benefit_spells/a.csv line 1: missing required columns 'spell_id', 'cpr'")
    assert "is the header row missing?" in message
    for value in ("sk151", "181067", "2101", "a_dagpenge"):
        assert value not in message


def test_land_writes_every_extract_and_the_file_inventory_and_reuses_an_unchanged_landing(tmp_path):
    raw = tmp_path / "raw"
    for name, extract in contract.EXTRACTS.items():
        write(raw, name, "a.csv", ";".join(extract.column_names) + "\n")
    write(raw, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk;;\n\n020190-1234;151;dansk;;\n")
    out = tmp_path / "landing"
    first = land(raw, out, key=KEY, log=lambda _: None)
    assert not first.errors and not first.reused
    assert sorted(p.name for p in out.glob("*.parquet")) == sorted(
        [f"{n}.parquet" for n in contract.EXTRACTS] + ["_files.parquet"])
    files = {r["source_file"]: r for r in pq.read_table(out / "_files.parquet").to_pylist()}
    assert (files["persons/a.csv"]["data_lines"], files["persons/a.csv"]["blank_lines"]) == (2, 1)
    assert land(raw, out, key=KEY, log=lambda _: None).reused
    assert not land(raw, out, key=b"another-key-0123456", log=lambda _: None).reused
    write(raw, "persons", "b.csv", f"{HEADER}\n030190-1234;151;dansk;;\n")
    again = land(raw, out, key=b"another-key-0123456", log=lambda _: None)
    assert not again.reused and {r.extract: r.rows for r in again.results}["persons"] == 3


def test_a_structural_error_leaves_no_landed_file_to_trust(tmp_path):
    raw = tmp_path / "raw"
    for name, extract in contract.EXTRACTS.items():
        write(raw, name, "a.csv", ";".join(extract.column_names) + "\n")
    out = tmp_path / "landing"
    assert not land(raw, out, key=KEY, log=lambda _: None).errors
    write(raw, "sanctions", "a.csv", "")
    report = land(raw, out, key=KEY, log=lambda _: None)
    assert report.errors == ["sanctions/a.csv: the file has no header row (it is empty)"]
    assert not (out / "sanctions.parquet").exists() and not (out / "_manifest.json").exists()
    assert (out / "persons.parquet").exists()


def test_landing_folder_is_per_warehouse():
    assert str(landing_dir(environ={"DUCKDB_PATH": "/a/one.duckdb"})) == "/a/one.duckdb.landing"
    assert str(landing_dir(environ={})) == "warehouse/jobcenter.duckdb.landing"
    assert str(landing_dir(environ={"DUCKDB_PATH": "/a/one.duckdb", "LANDING_PATH": "/b"})) == "/b"
    assert str(landing_dir("/c", environ={"LANDING_PATH": "/b"})) == "/c"


def _land_delivery(args):
    raw, out, marker = args
    report = land(raw, out, key=KEY, force=True, log=lambda _: None)
    rows = pq.read_table(os.path.join(out, "persons.parquet")).to_pylist()
    return report.errors, {r["municipality_code"] for r in rows} == {marker}


def test_concurrent_loads_of_different_deliveries_never_mix(tmp_path):
    jobs = []
    for marker in ("151", "101"):
        raw = tmp_path / f"raw_{marker}"
        for name, extract in contract.EXTRACTS.items():
            write(raw, name, "a.csv", ";".join(extract.column_names) + "\n")
        lines = [f"{day:02d}0190-1234;{marker};dansk;;" for day in range(1, 29)] * 200
        write(raw, "persons", "a.csv", HEADER + "\n" + "\n".join(lines) + "\n")
        jobs += [(str(raw), str(tmp_path / f"wh_{marker}.duckdb.landing"), marker)] * 4
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        outcomes = pool.map(_land_delivery, jobs)
    assert outcomes == [([], True)] * 8


def test_normalise_cpr_accepts_both_formats_in_ascii_digits_only():
    assert normalise_cpr("010190-1234") == "0101901234"
    assert normalise_cpr("0101901234") == "0101901234"
    for bad in ("010190-123", "01019012345", "0101901-234", "01019O1234", "", "\u0660101901234"):
        assert normalise_cpr(bad) is None


def test_demo_key_warns_and_is_refused_in_production(capsys, monkeypatch):
    monkeypatch.setattr("jobcenter_warehouse.pseudonym._warned", __import__("threading").Event())
    assert resolve_key({}) == DEMO_KEY.encode()
    assert "PSEUDONYM_KEY is not set" in capsys.readouterr().err
    with pytest.raises(PseudonymKeyError):
        resolve_key({"WAREHOUSE_ENV": "prod"})
    with pytest.raises(PseudonymKeyError):
        resolve_key({"PSEUDONYM_KEY": "short"})
    assert resolve_key({"PSEUDONYM_KEY": "a-long-enough-secret", "WAREHOUSE_ENV": "prod"}) == b"a-long-enough-secret"
