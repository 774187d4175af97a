#!/bin/sh
# Rebuilds the committed BTF test objects from their C sources (needs clang-19 and libbpf's
# headers), and the bpftool dumps the tests compare against when bpftool is absent.
set -eu
cd "$(dirname "$0")"
for source in *.c; do
	object="${source%.c}.o"
	clang-19 -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu -c "$source" -o "$object"
	if command -v bpftool >/dev/null 2>&1; then
		bpftool btf dump file "$object" > "${source%.c}.btf.txt"
	fi
done
