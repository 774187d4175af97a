//! The run loop.
//!
//! One `match` on the pre-decoded [`OpCode`] per instruction. Registers live in a 16-entry array
//! indexed by `reg & 15`, so no register access needs a bounds check (a prepared op's registers
//! are at most 10). Every load and store goes through [`Memory`], which checks it against the
//! stack frames of the current call chain and the host's regions.

use std::sync::Arc;

use sluice_abi::limits::{MAX_CALL_FRAMES, MAX_TAIL_CALL_CNT, STACK_FRAME_SIZE};
use sluice_isa::opcode::{BPF_AND, BPF_CMPXCHG, BPF_FETCH, BPF_OR, BPF_XCHG, BPF_XOR};
use sluice_maps::RmwOp;

use crate::helpers::{HelperError, Helpers};
use crate::memory::Memory;
use crate::prepare::{Executable, OpCode, UNRESOLVED_PSEUDO};
use crate::trap::{Trap, TrapKind};
use sluice_isa::semantics::*;

/// The helper id of `bpf_tail_call`, which the engine itself carries out.
const BPF_FUNC_TAIL_CALL: u64 = 12;

/// Options of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Stop with [`TrapKind::BudgetExhausted`] after this many instructions.
    pub insn_budget: Option<u64>,
}

/// How a run ended normally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The program's return value.
    pub r0: u64,
    /// Instructions executed, counting each `lddw` once.
    pub insns_executed: u64,
}

/// A caller's state saved across a bpf-to-bpf call.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    callee_saved: [u64; 4],
    frame_pointer: u64,
    return_pc: usize,
    /// The executable to return to (it differs after a tail call inside a subprogram).
    return_exec: usize,
}

/// The reference interpreter.
#[derive(Clone, Copy, Debug, Default)]
pub struct Interpreter {
    config: Config,
}

impl Interpreter {
    /// An interpreter with these options.
    pub fn new(config: Config) -> Interpreter {
        Interpreter { config }
    }

    /// Runs `executable` with `args` in `r1` to `r5`, `r10` at the top of the stack of `memory`,
    /// and the other registers zero.
    pub fn run<H: Helpers>(
        &self,
        executable: &Executable,
        memory: &mut Memory<'_>,
        args: [u64; 5],
        helpers: &mut H,
    ) -> Result<Outcome, Trap> {
        self.run_dyn(executable, memory, args, helpers)
    }

    /// [`Interpreter::run`] with the helpers behind a trait object.
    pub fn run_dyn(
        &self,
        executable: &Executable,
        memory: &mut Memory<'_>,
        args: [u64; 5],
        helpers: &mut dyn Helpers,
    ) -> Result<Outcome, Trap> {
        let budget = self.config.insn_budget.unwrap_or(u64::MAX);
        let mut machine = Machine {
            executables: vec![ExecRef::Borrowed(executable)],
            remaining: budget,
            tail_calls: 0,
            frames_in_use: 0,
        };
        let result = machine.run(memory, helpers, 0, 0, args);
        let remaining = machine.remaining;
        memory.reset_frames();
        match result {
            Ok(r0) => Ok(Outcome {
                r0,
                insns_executed: budget - remaining,
            }),
            Err(Trap {
                insn_idx,
                kind: TrapKind::BudgetExhausted { .. },
            }) => Err(Trap {
                insn_idx,
                kind: TrapKind::BudgetExhausted { budget },
            }),
            Err(trap) => Err(trap),
        }
    }
}

/// An executable a run is using: the one it started with, or a tail-call target.
#[derive(Clone, Debug)]
enum ExecRef<'e> {
    Borrowed(&'e Executable),
    Shared(Arc<Executable>),
}

impl std::ops::Deref for ExecRef<'_> {
    type Target = Executable;

    fn deref(&self) -> &Executable {
        match self {
            ExecRef::Borrowed(executable) => executable,
            ExecRef::Shared(executable) => executable,
        }
    }
}

/// The state of one program invocation, shared by the nested runs of callbacks.
pub struct Machine<'m> {
    executables: Vec<ExecRef<'m>>,
    remaining: u64,
    tail_calls: u32,
    /// Stack frames used by the runs that are waiting for a callback to return.
    frames_in_use: usize,
}

