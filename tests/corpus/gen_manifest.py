#!/usr/bin/env python3
"""Writes manifest.json: the corpus cases, with frames built by packets.py.
Run it after changing a case; the manifest is committed."""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from packets import *  # noqa: E402,F401,F403

cases = []


def run(data=None, ctx=None, repeat=1):
    r = {}
    if data is not None:
        assert 14 <= len(data) <= 1500, len(data)
        r["data_in"] = data.hex()
    if ctx is not None:
        r["ctx_in"] = ctx.hex()
    r["repeat"] = repeat
    return r


def case(obj, prog, prog_type, description, runs, compare_data_out=None, maps_before=None,
         nondet_maps=None, nondet_retval=False):
    if compare_data_out is None:
        # program types that take no packet have no data_out
        compare_data_out = prog_type not in ("raw_tracepoint", "syscall", "sk_lookup")
    c = {"object": obj, "program": prog, "prog_type": prog_type, "description": description,
         "runs": runs, "compare_data_out": compare_data_out}
    if maps_before:
        c["maps_before"] = [{"map": m, "key": k.hex(), "value": v.hex()} for m, k, v in maps_before]
    if nondet_maps:
        c["nondeterministic_maps"] = nondet_maps
    c["nondeterministic_retval"] = nondet_retval
    cases.append(c)


u32 = lambda v: struct.pack("<I", v & 0xFFFFFFFF)
u16 = lambda v: struct.pack("<H", v)
u64 = lambda v: struct.pack("<Q", v & 0xFFFFFFFFFFFFFFFF)


def xdp_md(length, ifindex=0, rxq=0):
    return struct.pack("<6I", 0, length, 0, ifindex, rxq, 0)


def sk_buff(mark=0, priority=0, cb=(0, 0, 0, 0, 0), ifindex=0, ingress_ifindex=0, tstamp=0):
    b = bytearray(192)
    struct.pack_into("<I", b, 8, mark)
    struct.pack_into("<I", b, 32, priority)
    struct.pack_into("<I", b, 36, ingress_ifindex)
    struct.pack_into("<I", b, 40, ifindex)
    struct.pack_into("<5I", b, 48, *cb)
    struct.pack_into("<Q", b, 152, tstamp)
    return bytes(b)


def sk_lookup_ctx(family, protocol, remote_ip4, remote_port, local_ip4, local_port):
    b = bytearray(72)
    struct.pack_into("<II", b, 8, family, protocol)
    b[16:20] = ip4(remote_ip4)
    struct.pack_into("!H", b, 36, remote_port)
    b[40:44] = ip4(local_ip4)
    struct.pack_into("<I", b, 60, local_port)
    return bytes(b)


HTTP = tcp4(payload=b"GET / HTTP/1.1\r\n\r\n")
DNS = udp4(src="192.0.2.10", dst="198.51.100.7", sport=5353, dport=53, payload=b"\x12\x34" + b"\0" * 10)
PING = icmp4()
ARP = arp_request()

# ---------------------------------------------------------------- map types
case("array_map.o", "count_by_proto", "xdp",
     "ARRAY: per-IP-protocol packet counters plus a byte total",
     [run(HTTP), run(DNS), run(PING), run(ARP), run(DNS, repeat=3)])
case("percpu_array.o", "percpu_count", "xdp",
     "PERCPU_ARRAY: packets/bytes per (length & 3) on the running CPU; out-of-range lookup is NULL",
     [run(pad(HTTP, 60)), run(pad(HTTP, 61)), run(pad(HTTP, 62), repeat=2), run(pad(HTTP, 63))])
case("hash_flags.o", "hash_update_codes", "sched_cls",
     "HASH: update/delete return codes for BPF_ANY/NOEXIST/EXIST, bad flags, full map; two runs",
     [run(DNS), run(DNS)])
case("array_flags.o", "array_update_codes", "xdp",
     "ARRAY: update NOEXIST (-EEXIST), delete (-EINVAL), out-of-range (-E2BIG), BPF_F_LOCK without lock",
     [run(PING)])
