"""Landing: turn a delivery's CSV files into one pseudonymised Parquet file per extract.

This is the boundary of the warehouse and the only code that reads a CPR number. For each of
the nine extracts of EXTRACTS.md it reads every ``*.csv`` file (any case) of
``<raw root>/<extract>/`` and writes ``<landing folder>/<extract>.parquet``; it also writes
``_files.parquet`` (one row per delivery file with its independent line counts). dbt reads
these as the sources ``extracts.<extract>`` and ``landing.files``; any engine can load them.

Per file (see :mod:`.lines` and :mod:`.records` for the reading rules):

* structural checks, each one message naming the file (and line), never a delivery value:
  missing or empty folder, not UTF-8 (byte offset), no header row, a missing or repeated
  contract column, a physical line over 64 MB;
* every non-blank physical line after the header ends in exactly one landed row (a record
  spanning several lines counts them in ``_line_count``); the landing checks this itself;
* rows with the wrong number of fields, with a quote that never closes, or with a field
  longer than ``MAX_FIELD_CHARS`` are kept with ``_malformed_reason`` (staging quarantines
  them); an over-long value itself is not kept;
* values are trimmed, empty = NULL; ``cpr`` becomes ``person_key``, ``cpr_shape_ok``,
  ``birth_date`` and ``gender``; CPR-shaped tokens in every other field (and in extra
  fields and file names) are masked (:mod:`.cpr`).

CLI: ``python -m jobcenter_warehouse.landing --raw-data-path R [--landing-path L]``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import contract
from ..pseudonym import resolve_key
from .cpr import cpr_columns, mask_array, mask_text
from .lines import StructuralError, read_lines
from .records import read_records
from .store import (drop_manifest, landing_dir, locked, read_manifest, remove_stale_temps, temp_path,
                    write_manifest)

ExtractError = StructuralError
MAX_FIELD_CHARS = 65_536
FILES = "_files"
FORMAT_VERSION = 1

__all__ = ["ExtractError", "LandingReport", "MAX_FIELD_CHARS", "land", "land_extract", "landing_dir",
           "output_columns"]

LINEAGE = [
    ("_source_file", pa.string()),
    ("_source_line", pa.int64()),
    ("_line_count", pa.int32()),
    ("_file_modified_at", pa.timestamp("us")),
    ("_malformed_reason", pa.string()),
    ("_extra_fields", pa.string()),
]
CPR_DERIVED = [("person_key", pa.string()), ("cpr_shape_ok", pa.bool_()), ("birth_date", pa.date32()),
               ("gender", pa.string())]
FILES_SCHEMA = pa.schema([
    ("extract_name", pa.string()), ("source_file", pa.string()), ("file_modified_at", pa.timestamp("us")),
    ("file_bytes", pa.int64()), ("header_line", pa.int64()), ("physical_lines", pa.int64()),
    ("blank_lines", pa.int64()), ("data_lines", pa.int64()), ("landed_rows", pa.int64()),
    ("landed_lines", pa.int64()),
])


def output_schema(extract: contract.Extract) -> pa.Schema:
    fields = list(LINEAGE)
    for col in extract.columns:
        fields += CPR_DERIVED if col.kind == contract.CPR else [(col.name, pa.string())]
    return pa.schema(fields)


def output_columns(extract: contract.Extract) -> list[str]:
    return output_schema(extract).names


@dataclass
class LandingResult:
    extract: str
    path: Path
    files: int
    rows: int
    malformed: int
    lines: int


@dataclass
class LandingReport:
    folder: Path
    reused: bool = False
    results: list[LandingResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def delivery_files(root: Path, extract_name: str, log: Callable[[str], None] = print) -> list[Path]:
    """The extract's ``*.csv`` files (any case); other names are ignored, one line each."""
    folder = root / extract_name
    if not folder.is_dir():
        raise StructuralError(f"{extract_name}: the extract folder {extract_name}/ is missing under the raw-data root")
    files = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv":
            files.append(path)
        else:
            kind = "folder" if path.is_dir() else "file"
            log(f"{extract_name}: ignoring the {kind} {mask_text(path.name)} (not a .csv file)")
    if not files:
        raise StructuralError(f"{extract_name}: the extract folder {extract_name}/ holds no .csv file")
    return files


