//! [`HashMap`]: `BPF_MAP_TYPE_HASH`, `PERCPU_HASH`, `LRU_HASH` and `LRU_PERCPU_HASH`.
//!
//! The table, its concurrency rules and the LRU eviction are documented on [`HashMap`].

use std::any::Any;
use std::sync::atomic::{
    AtomicBool, AtomicU32, AtomicU64,
    Ordering::{Acquire, Relaxed, Release},
};
use std::sync::{Mutex, MutexGuard};

use crate::error::MapError;
use crate::hasher::{fast_hash, random_seed, tail_word};
use crate::lru::{Env, Lru};
use crate::map::{BatchArgs, BatchOutcome, Map, check_len, check_update_flags};
use crate::spec::{MapSpec, map_flags, map_type, percpu_stride, update_flags};
use crate::storage::SharedBuf;
use crate::validate::{self, KMALLOC_MAX_SIZE, PCPU_MIN_UNIT_SIZE};

/// Marks the end of a chain; the low bits name the bucket.
const NULLS: u32 = 1 << 31;
/// How often a lookup restarts after landing in another bucket's chain before giving up.
const MAX_RESTARTS: u32 = 16;
/// At most this many bucket locks.
const MAX_LOCKS: u32 = 1024;
/// `HTAB_CREATE_FLAG_MASK`.
const CREATE_FLAG_MASK: u32 = map_flags::NO_PREALLOC
    | map_flags::NO_COMMON_LRU
    | map_flags::NUMA_NODE
    | map_flags::ACCESS_MASK
    | map_flags::ZERO_SEED;
/// `sizeof(struct htab_elem)` on x86-64, for the kernel's key + value size limit.
const HTAB_ELEM_SIZE: u64 = 48;
/// `sizeof(struct bucket)`, for the kernel's bucket-count limit.
const BUCKET_SIZE: u64 = 16;
/// The most memory one hash map may take in Sluice (elements, keys, values, buckets).
const MAX_TABLE_BYTES: u64 = 1 << 32;

