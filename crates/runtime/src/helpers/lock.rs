//! `bpf_spin_lock` and `bpf_spin_unlock`: a real lock on the 4-byte `struct bpf_spin_lock` in
//! a map value, exclusive across every thread running programs on the map.
//!
//! The lock word is 0 when free and 1 when held, as the kernel's queued spin lock leaves it on
//! x86-64 (`_Q_LOCKED_VAL`). Taking it is a compare-and-exchange from 0 to 1 through
//! [`sluice_interp::Memory::rmw`], which on map storage is an atomic operation; releasing it
//! exchanges 0 back. A fence on each side orders the accesses of the critical section (the
//! map's storage is accessed with relaxed atomics).
//!
//! The verifier guarantees what Sluice checks at run time instead: a run holds at most one
//! lock, releases only the lock it holds, and (not checked here) releases it before it exits.
//! A lock nobody releases stops the run after [`LOCK_TIMEOUT`] rather than hanging it; the
//! kernel would report a soft lockup.

use std::sync::atomic::{Ordering, fence};
use std::time::{Duration, Instant};

use sluice_interp::{CallEnv, HelperError};
use sluice_maps::RmwOp;

use super::{HelperResult, fail};
use crate::invocation::Invocation;

/// How long `bpf_spin_lock` waits for a lock before the run traps.
pub(crate) const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

fn exchange(
    env: &mut CallEnv<'_, '_, '_>,
    addr: u64,
    op: RmwOp,
    value: u64,
) -> Result<u64, HelperError> {
    env.memory()
        .rmw(addr, 4, op, value)
        .map_err(|trap| fail(format!("struct bpf_spin_lock at {addr:#x}: {trap}")))
}

/// `long bpf_spin_lock(struct bpf_spin_lock *lock)`.
pub(crate) fn spin_lock(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let addr = args[0];
    if let Some(held) = run.helper_state.held_lock {
        return Err(fail(format!(
            "bpf_spin_lock({addr:#x}) while holding the lock at {held:#x} (the verifier allows \
             one lock at a time)"
        )));
    }
    if !addr.is_multiple_of(4) {
        return Err(fail(format!(
            "struct bpf_spin_lock at {addr:#x} is not 4-byte aligned"
        )));
    }
    let start = Instant::now();
    let mut spins = 0u32;
    while exchange(env, addr, RmwOp::CmpXchg { expected: 0 }, 1)? != 0 {
        spins = spins.wrapping_add(1);
        if spins.is_multiple_of(64) {
            if start.elapsed() > LOCK_TIMEOUT {
                return Err(fail(format!(
                    "struct bpf_spin_lock at {addr:#x} was not released within {} s",
                    LOCK_TIMEOUT.as_secs()
                )));
            }
            std::thread::yield_now();
        } else {
            std::hint::spin_loop();
        }
    }
    fence(Ordering::Acquire);
    run.helper_state.held_lock = Some(addr);
    Ok(0)
}

/// `long bpf_spin_unlock(struct bpf_spin_lock *lock)`.
pub(crate) fn spin_unlock(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let addr = args[0];
    if run.helper_state.held_lock != Some(addr) {
        return Err(fail(format!(
            "bpf_spin_unlock({addr:#x}) of a lock the program does not hold"
        )));
    }
    fence(Ordering::Release);
    exchange(env, addr, RmwOp::Xchg, 0)?;
    run.helper_state.held_lock = None;
    Ok(0)
}
