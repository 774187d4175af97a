//! Differential tests against the running kernel: the same map is created in the kernel (raw
//! `bpf(2)` through `sluice-kernel`) and in Sluice, the same sequence of user-space operations
//! is applied to both, and every return code and output is compared, then the final contents
//! (as sets of key/value pairs, since hash iteration orders differ; LPM tries are compared by
//! lookups and by their iteration order, which is deterministic).
//!
//! Tests print `skipped: kernel BPF unavailable (<errno>)` and pass when `bpf(2)` is refused.
//! LRU maps evict depending on the CPU each operation runs on, so their test re-runs itself
//! pinned to CPU 0 with `taskset` (and is skipped if that is missing).

use std::collections::BTreeSet;
use std::sync::Arc;

use sluice_kernel::{Error, KernelMap, MapCreate, possible_cpus};
use sluice_maps::spec::{map_flags, map_type, percpu_stride, update_flags};
use sluice_maps::{Map, MapError, MapSpec, StackTrace, create};

/// Whether the kernel accepts BPF here; prints the skip line when not.
fn kernel_available() -> bool {
    match sluice_kernel::available() {
        Ok(()) => true,
        Err(errno) => {
            println!("skipped: kernel BPF unavailable ({errno})");
            false
        }
    }
}

macro_rules! require_kernel {
    () => {
        if !kernel_available() {
            return;
        }
    };
}

fn n_cpus() -> u32 {
    possible_cpus().expect("possible CPUs") as u32
}

/// A tiny deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// An operation's outcome: the bytes it returned, or the errno.
type Outcome = Result<Vec<u8>, i32>;

fn kernel_errno(error: Error) -> i32 {
    match error.errno() {
        Some(errno) => errno.raw(),
        None => panic!("the kernel backend refused the arguments: {error}"),
    }
}

fn from_kernel(result: Result<bool, Error>, out: Vec<u8>) -> Outcome {
    match result {
        Ok(true) => Ok(out),
        Ok(false) => Err(2),
        Err(error) => Err(kernel_errno(error)),
    }
}

fn from_sluice(result: Result<(), MapError>, out: Vec<u8>) -> Outcome {
    result.map(|()| out).map_err(MapError::errno)
}

/// A map's elements as (key, value) pairs.
type Contents = BTreeSet<(Vec<u8>, Vec<u8>)>;

/// The same map in the kernel and in Sluice.
struct Pair {
    name: String,
    kernel: KernelMap,
    sluice: Arc<dyn Map>,
    /// Whether `next_key` outputs can be compared (deterministic iteration order).
    ordered: bool,
    value_len: usize,
    step: usize,
}

impl Pair {
    fn new(name: &str, spec: MapSpec) -> Pair {
        let kernel = MapCreate {
            map_type: spec.map_type,
            key_size: spec.key_size,
            value_size: spec.value_size,
            max_entries: spec.max_entries,
            map_flags: spec.map_flags,
            map_extra: spec.map_extra,
            name: "sluice_diff",
            ..MapCreate::default()
        }
        .create()
        .unwrap_or_else(|error| panic!("{name}: kernel refused {spec:?}: {error}"));
        let sluice =
            create(&spec).unwrap_or_else(|error| panic!("{name}: Sluice refused: {error}"));
        let ordered = !matches!(
            spec.map_type,
            map_type::HASH | map_type::PERCPU_HASH | map_type::LRU_HASH | map_type::LRU_PERCPU_HASH
        );
        Pair {
            name: name.to_string(),
            value_len: spec.user_value_len(),
            kernel,
            sluice,
            ordered,
            step: 0,
        }
    }

    fn check(&mut self, what: &str, kernel: Outcome, sluice: Outcome) {
        assert_eq!(
            kernel, sluice,
            "{}: step {} ({what}): kernel vs Sluice",
            self.name, self.step
        );
        self.step += 1;
    }

    fn update(&mut self, key: &[u8], value: &[u8], flags: u64) -> Outcome {
        let kernel = self
            .kernel
            .update(key, value, flags)
            .map(|()| Vec::new())
            .map_err(kernel_errno);
        let sluice = from_sluice(self.sluice.update(key, value, flags), Vec::new());
        self.check(
            &format!("update {key:?} flags {flags}"),
            kernel.clone(),
            sluice,
        );
        kernel
    }

    fn lookup(&mut self, key: &[u8]) -> Outcome {
        let mut out = vec![0; self.value_len];
        let kernel = from_kernel(self.kernel.lookup(key, &mut out), out);
        let mut out = vec![0; self.value_len];
        let sluice = from_sluice(self.sluice.lookup(key, &mut out), out);
        self.check(&format!("lookup {key:?}"), kernel.clone(), sluice);
        kernel
    }

