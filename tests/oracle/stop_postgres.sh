#!/usr/bin/env bash
# Stop the server tests/oracle/start_postgres.sh started with the same data directory
# ($1, default /tmp/retort-pg). Its files stay, so the next start is quick.
set -euo pipefail
dir=${1:-/tmp/retort-pg}
pgbin=${PGBIN:-}
if [ -z "$pgbin" ]; then
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
[ -n "$pgbin" ] && [ -f "$dir/data/postmaster.pid" ] || exit 0
if [ "$(id -u)" = 0 ]; then
    runuser -u retortpg -- "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
else
    "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
fi
