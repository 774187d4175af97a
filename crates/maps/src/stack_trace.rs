//! [`StackTrace`]: `BPF_MAP_TYPE_STACK_TRACE`, filled by `bpf_get_stackid`.
//!
//! The rules and invariants are documented on [`StackTrace`].

use std::any::Any;
use std::sync::{Mutex, MutexGuard};

use crate::error::MapError;
use crate::hasher::jhash2;
use crate::map::{Map, check_len, index_key};
use crate::spec::{MapSpec, map_flags, stack_flags};
use crate::storage::SharedBuf;

/// `STACK_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 =
    map_flags::NUMA_NODE | map_flags::RDONLY | map_flags::WRONLY | map_flags::STACK_BUILD_ID;
/// `sysctl_perf_event_max_stack`'s default.
const MAX_STACK: u32 = 127;
/// `sizeof(struct bpf_stack_build_id)`.
const BUILD_ID_SIZE: u32 = 32;

/// [`StackTrace`]: `BPF_MAP_TYPE_STACK_TRACE`, filled by `bpf_get_stackid`.
///
/// As in the kernel (`kernel/bpf/stackmap.c`): values are `value_size / 8` instruction
/// pointers; a trace is stored in bucket `jhash2(ips, 0) & (n_buckets - 1)` with
/// `n_buckets = roundup_pow_of_two(max_entries)`, and that bucket index is the stack id. So for
/// the same instruction pointers Sluice returns the kernel's stack id. A different trace in an
/// occupied bucket is `EEXIST` unless `BPF_F_REUSE_STACKID` replaces it; `BPF_F_FAST_STACK_CMP`
/// trusts a hash match without comparing the ips. At most `max_entries` traces are stored at
/// once (`ENOMEM` past that, even when replacing, as the kernel's free list runs dry).
/// User-space lookups return the ips padded with zeros; deletes clear the bucket (and
/// `BPF_MAP_LOOKUP_AND_DELETE_ELEM` does both, as Linux 6.18 allows); programs cannot look up
/// elements. Maps with `BPF_F_STACK_BUILD_ID` are accepted, but Sluice has no
/// build ids to store, so `get_stackid` on them is `EOPNOTSUPP`.
#[derive(Debug)]
pub struct StackTrace {
    spec: MapSpec,
    id: u32,
    n_buckets: u32,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    buckets: Vec<Option<Bucket>>,
    used: u32,
}

#[derive(Debug)]
struct Bucket {
    hash: u32,
    ips: Vec<u64>,
}