    /// A lookup whose value buffer is an input (bloom filters).
    fn lookup_value(&mut self, value: &[u8]) -> Outcome {
        let mut out = value.to_vec();
        let kernel = from_kernel(self.kernel.lookup(&[], &mut out), Vec::new());
        let mut out = value.to_vec();
        let sluice = from_sluice(self.sluice.lookup(&[], &mut out), Vec::new());
        self.check(&format!("lookup value {value:?}"), kernel.clone(), sluice);
        kernel
    }

    fn delete(&mut self, key: &[u8]) -> Outcome {
        let kernel = self
            .kernel
            .delete(key)
            .map(|()| Vec::new())
            .map_err(kernel_errno);
        let sluice = from_sluice(self.sluice.delete(key), Vec::new());
        self.check(&format!("delete {key:?}"), kernel.clone(), sluice);
        kernel
    }

    fn next_key(&mut self, key: Option<&[u8]>) -> Outcome {
        let kernel = match self.kernel.get_next_key(key) {
            Ok(Some(next)) => Ok(next),
            Ok(None) => Err(2),
            Err(error) => Err(kernel_errno(error)),
        };
        let mut out = vec![0; self.sluice.spec().key_size as usize];
        let sluice = from_sluice(self.sluice.next_key(key, &mut out), out);
        if self.ordered {
            self.check(&format!("next_key {key:?}"), kernel.clone(), sluice);
        } else if key.is_none_or(|key| {
            let mut value = vec![0; self.value_len];
            !self.kernel.lookup(key, &mut value).unwrap_or(true)
        }) {
            // Hash orders differ, but a missing key (or none) restarts from the first key in
            // both, which exists exactly when the map is not empty.
            self.check(
                &format!("next_key {key:?} (result only)"),
                kernel.clone().map(|_| Vec::new()),
                sluice.map(|_| Vec::new()),
            );
        }
        kernel
    }

    fn lookup_and_delete(&mut self, key: Option<&[u8]>) -> Outcome {
        let mut out = vec![0; self.value_len];
        let kernel = from_kernel(self.kernel.lookup_and_delete(key, &mut out), out);
        let mut out = vec![0; self.value_len];
        let sluice = from_sluice(self.sluice.lookup_and_delete(key, &mut out), out);
        self.check(
            &format!("lookup_and_delete {key:?}"),
            kernel.clone(),
            sluice,
        );
        kernel
    }

    /// Every (key, value) of the kernel's map and of Sluice's, each walked with its own
    /// `next_key`.
    fn contents(&self) -> (Contents, Contents) {
        let mut kernel = BTreeSet::new();
        let mut key: Option<Vec<u8>> = None;
        while let Some(next) = self.kernel.get_next_key(key.as_deref()).expect("next key") {
            let mut value = vec![0; self.value_len];
            if self.kernel.lookup(&next, &mut value).expect("lookup") {
                kernel.insert((next.clone(), value));
            }
            key = Some(next);
        }
        let mut sluice = BTreeSet::new();
        let key_size = self.sluice.spec().key_size as usize;
        let mut key: Option<Vec<u8>> = None;
        loop {
            let mut next = vec![0; key_size];
            match self.sluice.next_key(key.as_deref(), &mut next) {
                Ok(()) => {}
                Err(MapError::NotFound) => break,
                Err(error) => panic!("{}: Sluice next_key: {error}", self.name),
            }
            let mut value = vec![0; self.value_len];
            if self.sluice.lookup(&next, &mut value).is_ok() {
                sluice.insert((next.clone(), value));
            }
            key = Some(next);
        }
        (kernel, sluice)
    }

    fn assert_same_contents(&self) {
        let (kernel, sluice) = self.contents();
        assert_eq!(kernel, sluice, "{}: final contents differ", self.name);
    }
}

fn flags_of(rng: &mut Rng) -> u64 {
    [
        update_flags::ANY,
        update_flags::ANY,
        update_flags::NOEXIST,
        update_flags::EXIST,
        update_flags::F_LOCK,
        8,
    ][rng.below(6) as usize]
}

/// A random mix of updates, lookups, deletes, next_key and lookup_and_delete over a small key
/// domain (so keys repeat and maps fill up).
fn random_ops(pair: &mut Pair, rng: &mut Rng, key_size: usize, n_keys: u64, steps: usize) {
    let key_of = |rng: &mut Rng| -> Vec<u8> {
        let mut key = vec![0u8; key_size];
        let k = rng.below(n_keys).to_le_bytes();
        let n = key_size.min(8);
        key[..n].copy_from_slice(&k[..n]);
        key
    };
    for _ in 0..steps {
        let key = key_of(rng);
        match rng.below(10) {
            0..=3 => {
                let value = rng.bytes(pair.value_len);
                let flags = flags_of(rng);
                let _ = pair.update(&key, &value, flags);
            }
            4 | 5 => {
                let _ = pair.lookup(&key);
            }
            6 => {
                let _ = pair.delete(&key);
            }
            7 => {
                let _ = pair.next_key(Some(&key));
            }
            8 => {
                let _ = pair.next_key(None);
            }
            _ => {
                let _ = pair.lookup_and_delete(Some(&key));
            }
        }
    }
}

