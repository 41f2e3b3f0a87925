#!/bin/sh
# From a fresh clone: install what is missing, then configure, build and run the
# whole suite (dev preset: warnings as errors), check that single_include/ is in
# sync with include/, and run the whole suite again against the single header.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --workflow --preset dev
tools/amalgamate.sh --check
cmake --workflow --preset single-header
