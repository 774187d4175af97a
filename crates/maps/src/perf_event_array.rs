//! [`PerfEventArray`]: `BPF_MAP_TYPE_PERF_EVENT_ARRAY`, the target of `bpf_perf_event_output`.
//!
//! The rules and invariants are documented on [`PerfEventArray`].

use std::any::Any;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};

use crate::array::array_next_key;
use crate::error::MapError;
use crate::map::{Map, index_key};
use crate::prog_array::check_fd_array_spec;
use crate::spec::{MapSpec, perf_flags};
use crate::storage::SharedBuf;

/// [`PerfEventArray`]: `BPF_MAP_TYPE_PERF_EVENT_ARRAY`, the target of `bpf_perf_event_output`.
///
/// In the kernel each slot holds a perf event (usually slot `i` is a `PERF_COUNT_SW_BPF_OUTPUT`
/// event opened on CPU `i`) whose ring buffer a user-space reader drains. Here a slot is empty
/// until a consumer attaches ([`PerfEventArray::attach`], the stand-in for storing an event
/// descriptor) and then holds the records written to it, up to a byte capacity (the size of
/// the perf ring). Like the kernel:
/// - the index is taken from the flags' low 32 bits, `BPF_F_CURRENT_CPU` meaning the CPU the
///   program runs on; an index past the end is `E2BIG`, an empty slot `ENOENT`, a slot
///   attached for another CPU `EOPNOTSUPP`, unknown flag bits `EINVAL`;
/// - a record that does not fit is lost: it counts in [`PerfEventArray::take_lost`] and the
///   helper returns `ENOSPC`;
/// - records come out as a perf reader's raw sample sees them: the data followed by zeros up
///   to `round_up(len + 4, 8) - 4` bytes, and each takes `8 + round_up(len + 4, 8)` bytes of
///   the capacity (perf header, size field, padded data).
///
/// User-space lookups are `ENOTSUPP` and updates `EBADF` (there are no perf event
/// descriptors); deletes detach.
#[derive(Debug)]
pub struct PerfEventArray {
    spec: MapSpec,
    id: u32,
    slots: Box<[Mutex<Option<Slot>>]>,
}

#[derive(Debug)]
struct Slot {
    cpu: u32,
    capacity: usize,
    used: usize,
    records: VecDeque<Vec<u8>>,
    lost: u64,
}

/// The bytes a raw sample of `len` data bytes takes in the perf ring.
fn sample_size(len: usize) -> usize {
    8 + (len + 4).div_ceil(8) * 8
}

impl PerfEventArray {
    /// Checks `spec` as the kernel does; every slot starts empty.
    pub fn new(spec: &MapSpec) -> Result<PerfEventArray, MapError> {
        check_fd_array_spec(spec)?;
        let mut slots = Vec::new();
        slots
            .try_reserve_exact(spec.max_entries as usize)
            .map_err(|_| MapError::NoMemory)?;
        slots.extend((0..spec.max_entries).map(|_| Mutex::new(None)));
        Ok(PerfEventArray {
            spec: spec.clone(),
            id: crate::next_map_id(),
            slots: slots.into_boxed_slice(),
        })
    }

    fn slot(&self, index: u32) -> Result<MutexGuard<'_, Option<Slot>>, MapError> {
        let slot = self.slots.get(index as usize).ok_or(MapError::Full)?;
        Ok(slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Attaches a consumer to slot `index` for CPU `index`, holding up to `capacity` bytes of
    /// samples (a perf ring's data size). Replaces any earlier consumer. `E2BIG` past the end.
    pub fn attach(&self, index: u32, capacity: usize) -> Result<(), MapError> {
        *self.slot(index)? = Some(Slot {
            cpu: index,
            capacity,
            used: 0,
            records: VecDeque::new(),
            lost: 0,
        });
        Ok(())
    }

    /// Detaches slot `index`'s consumer: `E2BIG` past the end, `ENOENT` if none.
    pub fn detach(&self, index: u32) -> Result<(), MapError> {
        self.slot(index)?.take().map(drop).ok_or(MapError::NotFound)
    }

    /// `bpf_perf_event_output` from a program on `cpu`: `flags` holds the index (or
    /// `BPF_F_CURRENT_CPU`) and possibly a context length.
    pub fn output(&self, flags: u64, cpu: u32, data: &[u8]) -> Result<(), MapError> {
        if flags & !(perf_flags::INDEX_MASK | perf_flags::CTXLEN_MASK) != 0 {
            return Err(MapError::Invalid);
        }
        let mut index = flags & perf_flags::INDEX_MASK;
        if index == perf_flags::CURRENT_CPU {
            index = u64::from(cpu);
        }
        if index >= u64::from(self.spec.max_entries) {
            return Err(MapError::Full);
        }
        let mut guard = self.slot(index as u32)?;
        let slot = guard.as_mut().ok_or(MapError::NotFound)?;
        if slot.cpu != cpu {
            return Err(MapError::OpNotSupported);
        }
        let size = sample_size(data.len());
        if slot.used + size > slot.capacity {
            slot.lost += 1;
            return Err(MapError::NoSpace);
        }
        let mut record = data.to_vec();
        record.resize((data.len() + 4).div_ceil(8) * 8 - 4, 0);
        slot.records.push_back(record);
        slot.used += size;
        Ok(())
    }

    /// Takes every record slot `index` holds, oldest first (empty if nothing is attached).
    pub fn drain(&self, index: u32) -> Vec<Vec<u8>> {
        match self.slot(index) {
            Ok(mut guard) => match guard.as_mut() {
                Some(slot) => {
                    slot.used = 0;
                    slot.records.drain(..).collect()
                }
                None => Vec::new(),
            },
            Err(_) => Vec::new(),
        }
    }

    /// Takes the number of records lost on slot `index` since the last call.
    pub fn take_lost(&self, index: u32) -> u64 {
        match self.slot(index) {
            Ok(mut guard) => guard
                .as_mut()
                .map_or(0, |slot| std::mem::take(&mut slot.lost)),
            Err(_) => 0,
        }
    }
}

impl Map for PerfEventArray {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], _value: &mut [u8]) -> Result<(), MapError> {
        index_key(key)?;
        Err(MapError::KernelNotSupported)
    }

    fn update(&self, key: &[u8], value: &[u8], _flags: u64) -> Result<(), MapError> {
        index_key(key)?;
        index_key(value)?;
        Err(MapError::BadHandle)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        self.detach(index_key(key)?)
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
