"""Tags per layer and per focus area, and the named selections of selectors.yml."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from dbt_runner import ROOT, run_dbt

FOCUS_AREAS = [row["focus_area"] for row in csv.DictReader(
    (ROOT / "seeds" / "reference" / "focus_areas.csv").open(encoding="utf-8"))]


def model_stems(folder: str) -> set[str]:
    return {p.stem for p in (ROOT / folder).rglob("*") if p.suffix in (".sql", ".py")}


@pytest.fixture(scope="module")
def ls(tmp_path_factory):
    work = tmp_path_factory.mktemp("selectors")  # one target path: parsed once, then partially

    def run(*args: str) -> list[str]:
        done = run_dbt(["ls", "--resource-type", "model", "--quiet", *args], work / "raw", work)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return [line for line in done.stdout.splitlines() if line.strip()]
    return run


def test_every_model_is_tagged_with_its_layer_and_every_indicator_mart_with_its_focus_area(ls):
    tags = {}
    for line in ls("--output", "json", "--output-keys", "name", "tags", "original_file_path"):
        node = json.loads(line)
        tags[node["name"]] = (set(node["tags"]), node["original_file_path"])
    for name, (node_tags, path) in tags.items():
        layer = path.split("/")[1]
        assert layer in node_tags, name
        parts = path.split("/")
        if parts[1:3] == ["marts", "indicators"]:
            assert parts[3] in FOCUS_AREAS and parts[3] in node_tags, name
    assert {n for n, (t, _) in tags.items() if "star_noegletal" in t} == model_stems("models/marts/indicators/star_noegletal")


def test_selectors_name_the_layers_and_every_focus_area():
    selectors = yaml.safe_load((ROOT / "selectors.yml").read_text(encoding="utf-8"))["selectors"]
    assert [s["name"] for s in selectors] == ["staging", "intermediate", *FOCUS_AREAS]
    assert all(s.get("description") for s in selectors)


def test_the_staging_selection_is_staging_plus_the_reporting_parameters_it_needs(ls):
    assert set(ls("--selector", "staging", "--output", "name")) == (
        model_stems("models/staging") | {"int_reporting__parameters"})


def test_a_focus_area_selection_brings_its_upstream_but_no_other_focus_area(ls):
    names = set(ls("--selector", "star_noegletal", "--output", "name"))
    marts = {n for n in names if n.startswith("ind_")}
    assert marts == model_stems("models/marts/indicators/star_noegletal")
    assert {"stg_extracts__benefit_spells", "int_spells__effective", "int_reporting__parameters"} <= names
    assert "fct_indicator_values" not in names
