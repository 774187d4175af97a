#!/bin/sh
# Rebuilds the JIT tests' objects next to their sources (clang-19, -mcpu=v3).
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for src in *.c; do
	$CLANG -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "${src%.c}.o"
done
