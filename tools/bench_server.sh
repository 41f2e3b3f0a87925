#!/bin/sh
# profile-merge-server under wrk: PATCH by identifier query (benchmarks/server_patch.lua)
# against the same server answering the same route with a fixed body
# (--fixed-response: the HTTP layer's ceiling), on SQLite and on PostgreSQL, in turn,
# ROUNDS times; prints requests per second and p50/p99 latency, and each store's
# ratio to the ceiling of the same round.
#   tools/bench_server.sh [SECONDS] [ROUNDS] [CONNECTIONS]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${2:-3}
connections=${3:-8}
cmake --preset release >/dev/null
cmake --build --preset release --target profile-merge-server >/dev/null
binary=$PWD/build/release/examples/server/profile-merge-server
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run NAME STORE [SERVER OPTION...]: one wrk run against a fresh server.
run() {
    name=$1
    store=$2
    shift 2
    if [ "${store#postgres}" != "$store" ]; then
        PGOPTIONS=--client-min-messages=warning psql "$store" -q -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public" >/dev/null
    fi
    rm -f "$work"/store.db* "$work/port"
    "$binary" --listen 127.0.0.1:0 --store "$store" --threads "$connections" \
        --fixtures examples/server/coolbikes_fixtures.json "$@" >"$work/port" 2>/dev/null &
    pid=$!
    while [ ! -s "$work/port" ]; do sleep 0.1; done
    result=$(wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s benchmarks/server_patch.lua \
        "http://127.0.0.1:$(cat "$work/port")" | grep '^RESULT')
    kill "$pid"
    wait "$pid" || true
    echo "$name $result" >>"$work/results"
}

fixed=$(python3 -c 'import json; print(json.dumps({"profile": json.load(open("examples/coolbikes/profile.json"))}, separators=(",", ":")))')
stores="sqlite:$work/store.db"
[ -n "${PROFILE_MERGE_TEST_POSTGRESQL:-}" ] && stores="$stores $PROFILE_MERGE_TEST_POSTGRESQL"
i=1
while [ "$i" -le "$rounds" ]; do
    run "ceiling" "sqlite::memory:" --fixed-response "$fixed"
    for store in $stores; do
        run "${store%%:*}" "$store"
    done
    i=$((i + 1))
done
python3 - "$work/results" <<'PY'
import collections, re, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, rest = line.split(" ", 1)
    runs[name].append({k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", rest)})
ceiling = statistics.median(r["rps"] for r in runs["ceiling"])
print("| server | requests/s | p50 (ms) | p99 (ms) | non-2xx | requests/s against the ceiling |")
print("|---|---|---|---|---|---|")
for name, rs in runs.items():
    med = lambda key: statistics.median(r[key] for r in rs)
    print(f"| {name} | {med('rps'):,.0f} | {med('p50_ms'):.2f} | {med('p99_ms'):.2f} | "
          f"{int(sum(r['non2xx'] for r in rs))} | {med('rps') / ceiling:.2f}x |")
PY
