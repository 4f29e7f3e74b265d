#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server for the schema differential tests and
# print its DSN. Data lives in $1 (default /tmp/retort-pg); it listens on 127.0.0.1 and
# a unix socket in that directory. As root, the server runs as a system user
# `retortpg`, since initdb refuses to run as root.
set -euo pipefail
dir=${1:-/tmp/retort-pg}
port=${RETORT_PG_PORT:-54329}
pgbin=${PGBIN:-}
if [ -z "$pgbin" ]; then
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    echo "start_postgres.sh: no PostgreSQL server binaries (looked in /usr/lib/postgresql/*/bin)" >&2
    exit 1
fi
mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then
    id retortpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin retortpg
    chown retortpg "$dir"
    run() { runuser -u retortpg -- "$@"; }
else
    run() { "$@"; }
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
    run "$pgbin/initdb" -D "$dir/data" --auth=trust --username=postgres --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
fi
if ! run "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    run "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
fi
# tests/db_check.rs needs one role whose password the server checks (everything else
# is trusted): put its line first in pg_hba.conf, once.
hba="$dir/data/pg_hba.conf"
line="host all retort_pw_user 127.0.0.1/32 scram-sha-256"
if ! grep -qxF "$line" "$hba"; then
    { echo "$line"; cat "$hba"; } >"$hba.new" && cat "$hba.new" >"$hba" && rm -f "$hba.new"
    run "$pgbin/pg_ctl" -D "$dir/data" reload >/dev/null
fi
echo "postgresql+psycopg2://postgres@127.0.0.1:$port/postgres"
