//! Map types (`enum bpf_map_type`), the flags of map creation, element updates, ring buffers,
//! perf event output and stack collection, and the legacy `SEC("maps")` definition layouts.
//!
//! Values come from Linux 6.18's `include/uapi/linux/bpf.h` (the tests compare them against the
//! running kernel's BTF, where the anonymous flag enums appear too). Short names are libbpf's
//! `map_type_name[]` (`tools/lib/bpf/libbpf.c`), which bpftool prints. The legacy layouts come
//! from libbpf's `struct bpf_map_def`, the kernel's old `samples/bpf/bpf_load.h` and iproute2's
//! `struct bpf_elf_map`.

use crate::kernel_enum::kernel_enum;

kernel_enum! {
    /// The kind of a map: decides its storage, its key and value rules and which helpers accept it.
    pub enum MapType: "map type", prefix "" {
        /// No type; the kernel refuses to create it.
        Unspec = 0, "BPF_MAP_TYPE_UNSPEC", "unspec";
        /// Hash table.
        Hash = 1, "BPF_MAP_TYPE_HASH", "hash";
        /// Array indexed by a `u32`, preallocated and zero-filled.
        Array = 2, "BPF_MAP_TYPE_ARRAY", "array";
        /// Array of program file descriptors, the target of `bpf_tail_call`.
        ProgArray = 3, "BPF_MAP_TYPE_PROG_ARRAY", "prog_array";
        /// Array of perf event file descriptors, one per CPU, for `bpf_perf_event_output`.
        PerfEventArray = 4, "BPF_MAP_TYPE_PERF_EVENT_ARRAY", "perf_event_array";
        /// Hash table with one value per CPU.
        PercpuHash = 5, "BPF_MAP_TYPE_PERCPU_HASH", "percpu_hash";
        /// Array with one value per CPU.
        PercpuArray = 6, "BPF_MAP_TYPE_PERCPU_ARRAY", "percpu_array";
        /// Stack traces collected by `bpf_get_stackid`.
        StackTrace = 7, "BPF_MAP_TYPE_STACK_TRACE", "stack_trace";
        /// Array of cgroup file descriptors.
        CgroupArray = 8, "BPF_MAP_TYPE_CGROUP_ARRAY", "cgroup_array";
        /// Hash table with least-recently-used eviction.
        LruHash = 9, "BPF_MAP_TYPE_LRU_HASH", "lru_hash";
        /// Per-CPU hash table with least-recently-used eviction.
        LruPercpuHash = 10, "BPF_MAP_TYPE_LRU_PERCPU_HASH", "lru_percpu_hash";
        /// Longest-prefix-match trie.
        LpmTrie = 11, "BPF_MAP_TYPE_LPM_TRIE", "lpm_trie";
        /// Array whose values are maps.
        ArrayOfMaps = 12, "BPF_MAP_TYPE_ARRAY_OF_MAPS", "array_of_maps";
        /// Hash table whose values are maps.
        HashOfMaps = 13, "BPF_MAP_TYPE_HASH_OF_MAPS", "hash_of_maps";
        /// Array of network devices for `bpf_redirect_map`.
        Devmap = 14, "BPF_MAP_TYPE_DEVMAP", "devmap";
        /// Array of sockets for sockmap redirection.
        Sockmap = 15, "BPF_MAP_TYPE_SOCKMAP", "sockmap";
        /// Array of CPUs for XDP redirection.
        Cpumap = 16, "BPF_MAP_TYPE_CPUMAP", "cpumap";
        /// Array of AF_XDP sockets.
        Xskmap = 17, "BPF_MAP_TYPE_XSKMAP", "xskmap";
        /// Hash table of sockets for sockmap redirection.
        Sockhash = 18, "BPF_MAP_TYPE_SOCKHASH", "sockhash";
        /// Per-cgroup storage (deprecated in favour of `cgrp_storage`).
        CgroupStorage = 19, "BPF_MAP_TYPE_CGROUP_STORAGE", "cgroup_storage";
        /// Array of sockets for `bpf_sk_select_reuseport`.
        ReuseportSockarray = 20, "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY", "reuseport_sockarray";
        /// Per-CPU per-cgroup storage (deprecated).
        PercpuCgroupStorage = 21, "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE", "percpu_cgroup_storage";
        /// FIFO queue (`bpf_map_push_elem`, `bpf_map_pop_elem`, `bpf_map_peek_elem`).
        Queue = 22, "BPF_MAP_TYPE_QUEUE", "queue";
        /// LIFO stack (`bpf_map_push_elem`, `bpf_map_pop_elem`, `bpf_map_peek_elem`).
        Stack = 23, "BPF_MAP_TYPE_STACK", "stack";
        /// Per-socket local storage.
        SkStorage = 24, "BPF_MAP_TYPE_SK_STORAGE", "sk_storage";
        /// Hash table of network devices for `bpf_redirect_map`.
        DevmapHash = 25, "BPF_MAP_TYPE_DEVMAP_HASH", "devmap_hash";
        /// Kernel `struct_ops` implementation.
        StructOps = 26, "BPF_MAP_TYPE_STRUCT_OPS", "struct_ops";
        /// Multi-producer, single-consumer ring buffer shared with user space.
        Ringbuf = 27, "BPF_MAP_TYPE_RINGBUF", "ringbuf";
        /// Per-inode local storage.
        InodeStorage = 28, "BPF_MAP_TYPE_INODE_STORAGE", "inode_storage";
        /// Per-task local storage.
        TaskStorage = 29, "BPF_MAP_TYPE_TASK_STORAGE", "task_storage";
        /// Bloom filter.
        BloomFilter = 30, "BPF_MAP_TYPE_BLOOM_FILTER", "bloom_filter";
        /// Ring buffer that user space produces into and programs drain.
        UserRingbuf = 31, "BPF_MAP_TYPE_USER_RINGBUF", "user_ringbuf";
        /// Per-cgroup local storage.
        CgrpStorage = 32, "BPF_MAP_TYPE_CGRP_STORAGE", "cgrp_storage";
        /// Memory region shared between programs and user space at the same addresses.
        Arena = 33, "BPF_MAP_TYPE_ARENA", "arena";
    }
}

