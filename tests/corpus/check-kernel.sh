#!/bin/bash
# Runs every case of manifest.json in the kernel with bpftool and prints one
# line per case (retvals of its runs). Exit status 0 when every case loads and
# every run, map update and dump succeeds.
#
#   ./check-kernel.sh [-o results.json] [-k] [CASE_REGEX]
#
#   -o FILE   also write what the kernel produced (retval, data_out, ctx_out
#             per run; final map contents) as JSON, for comparing with Sluice
#   -k        keep the pins under /sys/fs/bpf/sluice_corpus (default: remove)
#   CASE_REGEX  only cases whose "object:program" matches
#
# Needs root, bpftool, jq, python3 and a mounted bpffs (mounted if missing).
# Everything runs on CPU 0 (taskset) so per-CPU map contents are reproducible.
# raw_tracepoint and syscall programs are run through testrun.py (bpftool 7.x
# always passes a ctx_out buffer, which those program types refuse).
set -u
cd "$(dirname "$0")"

OUT=
KEEP=0
while getopts "o:k" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	k) KEEP=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
FILTER=${1:-}

ROOT=/sys/fs/bpf/sluice_corpus
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; [ $KEEP = 1 ] || rm -rf "$ROOT"' EXIT
BPFTOOL="taskset -c 0 bpftool"
PY="taskset -c 0 python3"

mount | grep -q "on /sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf
rm -rf "$ROOT"
mkdir -p "$ROOT"

hex2bin() { python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$1" >"$2"; }
bin2hex() { python3 -c 'import sys; print(open(sys.argv[1], "rb").read().hex())' "$1"; }
# "0a0b" -> "hex 0a 0b" for bpftool
hexargs() { echo "hex $(echo "$1" | sed 's/../& /g')"; }
# bpftool's load type names for the prog_type names used in the manifest
load_type() {
	case $1 in
	socket_filter) echo socket ;;
	sched_cls) echo classifier ;;
	sched_act) echo action ;;
	cgroup_skb) echo cgroup/skb ;;
	*) echo "$1" ;;
	esac
}

# Dumps one pinned map as JSON: {"name", "type", "entries"|"values"|"note"}.
dump_map() {
	local pin=$1 info type name
	info=$($BPFTOOL -j map show pinned "$pin") || return 1
	type=$(jq -r .type <<<"$info")
	name=$(jq -r .name <<<"$info")
	case $type in
	queue | stack)
		# final contents = the values popped in order until empty
		local vals="[]" v cmd=dequeue
		[ "$type" = stack ] && cmd=pop
		while v=$($BPFTOOL -j map $cmd pinned "$pin" 2>/dev/null); do
			vals=$(jq -c --argjson v "$v" '. + [($v.value | map(ltrimstr("0x")) | join(""))]' <<<"$vals")
		done
		jq -nc --arg n "$name" --arg t "$type" --argjson v "$vals" '{name: $n, type: $t, values: $v}'
		;;
	ringbuf | user_ringbuf | perf_event_array | bloom_filter)
		jq -nc --arg n "$name" --arg t "$type" '{name: $n, type: $t, note: "not dumpable"}'
		;;
	*)
		local d
		d=$($BPFTOOL -j map dump pinned "$pin") || return 1
		jq -c --arg n "$name" --arg t "$type" '{name: $n, type: $t, entries: ([.[] | {
			key: (.key | map(ltrimstr("0x")) | join("")),
			value: (if .value then (.value | map(ltrimstr("0x")) | join("")) else null end),
			values: (if .values then [.values[] | (.value | map(ltrimstr("0x")) | join(""))] else null end)
		} | with_entries(select(.value != null))] | sort_by(.key))}' <<<"$d"
		;;
	esac
}