def _header_positions(where: str, header, extract: contract.Extract) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, name in enumerate(header.names):
        if name in seen and name in extract.column_names:
            raise StructuralError(f"{where} line {header.line}: column '{name}' appears twice in the header")
        seen.setdefault(name, i)
    missing = [c for c in extract.column_names if c not in seen]
    if missing:
        found = len(extract.column_names) - len(missing)
        raise StructuralError(
            f"{where} line {header.line}: missing required column{'s' if len(missing) > 1 else ''} "
            + ", ".join(f"'{m}'" for m in missing)
            + f" (the header row names {found} of the {len(extract.column_names)} contract columns; "
            "is the header row missing?)"
        )
    return {c: seen[c] for c in extract.column_names}


def _clean(values: pa.Array, ascii: bool = False) -> pa.Array:
    trimmed = pc.ascii_trim_whitespace(values) if ascii else pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _repeat(value, type_: pa.DataType, n: int) -> pa.Array:
    return pa.array([value], type_).take(pa.array(np.zeros(n, dtype=np.int32)))


def land_file(root: Path, path: Path, extract: contract.Extract, key: bytes) -> tuple[pa.Table, dict]:
    """The landed rows of one delivery file and its row for ``_files``."""
    rel = mask_text(path.relative_to(root).as_posix())
    stat = path.stat()
    modified = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.timezone.utc).replace(tzinfo=None)
    lines = read_lines(path, rel)
    records = read_records(lines, rel)
    positions = _header_positions(rel, records.header, extract)
    schema = output_schema(extract)
    if records.line:
        line = np.concatenate(records.line)
        span = np.concatenate(records.span)
        reason = pa.concat_arrays(records.reason)
        extra = pa.concat_arrays(records.extra)
        raw = {name: pa.concat_arrays([chunk[pos] for chunk in records.columns]) for name, pos in positions.items()}
    else:
        line, span = np.array([], np.int64), np.array([], np.int32)
        reason = extra = pa.array([], pa.string())
        raw = {name: pa.array([], pa.string()) for name in positions}
    n = len(line)
    columns: dict[str, pa.Array] = {}
    for col in extract.columns:
        values = _clean(raw[col.name], lines.ascii)
        too_long = pc.fill_null(pc.greater(pc.utf8_length(values), MAX_FIELD_CHARS), False)
        if pc.any(too_long).as_py():
            message = f"field '{col.name}' is longer than {MAX_FIELD_CHARS} characters (not kept)"
            reason = pc.if_else(pc.and_(too_long, pc.is_null(reason)), pa.scalar(message), reason)
            values = pc.if_else(too_long, pa.scalar(None, pa.string()), values)
        if col.kind == contract.CPR:
            columns.update(cpr_columns(values, key))
        else:
            columns[col.name] = mask_array(values, lines.ascii)
    extra = _clean(extra, lines.ascii)
    too_long = pc.fill_null(pc.greater(pc.utf8_length(extra), MAX_FIELD_CHARS), False)
    extra = mask_array(pc.if_else(too_long, pa.scalar(f"[{MAX_FIELD_CHARS}+ characters, not kept]"), extra))
    table = pa.table({
        "_source_file": _repeat(rel, pa.string(), n),
        "_source_line": pa.array(line, pa.int64()),
        "_line_count": pa.array(span, pa.int32()),
        "_file_modified_at": _repeat(modified, pa.timestamp("us"), n),
        "_malformed_reason": reason,
        "_extra_fields": extra,
        **columns,
    }, schema=schema)
    if len(records.line) > 1:
        table = table.sort_by("_source_line")
    landed_lines = int(span.sum())
    ordered = table.column("_source_line").to_numpy()
    if landed_lines != records.data_lines or (n > 1 and not bool(np.all(ordered[1:] > ordered[:-1]))):
        raise StructuralError(f"{rel}: {records.data_lines} non-blank data lines but {landed_lines} landed "
                              "(a fault of the landing step; please report it with the file's shape)")
    row = {
        "extract_name": extract.name, "source_file": rel, "file_modified_at": modified,
        "file_bytes": stat.st_size, "header_line": records.header.line, "physical_lines": len(lines),
        "blank_lines": int(lines.blank.sum()), "data_lines": records.data_lines, "landed_rows": n,
        "landed_lines": landed_lines,
    }
    return table, row


