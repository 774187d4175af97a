//! eBPF maps with the kernel's semantics and error codes, shared between programs and user
//! space on any number of threads.
//!
//! - [`Map`]: the operations, as user space (`BPF_MAP_*` commands) and programs (helpers) see
//!   them, including the batch commands ([`BatchArgs`], [`BatchOutcome`]).
//! - [`create`] builds the right map for a [`MapSpec`], refusing the specs the kernel refuses
//!   with the same errno; [`map_handle`] is the value programs receive as the map pointer.
//! - One type per kind of map, for the operations only it has (reach them through
//!   [`Map::as_any`]): [`ArrayMap`], [`HashMap`] (hash, per-CPU and LRU hashes), [`LpmTrie`],
//!   [`QueueStack`], [`BloomFilter`], [`ProgArray`], [`ArrayOfMaps`] and [`HashOfMaps`],
//!   [`RingBuf`], [`PerfEventArray`], [`StackTrace`], [`DevMap`].
//! - [`map_by_id`]: the live map with a given [`Map::id`] (user space names inner maps by id
//!   where the kernel takes a descriptor).
//! - [`SharedBuf`]: race-free shared storage whose addresses programs use as pointers.
//! - [`MapError`]: errors with the kernel's errno.
//!
//! Where a map necessarily or deliberately differs from Linux, its type's documentation says
//! so; `tests/kernel_diff.rs` checks the rest against the running kernel.
//! Invariants every map keeps:
//! - all storage a program can reach is allocated at creation, in [`SharedBuf`]s that never
//!   move, so an address handed to a program stays valid as long as the map lives (after a
//!   delete it may point at a reused element, as with the kernel's preallocated maps);
//! - no operation panics on bad input: wrong key or value lengths are `EINVAL`;
//! - program lookups in hash maps, arrays and tries take no lock that writers hold for long
//!   (hash maps take none at all).

#![forbid(unsafe_code)]

mod array;
mod bloom_filter;
mod devmap;
mod error;
mod hash;
mod hasher;
mod lpm_trie;
mod lru;
mod map;
mod map_of_maps;
mod perf_event_array;
mod prog_array;
mod queue_stack;
mod registry;
mod ringbuf;
pub mod spec;
mod stack_trace;
mod storage;
mod validate;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

pub use array::ArrayMap;
pub use bloom_filter::BloomFilter;
pub use devmap::DevMap;
pub use error::MapError;
pub use hash::HashMap;
pub use hasher::{jhash, jhash2};
pub use lpm_trie::LpmTrie;
pub use map::{BatchArgs, BatchOutcome, Map};
pub use map_of_maps::{ArrayOfMaps, HashOfMaps};
pub use perf_event_array::PerfEventArray;
pub use prog_array::ProgArray;
pub use queue_stack::QueueStack;
pub use ringbuf::RingBuf;
pub use spec::MapSpec;
pub use stack_trace::StackTrace;
pub use storage::{MAX_BUFFER_BYTES, RmwOp, SharedBuf};

use spec::map_type;

/// Creates the map `spec` describes, after the checks the kernel's `map_create` and the type's
/// `map_alloc_check` / `map_alloc` make (same errno for the same refusal).
///
/// Types Linux has but Sluice does not implement are [`MapError::UnsupportedType`]; unknown
/// types are `EINVAL`, as in the kernel.
pub fn create(spec: &MapSpec) -> Result<Arc<dyn Map>, MapError> {
    validate::check_common(spec)?;
    let map: Arc<dyn Map> = match spec.map_type {
        map_type::ARRAY | map_type::PERCPU_ARRAY => Arc::new(ArrayMap::new(spec)?),
        map_type::HASH | map_type::PERCPU_HASH | map_type::LRU_HASH | map_type::LRU_PERCPU_HASH => {
            Arc::new(HashMap::new(spec)?)
        }
        map_type::LPM_TRIE => Arc::new(LpmTrie::new(spec)?),
        map_type::QUEUE | map_type::STACK => Arc::new(QueueStack::new(spec)?),
        map_type::BLOOM_FILTER => Arc::new(BloomFilter::new(spec)?),
        map_type::PROG_ARRAY => Arc::new(ProgArray::new(spec)?),
        map_type::ARRAY_OF_MAPS => Arc::new(ArrayOfMaps::new(spec)?),
        map_type::HASH_OF_MAPS => Arc::new(HashOfMaps::new(spec)?),
        map_type::RINGBUF => Arc::new(RingBuf::new(spec)?),
        map_type::PERF_EVENT_ARRAY => Arc::new(PerfEventArray::new(spec)?),
        map_type::STACK_TRACE => Arc::new(StackTrace::new(spec)?),
        map_type::DEVMAP | map_type::DEVMAP_HASH => Arc::new(DevMap::new(spec)?),
        other => return Err(MapError::UnsupportedType(other)),
    };
    registry::register(&map);
    Ok(map)
}

/// The live map [`create`] made with this [`Map::id`], if any: how user-space updates of maps
/// of maps name their inner map (where the kernel takes a descriptor).
pub fn map_by_id(id: u32) -> Option<Arc<dyn Map>> {
    registry::find(id)
}

/// The value a program receives as the map pointer (`ld_imm64` with a map, or an inner map
/// from a map of maps): the address of the map object, so it is unique among live maps and
/// stable for the map's life. Engines keep a registry from handle to map.
pub fn map_handle(map: &Arc<dyn Map>) -> u64 {
    Arc::as_ptr(map).cast::<()>() as usize as u64
}

/// A fresh map id: unique in the process, never 0.
pub(crate) fn next_map_id() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    loop {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        if id != 0 {
            return id;
        }
    }
}
