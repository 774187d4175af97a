//! Program types (`enum bpf_prog_type`) and attach types (`enum bpf_attach_type`).
//!
//! Values and identifiers are those of Linux 6.18 (`include/uapi/linux/bpf.h`, and the same
//! enums in the running kernel's BTF at `/sys/kernel/btf/vmlinux`, which the tests compare
//! against). Short names are the ones libbpf's `libbpf_bpf_prog_type_str()` and
//! `libbpf_bpf_attach_type_str()` return and bpftool prints (`tools/lib/bpf/libbpf.c`,
//! `prog_type_name[]` and `attach_type_name[]`).

use crate::kernel_enum::kernel_enum;

kernel_enum! {
    /// The kind of a program: decides its context, its helpers and where it can be attached.
    pub enum ProgType: "program type", prefix "" {
        /// No type; the kernel refuses to load it.
        Unspec = 0, "BPF_PROG_TYPE_UNSPEC", "unspec";
        /// Socket filter (`SO_ATTACH_BPF`); context `__sk_buff`, data starts at the network header.
        SocketFilter = 1, "BPF_PROG_TYPE_SOCKET_FILTER", "socket_filter";
        /// Kprobe, uprobe and their multi variants; context `struct pt_regs`.
        Kprobe = 2, "BPF_PROG_TYPE_KPROBE", "kprobe";
        /// Traffic-control classifier (`tc`, `tcx`, `netkit`); context `__sk_buff`.
        SchedCls = 3, "BPF_PROG_TYPE_SCHED_CLS", "sched_cls";
        /// Traffic-control action; context `__sk_buff`.
        SchedAct = 4, "BPF_PROG_TYPE_SCHED_ACT", "sched_act";
        /// Perf tracepoint; context is the tracepoint's raw record.
        Tracepoint = 5, "BPF_PROG_TYPE_TRACEPOINT", "tracepoint";
        /// eXpress Data Path; context `struct xdp_md`.
        Xdp = 6, "BPF_PROG_TYPE_XDP", "xdp";
        /// Perf event sampling; context `struct bpf_perf_event_data`.
        PerfEvent = 7, "BPF_PROG_TYPE_PERF_EVENT", "perf_event";
        /// Cgroup ingress and egress packet filter; context `__sk_buff`.
        CgroupSkb = 8, "BPF_PROG_TYPE_CGROUP_SKB", "cgroup_skb";
        /// Cgroup socket creation, release and bind hooks; context `struct bpf_sock`.
        CgroupSock = 9, "BPF_PROG_TYPE_CGROUP_SOCK", "cgroup_sock";
        /// Lightweight tunnel input; context `__sk_buff`.
        LwtIn = 10, "BPF_PROG_TYPE_LWT_IN", "lwt_in";
        /// Lightweight tunnel output; context `__sk_buff`.
        LwtOut = 11, "BPF_PROG_TYPE_LWT_OUT", "lwt_out";
        /// Lightweight tunnel transmit; context `__sk_buff`.
        LwtXmit = 12, "BPF_PROG_TYPE_LWT_XMIT", "lwt_xmit";
        /// TCP socket operations callbacks; context `struct bpf_sock_ops`.
        SockOps = 13, "BPF_PROG_TYPE_SOCK_OPS", "sock_ops";
        /// Sockmap stream parser and verdict; context `__sk_buff`.
        SkSkb = 14, "BPF_PROG_TYPE_SK_SKB", "sk_skb";
        /// Cgroup device access control; context `struct bpf_cgroup_dev_ctx`.
        CgroupDevice = 15, "BPF_PROG_TYPE_CGROUP_DEVICE", "cgroup_device";
        /// Sockmap message verdict; context `struct sk_msg_md`.
        SkMsg = 16, "BPF_PROG_TYPE_SK_MSG", "sk_msg";
        /// Raw tracepoint; context `struct bpf_raw_tracepoint_args`.
        RawTracepoint = 17, "BPF_PROG_TYPE_RAW_TRACEPOINT", "raw_tracepoint";
        /// Cgroup socket address hooks (bind, connect, sendmsg, ...); context `struct bpf_sock_addr`.
        CgroupSockAddr = 18, "BPF_PROG_TYPE_CGROUP_SOCK_ADDR", "cgroup_sock_addr";
        /// Segment routing local behaviour; context `__sk_buff`.
        LwtSeg6local = 19, "BPF_PROG_TYPE_LWT_SEG6LOCAL", "lwt_seg6local";
        /// Infrared decoder; context a `u32` sample.
        LircMode2 = 20, "BPF_PROG_TYPE_LIRC_MODE2", "lirc_mode2";
        /// `SO_REUSEPORT` socket selection; context `struct sk_reuseport_md`.
        SkReuseport = 21, "BPF_PROG_TYPE_SK_REUSEPORT", "sk_reuseport";
        /// Flow dissector; context `__sk_buff` with `flow_keys`.
        FlowDissector = 22, "BPF_PROG_TYPE_FLOW_DISSECTOR", "flow_dissector";
        /// Cgroup sysctl access control; context `struct bpf_sysctl`.
        CgroupSysctl = 23, "BPF_PROG_TYPE_CGROUP_SYSCTL", "cgroup_sysctl";
        /// Raw tracepoint whose tracepoint buffer the program may write.
        RawTracepointWritable = 24, "BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE", "raw_tracepoint_writable";
        /// Cgroup `getsockopt`/`setsockopt` hooks; context `struct bpf_sockopt`.
        CgroupSockopt = 25, "BPF_PROG_TYPE_CGROUP_SOCKOPT", "cgroup_sockopt";
        /// BTF-typed tracing: fentry, fexit, fmod_ret, tp_btf and iterators.
        Tracing = 26, "BPF_PROG_TYPE_TRACING", "tracing";
        /// Implementation of a kernel `struct_ops` callback.
        StructOps = 27, "BPF_PROG_TYPE_STRUCT_OPS", "struct_ops";
        /// Extension (`freplace`) of a function of another BPF program.
        Ext = 28, "BPF_PROG_TYPE_EXT", "ext";
        /// Linux Security Module hook.
        Lsm = 29, "BPF_PROG_TYPE_LSM", "lsm";
        /// Socket lookup; context `struct bpf_sk_lookup`.
        SkLookup = 30, "BPF_PROG_TYPE_SK_LOOKUP", "sk_lookup";
        /// Sleepable program run with `BPF_PROG_RUN` that may itself call `bpf(2)`.
        Syscall = 31, "BPF_PROG_TYPE_SYSCALL", "syscall";
        /// Netfilter hook; context `struct bpf_nf_ctx`.
        Netfilter = 32, "BPF_PROG_TYPE_NETFILTER", "netfilter";
    }
}

