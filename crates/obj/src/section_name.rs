//! Program types from section names, as libbpf decides them.
//!
//! The table follows libbpf's `section_defs[]` (`tools/lib/bpf/libbpf.c`, libbpf 1.x) and its
//! matching rules:
//! - a name ending in `+` matches the name exactly or followed by `/` and anything
//!   (`kprobe+` matches `kprobe` and `kprobe/do_unlinkat`);
//! - a name ending in `/` matches any section starting with it;
//! - any other name must match exactly;
//! - the first matching entry wins.
//!
//! libbpf 0.x also accepted plain prefixes (`socket1`, `xdp_prog`, `classifier_ingress`,
//! `kprobe__sys_open`); when no entry matches by the 1.x rules, the longest entry name that is a
//! prefix of the section decides, so those older objects load too.

use sluice_abi::prog_type::{AttachType, ProgType};

/// What a section name says about its programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionDef {
    /// The table entry that matched (`xdp`, `kprobe+`, ...).
    pub pattern: &'static str,
    pub prog_type: ProgType,
    /// The expected attach type, when the entry names one.
    pub attach_type: Option<AttachType>,
    /// Sleepable programs (`.s` sections).
    pub sleepable: bool,
    /// XDP programs that handle fragments (`xdp.frags`).
    pub xdp_frags: bool,
}

const SLEEPABLE: u8 = 1;
const FRAGS: u8 = 2;

use AttachType as A;
use ProgType as P;

