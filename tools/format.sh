#!/bin/sh
# Formats every C++ source of the project with .clang-format (clang-format 14).
# With --check, fails when a file is not formatted (what CI runs).
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files 'include/*.hpp' 'include/*.ipp' 'src/*.cpp' 'tests/*.cpp' 'tests/*.hpp' 'examples/*.cpp' 'examples/*.hpp' 'benchmarks/*.cpp' 'benchmarks/*.hpp' 'tests/fuzz/*.cpp')
clang_format=$(command -v clang-format-14 || command -v clang-format)
if [ "${1:-}" = "--check" ]; then
    # shellcheck disable=SC2086
    $clang_format --dry-run --Werror $files
    echo "tools/format.sh: every file is formatted"
else
    # shellcheck disable=SC2086
    $clang_format -i $files
fi