case("hash_src_count.o", "count_by_source", "xdp",
     "HASH: per-source IPv4 packet and byte counter",
     [run(tcp4(src="10.0.0.1")), run(udp4(src="10.0.0.2"), repeat=4), run(icmp4(src="172.16.5.4")),
      run(ARP), run(tcp4(src="10.0.0.1", payload=b"x" * 100))])
case("percpu_hash.o", "percpu_port_count", "sched_cls",
     "PERCPU_HASH: per destination port counters created on first use",
     [run(udp4(dport=53)), run(udp4(dport=53)), run(tcp4(dport=80)), run(tcp4(dport=443), repeat=3),
      run(PING)])
lru_runs = []
for i in range(1, 5):
    lru_runs.append(run(raw4(f"10.0.0.{i}", "10.9.9.9", b"I" * 8)))
lru_runs.append(run(raw4("10.0.0.1", "10.9.9.9", b"L" * 8)))
lru_runs.append(run(raw4("10.0.0.5", "10.9.9.9", b"I" * 8)))
lru_runs.append(run(raw4("10.0.0.6", "10.9.9.9", b"I" * 8)))
lru_runs.append(run(raw4("10.0.0.2", "10.9.9.9", b"L" * 8)))
lru_runs.append(run(raw4("10.0.0.7", "10.9.9.9", b"I" * 8)))
lru_runs.append(run(raw4("10.0.0.8", "10.9.9.9", b"I" * 8)))
lru_runs.append(run(raw4("10.0.0.1", "10.9.9.9", b"L" * 8)))
lru_runs.append(run(raw4("10.0.0.6", "10.9.9.9", b"L" * 8)))
case("lru_hash.o", "lru_track", "xdp",
     "LRU_HASH (4 entries): 8 distinct sources with refreshing lookups; which keys survive eviction",
     lru_runs)
case("lru_percpu_hash.o", "lru_percpu_track", "xdp",
     "LRU_PERCPU_HASH (4 entries): 6 distinct flows, byte totals per flow",
     [run(udp4(src=f"10.1.0.{i}", dst="10.2.0.1")) for i in range(1, 7)]
     + [run(udp4(src="10.1.0.6", dst="10.2.0.1"), repeat=2), run(udp4(src="10.1.0.1", dst="10.2.0.1"))])


def lpm(prefix, addr):
    return u32(prefix) + ip4(addr)


case("lpm_route.o", "route_lookup", "xdp",
     "LPM_TRIE: IPv4 route lookups over /1, /8, /16, /24 and /32 prefixes; a TTL-1 packet deletes the /24",
     [run(udp4(dst=d)) for d in ("10.1.2.3", "10.1.2.9", "10.1.9.9", "10.9.9.9", "8.8.8.8",
                                  "192.168.5.5", "200.1.1.1")]
     + [run(udp4(dst="10.1.2.9", ttl=1)), run(udp4(dst="10.1.2.9")), run(udp4(dst="10.1.2.9", ttl=1))],
     maps_before=[("routes", lpm(1, "0.0.0.0"), u32(1)), ("routes", lpm(8, "10.0.0.0"), u32(2)),
                  ("routes", lpm(16, "10.1.0.0"), u32(3)), ("routes", lpm(24, "10.1.2.0"), u32(4)),
                  ("routes", lpm(32, "10.1.2.3"), u32(5)), ("routes", lpm(16, "192.168.0.0"), u32(6))])
case("tail_dispatch.o", "dispatcher", "xdp",
     "PROG_ARRAY dispatcher (static .values init): TCP->handle_tcp (DROP), UDP->handle_udp (TX), "
     "ICMP slot empty -> falls through (PASS)",
     [run(HTTP), run(DNS), run(PING), run(ARP)], nondet_maps=["jump_table"])
case("tail_chain.o", "chain_entry", "sched_cls",
     "PROG_ARRAY: chained tail calls entry->stage1->stage2->stage3, trace of depths via skb->cb[0]",
     [run(DNS), run(HTTP, repeat=2)], nondet_maps=["stages"])
case("tail_limit.o", "tail_loop", "xdp",
     "PROG_ARRAY: a program tail-calling itself stops after 33 tail calls (34 executions per run)",
     [run(DNS), run(DNS)], nondet_maps=["self"])