#[test]
fn create_checks_match_the_kernel() {
    require_kernel!();
    use map_flags::*;
    use map_type::*;
    let cpus = n_cpus();
    let specs: Vec<(u32, u32, u32, u32, u32, u64)> = vec![
        // (type, key, value, max_entries, flags, map_extra)
        (HASH, 4, 8, 16, 0, 0),
        (HASH, 0, 8, 16, 0, 0),
        (HASH, 4, 0, 16, 0, 0),
        (HASH, 4, 8, 0, 0, 0),
        (HASH, 4, 8, 16, NO_PREALLOC, 0),
        (HASH, 4, 8, 16, NO_COMMON_LRU, 0),
        (HASH, 4, 8, 16, ZERO_SEED, 0),
        (HASH, 4, 8, 16, MMAPABLE, 0),
        (HASH, 4, 8, 16, RDONLY_PROG | WRONLY_PROG, 0),
        (HASH, 4, 8, 16, RDONLY | WRONLY, 0),
        (HASH, 4, 8, 16, 1 << 20, 0),
        (HASH, 4, 8, 16, 0, 1),
        (HASH, 4, (4 << 20) - 52, 1, 0, 0),
        (HASH, 4, (4 << 20) - 53, 1, NO_PREALLOC, 0),
        (HASH, 4, 8, (1 << 31) + 1, 0, 0),
        (HASH, 4, 8, u32::MAX, NO_PREALLOC, 0),
        (PERCPU_HASH, 4, 32768, 4, 0, 0),
        (PERCPU_HASH, 4, 32769, 4, 0, 0),
        (PERCPU_HASH, 4, 8, 4, NUMA_NODE, 0),
        (LRU_HASH, 4, 8, 16, 0, 0),
        (LRU_HASH, 4, 8, 16, NO_PREALLOC, 0),
        (LRU_HASH, 4, 8, 16, NO_COMMON_LRU, 0),
        (LRU_PERCPU_HASH, 4, 8, 3, NO_COMMON_LRU, 0),
        (LRU_HASH, 4, 8, 16, NO_COMMON_LRU | NUMA_NODE, 0),
        (ARRAY, 4, 8, 16, 0, 0),
        (ARRAY, 8, 8, 16, 0, 0),
        (ARRAY, 4, 0, 16, 0, 0),
        (ARRAY, 4, 8, 0, 0, 0),
        (ARRAY, 4, 8, 16, MMAPABLE, 0),
        (ARRAY, 4, 8, 16, INNER_MAP, 0),
        (ARRAY, 4, 8, 16, NO_PREALLOC, 0),
        (ARRAY, 4, 8, 16, PRESERVE_ELEMS, 0),
        (ARRAY, 4, 8, 16, RDONLY_PROG, 0),
        (PERCPU_ARRAY, 4, 8, 16, MMAPABLE, 0),
        (PERCPU_ARRAY, 4, 32768, 1, 0, 0),
        (PERCPU_ARRAY, 4, 32769, 1, 0, 0),
        (PERCPU_ARRAY, 4, 8, 1, NUMA_NODE, 0),
        (LPM_TRIE, 8, 8, 16, NO_PREALLOC, 0),
        (LPM_TRIE, 8, 8, 16, 0, 0),
        (LPM_TRIE, 4, 8, 16, NO_PREALLOC, 0),
        (LPM_TRIE, 5, 8, 16, NO_PREALLOC, 0),
        (LPM_TRIE, 260, 8, 16, NO_PREALLOC, 0),
        (LPM_TRIE, 261, 8, 16, NO_PREALLOC, 0),
        (LPM_TRIE, 8, 0, 16, NO_PREALLOC, 0),
        (LPM_TRIE, 8, 8, 0, NO_PREALLOC, 0),
        (LPM_TRIE, 8, 8, 16, NO_PREALLOC | ZERO_SEED, 0),
        (QUEUE, 0, 8, 16, 0, 0),
        (QUEUE, 4, 8, 16, 0, 0),
        (QUEUE, 0, 0, 16, 0, 0),
        (QUEUE, 0, 8, 0, 0, 0),
        (STACK, 0, 8, 16, NO_PREALLOC, 0),
        (STACK, 0, (4 << 20) + 1, 1, 0, 0),
        (STACK, 0, 4 << 20, 1, 0, 0),
        (BLOOM_FILTER, 0, 8, 16, 0, 0),
        (BLOOM_FILTER, 0, 8, 16, 0, 3),
        (BLOOM_FILTER, 0, 8, 16, 0, 16),
        (BLOOM_FILTER, 4, 8, 16, 0, 0),
        (BLOOM_FILTER, 0, 8, 16, ZERO_SEED, 0),
        (BLOOM_FILTER, 0, 8, 16, NO_PREALLOC, 0),
        (BLOOM_FILTER, 0, 0, 16, 0, 0),
        (PROG_ARRAY, 4, 4, 4, 0, 0),
        (PROG_ARRAY, 4, 8, 4, 0, 0),
        (PROG_ARRAY, 4, 4, 4, RDONLY_PROG, 0),
        (PERF_EVENT_ARRAY, 4, 4, cpus, 0, 0),
        (PERF_EVENT_ARRAY, 4, 4, cpus, PRESERVE_ELEMS, 0),
        (RINGBUF, 0, 0, 4096, 0, 0),
        (RINGBUF, 0, 0, 8192, 0, 0),
        (RINGBUF, 0, 0, 12288, 0, 0),
        (RINGBUF, 0, 0, 2048, 0, 0),
        (RINGBUF, 4, 0, 4096, 0, 0),
        (RINGBUF, 0, 0, 4096, NO_PREALLOC, 0),
        (STACK_TRACE, 4, 8 * 16, 64, 0, 0),
        (STACK_TRACE, 4, 12, 64, 0, 0),
        (STACK_TRACE, 4, 8 * 128, 64, 0, 0),
        (STACK_TRACE, 8, 8, 64, 0, 0),
        (STACK_TRACE, 4, 8, 64, RDONLY_PROG, 0),
        (STACK_TRACE, 4, 32 * 4, 64, STACK_BUILD_ID, 0),
        (STACK_TRACE, 4, 8 * 4, 64, STACK_BUILD_ID | 0x400, 0),
        (DEVMAP, 4, 4, 8, 0, 0),
        (DEVMAP, 4, 8, 8, 0, 0),
        (DEVMAP, 4, 12, 8, 0, 0),
        (DEVMAP, 4, 8, 8, NO_PREALLOC, 0),
        (DEVMAP_HASH, 4, 8, 8, 0, 0),
        (DEVMAP_HASH, 8, 8, 8, 0, 0),
        (200, 4, 4, 4, 0, 0),
        (0, 4, 4, 4, 0, 0),
    ];
    for (ty, key_size, value_size, max_entries, flags, extra) in specs {
        let kernel = MapCreate {
            map_type: ty,
            key_size,
            value_size,
            max_entries,
            map_flags: flags,
            map_extra: extra,
            name: "sluice_create",
            ..MapCreate::default()
        }
        .create()
        .map(drop)
        .map_err(kernel_errno);
        let spec = MapSpec::new(ty, key_size, value_size, max_entries)
            .with_flags(flags)
            .with_extra(extra)
            .with_cpus(cpus);
        let sluice = create(&spec).map(drop).map_err(MapError::errno);
        assert_eq!(
            kernel, sluice,
            "create type {ty} key {key_size} value {value_size} max {max_entries} \
             flags {flags:#x} extra {extra}"
        );
    }
}

