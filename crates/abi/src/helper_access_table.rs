//! Which helpers each program type may call in Linux 6.18: the lists behind
//! [`crate::helper_access`].
//!
//! The kernel decides with one `get_func_proto` function per program type
//! (`kernel/bpf/helpers.c`, `kernel/trace/bpf_trace.c`, `net/core/filter.c`,
//! `kernel/bpf/cgroup.c`, ...), most of which fall back to a shared set. These lists mirror that
//! layering: [`BASE_UNPRIVILEGED`], [`BASE_CAP_BPF`] and [`BASE_CAP_PERFMON`] are
//! `bpf_base_func_proto`'s three tiers, [`SK_BASE`] the extra helpers of
//! `bpf_sk_base_func_proto`, [`TRACING_BASE`] those of `bpf_tracing_func_proto`, and each
//! program type adds its own list. They were taken from the kernel's sources and then checked
//! helper by helper against the running 6.18.44 kernel: for every program type that loads
//! without an attach target, a one-call program was loaded for every helper id and the
//! verifier's answer recorded (`tests/data/helper_access.txt`, which a test compares with these
//! lists). `tracing`, `lsm` and `lirc_mode2` programs cannot be loaded on the probing machine
//! (it refuses fentry and LSM programs with `EPERM` and lacks `CONFIG_BPF_LIRC_MODE2`); their
//! lists come from the sources alone, built on the checked `raw_tracepoint` list as the kernel
//! builds them. See [`crate::helper_access`] for what the lists assume.

use crate::helper_access::ProgTypeHelpers;
use crate::helpers::HelperId as H;
use crate::prog_type::ProgType;

/// `bpf_base_func_proto` helpers every program type gets without a capability.
pub(crate) const BASE_UNPRIVILEGED: &[H] = &[
    H::MapLookupElem,
    H::MapUpdateElem,
    H::MapDeleteElem,
    H::MapPushElem,
    H::MapPopElem,
    H::MapPeekElem,
    H::MapLookupPercpuElem,
    H::GetPrandomU32,
    H::GetSmpProcessorId,
    H::GetNumaNodeId,
    H::TailCall,
    H::KtimeGetNs,
    H::KtimeGetBootNs,
    H::KtimeGetTaiNs,
    H::RingbufOutput,
    H::RingbufReserve,
    H::RingbufSubmit,
    H::RingbufDiscard,
    H::RingbufQuery,
    H::Strncmp,
    H::Strtol,
    H::Strtoul,
    H::GetCurrentPidTgid,
    H::GetNsCurrentPidTgid,
    H::GetCurrentUidGid,
];

/// `bpf_base_func_proto` helpers that need `CAP_BPF`.
pub(crate) const BASE_CAP_BPF: &[H] = &[
    H::SpinLock,
    H::SpinUnlock,
    H::Jiffies64,
    H::PerCpuPtr,
    H::ThisCpuPtr,
    H::TimerInit,
    H::TimerSetCallback,
    H::TimerStart,
    H::TimerCancel,
    H::KptrXchg,
    H::ForEachMapElem,
    H::Loop,
    H::UserRingbufDrain,
    H::RingbufReserveDynptr,
    H::RingbufSubmitDynptr,
    H::RingbufDiscardDynptr,
    H::DynptrFromMem,
    H::DynptrRead,
    H::DynptrWrite,
    H::DynptrData,
    H::CgrpStorageGet,
    H::CgrpStorageDelete,
    H::GetCurrentCgroupId,
    H::GetCurrentAncestorCgroupId,
    H::CurrentTaskUnderCgroup,
    H::GetCgroupClassid,
    H::TaskStorageGet,
    H::TaskStorageDelete,
];

