#!/bin/sh
# Target 7: `profile-merge batch` on N PATCH lines (default 100,000) against parsing
# and dumping the same lines (benchmarks/ndjson_roundtrip). Median of R runs each
# (default 5), alternating, and the fastest run of each. Also against parsing and
# writing the lines with the batch's own writer (ndjson_roundtrip --compact-writer):
# that ratio is what the rules cost. Needs the bench preset built
# (tools/bench_smoke.sh).
# Usage: tools/batch_throughput.sh [N] [R]
set -eu
cd "$(dirname "$0")/.."
lines=${1:-100000}
runs=${2:-5}
cli=build/bench/examples/profile-merge
baseline=build/bench/benchmarks/ndjson_roundtrip
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stored=$(tr -d '\n ' < examples/coolbikes/profile.json)
awk -v n="$lines" -v stored="$stored" 'BEGIN {
    for (i = 0; i < n; i++) {
        printf "{\"op\":\"patch_profile\",\"id\":\"op-%d\",\"now\":\"2020-03-11T01:20:28Z\",\"stored\":%s,", i, stored
        printf "\"request\":{\"profile\":{\"name\":\"Jane %d\",\"attributes\":{\"saddle_height\":\"%dcm\",\"visits\":%d}}}}\n", i, 80 + i % 10, i
    }
}' > "$work/ops.ndjson"
bytes=$(wc -c < "$work/ops.ndjson")
ms() { start=$(date +%s%N); "$@" < "$work/ops.ndjson" > "$work/out.ndjson"; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
ratio() { awk -v t="$1" -v b="$2" 'BEGIN { printf "%.2f", t / b }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
minimum() { sort -n | head -1; }
: > "$work/t_batch"; : > "$work/t_base"; : > "$work/t_writer"
i=0
while [ "$i" -lt "$runs" ]; do
    ms "$baseline" >> "$work/t_base"
    ms "$baseline" --compact-writer >> "$work/t_writer"
    ms "$cli" batch >> "$work/t_batch"
    i=$((i + 1))
done
[ "$(wc -l < "$work/out.ndjson")" -eq "$lines" ] || { echo "batch wrote the wrong number of lines" >&2; exit 1; }
if grep -q '"error"' "$work/out.ndjson" || ! grep -q '"outcome":"updated"' "$work/out.ndjson"; then
    echo "batch results are not all updates" >&2; exit 1
fi
batch=$(median < "$work/t_batch")
base=$(median < "$work/t_base")
batch_min=$(minimum < "$work/t_batch")
base_min=$(minimum < "$work/t_base")
writer=$(median < "$work/t_writer")
writer_min=$(minimum < "$work/t_writer")
echo "lines: $lines, input: $bytes bytes, runs: $runs (median)"
echo "parse + dump only (ndjson_roundtrip): ${base} ms"
echo "parse + the batch's writer:           ${writer} ms"
echo "profile-merge batch:                  ${batch} ms"
awk -v t="$batch" -v b="$base" -v n="$lines" -v bytes="$bytes" 'BEGIN {
    printf "batch throughput: %.0f operations/s, %.1f MB/s in\n", n / (t / 1000), bytes / 1e6 / (t / 1000)
    printf "ratio batch / parse+dump: %.2f\n", t / b
}'
# The least disturbed run of each, as tools/include_cost.sh reports compile times.
echo "fastest runs: parse + dump ${base_min} ms, batch ${batch_min} ms, ratio $(ratio "$batch_min" "$base_min")"
echo "the rules' own cost: batch / parse + the batch's writer: $(ratio "$batch" "$writer") (median), $(ratio "$batch_min" "$writer_min") (fastest runs)"
