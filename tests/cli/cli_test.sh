#!/bin/sh
# CLI tests, one case per ctest test: cli_test.sh CASE CLI VECTOR_DIR EXAMPLE_DIR
# Each case runs profile-merge and checks its exit status and output.
set -u
case_name=$1 cli=$2 vectors=$3 examples=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL [$case_name]: $*"; exit 1; }
# expect_status WANT CMD...: runs CMD, keeping stdout in $work/out and stderr in $work/err.
expect_status() {
    want=$1; shift
    "$@" >"$work/out" 2>"$work/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "exit $got, expected $want from: $* | stdout: $(head -c 600 "$work/out") | stderr: $(head -c 600 "$work/err")"
}
expect_out() { grep -q -- "$1" "$work/out" || fail "stdout lacks '$1': $(head -c 800 "$work/out")"; }
expect_err() { grep -q -- "$1" "$work/err" || fail "stderr lacks '$1': $(head -c 800 "$work/err")"; }

profile=$examples/profile.json
q=coolbikes:rider:email:jdoe@example.com
case $case_name in
patch_file)
    expect_status 0 "$cli" patch --stored "$profile" --request "$examples/patch.json" --query "$q" --now 2020-03-11T01:20:28Z
    expect_out '"outcome":"updated"'; expect_out '"saddle_height":"87cm"'; expect_out '"updated_at":"2020-03-11T01:20:28Z"' ;;
patch_stdin)
    expect_status 0 sh -c "\"$cli\" patch --stored \"$profile\" --request - --now 2020-03-11T01:20:28Z < \"$examples/patch.json\""
    expect_out '"name":"Jane Doe"' ;;
patch_clock_default)
    expect_status 0 "$cli" patch --stored "$profile" --request "$examples/patch.json"
    grep -Eq '"updated_at":"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"' "$work/out" || fail "no clock time: $(cat "$work/out")" ;;
patch_not_found)
    echo null > "$work/none.json"
    expect_status 1 "$cli" patch --stored "$work/none.json" --request "$examples/patch.json"
    expect_out '"outcome":"not_found"'; expect_out '"status":404' ;;
patch_shallow_flag)
    echo '{"profile":{"attributes":{"bike":{"size":56}}}}' > "$work/req.json"
    sed 's/"saddle_height": "85cm"/"bike": {"brand": "x", "size": 54}/' "$profile" > "$work/stored.json"
    expect_status 0 "$cli" patch --stored "$work/stored.json" --request "$work/req.json" --attribute-merge shallow --now 2020-01-01T00:00:00Z
    expect_out '"bike":{"size":56}' ;;
patch_read_only_reject)
    echo '{"profile":{"source":"other"}}' > "$work/req.json"
    expect_status 1 "$cli" patch --stored "$profile" --request "$work/req.json" --read-only reject
    expect_out '"code":"read_only_field"' ;;
patch_access)
    expect_status 0 "$cli" patch --stored "$profile" --request "$examples/patch.json" --access name=read_only --now 2020-03-11T01:20:28Z
    expect_out '"name":"sunshine_user"'; expect_out '"saddle_height":"87cm"'
    expect_out '"pointer":"/profile/name","reason":"read_only"' ;;
end_user_access)
    echo '{"id":35436,"name":"Johnny","email":"johnny@example.com","organization_id":57542}' > "$work/user.json"
    echo '{"user":{"organization_id":1}}' > "$work/req.json"
    expect_status 0 "$cli" end-user --stored "$work/user.json" --request "$work/req.json" --access organization_id=privileged
    expect_out '"reason":"not_permitted"'; expect_out '"organization_id":57542' ;;
access_refused)
    expect_status 2 "$cli" patch --stored "$profile" --request "$examples/patch.json" --access source=writable
    expect_err 'managed by the server'
    expect_status 2 "$cli" patch --stored "$profile" --request "$examples/patch.json" --access name=owner
    expect_err 'expected MEMBER=writable' ;;