impl StackTrace {
    /// Checks `spec` as `stack_map_alloc` does.
    pub fn new(spec: &MapSpec) -> Result<StackTrace, MapError> {
        if spec.map_flags & !CREATE_FLAG_MASK != 0 {
            return Err(MapError::Invalid);
        }
        if spec.max_entries == 0
            || spec.key_size != 4
            || spec.value_size < 8
            || !spec.value_size.is_multiple_of(8)
        {
            return Err(MapError::Invalid);
        }
        if spec.map_flags & map_flags::STACK_BUILD_ID != 0 {
            if !spec.value_size.is_multiple_of(BUILD_ID_SIZE)
                || spec.value_size / BUILD_ID_SIZE > MAX_STACK
            {
                return Err(MapError::Invalid);
            }
        } else if spec.value_size / 8 > MAX_STACK {
            return Err(MapError::Invalid);
        }
        if u64::from(spec.max_entries) > 1 << 31 {
            return Err(MapError::Full);
        }
        let n_buckets = spec.max_entries.next_power_of_two();
        let mut buckets = Vec::new();
        buckets
            .try_reserve_exact(n_buckets as usize)
            .map_err(|_| MapError::NoMemory)?;
        buckets.resize_with(n_buckets as usize, || None);
        Ok(StackTrace {
            spec: spec.clone(),
            id: crate::next_map_id(),
            n_buckets,
            state: Mutex::new(State { buckets, used: 0 }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `bpf_get_stackid` for the trace `ips` (innermost frame first, before skipping): the
    /// stack id, or `EINVAL` (unknown flags), `EFAULT` (skipping every frame), `EEXIST` (a
    /// different trace holds the bucket), `ENOMEM` (no free element).
    pub fn get_stackid(&self, ips: &[u64], flags: u64) -> Result<u32, MapError> {
        if flags
            & !(stack_flags::SKIP_FIELD_MASK
                | stack_flags::USER_STACK
                | stack_flags::FAST_STACK_CMP
                | stack_flags::REUSE_STACKID)
            != 0
        {
            return Err(MapError::Invalid);
        }
        if self.spec.map_flags & map_flags::STACK_BUILD_ID != 0 {
            return Err(MapError::OpNotSupported);
        }
        let skip = (flags & stack_flags::SKIP_FIELD_MASK) as usize;
        let max_depth = ((self.spec.value_size / 8) as usize + skip).min(MAX_STACK as usize);
        let nr = ips.len().min(max_depth);
        if nr <= skip {
            return Err(MapError::Fault);
        }
        let trace = &ips[skip..skip + (nr - skip).min(max_depth - skip)];
        let bytes: Vec<u8> = trace.iter().flat_map(|ip| ip.to_ne_bytes()).collect();
        let hash = jhash2(&bytes, 0);
        let id = hash & (self.n_buckets - 1);
        let mut state = self.state();
        let existing = &state.buckets[id as usize];
        let hash_matches = existing.as_ref().is_some_and(|bucket| bucket.hash == hash);
        if hash_matches && flags & stack_flags::FAST_STACK_CMP != 0 {
            return Ok(id);
        }
        if hash_matches && existing.as_ref().is_some_and(|bucket| bucket.ips == trace) {
            return Ok(id);
        }
        let occupied = existing.is_some();
        if occupied && flags & stack_flags::REUSE_STACKID == 0 {
            return Err(MapError::Exists);
        }
        if state.used >= self.spec.max_entries {
            return Err(MapError::NoMemory);
        }
        if !occupied {
            state.used += 1;
        }
        state.buckets[id as usize] = Some(Bucket {
            hash,
            ips: trace.to_vec(),
        });
        Ok(id)
    }
}

impl Map for StackTrace {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        let id = index_key(key)?;
        check_len(value, self.spec.value_size as usize)?;
        let state = self.state();
        let bucket = state
            .buckets
            .get(id as usize)
            .and_then(Option::as_ref)
            .ok_or(MapError::NotFound)?;
        value.fill(0);
        for (chunk, ip) in value.chunks_exact_mut(8).zip(&bucket.ips) {
            chunk.copy_from_slice(&ip.to_ne_bytes());
        }
        Ok(())
    }

    /// `bpf_stackmap_extract` with delete: copies the trace out and frees the bucket.
    fn lookup_and_delete(&self, key: Option<&[u8]>, value: &mut [u8]) -> Result<(), MapError> {
        let key = key.ok_or(MapError::Invalid)?;
        self.lookup(key, value)?;
        let mut state = self.state();
        if let Some(bucket) = state.buckets.get_mut(index_key(key)? as usize)
            && bucket.take().is_some()
        {
            state.used -= 1;
        }
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], _flags: u64) -> Result<(), MapError> {
        index_key(key)?;
        check_len(value, self.spec.value_size as usize)?;
        Err(MapError::Invalid)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        let id = index_key(key)?;
        if id >= self.n_buckets {
            return Err(MapError::Full);
        }
        let mut state = self.state();
        if state.buckets[id as usize].take().is_none() {
            return Err(MapError::NotFound);
        }
        state.used -= 1;
        Ok(())
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        check_len(next, 4)?;
        let state = self.state();
        let mut id = match key {
            None => 0,
            Some(key) => {
                let id = index_key(key)?;
                if id >= self.n_buckets || state.buckets[id as usize].is_none() {
                    0
                } else {
                    id + 1
                }
            }
        };
        while id < self.n_buckets && state.buckets[id as usize].is_none() {
            id += 1;
        }
        if id >= self.n_buckets {
            return Err(MapError::NotFound);
        }
        next.copy_from_slice(&id.to_ne_bytes());
        Ok(())
    }

    fn lookup_addr(&self, _key: &[u8], _cpu: u32) -> Option<u64> {
        None
    }

    fn update_from_program(
        &self,
        _key: &[u8],
        _value: &[u8],
        _flags: u64,
        _cpu: u32,
    ) -> Result<(), MapError> {
        Err(MapError::Invalid)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        Vec::new()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
