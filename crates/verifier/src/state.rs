//! [`State`]: the abstract machine state along one path: call frames (registers and stack),
//! held references and the held spin lock.

use crate::reg::Reg;
use crate::stack::Stack;

/// Why a frame was entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum FrameKind {
    /// The program's entry function.
    Main,
    /// A bpf-to-bpf call.
    Call,
    /// A callback a helper calls (`bpf_loop`, `bpf_for_each_map_elem`, ...); `helper` is the
    /// helper id and `repeats` whether it may be called again after it returns.
    Callback { helper: u32, repeats: bool },
}

/// One call frame.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Frame {
    pub(crate) regs: [Reg; 11],
    pub(crate) stack: Stack,
    /// The call instruction in the caller (unused for the main frame).
    pub(crate) callsite: usize,
    /// The first instruction of the function this frame runs.
    pub(crate) func_start: usize,
    pub(crate) kind: FrameKind,
}

impl Frame {
    pub(crate) fn new(func_start: usize, callsite: usize, kind: FrameKind) -> Frame {
        Frame {
            regs: [Reg::NOT_INIT; 11],
            stack: Stack::default(),
            callsite,
            func_start,
            kind,
        }
    }
}

/// A reference the program holds and must release on every path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RefState {
    pub(crate) id: u32,
    /// The instruction that acquired it (`bpf_ringbuf_reserve`, `bpf_sk_lookup_tcp`, ...).
    pub(crate) insn_idx: usize,
}

/// A held spin lock: the map (and its value pointer's id) it lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct LockState {
    pub(crate) map: u32,
    /// The `id` of the map value pointer the lock was taken through (0 for global data).
    pub(crate) ptr_id: u32,
    /// The instruction that took it.
    pub(crate) insn_idx: usize,
}

/// The state along one path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct State {
    /// Call frames, the current (innermost) last.
    pub(crate) frames: Vec<Frame>,
    pub(crate) refs: Vec<RefState>,
    pub(crate) lock: Option<LockState>,
    /// Explored only because a CPU might execute it speculatively (unprivileged mode).
    pub(crate) speculative: bool,
}

impl State {
    pub(crate) fn cur(&self) -> &Frame {
        self.frames.last().expect("a state has at least one frame")
    }

    pub(crate) fn cur_mut(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("a state has at least one frame")
    }

    /// Every register and spilled register in every frame.
    pub(crate) fn for_each_reg(&mut self, mut f: impl FnMut(&mut Reg)) {
        for frame in &mut self.frames {
            for reg in &mut frame.regs {
                f(reg);
            }
            for slot in frame.stack.iter_mut() {
                if slot.spill_size() > 0 {
                    f(&mut slot.spilled);
                }
            }
        }
    }
}
