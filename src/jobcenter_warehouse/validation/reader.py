"""Reading a raw delivery: structural checks in plain Python, then chunked reading with pandas.

Structural checks (`inspect_extract`) need no pandas and never raise: every problem becomes a
readable message that names the extract folder, the file and, where it applies, the column or the
byte offset. `iter_chunks` then reads the files that passed, chunk by chunk, as trimmed strings.
"""

from __future__ import annotations

import codecs
import csv
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jobcenter_warehouse.contract import CSV_DELIMITER, CSV_QUOTE, Extract

_BLOCK_BYTES = 8 * 1024 * 1024
_BOM = codecs.BOM_UTF8


class StructuralError(Exception):
    """A delivery problem that stops the pipeline (the message is meant for the user)."""


@dataclass
class CsvFile:
    path: Path
    # Header names as delivered, lower-cased and trimmed, in file order.
    header: list[str]
    # Contract columns this file lacks (all optional, or the file would be broken).
    missing_optional: list[str] = field(default_factory=list)
    # pandas (index_col=False) truncates an over-long FIRST data row instead of skipping it
    # like later ones; the reader drops and counts that row itself.
    first_row_too_long: bool = False


@dataclass
class ExtractDelivery:
    extract: Extract
    folder: Path
    files: list[CsvFile] = field(default_factory=list)  # files that passed
    found: list[Path] = field(default_factory=list)  # every *.csv file in the folder
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return bool(self.errors)


