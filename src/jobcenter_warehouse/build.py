"""``make build``: one ``dbt build`` into a new warehouse file, whoever is reading the old one.

DuckDB allows one writer or many readers of a file, never both: a notebook or BI tool with
``warehouse/jobcenter.duckdb`` open, even read-only, makes ``dbt build`` fail on that file.
So a build never writes into the file that readers have open:

1. it refuses, in one line, when another ``make build`` of the same warehouse is running
   (a lock file beside the warehouse) or another process has the file open for writing;
2. it moves the current warehouse aside (``.<name>.previous``; a rename, so readers keep the
   file they opened) and runs ``dbt build`` into a new file at the usual path;
3. when the build passed, the previous file is removed (readers that still have it open
   keep reading it until they reconnect); when it failed, the failed build is moved to
   ``<dir>/failed/<name>`` (same file name, so its views still resolve; its ``audit``
   schema holds the failing rows) and the previous warehouse is put back.

A build that was killed half-way leaves ``.<name>.previous`` behind: the next build puts it
back first. dbt is called with the caller's environment unchanged (``DUCKDB_PATH`` is not
rewritten), so ``make build`` and a bare ``dbt build`` share dbt's partial parse.

    python -m jobcenter_warehouse.build [extra dbt build arguments]

``DUCKDB_PATH`` (default ``warehouse/jobcenter.duckdb``) names the warehouse; ``DBT_VARS``
is passed as ``--vars`` (checked first, see :mod:`jobcenter_warehouse.dbt_vars`);
``BUILD_DBT`` overrides the dbt executable (the tests use a stand-in). Exit status: dbt's, or 2 for bad settings, 3 when the
warehouse is busy.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from .dbt_vars import problem as vars_problem
from .pseudonym import PseudonymKeyError, resolve_key

DEFAULT_WAREHOUSE = "warehouse/jobcenter.duckdb"
BUSY = 3


class Busy(RuntimeError):
    """Another build, or another writer, has the warehouse."""


def paths(warehouse: Path) -> dict[str, Path]:
    """The files a build uses beside the warehouse."""
    return {
        "lock": warehouse.with_name(f".{warehouse.name}.build-lock"),
        "previous": warehouse.with_name(f".{warehouse.name}.previous"),
        "failed": warehouse.parent / "failed" / warehouse.name,
    }


def _move(src: Path, dst: Path) -> None:
    """Rename a DuckDB file together with its write-ahead log, if any."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        s, d = Path(f"{src}{suffix}"), Path(f"{dst}{suffix}")
        if s.exists():
            os.replace(s, d)
        elif d.exists():
            d.unlink()


def _remove(path: Path) -> None:
    for suffix in ("", ".wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def acquire_lock(warehouse: Path):
    """Hold the build lock of ``warehouse`` (released when the process ends), or raise Busy."""
    lock_path = paths(warehouse)["lock"]
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise Busy(f"another build of {warehouse} is running ({holder}); run again when it has finished")
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, started {dt.datetime.now():%Y-%m-%d %H:%M:%S}")
    handle.flush()
    return handle


def check_no_writer(warehouse: Path) -> None:
    """Raise Busy when another process has the warehouse open for writing (e.g. a bare dbt)."""
    if not warehouse.exists():
        return
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.Error as err:
        if "lock" in str(err).lower():
            raise Busy(f"{warehouse} is open for writing by another process (a dbt run?); "
                       "run again when it has finished") from None
        raise


def recover(warehouse: Path) -> str | None:
    """Put back the previous warehouse that a killed build left aside; returns a note."""
    p = paths(warehouse)
    if not p["previous"].exists():
        return None
    if warehouse.exists():
        _move(warehouse, p["failed"])
    _move(p["previous"], warehouse)
    return (f"build: an earlier build of {warehouse} did not finish; its previous warehouse is back "
            f"in place (the unfinished one is in {p['failed']})")


def dbt_command(extra: list[str], environ: dict) -> list[str]:
    dbt = environ.get("BUILD_DBT") or str(Path(sys.executable).with_name("dbt"))
    command = [dbt, "build", *extra]
    if environ.get("DBT_VARS", "").strip():
        command += ["--vars", environ["DBT_VARS"]]
    return command


def build(extra: list[str], environ: dict | None = None) -> int:
    env = dict(os.environ if environ is None else environ)
    message = vars_problem(env.get("DBT_VARS", ""))
    if message:
        print(f"error: DBT_VARS: {message}", file=sys.stderr)
        return 2
    try:
        resolve_key(env, warn=False)  # the landing step prints the demo-key banner itself
    except PseudonymKeyError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    warehouse = Path(env.get("DUCKDB_PATH") or DEFAULT_WAREHOUSE)
    p = paths(warehouse)
    try:
        lock = acquire_lock(warehouse)
        note = recover(warehouse)
        check_no_writer(warehouse)
    except Busy as err:
        print(f"error: {err}", file=sys.stderr)
        return BUSY
    try:
        if note:
            print(note, flush=True)
        had_previous = warehouse.exists()
        if had_previous:
            _move(warehouse, p["previous"])
        status = subprocess.run(dbt_command(extra, env), env=env).returncode
        if status == 0:
            _remove(p["previous"])
            print(f"build: passed; {warehouse} is the new warehouse (readers of the previous file keep "
                  "it until they reconnect)", flush=True)
        elif had_previous:
            _move(warehouse, p["failed"])
            _move(p["previous"], warehouse)
            print(f"build: failed; {warehouse} still holds the previous build, the failed one is in "
                  f"{p['failed']} (its audit schema holds the failing rows)", flush=True)
        else:
            print(f"build: failed; the failed build is in {warehouse}", flush=True)
        return status
    finally:
        lock.close()


def main(argv: list[str] | None = None) -> int:
    return build(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