/// [`HashMap`]: `BPF_MAP_TYPE_HASH`, `PERCPU_HASH`, `LRU_HASH` and `LRU_PERCPU_HASH`.
///
/// The table has the kernel's shape: `n_buckets = roundup_pow_of_two(max_entries)` buckets,
/// each a singly linked chain of elements, newest first, ending in a "nulls" marker that names
/// the bucket (`NULLS | bucket`). Elements are indices into preallocated arrays, so nothing is
/// allocated after creation and value addresses handed to programs stay valid for the map's
/// life. An element's metadata is one run of atomic words: the 32-bit hash and the next link
/// in the first word, then the key, so a lookup touches one cache line per element (plus the
/// bucket head), like the kernel's `htab_elem`; values live apart, in the [`SharedBuf`]
/// programs see.
///
/// Concurrency, as in the kernel's RCU hash table:
/// - lookups take no lock: they follow the links with acquire loads and compare hash and key
///   words (all atomics). An element is fully written before a release store links it, and an
///   unlinked element keeps its `next` link, so a reader standing on it can go on. If the
///   element was reused meanwhile, the reader ends on another bucket's nulls marker and starts
///   again, exactly the kernel's `hlist_nulls` scheme;
/// - writers lock the bucket (striped mutexes); LRU maps also hold the LRU lock, always taken
///   before any bucket lock (the LRU evicts by unlinking from other buckets);
/// - replacing the value of an existing key in a plain hash inserts a new element and unlinks
///   the old one, as the kernel does (so a concurrent reader sees the old or the new value,
///   not a mix, unless it is still reading when the old element is reused, and the value's
///   address changes); per-CPU hashes update in place, as in the kernel. The kernel keeps one spare element per CPU for this; so does Sluice, and should
///   more updates than that race, the value is written in place instead.
///
/// Capacity: at most `max_entries` elements; one more new key is `E2BIG` (`ENOMEM` for LRU maps
/// when nothing can be evicted). `BPF_F_NO_PREALLOC` is accepted and changes nothing visible.
/// The hash function is Sluice's own (seeded per map unless `BPF_F_ZERO_SEED`), so iteration
/// order differs from the kernel's; the iteration rules are the kernel's (bucket order, a key
/// not in the map restarts from the first key, batch cursors are bucket indices).
///
/// LRU types evict as Linux does, not as an exact LRU would: the kernel's LRU (reimplemented
/// step for step) hands each CPU a batch of free nodes at a time and evicts in batches of
/// `clamp(max_entries / n_cpus / 2, 1, 128)` from the tail of its inactive list. So a single
/// thread inserting keys `1..=N+k` into an LRU of `N` entries keeps only the newest keys, but
/// possibly fewer than `N` of them (Linux 6.18 on 2 possible CPUs keeps `26..=105` for
/// `N = 100, k = 5`, and so does Sluice). It evicts a different element than exact LRU when:
/// - elements were inserted on another CPU and still sit on that CPU's pending list (they are
///   invisible to this CPU's eviction until that CPU refills, so a younger element of this CPU
///   may go first), or nothing is free and the CPU steals from other CPUs' lists;
/// - an element has its reference bit set (by a program lookup or an update of an existing
///   key; user-space lookups never set it): it moves to the active list instead of being
///   evicted on its turn;
/// - the map has per-CPU lists (`BPF_F_NO_COMMON_LRU`): each CPU evicts only among its own
///   `max_entries / n_cpus` elements.
///
/// User-space operations count as running on [`HashMap::set_user_cpu`]'s CPU (0 by default);
/// the kernel uses whichever CPU the `bpf(2)` caller runs on.
#[derive(Debug)]
pub struct HashMap {
    spec: MapSpec,
    id: u32,
    percpu: bool,
    /// The LRU lists, for LRU types.
    lru: Option<Mutex<Lru>>,
    seed: u64,
    /// `n_buckets - 1`.
    mask: u32,
    heads: Box<[AtomicU32]>,
    locks: Box<[Mutex<()>]>,
    lock_mask: u32,
    /// Per element, `meta_stride` words: `hash << 32 | next` (the next element in the chain
    /// or a nulls marker), then the key as little-endian words, zero-padded.
    meta: Box<[AtomicU64]>,
    meta_stride: usize,
    n_elems: u32,
    /// Per element: `elem_stride` bytes of value (per-CPU: one `value_stride` slot per CPU).
    values: SharedBuf,
    value_stride: usize,
    elem_stride: usize,
    /// Per element: the LRU reference bit (LRU types only).
    refs: Box<[AtomicBool]>,
    pool: Mutex<Pool>,
    /// The CPU user-space operations count as running on (LRU bookkeeping).
    user_cpu: AtomicU32,
}

/// Free elements of non-LRU maps.
#[derive(Debug)]
struct Pool {
    free: Vec<u32>,
    /// Elements in the table.
    live: u32,
}

