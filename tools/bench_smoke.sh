#!/bin/sh
# Builds the benchmarks and runs each once, briefly, so they cannot rot. Fails
# when a benchmark's own check against its baseline fails (SkipWithError). No
# timing is judged here; docs/benchmarks.md has the measured ratios.
set -eu
cd "$(dirname "$0")/.."
cmake --preset bench >/dev/null
cmake --build --preset bench
out=$(build/bench/benchmarks/profile_merge_benchmarks --benchmark_min_time=0.001 2>&1)
echo "$out" | tail -n +4
if echo "$out" | grep -q "ERROR OCCURRED"; then
    echo "tools/bench_smoke.sh: a benchmark's result disagrees with its baseline" >&2
    exit 1
fi
# The instruction-count driver (tools/patch_instructions.sh), natively: it exits 1 when
# its PATCHes do not give the name they should.
for size in 0 1 2; do
    for mode in none zendesk fifty hand; do
        build/bench/benchmarks/patch_instructions 3 "$mode" "$size" >/dev/null
    done
done
echo "tools/bench_smoke.sh: every benchmark ran and agreed with its baseline"
