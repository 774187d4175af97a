//! The [`Map`] trait: one map, used by user space (the `bpf(2)` commands) and by programs (the
//! helpers), from any number of threads.
//!
//! Values a program reaches through pointers live in [`SharedBuf`]s that never move while the
//! map lives; [`Map::storage`] lists them so engines can let programs access them, and
//! [`Map::lookup_addr`] returns addresses inside them.

use std::any::Any;
use std::fmt::Debug;

use crate::error::MapError;
use crate::spec::MapSpec;
use crate::storage::SharedBuf;

/// A map.
///
/// User-space operations follow the `BPF_MAP_*_ELEM` commands: per-CPU maps read and write
/// every CPU's value at once, each padded to 8 bytes ([`crate::spec::percpu_stride`]).
/// Program operations follow the helpers: per-CPU maps see only the slot of the CPU (worker)
/// the program runs on.
pub trait Map: Send + Sync + Debug {
    /// What the map is.
    fn spec(&self) -> &MapSpec;

    /// `BPF_MAP_LOOKUP_ELEM`: copies the value of `key` into `value`.
    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError>;

    /// `BPF_MAP_UPDATE_ELEM` with `BPF_ANY`, `BPF_NOEXIST` or `BPF_EXIST`.
    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError>;

    /// `BPF_MAP_DELETE_ELEM`.
    fn delete(&self, key: &[u8]) -> Result<(), MapError>;

    /// `BPF_MAP_GET_NEXT_KEY`: the key after `key`, or the first key for `None` (or for a key
    /// that is not in the map, as the kernel does for hash maps).
    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError>;

    /// `BPF_MAP_LOOKUP_AND_DELETE_ELEM`: pops from a queue or stack (`key` is `None`), or
    /// removes a hash element and returns its value.
    fn lookup_and_delete(&self, key: Option<&[u8]>, value: &mut [u8]) -> Result<(), MapError> {
        let _ = (key, value);
        Err(MapError::OpNotSupported)
    }

    /// `bpf_map_lookup_elem` from a program: the address of the value of `key` (for per-CPU
    /// maps, of `cpu`'s slot), or `None`.
    fn lookup_addr(&self, key: &[u8], cpu: u32) -> Option<u64>;

    /// `bpf_map_update_elem` from a program: `value` is one value (per-CPU maps: `cpu`'s slot).
    fn update_from_program(
        &self,
        key: &[u8],
        value: &[u8],
        flags: u64,
        cpu: u32,
    ) -> Result<(), MapError>;

    /// `bpf_map_delete_elem` from a program.
    fn delete_from_program(&self, key: &[u8]) -> Result<(), MapError> {
        self.delete(key)
    }

    /// `bpf_map_push_elem` (queue, stack, bloom filter).
    fn push(&self, value: &[u8], flags: u64) -> Result<(), MapError> {
        let _ = (value, flags);
        Err(MapError::OpNotSupported)
    }

    /// `bpf_map_pop_elem` (queue, stack).
    fn pop(&self, value: &mut [u8]) -> Result<(), MapError> {
        let _ = value;
        Err(MapError::OpNotSupported)
    }

    /// `bpf_map_peek_elem` (queue, stack, bloom filter: `value` is the element to test).
    fn peek(&self, value: &mut [u8]) -> Result<(), MapError> {
        let _ = value;
        Err(MapError::OpNotSupported)
    }

    /// Calls `visit` with every buffer programs may reach through pointers this map hands out.
    fn storage(&self, visit: &mut dyn FnMut(&SharedBuf));

    /// The concrete map, for operations only one type has (program arrays, ring buffers).
    fn as_any(&self) -> &dyn Any;
}
