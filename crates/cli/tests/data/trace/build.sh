#!/bin/sh
# Rebuilds the sluice trace tests' programs (clang-19, libbpf-dev).
set -eu
cd "$(dirname "$0")"
for src in *.c; do
	clang-19 -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "${src%.c}.o"
done
