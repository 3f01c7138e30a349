"""Entry point for the dbt Python model ``base_extracts__landing`` (DuckDB only)."""

from __future__ import annotations

import sys

from ..pseudonym import PseudonymKeyError
from . import land


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


COLUMNS = "extract_name, files, landed_rows, landed_lines, reused, load_error"


def _error_relation(session, messages: list[str]):
    values = ", ".join(f"(null, null, null, null, null, {_sql_text(m)})" for m in messages)
    return session.sql(
        f"select cast(extract_name as varchar) as extract_name, cast(files as integer) as files, "
        f"cast(landed_rows as bigint) as landed_rows, cast(landed_lines as bigint) as landed_lines, "
        f"cast(reused as boolean) as reused, load_error from (values {values}) as landed({COLUMNS})"
    )


def landing_relation(dbt, session):
    """Land the delivery: one row per extract, or one row per structural error.

    A structural error does not raise a Python exception (dbt would print a stack trace):
    the model returns the messages in ``load_error`` and the SQL model
    ``base_extracts__landing_checked`` stops the build with them.
    """
    raw_root = dbt.config.get("raw_data_path")
    folder = dbt.config.get("landing_path")
    try:
        report = land(raw_root, folder, log=lambda line: print(line, file=sys.stderr))
    except PseudonymKeyError as err:
        return _error_relation(session, [f"landing: {err}"])
    except OSError as err:
        return _error_relation(session, [f"landing: cannot read or write a file ({err.strerror})"])
    if report.errors:
        return _error_relation(session, report.errors)
    if report.reused:
        files = _sql_text(f"{folder}/_files.parquet")
        return session.sql(
            "select extract_name, cast(count(*) as integer) as files, sum(landed_rows) as landed_rows, "
            "sum(landed_lines) as landed_lines, true as reused, cast(null as varchar) as load_error "
            f"from read_parquet({files}) group by 1"
        )
    values = ", ".join(
        f"({_sql_text(r.extract)}, {r.files}, {r.rows}, {r.lines}, false, cast(null as varchar))"
        for r in report.results
    )
    return session.sql(f"select * from (values {values}) as landed({COLUMNS})")
