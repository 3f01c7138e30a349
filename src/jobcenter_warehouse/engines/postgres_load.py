"""Load tables read by DuckDB (Parquet files, or a DuckDB relation) into PostgreSQL.

The rows travel as CSV through PostgreSQL's ``COPY ... FROM STDIN``: DuckDB writes NULL as an
unquoted empty field and an empty string as ``""``, which is exactly how PostgreSQL's CSV
format tells the two apart.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

# DuckDB column type -> PostgreSQL column type
PG_TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


def pg_type(duckdb_type: str) -> str:
    name = str(duckdb_type).upper()
    if name.startswith("DECIMAL"):
        return name.lower().replace("decimal", "numeric")
    if name not in PG_TYPES:
        raise ValueError(f"no PostgreSQL type for the DuckDB type {duckdb_type}")
    return PG_TYPES[name]


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load_relation(pg_conn, schema: str, table: str, relation: duckdb.DuckDBPyRelation) -> int:
    """(Re)create ``schema.table`` in PostgreSQL with the relation's columns and rows."""
    columns = ", ".join(f"{quote_ident(c)} {pg_type(t)}" for c, t in zip(relation.columns, relation.types))
    target = f"{quote_ident(schema)}.{quote_ident(table)}"
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "rows.csv"
        relation.write_csv(str(csv_path), header=False)
        with pg_conn.cursor() as cur:
            cur.execute(f"create schema if not exists {quote_ident(schema)}")
            cur.execute(f"drop table if exists {target} cascade")
            cur.execute(f"create table {target} ({columns})")
            with csv_path.open("r", encoding="utf-8") as fh:
                cur.copy_expert(f"copy {target} from stdin with (format csv)", fh)
            cur.execute(f"select count(*) from {target}")
            (rows,) = cur.fetchone()
    pg_conn.commit()
    return rows


def load_parquet(pg_conn, schema: str, table: str, parquet_path: str | Path) -> int:
    """(Re)create ``schema.table`` from a Parquet file or folder of Parquet files."""
    path = Path(parquet_path)
    pattern = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
    con = duckdb.connect()
    try:
        relation = con.read_parquet(pattern)
        return load_relation(pg_conn, schema, table, relation)
    finally:
        con.close()
