"""The semantic layer (MetricFlow): generated YAML in sync with the catalog, and every metric
returning the numbers of the mart.

The first tests need no warehouse. The others need a built warehouse: DUCKDB_PATH, else
warehouse/jobcenter.duckdb (skipped with the reason when it is missing or built without the
semantic models). They parse the project into target/mf_test/ (a private target path, so a
concurrent `dbt build` is not disturbed) and run `mf` there, then compare every metric,
grouped by month and one dimension, with plain SQL on marts.fct_indicator_values: sum of the
numerator over sum of the denominator per month and dimension value (count metrics: the sum
of the numerator). Several metrics share one `mf query` call to keep the test fast.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DBT = BIN / "dbt"
MF = BIN / "mf"
MF_DIR = ROOT / "target" / "mf_test"

# Dimensions each batch of metrics is grouped by (besides metric_time__month), and the SQL on
# the mart that gives the same grouping. The population-split metrics (I22, S02) have no
# target group; they are grouped by region (a dimension joined through the municipality).
DIMENSIONS = {
    "gender": "f.gender",
    "origin_group": "f.origin_group",
    "age_band": "f.age_band",
    "municipality": "f.municipality_code",
    "municipality__region_name": "m.region_name",
    "target_group": "f.target_group",
    "target_group__family": "t.family",
}
POPULATION_SPLIT_DIMENSION = "municipality__region_name"


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_metrics", ROOT / "scripts" / "generate_metrics.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_metrics", module)
    spec.loader.exec_module(module)
    return module


GENERATOR = load_generator()
INDICATORS = GENERATOR.read_indicators()


# ---------------------------------------------------------------- YAML in sync with the catalog

def test_generated_yaml_is_in_sync_with_the_catalog():
    stale = [
        str(path.relative_to(ROOT))
        for path, content in GENERATOR.render().items()
        if not path.exists() or path.read_text(encoding="utf-8") != content
    ]
    assert not stale, f"out of date: {stale}; run: .venv/bin/python scripts/generate_metrics.py"


def read_yaml(name: str) -> dict:
    return yaml.safe_load((GENERATOR.SEMANTIC_DIR / name).read_text(encoding="utf-8"))


def test_one_metric_per_built_indicator():
    metrics = {}  # name -> (semantic model of a simple metric, or None, metric)
    for model in (GENERATOR.ADDITIVE_MODEL, GENERATOR.POPULATION_SPLIT_MODEL):
        (entry,) = read_yaml(f"{model}.yml")["models"]
        assert entry["name"] == model and entry["semantic_model"] is True
        for metric in entry["metrics"]:
            assert metric["type"] == "simple", metric["name"]
            assert metric["name"] not in metrics, f"duplicate metric {metric['name']}"
            metrics[metric["name"]] = (model, metric)
    for metric in read_yaml(GENERATOR.METRICS_FILE)["metrics"]:
        assert metric["name"] not in metrics, f"duplicate metric {metric['name']}"
        metrics[metric["name"]] = (None, metric)
    visible = {name: value for name, value in metrics.items() if not value[1].get("hidden")}

    assert len(INDICATORS) == 51
    assert sorted(visible) == sorted(indicator.metric_name for indicator in INDICATORS)
    for indicator in INDICATORS:
        model, metric = visible[indicator.metric_name]
        assert metric["label"].startswith(f"{indicator.indicator_id} · {indicator.name_da}")
        block = "ind_" + indicator.indicator_id.lower()
        assert metric["description"] == '{{ doc("' + block + '") }}\n\n{{ doc("' + block + '_catalog") }}'
        assert metric["config"]["meta"]["indicator_id"] == indicator.indicator_id
        if indicator.unit == "count":
            assert metric["type"] == "simple" and metric["expr"] == "numerator"
            assert f"'{indicator.indicator_id}'" in metric["filter"]
        else:
            assert metric["type"] == "ratio"
            for part in ("numerator", "denominator"):
                assert f"'{indicator.indicator_id}'" in metric[part]["filter"]
                model, measure = metrics[metric[part]["name"]]
                assert measure["expr"] == part and measure.get("hidden") is True
        # I22 and S02 repeat the population on every target group row: their inputs come from
        # the semantic model without target group, so they can never be grouped by it.
        expected = GENERATOR.POPULATION_SPLIT_MODEL if indicator.indicator_id in ("I22", "S02") \
            else GENERATOR.ADDITIVE_MODEL
        assert model == expected, indicator.indicator_id


def test_population_split_model_has_no_target_group():
    document = read_yaml(f"{GENERATOR.POPULATION_SPLIT_MODEL}.yml")
    columns = [column["name"] for column in document["models"][0]["columns"]]
    assert "target_group" not in columns


def test_saved_queries_cover_every_metric():
    document = read_yaml(GENERATOR.SAVED_QUERIES_FILE)
    in_queries = [metric for query in document["saved_queries"] for metric in query["query_params"]["metrics"]]
    assert sorted(in_queries) == sorted(indicator.metric_name for indicator in INDICATORS)
    for query in document["saved_queries"]:
        assert "TimeDimension('metric_time', 'month')" in query["query_params"]["group_by"]
        assert "Entity('municipality')" in query["query_params"]["group_by"]


# ---------------------------------------------------------------- against a built warehouse

def warehouse_path() -> Path:
    return Path(os.environ.get("DUCKDB_PATH") or ROOT / "warehouse" / "jobcenter.duckdb").resolve()


@pytest.fixture(scope="module")
def warehouse() -> Path:
    path = warehouse_path()
    if not path.exists():
        pytest.skip(f"no built warehouse at {path} (set DUCKDB_PATH or run `make build`)")
    import duckdb
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            tables = {row[0] for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
    except duckdb.IOException as exc:
        pytest.skip(f"warehouse {path} is locked by another process: {exc}")
    needed = {"fct_indicator_values", "sem_indicator_values", "sem_indicator_values_population_split",
              "sem_municipality", "sem_target_group", "metricflow_time_spine"}
    if needed - tables:
        pytest.skip(f"warehouse {path} was built without {sorted(needed - tables)}; rebuild it with `dbt build`")
    return path


def command_env(warehouse: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DUCKDB_PATH": str(warehouse), "DO_NOT_TRACK": "1", "PYTHONPATH": str(ROOT / "src")})
    return env


@pytest.fixture(scope="module")
def mf_project(warehouse: Path) -> Path:
    """A directory `mf` can run in: the project's dbt_project.yml and profiles.yml, and a
    target/semantic_manifest.json parsed from the current YAML (mf always reads
    <project>/target/semantic_manifest.json)."""
    MF_DIR.mkdir(parents=True, exist_ok=True)
    for name, source in (("dbt_project.yml", "dbt_project.yml"),
                         ("profiles.yml", "profiles.yml" if (ROOT / "profiles.yml").exists()
                          else "profiles.yml.example")):
        link = MF_DIR / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(ROOT / source)
    result = parse_project(MF_DIR, command_env(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (MF_DIR / "target" / "semantic_manifest.json").exists()
    return MF_DIR


def parse_project(directory: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`dbt parse` into <directory>/target. dbt-core 1.12.0's partial parsing can report a
    metric twice after metrics moved between files (dbt-core issue #13004); a full parse
    then succeeds, so retry once without partial parsing."""
    command = [str(DBT), "parse", "--quiet", "--target-path", str(directory / "target"),
               "--log-path", str(directory / "logs")]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and "found two" in result.stdout + result.stderr:
        result = subprocess.run([*command, "--no-partial-parse"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)
    return result


def mf(project: Path, warehouse: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(MF), *args], cwd=project, env=command_env(warehouse),
                          capture_output=True, text=True, timeout=300)


