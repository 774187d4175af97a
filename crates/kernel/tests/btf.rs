//! BTF against the kernel: loading raw BTF and the log of a refusal, programs with callbacks
//! that need `func_info`, source lines from `line_info` in the verifier's log, and a map whose
//! value holds a `struct bpf_spin_lock`, which needs map BTF.

mod common;

use std::os::fd::AsFd;

use common::{
    BPF_MAP_TYPE_ARRAY, BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SOCKET_FILTER, BTF_FUNC_GLOBAL,
    BTF_FUNC_STATIC, BtfBuilder, bytecode, frame, require_kernel,
};
use sluice_kernel::{
    BPF_ANY, BPF_F_LOCK, BPF_LOG_LEVEL1, BPF_LOG_LEVEL2, BtfLoad, Command, Errno, Error, FuncInfo,
    KernelBtf, KernelMap, LineInfo, MapBtf, MapCreate, ProgLoad, TestRun,
};

/// BTF of a program with one callback: `int prog(void *ctx)` (global) and
/// `long cb(u64 index, void *ctx)` (static), with two source lines.
struct CallbackBtf {
    bytes: Vec<u8>,
    prog: u32,
    cb: u32,
    file: u32,
    call_line: u32,
    return_line: u32,
}

fn callback_btf() -> CallbackBtf {
    let mut btf = BtfBuilder::new();
    let int = btf.int("int", 4, true);
    let long = btf.int("long", 8, true);
    let u64_ = btf.int("unsigned long long", 8, false);
    let void_ptr = btf.ptr(0);
    let prog_proto = btf.func_proto(int, &[("ctx", void_ptr)]);
    let prog = btf.func("prog", prog_proto, BTF_FUNC_GLOBAL);
    let cb_proto = btf.func_proto(long, &[("index", u64_), ("ctx", void_ptr)]);
    let cb = btf.func("cb", cb_proto, BTF_FUNC_STATIC);
    let file = btf.string("/src/t.c");
    let call_line = btf.string("    return bpf_loop(4, cb, 0, 0);");
    let return_line = btf.string("    return 0;");
    CallbackBtf {
        bytes: btf.bytes(),
        prog,
        cb,
        file,
        call_line,
        return_line,
    }
}

/// `return bpf_loop(4, cb, NULL, 0)`, with `cb` returning 0 (continue) at instruction 7.
const CALLBACK_PROGRAM: &str = "
        r1 = 4
        r2 = subprog[cb]
        r3 = 0
        r4 = 0
        call 181                    ; bpf_loop
        exit
    cb:
        r0 = 0
        exit
";
const CALLBACK_START: u32 = 7;

fn load_btf(bytes: &[u8]) -> KernelBtf {
    match KernelBtf::load(bytes) {
        Ok(btf) => btf,
        Err(error) => panic!("kernel refused the BTF: {error}"),
    }
}

#[test]
fn btf_loads_and_a_refusal_has_the_log() {
    require_kernel!();
    let CallbackBtf { bytes, .. } = callback_btf();
    let btf = load_btf(&bytes);
    assert!(btf.as_raw_fd() >= 0);
    assert!(btf.log().is_empty(), "no log was asked for");

    // At level 1 the checker logs the types it accepted.
    let logged = BtfLoad {
        data: &bytes,
        log_level: BPF_LOG_LEVEL1,
    }
    .load()
    .unwrap();
    assert!(logged.log().contains("FUNC prog"), "{}", logged.log());

    // A bad magic number: refused, with the checker's log although none was asked for.
    let mut bad = bytes.clone();
    bad[0] = 0;
    let error = KernelBtf::load(&bad).unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EINVAL));
    assert_eq!(error.command(), Some(Command::BtfLoad));
    let Error::Load(load) = &error else {
        panic!("expected a load error, got {error}");
    };
    assert_eq!(load.command, Command::BtfLoad);
    assert!(load.log.contains("magic"), "{}", load.log);
    let text = error.to_string();
    assert!(
        text.starts_with("BPF_BTF_LOAD failed: EINVAL; BTF log:\n"),
        "{text}"
    );

    // A FUNC whose type is not a FUNC_PROTO.
    let mut btf = BtfBuilder::new();
    let int = btf.int("int", 4, true);
    btf.func("f", int, BTF_FUNC_GLOBAL);
    let error = KernelBtf::load(&btf.bytes()).unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EINVAL));
    assert!(
        error.verifier_log().is_some_and(|log| log.contains("FUNC")),
        "{error}"
    );
}