impl MapType {
    /// One past the largest value (`__MAX_BPF_MAP_TYPE`).
    pub const MAX_PLUS_ONE: u32 = 34;
}

/// Map creation flags (`map_flags` of `BPF_MAP_CREATE`).
pub mod create_flags {
    /// Allocate hash table elements on update instead of all at creation.
    pub const BPF_F_NO_PREALLOC: u32 = 1 << 0;
    /// One LRU list per CPU instead of a common one (LRU hash maps).
    pub const BPF_F_NO_COMMON_LRU: u32 = 1 << 1;
    /// `numa_node` of the creation attributes is valid.
    pub const BPF_F_NUMA_NODE: u32 = 1 << 2;
    /// User space may only read the map (also an access flag for `BPF_OBJ_GET`).
    pub const BPF_F_RDONLY: u32 = 1 << 3;
    /// User space may only write the map (also an access flag for `BPF_OBJ_GET`).
    pub const BPF_F_WRONLY: u32 = 1 << 4;
    /// Stack trace maps store build id and offset instead of addresses.
    pub const BPF_F_STACK_BUILD_ID: u32 = 1 << 5;
    /// Hash with a seed of zero (for tests; needs `CAP_SYS_ADMIN`).
    pub const BPF_F_ZERO_SEED: u32 = 1 << 6;
    /// Programs may only read the map; helpers that write are refused by the verifier.
    pub const BPF_F_RDONLY_PROG: u32 = 1 << 7;
    /// Programs may only write the map.
    pub const BPF_F_WRONLY_PROG: u32 = 1 << 8;
    /// Clone the map when a socket is cloned (socket local storage).
    pub const BPF_F_CLONE: u32 = 1 << 9;
    /// User space may `mmap` the map (arrays, ring buffers, arenas).
    pub const BPF_F_MMAPABLE: u32 = 1 << 10;
    /// Keep perf event array entries when the creating file is closed.
    pub const BPF_F_PRESERVE_ELEMS: u32 = 1 << 11;
    /// The map is an inner map template whose `max_entries` may differ between instances.
    pub const BPF_F_INNER_MAP: u32 = 1 << 12;
    /// The `struct_ops` map is attached through a link.
    pub const BPF_F_LINK: u32 = 1 << 13;
    /// The path of `BPF_OBJ_PIN`/`BPF_OBJ_GET` is given as a directory fd plus path.
    pub const BPF_F_PATH_FD: u32 = 1 << 14;
    /// `value_type_btf_obj_fd` of the creation attributes is valid.
    pub const BPF_F_VTYPE_BTF_OBJ_FD: u32 = 1 << 15;
    /// `map_token_fd` of the creation attributes is valid.
    pub const BPF_F_TOKEN_FD: u32 = 1 << 16;
    /// Arena: a fault on an unpopulated page sends SIGSEGV instead of reading zero.
    pub const BPF_F_SEGV_ON_FAULT: u32 = 1 << 17;
    /// Arena: do not convert user-space pointers to arena pointers.
    pub const BPF_F_NO_USER_CONV: u32 = 1 << 18;
}

