//! The [`Map`] trait: one map, used by user space (the `bpf(2)` commands) and by programs (the
//! helpers), from any number of threads.
//!
//! Values a program reaches through pointers live in [`SharedBuf`]s that are allocated when the
//! map is created and never move or grow while the map lives; [`Map::storage`] lists them so
//! engines can let programs access them, and [`Map::lookup_addr`] returns addresses inside them.

use std::any::Any;
use std::fmt::Debug;

use crate::error::MapError;
use crate::spec::{MapSpec, update_flags};
use crate::storage::SharedBuf;

/// A map.
///
/// User-space operations follow the `BPF_MAP_*_ELEM` commands: per-CPU maps read and write
/// every CPU's value at once, each padded to 8 bytes ([`crate::spec::percpu_stride`]).
/// Program operations follow the helpers: per-CPU maps see only the slot of the CPU (worker)
/// the program runs on.
///
/// No operation panics on keys or values of the wrong length: they are `EINVAL`.
pub trait Map: Send + Sync + Debug {
    /// What the map is. For per-CPU LRU maps `max_entries` is the kernel's rounded value.
    fn spec(&self) -> &MapSpec;

    /// The map's id, unique in the process and never 0, like the kernel's map ids.
    fn id(&self) -> u32;

    /// `BPF_MAP_LOOKUP_ELEM`: copies the value of `key` into `value`.
    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError>;

    /// `BPF_MAP_UPDATE_ELEM` with `BPF_ANY`, `BPF_NOEXIST` or `BPF_EXIST`.
    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError>;

    /// `BPF_MAP_DELETE_ELEM`.
    fn delete(&self, key: &[u8]) -> Result<(), MapError>;

    /// `BPF_MAP_FREEZE`: user space may no longer change the map (`EPERM`); programs see it
    /// as before. Loaders freeze `.rodata` and `.kconfig` so the verifier may treat their
    /// contents as constants. Maps that do not support it answer `ENOTSUPP`.
    fn freeze(&self) -> Result<(), MapError> {
        Err(MapError::KernelNotSupported)
    }

    /// `BPF_MAP_GET_NEXT_KEY`: the key after `key`, or the first key for `None` (or for a key
    /// that is not in the map, as the kernel does for hash maps).
    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError>;

    /// `BPF_MAP_LOOKUP_AND_DELETE_ELEM`: pops from a queue or stack (`key` is `None`), or
    /// removes a hash element and returns its value. Other maps: `ENOTSUPP`, as the kernel.
    fn lookup_and_delete(&self, key: Option<&[u8]>, value: &mut [u8]) -> Result<(), MapError> {
        let _ = (key, value);
        Err(MapError::KernelNotSupported)
    }

    /// `bpf_map_lookup_elem` from a program: the address of the value of `key` (for per-CPU
    /// maps, of `cpu`'s slot), or `None`. Maps of maps return the inner map's
    /// [`crate::map_handle`].
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

    /// The length of the `in_batch` / `out_batch` cursor of the batch commands: the key size
    /// for maps that walk keys (arrays), 4 (a bucket index) for hash maps.
    fn batch_cursor_len(&self) -> usize {
        self.spec().key_size as usize
    }

    /// `BPF_MAP_LOOKUP_BATCH`. Maps without it: `ENOTSUPP`, as the kernel.
    fn lookup_batch(&self, args: &mut BatchArgs<'_>) -> BatchOutcome {
        let _ = args;
        BatchOutcome::error(MapError::KernelNotSupported)
    }

    /// `BPF_MAP_LOOKUP_AND_DELETE_BATCH`. Maps without it: `ENOTSUPP`, as the kernel.
    fn lookup_and_delete_batch(&self, args: &mut BatchArgs<'_>) -> BatchOutcome {
        let _ = args;
        BatchOutcome::error(MapError::KernelNotSupported)
    }

    /// Every buffer programs may reach through pointers this map hands out.
    fn storage(&self) -> Vec<&SharedBuf>;

    /// The concrete map, for operations only one type has (program arrays, ring buffers).
    fn as_any(&self) -> &dyn Any;
}

