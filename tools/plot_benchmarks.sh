#!/bin/sh
# The chart of docs/benchmarks.md: PATCH cost against profile size, for the
# library and the nlohmann baselines, from one Google Benchmark JSON run.
# Needs gnuplot (installed from Debian if missing). Writes docs/patch_cost.png.
# Usage: tools/plot_benchmarks.sh [benchmark.json]
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh gnuplot-nox
json=${1:-}
if [ -z "$json" ]; then
    json=$(mktemp)
    build/bench/benchmarks/profile_merge_benchmarks --benchmark_filter='MergePatch|Patch(Rvalue|ConstRef)' \
        --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true \
        --benchmark_report_aggregates_only=true --benchmark_min_time=0.1 \
        --benchmark_out="$json" --benchmark_out_format=json > /dev/null
fi
data=$(mktemp)
# One line per benchmark and size: name attributes median_ns (sizes 5, 100, 10000 attributes).
tr -d '\n' < "$json" | grep -o '"name": "[A-Za-z]*/[0-9]_median"[^}]*"cpu_time": [0-9.e+]*' |
    sed -E 's/"name": "([A-Za-z]+)\/([0-9])_median".*"cpu_time": ([0-9.e+]+)/\1 \2 \3/' |
    awk '{ split("5 100 10000", n, " "); print $1, n[$2 + 1], $3 }' |
    sort -k1,1 -k2,2n > "$data"  # interleaved runs list sizes in any order; lines need them sorted
gnuplot <<GNUPLOT
set terminal pngcairo size 900,520 font "sans,10"
set output "docs/patch_cost.png"
set title "PATCH of a two-key attributes patch: CPU time against stored profile size (median of 9)"
set xlabel "attributes in the stored profile"
set ylabel "ns per operation"
set logscale xy
set key top left
set grid
plot for [name in "MergePatchInPlace PatchRvalue MergePatchOnCopy PatchConstRef"] \
    "< grep '^".name." ' $data" using 2:3 with linespoints title name
GNUPLOT
echo "wrote docs/patch_cost.png"