def first_invalid_utf8(path: Path) -> tuple[int, int, bytes] | None:
    """Return (byte offset, line number, offending bytes) of the first invalid UTF-8, else None.

    Reads the file in blocks with an incremental decoder, so memory stays flat for big files.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    consumed = 0  # bytes fed to the decoder before the current block
    newlines = 0
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK_BYTES)
            final = not block
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block, final)
            except UnicodeDecodeError as err:
                data = pending + block
                offset = consumed - len(pending) + err.start
                line = newlines + data[: err.start].count(b"\n") + 1
                return offset, line, data[err.start : err.end]
            if final:
                return None
            consumed += len(block)
            newlines += block.count(b"\n")


def _rows(path: Path) -> Iterator[list[str]]:
    """Non-blank rows of a (valid UTF-8) file; pandas skips blank and whitespace-only lines."""
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=CSV_DELIMITER, quotechar=CSV_QUOTE):
            if row and not (len(row) == 1 and not row[0].strip()):
                yield row


def read_header(path: Path) -> tuple[list[str] | None, int | None]:
    """(header names lower-cased and trimmed, field count of the first data row)."""
    rows = _rows(path)
    header = next(rows, None)
    if header is None:
        return None, None
    first = next(rows, None)
    rows.close()
    return [name.strip().lower() for name in header], None if first is None else len(first)


def inspect_extract(root: Path, extract: Extract) -> ExtractDelivery:
    """Structural checks of one extract folder. Problems go to `.errors`, never raised."""
    folder = root / extract.name
    delivery = ExtractDelivery(extract=extract, folder=folder)
    if not folder.exists():
        delivery.errors.append(f"{folder}: extract folder is missing")
        return delivery
    if not folder.is_dir():
        delivery.errors.append(f"{folder}: expected a folder, found a file")
        return delivery
    paths = sorted(p for p in folder.glob("*.csv") if p.is_file())
    delivery.found = paths
    if not paths:
        others = sorted(p.name for p in folder.iterdir() if p.suffix.lower() == ".csv")
        hint = f" (found {', '.join(others)}: the suffix must be lower-case .csv)" if others else ""
        delivery.errors.append(f"{folder}: extract folder is empty: no *.csv files{hint}")
        return delivery

    wanted = set(extract.column_names)
    required = [c.name for c in extract.columns if c.required]
    for path in paths:
        try:
            bad = first_invalid_utf8(path)
        except OSError as err:
            delivery.errors.append(f"{path}: cannot be read: {err.strerror or err}")
            continue
        if bad is not None:
            offset, line, raw = bad
            delivery.errors.append(
                f"{path}: not valid UTF-8: byte 0x{raw[:1].hex().upper()} at byte offset "
                f"{offset} (line {line})"
            )
            continue
        try:
            header, first_row_fields = read_header(path)
        except csv.Error as err:
            delivery.errors.append(f"{path}: header row cannot be parsed: {err}")
            continue
        if header is None:
            delivery.errors.append(f"{path}: no header row (the file is empty)")
            continue
        present = wanted.intersection(header)
        if not present:
            delivery.errors.append(
                f"{path}: no header row: the first line names none of the {extract.name} "
                f"columns (expected {', '.join(required)})"
            )
            continue
        doubled = sorted(c for c in present if header.count(c) > 1)
        if doubled:
            delivery.errors.append(
                f"{path}: column {', '.join(doubled)} appears more than once in the header"
            )
            continue
        missing = [c for c in required if c not in present]
        if missing:
            for column in missing:
                delivery.errors.append(f"{path}: missing required column '{column}'")
            continue
        missing_optional = [c for c in extract.column_names if c not in present]
        for column in missing_optional:
            delivery.notes.append(f"{path.name}: optional column '{column}' missing (read as NULL)")
        delivery.files.append(
            CsvFile(
                path=path,
                header=header,
                missing_optional=missing_optional,
                first_row_too_long=(first_row_fields or 0) > len(header),
            )
        )
    return delivery


@dataclass
class ChunkStats:
    """Rows with more fields than the header (dropped from validation, counted)."""

    malformed_rows: int = 0


_SKIP_RE = re.compile(r"Skipping line (\d+)")


def iter_chunks(
    delivery: ExtractDelivery, chunk_rows: int, stats: ChunkStats
) -> Iterator[tuple[CsvFile, pd.DataFrame]]:
    """Yield (file, frame) chunks with exactly the contract columns, trimmed, '' as NULL.

    Every value is a string (pandas "str" dtype) or missing. Extra columns are dropped, missing
    optional ones are added as all-NULL. Rows with more fields than the header are skipped by
    the parser and counted in `stats`. A file pandas cannot parse (e.g. an unterminated quote)
    raises StructuralError with the file name.
    """
    columns = list(delivery.extract.column_names)
    for csv_file in delivery.files:
        try:
            reader = pd.read_csv(
                csv_file.path,
                sep=CSV_DELIMITER,
                quotechar=CSV_QUOTE,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                index_col=False,
                on_bad_lines="warn",
                skip_blank_lines=True,
                chunksize=chunk_rows,
            )
            first = True
            with reader:
                while True:
                    # The warnings filter is held only while pandas parses, never across a
                    # yield, so the caller's warnings are left alone.
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always", pd.errors.ParserWarning)
                        chunk = next(reader, None)
                    _count_skipped(caught, stats)
                    if chunk is None:
                        break
                    if first and csv_file.first_row_too_long and len(chunk):
                        chunk = chunk.iloc[1:]
                        stats.malformed_rows += 1
                    first = False
                    yield csv_file, _normalise(chunk, csv_file, columns)
        except StructuralError:
            raise
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OSError) as err:
            detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise StructuralError(f"{csv_file.path}: cannot be parsed as CSV: {detail}") from None


def _count_skipped(caught: list[warnings.WarningMessage], stats: ChunkStats) -> None:
    for message in caught:
        stats.malformed_rows += len(_SKIP_RE.findall(str(message.message)))


def _normalise(chunk: pd.DataFrame, csv_file: CsvFile, columns: list[str]) -> pd.DataFrame:
    if len(chunk.columns) == len(csv_file.header):
        chunk.columns = csv_file.header  # positional: pandas would mangle duplicates ("x.1")
    else:  # not expected; fall back to pandas' own names
        chunk.columns = [str(c).strip().lower() for c in chunk.columns]
    out = {}
    for name in columns:
        if name in chunk.columns:
            values = chunk[name].astype("str").str.strip()
            out[name] = values.where(values != "")
        else:
            out[name] = pd.Series(pd.NA, index=chunk.index, dtype="str")
    return pd.DataFrame(out, index=chunk.index)
