//! The context access rules against the running kernel's verdicts.
//!
//! Each file of `tests/data/ctx_access/` holds, for one program type (or one pointer type
//! reached from a context), the Linux 6.18.44 verifier's verdict on every load, sign-extending
//! load and register store of 1, 2, 4 and 8 bytes at every offset of the structure and a little
//! past it, obtained by loading one-instruction programs (`tests/data/probe_kernel.py`
//! regenerates them). The test asks the crate the same questions and expects the same answers.

use std::path::Path;

use sluice_abi::context::{self, Access, AccessError, Field, bpf_sock, flow_keys};
use sluice_abi::{AttachType, ProgType};

type Checker = Box<dyn Fn(u32, u32, Access) -> Result<&'static Field, AccessError>>;

fn for_prog(prog_type: ProgType, attach_type: Option<AttachType>) -> Checker {
    Box::new(move |offset, size, access| {
        context::check(prog_type, attach_type, offset, size, access)
    })
}

fn checker(name: &str) -> Checker {
    match name {
        "socket_filter" => for_prog(ProgType::SocketFilter, None),
        "kprobe" => for_prog(ProgType::Kprobe, None),
        "sched_cls" => for_prog(ProgType::SchedCls, None),
        "sched_act" => for_prog(ProgType::SchedAct, None),
        "tracepoint" => for_prog(ProgType::Tracepoint, None),
        "xdp" => for_prog(ProgType::Xdp, None),
        "xdp_devmap" => for_prog(ProgType::Xdp, Some(AttachType::XdpDevmap)),
        "perf_event" => for_prog(ProgType::PerfEvent, None),
        "cgroup_skb" => for_prog(ProgType::CgroupSkb, None),
        "lwt_in" => for_prog(ProgType::LwtIn, None),
        "lwt_out" => for_prog(ProgType::LwtOut, None),
        "lwt_xmit" => for_prog(ProgType::LwtXmit, None),
        "lwt_seg6local" => for_prog(ProgType::LwtSeg6local, None),
        "sk_skb" => for_prog(ProgType::SkSkb, None),
        "raw_tracepoint" => for_prog(ProgType::RawTracepoint, None),
        "raw_tracepoint_writable" => for_prog(ProgType::RawTracepointWritable, None),
        "flow_dissector" => for_prog(ProgType::FlowDissector, None),
        "sock_common" => {
            Box::new(|offset, size, access| bpf_sock::check(false, offset, size, access))
        }
        "bpf_sock" => Box::new(|offset, size, access| bpf_sock::check(true, offset, size, access)),
        "flow_keys" => Box::new(flow_keys::check),
        other => panic!("no checker for data file {other}"),
    }
}

/// Parses one data line, `offset 1:rsw 2:r-- 4:--- 8:r-w`, into the offset and the verdicts.
fn parse_line(line: &str) -> (u32, Vec<(u32, Access, bool)>) {
    let mut words = line.split_whitespace();
    let offset = words
        .next()
        .and_then(|word| word.parse().ok())
        .expect("offset");
    let mut verdicts = Vec::new();
    for cell in words {
        let (size, marks) = cell.split_once(':').expect("size:marks");
        let size: u32 = size.parse().expect("size");
        let marks: Vec<char> = marks.chars().collect();
        assert_eq!(marks.len(), 3, "three marks in {cell}");
        verdicts.push((size, Access::Read, marks[0] == 'r'));
        if size != 8 {
            verdicts.push((size, Access::ReadSignExtend, marks[1] == 's'));
        }
        verdicts.push((size, Access::Write, marks[2] == 'w'));
    }
    (offset, verdicts)
}

