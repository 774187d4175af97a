#!/bin/sh
# Rebuilds the helper test objects next to their sources (as tests/corpus/build.sh does).
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for src in *.c; do
	$CLANG -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "${src%.c}.o"
done
echo "built $(ls *.c | wc -l) objects"
