"""The goals of the indicators (INDICATORS.md, Comparison layer, Goals): goal_kind and
target_value agree in the catalog seed, the docs (seed and dim_indicator column descriptions),
the semantic layer's metric meta and dim_indicator in a built warehouse.

The expected goals are written out here from the spec's list, by hand: the catalog is checked
against them, and every other place against the catalog.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "seeds" / "reference" / "indicator_catalog.csv"

# INDICATORS.md, "Goals": threshold I07 (0.80), I20 (0.30), I21 (0.25); national I10 I11 I12
# I13 I15 I16 I18 I19; region_top10 I09; parity I24 I25 I26; trend S03-S18, S20, S21;
# none for every other indicator with a direction; NULL (no goal) without a direction.
SPEC_GOALS = {
    "threshold": ["I07", "I20", "I21"],
    "national": ["I10", "I11", "I12", "I13", "I15", "I16", "I18", "I19"],
    "region_top10": ["I09"],
    "parity": ["I24", "I25", "I26"],
    "trend": [f"S{n:02d}" for n in range(3, 19)] + ["S20", "S21"],
}
SPEC_TARGETS = {"I07": 0.80, "I20": 0.30, "I21": 0.25}
WITHOUT_DIRECTION = ["I08", "I27", "S02", "X01", "X02"]


def catalog_rows() -> list[dict[str, str]]:
    with CATALOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_goal(indicator_id: str) -> str | None:
    if indicator_id in WITHOUT_DIRECTION:
        return None
    for kind, ids in SPEC_GOALS.items():
        if indicator_id in ids:
            return kind
    return "none"


def catalog_goals() -> dict[str, tuple[str | None, float | None]]:
    return {
        row["indicator_id"]: (row["goal_kind"] or None, float(row["target_value"]) if row["target_value"] else None)
        for row in catalog_rows()
    }


def test_catalog_goals_are_the_spec_list():
    rows = catalog_rows()
    assert len(rows) == 54
    for row in rows:
        indicator_id = row["indicator_id"]
        assert (row["goal_kind"] or None) == expected_goal(indicator_id), indicator_id
        target = float(row["target_value"]) if row["target_value"] else None
        assert target == SPEC_TARGETS.get(indicator_id), indicator_id
        assert (row["direction"] == "none") == (indicator_id in WITHOUT_DIRECTION), indicator_id


def expand_ids(text: str) -> set[str]:
    """Indicator ids named in a piece of prose, with ranges such as S03-S18 expanded."""
    ids = set()
    for start, end in re.findall(r"\b([ISX]\d{2})-([ISX]\d{2})\b", text):
        prefix = start[0]
        ids |= {f"{prefix}{n:02d}" for n in range(int(start[1:]), int(end[1:]) + 1)}
    ids |= set(re.findall(r"\b[ISX]\d{2}\b", text))
    return ids


def documented_goals(description: str) -> dict[str, set[str]]:
    """goal kind -> ids, from a description of the form "`kind` (... I07, I20 ...) ...":
    the ids listed in the parentheses after each kind (the `none` kind lists none)."""
    found = {}
    for kind in SPEC_GOALS:
        match = re.search(r"`" + kind + r"`[^(]*\(([^)]*)\)", description)
        assert match, f"the description does not explain `{kind}`"
        found[kind] = expand_ids(match.group(1))
    return found


def column_description(path: Path, entry_key: str, entry_name: str, column: str) -> str:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = [item for item in document[entry_key] if item["name"] == entry_name]
    (described,) = [item for item in entry["columns"] if item["name"] == column]
    return described["description"]


@pytest.mark.parametrize("path,entry_key,entry_name", [
    (ROOT / "seeds" / "reference" / "_reference__seeds.yml", "seeds", "indicator_catalog"),
    (ROOT / "models" / "marts" / "core" / "dim_indicator.yml", "models", "dim_indicator"),
])
def test_column_docs_list_the_catalog_goals(path, entry_key, entry_name):
    described = documented_goals(column_description(path, entry_key, entry_name, "goal_kind"))
    goals = catalog_goals()
    for kind, ids in described.items():
        assert ids == {i for i, (k, _) in goals.items() if k == kind}, kind


def test_semantic_layer_meta_carries_the_catalog_goals():
    semantic = ROOT / "models" / "marts" / "semantic"
    metas = {}
    for name in ("_metrics.yml", "sem_indicator_values.yml", "sem_indicator_values_population_split.yml"):
        document = yaml.safe_load((semantic / name).read_text(encoding="utf-8"))
        metrics = document.get("metrics") or [m for model in document.get("models", []) for m in model.get("metrics", [])]
        for metric in metrics:
            meta = (metric.get("config") or {}).get("meta") or {}
            if "indicator_id" in meta:
                metas[meta["indicator_id"]] = meta
    goals = catalog_goals()
    built = {row["indicator_id"] for row in catalog_rows() if row["mart_name"]}
    assert set(metas) == built
    for indicator_id, meta in metas.items():
        kind, target = goals[indicator_id]
        assert meta["goal_kind"] == kind, indicator_id
        assert meta["target_value"] == target, indicator_id


@pytest.fixture(scope="module")
def warehouse() -> Path:
    path = Path(os.environ.get("DUCKDB_PATH") or ROOT / "warehouse" / "jobcenter.duckdb").resolve()
    if not path.exists():
        pytest.skip(f"no built warehouse at {path} (set DUCKDB_PATH or run `make build`)")
    return path


def test_dim_indicator_carries_the_catalog_goals(warehouse):
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select indicator_id, goal_kind, cast(target_value as double) from marts.dim_indicator"
        ).fetchall()
    assert {row[0]: (row[1], row[2]) for row in rows} == catalog_goals()


def test_comparison_rows_carry_the_catalog_goals(warehouse):
    import duckdb
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct indicator_id, goal_kind, target_value from marts.cmp_indicator_comparison"
        ).fetchall()
    goals = catalog_goals()
    assert rows, "cmp_indicator_comparison is empty"
    assert {row[0] for row in rows} <= {i for i, (k, _) in goals.items() if k is not None}
    for indicator_id, kind, target in rows:
        assert (kind, target) == goals[indicator_id], indicator_id


def test_indicator_docs_state_the_catalog_goals():
    """Each built indicator's catalog doc block (its docs page) names its goal kind, and its
    numeric target for threshold goals."""
    text = (ROOT / "models" / "marts" / "indicators" / "_indicator_catalog.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"\{% docs ind_([a-z0-9]+)_catalog %\}(.*?)\{% enddocs %\}", text, flags=re.DOTALL))
    goals = catalog_goals()
    built = [row["indicator_id"] for row in catalog_rows() if row["mart_name"]]
    assert sorted(blocks) == sorted(i.lower() for i in built)
    for indicator_id in built:
        block = blocks[indicator_id.lower()]
        kind, target = goals[indicator_id]
        if kind is None:
            assert "**Mål / goal:** ingen retning" in block, indicator_id
        else:
            assert f"**Mål / goal** (`{kind}`)" in block, indicator_id
        if target is not None:
            assert f"{target:.0%}" in block, indicator_id


def test_every_mart_is_described_by_its_two_doc_blocks():
    """The mart's description = its hand-written block + its catalog block (one text, written
    by generate_metrics.indicator_description, the same for the metric)."""
    import importlib.util
    import sys
    spec = importlib.util.spec_from_file_location("generate_metrics", ROOT / "scripts" / "generate_metrics.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_metrics", module)
    spec.loader.exec_module(module)
    for indicator in module.read_indicators():
        (path,) = (ROOT / "models" / "marts" / "indicators").rglob(f"{indicator.mart_name}.yml")
        (model,) = yaml.safe_load(path.read_text(encoding="utf-8"))["models"]
        assert model["description"] == module.indicator_description(indicator), indicator.indicator_id
