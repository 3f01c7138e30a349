"""Consistency: every table published must come from one finished `dbt build`.

The dbt hooks (macros/publish/build_log.sql) write the build log into the warehouse: schema
`dbt_runs`, table `invocations` (one row per dbt invocation: started_at, finished_at once its
on-run-end hook ran, status, the disclosure_threshold var) and `model_builds` (one row per
model built: invocation_id, model_name, built_at, written by a post-hook inside the model's
transaction). A model's build is its latest row in `model_builds`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from .load import Warehouse, tables
from .names import INVOCATIONS_TABLE, MODEL_BUILDS_TABLE, RUNS_SCHEMA
from .sql import PublishError, literal, qualified

REBUILD = "run a complete `dbt build` and publish again"


@dataclass
class BuildRun:
    """The one dbt invocation that built every published table."""

    invocation_id: str
    started_at: object
    finished_at: object
    status: str
    disclosure_threshold: int | None


def check_build_run(con: duckdb.DuckDBPyConnection, wh: Warehouse, models: list[str]) -> BuildRun:
    """The dbt invocation that built all of `models`; PublishError (one line) when they come
    from different invocations, or from one that did not finish."""
    present = set(tables(con, wh.catalog, RUNS_SCHEMA))
    if not {INVOCATIONS_TABLE, MODEL_BUILDS_TABLE} <= present:
        raise PublishError(f"refused: the warehouse has no build log ({RUNS_SCHEMA}); {REBUILD}")
    builds = dict(
        con.execute(f"""
            select model_name, arg_max(invocation_id, built_at)
            from {qualified(wh.catalog, RUNS_SCHEMA, MODEL_BUILDS_TABLE)}
            where model_name in ({', '.join(literal(m) for m in models)})
            group by model_name
            """).fetchall()
    )
    unrecorded = [m for m in models if m not in builds]
    if unrecorded:
        raise PublishError(f"refused: no dbt run is recorded for {', '.join(sorted(unrecorded))}; {REBUILD}")
    runs = sorted(set(builds.values()))
    if len(runs) > 1:
        by_run = {run: sorted(m for m, r in builds.items() if r == run) for run in runs}
        detail = "; ".join(f"run {run[:8]}: {', '.join(ms[:3])}{' ...' if len(ms) > 3 else ''}"
                           for run, ms in by_run.items())
        raise PublishError(f"refused: the tables come from {len(runs)} different dbt runs ({detail}); {REBUILD}")
    return _finished_run(con, wh, runs[0])


def _finished_run(con: duckdb.DuckDBPyConnection, wh: Warehouse, invocation_id: str) -> BuildRun:
    row = con.execute(
        f"""
        select invocation_id, started_at, finished_at, status, disclosure_threshold
        from {qualified(wh.catalog, RUNS_SCHEMA, INVOCATIONS_TABLE)}
        where invocation_id = ?
        order by started_at desc
        limit 1
        """,
        [invocation_id],
    ).fetchone()
    if row is None:
        raise PublishError(f"refused: the dbt run {invocation_id} is not in {RUNS_SCHEMA}; {REBUILD}")
    run = BuildRun(row[0], row[1], row[2], row[3], row[4])
    if run.finished_at is None:
        raise PublishError(
            f"refused: the dbt run {invocation_id} (started {run.started_at}) that built the marts "
            f"did not finish (killed, or still running); {REBUILD}"
        )
    return run
