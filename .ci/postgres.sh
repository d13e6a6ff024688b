#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the corpus tests and export its URL.
#
#   source .ci/postgres.sh      # exports ACCORDING_TEST_PG_URL
#
# Installs Debian's `postgresql` if no server binaries are found, creates a cluster in
# $ACCORDING_PG_DIR (default /tmp/according-pg) owned by the postgres user, starts it on
# 127.0.0.1:$ACCORDING_PG_PORT (default 5432), and creates the role and database
# `according`/`according_test`. Reuses a server that is already running there.
# Written to be sourced: it never calls `exit` or `set -e` in the caller's shell.

_according_pg() {
    local dir="${ACCORDING_PG_DIR:-/tmp/according-pg}"
    local port="${ACCORDING_PG_PORT:-5432}"
    local user=according pass=according db=according_test
    local bindir run
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        echo "postgres.sh: installing postgresql" >&2
        if [ "$(id -u)" = 0 ]; then run=""; else run="sudo"; fi
        $run apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $run apt-get install -y -qq postgresql >&2 \
            || { echo "postgres.sh: could not install postgresql" >&2; return 1; }
        bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    # Run server commands as the postgres user when we are root (initdb refuses root).
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        run="runuser -u postgres --"
    else
        run=""
    fi
    if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        if [ ! -f "$dir/PG_VERSION" ]; then
            mkdir -p "$dir" && chmod 700 "$dir"
            [ -n "$run" ] && chown postgres: "$dir"
            $run "$bindir/initdb" -D "$dir" -U postgres -A trust --no-sync -E UTF8 >"$dir.initdb.log" 2>&1 \
                || { echo "postgres.sh: initdb failed, see $dir.initdb.log" >&2; return 1; }
        fi
        $run "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null \
            || { echo "postgres.sh: server did not start, see $dir/server.log" >&2; return 1; }
    fi
    local psql=("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$user'")" != 1 ]; then
        "${psql[@]}" -c "CREATE ROLE $user LOGIN PASSWORD '$pass' CREATEDB" || return 1
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != 1 ]; then
        "${psql[@]}" -c "CREATE DATABASE $db OWNER $user" || return 1
    fi
    export ACCORDING_TEST_PG_URL="postgresql+psycopg://$user:$pass@127.0.0.1:$port/$db"
    echo "ACCORDING_TEST_PG_URL=$ACCORDING_TEST_PG_URL"
}

_according_pg
