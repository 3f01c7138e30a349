"""The privacy scanner finds CPR numbers and unkeyed hashes, and leaves pseudonyms alone."""

import hashlib

import duckdb

from jobcenter_warehouse import privacy
from jobcenter_warehouse.pseudonym import pseudonymise


def make_warehouse(path, values):
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.t (id integer, txt varchar)")
    con.executemany("insert into marts.t values (?, ?)", list(enumerate(values)))
    con.close()


def test_cpr_shapes_are_found_and_pseudonyms_dates_and_ids_are_not(tmp_path):
    clean = [pseudonymise("0101901234", b"k" * 16), "2018-01-01", "2018-01-01 10:00:00", "S0000012345",
             "12345678", "municipality 151", "9912345678"]
    make_warehouse(tmp_path / "clean.duckdb", clean)
    assert privacy.scan_warehouse(tmp_path / "clean.duckdb", set()) == []
    for planted in ("010190-1234", "note: 0101901234 called", "x;311299-4321"):
        db = tmp_path / f"dirty{abs(hash(planted))}.duckdb"
        make_warehouse(db, clean + [planted])
        findings = privacy.scan_warehouse(db, set())
        assert len(findings) == 1 and "marts.t.txt" in findings[0].where, planted


def test_unkeyed_hashes_of_delivered_cprs_are_found(tmp_path):
    raw = tmp_path / "raw" / "persons"
    raw.mkdir(parents=True)
    (raw / "p.csv").write_text("cpr;municipality_code\n010190-1234;151\n", encoding="utf-8")
    hashes = privacy.unkeyed_hashes(privacy.delivery_cprs(tmp_path / "raw"))
    plain = hashlib.sha256(b"0101901234").hexdigest()
    assert plain in hashes and hashlib.md5(b"010190-1234").hexdigest() in hashes
    make_warehouse(tmp_path / "w.duckdb", [plain])
    assert len(privacy.scan_warehouse(tmp_path / "w.duckdb", hashes)) == 1
    # a keyed pseudonym is not an unkeyed hash
    make_warehouse(tmp_path / "k.duckdb", [pseudonymise("0101901234", b"secret-key-123456")])
    assert privacy.scan_warehouse(tmp_path / "k.duckdb", hashes) == []


def test_files_are_scanned_and_the_delivery_is_skipped(tmp_path):
    target = tmp_path / "target"
    (target / "run").mkdir(parents=True)
    (target / "run" / "ok.json").write_text('{"a": "2018-01-01", "k": "' + "ab" * 32 + '"}')
    raw = target / "raw"
    raw.mkdir()
    (raw / "p.csv").write_text("cpr\n010190-1234\n")
    assert privacy.scan_files(target, set(), skip=[raw]) == []
    (target / "run" / "leak.log").write_text("failed row 010190-1234\n")
    findings = privacy.scan_files(target, set(), skip=[raw])
    assert [f.where.endswith("leak.log") for f in findings] == [True]


def test_numbers_of_the_docs_application_are_ignored_but_data_is_not(tmp_path):
    app = privacy.application_tokens()
    assert app, "dbt's docs application should contain CPR-shaped constants (MD5 routine)"
    constant = sorted(app)[0]
    site = tmp_path / "docs"
    site.mkdir()
    (site / "index.html").write_text(f"<script>f(a,b,{constant})</script>")
    assert privacy.scan_files(site, set(), skip=[]) == []
    (site / "manifest.json").write_text('{"sample": "010190-1234"}')
    findings = privacy.scan_files(site, set(), skip=[])
    assert [f.where.endswith("manifest.json") for f in findings] == [True]


def test_decimal_numbers_are_not_cpr_numbers(tmp_path):
    assert privacy.cpr_tokens('"execution_time": 0.0302734375, "x": 1,0302734375') == 0
    assert privacy.cpr_tokens("cpr 0302734375.") == 1
    make_warehouse(tmp_path / "d.duckdb", ["0.0302734375", "2,0101901234"])
    assert privacy.scan_warehouse(tmp_path / "d.duckdb", set()) == []
    make_warehouse(tmp_path / "e.duckdb", ["ends with 0101901234."])
    assert len(privacy.scan_warehouse(tmp_path / "e.duckdb", set())) == 1


def test_glued_tokens_are_found_but_not_inside_pseudonyms(tmp_path):
    assert privacy.cpr_tokens("id x1810672101") == 1
    assert privacy.cpr_tokens("1810672101x and ab181067-2101cd") == 2
    assert privacy.cpr_tokens("18106721012") == 0  # eleven digits
    key = pseudonymise("0101901234", b"k" * 16)
    assert privacy.cpr_tokens(key[:20] + "0101901234" + key[20:]) == 0  # inside a 74-hex run
    make_warehouse(tmp_path / "glued.duckdb", ["spell x1810672101", "1810672101x", "0.1810672101", "a0101901234b"])
    findings = privacy.scan_warehouse(tmp_path / "glued.duckdb", set())
    assert [f.what for f in findings] == ["3 CPR-shaped value(s)"]


def test_parquet_files_are_scanned(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    pq.write_table(pa.table({"a": ["ok", "2018-01-01"], "b": ["fine", "note 181067-2101"]}), tmp_path / "x.parquet")
    findings = privacy.scan_files(tmp_path, set(), skip=[])
    assert [(f.where.endswith("x.parquet:b"), f.what) for f in findings] == [(True, "1 CPR-shaped value(s)")]


def test_the_dbt_test_uses_the_scanners_patterns():
    from pathlib import Path
    macro = (Path(__file__).resolve().parents[2] / "macros" / "testing" / "cpr_tokens.sql").read_text()
    assert f"'{privacy.SQL_CPR_TOKEN}'" in macro and f"'{privacy.HEX_RUN}'" in macro


def test_uuids_are_not_tokens_but_a_cpr_next_to_one_is(tmp_path):
    # dbt's invocation ids are random UUIDs; one in a few hundred holds a CPR-shaped run.
    uuid_with_run = "0a181067-2101-4c3b-9d2e-1f2a3b4c5d6e"
    assert privacy.cpr_tokens(uuid_with_run) == 0
    assert privacy.cpr_tokens("9d2e1f2a-3b4c-4d6e-8f00-ab1810672101") == 0
    assert privacy.cpr_tokens("run 0a181067-2101-4c3b-9d2e-1f2a3b4c5d6e by 181067-2101") == 1
    assert privacy.cpr_tokens("0a181067-2101-4c3b-9d2e") == 1  # not a whole UUID
    make_warehouse(tmp_path / "uuid.duckdb", [uuid_with_run, "9d2e1f2a-3b4c-4d6e-8f00-ab1810672101"])
    assert privacy.scan_warehouse(tmp_path / "uuid.duckdb", set()) == []
