"""`make build` (jobcenter_warehouse.build): a reader never blocks the build, a failed build
never replaces a passed one, and a second build of the same warehouse gets one line.

Most tests call a stand-in for dbt that writes a DuckDB file where dbt would
(DUCKDB_PATH); the last runs the real dbt (seeds only) with a reader holding the warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from dbt_runner import ROOT

FAKE_DBT = textwrap.dedent("""\
    import os, sys, time, duckdb
    con = duckdb.connect(os.environ.get("DUCKDB_PATH", "warehouse/jobcenter.duckdb"))
    con.execute("create or replace table built as select ? as label, ? as args",
                [os.environ["FAKE_LABEL"], " ".join(sys.argv[1:])])
    con.close()
    time.sleep(float(os.environ.get("FAKE_SLEEP", "0")))
    sys.exit(int(os.environ.get("FAKE_STATUS", "0")))
""")


@pytest.fixture
def setup(tmp_path):
    fake = tmp_path / "fake_dbt.py"
    fake.write_text(FAKE_DBT)
    wrapper = tmp_path / "dbt"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} {fake} \"$@\"\n")
    wrapper.chmod(0o755)
    warehouse = tmp_path / "wh" / "jobcenter.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_VARS", "WAREHOUSE_ENV", "PSEUDONYM_KEY")}
    env.update(BUILD_DBT=str(wrapper), DUCKDB_PATH=str(warehouse), PYTHONPATH=str(ROOT / "src"))
    return warehouse, env


def start(env, label, **extra):
    env = dict(env, FAKE_LABEL=label, **extra)
    return subprocess.Popen([sys.executable, "-m", "jobcenter_warehouse.build"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(env, label, **extra):
    proc = start(env, label, **extra)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


def label_of(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select label from built").fetchone()[0]
    finally:
        con.close()


def test_a_reader_of_the_warehouse_does_not_block_the_build(setup):
    warehouse, env = setup
    assert run(env, "first")[0] == 0
    reader = duckdb.connect(str(warehouse), read_only=True)  # a notebook, kept open
    try:
        status, out, err = run(env, "second")
        assert status == 0, err
        assert "build: passed" in out
        assert reader.execute("select label from built").fetchone()[0] == "first"  # its snapshot
    finally:
        reader.close()
    assert label_of(warehouse) == "second"
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [".jobcenter.duckdb.build-lock", "jobcenter.duckdb"]


def test_a_failed_build_keeps_the_previous_warehouse(setup):
    warehouse, env = setup
    assert run(env, "good")[0] == 0
    status, out, _ = run(env, "broken", FAKE_STATUS="1")
    assert status == 1
    assert f"{warehouse} still holds the previous build" in out
    assert label_of(warehouse) == "good"
    assert label_of(warehouse.parent / "failed" / "jobcenter.duckdb") == "broken"


def test_a_second_build_of_the_same_warehouse_gets_one_line(setup):
    warehouse, env = setup
    first = start(env, "slow", FAKE_SLEEP="6")
    try:
        lock = warehouse.with_name(".jobcenter.duckdb.build-lock")
        deadline = time.time() + 60
        while not (warehouse.exists() and lock.exists() and lock.read_text().startswith("pid")):
            assert time.time() < deadline  # the first build holds the lock and is running dbt
            time.sleep(0.1)
        status, out, err = run(env, "second")
    finally:
        first.communicate(timeout=120)
    assert status == 3
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: another build of {warehouse} is running (pid {first.pid}, started ")
    assert first.returncode == 0 and label_of(warehouse) == "slow"


def test_a_writer_holding_the_warehouse_gets_one_line(setup):
    warehouse, env = setup
    assert run(env, "first")[0] == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(30)"),
        str(warehouse)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        status, out, err = run(env, "second")
    finally:
        holder.kill()
        holder.wait()
    assert status == 3
    assert err == f"error: {warehouse} is open for writing by another process (a dbt run?); run again when it has finished\n"
    assert label_of(warehouse) == "first"


def test_a_killed_build_is_recovered_by_the_next(setup):
    warehouse, env = setup
    assert run(env, "good")[0] == 0
    # what a build killed half-way leaves: the previous file aside, a partial one in place
    os.replace(warehouse, warehouse.with_name(".jobcenter.duckdb.previous"))
    duckdb.connect(str(warehouse)).close()
    status, out, _ = run(env, "next", FAKE_STATUS="1")
    assert status == 1
    assert "did not finish; its previous warehouse is back in place" in out
    assert label_of(warehouse) == "good"


def test_dbt_vars_are_passed_and_checked_first(setup):
    warehouse, env = setup
    status, _, _ = run(dict(env, DBT_VARS="{as_of_date: 2026-10-31}"), "vars")
    assert status == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select args from built").fetchone()[0] == "build --vars {as_of_date: 2026-10-31}"
    con.close()
    status, out, err = run(dict(env, DBT_VARS="{as_of_date: 2026-13-01}"), "never")
    assert (status, out) == (2, "")
    assert err == "error: DBT_VARS: 2026-13-01 is not a calendar date (write dates as YYYY-MM-DD)\n"
    assert label_of(warehouse) == "vars"


def test_production_with_the_demo_key_stops_before_dbt_in_one_line(setup):
    warehouse, env = setup
    env = dict(env, WAREHOUSE_ENV="prod", PSEUDONYM_KEY="demo-key-not-secret-do-not-use-in-production")
    status, out, err = run(env, "never")
    assert (status, out) == (2, "")
    assert err.startswith("error: PSEUDONYM_KEY is the public demo key") and err.count("\n") == 1
    assert not warehouse.exists()


def test_real_dbt_builds_while_a_notebook_reads_the_warehouse(tmp_path):
    warehouse = tmp_path / "wh" / "jobcenter.duckdb"
    warehouse.parent.mkdir()
    old = duckdb.connect(str(warehouse))
    old.execute("create table notebook_sees as select 'previous build' as what")
    old.close()
    reader = duckdb.connect(str(warehouse), read_only=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_VARS", "WAREHOUSE_ENV", "BUILD_DBT")}
    env.update(DUCKDB_PATH=str(warehouse), PYTHONPATH=str(ROOT / "src"), DO_NOT_TRACK="1",
               RAW_DATA_PATH=str(tmp_path / "raw"), LANDING_PATH=str(tmp_path / "landing"))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "jobcenter_warehouse.build", "--select", "resource_type:seed", "--indirect-selection", "cautious",
             "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert "Could not set lock" not in done.stdout + done.stderr
        assert reader.execute("select what from notebook_sees").fetchone()[0] == "previous build"
    finally:
        reader.close()
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from reference.municipalities").fetchone()[0] == 98
    con.close()


def test_make_gives_dbt_the_environment_of_a_bare_run(tmp_path):
    """make's defaults (RAW_DATA_PATH, DUCKDB_PATH) are not exported to dbt: an env var that
    dbt reads set by make but unset when dbt runs bare makes dbt re-parse the whole project."""
    probe = tmp_path / "probe"
    probe.write_text(
        "#!/bin/sh\n"
        f"echo \"RAW_DATA_PATH=${{RAW_DATA_PATH-unset}} DUCKDB_PATH=${{DUCKDB_PATH-unset}}"
        f" LANDING_PATH=${{LANDING_PATH-unset}}\" > {tmp_path}/seen\n")
    probe.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("RAW_DATA_PATH", "DUCKDB_PATH", "LANDING_PATH",
                                                            "DBT_VARS", "MAKEFLAGS", "MAKELEVEL")}
    env["BUILD_DBT"] = str(probe)
    # `land` (the landing step `build` depends on) is marked up to date: this test is about dbt's environment
    done = subprocess.run(["make", "--no-print-directory", "-o", "setup", "-o", ".venv/.installed", "-o", "profiles.yml",
                           "-o", "land", "build"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "seen").read_text() == "RAW_DATA_PATH=unset DUCKDB_PATH=unset LANDING_PATH=unset\n"


def test_make_help_prints_the_values_of_the_settings():
    env = {k: v for k, v in os.environ.items() if k not in ("RAW_DATA_PATH", "DUCKDB_PATH", "DOCS_PORT",
                                                            "DBT_VARS", "MAKEFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "--no-print-directory", "help", "DOCS_PORT=8181"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "$(" not in done.stdout
    assert "write the demo extracts (Ballerup) to data/raw" in done.stdout
    assert "serve the docs on http://127.0.0.1:8181/" in done.stdout
    assert done.stdout.splitlines()[-1] == (
        "Settings: RAW_DATA_PATH=data/raw DUCKDB_PATH=warehouse/jobcenter.duckdb DBT_VARS=(none)")
