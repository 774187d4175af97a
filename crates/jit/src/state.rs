//! [`RunState`]: what generated code and the Rust side of a run share, at fixed offsets, and
//! [`Site`]: what the code tells the Rust side about the instruction that calls it.
//!
//! The generated code keeps a pointer to the `RunState` in `r12` for the whole run. It reads
//! the entry point, the arguments and the frame pointer at entry; before calling into Rust it
//! writes the current frame pointer and the calling [`Site`]; after the call it checks
//! `status`, which Rust sets when the run must stop.

use std::ffi::c_void;

/// How a run stopped early, in [`RunState::status`].
pub(crate) mod status {
    /// Still running.
    pub(crate) const RUNNING: u64 = 0;
    /// Trapped: the Rust side holds the trap.
    pub(crate) const TRAPPED: u64 = 1;
    /// A legacy packet load failed: the program ends with `r0 = 0`.
    pub(crate) const EXIT_ZERO: u64 = 2;
}

/// The state of a run, laid out for the generated code.
#[repr(C)]
#[derive(Debug)]
pub(crate) struct RunState {
    /// `rsp` after the entry stub saved the host's registers: a trap unwinds to it.
    pub(crate) saved_rsp: u64,
    /// The native address the entry stub calls.
    pub(crate) entry: u64,
    /// `r1` to `r5` at entry.
    pub(crate) args: [u64; 5],
    /// `r10` at entry.
    pub(crate) frame_pointer: u64,
    /// The lowest frame pointer a call may create (the bottom frame's).
    pub(crate) min_frame_pointer: u64,
    /// `r10` when the code last called into Rust.
    pub(crate) call_frame_pointer: u64,
    /// The [`Site`] of that call.
    pub(crate) site: *const Site,
    /// Non-zero when the run must stop ([`status`]).
    pub(crate) status: u64,
    /// Backward jumps left before the run stops as runaway (checked code only).
    pub(crate) budget: u64,
    /// The result of a helper that `callx` called.
    pub(crate) callx_result: u64,
    /// The Rust side of the run (`crate::run::Host`).
    pub(crate) host: *mut c_void,
}

/// Offsets of the fields the generated code uses.
pub(crate) mod offset {
    use std::mem::offset_of;

    use super::RunState;

    pub(crate) const SAVED_RSP: i32 = offset_of!(RunState, saved_rsp) as i32;
    pub(crate) const ENTRY: i32 = offset_of!(RunState, entry) as i32;
    pub(crate) const ARGS: i32 = offset_of!(RunState, args) as i32;
    pub(crate) const FRAME_POINTER: i32 = offset_of!(RunState, frame_pointer) as i32;
    pub(crate) const MIN_FRAME_POINTER: i32 = offset_of!(RunState, min_frame_pointer) as i32;
    pub(crate) const CALL_FRAME_POINTER: i32 = offset_of!(RunState, call_frame_pointer) as i32;
    pub(crate) const SITE: i32 = offset_of!(RunState, site) as i32;
    pub(crate) const STATUS: i32 = offset_of!(RunState, status) as i32;
    pub(crate) const BUDGET: i32 = offset_of!(RunState, budget) as i32;
    pub(crate) const CALLX_RESULT: i32 = offset_of!(RunState, callx_result) as i32;
}

/// What the generated code does at an instruction that calls into Rust or traps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SiteKind {
    /// `call` of a helper.
    Helper { id: i64 },
    /// `call` of a kernel function.
    Kfunc { btf_id: i32, btf_fd_idx: i16 },
    /// `bpf_tail_call`.
    TailCall,
    /// `callx` (checked code): a subprogram or a helper, by value.
    CallX,
    /// A load (checked code): `size` bytes, sign-extended when `signed`.
    Load { size: u8, signed: bool },
    /// A store (checked code).
    Store { size: u8 },
    /// An atomic operation (checked code), with its encoded `imm`.
    Atomic { size: u8, op: i32 },
    /// A legacy packet load of `size` bytes.
    LdAbs { size: u8 },
    /// A trap the code raises itself.
    Trap(TrapCode),
}

/// Traps raised by the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TrapCode {
    FellOffEnd,
    /// A `lddw` whose pseudo value was not resolved at load time.
    Unresolved {
        what: &'static str,
    },
    CallDepth,
    Budget,
}

/// One instruction's site: its index, its code address in the interpreter's executable (what
/// helpers see as the call site), and what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Site {
    pub(crate) insn_idx: usize,
    pub(crate) code_address: u64,
    pub(crate) kind: SiteKind,
}
