"""The list of indicator marts that fct_indicator_values unions (macro indicator_marts() in
macros/indicators/indicator_registry.sql) equals the indicator catalog's built marts, and
every listed mart has its SQL file in the folder of its focus area."""

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "macros" / "indicators" / "indicator_registry.sql"
CATALOG = ROOT / "seeds" / "reference" / "indicator_catalog.csv"
MARTS = ROOT / "models" / "marts" / "indicators"


def registry_names() -> list[str]:
    text = REGISTRY.read_text(encoding="utf-8")
    body = text[text.index("return([") :]
    return re.findall(r"'(ind_[a-z0-9_]+)'", body)


def catalog_rows() -> list[dict[str, str]]:
    with CATALOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_registry_equals_catalog_built_marts():
    built = sorted(row["mart_name"] for row in catalog_rows() if row["mart_name"])
    assert registry_names() == built


def test_registry_has_no_duplicates_and_is_sorted():
    names = registry_names()
    assert len(names) == len(set(names))
    assert names == sorted(names)


def test_every_listed_mart_has_its_model_file():
    missing = [
        f"{row['focus_area']}/{row['mart_name']}.sql"
        for row in catalog_rows()
        if row["mart_name"] and not (MARTS / row["focus_area"] / f"{row['mart_name']}.sql").exists()
    ]
    assert missing == []
