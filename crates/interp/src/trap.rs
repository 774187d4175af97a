//! Traps: the ways a run can stop other than by `exit`. Each names the instruction.

use thiserror::Error;

/// Whether an access read or wrote memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

impl std::fmt::Display for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Access::Read => "read",
            Access::Write => "write",
        })
    }
}

/// A run stopped at instruction slot `insn_idx`.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("instruction #{insn_idx}: {kind}")]
pub struct Trap {
    /// Slot index of the instruction that trapped.
    pub insn_idx: usize,
    /// Why.
    pub kind: TrapKind,
}

/// Why a run trapped.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TrapKind {
    /// A load, store or atomic touched memory outside every region the program may access.
    #[error("out-of-bounds {access} of {size} bytes at {addr:#x}")]
    OutOfBounds {
        access: Access,
        addr: u64,
        size: usize,
    },
    /// A store or atomic hit a read-only region.
    #[error("write of {size} bytes at {addr:#x} into read-only memory")]
    ReadOnly { addr: u64, size: usize },
    /// A bpf-to-bpf call would have gone deeper than the kernel allows.
    #[error("call depth exceeds {max_frames} frames")]
    CallDepthExceeded { max_frames: usize },
    /// The program called a helper the host does not provide.
    #[error("unknown helper function {id}")]
    UnknownHelper { id: i64 },
    /// The program called a kernel function (`kfunc`) the host does not provide.
    #[error("unknown kernel function with BTF id {btf_id}")]
    UnknownKfunc { btf_id: i32 },
    /// A helper refused its arguments.
    #[error("helper {id} failed: {message}")]
    HelperFailed { id: i64, message: String },
    /// `callx` on a register holding neither a helper id nor a subprogram address.
    #[error("callx target {value:#x} is neither a helper id nor a subprogram address")]
    BadCallTarget { value: u64 },
    /// `lddw` of a map or BTF object that was never resolved to an address.
    #[error("lddw of an unresolved {what}; load the program through the object loader")]
    UnresolvedPseudo { what: &'static str },
    /// Execution ran past the last instruction without `exit`.
    #[error("execution fell off the end of the program")]
    FellOffEnd,
    /// The instruction budget ran out.
    #[error("instruction budget of {budget} exhausted")]
    BudgetExhausted { budget: u64 },
}
