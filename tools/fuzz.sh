#!/bin/sh
# Builds the libFuzzer targets (clang, ASan, UBSan) and runs each for SECONDS
# (default 60) from the seed corpus. A crash or a broken property fails the run;
# the input is copied to tests/fuzz/regressions/<target>/ so that ctest replays it
# from then on. Prints the executions each target ran.
# Usage: tools/fuzz.sh [SECONDS] [target...]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"identifier_query patch put end_user cli policy"}
cmake --preset fuzz >/dev/null
for target in $targets; do cmake --build --preset fuzz --target "fuzz_$target"; done
corpus=build/fuzz/tests/fuzz/corpus
status=0
for target in $targets; do
    seeds=$corpus/json
    [ "$target" = identifier_query ] && seeds=$corpus/query
    work=build/fuzz/work/$target
    rm -rf "$work/artifacts"
    mkdir -p "$work/corpus" "$work/artifacts"
    log=$work/log.txt
    if ! build/fuzz/tests/fuzz/"fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" \
        "$work/corpus" "$seeds" > "$log" 2>&1; then
        status=1
        mkdir -p "tests/fuzz/regressions/$target"
        for crash in "$work"/artifacts/*; do
            [ -f "$crash" ] && cp "$crash" "tests/fuzz/regressions/$target/"
        done
        echo "fuzz_$target: FAILED, input kept under tests/fuzz/regressions/$target/"
        grep -E "ERROR|property broken|SUMMARY" "$log" | head -n 5
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz_$target: $runs executions in ${seconds}s"
done
exit "$status"