#[test]
fn callbacks_need_func_info() {
    require_kernel!();
    let insns = bytecode(CALLBACK_PROGRAM);
    assert_eq!(insns.len(), 9 * 8);
    let callback = callback_btf();
    let btf = load_btf(&callback.bytes);
    let plain = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        ..ProgLoad::default()
    };

    // Without BTF the verifier cannot check the callback.
    let error = plain.load().unwrap_err();
    let log = error.verifier_log().unwrap_or_default();
    assert!(log.contains("missing btf func_info"), "{error}");

    // With one record per function it runs: bpf_loop returns the number of iterations.
    let func_info = [
        FuncInfo {
            insn_off: 0,
            type_id: callback.prog,
        },
        FuncInfo {
            insn_off: CALLBACK_START,
            type_id: callback.cb,
        },
    ];
    let prog = ProgLoad {
        prog_btf_fd: Some(btf.as_fd()),
        func_info: &func_info,
        ..plain
    }
    .load()
    .unwrap_or_else(|error| panic!("{error}"));
    let output = prog
        .test_run(&TestRun {
            data_in: &frame(64),
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, 4);

    // A record that does not start a function is refused.
    let misplaced = [
        func_info[0],
        FuncInfo {
            insn_off: CALLBACK_START - 1,
            ..func_info[1]
        },
    ];
    let error = ProgLoad {
        prog_btf_fd: Some(btf.as_fd()),
        func_info: &misplaced,
        ..plain
    }
    .load()
    .unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EINVAL), "{error}");

    // The BTF stays alive with the program: the descriptor may go.
    drop(btf);
    prog.test_run(&TestRun {
        data_in: &frame(64),
        ..TestRun::default()
    })
    .unwrap();
}

#[test]
fn line_info_puts_source_lines_in_the_log() {
    require_kernel!();
    let insns = bytecode(CALLBACK_PROGRAM);
    let callback = callback_btf();
    let btf = load_btf(&callback.bytes);
    let func_info = [
        FuncInfo {
            insn_off: 0,
            type_id: callback.prog,
        },
        FuncInfo {
            insn_off: CALLBACK_START,
            type_id: callback.cb,
        },
    ];
    let line_info = [
        LineInfo {
            insn_off: 0,
            file_name_off: callback.file,
            line_off: callback.call_line,
            line_col: LineInfo::line_col(3, 12),
        },
        LineInfo {
            insn_off: CALLBACK_START,
            file_name_off: callback.file,
            line_off: callback.return_line,
            line_col: LineInfo::line_col(7, 5),
        },
    ];
    let load = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        log_level: BPF_LOG_LEVEL2,
        prog_btf_fd: Some(btf.as_fd()),
        func_info: &func_info,
        line_info: &line_info,
        ..ProgLoad::default()
    };
    let prog = load.load().unwrap_or_else(|error| panic!("{error}"));
    let log = prog.verifier_log();
    // Leading blanks are trimmed and only the file's base name is printed.
    assert!(
        log.contains("; return bpf_loop(4, cb, 0, 0); @ t.c:3"),
        "{log}"
    );
    assert!(log.contains("; return 0; @ t.c:7"), "{log}");

    // A function without a line record is refused.
    let error = ProgLoad {
        line_info: &line_info[..1],
        ..load
    }
    .load()
    .unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EINVAL), "{error}");
    assert!(
        error
            .verifier_log()
            .is_some_and(|log| log.contains("missing bpf_line_info")),
        "{error}"
    );
}

