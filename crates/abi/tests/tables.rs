//! Sanity of the tables: ids unique and dense, names unique and round-tripping through
//! `FromStr`, the helper table indexed by id, prototypes well formed, and the prototypes of the
//! helpers every stage relies on spelled out a second time, by hand, from the kernel's
//! `struct bpf_func_proto` definitions.

use std::collections::HashSet;

use sluice_abi::helper_access::{self, BasePrivilege};
use sluice_abi::helper_proto::{ArgKind, HelperProto};
use sluice_abi::helpers::{self, MAX_HELPER_ID};
use sluice_abi::{AttachType, Errno, HelperId, MapType, ProgType};

fn assert_dense_and_named<T: Copy + std::fmt::Debug + PartialEq>(
    what: &str,
    all: &[T],
    first: u32,
    value: impl Fn(T) -> u32,
    name: impl Fn(T) -> &'static str,
    parse: impl Fn(&str) -> Option<T>,
) {
    for (index, item) in all.iter().enumerate() {
        assert_eq!(
            value(*item),
            first + index as u32,
            "{what}: values are dense and in order"
        );
        assert_eq!(
            parse(name(*item)),
            Some(*item),
            "{what}: {} parses back",
            name(*item)
        );
    }
    let names: HashSet<&str> = all.iter().map(|item| name(*item)).collect();
    assert_eq!(names.len(), all.len(), "{what}: names are unique");
}

#[test]
fn enums_are_dense_and_round_trip() {
    assert_dense_and_named(
        "ProgType",
        ProgType::ALL,
        0,
        ProgType::as_u32,
        ProgType::name,
        |s| s.parse().ok(),
    );
    assert_dense_and_named(
        "AttachType",
        AttachType::ALL,
        0,
        AttachType::as_u32,
        AttachType::name,
        |s| s.parse().ok(),
    );
    assert_dense_and_named(
        "MapType",
        MapType::ALL,
        0,
        MapType::as_u32,
        MapType::name,
        |s| s.parse().ok(),
    );
    assert_dense_and_named(
        "HelperId",
        HelperId::ALL,
        1,
        HelperId::as_u32,
        HelperId::name,
        |s| s.parse().ok(),
    );
    assert_eq!(ProgType::ALL.len() as u32, ProgType::MAX_PLUS_ONE);
    assert_eq!(AttachType::ALL.len() as u32, AttachType::MAX_PLUS_ONE);
    assert_eq!(MapType::ALL.len() as u32, MapType::MAX_PLUS_ONE);
    assert_eq!(HelperId::ALL.len() as u32, MAX_HELPER_ID);
    assert_eq!(HelperId::from_u32(0), None);
    assert_eq!(HelperId::from_u32(MAX_HELPER_ID + 1), None);
    assert_eq!(ProgType::from_u32(ProgType::MAX_PLUS_ONE), None);
}

#[test]
fn names_are_bpftools() {
    let expected = [
        (ProgType::SocketFilter, "socket_filter"),
        (ProgType::Kprobe, "kprobe"),
        (ProgType::SchedCls, "sched_cls"),
        (ProgType::SchedAct, "sched_act"),
        (ProgType::Tracepoint, "tracepoint"),
        (ProgType::Xdp, "xdp"),
        (ProgType::PerfEvent, "perf_event"),
        (ProgType::CgroupSkb, "cgroup_skb"),
        (ProgType::CgroupSock, "cgroup_sock"),
        (ProgType::LwtIn, "lwt_in"),
        (ProgType::LwtSeg6local, "lwt_seg6local"),
        (ProgType::RawTracepointWritable, "raw_tracepoint_writable"),
        (ProgType::Syscall, "syscall"),
        (ProgType::Netfilter, "netfilter"),
    ];
    for (prog_type, name) in expected {
        assert_eq!(prog_type.name(), name);
        assert_eq!(prog_type.to_string(), name);
    }
    assert_eq!(MapType::PercpuCgroupStorage.name(), "percpu_cgroup_storage");
    assert_eq!(MapType::Arena.as_u32(), 33);
    assert_eq!(AttachType::TraceUprobeSession.as_u32(), 57);
    let error = "xdpp".parse::<ProgType>().expect_err("not a program type");
    assert_eq!(error.to_string(), "unknown program type name `xdpp`");
}

