"""Scan a built warehouse and its artefacts for personal data.

Looks for anything shaped like a CPR number (``DDMMYY-SSSS`` or ``DDMMYYSSSS`` with a real
day and month, standing alone as a token) and for unkeyed hashes (MD5, SHA-1, SHA-256, hex)
of the CPR numbers of a delivery, in:

* every text column of every table and view of the DuckDB warehouse (all schemas);
* every text file under the given folders (dbt's ``target/`` artefacts and ``logs/``), and
  every text column of the Parquet files there (e.g. the landing's output).

The raw-data root itself is skipped: it is the input, the one place CPR numbers belong.
Ten-digit numbers that occur in the documentation site's own application code (dbt's
``index.html``, e.g. the constants of its bundled MD5 routine) are not data and are ignored
wherever they occur; the site's data (manifest and catalog) is scanned like everything else.
CLI: ``python -m jobcenter_warehouse.privacy --warehouse W --raw-data-path R [--scan-dir D ...]``;
exit 1 when anything is found, printing where (never the value itself).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .pseudonym import CPR_SHAPE

# A CPR-shaped token: a plausible DDMM, YY, an optional hyphen and four digits, not part of a
# longer run of digits. Letters around it do not matter (``x1810672101`` is a token), but runs
# of 32 or more hex characters (keyed pseudonyms, hashes) and UUIDs in their canonical 8-4-4-4-12
# form (dbt's invocation ids, written on every build) are blanked out before the search: a random
# UUID holds a CPR-shaped run such as ``..181067-2101..`` about once in a few hundred builds.
# The digits of a decimal number (0.0302734375, a timing in dbt's run results) are not a token.
# ASCII digits only: the landing reads other scripts' digits as ASCII before it masks.
TOKEN = r"(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}"
HEX_RUN = r"[0-9A-Fa-f]{32,}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
CPR_TOKEN = re.compile(rf"(?<![0-9])(?<![0-9][.,]){TOKEN}(?![0-9])(?![.,][0-9])")
# The same for SQL engines without look-around (RE2, POSIX); applied after removing HEX_RUN.
# macros/testing/cpr_tokens.sql holds the same two patterns (a test keeps them equal).
SQL_CPR_TOKEN = rf"(^|[^0-9.,]|(^|[^0-9])[.,]){TOKEN}([^0-9.,]|[.,]([^0-9]|$)|$)"
TEXT_SUFFIXES = {".json", ".sql", ".html", ".log", ".txt", ".csv", ".md", ".yml", ".yaml", ".gpickle", ""}


@dataclass
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _plausible(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _without_hex_runs(text: str) -> str:
    return re.sub(HEX_RUN, " ", text)


def _cpr_token_values(text: str) -> set[str]:
    return {m.group(0) for m in CPR_TOKEN.finditer(_without_hex_runs(text)) if _plausible(m.group(1), m.group(2))}


def application_tokens() -> set[str]:
    """CPR-shaped numbers in dbt's documentation application (code, not data)."""
    try:
        import dbt.task.docs as docs_app
    except ImportError:
        return set()
    page = Path(docs_app.__file__).parent / "index.html"
    if not page.exists():
        return set()
    return _cpr_token_values(page.read_text(encoding="utf-8", errors="replace"))


def cpr_tokens(text: str, ignore: frozenset[str] | set[str] = frozenset()) -> int:
    return sum(
        1 for m in CPR_TOKEN.finditer(_without_hex_runs(text))
        if _plausible(m.group(1), m.group(2)) and m.group(0) not in ignore
    )


def delivery_cprs(raw_root: Path) -> set[str]:
    """Every well-formed CPR value of the delivery, normalised to ten digits."""
    found: set[str] = set()
    csv.field_size_limit(1 << 30)  # hostile deliveries have very long fields
    for path in (p for p in raw_root.glob("*/*") if p.is_file() and p.suffix.lower() == ".csv"):
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh, delimiter=";")
                header = [h.strip().lower() for h in next(reader, [])]
                if "cpr" not in header:
                    continue
                pos = header.index("cpr")
                for row in reader:
                    if len(row) > pos:
                        m = CPR_SHAPE.match(row[pos].strip())
                        if m:
                            found.add(m.group(1) + m.group(2))
        except (UnicodeDecodeError, StopIteration, csv.Error):
            continue
    return found


def unkeyed_hashes(cprs: set[str]) -> set[str]:
    hashes: set[str] = set()
    for cpr in cprs:
        for form in (cpr, f"{cpr[:6]}-{cpr[6:]}"):
            data = form.encode()
            for algo in (hashlib.md5, hashlib.sha1, hashlib.sha256):
                hashes.add(algo(data).hexdigest())
    return hashes


