//! Program loads and test runs against the kernel: return values, packet writes, verifier
//! rejections with their log text, long logs, and programs that use maps.

mod common;

use std::os::fd::AsFd;

use common::{
    BPF_MAP_TYPE_ARRAY, BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP, XDP_PASS, bytecode, frame,
    require_kernel,
};
use sluice_kernel::{
    BPF_ANY, BPF_LOG_LEVEL1, BPF_LOG_LEVEL2, Errno, Error, KernelMap, KernelProg, MapCreate,
    ProgLoad, TestRun,
};

fn load(prog_type: u32, text: &str) -> KernelProg {
    let insns = bytecode(text);
    let spec = ProgLoad {
        prog_type,
        insns: &insns,
        license: "GPL",
        name: "sluice_test",
        ..ProgLoad::default()
    };
    match spec.load() {
        Ok(prog) => prog,
        Err(error) => panic!("kernel refused the program: {error}\n{text}"),
    }
}

fn refuse(prog_type: u32, text: &str, log_level: u32) -> (Errno, String) {
    let insns = bytecode(text);
    let spec = ProgLoad {
        prog_type,
        insns: &insns,
        license: "GPL",
        log_level,
        ..ProgLoad::default()
    };
    match spec.load() {
        Err(Error::Load(error)) => {
            assert!(!error.log_truncated);
            (error.errno, error.log)
        }
        Err(other) => panic!("expected a verifier rejection, got {other}"),
        Ok(_) => panic!("the kernel accepted\n{text}"),
    }
}

fn u32_array(max_entries: u32, value_size: u32) -> KernelMap {
    MapCreate {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size,
        max_entries,
        ..MapCreate::default()
    }
    .create()
    .unwrap()
}