case("ringbuf.o", "ringbuf_events", "xdp",
     "RINGBUF (4096 bytes, no consumer): reserve/submit, reserve/discard, output, oversized reserve, "
     "query; repeated runs fill the ring and reservations fail",
     [run(DNS), run(HTTP), run(DNS, repeat=60)])
case("perf_output.o", "perf_emit", "xdp",
     "PERF_EVENT_ARRAY with no perf event installed: bpf_perf_event_output return codes",
     [run(DNS)])
case("queue_map.o", "queue_ops", "xdp",
     "QUEUE (4 slots): push to full (-E2BIG), BPF_EXIST push, peek, pop to empty (-ENOENT), bad flags",
     [run(DNS)])
case("stack_map.o", "stack_ops", "xdp",
     "STACK (4 slots): push to full (-E2BIG), BPF_EXIST push, peek, pop to empty (-ENOENT), bad flags",
     [run(DNS)])
case("bloom_filter.o", "bloom_check", "xdp",
     "BLOOM_FILTER (zero seed, 3 hashes): TTL-64 packets add their source; every packet tests its destination",
     [run(udp4(src="10.0.0.1", dst="10.0.0.9", ttl=64)), run(udp4(src="10.0.0.2", dst="10.0.0.1", ttl=63)),
      run(udp4(src="10.0.0.3", dst="10.0.0.2", ttl=64)), run(udp4(src="10.0.0.4", dst="10.0.0.2", ttl=63)),
      run(udp4(src="10.0.0.5", dst="10.0.0.7", ttl=63)), run(udp4(src="10.0.0.6", dst="10.0.0.3", ttl=63))])
case("stackid_rawtp.o", "stack_id", "raw_tracepoint",
     "STACK_TRACE + bpf_get_stackid/bpf_get_stack from a raw tracepoint; facts only",
     [run(ctx=u64(0) + u64(1))], nondet_maps=["stacks", "raw_ids"])
case("array_of_maps.o", "aom_lookup", "xdp",
     "ARRAY_OF_MAPS statically initialised with two inner arrays; inner lookups; empty outer slot",
     [run(HTTP), run(DNS), run(HTTP), run(PING)], nondet_maps=["outer"])
case("hash_of_maps.o", "hom_lookup", "sched_cls",
     "HASH_OF_MAPS statically initialised (keys 0, 1) with inner hashes counting per source",
     [run(udp4(src="10.0.0.1", dport=1000)), run(udp4(src="10.0.0.2", dport=1001)),
      run(udp4(src="10.0.0.1", dport=1000)), run(udp4(src="10.0.0.3", dport=2001))],
     nondet_maps=["tenants"])
case("devmap_redirect.o", "redirect_devmap", "xdp",
     "DEVMAP + bpf_redirect_map (present, empty and out-of-range slots) and bpf_redirect in XDP",
     [run(raw4("10.0.0.1", "10.0.0.2", bytes([0]) + b"x" * 7)),
      run(raw4("10.0.0.1", "10.0.0.2", bytes([1]) + b"x" * 7)),
      run(raw4("10.0.0.1", "10.0.0.2", bytes([2]) + b"x" * 7))],
     maps_before=[("tx_ports", u32(0), u32(1))])

# ---------------------------------------------------------------- helpers
case("time_helpers.o", "time_monotonic", "xdp",
     "ktime_get_ns/_boot_ns/_coarse_ns/_tai_ns and jiffies64: monotonicity facts; raw values nondeterministic",
     [run(DNS), run(DNS, repeat=5)], nondet_maps=["raw_times"])
case("prandom.o", "random_sample", "xdp",
     "get_prandom_u32: samples and retval (PASS/DROP by a random bit) nondeterministic; call count compared",
     [run(DNS), run(DNS, repeat=3)], nondet_maps=["samples"], nondet_retval=True)
case("smp_cpu.o", "cpu_id", "sched_cls",
     "get_smp_processor_id / get_numa_node_id: facts only (cpu < 1024)",
     [run(DNS)], nondet_maps=["raw_ids", "my_cpu"])
case("trace_printk.o", "printk_calls", "xdp",
     "bpf_trace_printk (<= 3 args) and bpf_trace_vprintk (> 3 args) return values",
     [run(DNS)])
