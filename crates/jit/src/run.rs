//! Running compiled code: the [`Host`] side of a run, the [`Runner`] that runs callbacks and
//! keeps tail-call targets alive, and [`enter`], the one call into generated code.

#![allow(unsafe_code)]

use std::ffi::c_void;
use std::sync::Arc;

use sluice_abi::limits::{MAX_CALL_FRAMES, STACK_FRAME_SIZE};
use sluice_interp::{Callbacks, Helpers, Memory, Trap, TrapKind};

use crate::JitProgram;
use crate::state::{RunState, Site, SiteKind, TrapCode, status};
use crate::trampolines::frames_for;

/// What the trampolines reach through [`RunState::host`].
pub(crate) struct Host<'r, 'm> {
    pub(crate) memory: &'r mut Memory<'m>,
    pub(crate) helpers: &'r mut dyn Helpers,
    pub(crate) engine: &'r mut Runner,
    /// Why the run stopped, when a trampoline stopped it.
    pub(crate) trap: Option<Trap>,
}

impl Host<'_, '_> {
    /// Frames in use when the code runs with frame pointer `fp`.
    pub(crate) fn frames_at(&self, fp: u64) -> usize {
        frames_for(self.engine.stack_top, fp)
    }
}

/// The programs of a run and the state callbacks need.
#[derive(Debug)]
pub(crate) struct Runner {
    /// The program the run started with.
    main: *const JitProgram,
    /// Tail-call targets, kept alive until the run ends.
    targets: Vec<Arc<JitProgram>>,
    pub(crate) tail_calls: u32,
    /// Frames used by the code waiting for a helper to return.
    pub(crate) frames_in_use: usize,
    pub(crate) stack_top: u64,
    /// The backward-jump budget the run started with, for the trap that reports it.
    budget: u64,
    state: *mut RunState,
}

impl Runner {
    pub(crate) fn keep(&mut self, program: Arc<JitProgram>) {
        if !self.targets.iter().any(|kept| Arc::ptr_eq(kept, &program)) {
            self.targets.push(program);
        }
    }

    /// The options the run's first program was compiled with: tail-call targets are compiled
    /// with the same.
    pub(crate) fn options(&self) -> crate::JitOptions {
        self.programs()
            .next()
            .map(JitProgram::options)
            .unwrap_or_default()
    }

    fn programs(&self) -> impl Iterator<Item = &JitProgram> {
        // SAFETY: `main` points to the program `run` borrows for the whole run.
        let main = unsafe { &*self.main };
        std::iter::once(main).chain(self.targets.iter().map(|program| &**program))
    }

    /// The native address of the function whose code address (as the interpreter numbers
    /// instructions) is `value`, in any program of the run.
    pub(crate) fn native_address_of(&self, value: u64) -> Option<usize> {
        self.programs()
            .find_map(|program| program.native_address_of_code_address(value))
    }
}

impl Callbacks for Runner {
    fn call_function(
        &mut self,
        memory: &mut Memory<'_>,
        helpers: &mut dyn Helpers,
        addr: u64,
        args: [u64; 5],
    ) -> Result<u64, Trap> {
        let Some(native) = self.native_address_of(addr) else {
            return Err(Trap {
                insn_idx: 0,
                kind: TrapKind::BadCallTarget { value: addr },
            });
        };
        if self.frames_in_use >= MAX_CALL_FRAMES {
            let insn_idx = self
                .programs()
                .find_map(|program| program.slot_of_code_address(addr))
                .unwrap_or(0);
            return Err(Trap {
                insn_idx,
                kind: TrapKind::CallDepthExceeded {
                    max_frames: MAX_CALL_FRAMES,
                },
            });
        }
        // SAFETY: `state` is the run's state, alive for the whole run; the generated code that
        // called the helper is suspended in the helper's call and does not touch it until the
        // helper returns.
        let state = unsafe { &mut *self.state };
        let saved = (
            state.saved_rsp,
            state.entry,
            state.args,
            state.frame_pointer,
            state.call_frame_pointer,
            state.site,
            state.host,
        );
        let frame_pointer = self.stack_top - (self.frames_in_use * STACK_FRAME_SIZE) as u64;
        state.entry = native as u64;
        state.args = args;
        state.frame_pointer = frame_pointer;
        state.call_frame_pointer = frame_pointer;
        let frames_in_use = self.frames_in_use;
        let stub = self.programs().next().map(|main| main.entry_stub());
        let mut host = Host {
            memory,
            helpers,
            engine: self,
            trap: None,
        };
        let r0 = match stub {
            Some(stub) => enter(stub, state, &mut host),
            None => 0,
        };
        let budget = host.engine.budget;
        let outcome = finish(state, &mut host, budget);
        host.engine.frames_in_use = frames_in_use;
        (
            state.saved_rsp,
            state.entry,
            state.args,
            state.frame_pointer,
            state.call_frame_pointer,
            state.site,
            state.host,
        ) = saved;
        state.status = status::RUNNING;
        outcome.map(|exit_zero| if exit_zero { 0 } else { r0 })
    }
}