/// The arguments of `BPF_MAP_LOOKUP_BATCH` and `BPF_MAP_LOOKUP_AND_DELETE_BATCH`.
#[derive(Debug)]
pub struct BatchArgs<'a> {
    /// The cursor the previous call left in its `out_batch`, or `None` to start from the
    /// beginning. It must be [`Map::batch_cursor_len`] bytes.
    pub in_batch: Option<&'a [u8]>,
    /// Receives the cursor to continue from; at least [`Map::batch_cursor_len`] bytes.
    pub out_batch: &'a mut [u8],
    /// Receives the keys, one after the other; room for `count` keys.
    pub keys: &'a mut [u8],
    /// Receives the values, each as user-space lookups return it
    /// ([`MapSpec::user_value_len`]); room for `count` values.
    pub values: &'a mut [u8],
    /// At most this many elements are returned.
    pub count: u32,
    /// `elem_flags`: 0 or `BPF_F_LOCK` (which Sluice's maps, having no spin locks, refuse).
    pub elem_flags: u64,
    /// `flags`: must be 0.
    pub flags: u64,
}

/// What a batch command did: `count` elements were copied, and `result` is the kernel's
/// verdict. As in the kernel, reaching the end of the map is `Err(NotFound)` with `count`
/// possibly non-zero, and `out_batch` is valid whenever `count` is non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchOutcome {
    pub count: u32,
    pub result: Result<(), MapError>,
}

impl BatchOutcome {
    /// Nothing copied, and this error.
    pub fn error(error: MapError) -> BatchOutcome {
        BatchOutcome {
            count: 0,
            result: Err(error),
        }
    }
}

/// `generic_map_lookup_batch`: walks the keys with [`Map::next_key`] from the cursor (a key)
/// and copies each element with [`Map::lookup`], skipping keys that vanish in between. Used by
/// arrays, as in the kernel.
pub(crate) fn generic_lookup_batch(map: &dyn Map, args: &mut BatchArgs<'_>) -> BatchOutcome {
    let spec = map.spec();
    let key_size = spec.key_size as usize;
    let value_len = spec.user_value_len();
    if args.elem_flags != 0 {
        return BatchOutcome::error(MapError::Invalid);
    }
    let max_count = args.count as usize;
    if max_count == 0 {
        return BatchOutcome {
            count: 0,
            result: Ok(()),
        };
    }
    if args.in_batch.is_some_and(|cursor| cursor.len() != key_size)
        || args.out_batch.len() < key_size
        || args.keys.len() / key_size.max(1) < max_count
        || args.values.len() / value_len.max(1) < max_count
    {
        return BatchOutcome::error(MapError::Invalid);
    }
    let mut prev: Option<Vec<u8>> = args.in_batch.map(<[u8]>::to_vec);
    let mut key = vec![0u8; key_size];
    let mut value = vec![0u8; value_len];
    let mut copied = 0usize;
    let mut result = Ok(());
    while copied < max_count {
        if let Err(error) = map.next_key(prev.as_deref(), &mut key) {
            result = Err(error);
            break;
        }
        match map.lookup(&key, &mut value) {
            Ok(()) => {
                args.keys[copied * key_size..(copied + 1) * key_size].copy_from_slice(&key);
                args.values[copied * value_len..(copied + 1) * value_len].copy_from_slice(&value);
                copied += 1;
            }
            Err(MapError::NotFound) => {}
            Err(error) => return BatchOutcome::error(error),
        }
        prev = Some(key.clone());
    }
    if copied > 0
        && let Some(prev) = &prev
    {
        args.out_batch[..key_size].copy_from_slice(prev);
    }
    BatchOutcome {
        count: copied as u32,
        result,
    }
}

/// The kernel's `check_flags` for element updates: `EEXIST` for `BPF_NOEXIST` on an existing
/// element, `ENOENT` for `BPF_EXIST` on a missing one.
pub(crate) fn check_update_flags(exists: bool, flags: u64) -> Result<(), MapError> {
    let flags = flags & !update_flags::F_LOCK;
    if exists && flags == update_flags::NOEXIST {
        return Err(MapError::Exists);
    }
    if !exists && flags == update_flags::EXIST {
        return Err(MapError::NotFound);
    }
    Ok(())
}

/// `EINVAL` unless `data` is exactly `len` bytes.
pub(crate) fn check_len(data: &[u8], len: usize) -> Result<(), MapError> {
    if data.len() == len {
        Ok(())
    } else {
        Err(MapError::Invalid)
    }
}

/// The `u32` in a 4-byte key (array index), or `EINVAL` for another length.
pub(crate) fn index_key(key: &[u8]) -> Result<u32, MapError> {
    let bytes: [u8; 4] = key.try_into().map_err(|_| MapError::Invalid)?;
    Ok(u32::from_ne_bytes(bytes))
}
