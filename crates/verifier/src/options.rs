//! What the verifier needs to know besides the instructions: the program type, the maps the
//! program's `lddw` instructions name, the functions' signatures, and the mode.

use sluice_abi::helper_access::HelperSet;
use sluice_abi::prog_type::{AttachType, ProgType};

/// A map as the verifier sees it: its type and shape, and where special fields lie in its
/// value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapInfo {
    /// A name for messages (`counts`, `.rodata`).
    pub name: String,
    /// `bpf_map_type` value.
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    /// For maps of maps: the inner map template.
    pub inner: Option<Box<MapInfo>>,
    /// Offset of the `struct bpf_spin_lock` in the value, if it has one (from BTF).
    pub spin_lock_off: Option<u32>,
    /// The value of a one-element array frozen before load with `BPF_F_RDONLY_PROG` (global
    /// `.rodata` and `.kconfig`): loads from it at constant offsets are constants.
    pub frozen_value: Option<Vec<u8>>,
}

impl MapInfo {
    /// A map with the given shape and nothing special.
    pub fn new(
        name: &str,
        map_type: u32,
        key_size: u32,
        value_size: u32,
        max_entries: u32,
    ) -> MapInfo {
        MapInfo {
            name: name.to_string(),
            map_type,
            key_size,
            value_size,
            max_entries,
            map_flags: 0,
            inner: None,
            spin_lock_off: None,
            frozen_value: None,
        }
    }

    /// Whether programs may only read the map's values (`BPF_F_RDONLY_PROG`).
    pub fn read_only(&self) -> bool {
        self.map_flags & sluice_abi::map_type::create_flags::BPF_F_RDONLY_PROG != 0
    }
}

/// The type of one argument of a global function, from its BTF prototype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuncArg {
    /// An integer or enum: any scalar.
    Scalar,
    /// A pointer to the program's context type (`struct xdp_md *`, `struct __sk_buff *`, ...).
    Ctx,
    /// A pointer to `size` bytes of memory, maybe NULL unless `non_null` (`__arg_nonnull`).
    Mem { size: u32, non_null: bool },
}

/// One function of the program, from BTF `func_info` (and the ELF symbols).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncInfo {
    /// First instruction (slot index).
    pub insn_idx: usize,
    pub name: String,
    /// A global function (BTF linkage `global`): verified once on its own, from its
    /// prototype, instead of at every call site.
    pub global: bool,
    /// The arguments of a global function.
    pub args: Vec<FuncArg>,
    /// Whether a global function returns `void` (otherwise it returns a scalar).
    pub returns_void: bool,
}

/// How much the verifier records while it works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum LogLevel {
    /// Only the error.
    #[default]
    Errors,
    /// Also the state at every branch and rejection (`--log-level 1`).
    Branches,
    /// Every instruction with the state after it (`--log-level 2`).
    Instructions,
}

/// Everything the verifier is told about a program.
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    pub prog_type: ProgType,
    /// The expected attach type, where the program type's rules depend on it.
    pub attach_type: Option<AttachType>,
    /// The maps `lddw` refers to: index `i` is `fd_array[i]` (pseudo sources 5 and 6); pseudo
    /// sources 1 and 2 (map fds) also index this list.
    pub maps: Vec<MapInfo>,
    /// The program's functions; empty means "find subprograms from calls" with every
    /// subprogram static.
    pub functions: Vec<FuncInfo>,
    /// Privileged (root: `CAP_BPF`, `CAP_PERFMON`, `CAP_NET_ADMIN`) or unprivileged rules.
    pub privileged: bool,
    /// Whether the license is GPL-compatible (`gpl_only` helpers need it).
    pub gpl_compatible: bool,
    /// Whether the program is sleepable (`.s` sections).
    pub sleepable: bool,
    pub log_level: LogLevel,
    /// The helpers the engine that will run the program implements; `None` for all.
    pub implemented_helpers: Option<HelperSet>,
}

impl VerifyOptions {
    /// Privileged, GPL, no maps, no function info.
    pub fn new(prog_type: ProgType) -> VerifyOptions {
        VerifyOptions {
            prog_type,
            attach_type: None,
            maps: Vec::new(),
            functions: Vec::new(),
            privileged: true,
            gpl_compatible: true,
            sleepable: false,
            log_level: LogLevel::Errors,
            implemented_helpers: None,
        }
    }
}