/// `bpf_base_func_proto` helpers that need `CAP_PERFMON`.
pub(crate) const BASE_CAP_PERFMON: &[H] = &[
    H::TracePrintk,
    H::GetCurrentTask,
    H::GetCurrentTaskBtf,
    H::GetCurrentComm,
    H::ProbeReadUser,
    H::ProbeReadKernel,
    H::ProbeReadUserStr,
    H::ProbeReadKernelStr,
    H::CopyFromUser,
    H::CopyFromUserTask,
    H::SnprintfBtf,
    H::Snprintf,
    H::TaskPtRegs,
    H::TraceVprintk,
    H::PerfEventReadValue,
    H::PerfEventRead,
    H::SendSignal,
    H::SendSignalThread,
    H::GetTaskStack,
    H::GetBranchSnapshot,
    H::FindVma,
];

/// `bpf_sk_base_func_proto`: what networking program types add to the base
/// (the socket casts need `CAP_PERFMON`).
pub(crate) const SK_BASE: &[H] = &[
    H::SkcToTcp6Sock,
    H::SkcToTcpSock,
    H::SkcToTcpTimewaitSock,
    H::SkcToTcpRequestSock,
    H::SkcToUdp6Sock,
    H::SkcToUnixSock,
    H::SkcToMptcpSock,
    H::KtimeGetCoarseNs,
];

/// `bpf_tracing_func_proto`: what tracing program types add to the base
/// (`bpf_probe_write_user` needs `CAP_SYS_ADMIN` and no lockdown; `bpf_get_func_ip`, which
/// it also offers, is refused later except in kprobes and trampoline programs).
pub(crate) const TRACING_BASE: &[H] = &[H::ProbeRead, H::ProbeReadStr, H::ProbeWriteUser];

/// What `socket_filter` programs add to `BASE` and `SK_BASE`.
pub(crate) const SOCKET_FILTER_OWN: &[H] = &[
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::GetSocketCookie,
    H::GetSocketUid,
    H::SkbLoadBytesRelative,
    H::GetNetnsCookie,
];

/// What `kprobe` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const KPROBE_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::OverrideReturn,
    H::GetStack,
    H::GetFuncIp,
    H::GetAttachCookie,
];

/// What `sched_cls` programs add to `BASE` and `SK_BASE`.
pub(crate) const SCHED_CLS_OWN: &[H] = &[
    H::SkbStoreBytes,
    H::L3CsumReplace,
    H::L4CsumReplace,
    H::CloneRedirect,
    H::SkbVlanPush,
    H::SkbVlanPop,
    H::SkbGetTunnelKey,
    H::SkbSetTunnelKey,
    H::Redirect,
    H::GetRouteRealm,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::CsumDiff,
    H::SkbGetTunnelOpt,
    H::SkbSetTunnelOpt,
    H::SkbChangeProto,
    H::SkbChangeType,
    H::SkbUnderCgroup,
    H::GetHashRecalc,
    H::SkbChangeTail,
    H::SkbPullData,
    H::CsumUpdate,
    H::SetHashInvalid,
    H::SkbChangeHead,
    H::GetSocketCookie,
    H::GetSocketUid,
    H::SetHash,
    H::SkbAdjustRoom,
    H::SkbGetXfrmState,
    H::SkbLoadBytesRelative,
    H::FibLookup,
    H::SkbCgroupId,
    H::SkbAncestorCgroupId,
    H::SkLookupTcp,
    H::SkLookupUdp,
    H::SkRelease,
    H::SkFullsock,
    H::TcpSock,
    H::SkbEcnSetCe,
    H::GetListenerSock,
    H::SkcLookupTcp,
    H::TcpCheckSyncookie,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::TcpGenSyncookie,
    H::GetNetnsCookie,
    H::SkAssign,
    H::CsumLevel,
    H::SkbCgroupClassid,
    H::RedirectNeigh,
    H::RedirectPeer,
    H::CheckMtu,
    H::SkbSetTstamp,
    H::TcpRawGenSyncookieIpv4,
    H::TcpRawGenSyncookieIpv6,
    H::TcpRawCheckSyncookieIpv4,
    H::TcpRawCheckSyncookieIpv6,
];