#[test]
fn helper_names_and_lookups() {
    assert_eq!(HelperId::MapLookupElem.as_u32(), 1);
    assert_eq!(HelperId::CgrpStorageDelete.as_u32(), 211);
    assert_eq!(HelperId::RingbufReserve.name(), "ringbuf_reserve");
    assert_eq!(HelperId::RingbufReserve.full_name(), "bpf_ringbuf_reserve");
    assert_eq!(
        HelperId::RingbufReserve.kernel_name(),
        "BPF_FUNC_ringbuf_reserve"
    );
    assert_eq!("bpf_loop".parse::<HelperId>(), Ok(HelperId::Loop));
    assert_eq!("loop".parse::<HelperId>(), Ok(HelperId::Loop));
    assert!("bpf_no_such_helper".parse::<HelperId>().is_err());
    for (index, helper) in helpers::all_helpers().iter().enumerate() {
        assert_eq!(helper.id.as_u32(), index as u32 + 1, "table entry {index}");
        assert!(std::ptr::eq(helper.id.helper(), helper));
        assert!(helpers::helper(helper.id.as_u32()).is_some());
    }
    assert!(helpers::helper(0).is_none());
}

/// Structural rules every prototype keeps in the kernel.
fn check_proto(helper: HelperId, proto: &HelperProto) {
    assert!(proto.args.len() <= 5, "{helper:?}: at most five arguments");
    assert!(proto.kernel_name.ends_with("_proto") || proto.kernel_name.contains("_proto_"));
    for (index, arg) in proto.args.iter().enumerate() {
        assert_ne!(
            arg.ty.kind,
            ArgKind::DontCare,
            "{helper:?}: no unused argument before a used one"
        );
        if arg.ty.is_size() {
            let previous = index.checked_sub(1).map(|i| proto.args[i].ty.kind);
            let follows_memory =
                matches!(previous, Some(ArgKind::PtrToMem | ArgKind::PtrToMapValue))
                    || arg.ty.kind == ArgKind::ConstAllocSizeOrZero;
            assert!(
                follows_memory,
                "{helper:?}: size argument {} follows a memory argument",
                index + 1
            );
        }
        let fixed = arg.ty.flags.contains(sluice_abi::TypeFlags::MEM_FIXED_SIZE);
        assert_eq!(
            fixed,
            arg.fixed_size.is_some(),
            "{helper:?}: fixed size iff MEM_FIXED_SIZE"
        );
        let btf_typed = matches!(arg.ty.kind, ArgKind::PtrToBtfId | ArgKind::PtrToSpinLock)
            && arg.btf_type.is_some();
        if arg.ty.kind == ArgKind::PtrToBtfId {
            assert!(
                btf_typed,
                "{helper:?}: BTF-typed argument {} names its type",
                index + 1
            );
        }
    }
}

#[test]
fn every_helper_has_a_well_formed_prototype() {
    for helper in helpers::all_helpers() {
        let proto = helper
            .proto
            .as_ref()
            .unwrap_or_else(|| panic!("{:?} has no prototype", helper.id));
        check_proto(helper.id, proto);
        for variant in helper.variants {
            check_proto(helper.id, &variant.proto);
            assert!(!variant.prog_types.is_empty());
            assert!(
                !variant.proto.same_signature(proto),
                "{:?}: a variant differs",
                helper.id
            );
        }
    }
}

/// A prototype as one line: `ret(args) flags`, with the kernel's type names.
fn describe(proto: &HelperProto) -> String {
    let args: Vec<String> = proto.args.iter().map(|arg| arg.ty.to_string()).collect();
    let mut text = format!("{}({})", proto.ret, args.join(", "));
    for (set, flag) in [
        (proto.gpl_only, "gpl_only"),
        (proto.pkt_access, "pkt_access"),
        (proto.might_sleep, "might_sleep"),
        (proto.allow_fastcall, "allow_fastcall"),
    ] {
        if set {
            text.push(' ');
            text.push_str(flag);
        }
    }
    text
}

