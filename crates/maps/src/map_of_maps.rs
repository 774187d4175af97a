//! [`ArrayOfMaps`] and [`HashOfMaps`]: `BPF_MAP_TYPE_ARRAY_OF_MAPS` and
//! `BPF_MAP_TYPE_HASH_OF_MAPS`.
//!
//! The rules and invariants are documented on [`ArrayOfMaps`].

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::array::array_next_key;
use crate::error::MapError;
use crate::map::{Map, check_len, check_update_flags, index_key};
use crate::prog_array::check_fd_array_spec;
use crate::spec::{MapSpec, map_flags, map_type, update_flags};
use crate::storage::SharedBuf;

/// `bpf_map_meta_alloc`: the template must be creatable, one level deep, and of a type with a
/// `map_meta_equal`.
fn check_template(spec: &MapSpec) -> Result<MapSpec, MapError> {
    let inner = spec.inner.as_deref().ok_or(MapError::BadHandle)?;
    if matches!(
        inner.map_type,
        map_type::ARRAY_OF_MAPS | map_type::HASH_OF_MAPS
    ) {
        return Err(MapError::Invalid);
    }
    if inner.map_type == map_type::PROG_ARRAY {
        return Err(MapError::KernelNotSupported);
    }
    // The kernel's template is a live map, so it was valid; make sure ours is.
    let template = crate::create(inner)?;
    Ok(template.spec().clone())
}

/// Whether `map` may be stored where `template` is expected.
fn compatible(template: &MapSpec, map: &dyn Map) -> bool {
    let spec = map.spec();
    let same = template.map_type == spec.map_type
        && template.key_size == spec.key_size
        && template.value_size == spec.value_size
        && template.map_flags == spec.map_flags;
    if !same {
        return false;
    }
    if template.map_type == map_type::ARRAY && template.map_flags & map_flags::INNER_MAP == 0 {
        return template.max_entries == spec.max_entries;
    }
    true
}

/// The inner map named by a 4-byte id value.
fn resolve(value: &[u8]) -> Result<Arc<dyn Map>, MapError> {
    let id = index_key(value)?;
    crate::map_by_id(id).ok_or(MapError::BadHandle)
}

/// One slot of an array of maps.
type Slot = RwLock<Option<Arc<dyn Map>>>;

/// [`ArrayOfMaps`] and [`HashOfMaps`]: `BPF_MAP_TYPE_ARRAY_OF_MAPS` and
/// `BPF_MAP_TYPE_HASH_OF_MAPS`.
///
/// Values are maps. Every inner map must match the template given at creation
/// ([`MapSpec::inner`], the kernel's `inner_map_fd`): same type, key size, value size and flags,
/// and for array inner maps the same `max_entries` unless the template has `BPF_F_INNER_MAP`
/// (`bpf_map_meta_equal`, `array_map_meta_equal`); a mismatch is `EINVAL`. The template may not
/// itself be a map of maps (`EINVAL`) or a program array (`ENOTSUPP`).
///
/// User space stores inner maps with [`ArrayOfMaps::set_inner`] / [`HashOfMaps::set_inner`], or
/// with `BPF_MAP_UPDATE_ELEM` whose value is the inner map's id (resolved with
/// [`crate::map_by_id`], where the kernel takes a descriptor; an unknown id is `EBADF`).
/// `BPF_MAP_LOOKUP_ELEM` returns the inner map's id, as the kernel does. Programs' lookups
/// return the inner map's [`crate::map_handle`], the pointer they pass to further helpers.
/// Outer maps keep their inner maps alive.
///
/// Sluice's hash of maps keeps its keys in sorted order: `next_key` walks them in byte order
/// (a key not in the map gives the first key, as in the kernel), and it has no batch commands
/// (`ENOTSUPP`), where the kernel's walks buckets.
#[derive(Debug)]
pub struct ArrayOfMaps {
    spec: MapSpec,
    id: u32,
    template: MapSpec,
    slots: Box<[Slot]>,
}

impl ArrayOfMaps {
    /// Checks `spec` and its inner template as the kernel does.
    pub fn new(spec: &MapSpec) -> Result<ArrayOfMaps, MapError> {
        check_fd_array_spec(spec)?;
        let template = check_template(spec)?;
        let mut slots = Vec::new();
        slots
            .try_reserve_exact(spec.max_entries as usize)
            .map_err(|_| MapError::NoMemory)?;
        slots.extend((0..spec.max_entries).map(|_| RwLock::new(None)));
        Ok(ArrayOfMaps {
            spec: spec.clone(),
            id: crate::next_map_id(),
            template,
            slots: slots.into_boxed_slice(),
        })
    }

    fn slot(&self, index: u32) -> Option<&Slot> {
        self.slots.get(index as usize)
    }

    /// The inner map at `index`, if any.
    pub fn get_inner(&self, index: u32) -> Option<Arc<dyn Map>> {
        read(self.slot(index)?).clone()
    }

    /// Stores `map` at `index`: `E2BIG` past the end, `EINVAL` if it does not match the
    /// template.
    pub fn set_inner(&self, index: u32, map: Arc<dyn Map>) -> Result<(), MapError> {
        let slot = self.slot(index).ok_or(MapError::Full)?;
        if !compatible(&self.template, map.as_ref()) {
            return Err(MapError::Invalid);
        }
        *write(slot) = Some(map);
        Ok(())
    }