/// Flags of element updates (`flags` of `BPF_MAP_UPDATE_ELEM` and `bpf_map_update_elem`).
pub mod update_flags {
    /// Create a new element or update an existing one.
    pub const BPF_ANY: u64 = 0;
    /// Create a new element only; fail with `EEXIST` if the key exists.
    pub const BPF_NOEXIST: u64 = 1;
    /// Update an existing element only; fail with `ENOENT` if the key is missing.
    pub const BPF_EXIST: u64 = 2;
    /// Take the value's `bpf_spin_lock` while copying (values that contain one).
    pub const BPF_F_LOCK: u64 = 4;
}

/// Flags of the ring buffer helpers.
pub mod ringbuf_flags {
    /// `bpf_ringbuf_submit`/`_discard`/`_output`: do not wake up the consumer.
    pub const BPF_RB_NO_WAKEUP: u64 = 1 << 0;
    /// `bpf_ringbuf_submit`/`_discard`/`_output`: wake up the consumer unconditionally.
    pub const BPF_RB_FORCE_WAKEUP: u64 = 1 << 1;
    /// `bpf_ringbuf_query`: bytes produced but not yet consumed.
    pub const BPF_RB_AVAIL_DATA: u64 = 0;
    /// `bpf_ringbuf_query`: size of the data area.
    pub const BPF_RB_RING_SIZE: u64 = 1;
    /// `bpf_ringbuf_query`: consumer position.
    pub const BPF_RB_CONS_POS: u64 = 2;
    /// `bpf_ringbuf_query`: producer position.
    pub const BPF_RB_PROD_POS: u64 = 3;
    /// Record header bit: the record is reserved and not yet committed.
    pub const BPF_RINGBUF_BUSY_BIT: u32 = 1 << 31;
    /// Record header bit: the record was discarded.
    pub const BPF_RINGBUF_DISCARD_BIT: u32 = 1 << 30;
    /// Bytes of the header in front of every ring buffer record.
    pub const BPF_RINGBUF_HDR_SZ: u32 = 8;
}

/// Flags of `bpf_perf_event_output`, `bpf_perf_event_read`, `bpf_perf_event_read_value` and
/// `bpf_skb_output`/`bpf_xdp_output`.
pub mod perf_flags {
    /// Index bits of the flags: which perf event array slot to use.
    pub const BPF_F_INDEX_MASK: u64 = 0xffff_ffff;
    /// Use the slot of the CPU the program runs on (equal to [`BPF_F_INDEX_MASK`]).
    pub const BPF_F_CURRENT_CPU: u64 = BPF_F_INDEX_MASK;
    /// Bits 32 to 51 of the flags of `bpf_skb_output`/`bpf_xdp_output`: how many bytes of the
    /// packet to append to the sample.
    pub const BPF_F_CTXLEN_MASK: u64 = 0xf_ffff << 32;
}

/// Flags of `bpf_get_stackid` and `bpf_get_stack`.
pub mod stack_flags {
    /// Number of frames to skip (the low 8 bits).
    pub const BPF_F_SKIP_FIELD_MASK: u64 = 0xff;
    /// Collect the user-space stack instead of the kernel stack.
    pub const BPF_F_USER_STACK: u64 = 1 << 8;
    /// `bpf_get_stackid`: compare stacks by hash only.
    pub const BPF_F_FAST_STACK_CMP: u64 = 1 << 9;
    /// `bpf_get_stackid`: replace a different stack stored under the same id.
    pub const BPF_F_REUSE_STACKID: u64 = 1 << 10;
    /// `bpf_get_stack`: collect build id and offset for a user stack.
    pub const BPF_F_USER_BUILD_ID: u64 = 1 << 11;
}

/// Flags of `bpf_redirect_map` and of `bpf_redirect`.
pub mod redirect_flags {
    /// `bpf_redirect` (tc): redirect to the ingress path of the device instead of egress.
    pub const BPF_F_INGRESS: u64 = 1 << 0;
    /// `bpf_redirect_map` (devmap): send to every device of the map.
    pub const BPF_F_BROADCAST: u64 = 1 << 3;
    /// `bpf_redirect_map` with [`BPF_F_BROADCAST`]: skip the ingress device.
    pub const BPF_F_EXCLUDE_INGRESS: u64 = 1 << 4;
}

/// Flags of `bpf_sk_storage_get`, `bpf_task_storage_get`, `bpf_inode_storage_get` and
/// `bpf_cgrp_storage_get`.
pub mod local_storage_flags {
    /// Create the element if it does not exist.
    pub const BPF_LOCAL_STORAGE_GET_F_CREATE: u64 = 1 << 0;
    /// The same flag under its socket-storage name.
    pub const BPF_SK_STORAGE_GET_F_CREATE: u64 = BPF_LOCAL_STORAGE_GET_F_CREATE;
}

/// Flags of the timer helpers.
pub mod timer_flags {
    /// `bpf_timer_start`: the expiry is absolute, not relative.
    pub const BPF_F_TIMER_ABS: u64 = 1 << 0;
    /// `bpf_timer_start`: fire on the CPU that started the timer.
    pub const BPF_F_TIMER_CPU_PIN: u64 = 1 << 1;
}

