//! Which program types may call which helper: the outcome of the kernel's per-type
//! `get_func_proto` functions in Linux 6.18.
//!
//! # How complete this is
//!
//! - Every program type is encoded except `unspec`, `struct_ops` (its helpers depend on the
//!   kernel structure implemented; `bpf_tcp_ca` adds `bpf_tcp_send_ack` and the socket option
//!   helpers to the base) and `ext` (an extension gets the helpers of the program it extends).
//!   For those, [`allowed`] answers `false` and [`helper_set`] `None`.
//! - The lists assume a privileged loader (`CAP_BPF`, `CAP_PERFMON` and `CAP_SYS_ADMIN`, as
//!   root has), a kernel without lockdown and a distribution configuration
//!   (`CONFIG_BPF_KPROBE_OVERRIDE` for `bpf_override_return`, IPv6, syncookies, cgroups, ...).
//!   [`base_privilege`] tells which capability a base helper needs.
//! - Where the kernel decides by attach type, [`allowed`] answers for a default attach type:
//!   `cgroup_sock_addr` as `cgroup_inet4_connect`, `cgroup_sockopt` as `cgroup_getsockopt`,
//!   `tracing` as `trace_fentry`, `lsm` as `lsm_mac`, `cgroup_sock` as
//!   `cgroup_inet_sock_create`, `cgroup_skb` as `cgroup_inet_ingress`. [`allowed_for_attach`]
//!   refines the answer for the other attach types the kernel treats differently.
//! - The answer is the verifier's final one where a later check refuses a helper that
//!   `get_func_proto` offered for every program of a type: `bpf_get_func_ip` outside kprobes and
//!   trampoline programs (`check_get_func_ip`), the tracing socket storage helpers and
//!   `bpf_d_path` in `syscall` programs (their `allowed()` callbacks).
//! - Not modelled: helpers an iterator's target adds (`bpf_iter_tcp`, `bpf_iter_unix` add the
//!   socket option helpers); `allowed()` callbacks that depend on the attach target's name or
//!   BTF id (`bpf_d_path` outside its allow list of functions, `bpf_ima_*_hash` on
//!   non-sleepable hooks, the tracing socket storage helpers on `bpf_sk_storage*` functions);
//!   `might_sleep` helpers (`bpf_copy_from_user`, ...), which every program type gets but the
//!   verifier refuses to non-sleepable programs (see
//!   [`crate::helper_proto::HelperProto::might_sleep`]).
//!
//! The lists themselves are in `helper_access_table.rs`, which says how they were checked
//! against the running kernel.

use crate::helper_access_table::{
    BASE_CAP_BPF, BASE_CAP_PERFMON, BASE_UNPRIVILEGED, PROG_TYPE_HELPERS, SK_BASE, TRACING_BASE,
};
use crate::helpers::{HelperId, MAX_HELPER_ID};
use crate::prog_type::{AttachType, ProgType};

/// The helpers one program type gets: the shared sets it falls back to and its own list.
#[derive(Debug)]
pub(crate) struct ProgTypeHelpers {
    /// The program type.
    pub(crate) prog_type: ProgType,
    /// Whether it gets the base set (`bpf_base_func_proto`).
    pub(crate) base: bool,
    /// Whether it gets the networking extras (`bpf_sk_base_func_proto`).
    pub(crate) sk_base: bool,
    /// Whether it gets the tracing extras (`bpf_tracing_func_proto`).
    pub(crate) tracing_base: bool,
    /// The helpers only this program type (or its family) adds.
    pub(crate) own: &'static [HelperId],
}

/// A set of helper ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HelperSet {
    bits: [u64; 4],
}

impl HelperSet {
    /// The empty set.
    pub const EMPTY: HelperSet = HelperSet { bits: [0; 4] };

    /// This set with `helper` added.
    pub const fn with(mut self, helper: HelperId) -> HelperSet {
        let id = helper as u32 as usize;
        self.bits[id / 64] |= 1 << (id % 64);
        self
    }

    /// This set with every helper of `helpers` added.
    pub const fn with_all(mut self, helpers: &[HelperId]) -> HelperSet {
        let mut index = 0;
        while index < helpers.len() {
            self = self.with(helpers[index]);
            index += 1;
        }
        self
    }

    /// Whether `helper` is in the set.
    pub const fn contains(&self, helper: HelperId) -> bool {
        let id = helper as u32 as usize;
        self.bits[id / 64] & (1 << (id % 64)) != 0
    }

    /// The number of helpers in the set.
    pub const fn len(&self) -> usize {
        (self.bits[0].count_ones()
            + self.bits[1].count_ones()
            + self.bits[2].count_ones()
            + self.bits[3].count_ones()) as usize
    }

    /// Whether the set is empty.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The helpers in the set, in id order.
    pub fn iter(&self) -> impl Iterator<Item = HelperId> + '_ {
        (1..=MAX_HELPER_ID)
            .filter_map(HelperId::from_u32)
            .filter(|helper| self.contains(*helper))
    }
}

/// Which capability a helper of the shared base set needs (the three tiers of
/// `bpf_base_func_proto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasePrivilege {
    /// Available to unprivileged loaders too.
    Unprivileged,
    /// Needs `CAP_BPF`.
    CapBpf,
    /// Needs `CAP_PERFMON`.
    CapPerfmon,
}

/// The set for each program type, indexed by the program type's value; empty for the types
/// that are not encoded.
static SETS: [Option<HelperSet>; ProgType::MAX_PLUS_ONE as usize] = build_sets();

