//! Map helpers the generated code calls directly, without the helper trampoline: for a call
//! whose map the verifier proved (`InsnFacts::map_arg`) and whose map is a plain hash map or
//! array (`codegen.rs` decides), `bpf_map_lookup_elem`, `bpf_map_update_elem` and
//! `bpf_map_delete_elem` become a call of one of these, with the map's address in `r9` (the
//! sixth argument) and `r1`..`r5` as they are. They do what the runtime's helpers do for such
//! maps (the CPU does not matter to them), and nothing can fail but the map operation itself,
//! whose error is the helper's return value.
//!
//! Safety rests on two facts: the [`crate::JitProgram`] keeps every map it calls this way alive
//! (`JitProgram::maps`), and only verified code calls them, where the verifier proved that the
//! key and value arguments point to `key_size` and `value_size` readable bytes; in verified
//! code program addresses are host addresses.

#![allow(unsafe_code)]

use sluice_maps::Map;

/// The `len` bytes at program address `addr`.
///
/// # Safety
/// `addr..addr + len` must be readable for the duration of the call (the verifier proved it
/// for the helper's memory arguments).
unsafe fn bytes<'a>(addr: u64, len: u32) -> &'a [u8] {
    // SAFETY: the caller's contract; program addresses are host addresses in verified code.
    unsafe { std::slice::from_raw_parts(addr as usize as *const u8, len as usize) }
}

/// `bpf_map_lookup_elem(map, key)` on map `*map`: the value's address or 0.
pub(crate) extern "sysv64" fn lookup<M: Map>(
    _map: u64,
    key: u64,
    _r3: u64,
    _r4: u64,
    _r5: u64,
    map: *const M,
) -> u64 {
    // SAFETY: the program keeps the map alive while its code runs (module docs).
    let map = unsafe { &*map };
    // SAFETY: the verifier proved `key` points to `key_size` readable bytes.
    let key = unsafe { bytes(key, map.spec().key_size) };
    map.lookup_addr(key, 0).unwrap_or(0)
}

/// `bpf_map_update_elem(map, key, value, flags)` on map `*map`: 0 or `-errno`.
pub(crate) extern "sysv64" fn update<M: Map>(
    _map: u64,
    key: u64,
    value: u64,
    flags: u64,
    _r5: u64,
    map: *const M,
) -> u64 {
    // SAFETY: the program keeps the map alive while its code runs (module docs).
    let map = unsafe { &*map };
    // SAFETY: the verifier proved both point to `key_size` and `value_size` readable bytes.
    let (key, value) = unsafe {
        (
            bytes(key, map.spec().key_size),
            bytes(value, map.spec().value_size),
        )
    };
    map.update_from_program(key, value, flags, 0)
        .map_or_else(sluice_maps::MapError::helper_return, |()| 0)
}

/// `bpf_map_delete_elem(map, key)` on map `*map`: 0 or `-errno`.
pub(crate) extern "sysv64" fn delete<M: Map>(
    _map: u64,
    key: u64,
    _r3: u64,
    _r4: u64,
    _r5: u64,
    map: *const M,
) -> u64 {
    // SAFETY: the program keeps the map alive while its code runs (module docs).
    let map = unsafe { &*map };
    // SAFETY: the verifier proved `key` points to `key_size` readable bytes.
    let key = unsafe { bytes(key, map.spec().key_size) };
    map.delete_from_program(key)
        .map_or_else(sluice_maps::MapError::helper_return, |()| 0)
}
