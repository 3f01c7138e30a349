"""Run dbt from tests against an isolated DuckDB file, target path and raw-data root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"


def run_dbt(args: list[str], raw: Path, work: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update({
        "RAW_DATA_PATH": str(raw),
        "DUCKDB_PATH": str(work / "wh.duckdb"),
        "LANDING_PATH": str(work / "landing"),
        "DO_NOT_TRACK": "1",
        "PYTHONPATH": str(ROOT / "src"),
    })
    env.update(extra_env or {})
    return subprocess.run(
        [str(DBT), *args, "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
