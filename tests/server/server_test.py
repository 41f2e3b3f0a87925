#!/usr/bin/env python3
"""profile-merge-server's HTTP tests: each case starts the server on a free port with
its own store and fixtures, sends real requests (curl, python3-requests) and checks
the answers.  Usage: server_test.py CASE SERVER_BINARY FIXTURES [STORE]

STORE defaults to $PROFILE_MERGE_TEST_POSTGRESQL when it is set (see
with_postgresql.sh), else a fresh SQLite file; with a postgresql:// URI the case
runs there, on tables dropped first."""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import requests

CASE, BINARY, FIXTURES = sys.argv[1], sys.argv[2], sys.argv[3]
STORE = sys.argv[4] if len(sys.argv) > 4 else os.environ.get("PROFILE_MERGE_TEST_POSTGRESQL")
AGENT = ("devs@coolbikes.com/token", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv")
SEED_QUERY = "coolbikes:rider:email:jdoe@example.com"
NOW = "2020-03-11T01:20:28Z"
work = tempfile.mkdtemp(prefix="pm-server-")


started = []  # every server a case started, stopped when it ends


class Server:
    def __init__(self, fixtures=FIXTURES, store=None, extra=()):
        self.store = store or STORE or f"sqlite:{work}/store.db"
        if store is None and self.store.startswith("postgres"):  # a store of its own
            empty_postgresql(self.store)
        self.fixtures, self.extra = fixtures, list(extra)
        self.start()

    def start(self):
        args = [BINARY, "--listen", "127.0.0.1:0", "--store", self.store,
                "--clock", f"fixed:{NOW}", "--id-seed", "7"] + self.extra
        if self.fixtures:
            args += ["--fixtures", self.fixtures]
        self.log = open(f"{work}/server.log", "a")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        started.append(self.process)
        port = self.process.stdout.readline().strip()
        if not port:
            self.process.wait()
            sys.exit(f"the server did not start:\n{open(f'{work}/server.log').read()}")
        self.url = f"http://127.0.0.1:{port}"

    def stop(self, sig=15):
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


def empty_postgresql(uri):
    # Whatever tables the server made, without naming them here.
    subprocess.run(["psql", uri, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public"],
                   check=True, capture_output=True)


def expect(condition, message):
    if not condition:
        log = f"{work}/server.log"
        lines = open(log).read().splitlines() if os.path.exists(log) else []
        # The access log aside: what went wrong.
        tail = "\n".join([line for line in lines if not line.startswith('{"')][-30:])
        sys.exit(f"FAILED {CASE}: {message}\n--- the server's log, but for the access log:\n{tail}")


def expect_status(response, status):
    expect(response.status_code == status,
           f"{response.request.method} {response.url}: {response.status_code}, not {status}: {response.text}")


def curl(*args):
    done = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", *args], capture_output=True,
                          text=True, check=True)
    body, _, code = done.stdout.rpartition("\n")
    return int(code), json.loads(body) if body else None


SEED_PATCH_RESPONSE = {"profile": {
    "id": "01E06HXMJ8RJ6C0MR142D6FBSA", "user_id": "81123613", "source": "coolbikes",
    "type": "rider", "name": "Jane Doe",
    "attributes": {"favorite_color": "red", "saddle_height": "87cm"},
    "created_at": "2020-02-03T22:14:48Z", "updated_at": "2020-03-11T01:20:28Z",
    "identifiers": [{"type": "email", "value": "jdoe@example.com"}]}}


def seed_curl_patch():
    server = Server()
    with open(f"{work}/profile.json", "w") as f:
        json.dump({"profile": {"name": "Jane Doe", "attributes": {"saddle_height": "87cm"}}}, f)
    os.chdir(work)
    # The seed's curl request, the host replaced.
    code, body = curl(f"{server.url}/api/v2/user_profiles?identifier={SEED_QUERY}",
                      "-d", "@profile.json", "-H", "Content-Type: application/json",
                      "-u", "devs@coolbikes.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv",
                      "-X", "PATCH")
    expect(code == 200, f"status {code}")
    expect(body == SEED_PATCH_RESPONSE, f"the response is not the seed's: {body}")


def seed_python_request(server, method, body):
    """The seed's Python snippet for PATCH and PUT, verbatim but for the host and
    the method; returns its response."""
    with open(f"{work}/profile.json", "w") as f:
        json.dump(body, f)
    os.chdir(work)
    identifier_query = 'coolbikes:rider:email:jdoe@example.com'
    with open('profile.json', mode='r') as f:
        profile = json.load(f)
    url = f'{server.url}/api/v2/user_profiles'
    params = {'identifier': identifier_query}
    headers = {'Content-Type': 'application/json'}
    api_token = '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv'
    credentials = 'devs@coolbikes.com/token', api_token
    response = getattr(requests, method)(url, params=params, json=profile, headers=headers,
                                         auth=credentials)
    return response


def seed_python_patch():
    response = seed_python_request(Server(), "patch", {"profile": {
        "name": "Jane Doe", "attributes": {"saddle_height": "87cm"}}})
    expect(response.status_code == 200, f'{response.status_code}: {response.text}')
    expect(response.json() == SEED_PATCH_RESPONSE, f"the response is not the seed's: {response.text}")


def seed_python_put():
    # No stored profile: the seed's PUT creates one (201), and the profile is attached
    # to the user who owns jdoe@example.com (U3's resolve_user).
    fixtures = json.load(open(FIXTURES))
    fixtures["profiles"] = []
    path = f"{work}/fixtures.json"
    json.dump(fixtures, open(path, "w"))
    server = Server(fixtures=path)
    body = {"profile": {"name": "Jane Doe",
                        "identifiers": [{"type": "email", "value": "jdoe@example.com"}],
                        "attributes": {"favorite_color": "red", "saddle_height": "85cm"}}}
    response = seed_python_request(server, "put", body)
    expect(response.status_code == 201, f'{response.status_code}: {response.text}')
    created = response.json()["profile"]
    expected = {"user_id": "81123613", "source": "coolbikes", "type": "rider", "name": "Jane Doe",
                "attributes": {"favorite_color": "red", "saddle_height": "85cm"},
                "created_at": NOW, "updated_at": NOW,
                "identifiers": [{"type": "email", "value": "jdoe@example.com"}]}
    expect({k: v for k, v in created.items() if k != "id"} == expected, f"created {created}")
    expect(len(created["id"]) == 26, f"the new id is not a ULID: {created['id']}")
    # The same PUT again replaces it: 200, same id.
    again = seed_python_request(server, "put", body)
    expect_status(again, 200)
    expect(again.json()["profile"]["id"] == created["id"], "a second PUT did not find the profile")


def seed_end_user_rename():
    server = Server()
    code, body = curl("-u", "roger@example.com:space-quest-3",
                      f"{server.url}/api/v2/end_users/9873843.json",
                      "-H", "Content-Type: application/json", "-X", "PUT",
                      "-d", '{"user": {"name": "Roger Wilco II"}}')
    expect(code == 200, f"status {code}: {body}")
    expect(body["user"]["id"] == 9873843 and body["user"]["name"] == "Roger Wilco II", f"{body}")
    shown = requests.get(f"{server.url}/api/v2/end_users/9873843.json",
                         auth=("roger@example.com", "space-quest-3"))
    expect_status(shown, 200)
    expect(shown.json()["user"]["name"] == "Roger Wilco II", "the rename was not stored")


def put_effects_reach_the_user():
    server = Server()
    body = {"profile": {"name": "Ann Rider",
                        "identifiers": [{"type": "email", "value": "Ann@Example.com"},
                                        {"type": "external_id", "value": "A-1"}]}}
    created = requests.put(f"{server.url}/api/v2/user_profiles",
                           params={"identifier": "coolbikes:rider:email:ann@example.com"},
                           json=body, auth=AGENT)
    expect_status(created, 201)
    user_id = created.json()["profile"]["user_id"]
    user = requests.get(f"{server.url}/api/v2/users/{user_id}.json", auth=AGENT)
    expect_status(user, 200)
    expect(user.json()["user"]["name"] == "Ann Rider", f"{user.text}")
    identities = requests.get(f"{server.url}/api/v2/users/{user_id}/identities.json", auth=AGENT)
    expect_status(identities, 200)
    values = [(i["type"], i["value"]) for i in identities.json()["identities"]]
    expect(values == [("email", "ann@example.com")], f"identities {values}")
    expect(user.json()["user"]["external_id"] == "A-1", f"{user.text}")
    # A PATCH that adds a phone adds the identity to the same user (P5).
    patched = requests.patch(f"{server.url}/api/v2/user_profiles/{created.json()['profile']['id']}",
                             json={"profile": {"identifiers": [{"type": "phone_number",
                                                                "value": "+15551234567"}]}},
                             auth=AGENT)
    expect_status(patched, 200)
    identities = requests.get(f"{server.url}/api/v2/users/{user_id}/identities", auth=AGENT).json()
    expect(("phone_number", "+15551234567") in [(i["type"], i["value"]) for i in identities["identities"]],
           f"the phone identity was not added: {identities}")
    listed = requests.get(f"{server.url}/api/v2/users/{user_id}/profiles", auth=AGENT)
    expect_status(listed, 200)
    expect([p["name"] for p in listed.json()["profiles"]] == ["Ann Rider"], listed.text)
    history = requests.get(f"{server.url}/api/v2/user_profiles/{created.json()['profile']['id']}/changes",
                           auth=AGENT).json()["changes"]
    expect([h["outcome"] for h in history] == ["created", "updated"], f"history {history}")
    expect(history[1]["changes"] == [{"op": "append", "path": "/identifiers/2"}], f"{history[1]}")


def end_user_effects_reach_the_record():
    server = Server()
    roger = ("roger@example.com", "space-quest-3")
    url = f"{server.url}/api/v2/end_users/9873843.json"
    update = requests.put(url, auth=roger, json={"user": {
        "email": "Roger.Two@example.com", "phone": "+1 (555) 000-1111", "organization_id": 5,
        "remote_photo_url": "https://example.com/roger.png"}})
    expect_status(update, 200)
    user = update.json()["user"]
    expect(user["email"] == "roger@example.com", f"the primary email changed (E5): {user}")
    expect(user["phone"] == "+15550001111" and user["shared_phone_number"] is False, f"{user}")
    expect(user["organization_id"] == 5, f"{user}")
    identities = requests.get(f"{server.url}/api/v2/users/9873843/identities", auth=roger)
    expect_status(identities, 200)
    values = [(i["type"], i["value"], i["primary"]) for i in identities.json()["identities"]]
    expect(values == [("email", "roger@example.com", True), ("email", "roger.two@example.com", False),
                      ("phone_number", "+15550001111", True)], f"identities {values}")
    if server.store.startswith("sqlite:"):  # the photo is queued, not fetched
        import sqlite3
        jobs = [json.loads(row[0]) for row in
                sqlite3.connect(server.store[len("sqlite:"):]).execute("SELECT body FROM outbox")]
        expect([(j["job"], j["url"]) for j in jobs] ==
               [("fetch_remote_photo", "https://example.com/roger.png")], f"outbox {jobs}")
    # A number another user has is a shared number.
    jane = requests.put(f"{server.url}/api/v2/end_users/81123613.json",
                        auth=("jdoe@example.com", "saddle-87cm"), json={"user": {"phone": "+15550001111"}})
    expect_status(jane, 200)
    expect(jane.json()["user"]["shared_phone_number"] is True, jane.text)


def who_may_do_what():
    server = Server()
    profile = f"{server.url}/api/v2/user_profiles/01E06HXMJ8RJ6C0MR142D6FBSA"
    anonymous = requests.get(profile)
    expect_status(anonymous, 401)
    expect(anonymous.headers.get("WWW-Authenticate", "").startswith("Basic"), "no WWW-Authenticate")
    expect_status(requests.get(profile, auth=(AGENT[0], "wrong-token")), 401)
    expect_status(requests.get(profile, auth=("nobody@example.com/token", AGENT[1])), 401)
    expect_status(requests.get(profile, auth=("roger@example.com", "wrong password")), 401)
    expect_status(requests.get(profile, headers={"Authorization": "Bearer x"}), 401)
    # An end user reaches neither profiles nor another user, and agents not End Users.
    roger = ("ROGER@example.com", "space-quest-3")
    expect_status(requests.get(profile, auth=roger), 403)
    expect_status(requests.get(f"{server.url}/api/v2/end_users/81123613.json", auth=roger), 403)
    expect_status(requests.get(f"{server.url}/api/v2/users/81123613.json", auth=roger), 403)
    expect_status(requests.get(f"{server.url}/api/v2/users/9873843.json", auth=roger), 200)
    expect_status(requests.get(f"{server.url}/api/v2/end_users/9873843.json", auth=AGENT), 403)
    expect_status(requests.get(profile, auth=AGENT), 200)
    # The scheme's name is case-insensitive.
    token = base64.b64encode(f"{AGENT[0]}:{AGENT[1]}".encode()).decode()
    expect_status(requests.get(profile, headers={"Authorization": f"basic {token}"}), 200)


def http_errors():
    server = Server(extra=["--max-body-bytes", "2000"])
    profile = f"{server.url}/api/v2/user_profiles/01E06HXMJ8RJ6C0MR142D6FBSA"
    missing = requests.get(f"{server.url}/api/v2/nothing", auth=AGENT)
    expect_status(missing, 404)
    wrong = requests.post(profile, json={}, auth=AGENT)
    expect_status(wrong, 405)
    expect(wrong.headers.get("Allow") == "GET, PATCH, PUT, DELETE", f"Allow: {wrong.headers}")
    big = requests.patch(profile, data="x" * 3000, auth=AGENT)
    expect_status(big, 413)
    malformed = requests.patch(profile, data='{"profile": {', auth=AGENT)
    expect_status(malformed, 400)
    expect(malformed.json()["errors"][0]["code"] == "invalid_json", malformed.text)
    deep = requests.patch(profile, data="[" * 600 + "]" * 600, auth=AGENT)
    expect_status(deep, 400)
    # The library's own errors cross HTTP as it writes them.
    invalid = requests.patch(profile, json={"profile": {"name": 7}}, auth=AGENT)
    expect_status(invalid, 400)  # G7: invalid is 400 in the Profiles API
    expect(invalid.json()["errors"][0]["source"] == {"pointer": "/profile/name"}, invalid.text)
    bad_query = requests.get(f"{server.url}/api/v2/user_profiles", params={"identifier": "a:b"},
                             auth=AGENT)
    expect_status(bad_query, 400)
    expect_status(requests.get(f"{server.url}/health"), 200)


def etag_and_if_match():
    server = Server()
    profile = f"{server.url}/api/v2/user_profiles/01E06HXMJ8RJ6C0MR142D6FBSA"
    shown = requests.get(profile, auth=AGENT)
    tag = shown.headers["ETag"]
    first = requests.patch(profile, json={"profile": {"name": "A"}}, headers={"If-Match": tag},
                           auth=AGENT)
    expect_status(first, 200)
    stale = requests.patch(profile, json={"profile": {"name": "B"}}, headers={"If-Match": tag},
                           auth=AGENT)
    expect_status(stale, 412)
    expect(requests.get(profile, auth=AGENT).json()["profile"]["name"] == "A", "a stale write landed")
    gone = requests.delete(profile, headers={"If-Match": first.headers["ETag"]}, auth=AGENT)
    expect_status(gone, 204)
    expect_status(requests.get(profile, auth=AGENT), 404)


def hostile_identifiers_stored_literally():
    server = Server()
    for value in ["x'); DROP TABLE profiles; --", "../../etc/passwd", "a%2Fb", "\"quoted\""]:
        query = f"coolbikes:rider:member_id:{value}"
        put = requests.put(f"{server.url}/api/v2/user_profiles", params={"identifier": query},
                           json={"profile": {"name": "Hostile",
                                             "identifiers": [{"type": "member_id", "value": value}]}},
                           auth=AGENT)
        expect(put.status_code in (200, 201), f"{value}: {put.status_code} {put.text}")
        got = requests.get(f"{server.url}/api/v2/user_profiles", params={"identifier": query}, auth=AGENT)
        expect_status(got, 200)
        values = [i["value"] for i in got.json()["profile"]["identifiers"]]
        expect(values == [value.replace("%2F", "/")] or values == [value], f"{value}: stored {values}")
    expect_status(requests.get(f"{server.url}/api/v2/user_profiles/01E06HXMJ8RJ6C0MR142D6FBSA",
                               auth=AGENT), 200)


def eight_writers(servers):
    """Eight clients, spread over `servers`, each PATCH 200 distinct attributes onto
    the seed's profile; all 1,600 must be there at the end."""
    failures = []

    def client(n):
        url = f"{servers[n % len(servers)].url}/api/v2/user_profiles?identifier={SEED_QUERY}"
        with requests.Session() as session:
            session.auth = AGENT
            for i in range(200):
                r = session.patch(url, json={"profile": {"attributes": {f"c{n}_{i}": i}}})
                if r.status_code != 200:
                    failures.append(r.text)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect(not failures, f"{len(failures)} writes failed: {failures[:3]}")
    url = f"{servers[0].url}/api/v2/user_profiles?identifier={SEED_QUERY}"
    attributes = requests.get(url, auth=AGENT).json()["profile"]["attributes"]
    written = [k for k in attributes if k.startswith("c")]
    expect(len(written) == 1600, f"{len(written)} of 1,600 attributes are there")
    history = requests.get(f"{servers[0].url}/api/v2/user_profiles/01E06HXMJ8RJ6C0MR142D6FBSA/changes",
                           auth=AGENT).json()["changes"]
    expect(len(history) == 1600, f"{len(history)} history entries for 1,600 writes")


def concurrent_writers_lose_nothing():
    eight_writers([Server(extra=["--threads", "8"])])


def two_servers_one_store():
    first = Server(extra=["--threads", "4"])
    second = Server(store=first.store, fixtures=None, extra=["--threads", "4"])
    eight_writers([first, second])


def kill_mid_load_loses_no_acknowledged_write():
    server = Server(extra=["--threads", "4"])
    acknowledged, attempted = [], []
    stop = threading.Event()

    def client(n):
        with requests.Session() as session:
            session.auth = AGENT
            i = 0
            while not stop.is_set():
                email = f"rider{n}x{i}@example.com"
                attempted.append(email)
                try:
                    r = session.put(f"{server.url}/api/v2/user_profiles",
                                    params={"identifier": f"coolbikes:rider:email:{email}"},
                                    json={"profile": {"name": f"Rider {n} {i}", "identifiers": [
                                        {"type": "email", "value": email}]}})
                except requests.RequestException:
                    return  # the server is gone
                if r.status_code == 201:
                    acknowledged.append(email)
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    while len(acknowledged) < 100:
        time.sleep(0.05)
    server.process.kill()  # SIGKILL, mid-way
    server.process.wait()
    stop.set()
    for t in threads:
        t.join()
    server.fixtures = None
    server.start()
    found = 0
    for email in attempted:
        r = requests.get(f"{server.url}/api/v2/user_profiles",
                         params={"identifier": f"coolbikes:rider:email:{email}"}, auth=AGENT)
        if r.status_code == 404:
            expect(email not in acknowledged, f"an acknowledged create is gone: {email}")
            continue
        expect_status(r, 200)
        found += 1
        # Never half-applied: the profile's user exists and holds the identity.
        user_id = r.json()["profile"]["user_id"]
        identities = requests.get(f"{server.url}/api/v2/users/{user_id}/identities", auth=AGENT)
        expect_status(identities, 200)
        expect(("email", email) in [(i["type"], i["value"]) for i in identities.json()["identities"]],
               f"{email}: its profile is stored without its effects")
    expect(found >= len(acknowledged), f"{found} stored, {len(acknowledged)} acknowledged")


# ctest's SKIP_RETURN_CODE for this case (examples/server/CMakeLists.txt).
SKIPPED = 77


def node_zendesk_client():
    """Skipped, with a message, where node-zendesk is not installed, unless
    PROFILE_MERGE_REQUIRE_NODE_ZENDESK is set (tools/test.sh, and so CI, set it)."""
    here = os.path.dirname(os.path.abspath(__file__))
    missing = [what for what, there in [
        ("node", shutil.which("node") is not None),
        ("node-zendesk", os.path.isdir(f"{here}/node/node_modules/node-zendesk"))] if not there]
    if missing:
        message = (f"{' and '.join(missing)} not installed: npm ci --prefix tests/server/node "
                   "(tools/test.sh does)")
        expect(not os.environ.get("PROFILE_MERGE_REQUIRE_NODE_ZENDESK"), message)
        print(f"skipped node_zendesk_client: {message}")
        sys.exit(SKIPPED)
    server = Server()
    done = subprocess.run(["node", f"{here}/node/node_zendesk_test.js", server.url],
                          capture_output=True, text=True, timeout=60)
    expect(done.returncode == 0, f"node-zendesk failed:\n{done.stdout}{done.stderr}")


def docs_examples():
    """Every `# expect STATUS` block of docs/server.md, in order, against one server."""
    here = os.path.dirname(os.path.abspath(__file__))
    text = open(f"{here}/../../docs/server.md").read()
    blocks = [b.split("```", 1)[0] for b in text.split("```sh\n")[1:]]
    examples = [b for b in blocks if b.startswith("# expect ")]
    expect(len(examples) >= 15, f"only {len(examples)} examples in docs/server.md")
    server = Server()
    with_policy = {}  # policy file -> a server started with it, a store of its own
    for example in examples:
        status, _, policy = example.split("\n", 1)[0].removeprefix("# expect ").partition(
            " with --policy ")
        status, policy = status.strip(), policy.strip()
        if policy and policy not in with_policy:
            with_policy[policy] = Server(store=f"sqlite:{work}/policy{len(with_policy)}.db",
                                         extra=["--policy", f"{here}/../../{policy}"])
        url = with_policy[policy].url if policy else server.url
        env = dict(os.environ, SERVER=url, AGENT=f"{AGENT[0]}:{AGENT[1]}",
                   ROGER="roger@example.com:space-quest-3")
        script = "curl() { command curl -s -o /dev/null -w '%{http_code}' \"$@\"; }\n" + example
        done = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True)
        expect(done.stdout == status, f"{example.strip()}\n: {done.stdout}{done.stderr}, not {status}")


