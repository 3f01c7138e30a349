"""Physical lines of a delivery file, counted without any CSV parser.

A file is read as bytes, checked to be UTF-8 (the byte offset of the first bad byte is
reported) and cut at every ``\\n`` into an Arrow string array of physical lines (zero copy:
the offsets of the newlines become the array's offsets). A trailing ``\\r`` is part of the
line terminator. A line is *blank* when nothing but whitespace is left after trimming.
These counts are the independent side of the reconciliation: every non-blank physical line
after the header must end up in a staged, quarantined or collapsed row.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BOM = b"\xef\xbb\xbf"
# A physical line longer than this is a structural error (it names the file and line);
# anything shorter is read, and a too-long field makes its row a quarantined one.
MAX_LINE_BYTES = 64 * 1024 * 1024


class StructuralError(RuntimeError):
    """A delivery file breaks the contract so that it cannot be read; the load stops."""


@dataclass
class PhysicalLines:
    lines: pa.LargeStringArray  # without the terminator
    blank: np.ndarray  # bool per line
    longest: int  # bytes of the longest line
    ascii: bool  # the whole file is ASCII
    has_quote: bool  # the file holds a '"' somewhere
    has_cr: bool  # the file holds a '\r' somewhere

    def __len__(self) -> int:
        return len(self.lines)


def check_utf8(data: bytes, where: str, chunk_size: int = 16 << 20) -> None:
    """Fail with the byte offset of the first byte that is not valid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(data)
    for offset in range(0, len(data), chunk_size):
        try:
            decoder.decode(view[offset:offset + chunk_size])
        except UnicodeDecodeError as err:
            at = offset + err.start
            line = data.count(b"\n", 0, at) + 1
            raise StructuralError(
                f"{where} line {line}: not valid UTF-8 (invalid byte 0x{data[at]:02x} at byte offset {at}); "
                "re-export the file as UTF-8"
            ) from None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise StructuralError(f"{where}: not valid UTF-8 (truncated character at the end of the file)") from None


def physical_lines(data: bytes, where: str) -> PhysicalLines:
    """Split UTF-8 bytes (an optional BOM first) into physical lines."""
    check_utf8(data, where)
    start = len(BOM) if data.startswith(BOM) else 0
    buf = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buf[start:] == 10) + start
    ends = newlines + 1
    if len(data) > start and (len(newlines) == 0 or newlines[-1] != len(data) - 1):
        ends = np.append(ends, len(data))
    offsets = np.empty(len(ends) + 1, dtype=np.int64)
    offsets[0] = start
    offsets[1:] = ends
    longest = int(np.max(np.diff(offsets))) if len(ends) else 0
    if longest > MAX_LINE_BYTES:
        line = int(np.argmax(np.diff(offsets))) + 1
        raise StructuralError(
            f"{where} line {line}: the line is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB "
            "(the largest line the landing reads); the file is not loaded"
        )
    raw = pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(data))
    ascii = data.isascii()
    has_cr = b"\r" in data
    lines = pc.utf8_rtrim(raw, characters="\r\n") if has_cr else pc.utf8_rtrim(raw, characters="\n")
    trimmed = pc.ascii_trim_whitespace(lines) if ascii else pc.utf8_trim_whitespace(lines)
    blank = pc.equal(trimmed, "").to_numpy(zero_copy_only=False)
    return PhysicalLines(lines, blank, longest, ascii, b'"' in data, has_cr)


def read_lines(path: Path, where: str) -> PhysicalLines:
    return physical_lines(path.read_bytes(), where)