/// What `sched_act` programs add to `BASE` and `SK_BASE`.
pub(crate) const SCHED_ACT_OWN: &[H] = &[
    H::SkbStoreBytes,
    H::L3CsumReplace,
    H::L4CsumReplace,
    H::CloneRedirect,
    H::SkbVlanPush,
    H::SkbVlanPop,
    H::SkbGetTunnelKey,
    H::SkbSetTunnelKey,
    H::Redirect,
    H::GetRouteRealm,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::CsumDiff,
    H::SkbGetTunnelOpt,
    H::SkbSetTunnelOpt,
    H::SkbChangeProto,
    H::SkbChangeType,
    H::SkbUnderCgroup,
    H::GetHashRecalc,
    H::SkbChangeTail,
    H::SkbPullData,
    H::CsumUpdate,
    H::SetHashInvalid,
    H::SkbChangeHead,
    H::GetSocketCookie,
    H::GetSocketUid,
    H::SetHash,
    H::SkbAdjustRoom,
    H::SkbGetXfrmState,
    H::SkbLoadBytesRelative,
    H::FibLookup,
    H::SkbCgroupId,
    H::SkbAncestorCgroupId,
    H::SkLookupTcp,
    H::SkLookupUdp,
    H::SkRelease,
    H::SkFullsock,
    H::TcpSock,
    H::SkbEcnSetCe,
    H::GetListenerSock,
    H::SkcLookupTcp,
    H::TcpCheckSyncookie,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::TcpGenSyncookie,
    H::GetNetnsCookie,
    H::SkAssign,
    H::CsumLevel,
    H::SkbCgroupClassid,
    H::RedirectNeigh,
    H::RedirectPeer,
    H::CheckMtu,
    H::SkbSetTstamp,
    H::TcpRawGenSyncookieIpv4,
    H::TcpRawGenSyncookieIpv6,
    H::TcpRawCheckSyncookieIpv4,
    H::TcpRawCheckSyncookieIpv6,
];

/// What `tracepoint` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const TRACEPOINT_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::GetStack,
    H::GetAttachCookie,
];

/// What `xdp` programs add to `BASE` and `SK_BASE`.
pub(crate) const XDP_OWN: &[H] = &[
    H::Redirect,
    H::PerfEventOutput,
    H::CsumDiff,
    H::XdpAdjustHead,
    H::RedirectMap,
    H::XdpAdjustMeta,
    H::XdpAdjustTail,
    H::FibLookup,
    H::SkLookupTcp,
    H::SkLookupUdp,
    H::SkRelease,
    H::SkcLookupTcp,
    H::TcpCheckSyncookie,
    H::TcpGenSyncookie,
    H::CheckMtu,
    H::XdpGetBuffLen,
    H::XdpLoadBytes,
    H::XdpStoreBytes,
    H::TcpRawGenSyncookieIpv4,
    H::TcpRawGenSyncookieIpv6,
    H::TcpRawCheckSyncookieIpv4,
    H::TcpRawCheckSyncookieIpv6,
];

/// What `perf_event` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const PERF_EVENT_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::PerfProgReadValue,
    H::GetStack,
    H::ReadBranchRecords,
    H::GetAttachCookie,
];

/// What `cgroup_skb` programs add to `BASE` and `SK_BASE`.
pub(crate) const CGROUP_SKB_OWN: &[H] = &[
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::GetSocketCookie,
    H::GetSocketUid,
    H::SkbLoadBytesRelative,
    H::SkbCgroupId,
    H::GetLocalStorage,
    H::SkbAncestorCgroupId,
    H::SkLookupTcp,
    H::SkLookupUdp,
    H::SkRelease,
    H::SkFullsock,
    H::TcpSock,
    H::SkbEcnSetCe,
    H::GetListenerSock,
    H::SkcLookupTcp,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::GetNetnsCookie,
    H::SkCgroupId,
    H::SkAncestorCgroupId,
];

