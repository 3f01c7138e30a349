"""CSV records of one delivery file, each tied to the physical lines it spans.

The contract's CSV (``;`` separator, ``"`` quoting with ``""`` for a quote, fields that may
hold ``;`` and line breaks) is read in two ways that agree on every line:

* the bulk: every line that is a record on its own (it does not end inside an open quote and
  holds no lone ``\\r``) is parsed by Arrow's C++ CSV reader. Each such line is prefixed with
  its line number, so every parsed row and every row the reader rejects (wrong number of
  fields) knows its physical line;
* the rest, rare in real deliveries: a line that ends inside an open quote starts a record
  that continues on the next lines until the quote closes. When it closes within
  ``MAX_RECORD_LINES`` lines into a record with the header's number of fields, that record is
  one row spanning those lines. Otherwise the opening line alone is a malformed row (a quote
  that is never closed must not swallow the rows after it) and reading resumes with the next
  line, so every physical line is accounted for.

A quote is special only at the start of a field (as in Arrow and Python's csv module):
``ab"c`` is the text ``ab"c``, and text after a closing quote is kept (``"ab"c`` is ``abc``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .lines import PhysicalLines, StructuralError

SEP = ";"
QUOTE = '"'
# A multi-line quoted field may span at most this many physical lines.
MAX_RECORD_LINES = 1000
# A line that is a complete sequence of fields: each field quoted (then any text up to the
# separator) or unquoted (not starting with a quote). A line with quotes that does not match
# ends inside an open quote.
_FIELD = r'(?:"(?:[^"]|"")*"[^;]*|(?:[^";][^;]*)?)'
CLOSED_LINE = f"^(?:{_FIELD};)*{_FIELD}$"


def split_fields(text: str) -> tuple[list[str], bool]:
    """Fields of one record's text and whether its last quote is closed."""
    fields: list[str] = []
    pos, n = 0, len(text)
    while True:
        if pos < n and text[pos] == QUOTE:
            parts, p = [], pos + 1
            while True:
                q = text.find(QUOTE, p)
                if q < 0:
                    parts.append(text[p:])
                    fields.append("".join(parts))
                    return fields, False
                parts.append(text[p:q])
                if text.startswith(QUOTE, q + 1):
                    parts.append(QUOTE)
                    p = q + 2
                    continue
                p = q + 1
                break
            s = text.find(SEP, p)
            fields.append("".join(parts) + (text[p:] if s < 0 else text[p:s]))
            if s < 0:
                return fields, True
            pos = s + 1
        else:
            s = text.find(SEP, pos)
            if s < 0:
                fields.append(text[pos:])
                return fields, True
            fields.append(text[pos:s])
            pos = s + 1


@dataclass
class Header:
    line: int  # physical line number (1-based)
    names: list[str]


@dataclass
class FileRecords:
    """Rows of one file: line numbers, spans and fields (one list per header position)."""

    header: Header
    data_lines: int  # non-blank physical lines after the header (the independent count)
    line: list[np.ndarray] = field(default_factory=list)
    span: list[np.ndarray] = field(default_factory=list)
    reason: list[pa.Array] = field(default_factory=list)
    columns: list[list[pa.Array]] = field(default_factory=list)  # per chunk, one array per header field
    extra: list[pa.Array] = field(default_factory=list)


def find_header(lines: PhysicalLines, where: str) -> Header:
    nonblank = np.flatnonzero(~lines.blank)
    if len(nonblank) == 0:
        raise StructuralError(f"{where}: the file has no header row (it is empty)")
    first = int(nonblank[0])
    names, closed = split_fields(lines.lines[first].as_py())
    if not closed:
        raise StructuralError(f"{where} line {first + 1}: the header row has a quote that is not closed")
    return Header(first + 1, [name.strip().lower() for name in names])


def read_records(lines: PhysicalLines, where: str) -> FileRecords:
    header = find_header(lines, where)
    width = len(header.names)
    start = header.line  # index of the first line after the header
    data = np.zeros(len(lines), dtype=bool)
    data[start:] = ~lines.blank[start:]
    records = FileRecords(header, int(data.sum()))
    if not records.data_lines:
        return records
    quotes = np.zeros(len(lines), dtype=bool)
    if lines.has_quote:
        quotes = pc.match_substring(lines.lines, QUOTE).to_numpy(zero_copy_only=False)
    has_quote = np.flatnonzero(data & quotes)
    open_at_end = np.zeros(len(lines), dtype=bool)
    if len(has_quote):
        closed = pc.match_substring_regex(lines.lines.take(pa.array(has_quote)), CLOSED_LINE)
        open_at_end[has_quote] = ~closed.to_numpy(zero_copy_only=False)
    lone_cr = np.zeros(len(lines), dtype=bool)
    if lines.has_cr:
        lone_cr = pc.match_substring(lines.lines, "\r").to_numpy(zero_copy_only=False)
    slow_rows, consumed = _multiline_records(lines, np.flatnonzero(data & open_at_end), quotes, width)
    fast = data & ~open_at_end & ~lone_cr & ~consumed
    for i in np.flatnonzero(data & lone_cr & ~open_at_end & ~consumed):
        fields, _ = split_fields(lines.lines[int(i)].as_py())
        slow_rows.append((int(i) + 1, 1, None, fields))
    _parse_bulk(records, lines, np.flatnonzero(fast), width, where, slow_rows)
    _append_python_rows(records, slow_rows, width)
    return records


