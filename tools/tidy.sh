#!/bin/sh
# Runs clang-tidy (14) with .clang-tidy over the public headers: the umbrella
# header includes every one of them, and HeaderFilterRegex reports findings in
# all of them. Fails on any finding.
set -eu
cd "$(dirname "$0")/.."
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
"$tidy" --quiet include/profile_merge/profile_merge.hpp -- -x c++ -std=c++17 -Iinclude 2>/dev/null
echo "tools/tidy.sh: no findings in include/profile_merge"
