//! The helper functions, with the kernel's ids and semantics (Linux 6.18), one file per family.
//! `call` dispatches by id; a helper Sluice does not provide traps as unknown.
//!
//! | file | helpers |
//! |---|---|
//! | `maps.rs` | map lookup, update, delete, push, pop, peek |
//! | `time.rs` | `ktime_get_ns`, `_boot_ns`, `_coarse_ns`, `_tai_ns`, `jiffies64` |
//! | `misc.rs` | `get_prandom_u32`, `get_smp_processor_id`, `get_numa_node_id` |
//! | `lock.rs` | `spin_lock`, `spin_unlock` |
//! | `task.rs` | `get_current_pid_tgid`, `_uid_gid`, `_comm`, `_task`, `_cgroup_id` |
//! | `print.rs`, `format.rs` | `trace_printk`, `trace_vprintk`, `snprintf` |
//! | `strings.rs` | `strncmp`, `strtol`, `strtoul` |
//! | `probe.rs` | `probe_read{,_str}`, `probe_read_kernel{,_str}`, `probe_read_user{,_str}` |
//! | `ringbuf.rs` | `ringbuf_output`, `_reserve`, `_submit`, `_discard`, `_query` |
//! | `perf.rs` | `perf_event_output` |
//! | `stack.rs` | `get_stackid`, `get_stack` |
//! | `override_return.rs` | `override_return` |
//! | `callbacks.rs` | `loop`, `for_each_map_elem` |
//! | `xdp.rs` | `xdp_adjust_head`, `_meta`, `_tail` |
//! | `skb.rs` | `skb_load_bytes{,_relative}`, `skb_store_bytes`, `skb_pull_data`, hashes |
//! | `csum.rs` | `csum_diff`, `l3_csum_replace`, `l4_csum_replace`, `csum_update` |
//! | `redirect.rs` | `redirect`, `redirect_map`, `redirect_neigh`, `redirect_peer` |
//!
//! `ctx.rs` reads and moves the context's packet pointers for the packet helpers.
//!
//! Conventions shared by every helper here:
//! - a program type may call only the helpers the kernel offers it
//!   ([`sluice_abi::helper_access::allowed`]); any other call traps, since the kernel's
//!   verifier would have refused the program;
//! - pointer arguments are read and written through [`CallEnv::memory`], so they get the same
//!   bounds checks as the program's own accesses; a bad pointer the verifier would have refused
//!   is a trap ([`HelperError::Failed`]), a bad pointer the kernel tolerates at run time (the
//!   `probe_read` family, the strings of the printf family) gives what the kernel gives;
//! - size arguments the verifier requires to be positive (`ARG_CONST_SIZE` in the helper's
//!   prototype) trap when they are 0;
//! - errors the kernel returns are negative errno values in `r0`.

mod callbacks;
mod csum;
mod ctx;
mod format;
mod lock;
mod maps;
mod misc;
mod override_return;
mod perf;
mod print;
mod probe;
mod redirect;
mod ringbuf;
mod skb;
mod stack;
mod strings;
mod task;
mod time;
mod xdp;

use sluice_abi::ArgKind;
use sluice_abi::helper_access::{HelperSet, allowed, helper_set};
use sluice_abi::helper_ids::HelperId;
use sluice_abi::helpers::MAX_HELPER_ID;
use sluice_interp::{CallEnv, HelperError};

use crate::invocation::Invocation;

/// What a helper call yields: `r0`, or why the run stops.
pub(crate) type HelperResult = Result<u64, HelperError>;

/// State that helpers keep across the calls of one run.
#[derive(Debug, Default)]
pub(crate) struct HelperState {
    /// The skb's hash is valid (the kernel's `sw_hash` or `l4_hash`): `bpf_get_hash_recalc`
    /// returns `__sk_buff.hash` as it is instead of computing it.
    pub(crate) skb_hash_valid: bool,
    /// The spin lock the run holds, if any (the verifier allows one at a time).
    pub(crate) held_lock: Option<u64>,
    /// The state of `bpf_get_prandom_u32`'s generator, once seeded.
    pub(crate) prandom: Option<[u32; 4]>,
}