#[test]
fn array_operations_match_the_kernel() {
    require_kernel!();
    let cpus = n_cpus();
    for (name, spec) in [
        ("array", MapSpec::new(map_type::ARRAY, 4, 12, 8)),
        (
            "percpu_array",
            MapSpec::new(map_type::PERCPU_ARRAY, 4, 12, 8),
        ),
    ] {
        let mut pair = Pair::new(name, spec.with_cpus(cpus));
        let mut rng = Rng(1);
        random_ops(&mut pair, &mut rng, 4, 12, 400);
        let _ = pair.next_key(Some(&7u32.to_ne_bytes()));
        let _ = pair.next_key(Some(&100u32.to_ne_bytes()));
        pair.assert_same_contents();
    }
}

#[test]
fn hash_operations_match_the_kernel() {
    require_kernel!();
    let cpus = n_cpus();
    for (name, spec) in [
        ("hash", MapSpec::new(map_type::HASH, 4, 8, 16)),
        ("hash_16b_keys", MapSpec::new(map_type::HASH, 16, 5, 16)),
        (
            "hash_no_prealloc",
            MapSpec::new(map_type::HASH, 4, 8, 16).with_flags(map_flags::NO_PREALLOC),
        ),
        (
            "percpu_hash",
            MapSpec::new(map_type::PERCPU_HASH, 4, 12, 16),
        ),
    ] {
        let key_size = spec.key_size as usize;
        let mut pair = Pair::new(name, spec.with_cpus(cpus));
        let mut rng = Rng(2);
        // 24 keys for 16 entries: the map fills and E2BIG shows up.
        random_ops(&mut pair, &mut rng, key_size, 24, 1500);
        pair.assert_same_contents();
    }
}

