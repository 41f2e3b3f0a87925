#!/usr/bin/env python3
"""Mutation testing of the rule code: applies each mutation of tools/mutations.json in
turn, builds the tests in the separately compiled mode (the library is one translation
unit there, so a mutation recompiles little), runs them, and reports each mutation the
tests did not catch (a survivor: a behaviour no test checks), and each that only the
conformance vectors caught. The source is restored after each mutation, whatever
happens.

Usage: tools/mutate.py [--build-dir DIR] [--only ID ...] [--fail-under PERCENT]
Exit status: 0, or 1 when the score is under --fail-under, or 2 when a mutation no
longer applies (its `from` text is not in its file exactly once).
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, timeout=None):
    return subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default="build/separate")
    parser.add_argument("--only", nargs="*", help="mutation ids to run (all by default)")
    parser.add_argument("--fail-under", type=float, default=0.0)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per test binary")
    args = parser.parse_args()

    with open(os.path.join(ROOT, "tools", "mutations.json")) as f:
        mutations = json.load(f)["mutations"]
    if args.only:
        unknown = set(args.only) - {m["id"] for m in mutations}
        if unknown:
            sys.exit(f"unknown mutation ids: {', '.join(sorted(unknown))}")
        mutations = [m for m in mutations if m["id"] in args.only]

    stale = []
    for m in mutations:
        with open(os.path.join(ROOT, m["file"]), encoding="utf-8") as f:
            if f.read().count(m["from"]) != 1:
                stale.append(m["id"])
    if stale:
        print(f"mutate: these mutations no longer apply (their text is not in their file exactly "
              f"once): {', '.join(stale)}", file=sys.stderr)
        return 2

    build = os.path.join(ROOT, args.build_dir)
    if not os.path.isdir(build):
        done = run(["cmake", "--preset", "separate"])
        if done.returncode != 0:
            sys.exit(done.stdout)
    targets = ["profile_merge_tests", "profile_merge_fault_injection_tests"]
    done = run(["cmake", "--build", build, "--target", *targets])
    if done.returncode != 0:
        sys.exit(f"mutate: the unmutated build fails:\n{done.stdout}")
    for binary in targets:
        done = run([os.path.join(build, "tests", binary)], timeout=args.timeout)
        if done.returncode != 0:
            sys.exit(f"mutate: the unmutated tests fail ({binary}):\n{done.stdout[-4000:]}")

    results = []
    for number, m in enumerate(mutations, 1):
        path = os.path.join(ROOT, m["file"])
        with open(path, encoding="utf-8") as f:
            original = f.read()
        started = time.time()
        binaries = targets if m.get("fault_injection") else targets[:1]
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["from"], m["to"], 1))
            built = run(["cmake", "--build", build, "--target", *binaries])
            if built.returncode != 0:
                verdict, by = "does not compile", ""
            else:
                verdict, by = "survived", ""
                for binary in binaries:
                    try:
                        tested = run([os.path.join(build, "tests", binary), "--gtest_brief=1"],
                                     timeout=args.timeout)
                    except subprocess.TimeoutExpired:
                        verdict, by = "killed", f"{binary} timed out"
                        break
                    if tested.returncode != 0:
                        failed = [line.split("]", 1)[1].split("(")[0].split(", where")[0].strip()
                                  for line in tested.stdout.splitlines()
                                  if line.startswith("[  FAILED  ]") and "(" in line]
                        verdict = "killed"
                        if failed and all(name.startswith("Conformance.") for name in failed):
                            verdict = "killed by the vectors alone"
                        by = ", ".join(sorted(set(failed))[:3]) or f"{binary} exited {tested.returncode}"
                        break
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        results.append((m, verdict, by))
        print(f"[{number}/{len(mutations)}] {m['id']} ({', '.join(m['rules'])}): {verdict}"
              f"{' by ' + by if by else ''} [{time.time() - started:.0f} s]", flush=True)

    killed = sum(1 for _, v, _ in results if v.startswith("killed"))
    vectors_only = [m["id"] for m, v, _ in results if v == "killed by the vectors alone"]
    survived = [m["id"] for m, v, _ in results if v == "survived"]
    uncompiled = [m["id"] for m, v, _ in results if v == "does not compile"]
    scored = killed + len(survived)
    score = 100.0 * killed / scored if scored else 100.0
    print(f"\nmutation score: {killed} of {scored} killed ({score:.1f}%)")
    if survived:
        print("survivors (behaviours no test checks): " + ", ".join(survived))
    if vectors_only:
        print("caught by the conformance vectors alone (no unit test checks them): " +
              ", ".join(vectors_only))
    if uncompiled:
        print("mutations that do not compile (fix them in tools/mutations.json): " + ", ".join(uncompiled))
    return 1 if score < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