/// Flags of the packet checksum helpers (`bpf_l3_csum_replace`, `bpf_l4_csum_replace`,
/// `bpf_skb_store_bytes`).
pub mod csum_flags {
    /// `bpf_skb_store_bytes`: update the checksum after the store.
    pub const BPF_F_RECOMPUTE_CSUM: u64 = 1 << 0;
    /// `bpf_skb_store_bytes`: invalidate the packet's hash.
    pub const BPF_F_INVALIDATE_HASH: u64 = 1 << 1;
    /// `bpf_l3_csum_replace`/`bpf_l4_csum_replace`: size of the changed field (0, 2 or 4).
    pub const BPF_F_HDR_FIELD_MASK: u64 = 0xf;
    /// `bpf_l4_csum_replace`: the field is part of the pseudo header.
    pub const BPF_F_PSEUDO_HDR: u64 = 1 << 4;
    /// `bpf_l4_csum_replace`: a zero checksum stays zero (UDP) and becomes mangled-zero.
    pub const BPF_F_MARK_MANGLED_0: u64 = 1 << 5;
    /// `bpf_l4_csum_replace`: also update a zero checksum.
    pub const BPF_F_MARK_ENFORCE: u64 = 1 << 6;
    /// `bpf_l4_csum_replace`: the packet is IPv6 (the pseudo header is an IPv6 one).
    pub const BPF_F_IPV6: u64 = 1 << 7;
}

/// The layouts of legacy map definitions in an ELF section named `maps` (before BTF-defined
/// maps in `.maps`). All fields are native-endian `u32`.
pub mod legacy_map_def {
    /// Offset of `type` (a [`super::MapType`] value).
    pub const TYPE_OFFSET: usize = 0;
    /// Offset of `key_size` (iproute2: `size_key`).
    pub const KEY_SIZE_OFFSET: usize = 4;
    /// Offset of `value_size` (iproute2: `size_value`).
    pub const VALUE_SIZE_OFFSET: usize = 8;
    /// Offset of `max_entries` (iproute2: `max_elem`).
    pub const MAX_ENTRIES_OFFSET: usize = 12;
    /// Offset of `map_flags` (iproute2: `flags`).
    pub const MAP_FLAGS_OFFSET: usize = 16;

    /// Size of libbpf's `struct bpf_map_def`: the five fields above. libbpf before 1.0 took
    /// each definition's size to be the section size divided by the number of map symbols in it,
    /// refused definitions shorter than this, and refused longer ones whose extra bytes were not
    /// all zero. libbpf 1.0 and later refuse the `maps` section altogether.
    pub const LIBBPF_MAP_DEF_SIZE: usize = 20;

    /// Offset of `inner_map_idx` in the kernel's old `samples/bpf` layout: the index, among the
    /// section's definitions, of the template of a map-in-map's inner map.
    pub const SAMPLES_INNER_MAP_IDX_OFFSET: usize = 20;
    /// Offset of `numa_node` in the kernel's old `samples/bpf` layout.
    pub const SAMPLES_NUMA_NODE_OFFSET: usize = 24;
    /// Size of the kernel's old `samples/bpf` `struct bpf_load_map_def`: the five fields, then
    /// `inner_map_idx` and `numa_node`.
    pub const SAMPLES_MAP_DEF_SIZE: usize = 28;

    /// Offset of `id` in iproute2's `struct bpf_elf_map`.
    pub const IPROUTE2_ID_OFFSET: usize = 20;
    /// Offset of `pinning` in iproute2's `struct bpf_elf_map` (0 none, 1 object namespace,
    /// 2 global namespace `/sys/fs/bpf/tc/globals`).
    pub const IPROUTE2_PINNING_OFFSET: usize = 24;
    /// Offset of `inner_id` in iproute2's `struct bpf_elf_map`.
    pub const IPROUTE2_INNER_ID_OFFSET: usize = 28;
    /// Offset of `inner_idx` in iproute2's `struct bpf_elf_map`.
    pub const IPROUTE2_INNER_IDX_OFFSET: usize = 32;
    /// Size of iproute2's `struct bpf_elf_map` (older iproute2 versions stop after `pinning`,
    /// at 28 bytes).
    pub const IPROUTE2_MAP_DEF_SIZE: usize = 36;
    /// iproute2 `pinning` value: not pinned.
    pub const PIN_NONE: u32 = 0;
    /// iproute2 `pinning` value: pinned in the object's namespace.
    pub const PIN_OBJECT_NS: u32 = 1;
    /// iproute2 `pinning` value: pinned in the global namespace.
    pub const PIN_GLOBAL_NS: u32 = 2;
}
