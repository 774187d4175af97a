//! The kernel's input rules for `BPF_PROG_TEST_RUN`, pinned down as tests because Sluice's own
//! test-run must mirror them: minimum and maximum data sizes, where each program type's data
//! starts, which `ctx_in` contents the kernel accepts for `struct __sk_buff` and
//! `struct xdp_md`, and how syscall programs give their context back.
//!
//! The size limits depend on the page size (4 KiB here) and on `sizeof(struct
//! skb_shared_info)` (320 bytes on x86-64): socket filters and tc take at most
//! 4096 - 64 (`NET_SKB_PAD`) - 320 = 3712 bytes; XDP keeps 4096 - 256 (`XDP_PACKET_HEADROOM`)
//! - 320 = 3520 bytes linear and puts the rest in fragments.

mod common;

use common::{
    BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP, SK_BUFF_SIZE,
    XDP_DROP, XDP_MD_SIZE, XDP_PASS, bytecode, frame, require_kernel,
};
use sluice_kernel::{Errno, KernelProg, ProgLoad, TestRun, TestRunOutput};

/// `offsetof(struct __sk_buff, ...)`.
const SKB_LEN: usize = 0;
const SKB_MARK: usize = 8;
const SKB_PROTOCOL: usize = 16;
const SKB_PRIORITY: usize = 32;
const SKB_WIRE_LEN: usize = 160;

/// `offsetof(struct xdp_md, ...)`.
const XDP_DATA: usize = 0;
const XDP_DATA_END: usize = 4;
const XDP_DATA_META: usize = 8;
const XDP_INGRESS_IFINDEX: usize = 12;
const XDP_RX_QUEUE_INDEX: usize = 16;

/// `BPF_F_TEST_RUN_ON_CPU`.
const BPF_F_TEST_RUN_ON_CPU: u32 = 1;

/// `BPF_PROG_TYPE_SYSCALL` and `BPF_F_SLEEPABLE`.
const BPF_PROG_TYPE_SYSCALL: u32 = 31;
const BPF_F_SLEEPABLE: u32 = 1 << 4;

fn load(prog_type: u32, text: &str) -> KernelProg {
    let insns = bytecode(text);
    let spec = ProgLoad {
        prog_type,
        insns: &insns,
        license: "GPL",
        ..ProgLoad::default()
    };
    match spec.load() {
        Ok(prog) => prog,
        Err(error) => panic!("kernel refused the program: {error}"),
    }
}

/// A program returning `skb->len`.
fn skb_len_prog(prog_type: u32) -> KernelProg {
    load(prog_type, "r0 = *(u32 *)(r1 + 0)\nexit")
}

/// An XDP program returning `data_end - data`.
fn xdp_len_prog() -> KernelProg {
    load(
        BPF_PROG_TYPE_XDP,
        "r2 = *(u32 *)(r1 + 0)\nr3 = *(u32 *)(r1 + 4)\nr0 = r3\nr0 -= r2\nexit",
    )
}

fn run(prog: &KernelProg, data_in: &[u8], ctx_in: Option<&[u8]>) -> Result<TestRunOutput, Errno> {
    prog.test_run(&TestRun {
        data_in,
        data_out_size: 8192,
        ctx_in,
        ctx_out_size: if ctx_in.is_some() { 256 } else { 0 },
        ..TestRun::default()
    })
    .map_err(|error| error.errno().expect("a kernel error"))
}

fn with_u32(size: usize, fields: &[(usize, u32)]) -> Vec<u8> {
    let mut ctx = vec![0; size];
    for &(offset, value) in fields {
        ctx[offset..offset + 4].copy_from_slice(&value.to_ne_bytes());
    }
    ctx
}

