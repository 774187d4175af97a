//! [`DevMap`]: `BPF_MAP_TYPE_DEVMAP` and `BPF_MAP_TYPE_DEVMAP_HASH`, the targets of
//! `bpf_redirect_map` in XDP.
//!
//! The rules and invariants are documented on [`DevMap`].

use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering::Acquire, Ordering::Release};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::array::array_next_key;
use crate::error::MapError;
use crate::map::{Map, check_len, index_key};
use crate::spec::{MapSpec, map_flags, map_type, update_flags};
use crate::storage::SharedBuf;
use crate::validate;

/// `DEV_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 = map_flags::NUMA_NODE | map_flags::RDONLY | map_flags::WRONLY;
/// Bytes per value slot.
const SLOT: usize = 8;

/// [`DevMap`]: `BPF_MAP_TYPE_DEVMAP` and `BPF_MAP_TYPE_DEVMAP_HASH`, the targets of
/// `bpf_redirect_map` in XDP.
///
/// Values are `struct bpf_devmap_val { u32 ifindex; u32 prog; }`, or the `ifindex` alone when
/// `value_size` is 4. The rules are the kernel's (`kernel/bpf/devmap.c`):
/// - `devmap` is indexed by a `u32` below `max_entries`: an update with `BPF_NOEXIST` is
///   `EEXIST` (every slot "exists"), one past the end `E2BIG`; an update with ifindex 0 empties
///   the slot (and may not name a program); deletes of any index below `max_entries` succeed,
///   past it they are `EINVAL`; `next_key` walks indices like an array;
/// - `devmap_hash` keys are any `u32`, hashed by their low bits into
///   `roundup_pow_of_two(max_entries)` buckets, newest first; ifindex 0 is `EINVAL`;
///   `BPF_EXIST` does not require the key to exist (as in the kernel); a new key past
///   `max_entries` is `E2BIG`; `next_key` follows the kernel's bucket order exactly.
///
/// Sluice has no network devices to check, so any non-zero ifindex is accepted (the kernel
/// refuses an ifindex with no device with `EINVAL`), and `prog` is stored as given (the kernel
/// takes a program descriptor and reports the program's id back). The map is read-only for
/// programs (`BPF_F_RDONLY_PROG` is added to its flags, as the kernel does); program lookups
/// return the address of the value.
#[derive(Debug)]
pub struct DevMap {
    spec: MapSpec,
    id: u32,
    values: SharedBuf,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// Slot `i` is key `i`.
    Array {
        present: Box<[AtomicBool]>,
    },
    Hash(RwLock<HashTable>),
}

#[derive(Debug)]
struct HashTable {
    /// Per bucket: `(key, slot)`, newest first.
    buckets: Vec<Vec<(u32, u32)>>,
    free_slots: Vec<u32>,
}

impl HashTable {
    fn bucket(&self, key: u32) -> usize {
        key as usize & (self.buckets.len() - 1)
    }

    fn find(&self, key: u32) -> Option<u32> {
        self.buckets[self.bucket(key)]
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, slot)| slot)
    }

    fn items(&self) -> usize {
        self.buckets.iter().map(Vec::len).sum()
    }
}

fn read(table: &RwLock<HashTable>) -> RwLockReadGuard<'_, HashTable> {
    table
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write(table: &RwLock<HashTable>) -> RwLockWriteGuard<'_, HashTable> {
    table
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl DevMap {
    /// Checks `spec` as `dev_map_alloc_check` does.
    pub fn new(spec: &MapSpec) -> Result<DevMap, MapError> {
        if spec.max_entries == 0
            || spec.key_size != 4
            || (spec.value_size != 4 && spec.value_size != 8)
            || spec.map_flags & !CREATE_FLAG_MASK != 0
        {
            return Err(MapError::Invalid);
        }
        let hash = spec.map_type == map_type::DEVMAP_HASH;
        if hash && u64::from(spec.max_entries) > 1 << 31 {
            return Err(MapError::Invalid);
        }
        let values = validate::alloc(validate::storage_len(
            u64::from(spec.max_entries),
            SLOT as u64,
        )?)?;
        let kind = if hash {
            let n_buckets = spec.max_entries.next_power_of_two() as usize;
            let mut buckets = Vec::new();
            buckets
                .try_reserve_exact(n_buckets)
                .map_err(|_| MapError::NoMemory)?;
            buckets.resize_with(n_buckets, Vec::new);
            Kind::Hash(RwLock::new(HashTable {
                buckets,
                free_slots: (0..spec.max_entries).rev().collect(),
            }))
        } else {
            Kind::Array {
                present: (0..spec.max_entries)
                    .map(|_| AtomicBool::new(false))
                    .collect(),
            }
        };
        let mut effective = spec.clone();
        effective.map_flags |= map_flags::RDONLY_PROG;
        Ok(DevMap {
            spec: effective,
            id: crate::next_map_id(),
            values,
            kind,
        })
    }

    /// The `(ifindex, prog)` stored under `key`, if any.
    pub fn get(&self, key: u32) -> Option<(u32, u32)> {
        let slot = self.slot_of(key)?;
        let mut bytes = [0u8; SLOT];
        self.values.read(slot as usize * SLOT, &mut bytes);
        Some((
            u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            u32::from_ne_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
        ))
    }

    fn slot_of(&self, key: u32) -> Option<u32> {
        match &self.kind {
            Kind::Array { present } => present
                .get(key as usize)
                .is_some_and(|present| present.load(Acquire))
                .then_some(key),
            Kind::Hash(table) => read(table).find(key),
        }
    }

    /// The value as stored: ifindex, then the program (0 if none or not given).
    fn decode(&self, value: &[u8]) -> Result<[u8; SLOT], MapError> {
        check_len(value, self.spec.value_size as usize)?;
        let mut slot = [0u8; SLOT];
        slot[..value.len()].copy_from_slice(value);
        Ok(slot)
    }
}

