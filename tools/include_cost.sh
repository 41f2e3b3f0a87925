#!/usr/bin/env bash
# The compile cost of the library, against a translation unit that includes
# <nlohmann/json.hpp> alone (the same trivial main, the same flags, -O2):
#   header-only:  a bare include of the umbrella header, and a caller of every
#                 operation (tests/compile_cost/every_operation.cpp);
#   separately compiled: the same caller with PROFILE_MERGE_SEPARATE_COMPILATION,
#                 and src/profile_merge.cpp, which a program compiles once.
# Each is compiled N times (default 5), in turn, and the cost is the minimum CPU
# time (user + system) of the compiler: on a shared machine CPU time varies much
# less than wall time, and the minimum is the run least disturbed by other work.
# Usage: tools/include_cost.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '#include <nlohmann/json.hpp>\nint main() { return nlohmann::json::object().size(); }\n' > "$work/nlohmann_only.cpp"
printf '#include <profile_merge/profile_merge.hpp>\nint main() { return nlohmann::json::object().size(); }\n' > "$work/umbrella.cpp"
caller=tests/compile_cost/every_operation.cpp
cpu_ms() {  # CPU milliseconds (user + system) to compile $1 at -O2, with flags $2...
    local source=$1 TIMEFORMAT='%3U %3S' times
    shift
    times=$( { time "$cxx" -std=c++17 -O2 -Iinclude "$@" -c "$source" -o "$work/out.o"; } 2>&1 )
    awk -v t="$times" 'BEGIN { split(t, a, " "); printf "%d\n", (a[1] + a[2]) * 1000 }'
}
names=(base umbrella caller separate_caller library)
for name in "${names[@]}"; do : > "$work/$name"; done
for ((i = 0; i < runs; i++)); do
    cpu_ms "$work/nlohmann_only.cpp" >> "$work/base"
    cpu_ms "$work/umbrella.cpp" >> "$work/umbrella"
    cpu_ms "$caller" >> "$work/caller"
    cpu_ms "$caller" -DPROFILE_MERGE_SEPARATE_COMPILATION >> "$work/separate_caller"
    cpu_ms src/profile_merge.cpp -DPROFILE_MERGE_SEPARATE_COMPILATION >> "$work/library"
done
declare -A ms
for name in "${names[@]}"; do ms[$name]=$(sort -n "$work/$name" | head -n 1); done
ratio() { awk -v a="$1" -v b="${ms[base]}" 'BEGIN { printf "%.2f", a / b }'; }
echo "compiler: $($cxx --version | head -n 1); -O2; runs: $runs (minimum CPU time)"
echo "| translation unit | CPU ms | / nlohmann alone |"
echo "|---|---|---|"
echo "| <nlohmann/json.hpp> alone | ${ms[base]} | 1.00 |"
echo "| header-only: the umbrella header, nothing called | ${ms[umbrella]} | $(ratio "${ms[umbrella]}") |"
echo "| header-only: a caller of every operation | ${ms[caller]} | $(ratio "${ms[caller]}") |"
echo "| separately compiled: the same caller | ${ms[separate_caller]} | $(ratio "${ms[separate_caller]}") |"
echo "| separately compiled: src/profile_merge.cpp, once | ${ms[library]} | $(ratio "${ms[library]}") |"