/// BTF of `struct value { struct bpf_spin_lock lock; int count; }` with `int` keys.
fn spin_lock_btf() -> (Vec<u8>, u32, u32) {
    let mut btf = BtfBuilder::new();
    let int = btf.int("int", 4, true);
    let u32_ = btf.int("unsigned int", 4, false);
    let lock = btf.structure("bpf_spin_lock", 4, &[("val", u32_, 0)]);
    let value = btf.structure("value", 8, &[("lock", lock, 0), ("count", int, 4)]);
    (btf.bytes(), int, value)
}

fn spin_lock_map(btf: Option<MapBtf<'_>>) -> Result<KernelMap, Error> {
    MapCreate {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size: 8,
        max_entries: 1,
        name: "locked",
        btf,
        ..MapCreate::default()
    }
    .create()
}

#[test]
fn a_spin_lock_needs_map_btf() {
    require_kernel!();
    let (bytes, int, value) = spin_lock_btf();
    let btf = load_btf(&bytes);
    let map_btf = MapBtf {
        fd: btf.as_fd(),
        key_type_id: int,
        value_type_id: value,
    };
    let map = spin_lock_map(Some(map_btf)).unwrap();
    let bare = spin_lock_map(None).unwrap();

    // Lock the value, add 1 to its count, unlock.
    let program = |map: &KernelMap| {
        format!(
            "
            *(u32 *)(r10 - 4) = 0
            r2 = r10
            r2 += -4
            r1 = map[fd:{fd}]
            call 1                  ; bpf_map_lookup_elem
            if r0 == 0 goto out
            r6 = r0
            r1 = r0
            call 93                 ; bpf_spin_lock
            r1 = *(u32 *)(r6 + 4)
            r1 += 1
            *(u32 *)(r6 + 4) = r1
            r1 = r6
            call 94                 ; bpf_spin_unlock
        out:
            r0 = 0
            exit
            ",
            fd = map.as_raw_fd()
        )
    };
    let load = |map: &KernelMap| {
        let insns = bytecode(&program(map));
        // Socket filters may not take spin locks; tc programs may.
        ProgLoad {
            prog_type: BPF_PROG_TYPE_SCHED_CLS,
            insns: &insns,
            license: "GPL",
            ..ProgLoad::default()
        }
        .load()
    };
    let error = load(&bare).unwrap_err();
    assert!(
        error
            .verifier_log()
            .is_some_and(|log| log.contains("has to have BTF")),
        "{error}"
    );
    let prog = load(&map).unwrap_or_else(|error| panic!("{error}"));
    for _ in 0..3 {
        prog.test_run(&TestRun {
            data_in: &frame(64),
            ..TestRun::default()
        })
        .unwrap();
    }

    // BPF_F_LOCK copies under the lock, and the lock itself reads as zero.
    let key = 0u32.to_ne_bytes();
    let mut out = [0xff; 8];
    assert!(map.lookup_with_flags(&key, &mut out, BPF_F_LOCK).unwrap());
    assert_eq!(out[..4], [0; 4]);
    assert_eq!(u32::from_ne_bytes(out[4..].try_into().unwrap()), 3);
    let mut replacement = [0u8; 8];
    replacement[4..].copy_from_slice(&10u32.to_ne_bytes());
    map.update(&key, &replacement, BPF_ANY | BPF_F_LOCK)
        .unwrap();
    assert!(map.lookup(&key, &mut out).unwrap());
    assert_eq!(u32::from_ne_bytes(out[4..].try_into().unwrap()), 10);
    // A map without a lock refuses BPF_F_LOCK.
    let error = bare
        .lookup_with_flags(&key, &mut out, BPF_F_LOCK)
        .unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EINVAL));

    // A value type whose size is not the map's value size is refused at creation.
    let error = spin_lock_map(Some(MapBtf {
        value_type_id: int,
        ..map_btf
    }))
    .unwrap_err();
    assert_eq!(error.errno(), Some(Errno::EINVAL));
    assert_eq!(error.command(), Some(Command::MapCreate));
}