/// A map operation's result as a helper returns it: 0 or `-errno`.
pub(crate) fn status(result: Result<(), sluice_maps::MapError>) -> u64 {
    result.map_or_else(sluice_maps::MapError::helper_return, |()| 0)
}

/// `-errno` as a helper's 64-bit return value.
pub(crate) fn errno(errno: i32) -> u64 {
    (-i64::from(errno)) as u64
}

/// A trap with this explanation.
pub(crate) fn fail(message: impl Into<String>) -> HelperError {
    HelperError::Failed(message.into())
}

/// Reads `len` bytes of program memory at `addr`; traps if they are not all accessible.
/// (The bounds are checked before the buffer is allocated, so a size the program chose cannot
/// make Sluice allocate more than the memory it points into.)
pub(crate) fn read(
    env: &mut CallEnv<'_, '_, '_>,
    addr: u64,
    len: usize,
) -> Result<Vec<u8>, HelperError> {
    // An empty argument may be NULL (`ARG_CONST_SIZE_OR_ZERO`).
    if len == 0 {
        return Ok(Vec::new());
    }
    env.memory()
        .check(addr, len, false)
        .map_err(|trap| fail(trap.to_string()))?;
    let mut bytes = vec![0; len];
    env.memory()
        .read(addr, &mut bytes)
        .map_err(|trap| fail(trap.to_string()))?;
    Ok(bytes)
}

/// Traps unless `len` bytes at `addr` are writable.
pub(crate) fn check_writable(
    env: &mut CallEnv<'_, '_, '_>,
    addr: u64,
    len: usize,
) -> Result<(), HelperError> {
    if len == 0 {
        return Ok(());
    }
    env.memory()
        .check(addr, len, true)
        .map_err(|trap| fail(trap.to_string()))
}

/// Writes program memory at `addr`; traps if it is not all writable.
pub(crate) fn write(
    env: &mut CallEnv<'_, '_, '_>,
    addr: u64,
    data: &[u8],
) -> Result<(), HelperError> {
    if data.is_empty() {
        return Ok(());
    }
    env.memory()
        .write(addr, data)
        .map_err(|trap| fail(trap.to_string()))
}

/// A NUL-terminated string read byte by byte from `addr`, for helpers that copy strings from
/// memory they may not trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CString {
    /// The bytes before the NUL (at most `max - 1` of them).
    Terminated(Vec<u8>),
    /// `max` bytes without a NUL among them.
    Truncated(Vec<u8>),
    /// A byte could not be read; the bytes read before it.
    Fault(Vec<u8>),
}

/// Reads a string of at most `max` bytes (NUL included) at `addr`.
pub(crate) fn read_cstr(env: &mut CallEnv<'_, '_, '_>, addr: u64, max: usize) -> CString {
    let mut bytes = Vec::new();
    for index in 0..max {
        let mut byte = [0u8; 1];
        if env
            .memory()
            .read(addr.wrapping_add(index as u64), &mut byte)
            .is_err()
        {
            return CString::Fault(bytes);
        }
        if byte[0] == 0 {
            return CString::Terminated(bytes);
        }
        bytes.push(byte[0]);
    }
    CString::Truncated(bytes)
}

