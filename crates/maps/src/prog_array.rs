//! [`ProgArray`]: `BPF_MAP_TYPE_PROG_ARRAY`, the targets of `bpf_tail_call`.
//!
//! The rules and invariants are documented on [`ProgArray`].

use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::array::{array_next_key, check_array_spec};
use crate::error::MapError;
use crate::map::{Map, check_len, index_key};
use crate::spec::{MapSpec, map_flags, update_flags};
use crate::storage::SharedBuf;

/// What an empty slot holds.
const EMPTY: u64 = u64::MAX;

/// [`ProgArray`]: `BPF_MAP_TYPE_PROG_ARRAY`, the targets of `bpf_tail_call`.
///
/// Slots hold program ids (Sluice's stand-in for the program file descriptors user space gives
/// the kernel) or nothing. User space sets them with `BPF_MAP_UPDATE_ELEM` (`BPF_ANY` only) or
/// [`ProgArray::set`], reads them back with `BPF_MAP_LOOKUP_ELEM` (the id, as the kernel returns
/// the program id) and clears them with `BPF_MAP_DELETE_ELEM`. Programs may not look up,
/// update or delete elements (the verifier forbids it); engines read slots with
/// [`ProgArray::get`] when a program tail-calls. Each slot is one atomic word.
#[derive(Debug)]
pub struct ProgArray {
    spec: MapSpec,
    id: u32,
    slots: Box<[AtomicU64]>,
}

/// `fd_array_map_alloc_check`: a 4-byte value (a descriptor, here an id), no program access
/// flags, then the array checks.
pub(crate) fn check_fd_array_spec(spec: &MapSpec) -> Result<(), MapError> {
    if spec.value_size != 4 {
        return Err(MapError::Invalid);
    }
    if spec.map_flags & (map_flags::RDONLY_PROG | map_flags::WRONLY_PROG) != 0 {
        return Err(MapError::Invalid);
    }
    check_array_spec(spec)
}

impl ProgArray {
    /// Checks `spec` as the kernel does; every slot starts empty.
    pub fn new(spec: &MapSpec) -> Result<ProgArray, MapError> {
        check_fd_array_spec(spec)?;
        let mut slots = Vec::new();
        slots
            .try_reserve_exact(spec.max_entries as usize)
            .map_err(|_| MapError::NoMemory)?;
        slots.extend((0..spec.max_entries).map(|_| AtomicU64::new(EMPTY)));
        Ok(ProgArray {
            spec: spec.clone(),
            id: crate::next_map_id(),
            slots: slots.into_boxed_slice(),
        })
    }

    /// The program id in slot `index`, if any.
    pub fn get(&self, index: u32) -> Option<u32> {
        let value = self.slots.get(index as usize)?.load(Relaxed);
        (value != EMPTY).then_some(value as u32)
    }

    /// Puts program `prog_id` in slot `index`; `E2BIG` past the end.
    pub fn set(&self, index: u32, prog_id: u32) -> Result<(), MapError> {
        self.slots
            .get(index as usize)
            .ok_or(MapError::Full)?
            .store(u64::from(prog_id), Relaxed);
        Ok(())
    }

    /// Empties slot `index`: `E2BIG` past the end, `ENOENT` if it was empty.
    pub fn clear(&self, index: u32) -> Result<(), MapError> {
        let old = self
            .slots
            .get(index as usize)
            .ok_or(MapError::Full)?
            .swap(EMPTY, Relaxed);
        if old == EMPTY {
            Err(MapError::NotFound)
        } else {
            Ok(())
        }
    }
}

impl Map for ProgArray {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        let index = index_key(key)?;
        check_len(value, 4)?;
        let prog_id = self.get(index).ok_or(MapError::NotFound)?;
        value.copy_from_slice(&prog_id.to_ne_bytes());
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        let index = index_key(key)?;
        let prog_id = index_key(value)?;
        if flags != update_flags::ANY {
            return Err(MapError::Invalid);
        }
        self.set(index, prog_id)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        self.clear(index_key(key)?)
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        array_next_key(self.spec.max_entries, key, next)
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
        Err(MapError::OpNotSupported)
    }

    fn delete_from_program(&self, _key: &[u8]) -> Result<(), MapError> {
        Err(MapError::OpNotSupported)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        Vec::new()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
