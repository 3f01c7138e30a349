#!/usr/bin/env bash
# Build the documentation site.
#
#   scripts/build_docs.sh [extra dbt flags, e.g. --target-path /tmp/t]
#
# Runs `dbt docs generate --static` against the built warehouse (DUCKDB_PATH). That writes
# everything plain `dbt docs generate` writes (target/index.html, manifest.json, catalog.json:
# the site that scripts/serve_docs.py serves) and, in addition, target/static_index.html: the
# whole site in one file, which opens from disk (file://) or can be mailed or put on an intranet.
# Build the warehouse first (`dbt build`): the catalog (column types, row counts) is read from it.
set -euo pipefail

cd "$(dirname "$0")/.."
DBT="${DBT:-.venv/bin/dbt}"
export DO_NOT_TRACK="${DO_NOT_TRACK:-1}"

target_path="target"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --target-path) target_path="${args[$((i + 1))]}" ;;
        --target-path=*) target_path="${args[$i]#--target-path=}" ;;
    esac
done

"$DBT" docs generate --static "$@"

for artefact in index.html manifest.json catalog.json static_index.html; do
    if [ ! -s "$target_path/$artefact" ]; then
        echo "build_docs: $target_path/$artefact was not written" >&2
        exit 1
    fi
done
size=$(du -h "$target_path/static_index.html" | cut -f1)
echo "Documentation site: $target_path/index.html (serve with: .venv/bin/python scripts/serve_docs.py)"
echo "Single file:        $target_path/static_index.html ($size; open it in a browser)"