def _multiline_records(lines: PhysicalLines, openers: np.ndarray, quotes: np.ndarray, width: int):
    """Records of lines that end inside an open quote (see the module docstring)."""
    rows: list[tuple[int, int, str | None, list[str]]] = []
    consumed = np.zeros(len(lines), dtype=bool)
    quoted_lines = np.flatnonzero(quotes)
    n = len(lines)
    for opener in openers:
        first = int(opener)
        if consumed[first]:
            continue
        text = lines.lines[first].as_py()
        k, parts, outcome = first, [text], None
        while outcome is None:
            # lines without a quote stay inside the open quoted field: jump to the next quote
            nxt = np.searchsorted(quoted_lines, k + 1)
            k_next = int(quoted_lines[nxt]) if nxt < len(quoted_lines) else n
            if k_next >= n or k_next - first >= MAX_RECORD_LINES:
                outcome = "open"
                break
            parts.extend(lines.lines[k + 1:k_next + 1].to_pylist())
            k = k_next
            fields, closed = split_fields("\n".join(parts))
            if closed:
                outcome = fields
        if outcome == "open":
            fields, _ = split_fields(text)
            rows.append((first + 1, 1, f"a quote opened on this line is not closed within {MAX_RECORD_LINES} "
                         "lines or before the end of the file", fields))
        elif len(outcome) != width:
            fields, _ = split_fields(text)
            rows.append((first + 1, 1, f"a quoted field opened on this line runs to line {k + 1} and the "
                         f"record then has {len(outcome)} fields, the header has {width}", fields))
        else:
            consumed[first:k + 1] = True
            span = int((~lines.blank[first:k + 1]).sum())
            rows.append((first + 1, span, None, outcome))
    return rows, consumed


def _parse_bulk(records: FileRecords, lines: PhysicalLines, index: np.ndarray, width: int, where: str,
                rejected: list) -> None:
    """Parse single-line records with Arrow's CSV reader, the line number as an extra field."""
    if not len(index):
        return
    numbers = pa.array(index + 1, type=pa.int64())
    text = pc.binary_join_element_wise(pc.cast(numbers, pa.large_string()), lines.lines.take(pa.array(index)),
                                      pa.scalar(SEP, pa.large_string()))
    text = pc.binary_join_element_wise(text, pa.scalar("", pa.large_string()), pa.scalar("\n", pa.large_string()))
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset:text.offset + len(text) + 1]
    body = text.buffers()[2][int(offsets[0]):int(offsets[-1])]
    names = ["_n"] + [f"c{i}" for i in range(width)]
    bad: list[str] = []

    def invalid(row) -> str:
        bad.append(row.text)
        return "skip"

    block = max(16 << 20, lines.longest + 4096)
    try:
        table = pcsv.read_csv(
            pa.BufferReader(body),
            read_options=pcsv.ReadOptions(column_names=names, block_size=block, use_threads=True),
            parse_options=pcsv.ParseOptions(delimiter=SEP, quote_char=QUOTE, double_quote=True, escape_char=False,
                                            newlines_in_values=False, ignore_empty_lines=False,
                                            invalid_row_handler=invalid),
            convert_options=pcsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as err:  # not expected: every line was checked to be a closed record
        raise StructuralError(f"{where}: the CSV reader failed ({type(err).__name__})") from None
    for row_text in bad:
        number, _, rest = row_text.partition(SEP)
        fields, _ = split_fields(rest)
        rejected.append((int(number), 1, None, fields))
    table = table.combine_chunks()
    records.line.append(pc.cast(table.column("_n"), pa.int64()).to_numpy(zero_copy_only=False))
    records.span.append(np.ones(table.num_rows, dtype=np.int32))
    records.reason.append(pa.nulls(table.num_rows, pa.string()))
    records.columns.append([table.column(f"c{i}").chunk(0) if table.num_rows else pa.array([], pa.string())
                            for i in range(width)])
    records.extra.append(pa.nulls(table.num_rows, pa.string()))


def _append_python_rows(records: FileRecords, rows: list, width: int) -> None:
    """Rows split in Python: multi-line records, malformed lines and lines with a lone CR."""
    if not rows:
        return
    cols: list[list[str | None]] = [[] for _ in range(width)]
    line, span, reason, extra = [], [], [], []
    for number, lines_spanned, why, fields in rows:
        if why is None and len(fields) != width:
            why = f"row has {len(fields)} fields, the header has {width}"
        line.append(number)
        span.append(lines_spanned)
        reason.append(why)
        extra.append(SEP.join(fields[width:]) if len(fields) > width else None)
        for i in range(width):
            cols[i].append(fields[i] if i < len(fields) else None)
    records.line.append(np.array(line, dtype=np.int64))
    records.span.append(np.array(span, dtype=np.int32))
    records.reason.append(pa.array(reason, pa.string()))
    records.columns.append([pa.array(c, pa.string()) for c in cols])
    records.extra.append(pa.array(extra, pa.string()))
