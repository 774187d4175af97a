#!/usr/bin/env python3
"""Regenerates the kernel verdicts the abi tests compare against.

Run as root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN) on the kernel the tables describe:

    python3 crates/abi/tests/data/probe_kernel.py

It writes:
  ctx_access/<name>.txt  the verifier's verdict on every load (r), sign-extending load (s)
                         and register store (w) of 1, 2, 4 and 8 bytes at every offset of a
                         context (or of a structure a context pointer leads to);
  helper_access.txt      for every helper and every program type (and a few attach types)
                         that loads without an attach target, whether the verifier lets a
                         program of that type call it.

Each verdict comes from loading a program of a few instructions with BPF_PROG_LOAD and
reading the verifier log. Nothing is attached or run.
"""

import ctypes
import os
import platform
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SYS_BPF = 321  # x86-64
BPF_MAP_CREATE, BPF_PROG_LOAD = 0, 5
BPF_F_SLEEPABLE = 1 << 4
MAX_HELPER_ID = 211

libc = ctypes.CDLL(None, use_errno=True)


def sys_bpf(cmd, attr):
    buf = ctypes.create_string_buffer(attr, 256)
    ret = libc.syscall(SYS_BPF, cmd, buf, 256)
    return ret, ctypes.get_errno()


def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhi', code, (src << 4) | dst, off, imm)


def mov_imm(dst, imm):
    return insn(0xb7, dst, 0, 0, imm)


def mov_reg(dst, src):
    return insn(0xbf, dst, src)


def call(helper):
    return insn(0x85, 0, 0, 0, helper)


def jeq_imm(dst, imm, off):
    return insn(0x15, dst, 0, off, imm)


def exit_insn():
    return insn(0x95)


SIZE_BITS = {1: 0x10, 2: 0x08, 4: 0x00, 8: 0x18}


def ldx(size, dst, src, off):
    return insn(0x61 | SIZE_BITS[size], dst, src, off)


def ldsx(size, dst, src, off):
    return insn(0x81 | SIZE_BITS[size], dst, src, off)


def stx(size, dst, src, off):
    return insn(0x63 | SIZE_BITS[size], dst, src, off)


def load(prog_type, code, attach_type=0, flags=0):
    """Loads `code`; returns (accepted, verifier log)."""
    log = ctypes.create_string_buffer(1 << 16)
    insns = ctypes.create_string_buffer(code, len(code))
    license_ = ctypes.create_string_buffer(b'GPL')
    attr = struct.pack('<IIQQIIQII16sII', prog_type, len(code) // 8, ctypes.addressof(insns),
                       ctypes.addressof(license_), 1, len(log), ctypes.addressof(log), 0, flags,
                       b'', 0, attach_type)
    fd, _ = sys_bpf(BPF_PROG_LOAD, attr)
    if fd >= 0:
        os.close(fd)
    return fd >= 0, log.value.decode(errors='replace')


# ---------------------------------------------------------------------------- context access

