//! The eBPF verifier.
//!
//! [`verify`] proves a [`Program`] safe under the Linux kernel's rules, for one program type
//! and mode, and returns a [`VerifiedProgram`], the only way to build one. Engines run
//! `VerifiedProgram`s; the unchecked path exists only for the conformance runner.
//!
//! The design is the kernel's: a path-sensitive abstract interpreter over registers and stack
//! slots ([`state`](crate::state)), scalars tracked as tristate numbers plus ranges ([`tnum`],
//! [`scalar`]), pointers typed by what they point to, and explored states kept at prune points
//! so that a path reaching a state already proven safe stops there. `docs/verifier.md`
//! describes the domains, the pruning and the deliberate differences from Linux.
//!
//! - [`cfg`](crate::cfg): functions, reachability, loops, prune points and liveness, before
//!   exploration;
//! - [`verifier`](crate::verifier): the exploration loop; `alu`, `mem`, `jump` and `call` check
//!   one instruction each;
//! - [`prune`](crate::prune): when a stored state covers the current one;
//! - [`object`]: verifying the programs of an ELF object, with its maps and BTF.

#![forbid(unsafe_code)]
// A rejection is the cold path and carries its diagnostics inline; boxing them would only move
// the allocation.
#![allow(clippy::result_large_err)]

mod alu;
mod call;
mod cfg;
mod ctx_other;
mod error;
mod facts;
mod jump;
mod map_compat;
mod mem;
pub mod object;
mod options;
mod precise;
mod prune;
mod reg;
pub mod render;
mod retval;
pub mod scalar;
mod spectre;
mod stack;
mod state;
pub mod tnum;
mod verified;
mod verifier;

use std::time::Instant;

use sluice_abi::limits::{BPF_MAXINSNS, BPF_MAXINSNS_PRIVILEGED};
use sluice_isa::{Program, RawInsn};

pub use error::{BranchStep, ErrorKind, Stats, VerifyError};
pub use facts::{AluSanitize, AluState, InsnFacts, MemKind};
pub use object::{ObjectVerdict, verify_object};
pub use options::{FuncArg, FuncInfo, LogLevel, MapInfo, VerifyOptions};
pub use verified::VerifiedProgram;

use cfg::Cfg;
use reg::{PtrFlags, PtrKind, Reg};
use verifier::Verifier;

/// Round-up of each frame's stack in the combined-depth check (`round_up_stack_depth` with the
/// JIT on).
const FRAME_ROUND: u32 = 16;
/// Stack a chain of frames may use before a tail call in a subprogram.
const TAIL_CALL_STACK_LIMIT: u32 = 256;

/// Verifies `program` for `options`.
pub fn verify(program: &Program, options: &VerifyOptions) -> Result<VerifiedProgram, VerifyError> {
    let started = Instant::now();
    let n_slots = program.n_slots();
    let limit = if options.privileged {
        BPF_MAXINSNS_PRIVILEGED
    } else {
        BPF_MAXINSNS
    };
    if n_slots > limit {
        return Err(VerifyError::new(
            ErrorKind::TooLarge,
            None,
            format!(
                "the program has {n_slots} instructions; at most {limit} are allowed in this mode"
            ),
        ));
    }
    let cfg = Cfg::build(program, options)?;
    let n_funcs = cfg.funcs.len();
    let func_starts: Vec<usize> = cfg.funcs.iter().map(|f| f.start).collect();

    let mut main = Verifier::new(options, cfg.clone());
    main.run(started)?;
    let mut stats = main.stats;
    let mut facts = std::mem::take(&mut main.facts);
    let mut stack_depth = std::mem::take(&mut main.stack_depth);
    let mut callees = std::mem::take(&mut main.callees);
    let mut tail_calls = std::mem::take(&mut main.tail_calls);
    let mut log = std::mem::take(&mut main.log);

    // Global functions are verified on their own, from their prototypes.
    for info in options
        .functions
        .iter()
        .filter(|f| f.global && f.insn_idx != 0)
    {
        let mut global = Verifier::new(options, cfg.clone());
        global.enter_global(info);
        global.run(Instant::now()).map_err(|mut error| {
            error.stats.insns_processed += stats.insns_processed;
            error
                .state
                .insert(0, format!("in global function {}", info.name));
            error
        })?;
        stats.insns_processed += global.stats.insns_processed;
        stats.states += global.stats.states;
        stats.peak_states = stats.peak_states.max(global.stats.peak_states);
        for (mine, theirs) in facts.iter_mut().zip(&global.facts) {
            mine.merge(theirs);
        }
        for f in 0..n_funcs {
            stack_depth[f] = stack_depth[f].max(global.stack_depth[f]);
            for &callee in &global.callees[f] {
                if !callees[f].contains(&callee) {
                    callees[f].push(callee);
                }
            }
            tail_calls[f] |= global.tail_calls[f];
        }
        log.append(&mut global.log);
    }
    check_stack_depth(&stack_depth, &callees, &tail_calls, &func_starts).map_err(|mut error| {
        error.stats = stats;
        error.stats.time_us = started.elapsed().as_micros() as u64;
        error
    })?;
    stats.time_us = started.elapsed().as_micros() as u64;
    let depths = func_starts.iter().copied().zip(stack_depth).collect();
    Ok(VerifiedProgram::new(
        program.clone(),
        options.clone(),
        facts,
        depths,
        stats,
        log,
    ))
}

