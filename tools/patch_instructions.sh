#!/usr/bin/env bash
# Instructions per PATCH (callgrind): the difference between 1,000 and 2,000 PATCHes of
# benchmarks/patch_instructions.cpp, for each mode and profile size. Needs valgrind and
# the bench preset built (cmake --preset bench && cmake --build --preset bench).
#   tools/patch_instructions.sh [BUILD_DIR]
set -euo pipefail
binary="${1:-build/bench}/benchmarks/patch_instructions"
[[ -x "$binary" ]] || { echo "no $binary: build the bench preset first" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-8s %-8s %s\n' size mode instructions
for size in 0 1 2; do
    for mode in none zendesk fifty hand; do
        a=$(count 1000 "$mode" "$size")
        b=$(count 2000 "$mode" "$size")
        printf '%-8s %-8s %d\n' "$(sed -n "$((size + 1))p" <<<$'small\nmedium\nlarge')" "$mode" $(((b - a) / 1000))
    done
done