/// What `cgroup_sock` programs add to `BASE`.
pub(crate) const CGROUP_SOCK_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetSocketCookie,
    H::GetLocalStorage,
    H::SkStorageGet,
    H::GetNetnsCookie,
    H::KtimeGetCoarseNs,
    H::GetRetval,
    H::SetRetval,
];

/// What `lwt_in` programs add to `BASE` and `SK_BASE`.
pub(crate) const LWT_IN_OWN: &[H] = &[
    H::GetRouteRealm,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::CsumDiff,
    H::SkbUnderCgroup,
    H::GetHashRecalc,
    H::SkbPullData,
    H::LwtPushEncap,
];

/// What `lwt_out` programs add to `BASE` and `SK_BASE`.
pub(crate) const LWT_OUT_OWN: &[H] = &[
    H::GetRouteRealm,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::CsumDiff,
    H::SkbUnderCgroup,
    H::GetHashRecalc,
    H::SkbPullData,
];

/// What `lwt_xmit` programs add to `BASE` and `SK_BASE`.
pub(crate) const LWT_XMIT_OWN: &[H] = &[
    H::SkbStoreBytes,
    H::L3CsumReplace,
    H::L4CsumReplace,
    H::CloneRedirect,
    H::SkbGetTunnelKey,
    H::SkbSetTunnelKey,
    H::Redirect,
    H::GetRouteRealm,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::CsumDiff,
    H::SkbGetTunnelOpt,
    H::SkbSetTunnelOpt,
    H::SkbUnderCgroup,
    H::GetHashRecalc,
    H::SkbChangeTail,
    H::SkbPullData,
    H::CsumUpdate,
    H::SetHashInvalid,
    H::SkbChangeHead,
    H::LwtPushEncap,
    H::CsumLevel,
];

/// What `sock_ops` programs add to `BASE` and `SK_BASE`.
pub(crate) const SOCK_OPS_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetSocketCookie,
    H::Setsockopt,
    H::SockMapUpdate,
    H::Getsockopt,
    H::SockOpsCbFlagsSet,
    H::SockHashUpdate,
    H::GetLocalStorage,
    H::TcpSock,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::GetNetnsCookie,
    H::LoadHdrOpt,
    H::StoreHdrOpt,
    H::ReserveHdrOpt,
];

/// What `sk_skb` programs add to `BASE` and `SK_BASE`.
pub(crate) const SK_SKB_OWN: &[H] = &[
    H::SkbStoreBytes,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::SkbChangeTail,
    H::SkbPullData,
    H::SkbChangeHead,
    H::GetSocketCookie,
    H::GetSocketUid,
    H::SkbAdjustRoom,
    H::SkRedirectMap,
    H::SkRedirectHash,
    H::SkLookupTcp,
    H::SkLookupUdp,
    H::SkRelease,
    H::SkcLookupTcp,
];

/// What `cgroup_device` programs add to `BASE`.
pub(crate) const CGROUP_DEVICE_OWN: &[H] = &[H::PerfEventOutput, H::GetLocalStorage];

/// What `sk_msg` programs add to `BASE` and `SK_BASE`.
pub(crate) const SK_MSG_OWN: &[H] = &[
    H::PerfEventOutput,
    H::MsgRedirectMap,
    H::MsgApplyBytes,
    H::MsgCorkBytes,
    H::MsgPullData,
    H::MsgRedirectHash,
    H::MsgPushData,
    H::MsgPopData,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::GetNetnsCookie,
];

/// What `raw_tracepoint` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const RAW_TRACEPOINT_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::GetStack,
    H::GetAttachCookie,
];

