#!/bin/sh
# From a fresh clone: install what is missing, then configure, build and run the
# whole suite (dev preset: warnings as errors), check that single_include/ is in
# sync with include/, run the whole suite again against the single header, and the
# server's HTTP tests on PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
# node-zendesk, for the server's test with a client nobody here wrote.
[ -d tests/server/node/node_modules/node-zendesk ] ||
    npm ci --prefix tests/server/node --no-audit --no-fund --loglevel=error
# Here that test runs or fails: it is never skipped.
export PROFILE_MERGE_REQUIRE_NODE_ZENDESK=1
cmake --workflow --preset dev
tools/amalgamate.sh --check
cmake --workflow --preset single-header
# The server's HTTP tests again, on a throwaway PostgreSQL cluster.
tests/server/with_postgresql.sh ctest --preset dev -R '^server\.' --output-on-failure
