#!/usr/bin/env python3
"""Small bpf(2) helper for check-kernel.sh, for what bpftool 7.1 cannot do.

  testrun.py run PINNED_PROG [--ctx-in FILE] [--data-in FILE] [--repeat N]
      BPF_PROG_TEST_RUN on a pinned program, without data_out/ctx_out buffers
      (raw_tracepoint and syscall programs refuse them, and refuse repeat != 0;
      bpftool always passes a ctx_out buffer). Prints JSON: retval, and for
      syscall programs ctx_out = the ctx_in buffer as the kernel wrote it back.

  testrun.py load-legacy OBJ PROG_TYPE PROG_DIR MAP_DIR
      Loads an object whose maps are legacy `struct bpf_map_def SEC("maps")`
      definitions (libbpf >= 1.0, hence bpftool 7.x, refuses them): creates
      each map, patches the ld_imm64 map relocations, loads every program of
      the object and pins programs and maps like `bpftool prog loadall ...
      pinmaps ...` would.
"""
import ctypes
import json
import os
import struct
import sys

SYS_BPF = 321  # x86_64
BPF_MAP_CREATE, BPF_PROG_LOAD, BPF_OBJ_PIN, BPF_OBJ_GET, BPF_PROG_TEST_RUN = 0, 5, 6, 7, 10
PROG_TYPES = {"socket_filter": 1, "sched_cls": 3, "sched_act": 4, "xdp": 6,
              "cgroup_skb": 8, "raw_tracepoint": 17, "syscall": 31}

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(bytes(attr), len(attr))
    r = libc.syscall(SYS_BPF, cmd, buf, len(attr))
    if r < 0:
        e = ctypes.get_errno()
        raise OSError(e, f"bpf cmd {cmd}: {os.strerror(e)}")
    return r, buf.raw


def obj_get(path):
    p = ctypes.create_string_buffer(path.encode())
    attr = struct.pack("=QIIi", ctypes.addressof(p), 0, 0, 0).ljust(128, b"\0")
    return bpf(BPF_OBJ_GET, attr)[0]


def obj_pin(fd, path):
    p = ctypes.create_string_buffer(path.encode())
    attr = struct.pack("=QII", ctypes.addressof(p), fd, 0).ljust(128, b"\0")
    bpf(BPF_OBJ_PIN, attr)


def run(args):
    path = args[0]
    ctx = data = None
    repeat = 0
    i = 1
    while i < len(args):
        if args[i] == "--ctx-in":
            ctx = open(args[i + 1], "rb").read()
        elif args[i] == "--data-in":
            data = open(args[i + 1], "rb").read()
        elif args[i] == "--repeat":
            repeat = int(args[i + 1])
        else:
            sys.exit(f"unknown argument {args[i]}")
        i += 2
    fd = obj_get(path)
    ctx_buf = ctypes.create_string_buffer(ctx, len(ctx)) if ctx else None
    data_buf = ctypes.create_string_buffer(data, len(data)) if data else None
    attr = struct.pack(
        "=IIIIQQIIIIQQIII",
        fd, 0, len(data) if data else 0, 0,
        ctypes.addressof(data_buf) if data_buf else 0, 0,
        repeat, 0,
        len(ctx) if ctx else 0, 0,
        ctypes.addressof(ctx_buf) if ctx_buf else 0, 0,
        0, 0, 0).ljust(80, b"\0")
    try:
        _, out = bpf(BPF_PROG_TEST_RUN, attr)
    except OSError as e:
        print(json.dumps({"error": str(e)}))
        sys.exit(1)
    retval = struct.unpack_from("=I", out, 4)[0]
    res = {"retval": retval}
    if ctx_buf is not None:
        res["ctx_out"] = ctx_buf.raw[: len(ctx)].hex()
    print(json.dumps(res))


# --- minimal ELF reader for the legacy loader -------------------------------

