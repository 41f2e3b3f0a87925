#!/bin/sh
# From a fresh clone: install what is missing, build profile-merge-server, start it
# on an in-memory SQLite store with the coolbikes fixtures and the seed's clock,
# replay the seed documents' requests through curl, printing each request and its
# response, then stop the server. (The CLI's own demo: tools/cli_demo.sh.)
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target profile-merge-server >/dev/null
work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
build/release/examples/server/profile-merge-server --listen 127.0.0.1:0 --store sqlite::memory: \
    --fixtures examples/server/coolbikes_fixtures.json --clock fixed:2020-03-11T01:20:28Z \
    --id-seed 1 >"$work/port" 2>"$work/server.log" &
server_pid=$!
i=0
while [ ! -s "$work/port" ]; do
    i=$((i + 1))
    [ "$i" -gt 100 ] && { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
host="http://127.0.0.1:$(cat "$work/port")"
agent="devs@coolbikes.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"
examples=$(pwd)/examples/coolbikes
cd "$work"

# Prints a curl command as a reader would type it, runs it, prints the status and
# the pretty-printed body.
show() {
    title=$1
    shift
    printf '\n## %s\n$ curl' "$title"
    for arg in "$@"; do
        case $arg in
        *[!A-Za-z0-9_./:@=-]*) printf " '%s'" "$arg" ;;
        *) printf ' %s' "$arg" ;;
        esac
    done
    printf '\n'
    curl -s -o body.json -w '%{http_code}' "$@" >status
    printf 'HTTP %s\n' "$(cat status)"
    if [ -s body.json ]; then python3 -m json.tool body.json; fi
}

echo "profile-merge-server on $host, store sqlite::memory:, fixtures examples/server/coolbikes_fixtures.json"
show "The stored profile" "$host/api/v2/user_profiles?identifier=coolbikes:rider:email:jdoe@example.com" -u "$agent"
cp "$examples/patch.json" profile.json
printf '\nprofile.json:\n'
cat profile.json
show "The seed's PATCH: the name and saddle_height change" \
    "$host/api/v2/user_profiles?identifier=coolbikes:rider:email:jdoe@example.com" \
    -d @profile.json -H "Content-Type: application/json" -u "$agent" -X PATCH
cp "$examples/replace.json" profile.json
printf '\nprofile.json:\n'
cat profile.json
show "The seed's PUT: the profile is replaced (everything not sent is gone)" \
    "$host/api/v2/user_profiles?identifier=coolbikes:rider:email:jdoe@example.com" \
    -d @profile.json -H "Content-Type: application/json" -u "$agent" -X PUT
show "A PUT for an identifier nobody has: a new profile, and a new user for it" \
    "$host/api/v2/user_profiles?identifier=coolbikes:rider:email:ann@example.com" \
    -d '{"profile": {"name": "Ann Rider", "identifiers": [{"type": "email", "value": "Ann@Example.com"}]}}' \
    -H "Content-Type: application/json" -u "$agent" -X PUT
user_id=$(python3 -c 'import json; print(json.load(open("body.json"))["profile"]["user_id"])')
show "The user that the PUT's effects created" "$host/api/v2/users/$user_id.json" -u "$agent"
show "Its identities" "$host/api/v2/users/$user_id/identities.json" -u "$agent"
show "The seed's end-user update, by the end user" \
    "$host/api/v2/end_users/9873843.json" -H "Content-Type: application/json" -X PUT \
    -d '{"user": {"name": "Roger Wilco II"}}' -u "roger@example.com:space-quest-3"
show "Each write's report, kept with the profile" \
    "$host/api/v2/user_profiles/01E06HXMJ8RJ6C0MR142D6FBSA/changes" -u "$agent"
printf '\nThe access log:\n'
cat server.log