/// Where an update's value comes from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// User space: one value, or every CPU's for per-CPU maps.
    User(&'a [u8]),
    /// A program on `cpu`: one value.
    Program { value: &'a [u8], cpu: u32 },
}

/// `htab_map_alloc_check` and the size checks of `htab_map_alloc`. Returns the effective
/// `max_entries` (rounded to a multiple of the CPU count for per-CPU LRU lists).
fn check_hash_spec(spec: &MapSpec) -> Result<u32, MapError> {
    let percpu = matches!(
        spec.map_type,
        map_type::PERCPU_HASH | map_type::LRU_PERCPU_HASH
    );
    let lru = matches!(
        spec.map_type,
        map_type::LRU_HASH | map_type::LRU_PERCPU_HASH
    );
    let flags = spec.map_flags;
    let percpu_lru = flags & map_flags::NO_COMMON_LRU != 0;
    let prealloc = flags & map_flags::NO_PREALLOC == 0;
    if flags & !CREATE_FLAG_MASK != 0 || !validate::access_ok(flags) {
        return Err(MapError::Invalid);
    }
    if !lru && percpu_lru {
        return Err(MapError::Invalid);
    }
    if lru && !prealloc {
        return Err(MapError::KernelNotSupported);
    }
    if flags & map_flags::NUMA_NODE != 0 && (percpu || percpu_lru) {
        return Err(MapError::Invalid);
    }
    if spec.max_entries == 0 || spec.key_size == 0 || spec.value_size == 0 {
        return Err(MapError::Invalid);
    }
    if u64::from(spec.key_size) + u64::from(spec.value_size) >= KMALLOC_MAX_SIZE - HTAB_ELEM_SIZE {
        return Err(MapError::Full);
    }
    if percpu && percpu_stride(spec.value_size) as u64 > PCPU_MIN_UNIT_SIZE {
        return Err(MapError::Full);
    }
    let mut max_entries = spec.max_entries;
    if percpu_lru {
        let n_cpus = spec.n_cpus;
        max_entries = match max_entries.div_ceil(n_cpus).checked_mul(n_cpus) {
            Some(rounded) => rounded,
            None => max_entries / n_cpus * n_cpus,
        };
    }
    if u64::from(max_entries) > 1 << 31 {
        return Err(MapError::Full);
    }
    let n_buckets = u64::from(max_entries).next_power_of_two();
    if n_buckets > u64::from(u32::MAX) / BUCKET_SIZE {
        return Err(MapError::Full);
    }
    Ok(max_entries)
}

impl HashMap {
    /// Checks `spec` as the kernel does and allocates the table and every element.
    pub fn new(spec: &MapSpec) -> Result<HashMap, MapError> {
        let max_entries = check_hash_spec(spec)?;
        let percpu = spec.is_percpu();
        let lru = matches!(
            spec.map_type,
            map_type::LRU_HASH | map_type::LRU_PERCPU_HASH
        );
        let n_cpus = spec.n_cpus;
        let n_buckets = max_entries.next_power_of_two();
        // Plain hashes keep one spare element per CPU for replacing values, as the kernel's
        // `extra_elems`.
        let n_elems = if lru || percpu {
            u64::from(max_entries)
        } else {
            u64::from(max_entries) + u64::from(n_cpus)
        };
        let key_words = (spec.key_size as usize).div_ceil(8);
        let value_stride = percpu_stride(spec.value_size);
        let elem_stride = if percpu {
            value_stride * n_cpus as usize
        } else {
            value_stride
        };
        let per_elem = 8 + 8 * key_words as u64 + elem_stride as u64 + 1;
        let total = n_elems
            .checked_mul(per_elem)
            .and_then(|bytes| bytes.checked_add(4 * u64::from(n_buckets)))
            .ok_or(MapError::NoMemory)?;
        if total > MAX_TABLE_BYTES {
            return Err(MapError::NoMemory);
        }
        let values = validate::alloc(validate::storage_len(n_elems, elem_stride as u64)?)?;
        let n_elems = n_elems as u32;
        let n_locks = n_buckets.min(MAX_LOCKS);
        let mut effective = spec.clone();
        effective.max_entries = max_entries;
        let seed = if spec.map_flags & map_flags::ZERO_SEED != 0 {
            0
        } else {
            random_seed()
        };
        Ok(HashMap {
            spec: effective,
            id: crate::next_map_id(),
            percpu,
            lru: lru.then(|| {
                Mutex::new(Lru::new(
                    n_elems,
                    n_cpus,
                    spec.map_flags & map_flags::NO_COMMON_LRU != 0,
                ))
            }),
            seed,
            mask: n_buckets - 1,
            heads: (0..n_buckets).map(|b| AtomicU32::new(NULLS | b)).collect(),
            locks: (0..n_locks).map(|_| Mutex::new(())).collect(),
            lock_mask: n_locks - 1,
            meta: (0..n_elems as usize * (1 + key_words))
                .map(|_| AtomicU64::new(u64::from(NULLS)))
                .collect(),
            meta_stride: 1 + key_words,
            n_elems,
            values,
            value_stride,
            elem_stride,
            refs: (0..if lru { n_elems } else { 0 })
                .map(|_| AtomicBool::new(false))
                .collect(),
            pool: Mutex::new(Pool {
                free: if lru {
                    Vec::new()
                } else {
                    (0..n_elems).rev().collect()
                },
                live: 0,
            }),
            user_cpu: AtomicU32::new(0),
        })
    }

    /// Sets the CPU that user-space operations count as running on, for LRU maps: the kernel
    /// does LRU bookkeeping on the CPU that issues `bpf(2)`. Defaults to 0.
    pub fn set_user_cpu(&self, cpu: u32) {
        self.user_cpu.store(cpu, Relaxed);
    }

    /// Number of elements in the map.
    pub fn len(&self) -> usize {
        if self.lru.is_some() {
            let mut count = 0;
            for bucket in 0..=self.mask {
                let _guard = self.lock(bucket);
                let mut current = self.heads[bucket as usize].load(Relaxed);
                while current & NULLS == 0 {
                    count += 1;
                    current = self.next_of(current, Relaxed);
                }
            }
            count
        } else {
            lock(&self.pool).live as usize
        }
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The 32-bit hash of a key (the 64-bit hash folded), as the kernel keeps a `u32`.
    #[inline]
    fn hash(&self, key: &[u8]) -> u32 {
        let hash = fast_hash(key, self.seed);
        (hash ^ (hash >> 32)) as u32
    }

    #[inline]
    fn bucket_of(&self, hash: u32) -> u32 {
        hash & self.mask
    }

    /// Index of an element's first metadata word.
    #[inline]
    fn base(&self, elem: u32) -> usize {
        elem as usize * self.meta_stride
    }

    #[inline]
    fn next_of(&self, elem: u32, order: std::sync::atomic::Ordering) -> u32 {
        self.meta[self.base(elem)].load(order) as u32
    }

    fn hash_of(&self, elem: u32) -> u32 {
        (self.meta[self.base(elem)].load(Relaxed) >> 32) as u32
    }

    fn lock(&self, bucket: u32) -> MutexGuard<'_, ()> {
        lock(&self.locks[(bucket & self.lock_mask) as usize])
    }

    /// Whether the key words starting at metadata word `at` hold `key`.
    #[inline]
    fn key_matches(&self, at: usize, key: &[u8]) -> bool {
        let mut chunks = key.chunks_exact(8);
        let mut at = at;
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if self.meta[at].load(Relaxed) != u64::from_le_bytes(word) {
                return false;
            }
            at += 1;
        }
        let rest = chunks.remainder();
        rest.is_empty() || self.meta[at].load(Relaxed) == tail_word(rest)
    }

    fn store_key(&self, elem: u32, key: &[u8]) {
        let base = self.base(elem) + 1;
        for (i, chunk) in key.chunks(8).enumerate() {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.meta[base + i].store(u64::from_le_bytes(word), Relaxed);
        }
    }

    fn read_key(&self, elem: u32, out: &mut [u8]) {
        let base = self.base(elem) + 1;
        for (i, chunk) in out.chunks_mut(8).enumerate() {
            let word = self.meta[base + i].load(Relaxed).to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }

    /// Lock-free lookup (see the module docs).
    #[inline]
    fn find(&self, key: &[u8], hash: u32) -> Option<u32> {
        let bucket = self.bucket_of(hash);
        let end = NULLS | bucket;
        for _ in 0..MAX_RESTARTS {
            let mut current = self.heads[bucket as usize].load(Acquire);
            let mut hops = 0;
            while current & NULLS == 0 && hops <= self.n_elems {
                let base = self.base(current);
                let first = self.meta[base].load(Acquire);
                if (first >> 32) as u32 == hash && self.key_matches(base + 1, key) {
                    return Some(current);
                }
                current = first as u32;
                hops += 1;
            }
            if current == end {
                return None;
            }
        }
        None
    }

    /// Lookup with the bucket locked: the chain cannot change.
    fn find_locked(&self, bucket: u32, key: &[u8], hash: u32) -> Option<u32> {
        let mut current = self.heads[bucket as usize].load(Relaxed);
        while current & NULLS == 0 {
            let base = self.base(current);
            let first = self.meta[base].load(Relaxed);
            if (first >> 32) as u32 == hash && self.key_matches(base + 1, key) {
                return Some(current);
            }
            current = first as u32;
        }
        None
    }

    /// Puts a fully written element at the head of its chain (bucket locked).
    fn link(&self, bucket: u32, elem: u32, hash: u32) {
        let head = &self.heads[bucket as usize];
        let first = u64::from(hash) << 32 | u64::from(head.load(Relaxed));
        self.meta[self.base(elem)].store(first, Relaxed);
        head.store(elem, Release);
    }

    /// Removes an element from its chain (bucket locked), keeping its own `next` link for
    /// readers standing on it. False if it is not in the chain.
    fn unlink(&self, bucket: u32, elem: u32) -> bool {
        let following = self.next_of(elem, Relaxed);
        let head = &self.heads[bucket as usize];
        let mut current = head.load(Relaxed);
        if current == elem {
            head.store(following, Release);
            return true;
        }
        while current & NULLS == 0 {
            let word = &self.meta[self.base(current)];
            let first = word.load(Relaxed);
            if first as u32 == elem {
                word.store(
                    (first & !u64::from(u32::MAX)) | u64::from(following),
                    Release,
                );
                return true;
            }
            current = first as u32;
        }
        false
    }

    /// `htab_lru_map_delete_node`: unlinks an element the LRU evicts, locking its bucket.
    fn unlink_evicted(&self, elem: u32) -> bool {
        let bucket = self.bucket_of(self.hash_of(elem));
        let _guard = self.lock(bucket);
        self.unlink(bucket, elem)
    }

    fn value_offset(&self, elem: u32) -> usize {
        elem as usize * self.elem_stride
    }

    /// Writes the value of a new element: user values whole; a program's value into its CPU's
    /// slot with the other CPUs' slots zeroed (`pcpu_init_value`).
    fn write_new_value(&self, elem: u32, source: Source<'_>) {
        let offset = self.value_offset(elem);
        match source {
            Source::User(value) => {
                self.values.write(offset, value);
            }
            Source::Program { value, cpu } => {
                if self.percpu {
                    self.values.zero(offset, self.elem_stride);
                    self.values
                        .write(offset + cpu as usize * self.value_stride, value);
                } else {
                    self.values.write(offset, value);
                }
            }
        }
    }

    /// Writes a new value into an existing element in place (`pcpu_copy_value`).
    fn write_value_in_place(&self, elem: u32, source: Source<'_>) {
        let offset = self.value_offset(elem);
        match source {
            Source::User(value) => {
                self.values.write(offset, value);
            }
            Source::Program { value, cpu } => {
                let slot = if self.percpu {
                    cpu as usize * self.value_stride
                } else {
                    0
                };
                self.values.write(offset + slot, value);
            }
        }
    }

    fn read_user_value(&self, elem: u32, out: &mut [u8]) {
        self.values.read(self.value_offset(elem), out);
    }

    fn source_cpu(&self, source: Source<'_>) -> u32 {
        match source {
            Source::User(_) => self.user_cpu.load(Relaxed),
            Source::Program { cpu, .. } => cpu,
        }
    }

    /// Takes a free element for a new key: `E2BIG` when `max_entries` are in use.
    fn alloc_new(&self) -> Result<u32, MapError> {
        let mut pool = lock(&self.pool);
        if pool.live >= self.spec.max_entries {
            return Err(MapError::Full);
        }
        let elem = pool.free.pop().ok_or(MapError::Full)?;
        pool.live += 1;
        Ok(elem)
    }

    /// Takes a spare element to replace an existing one with, if any is free.
    fn alloc_spare(&self) -> Option<u32> {
        lock(&self.pool).free.pop()
    }

    /// Gives back an element; `was_live` if it held a key that is now gone.
    fn release(&self, elem: u32, was_live: bool) {
        let mut pool = lock(&self.pool);
        pool.free.push(elem);
        if was_live {
            pool.live = pool.live.saturating_sub(1);
        }
    }

    /// Pops an LRU node for a new element on `cpu`, evicting as the kernel does.
    fn lru_pop(&self, lru: &mut Lru, cpu: u32) -> Option<u32> {
        let mut del = |elem: u32| self.unlink_evicted(elem);
        let mut env = Env {
            refs: &self.refs,
            del: &mut del,
        };
        lru.pop_free(cpu, &mut env)
    }

    fn set_ref(&self, elem: u32) {
        let bit = &self.refs[elem as usize];
        if !bit.load(Relaxed) {
            bit.store(true, Relaxed);
        }
    }

    fn update_elem(&self, key: &[u8], source: Source<'_>, flags: u64) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        let value_len = match source {
            Source::User(_) => self.spec.user_value_len(),
            Source::Program { cpu, .. } => {
                if self.percpu && cpu >= self.spec.n_cpus {
                    return Err(MapError::Invalid);
                }
                self.spec.value_size as usize
            }
        };
        match source {
            Source::User(value) | Source::Program { value, .. } => check_len(value, value_len)?,
        }
        // `BPF_F_LOCK` needs a `bpf_spin_lock` in the value, which Sluice's maps never have.
        if flags & update_flags::F_LOCK != 0 || flags > update_flags::EXIST {
            return Err(MapError::Invalid);
        }
        let hash = self.hash(key);
        let bucket = self.bucket_of(hash);
        match (&self.lru, self.percpu) {
            (None, false) => {
                let _guard = self.lock(bucket);
                let old = self.find_locked(bucket, key, hash);
                check_update_flags(old.is_some(), flags)?;
                match old {
                    None => {
                        let elem = self.alloc_new()?;
                        self.store_key(elem, key);
                        self.write_new_value(elem, source);
                        self.link(bucket, elem, hash);
                    }
                    Some(old) => match self.alloc_spare() {
                        Some(elem) => {
                            self.store_key(elem, key);
                            self.write_new_value(elem, source);
                            self.link(bucket, elem, hash);
                            self.unlink(bucket, old);
                            self.release(old, false);
                        }
                        None => self.write_value_in_place(old, source),
                    },
                }
                Ok(())
            }
            (None, true) => {
                let _guard = self.lock(bucket);
                let old = self.find_locked(bucket, key, hash);
                check_update_flags(old.is_some(), flags)?;
                match old {
                    Some(old) => self.write_value_in_place(old, source),
                    None => {
                        let elem = self.alloc_new()?;
                        self.store_key(elem, key);
                        self.write_new_value(elem, source);
                        self.link(bucket, elem, hash);
                    }
                }
                Ok(())
            }
            (Some(lru), false) => {
                let mut lru = lock(lru);
                let node = self
                    .lru_pop(&mut lru, self.source_cpu(source))
                    .ok_or(MapError::NoMemory)?;
                self.store_key(node, key);
                self.write_new_value(node, source);
                let guard = self.lock(bucket);
                let old = self.find_locked(bucket, key, hash);
                if let Err(error) = check_update_flags(old.is_some(), flags) {
                    drop(guard);
                    lru.push_free(node, &self.refs);
                    return Err(error);
                }
                self.link(bucket, node, hash);
                if let Some(old) = old {
                    self.set_ref(node);
                    self.unlink(bucket, old);
                }
                drop(guard);
                if let Some(old) = old {
                    lru.push_free(old, &self.refs);
                }
                Ok(())
            }
            (Some(lru), true) => {
                let mut lru = lock(lru);
                let mut node = None;
                if flags != update_flags::EXIST {
                    node = Some(
                        self.lru_pop(&mut lru, self.source_cpu(source))
                            .ok_or(MapError::NoMemory)?,
                    );
                }
                let guard = self.lock(bucket);
                let old = self.find_locked(bucket, key, hash);
                let result = check_update_flags(old.is_some(), flags);
                if result.is_ok() {
                    match old {
                        Some(old) => {
                            self.set_ref(old);
                            self.write_value_in_place(old, source);
                        }
                        None => {
                            if let Some(elem) = node.take() {
                                self.store_key(elem, key);
                                self.write_new_value(elem, source);
                                self.link(bucket, elem, hash);
                            }
                        }
                    }
                }
                drop(guard);
                if let Some(unused) = node {
                    lru.push_free(unused, &self.refs);
                }
                result
            }
        }
    }

    /// Removes `key`, copying its value out first if `value` is given.
    fn remove(&self, key: &[u8], value: Option<&mut [u8]>) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        if let Some(value) = &value {
            check_len(value, self.spec.user_value_len())?;
        }
        let hash = self.hash(key);
        let bucket = self.bucket_of(hash);
        let mut lru = self.lru.as_ref().map(lock);
        let guard = self.lock(bucket);
        let elem = self
            .find_locked(bucket, key, hash)
            .ok_or(MapError::NotFound)?;
        if let Some(value) = value {
            self.read_user_value(elem, value);
        }
        self.unlink(bucket, elem);
        drop(guard);
        match &mut lru {
            Some(lru) => lru.push_free(elem, &self.refs),
            None => self.release(elem, true),
        }
        Ok(())
    }

    /// `__htab_map_lookup_and_delete_batch`: whole buckets at a time, from the bucket index in
    /// the cursor.
    fn batch(&self, args: &mut BatchArgs<'_>, delete: bool) -> BatchOutcome {
        if args.elem_flags != 0 || args.flags != 0 {
            return BatchOutcome::error(MapError::Invalid);
        }
        let max_count = args.count as usize;
        if max_count == 0 {
            return BatchOutcome {
                count: 0,
                result: Ok(()),
            };
        }
        let key_size = self.spec.key_size as usize;
        let value_len = self.spec.user_value_len();
        if args.in_batch.is_some_and(|cursor| cursor.len() != 4)
            || args.out_batch.len() < 4
            || args.keys.len() / key_size < max_count
            || args.values.len() / value_len < max_count
        {
            return BatchOutcome::error(MapError::Invalid);
        }
        let mut cursor = match args.in_batch {
            Some(bytes) => u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
            None => 0,
        };
        if cursor > self.mask {
            return BatchOutcome::error(MapError::NotFound);
        }
        let mut lru = if delete {
            self.lru.as_ref().map(lock)
        } else {
            None
        };
        let mut total = 0usize;
        let mut result = Ok(());
        let mut elems = Vec::new();
        loop {
            elems.clear();
            let guard = self.lock(cursor);
            let mut current = self.heads[cursor as usize].load(Relaxed);
            while current & NULLS == 0 {
                elems.push(current);
                current = self.next_of(current, Relaxed);
            }
            if elems.len() > max_count - total {
                if total == 0 {
                    result = Err(MapError::NoSpace);
                }
                break;
            }
            for (i, &elem) in elems.iter().enumerate() {
                let at = total + i;
                self.read_key(elem, &mut args.keys[at * key_size..(at + 1) * key_size]);
                self.read_user_value(elem, &mut args.values[at * value_len..(at + 1) * value_len]);
                if delete {
                    self.unlink(cursor, elem);
                }
            }
            drop(guard);
            if delete {
                for &elem in &elems {
                    match &mut lru {
                        Some(lru) => lru.push_free(elem, &self.refs),
                        None => self.release(elem, true),
                    }
                }
            }
            total += elems.len();
            cursor += 1;
            if cursor > self.mask {
                result = Err(MapError::NotFound);
                break;
            }
        }
        args.out_batch[..4].copy_from_slice(&cursor.to_ne_bytes());
        BatchOutcome {
            count: total as u32,
            result,
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Map for HashMap {
    fn spec(&self) -> &MapSpec {
        &self.spec
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn lookup(&self, key: &[u8], value: &mut [u8]) -> Result<(), MapError> {
        check_len(key, self.spec.key_size as usize)?;
        check_len(value, self.spec.user_value_len())?;
        // User-space lookups of LRU maps do not set the reference bit
        // (`map_lookup_elem_sys_only`).
        let elem = self.find(key, self.hash(key)).ok_or(MapError::NotFound)?;
        self.read_user_value(elem, value);
        Ok(())
    }

    fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), MapError> {
        self.update_elem(key, Source::User(value), flags)
    }

    fn delete(&self, key: &[u8]) -> Result<(), MapError> {
        self.remove(key, None)
    }

    fn next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<(), MapError> {
        check_len(next, self.spec.key_size as usize)?;
        let mut bucket = 0;
        if let Some(key) = key {
            check_len(key, self.spec.key_size as usize)?;
            let hash = self.hash(key);
            if let Some(elem) = self.find(key, hash) {
                let following = self.next_of(elem, Acquire);
                if following & NULLS == 0 {
                    self.read_key(following, next);
                    return Ok(());
                }
                bucket = self.bucket_of(hash) + 1;
            }
        }
        while bucket <= self.mask {
            let head = self.heads[bucket as usize].load(Acquire);
            if head & NULLS == 0 {
                self.read_key(head, next);
                return Ok(());
            }
            bucket += 1;
        }
        Err(MapError::NotFound)
    }

    fn lookup_and_delete(&self, key: Option<&[u8]>, value: &mut [u8]) -> Result<(), MapError> {
        self.remove(key.ok_or(MapError::Invalid)?, Some(value))
    }

    #[inline]
    fn lookup_addr(&self, key: &[u8], cpu: u32) -> Option<u64> {
        if key.len() != self.spec.key_size as usize || (self.percpu && cpu >= self.spec.n_cpus) {
            return None;
        }
        let elem = self.find(key, self.hash(key))?;
        if self.lru.is_some() {
            self.set_ref(elem);
        }
        let slot = if self.percpu {
            cpu as usize * self.value_stride
        } else {
            0
        };
        Some(self.values.addr() + (self.value_offset(elem) + slot) as u64)
    }

    fn update_from_program(
        &self,
        key: &[u8],
        value: &[u8],
        flags: u64,
        cpu: u32,
    ) -> Result<(), MapError> {
        self.update_elem(key, Source::Program { value, cpu }, flags)
    }

    fn batch_cursor_len(&self) -> usize {
        4
    }

    fn lookup_batch(&self, args: &mut BatchArgs<'_>) -> BatchOutcome {
        self.batch(args, false)
    }

    fn lookup_and_delete_batch(&self, args: &mut BatchArgs<'_>) -> BatchOutcome {
        self.batch(args, true)
    }

    fn storage(&self) -> Vec<&SharedBuf> {
        vec![&self.values]
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_stay_short() {
        for key_size in [4usize, 16] {
            let map =
                HashMap::new(&MapSpec::new(map_type::HASH, key_size as u32, 8, 1000)).unwrap();
            let mut key = vec![0u8; key_size];
            for i in 0..1000u64 {
                let mixed = i.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_le_bytes();
                let n = key_size.min(8);
                key[..n].copy_from_slice(&mixed[..n]);
                map.update(&key, &[0; 8], 0).unwrap();
            }
            let mut longest = 0;
            let mut used = 0;
            for bucket in 0..=map.mask {
                let mut length = 0;
                let mut current = map.heads[bucket as usize].load(Relaxed);
                while current & NULLS == 0 {
                    length += 1;
                    current = map.next_of(current, Relaxed);
                }
                longest = longest.max(length);
                used += usize::from(length > 0);
            }
            eprintln!("key {key_size}: longest chain {longest}, {used} buckets used");
            assert!(longest <= 8, "key {key_size}: longest chain {longest}");
        }
    }
}