/// Re-runs the calling test pinned to CPU 0 and returns false, unless already pinned (true).
fn pinned_to_cpu0(test: &str) -> bool {
    if std::env::var_os("SLUICE_MAPS_PINNED").is_some() {
        return true;
    }
    let exe = std::env::current_exe().expect("test binary");
    let status = std::process::Command::new("taskset")
        .args(["-c", "0"])
        .arg(exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("SLUICE_MAPS_PINNED", "1")
        .status();
    match status {
        Ok(status) => assert!(status.success(), "{test} failed when pinned to CPU 0"),
        Err(error) => println!("skipped: cannot run taskset ({error})"),
    }
    false
}

#[test]
fn lru_operations_match_the_kernel() {
    require_kernel!();
    if !pinned_to_cpu0("lru_operations_match_the_kernel") {
        return;
    }
    let cpus = n_cpus();
    for (name, spec, n_keys) in [
        ("lru_hash", MapSpec::new(map_type::LRU_HASH, 4, 8, 16), 40),
        (
            "lru_hash_big",
            MapSpec::new(map_type::LRU_HASH, 4, 8, 300),
            700,
        ),
        (
            "lru_hash_no_common_lru",
            MapSpec::new(map_type::LRU_HASH, 4, 8, 16).with_flags(map_flags::NO_COMMON_LRU),
            40,
        ),
        (
            "lru_percpu_hash",
            MapSpec::new(map_type::LRU_PERCPU_HASH, 4, 8, 16),
            40,
        ),
        (
            "lru_percpu_hash_no_common_lru",
            MapSpec::new(map_type::LRU_PERCPU_HASH, 4, 8, 17).with_flags(map_flags::NO_COMMON_LRU),
            40,
        ),
    ] {
        // (Per-CPU LRU lists round max_entries to a multiple of the CPU count, 17 to 18 here,
        // as `bpftool map show` reports for the kernel's map.)
        let mut pair = Pair::new(name, spec.with_cpus(cpus));
        let mut rng = Rng(3);
        random_ops(&mut pair, &mut rng, 4, n_keys, 3000);
        pair.assert_same_contents();
        // Sequential inserts past capacity: the kernel's batch eviction.
        for key in 0..(2 * n_keys as u32) {
            let value_len = pair.value_len;
            let _ = pair.update(
                &(1000 + key).to_ne_bytes(),
                &[7; 8].repeat(value_len / 8),
                0,
            );
        }
        pair.assert_same_contents();
    }
}

fn lpm_key(prefixlen: u32, data: &[u8]) -> Vec<u8> {
    let mut key = prefixlen.to_ne_bytes().to_vec();
    key.extend_from_slice(data);
    key
}

#[test]
fn lpm_trie_matches_the_kernel() {
    require_kernel!();
    for (name, data_size, max_entries) in [("lpm_v4", 4usize, 64u32), ("lpm_v6", 16, 24)] {
        let spec = MapSpec::new(map_type::LPM_TRIE, 4 + data_size as u32, 8, max_entries)
            .with_flags(map_flags::NO_PREALLOC);
        let mut pair = Pair::new(name, spec);
        let mut rng = Rng(4);
        let max_prefixlen = data_size as u64 * 8;
        // Prefixes drawn from a few base addresses so they nest and share bits.
        let bases: Vec<Vec<u8>> = (0..4).map(|_| rng.bytes(data_size)).collect();
        let random_key = |rng: &mut Rng| {
            let mut data = bases[rng.below(bases.len() as u64) as usize].clone();
            // Flip a few low bits so keys diverge at varied depths.
            let flip = rng.below(max_prefixlen) as usize;
            data[flip / 8] ^= 0x80 >> (flip % 8);
            let prefixlen = if rng.below(20) == 0 {
                max_prefixlen as u32 + 1
            } else {
                rng.below(max_prefixlen + 1) as u32
            };
            lpm_key(prefixlen, &data)
        };
        for _ in 0..1500 {
            let key = random_key(&mut rng);
            match rng.below(8) {
                0..=2 => {
                    let value = rng.bytes(8);
                    let flags = flags_of(&mut rng);
                    let _ = pair.update(&key, &value, flags);
                }
                3 | 4 => {
                    let _ = pair.lookup(&key);
                }
                5 => {
                    let _ = pair.delete(&key);
                }
                6 => {
                    let _ = pair.next_key(Some(&key));
                }
                _ => {
                    let _ = pair.next_key(None);
                }
            }
        }
        // The whole iteration order (post-order) is the kernel's.
        let mut key: Option<Vec<u8>> = None;
        while let Ok(next) = pair.next_key(key.as_deref()) {
            key = Some(next);
        }
        for _ in 0..500 {
            let key = random_key(&mut rng);
            let _ = pair.lookup(&key);
        }
    }
}

#[test]
fn queue_and_stack_match_the_kernel() {
    require_kernel!();
    for (name, ty) in [("queue", map_type::QUEUE), ("stack", map_type::STACK)] {
        let mut pair = Pair::new(name, MapSpec::new(ty, 0, 12, 8));
        let mut rng = Rng(5);
        for _ in 0..600 {
            match rng.below(6) {
                0..=2 => {
                    let value = rng.bytes(12);
                    let flags = flags_of(&mut rng);
                    let _ = pair.update(&[], &value, flags);
                }
                3 => {
                    let _ = pair.lookup(&[]);
                }
                4 => {
                    let _ = pair.lookup_and_delete(None);
                }
                _ => {
                    let _ = pair.delete(&[]);
                }
            }
        }
        let _ = pair.next_key(None);
    }
}

#[test]
fn bloom_filter_matches_the_kernel() {
    require_kernel!();
    for (name, value_size, extra) in [("bloom_words", 8u32, 0u64), ("bloom_bytes", 7, 3)] {
        // A small filter so that false positives happen, and with a zero seed they must be
        // the same ones.
        let spec = MapSpec::new(map_type::BLOOM_FILTER, 0, value_size, 20)
            .with_flags(map_flags::ZERO_SEED)
            .with_extra(extra);
        let mut pair = Pair::new(name, spec);
        let mut rng = Rng(6);
        let mut maybe = 0;
        for step in 0..400 {
            let value = rng.bytes(value_size as usize);
            if step % 4 == 0 {
                let flags = if rng.below(10) == 0 { 2 } else { 0 };
                let _ = pair.update(&[], &value, flags);
            }
            if pair.lookup_value(&value).is_ok() {
                maybe += 1;
            }
        }
        assert!(maybe > 100, "{name}: the filter should report many members");
        let _ = pair.delete(&[]);
        let _ = pair.next_key(None);
        let _ = pair.lookup_and_delete(None);
    }
}

#[test]
fn stack_trace_user_operations_match_the_kernel() {
    require_kernel!();
    let mut pair = Pair::new(
        "stack_trace",
        MapSpec::new(map_type::STACK_TRACE, 4, 8 * 8, 8),
    );
    for id in [0u32, 3, 7, 8, 100] {
        let _ = pair.lookup(&id.to_ne_bytes());
        let _ = pair.delete(&id.to_ne_bytes());
        let _ = pair.next_key(Some(&id.to_ne_bytes()));
        let _ = pair.update(&id.to_ne_bytes(), &[0; 64], 0);
    }
    let _ = pair.next_key(None);
    let _ = pair.lookup_and_delete(Some(&0u32.to_ne_bytes()));
}

#[test]
fn devmaps_match_the_kernel() {
    require_kernel!();
    // Interface 1 (the loopback device) exists on every Linux machine.
    for (name, ty, value_size) in [
        ("devmap", map_type::DEVMAP, 4u32),
        ("devmap_prog", map_type::DEVMAP, 8),
        ("devmap_hash", map_type::DEVMAP_HASH, 8),
    ] {
        let mut pair = Pair::new(name, MapSpec::new(ty, 4, value_size, 8));
        let mut rng = Rng(7);
        for _ in 0..400 {
            let key = (rng.below(12) as u32).to_ne_bytes();
            match rng.below(6) {
                0..=2 => {
                    let ifindex = if rng.below(5) == 0 { 0u32 } else { 1 };
                    let mut value = ifindex.to_ne_bytes().to_vec();
                    if value_size == 8 {
                        value.extend_from_slice(&0u32.to_ne_bytes());
                    }
                    let flags = flags_of(&mut rng);
                    let _ = pair.update(&key, &value, flags);
                }
                3 => {
                    let _ = pair.lookup(&key);
                }
                4 => {
                    let _ = pair.delete(&key);
                }
                _ => {
                    let _ = pair.next_key(Some(&key));
                }
            }
        }
        pair.assert_same_contents();
    }
}

/// `bpf_get_stackid` in a raw tracepoint program run by `BPF_PROG_TEST_RUN` stores the test
/// run's kernel stack; Sluice, given the same instruction pointers, must pick the same id.
#[test]
fn stack_ids_match_the_kernel() {
    require_kernel!();
    let kernel = MapCreate {
        map_type: map_type::STACK_TRACE,
        key_size: 4,
        value_size: 8 * 32,
        max_entries: 64,
        name: "sluice_stacks",
        ..MapCreate::default()
    }
    .create()
    .expect("stack map");
    // r1 = ctx; r2 = map; r3 = 0; call bpf_get_stackid (27); exit with the id.
    let text = format!(
        "r2 = map[fd:{}] ll\nr3 = 0\ncall 27\nexit\n",
        kernel.as_raw_fd()
    );
    let program = match sluice_isa::asm::assemble_program(&text, sluice_isa::Syntax::Llvm) {
        Ok(program) => program.to_bytes(),
        Err(error) => panic!("assembly: {error}"),
    };
    const BPF_PROG_TYPE_RAW_TRACEPOINT: u32 = 17;
    let prog = match (sluice_kernel::ProgLoad {
        prog_type: BPF_PROG_TYPE_RAW_TRACEPOINT,
        insns: &program,
        license: "GPL",
        ..sluice_kernel::ProgLoad::default()
    })
    .load()
    {
        Ok(prog) => prog,
        Err(error) => {
            println!("skipped: raw tracepoint program refused: {error}");
            return;
        }
    };
    let ctx = [0u8; 8];
    let run = sluice_kernel::TestRun {
        ctx_in: Some(&ctx),
        ..sluice_kernel::TestRun::default()
    };
    let output = match prog.test_run(&run) {
        Ok(output) => output,
        Err(error) => {
            println!("skipped: raw tracepoint test run refused: {error}");
            return;
        }
    };
    let id = output.retval as i32;
    assert!(id >= 0, "bpf_get_stackid failed: {id}");
    let mut value = vec![0u8; 8 * 32];
    assert!(
        kernel
            .lookup(&(id as u32).to_ne_bytes(), &mut value)
            .unwrap()
    );
    let ips: Vec<u64> = value
        .chunks_exact(8)
        .map(|chunk| u64::from_ne_bytes(chunk.try_into().unwrap()))
        .take_while(|&ip| ip != 0)
        .collect();
    assert!(!ips.is_empty());
    let spec = MapSpec::new(map_type::STACK_TRACE, 4, 8 * 32, 64);
    let sluice = create(&spec).unwrap();
    let stacks = sluice.as_any().downcast_ref::<StackTrace>().unwrap();
    assert_eq!(stacks.get_stackid(&ips, 0), Ok(id as u32));
    let mut sluice_value = vec![0u8; 8 * 32];
    sluice
        .lookup(&(id as u32).to_ne_bytes(), &mut sluice_value)
        .unwrap();
    assert_eq!(sluice_value, value);
}

#[test]
fn percpu_values_have_one_slot_per_possible_cpu() {
    require_kernel!();
    let cpus = n_cpus();
    let spec = MapSpec::new(map_type::PERCPU_HASH, 4, 4, 4).with_cpus(cpus);
    assert_eq!(spec.user_value_len(), cpus as usize * percpu_stride(4));
    let mut pair = Pair::new("percpu_layout", spec);
    let value: Vec<u8> = (0..pair.value_len as u8).collect();
    let _ = pair.update(&1u32.to_ne_bytes(), &value, 0);
    assert_eq!(pair.lookup(&1u32.to_ne_bytes()), Ok(value));
}

/// A program array's user-space lookup: `ENOENT` for an empty slot and the program's id for a
/// full one, in the kernel and in Sluice (whose slots hold ids directly).
#[test]
fn program_array_lookups_match_the_kernel() {
    require_kernel!();
    const BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
    let program =
        match sluice_isa::asm::assemble_program("r0 = 0\nexit\n", sluice_isa::Syntax::Llvm) {
            Ok(program) => program.to_bytes(),
            Err(error) => panic!("assembly: {error}"),
        };
    let prog = sluice_kernel::ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &program,
        license: "GPL",
        ..sluice_kernel::ProgLoad::default()
    }
    .load()
    .expect("program load");
    let kernel = MapCreate {
        map_type: map_type::PROG_ARRAY,
        key_size: 4,
        value_size: 4,
        max_entries: 4,
        name: "sluice_progs",
        ..MapCreate::default()
    }
    .create()
    .expect("prog array");
    let sluice = create(&MapSpec::new(map_type::PROG_ARRAY, 4, 4, 4)).unwrap();
    let mut out = [0u8; 4];
    let empty = from_kernel(kernel.lookup(&0u32.to_ne_bytes(), &mut out), out.to_vec());
    let sluice_empty = from_sluice(sluice.lookup(&0u32.to_ne_bytes(), &mut out), out.to_vec());
    assert_eq!(empty, sluice_empty);
    kernel
        .update(&0u32.to_ne_bytes(), &prog.as_raw_fd().to_ne_bytes(), 0)
        .unwrap();
    let full = from_kernel(kernel.lookup(&0u32.to_ne_bytes(), &mut out), out.to_vec());
    let id = full.expect("the kernel returns the program id");
    assert_ne!(id, vec![0; 4]);
    sluice.update(&0u32.to_ne_bytes(), &id, 0).unwrap();
    assert_eq!(
        from_sluice(sluice.lookup(&0u32.to_ne_bytes(), &mut out), out.to_vec()),
        Ok(id)
    );
    // Flags other than BPF_ANY, an index past the end, deleting twice.
    for flags in [1, 2] {
        let kernel_result = kernel
            .update(&1u32.to_ne_bytes(), &prog.as_raw_fd().to_ne_bytes(), flags)
            .map_err(kernel_errno);
        let sluice_result = sluice
            .update(&1u32.to_ne_bytes(), &7u32.to_ne_bytes(), flags)
            .map_err(MapError::errno);
        assert_eq!(kernel_result, sluice_result, "flags {flags}");
    }
    let kernel_result = kernel
        .update(&9u32.to_ne_bytes(), &prog.as_raw_fd().to_ne_bytes(), 0)
        .map_err(kernel_errno);
    let sluice_result = sluice
        .update(&9u32.to_ne_bytes(), &7u32.to_ne_bytes(), 0)
        .map_err(MapError::errno);
    assert_eq!(kernel_result, sluice_result);
    for _ in 0..2 {
        assert_eq!(
            kernel.delete(&0u32.to_ne_bytes()).map_err(kernel_errno),
            sluice.delete(&0u32.to_ne_bytes()).map_err(MapError::errno)
        );
    }
    assert_eq!(
        kernel.delete(&9u32.to_ne_bytes()).map_err(kernel_errno),
        sluice.delete(&9u32.to_ne_bytes()).map_err(MapError::errno)
    );
}

