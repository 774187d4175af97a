#!/bin/sh
# Rebuilds every C case's object next to its source (clang-19, -mcpu=v3).
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for src in *.c; do
	# -fdebug-prefix-map keeps the build directory out of the DWARF, so the
	# objects are byte-identical wherever they are rebuilt
	$CLANG -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "${src%.c}.o"
done
echo "built $(ls *.c | wc -l) objects"
