"""The generator at small scales for all 98 municipalities: a municipality may then have no
benefit careers, no sanctions or no residents at all, and that is a valid (tiny) delivery,
not a crash. Scale 0.0001 leaves most municipalities with a handful of residents or none."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from jobcenter_warehouse import contract

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny_national(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiny_national") / "raw"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_extracts.py"), "--out", str(out),
         "--municipalities", "all", "--scale", "0.0001", "--inject-bad-rows", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    return out, done


def test_all_98_municipalities_at_scale_0_0001_are_generated_without_error(tiny_national):
    _, done = tiny_national
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert " for 98 municipalities " in done.stdout


def test_every_extract_has_files_with_the_contract_columns(tiny_national):
    out, _ = tiny_national
    for name, extract in contract.EXTRACTS.items():
        files = sorted((out / name).glob("*.csv"))
        assert files, name
        for path in files:
            with path.open(encoding="utf-8-sig", newline="") as fh:  # a BOM is allowed
                header = [name.strip().lower() for name in next(csv.reader(fh, delimiter=";"))]
            # columns in any order and case, as the contract allows (the generator shuffles some files)
            assert set(extract.column_names) <= set(header), path


def test_the_population_extract_covers_every_municipality_that_has_residents(tiny_national):
    out, _ = tiny_national
    codes = set()
    for path in (out / "population").glob("population_*.csv"):  # not the injected bad rows
        with path.open(encoding="utf-8", newline="") as fh:
            codes |= {row["municipality_code"] for row in csv.DictReader(fh, delimiter=";")}
    # Even at this scale the larger municipalities keep residents (København about 50).
    assert {"101", "751", "851", "461"} <= codes
    assert codes <= {row["municipality_code"] for row in csv.DictReader(
        (ROOT / "seeds" / "reference" / "municipalities.csv").open(encoding="utf-8"))}
