//! [`MapSpec`]: what a map is, as `BPF_MAP_CREATE` describes it.

/// The parameters of a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapSpec {
    /// Name, for listings.
    pub name: String,
    /// `bpf_map_type` value.
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    /// Number of per-CPU slots (the kernel's possible CPUs, or worker threads); at least 1.
    pub n_cpus: u32,
}

/// Map type numbers (`enum bpf_map_type`).
pub mod map_type {
    pub const HASH: u32 = 1;
    pub const ARRAY: u32 = 2;
    pub const PROG_ARRAY: u32 = 3;
    pub const PERF_EVENT_ARRAY: u32 = 4;
    pub const PERCPU_HASH: u32 = 5;
    pub const PERCPU_ARRAY: u32 = 6;
    pub const STACK_TRACE: u32 = 7;
    pub const LRU_HASH: u32 = 9;
    pub const LRU_PERCPU_HASH: u32 = 10;
    pub const LPM_TRIE: u32 = 11;
    pub const ARRAY_OF_MAPS: u32 = 12;
    pub const HASH_OF_MAPS: u32 = 13;
    pub const DEVMAP: u32 = 14;
    pub const QUEUE: u32 = 22;
    pub const STACK: u32 = 23;
    pub const DEVMAP_HASH: u32 = 25;
    pub const RINGBUF: u32 = 27;
    pub const BLOOM_FILTER: u32 = 30;
}

/// Update flags (`BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`, `BPF_F_LOCK`).
pub mod update_flags {
    pub const ANY: u64 = 0;
    pub const NOEXIST: u64 = 1;
    pub const EXIST: u64 = 2;
    pub const F_LOCK: u64 = 4;
}

/// Map creation flags.
pub mod map_flags {
    pub const NO_PREALLOC: u32 = 1 << 0;
    pub const RDONLY_PROG: u32 = 1 << 7;
    pub const WRONLY_PROG: u32 = 1 << 8;
    pub const MMAPABLE: u32 = 1 << 10;
}

/// Rounds a per-CPU value size up to 8 bytes, the stride of user-space per-CPU buffers.
pub fn percpu_stride(value_size: u32) -> usize {
    (value_size as usize).div_ceil(8) * 8
}