/// Maps of maps: template checks on updates, flags, and lookups returning the inner map's id.
#[test]
fn maps_of_maps_match_the_kernel() {
    require_kernel!();
    use std::os::fd::AsFd;
    let kernel_map = |spec: &MapSpec| {
        MapCreate {
            map_type: spec.map_type,
            key_size: spec.key_size,
            value_size: spec.value_size,
            max_entries: spec.max_entries,
            map_flags: spec.map_flags,
            name: "sluice_inner",
            ..MapCreate::default()
        }
        .create()
        .expect("inner map")
    };
    let template = MapSpec::new(map_type::ARRAY, 4, 8, 4);
    let same = MapSpec::new(map_type::ARRAY, 4, 8, 4);
    let bigger = MapSpec::new(map_type::ARRAY, 4, 8, 5);
    let other_type = MapSpec::new(map_type::HASH, 4, 8, 4);
    for outer_type in [map_type::ARRAY_OF_MAPS, map_type::HASH_OF_MAPS] {
        let kernel_template = kernel_map(&template);
        let kernel = MapCreate {
            map_type: outer_type,
            key_size: 4,
            value_size: 4,
            max_entries: 2,
            inner_map_fd: Some(kernel_template.as_fd()),
            name: "sluice_outer",
            ..MapCreate::default()
        }
        .create()
        .expect("outer map");
        let sluice =
            create(&MapSpec::new(outer_type, 4, 4, 2).with_inner(template.clone())).unwrap();
        for (inner, flags, slot) in [
            (&same, 0u64, 0u32),
            (&bigger, 0, 1),
            (&other_type, 0, 1),
            (&same, 1, 1),
            (&same, 2, 1),
            (&same, 0, 1),
            (&same, 0, 5),
        ] {
            let kernel_inner = kernel_map(inner);
            let sluice_inner = create(inner).unwrap();
            let kernel_result = kernel
                .update(
                    &slot.to_ne_bytes(),
                    &kernel_inner.as_raw_fd().to_ne_bytes(),
                    flags,
                )
                .map_err(kernel_errno);
            let sluice_result = sluice
                .update(&slot.to_ne_bytes(), &sluice_inner.id().to_ne_bytes(), flags)
                .map_err(MapError::errno);
            assert_eq!(
                kernel_result, sluice_result,
                "type {outer_type}: inner {inner:?} flags {flags} slot {slot}"
            );
        }
        for slot in [0u32, 1, 3] {
            let mut out = [0u8; 4];
            let kernel_found = kernel
                .lookup(&slot.to_ne_bytes(), &mut out)
                .map_err(kernel_errno);
            let sluice_found = sluice
                .lookup(&slot.to_ne_bytes(), &mut out)
                .map(|()| true)
                .or_else(|error| match error {
                    MapError::NotFound => Ok(false),
                    error => Err(error.errno()),
                });
            assert_eq!(
                kernel_found, sluice_found,
                "type {outer_type}: lookup {slot}"
            );
        }
        for slot in [1u32, 1, 7] {
            assert_eq!(
                kernel.delete(&slot.to_ne_bytes()).map_err(kernel_errno),
                sluice.delete(&slot.to_ne_bytes()).map_err(MapError::errno),
                "type {outer_type}: delete {slot}"
            );
        }
    }
}