/// The prototypes of the helpers the brief requires exactly, written out independently of the
/// generated table (Linux 6.18: `kernel/bpf/helpers.c`, `kernel/bpf/ringbuf.c`,
/// `kernel/bpf/stackmap.c`, `kernel/bpf/bpf_iter.c`, `kernel/trace/bpf_trace.c`,
/// `net/core/filter.c`).
const REQUIRED: &[(HelperId, &str)] = &[
    (
        HelperId::MapLookupElem,
        "RET_PTR_TO_MAP_VALUE | PTR_MAYBE_NULL(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY) pkt_access",
    ),
    (
        HelperId::MapUpdateElem,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING) pkt_access",
    ),
    (
        HelperId::MapDeleteElem,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY) pkt_access",
    ),
    (
        HelperId::MapPushElem,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING) pkt_access",
    ),
    (
        HelperId::MapPopElem,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE)",
    ),
    (
        HelperId::MapPeekElem,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE)",
    ),
    (
        HelperId::TailCall,
        "RET_VOID(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING)",
    ),
    (HelperId::KtimeGetNs, "RET_INTEGER()"),
    (HelperId::KtimeGetBootNs, "RET_INTEGER()"),
    (HelperId::KtimeGetCoarseNs, "RET_INTEGER()"),
    (HelperId::Jiffies64, "RET_INTEGER()"),
    (HelperId::GetPrandomU32, "RET_INTEGER()"),
    (HelperId::GetSmpProcessorId, "RET_INTEGER() allow_fastcall"),
    (
        HelperId::TracePrintk,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE) gpl_only",
    ),
    (
        HelperId::Snprintf,
        "RET_INTEGER(ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_CONST_STR, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO) gpl_only",
    ),
    (
        HelperId::Strncmp,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_PTR_TO_CONST_STR)",
    ),
    (
        HelperId::Loop,
        "RET_INTEGER(ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK | PTR_MAYBE_NULL, ARG_ANYTHING)",
    ),
    (
        HelperId::ForEachMapElem,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK | PTR_MAYBE_NULL, ARG_ANYTHING)",
    ),
    (HelperId::GetCurrentPidTgid, "RET_INTEGER()"),
    (HelperId::GetCurrentUidGid, "RET_INTEGER()"),
    (
        HelperId::GetCurrentComm,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE)",
    ),
    (
        HelperId::ProbeRead,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::ProbeReadStr,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::ProbeReadUser,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::ProbeReadUserStr,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::ProbeReadKernel,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::ProbeReadKernelStr,
        "RET_INTEGER(ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::PerfEventOutput,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO) gpl_only",
    ),
    (
        HelperId::RingbufOutput,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING)",
    ),
    (
        HelperId::RingbufReserve,
        "RET_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RINGBUF(ARG_CONST_MAP_PTR, ARG_CONST_ALLOC_SIZE_OR_ZERO, ARG_ANYTHING)",
    ),
    (
        HelperId::RingbufSubmit,
        "RET_VOID(ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING)",
    ),
    (
        HelperId::RingbufDiscard,
        "RET_VOID(ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING)",
    ),
    (
        HelperId::RingbufQuery,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_ANYTHING)",
    ),
    (HelperId::SpinLock, "RET_VOID(ARG_PTR_TO_SPIN_LOCK)"),
    (HelperId::SpinUnlock, "RET_VOID(ARG_PTR_TO_SPIN_LOCK)"),
    (
        HelperId::Redirect,
        "RET_INTEGER(ARG_ANYTHING, ARG_ANYTHING)",
    ),
    (
        HelperId::RedirectMap,
        "RET_INTEGER(ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING)",
    ),
    (
        HelperId::XdpAdjustHead,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING)",
    ),
    (
        HelperId::XdpAdjustMeta,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING)",
    ),
    (
        HelperId::XdpAdjustTail,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING)",
    ),
    (
        HelperId::SkbLoadBytes,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE)",
    ),
    (
        HelperId::SkbStoreBytes,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING)",
    ),
    (
        HelperId::L3CsumReplace,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING)",
    ),
    (
        HelperId::L4CsumReplace,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING)",
    ),
    (
        HelperId::CsumDiff,
        "RET_INTEGER(ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) pkt_access",
    ),
    (HelperId::GetHashRecalc, "RET_INTEGER(ARG_PTR_TO_CTX)"),
    (
        HelperId::GetStackid,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::GetStack,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING) gpl_only",
    ),
    (
        HelperId::OverrideReturn,
        "RET_INTEGER(ARG_PTR_TO_CTX, ARG_ANYTHING) gpl_only",
    ),
    (HelperId::GetCurrentTask, "RET_INTEGER() gpl_only"),
    (HelperId::GetFuncIp, "RET_INTEGER(ARG_PTR_TO_CTX) gpl_only"),
    (HelperId::GetAttachCookie, "RET_INTEGER(ARG_PTR_TO_CTX)"),
    (HelperId::SendSignal, "RET_INTEGER(ARG_ANYTHING)"),
];

