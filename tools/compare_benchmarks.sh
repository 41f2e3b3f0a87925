#!/bin/sh
# Runs two builds of profile_merge_benchmarks in turn, ROUNDS times each (default 3),
# on the benchmarks FILTER selects, and prints each benchmark's median time in both
# and the ratio AFTER / BEFORE: ratios from one run on one machine, which a shared,
# noisy machine allows where absolute times do not.
#   tools/compare_benchmarks.sh BEFORE_BINARY AFTER_BINARY FILTER [ROUNDS]
set -eu
before=$1
after=$2
filter=$3
rounds=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=1
while [ "$i" -le "$rounds" ]; do
    for side in before after; do
        eval binary=\$$side
        "$binary" --benchmark_filter="$filter" --benchmark_repetitions=5 \
            --benchmark_min_time=0.2 --benchmark_format=json >"$work/$side.$i.json" 2>/dev/null
    done
    i=$((i + 1))
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
times = {"before": {}, "after": {}}
for side in times:
    for i in range(1, rounds + 1):
        for b in json.load(open(f"{work}/{side}.{i}.json"))["benchmarks"]:
            if b.get("run_type") == "iteration":
                times[side].setdefault(b["run_name"], []).append(b["real_time"])
names = list(dict.fromkeys(list(times["before"]) + list(times["after"])))
print(f"| benchmark | before (ns) | after (ns) | after / before |")
print(f"|---|---|---|---|")
for name in names:
    b = statistics.median(times["before"][name]) if name in times["before"] else None
    a = statistics.median(times["after"][name]) if name in times["after"] else None
    ratio = f"{a / b:.2f}x" if a and b else "-"
    show = lambda t: f"{t:,.0f}" if t else "-"
    print(f"| {name} | {show(b)} | {show(a)} | {ratio} |")
PY
