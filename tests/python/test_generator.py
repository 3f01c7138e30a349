"""Tests of the synthetic extract generator (src/jobcenter_warehouse/generator)."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jobcenter_warehouse import contract
from jobcenter_warehouse.generator import GeneratorConfig, generate
from jobcenter_warehouse.generator.calibration import calibration_report
from jobcenter_warehouse.generator.cpr import (
    CprAllocator, birth_days_from_cpr, century_digits, century_year, is_valid_cpr, make_cpr, parse_cpr,
)
from jobcenter_warehouse.generator.dates import date_of
from jobcenter_warehouse.generator.reference import Reference, default_reference_dir

REPO = Path(__file__).resolve().parents[2]

REASON_CODES = {
    "malformed_row", "missing_required", "invalid_cpr", "invalid_cpr_date", "invalid_date",
    "invalid_timestamp", "invalid_decimal", "invalid_integer", "invalid_boolean", "unknown_code",
    "invalid_combination", "end_before_start", "invalid_quarter_start", "conflicting_duplicate",
    "unknown_person", "collapsed_duplicate",
}

# A small stand-in for seeds/reference, used only when the seeds are not there.
FALLBACK_MUNICIPALITIES = """municipality_code,municipality_name,region_code,region_name,population_2018
101,København,1084,Region Hovedstaden,613288
147,Frederiksberg,1084,Region Hovedstaden,104305
151,Ballerup,1084,Region Hovedstaden,48121
159,Gladsaxe,1084,Region Hovedstaden,68940
161,Glostrup,1084,Region Hovedstaden,22904
163,Herlev,1084,Region Hovedstaden,28654
165,Albertslund,1084,Region Hovedstaden,27792
169,Høje-Taastrup,1084,Region Hovedstaden,50431
190,Furesø,1084,Region Hovedstaden,40790
240,Egedal,1084,Region Hovedstaden,43137
265,Roskilde,1085,Region Sjælland,88045
751,Aarhus,1082,Region Midtjylland,340421
"""
_WESTERN = "DK PL RO DE LT NO SE GB IT ES FR BG LV NL US IS HU CZ FI".split()
_NON_WESTERN = "TR SY IQ BA LB IR AF PK SO UA PH IN CN TH VN LK RU ER XK MA ET NP BR MK RS EG".split()
_MENAPT = "TR SY IQ LB IR AF PK SO MA EG".split()
FALLBACK_COUNTRIES = "country_code,name_en,name_da,origin_group,is_menapt\n" + "".join(
    f"{c},{c},{c},{'vestlig' if c in _WESTERN else 'ikke_vestlig'},{'true' if c in _MENAPT else 'false'}\n"
    for c in _WESTERN + _NON_WESTERN
)


@pytest.fixture(scope="session")
def reference_dir(tmp_path_factory) -> Path:
    real = default_reference_dir()
    if (real / "municipalities.csv").is_file() and (real / "countries.csv").is_file():
        return real
    folder = tmp_path_factory.mktemp("reference")
    (folder / "municipalities.csv").write_text(FALLBACK_MUNICIPALITIES, encoding="utf-8")
    (folder / "countries.csv").write_text(FALLBACK_COUNTRIES, encoding="utf-8")
    return folder


def _run(out: Path, reference_dir: Path, **kw) -> object:
    cfg = GeneratorConfig(out=out, quiet=True, reference_dir=reference_dir, **kw)
    return generate(cfg, Reference(reference_dir))


@pytest.fixture(scope="session")
def ballerup(tmp_path_factory, reference_dir):
    """Ballerup at scale 1 with injected bad rows (the calibration run; about 10-30 s)."""
    out = tmp_path_factory.mktemp("ballerup")
    result = _run(out, reference_dir, inject_bad_rows=True)
    return out, result


@pytest.fixture(scope="session")
def pair(tmp_path_factory, reference_dir):
    """Two small runs of two neighbouring municipalities with the same arguments."""
    outs = []
    for name in ("a", "b"):
        out = tmp_path_factory.mktemp(f"pair_{name}")
        _run(out, reference_dir, municipalities=["151", "163"], scale=0.03, inject_bad_rows=True, seed=7)
        outs.append(out)
    return outs


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh, delimiter=";", quotechar='"'))


def _read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as fh:
        return fh.readline().rstrip("\n").split(";")


def _rows(out: Path, extract: str, bad: bool = False) -> list[dict[str, str]]:
    rows = []
    for path in sorted((out / extract).glob("*.csv")):
        if (path.name == "zz_injected_bad_rows.csv") != bad:
            continue
        header, *body = _read(path)
        for r in body:
            row = dict(zip(header, r))
            if bad:  # malformed rows have more or fewer fields; the label is always last
                row["injected_defect"] = r[-1]
            rows.append(row)
    return rows


# ---- CPR ----------------------------------------------------------------------------------------
def test_century_rule_matches_the_contract():
    assert century_year(36, 4) == 2036 and century_year(37, 4) == 1937
    assert century_year(57, 5) == 2057 and century_year(58, 8) == 1858
    assert century_year(99, 0) == 1999 and century_year(10, 9) == 2010
    assert century_digits(1975) == (0, 1, 2, 3, 4, 9)
    assert century_digits(2005) == (4, 5, 6, 7, 8, 9)
    assert century_digits(1920) == (0, 1, 2, 3)
    assert century_digits(1890) == (5, 6, 7, 8)


@pytest.mark.parametrize("year", [1858, 1899, 1900, 1936, 1937, 1960, 1999, 2000, 2010, 2036, 2037, 2057])
def test_cpr_round_trip_for_every_valid_century_digit(year):
    for digit in century_digits(year):
        for birth, male in ((dt.date(year, 2, 28), True), (dt.date(year, 12, 31), False)):
            text = make_cpr(birth, digit, 42, 3 if male else 4)
            for spelling in (text, text[:6] + "-" + text[6:]):
                assert parse_cpr(spelling) == (birth, "mand" if male else "kvinde")
            assert date_of(birth_days_from_cpr(np.array([text]))[0]) == birth


def test_bad_cprs_are_rejected():
    for bad in ("12345678", "0101901234X", "01019-01234", "310490-1234", "2902211234", "000190-1234", ""):
        assert not is_valid_cpr(bad), bad
    assert is_valid_cpr("290200-4321")  # 29 Feb 2000 (digit 4, YY <= 36)
    assert not is_valid_cpr("290200-1321")  # 29 Feb 1900 is no date


def test_cpr_blocks_are_disjoint_between_municipalities(reference_dir):
    ref = Reference(reference_dir)
    alloc = CprAllocator(ref.populations(), seed=1)
    birth = np.full(8, 5000, dtype="int64")  # 9 September 1983
    seen = set()
    for code in list(ref.municipalities)[:6]:
        for male in (True, False):
            cprs = alloc.encode(code, birth, np.full(8, male), np.arange(8))
            assert all(parse_cpr(c) == (date_of(5000), "mand" if male else "kvinde") for c in cprs)
            seen.update(cprs)
    assert len(seen) == 6 * 2 * 8


# ---- Ballerup at scale 1 ---------------------------------------------------------------------------
def test_calibration_matches_figure_2(ballerup):
    out, result = ballerup
    rows = {r.group: r for r in result.calibration}
    assert set(rows) >= {"a_dagpenge", "foertidspension", "efterloen", "population_16_66"}
    bad = [f"{r.group}: {r.generated:.1f} vs {r.target:.1f}" for r in rows.values() if not r.ok]
    assert not bad, bad
    assert abs(rows["population_16_66"].generated - 30041) <= 0.02 * 30041
    # the report is recomputed from the files, so it is the same on a second read
    again = calibration_report(out, "151", dt.date(2026, 10, 31), GeneratorConfig().calibration_months(), 1.0)
    assert [round(r.generated, 6) for r in again] == [round(r.generated, 6) for r in result.calibration]


def test_every_extract_is_written_with_the_contract_header(ballerup):
    out, _ = ballerup
    for name, ext in contract.EXTRACTS.items():
        files = sorted((out / name).glob("*.csv"))
        data_files = [f for f in files if f.name != "zz_injected_bad_rows.csv"]
        assert data_files, name
        if ext.person_level:
            assert len(data_files) > 1, f"{name}: expected several files"
        for path in data_files:
            header = _read(path)[0]
            if name == "population":
                assert sorted(header) == sorted(ext.column_names)
            else:
                assert tuple(header) == ext.column_names, path
        bad = out / name / "zz_injected_bad_rows.csv"
        assert tuple(_read(bad)[0]) == ext.column_names + ("injected_defect",)
    headers = {tuple(_read(p)[0]) for p in (out / "population").glob("population_*.csv")}
    assert len(headers) == 2, "population files use the canonical and a shuffled column order"
    assert (out / "eud_applications" / "eud_applications.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _frame(out: Path, extract: str) -> pd.DataFrame:
    """All clean files of an extract as text (empty field = empty string)."""
    files = sorted(p for p in (out / extract).glob("*.csv") if p.name != "zz_injected_bad_rows.csv")
    frames = [pd.read_csv(f, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig") for f in files]
    return pd.concat(frames, ignore_index=True)


def test_clean_rows_follow_the_contract(ballerup):
    out, _ = ballerup
    persons = _frame(out, "persons")
    cprs = persons["cpr"].str.replace("-", "", regex=False)
    assert cprs.is_unique
    assert all(is_valid_cpr(c) for c in persons["cpr"])
    assert set(persons["cpr"].str.contains("-", regex=False)) == {True, False}, "both CPR spellings"
    known = set(cprs)
    for name in ("benefit_spells", "conversations", "placements", "sanctions"):
        frame = _frame(out, name)
        assert len(frame), name
        assert frame["cpr"].str.replace("-", "", regex=False).isin(known).all(), name
        assert frame[contract.EXTRACTS[name].key[0]].is_unique, f"{name}: ids unique"
    spells = _frame(out, "benefit_spells")
    assert set(spells["benefit_code"]) == set(contract.BENEFIT_CODES)
    pairs = set(zip(spells["benefit_code"], spells["visitation_category"]))
    assert all(v in contract.VALID_VISITATION.get(b, ("",)) for b, v in pairs), pairs
    ended = spells[spells["end_date"] != ""]
    assert (ended["end_date"] >= ended["start_date"]).all()
    assert (spells["end_date"] == "").any(), "ongoing spells"
    assert spells["municipality_code"].nunique() > 1, "spells in a neighbour municipality"
    conv = _frame(out, "conversations")
    assert set(conv["status"]) == set(contract.CONVERSATION_STATUSES)
    assert ((conv["status"] == "aflyst") == (conv["cancelled_at"] != "")).all()
    booked = conv[conv["scheduled_date"] != ""]
    assert (booked["invited_at"].str[:10] < booked["scheduled_date"]).all()
    assert ((conv["self_book_deadline"] != "") & (conv["scheduled_date"] == "")).any()
    placements = _frame(out, "placements")
    assert set(placements["offer_type"]) == set(contract.OFFER_TYPES)
    assert (placements["registered_at"].str[:10] > placements["start_date"]).any(), "late registrations"
    sanctions = _frame(out, "sanctions")
    assert set(sanctions["sanction_type"]) == set(contract.SANCTION_TYPES)
    assert set(sanctions["reason"]) == set(contract.SANCTION_REASONS)
    pop = _frame(out, "population")
    q2 = pop[pop["quarter_start"] == "2018-04-01"]
    assert q2["population"].astype(int).sum() == 30041
    labour_force = pd.to_numeric(q2["labour_force"]).sum()
    assert 0.72 * 30041 < labour_force < 0.82 * 30041


def test_bad_row_manifest_covers_every_reason(ballerup):
    out, _ = ballerup
    manifest = _read(out / "_injected_bad_rows.csv")
    assert manifest[0] == ["extract", "file", "line", "defect", "expected_reason_code"]
    entries = manifest[1:]
    assert {e[4] for e in entries if e[4]} == REASON_CODES
    assert {e[0] for e in entries} == set(contract.EXTRACTS)
    files = {}
    for extract, file, line, defect, reason in entries:
        lines = files.setdefault(file, _read(out / file))
        row = lines[int(line) - 1]
        assert row[-1] == defect, (file, line)
        assert (reason == "") == defect.startswith("ok_")
        if reason == "malformed_row":
            assert len(row) != len(lines[0])
        else:
            assert len(row) == len(lines[0])
    digits = {e[3] for e in entries if e[3].startswith("ok_cpr_century_digit_")}
    assert len(digits) == 10
    for e in entries:
        if e[3].startswith("ok_cpr_century_digit_"):
            cpr = files[e[1]][int(e[2]) - 1][0]
            assert is_valid_cpr(cpr) and cpr.replace("-", "")[6] == e[3][-1]
    # an exact duplicate repeats a clean row of another file, column by column
    for extract in contract.EXTRACTS:
        dup = [r for r in _rows(out, extract, bad=True) if r["injected_defect"] == "exact_duplicate"]
        assert len(dup) == 1, extract
        found = False
        for path in (out / extract).glob("*.csv"):
            if path.name != "zz_injected_bad_rows.csv":
                header = _read_header(path)
                line = ";".join(dup[0][c] for c in header)
                found |= f"\n{line}\n" in path.read_text(encoding="utf-8-sig")
        assert found, extract


def test_unknown_person_rows_use_cprs_outside_persons(ballerup):
    out, _ = ballerup
    known = {p["cpr"].replace("-", "") for p in _rows(out, "persons")}
    injected_persons = {p["cpr"].strip().replace("-", "") for p in _rows(out, "persons", bad=True)}
    for name in ("benefit_spells", "conversations", "placements", "sanctions"):
        for r in _rows(out, name, bad=True):
            cpr = r["cpr"].strip().replace("-", "")
            if r["injected_defect"] == "unknown_person":
                assert is_valid_cpr(cpr) and cpr not in known and cpr not in injected_persons
            elif r["injected_defect"].startswith("ok_") or r["injected_defect"] in (
                    "conflicting_duplicate", "exact_duplicate"):
                assert cpr in known, (name, r["injected_defect"])


# ---- determinism and several municipalities ----------------------------------------------------------
def test_same_arguments_give_identical_files(pair):
    a, b = pair
    files_a = sorted(p.relative_to(a) for p in a.rglob("*.csv"))
    files_b = sorted(p.relative_to(b) for p in b.rglob("*.csv"))
    assert files_a == files_b and len(files_a) > 20
    match, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    assert not mismatch and not errors


def test_several_municipalities(pair, reference_dir):
    out = pair[0]
    persons = _rows(out, "persons")
    assert {p["municipality_code"] for p in persons} == {"151", "163"}
    cprs = [p["cpr"].replace("-", "") for p in persons]
    assert len(cprs) == len(set(cprs)), "CPR numbers unique across municipalities"
    pop = _rows(out, "population")
    assert {r["municipality_code"] for r in pop} == {"151", "163"}
    herlev = sum(int(r["population"]) for r in pop
                 if r["quarter_start"] == "2018-04-01" and r["municipality_code"] == "163")
    ref = Reference(reference_dir)
    share = ref.municipalities["163"].population_2018 / ref.municipalities["151"].population_2018
    expected = share * 30041 * 0.03
    assert abs(herlev - expected) <= 2
    spells = _rows(out, "benefit_spells")
    assert {"151", "163"} <= {s["municipality_code"] for s in spells}


def test_cli_script_runs_from_the_repository_root(tmp_path, reference_dir):
    out = tmp_path / "raw"
    cmd = [sys.executable, "scripts/generate_extracts.py", "--out", str(out), "--scale", "0.01", "--quiet",
           "--municipalities", "151", "--reference-dir", str(reference_dir), "--strict-calibration"]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Calibration, Ballerup" in done.stdout and done.stderr == ""
    assert (out / "persons").is_dir()
    bad = subprocess.run([sys.executable, "scripts/generate_extracts.py", "--municipalities", "999",
                          "--reference-dir", str(reference_dir), "--out", str(tmp_path / "x")],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown municipality" in bad.stderr


def test_module_entry_point_help():
    done = subprocess.run([sys.executable, "-m", "jobcenter_warehouse.generator", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and "--inject-bad-rows" in done.stdout