patch_if_match)
    etag=$("$cli" etag "$profile")
    expect_status 0 "$cli" patch --stored "$profile" --request "$examples/patch.json" --if-match "$etag"
    expect_status 1 "$cli" patch --stored "$profile" --request "$examples/patch.json" --if-match '"0000000000000000"'
    expect_out '"status":412' ;;
put_create)
    echo null > "$work/none.json"
    expect_status 0 "$cli" put --stored "$work/none.json" --request "$examples/create.json" --query "$q" --user-id 81123613 --now 2020-02-03T22:14:48Z --new-id 01E06HXMJ8RJ6C0MR142D6FBSA
    expect_out '"outcome":"created"'; expect_out '"status":201'; expect_out '"kind":"add_user_identity"' ;;
put_create_without_stored_generates_an_id)
    expect_status 0 "$cli" put --request "$examples/create.json" --query "$q"
    grep -Eq '"id":"[0-9A-HJKMNP-TV-Z]{26}"' "$work/out" || fail "no ULID: $(cat "$work/out")"
    expect_out '"kind":"resolve_user"' ;;
put_replace_stdin)
    expect_status 0 sh -c "\"$cli\" put --stored - --request \"$examples/replace.json\" --query $q --now 2020-03-11T22:20:28Z < \"$profile\""
    expect_out '"outcome":"replaced"' ;;
put_conflict)
    expect_status 1 "$cli" put --stored "$profile" --request "$examples/replace.json" --query "$q" --user-id 42
    expect_out '"outcome":"conflict"' ;;
put_by_id)
    expect_status 0 "$cli" put-by-id --stored "$profile" --request "$examples/replace.json" --now 2020-03-11T22:20:28Z
    expect_out '"outcome":"replaced"'; expect_out '"source":"coolbikes"'
    expect_status 0 sh -c "\"$cli\" put-by-id --stored - --request \"$examples/replace.json\" < \"$profile\""
    expect_out '"outcome":"replaced"' ;;
end_user)
    expect_status 0 "$cli" end-user --stored "$examples/end_user.json" --request "$examples/rename_end_user.json" --now 2011-05-06T09:00:00Z
    expect_out '"name":"Roger Wilco II"'; expect_out '"user":'
    expect_status 0 sh -c "\"$cli\" end-user --stored \"$examples/end_user.json\" --request - < \"$examples/rename_end_user.json\""
    expect_out '"outcome":"updated"' ;;
end_user_privileged_reject)
    echo '{"user":{"role":"admin"}}' > "$work/req.json"
    expect_status 1 "$cli" end-user --stored "$examples/end_user.json" --request "$work/req.json" --privileged-fields reject
    expect_out '"status":403' ;;
query_ok)
    expect_status 0 "$cli" query 'shoppingnow%3Acustomer%3Aemail%3Aexample%40example.com'
    expect_out '"identifier_value":"example@example.com"' ;;
query_invalid)
    expect_status 1 "$cli" query 'coolbikes:rider'
    expect_out '"code":"invalid_identifier_query"' ;;
name_file_and_stdin)
    echo '[{"type":"twitter","value":"foobar"}]' > "$work/ids.json"
    expect_status 0 "$cli" name "$work/ids.json"
    expect_out '"name":"Twitter user foobar"'
    expect_status 0 sh -c "echo '[{\"type\":\"sdk\",\"value\":\"S\"}]' | \"$cli\" name -"
    expect_out '"name":"SDK user S"' ;;
etag)
    expect_status 0 "$cli" etag "$profile"
    grep -Eq '^"[0-9a-f]{16}"$' "$work/out" || fail "not an etag: $(cat "$work/out")"
    cp "$work/out" "$work/from_file"
    expect_status 0 sh -c "\"$cli\" etag - < \"$profile\""
    cmp -s "$work/out" "$work/from_file" || fail "stdin and file etags differ" ;;
stdin_twice)
    expect_status 2 "$cli" patch --stored - --request -
    expect_err "only one of --stored and --request can read stdin" ;;
