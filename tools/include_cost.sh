#!/bin/sh
# Target 6: the compile time of a translation unit that includes the umbrella
# header, against one that includes <nlohmann/json.hpp> alone. Both compile the
# same trivial main with the same flags; alternating runs, median of N (default 7).
# Usage: tools/include_cost.sh [N]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-7}
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#include <nlohmann/json.hpp>\nint main() { return nlohmann::json::object().size(); }\n' > "$work/nlohmann_only.cpp"
printf '#include <profile_merge/profile_merge.hpp>\nint main() { return nlohmann::json::object().size(); }\n' > "$work/umbrella.cpp"
time_one() {  # seconds (3 decimals) to compile $1 at -O2
    start=$(date +%s%N)
    $cxx -std=c++17 -O2 -Iinclude -c "$1" -o "$work/out.o"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
: > "$work/base"; : > "$work/umbrella"
i=0
while [ "$i" -lt "$runs" ]; do
    time_one "$work/nlohmann_only.cpp" >> "$work/base"
    time_one "$work/umbrella.cpp" >> "$work/umbrella"
    i=$((i + 1))
done
base=$(median < "$work/base")
umbrella=$(median < "$work/umbrella")
echo "compiler: $($cxx --version | head -n 1); runs: $runs (median)"
echo "nlohmann/json.hpp alone:   ${base} ms"
echo "profile_merge.hpp:         ${umbrella} ms"
awk -v u="$umbrella" -v b="$base" 'BEGIN { printf "ratio umbrella / nlohmann: %.2f\n", u / b }'
