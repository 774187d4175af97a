//! The helper functions, with the kernel's ids and semantics, one file per family. [`call`]
//! dispatches by id; a helper Sluice does not provide traps as unknown.
//!
//! Conventions shared by every helper here:
//! - pointer arguments are read and written through [`CallEnv::memory`], so they get the same
//!   bounds checks as the program's own accesses; a bad pointer the verifier would have refused
//!   is a trap ([`HelperError::Failed`]), a bad pointer the kernel tolerates at run time (the
//!   `probe_read` family) gives `-EFAULT`;
//! - errors the kernel returns are negative errno values in `r0` ([`errno`]).

mod maps;

use sluice_abi::helper_ids::HelperId;
use sluice_interp::{CallEnv, HelperError};

use crate::invocation::Invocation;

/// `-errno` as a helper's 64-bit return value.
pub(crate) fn errno(errno: i64) -> u64 {
    (-errno) as u64
}

/// Reads `len` bytes of program memory at `addr`.
pub(crate) fn read(
    env: &mut CallEnv<'_, '_, '_>,
    addr: u64,
    len: usize,
) -> Result<Vec<u8>, HelperError> {
    let mut bytes = vec![0; len];
    env.memory()
        .read(addr, &mut bytes)
        .map_err(|trap| HelperError::Failed(trap.to_string()))?;
    Ok(bytes)
}

/// Writes program memory at `addr`.
pub(crate) fn write(
    env: &mut CallEnv<'_, '_, '_>,
    addr: u64,
    data: &[u8],
) -> Result<(), HelperError> {
    env.memory()
        .write(addr, data)
        .map_err(|trap| HelperError::Failed(trap.to_string()))
}

/// Calls helper `id`.
pub(crate) fn call(
    run: &mut Invocation<'_>,
    id: i64,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let Some(helper) = u32::try_from(id).ok().and_then(HelperId::from_u32) else {
        return Err(HelperError::Unknown);
    };
    match helper {
        HelperId::MapLookupElem => maps::lookup_elem(run, args, env),
        HelperId::MapUpdateElem => maps::update_elem(run, args, env),
        HelperId::MapDeleteElem => maps::delete_elem(run, args, env),
        HelperId::MapPushElem => maps::push_elem(run, args, env),
        HelperId::MapPopElem => maps::pop_elem(run, args, env),
        HelperId::MapPeekElem => maps::peek_elem(run, args, env),
        _ => Err(HelperError::Unknown),
    }
}