def mf_query(project: Path, warehouse: Path, out: Path, *args: str) -> list[dict[str, str]]:
    result = mf(project, warehouse, "query", *args, "--csv", str(out))
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_values(warehouse: Path, indicator, dimension: str) -> dict[tuple[str, str], float | None]:
    """(month, dimension value) -> the metric's value, by plain SQL on the mart."""
    import duckdb
    joins = """
        left join marts.dim_municipality as m on f.municipality_code = m.municipality_code
        left join marts.dim_target_group as t on f.target_group = t.target_group"""
    if indicator.additive_over_target_group:
        cells = "select * from marts.fct_indicator_values where indicator_id = $id"
    else:
        # I22 / S02: numerator summed over target groups, the population cell taken once, every
        # cell with a population counted (S03 holds the same population 16-66 for every cell).
        cells = """
            with split as (
                select municipality_code, period_start, origin_group, gender, age_band,
                       sum(numerator) as numerator, max(denominator) as denominator
                from marts.fct_indicator_values where indicator_id = $id
                group by all
            ),
            population as (
                select municipality_code, period_start, origin_group, gender, age_band,
                       denominator as population
                from marts.fct_indicator_values
                where indicator_id = 'S03' and period_start in (select period_start from split)
            )
            select municipality_code, period_start, origin_group, gender, age_band,
                   'i_alt' as target_group,
                   coalesce(split.numerator, 0) as numerator,
                   coalesce(population.population, split.denominator) as denominator
            from split
            full outer join population using (municipality_code, period_start, origin_group, gender, age_band)"""
    sql = f"""
        with f as ({cells})
        select strftime(f.period_start, '%Y-%m-%d') as month, {DIMENSIONS[dimension]} as dim,
               sum(f.numerator) as numerator, sum(f.denominator) as denominator
        from f {joins}
        group by all"""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(sql, {"id": indicator.indicator_id}).fetchall()
    expected = {}
    for month, dim, numerator, denominator in rows:
        if indicator.unit == "count":
            value = numerator
        else:
            value = numerator / denominator if denominator else None
        expected[(month, "" if dim is None else str(dim))] = value
    return expected


def same(actual: str, expected: float | None) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual == ""
    return actual != "" and math.isclose(float(actual), expected, rel_tol=1e-9, abs_tol=1e-12)


