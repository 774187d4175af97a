#!/bin/sh
# Rebuild every corpus object next to its source. *_v4.c use -mcpu=v4.
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for src in *.c; do
	obj=${src%.c}.o
	case $src in
	*_v4.c) cpu=v4 ;;
	*) cpu=v3 ;;
	esac
	# -fdebug-prefix-map keeps the build directory out of the DWARF, so the
	# objects are byte-identical wherever they are rebuilt
	$CLANG -O2 -g -target bpf -mcpu=$cpu -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "$obj"
done
echo "built $(ls *.c | wc -l) objects"