#[rustfmt::skip]
const SECTION_DEFS: &[(&str, ProgType, Option<AttachType>, u8)] = &[
    ("socket", P::SocketFilter, None, 0),
    ("sk_reuseport/migrate", P::SkReuseport, Some(A::SkReuseportSelectOrMigrate), 0),
    ("sk_reuseport", P::SkReuseport, Some(A::SkReuseportSelect), 0),
    ("kprobe+", P::Kprobe, None, 0),
    ("uprobe+", P::Kprobe, None, 0),
    ("uprobe.s+", P::Kprobe, None, SLEEPABLE),
    ("kretprobe+", P::Kprobe, None, 0),
    ("uretprobe+", P::Kprobe, None, 0),
    ("uretprobe.s+", P::Kprobe, None, SLEEPABLE),
    ("kprobe.multi+", P::Kprobe, Some(A::TraceKprobeMulti), 0),
    ("kretprobe.multi+", P::Kprobe, Some(A::TraceKprobeMulti), 0),
    ("kprobe.session+", P::Kprobe, Some(A::TraceKprobeSession), 0),
    ("uprobe.multi+", P::Kprobe, Some(A::TraceUprobeMulti), 0),
    ("uretprobe.multi+", P::Kprobe, Some(A::TraceUprobeMulti), 0),
    ("uprobe.session+", P::Kprobe, Some(A::TraceUprobeSession), 0),
    ("uprobe.multi.s+", P::Kprobe, Some(A::TraceUprobeMulti), SLEEPABLE),
    ("uretprobe.multi.s+", P::Kprobe, Some(A::TraceUprobeMulti), SLEEPABLE),
    ("uprobe.session.s+", P::Kprobe, Some(A::TraceUprobeSession), SLEEPABLE),
    ("ksyscall+", P::Kprobe, None, 0),
    ("kretsyscall+", P::Kprobe, None, 0),
    ("usdt+", P::Kprobe, None, 0),
    ("usdt.s+", P::Kprobe, None, SLEEPABLE),
    ("tc/ingress", P::SchedCls, Some(A::TcxIngress), 0),
    ("tc/egress", P::SchedCls, Some(A::TcxEgress), 0),
    ("tcx/ingress", P::SchedCls, Some(A::TcxIngress), 0),
    ("tcx/egress", P::SchedCls, Some(A::TcxEgress), 0),
    ("tc", P::SchedCls, None, 0),
    ("classifier", P::SchedCls, None, 0),
    ("action", P::SchedAct, None, 0),
    ("netkit/primary", P::SchedCls, Some(A::NetkitPrimary), 0),
    ("netkit/peer", P::SchedCls, Some(A::NetkitPeer), 0),
    ("tracepoint+", P::Tracepoint, None, 0),
    ("tp+", P::Tracepoint, None, 0),
    ("tracepoint.s+", P::Tracepoint, None, SLEEPABLE),
    ("tp.s+", P::Tracepoint, None, SLEEPABLE),
    ("raw_tracepoint+", P::RawTracepoint, None, 0),
    ("raw_tp+", P::RawTracepoint, None, 0),
    ("raw_tracepoint.s+", P::RawTracepoint, None, SLEEPABLE),
    ("raw_tp.s+", P::RawTracepoint, None, SLEEPABLE),
    ("raw_tracepoint.w+", P::RawTracepointWritable, None, 0),
    ("raw_tp.w+", P::RawTracepointWritable, None, 0),
    ("tp_btf+", P::Tracing, Some(A::TraceRawTp), 0),
    ("tp_btf.s+", P::Tracing, Some(A::TraceRawTp), SLEEPABLE),
    ("fentry+", P::Tracing, Some(A::TraceFentry), 0),
    ("fmod_ret+", P::Tracing, Some(A::ModifyReturn), 0),
    ("fexit+", P::Tracing, Some(A::TraceFexit), 0),
    ("fentry.s+", P::Tracing, Some(A::TraceFentry), SLEEPABLE),
    ("fmod_ret.s+", P::Tracing, Some(A::ModifyReturn), SLEEPABLE),
    ("fexit.s+", P::Tracing, Some(A::TraceFexit), SLEEPABLE),
    ("freplace+", P::Ext, None, 0),
    ("lsm+", P::Lsm, Some(A::LsmMac), 0),
    ("lsm.s+", P::Lsm, Some(A::LsmMac), SLEEPABLE),
    ("lsm_cgroup+", P::Lsm, Some(A::LsmCgroup), 0),
    ("iter+", P::Tracing, Some(A::TraceIter), 0),
    ("iter.s+", P::Tracing, Some(A::TraceIter), SLEEPABLE),
    ("syscall", P::Syscall, None, SLEEPABLE),
    ("xdp.frags/devmap", P::Xdp, Some(A::XdpDevmap), FRAGS),
    ("xdp/devmap", P::Xdp, Some(A::XdpDevmap), 0),
    ("xdp.frags/cpumap", P::Xdp, Some(A::XdpCpumap), FRAGS),
    ("xdp/cpumap", P::Xdp, Some(A::XdpCpumap), 0),
    ("xdp.frags", P::Xdp, Some(A::Xdp), FRAGS),
    ("xdp", P::Xdp, Some(A::Xdp), 0),
    ("perf_event", P::PerfEvent, None, 0),
    ("lwt_in", P::LwtIn, None, 0),
    ("lwt_out", P::LwtOut, None, 0),
    ("lwt_xmit", P::LwtXmit, None, 0),
    ("lwt_seg6local", P::LwtSeg6local, None, 0),
    ("sockops", P::SockOps, Some(A::CgroupSockOps), 0),
    ("sk_skb/stream_parser", P::SkSkb, Some(A::SkSkbStreamParser), 0),
    ("sk_skb/stream_verdict", P::SkSkb, Some(A::SkSkbStreamVerdict), 0),
    ("sk_skb/verdict", P::SkSkb, Some(A::SkSkbVerdict), 0),
    ("sk_skb", P::SkSkb, None, 0),
    ("sk_msg", P::SkMsg, Some(A::SkMsgVerdict), 0),
    ("lirc_mode2", P::LircMode2, Some(A::LircMode2), 0),
    ("flow_dissector", P::FlowDissector, Some(A::FlowDissector), 0),
    ("cgroup_skb/ingress", P::CgroupSkb, Some(A::CgroupInetIngress), 0),
    ("cgroup_skb/egress", P::CgroupSkb, Some(A::CgroupInetEgress), 0),
    ("cgroup/skb", P::CgroupSkb, None, 0),
    ("cgroup/sock_create", P::CgroupSock, Some(A::CgroupInetSockCreate), 0),
    ("cgroup/sock_release", P::CgroupSock, Some(A::CgroupInetSockRelease), 0),
    ("cgroup/sock", P::CgroupSock, Some(A::CgroupInetSockCreate), 0),
    ("cgroup/post_bind4", P::CgroupSock, Some(A::CgroupInet4PostBind), 0),
    ("cgroup/post_bind6", P::CgroupSock, Some(A::CgroupInet6PostBind), 0),
    ("cgroup/bind4", P::CgroupSockAddr, Some(A::CgroupInet4Bind), 0),
    ("cgroup/bind6", P::CgroupSockAddr, Some(A::CgroupInet6Bind), 0),
    ("cgroup/connect4", P::CgroupSockAddr, Some(A::CgroupInet4Connect), 0),
    ("cgroup/connect6", P::CgroupSockAddr, Some(A::CgroupInet6Connect), 0),
    ("cgroup/connect_unix", P::CgroupSockAddr, Some(A::CgroupUnixConnect), 0),
    ("cgroup/sendmsg4", P::CgroupSockAddr, Some(A::CgroupUdp4Sendmsg), 0),
    ("cgroup/sendmsg6", P::CgroupSockAddr, Some(A::CgroupUdp6Sendmsg), 0),
    ("cgroup/sendmsg_unix", P::CgroupSockAddr, Some(A::CgroupUnixSendmsg), 0),
    ("cgroup/recvmsg4", P::CgroupSockAddr, Some(A::CgroupUdp4Recvmsg), 0),
    ("cgroup/recvmsg6", P::CgroupSockAddr, Some(A::CgroupUdp6Recvmsg), 0),
    ("cgroup/recvmsg_unix", P::CgroupSockAddr, Some(A::CgroupUnixRecvmsg), 0),
    ("cgroup/getpeername4", P::CgroupSockAddr, Some(A::CgroupInet4Getpeername), 0),
    ("cgroup/getpeername6", P::CgroupSockAddr, Some(A::CgroupInet6Getpeername), 0),
    ("cgroup/getpeername_unix", P::CgroupSockAddr, Some(A::CgroupUnixGetpeername), 0),
    ("cgroup/getsockname4", P::CgroupSockAddr, Some(A::CgroupInet4Getsockname), 0),
    ("cgroup/getsockname6", P::CgroupSockAddr, Some(A::CgroupInet6Getsockname), 0),
    ("cgroup/getsockname_unix", P::CgroupSockAddr, Some(A::CgroupUnixGetsockname), 0),
    ("cgroup/sysctl", P::CgroupSysctl, Some(A::CgroupSysctl), 0),
    ("cgroup/getsockopt", P::CgroupSockopt, Some(A::CgroupGetsockopt), 0),
    ("cgroup/setsockopt", P::CgroupSockopt, Some(A::CgroupSetsockopt), 0),
    ("cgroup/dev", P::CgroupDevice, Some(A::CgroupDevice), 0),
    ("struct_ops+", P::StructOps, None, 0),
    ("struct_ops.s+", P::StructOps, None, SLEEPABLE),
    ("sk_lookup", P::SkLookup, Some(A::SkLookup), 0),
    ("netfilter", P::Netfilter, Some(A::Netfilter), 0),
];