const fn build_sets() -> [Option<HelperSet>; ProgType::MAX_PLUS_ONE as usize] {
    let mut sets = [None; ProgType::MAX_PLUS_ONE as usize];
    let mut index = 0;
    while index < PROG_TYPE_HELPERS.len() {
        let entry = &PROG_TYPE_HELPERS[index];
        let mut set = HelperSet::EMPTY.with_all(entry.own);
        if entry.base {
            set = set
                .with_all(BASE_UNPRIVILEGED)
                .with_all(BASE_CAP_BPF)
                .with_all(BASE_CAP_PERFMON);
        }
        if entry.sk_base {
            set = set.with_all(SK_BASE);
        }
        if entry.tracing_base {
            set = set.with_all(TRACING_BASE);
        }
        sets[entry.prog_type as u32 as usize] = Some(set);
        index += 1;
    }
    sets
}

/// The helpers a program of type `prog_type` may call (for its default attach type), or
/// `None` if this program type is not encoded (`unspec`, `struct_ops`, `ext`).
pub fn helper_set(prog_type: ProgType) -> Option<&'static HelperSet> {
    SETS[prog_type.as_u32() as usize].as_ref()
}

/// Whether a program of type `prog_type`, loaded for its default attach type, may call
/// `helper`. See the module documentation for the assumptions.
pub fn allowed(helper: HelperId, prog_type: ProgType) -> bool {
    helper_set(prog_type).is_some_and(|set| set.contains(helper))
}

/// Whether a program of type `prog_type` loaded with `expected_attach_type` `attach_type` may
/// call `helper`: [`allowed`], refined for the attach types the kernel treats differently.
pub fn allowed_for_attach(helper: HelperId, prog_type: ProgType, attach_type: AttachType) -> bool {
    use AttachType as A;
    use HelperId as H;
    match (prog_type, helper) {
        // `bpf_bind` only from connect hooks of IP sockets.
        (ProgType::CgroupSockAddr, H::Bind) => {
            matches!(attach_type, A::CgroupInet4Connect | A::CgroupInet6Connect)
        }
        // The return value of these hooks cannot be changed (`cgroup_common_func_proto`).
        (ProgType::CgroupSockAddr, H::GetRetval | H::SetRetval) => !matches!(
            attach_type,
            A::CgroupUdp4Recvmsg
                | A::CgroupUdp6Recvmsg
                | A::CgroupUnixRecvmsg
                | A::CgroupInet4Getpeername
                | A::CgroupInet6Getpeername
                | A::CgroupUnixGetpeername
                | A::CgroupInet4Getsockname
                | A::CgroupInet6Getsockname
                | A::CgroupUnixGetsockname
        ),
        // Socket options only from the setsockopt hook.
        (ProgType::CgroupSockopt, H::Setsockopt | H::Getsockopt) => {
            attach_type == A::CgroupSetsockopt
        }
        (ProgType::Tracing, _) => tracing_allowed(helper, attach_type),
        (ProgType::Lsm, _) => lsm_allowed(helper, attach_type),
        _ => allowed(helper, prog_type),
    }
}

/// `tracing_prog_func_proto`: the trampoline-only helpers (and `bpf_get_func_ip`, which
/// `check_get_func_ip` refuses otherwise) need fentry, fexit or fmod_ret, the `seq_file` helpers
/// need an iterator, and the tracing variant of the socket storage helpers refuses fmod_ret.
fn tracing_allowed(helper: HelperId, attach_type: AttachType) -> bool {
    use HelperId as H;
    let has_trampoline = matches!(
        attach_type,
        AttachType::TraceFentry | AttachType::TraceFexit | AttachType::ModifyReturn
    );
    match helper {
        H::SeqPrintf | H::SeqWrite | H::SeqPrintfBtf => attach_type == AttachType::TraceIter,
        H::GetFuncArg | H::GetFuncRet | H::GetFuncArgCnt | H::GetFuncIp => has_trampoline,
        H::SkStorageGet | H::SkStorageDelete => attach_type != AttachType::ModifyReturn,
        H::GetAttachCookie => has_trampoline || attach_type == AttachType::TraceRawTp,
        _ => allowed(helper, ProgType::Tracing),
    }
}

/// `bpf_lsm_func_proto`: cgroup-scoped LSM programs get the cgroup helpers and lose the
/// trampoline-only ones. (The kernel offers the socket option helpers only on the socket hooks
/// of its `bpf_lsm_*_sockopt_hooks` lists; this answers for those.)
fn lsm_allowed(helper: HelperId, attach_type: AttachType) -> bool {
    use HelperId as H;
    if attach_type != AttachType::LsmCgroup {
        return allowed(helper, ProgType::Lsm);
    }
    match helper {
        H::GetLocalStorage | H::GetRetval | H::SetRetval | H::Setsockopt | H::Getsockopt => true,
        H::GetFuncArg | H::GetFuncRet | H::GetFuncArgCnt | H::GetAttachCookie => false,
        _ => allowed(helper, ProgType::Lsm),
    }
}

/// Which capability `helper` needs when a program gets it from the shared base set, or `None`
/// if it is not a base helper. Program-type-specific helpers have their own rules, not
/// modelled here.
pub fn base_privilege(helper: HelperId) -> Option<BasePrivilege> {
    if BASE_UNPRIVILEGED.contains(&helper) {
        Some(BasePrivilege::Unprivileged)
    } else if BASE_CAP_BPF.contains(&helper) {
        Some(BasePrivilege::CapBpf)
    } else if BASE_CAP_PERFMON.contains(&helper) {
        Some(BasePrivilege::CapPerfmon)
    } else {
        None
    }
}