def scan_warehouse(path: Path, hashes: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    con = duckdb.connect(str(path), read_only=True)
    try:
        con.execute("create temp table forbidden_hashes (h varchar)")
        if hashes:
            con.executemany("insert into forbidden_hashes values (?)", [(h,) for h in sorted(hashes)])
        columns = con.execute(
            """
            select table_schema, table_name, column_name
            from information_schema.columns
            where data_type = 'VARCHAR' and table_catalog = current_database()
              and table_schema not in ('information_schema', 'pg_catalog')
            order by 1, 2, 3
            """
        ).fetchall()
        for schema, table, column in columns:
            ref = f'"{schema}"."{table}"."{column}"'
            rel = f'"{schema}"."{table}"'
            shaped = con.execute(
                f"select count(*) from {rel} where regexp_matches(regexp_replace({ref}, ?, ' ', 'g'), ?)",
                [HEX_RUN, SQL_CPR_TOKEN],
            ).fetchone()[0]
            if shaped:
                findings.append(Finding(f"{schema}.{table}.{column}", f"{shaped} CPR-shaped value(s)"))
            if hashes:
                hashed = con.execute(
                    f"select count(*) from {rel} where lower({ref}) in (select h from forbidden_hashes)"
                ).fetchone()[0]
                if hashed:
                    findings.append(Finding(f"{schema}.{table}.{column}", f"{hashed} unkeyed hash(es) of a CPR"))
    finally:
        con.close()
    return findings


def scan_parquet(path: Path, hashes: set[str]) -> list[Finding]:
    """Every text column of a Parquet file (the landing's output, published files)."""
    con = duckdb.connect()
    try:
        rel = "read_parquet(?)"
        columns = [name for name, type_, *_ in con.execute(f"describe select * from {rel}", [str(path)]).fetchall()
                   if type_ == "VARCHAR"]
        findings = []
        for column in columns:
            ref = '"' + column.replace('"', '""') + '"'
            shaped = con.execute(
                f"select count(*) from {rel} where regexp_matches(regexp_replace({ref}, ?, ' ', 'g'), ?)",
                [str(path), HEX_RUN, SQL_CPR_TOKEN],
            ).fetchone()[0]
            if shaped:
                findings.append(Finding(f"{path}:{column}", f"{shaped} CPR-shaped value(s)"))
            if hashes:
                hashed = sum(1 for (value,) in con.execute(f"select distinct lower({ref}) from {rel}", [str(path)]).fetchall()
                             if value in hashes)
                if hashed:
                    findings.append(Finding(f"{path}:{column}", f"{hashed} unkeyed hash(es) of a CPR"))
        return findings
    except duckdb.Error:
        return [Finding(str(path), "could not be read as Parquet")]
    finally:
        con.close()


def scan_files(folder: Path, hashes: set[str], skip: list[Path], ignore: set[str] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    ignore = application_tokens() if ignore is None else ignore
    skip_resolved = [s.resolve() for s in skip]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        resolved = path.resolve()
        if any(resolved.is_relative_to(s) for s in skip_resolved):
            continue
        if path.suffix.lower() == ".parquet":
            findings += scan_parquet(path, hashes)
            continue
        if path.suffix.lower() not in TEXT_SUFFIXES or path.stat().st_size > 512 * 1024 * 1024:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        count = cpr_tokens(text, ignore)
        if count:
            findings.append(Finding(str(path), f"{count} CPR-shaped token(s)"))
        if hashes:
            tokens = set(re.findall(r"[0-9a-fA-F]{32,64}", text))
            hits = len({t.lower() for t in tokens} & hashes)
            if hits:
                findings.append(Finding(str(path), f"{hits} unkeyed hash(es) of a CPR"))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", required=True, type=Path)
    parser.add_argument("--raw-data-path", type=Path, help="the delivery (skipped; its CPRs give the hashes)")
    parser.add_argument("--scan-dir", type=Path, action="append", default=[], help="folders of artefacts/logs")
    args = parser.parse_args(argv)
    hashes = unkeyed_hashes(delivery_cprs(args.raw_data_path)) if args.raw_data_path else set()
    findings = scan_warehouse(args.warehouse, hashes)
    skip = [args.raw_data_path] if args.raw_data_path else []
    skip.append(args.warehouse)
    for folder in args.scan_dir:
        if folder.exists():
            findings += scan_files(folder, hashes, skip)
    for finding in findings:
        print(f"PERSONAL DATA FOUND {finding}")
    print(f"privacy scan: {len(findings)} finding(s) in {args.warehouse} and {len(args.scan_dir)} folder(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
