#!/bin/sh
# Rebuilds the example programs' objects next to their sources (clang-19, -mcpu=v3) and the
# sample capture (cargo run -p sluice-capture --example make_sample).
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for src in *.c; do
	$CLANG -O2 -g -target bpf -mcpu=v3 -I/usr/include/x86_64-linux-gnu -D__TARGET_ARCH_x86 \
		-fdebug-prefix-map="$PWD"=. -c "$src" -o "${src%.c}.o"
done
cargo run -q -p sluice-capture --example make_sample -- sample.pcap
echo "built $(ls *.c | wc -l) objects and sample.pcap"
