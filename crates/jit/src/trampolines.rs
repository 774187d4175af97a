//! The Rust functions generated code calls: helpers, tail calls, `callx`, and the memory
//! accesses of checked code. Each is `extern "sysv64"`, finds the run through the
//! [`RunState`] the code passes, and reports failure by setting [`RunState::status`] (and the
//! trap in the [`Host`]), never by unwinding: a panic is caught and becomes a trap.

#![allow(unsafe_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use sluice_abi::limits::{MAX_CALL_FRAMES, MAX_TAIL_CALL_CNT, STACK_FRAME_SIZE};
use sluice_interp::{CallEnv, HelperError, Trap, TrapKind};
use sluice_maps::RmwOp;

use crate::run::Host;
use crate::state::{RunState, Site, SiteKind, status};

/// Addresses of the trampolines, for the code generator.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Trampolines {
    pub(crate) helper: usize,
    pub(crate) tail_call: usize,
    pub(crate) callx: usize,
    pub(crate) load: usize,
    pub(crate) store: usize,
    pub(crate) atomic: usize,
    pub(crate) ld_abs: usize,
}

impl Trampolines {
    pub(crate) fn get() -> Trampolines {
        Trampolines {
            helper: helper as *const () as usize,
            tail_call: tail_call as *const () as usize,
            callx: callx as *const () as usize,
            load: load as *const () as usize,
            store: store as *const () as usize,
            atomic: atomic as *const () as usize,
            ld_abs: ld_abs as *const () as usize,
        }
    }
}

/// Runs `body` with the run's state, host, the calling site and the number of frames in use;
/// a panic becomes a trap.
fn with_run(
    state: *mut RunState,
    body: impl FnOnce(&mut RunState, &mut Host<'_, '_>, Site, usize) -> Result<u64, Trap>,
) -> u64 {
    // SAFETY: generated code passes the `RunState` it was entered with, which `run::enter`
    // keeps alive and unaliased for the whole run; its `host` points to the `Host` of the same
    // run, and its `site` to a site of a live program (set just before the call).
    let (state, host, site) = unsafe {
        let state = &mut *state;
        let host = &mut *state.host.cast::<Host<'_, '_>>();
        let site = *state.site;
        (state, host, site)
    };
    // The frames of the current call chain are accessible to what runs now.
    let frames = host.frames_at(state.call_frame_pointer);
    host.memory.set_frames(frames);
    let result = catch_unwind(AssertUnwindSafe(|| {
        body(&mut *state, &mut *host, site, frames)
    }));
    host.memory.set_frames(frames);
    match result {
        Ok(Ok(value)) => value,
        Ok(Err(trap)) => {
            host.trap = Some(trap);
            state.status = status::TRAPPED;
            0
        }
        Err(_) => {
            host.trap = Some(Trap {
                insn_idx: site.insn_idx,
                kind: TrapKind::HelperFailed {
                    id: 0,
                    message: "a helper panicked".to_string(),
                },
            });
            state.status = status::TRAPPED;
            0
        }
    }
}

/// The trap a failed helper call ends the run with.
fn helper_trap(insn_idx: usize, id: i64, unknown: TrapKind, error: HelperError) -> Trap {
    match error {
        HelperError::Unknown => Trap {
            insn_idx,
            kind: unknown,
        },
        HelperError::Failed(message) => Trap {
            insn_idx,
            kind: TrapKind::HelperFailed { id, message },
        },
        HelperError::Trap(trap) => trap,
    }
}

/// Calls a helper (or kfunc) with `frames` frames in use.
fn call_helper(
    host: &mut Host<'_, '_>,
    site: Site,
    id: i64,
    args: [u64; 5],
    frames: usize,
) -> Result<u64, Trap> {
    let saved = host.engine.frames_in_use;
    host.engine.frames_in_use = frames;
    let mut env = CallEnv::new(&mut *host.engine, &mut *host.memory, site.code_address);
    let result = match site.kind {
        SiteKind::Kfunc { btf_id, btf_fd_idx } => host
            .helpers
            .call_kfunc(btf_id, btf_fd_idx, args, &mut env)
            .map_err(|error| {
                helper_trap(
                    site.insn_idx,
                    i64::from(btf_id),
                    TrapKind::UnknownKfunc { btf_id },
                    error,
                )
            }),
        _ => host.helpers.call(id, args, &mut env).map_err(|error| {
            let unknown = if site.kind == SiteKind::CallX {
                TrapKind::BadCallTarget { value: id as u64 }
            } else {
                TrapKind::UnknownHelper { id }
            };
            helper_trap(site.insn_idx, id, unknown, error)
        }),
    };
    host.engine.frames_in_use = saved;
    result
}

/// `call N`: `r1`..`r5` arrive as the first five arguments.
extern "sysv64" fn helper(
    a1: u64,
    a2: u64,
    a3: u64,
    a4: u64,
    a5: u64,
    state: *mut RunState,
) -> u64 {
    with_run(state, |_state, host, site, frames| {
        let id = match site.kind {
            SiteKind::Helper { id } => id,
            SiteKind::Kfunc { btf_id, .. } => i64::from(btf_id),
            _ => 0,
        };
        call_helper(host, site, id, [a1, a2, a3, a4, a5], frames)
    })
}