case("snprintf.o", "format_flow", "sched_cls",
     "bpf_snprintf with %pI4/%u/%d/%s into a map value, and truncation into 8 bytes",
     [run(DNS)])
case("strncmp.o", "strncmp_check", "xdp",
     "bpf_strncmp of payload bytes against .rodata constant strings",
     [run(udp4(dport=80, payload=b"GET /index.html")), run(udp4(dport=80, payload=b"POST /form")),
      run(udp4(dport=80, payload=b"GE\0\0\0\0\0\0"))])
case("bpf_loop.o", "loop_sum", "xdp",
     "bpf_loop with a callback stopping early, plus -E2BIG and -EINVAL returns",
     [run(udp4(payload=bytes([10]) + b"\0" * 7)), run(udp4(payload=bytes([200]) + b"\0" * 7)),
      run(udp4(payload=bytes([0]) + b"\0" * 7))])
case("for_each_elem.o", "sum_array", "xdp",
     "bpf_for_each_map_elem over an array (stops at 0xdead) and a hash (callback writes values)",
     [run(DNS), run(DNS)],
     maps_before=[("values", u32(1), u64(5)), ("values", u32(2), u64(7)), ("values", u32(4), u64(0xdead)),
                  ("values", u32(6), u64(100)), ("table", u32(10), u64(1)), ("table", u32(20), u64(2)),
                  ("table", u32(30), u64(3))])
case("probe_read.o", "probe_reads", "xdp",
     "bpf_probe_read_kernel(_str) of stack buffers: copy, truncation, faulting address",
     [run(DNS)])
case("spin_lock.o", "locked_counter", "sched_cls",
     "bpf_spin_lock/unlock around counters in array and hash values",
     [run(DNS), run(pad(HTTP, 200)), run(DNS, repeat=3)])
case("tc_redirect.o", "tc_redirect", "sched_cls",
     "bpf_redirect (egress, ingress, bad flags) and bpf_redirect_neigh return values in tc",
     [run(udp4(dport=d)) for d in (1, 2, 3, 4)])
case("xdp_vlan.o", "vlan_push", "xdp",
     "bpf_xdp_adjust_head(-4): insert an 802.1Q tag, XDP_TX; data_out compared",
     [run(DNS), run(pad(PING, 64))])
case("xdp_vlan.o", "vlan_pop", "xdp",
     "bpf_xdp_adjust_head(+4): strip an 802.1Q tag, XDP_TX; untagged frames pass",
     [run(vlan_frame(0x0800, ipv4("10.0.0.1", "10.0.0.2", 17, udp("10.0.0.1", "10.0.0.2", 1, 2, b"hi")), (7,))),
      run(DNS)])
case("xdp_head_limits.o", "head_limits", "xdp",
     "bpf_xdp_adjust_head limits in test-run (headroom, xdp_frame, ETH_HLEN); final frame 2 bytes shorter",
     [run(pad(DNS, 60)), run(eth(b"", 0x0800) + b"\x45\0")])
case("xdp_adjust_meta.o", "meta_mark", "xdp",
     "bpf_xdp_adjust_meta limits (table of deltas), 8 bytes of metadata written; data_out and ctx_out",
     [run(DNS, ctx=xdp_md(len(DNS), ifindex=1)), run(HTTP)])
case("xdp_adjust_tail.o", "tail_trim", "xdp",
     "bpf_xdp_adjust_tail: trim to 60 bytes, grow by 8 (zeroed), write a trailer, shrink by 4; limits incl. the 3520-byte maximum",
     [run(pad(HTTP, 100)), run(tcp4()), run(pad(HTTP, 1400))])
case("skb_bytes.o", "skb_rewrite", "sched_cls",
     "bpf_skb_load_bytes/bpf_skb_store_bytes (with BPF_F_RECOMPUTE_CSUM) and out-of-bounds errors",
     [run(udp4(payload=b"payload-bytes"))])
case("nat_csum.o", "snat_rewrite", "sched_cls",
     "SNAT 10.0.0.1 -> 192.0.2.1, port -> 40000 with l3/l4_csum_replace (TCP, UDP, UDP zero csum)",
     [run(tcp4(src="10.0.0.1", sport=12345, payload=b"hello")),
      run(udp4(src="10.0.0.1", sport=5000, payload=b"world!")),
      run(udp4(src="10.0.0.1", sport=5000, payload=b"nocsum", zero_csum=True)),
      run(tcp4(src="10.0.0.3"))])