impl std::fmt::Debug for Machine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("remaining", &self.remaining)
            .field("tail_calls", &self.tail_calls)
            .field("frames_in_use", &self.frames_in_use)
            .finish_non_exhaustive()
    }
}

/// What a helper can do besides computing a value: reach the program's memory and call back
/// into the program (for `bpf_loop`, `bpf_for_each_map_elem` and other callback helpers).
///
/// It is the same for every engine: the engine running the program supplies the
/// [`Callbacks`] that runs a callback on it.
#[derive(Debug)]
pub struct CallEnv<'x, 'm, 'a> {
    engine: &'x mut (dyn Callbacks + 'm),
    memory: &'x mut Memory<'a>,
    call_site: u64,
}

/// How an engine runs a program's function on behalf of a helper.
pub trait Callbacks: std::fmt::Debug {
    /// Calls the function at code address `addr` (a value from a `lddw` of a function: an
    /// [`Executable::code_address`]) with `args` in `r1` to `r5`, in a new stack frame below
    /// the frames in use, and returns its `r0`.
    fn call_function(
        &mut self,
        memory: &mut Memory<'_>,
        helpers: &mut dyn Helpers,
        addr: u64,
        args: [u64; 5],
    ) -> Result<u64, Trap>;
}

impl<'x, 'm, 'a> CallEnv<'x, 'm, 'a> {
    /// The environment of one helper call: the engine that runs callbacks, the program's
    /// memory, and the code address of the call instruction.
    pub fn new(
        engine: &'x mut (dyn Callbacks + 'm),
        memory: &'x mut Memory<'a>,
        call_site: u64,
    ) -> CallEnv<'x, 'm, 'a> {
        CallEnv {
            engine,
            memory,
            call_site,
        }
    }

    /// The program's memory, for reading and writing through pointer arguments.
    pub fn memory(&mut self) -> &mut Memory<'a> {
        self.memory
    }

    /// The code address of the call instruction ([`Executable::code_address`] of its slot):
    /// what the kernel's stack walk sees as the innermost frame of a helper called from a
    /// program (`bpf_get_stackid`, `bpf_get_stack`).
    pub fn call_site(&self) -> u64 {
        self.call_site
    }

    /// Calls the subprogram at code address `addr` (from a `lddw` of a function) with `args`
    /// in `r1` to `r5` in a new stack frame, and returns its `r0`. A trap inside the callback
    /// comes back as an error the helper should return as [`HelperError::Trap`].
    pub fn call_function(
        &mut self,
        helpers: &mut dyn Helpers,
        addr: u64,
        args: [u64; 5],
    ) -> Result<u64, Trap> {
        self.engine.call_function(self.memory, helpers, addr, args)
    }
}

impl Callbacks for Machine<'_> {
    fn call_function(
        &mut self,
        memory: &mut Memory<'_>,
        helpers: &mut dyn Helpers,
        addr: u64,
        args: [u64; 5],
    ) -> Result<u64, Trap> {
        let found = self
            .executables
            .iter()
            .enumerate()
            .find_map(|(idx, executable)| {
                executable
                    .slot_of_code_address(addr)
                    .map(|slot| (idx, slot))
            });
        let Some((exec, slot)) = found else {
            return Err(Trap {
                insn_idx: 0,
                kind: TrapKind::BadCallTarget { value: addr },
            });
        };
        if self.frames_in_use >= MAX_CALL_FRAMES {
            return Err(Trap {
                insn_idx: slot,
                kind: TrapKind::CallDepthExceeded {
                    max_frames: MAX_CALL_FRAMES,
                },
            });
        }
        self.run(memory, helpers, exec, slot, args)
    }
}

/// How the inner dispatch loop hands control to another executable.
enum Switch {
    /// Continue in executable `exec` at `pc`.
    To { exec: usize, pc: usize },
}

#[inline(always)]
fn addr(base: u64, off: i32) -> u64 {
    base.wrapping_add(off as i64 as u64)
}