def batches():
    """(dimension, indicators) pairs: every metric exactly once, the dimensions rotating."""
    additive = [i for i in INDICATORS if i.additive_over_target_group]
    split = [i for i in INDICATORS if not i.additive_over_target_group]
    dims = list(DIMENSIONS)
    size = math.ceil(len(additive) / len(dims))
    plan = [(dims[n], additive[n * size:(n + 1) * size]) for n in range(len(dims))]
    plan.append((POPULATION_SPLIT_DIMENSION, split))
    return [(dim, group) for dim, group in plan if group]


def test_validate_configs(mf_project, warehouse):
    result = mf(mf_project, warehouse, "validate-configs")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ERRORS: 0" in output and "Breaking issues" not in output


def test_list_metrics_shows_every_indicator(mf_project, warehouse):
    result = mf(mf_project, warehouse, "list", "metrics")
    assert result.returncode == 0, result.stdout + result.stderr
    listed = {line[2:].split(":")[0] for line in result.stdout.splitlines() if line.startswith("• ")}
    assert listed == {indicator.metric_name for indicator in INDICATORS} | comparison_metrics()


def comparison_metrics() -> set[str]:
    """The comparison layer's metrics (hand-written in sem_indicator_comparison.yml)."""
    document = read_yaml("sem_indicator_comparison.yml")
    names = {metric["name"] for model in document["models"] for metric in model.get("metrics", [])}
    return names | {metric["name"] for metric in document.get("metrics", [])}


def test_comparison_goal_metrics_count_the_comparison_rows(mf_project, warehouse, tmp_path):
    """Goals met and decided per month, from mf, equal a count on cmp_indicator_comparison."""
    import duckdb
    rows = mf_query(mf_project, warehouse, tmp_path / "goals.csv",
                    "--metrics", "comparison_goals_met,comparison_goals_decided,comparison_goal_met_share",
                    "--group-by", "metric_time__month")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = {
            str(month)[:10]: (met, decided)
            for month, met, decided in con.execute(
                "select period_start, count(*) filter (where goal_met), count(goal_met) "
                "from marts.cmp_indicator_comparison group by period_start").fetchall()
        }
    assert rows and len(rows) == len(expected)
    for row in rows:
        met, decided = expected[row["metric_time__month"][:10]]
        assert int(float(row["comparison_goals_met"])) == met
        assert int(float(row["comparison_goals_decided"])) == decided
        if decided:
            assert math.isclose(float(row["comparison_goal_met_share"]), met / decided, rel_tol=1e-9)


@pytest.mark.parametrize("dimension,indicators", batches(),
                         ids=lambda value: value if isinstance(value, str) else
                         "+".join(i.indicator_id for i in value))
def test_metrics_equal_the_mart(mf_project, warehouse, tmp_path, dimension, indicators):
    expected = {i.metric_name: expected_values(warehouse, i, dimension) for i in indicators}
    rows = mf_query(mf_project, warehouse, tmp_path / "result.csv",
                    "--metrics", ",".join(i.metric_name for i in indicators),
                    "--group-by", f"metric_time__month,{dimension}")
    assert rows, "mf query returned no rows"
    problems = []
    for indicator in indicators:
        want = expected[indicator.metric_name]
        got = {(row["metric_time__month"][:10], row[dimension]): row[indicator.metric_name] for row in rows}
        assert want, f"{indicator.indicator_id}: the mart has no rows"
        for key, value in want.items():
            if not same(got.get(key, ""), value):
                problems.append(f"{indicator.indicator_id} {key}: mf {got.get(key)!r}, mart {value!r}")
        # Rows only other metrics of the batch have must be empty for this one.
        problems += [f"{indicator.indicator_id} {key}: mf {value!r}, not in the mart"
                     for key, value in got.items() if key not in want and value != ""]
    assert not problems, f"{len(problems)} differences, e.g.\n" + "\n".join(problems[:20])


def test_population_split_metrics_refuse_target_group(mf_project, warehouse):
    """I22 and S02 (both on the population-split model, checked above) cannot be grouped by
    target group or target group family: MetricFlow refuses the query."""
    names = [i.metric_name for i in INDICATORS if not i.additive_over_target_group]
    result = mf(mf_project, warehouse, "query", "--metrics", ",".join(names),
                "--group-by", "metric_time__month,target_group", "--limit", "1")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{names} must not be groupable by target group:\n{output}"
    assert "target_group" in output


def test_saved_query_across_both_semantic_models(mf_project, warehouse, tmp_path):
    """The focus area with I22 (population split) and I24-I27 (additive), by month and municipality."""
    rows = mf_query(mf_project, warehouse, tmp_path / "saved.csv",
                    "--saved-query", "ikke_vestlig_baggrund_by_month_and_municipality")
    assert rows
    by_indicator = {i.indicator_id: i for i in INDICATORS}
    for indicator_id in ("I22", "I24"):
        indicator = by_indicator[indicator_id]
        want = expected_values(warehouse, indicator, "municipality")
        got = {(row["metric_time__month"][:10], row["municipality"]): row[indicator.metric_name] for row in rows}
        bad = [key for key, value in want.items() if not same(got.get(key, ""), value)]
        assert not bad, f"{indicator_id}: {len(bad)} cells differ, e.g. {bad[:5]}"
        assert {row["municipality__municipality_name"] for row in rows} - {""}