#[test]
fn context_access_matches_the_kernel() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ctx_access");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("data directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 20,
        "expected the data files in {}",
        dir.display()
    );
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("file name")
            .to_owned();
        let check = checker(&name);
        let text = std::fs::read_to_string(&path).expect("data file");
        for line in text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        {
            let (offset, verdicts) = parse_line(line);
            for (size, access, kernel_accepts) in verdicts {
                let ours = check(offset, size, access);
                checked += 1;
                if ours.is_ok() != kernel_accepts {
                    mismatches.push(format!("{name}: {access} of {size} at {offset}: kernel {kernel_accepts}, ours {ours:?}"));
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {checked} verdicts differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    println!("{checked} verdicts agree");
}

#[test]
fn pointer_fields_say_what_they_point_to() {
    use sluice_abi::context::{FieldKind, PointerTarget};
    let pointer = |prog_type, offset, size| {
        context::check_access(prog_type, offset, size, false).map(|field| (field.name, field.kind))
    };
    assert_eq!(
        pointer(ProgType::Xdp, 0, 4),
        Ok(("data", FieldKind::Pointer(PointerTarget::PacketStart)))
    );
    assert_eq!(
        pointer(ProgType::Xdp, 4, 4),
        Ok(("data_end", FieldKind::Pointer(PointerTarget::PacketEnd)))
    );
    assert_eq!(
        pointer(ProgType::Xdp, 8, 4),
        Ok(("data_meta", FieldKind::Pointer(PointerTarget::PacketMeta)))
    );
    assert_eq!(
        pointer(ProgType::SchedCls, 76, 4),
        Ok(("data", FieldKind::Pointer(PointerTarget::PacketStart)))
    );
    assert_eq!(
        pointer(ProgType::SchedCls, 80, 4),
        Ok(("data_end", FieldKind::Pointer(PointerTarget::PacketEnd)))
    );
    assert_eq!(
        pointer(ProgType::SchedCls, 140, 4),
        Ok(("data_meta", FieldKind::Pointer(PointerTarget::PacketMeta)))
    );
    assert_eq!(
        pointer(ProgType::SchedCls, 168, 8),
        Ok(("sk", FieldKind::Pointer(PointerTarget::SockCommonOrNull)))
    );
    assert_eq!(
        pointer(ProgType::FlowDissector, 144, 8),
        Ok(("flow_keys", FieldKind::Pointer(PointerTarget::FlowKeys)))
    );
    assert_eq!(
        pointer(ProgType::RawTracepointWritable, 0, 8),
        Ok((
            "args[0]",
            FieldKind::Pointer(PointerTarget::TracepointBuffer)
        ))
    );
    // Socket filters may not see the packet pointers at all.
    assert!(matches!(
        context::check_access(ProgType::SocketFilter, 76, 4, false),
        Err(AccessError::NotAllowed { field: "data", .. })
    ));
}

#[test]
fn field_lookup_finds_the_enclosing_field() {
    let layout = context::layout(ProgType::SchedCls).expect("__sk_buff");
    assert_eq!(layout.field_at(48, 8).map(|field| field.name), Some("cb"));
    assert_eq!(layout.field_at(66, 2).map(|field| field.name), Some("cb"));
    assert_eq!(layout.field_at(66, 4), None, "crosses from cb into hash");
    assert_eq!(layout.field_at(181, 1), None, "padding after tstamp_type");
    assert_eq!(
        context::field_at(ProgType::Kprobe, 112, 8).map(|field| field.name),
        Some("di")
    );
    assert_eq!(
        context::field_at(ProgType::Lsm, 8, 8).map(|field| field.name),
        Some("args[1]"),
        "LSM hooks' arguments, as u64"
    );
    assert_eq!(
        context::field_at(ProgType::Tracing, 0, 8),
        None,
        "no layout for BTF-typed contexts"
    );
    assert!(matches!(
        context::check_access(ProgType::Kprobe, 112, 8, true),
        Err(AccessError::NotAllowed {
            field: "di",
            access: Access::Write
        })
    ));
    assert!(matches!(
        context::check_access(ProgType::Xdp, 2, 2, false),
        Err(AccessError::BadSize { field: "data", .. })
    ));
    assert!(matches!(
        context::check_access(ProgType::Xdp, 24, 4, false),
        Err(AccessError::OutOfBounds { .. })
    ));
    assert!(matches!(
        context::check_access(ProgType::Xdp, 1, 4, false),
        Err(AccessError::Misaligned { .. })
    ));
}