#[test]
fn packet_types_need_an_ethernet_header() {
    require_kernel!();
    let progs = [
        skb_len_prog(BPF_PROG_TYPE_SOCKET_FILTER),
        skb_len_prog(BPF_PROG_TYPE_SCHED_CLS),
        xdp_len_prog(),
    ];
    for prog in &progs {
        assert_eq!(run(prog, &[], None).unwrap_err(), Errno::EINVAL);
        assert_eq!(run(prog, &frame(13), None).unwrap_err(), Errno::EINVAL);
        assert!(run(prog, &frame(14), None).is_ok());
    }
}

#[test]
fn socket_filter_data_starts_at_the_network_header() {
    require_kernel!();
    let packet = frame(40);
    // skb->len excludes the 14-byte Ethernet header.
    let output = run(&skb_len_prog(BPF_PROG_TYPE_SOCKET_FILTER), &packet, None).unwrap();
    assert_eq!(output.retval, 26);
    // Absolute loads count from the network header too.
    let ld_abs = load(
        BPF_PROG_TYPE_SOCKET_FILTER,
        "r6 = r1\nr0 = *(u8 *)skb[0]\nexit",
    );
    assert_eq!(run(&ld_abs, &packet, None).unwrap().retval, 14);
    // data_out is the whole frame again, with the Ethernet header zeroed.
    let mut expected = packet.clone();
    expected[..14].fill(0);
    assert_eq!(output.data_out, expected);
}

#[test]
fn tc_data_starts_at_the_ethernet_header() {
    require_kernel!();
    let packet = frame(40);
    let output = run(&skb_len_prog(BPF_PROG_TYPE_SCHED_CLS), &packet, None).unwrap();
    assert_eq!(output.retval, 40);
    assert_eq!(output.data_out, packet);
    // Direct packet access sees byte 0 of data_in.
    let first_byte = load(
        BPF_PROG_TYPE_SCHED_CLS,
        "
        r2 = *(u32 *)(r1 + 76)      ; __sk_buff.data
        r3 = *(u32 *)(r1 + 80)      ; __sk_buff.data_end
        r4 = r2
        r4 += 1
        r0 = 999
        if r4 > r3 goto out
        r0 = *(u8 *)(r2 + 0)
    out:
        exit
        ",
    );
    let mut packet = frame(40);
    packet[0] = 0x5a;
    assert_eq!(run(&first_byte, &packet, None).unwrap().retval, 0x5a);
}

#[test]
fn data_size_limits() {
    require_kernel!();
    let socket_filter = skb_len_prog(BPF_PROG_TYPE_SOCKET_FILTER);
    assert!(run(&socket_filter, &frame(3712), None).is_ok());
    assert_eq!(
        run(&socket_filter, &frame(3713), None).unwrap_err(),
        Errno::EINVAL
    );

    // XDP accepts more, but the program's linear data stops at 3520 bytes; data_out still has
    // every byte.
    let xdp = xdp_len_prog();
    let output = run(&xdp, &frame(3520), None).unwrap();
    assert_eq!(output.retval, 3520);
    let packet = frame(5000);
    let output = run(&xdp, &packet, None).unwrap();
    assert_eq!(output.retval, 3520);
    assert_eq!(output.data_out, packet);
}

