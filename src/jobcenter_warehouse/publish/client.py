"""SQLAlchemy engines (duckdb-engine) that read the newest publish, also when pooled.

Each publish writes a new versioned file and switches the stable symlink (artefact.py). A new
DuckDB connection through the stable path opens the new file; a pooled connection that stays
open keeps the version it opened. `published_engine` makes a pool safe for that:

* every new connection opens the file the stable path points to at that moment (the
  `do_connect` hook resolves the symlink and remembers the resolved file);
* at every checkout the pool compares that file with the one the stable path points to now;
  when a newer publish exists, the connection is discarded and replaced by a fresh one
  (SQLAlchemy's documented "disconnect on checkout" mechanism).

A query therefore never reads a version older than the one current when its connection was
checked out. A connection already checked out keeps its version until it is returned, so a
dashboard query never sees two versions at once.

    from jobcenter_warehouse.publish.client import published_engine
    engine = published_engine("publish/jobcenter_bi.duckdb")          # QueuePool, read-only
    pandas.read_sql("select * from fct_indicator_rollups", engine)
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy
from sqlalchemy import event, exc

RESOLVED = "jobcenter_published_file"


def published_engine(path: str | os.PathLike, **engine_args) -> sqlalchemy.Engine:
    """A read-only engine over the published file at the stable `path` (see module doc)."""
    link = Path(path).absolute()
    connect_args = {"read_only": True, **engine_args.pop("connect_args", {})}
    engine = sqlalchemy.create_engine(f"duckdb:///{link}", connect_args=connect_args, **engine_args)
    follow_publishes(engine, link)
    return engine


def follow_publishes(engine: sqlalchemy.Engine, link: str | os.PathLike) -> None:
    """Add the two pool hooks to an existing duckdb-engine `engine` reading `link`."""
    link = Path(link).absolute()

    @event.listens_for(engine, "do_connect")
    def _open_current_version(dialect, connection_record, cargs, cparams):
        resolved = os.path.realpath(link)
        connection_record.info[RESOLVED] = resolved
        if cargs:
            cargs[0] = resolved
        else:
            cparams["database"] = resolved

    @event.listens_for(engine, "checkout")
    def _drop_if_outdated(dbapi_connection, connection_record, connection_proxy):
        if connection_record.info.get(RESOLVED) != os.path.realpath(link):
            raise exc.DisconnectionError("a newer publish is available; reconnecting")
