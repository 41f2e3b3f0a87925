#!/bin/sh
# From a fresh clone: install what is missing, build the CLI, run its demo on
# the bundled coolbikes example (the seed's PATCH and PUT, step by step).
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target profile-merge
exec build/release/examples/profile-merge demo "$@"