#[test]
fn skb_context_rules() {
    require_kernel!();
    let mark = load(BPF_PROG_TYPE_SOCKET_FILTER, "r0 = *(u32 *)(r1 + 8)\nexit");
    let packet = frame(40);

    // mark goes in, the converted context comes back (sizeof(struct __sk_buff) bytes).
    let ctx = with_u32(SK_BUFF_SIZE, &[(SKB_MARK, 7), (SKB_PRIORITY, 3)]);
    let output = run(&mark, &packet, Some(&ctx)).unwrap();
    assert_eq!(output.retval, 7);
    assert_eq!(output.ctx_out.len(), SK_BUFF_SIZE);
    assert_eq!(output.ctx_out[SKB_MARK], 7);
    assert_eq!(output.ctx_out[SKB_PRIORITY], 3);

    // A shorter context is zero-extended; a longer one must be zero past the struct.
    assert_eq!(run(&mark, &packet, Some(&ctx[..12])).unwrap().retval, 7);
    let mut long = ctx.clone();
    long.resize(SK_BUFF_SIZE + 8, 0);
    assert_eq!(run(&mark, &packet, Some(&long)).unwrap().retval, 7);
    long[SK_BUFF_SIZE + 1] = 1;
    assert_eq!(run(&mark, &packet, Some(&long)).unwrap_err(), Errno::E2BIG);
    // A present but empty context is refused.
    assert_eq!(run(&mark, &packet, Some(&[])).unwrap_err(), Errno::EINVAL);

    // Fields the kernel computes itself must be zero.
    for field in [SKB_LEN, SKB_PROTOCOL] {
        let ctx = with_u32(SK_BUFF_SIZE, &[(field, 5)]);
        assert_eq!(
            run(&mark, &packet, Some(&ctx)).unwrap_err(),
            Errno::EINVAL,
            "{field}"
        );
    }
    // wire_len is 0 (meaning skb->len) or at least skb->len.
    let ctx = with_u32(SK_BUFF_SIZE, &[(SKB_WIRE_LEN, 5)]);
    assert_eq!(run(&mark, &packet, Some(&ctx)).unwrap_err(), Errno::EINVAL);
    let ctx = with_u32(SK_BUFF_SIZE, &[(SKB_WIRE_LEN, 100)]);
    assert!(run(&mark, &packet, Some(&ctx)).is_ok());
}

#[test]
fn xdp_context_rules() {
    require_kernel!();
    let xdp = xdp_len_prog();
    let packet = frame(40);

    // data_end shorter than data_in: the program sees that much linear data, the rest is in
    // fragments, and data_out still has everything.
    let ctx = with_u32(XDP_MD_SIZE, &[(XDP_DATA_END, 19)]);
    let output = run(&xdp, &packet, Some(&ctx)).unwrap();
    assert_eq!(output.retval, 19);
    assert_eq!(output.data_out, packet);
    assert_eq!(output.ctx_out.len(), XDP_MD_SIZE);
    // So an all-zero xdp_md means no linear data at all.
    let zero = vec![0; XDP_MD_SIZE];
    assert_eq!(run(&xdp, &packet, Some(&zero)).unwrap().retval, 0);

    // data is the length of metadata at the front of data_in: a multiple of 4.
    let ctx = with_u32(XDP_MD_SIZE, &[(XDP_DATA, 8), (XDP_DATA_END, 40)]);
    assert_eq!(run(&xdp, &packet, Some(&ctx)).unwrap().retval, 32);
    let ctx = with_u32(XDP_MD_SIZE, &[(XDP_DATA, 3), (XDP_DATA_END, 40)]);
    assert_eq!(run(&xdp, &packet, Some(&ctx)).unwrap_err(), Errno::EINVAL);
    // data_meta must be 0.
    let ctx = with_u32(XDP_MD_SIZE, &[(XDP_DATA_META, 4), (XDP_DATA_END, 40)]);
    assert_eq!(run(&xdp, &packet, Some(&ctx)).unwrap_err(), Errno::EINVAL);
    // The receive queue must exist on the device (loopback, ifindex 1, has one).
    let ctx = with_u32(XDP_MD_SIZE, &[(XDP_INGRESS_IFINDEX, 1), (XDP_DATA_END, 40)]);
    assert_eq!(run(&xdp, &packet, Some(&ctx)).unwrap().retval, 40);
    let ctx = with_u32(XDP_MD_SIZE, &[(XDP_RX_QUEUE_INDEX, 1), (XDP_DATA_END, 40)]);
    assert_eq!(run(&xdp, &packet, Some(&ctx)).unwrap_err(), Errno::EINVAL);

    // A bounds check against a short linear part takes the drop branch.
    let bounds = load(
        BPF_PROG_TYPE_XDP,
        "
        r2 = *(u32 *)(r1 + 0)
        r3 = *(u32 *)(r1 + 4)
        r2 += 6
        r0 = 1                      ; XDP_DROP
        if r2 > r3 goto out
        r0 = 2                      ; XDP_PASS
    out:
        exit
        ",
    );
    let short = with_u32(XDP_MD_SIZE, &[(XDP_DATA_END, 4)]);
    assert_eq!(
        run(&bounds, &packet, Some(&short)).unwrap().retval,
        XDP_DROP
    );
    assert_eq!(run(&bounds, &packet, None).unwrap().retval, XDP_PASS);
}

