//! [`VerifyError`]: why a program was rejected, and where.
//!
//! Every rejection carries an [`ErrorKind`], a stable identifier that tests and `--json`
//! output use (its [`ErrorKind::name`] is a contract), the instruction index where the rule
//! was broken, a message in plain words, and the context that explains it: the register and
//! stack state that matters, the branch decisions on the path that led there, and a hint
//! where the fix is standard.

use std::fmt;

/// The rule a rejected program broke. The names ([`ErrorKind::name`]) are stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// An instruction the verifier does not accept as encoded: unknown opcode, reserved fields
    /// set, a `lddw` pseudo source or map reference that does not resolve.
    InvalidInsn,
    /// A jump or call whose target is outside the program or inside a `lddw`.
    JumpOutOfRange,
    /// An instruction no path reaches.
    UnreachableInsn,
    /// Execution can run past the last instruction.
    FallThrough,
    /// A back-edge in a program that may not have loops (unprivileged).
    BackEdge,
    /// A loop that does not terminate (the same state reached again).
    InfiniteLoop,
    /// The program needs more than 1,000,000 processed instructions or too many pending
    /// branches to verify.
    TooComplex,
    /// A program longer than the mode allows.
    TooLarge,
    /// A register read before it was written.
    UninitReg,
    /// A write to `r10`, the frame pointer.
    FramePointerWrite,
    /// A read of stack bytes never written (unprivileged; privileged programs may, as in Linux).
    UninitStack,
    /// A stack access outside the frame, misaligned where alignment is required, or at a
    /// variable offset that is not allowed.
    StackAccess,
    /// A stack of more than 512 bytes along some call chain.
    StackTooDeep,
    /// A memory access through a register that is not a pointer, or through a pointer type that
    /// cannot be accessed this way.
    InvalidMemAccess,
    /// A context access the program type does not allow (field, size or direction).
    CtxAccess,
    /// A packet access not proven to lie between `data` (or `data_meta`) and `data_end`.
    PacketAccess,
    /// A map value access outside `0..value_size`.
    MapValueAccess,
    /// A map key access outside `0..key_size`.
    MapKeyAccess,
    /// An access to memory of another kind (ring buffer record, helper memory) out of bounds.
    MemAccess,
    /// A write to memory the program may only read (`.rodata`, `BPF_F_RDONLY_PROG` maps,
    /// context fields, read-only helper memory).
    ReadOnly,
    /// A pointer that may be NULL used before a NULL check.
    NullPointer,
    /// Arithmetic the rules forbid on a pointer (or on this pointer type), or pointer
    /// arithmetic whose result could leave its object.
    PointerArithmetic,
    /// A division or modulo by the constant zero, or a shift by at least the operand width.
    InvalidAluOp,
    /// A call of a helper id that does not exist or that Sluice does not implement.
    UnknownHelper,
    /// A helper the program type (or a non-GPL license) may not call.
    HelperNotAllowed,
    /// A helper argument that does not match the helper's prototype.
    HelperArg,
    /// A kernel function call (kfunc) or other kernel-only feature Sluice does not support.
    Unsupported,
    /// A bpf-to-bpf call chain deeper than 8 frames, or a bad call target.
    CallDepth,
    /// A reference (ring buffer record, socket) not released on some path, or released twice.
    ReferenceLeak,
    /// A spin lock taken twice, not released, or held across a call that may not hold it.
    SpinLock,
    /// A tail call where the rules forbid it.
    TailCall,
    /// A value in `r0` at exit outside the range the program type allows.
    ReturnValue,
    /// An unprivileged program exposing a kernel address (into a map, a helper argument, the
    /// return value, or by comparing pointers).
    PointerLeak,
    /// A callback (`bpf_loop`, `for_each_map_elem`) or global function that breaks its
    /// contract (arguments, return value).
    Callback,
    /// Something only privileged programs may do (with `CAP_BPF`): bpf-to-bpf calls, kfunc
    /// calls and references to subprograms.
    PrivilegedOnly,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 35] = [
        ErrorKind::InvalidInsn,
        ErrorKind::JumpOutOfRange,
        ErrorKind::UnreachableInsn,
        ErrorKind::FallThrough,
        ErrorKind::BackEdge,
        ErrorKind::InfiniteLoop,
        ErrorKind::TooComplex,
        ErrorKind::TooLarge,
        ErrorKind::UninitReg,
        ErrorKind::FramePointerWrite,
        ErrorKind::UninitStack,
        ErrorKind::StackAccess,
        ErrorKind::StackTooDeep,
        ErrorKind::InvalidMemAccess,
        ErrorKind::CtxAccess,
        ErrorKind::PacketAccess,
        ErrorKind::MapValueAccess,
        ErrorKind::MapKeyAccess,
        ErrorKind::MemAccess,
        ErrorKind::ReadOnly,
        ErrorKind::NullPointer,
        ErrorKind::PointerArithmetic,
        ErrorKind::InvalidAluOp,
        ErrorKind::UnknownHelper,
        ErrorKind::HelperNotAllowed,
        ErrorKind::HelperArg,
        ErrorKind::Unsupported,
        ErrorKind::CallDepth,
        ErrorKind::ReferenceLeak,
        ErrorKind::SpinLock,
        ErrorKind::TailCall,
        ErrorKind::ReturnValue,
        ErrorKind::PointerLeak,
        ErrorKind::Callback,
        ErrorKind::PrivilegedOnly,
    ];

    /// The stable snake_case name (`uninit_reg`, `packet_access`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidInsn => "invalid_insn",
            ErrorKind::JumpOutOfRange => "jump_out_of_range",
            ErrorKind::UnreachableInsn => "unreachable_insn",
            ErrorKind::FallThrough => "fall_through",
            ErrorKind::BackEdge => "back_edge",
            ErrorKind::InfiniteLoop => "infinite_loop",
            ErrorKind::TooComplex => "too_complex",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::UninitReg => "uninit_reg",
            ErrorKind::FramePointerWrite => "frame_pointer_write",
            ErrorKind::UninitStack => "uninit_stack",
            ErrorKind::StackAccess => "stack_access",
            ErrorKind::StackTooDeep => "stack_too_deep",
            ErrorKind::InvalidMemAccess => "invalid_mem_access",
            ErrorKind::CtxAccess => "ctx_access",
            ErrorKind::PacketAccess => "packet_access",
            ErrorKind::MapValueAccess => "map_value_access",
            ErrorKind::MapKeyAccess => "map_key_access",
            ErrorKind::MemAccess => "mem_access",
            ErrorKind::ReadOnly => "read_only",
            ErrorKind::NullPointer => "null_pointer",
            ErrorKind::PointerArithmetic => "pointer_arithmetic",
            ErrorKind::InvalidAluOp => "invalid_alu_op",
            ErrorKind::UnknownHelper => "unknown_helper",
            ErrorKind::HelperNotAllowed => "helper_not_allowed",
            ErrorKind::HelperArg => "helper_arg",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::CallDepth => "call_depth",
            ErrorKind::ReferenceLeak => "reference_leak",
            ErrorKind::SpinLock => "spin_lock",
            ErrorKind::TailCall => "tail_call",
            ErrorKind::ReturnValue => "return_value",
            ErrorKind::PointerLeak => "pointer_leak",
            ErrorKind::Callback => "callback",
            ErrorKind::PrivilegedOnly => "privileged_only",
        }
    }

    /// The kind with this [`ErrorKind::name`].
    pub fn from_name(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One branch decision on the path to a rejection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchStep {
    /// The conditional jump.
    pub insn_idx: usize,
    /// Whether the path took the jump.
    pub taken: bool,
}

/// Why a program was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", match insn_idx { Some(idx) => format!("insn {idx}: "), None => String::new() })]
pub struct VerifyError {
    /// The rule broken.
    pub kind: ErrorKind,
    /// The instruction that broke it (`None` for whole-program rules such as the size limit).
    pub insn_idx: Option<usize>,
    /// What went wrong, in plain words.
    pub message: String,
    /// The state that matters: one line per register or stack slot involved
    /// (`r0: map_value_or_null(map=counts, off=0)`).
    pub state: Vec<String>,
    /// The branch decisions on the path that led there, oldest first.
    pub path: Vec<BranchStep>,
    /// How to fix it, where the fix is standard.
    pub hint: Option<String>,
    /// Another instruction the hint refers to (where a NULL-able pointer came from, where a
    /// reference was acquired), to show its source line.
    pub related_insn: Option<usize>,
    /// The work done before the rejection.
    pub stats: Stats,
    /// The verifier's log up to the rejection (empty unless the options asked for one).
    pub log: Vec<String>,
}

/// How much work verification took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Instructions processed, counting each time a path reaches one (the kernel's
    /// `insn_processed`).
    pub insns_processed: u64,
    /// States stored for pruning (the kernel's `total_states`).
    pub states: u64,
    /// Peak number of states stored at once (`peak_states`).
    pub peak_states: u64,
    /// Wall time in microseconds.
    pub time_us: u64,
}

impl VerifyError {
    /// An error at `insn_idx` with no state, path or hint yet.
    pub fn new(
        kind: ErrorKind,
        insn_idx: Option<usize>,
        message: impl Into<String>,
    ) -> VerifyError {
        VerifyError {
            kind,
            insn_idx,
            message: message.into(),
            state: Vec::new(),
            path: Vec::new(),
            hint: None,
            related_insn: None,
            stats: Stats::default(),
            log: Vec::new(),
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> VerifyError {
        self.hint = Some(hint.into());
        self
    }
}