/// What `cgroup_sock_addr` programs add to `BASE` and `SK_BASE`.
pub(crate) const CGROUP_SOCK_ADDR_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetSocketCookie,
    H::Setsockopt,
    H::Getsockopt,
    H::Bind,
    H::GetLocalStorage,
    H::SkLookupTcp,
    H::SkLookupUdp,
    H::SkRelease,
    H::SkcLookupTcp,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::GetNetnsCookie,
    H::GetRetval,
    H::SetRetval,
];

/// What `lwt_seg6local` programs add to `BASE` and `SK_BASE`.
pub(crate) const LWT_SEG6LOCAL_OWN: &[H] = &[
    H::GetRouteRealm,
    H::PerfEventOutput,
    H::SkbLoadBytes,
    H::CsumDiff,
    H::SkbUnderCgroup,
    H::GetHashRecalc,
    H::SkbPullData,
    H::LwtSeg6StoreBytes,
    H::LwtSeg6AdjustSrh,
    H::LwtSeg6Action,
];

/// What `lirc_mode2` programs add to nothing (they get no shared set).
pub(crate) const LIRC_MODE2_OWN: &[H] = &[
    H::MapLookupElem,
    H::MapUpdateElem,
    H::MapDeleteElem,
    H::KtimeGetNs,
    H::TracePrintk,
    H::GetPrandomU32,
    H::TailCall,
    H::RcRepeat,
    H::RcKeydown,
    H::MapPushElem,
    H::MapPopElem,
    H::MapPeekElem,
    H::RcPointerRel,
    H::KtimeGetBootNs,
];

/// What `sk_reuseport` programs add to `BASE`.
pub(crate) const SK_REUSEPORT_OWN: &[H] = &[
    H::SkbLoadBytes,
    H::GetSocketCookie,
    H::SkbLoadBytesRelative,
    H::SkSelectReuseport,
    H::KtimeGetCoarseNs,
];

/// What `flow_dissector` programs add to `BASE` and `SK_BASE`.
pub(crate) const FLOW_DISSECTOR_OWN: &[H] = &[H::SkbLoadBytes];

/// What `cgroup_sysctl` programs add to `BASE`.
pub(crate) const CGROUP_SYSCTL_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetLocalStorage,
    H::SysctlGetName,
    H::SysctlGetCurrentValue,
    H::SysctlGetNewValue,
    H::SysctlSetNewValue,
    H::KtimeGetCoarseNs,
];

/// What `raw_tracepoint_writable` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const RAW_TRACEPOINT_WRITABLE_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::GetStack,
    H::GetAttachCookie,
];

/// What `cgroup_sockopt` programs add to `BASE`.
pub(crate) const CGROUP_SOCKOPT_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetLocalStorage,
    H::TcpSock,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::GetNetnsCookie,
    H::GetRetval,
    H::SetRetval,
];

/// What `tracing` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const TRACING_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::GetSocketCookie,
    H::GetStack,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::SkbOutput,
    H::XdpOutput,
    H::SkcToTcp6Sock,
    H::SkcToTcpSock,
    H::SkcToTcpTimewaitSock,
    H::SkcToTcpRequestSock,
    H::SkcToUdp6Sock,
    H::DPath,
    H::SockFromFile,
    H::GetFuncIp,
    H::GetAttachCookie,
    H::SkcToUnixSock,
    H::GetFuncArg,
    H::GetFuncRet,
    H::GetFuncArgCnt,
    H::XdpGetBuffLen,
    H::SkcToMptcpSock,
];

/// What `lsm` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const LSM_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::GetSocketCookie,
    H::GetStack,
    H::SkStorageGet,
    H::SkStorageDelete,
    H::SkbOutput,
    H::XdpOutput,
    H::SkcToTcp6Sock,
    H::SkcToTcpSock,
    H::SkcToTcpTimewaitSock,
    H::SkcToTcpRequestSock,
    H::SkcToUdp6Sock,
    H::InodeStorageGet,
    H::InodeStorageDelete,
    H::DPath,
    H::BprmOptsSet,
    H::ImaInodeHash,
    H::SockFromFile,
    H::GetAttachCookie,
    H::SkcToUnixSock,
    H::GetFuncArg,
    H::GetFuncRet,
    H::GetFuncArgCnt,
    H::XdpGetBuffLen,
    H::ImaFileHash,
    H::SkcToMptcpSock,
];