#[test]
fn socket_filter_returns_seven() {
    require_kernel!();
    let prog = load(BPF_PROG_TYPE_SOCKET_FILTER, "r0 = 7\nexit");
    let output = prog
        .test_run(&TestRun {
            data_in: &frame(64),
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, 7);
    assert!(output.data_out.is_empty(), "no data_out was asked for");
}

#[test]
fn repeated_runs_report_an_average_duration() {
    require_kernel!();
    let prog = load(BPF_PROG_TYPE_SOCKET_FILTER, "r0 = 7\nexit");
    let output = prog
        .test_run(&TestRun {
            data_in: &frame(64),
            repeat: 1000,
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, 7);
    assert!(output.duration_ns > 0);
    // An average over 1000 runs of two instructions is far below a millisecond.
    assert!(output.duration_ns < 1_000_000, "{} ns", output.duration_ns);
}

#[test]
fn xdp_program_writes_into_the_packet() {
    require_kernel!();
    let prog = load(
        BPF_PROG_TYPE_XDP,
        "
        r2 = *(u32 *)(r1 + 0)       ; xdp_md.data
        r3 = *(u32 *)(r1 + 4)       ; xdp_md.data_end
        r4 = r2
        r4 += 6
        if r4 > r3 goto drop
        *(u8 *)(r2 + 5) = 0xab
        r0 = 2                      ; XDP_PASS
        exit
    drop:
        r0 = 1                      ; XDP_DROP
        exit
        ",
    );
    let packet = frame(60);
    let output = prog
        .test_run(&TestRun {
            data_in: &packet,
            data_out_size: 1500,
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, XDP_PASS);
    let mut expected = packet.clone();
    expected[5] = 0xab;
    assert_eq!(output.data_out, expected);

    // A data_out buffer that is too small is grown and the run repeated.
    let output = prog
        .test_run(&TestRun {
            data_in: &packet,
            data_out_size: 4,
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.data_out, expected);
}

#[test]
fn verifier_rejections_carry_the_log() {
    require_kernel!();
    // Reading r0 before writing it.
    let (errno, log) = refuse(BPF_PROG_TYPE_SOCKET_FILTER, "exit", BPF_LOG_LEVEL1);
    assert_eq!(errno, Errno::EACCES);
    assert!(log.contains("R0 !read_ok"), "{log}");
    assert!(log.contains("processed 1 insns"), "{log}");

    // Without a log level the load is repeated to obtain the log.
    let (errno, log) = refuse(BPF_PROG_TYPE_SOCKET_FILTER, "exit", 0);
    assert_eq!(errno, Errno::EACCES);
    assert!(log.contains("R0 !read_ok"), "{log}");

    let (_, log) = refuse(
        BPF_PROG_TYPE_SOCKET_FILTER,
        "r0 = *(u32 *)(r1 + 10000)\nexit",
        BPF_LOG_LEVEL1,
    );
    assert!(
        log.contains("invalid bpf_context access off=10000 size=4"),
        "{log}"
    );

    let (_, log) = refuse(
        BPF_PROG_TYPE_SOCKET_FILTER,
        "r0 = *(u64 *)(r10 + 8)\nexit",
        BPF_LOG_LEVEL1,
    );
    assert!(
        log.contains("invalid read from stack R10 off=8 size=8"),
        "{log}"
    );

    // The error's text names the command, the errno and the log.
    let insns = bytecode("exit");
    let error = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        ..ProgLoad::default()
    }
    .load()
    .unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with("BPF_PROG_LOAD failed: EACCES; verifier log:\n"),
        "{text}"
    );
    assert!(text.contains("R0 !read_ok"), "{text}");
    assert_eq!(
        error.verifier_log().map(|log| log.contains("R0 !read_ok")),
        Some(true)
    );
}

#[test]
fn attribute_errors_are_kernel_verdicts() {
    require_kernel!();
    let insns = bytecode("r0 = 0\nexit");
    let load = |spec: ProgLoad<'_>| spec.load().map(drop).unwrap_err().errno();
    let valid = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        ..ProgLoad::default()
    };
    assert_eq!(
        load(ProgLoad {
            name: "bad-name",
            ..valid
        }),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        load(ProgLoad {
            prog_type: 0x7fff,
            ..valid
        }),
        Some(Errno::EINVAL)
    );
    // No instructions at all counts as too many.
    assert_eq!(
        load(ProgLoad {
            insns: &[],
            ..valid
        }),
        Some(Errno::E2BIG)
    );
}

#[test]
fn long_logs_are_complete() {
    require_kernel!();
    // Level 2 logs every instruction; 4000 of them need more than the first 64 KiB buffer.
    let mut text = String::from("r0 = 0\n");
    for _ in 0..4000 {
        text.push_str("r0 += 1\n");
    }
    text.push_str("exit\n");
    let insns = bytecode(&text);
    let prog = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        log_level: BPF_LOG_LEVEL2,
        ..ProgLoad::default()
    }
    .load()
    .unwrap();
    let log = prog.verifier_log();
    assert!(log.len() > 64 * 1024, "{} bytes", log.len());
    assert!(
        log.starts_with("func#0 @0\n") || log.starts_with("0: "),
        "{}",
        &log[..80]
    );
    assert!(
        log.contains("4000: (07) r0 += 1"),
        "instruction 4000 missing"
    );
    assert!(
        log.contains("processed 4002 insns"),
        "{}",
        &log[log.len() - 200..]
    );

    // At level 1 a successful load logs only the summary.
    let prog = ProgLoad {
        log_level: BPF_LOG_LEVEL1,
        ..ProgLoad {
            prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
            insns: &insns,
            license: "GPL",
            ..ProgLoad::default()
        }
    }
    .load()
    .unwrap();
    assert!(
        prog.verifier_log().starts_with("processed 4002 insns"),
        "{}",
        prog.verifier_log()
    );
}