/// `bpf_tail_call(ctx, prog_array, index)`: the native address to jump to, or 0 to fall
/// through.
extern "sysv64" fn tail_call(state: *mut RunState, prog_array: u64, index: u64) -> u64 {
    with_run(state, |_state, host, site, _frames| {
        if host.engine.tail_calls >= MAX_TAIL_CALL_CNT {
            return Ok(0);
        }
        let Some(target) = host.helpers.tail_call(prog_array, index) else {
            return Ok(0);
        };
        let options = host.engine.options();
        let program = crate::JitProgram::of_with(&target, options).map_err(|error| Trap {
            insn_idx: site.insn_idx,
            kind: TrapKind::HelperFailed {
                id: 12,
                message: format!("the tail call target cannot be compiled: {error}"),
            },
        })?;
        host.engine.tail_calls += 1;
        let entry = program.native_address_of_slot(0).unwrap_or(0) as u64;
        host.engine.keep(program);
        Ok(entry)
    })
}

/// `callx reg`: the native address of the subprogram `value` names, or 0 after calling the
/// helper it names (the result goes to [`RunState::callx_result`]).
extern "sysv64" fn callx(state: *mut RunState, value: u64) -> u64 {
    with_run(state, |state, host, site, frames| {
        if let Some(native) = host.engine.native_address_of(value) {
            return Ok(native as u64);
        }
        let Ok(id) = i32::try_from(value as i64) else {
            return Err(Trap {
                insn_idx: site.insn_idx,
                kind: TrapKind::BadCallTarget { value },
            });
        };
        let result = call_helper(host, site, i64::from(id), state.args, frames)?;
        state.callx_result = result;
        Ok(0)
    })
}

fn out_of_bounds(site: Site, kind: TrapKind) -> Trap {
    Trap {
        insn_idx: site.insn_idx,
        kind,
    }
}

/// A load of checked code.
extern "sysv64" fn load(state: *mut RunState, addr: u64) -> u64 {
    with_run(state, |_state, host, site, _frames| {
        let SiteKind::Load { size, signed } = site.kind else {
            return Ok(0);
        };
        let memory = &mut *host.memory;
        let trap = |kind| out_of_bounds(site, kind);
        let value = match (size, signed) {
            (1, false) => u64::from(memory.load::<1>(addr).map_err(trap)?[0]),
            (1, true) => memory.load::<1>(addr).map_err(trap)?[0] as i8 as i64 as u64,
            (2, false) => u64::from(u16::from_le_bytes(memory.load::<2>(addr).map_err(trap)?)),
            (2, true) => i16::from_le_bytes(memory.load::<2>(addr).map_err(trap)?) as i64 as u64,
            (4, false) => u64::from(u32::from_le_bytes(memory.load::<4>(addr).map_err(trap)?)),
            (4, true) => i32::from_le_bytes(memory.load::<4>(addr).map_err(trap)?) as i64 as u64,
            _ => u64::from_le_bytes(memory.load::<8>(addr).map_err(trap)?),
        };
        Ok(value)
    })
}

/// A store of checked code.
extern "sysv64" fn store(state: *mut RunState, addr: u64, value: u64) -> u64 {
    with_run(state, |_state, host, site, _frames| {
        let SiteKind::Store { size } = site.kind else {
            return Ok(0);
        };
        let memory = &mut *host.memory;
        let trap = |kind| out_of_bounds(site, kind);
        match size {
            1 => memory.store::<1>(addr, [value as u8]).map_err(trap)?,
            2 => memory
                .store::<2>(addr, (value as u16).to_le_bytes())
                .map_err(trap)?,
            4 => memory
                .store::<4>(addr, (value as u32).to_le_bytes())
                .map_err(trap)?,
            _ => memory.store::<8>(addr, value.to_le_bytes()).map_err(trap)?,
        }
        Ok(0)
    })
}

/// The `imm` of atomic instructions (`include/uapi/linux/bpf.h`).
const BPF_FETCH: i32 = 0x01;
const BPF_XCHG: i32 = 0xe0 | BPF_FETCH;
const BPF_CMPXCHG: i32 = 0xf0 | BPF_FETCH;

/// An atomic operation of checked code: returns the old value.
extern "sysv64" fn atomic(state: *mut RunState, addr: u64, value: u64, r0: u64) -> u64 {
    with_run(state, |_state, host, site, _frames| {
        let SiteKind::Atomic { size, op } = site.kind else {
            return Ok(0);
        };
        let rmw = match op {
            BPF_XCHG => RmwOp::Xchg,
            BPF_CMPXCHG => RmwOp::CmpXchg { expected: r0 },
            _ => match op & !BPF_FETCH {
                0x40 => RmwOp::Or,
                0x50 => RmwOp::And,
                0xa0 => RmwOp::Xor,
                _ => RmwOp::Add,
            },
        };
        host.memory
            .rmw(addr, usize::from(size), rmw, value)
            .map_err(|kind| out_of_bounds(site, kind))
    })
}

/// A legacy packet load: the 32-bit offset arrives in `offset`.
extern "sysv64" fn ld_abs(state: *mut RunState, offset: u64) -> u64 {
    with_run(state, |state, host, site, _frames| {
        let SiteKind::LdAbs { size } = site.kind else {
            return Ok(0);
        };
        // The kernel computes the offset in 32 bits and treats it as signed.
        let offset = offset as u32 as i32;
        match u64::try_from(offset)
            .ok()
            .and_then(|o| host.memory.packet_load(o, usize::from(size)))
        {
            Some(value) => Ok(value),
            None => {
                state.status = status::EXIT_ZERO;
                Ok(0)
            }
        }
    })
}

/// The number of frames in use when the code runs with frame pointer `fp`.
pub(crate) fn frames_for(stack_top: u64, fp: u64) -> usize {
    let frames = (stack_top.saturating_sub(fp) / STACK_FRAME_SIZE as u64) as usize + 1;
    frames.min(MAX_CALL_FRAMES)
}
