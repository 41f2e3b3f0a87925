#!/usr/bin/env bash
# Target 6: the compile cost of a translation unit that includes the umbrella
# header, against one that includes <nlohmann/json.hpp> alone. Both compile the
# same trivial main with the same flags. A third unit calls patch_profile, to show
# what a translation unit that uses one operation pays (not a target). Each is
# compiled N times (default 7), alternating, and the cost is the minimum CPU time
# (user + system) of the compiler: on a shared machine CPU time varies much less
# than wall time, and the minimum is the run least disturbed by other work.
# Usage: tools/include_cost.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#include <nlohmann/json.hpp>\nint main() { return nlohmann::json::object().size(); }\n' > "$work/nlohmann_only.cpp"
printf '#include <profile_merge/profile_merge.hpp>\nint main() { return nlohmann::json::object().size(); }\n' > "$work/umbrella.cpp"
printf '#include <profile_merge/profile_merge.hpp>\nint main() { profile_merge::context ctx; return profile_merge::patch_profile_by_id(nlohmann::json::object(), nlohmann::json::object(), ctx).ok(); }\n' > "$work/one_patch.cpp"
cpu_ms() {  # CPU milliseconds (user + system) to compile $1 at -O2
    local TIMEFORMAT='%3U %3S' times
    times=$( { time "$cxx" -std=c++17 -O2 -Iinclude -c "$1" -o "$work/out.o"; } 2>&1 )
    awk -v t="$times" 'BEGIN { split(t, a, " "); printf "%d\n", (a[1] + a[2]) * 1000 }'
}
: > "$work/base"; : > "$work/umbrella"; : > "$work/one_patch"
for ((i = 0; i < runs; i++)); do
    cpu_ms "$work/nlohmann_only.cpp" >> "$work/base"
    cpu_ms "$work/umbrella.cpp" >> "$work/umbrella"
    cpu_ms "$work/one_patch.cpp" >> "$work/one_patch"
done
base=$(sort -n "$work/base" | head -n 1)
umbrella=$(sort -n "$work/umbrella" | head -n 1)
one_patch=$(sort -n "$work/one_patch" | head -n 1)
echo "compiler: $($cxx --version | head -n 1); runs: $runs (minimum CPU time)"
echo "nlohmann/json.hpp alone:    ${base} ms"
echo "profile_merge.hpp:          ${umbrella} ms"
echo "profile_merge.hpp + PATCH: ${one_patch} ms"
awk -v u="$umbrella" -v b="$base" 'BEGIN { printf "ratio umbrella / nlohmann: %.2f\n", u / b }'
