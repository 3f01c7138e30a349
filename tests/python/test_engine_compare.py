"""The cell-for-cell comparison of engine exports, on hand-built frames."""

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from jobcenter_warehouse.engines.compare import compare_frames, floats_equal, main

KEYS = ["indicator_id", "municipality_code", "period_start", "origin_group"]


def frame(rows):
    return pd.DataFrame(rows, columns=KEYS + ["numerator", "denominator", "value", "suppressed"])


def reference():
    return frame([
        ("S15", "151", dt.date(2024, 1, 1), None, 12.0, 400.0, 0.03, False),
        ("S15", "151", dt.date(2024, 1, 1), "dansk", 9.0, 300.0, 0.03, False),
        ("X01", "151", dt.date(2024, 2, 1), None, 3.0, None, 3.0, True),
    ])


def test_equal_frames_in_another_row_order_and_integer_width():
    left = reference()
    right = reference().iloc[[2, 0, 1]].reset_index(drop=True)
    # another engine may return a measure as an integer column
    right["numerator"] = right["numerator"].astype(np.int32)
    result = compare_frames(left, right, KEYS)
    assert result.equal, result.differences
    assert result.cells_compared == 3 * 4


def test_tolerance_is_relative_1e_9():
    left, right = reference(), reference()
    right.loc[0, "value"] = 0.03 * (1 + 5e-10)  # within 1e-9
    assert compare_frames(left, right, KEYS).equal
    right.loc[0, "value"] = 0.03 * (1 + 2e-9)  # outside
    result = compare_frames(left, right, KEYS)
    assert not result.equal
    assert len(result.differences) == 1
    assert "value" in result.differences[0] and "'S15', '151'" in result.differences[0]


def test_mismatch_of_a_cell_a_missing_and_an_extra_row():
    left, right = reference(), reference()
    right.loc[1, "denominator"] = 301.0          # cell differs
    right.loc[2, "suppressed"] = False           # exact column differs
    right = right.drop(index=0)                  # row missing on the right
    right.loc[3] = ("S15", "151", dt.date(2024, 1, 1), "vestlig", 1.0, 2.0, 0.5, False)  # extra row
    result = compare_frames(left, right, KEYS)
    text = "\n".join(result.differences)
    assert len(result.differences) == 4, text
    assert "(\'S15\', \'151\', datetime.date(2024, 1, 1), None) only in left" in text
    assert "'vestlig') only in right" in text
    assert "denominator 300.0 vs 301.0" in text
    assert "suppressed True vs False" in text


def test_null_measure_equals_only_null():
    left, right = reference(), reference()
    right.loc[2, "denominator"] = 0.0
    result = compare_frames(left, right, KEYS)
    assert [d for d in result.differences if "denominator" in d]
    assert floats_equal(None, float("nan"))
    assert not floats_equal(0.0, None)
    assert not floats_equal(0.0, 1e-300)


def test_midnight_timestamp_matches_date_and_columns_must_agree():
    left, right = reference(), reference()
    right["period_start"] = pd.to_datetime(right["period_start"])
    assert compare_frames(left, right, KEYS).equal
    renamed = reference().rename(columns={"value": "ratio"})
    result = compare_frames(left, renamed, KEYS)
    assert not result.equal and "columns differ" in result.differences[0]


def test_duplicate_key_is_reported():
    left = reference()
    right = pd.concat([reference(), reference().iloc[[0]]], ignore_index=True)
    result = compare_frames(left, right, KEYS)
    assert any("occurs more than once" in d for d in result.differences)


def test_command_line_exit_codes(tmp_path, capsys):
    con = duckdb.connect()
    ok = reference()
    bad = reference()
    bad.loc[0, "numerator"] = 13.0
    for name, df in (("a", ok), ("b", ok), ("c", bad)):
        (tmp_path / name).mkdir()
        con.register("df", df)
        con.execute(f"copy (select * from df) to '{tmp_path / name / 'fct_indicator_values.parquet'}' (format parquet)")
        con.unregister("df")
    files = [str(tmp_path / n / "fct_indicator_values.parquet") for n in "abc"]
    assert main(files[:2] + ["--key", "indicator_id", "--key", "municipality_code",
                             "--key", "period_start", "--key", "origin_group"]) == 0
    assert main(files + ["--key", "indicator_id", "--key", "municipality_code",
                         "--key", "period_start", "--key", "origin_group"]) == 1
    out = capsys.readouterr().out
    assert "DIFFERENT" in out and "numerator 12.0 vs 13.0" in out


def test_unknown_table_needs_keys(tmp_path):
    with pytest.raises(SystemExit):
        main([str(tmp_path / "other.parquet"), str(tmp_path / "other2.parquet")])