#[test]
fn program_updates_a_map_given_by_fd() {
    require_kernel!();
    let map = u32_array(1, 8);
    // Look up index 0 and add 1 to its value atomically; return 0.
    let text = format!(
        "
        *(u32 *)(r10 - 4) = 0
        r2 = r10
        r2 += -4
        r1 = map[fd:{fd}]
        call 1                      ; bpf_map_lookup_elem
        if r0 == 0 goto out
        r1 = 1
        lock *(u64 *)(r0 + 0) += r1
    out:
        r0 = 0
        exit
        ",
        fd = map.as_raw_fd()
    );
    let prog = load(BPF_PROG_TYPE_SOCKET_FILTER, &text);
    let run = TestRun {
        data_in: &frame(64),
        ..TestRun::default()
    };
    prog.test_run(&run).unwrap();
    let mut value = [0; 8];
    assert!(map.lookup(&0u32.to_ne_bytes(), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 1);

    // Every one of `repeat` runs executes the program; `repeat` 0 counts as 1.
    prog.test_run(&TestRun {
        repeat: 1000,
        ..run
    })
    .unwrap();
    assert!(map.lookup(&0u32.to_ne_bytes(), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 1001);
    prog.test_run(&TestRun { repeat: 0, ..run }).unwrap();
    assert!(map.lookup(&0u32.to_ne_bytes(), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 1002);

    // The program holds its own reference: the map outlives this descriptor.
    drop(map);
    prog.test_run(&run).unwrap();
}

#[test]
fn program_uses_a_map_value_address_from_fd_array() {
    require_kernel!();
    let counters = u32_array(1, 16);
    let other = u32_array(1, 8);
    counters
        .update(&0u32.to_ne_bytes(), &[0; 16], BPF_ANY)
        .unwrap();
    // `map[idx:1]+8`: the address of byte 8 of the value of fd_array[1], which the program
    // writes directly, without a helper call.
    let insns = bytecode(
        "
        r1 = map[idx:1]+8
        r2 = 0x55
        *(u64 *)(r1 + 0) = r2
        r0 = 0
        exit
        ",
    );
    let fds = [other.as_fd(), counters.as_fd()];
    let prog = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        fd_array: Some(&fds),
        ..ProgLoad::default()
    }
    .load()
    .unwrap();
    prog.test_run(&TestRun {
        data_in: &frame(64),
        ..TestRun::default()
    })
    .unwrap();
    let mut value = [0; 16];
    assert!(counters.lookup(&0u32.to_ne_bytes(), &mut value).unwrap());
    assert_eq!(value[..8], [0; 8]);
    assert_eq!(u64::from_ne_bytes(value[8..].try_into().unwrap()), 0x55);
}

#[test]
fn a_map_fd_that_is_not_a_map_is_refused() {
    require_kernel!();
    let prog = load(BPF_PROG_TYPE_SOCKET_FILTER, "r0 = 0\nexit");
    let text = format!("r1 = map[fd:{}]\nr0 = 0\nexit", prog.as_raw_fd());
    let (errno, log) = refuse(BPF_PROG_TYPE_SOCKET_FILTER, &text, BPF_LOG_LEVEL1);
    assert_eq!(errno, Errno::EINVAL);
    let expected = format!("fd {} is not pointing to valid bpf_map", prog.as_raw_fd());
    assert!(log.contains(&expected), "{log}");
}

#[test]
fn constant_strings_need_a_frozen_read_only_map() {
    require_kernel!();
    // A `.rodata` as libbpf creates it: read-only for programs (BPF_F_RDONLY_PROG).
    let rodata = MapCreate {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size: 8,
        max_entries: 1,
        map_flags: 1 << 7,
        ..MapCreate::default()
    }
    .create()
    .unwrap();
    rodata
        .update(&0u32.to_ne_bytes(), b"abc\0\0\0\0\0", BPF_ANY)
        .unwrap();
    // return bpf_strncmp("abc", 4, rodata + 0)
    let text = format!(
        "
        *(u32 *)(r10 - 8) = 0x636261
        r1 = r10
        r1 += -8
        r2 = 4
        r3 = map[fd:{fd}]+0
        call 182                    ; bpf_strncmp
        exit
        ",
        fd = rodata.as_raw_fd()
    );
    let (errno, log) = refuse(BPF_PROG_TYPE_SOCKET_FILTER, &text, BPF_LOG_LEVEL1);
    assert_eq!(errno, Errno::EACCES);
    assert!(log.contains("does not point to a readonly map"), "{log}");

    rodata.freeze().unwrap();
    let prog = load(BPF_PROG_TYPE_SOCKET_FILTER, &text);
    let output = prog
        .test_run(&TestRun {
            data_in: &frame(64),
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, 0, "the strings are equal");
}