format_flags)
    expect_status 0 "$cli" query a:b:c:d --format pretty
    [ "$(wc -l < "$work/out")" -gt 3 ] || fail "pretty output is one line"
    expect_status 0 "$cli" --format compact query a:b:c:d
    [ "$(wc -l < "$work/out")" -eq 1 ] || fail "compact output is not one line" ;;
malformed_json)
    printf '{\n  "profile": {\n    "name": "x",\n  }\n}\n' > "$work/bad.json"
    expect_status 2 "$cli" patch --stored "$profile" --request "$work/bad.json"
    expect_err "bad.json:4:3: malformed JSON" ;;
number_out_of_range)  # nlohmann throws out_of_range, not parse_error, for 1e999: found by fuzz_cli
    echo '{"profile":{"attributes":{"x":1e999}}}' > "$work/big.json"
    expect_status 2 "$cli" patch --stored "$profile" --request "$work/big.json"
    expect_err "big.json: malformed JSON: .*number overflow" ;;
unreadable_file)
    expect_status 2 "$cli" patch --stored "$work/missing.json" --request "$examples/patch.json"
    expect_err "missing.json: cannot be read" ;;
deeply_nested_input)
    awk 'BEGIN { s = "{\"profile\":{\"attributes\":"; for (i = 0; i < 100000; i++) s = s "["; s = s "1"; for (i = 0; i < 100000; i++) s = s "]"; print s "}}" }' > "$work/deep.json"
    expect_status 2 "$cli" patch --stored "$profile" --request "$work/deep.json"
    expect_err "nested deeper than" ;;
nesting_limit_boundary)
    # 512 levels are read (then rejected by the rules: not an object); 513 are not.
    awk 'BEGIN { for (i = 0; i < 512; i++) printf "["; for (i = 0; i < 512; i++) printf "]"; print "" }' > "$work/d512.json"
    awk 'BEGIN { for (i = 0; i < 513; i++) printf "["; for (i = 0; i < 513; i++) printf "]"; print "" }' > "$work/d513.json"
    expect_status 1 "$cli" patch --stored "$profile" --request "$work/d512.json"
    expect_status 2 "$cli" patch --stored "$profile" --request "$work/d513.json"
    expect_err "nested deeper than 512" ;;
usage_error)
    expect_status 2 "$cli" patch --stored "$profile"
    expect_status 2 "$cli" frobnicate
    expect_status 2 "$cli" patch --stored "$profile" --request "$examples/patch.json" --attribute-merge sideways ;;
conformance_seed_vectors)
    expect_status 0 "$cli" conformance "$vectors/seed_vectors.json"
    expect_out "^52 passed, 0 failed$" ;;
policy_check)  # PL1: each problem with its pointer, 2 when there is one
    printf '{"policy": 1, "entity": "profile", "attributes": {"/visits": {"merge": "increment"}}}' > "$work/good.json"
    printf '{"policy": 2, "entity": "profile", "attributes": {"/tags": {"merge": "onion"}}}' > "$work/bad.json"
    expect_status 0 "$cli" policy check "$work/good.json"
    expect_out "good.json: ok"
    expect_status 2 "$cli" policy check "$work/good.json" "$work/bad.json"
    expect_out "bad.json: /policy: "; expect_out "bad.json: /attributes/~1tags/merge: "
    expect_status 2 "$cli" policy ;;
patch_policy)  # a policy from a file; one that does not load is a usage error
    printf '{"policy": 1, "entity": "profile", "attributes": {"/visits": {"merge": "increment"}, "/tier": {"mutability": "server_managed"}}}' > "$work/policy.json"
    echo '{"profile":{"attributes":{"visits":2,"tier":"gold"}}}' > "$work/req.json"
    expect_status 0 "$cli" patch --stored "$profile" --request "$work/req.json" --policy "$work/policy.json" --now 2020-01-01T00:00:00Z
    expect_out '"visits":2'; expect_out '"pointer":"/profile/attributes/tier"'; expect_out '"reason":"read_only"'
    expect_status 0 "$cli" patch --stored "$profile" --request "$work/req.json" --policy "$work/policy.json" --trusted --now 2020-01-01T00:00:00Z
    expect_out '"tier":"gold"'
    echo '{"policy": 1}' > "$work/bad.json"
    expect_status 2 "$cli" patch --stored "$profile" --request "$work/req.json" --policy "$work/bad.json"
    expect_err "not a policy"; expect_err "/entity" ;;
