#!/bin/sh
# Runs COMMAND with a throwaway PostgreSQL cluster on a loopback port, its URI in
# PROFILE_MERGE_TEST_POSTGRESQL (which tests/server/server_test.py uses as the
# store). Needs Debian's postgresql package; as root, the cluster runs as postgres.
#   tests/server/with_postgresql.sh COMMAND [ARG...]
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${PROFILE_MERGE_TEST_POSTGRESQL_PORT:-55432}
data=$(mktemp -d /tmp/pm-postgresql.XXXXXX)
as_owner=""
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$data"
    as_owner="runuser -u postgres --"
fi
cleanup() {
    $as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$data"
}
trap cleanup EXIT INT TERM
$as_owner "$bin/initdb" -D "$data" -U profile_merge --auth=trust >/dev/null
$as_owner "$bin/pg_ctl" -D "$data" -l "$data/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=100" start >/dev/null
$as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U profile_merge profile_merge
export PROFILE_MERGE_TEST_POSTGRESQL="postgresql://profile_merge@127.0.0.1:$port/profile_merge"
"$@"