    /// Empties `index`: `E2BIG` past the end, `ENOENT` if empty.
    pub fn clear(&self, index: u32) -> Result<(), MapError> {
        let slot = self.slot(index).ok_or(MapError::Full)?;
        write(slot).take().map(drop).ok_or(MapError::NotFound)
    }

    /// The template inner maps must match.
    pub fn template(&self) -> &MapSpec {
        &self.template
    }
}

impl Map for ArrayOfMaps {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        let index = index_key(key)?;
        check_len(value, 4)?;
        let inner = self.get_inner(index).ok_or(MapError::NotFound)?;
        value.copy_from_slice(&inner.id().to_ne_bytes());
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        let index = index_key(key)?;
        check_len(value, 4)?;
        if flags != update_flags::ANY {
            return Err(MapError::Invalid);
        }
        if index >= self.spec.max_entries {
            return Err(MapError::Full);
        }
        self.set_inner(index, resolve(value)?)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        self.clear(index_key(key)?)
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        array_next_key(self.spec.max_entries, key, next)
    }

    fn lookup_addr(&self, key: &[u8], _cpu: u32) -> Option<u64> {
        let index = index_key(key).ok()?;
        self.get_inner(index).map(|inner| crate::map_handle(&inner))
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

/// A hash map whose values are maps; the rules are those of [`ArrayOfMaps`].
#[derive(Debug)]
pub struct HashOfMaps {
    spec: MapSpec,
    id: u32,
    template: MapSpec,
    entries: RwLock<BTreeMap<Vec<u8>, Arc<dyn Map>>>,
}

impl HashOfMaps {
    /// Checks `spec` and its inner template as the kernel does.
    pub fn new(spec: &MapSpec) -> Result<HashOfMaps, MapError> {
        if spec.value_size != 4 {
            return Err(MapError::Invalid);
        }
        // The hash checks, on a plain hash of the same shape.
        let mut as_hash = spec.clone();
        as_hash.map_type = map_type::HASH;
        as_hash.inner = None;
        crate::validate::check_common(&as_hash)?;
        check_hash_of_maps_flags(spec)?;
        let template = check_template(spec)?;
        Ok(HashOfMaps {
            spec: spec.clone(),
            id: crate::next_map_id(),
            template,
            entries: RwLock::new(BTreeMap::new()),
        })
    }

    /// The inner map under `key`, if any.
    pub fn get_inner(&self, key: &[u8]) -> Option<Arc<dyn Map>> {
        read(&self.entries).get(key).cloned()
    }

    /// Stores `map` under `key` with `BPF_ANY`, `BPF_NOEXIST` or `BPF_EXIST`: `EINVAL` if it
    /// does not match the template, `E2BIG` when full.
    pub fn set_inner(&self, key: &[u8], map: Arc<dyn Map>, flags: u64) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        if !compatible(&self.template, map.as_ref()) {
            return Err(MapError::Invalid);
        }
        if flags & update_flags::F_LOCK != 0 || flags > update_flags::EXIST {
            return Err(MapError::Invalid);
        }
        let mut entries = write(&self.entries);
        let exists = entries.contains_key(key);
        check_update_flags(exists, flags)?;
        if !exists && entries.len() >= self.spec.max_entries as usize {
            return Err(MapError::Full);
        }
        entries.insert(key.to_vec(), map);
        Ok(())
    }

    /// The template inner maps must match.
    pub fn template(&self) -> &MapSpec {
        &self.template
    }
}

/// The size and flag checks of `htab_map_alloc_check` for a hash of maps.
fn check_hash_of_maps_flags(spec: &MapSpec) -> Result<(), MapError> {
    let allowed = map_flags::NO_PREALLOC
        | map_flags::NUMA_NODE
        | map_flags::ACCESS_MASK
        | map_flags::ZERO_SEED
        | map_flags::NO_COMMON_LRU;
    if spec.map_flags & !allowed != 0 || !crate::validate::access_ok(spec.map_flags) {
        return Err(MapError::Invalid);
    }
    if spec.map_flags & map_flags::NO_COMMON_LRU != 0 {
        return Err(MapError::Invalid);
    }
    if spec.max_entries == 0 || spec.key_size == 0 {
        return Err(MapError::Invalid);
    }
    if u64::from(spec.key_size) + 4 >= crate::validate::KMALLOC_MAX_SIZE - 48 {
        return Err(MapError::Full);
    }
    if u64::from(spec.max_entries) > 1 << 31 {
        return Err(MapError::Full);
    }
    Ok(())
}

impl Map for HashOfMaps {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        check_len(value, 4)?;
        let inner = self.get_inner(key).ok_or(MapError::NotFound)?;
        value.copy_from_slice(&inner.id().to_ne_bytes());
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        check_len(value, 4)?;
        self.set_inner(key, resolve(value)?, flags)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        write(&self.entries)
            .remove(key)
            .map(drop)
            .ok_or(MapError::NotFound)
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        check_len(next, self.spec.key_size as usize)?;
        let entries = read(&self.entries);
        let following = match key {
            Some(key) if entries.contains_key(key) => entries
                .range::<[u8], _>((std::ops::Bound::Excluded(key), std::ops::Bound::Unbounded))
                .next(),
            _ => entries.iter().next(),
        };
        let (found, _) = following.ok_or(MapError::NotFound)?;
        next.copy_from_slice(found);
        Ok(())
    }

    fn lookup_addr(&self, key: &[u8], _cpu: u32) -> Option<u64> {
        self.get_inner(key).map(|inner| crate::map_handle(&inner))
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

fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
