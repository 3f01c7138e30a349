"""Landing: read one extract's CSV files exactly as the contract describes.

This is the first step of the staging layer. It is called by the dbt Python models
``base_extracts__<extract>`` and turns every ``*.csv`` file of ``<root>/<extract>/`` into one
table of text columns that the SQL staging models parse and validate. It does what SQL on
``read_csv`` cannot do without losing rows:

* structural checks with clear messages: a missing or empty folder, a file that is not UTF-8
  (with the byte offset), a file without a header row, a missing or repeated column;
* CSV rules of the contract: optional BOM, ``;`` separator, ``"`` quoting, column names
  case-insensitive and in any order, extra columns ignored, fields trimmed, blank lines
  skipped, rows with more or fewer fields than the header kept as *malformed* (not dropped);
* privacy: the CPR number never enters the database. Each CPR is replaced by its keyed
  pseudonym (HMAC-SHA256, see :mod:`jobcenter_warehouse.pseudonym`) and only the digits that
  staging needs to derive the birth date and gender are passed on (``DDMMYY``, the 7th and
  the 10th digit). CPR-shaped text anywhere in a malformed row (whose fields may have
  shifted into other columns) is masked.

Every landed row carries its source file (relative to the raw-data root), its physical line
number and the file's modification time, so a quarantined row can be traced to the delivery.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import contract
from .pseudonym import CPR_SHAPE, pseudonymise, resolve_key

CPR_ANYWHERE = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")
MASK = "[cpr removed]"


class ExtractError(RuntimeError):
    """A delivery breaks the contract structurally; the load must stop."""


@dataclass
class LandingResult:
    path: Path
    files: int
    rows: int
    malformed: int


def output_columns(extract: contract.Extract) -> list[str]:
    """Columns of the landed table, in order."""
    cols = ["_source_file", "_source_line", "_file_modified_at", "_malformed_reason", "_extra_fields"]
    for col in extract.columns:
        if col.kind == contract.CPR:
            cols += ["person_key", "cpr_ddmmyy", "cpr_digit7", "cpr_last_digit"]
        else:
            cols.append(col.name)
    return cols


def extract_files(root: Path, extract: str) -> list[Path]:
    folder = root / extract
    if not folder.is_dir():
        raise ExtractError(f"{extract}: the extract folder {folder}/ is missing")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise ExtractError(f"{extract}: the extract folder {folder}/ holds no *.csv file")
    return files


def check_utf8(path: Path, chunk_size: int = 1 << 20) -> None:
    """Fail with the file name and byte offset when a file is not valid UTF-8."""
    decoder = __import__("codecs").getincrementaldecoder("utf-8")("strict")
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(chunk_size):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                raise ExtractError(
                    f"{path}: not valid UTF-8 (invalid byte 0x{chunk[err.start]:02x} at byte "
                    f"offset {offset + err.start}); re-export the file as UTF-8"
                ) from None
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise ExtractError(f"{path}: not valid UTF-8 (truncated character at the end)") from None


def _is_blank(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and not fields[0].strip())


def _cpr_fields(value: str | None, key: bytes) -> list[str | None]:
    if not value:
        return [None, None, None, None]
    m = CPR_SHAPE.match(value)
    if not m:
        return [pseudonymise(value, key), None, None, None]
    digits = m.group(1) + m.group(2)
    return [pseudonymise(value, key), digits[:6], digits[6], digits[9]]


def land_extract(root: str | os.PathLike, extract_name: str, out_dir: str | os.PathLike,
                 key: bytes | None = None) -> LandingResult:
    """Land every CSV file of one extract into ``<out_dir>/<extract>.csv`` (canonical CSV)."""
    extract = contract.EXTRACTS[extract_name]
    root = Path(root)
    key = key if key is not None else resolve_key()
    files = extract_files(root, extract_name)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out_path = out_dir / f"{extract_name}.csv"
    tmp_path = out_dir / f".{extract_name}.csv.tmp"
    n_rows = n_malformed = 0
    with tmp_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=",", quotechar='"', quoting=csv.QUOTE_ALL)
        writer.writerow(output_columns(extract))
        for path in files:
            check_utf8(path)
            rows, malformed = _land_file(root, path, extract, key, writer)
            n_rows += rows
            n_malformed += malformed
    tmp_path.replace(out_path)
    return LandingResult(out_path, len(files), n_rows, n_malformed)


def _land_file(root: Path, path: Path, extract: contract.Extract, key: bytes, writer) -> tuple[int, int]:
    rel = path.relative_to(root).as_posix()
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    n_rows = n_malformed = 0
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=contract.CSV_DELIMITER, quotechar=contract.CSV_QUOTE)
        header = None
        last_line = 0
        for fields in reader:
            start_line = last_line + 1
            last_line = reader.line_num
            if _is_blank(fields):
                continue
            if header is None:
                header = [h.strip().lower() for h in fields]
                positions = _header_positions(path, header, extract)
                continue
            fields = [f.strip() for f in fields]
            malformed = None
            extra = None
            if len(fields) != len(header):
                malformed = f"row has {len(fields)} fields, the header has {len(header)}"
                extra = ";".join(fields[len(header):]) or None
                if extra:
                    extra = CPR_ANYWHERE.sub(MASK, extra)
                n_malformed += 1
            row: list[str | None] = [rel, str(start_line), modified, malformed, extra]
            for col in extract.columns:
                pos = positions[col.name]
                value = fields[pos] if pos < len(fields) else None
                value = value or None
                if col.kind == contract.CPR:
                    row += _cpr_fields(value, key)
                else:
                    if malformed and value:
                        # fields of a malformed row may have shifted: a CPR can sit in any column
                        value = CPR_ANYWHERE.sub(MASK, value)
                    row.append(value)
            writer.writerow(row)
            n_rows += 1
        if header is None:
            raise ExtractError(f"{path}: the file has no header row (it is empty)")
    return n_rows, n_malformed


def _header_positions(path: Path, header: list[str], extract: contract.Extract) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if name in seen and name in extract.column_names:
            raise ExtractError(f"{path}: column '{name}' appears twice in the header")
        seen.setdefault(name, i)
    missing = [c for c in extract.column_names if c not in seen]
    if missing:
        raise ExtractError(
            f"{path}: missing required column{'s' if len(missing) > 1 else ''} "
            + ", ".join(f"'{m}'" for m in missing)
            + f" (the header has: {', '.join(header)})"
        )
    return {c: seen[c] for c in extract.column_names}


def load_error_row(extract_name: str, message: str) -> list[str | None]:
    """The single row a base model returns instead of data when the load fails."""
    cols = output_columns(contract.EXTRACTS[extract_name])
    return [None] * len(cols) + [message]


def landed_relation(session, dbt, extract_name: str):
    """Entry point for the dbt Python models: land the extract, return a DuckDB relation.

    A structural error does not raise here (dbt would print a Python stack trace); the model
    returns one row whose ``_load_error`` column holds the message, and the staging model
    raises it as a clear SQL error naming the file and column.
    """
    raw_root = dbt.config.get("raw_data_path")
    landing_path = dbt.config.get("landing_path")
    cols = output_columns(contract.EXTRACTS[extract_name])
    select_cols = ", ".join(f'"{c}"' for c in cols)
    try:
        result = land_extract(raw_root, extract_name, landing_path)
    except (ExtractError, RuntimeError) as err:
        message = str(err).replace("'", "''")
        nulls = ", ".join(f'cast(null as varchar) as "{c}"' for c in cols)
        return session.sql(f"select {nulls}, '{message}' as _load_error")
    path = str(result.path).replace("'", "''")
    columns = ", ".join(f"'{c}': 'VARCHAR'" for c in cols)
    return session.sql(
        f"select {select_cols}, cast(null as varchar) as _load_error from read_csv('{path}', "
        f"header = true, delim = ',', quote = '\"', escape = '\"', auto_detect = false, "
        f"columns = {{{columns}}})"
    )