/// Calls helper `id`.
pub(crate) fn call(
    run: &mut Invocation<'_>,
    id: i64,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let Some(helper) = u32::try_from(id).ok().and_then(HelperId::from_u32) else {
        return Err(HelperError::Unknown);
    };
    if matches!(
        helper,
        HelperId::SkbVlanPush
            | HelperId::SkbVlanPop
            | HelperId::SkbChangeProto
            | HelperId::SkbChangeTail
            | HelperId::SkbChangeHead
            | HelperId::SkbAdjustRoom
            | HelperId::XdpAdjustHead
            | HelperId::XdpAdjustMeta
            | HelperId::XdpAdjustTail
            | HelperId::LwtPushEncap
            | HelperId::LwtSeg6AdjustSrh
    ) {
        run.packet_resized = true;
    }
    if let Some(prog_type) = run.prog_type
        && helper_set(prog_type).is_some()
        && !allowed(helper, prog_type)
    {
        return Err(fail(format!(
            "{} programs may not call {} (the kernel's verifier refuses the program)",
            prog_type.name(),
            helper.full_name()
        )));
    }
    // A size argument that must be positive (`ARG_CONST_SIZE`) and is 0: the verifier refuses
    // the program ("invalid zero-sized read").
    let proto = match run.prog_type {
        Some(prog_type) => helper.proto_for(prog_type),
        None => helper.proto(),
    };
    if let Some(proto) = proto
        && let Some(index) = proto
            .args
            .iter()
            .zip(args)
            .position(|(arg, value)| arg.ty.kind == ArgKind::ConstSize && value == 0)
    {
        return Err(fail(format!(
            "{}: argument {} is a size that must not be 0 (the verifier refuses the program)",
            helper.full_name(),
            index + 1
        )));
    }
    match implementation(helper) {
        Some(function) => function(run, args, env),
        None => Err(HelperError::Unknown),
    }
}

/// A helper's implementation.
type HelperFn = fn(&mut Invocation<'_>, [u64; 5], &mut CallEnv<'_, '_, '_>) -> HelperResult;

/// The helpers Sluice implements: the verifier refuses calls of any other
/// ([`sluice_verifier::VerifyOptions::implemented_helpers`]).
pub fn implemented() -> HelperSet {
    (1..=MAX_HELPER_ID)
        .filter_map(HelperId::from_u32)
        .filter(|&helper| implementation(helper).is_some())
        // `bpf_tail_call` is the engines' own: it replaces the running program.
        .fold(HelperSet::EMPTY.with(HelperId::TailCall), HelperSet::with)
}