impl Map for DevMap {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        let key = index_key(key)?;
        check_len(value, self.spec.value_size as usize)?;
        let slot = self.slot_of(key).ok_or(MapError::NotFound)?;
        self.values.read(slot as usize * SLOT, value);
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        let key = index_key(key)?;
        let stored = self.decode(value)?;
        let ifindex = u32::from_ne_bytes([stored[0], stored[1], stored[2], stored[3]]);
        let prog = i32::from_ne_bytes([stored[4], stored[5], stored[6], stored[7]]);
        match &self.kind {
            Kind::Array { present } => {
                if flags > update_flags::EXIST {
                    return Err(MapError::Invalid);
                }
                if key >= self.spec.max_entries {
                    return Err(MapError::Full);
                }
                if flags == update_flags::NOEXIST {
                    return Err(MapError::Exists);
                }
                if ifindex == 0 {
                    if prog > 0 {
                        return Err(MapError::Invalid);
                    }
                    present[key as usize].store(false, Release);
                    return Ok(());
                }
                self.values.write(key as usize * SLOT, &stored);
                present[key as usize].store(true, Release);
                Ok(())
            }
            Kind::Hash(table) => {
                if flags > update_flags::EXIST || ifindex == 0 {
                    return Err(MapError::Invalid);
                }
                let mut table = write(table);
                let old = table.find(key);
                if old.is_some() && flags & update_flags::NOEXIST != 0 {
                    return Err(MapError::Exists);
                }
                let bucket = table.bucket(key);
                let slot = match old {
                    Some(slot) => {
                        table.buckets[bucket].retain(|(k, _)| *k != key);
                        slot
                    }
                    None => {
                        if table.items() >= self.spec.max_entries as usize {
                            return Err(MapError::Full);
                        }
                        table.free_slots.pop().ok_or(MapError::Full)?
                    }
                };
                self.values.write(slot as usize * SLOT, &stored);
                table.buckets[bucket].insert(0, (key, slot));
                Ok(())
            }
        }
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        let key = index_key(key)?;
        match &self.kind {
            Kind::Array { present } => {
                let present = present.get(key as usize).ok_or(MapError::Invalid)?;
                present.store(false, Release);
                Ok(())
            }
            Kind::Hash(table) => {
                let mut table = write(table);
                let slot = table.find(key).ok_or(MapError::NotFound)?;
                let bucket = table.bucket(key);
                table.buckets[bucket].retain(|(k, _)| *k != key);
                table.free_slots.push(slot);
                Ok(())
            }
        }
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        let table = match &self.kind {
            Kind::Array { .. } => return array_next_key(self.spec.max_entries, key, next),
            Kind::Hash(table) => read(table),
        };
        check_len(next, 4)?;
        let mut bucket = 0;
        if let Some(key) = key {
            let key = index_key(key)?;
            let home = table.bucket(key);
            if let Some(position) = table.buckets[home].iter().position(|(k, _)| *k == key) {
                if let Some((following, _)) = table.buckets[home].get(position + 1) {
                    next.copy_from_slice(&following.to_ne_bytes());
                    return Ok(());
                }
                bucket = home + 1;
            }
        }
        for chain in &table.buckets[bucket.min(table.buckets.len())..] {
            if let Some((first, _)) = chain.first() {
                next.copy_from_slice(&first.to_ne_bytes());
                return Ok(());
            }
        }
        Err(MapError::NotFound)
    }

    fn lookup_addr(&self, key: &[u8], _cpu: u32) -> Option<u64> {
        let slot = self.slot_of(index_key(key).ok()?)?;
        Some(self.values.addr() + (slot as usize * SLOT) as u64)
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
        vec![&self.values]
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