/// Decodes raw slots and verifies them; decoding errors become rejections.
pub fn verify_slots(
    slots: Vec<RawInsn>,
    options: &VerifyOptions,
) -> Result<VerifiedProgram, VerifyError> {
    let program = Program::from_slots(slots).map_err(|error| {
        let kind = match error.kind {
            sluice_isa::DecodeErrorKind::TargetOutOfProgram { .. }
            | sluice_isa::DecodeErrorKind::TargetInsideLdImm64 { .. } => ErrorKind::JumpOutOfRange,
            _ => ErrorKind::InvalidInsn,
        };
        VerifyError::new(kind, Some(error.insn_idx), error.kind.to_string())
    })?;
    verify(&program, options)
}

/// The stack of every call chain, each frame rounded up, must fit in 512 bytes; a chain that
/// reaches a tail call may use at most 256 bytes before it.
fn check_stack_depth(
    depth: &[u32],
    callees: &[Vec<usize>],
    tail_calls: &[bool],
    starts: &[usize],
) -> Result<(), VerifyError> {
    fn walk(
        func: usize,
        total: u32,
        chain: &mut Vec<usize>,
        depth: &[u32],
        callees: &[Vec<usize>],
        tail_calls: &[bool],
        starts: &[usize],
    ) -> Result<(), VerifyError> {
        let frame = depth[func].div_ceil(FRAME_ROUND) * FRAME_ROUND;
        let total = total + frame;
        chain.push(func);
        if total > sluice_abi::limits::MAX_BPF_STACK as u32 {
            let calls: Vec<String> = chain
                .iter()
                .map(|&f| format!("insn {}", starts[f]))
                .collect();
            return Err(VerifyError::new(
                ErrorKind::StackTooDeep,
                Some(starts[func]),
                format!(
                    "combined stack size of {} calls is {total}. Too large (at most 512 bytes): {}",
                    chain.len(),
                    calls.join(" -> ")
                ),
            )
            .with_hint(
                "use smaller local variables, or keep large buffers in a per-CPU array map",
            ));
        }
        if tail_calls[func] && chain.len() > 1 && total - frame > TAIL_CALL_STACK_LIMIT {
            return Err(VerifyError::new(
                ErrorKind::TailCall,
                Some(starts[func]),
                format!(
                    "tail_calls are not allowed when call stack of previous frames is {} bytes. Too large",
                    total - frame
                ),
            ));
        }
        for &callee in &callees[func] {
            if chain.contains(&callee) {
                continue;
            }
            walk(callee, total, chain, depth, callees, tail_calls, starts)?;
        }
        chain.pop();
        Ok(())
    }
    let mut chain = Vec::new();
    walk(0, 0, &mut chain, depth, callees, tail_calls, starts)
}

impl Verifier<'_> {
    /// Starts the exploration at a global function with its arguments from its prototype.
    fn enter_global(&mut self, info: &FuncInfo) {
        let frame = self.st.cur_mut();
        frame.func_start = info.insn_idx;
        frame.regs[1] = Reg::NOT_INIT;
        for (i, arg) in info.args.iter().enumerate().take(5) {
            frame.regs[i + 1] = match *arg {
                FuncArg::Scalar => Reg::unknown(),
                FuncArg::Ctx => Reg::ptr(PtrKind::Ctx),
                FuncArg::Mem { size, non_null } => {
                    let mut reg = Reg::ptr(PtrKind::Mem { size });
                    if !non_null {
                        reg.flags = PtrFlags::MAYBE_NULL;
                        reg.id = 0;
                    }
                    reg
                }
            };
        }
        for i in 1..=info.args.len().min(5) {
            if self.st.cur().regs[i].maybe_null() {
                let id = self.new_id();
                self.st.cur_mut().regs[i].id = id;
            }
        }
        self.global_func = Some(info.returns_void);
        self.insn_idx = info.insn_idx;
    }
}
