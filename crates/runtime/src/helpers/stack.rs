//! `bpf_get_stackid` and `bpf_get_stack`.
//!
//! In the kernel these walk the stack of the task the program runs in: the innermost frame is
//! an address inside the JIT-compiled program, followed by the kernel functions that called
//! it. Sluice has no kernel stack, so it captures a deterministic pseudo stack of two frames:
//! 1. the code address of the `call` instruction ([`CallEnv::call_site`]), so that, as in the
//!    kernel, two call sites give two different stacks;
//! 2. [`ENGINE_FRAME`], a fixed address standing for the engine that ran the program.
//!
//! `BPF_F_USER_STACK` collects the user stack of the task the run counts as
//! ([`crate::Task::user_stack`]: `sluice trace` walks the traced thread's stack). Without a task
//! (a test-run has no user registers to walk) the trace is empty: `bpf_get_stackid` returns
//! `-EFAULT` and `bpf_get_stack` 0, as the kernel does for an empty trace. The flag checks, `skip` and depth limits, the stack map's
//! buckets and ids (see [`sluice_maps::StackTrace`]) and the errors are the kernel's.

use std::sync::Arc;

use sluice_abi::errno::{EFAULT, EINVAL};
use sluice_abi::limits::PERF_MAX_STACK_DEPTH;
use sluice_abi::map_type::stack_flags::{
    BPF_F_SKIP_FIELD_MASK, BPF_F_USER_BUILD_ID, BPF_F_USER_STACK,
};
use sluice_interp::CallEnv;
use sluice_maps::{Map, StackTrace};

use super::{HelperResult, check_writable, errno, fail, write};
use crate::invocation::Invocation;

/// The pseudo frame that stands for Sluice's engine below every program.
pub(crate) const ENGINE_FRAME: u64 = 0xffff_ffff_c0de_0000;

/// `sizeof(struct bpf_stack_build_id)`: `s32 status`, 20 bytes of build id, then (at 24) the
/// offset or address.
const BUILD_ID_SIZE: usize = 32;
/// `BPF_STACK_BUILD_ID_IP`: the element holds an address, not a build id and offset.
const BPF_STACK_BUILD_ID_IP: i32 = 2;

/// The trace a stack helper sees, innermost frame first.
fn trace(run: &Invocation<'_>, env: &CallEnv<'_, '_, '_>, flags: u64) -> Vec<u64> {
    if flags & BPF_F_USER_STACK != 0 {
        run.task
            .map(|task| task.user_stack(PERF_MAX_STACK_DEPTH))
            .unwrap_or_default()
    } else {
        vec![env.call_site(), ENGINE_FRAME]
    }
}

/// `long bpf_get_stackid(void *ctx, struct bpf_map *map, u64 flags)`.
pub(crate) fn get_stackid(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let map: Arc<dyn Map> = run.map(args[1])?;
    let Some(stacks) = map.as_any().downcast_ref::<StackTrace>() else {
        return Err(fail(format!(
            "bpf_get_stackid: map `{}` is not a stack trace map",
            map.spec().name
        )));
    };
    let flags = args[2];
    Ok(match stacks.get_stackid(&trace(run, env, flags), flags) {
        Ok(id) => u64::from(id),
        Err(error) => error.helper_return(),
    })
}

/// `long bpf_get_stack(void *ctx, void *buf, u32 size, u64 flags)`: the frames copied, in
/// bytes; the rest of `buf` is zeroed, and all of it on error.
pub(crate) fn get_stack(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (buf, size, flags) = (args[1], args[2] as u32 as usize, args[3]);
    check_writable(env, buf, size)?;
    let user = flags & BPF_F_USER_STACK != 0;
    let build_id = flags & BPF_F_USER_BUILD_ID != 0;
    let elem_size = if build_id { BUILD_ID_SIZE } else { 8 };
    let mut out = vec![0u8; size];
    let result = if flags & !(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK | BPF_F_USER_BUILD_ID) != 0
        || (!user && build_id)
        || !size.is_multiple_of(elem_size)
    {
        Err(EINVAL)
    } else {
        let skip = (flags & BPF_F_SKIP_FIELD_MASK) as usize;
        let num_elem = size / elem_size;
        let max_depth = (num_elem + skip).min(PERF_MAX_STACK_DEPTH);
        let mut ips = trace(run, env, flags);
        ips.truncate(max_depth);
        if ips.len() < skip {
            Err(EFAULT)
        } else {
            let frames = &ips[skip..][..(ips.len() - skip).min(num_elem)];
            for (chunk, ip) in out.chunks_exact_mut(elem_size).zip(frames) {
                if build_id {
                    // `struct bpf_stack_build_id` with status BPF_STACK_BUILD_ID_IP: the
                    // address alone, as the kernel gives when it cannot read a build id.
                    chunk[..4].copy_from_slice(&BPF_STACK_BUILD_ID_IP.to_le_bytes());
                    chunk[24..32].copy_from_slice(&ip.to_le_bytes());
                } else {
                    chunk.copy_from_slice(&ip.to_le_bytes());
                }
            }
            Ok(frames.len() * elem_size)
        }
    };
    write(env, buf, &out)?;
    Ok(match result {
        Ok(copied) => copied as u64,
        Err(code) => errno(code),
    })
}
