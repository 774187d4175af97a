#!/bin/sh
# Rebuilds the verifier examples (clang 19, libbpf headers). -fdebug-prefix-map keeps the build
# directory out of the debug info, so the objects are the same wherever they are rebuilt.
set -eu
cd "$(dirname "$0")"
for src in *.c; do
	clang-19 -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "${src%.c}.o"
done
