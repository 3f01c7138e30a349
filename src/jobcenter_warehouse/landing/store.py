"""Where the landing writes, and how it keeps concurrent and killed loads apart.

* One landing folder per warehouse: ``LANDING_PATH`` when given, else ``<DUCKDB_PATH>.landing``
  next to the warehouse file, so builds into different warehouses never share files.
* An exclusive lock (``<folder>/.lock``) for the whole load: two loads into the same folder
  wait for each other.
* Every file is written under a unique temporary name and renamed into place. The manifest
  (``_manifest.json``) is removed first and written last: a load that was killed leaves no
  manifest, so the next load does not trust what it finds and lands again.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

DEFAULT_DUCKDB_PATH = "warehouse/jobcenter.duckdb"
MANIFEST = "_manifest.json"
LOCK = ".lock"


def landing_dir(landing_path: str | os.PathLike | None = None, duckdb_path: str | os.PathLike | None = None,
                environ: dict | None = None) -> Path:
    """The landing folder: explicit path, else LANDING_PATH, else <DUCKDB_PATH>.landing."""
    env = os.environ if environ is None else environ
    explicit = landing_path or env.get("LANDING_PATH")
    if explicit:
        return Path(explicit)
    return Path(f"{duckdb_path or env.get('DUCKDB_PATH') or DEFAULT_DUCKDB_PATH}.landing")


@contextmanager
def locked(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")


def remove_stale_temps(folder: Path) -> None:
    """Temporary files of a killed load (only called with the lock held)."""
    for path in folder.glob(".*.tmp"):
        path.unlink(missing_ok=True)


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def drop_manifest(folder: Path) -> None:
    (folder / MANIFEST).unlink(missing_ok=True)


def write_manifest(folder: Path, manifest: dict) -> None:
    target = folder / MANIFEST
    tmp = temp_path(target)
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, target)