n=$(jq '.cases | length' manifest.json)
pass=0
fail=0
results="[]"
for ((i = 0; i < n; i++)); do
	c=$(jq -c ".cases[$i]" manifest.json)
	obj=$(jq -r .object <<<"$c")
	prog=$(jq -r .program <<<"$c")
	ptype=$(jq -r .prog_type <<<"$c")
	[ -n "$FILTER" ] && ! [[ "$obj:$prog" =~ $FILTER ]] && continue
	dir=$ROOT/$i
	mapdir=$ROOT/${i}_maps
	err=
	note=
	# load: plain bpftool first; legacy "maps" sections and section names
	# libbpf cannot map to a type need the fallbacks
	if ! $BPFTOOL prog loadall "$obj" "$dir" pinmaps "$mapdir" 2>"$TMP/load.err"; then
		if grep -q "legacy map definitions" "$TMP/load.err"; then
			note="loaded by testrun.py load-legacy"
			$PY testrun.py load-legacy "$obj" "$ptype" "$dir" "$mapdir" 2>"$TMP/load.err" || err="load failed"
		elif grep -q "failed to guess program type" "$TMP/load.err"; then
			note="needs explicit type $(load_type "$ptype")"
			rm -rf "$dir" "$mapdir"
			$BPFTOOL prog loadall "$obj" "$dir" type "$(load_type "$ptype")" pinmaps "$mapdir" \
				2>"$TMP/load.err" || err="load failed"
		else
			err="load failed"
		fi
	fi
	[ -e "$dir/$prog" ] || err=${err:-"program $prog not pinned"}
	# initial map entries
	if [ -z "$err" ]; then
		while read -r m k v; do
			[ -z "$m" ] && continue
			# shellcheck disable=SC2046
			$BPFTOOL map update pinned "$mapdir/${m//./_}" key $(hexargs "$k") value $(hexargs "$v") \
				2>"$TMP/upd.err" || { err="maps_before $m $k failed: $(tail -1 "$TMP/upd.err")"; break; }
		done < <(jq -r '.maps_before // [] | .[] | "\(.map) \(.key) \(.value)"' <<<"$c")
	fi
	for m in $(jq -r '.nondeterministic_maps // [] | .[]' <<<"$c"); do
		[ -z "$err" ] && ! [ -e "$mapdir/${m//./_}" ] && err="nondeterministic map $m does not exist"
	done
	# runs
	retvals=""
	runs="[]"
	nr=$(jq '.runs | length' <<<"$c")
	for ((r = 0; r < nr && ${#err} == 0; r++)); do
		run=$(jq -c ".runs[$r]" <<<"$c")
		repeat=$(jq -r '.repeat // 1' <<<"$run")
		data=$(jq -r '.data_in // empty' <<<"$run")
		ctx=$(jq -r '.ctx_in // empty' <<<"$run")
		rm -f "$TMP"/data_in "$TMP"/data_out "$TMP"/ctx_in "$TMP"/ctx_out
		[ -n "$data" ] && hex2bin "$data" "$TMP/data_in"
		[ -n "$ctx" ] && hex2bin "$ctx" "$TMP/ctx_in"
		data_out=
		ctx_out=
		case $ptype in
		raw_tracepoint | syscall)
			# these refuse repeat != 0: one test run per repetition
			args=()
			[ -n "$ctx" ] && args+=(--ctx-in "$TMP/ctx_in")
			for ((k = 0; k < repeat; k++)); do
				res=$($PY testrun.py run "$dir/$prog" "${args[@]}") || { err="run $r failed: $res"; break; }
			done
			[ -n "$err" ] && break
			[ "$ptype" = syscall ] && [ -n "$ctx" ] && ctx_out=$(jq -r .ctx_out <<<"$res")
			;;
		*)
			args=()
			[ -n "$data" ] && args+=(data_in "$TMP/data_in" data_out "$TMP/data_out")
			[ -n "$ctx" ] && args+=(ctx_in "$TMP/ctx_in" ctx_out "$TMP/ctx_out")
			res=$($BPFTOOL -j prog run pinned "$dir/$prog" "${args[@]}" repeat "$repeat" 2>&1) ||
				{ err="run $r failed: $res"; break; }
			[ -f "$TMP/data_out" ] && data_out=$(bin2hex "$TMP/data_out")
			[ -f "$TMP/ctx_out" ] && ctx_out=$(bin2hex "$TMP/ctx_out")
			;;
		esac
		rv=$(jq -r .retval <<<"$res")
		retvals="$retvals $rv"
		runs=$(jq -c --argjson rv "$rv" --arg d "$data_out" --arg cx "$ctx_out" \
			'. + [{retval: $rv} + (if $d != "" then {data_out: $d} else {} end)
			      + (if $cx != "" then {ctx_out: $cx} else {} end)]' <<<"$runs")
	done
	# final map contents
	maps="{}"
	if [ -z "$err" ] && [ -d "$mapdir" ]; then
		for pin in "$mapdir"/*; do
			[ -e "$pin" ] || continue
			d=$(dump_map "$pin") || { err="dump of $(basename "$pin") failed"; break; }
			maps=$(jq -c --argjson d "$d" '. + {($d.name): ($d | del(.name))}' <<<"$maps")
		done
	fi
	if [ -z "$err" ]; then
		pass=$((pass + 1))
		printf 'ok   %-3d %-22s %-22s %-15s retval%s%s\n' "$i" "$obj" "$prog" "$ptype" "$retvals" \
			"${note:+  ($note)}"
	else
		fail=$((fail + 1))
		printf 'FAIL %-3d %-22s %-22s %-15s %s\n' "$i" "$obj" "$prog" "$ptype" "$err"
		[ -s "$TMP/load.err" ] && grep -v "^libbpf: *[0-9]*:" "$TMP/load.err" | tail -15 | sed 's/^/     /'
	fi
	if [ -n "$OUT" ]; then
		results=$(jq -c --argjson i "$i" --arg o "$obj" --arg p "$prog" --arg e "$err" \
			--argjson runs "$runs" --argjson maps "$maps" \
			'. + [{case: $i, object: $o, program: $p, runs: $runs, maps: $maps}
			      + (if $e != "" then {error: $e} else {} end)]' <<<"$results")
	fi
	[ $KEEP = 1 ] || rm -rf "$dir" "$mapdir"
done
[ -n "$OUT" ] && jq '{cases: .}' <<<"$results" >"$OUT"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
