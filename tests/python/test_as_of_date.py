"""The as-of date a run reports on: checked vars, production needs it, no future dates.

The derivation from the data (later events do not move it) is pinned by the dbt unit tests of
int_reporting__parameters; `make test-dbt` also builds a delivery holding a conversation
invited on 2099-01-01 once with the derived and once with the explicit as-of date
2026-10-31 and compares what both publish.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from dbt_runner import ROOT, run_dbt
from jobcenter_warehouse.dbt_vars import problem


@pytest.mark.parametrize("text", ["", "  ", "{as_of_date: 2026-10-31}", "{as_of_date: '2026-10-31', reporting_start: 2017-01-01}",
                                  "{figure2_municipality: '101'}"])
def test_dbt_vars_accepted(text):
    assert problem(text) is None


@pytest.mark.parametrize("text, message", [
    ("{as_of_date: 2026-13-01}", "2026-13-01 is not a calendar date (write dates as YYYY-MM-DD)"),
    ("{as_of_date: 2026-02-29}", "2026-02-29 is not a calendar date (write dates as YYYY-MM-DD)"),
    ("{as_of_date: '2026-04-31'}", "2026-04-31 is not a calendar date (write dates as YYYY-MM-DD)"),
    ("as_of_date", "must be a YAML mapping, like '{as_of_date: 2026-10-31}'"),
    ("{as_of_date: [2026}", "not valid YAML (while parsing a flow sequence); write it like '{as_of_date: 2026-10-31}'"),
])
def test_dbt_vars_refused_in_one_sentence(text, message):
    assert problem(text) == message


def test_make_style_check_prints_one_line_and_exits_2():
    env = dict(os.environ, DBT_VARS="{as_of_date: 2026-13-01}", PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "jobcenter_warehouse.dbt_vars"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "error: DBT_VARS: 2026-13-01 is not a calendar date (write dates as YYYY-MM-DD)\n"


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("vars_, env, message", [
    ("{as_of_date: '2026-13-01'}", {}, "var as_of_date must be a calendar date YYYY-MM-DD, got '2026-13-01'"),
    ("{as_of_date: %s}" % TOMORROW, {}, f"var as_of_date {TOMORROW} is later than today ({dt.date.today().isoformat()}): refused"),
    ("{}", {"WAREHOUSE_ENV": " Production "}, "WAREHOUSE_ENV=production needs an explicit as_of_date"),
], ids=["impossible-date", "tomorrow", "production-without-date"])
def test_dbt_refuses_the_as_of_date_before_building_anything(tmp_path, vars_, env, message):
    done = run_dbt(["parse", "--vars", vars_], tmp_path / "raw", tmp_path, extra_env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert message in output
    assert "Traceback" not in output


def test_production_runs_with_an_explicit_past_as_of_date_and_parses_quietly(tmp_path):
    done = run_dbt(["parse", "--vars", "{as_of_date: 2026-10-31}"], tmp_path / "raw", tmp_path,
                   extra_env={"WAREHOUSE_ENV": "prod"})
    assert done.returncode == 0, done.stdout[-2000:]
    # the hidden input metrics are left out of the OSI document on purpose: no warning about it
    assert "OSI" not in done.stdout + done.stderr