#[test]
fn required_prototypes_are_exact() {
    let mut differences = Vec::new();
    for (helper, expected) in REQUIRED {
        let proto = helper
            .proto()
            .unwrap_or_else(|| panic!("{helper:?} has no prototype"));
        let actual = describe(proto);
        if actual != *expected {
            differences.push(format!(
                "{helper:?}:\n  table    {actual}\n  expected {expected}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn program_type_variants_are_found() {
    // Perf event programs' bpf_get_stackid is not gpl_only.
    let pe = HelperId::GetStackid
        .proto_for(ProgType::PerfEvent)
        .expect("proto");
    assert!(!pe.gpl_only);
    assert!(
        HelperId::GetStackid
            .proto_for(ProgType::Kprobe)
            .expect("proto")
            .gpl_only
    );
    // Outside the skb programs, bpf_get_cgroup_classid takes no context.
    let curr = HelperId::GetCgroupClassid
        .proto_for(ProgType::Xdp)
        .expect("proto");
    assert!(curr.args.is_empty());
    assert_eq!(
        HelperId::GetCgroupClassid
            .proto_for(ProgType::SchedCls)
            .expect("proto")
            .args
            .len(),
        1
    );
    // Tracing programs get the BTF-typed bpf_get_socket_cookie.
    let tracing = HelperId::GetSocketCookie
        .proto_for(ProgType::Tracing)
        .expect("proto");
    assert_eq!(tracing.args[0].ty.kind, ArgKind::PtrToBtfIdSockCommon);
    // The sleepable bpf_get_stack is a conditional variant, not the default.
    assert!(
        !HelperId::GetStack
            .proto_for(ProgType::Kprobe)
            .expect("proto")
            .might_sleep
    );
    let sleepable = HelperId::GetStack
        .helper()
        .variants
        .iter()
        .find(|v| v.condition.is_some());
    assert!(sleepable.is_some_and(|variant| variant.proto.might_sleep));
}

#[test]
fn helper_sets_are_layered() {
    let base: Vec<HelperId> = HelperId::ALL
        .iter()
        .copied()
        .filter(|h| helper_access::base_privilege(*h).is_some())
        .collect();
    assert_eq!(base.len(), 74);
    assert_eq!(
        helper_access::base_privilege(HelperId::MapLookupElem),
        Some(BasePrivilege::Unprivileged)
    );
    assert_eq!(
        helper_access::base_privilege(HelperId::Loop),
        Some(BasePrivilege::CapBpf)
    );
    assert_eq!(
        helper_access::base_privilege(HelperId::TracePrintk),
        Some(BasePrivilege::CapPerfmon)
    );
    assert_eq!(helper_access::base_privilege(HelperId::Redirect), None);
    for prog_type in ProgType::ALL {
        let Some(set) = helper_access::helper_set(*prog_type) else {
            assert!(matches!(
                prog_type,
                ProgType::Unspec | ProgType::StructOps | ProgType::Ext
            ));
            continue;
        };
        if *prog_type != ProgType::LircMode2 {
            for helper in &base {
                assert!(set.contains(*helper), "{prog_type}: base helper {helper:?}");
            }
        }
        assert_eq!(set.iter().count(), set.len());
    }
    assert!(helper_access::allowed(HelperId::RedirectMap, ProgType::Xdp));
    assert!(!helper_access::allowed(
        HelperId::RedirectMap,
        ProgType::SchedCls
    ));
    assert!(helper_access::allowed(
        HelperId::SkbLoadBytes,
        ProgType::SocketFilter
    ));
    assert!(!helper_access::allowed(
        HelperId::SkbStoreBytes,
        ProgType::SocketFilter
    ));
    assert!(helper_access::allowed(
        HelperId::OverrideReturn,
        ProgType::Kprobe
    ));
    assert!(!helper_access::allowed(
        HelperId::GetFuncIp,
        ProgType::Tracepoint
    ));
    assert!(!helper_access::allowed(
        HelperId::MapLookupElem,
        ProgType::Ext
    ));
    assert!(helper_access::allowed_for_attach(
        HelperId::SeqPrintf,
        ProgType::Tracing,
        AttachType::TraceIter
    ));
    assert!(!helper_access::allowed_for_attach(
        HelperId::SeqPrintf,
        ProgType::Tracing,
        AttachType::TraceFentry
    ));
    assert!(!helper_access::allowed_for_attach(
        HelperId::GetFuncArg,
        ProgType::Tracing,
        AttachType::TraceRawTp
    ));
    assert!(helper_access::allowed_for_attach(
        HelperId::GetRetval,
        ProgType::Lsm,
        AttachType::LsmCgroup
    ));
}

#[test]
fn errno_round_trips() {
    for errno in Errno::ALL {
        assert_eq!(Errno::from_code(errno.code()), Some(*errno));
        assert_eq!(
            Errno::from_helper_return(errno.helper_return()),
            Some(*errno)
        );
        assert_eq!(Errno::from_name(errno.name()), Some(*errno));
    }
    assert_eq!(Errno::Enoent.helper_return(), -2);
    assert_eq!(Errno::Enotsupp.code(), 524);
    assert_eq!(sluice_abi::errno::EOPNOTSUPP, 95);
    assert_eq!(Errno::from_helper_return(0), None);
    assert_eq!(Errno::from_helper_return(i64::MIN), None);
}