impl Machine<'_> {
    /// Calls a helper with `frames` stack frames in use; kept out of line so the dispatch loop
    /// stays small.
    #[inline(never)]
    fn call_helper(
        &mut self,
        memory: &mut Memory<'_>,
        helpers: &mut dyn Helpers,
        id: i64,
        args: [u64; 5],
        frames: usize,
        call_site: u64,
    ) -> Result<u64, HelperError> {
        let saved = self.frames_in_use;
        self.frames_in_use = frames;
        let result = helpers.call(id, args, &mut CallEnv::new(self, memory, call_site));
        self.frames_in_use = saved;
        memory.set_frames(frames);
        result
    }

    /// Runs executable `exec` from slot `entry_pc` with `args` in `r1` to `r5`, in a new stack
    /// frame below the frames already in use, until its entry function exits.
    fn run(
        &mut self,
        memory: &mut Memory<'_>,
        helpers: &mut dyn Helpers,
        exec: usize,
        entry_pc: usize,
        args: [u64; 5],
    ) -> Result<u64, Trap> {
        use OpCode::*;
        let base = self.frames_in_use;
        let mut regs = [0u64; 16];
        regs[1..6].copy_from_slice(&args);
        regs[10] = memory.stack_top() - (base * STACK_FRAME_SIZE) as u64;
        memory.set_frames(base + 1);
        let mut frames = [Frame::default(); MAX_CALL_FRAMES];
        let mut depth = 0usize;
        let mut current = exec;
        let mut pc = entry_pc;
        let mut left = self.remaining;

        loop {
            let executable = self.executables[current].clone();
            let ops = &*executable.ops;
            let Switch::To {
                exec: next_exec,
                pc: next_pc,
            } = 'dispatch: loop {
                macro_rules! trap {
                    ($kind:expr) => {{
                        self.remaining = left;
                        return Err(Trap {
                            insn_idx: pc - 1,
                            kind: $kind,
                        });
                    }};
                }
                macro_rules! mem {
                    ($result:expr) => {
                        match $result {
                            Ok(value) => value,
                            Err(kind) => trap!(kind),
                        }
                    };
                }
                macro_rules! jump_if {
                    ($op:expr, $cond:expr) => {
                        if $cond {
                            pc = $op.off as usize;
                        }
                    };
                }
                macro_rules! call_helper {
                    ($id:expr, $unknown:expr) => {{
                        let args = [regs[1], regs[2], regs[3], regs[4], regs[5]];
                        self.remaining = left;
                        let call_site = executable.code_address(pc - 1);
                        let result = self.call_helper(
                            memory,
                            helpers,
                            $id,
                            args,
                            base + depth + 1,
                            call_site,
                        );
                        left = self.remaining;
                        match result {
                            Ok(value) => value,
                            Err(HelperError::Unknown) => trap!($unknown),
                            Err(error) => return Err(helper_trap(pc - 1, $id, error)),
                        }
                    }};
                }

                let op = ops[pc];
                pc += 1;
                if left == 0 {
                    trap!(TrapKind::BudgetExhausted { budget: 0 });
                }
                left -= 1;
                let d = (op.dst & 15) as usize;
                let s = (op.src & 15) as usize;
                let imm = op.imm;
                match op.code {
                    Add64K => regs[d] = regs[d].wrapping_add(imm),
                    Add64X => regs[d] = regs[d].wrapping_add(regs[s]),
                    Sub64K => regs[d] = regs[d].wrapping_sub(imm),
                    Sub64X => regs[d] = regs[d].wrapping_sub(regs[s]),
                    Mul64K => regs[d] = regs[d].wrapping_mul(imm),
                    Mul64X => regs[d] = regs[d].wrapping_mul(regs[s]),
                    Div64K => regs[d] = div64(regs[d], imm),
                    Div64X => regs[d] = div64(regs[d], regs[s]),
                    SDiv64K => regs[d] = sdiv64(regs[d], imm),
                    SDiv64X => regs[d] = sdiv64(regs[d], regs[s]),
                    Or64K => regs[d] |= imm,
                    Or64X => regs[d] |= regs[s],
                    And64K => regs[d] &= imm,
                    And64X => regs[d] &= regs[s],
                    Lsh64K => regs[d] = regs[d].wrapping_shl(imm as u32),
                    Lsh64X => regs[d] = regs[d].wrapping_shl(regs[s] as u32),
                    Rsh64K => regs[d] = regs[d].wrapping_shr(imm as u32),
                    Rsh64X => regs[d] = regs[d].wrapping_shr(regs[s] as u32),
                    Mod64K => regs[d] = mod64(regs[d], imm),
                    Mod64X => regs[d] = mod64(regs[d], regs[s]),
                    SMod64K => regs[d] = smod64(regs[d], imm),
                    SMod64X => regs[d] = smod64(regs[d], regs[s]),
                    Xor64K => regs[d] ^= imm,
                    Xor64X => regs[d] ^= regs[s],
                    Mov64K => regs[d] = imm,
                    LdDw => {
                        regs[d] = imm;
                        pc += 1;
                    }
                    Mov64X => regs[d] = regs[s],
                    Arsh64K => regs[d] = (regs[d] as i64).wrapping_shr(imm as u32) as u64,
                    Arsh64X => regs[d] = (regs[d] as i64).wrapping_shr(regs[s] as u32) as u64,

                    Add32K => regs[d] = u64::from((regs[d] as u32).wrapping_add(imm as u32)),
                    Add32X => regs[d] = u64::from((regs[d] as u32).wrapping_add(regs[s] as u32)),
                    Sub32K => regs[d] = u64::from((regs[d] as u32).wrapping_sub(imm as u32)),
                    Sub32X => regs[d] = u64::from((regs[d] as u32).wrapping_sub(regs[s] as u32)),
                    Mul32K => regs[d] = u64::from((regs[d] as u32).wrapping_mul(imm as u32)),
                    Mul32X => regs[d] = u64::from((regs[d] as u32).wrapping_mul(regs[s] as u32)),
                    Div32K => regs[d] = u64::from(div32(regs[d] as u32, imm as u32)),
                    Div32X => regs[d] = u64::from(div32(regs[d] as u32, regs[s] as u32)),
                    SDiv32K => regs[d] = u64::from(sdiv32(regs[d] as u32, imm as u32)),
                    SDiv32X => regs[d] = u64::from(sdiv32(regs[d] as u32, regs[s] as u32)),
                    Or32K => regs[d] = u64::from(regs[d] as u32 | imm as u32),
                    Or32X => regs[d] = u64::from(regs[d] as u32 | regs[s] as u32),
                    And32K => regs[d] = u64::from(regs[d] as u32 & imm as u32),
                    And32X => regs[d] = u64::from(regs[d] as u32 & regs[s] as u32),
                    Lsh32K => regs[d] = u64::from((regs[d] as u32).wrapping_shl(imm as u32)),
                    Lsh32X => regs[d] = u64::from((regs[d] as u32).wrapping_shl(regs[s] as u32)),
                    Rsh32K => regs[d] = u64::from((regs[d] as u32).wrapping_shr(imm as u32)),
                    Rsh32X => regs[d] = u64::from((regs[d] as u32).wrapping_shr(regs[s] as u32)),
                    Mod32K => regs[d] = u64::from(mod32(regs[d] as u32, imm as u32)),
                    Mod32X => regs[d] = u64::from(mod32(regs[d] as u32, regs[s] as u32)),
                    SMod32K => regs[d] = u64::from(smod32(regs[d] as u32, imm as u32)),
                    SMod32X => regs[d] = u64::from(smod32(regs[d] as u32, regs[s] as u32)),
                    Xor32K => regs[d] = u64::from(regs[d] as u32 ^ imm as u32),
                    Xor32X => regs[d] = u64::from(regs[d] as u32 ^ regs[s] as u32),
                    Mov32K => regs[d] = u64::from(imm as u32),
                    Mov32X => regs[d] = u64::from(regs[s] as u32),
                    Arsh32K => {
                        regs[d] = u64::from((regs[d] as i32).wrapping_shr(imm as u32) as u32)
                    }
                    Arsh32X => {
                        regs[d] = u64::from((regs[d] as i32).wrapping_shr(regs[s] as u32) as u32)
                    }

                    MovSx8To32 => regs[d] = u64::from(regs[s] as i8 as i32 as u32),
                    MovSx16To32 => regs[d] = u64::from(regs[s] as i16 as i32 as u32),
                    MovSx8To64 => regs[d] = regs[s] as i8 as i64 as u64,
                    MovSx16To64 => regs[d] = regs[s] as i16 as i64 as u64,
                    MovSx32To64 => regs[d] = regs[s] as i32 as i64 as u64,
                    Neg64 => regs[d] = regs[d].wrapping_neg(),
                    Neg32 => regs[d] = u64::from((regs[d] as u32).wrapping_neg()),
                    Trunc16 => regs[d] = u64::from(regs[d] as u16),
                    Trunc32 => regs[d] = u64::from(regs[d] as u32),
                    Nop => {}
                    Swap16 => regs[d] = u64::from((regs[d] as u16).swap_bytes()),
                    Swap32 => regs[d] = u64::from((regs[d] as u32).swap_bytes()),
                    Swap64 => regs[d] = regs[d].swap_bytes(),
                    Unresolved => trap!(TrapKind::UnresolvedPseudo {
                        what: UNRESOLVED_PSEUDO[imm as usize]
                    }),

                    LdxB => regs[d] = u64::from(mem!(memory.load::<1>(addr(regs[s], op.off)))[0]),
                    LdxH => {
                        regs[d] =
                            u64::from(u16::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))))
                    }
                    LdxW => {
                        regs[d] =
                            u64::from(u32::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))))
                    }
                    LdxDW => regs[d] = u64::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))),
                    LdxSB => {
                        regs[d] =
                            mem!(memory.load::<1>(addr(regs[s], op.off)))[0] as i8 as i64 as u64
                    }
                    LdxSH => {
                        regs[d] = i16::from_le_bytes(mem!(memory.load(addr(regs[s], op.off))))
                            as i64 as u64
                    }
                    LdxSW => {
                        regs[d] = i32::from_le_bytes(mem!(memory.load(addr(regs[s], op.off))))
                            as i64 as u64
                    }
                    StB => mem!(memory.store(addr(regs[d], op.off), [imm as u8])),
                    StH => mem!(memory.store(addr(regs[d], op.off), (imm as u16).to_le_bytes())),
                    StW => mem!(memory.store(addr(regs[d], op.off), (imm as u32).to_le_bytes())),
                    StDW => mem!(memory.store(addr(regs[d], op.off), imm.to_le_bytes())),
                    StxB => mem!(memory.store(addr(regs[d], op.off), [regs[s] as u8])),
                    StxH => {
                        mem!(memory.store(addr(regs[d], op.off), (regs[s] as u16).to_le_bytes()))
                    }
                    StxW => {
                        mem!(memory.store(addr(regs[d], op.off), (regs[s] as u32).to_le_bytes()))
                    }
                    StxDW => mem!(memory.store(addr(regs[d], op.off), regs[s].to_le_bytes())),
                    AtomicW | AtomicDW => {
                        let size = if op.code == AtomicW { 4 } else { 8 };
                        let (rmw, fetch_into) = atomic_op(imm as i32, regs[0], s);
                        let old = mem!(memory.rmw(addr(regs[d], op.off), size, rmw, regs[s]));
                        if let Some(reg) = fetch_into {
                            regs[reg] = old;
                        }
                    }
                    LdAbsB | LdAbsH | LdAbsW | LdIndB | LdIndH | LdIndW => {
                        let base = if matches!(op.code, LdIndB | LdIndH | LdIndW) {
                            regs[s]
                        } else {
                            0
                        };
                        // The kernel computes the offset in 32 bits and treats it as signed.
                        let offset = (base as u32).wrapping_add(imm as u32) as i32;
                        let size = match op.code {
                            LdAbsB | LdIndB => 1,
                            LdAbsH | LdIndH => 2,
                            _ => 4,
                        };
                        let Some(value) = u64::try_from(offset)
                            .ok()
                            .and_then(|o| memory.packet_load(o, size))
                        else {
                            // As in the kernel, a failed legacy packet load ends the program with 0.
                            self.remaining = left;
                            return Ok(0);
                        };
                        regs[0] = value;
                    }

                    Ja => pc = op.off as usize,
                    Jeq64K => jump_if!(op, regs[d] == imm),
                    Jeq64X => jump_if!(op, regs[d] == regs[s]),
                    Jgt64K => jump_if!(op, regs[d] > imm),
                    Jgt64X => jump_if!(op, regs[d] > regs[s]),
                    Jge64K => jump_if!(op, regs[d] >= imm),
                    Jge64X => jump_if!(op, regs[d] >= regs[s]),
                    Jset64K => jump_if!(op, regs[d] & imm != 0),
                    Jset64X => jump_if!(op, regs[d] & regs[s] != 0),
                    Jne64K => jump_if!(op, regs[d] != imm),
                    Jne64X => jump_if!(op, regs[d] != regs[s]),
                    Jsgt64K => jump_if!(op, (regs[d] as i64) > imm as i64),
                    Jsgt64X => jump_if!(op, (regs[d] as i64) > regs[s] as i64),
                    Jsge64K => jump_if!(op, (regs[d] as i64) >= imm as i64),
                    Jsge64X => jump_if!(op, (regs[d] as i64) >= regs[s] as i64),
                    Jlt64K => jump_if!(op, regs[d] < imm),
                    Jlt64X => jump_if!(op, regs[d] < regs[s]),
                    Jle64K => jump_if!(op, regs[d] <= imm),
                    Jle64X => jump_if!(op, regs[d] <= regs[s]),
                    Jslt64K => jump_if!(op, (regs[d] as i64) < imm as i64),
                    Jslt64X => jump_if!(op, (regs[d] as i64) < regs[s] as i64),
                    Jsle64K => jump_if!(op, (regs[d] as i64) <= imm as i64),
                    Jsle64X => jump_if!(op, (regs[d] as i64) <= regs[s] as i64),
                    Jeq32K => jump_if!(op, regs[d] as u32 == imm as u32),
                    Jeq32X => jump_if!(op, regs[d] as u32 == regs[s] as u32),
                    Jgt32K => jump_if!(op, regs[d] as u32 > imm as u32),
                    Jgt32X => jump_if!(op, regs[d] as u32 > regs[s] as u32),
                    Jge32K => jump_if!(op, regs[d] as u32 >= imm as u32),
                    Jge32X => jump_if!(op, regs[d] as u32 >= regs[s] as u32),
                    Jset32K => jump_if!(op, regs[d] as u32 & imm as u32 != 0),
                    Jset32X => jump_if!(op, regs[d] as u32 & regs[s] as u32 != 0),
                    Jne32K => jump_if!(op, regs[d] as u32 != imm as u32),
                    Jne32X => jump_if!(op, regs[d] as u32 != regs[s] as u32),
                    Jsgt32K => jump_if!(op, regs[d] as i32 > imm as i32),
                    Jsgt32X => jump_if!(op, regs[d] as i32 > regs[s] as i32),
                    Jsge32K => jump_if!(op, regs[d] as i32 >= imm as i32),
                    Jsge32X => jump_if!(op, regs[d] as i32 >= regs[s] as i32),
                    Jlt32K => jump_if!(op, (regs[d] as u32) < imm as u32),
                    Jlt32X => jump_if!(op, (regs[d] as u32) < regs[s] as u32),
                    Jle32K => jump_if!(op, regs[d] as u32 <= imm as u32),
                    Jle32X => jump_if!(op, regs[d] as u32 <= regs[s] as u32),
                    Jslt32K => jump_if!(op, (regs[d] as i32) < imm as i32),
                    Jslt32X => jump_if!(op, (regs[d] as i32) < regs[s] as i32),
                    Jsle32K => jump_if!(op, regs[d] as i32 <= imm as i32),
                    Jsle32X => jump_if!(op, regs[d] as i32 <= regs[s] as i32),

                    CallHelper if imm == BPF_FUNC_TAIL_CALL => {
                        if self.tail_calls < MAX_TAIL_CALL_CNT
                            && let Some(target) = helpers.tail_call(regs[2], regs[3])
                        {
                            self.tail_calls += 1;
                            self.executables.push(ExecRef::Shared(target));
                            break 'dispatch Switch::To {
                                exec: self.executables.len() - 1,
                                pc: 0,
                            };
                        }
                        // A failed tail call falls through with r0 unchanged, as in the kernel.
                    }
                    CallHelper => {
                        let id = imm as i64;
                        regs[0] = call_helper!(id, TrapKind::UnknownHelper { id });
                    }
                    CallKfunc => {
                        let args = [regs[1], regs[2], regs[3], regs[4], regs[5]];
                        let btf_id = imm as i32;
                        self.remaining = left;
                        let result = helpers.call_kfunc(
                            btf_id,
                            op.off as i16,
                            args,
                            &mut CallEnv::new(self, memory, executable.code_address(pc - 1)),
                        );
                        memory.set_frames(base + depth + 1);
                        left = self.remaining;
                        regs[0] = match result {
                            Ok(value) => value,
                            Err(HelperError::Unknown) => trap!(TrapKind::UnknownKfunc { btf_id }),
                            Err(HelperError::Failed(message)) => {
                                trap!(TrapKind::HelperFailed {
                                    id: i64::from(btf_id),
                                    message
                                })
                            }
                            Err(HelperError::Trap(trap)) => {
                                self.remaining = left;
                                return Err(trap);
                            }
                        };
                    }
                    CallLocal | CallX => {
                        let target = if op.code == CallLocal {
                            op.off as usize
                        } else {
                            let value = regs[d];
                            match executable.slot_of_code_address(value) {
                                Some(slot) => slot,
                                None => {
                                    // Not a subprogram: a helper id, as the conformance suite expects.
                                    let Ok(id) = i32::try_from(value as i64) else {
                                        trap!(TrapKind::BadCallTarget { value })
                                    };
                                    regs[0] = call_helper!(
                                        i64::from(id),
                                        TrapKind::BadCallTarget { value }
                                    );
                                    continue 'dispatch;
                                }
                            }
                        };
                        if base + depth + 1 >= MAX_CALL_FRAMES {
                            trap!(TrapKind::CallDepthExceeded {
                                max_frames: MAX_CALL_FRAMES
                            });
                        }
                        frames[depth] = Frame {
                            callee_saved: [regs[6], regs[7], regs[8], regs[9]],
                            frame_pointer: regs[10],
                            return_pc: pc,
                            return_exec: current,
                        };
                        depth += 1;
                        memory.set_frames(base + depth + 1);
                        regs[10] = memory.stack_top() - ((base + depth) * STACK_FRAME_SIZE) as u64;
                        pc = target;
                    }
                    Exit => {
                        if depth == 0 {
                            self.remaining = left;
                            return Ok(regs[0]);
                        }
                        depth -= 1;
                        let frame = frames[depth];
                        regs[6..10].copy_from_slice(&frame.callee_saved);
                        regs[10] = frame.frame_pointer;
                        pc = frame.return_pc;
                        memory.set_frames(base + depth + 1);
                        if frame.return_exec != current {
                            break 'dispatch Switch::To {
                                exec: frame.return_exec,
                                pc,
                            };
                        }
                    }
                    FellOffEnd => {
                        pc = op.off as usize + 1;
                        trap!(TrapKind::FellOffEnd);
                    }
                }
            };
            current = next_exec;
            pc = next_pc;
        }
    }
}