def graceful_stop():
    server = Server()
    expect(server.stop(15) == 0, "SIGTERM did not stop the server cleanly")
    log = open(f"{work}/server.log").read()
    expect("stopped" in log, f"no clean stop in the log: {log}")


CASES = {f.__name__: f for f in [
    seed_curl_patch, seed_python_patch, seed_python_put, seed_end_user_rename,
    put_effects_reach_the_user, end_user_effects_reach_the_record, who_may_do_what, http_errors, etag_and_if_match,
    hostile_identifiers_stored_literally, concurrent_writers_lose_nothing, two_servers_one_store,
    kill_mid_load_loses_no_acknowledged_write, node_zendesk_client, docs_examples, graceful_stop]}

if __name__ == "__main__":
    if CASE not in CASES:
        sys.exit(f"unknown case {CASE}; cases: {', '.join(CASES)}")
    try:
        CASES[CASE]()
        # Every server still running stops cleanly on SIGTERM (under the sanitizers,
        # a leak or an error is a non-zero exit).
        for process in started:
            if process.poll() is None:
                process.terminate()
                code = process.wait(timeout=60)
                expect(code == 0, f"the server exited with {code} on SIGTERM:\n"
                                  f"{open(f'{work}/server.log').read()[-4000:]}")
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"ok {CASE}")
