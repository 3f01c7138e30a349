#!/usr/bin/env bash
# A throw-away PostgreSQL server for builds and tests, from Debian's postgresql package.
#
#   scripts/local_postgres.sh start DIR [PORT]   # initdb once in DIR/data, start, create the database
#   scripts/local_postgres.sh stop DIR           # stop the server started in DIR
#   scripts/local_postgres.sh status DIR
#
# The server listens on 127.0.0.1:PORT only (default 55432, or $PGPORT), accepts the local
# user `postgres` without a password (trust: nothing but this machine can reach it) and keeps
# its socket, log and data under DIR. The database is $PGDATABASE (default jobcenter).
# PostgreSQL refuses to run as root: when started by root, the server runs as the package's
# `postgres` system user (runuser); otherwise as the calling user.
# When the package is missing it is installed with apt-get (non-interactive; needs root).
set -euo pipefail

usage() {
    echo "usage: $0 start DIR [PORT] | stop DIR | status DIR" >&2
    exit 2
}

[ $# -ge 2 ] || usage
action=$1
dir=$2
port=${3:-${PGPORT:-55432}}
database=${PGDATABASE:-jobcenter}

pg_bindir() {
    # Highest installed major version of Debian's layout /usr/lib/postgresql/<major>/bin.
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$found" ] && [ -x "$found/pg_ctl" ] && echo "$found"
}

ensure_installed() {
    if pg_bindir >/dev/null; then
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "PostgreSQL is not installed; run as root to install Debian's postgresql package" >&2
        exit 1
    fi
    echo "installing Debian's postgresql package ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends postgresql >/dev/null; then
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends postgresql >/dev/null
    fi
    # The package creates and starts a default cluster on port 5432; this script does not use it.
    if command -v pg_ctlcluster >/dev/null; then
        for cluster in /etc/postgresql/*/main; do
            [ -d "$cluster" ] || continue
            pg_ctlcluster "$(basename "$(dirname "$cluster")")" main stop 2>/dev/null || true
        done
    fi
}

# Run a command as the server's user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    ensure_installed
    local bin
    bin=$(pg_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
        # every folder above DIR must be searchable by the server's user
        chmod o+x "$dir"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if as_owner "$bin/pg_ctl" status --pgdata="$dir/data" >/dev/null 2>&1; then
        echo "PostgreSQL already running in $dir" >&2
    else
        as_owner "$bin/pg_ctl" start --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/data" \
            >/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    fi
    local exists
    exists=$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atq \
        -c "select 1 from pg_database where datname = '$database'")
    if [ "$exists" != "1" ]; then
        "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
    fi
    echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, database $database (data in $dir/data)"
}

stop() {
    local bin
    bin=$(pg_bindir) || { echo "PostgreSQL is not installed" >&2; exit 1; }
    [ -d "$dir/data" ] || { echo "no PostgreSQL data folder in $dir" >&2; exit 1; }
    if as_owner "$bin/pg_ctl" status --pgdata="$dir/data" >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" stop --pgdata="$dir/data" --mode=fast --wait >/dev/null
        echo "PostgreSQL in $dir stopped"
    else
        echo "PostgreSQL in $dir is not running"
    fi
}

status() {
    local bin
    bin=$(pg_bindir) || { echo "PostgreSQL is not installed" >&2; exit 1; }
    as_owner "$bin/pg_ctl" status --pgdata="$dir/data"
}

case "$action" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) usage ;;
esac
