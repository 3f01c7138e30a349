"""The landing step: CSV rules of the contract, structural errors, privacy of the CPR."""

import csv
import hashlib
import hmac

import pytest

from jobcenter_warehouse import contract
from jobcenter_warehouse.landing import ExtractError, land_extract, output_columns
from jobcenter_warehouse.pseudonym import DEMO_KEY, PseudonymKeyError, normalise_cpr, pseudonymise, resolve_key

KEY = b"test-key-0123456789"
HEADER = "cpr;municipality_code;origin_type;origin_country;residence_permit_date"


def write(root, extract, name, text, encoding="utf-8"):
    folder = root / extract
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def landed_rows(result):
    with result.path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_bom_shuffled_columns_extra_column_and_case_insensitive_header(tmp_path):
    write(tmp_path, "persons", "a.csv",
          "\ufeffORIGIN_TYPE;Cpr;extra;municipality_code;residence_permit_date;origin_country\n"
          "indvandrer; 010190-1234 ;ignored;151;2020-01-05;sy\n")
    rows = landed_rows(land_extract(tmp_path, "persons", tmp_path / "out", key=KEY))
    assert len(rows) == 1
    row = rows[0]
    assert row["origin_type"] == "indvandrer"
    assert row["origin_country"] == "sy"
    assert row["municipality_code"] == "151"
    assert row["cpr_ddmmyy"] == "010190"
    assert row["cpr_digit7"] == "1"
    assert row["cpr_last_digit"] == "4"
    # keyed pseudonym of the normalised number, the same for both CPR formats
    expected = hmac.new(KEY, b"0101901234", hashlib.sha256).hexdigest()
    assert row["person_key"] == expected
    assert pseudonymise("0101901234", KEY) == expected


def test_no_cpr_number_reaches_the_landed_file(tmp_path):
    write(tmp_path, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk;;\n0202851234;151;dansk;;;x 311299-4321\n")
    result = land_extract(tmp_path, "persons", tmp_path / "out", key=KEY)
    text = result.path.read_text(encoding="utf-8")
    assert "010190-1234" not in text and "0101901234" not in text
    assert "0202851234" not in text
    assert "311299-4321" not in text and "[cpr removed]" in text
    assert "cpr" not in output_columns(contract.EXTRACTS["persons"])


def test_quoted_separator_blank_lines_and_trimming(tmp_path):
    write(tmp_path, "benefit_spells", "a.csv",
          "spell_id;cpr;municipality_code;benefit_code;visitation_category;start_date;end_date;"
          "hours_per_week;in_integration_programme;end_reason\n"
          '\n"s;1";010190-1234;151;fleksjob;;2020-01-01;;7,5;;"a ""quoted"" reason"\n   \n')
    result = land_extract(tmp_path, "benefit_spells", tmp_path / "out", key=KEY)
    rows = landed_rows(result)
    assert result.rows == 1
    assert rows[0]["spell_id"] == "s;1"
    assert rows[0]["hours_per_week"] == "7,5"
    assert rows[0]["end_reason"] == 'a "quoted" reason'
    assert rows[0]["_source_line"] == "3"


def test_rows_with_too_many_or_too_few_fields_are_kept_as_malformed(tmp_path):
    write(tmp_path, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk\n010190-1234;151;dansk;;;x;y\n")
    result = land_extract(tmp_path, "persons", tmp_path / "out", key=KEY)
    rows = landed_rows(result)
    assert result.malformed == 2
    assert rows[0]["_malformed_reason"] == "row has 3 fields, the header has 5"
    assert rows[1]["_malformed_reason"] == "row has 7 fields, the header has 5"
    assert rows[1]["_extra_fields"] == "x;y"


def test_union_of_all_csv_files_in_the_folder(tmp_path):
    write(tmp_path, "persons", "a.csv", f"{HEADER}\n010190-1234;151;dansk;;\n")
    write(tmp_path, "persons", "b.csv", f"{HEADER}\n020190-1234;151;dansk;;\n")
    write(tmp_path, "persons", "notes.txt", "not a delivery file")
    result = land_extract(tmp_path, "persons", tmp_path / "out", key=KEY)
    assert (result.files, result.rows) == (2, 2)
    assert {r["_source_file"] for r in landed_rows(result)} == {"persons/a.csv", "persons/b.csv"}


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda root: None, "the extract folder"),
        (lambda root: (root / "persons").mkdir(), "holds no *.csv file"),
        (lambda root: write(root, "persons", "a.csv", ""), "a.csv: the file has no header row"),
        (lambda root: write(root, "persons", "a.csv", "\n\n"), "a.csv: the file has no header row"),
        (lambda root: write(root, "persons", "a.csv", "cpr;municipality_code;origin_type;origin_country\n"),
         "a.csv: missing required column 'residence_permit_date'"),
        (lambda root: write(root, "persons", "a.csv", HEADER + ";cpr\n"), "column 'cpr' appears twice"),
        (lambda root: write(root, "persons", "a.csv", (HEADER + "\n010190-1234;151;dansk;;\n").encode("utf-8")
                            + b"020190-1234;151;dansk;D\xf8;\n"), "a.csv: not valid UTF-8 (invalid byte 0xf8 at byte offset"),
    ],
    ids=["missing-folder", "empty-folder", "empty-file", "blank-file", "missing-column", "repeated-column", "latin-1"],
)
def test_structural_breakage_names_the_file_and_column(tmp_path, setup, message):
    setup(tmp_path)
    with pytest.raises(ExtractError) as err:
        land_extract(tmp_path, "persons", tmp_path / "out", key=KEY)
    assert message in str(err.value)
    assert "persons" in str(err.value)


def test_normalise_cpr_accepts_both_formats_only():
    assert normalise_cpr("010190-1234") == "0101901234"
    assert normalise_cpr("0101901234") == "0101901234"
    for bad in ("010190-123", "01019012345", "0101901-234", "01019O1234", ""):
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


def test_a_cpr_shifted_into_another_column_of_a_malformed_row_is_masked(tmp_path):
    # spell_id is missing, so the CPR lands in the spell_id position
    write(tmp_path, "benefit_spells", "a.csv",
          "spell_id;cpr;municipality_code;benefit_code;visitation_category;start_date;end_date;"
          "hours_per_week;in_integration_programme;end_reason\n"
          "010190-1234;151;a_dagpenge;;2018-01-01;;;;\n")
    result = land_extract(tmp_path, "benefit_spells", tmp_path / "out", key=KEY)
    rows = landed_rows(result)
    assert rows[0]["_malformed_reason"] == "row has 9 fields, the header has 10"
    assert rows[0]["spell_id"] == "[cpr removed]"
    assert "010190-1234" not in result.path.read_text(encoding="utf-8")