/// What `sk_lookup` programs add to `BASE` and `SK_BASE`.
pub(crate) const SK_LOOKUP_OWN: &[H] = &[H::PerfEventOutput, H::SkRelease, H::SkAssign];

/// What `syscall` programs add to `BASE` and `TRACING_BASE`.
pub(crate) const SYSCALL_OWN: &[H] = &[
    H::PerfEventOutput,
    H::GetStackid,
    H::GetSocketCookie,
    H::GetStack,
    H::SkbOutput,
    H::XdpOutput,
    H::SkcToTcp6Sock,
    H::SkcToTcpSock,
    H::SkcToTcpTimewaitSock,
    H::SkcToTcpRequestSock,
    H::SkcToUdp6Sock,
    H::SockFromFile,
    H::SysBpf,
    H::BtfFindByNameKind,
    H::SysClose,
    H::SkcToUnixSock,
    H::KallsymsLookupName,
    H::XdpGetBuffLen,
    H::SkcToMptcpSock,
];

/// What `netfilter` programs add to `BASE`.
pub(crate) const NETFILTER_OWN: &[H] = &[];

/// Each encoded program type with the shared sets it gets and its own list, in the order of
/// the kernel's values.
pub(crate) const PROG_TYPE_HELPERS: &[ProgTypeHelpers] = &[
    ProgTypeHelpers {
        prog_type: ProgType::SocketFilter,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SOCKET_FILTER_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Kprobe,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: KPROBE_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SchedCls,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SCHED_CLS_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SchedAct,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SCHED_ACT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Tracepoint,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: TRACEPOINT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Xdp,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: XDP_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::PerfEvent,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: PERF_EVENT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::CgroupSkb,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: CGROUP_SKB_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::CgroupSock,
        base: true,
        sk_base: false,
        tracing_base: false,
        own: CGROUP_SOCK_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::LwtIn,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: LWT_IN_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::LwtOut,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: LWT_OUT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::LwtXmit,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: LWT_XMIT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SockOps,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SOCK_OPS_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SkSkb,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SK_SKB_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::CgroupDevice,
        base: true,
        sk_base: false,
        tracing_base: false,
        own: CGROUP_DEVICE_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SkMsg,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SK_MSG_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::RawTracepoint,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: RAW_TRACEPOINT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::CgroupSockAddr,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: CGROUP_SOCK_ADDR_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::LwtSeg6local,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: LWT_SEG6LOCAL_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::LircMode2,
        base: false,
        sk_base: false,
        tracing_base: false,
        own: LIRC_MODE2_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SkReuseport,
        base: true,
        sk_base: false,
        tracing_base: false,
        own: SK_REUSEPORT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::FlowDissector,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: FLOW_DISSECTOR_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::CgroupSysctl,
        base: true,
        sk_base: false,
        tracing_base: false,
        own: CGROUP_SYSCTL_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::RawTracepointWritable,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: RAW_TRACEPOINT_WRITABLE_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::CgroupSockopt,
        base: true,
        sk_base: false,
        tracing_base: false,
        own: CGROUP_SOCKOPT_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Tracing,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: TRACING_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Lsm,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: LSM_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::SkLookup,
        base: true,
        sk_base: true,
        tracing_base: false,
        own: SK_LOOKUP_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Syscall,
        base: true,
        sk_base: false,
        tracing_base: true,
        own: SYSCALL_OWN,
    },
    ProgTypeHelpers {
        prog_type: ProgType::Netfilter,
        base: true,
        sk_base: false,
        tracing_base: false,
        own: NETFILTER_OWN,
    },
];
