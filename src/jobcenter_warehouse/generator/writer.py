"""Streaming CSV output in the contract's format.

Every extract gets a folder ``<out>/<extract>/`` with several files, so the loader's union of
files is exercised: person-level extracts are split by year (spells by start year, persons by
the year they first became known, conversations by invitation year, placements by
registration year, sanctions by decision year; everything before ``--start`` goes into the
first year's file), ``population`` by year with the columns in a different order from 2021,
``benchmarks`` by area. Files are UTF-8 with ``\\n`` line ends, header row, ``;`` separator,
empty field = NULL; ``eud_applications.csv`` starts with a byte-order mark (the contract allows
one). Values never contain ``;`` or ``"`` so no quoting is needed (the bad-row files use the
``csv`` module). Rows are appended municipality by municipality; file handles stay open for the
run. Booleans are written ``true``/``false`` in spell files before 2021 and ``1``/``0`` from
2021; sanction amounts use a decimal comma, every other decimal a point.

Before writing, files this generator owns (``<extract>_*.csv``, ``<extract>.csv`` and
``zz_injected_bad_rows.csv`` in the nine extract folders, and ``_injected_bad_rows.csv``) are
removed from the output folder; other files are left alone.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from .. import contract

BAD_ROWS_FILE = "zz_injected_bad_rows.csv"
MANIFEST_FILE = "_injected_bad_rows.csv"
BOM_FILES = {"eud_applications"}
POPULATION_SHUFFLED = ("municipality_code", "gender", "quarter_start", "origin_group", "age", "insured",
                       "population", "labour_force")
POPULATION_SHUFFLED_FROM = 2021


def text_ints(values, null_mask=None) -> np.ndarray:
    out = np.asarray(values).astype("int64").astype(str).astype(object)
    if null_mask is not None:
        out[null_mask] = ""
    return out


def text_decimals(values, decimals: int | None = None, comma: bool = False) -> np.ndarray:
    """Decimal text; NaN -> NULL. ``decimals=None`` writes the shortest form (``7.5``, ``12``)."""
    values = np.asarray(values, dtype=float)
    out = np.full(len(values), "", dtype=object)
    ok = ~np.isnan(values)
    if decimals is None:
        out[ok] = [f"{v:g}" for v in values[ok]]
    else:
        out[ok] = [f"{v:.{decimals}f}" for v in values[ok]]
    if comma:
        out[ok] = [s.replace(".", ",") for s in out[ok]]
    return out


class CsvSink:
    """Appends rows to the extract files and remembers a sample row of each extract."""

    def __init__(self, out_dir: str | Path) -> None:
        self.out = Path(out_dir)
        self.handles: dict[Path, object] = {}
        self.lines: Counter = Counter()  # physical lines written per file (incl. header)
        self.rows: Counter = Counter()  # data rows per extract
        self.files: dict[str, set] = {}
        self.samples: dict[str, dict] = {}  # extract -> first data row written (by column name)

    def prepare(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for name in contract.EXTRACTS:
            folder = self.out / name
            folder.mkdir(exist_ok=True)
            for path in folder.glob("*.csv"):
                if path.name.startswith(f"{name}_") or path.name in (f"{name}.csv", BAD_ROWS_FILE):
                    path.unlink()
        manifest = self.out / MANIFEST_FILE
        if manifest.exists():
            manifest.unlink()

    def _handle(self, extract: str, stem: str, header: tuple[str, ...]):
        path = self.out / extract / f"{stem}.csv"
        fh = self.handles.get(path)
        if fh is None:
            fh = path.open("w", encoding="utf-8-sig" if extract in BOM_FILES else "utf-8", newline="")
            fh.write(";".join(header) + "\n")
            self.handles[path] = fh
            self.lines[path] = 1
            self.files.setdefault(extract, set()).add(path)
        return path, fh

    def write(self, extract: str, stem: str, columns: dict[str, np.ndarray],
              order: tuple[str, ...] | None = None) -> None:
        """Append rows; ``columns`` maps every contract column to an array of text."""
        names = order or contract.EXTRACTS[extract].column_names
        cols = [columns[c] for c in names]
        n = len(cols[0])
        if n == 0:
            return
        path, fh = self._handle(extract, stem, names)
        fh.write("".join(line + "\n" for line in map(";".join, zip(*cols))))
        if extract not in self.samples:
            self.samples[extract] = {
                "values": {c: columns[c][0] for c in names},
                "file": path.relative_to(self.out).as_posix(),
                "line": self.lines[path] + 1,
            }
        self.lines[path] += n
        self.rows[extract] += n

    def write_split(self, extract: str, key: np.ndarray, columns: dict[str, np.ndarray], stem_of) -> None:
        """Write rows grouped by ``key`` into files named ``stem_of(key)`` (row order kept)."""
        key = np.asarray(key)
        for k in np.unique(key):
            sel = np.flatnonzero(key == k)
            stem, order = stem_of(k)
            self.write(extract, stem, {c: v[sel] for c, v in columns.items()}, order)

    def close(self) -> None:
        for fh in self.handles.values():
            fh.close()
        self.handles.clear()
