//! Numbers from the kernel's `include/uapi/linux/bpf.h` that this crate itself needs: the
//! commands it issues, element-update flags, log levels and which map types are per-CPU.
//!
//! The full tables of map types, program types and attach types belong to the `abi` crate;
//! only what the backend must know to size its buffers lives here. The `bpf_attr` layouts are
//! in `sys.rs`, next to the one function that hands them to the kernel.

#![forbid(unsafe_code)]

use std::fmt;

use crate::error::Error;

/// A `bpf(2)` command, numbered as in `enum bpf_cmd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Command {
    /// `BPF_MAP_CREATE`.
    MapCreate = 0,
    /// `BPF_MAP_LOOKUP_ELEM`.
    MapLookupElem = 1,
    /// `BPF_MAP_UPDATE_ELEM`.
    MapUpdateElem = 2,
    /// `BPF_MAP_DELETE_ELEM`.
    MapDeleteElem = 3,
    /// `BPF_MAP_GET_NEXT_KEY`.
    MapGetNextKey = 4,
    /// `BPF_PROG_LOAD`.
    ProgLoad = 5,
    /// `BPF_OBJ_PIN`.
    ObjPin = 6,
    /// `BPF_OBJ_GET`.
    ObjGet = 7,
    /// `BPF_PROG_TEST_RUN` (also called `BPF_PROG_RUN`).
    ProgTestRun = 10,
    /// `BPF_BTF_LOAD`.
    BtfLoad = 18,
    /// `BPF_MAP_LOOKUP_AND_DELETE_ELEM`.
    MapLookupAndDeleteElem = 21,
    /// `BPF_MAP_FREEZE`.
    MapFreeze = 22,
}

impl Command {
    /// The kernel's name for the command.
    pub fn name(self) -> &'static str {
        match self {
            Command::MapCreate => "BPF_MAP_CREATE",
            Command::MapLookupElem => "BPF_MAP_LOOKUP_ELEM",
            Command::MapUpdateElem => "BPF_MAP_UPDATE_ELEM",
            Command::MapDeleteElem => "BPF_MAP_DELETE_ELEM",
            Command::MapGetNextKey => "BPF_MAP_GET_NEXT_KEY",
            Command::ProgLoad => "BPF_PROG_LOAD",
            Command::ObjPin => "BPF_OBJ_PIN",
            Command::ObjGet => "BPF_OBJ_GET",
            Command::ProgTestRun => "BPF_PROG_TEST_RUN",
            Command::BtfLoad => "BPF_BTF_LOAD",
            Command::MapLookupAndDeleteElem => "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
            Command::MapFreeze => "BPF_MAP_FREEZE",
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `BPF_ANY`: create the element or update it.
pub const BPF_ANY: u64 = 0;
/// `BPF_NOEXIST`: create the element only if it does not exist (else `EEXIST`).
pub const BPF_NOEXIST: u64 = 1;
/// `BPF_EXIST`: update the element only if it exists (else `ENOENT`).
pub const BPF_EXIST: u64 = 2;
/// `BPF_F_LOCK`: take the value's `bpf_spin_lock` around the copy.
pub const BPF_F_LOCK: u64 = 4;

/// `BPF_LOG_LEVEL1`: the verifier logs the path that failed.
pub const BPF_LOG_LEVEL1: u32 = 1;
/// `BPF_LOG_LEVEL2`: the verifier logs every state it explores.
pub const BPF_LOG_LEVEL2: u32 = 2;
/// `BPF_LOG_STATS`: the verifier appends its statistics.
pub const BPF_LOG_STATS: u32 = 4;

/// `BPF_OBJ_NAME_LEN`: room for an object name, including its terminating NUL.
pub(crate) const BPF_OBJ_NAME_LEN: usize = 16;

/// Map types whose values are per-CPU: `BPF_MAP_TYPE_PERCPU_HASH` (5), `_PERCPU_ARRAY` (6),
/// `_LRU_PERCPU_HASH` (10) and `_PERCPU_CGROUP_STORAGE` (21). A user-space lookup of such a map
/// writes `round_up(value_size, 8)` bytes per possible CPU.
const PERCPU_MAP_TYPES: [u32; 4] = [5, 6, 10, 21];

/// The highest map type whose element commands this crate knows the value size of
/// (`BPF_MAP_TYPE_ARENA`). Element commands on later types are refused: a new per-CPU type
/// would make the kernel write more than the buffer this crate sized.
const LAST_KNOWN_MAP_TYPE: u32 = 33;

/// How the kernel lays out the value it copies to or from user space for one map type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueLayout {
    /// `value_size` bytes.
    Plain,
    /// `round_up(value_size, 8)` bytes per possible CPU.
    PerCpu,
    /// A map type newer than this crate: element commands are refused.
    Unknown,
}

impl ValueLayout {
    pub(crate) fn of(map_type: u32) -> ValueLayout {
        if PERCPU_MAP_TYPES.contains(&map_type) {
            ValueLayout::PerCpu
        } else if map_type <= LAST_KNOWN_MAP_TYPE {
            ValueLayout::Plain
        } else {
            ValueLayout::Unknown
        }
    }
}

/// An object name as `map_name` and `prog_name` hold it: at most 15 bytes, then NULs. The
/// character set (letters, digits, `_`, `.`) is left to the kernel, so its verdict on a bad
/// name stays observable.
pub(crate) fn object_name(command: Command, name: &str) -> Result<[u8; BPF_OBJ_NAME_LEN], Error> {
    let bytes = name.as_bytes();
    if bytes.len() >= BPF_OBJ_NAME_LEN {
        return Err(Error::invalid(
            command,
            format!(
                "name `{name}` is longer than {} bytes",
                BPF_OBJ_NAME_LEN - 1
            ),
        ));
    }
    if bytes.contains(&0) {
        return Err(Error::invalid(
            command,
            format!("name {name:?} contains a NUL"),
        ));
    }
    let mut field = [0; BPF_OBJ_NAME_LEN];
    field[..bytes.len()].copy_from_slice(bytes);
    Ok(field)
}
