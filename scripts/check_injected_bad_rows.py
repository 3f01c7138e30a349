#!/usr/bin/env python3
"""Check a build over a delivery with injected bad rows (``generate_extracts.py --inject-bad-rows``).

For every row listed in ``<raw>/_injected_bad_rows.csv`` the staging layer must have given the
expected outcome: the expected reason code for a bad row, ``collapsed`` for an exact duplicate,
``staged`` for an accepted edge case. It also checks that no line was lost: for every file the
non-blank data lines (counted here, without a CSV parser) equal the lines spanned by its
staged, quarantined and collapsed rows, and per extract landed = staged + quarantined +
collapsed.

Usage: check_injected_bad_rows.py RAW_DATA_PATH DUCKDB_PATH   (exit 1 on any mismatch)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb


def data_lines(path: Path) -> int:
    """Non-blank physical lines (pieces between \\n) after the header, counted without a CSV parser."""
    lines = [line for line in path.read_bytes().decode("utf-8-sig").split("\n") if line.strip()]
    return max(len(lines) - 1, 0)


def main(raw: str, db: str) -> int:
    raw_root = Path(raw)
    con = duckdb.connect(db, read_only=True)
    problems: list[str] = []
    manifest = raw_root / "_injected_bad_rows.csv"
    checked = 0
    if manifest.exists():
        with manifest.open(encoding="utf-8", newline="") as fh:
            sample = fh.readline()
            fh.seek(0)
            for item in csv.DictReader(fh, delimiter=";" if ";" in sample else ","):
                expected = item["expected_reason_code"] or None
                row = con.execute(
                    f"select row_outcome, reject_reason_code, reject_reason from staging.stg_extracts__{item['extract']}_rows "
                    "where source_file = ? and source_line = ?",
                    [f"{item['extract']}/{Path(item['file']).name}", int(item["line"])],
                ).fetchone()
                checked += 1
                if row is None:
                    problems.append(f"{item['extract']} {item['file']}:{item['line']} ({item['defect']}): row not found")
                    continue
                outcome, code, reason = row
                if code != expected:
                    problems.append(
                        f"{item['extract']} {item['file']}:{item['line']} ({item['defect']}): "
                        f"expected {expected or 'staged'}, got {code or 'staged'} ({reason})"
                    )
    # no line lost: per file, the non-blank data lines counted here equal the lines spanned by
    # the file's staged, quarantined and collapsed rows
    for folder in sorted(p for p in raw_root.iterdir() if p.is_dir()):
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"):
            rel = f"{folder.name}/{path.name}"
            accounted = con.execute(
                f"select coalesce(sum(line_count), 0) from staging.stg_extracts__{folder.name}_rows "
                "where source_file = ?", [rel]
            ).fetchone()[0]
            if accounted != data_lines(path):
                problems.append(f"{rel}: {data_lines(path)} data lines but {accounted} accounted for")
    for name, landed, lines, staged, quarantined, collapsed, s_lines, q_lines, c_lines in con.execute(
        "select extract_name, landed_rows, data_lines, staged_rows, quarantined_rows, collapsed_rows, "
        "staged_lines, quarantined_lines, collapsed_lines from staging.stg_extracts__reconciliation"
    ).fetchall():
        if landed != staged + quarantined + collapsed:
            problems.append(f"{name}: landed {landed} != staged {staged} + quarantined {quarantined} + collapsed {collapsed}")
        if lines != s_lines + q_lines + c_lines:
            problems.append(f"{name}: {lines} data lines != {s_lines} + {q_lines} + {c_lines} lines of the rows")
    for line in problems:
        print("MISMATCH", line)
    print(f"injected rows checked: {checked}; problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