#[test]
fn flags_and_cpu() {
    require_kernel!();
    let socket_filter = skb_len_prog(BPF_PROG_TYPE_SOCKET_FILTER);
    let xdp = xdp_len_prog();
    let packet = frame(40);
    let with = |prog: &KernelProg, flags: u32, cpu: u32| {
        prog.test_run(&TestRun {
            data_in: &packet,
            flags,
            cpu,
            ..TestRun::default()
        })
        .map(|output| output.retval)
        .map_err(|error| error.errno())
    };
    // Running on a chosen CPU is for raw tracepoints only.
    assert_eq!(
        with(&socket_filter, BPF_F_TEST_RUN_ON_CPU, 0),
        Err(Some(Errno::EINVAL))
    );
    assert_eq!(
        with(&xdp, BPF_F_TEST_RUN_ON_CPU, 0),
        Err(Some(Errno::EINVAL))
    );
    // Without the flag a CPU number is an error for skb programs and ignored for XDP.
    assert_eq!(with(&socket_filter, 0, 1), Err(Some(Errno::EINVAL)));
    assert_eq!(with(&xdp, 0, 1), Ok(40));
}

#[test]
fn syscall_programs_write_their_context_back_into_ctx_in() {
    require_kernel!();
    // ctx->out = ctx->in + 1; return ctx->out.
    let insns = bytecode(
        "
        r2 = *(u32 *)(r1 + 0)
        r2 += 1
        *(u32 *)(r1 + 4) = r2
        r0 = r2
        exit
        ",
    );
    // Syscall programs must be sleepable.
    let prog = ProgLoad {
        prog_type: BPF_PROG_TYPE_SYSCALL,
        insns: &insns,
        license: "GPL",
        prog_flags: BPF_F_SLEEPABLE,
        ..ProgLoad::default()
    }
    .load()
    .unwrap_or_else(|error| panic!("{error}"));
    let ctx = with_u32(8, &[(0, 41)]);
    let output = prog
        .test_run(&TestRun {
            ctx_in: Some(&ctx),
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, 42);
    assert!(output.ctx_out.is_empty());
    assert_eq!(output.ctx_in_after, Some(with_u32(8, &[(0, 41), (4, 42)])));
    // The caller's buffer is not written.
    assert_eq!(ctx, with_u32(8, &[(0, 41)]));

    // A context shorter than the program reads, or a ctx_out buffer, is refused.
    let short = prog.test_run(&TestRun {
        ctx_in: Some(&ctx[..4]),
        ..TestRun::default()
    });
    assert_eq!(short.unwrap_err().errno(), Some(Errno::EINVAL));
    let with_out = prog.test_run(&TestRun {
        ctx_in: Some(&ctx),
        ctx_out_size: 8,
        ..TestRun::default()
    });
    assert_eq!(with_out.unwrap_err().errno(), Some(Errno::EINVAL));

    // Other types leave ctx_in as it was, and without ctx_in there is nothing to give back.
    let mark = load(BPF_PROG_TYPE_SCHED_CLS, "r0 = *(u32 *)(r1 + 8)\nexit");
    let skb = with_u32(SK_BUFF_SIZE, &[(SKB_MARK, 9)]);
    let output = run(&mark, &frame(64), Some(&skb)).unwrap();
    assert_eq!(output.retval, 9);
    assert_eq!(output.ctx_in_after, Some(skb));
    let output = run(&mark, &frame(64), None).unwrap();
    assert_eq!(output.ctx_in_after, None);
}
