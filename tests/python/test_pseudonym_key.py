"""The pseudonym key: the public demo key is refused in production however it is supplied,
and its warning is printed once per process (a build lands nine extracts in one process)."""

from __future__ import annotations

import threading

import pytest

from jobcenter_warehouse import pseudonym
from jobcenter_warehouse.landing import land_extract
from jobcenter_warehouse.pseudonym import DEMO_KEY, PseudonymKeyError, resolve_key


@pytest.fixture(autouse=True)
def fresh_banner(monkeypatch):
    monkeypatch.setattr(pseudonym, "_warned", threading.Event())


@pytest.mark.parametrize("env_name", ["prod", "production", "PROD", " Production "])
@pytest.mark.parametrize("key", [
    "demo-key-not-secret-do-not-use-in-production",
    " demo-key-not-secret-do-not-use-in-production\n",
    "DEMO-KEY-NOT-SECRET-DO-NOT-USE-IN-PRODUCTION",
    None,  # not set at all
    "",  # set, but empty
])
def test_production_refuses_the_demo_key_however_it_is_supplied(env_name, key):
    env = {"WAREHOUSE_ENV": env_name}
    if key is not None:
        env["PSEUDONYM_KEY"] = key
    with pytest.raises(PseudonymKeyError, match="demo key"):
        resolve_key(env)


def test_the_demo_key_given_explicitly_is_refused_in_production_without_the_banner(capsys):
    with pytest.raises(PseudonymKeyError, match="is the public demo key"):
        resolve_key({"WAREHOUSE_ENV": "prod", "PSEUDONYM_KEY": DEMO_KEY})
    assert capsys.readouterr().err == ""


def test_outside_production_the_demo_key_is_allowed_when_given_explicitly():
    assert resolve_key({"PSEUDONYM_KEY": DEMO_KEY, "WAREHOUSE_ENV": "dev"}) == DEMO_KEY.encode()


def test_production_accepts_a_real_secret():
    assert resolve_key({"WAREHOUSE_ENV": "prod", "PSEUDONYM_KEY": "s3cret-of-20-chars!!"}) == b"s3cret-of-20-chars!!"


def test_the_demo_key_banner_is_printed_once_per_process(capsys):
    for _ in range(9):
        assert resolve_key({}) == DEMO_KEY.encode()
    err = capsys.readouterr().err
    assert err.count("PSEUDONYM_KEY is not set") == 1
    assert err.count("!" * 78) == 2


def test_landing_in_production_with_the_demo_key_stops_before_reading(tmp_path, monkeypatch):
    folder = tmp_path / "raw" / "persons"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("cpr;municipality_code;origin_type;origin_country;residence_permit_date\n")
    monkeypatch.setenv("WAREHOUSE_ENV", "prod")
    monkeypatch.setenv("PSEUDONYM_KEY", DEMO_KEY)
    with pytest.raises(PseudonymKeyError):
        land_extract(tmp_path / "raw", "persons", tmp_path / "out")
    assert not (tmp_path / "out" / "persons.csv").exists()
