//! Helpers that call back into the program: `bpf_loop` and `bpf_for_each_map_elem`.
//!
//! Callbacks run in a new stack frame through [`CallEnv::call_function`], sharing the run's
//! instruction budget; a trap inside one ends the run. A callback's non-zero return stops the
//! iteration (the verifier only lets callbacks return 0 or 1).
//!
//! `bpf_loop(nr_loops, callback, ctx, flags)`: the verifier inlines calls whose `flags` is the
//! constant 0 and whose callback is known, and the inlined code returns `-E2BIG` for
//! `nr_loops > BPF_MAX_LOOPS` as a 32-bit move, so the program sees 4294967289, not -7.
//! Sluice returns what the inlined code returns for `flags == 0`, and what the helper returns
//! otherwise (`-EINVAL`, 64 bits). The count returned includes the iteration whose callback
//! stopped the loop.
//!
//! `bpf_for_each_map_elem(map, callback, ctx, flags)` visits arrays in index order and hash
//! maps in their bucket order (the order of `BPF_MAP_GET_NEXT_KEY`), each callback getting the
//! map, a pointer to the key, a pointer to the value (this CPU's slot of a per-CPU map) and
//! `ctx`; it returns the number of elements visited. Each key is lent to the program in a
//! read-only region that exists for the duration of its callback (the kernel passes a pointer
//! to the element's key, which programs may only read). Elements a callback deletes before they
//! are reached are skipped; elements it adds are not visited. `flags` must be 0 (`-EINVAL`),
//! and maps of other types are refused by the verifier, so they trap here.

use std::sync::Arc;

use sluice_abi::errno::{E2BIG, EINVAL};
use sluice_abi::limits::BPF_MAX_LOOPS;
use sluice_interp::{CallEnv, HelperError, Region};
use sluice_maps::Map;
use sluice_maps::spec::map_type;

use super::{HelperResult, errno, fail};
use crate::invocation::Invocation;

/// `long bpf_loop(u32 nr_loops, void *callback_fn, void *callback_ctx, u64 flags)`.
pub(crate) fn bpf_loop(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (nr_loops, callback, callback_ctx, flags) = (args[0], args[1], args[2], args[3]);
    if flags != 0 {
        return Ok(errno(EINVAL));
    }
    if nr_loops > u64::from(BPF_MAX_LOOPS) {
        // The inlined loop's `w0 = -E2BIG`.
        return Ok(u64::from((-E2BIG) as u32));
    }
    for index in 0..nr_loops {
        let stop = env
            .call_function(run, callback, [index, callback_ctx, 0, 0, 0])
            .map_err(HelperError::Trap)?;
        if stop != 0 {
            return Ok(index + 1);
        }
    }
    Ok(nr_loops)
}

/// The keys to visit, in order: array indices, or a snapshot of a hash map's keys.
enum Keys {
    Indices(u32),
    Listed(Vec<Vec<u8>>),
}

impl Keys {
    fn of(map: &Arc<dyn Map>) -> Result<Keys, HelperError> {
        let spec = map.spec();
        match spec.map_type {
            map_type::ARRAY | map_type::PERCPU_ARRAY => Ok(Keys::Indices(spec.max_entries)),
            map_type::HASH
            | map_type::PERCPU_HASH
            | map_type::LRU_HASH
            | map_type::LRU_PERCPU_HASH => {
                let mut keys: Vec<Vec<u8>> = Vec::new();
                let mut next = vec![0u8; spec.key_size as usize];
                while keys.len() <= spec.max_entries as usize {
                    if map
                        .next_key(keys.last().map(Vec::as_slice), &mut next)
                        .is_err()
                    {
                        break;
                    }
                    keys.push(next.clone());
                }
                Ok(Keys::Listed(keys))
            }
            other => Err(fail(format!(
                "bpf_for_each_map_elem: map `{}` of type {other} cannot be iterated (the \
                 verifier refuses the program)",
                spec.name
            ))),
        }
    }

    fn len(&self) -> usize {
        match self {
            Keys::Indices(n) => *n as usize,
            Keys::Listed(keys) => keys.len(),
        }
    }

    fn get(&self, index: usize) -> Vec<u8> {
        match self {
            Keys::Indices(_) => (index as u32).to_le_bytes().to_vec(),
            Keys::Listed(keys) => keys[index].clone(),
        }
    }
}

/// `long bpf_for_each_map_elem(struct bpf_map *map, void *callback_fn, void *callback_ctx,
/// u64 flags)`.
pub(crate) fn for_each_map_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (handle, callback, callback_ctx, flags) = (args[0], args[1], args[2], args[3]);
    let map = run.map(handle)?;
    let keys = Keys::of(&map)?;
    if flags != 0 {
        return Ok(errno(EINVAL));
    }
    let mut visited = 0u64;
    for index in 0..keys.len() {
        let key = keys.get(index);
        let Some(value) = map.lookup_addr(&key, run.cpu) else {
            continue;
        };
        visited += 1;
        // The key is lent to the callback, read-only, for the duration of its call.
        let region = env
            .memory()
            .add_region(Region::owned(key.into_boxed_slice(), false));
        let key_addr = env.memory().region(region).addr();
        let result = env.call_function(run, callback, [handle, key_addr, value, callback_ctx, 0]);
        if env.memory().pop_region(region).is_none() {
            return Err(fail(
                "bpf_for_each_map_elem: the key's region was not the last one lent",
            ));
        }
        match result {
            Ok(0) => {}
            Ok(_) => break,
            Err(trap) => return Err(HelperError::Trap(trap)),
        }
    }
    Ok(visited)
}
