//! [`ArrayMap`]: `BPF_MAP_TYPE_ARRAY` and `BPF_MAP_TYPE_PERCPU_ARRAY`.
//!
//! The rules and invariants are documented on [`ArrayMap`].

use std::any::Any;

use crate::error::MapError;
use crate::map::{BatchArgs, BatchOutcome, Map, check_len, generic_lookup_batch, index_key};
use crate::spec::{MapSpec, map_flags, map_type, percpu_stride, update_flags};
use crate::storage::SharedBuf;
use crate::validate::{self, PCPU_MIN_UNIT_SIZE};

/// `ARRAY_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 = map_flags::NUMA_NODE
    | map_flags::MMAPABLE
    | map_flags::ACCESS_MASK
    | map_flags::PRESERVE_ELEMS
    | map_flags::INNER_MAP;

/// [`ArrayMap`]: `BPF_MAP_TYPE_ARRAY` and `BPF_MAP_TYPE_PERCPU_ARRAY`.
///
/// Invariants: every index below `max_entries` always has a value (zeroed at creation);
/// element `i` lives at `i * stride` in one [`SharedBuf`] (per-CPU arrays: CPU `c`'s slot at
/// `(i * n_cpus + c) * stride`), `stride` being the value size rounded up to 8 as the kernel's
/// `elem_size`. Elements cannot be deleted (`EINVAL`).
#[derive(Debug)]
pub struct ArrayMap {
    spec: MapSpec,
    id: u32,
    percpu: bool,
    stride: usize,
    values: SharedBuf,
    /// Set by [`Map::freeze`]: user-space updates are refused.
    frozen: std::sync::atomic::AtomicBool,
}

/// `array_map_alloc_check`, shared with the other array-based maps.
pub(crate) fn check_array_spec(spec: &MapSpec) -> Result<(), MapError> {
    let percpu = spec.map_type == map_type::PERCPU_ARRAY;
    let flags = spec.map_flags;
    if spec.max_entries == 0
        || spec.key_size != 4
        || spec.value_size == 0
        || flags & !CREATE_FLAG_MASK != 0
        || !validate::access_ok(flags)
        || (percpu && flags & map_flags::NUMA_NODE != 0)
    {
        return Err(MapError::Invalid);
    }
    if spec.map_type != map_type::ARRAY && flags & (map_flags::MMAPABLE | map_flags::INNER_MAP) != 0
    {
        return Err(MapError::Invalid);
    }
    if spec.map_type != map_type::PERF_EVENT_ARRAY && flags & map_flags::PRESERVE_ELEMS != 0 {
        return Err(MapError::Invalid);
    }
    if spec.value_size > i32::MAX as u32 {
        return Err(MapError::Full);
    }
    if percpu && u64::from(spec.value_size) > PCPU_MIN_UNIT_SIZE {
        return Err(MapError::Full);
    }
    Ok(())
}

impl ArrayMap {
    /// Checks `spec` as the kernel does and allocates the zeroed array.
    pub fn new(spec: &MapSpec) -> Result<ArrayMap, MapError> {
        check_array_spec(spec)?;
        let percpu = spec.map_type == map_type::PERCPU_ARRAY;
        let stride = percpu_stride(spec.value_size);
        let slots = u64::from(spec.max_entries) * if percpu { u64::from(spec.n_cpus) } else { 1 };
        let values = validate::alloc(validate::storage_len(slots, stride as u64)?)?;
        Ok(ArrayMap {
            spec: spec.clone(),
            id: crate::next_map_id(),
            percpu,
            stride,
            values,
            frozen: std::sync::atomic::AtomicBool::new(false),
        })
    }

    fn n_cpus(&self) -> usize {
        self.spec.n_cpus as usize
    }

    /// Offset of CPU `cpu`'s slot of element `index` (CPU 0 for plain arrays).
    fn offset(&self, index: u32, cpu: usize) -> usize {
        if self.percpu {
            (index as usize * self.n_cpus() + cpu) * self.stride
        } else {
            index as usize * self.stride
        }
    }

