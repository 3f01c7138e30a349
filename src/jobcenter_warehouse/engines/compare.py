"""Cell-for-cell comparison of one table as exported by several engines.

Rows are matched on key columns (NULL matches NULL). Every other cell must be equal:
floating-point measures within a relative tolerance (default 1e-9 of the larger magnitude;
two NULLs, or two NaNs, are equal), everything else exactly (integers of different widths
compare by value, dates by date).

    python -m jobcenter_warehouse.engines.compare [--key COL ...] A.parquet B.parquet [C.parquet ...]

compares every file with the first and exits 1 on the first engine that differs, printing
up to 20 differences.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# The grain of the exported tables (their contracts): key columns per table.
TABLE_KEYS = {
    "fct_indicator_values": ["indicator_id", "municipality_code", "period_start", "origin_group",
                             "gender", "age_band", "target_group"],
    "cmp_indicator_comparison": ["indicator_id", "municipality_code", "period_start"],
}
REL_TOL = 1e-9


@dataclass
class Comparison:
    left_rows: int
    right_rows: int
    differences: list[str] = field(default_factory=list)
    cells_compared: int = 0

    @property
    def equal(self) -> bool:
        return not self.differences


def _is_float(series: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(series.dtype)


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _normal(value):
    """A hashable, engine-neutral form of a key or exact cell."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def floats_equal(a, b, rel_tol: float = REL_TOL) -> bool:
    a_missing, b_missing = _missing(a), _missing(b)
    if a_missing or b_missing:
        return a_missing and b_missing
    a, b = float(a), float(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel_tol * max(abs(a), abs(b))


def _as_date_if_midnight(value):
    """Dates may come back as midnight timestamps from some exports: compare as dates."""
    if hasattr(value, "hour") and hasattr(value, "date") and (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date()
    return value


def compare_frames(left: pd.DataFrame, right: pd.DataFrame, keys: list[str],
                   rel_tol: float = REL_TOL, limit: int = 20) -> Comparison:
    """Compare two exports of one table; `left` is the reference."""
    result = Comparison(len(left), len(right))
    diffs = result.differences
    if list(left.columns) != list(right.columns):
        diffs.append(f"columns differ: {list(left.columns)} vs {list(right.columns)}")
        return result
    missing_keys = [k for k in keys if k not in left.columns]
    if missing_keys:
        raise ValueError(f"key columns not in the table: {missing_keys}")
    measures = [c for c in left.columns if c not in keys and (_is_float(left[c]) or _is_float(right[c]))]
    exact = [c for c in left.columns if c not in keys and c not in measures]

    def index(frame: pd.DataFrame, side: str) -> dict:
        rows = {}
        for record in frame.to_dict("records"):
            key = tuple(_as_date_if_midnight(_normal(record[k])) for k in keys)
            if key in rows:
                diffs.append(f"{side}: key {key} occurs more than once")
            rows[key] = record
        return rows

    left_rows, right_rows = index(left, "left"), index(right, "right")
    for key in sorted(left_rows.keys() - right_rows.keys(), key=repr)[:limit]:
        diffs.append(f"row {key} only in left")
    for key in sorted(right_rows.keys() - left_rows.keys(), key=repr)[:limit]:
        diffs.append(f"row {key} only in right")
    for key in sorted(left_rows.keys() & right_rows.keys(), key=repr):
        a, b = left_rows[key], right_rows[key]
        for col in measures:
            result.cells_compared += 1
            if not floats_equal(a[col], b[col], rel_tol):
                diffs.append(f"row {key}: {col} {a[col]!r} vs {b[col]!r}")
        for col in exact:
            result.cells_compared += 1
            va, vb = _as_date_if_midnight(_normal(a[col])), _as_date_if_midnight(_normal(b[col]))
            if va != vb:
                diffs.append(f"row {key}: {col} {a[col]!r} vs {b[col]!r}")
        if len(diffs) >= limit:
            diffs.append("... (further differences not listed)")
            break
    return result


def read_parquet(path: str | Path) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect()
    try:
        return con.read_parquet(str(path)).df()
    finally:
        con.close()


def keys_for(path: Path, keys: list[str] | None) -> list[str]:
    if keys:
        return keys
    if path.stem not in TABLE_KEYS:
        raise SystemExit(f"no key columns known for {path.name}: pass --key")
    return TABLE_KEYS[path.stem]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, help="Parquet exports; the first is the reference")
    parser.add_argument("--key", action="append", help="key column (repeat); default: the table's grain")
    parser.add_argument("--rel-tol", type=float, default=REL_TOL)
    args = parser.parse_args(argv)
    if len(args.files) < 2:
        parser.error("give at least two files")
    reference = args.files[0]
    keys = keys_for(reference, args.key)
    ref = read_parquet(reference)
    status = 0
    for other in args.files[1:]:
        result = compare_frames(ref, read_parquet(other), keys, args.rel_tol)
        if result.equal:
            print(f"equal: {other} = {reference} ({result.left_rows} rows, {result.cells_compared} cells)")
        else:
            status = 1
            print(f"DIFFERENT: {other} vs {reference} ({result.right_rows} vs {result.left_rows} rows):")
            for line in result.differences:
                print(f"  {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())