impl ProgType {
    /// One past the largest value (`__MAX_BPF_PROG_TYPE`).
    pub const MAX_PLUS_ONE: u32 = 33;
}

kernel_enum! {
    /// Where a program is attached (`expected_attach_type` at load time, `attach_type` when
    /// attaching). Several program types behave differently per attach type.
    pub enum AttachType: "attach type", prefix "" {
        /// Cgroup ingress packets (`cgroup_skb`).
        CgroupInetIngress = 0, "BPF_CGROUP_INET_INGRESS", "cgroup_inet_ingress";
        /// Cgroup egress packets (`cgroup_skb`).
        CgroupInetEgress = 1, "BPF_CGROUP_INET_EGRESS", "cgroup_inet_egress";
        /// Socket creation (`cgroup_sock`).
        CgroupInetSockCreate = 2, "BPF_CGROUP_INET_SOCK_CREATE", "cgroup_inet_sock_create";
        /// TCP socket operations (`sock_ops`).
        CgroupSockOps = 3, "BPF_CGROUP_SOCK_OPS", "cgroup_sock_ops";
        /// Sockmap stream parser (`sk_skb`).
        SkSkbStreamParser = 4, "BPF_SK_SKB_STREAM_PARSER", "sk_skb_stream_parser";
        /// Sockmap stream verdict (`sk_skb`).
        SkSkbStreamVerdict = 5, "BPF_SK_SKB_STREAM_VERDICT", "sk_skb_stream_verdict";
        /// Device access (`cgroup_device`).
        CgroupDevice = 6, "BPF_CGROUP_DEVICE", "cgroup_device";
        /// Sockmap message verdict (`sk_msg`).
        SkMsgVerdict = 7, "BPF_SK_MSG_VERDICT", "sk_msg_verdict";
        /// IPv4 `bind` (`cgroup_sock_addr`).
        CgroupInet4Bind = 8, "BPF_CGROUP_INET4_BIND", "cgroup_inet4_bind";
        /// IPv6 `bind` (`cgroup_sock_addr`).
        CgroupInet6Bind = 9, "BPF_CGROUP_INET6_BIND", "cgroup_inet6_bind";
        /// IPv4 `connect` (`cgroup_sock_addr`).
        CgroupInet4Connect = 10, "BPF_CGROUP_INET4_CONNECT", "cgroup_inet4_connect";
        /// IPv6 `connect` (`cgroup_sock_addr`).
        CgroupInet6Connect = 11, "BPF_CGROUP_INET6_CONNECT", "cgroup_inet6_connect";
        /// After an IPv4 `bind` (`cgroup_sock`).
        CgroupInet4PostBind = 12, "BPF_CGROUP_INET4_POST_BIND", "cgroup_inet4_post_bind";
        /// After an IPv6 `bind` (`cgroup_sock`).
        CgroupInet6PostBind = 13, "BPF_CGROUP_INET6_POST_BIND", "cgroup_inet6_post_bind";
        /// UDP over IPv4 `sendmsg` (`cgroup_sock_addr`).
        CgroupUdp4Sendmsg = 14, "BPF_CGROUP_UDP4_SENDMSG", "cgroup_udp4_sendmsg";
        /// UDP over IPv6 `sendmsg` (`cgroup_sock_addr`).
        CgroupUdp6Sendmsg = 15, "BPF_CGROUP_UDP6_SENDMSG", "cgroup_udp6_sendmsg";
        /// Infrared decoder (`lirc_mode2`).
        LircMode2 = 16, "BPF_LIRC_MODE2", "lirc_mode2";
        /// Flow dissector (`flow_dissector`).
        FlowDissector = 17, "BPF_FLOW_DISSECTOR", "flow_dissector";
        /// Sysctl access (`cgroup_sysctl`).
        CgroupSysctl = 18, "BPF_CGROUP_SYSCTL", "cgroup_sysctl";
        /// UDP over IPv4 `recvmsg` (`cgroup_sock_addr`).
        CgroupUdp4Recvmsg = 19, "BPF_CGROUP_UDP4_RECVMSG", "cgroup_udp4_recvmsg";
        /// UDP over IPv6 `recvmsg` (`cgroup_sock_addr`).
        CgroupUdp6Recvmsg = 20, "BPF_CGROUP_UDP6_RECVMSG", "cgroup_udp6_recvmsg";
        /// `getsockopt` (`cgroup_sockopt`).
        CgroupGetsockopt = 21, "BPF_CGROUP_GETSOCKOPT", "cgroup_getsockopt";
        /// `setsockopt` (`cgroup_sockopt`).
        CgroupSetsockopt = 22, "BPF_CGROUP_SETSOCKOPT", "cgroup_setsockopt";
        /// BTF-typed raw tracepoint (`tracing`, `tp_btf`).
        TraceRawTp = 23, "BPF_TRACE_RAW_TP", "trace_raw_tp";
        /// Function entry (`tracing`, `fentry`).
        TraceFentry = 24, "BPF_TRACE_FENTRY", "trace_fentry";
        /// Function exit (`tracing`, `fexit`).
        TraceFexit = 25, "BPF_TRACE_FEXIT", "trace_fexit";
        /// Return value override (`tracing`, `fmod_ret`).
        ModifyReturn = 26, "BPF_MODIFY_RETURN", "modify_return";
        /// LSM hook (`lsm`).
        LsmMac = 27, "BPF_LSM_MAC", "lsm_mac";
        /// Iterator (`tracing`, `iter`).
        TraceIter = 28, "BPF_TRACE_ITER", "trace_iter";
        /// IPv4 `getpeername` (`cgroup_sock_addr`).
        CgroupInet4Getpeername = 29, "BPF_CGROUP_INET4_GETPEERNAME", "cgroup_inet4_getpeername";
        /// IPv6 `getpeername` (`cgroup_sock_addr`).
        CgroupInet6Getpeername = 30, "BPF_CGROUP_INET6_GETPEERNAME", "cgroup_inet6_getpeername";
        /// IPv4 `getsockname` (`cgroup_sock_addr`).
        CgroupInet4Getsockname = 31, "BPF_CGROUP_INET4_GETSOCKNAME", "cgroup_inet4_getsockname";
        /// IPv6 `getsockname` (`cgroup_sock_addr`).
        CgroupInet6Getsockname = 32, "BPF_CGROUP_INET6_GETSOCKNAME", "cgroup_inet6_getsockname";
        /// XDP program run by a devmap entry (`xdp`); may read `egress_ifindex`.
        XdpDevmap = 33, "BPF_XDP_DEVMAP", "xdp_devmap";
        /// Socket release (`cgroup_sock`).
        CgroupInetSockRelease = 34, "BPF_CGROUP_INET_SOCK_RELEASE", "cgroup_inet_sock_release";
        /// XDP program run by a cpumap entry (`xdp`).
        XdpCpumap = 35, "BPF_XDP_CPUMAP", "xdp_cpumap";
        /// Socket lookup (`sk_lookup`).
        SkLookup = 36, "BPF_SK_LOOKUP", "sk_lookup";
        /// XDP link attach (`xdp`).
        Xdp = 37, "BPF_XDP", "xdp";
        /// Sockmap verdict (`sk_skb`).
        SkSkbVerdict = 38, "BPF_SK_SKB_VERDICT", "sk_skb_verdict";
        /// Reuseport selection (`sk_reuseport`).
        SkReuseportSelect = 39, "BPF_SK_REUSEPORT_SELECT", "sk_reuseport_select";
        /// Reuseport selection or migration (`sk_reuseport`).
        SkReuseportSelectOrMigrate = 40, "BPF_SK_REUSEPORT_SELECT_OR_MIGRATE", "sk_reuseport_select_or_migrate";
        /// Perf event link (`kprobe`, `tracepoint`, `perf_event`).
        PerfEvent = 41, "BPF_PERF_EVENT", "perf_event";
        /// Multi-kprobe (`kprobe`, `kprobe.multi`).
        TraceKprobeMulti = 42, "BPF_TRACE_KPROBE_MULTI", "trace_kprobe_multi";
        /// LSM hook scoped to a cgroup (`lsm`).
        LsmCgroup = 43, "BPF_LSM_CGROUP", "lsm_cgroup";
        /// `struct_ops` map member (`struct_ops`).
        StructOps = 44, "BPF_STRUCT_OPS", "struct_ops";
        /// Netfilter hook (`netfilter`).
        Netfilter = 45, "BPF_NETFILTER", "netfilter";
        /// tcx ingress (`sched_cls`).
        TcxIngress = 46, "BPF_TCX_INGRESS", "tcx_ingress";
        /// tcx egress (`sched_cls`).
        TcxEgress = 47, "BPF_TCX_EGRESS", "tcx_egress";
        /// Multi-uprobe (`kprobe`, `uprobe.multi`).
        TraceUprobeMulti = 48, "BPF_TRACE_UPROBE_MULTI", "trace_uprobe_multi";
        /// Unix socket `connect` (`cgroup_sock_addr`).
        CgroupUnixConnect = 49, "BPF_CGROUP_UNIX_CONNECT", "cgroup_unix_connect";
        /// Unix socket `sendmsg` (`cgroup_sock_addr`).
        CgroupUnixSendmsg = 50, "BPF_CGROUP_UNIX_SENDMSG", "cgroup_unix_sendmsg";
        /// Unix socket `recvmsg` (`cgroup_sock_addr`).
        CgroupUnixRecvmsg = 51, "BPF_CGROUP_UNIX_RECVMSG", "cgroup_unix_recvmsg";
        /// Unix socket `getpeername` (`cgroup_sock_addr`).
        CgroupUnixGetpeername = 52, "BPF_CGROUP_UNIX_GETPEERNAME", "cgroup_unix_getpeername";
        /// Unix socket `getsockname` (`cgroup_sock_addr`).
        CgroupUnixGetsockname = 53, "BPF_CGROUP_UNIX_GETSOCKNAME", "cgroup_unix_getsockname";
        /// netkit primary device (`sched_cls`).
        NetkitPrimary = 54, "BPF_NETKIT_PRIMARY", "netkit_primary";
        /// netkit peer device (`sched_cls`).
        NetkitPeer = 55, "BPF_NETKIT_PEER", "netkit_peer";
        /// Multi-kprobe entry/exit session (`kprobe`).
        TraceKprobeSession = 56, "BPF_TRACE_KPROBE_SESSION", "trace_kprobe_session";
        /// Multi-uprobe entry/exit session (`kprobe`).
        TraceUprobeSession = 57, "BPF_TRACE_UPROBE_SESSION", "trace_uprobe_session";
    }
}

impl AttachType {
    /// One past the largest value (`__MAX_BPF_ATTACH_TYPE`).
    pub const MAX_PLUS_ONE: u32 = 58;
}