    /// The index in `key` if it is below `max_entries`.
    fn index(&self, key: &[u8]) -> Result<Option<u32>, MapError> {
        let index = index_key(key)?;
        Ok((index < self.spec.max_entries).then_some(index))
    }

    /// The shared buffer holding the values (for direct value access, as `.data`/`.bss`).
    pub fn values(&self) -> &SharedBuf {
        &self.values
    }

    /// Where a plain array's values live, for engines that compute an element's address
    /// themselves (as the kernel's JIT inlines array lookups): the address of element 0 and
    /// the distance between elements; element `i < max_entries` is at `base + i * stride`.
    /// `None` for per-CPU arrays, whose elements have one slot per CPU.
    pub fn direct_layout(&self) -> Option<(u64, usize)> {
        (!self.percpu).then(|| (self.values.addr(), self.stride))
    }
}

impl Map for ArrayMap {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        check_len(value, self.spec.user_value_len())?;
        let index = self.index(key)?.ok_or(MapError::NotFound)?;
        // Per-CPU slots of one element are contiguous, so all CPUs' values are one copy.
        self.values.read(self.offset(index, 0), value);
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        if self.frozen.load(std::sync::atomic::Ordering::Acquire) {
            return Err(MapError::Permission);
        }
        check_len(value, self.spec.user_value_len())?;
        if flags & update_flags::F_LOCK != 0 {
            // No value of a Sluice map holds a `bpf_spin_lock`.
            return Err(MapError::Invalid);
        }
        let index = index_key(key)?;
        if flags > update_flags::EXIST {
            return Err(MapError::Invalid);
        }
        if index >= self.spec.max_entries {
            return Err(MapError::Full);
        }
        if flags == update_flags::NOEXIST {
            return Err(MapError::Exists);
        }
        self.values.write(self.offset(index, 0), value);
        Ok(())
    }

    fn freeze(&self) -> Result<(), MapError> {
        self.frozen
            .store(true, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        index_key(key)?;
        Err(MapError::NotSupported)
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        array_next_key(self.spec.max_entries, key, next)
    }

    fn lookup_addr(&self, key: &[u8], cpu: u32) -> Option<u64> {
        let index = self.index(key).ok()??;
        if self.percpu && cpu >= self.spec.n_cpus {
            return None;
        }
        let cpu = if self.percpu { cpu as usize } else { 0 };
        Some(self.values.addr() + self.offset(index, cpu) as u64)
    }

    fn update_from_program(
        &self,
        key: &[u8],
        value: &[u8],
        flags: u64,
        cpu: u32,
    ) -> Result<(), MapError> {
        check_len(value, self.spec.value_size as usize)?;
        let index = index_key(key)?;
        if flags & !update_flags::F_LOCK > update_flags::EXIST {
            return Err(MapError::Invalid);
        }
        if index >= self.spec.max_entries {
            return Err(MapError::Full);
        }
        if flags & update_flags::NOEXIST != 0 {
            return Err(MapError::Exists);
        }
        if flags & update_flags::F_LOCK != 0 {
            return Err(MapError::Invalid);
        }
        if self.percpu && cpu >= self.spec.n_cpus {
            return Err(MapError::Invalid);
        }
        let cpu = if self.percpu { cpu as usize } else { 0 };
        self.values.write(self.offset(index, cpu), value);
        Ok(())
    }

    fn lookup_batch(&self, args: &mut BatchArgs<'_>) -> BatchOutcome {
        generic_lookup_batch(self, args)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        vec![&self.values]
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `array_map_get_next_key`: a missing or out-of-range key gives index 0, the last index gives
/// `ENOENT`, any other the next index.
pub(crate) fn array_next_key(
    max_entries: u32,
    key: Option<&[u8]>,
    next: &mut [u8],
) -> Result<(), MapError> {
    check_len(next, 4)?;
    let index = match key {
        Some(key) => index_key(key)?,
        None => u32::MAX,
    };
    let following = if index >= max_entries {
        0
    } else if index == max_entries - 1 {
        return Err(MapError::NotFound);
    } else {
        index + 1
    };
    next.copy_from_slice(&following.to_ne_bytes());
    Ok(())
}
