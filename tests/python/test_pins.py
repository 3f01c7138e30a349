"""Every dependency is pinned exactly, and pyproject.toml and requirements.txt agree."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def requirements():
    lines = (line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines())
    return [line for line in lines if line]


def test_pins_are_exact_and_identical():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert project == requirements()
    for pin in project:
        name, _, version = pin.partition("==")
        assert name and version and not any(c in version for c in "<>=~*, "), pin
    names = {pin.split("==")[0] for pin in project}
    for needed in ("dbt-core", "dbt-duckdb", "duckdb", "sqlfluff", "sqlfluff-templater-dbt",
                   "great-expectations", "pytest", "dbt-metricflow"):
        assert needed in names, needed