case("csum_diff.o", "dnat_csum_diff", "sched_cls",
     "DNAT to 10.0.0.254:8080 with bpf_csum_diff deltas applied by l3/l4_csum_replace",
     [run(tcp4(dst="10.0.0.2", dport=80, payload=b"GET /")), run(tcp4(dst="10.0.0.9", dport=443))])
case("xdp_csum.o", "ip_csum_verify", "xdp",
     "bpf_csum_diff in XDP verifying IPv4 header checksums (good passes, bad drops, options unchecked)",
     [run(DNS), run(udp4(bad_csum=True)), run(eth(ipv4("10.0.0.1", "10.0.0.2", 6, b"\0" * 20,
                                                    options=b"\x01\x01\x01\x00"), 0x0800))])
case("skb_hash.o", "skb_hash", "sched_cls",
     "bpf_get_hash_recalc (per-boot seed: value nondeterministic) and bpf_set_hash",
     [run(HTTP), run(DNS)], nondet_maps=["raw_hash"])
case("task_info.o", "task_facts", "syscall",
     "get_current_pid_tgid/uid_gid/comm/task from a syscall program: facts only",
     [run()], nondet_maps=["raw"])

# ---------------------------------------------------------------- language
case("subprog_calls.o", "calls_three_deep", "xdp",
     "BPF-to-BPF calls: global function -> static noinline -> static noinline",
     [run(pad(eth(b"\x05\x09", 0x88B5), 60)), run(pad(eth(b"\xff\x10", 0x88B5), 60))])
case("bounded_loop.o", "loop_bytes", "sched_cls",
     "bounded loop over up to 256 packet bytes: sum, zero count, FNV-1a",
     [run(pad(DNS, 80)), run(tcp4(payload=bytes(range(256)) + b"tail"))])
case("unroll.o", "unrolled_sum", "xdp",
     "#pragma unroll over 16 packet words after one bounds check",
     [run(HTTP), run(pad(ARP, 60))])
case("switch_case.o", "switch_proto", "xdp",
     "switch statements on EtherType and destination port (branch chains)",
     [run(tcp4(dport=22)), run(tcp4(dport=80)), run(udp4(dport=53)), run(tcp4(dport=443)),
      run(udp4(dport=9999)), run(tcp6()), run(ARP), run(vlan_frame(0x0800, b"\0" * 40, (5,))),
      run(eth(b"\0" * 46, 0x9000))])
case("global_data.o", "globals", "xdp",
     ".data/.bss/.rodata/const volatile knobs and a custom .data.stats section",
     [run(pad(DNS, 60)), run(pad(DNS, 61)), run(pad(DNS, 63), repeat=3)])
case("alu32.o", "alu32_ops", "xdp",
     "32-bit ALU: wrap-around, shifts, unsigned div/mod incl. by zero, signed compare",
     [run(pad(eth(struct.pack("!III", 0xFFFFFFF0, 0x20, 0), 0x88B5), 60)),
      run(pad(eth(struct.pack("!III", 5, 0xFFFFFFFF, 3), 0x88B5), 60)),
      run(pad(eth(struct.pack("!III", 0x80000000, 33, 7), 0x88B5), 60))])
case("signed_div_v4.o", "signed_divmod", "xdp",
     "-mcpu=v4 sdiv/smod 32/64-bit: negative operands, zero divisor, MIN / -1",
     [run(pad(eth(struct.pack("!iiiiqq", -7, 2, 0, -1, -100, 7), 0x88B5), 60)),
      run(pad(eth(struct.pack("!iiiiqq", 7, -2, 0, -1, -(1 << 63), -1), 0x88B5), 60)),
      run(pad(eth(struct.pack("!iiiiqq", -2147483648, 3, 0, -1, 123456789012, -5), 0x88B5), 60))])
