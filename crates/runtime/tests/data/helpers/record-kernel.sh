#!/bin/bash
# Runs every program of the helper test objects in the running kernel (root, bpftool) and
# writes what each left in its `out` map to kernel.jsonl: one line per non-zero slot,
# {"object", "prog", "key", "ret", "out"}, with `out` the slot's bytes after `ret` in hex.
# crates/runtime/tests/helpers.rs compares Sluice with these lines.
set -eu
cd "$(dirname "$0")"
P=/sys/fs/bpf/sluice_helper_tests
FRAME=0200000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000
mount | grep -q "on /sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$P"' EXIT
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' $FRAME >"$TMP/frame"
: >kernel.jsonl
for obj in semantics.o packet.o; do
	rm -rf "$P"
	mkdir -p "$P"
	bpftool prog loadall "$obj" "$P/progs" pinmaps "$P/maps"
	for prog in $(ls "$P/progs"); do
		# Every slot back to zero before each program.
		zero=$(python3 -c 'print(" ".join(["0"] * 64))')
		for i in $(seq 0 95); do
			bpftool map update pinned "$P/maps/out" key $i 0 0 0 value $zero
		done
		taskset -c 0 bpftool prog run pinned "$P/progs/$prog" data_in "$TMP/frame" repeat 1 >/dev/null
		bpftool -j map dump pinned "$P/maps/out" | python3 -c '
import json, sys
obj, prog = sys.argv[1], sys.argv[2]
for entry in json.load(sys.stdin):
    value = bytes(int(x, 16) for x in entry["value"])
    key = int.from_bytes(bytes(int(x, 16) for x in entry["key"]), "little")
    ret = int.from_bytes(value[:8], "little", signed=True)
    if ret == 0 and not any(value[8:]):
        continue
    print(json.dumps({"object": obj, "prog": prog, "key": key, "ret": ret, "out": value[8:].hex()}))
' "$obj" "$prog" >>kernel.jsonl
	done
done
echo "$(wc -l <kernel.jsonl) results in kernel.jsonl"