def ctx_matrix(prog_type, attach_type, length, prefix, null_check):
    """Verdicts for accesses through r6, which `prefix` sets up."""
    lines = []
    for off in range(length):
        cells = []
        for size in (1, 2, 4, 8):
            marks = ''
            for kind in 'rsw':
                if kind == 's' and size == 8:
                    marks += '-'
                    continue
                if kind == 'r':
                    body = ldx(size, 0, 6, off)
                elif kind == 's':
                    body = ldsx(size, 0, 6, off)
                else:
                    body = mov_imm(2, 0) + stx(size, 6, 2, off)
                code = prefix
                if null_check:
                    code += jeq_imm(6, 0, len(body) // 8)
                code += body + mov_imm(0, 0) + exit_insn()
                accepted, _ = load(prog_type, code, attach_type)
                marks += kind if accepted else '-'
            cells.append(f'{size}:{marks}')
        lines.append(f'{off} ' + ' '.join(cells))
    return lines


CTX = mov_reg(6, 1)
CTX_SPECS = {
    # name: (prog type, attach type, bytes to probe, prefix setting r6, null check of r6)
    'socket_filter': (1, 0, 200, CTX, False),
    'kprobe': (2, 0, 176, CTX, False),
    'sched_cls': (3, 0, 200, CTX, False),
    'sched_act': (4, 0, 200, CTX, False),
    'tracepoint': (5, 0, 48, CTX, False),
    'xdp': (6, 0, 32, CTX, False),
    'xdp_devmap': (6, 33, 32, CTX, False),
    'perf_event': (7, 0, 192, CTX, False),
    'cgroup_skb': (8, 0, 200, CTX, False),
    'lwt_in': (10, 0, 200, CTX, False),
    'lwt_out': (11, 0, 200, CTX, False),
    'lwt_xmit': (12, 0, 200, CTX, False),
    'sk_skb': (14, 0, 200, CTX, False),
    'raw_tracepoint': (17, 0, 104, CTX, False),
    'lwt_seg6local': (19, 0, 200, CTX, False),
    'flow_dissector': (22, 0, 200, CTX, False),
    'raw_tracepoint_writable': (24, 0, 104, CTX, False),
    # __sk_buff.sk in a tc program: a sock_common pointer.
    'sock_common': (3, 0, 88, ldx(8, 6, 1, 168), True),
    # bpf_sk_fullsock(skb->sk): a full socket pointer.
    'bpf_sock': (3, 0, 88, mov_imm(6, 0) + ldx(8, 1, 1, 168) + jeq_imm(1, 0, 2) + call(95)
                 + mov_reg(6, 0), True),
    # __sk_buff.flow_keys in a flow dissector.
    'flow_keys': (22, 0, 64, ldx(8, 6, 1, 144), False),
}

# ---------------------------------------------------------------------------- helper access

PROG_SPECS = [
    # column name, prog type, expected attach type, load flags
    ('socket_filter', 1, 0, 0), ('kprobe', 2, 0, 0), ('sched_cls', 3, 0, 0), ('sched_act', 4, 0, 0),
    ('tracepoint', 5, 0, 0), ('xdp', 6, 0, 0), ('perf_event', 7, 0, 0), ('cgroup_skb', 8, 0, 0),
    ('cgroup_sock', 9, 2, 0), ('lwt_in', 10, 0, 0), ('lwt_out', 11, 0, 0), ('lwt_xmit', 12, 0, 0),
    ('sock_ops', 13, 0, 0), ('sk_skb', 14, 0, 0), ('cgroup_device', 15, 0, 0), ('sk_msg', 16, 0, 0),
    ('raw_tracepoint', 17, 0, 0), ('cgroup_sock_addr', 18, 10, 0), ('lwt_seg6local', 19, 0, 0),
    ('sk_reuseport', 21, 0, 0), ('flow_dissector', 22, 0, 0), ('cgroup_sysctl', 23, 0, 0),
    ('raw_tracepoint_writable', 24, 0, 0), ('cgroup_sockopt', 25, 21, 0), ('sk_lookup', 30, 36, 0),
    ('syscall', 31, 0, BPF_F_SLEEPABLE), ('netfilter', 32, 45, 0),
    # Attach types the kernel treats differently.
    ('cgroup_sock_addr/cgroup_inet4_bind', 18, 8, 0),
    ('cgroup_sock_addr/cgroup_udp4_recvmsg', 18, 19, 0),
    ('cgroup_sock_addr/cgroup_inet6_getsockname', 18, 32, 0),
    ('cgroup_sock_addr/cgroup_unix_connect', 18, 49, 0),
    ('cgroup_sockopt/cgroup_setsockopt', 25, 22, 0),
    ('kprobe/trace_kprobe_multi', 2, 42, 0),
]


def helper_verdict(prog_type, attach_type, flags, helper):
    """One mark: '+' callable; '-' "cannot use helper"; 's' refused to a non-sleepable program;
    'x' offered by get_func_proto but refused by a later check."""
    code = (mov_reg(2, 1) + mov_reg(3, 1) + mov_reg(4, 1) + mov_reg(5, 1) + call(helper)
            + mov_imm(0, 0) + exit_insn())
    _, log = load(prog_type, code, attach_type, flags)
    if 'cannot use helper' in log or 'invalid func' in log:
        return '-'
    if 'might sleep in a non-sleepable prog' in log:
        return 's'
    if 'not supported for program type' in log or 'not allowed in probe' in log:
        return 'x'
    return '+'


def main():
    if os.geteuid() != 0:
        sys.exit('run as root')
    release = platform.release()
    os.makedirs(os.path.join(HERE, 'ctx_access'), exist_ok=True)
    for name, (prog_type, attach_type, length, prefix, null_check) in CTX_SPECS.items():
        lines = ctx_matrix(prog_type, attach_type, length, prefix, null_check)
        with open(os.path.join(HERE, 'ctx_access', f'{name}.txt'), 'w') as out:
            out.write(f'# Linux {release}, {name}: for each offset, per access size, whether the verifier accepted\n')
            out.write("# r = load (LDX), s = sign-extending load (LDSX; none of 8 bytes exists), "
                      "w = store of a register (STX); - = refused.\n")
            out.write('\n'.join(lines) + '\n')
    with open(os.path.join(HERE, 'helper_access.txt'), 'w') as out:
        out.write(f'# Linux {release}: may a program of each column call each helper?\n')
        out.write("# + yes; - no (\"cannot use helper\"); s only if sleepable; x offered, then refused by a later check.\n")
        out.write('# columns: ' + ' '.join(spec[0] for spec in PROG_SPECS) + '\n')
        for helper in range(1, MAX_HELPER_ID + 1):
            marks = ''.join(helper_verdict(p, a, f, helper) for _, p, a, f in PROG_SPECS)
            out.write(f'{helper} {marks}\n')


if __name__ == '__main__':
    main()