case("movsx_v4.o", "sign_extend", "sched_cls",
     "-mcpu=v4 movsx (register sign extension) and ldsx (sign-extending loads) from packet and map",
     [run(pad(eth(bytes([0x80, 0, 0x01, 0x80, 0, 0, 0x01, 0, 0, 0x80]), 0x88B5), 60)),
      run(pad(eth(bytes([0x7f, 0, 0xff, 0x7f, 0, 0, 0xff, 0xff, 0xff, 0x7f]), 0x88B5), 61))])
case("bswap_v4.o", "byte_swaps", "xdp",
     "-mcpu=v4 bswap16/32/64 (BPF_ALU64|BPF_END) on packet words",
     [run(pad(eth(bytes(range(1, 9)), 0x88B5), 60)), run(pad(eth(bytes([0xff, 0x80, 0, 1, 0xfe, 0x7f, 0x10, 0x20]), 0x88B5), 60))])
case("bswap_be.o", "to_big_endian", "sched_cls",
     "-mcpu=v3 be16/be32/be64 (BPF_END|BPF_TO_BE) conversions",
     [run(pad(eth(bytes(range(1, 9)), 0x88B5), 60))])
case("gotol_v4.o", "long_jump", "xdp",
     "-mcpu=v4 gotol (32-bit jump offset) around an 8192-step body",
     [run(pad(eth(b"\x07", 0x88B5), 60)), run(pad(eth(b"\x03", 0x88B5), 60))])
case("atomics.o", "atomic_ops", "xdp",
     "atomic add/or/and/xor (fetch and no-fetch), cmpxchg, xchg on 32/64-bit map values",
     [run(pad(DNS, 60)), run(pad(DNS, 70)), run(pad(DNS, 99), repeat=2)])
case("parse_headers.o", "parse_l2_l4", "xdp",
     "parsing Ethernet, 802.1Q/802.1ad, IPv4 with options, IPv6, TCP/UDP ports with bounds checks",
     [run(HTTP), run(DNS),
      run(vlan_frame(0x0800, ipv4("10.0.0.1", "10.0.0.2", 17, udp("10.0.0.1", "10.0.0.2", 4000, 4001)), (10,))),
      run(vlan_frame(0x0800, ipv4("10.0.0.1", "10.0.0.2", 6, tcp("10.0.0.1", "10.0.0.2", 1, 22)), (100, 20),
                     outer_tpid=0x88A8)),
      run(eth(ipv4("10.0.0.1", "10.0.0.2", 6, tcp("10.0.0.1", "10.0.0.2", 7, 8080),
                   options=b"\x07\x07\x04" + b"\0" * 5), 0x0800)),
      run(udp6(dport=5353)), run(tcp6(dport=443)), run(ARP), run(HTTP[:30]), run(PING),
      run(eth(ipv4("10.0.0.1", "10.0.0.2", 6, b"", options=b"\x01" * 40)[:20] + b"\0" * 10, 0x0800)),
      run(HTTP)])
case("icmp_reflect.o", "icmp_echo_reply", "xdp",
     "ICMP echo request turned into a reply in place (MAC/IP swap, checksum fix), XDP_TX",
     [run(PING), run(icmp4(typ=0)), run(HTTP), run(icmp4(src="192.0.2.1", dst="192.0.2.99", seq=7))])
case("port_firewall.o", "port_filter", "sched_cls",
     "tc port firewall: blocked destination ports from maps_before are dropped and counted",
     [run(tcp4(dport=22)), run(udp4(dport=53)), run(tcp6(dport=23)), run(tcp4(dport=3389), repeat=2),
      run(tcp4(dport=80)), run(ARP)],
     maps_before=[("blocked", u16(22), u64(0)), ("blocked", u16(23), u64(0)), ("blocked", u16(3389), u64(0))])
case("legacy_maps.o", "legacy_count", "xdp",
     "legacy struct bpf_map_def SEC(\"maps\") definitions (array and hash), no map BTF",
     [run(pad(DNS, 60)), run(pad(DNS, 61)), run(pad(DNS, 60))])
case("old_sections.o", "socket1_filter", "socket_filter",
     "old section name SEC(\"socket1\") (libbpf >= 1.0 needs an explicit type)",
     [run(DNS), run(HTTP)])
case("old_section_xdp.o", "xdp_min_len", "xdp",
     "old section name SEC(\"xdp_prog\") (libbpf >= 1.0 needs an explicit type)",
     [run(pad(DNS, 64)), run(eth(b"", 0x0800))])
