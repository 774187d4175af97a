//! Ring buffer helpers: `bpf_ringbuf_output`, `_reserve`, `_submit`, `_discard` and `_query`,
//! over [`sluice_maps::RingBuf`], which keeps the kernel's record layout and accounting.
//!
//! - reserve: the address of the record's data, or NULL (0) for flags other than 0, a size
//!   over the ring's capacity or no room left;
//! - output: 0, `-EINVAL` for unknown flags, `-EAGAIN` when there is no room;
//! - submit/discard: commit the record whose data starts at the pointer; the verifier makes
//!   sure it is an outstanding reservation, so anything else traps here;
//! - query: available data, ring size, consumer or producer position; 0 for unknown flags.

use std::sync::Arc;

use sluice_interp::{CallEnv, HelperError};
use sluice_maps::{Map, RingBuf};

use super::{HelperResult, fail, read};
use crate::invocation::Invocation;

fn with_ring<T>(
    run: &Invocation<'_>,
    handle: u64,
    op: impl FnOnce(&RingBuf) -> T,
) -> Result<T, HelperError> {
    let map: Arc<dyn Map> = run.map(handle)?;
    let ring = map
        .as_any()
        .downcast_ref::<RingBuf>()
        .ok_or_else(|| fail(format!("map `{}` is not a ring buffer", map.spec().name)))?;
    Ok(op(ring))
}

/// `long bpf_ringbuf_output(void *ringbuf, void *data, u64 size, u64 flags)`.
pub(crate) fn output(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let data = read(env, args[1], usize::try_from(args[2]).unwrap_or(usize::MAX))?;
    with_ring(run, args[0], |ring| {
        super::status(ring.output(&data, args[3]))
    })
}

/// `void *bpf_ringbuf_reserve(void *ringbuf, u64 size, u64 flags)`.
pub(crate) fn reserve(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    with_ring(run, args[0], |ring| {
        ring.reserve(args[1], args[2]).unwrap_or(0)
    })
}

/// `void bpf_ringbuf_submit(void *data, u64 flags)` and `bpf_ringbuf_discard`.
pub(crate) fn submit(run: &mut Invocation<'_>, args: [u64; 5], discard: bool) -> HelperResult {
    let (addr, flags) = (args[0], args[1]);
    for map in run.registry.maps() {
        let Some(ring) = map.as_any().downcast_ref::<RingBuf>() else {
            continue;
        };
        let data = ring.data();
        if addr < data.addr() || addr >= data.addr() + data.len() as u64 {
            continue;
        }
        let committed = if discard {
            ring.discard(addr, flags)
        } else {
            ring.submit(addr, flags)
        };
        return committed.map(|()| 0).map_err(|_| {
            fail(format!(
                "{addr:#x} is not an outstanding reservation of ring buffer `{}`",
                map.spec().name
            ))
        });
    }
    Err(fail(format!(
        "{addr:#x} is not a ring buffer reservation (the verifier only accepts what \
         bpf_ringbuf_reserve returned)"
    )))
}

/// `u64 bpf_ringbuf_query(void *ringbuf, u64 flags)`.
pub(crate) fn query(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    with_ring(run, args[0], |ring| ring.query(args[1]))
}
