# Runbook targets. `make demo` and `make test` do the whole set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3.11
VENV        := .venv
BIN         := $(VENV)/bin
PY          := $(BIN)/python
DBT         := $(BIN)/dbt
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export PYTHONPATH := $(CURDIR)/src

# Defaults for make's own commands. Not exported: dbt (profiles.yml, dbt_project.yml) and the
# scripts have the same defaults, and dbt must see the same environment from make as when it
# is run bare, or it re-parses the whole project. Values set in the environment or on the
# make command line are passed on as usual.
RAW_DATA_PATH ?= data/raw
DOCS_PORT     ?= 8080
DUCKDB_PATH   ?= warehouse/jobcenter.duckdb

TEST_RAW      := target/test_data/raw
TEST_DUCKDB   := target/test_data/test.duckdb
TEST_DUCKDB_2 := target/test_data/rerun.duckdb
# the generator's extract date: the rerun build states it explicitly (--vars), the first derives it
TEST_AS_OF    := 2026-10-31
# dbt vars for build and docs, e.g. DBT_VARS='{as_of_date: 2026-10-31}' make build
DBT_VARS_ARG  = $${DBT_VARS:+--vars "$$DBT_VARS"}

.PHONY: help privacy-scan setup chromium generate validate land build publish report docs docs-serve demo test test-python test-dbt lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}' \
		| sed -e 's|$$(RAW_DATA_PATH)|$(RAW_DATA_PATH)|g' -e 's|$$(DUCKDB_PATH)|$(DUCKDB_PATH)|g' -e 's|$$(DOCS_PORT)|$(DOCS_PORT)|g'
	@echo "Settings: RAW_DATA_PATH=$(RAW_DATA_PATH) DUCKDB_PATH=$(DUCKDB_PATH) DBT_VARS=$${DBT_VARS:-(none)}"

$(BIN)/activate:
	$(PYTHON_BOOT) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $@

profiles.yml: profiles.yml.example
	cp profiles.yml.example profiles.yml

setup: $(VENV)/.installed profiles.yml ## create .venv, install the pinned packages, write profiles.yml
	@mkdir -p $(dir $(DUCKDB_PATH))

generate: setup ## write the demo extracts (Ballerup) to $(RAW_DATA_PATH)
	$(PY) scripts/generate_extracts.py --out $(RAW_DATA_PATH)

validate: setup ## validate the raw extracts with Great Expectations
	$(PY) -m jobcenter_warehouse.validation --raw-data-path $(RAW_DATA_PATH) --gx-dir target/gx

land: setup ## land the raw extracts as pseudonymised Parquet (LANDING_PATH, else $(DUCKDB_PATH).landing)
	$(PY) -m jobcenter_warehouse.landing --raw-data-path $(RAW_DATA_PATH) --warehouse $(DUCKDB_PATH)

build: land ## land, then dbt build into a new $(DUCKDB_PATH), swapped in when it passed; dbt vars from DBT_VARS
	@$(PY) -m jobcenter_warehouse.build

publish: setup ## write the read-only, disclosure-controlled BI file and Parquet to publish/
	$(PY) -m jobcenter_warehouse.publish --warehouse $(DUCKDB_PATH) --out-dir publish

report: setup ## key-figure report (HTML + PDF) per delivered municipality, from publish/ only, to publish/report/
	scripts/ensure_chromium.sh
	$(PY) -m jobcenter_warehouse.report --artefact publish/jobcenter_bi.duckdb --out-dir publish/report

docs: setup ## build the docs site (target/index.html) and the single file target/static_index.html
	@$(PY) -m jobcenter_warehouse.dbt_vars
	scripts/build_docs.sh $(DBT_VARS_ARG)

docs-serve: docs ## serve the docs on http://127.0.0.1:$(DOCS_PORT)/
	$(PY) scripts/serve_docs.py

chromium: ## install headless Chromium (Debian package) for the docs-site test
	scripts/ensure_chromium.sh

demo: setup ## run the whole demo end to end on the embedded DuckDB
	$(MAKE) --no-print-directory generate
	$(MAKE) --no-print-directory validate
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory publish
	$(MAKE) --no-print-directory report
	$(MAKE) --no-print-directory docs
	$(PY) scripts/demo_summary.py

test: setup ## every test: dbt build on test data (unit + data tests), pytest, sqlfluff
	$(MAKE) --no-print-directory chromium
	$(MAKE) --no-print-directory test-dbt
	$(MAKE) --no-print-directory test-python
	$(MAKE) --no-print-directory privacy-scan
	$(MAKE) --no-print-directory lint

privacy-scan: setup ## scan the test warehouse, target/ (docs, artefacts) and logs/ for CPR numbers and unkeyed hashes
	$(PY) -m jobcenter_warehouse.privacy --warehouse $(TEST_DUCKDB) --raw-data-path $(TEST_RAW) --scan-dir target --scan-dir logs

test-python: setup ## pytest; the warehouse, docs and semantic-layer tests use the test-dbt warehouse
	if [ -f $(TEST_DUCKDB) ]; then DUCKDB_PATH=$(TEST_DUCKDB) scripts/build_docs.sh --target-path target/test_data/docs --quiet; fi
	DUCKDB_PATH=$(TEST_DUCKDB) DOCS_TARGET_PATH=target/test_data/docs RAW_DATA_PATH=$(TEST_RAW) $(PY) -m pytest -q

test-dbt: setup ## dbt build on generated test data with injected bad rows
	rm -rf $(TEST_RAW) $(TEST_DUCKDB) $(TEST_DUCKDB).landing $(TEST_DUCKDB_2).landing target/test_data/publish_1 target/test_data/publish_2
	$(PY) scripts/generate_extracts.py --out $(TEST_RAW) --as-of $(TEST_AS_OF) --scale 0.1 --inject-bad-rows --quiet
	RAW_DATA_PATH=$(TEST_RAW) DUCKDB_PATH=$(TEST_DUCKDB) $(DBT) build
	RAW_DATA_PATH=$(TEST_RAW) DUCKDB_PATH=$(TEST_DUCKDB) $(PY) scripts/check_injected_bad_rows.py $(TEST_RAW) $(TEST_DUCKDB)
	$(PY) -m jobcenter_warehouse.privacy --warehouse $(TEST_DUCKDB) --raw-data-path $(TEST_RAW) --scan-dir target --scan-dir logs
	# a rerun over the same delivery, with its as-of date given explicitly, must publish identical tables
	$(PY) -m jobcenter_warehouse.publish --warehouse $(TEST_DUCKDB) --out-dir target/test_data/publish_1
	rm -f $(TEST_DUCKDB_2)
	RAW_DATA_PATH=$(TEST_RAW) DUCKDB_PATH=$(TEST_DUCKDB_2) $(DBT) build --exclude "test_type:data" --quiet --vars '{as_of_date: $(TEST_AS_OF)}'
	$(PY) -m jobcenter_warehouse.publish --warehouse $(TEST_DUCKDB_2) --out-dir target/test_data/publish_2
	$(PY) scripts/compare_published.py target/test_data/publish_1/jobcenter_bi.duckdb target/test_data/publish_2/jobcenter_bi.duckdb

lint: setup ## sqlfluff lint (dbt templater)
	$(BIN)/sqlfluff lint models analyses tests/singular --processes 2

clean: ## remove build artefacts (keeps .venv)
	rm -rf target logs warehouse