fn matches(pattern: &str, section: &str) -> bool {
    if pattern.ends_with('/') {
        return section.starts_with(pattern);
    }
    if let Some(base) = pattern.strip_suffix('+') {
        return section
            .strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    }
    pattern == section
}

fn def(entry: &(&'static str, ProgType, Option<AttachType>, u8)) -> SectionDef {
    let (pattern, prog_type, attach_type, flags) = *entry;
    SectionDef {
        pattern,
        prog_type,
        attach_type,
        sleepable: flags & SLEEPABLE != 0,
        xdp_frags: flags & FRAGS != 0,
    }
}

/// What libbpf makes of a program section's name; `None` for names it does not know (the
/// caller then needs an explicit program type, as for iproute2's `from-netdev` sections).
pub fn section_def(section: &str) -> Option<SectionDef> {
    if let Some(entry) = SECTION_DEFS.iter().find(|entry| matches(entry.0, section)) {
        return Some(def(entry));
    }
    // libbpf 0.x: the longest entry name that is a plain prefix of the section.
    SECTION_DEFS
        .iter()
        .filter(|entry| {
            let base = entry.0.trim_end_matches(['+', '/']);
            section.starts_with(base)
        })
        .max_by_key(|entry| entry.0.trim_end_matches(['+', '/']).len())
        .map(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prog_type(section: &str) -> Option<ProgType> {
        section_def(section).map(|def| def.prog_type)
    }

    #[test]
    fn libbpf_names() {
        assert_eq!(prog_type("xdp"), Some(P::Xdp));
        assert_eq!(prog_type("xdp.frags"), Some(P::Xdp));
        assert_eq!(prog_type("tc"), Some(P::SchedCls));
        assert_eq!(prog_type("classifier"), Some(P::SchedCls));
        assert_eq!(prog_type("socket"), Some(P::SocketFilter));
        assert_eq!(
            prog_type("tracepoint/syscalls/sys_enter_openat"),
            Some(P::Tracepoint)
        );
        assert_eq!(
            prog_type("tp/sched/sched_process_exec"),
            Some(P::Tracepoint)
        );
        assert_eq!(prog_type("raw_tp/sys_enter"), Some(P::RawTracepoint));
        assert_eq!(prog_type("raw_tracepoint/sys_exit"), Some(P::RawTracepoint));
        assert_eq!(prog_type("kprobe/do_unlinkat"), Some(P::Kprobe));
        assert_eq!(prog_type("kretprobe/do_unlinkat"), Some(P::Kprobe));
        assert_eq!(prog_type("uprobe//bin/bash:readline"), Some(P::Kprobe));
        assert_eq!(prog_type("ksyscall/clone"), Some(P::Kprobe));
        assert_eq!(prog_type("perf_event"), Some(P::PerfEvent));
        assert_eq!(prog_type("cgroup_skb/egress"), Some(P::CgroupSkb));
        assert_eq!(prog_type("syscall"), Some(P::Syscall));
        let frags = section_def("xdp.frags").unwrap();
        assert!(frags.xdp_frags && frags.attach_type == Some(A::Xdp));
        assert!(section_def("uprobe.s/lib:f").unwrap().sleepable);
    }

    #[test]
    fn libbpf_zero_prefixes() {
        assert_eq!(prog_type("socket1"), Some(P::SocketFilter));
        assert_eq!(prog_type("xdp_prog"), Some(P::Xdp));
        assert_eq!(prog_type("classifier_ingress"), Some(P::SchedCls));
        assert_eq!(prog_type("kprobe__sys_open"), Some(P::Kprobe));
        assert_eq!(prog_type("tracepoint__syscalls"), Some(P::Tracepoint));
    }

    #[test]
    fn unknown_names() {
        assert_eq!(prog_type("from-netdev"), None);
        assert_eq!(prog_type("2/1"), None);
        assert_eq!(prog_type(".text"), None);
    }
}