for prog, ptype in (("xdp_side", "xdp"), ("tc_side", "sched_cls"), ("act_side", "sched_act"),
                    ("sock_side", "socket_filter")):
    case("multi_prog.o", prog, ptype,
         f"several programs in one object sharing a map: runs {prog} ({ptype})",
         [run(DNS), run(HTTP)])
case("sized_maps.o", "sized_keys", "xdp",
     "BTF maps declared with key_size/value_size only (6-byte keys, 12-byte values)",
     [run(DNS), run(tcp4(smac=bytes.fromhex("0200000000aa"))), run(DNS)])
case("socket_filter.o", "sock_filter_ipv4", "socket_filter",
     "socket filter: data starts at the network header; protocol, pkt_type, return = bytes to keep",
     [run(HTTP), run(udp4(dmac=BROADCAST)), run(icmp4(dmac=b"\0" * 6)), run(tcp6()), run(ARP),
      run(udp4(dmac=bytes.fromhex("01005e000001")))])
case("ld_abs.o", "ld_abs_filter", "socket_filter",
     "legacy LD_ABS/LD_IND loads (tcp dst port 80 filter); out-of-range load exits with 0",
     [run(tcp4(dport=80)), run(tcp4(dport=443)), run(DNS), run(tcp4(dport=8080)),
      run(eth(ipv4("10.0.0.1", "10.0.0.2", 6, b""), 0x0800))])
case("skb_ctx.o", "skb_ctx_fields", "sched_cls",
     "__sk_buff field reads and writes; ctx_in sets mark/priority/cb, ctx_out compared",
     [run(DNS, ctx=sk_buff(mark=5, priority=1, cb=(100, 0, 0, 0, 7))),
      run(udp4(dmac=BROADCAST), ctx=sk_buff(mark=0xffffffff, cb=(1, 2, 3, 4, 5))), run(HTTP)])
case("cgroup_skb.o", "egress_policy", "cgroup_skb",
     "cgroup_skb egress: network-header data, fake socket addresses; port 25 denied",
     [run(tcp4(src="10.0.0.1", dst="10.0.0.2", dport=80)), run(tcp4(src="10.0.0.1", dst="203.0.113.5", dport=25)),
      run(PING)])
case("flow_dissector.o", "dissect", "flow_dissector",
     "flow dissector filling bpf_flow_keys for IPv4/IPv6 TCP/UDP; the keys come back as data_out "
     "(ctx_out is the ctx_in flow keys, unchanged)",
     [run(HTTP, ctx=bytes(56)), run(udp6()), run(udp4(frag=0x2000)),
      run(ARP, ctx=bytes(48) + struct.pack("<II", 1, 0))])
case("syscall_ctx.o", "syscall_args", "syscall",
     "syscall program with a ctx_in struct, writing results back into the context",
     [run(ctx=struct.pack("<IIQqq8s", 40, 2, 1000, 0, 0, b"sluice")),
      run(ctx=struct.pack("<IIQqq8s", 0xFFFFFFFF, 1, 2**64 - 1, 0, 0, b"x"))])
case("rawtp_args.o", "rawtp_args", "raw_tracepoint",
     "raw tracepoint program run with ctx_in = u64 arguments",
     [run(ctx=u64(1) + u64(2) + u64(3)), run(ctx=u64(2**64 - 1) + u64(2**63) + u64(5) + u64(99))])
case("lwt_in.o", "lwt_ttl_check", "lwt_in",
     "LWT_IN: network-header data with direct access; TTL <= 1 dropped",
     [run(DNS), run(udp4(ttl=1)), run(udp4(ttl=0))])
case("sk_lookup.o", "lookup_ports", "sk_lookup",
     "sk_lookup with a bpf_sk_lookup ctx_in (no data); SK_DROP for local port 7",
     [run(ctx=sk_lookup_ctx(2, 6, "192.0.2.1", 40000, "10.0.0.2", 80)),
      run(ctx=sk_lookup_ctx(2, 17, "192.0.2.1", 1234, "10.0.0.2", 7))])

if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifest.json")
    with open(out, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases -> {out}")
