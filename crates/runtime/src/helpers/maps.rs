//! Map helpers: lookup, update, delete, push, pop, peek.

use sluice_interp::{CallEnv, HelperError};

use super::{read, status, write};
use crate::invocation::Invocation;

/// `void *bpf_map_lookup_elem(map, key)`: the value's address, or 0.
pub(crate) fn lookup_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let map = run.map(args[0])?;
    let key_size = map.spec().key_size as usize;
    // Most keys are small: read them into a buffer on the stack rather than the heap.
    let mut small = [0u8; 64];
    if let Some(key) = small.get_mut(..key_size) {
        env.memory()
            .read(args[1], key)
            .map_err(|trap| HelperError::Failed(trap.to_string()))?;
        return Ok(map.lookup_addr(key, run.cpu).unwrap_or(0));
    }
    let key = read(env, args[1], key_size)?;
    Ok(map.lookup_addr(&key, run.cpu).unwrap_or(0))
}

/// `long bpf_map_update_elem(map, key, value, flags)`.
pub(crate) fn update_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let map = run.map(args[0])?;
    let key = read(env, args[1], map.spec().key_size as usize)?;
    let value = read(env, args[2], map.spec().value_size as usize)?;
    Ok(status(
        map.update_from_program(&key, &value, args[3], run.cpu),
    ))
}

/// `long bpf_map_delete_elem(map, key)`.
pub(crate) fn delete_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let map = run.map(args[0])?;
    let key = read(env, args[1], map.spec().key_size as usize)?;
    Ok(status(map.delete_from_program(&key)))
}

/// `long bpf_map_push_elem(map, value, flags)`.
pub(crate) fn push_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let map = run.map(args[0])?;
    let value = read(env, args[1], map.spec().value_size as usize)?;
    Ok(status(map.push(&value, args[2])))
}

/// `long bpf_map_pop_elem(map, value)`: the value is written only on success.
pub(crate) fn pop_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let map = run.map(args[0])?;
    let mut value = vec![0; map.spec().value_size as usize];
    match map.pop(&mut value) {
        Ok(()) => {
            write(env, args[1], &value)?;
            Ok(0)
        }
        Err(error) => Ok(error.helper_return()),
    }
}

/// `long bpf_map_peek_elem(map, value)`: for a bloom filter, `value` is the element to test.
pub(crate) fn peek_elem(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<u64, HelperError> {
    let map = run.map(args[0])?;
    let mut value = read(env, args[1], map.spec().value_size as usize)?;
    match map.peek(&mut value) {
        Ok(()) => {
            write(env, args[1], &value)?;
            Ok(0)
        }
        Err(error) => Ok(error.helper_return()),
    }
}