def land_extract(root: str | os.PathLike, extract_name: str, out_dir: str | os.PathLike,
                 key: bytes | None = None, log: Callable[[str], None] = print) -> tuple[LandingResult, list[dict]]:
    """Land every CSV file of one extract into ``<out_dir>/<extract>.parquet``."""
    extract = contract.EXTRACTS[extract_name]
    root, out_dir = Path(root), Path(out_dir)
    key = key if key is not None else resolve_key()
    files = delivery_files(root, extract_name, log)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{extract_name}.parquet"
    tmp = temp_path(target)
    rows = malformed = lines = 0
    file_rows = []
    try:
        with pq.ParquetWriter(tmp, output_schema(extract), compression="zstd", compression_level=1) as writer:
            for path in files:
                table, file_row = land_file(root, path, extract, key)
                writer.write_table(table)
                rows += table.num_rows
                malformed += table.num_rows - table.column("_malformed_reason").null_count
                lines += file_row["landed_lines"]
                file_rows.append(file_row)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return LandingResult(extract_name, target, len(files), rows, malformed, lines), file_rows


def _code_version() -> str:
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(Path(contract.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _delivery_state(root: Path, key: bytes) -> dict:
    """What a landing depends on: every entry of the extract folders, the key and the code."""
    entries = {}
    for name in contract.EXTRACTS:
        folder = root / name
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                stat = path.stat()
                entries[f"{name}/{hashlib.sha256(path.name.encode()).hexdigest()[:16]}"] = [
                    stat.st_size, stat.st_mtime_ns, path.is_dir()]
    return {
        "root": hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16],
        "entries": entries,
        "key": hmac.new(key, b"landing key check", hashlib.sha256).hexdigest()[:16],
        "code": _code_version(),
    }


def land(raw_root: str | os.PathLike, folder: str | os.PathLike | None = None, key: bytes | None = None,
         force: bool = False, log: Callable[[str], None] = print) -> LandingReport:
    """Land all nine extracts (reusing a complete landing of the same delivery unless ``force``)."""
    root = Path(raw_root)
    out = Path(folder) if folder is not None else landing_dir()
    key = key if key is not None else resolve_key()
    report = LandingReport(out)
    with locked(out):
        state = _delivery_state(root, key)
        manifest = read_manifest(out)
        if not force and manifest is not None and manifest.get("state") == state:
            report.reused = True
            return report
        drop_manifest(out)
        remove_stale_temps(out)
        file_rows: list[dict] = []
        for name in contract.EXTRACTS:
            try:
                result, rows = land_extract(root, name, out, key, log)
            except StructuralError as err:
                (out / f"{name}.parquet").unlink(missing_ok=True)
                report.errors.append(str(err))
                continue
            report.results.append(result)
            file_rows += rows
        files_target = out / f"{FILES}.parquet"
        tmp = temp_path(files_target)
        pq.write_table(pa.Table.from_pylist(file_rows, schema=FILES_SCHEMA), tmp, compression="zstd")
        os.replace(tmp, files_target)
        if not report.errors:
            write_manifest(out, {"state": state, "extracts": {
                r.extract: {"files": r.files, "rows": r.rows, "malformed": r.malformed, "lines": r.lines}
                for r in report.results}})
    return report
