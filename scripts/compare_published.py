#!/usr/bin/env python3
"""Compare two published BI files table by table (reruns must give identical tables).

Usage: compare_published.py A.duckdb B.duckdb
Every table except `publish_info` (which records when and from where it was published) must
hold the same rows in the same order. Exit 1 on any difference, naming the table.
"""

from __future__ import annotations

import sys

import duckdb


def tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'main' order by 1").fetchall()]


def main(a: str, b: str) -> int:
    con = duckdb.connect()
    con.execute(f"attach '{a}' as a (read_only)")
    con.execute(f"attach '{b}' as b (read_only)")
    names_a = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = 'a' order by 1").fetchall()]
    names_b = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_catalog = 'b' order by 1").fetchall()]
    problems = []
    if names_a != names_b:
        problems.append(f"different tables: {names_a} vs {names_b}")
    for name in sorted(set(names_a) & set(names_b)):
        if name == "publish_info":
            continue
        rows_a = con.execute(f'select * from a.main."{name}"').fetchall()
        rows_b = con.execute(f'select * from b.main."{name}"').fetchall()
        if rows_a != rows_b:
            problems.append(f"{name}: {len(rows_a)} vs {len(rows_b)} rows, contents differ")
        else:
            print(f"identical: {name} ({len(rows_a)} rows)")
    for problem in problems:
        print("DIFFERENT", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
