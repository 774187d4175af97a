//! [`MapSpec`]: what a map is, as `BPF_MAP_CREATE` describes it, and the kernel's numbers for map
//! types and flags.

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
    /// `map_extra`: the bloom filter's number of hash functions in its low 4 bits; must be 0
    /// for every other type.
    pub map_extra: u64,
    /// Maps of maps: the template every inner map must match (the kernel's `inner_map_fd`).
    pub inner: Option<Box<MapSpec>>,
}

impl Default for MapSpec {
    fn default() -> MapSpec {
        MapSpec {
            name: String::new(),
            map_type: 0,
            key_size: 0,
            value_size: 0,
            max_entries: 0,
            map_flags: 0,
            n_cpus: 1,
            map_extra: 0,
            inner: None,
        }
    }
}

impl MapSpec {
    /// A spec with no flags, no name and one CPU.
    pub fn new(map_type: u32, key_size: u32, value_size: u32, max_entries: u32) -> MapSpec {
        MapSpec {
            map_type,
            key_size,
            value_size,
            max_entries,
            ..MapSpec::default()
        }
    }

    /// The same spec with these creation flags.
    pub fn with_flags(mut self, map_flags: u32) -> MapSpec {
        self.map_flags = map_flags;
        self
    }

    /// The same spec with this many per-CPU slots.
    pub fn with_cpus(mut self, n_cpus: u32) -> MapSpec {
        self.n_cpus = n_cpus;
        self
    }

    /// The same spec with this `map_extra`.
    pub fn with_extra(mut self, map_extra: u64) -> MapSpec {
        self.map_extra = map_extra;
        self
    }

    /// The same spec with this inner-map template.
    pub fn with_inner(mut self, inner: MapSpec) -> MapSpec {
        self.inner = Some(Box::new(inner));
        self
    }

    /// The same spec with this name.
    pub fn with_name(mut self, name: &str) -> MapSpec {
        self.name = name.to_string();
        self
    }

    /// Whether values are per CPU (`percpu_hash`, `percpu_array`, `lru_percpu_hash`).
    pub fn is_percpu(&self) -> bool {
        matches!(
            self.map_type,
            map_type::PERCPU_HASH | map_type::PERCPU_ARRAY | map_type::LRU_PERCPU_HASH
        )
    }

    /// The length of the value buffer of user-space element commands: `value_size`, or
    /// `n_cpus * percpu_stride(value_size)` for per-CPU maps, or 4 (an id) for maps of maps
    /// and program arrays, as `bpf_map_value_size` says.
    pub fn user_value_len(&self) -> usize {
        if self.is_percpu() {
            self.n_cpus.max(1) as usize * percpu_stride(self.value_size)
        } else if matches!(
            self.map_type,
            map_type::PROG_ARRAY
                | map_type::PERF_EVENT_ARRAY
                | map_type::ARRAY_OF_MAPS
                | map_type::HASH_OF_MAPS
        ) {
            4
        } else {
            self.value_size as usize
        }
    }
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
    pub const CGROUP_ARRAY: u32 = 8;
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
    /// One past the last type Linux 6.18 knows (`__MAX_BPF_MAP_TYPE`).
    pub const MAX: u32 = 34;
}

/// Update flags (`BPF_ANY`, `BPF_NOEXIST`, `BPF_EXIST`, `BPF_F_LOCK`).
pub mod update_flags {
    pub const ANY: u64 = 0;
    pub const NOEXIST: u64 = 1;
    pub const EXIST: u64 = 2;
    pub const F_LOCK: u64 = 4;
}

/// Map creation flags (`BPF_F_*` of `BPF_MAP_CREATE`).
pub mod map_flags {
    pub const NO_PREALLOC: u32 = 1 << 0;
    pub const NO_COMMON_LRU: u32 = 1 << 1;
    pub const NUMA_NODE: u32 = 1 << 2;
    pub const RDONLY: u32 = 1 << 3;
    pub const WRONLY: u32 = 1 << 4;
    pub const STACK_BUILD_ID: u32 = 1 << 5;
    pub const ZERO_SEED: u32 = 1 << 6;
    pub const RDONLY_PROG: u32 = 1 << 7;
    pub const WRONLY_PROG: u32 = 1 << 8;
    pub const CLONE: u32 = 1 << 9;
    pub const MMAPABLE: u32 = 1 << 10;
    pub const PRESERVE_ELEMS: u32 = 1 << 11;
    pub const INNER_MAP: u32 = 1 << 12;
    /// `BPF_F_ACCESS_MASK`.
    pub const ACCESS_MASK: u32 = RDONLY | RDONLY_PROG | WRONLY | WRONLY_PROG;
}

/// Flags of the ring buffer helpers (`BPF_RB_*`).
pub mod ringbuf_flags {
    /// Submit without waking consumers.
    pub const NO_WAKEUP: u64 = 1 << 0;
    /// Submit and wake consumers unconditionally.
    pub const FORCE_WAKEUP: u64 = 1 << 1;
    /// `bpf_ringbuf_query`: bytes not yet consumed.
    pub const AVAIL_DATA: u64 = 0;
    /// `bpf_ringbuf_query`: the data size.
    pub const RING_SIZE: u64 = 1;
    /// `bpf_ringbuf_query`: the consumer position.
    pub const CONS_POS: u64 = 2;
    /// `bpf_ringbuf_query`: the producer position.
    pub const PROD_POS: u64 = 3;
    /// Record header bit: the record is still being written.
    pub const BUSY_BIT: u32 = 1 << 31;
    /// Record header bit: the record was discarded.
    pub const DISCARD_BIT: u32 = 1 << 30;
    /// Record header size.
    pub const HDR_SZ: u32 = 8;
}

/// Flags of `bpf_perf_event_output` (`BPF_F_INDEX_MASK`, `BPF_F_CURRENT_CPU`, `BPF_F_CTXLEN_MASK`).
pub mod perf_flags {
    pub const INDEX_MASK: u64 = 0xffff_ffff;
    pub const CURRENT_CPU: u64 = INDEX_MASK;
    pub const CTXLEN_MASK: u64 = 0xf_ffff << 32;
}

/// Flags of `bpf_get_stackid`.
pub mod stack_flags {
    pub const SKIP_FIELD_MASK: u64 = 0xff;
    pub const USER_STACK: u64 = 1 << 8;
    pub const FAST_STACK_CMP: u64 = 1 << 9;
    pub const REUSE_STACKID: u64 = 1 << 10;
}

/// Rounds a per-CPU value size up to 8 bytes, the stride of user-space per-CPU buffers.
pub fn percpu_stride(value_size: u32) -> usize {
    (value_size as usize).div_ceil(8) * 8
}
