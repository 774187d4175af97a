//! The interface between a running program and the host's helper functions.
//!
//! The interpreter calls [`Helpers::call`] for `call N` (helper `N`) and for `callx` on a
//! register holding a helper id, with `r1` to `r5` as arguments; the value returned goes to `r0`.
//! Helpers see the program's memory through [`CallEnv::memory`], so they read and write through
//! pointer arguments with the same checks the program's own accesses get, and callback helpers
//! call back into the program with [`CallEnv::call_function`]. `bpf_tail_call` is carried out by
//! the engine, which asks [`Helpers::tail_call`] for the target.

use std::sync::Arc;

use crate::prepare::Executable;
use crate::trap::Trap;
use crate::vm::CallEnv;

/// Why a helper call failed. The interpreter turns it into a trap at the call instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelperError {
    /// No helper (or kernel function) with this id.
    Unknown,
    /// The helper refused its arguments; the text says why.
    Failed(String),
    /// A callback the helper ran trapped; the run stops with this trap.
    Trap(Trap),
}

/// The host's helper functions.
pub trait Helpers {
    /// Calls helper `id` with arguments `r1` to `r5`. `env` gives access to the program's
    /// memory and lets callback helpers call back into the program.
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError>;

    /// Calls the kernel function (`kfunc`) with this BTF id; by default there are none.
    fn call_kfunc(
        &mut self,
        btf_id: i32,
        btf_fd_idx: i16,
        args: [u64; 5],
        env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        let _ = (btf_id, btf_fd_idx, args, env);
        Err(HelperError::Unknown)
    }

    /// `bpf_tail_call(ctx, prog_array, index)`: the program to continue in, if the program
    /// array `prog_array` (a map handle) holds one at `index`. The engine counts tail calls and
    /// stops them at the kernel's limit; by default there are no program arrays.
    fn tail_call(&mut self, prog_array: u64, index: u64) -> Option<Arc<Executable>> {
        let _ = (prog_array, index);
        None
    }
}

/// A host without helpers: every call traps.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoHelpers;

impl Helpers for NoHelpers {
    fn call(
        &mut self,
        _id: i64,
        _args: [u64; 5],
        _env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        Err(HelperError::Unknown)
    }
}

/// A helper implemented as a plain function.
pub type HelperFn = fn(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>) -> Result<u64, HelperError>;

/// Helpers registered by id.
#[derive(Clone, Debug, Default)]
pub struct HelperTable {
    by_id: std::collections::BTreeMap<i64, HelperFn>,
}

impl HelperTable {
    /// An empty table.
    pub fn new() -> HelperTable {
        HelperTable::default()
    }

    /// Registers `helper` under `id`, replacing any earlier one.
    pub fn register(&mut self, id: i64, helper: HelperFn) -> &mut HelperTable {
        self.by_id.insert(id, helper);
        self
    }
}

impl Helpers for HelperTable {
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        match self.by_id.get(&id) {
            Some(helper) => helper(args, env),
            None => Err(HelperError::Unknown),
        }
    }
}