/// The implementation of `helper`, if Sluice has one.
#[allow(unused_variables)]
fn implementation(helper: HelperId) -> Option<HelperFn> {
    use HelperId as H;
    Some(match helper {
        H::MapLookupElem => |run, args, env| maps::lookup_elem(run, args, env),
        H::MapUpdateElem => |run, args, env| maps::update_elem(run, args, env),
        H::MapDeleteElem => |run, args, env| maps::delete_elem(run, args, env),
        H::MapPushElem => |run, args, env| maps::push_elem(run, args, env),
        H::MapPopElem => |run, args, env| maps::pop_elem(run, args, env),
        H::MapPeekElem => |run, args, env| maps::peek_elem(run, args, env),

        H::KtimeGetNs => |run, args, env| Ok(time::ktime_get_ns()),
        H::KtimeGetBootNs => |run, args, env| Ok(time::ktime_get_boot_ns()),
        H::KtimeGetCoarseNs => |run, args, env| Ok(time::ktime_get_coarse_ns()),
        H::KtimeGetTaiNs => |run, args, env| Ok(time::ktime_get_tai_ns()),
        H::Jiffies64 => |run, args, env| Ok(time::jiffies64()),

        H::GetPrandomU32 => |run, args, env| Ok(misc::get_prandom_u32(run)),
        H::GetSmpProcessorId => |run, args, env| Ok(u64::from(run.cpu)),
        H::GetNumaNodeId => |run, args, env| Ok(0),
        H::SpinLock => |run, args, env| lock::spin_lock(run, args, env),
        H::SpinUnlock => |run, args, env| lock::spin_unlock(run, args, env),

        H::GetCurrentPidTgid => |run, args, env| Ok(task::get_current_pid_tgid(run)),
        H::GetCurrentUidGid => |run, args, env| Ok(task::get_current_uid_gid(run)),
        H::GetCurrentComm => |run, args, env| task::get_current_comm(run, args, env),
        H::GetCurrentTask => |run, args, env| Ok(task::get_current_task()),
        H::GetCurrentCgroupId => |run, args, env| Ok(task::get_current_cgroup_id()),

        H::TracePrintk => |run, args, env| print::trace_printk(run, args, env),
        H::TraceVprintk => |run, args, env| print::trace_vprintk(run, args, env),
        H::Snprintf => |run, args, env| print::snprintf(args, env),
        H::Strncmp => |run, args, env| strings::strncmp(args, env),
        H::Strtol => |run, args, env| strings::strtol(args, env),
        H::Strtoul => |run, args, env| strings::strtoul(args, env),

        H::ProbeRead => |run, args, env| probe::probe_read(run, args, env, probe::Space::Either),
        H::ProbeReadStr => {
            |run, args, env| probe::probe_read_str(run, args, env, probe::Space::Either)
        }
        H::ProbeReadKernel => {
            |run, args, env| probe::probe_read(run, args, env, probe::Space::Kernel)
        }
        H::ProbeReadKernelStr => {
            |run, args, env| probe::probe_read_str(run, args, env, probe::Space::Kernel)
        }
        H::ProbeReadUser => |run, args, env| probe::probe_read(run, args, env, probe::Space::User),
        H::ProbeReadUserStr => {
            |run, args, env| probe::probe_read_str(run, args, env, probe::Space::User)
        }

        H::RingbufOutput => |run, args, env| ringbuf::output(run, args, env),
        H::RingbufReserve => |run, args, env| ringbuf::reserve(run, args),
        H::RingbufSubmit => |run, args, env| ringbuf::submit(run, args, false),
        H::RingbufDiscard => |run, args, env| ringbuf::submit(run, args, true),
        H::RingbufQuery => |run, args, env| ringbuf::query(run, args),
        H::PerfEventOutput => |run, args, env| perf::perf_event_output(run, args, env),

        H::OverrideReturn => |run, args, _| override_return::override_return(run, args),
        H::GetStackid => |run, args, env| stack::get_stackid(run, args, env),
        H::GetStack => |run, args, env| stack::get_stack(run, args, env),

        H::Loop => |run, args, env| callbacks::bpf_loop(run, args, env),
        H::ForEachMapElem => |run, args, env| callbacks::for_each_map_elem(run, args, env),

        H::XdpAdjustHead => |run, args, env| xdp::adjust_head(run, args, env),
        H::XdpAdjustMeta => |run, args, env| xdp::adjust_meta(run, args, env),
        H::XdpAdjustTail => |run, args, env| xdp::adjust_tail(run, args, env),

        H::SkbLoadBytes => |run, args, env| skb::load_bytes(run, args, env),
        H::SkbLoadBytesRelative => |run, args, env| skb::load_bytes_relative(run, args, env),
        H::SkbStoreBytes => |run, args, env| skb::store_bytes(run, args, env),
        H::SkbPullData => |run, args, env| skb::pull_data(run, args, env),
        H::GetHashRecalc => |run, args, env| skb::get_hash_recalc(run, args, env),
        H::SetHash => |run, args, env| skb::set_hash(run, args, env),
        H::SetHashInvalid => |run, args, env| skb::set_hash_invalid(run, args, env),

        H::CsumDiff => |run, args, env| csum::csum_diff(args, env),
        H::L3CsumReplace => |run, args, env| csum::l3_csum_replace(run, args, env),
        H::L4CsumReplace => |run, args, env| csum::l4_csum_replace(run, args, env),
        H::CsumUpdate => |run, args, env| csum::csum_update(run, args),

        H::Redirect => |run, args, env| redirect::redirect(run, args),
        H::RedirectMap => |run, args, env| redirect::redirect_map(run, args),
        H::RedirectNeigh => |run, args, env| redirect::redirect_neigh(run, args, env),
        H::RedirectPeer => |run, args, env| redirect::redirect_peer(run, args),
        _ => return None,
    })
}
