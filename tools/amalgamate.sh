#!/bin/sh
# Regenerates the single header (or, with --check, verifies it is in sync).
set -eu
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--check" ]; then
    exec cmake -DCHECK=ON -P tools/amalgamate.cmake
fi
exec cmake -P tools/amalgamate.cmake
