//! [`BloomFilter`]: `BPF_MAP_TYPE_BLOOM_FILTER`.
//!
//! The rules and invariants are documented on [`BloomFilter`].

use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::error::MapError;
use crate::hasher::{jhash, jhash2, random_seed};
use crate::map::{Map, check_len};
use crate::spec::{MapSpec, map_flags, update_flags};
use crate::storage::SharedBuf;
use crate::validate::{self, KMALLOC_MAX_SIZE};

/// `BLOOM_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 = map_flags::NUMA_NODE | map_flags::ZERO_SEED | map_flags::ACCESS_MASK;

/// [`BloomFilter`]: `BPF_MAP_TYPE_BLOOM_FILTER`.
///
/// The kernel's filter bit for bit (`kernel/bpf/bloom_filter.c`): `nr_hash_funcs` (the low 4
/// bits of `map_extra`, default 5) hashes of each value with `jhash2` (values whose size is a
/// multiple of 4) or `jhash`, seeded `hash_seed + i`, masked to a power-of-two bit array of
/// about `max_entries * nr_hash_funcs * 7 / 5` bits. With `BPF_F_ZERO_SEED` the seed is 0, so
/// Sluice and the kernel set and test the same bits and agree even on false positives; without
/// it the seed is random, as in the kernel.
///
/// Values are pushed (`bpf_map_push_elem`, or `BPF_MAP_UPDATE_ELEM` with no key) and tested
/// with peek (`bpf_map_peek_elem`, or `BPF_MAP_LOOKUP_ELEM` with the value as input): `Ok`
/// means "maybe present", `ENOENT` "certainly absent". Nothing can be removed. Bits are atomic
/// words, so pushes and peeks from any number of threads need no lock.
#[derive(Debug)]
pub struct BloomFilter {
    spec: MapSpec,
    id: u32,
    nr_hash_funcs: u32,
    bitset_mask: u32,
    hash_seed: u32,
    bits: Box<[AtomicU64]>,
}

impl BloomFilter {
    /// Checks `spec` as `bloom_map_alloc_check` and `bloom_map_alloc` do and sizes the bits.
    pub fn new(spec: &MapSpec) -> Result<BloomFilter, MapError> {
        if u64::from(spec.value_size) > KMALLOC_MAX_SIZE {
            return Err(MapError::Full);
        }
        if spec.key_size != 0
            || spec.value_size == 0
            || spec.max_entries == 0
            || spec.map_flags & !CREATE_FLAG_MASK != 0
            || !validate::access_ok(spec.map_flags)
            || spec.map_extra & !0xf != 0
        {
            return Err(MapError::Invalid);
        }
        let nr_hash_funcs = match spec.map_extra as u32 {
            0 => 5,
            n => n,
        };
        let bits = spec
            .max_entries
            .checked_mul(nr_hash_funcs)
            .and_then(|bits| (bits / 5).checked_mul(7))
            .filter(|&bits| bits <= 1 << 31);
        let bitset_mask = match bits {
            None => u32::MAX,
            Some(bits) if bits <= 64 => 63,
            Some(bits) => bits.next_power_of_two() - 1,
        };
        let n_words = (u64::from(bitset_mask) + 1).div_ceil(64) as usize;
        let mut words = Vec::new();
        words
            .try_reserve_exact(n_words)
            .map_err(|_| MapError::NoMemory)?;
        words.extend((0..n_words).map(|_| AtomicU64::new(0)));
        let hash_seed = if spec.map_flags & map_flags::ZERO_SEED != 0 {
            0
        } else {
            random_seed() as u32
        };
        Ok(BloomFilter {
            spec: spec.clone(),
            id: crate::next_map_id(),
            nr_hash_funcs,
            bitset_mask,
            hash_seed,
            bits: words.into_boxed_slice(),
        })
    }

    /// The number of hash functions.
    pub fn nr_hash_funcs(&self) -> u32 {
        self.nr_hash_funcs
    }

    fn bit(&self, value: &[u8], index: u32) -> u32 {
        let seed = self.hash_seed.wrapping_add(index);
        let hash = if value.len().is_multiple_of(4) {
            jhash2(value, seed)
        } else {
            jhash(value, seed)
        };
        hash & self.bitset_mask
    }

    fn word_and_mask(&self, bit: u32) -> (&AtomicU64, u64) {
        (&self.bits[(bit / 64) as usize], 1u64 << (bit % 64))
    }

    fn test(&self, value: &[u8]) -> Result<(), MapError> {
        check_len(value, self.spec.value_size as usize)?;
        for index in 0..self.nr_hash_funcs {
            let (word, mask) = self.word_and_mask(self.bit(value, index));
            if word.load(Relaxed) & mask == 0 {
                return Err(MapError::NotFound);
            }
        }
        Ok(())
    }
}

impl Map for BloomFilter {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    /// `value` is the element to test, as with the kernel's `BPF_MAP_LOOKUP_ELEM`.
    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        check_len(key, 0)?;
        self.test(value)
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        check_len(key, 0)?;
        self.push(value, flags)
    }

    fn delete(&self, _key: &[u8]) -> Result<(), MapError> {
        Err(MapError::OpNotSupported)
    }

    fn next_key(&self, _key: Option<&[u8]>, _next: &mut [u8]) -> Result<(), MapError> {
        Err(MapError::OpNotSupported)
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

    fn delete_from_program(&self, _key: &[u8]) -> Result<(), MapError> {
        Err(MapError::OpNotSupported)
    }

    fn push(&self, value: &[u8], flags: u64) -> Result<(), MapError> {
        check_len(value, self.spec.value_size as usize)?;
        if flags != update_flags::ANY {
            return Err(MapError::Invalid);
        }
        for index in 0..self.nr_hash_funcs {
            let (word, mask) = self.word_and_mask(self.bit(value, index));
            word.fetch_or(mask, Relaxed);
        }
        Ok(())
    }

    fn peek(&self, value: &mut [u8]) -> Result<(), MapError> {
        self.test(value)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        Vec::new()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