def load_legacy(obj, prog_type, prog_dir, map_dir):
    raw = open(obj, "rb").read()
    (e_shoff,) = struct.unpack_from("<Q", raw, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", raw, 0x3A)
    secs = []
    for i in range(e_shnum):
        sh = struct.unpack_from("<IIQQQQIIQQ", raw, e_shoff + i * e_shentsize)
        secs.append(dict(name_off=sh[0], type=sh[1], flags=sh[2], off=sh[4], size=sh[5],
                         link=sh[6], info=sh[7], entsize=sh[9]))
    shstr = secs[e_shstrndx]

    def cstr(off):
        end = raw.index(b"\0", off)
        return raw[off:end].decode()

    for s in secs:
        s["name"] = cstr(shstr["off"] + s["name_off"])
        s["data"] = raw[s["off"]: s["off"] + s["size"]]
    symtab = next(s for s in secs if s["type"] == 2)
    strtab = secs[symtab["link"]]
    syms = []
    for j in range(symtab["size"] // 24):
        st_name, st_info, st_other, st_shndx, st_value, st_size = struct.unpack_from(
            "<IBBHQQ", symtab["data"], j * 24)
        syms.append(dict(name=cstr(strtab["off"] + st_name), info=st_info, shndx=st_shndx,
                         value=st_value, size=st_size))
    license_sec = next((s for s in secs if s["name"] == "license"), None)
    license = license_sec["data"].split(b"\0")[0] if license_sec else b"GPL"

    maps_idx = next(i for i, s in enumerate(secs) if s["name"] == "maps")
    maps = {}  # symbol offset -> (name, fd)
    os.makedirs(prog_dir, exist_ok=True)
    os.makedirs(map_dir, exist_ok=True)
    for sym in syms:
        if sym["shndx"] != maps_idx or not sym["name"] or (sym["info"] >> 4) != 1:
            continue
        mtype, ksz, vsz, maxe, flags = struct.unpack_from("<IIIII", secs[maps_idx]["data"], sym["value"])
        name = sym["name"][:15].encode()
        # map_type, key_size, value_size, max_entries, map_flags, inner_map_fd,
        # numa_node, then map_name[16] at offset 28
        attr = struct.pack("=IIIII", mtype, ksz, vsz, maxe, flags).ljust(28, b"\0")
        attr += name.ljust(16, b"\0")
        fd, _ = bpf(BPF_MAP_CREATE, attr.ljust(128, b"\0"))
        obj_pin(fd, os.path.join(map_dir, sym["name"]))
        maps[sym["value"]] = fd

    for i, s in enumerate(secs):
        if s["type"] != 1 or not (s["flags"] & 4) or s["size"] == 0:  # PROGBITS + EXECINSTR
            continue
        insns = bytearray(s["data"])
        rel = next((r for r in secs if r["type"] == 9 and r["info"] == i), None)
        if rel:
            for j in range(rel["size"] // 16):
                r_off, r_info = struct.unpack_from("<QQ", rel["data"], j * 16)
                sym = syms[r_info >> 32]
                if sym["shndx"] != maps_idx:
                    sys.exit(f"unsupported relocation against {sym['name']}")
                fd = maps[sym["value"]]
                insns[r_off + 1] = (insns[r_off + 1] & 0x0F) | (1 << 4)  # src_reg = BPF_PSEUDO_MAP_FD
                struct.pack_into("<i", insns, r_off + 4, fd)
        for sym in syms:
            if sym["shndx"] != i or (sym["info"] & 0xF) != 2:  # STT_FUNC
                continue
            code = bytes(insns[sym["value"]: sym["value"] + sym["size"]])
            cbuf = ctypes.create_string_buffer(code, len(code))
            lic = ctypes.create_string_buffer(license)
            log = ctypes.create_string_buffer(1 << 20)
            attr = struct.pack("=IIQQIIQII", PROG_TYPES[prog_type], len(code) // 8,
                               ctypes.addressof(cbuf), ctypes.addressof(lic),
                               1, len(log), ctypes.addressof(log), 0, 0)
            attr = attr.ljust(48, b"\0") + sym["name"][:15].encode().ljust(16, b"\0")
            try:
                fd, _ = bpf(BPF_PROG_LOAD, attr.ljust(160, b"\0"))
            except OSError:
                sys.stderr.write(log.value.decode(errors="replace"))
                raise
            obj_pin(fd, os.path.join(prog_dir, sym["name"]))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "run":
        run(sys.argv[2:])
    elif len(sys.argv) == 6 and sys.argv[1] == "load-legacy":
        load_legacy(*sys.argv[2:])
    else:
        sys.exit(__doc__)
