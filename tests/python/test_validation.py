"""Raw delivery validation: structural breakage stops (exit 2), row-level issues only warn.

Every test builds a tiny delivery (all nine extracts) in tmp_path with its own reference seeds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from jobcenter_warehouse.contract import EXTRACTS
from jobcenter_warehouse.validation import prepare, reader
from jobcenter_warehouse.validation.__main__ import main
from jobcenter_warehouse.validation.suites import build_suite, load_references

CPR_A = "010190-1234"  # 1 Jan 1990
CPR_B = "0202851235"  # 2 Feb 1985, written without the dash
CPR_C = "030370-2346"  # 3 Mar 1970
CPRS = (CPR_A, CPR_B, CPR_C)

CLEAN = {
    "persons": [
        "cpr;municipality_code;origin_type;origin_country;residence_permit_date",
        f"{CPR_A};151;dansk;;",
        f"{CPR_B};151;indvandrer;SY;2015-03-01",
        f"{CPR_C};101;efterkommer;tr;",
    ],
    "benefit_spells": [
        "spell_id;cpr;municipality_code;benefit_code;visitation_category;start_date;end_date;"
        "hours_per_week;in_integration_programme;end_reason",
        f"s1;{CPR_A};151;kontanthjaelp;jobparat;2024-01-01;2024-03-31;;;",
        f"s2;{CPR_B};151;fleksjob;;2024-02-01;;12,5;;",
        f"s3;{CPR_C};151;selvforsoergelsesydelse;aktivitetsparat;2024-01-15;;;TRUE;",
    ],
    "conversations": [
        "conversation_id;cpr;conversation_type;channel;invited_at;self_book_deadline;"
        "scheduled_date;status;cancelled_at",
        f"c1;{CPR_A};jobsamtale;fremmoede;2024-01-02 09:00:00;;2024-01-10;afholdt;",
        f"c2;{CPR_B};visitation;telefon;2024-02-02T10:30:00;2024-02-10;;aflyst;2024-02-05 08:00:00",
    ],
    "placements": [
        "placement_id;cpr;offer_type;start_date;end_date;registered_at;employer_cvr;"
        "employer_municipality_code;hours_per_week",
        f"p1;{CPR_A};virksomhedspraktik;2024-02-01;2024-03-01;2024-01-20 12:00:00;12345678;151;",
    ],
    "sanctions": [
        "sanction_id;cpr;decision_date;sanction_type;reason;benefit_code;amount_dkk",
        f"x1;{CPR_A};2024-03-01;fradrag;udeblivelse_samtale;kontanthjaelp;1234.50",
    ],
    "population": [
        "quarter_start;municipality_code;age;gender;origin_group;population;labour_force;insured",
        "2024-01-01;151;30;mand;dansk;812;700;500",
        "2024-01-01;151;30;kvinde;dansk;790;;",
    ],
    "education_attainment": [
        "year;municipality_code;age;gender;origin_group;population;with_vocational_qualification",
        "2023;151;27;mand;dansk;300;120",
    ],
    "eud_applications": [
        "year;municipality_code;pupils;eud_applicants",
        "2023;151;520;98",
    ],
    "benchmarks": [
        "period_start;area_code;indicator_id;numerator;denominator;value",
        "2024-01-01;000;S01;10;100;0,1",
        "2024-01-01;151;S01;;;",
    ],
}


def write(path: Path, lines: list[str], *, bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode())
    return path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    write(folder / "municipalities.csv", ["municipality_code,name", "101,Kbh", "151,Ballerup"])
    write(folder / "countries.csv", ["country_code,name", "DK,Danmark", "SY,Syrien", "TR,Tyrkiet"])
    return folder


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    for name, lines in CLEAN.items():
        write(root / name / f"{name}_2024.csv", lines)
    return root


def run(raw: Path, seeds: Path | None, tmp_path: Path, capsys, *extra: str):
    gx_dir = tmp_path / "gx"
    args = ["--raw-data-path", str(raw), "--gx-dir", str(gx_dir), *extra]
    if seeds is not None:
        args += ["--seeds-dir", str(seeds)]
    code = main(args)
    out = capsys.readouterr()
    summary = json.loads((gx_dir / "validation_summary.json").read_text(encoding="utf-8"))
    return code, out.out + out.err, summary


def counts(summary: dict, extract: str) -> dict[str, int]:
    """Failed expectations of one extract: label -> unexpected rows."""
    return {
        e["label"]: e["unexpected_count"]
        for e in summary["extracts"][extract]["expectations"]
        if not e["success"]
    }


def test_contract_has_nine_extracts_covered_by_the_fixture():
    assert set(CLEAN) == set(EXTRACTS)


def test_clean_delivery_passes_and_writes_data_docs(raw, seeds, tmp_path, capsys):
    # A BOM, shuffled and upper-case headers, padded values and extra columns are all accepted:
    # the persons file gets a BOM, benefit_spells a second file in reversed column order.
    write(raw / "persons" / "persons_2024.csv", CLEAN["persons"], bom=True)
    header = CLEAN["benefit_spells"][0].split(";")
    lines = [";".join(f" {name.upper()} " for name in reversed(header)) + ";Extra_Column"]
    row = f"s21;{CPR_C};151;fleksjob;;2024-03-01;2024-04-30;7.5;0;slut".split(";")
    lines.append(";".join(f"  {v} " if v else v for v in reversed(row)) + ";whatever")
    write(raw / "benefit_spells" / "benefit_spells_2025.csv", lines, bom=True)
    write(raw / "conversations" / "conversations_header_only.csv", CLEAN["conversations"][:1])

    code, out, summary = run(raw, seeds, tmp_path, capsys)
    assert code == 0, out
    assert summary["status"] == "ok"
    for name in EXTRACTS:
        assert summary["extracts"][name]["status"] == "OK"
        assert summary["extracts"][name]["warnings"] == [], (name, out)
    assert summary["extracts"]["persons"]["rows"] == 3
    assert summary["extracts"]["benefit_spells"]["rows"] == 4
    assert summary["extracts"]["conversations"]["rows"] == 2
    assert summary["extracts"]["benefit_spells"]["files"] == [
        "benefit_spells_2024.csv", "benefit_spells_2025.csv"
    ]
    assert "warn:" not in out
    docs = tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert docs.is_file()
    assert f"Data Docs: {docs}" in out


def test_missing_extract_folder_stops(raw, seeds, tmp_path, capsys):
    for f in (raw / "placements").iterdir():
        f.unlink()
    (raw / "placements").rmdir()
    code, out, summary = run(raw, seeds, tmp_path, capsys)
    assert code == 2
    assert f"{raw / 'placements'}: extract folder is missing" in out
    assert summary["extracts"]["placements"]["status"] == "BROKEN"
    assert summary["status"] == "structural_breakage"


def test_raw_data_path_defaults_to_the_environment(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("RAW_DATA_PATH", str(missing))
    code = main(["--gx-dir", str(tmp_path / "gx")])
    out = capsys.readouterr().out
    assert code == 2
    assert f"raw data path {missing} is not a folder" in out
    assert f"{missing / 'persons'}: extract folder is missing" in out


def test_empty_extract_folder_stops(raw, seeds, tmp_path, capsys):
    (raw / "sanctions" / "sanctions_2024.csv").unlink()
    (raw / "sanctions" / "readme.txt").write_text("nothing here")
    code, out, _ = run(raw, seeds, tmp_path, capsys)
    assert code == 2
    assert f"{raw / 'sanctions'}: extract folder is empty" in out


def test_non_utf8_file_names_file_and_byte_offset(raw, seeds, tmp_path, capsys):
    path = raw / "persons" / "persons_latin1.csv"
    head = (CLEAN["persons"][0] + "\n").encode()
    path.write_bytes(head + "0404040404;151;dansk;;\n".encode() + b"x\xe6y\n")
    offset = len(head) + len("0404040404;151;dansk;;\n") + 1
    code, out, _ = run(raw, seeds, tmp_path, capsys)
    assert code == 2
    assert f"{path}: not valid UTF-8: byte 0xE6 at byte offset {offset} (line 3)" in out
    assert "Traceback" not in out


def test_missing_required_column_names_file_and_column(raw, seeds, tmp_path, capsys):
    # drop the 4th column (benefit_code) from header and rows
    lines = [line.split(";") for line in CLEAN["benefit_spells"]]
    lines = [";".join(fields[:3] + fields[4:]) for fields in lines]
    path = write(raw / "benefit_spells" / "benefit_spells_2024.csv", lines)
    code, out, summary = run(raw, seeds, tmp_path, capsys)
    assert code == 2
    assert f"{path}: missing required column 'benefit_code'" in out
    assert summary["extracts"]["benefit_spells"]["status"] == "BROKEN"
    assert summary["extracts"]["persons"]["status"] == "OK"


def test_file_without_header_row_stops(raw, seeds, tmp_path, capsys):
    empty = raw / "conversations" / "conversations_empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\n\n")
    headless = write(raw / "sanctions" / "sanctions_noheader.csv", CLEAN["sanctions"][1:])
    code, out, _ = run(raw, seeds, tmp_path, capsys)
    assert code == 2
    assert f"{empty}: no header row (the file is empty)" in out
    assert f"{headless}: no header row" in out


def test_unparseable_csv_is_structural_not_a_stack_trace(raw, seeds, tmp_path, capsys):
    # Only a full parse finds an unterminated quote: it stops the run while reading.
    path = write(raw / "persons" / "persons_2025.csv",
                 [CLEAN["persons"][0], '"0808081234;151;dansk;;'])
    code, out, summary = run(raw, seeds, tmp_path, capsys)
    assert code == 2
    assert f"{path}: cannot be parsed as CSV" in out
    assert "Traceback" not in out
    assert summary["extracts"]["persons"]["status"] == "BROKEN"
    assert not summary["extracts"]["benefit_spells"]["validated"]


def _row_level_delivery(raw: Path) -> None:
    spells = CLEAN["benefit_spells"] + [
        f"s4;{CPR_A};151;kontanthjaelp;jobparat;2024-05-01;2024-04-30;;;",  # end < start
        f"s5;{CPR_A};151;kontanthjaelp;jobparat;2024-05-01;2024-01-01;;;",  # end < start
        f"s6;{CPR_A};151;kontanthjaelpp;;2024-05-01;;;;",  # unknown benefit code
        f"s7;{CPR_A};151;sygedagpenge;;2024-02-30;;;;",  # not a real date
        f"s8;{CPR_A};151;sygedagpenge;;01-02-2024;;;;",  # not YYYY-MM-DD
        "s9;12345;151;sygedagpenge;;2024-01-01;;;;",  # malformed CPR
        "s10;3102901234;151;sygedagpenge;;2024-01-01;;;;",  # 31 Feb: impossible CPR date
        "s11;0505051234;151;sygedagpenge;;2024-01-01;;;;",  # well-formed, not in persons
        f"s12;{CPR_A};151;fleksjob;;2024-01-01;;1.234,5;yes;",  # bad decimal and boolean
        f"s13;{CPR_A};151;uddannelseshjaelp;jobparat;2024-01-01;;;;",  # bad combination
        f"s14;{CPR_A};151;sygedagpenge;;2024-01-01;;;;;too;many",  # more fields than header
    ]
    write(raw / "benefit_spells" / "benefit_spells_2024.csv", spells)
    # a second file: s1 again with other content (conflict), s2 again identical (collapses)
    write(raw / "benefit_spells" / "benefit_spells_2025.csv", [
        CLEAN["benefit_spells"][0],
        f"s1;{CPR_A};151;kontanthjaelp;jobparat;2024-01-01;2024-06-30;;;",
        CLEAN["benefit_spells"][2],
    ])
    # one field too many in the first data row (pandas would silently truncate that one)
    write(raw / "benefit_spells" / "benefit_spells_2026.csv", [
        CLEAN["benefit_spells"][0],
        f"s15;{CPR_B};151;sygedagpenge;;2024-01-01;;;;;",
        f"s16;{CPR_B};151;sygedagpenge;;2024-01-01;;;;",
    ])
    write(raw / "persons" / "persons_2024.csv", CLEAN["persons"] + [
        f"{CPR_A};151;dansk;;",  # exact copy of a person
        "0606061234;151;indvandrer;;",  # origin_country missing
        "0707071234;151;indvandrer;QQ;",  # unknown country
    ])
    write(raw / "population" / "population_2024.csv", CLEAN["population"] + [
        "2024-02-01;151;70;mand;dansk;5;;",  # not a quarter start, age out of range
    ])


def test_row_level_issues_warn_with_counts_and_never_show_cpr(raw, seeds, tmp_path, capsys):
    # Chunks of 3 rows: counts and duplicate ids must add up across chunks and files.
    _row_level_delivery(raw)
    code, out, summary = run(raw, seeds, tmp_path, capsys, "--chunk-rows", "3")
    assert code == 0, out
    spells = summary["extracts"]["benefit_spells"]
    assert spells["status"] == "OK"
    assert spells["rows"] == 14 + 2 + 2
    assert spells["malformed_rows"] == 2
    assert counts(summary, "benefit_spells") == {
        "end_date>=start_date": 2,
        "benefit_code in set": 1,
        "start_date is a real date": 1,
        "start_date is YYYY-MM-DD": 1,
        "cpr format": 1,
        "cpr birth date is real": 1,
        "cpr in persons": 2,  # s10 (impossible date, still well-formed) and s11
        "hours_per_week is a decimal": 1,
        "in_integration_programme is a boolean": 1,
        "visitation_category fits benefit_code": 1,
        "spell_id unique": 4,
    }
    unique = next(e for e in spells["expectations"] if e["label"] == "spell_id unique")
    assert unique["detail"] == "2 with conflicting content, 1 exact copy to collapse"
    assert counts(summary, "persons") == {
        "cpr unique": 2,
        "origin_country required for indvandrer/efterkommer": 1,
        "origin_country in set": 1,
    }
    assert counts(summary, "population") == {
        "quarter_start is a quarter's first day": 1,
        "age between 16 and 66": 1,
    }
    assert "end_date>=start_date (2 rows)" in out
    assert "malformed rows: more fields than the header (2 rows)" in out
    assert_no_cpr(tmp_path / "gx", out)


def assert_no_cpr(gx_dir: Path, out: str) -> None:
    """No CPR number of the test data in Data Docs, stored results, the summary or the output."""
    numbers = set(CPRS) | {"3102901234", "0505051234", "0606061234", "0707071234"}
    numbers |= {n.replace("-", "") for n in numbers} | {f"{n[:6]}-{n[-4:]}" for n in numbers}
    pages = list(gx_dir.rglob("*.html"))
    assert any("validations" in str(p) for p in pages)
    for path in [*pages, *gx_dir.rglob("*.json")]:
        text = path.read_text(encoding="utf-8")
        leaked = [n for n in numbers if n in text]
        assert not leaked, f"{path} contains {leaked}"
    assert not re.search(r"(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])", out)


def test_missing_seeds_skip_code_checks_with_a_note(tmp_path):
    refs = load_references(tmp_path / "no_seeds")
    assert refs.municipalities is None and refs.countries is None
    assert any("municipality code checks skipped" in n for n in refs.notes)
    assert any("country code checks skipped" in n for n in refs.notes)
    suite, notes = build_suite(EXTRACTS["persons"], refs, persons_available=False)
    labels = {e.meta["label"] for e in suite.expectations}
    assert "municipality_code in set" not in labels
    assert "origin_type in set" in labels
    assert "municipality_code in set: skipped, no code list (see notes above)" in notes


def test_seeds_are_read_with_xk_added(seeds):
    refs = load_references(seeds)
    assert refs.municipalities == ("101", "151")
    assert refs.countries == ("DK", "SY", "TR", "XK")


def test_utf8_offset_across_read_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "_BLOCK_BYTES", 4)
    path = tmp_path / "x.csv"
    data = "a;b\nø;æ\n".encode() + b"ok\xff\n"
    path.write_bytes(data)
    assert reader.first_invalid_utf8(path) == (data.index(b"\xff"), 3, b"\xff")
    path.write_bytes("a;b\nø;æ\n".encode())
    assert reader.first_invalid_utf8(path) is None
    path.write_bytes("abc".encode() + "ø".encode()[:1])  # truncated at the end of the file
    assert reader.first_invalid_utf8(path) == (3, 1, b"\xc3")


def test_calendar_and_cpr_date_rules():
    dates = pd.Series(["2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-13-01",
                       "9999-12-31", "24-01-01", None], dtype="str")
    assert prepare.date_flags(dates)[0].tolist() == [
        True, False, False, True, False, True, None, None
    ]
    stamps = pd.Series(["2024-01-01 23:59:59", "2024-01-01T24:00:00", "2024-01-01"], dtype="str")
    assert prepare.timestamp_flag(stamps).tolist() == [True, False, None]
    # 29 Feb 00: the 7th digit 4 with YY <= 36 means 2000 (a leap year), 1 means 1900 (not)
    cpr = pd.Series(["290200-4000", "2902001000", "3102901234", "12345", None], dtype="str")
    digits = prepare.normalised_cpr(cpr)
    assert prepare.cpr_birth_date_flag(digits).tolist() == [True, False, False, None, None]
    assert prepare.mask_cpr(cpr, digits).tolist() == [
        "######-####", "##########", "##########", "#####", None
    ]