/// The trap a failed helper call ends the run with.
#[cold]
fn helper_trap(insn_idx: usize, id: i64, error: HelperError) -> Trap {
    match error {
        HelperError::Unknown => Trap {
            insn_idx,
            kind: TrapKind::UnknownHelper { id },
        },
        HelperError::Failed(message) => Trap {
            insn_idx,
            kind: TrapKind::HelperFailed { id, message },
        },
        HelperError::Trap(trap) => trap,
    }
}

/// Decodes an atomic operation (its encoded `imm`) into the read-modify-write to perform and
/// the register that receives the old value, if any: `r0` for `cmpxchg` (which compares with
/// `r0`), the source register for `xchg` and the `fetch` forms.
#[inline]
fn atomic_op(imm: i32, r0: u64, src: usize) -> (RmwOp, Option<usize>) {
    let fetch = if imm & BPF_FETCH != 0 {
        Some(src)
    } else {
        None
    };
    match imm {
        BPF_XCHG => (RmwOp::Xchg, Some(src)),
        BPF_CMPXCHG => (RmwOp::CmpXchg { expected: r0 }, Some(0)),
        _ => {
            let rmw = match (imm & !BPF_FETCH) as u8 {
                BPF_OR => RmwOp::Or,
                BPF_AND => RmwOp::And,
                BPF_XOR => RmwOp::Xor,
                // The decoder admits only add, or, and, xor, xchg and cmpxchg.
                _ => RmwOp::Add,
            };
            (rmw, fetch)
        }
    }
}
