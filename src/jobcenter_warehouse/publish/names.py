"""Names of what the publish step reads and writes (one place for every table and file name)."""

from __future__ import annotations

import re

DEFAULT_THRESHOLD = 5
DEFAULT_WAREHOUSE = "warehouse/jobcenter.duckdb"
DEFAULT_OUT_DIR = "publish"
# The publish step's DuckDB memory limit (DUCKDB_MEMORY_LIMIT overrides it); the process as a
# whole stays within 4 GB.
DEFAULT_MEMORY_LIMIT = "3GB"

# ---- the artefacts
PUBLIC_FILE = "jobcenter_bi.duckdb"  # a symlink to versions/jobcenter_bi.<version>.duckdb
INTERNAL_DIR = "internal"
INTERNAL_FILE = "jobcenter_internal.duckdb"  # likewise, under internal/
VERSIONS_DIR = "versions"
PARQUET_DIR = "parquet"
CURRENT_LINK = "current"
LOCK_FILE = ".publish.lock"
STORAGE_VERSION = "v1.4.0"
# The internal artefact keeps the warehouse's schema name, so SQL and `mf` written against the
# warehouse run unchanged on it; the public one has its tables in `main`.
PUBLIC_SCHEMA = "main"
INTERNAL_SCHEMA = "marts"
INTERNAL_NOTICE = (
    "INTERNAL: not disclosure-controlled. Aggregated cells of every size, for the "
    "municipality's own analysts only. Never mail, publish or connect a public dashboard to it."
)
PUBLIC_NOTICE = "PUBLIC: disclosure-controlled; safe to share."

# ---- the warehouse
SOURCE_SCHEMA = "marts"
FACT_TABLE = "fct_indicator_values"
ROLLUP_TABLE = "fct_indicator_rollups"
DIMENSION_TABLES = (
    "dim_month",
    "dim_target_group",
    "dim_origin_group",
    "dim_age_band",
    "dim_municipality",
    "dim_indicator",
)
COMPARISON_TABLE = "cmp_indicator_comparison"
# Built in dbt with the same threshold, following the comparison layer's disclosure rule.
DISCLOSED_COMPARISON_TABLE = "cmp_indicator_comparison__disclosed"
# The tables MetricFlow reads (the internal artefact only: their cells are unsuppressed).
SEMANTIC_TABLES = (
    "sem_indicator_values",
    "sem_indicator_values_population_split",
    "sem_municipality",
    "sem_target_group",
    "metricflow_time_spine",
)
# The values read from a person-level schema: the reporting dates, and which municipalities
# have population figures (codes only).
PARAMETERS_TABLE = ("intermediate", "int_reporting__parameters")
POPULATION_TABLE = ("intermediate", "int_population__monthly")
# Written by the dbt hooks (macros/publish/build_log.sql).
RUNS_SCHEMA = "dbt_runs"
INVOCATIONS_TABLE = "invocations"
MODEL_BUILDS_TABLE = "model_builds"

# ---- cells and roll-ups
DIMENSIONS = ("origin_group", "gender", "age_band", "target_group")
CELL_KEY = ("indicator_id", "municipality_code", "period_start") + DIMENSIONS
MEASURES = ("numerator", "denominator", "value")
FACT_COLUMNS = CELL_KEY + MEASURES
BREAKDOWNS = ("total",) + DIMENSIONS
ROLLUP_KEY = ("indicator_id", "breakdown", "municipality_code", "period_start") + DIMENSIONS
ROLLUP_COLUMNS = ROLLUP_KEY + MEASURES
# Measures are rounded to 6 decimals: sums of fractional full-time persons differ in their last
# bits between two builds, and a rerun over the same delivery must publish identical tables.
MEASURE_DECIMALS = 6
# Tables written to Parquet split per indicator (hive partitioning on indicator_id).
PARTITIONED_TABLES = (FACT_TABLE, ROLLUP_TABLE)

SAFE_INDICATOR_ID = re.compile(r"^[A-Za-z0-9_]+$")
VERSION_NAME = re.compile(r"^v\d{8}T\d{6}\d{6}Z-\d+$")
