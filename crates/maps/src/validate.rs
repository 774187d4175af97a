//! Checks shared by every map type, in the order the kernel's `map_create` makes them, and small
//! helpers for the per-type `map_alloc_check`s.

use crate::error::MapError;
use crate::spec::{MapSpec, map_flags, map_type};

/// `KMALLOC_MAX_SIZE` on x86-64 (4 MiB): the largest key or value user space can copy.
pub(crate) const KMALLOC_MAX_SIZE: u64 = 1 << 22;

/// `PCPU_MIN_UNIT_SIZE` (32 KiB): the largest per-CPU value.
pub(crate) const PCPU_MIN_UNIT_SIZE: u64 = 32 << 10;

/// The checks `map_create` makes before the type's own: `map_extra` only for bloom filters,
/// not both `BPF_F_RDONLY` and `BPF_F_WRONLY`, a known type; plus Sluice's own requirement of
/// at least one CPU slot.
pub(crate) fn check_common(spec: &MapSpec) -> Result<(), MapError> {
    if spec.map_type != map_type::BLOOM_FILTER && spec.map_extra != 0 {
        return Err(MapError::Invalid);
    }
    if spec.map_flags & map_flags::RDONLY != 0 && spec.map_flags & map_flags::WRONLY != 0 {
        return Err(MapError::Invalid);
    }
    if spec.map_type == 0 || spec.map_type >= map_type::MAX {
        return Err(MapError::Invalid);
    }
    if spec.n_cpus == 0 {
        return Err(MapError::Invalid);
    }
    Ok(())
}

/// `bpf_map_flags_access_ok`: not both `BPF_F_RDONLY_PROG` and `BPF_F_WRONLY_PROG`.
pub(crate) fn access_ok(flags: u32) -> bool {
    flags & (map_flags::RDONLY_PROG | map_flags::WRONLY_PROG)
        != (map_flags::RDONLY_PROG | map_flags::WRONLY_PROG)
}

/// `max_entries * stride` bytes, or `ENOMEM` if that overflows.
pub(crate) fn storage_len(entries: u64, stride: u64) -> Result<usize, MapError> {
    entries
        .checked_mul(stride)
        .and_then(|len| usize::try_from(len).ok())
        .ok_or(MapError::NoMemory)
}

/// A zeroed buffer for map storage, or `ENOMEM`.
pub(crate) fn alloc(len: usize) -> Result<crate::SharedBuf, MapError> {
    crate::SharedBuf::try_zeroed(len).ok_or(MapError::NoMemory)
}
