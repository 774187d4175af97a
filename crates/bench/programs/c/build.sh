#!/bin/sh
# Rebuilds the benchmark objects from their C sources (needs clang-19 and libbpf-dev).
set -eu
cd "$(dirname "$0")"
for source in *.c; do
	# getpid_loop.c is a native program (the workload of examples/syscall_overhead.rs), which
	# build.rs compiles with the system C compiler.
	[ "$source" = getpid_loop.c ] && continue
	clang-19 -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu -c "$source" -o "${source%.c}.o"
done