/// Calls the entry stub at `stub` with `state`, whose `host` is set to `host` for the call.
fn enter(stub: usize, state: &mut RunState, host: &mut Host<'_, '_>) -> u64 {
    state.host = std::ptr::from_mut(host).cast::<c_void>();
    state.status = status::RUNNING;
    // SAFETY: `stub` is the entry stub of a live program's code, which has the signature
    // `extern "sysv64" fn(*mut RunState) -> u64` (see `codegen`), and `state` is fully
    // initialised: the entry point is a function start of a live program, the frame pointer
    // lies in the run's stack, and `host` points to this run's host, which outlives the call.
    unsafe {
        let function: extern "sysv64" fn(*mut RunState) -> u64 = std::mem::transmute(stub);
        function(state)
    }
}

/// How a call of the entry stub ended: `Ok(false)` normally, `Ok(true)` for a failed legacy
/// packet load (r0 = 0), or the trap.
fn finish(state: &RunState, host: &mut Host<'_, '_>, budget: u64) -> Result<bool, Trap> {
    match state.status {
        status::RUNNING => Ok(false),
        status::EXIT_ZERO => Ok(true),
        _ => Err(host.trap.take().unwrap_or_else(|| {
            // SAFETY: the code set `site` to a site of a live program before it trapped.
            let site: Site = unsafe { *state.site };
            site_trap(site, budget)
        })),
    }
}

/// The trap a trap stub raised.
fn site_trap(site: Site, budget: u64) -> Trap {
    let kind = match site.kind {
        SiteKind::Trap(TrapCode::FellOffEnd) => TrapKind::FellOffEnd,
        SiteKind::Trap(TrapCode::Unresolved { what }) => TrapKind::UnresolvedPseudo { what },
        SiteKind::Trap(TrapCode::CallDepth) => TrapKind::CallDepthExceeded {
            max_frames: MAX_CALL_FRAMES,
        },
        SiteKind::Trap(TrapCode::Budget) => TrapKind::BudgetExhausted { budget },
        _ => TrapKind::HelperFailed {
            id: 0,
            message: "the run stopped without a reason".to_string(),
        },
    };
    Trap {
        insn_idx: site.insn_idx,
        kind,
    }
}

/// Runs `program` from its first instruction. `budget` bounds the backward jumps of checked
/// code.
pub(crate) fn run(
    program: &JitProgram,
    memory: &mut Memory<'_>,
    args: [u64; 5],
    helpers: &mut dyn Helpers,
    budget: u64,
) -> Result<u64, Trap> {
    memory.reset_frames();
    let stack_top = memory.stack_top();
    let stack_base = memory.stack_base_mut() as u64;
    let Some(entry) = program.native_address_of_slot(0) else {
        return Err(Trap {
            insn_idx: 0,
            kind: TrapKind::FellOffEnd,
        });
    };
    let mut state = RunState {
        saved_rsp: 0,
        entry: entry as u64,
        args,
        frame_pointer: stack_top,
        // A call from frame pointer `fp` creates a frame at `fp - 512`, whose bytes start 512
        // below that: it must not reach below the stack.
        min_frame_pointer: stack_base + 2 * STACK_FRAME_SIZE as u64,
        call_frame_pointer: stack_top,
        site: std::ptr::null(),
        status: status::RUNNING,
        budget,
        callx_result: 0,
        host: std::ptr::null_mut(),
    };
    let mut engine = Runner {
        main: program,
        targets: Vec::new(),
        tail_calls: 0,
        frames_in_use: 0,
        stack_top,
        budget,
        state: &mut state,
    };
    // SAFETY (of what follows): `engine.state` points to `state`, which lives on this frame
    // until the run ends; from here on `state` is only accessed through that pointer.
    let state_ptr = engine.state;
    let mut host = Host {
        memory,
        helpers,
        engine: &mut engine,
        trap: None,
    };
    // SAFETY: see above; no other reference to `state` is live while the code runs.
    let state = unsafe { &mut *state_ptr };
    let r0 = enter(program.entry_stub(), state, &mut host);
    let outcome = finish(state, &mut host, budget);
    host.memory.reset_frames();
    outcome.map(|exit_zero| if exit_zero { 0 } else { r0 })
}
