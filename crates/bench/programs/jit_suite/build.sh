#!/bin/sh
# Rebuilds the JIT benchmark suite's BPF objects from their C sources (needs clang-19 and
# libbpf-dev). The native build of the same sources is crates/bench/build.rs.
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for source in *.c; do
	case $source in
	suite_native.c) continue ;; # the native side's map shim, not a program
	esac
	# -fdebug-prefix-map keeps the build directory out of the DWARF, so the objects are
	# byte-identical wherever they are rebuilt
	$CLANG -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu \
		-fdebug-prefix-map="$PWD"=. -c "$source" -o "${source%.c}.o"
done
echo "built $(ls *.o | wc -l) objects"