batch_and_conformance_policy)  # --policy for the cases and lines without one of their own
    printf '{"policy": 1, "entity": "profile", "unknown_attributes": "reject"}' > "$work/policy.json"
    printf '{"op":"patch_profile","stored":%s,"request":{"profile":{"attributes":{"x":1}}}}\n' "$(tr -d '\n' < "$profile")" > "$work/ops.ndjson"
    expect_status 0 "$cli" batch "$work/ops.ndjson" --policy "$work/policy.json" --now 2020-01-01T00:00:00Z
    expect_out '"code":"unknown_attribute"'
    expect_status 0 "$cli" batch "$work/ops.ndjson" --now 2020-01-01T00:00:00Z
    expect_out '"outcome":"updated"'
    expect_status 1 "$cli" conformance --policy "$work/policy.json" "$vectors/seed_vectors.json"
    expect_out " failed$"
    expect_status 0 "$cli" conformance --policy "$vectors/../../policies/zendesk.json" "$vectors/policy_vectors.json"
    expect_out "^59 passed, 0 failed$" ;;
conformance_all_vectors)
    expect_status 0 "$cli" conformance "$vectors"/*.json
    expect_out " passed, 0 failed$" ;;
conformance_wrong_vector)
    # The first case's expected outcome and updated_at made wrong (first occurrences only).
    sed -e '0,/"outcome": "updated"/s//"outcome": "created"/' \
        -e '0,/"updated_at": "2020-03-11T01:20:28Z"/s//"updated_at": "1999-01-01T00:00:00Z"/' \
        "$vectors/seed_vectors.json" > "$work/wrong.json"
    expect_status 1 "$cli" conformance "$work/wrong.json"
    expect_out "FAIL seed-patch-name-and-attribute"; expect_out 'expected "created", got "updated"'
    expect_out '"path":"/updated_at"'; expect_out "^51 passed, 1 failed$" ;;
conformance_not_the_format)
    echo '{"tests": []}' > "$work/other.json"
    expect_status 2 "$cli" conformance "$work/other.json"
    expect_err "other.json: not a conformance file" ;;
batch_bad_line_in_the_middle)
    {
        echo '{"op":"patch_profile","stored":'"$(tr -d '\n' < "$profile")"',"request":{"profile":{"name":"A"}},"now":"2020-01-01T00:00:00Z","id":"one"}'
        echo '{"op":"patch_profile", oops'
        echo '{"op":"parse_identifier_query","query":"a:b:c:d"}'
        echo '{"op":"teleport","id":"four"}'
    } > "$work/ops.ndjson"
    expect_status 1 "$cli" batch "$work/ops.ndjson"
    [ "$(wc -l < "$work/out")" -eq 4 ] || fail "expected 4 result lines: $(cat "$work/out")"
    sed -n 1p "$work/out" | grep -q '"id":"one".*"outcome":"updated"' || fail "line 1: $(sed -n 1p "$work/out")"
    sed -n 2p "$work/out" | grep -q '"code":"malformed_json".*"line":2' || fail "line 2: $(sed -n 2p "$work/out")"
    sed -n 3p "$work/out" | grep -q '"outcome":"ok"' || fail "line 3: $(sed -n 3p "$work/out")"
    sed -n 4p "$work/out" | grep -q '"code":"malformed_operation","message":"case 0 (four): unknown op.*"id":"four"' ||
        fail "line 4: $(sed -n 4p "$work/out")" ;;
batch_stdin)
    expect_status 0 sh -c "echo '{\"op\":\"derive_profile_name\",\"identifiers\":[{\"type\":\"email\",\"value\":\"a@b.c\"}]}' | \"$cli\" batch"
    expect_out '"name":"a@b.c"' ;;
demo)
    expect_status 0 "$cli" demo --format compact
    expect_out "201 created"; expect_out "200 updated"; expect_out "200 replaced"; expect_out "200 unchanged"; expect_out "409 conflict" ;;
batch_answers_each_line_through_an_open_pipe)
    # A caller writes one line and waits: the answer comes without closing the pipe,
    # and a line handled later gets the clock's later time (no --now).
    line='{"op":"patch_profile","stored":{"id":"1","source":"s","type":"t","identifiers":[{"type":"sdk","value":"1"}]},"request":{"profile":{"name":"x"}}}'
    mkfifo "$work/in"
    "$cli" batch < "$work/in" > "$work/out" 2>"$work/err" &
    pid=$!
    exec 3>"$work/in"
    wait_for_lines() {
        tries=0
        while [ "$(wc -l < "$work/out")" -lt "$1" ]; do
            tries=$((tries + 1)); [ $tries -le 100 ] || fail "no answer to line $1 within 10 s"
            sleep 0.1
        done
    }
    echo "$line" >&3; wait_for_lines 1
    sleep 2
    echo "$line" >&3; wait_for_lines 2
    exec 3>&-
    wait $pid || fail "batch exited $?"
    first=$(sed -n 1p "$work/out" | grep -o '"updated_at":"[^"]*"')
    second=$(sed -n 2p "$work/out" | grep -o '"updated_at":"[^"]*"')
    [ -n "$first" ] && [ "$first" != "$second" ] || fail "one time for lines 2 s apart: $first $second" ;;
batch_write_errors_end_with_status_2)
    echo '{"op":"derive_profile_name","identifiers":[]}' > "$work/line.json"
    expect_status 2 sh -c "\"$cli\" batch \"$work/line.json\" > /dev/full"
    expect_err "cannot write the output"
    expect_status 2 sh -c "\"$cli\" query a:b:c:d >&-"
    expect_err "cannot write the output"
    expect_status 2 "$cli" batch "$work"
    expect_err "is a directory"
    expect_status 2 sh -c "\"$cli\" batch <&-"
    expect_err "stdin is closed" ;;
input_bounds)
    head -c 3000000 /dev/zero > "$work/zeros"
    expect_status 2 "$cli" --max-input-bytes 1000000 etag "$work/zeros"
    expect_err "larger than --max-input-bytes"
    expect_status 1 "$cli" --max-input-bytes 1000000 batch "$work/zeros"
    expect_out '"code":"input_too_large"'
    printf '{"a":1}\000{"b":2}' > "$work/nul.json"
    expect_status 2 "$cli" etag "$work/nul.json"
    expect_err "a NUL byte"
    python3 -c "print('[' * 5000000)" > "$work/deep.json"
    expect_status 2 "$cli" etag "$work/deep.json"
    expect_err "nested deeper than 512"
    printf '%s\n%s\n' "$(cat "$work/deep.json")" '{"op":"derive_profile_name","identifiers":[]}' > "$work/lines"
    expect_status 1 "$cli" batch "$work/lines"
    expect_out '"line":1'; expect_out '"line":2,"name":null' ;;
batch_user_id_must_be_an_id)
    for id in '{"a":1}' '1.5' 'true'; do
        echo '{"op":"put_profile","query":"s:t:sdk:1","stored":null,"user_id":'"$id"',"request":{"profile":{"identifiers":[{"type":"sdk","value":"1"}]}}}' > "$work/line.json"
        expect_status 1 "$cli" batch "$work/line.json"
        expect_out '"code":"malformed_operation"'
    done
    expect_status 2 "$cli" put --request "$examples/create.json" --query "$q" --user-id ''
    expect_status 0 "$cli" put --request "$examples/create.json" --query "$q" --user-id 7 ;;
*)
    fail "unknown case" ;;
esac
echo "ok [$case_name]"
