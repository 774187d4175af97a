#!/usr/bin/env python3
"""Compares two result files in check-kernel.sh's `-o` format (e.g. the kernel's
and Sluice's, or two kernel runs) by the manifest's rules: retval unless
nondeterministic_retval, data_out when compare_data_out, ctx_out for runs with
ctx_in, every map except nondeterministic_maps (maps that cannot be dumped
are skipped). Prints one line per difference; exit status 1 if any.

  compare_results.py A.json B.json
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
manifest = json.load(open(os.path.join(here, "manifest.json")))["cases"]
a = {c["case"]: c for c in json.load(open(sys.argv[1]))["cases"]}
b = {c["case"]: c for c in json.load(open(sys.argv[2]))["cases"]}
diffs = 0


def diff(i, what, x, y):
    global diffs
    diffs += 1
    m = manifest[i]
    print(f"case {i} {m['object']}:{m['program']}: {what}: {x!r} != {y!r}")


for i, m in enumerate(manifest):
    if i not in a or i not in b:
        continue
    ca, cb = a[i], b[i]
    if ca.get("error") or cb.get("error"):
        if ca.get("error") != cb.get("error"):
            diff(i, "error", ca.get("error"), cb.get("error"))
        continue
    for r, (ra, rb, rm) in enumerate(zip(ca["runs"], cb["runs"], m["runs"])):
        if not m["nondeterministic_retval"] and ra["retval"] != rb["retval"]:
            diff(i, f"run {r} retval", ra["retval"], rb["retval"])
        if m["compare_data_out"] and ra.get("data_out") != rb.get("data_out"):
            diff(i, f"run {r} data_out", ra.get("data_out"), rb.get("data_out"))
        if "ctx_in" in rm and ra.get("ctx_out") != rb.get("ctx_out"):
            diff(i, f"run {r} ctx_out", ra.get("ctx_out"), rb.get("ctx_out"))
    if len(ca["runs"]) != len(cb["runs"]):
        diff(i, "number of runs", len(ca["runs"]), len(cb["runs"]))
    skip = set(m.get("nondeterministic_maps", []))
    for name in sorted(set(ca["maps"]) | set(cb["maps"])):
        if name in skip:
            continue
        ma, mb = ca["maps"].get(name), cb["maps"].get(name)
        if ma is None or mb is None:
            diff(i, f"map {name} present", ma is not None, mb is not None)
        elif "note" in ma or "note" in mb:
            continue
        elif ma != mb:
            diff(i, f"map {name}", ma, mb)

print(f"{len(set(a) & set(b))} cases compared, {diffs} differences")
sys.exit(1 if diffs else 0)
