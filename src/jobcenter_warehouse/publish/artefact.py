"""The artefacts on disk: versioned files behind stable symlinks, switched atomically.

Each publish writes new files under a new version name and then switches a symlink with
`os.replace`, an atomic rename on POSIX:

    <out>/jobcenter_bi.duckdb -> versions/jobcenter_bi.<version>.duckdb
    <out>/parquet/current -> <version>/
    <out>/internal/jobcenter_internal.duckdb -> versions/jobcenter_internal.<version>.duckdb

A reader that holds a file open keeps reading its (complete) version. A connection opened
afterwards through the stable path reads the new file, even in a process that still holds the
old one open: DuckDB caches one database instance per resolved file, and the new version is
another file (a file replaced under the same name would be served from that cache).
The new and the previous version are kept; older ones are removed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from pathlib import Path

import duckdb

from .names import CELL_KEY, PARTITIONED_TABLES, VERSION_NAME, VERSIONS_DIR
from .sql import PublishError, cols, ident, literal


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def version_name() -> str:
    now = dt.datetime.now(dt.timezone.utc)
    return f"v{now:%Y%m%dT%H%M%S%f}Z-{os.getpid()}"


class Lock:
    """One publisher at a time per output folder (readers are not affected)."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = None

    def __enter__(self):
        self.handle = open(self.path, "a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise PublishError(f"another publish is running in {self.path.parent} (lock {self.path.name})") from None
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


class VersionedFile:
    """A DuckDB file published as `<folder>/<name>`, a symlink to a versioned file."""

    def __init__(self, folder: Path, name: str, version: str):
        self.link = folder / name
        self.versions = folder / VERSIONS_DIR
        stem = Path(name).stem
        self.prefix = f"{stem}."
        self.final = self.versions / f"{stem}.{version}.duckdb"
        self.building = self.versions / f".{stem}.{version}.building.duckdb"

    def prepare(self) -> None:
        """Create the folders and remove what a crashed run left (under the publish lock)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        for leftover in self.versions.glob(f".{self.prefix}*"):
            leftover.unlink(missing_ok=True)
        for leftover in self.link.parent.glob(f".{self.link.name}.*.tmp"):
            leftover.unlink(missing_ok=True)

    def current(self) -> str | None:
        return os.path.basename(os.readlink(self.link)) if self.link.is_symlink() else None

    def switch(self) -> None:
        """Make the built file the published one; keep the previous version, drop older ones."""
        previous = self.current()
        os.chmod(self.building, 0o444)  # a client must open it read-only
        os.rename(self.building, self.final)
        switch_link(self.link, f"{VERSIONS_DIR}/{self.final.name}")
        keep = {self.final.name, previous}
        for entry in self.versions.glob(f"{self.prefix}*.duckdb"):
            if entry.name not in keep:
                remove_db_file(entry)

    def discard(self) -> None:
        remove_db_file(self.building)


def switch_link(link: Path, target: str) -> None:
    """Point `link` at `target` (relative, so the folder can be moved) by an atomic rename."""
    tmp = link.parent / f".{link.name}.{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


def remove_db_file(path: Path) -> None:
    for candidate in (path, Path(str(path) + ".wal")):
        candidate.unlink(missing_ok=True)


class ParquetVersions:
    """The Parquet copy: `<root>/<version>/`, with `<root>/current` switched atomically."""

    def __init__(self, root: Path, version: str):
        self.root = root
        self.version = version
        self.building = root / f".build-{version}"

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        link = self.root / "current"
        if link.exists() and not link.is_symlink():
            raise PublishError(f"{link} exists and is not a symlink; move it away and publish again")
        for entry in self.root.glob(".build-*"):
            shutil.rmtree(entry, ignore_errors=True)
        for entry in self.root.glob(".current.*.tmp"):
            entry.unlink(missing_ok=True)

    def switch(self) -> None:
        link = self.root / "current"
        previous = os.path.basename(os.readlink(link)) if link.is_symlink() else None
        os.rename(self.building, self.root / self.version)
        switch_link(link, self.version)
        for entry in self.root.iterdir():
            if entry.name not in {self.version, previous} and entry.is_dir() and not entry.is_symlink() \
                    and VERSION_NAME.match(entry.name):
                shutil.rmtree(entry)

    def discard(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)


def write_parquet(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, names: list[str], out: Path) -> None:
    """Every table of `names` as Parquet under `out`; the partitioned ones per indicator."""
    out.mkdir(parents=True)
    synced = [out]
    for name in names:
        table = f"{ident(catalog)}.{ident(schema)}.{ident(name)}"
        if name in PARTITIONED_TABLES:
            synced += _write_partitioned(con, table, out / name)
        else:
            con.execute(f"copy (select * from {table}) to {literal(str(out / (name + '.parquet')))} (format parquet)")
    for path in synced:
        fsync_dir(path)


def _write_partitioned(con: duckdb.DuckDBPyConnection, table: str, folder: Path) -> list[Path]:
    """One file per indicator (hive partitioning on indicator_id, which each file also holds),
    checked against the table's row count."""
    ids = [r[0] for r in con.execute(f"select distinct indicator_id from {table} order by 1").fetchall()]
    folder.mkdir()
    for indicator_id in ids:
        part = folder / f"indicator_id={indicator_id}"
        part.mkdir()
        con.execute(f"""
            copy (select * from {table} where indicator_id = {literal(indicator_id)} order by {cols(CELL_KEY)})
            to {literal(str(part / 'data.parquet'))} (format parquet)
            """)
    glob = str(folder / "*" / "*.parquet")
    (n_parquet,) = con.execute(f"select count(*) from read_parquet({literal(glob)})").fetchone() if ids else (0,)
    (n_file,) = con.execute(f"select count(*) from {table}").fetchone()
    if n_parquet != n_file:
        raise PublishError(f"Parquet holds {n_parquet} rows of {folder.name}, the DuckDB file {n_file}")
    return [folder, *folder.iterdir()]
