//! The run loop.
//!
//! One `match` on the pre-decoded [`OpCode`] per instruction. Registers live in a 16-entry array
//! indexed by `reg & 15`, so no register access needs a bounds check (a prepared op's registers
//! are at most 10). Every load and store goes through [`Memory`], which checks it against the
//! stack frames of the current call chain and the host's regions.

use sluice_abi::limits::{MAX_CALL_FRAMES, STACK_FRAME_SIZE};
use sluice_isa::opcode::{BPF_AND, BPF_CMPXCHG, BPF_FETCH, BPF_OR, BPF_XCHG, BPF_XOR};
use sluice_maps::RmwOp;

use crate::helpers::{HelperError, Helpers};
use crate::memory::Memory;
use crate::prepare::{Executable, OpCode, UNRESOLVED_PSEUDO};
use crate::semantics::*;
use crate::trap::{Trap, TrapKind};

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
    pub fn run<H: Helpers + ?Sized>(
        &self,
        executable: &Executable,
        memory: &mut Memory<'_>,
        args: [u64; 5],
        helpers: &mut H,
    ) -> Result<Outcome, Trap> {
        let budget = self.config.insn_budget.unwrap_or(u64::MAX);
        let mut remaining = budget;
        let result = run_loop(executable, memory, args, helpers, &mut remaining);
        memory.reset_frames();
        match result {
            Ok(r0) => Ok(Outcome {
                r0,
                insns_executed: budget - remaining,
            }),
            Err((insn_idx, TrapKind::BudgetExhausted { .. })) => Err(Trap {
                insn_idx,
                kind: TrapKind::BudgetExhausted { budget },
            }),
            Err((insn_idx, kind)) => Err(Trap { insn_idx, kind }),
        }
    }
}

fn helper_trap(id: i64, error: HelperError) -> TrapKind {
    match error {
        HelperError::Unknown => TrapKind::UnknownHelper { id },
        HelperError::Failed(message) => TrapKind::HelperFailed { id, message },
    }
}

#[inline(always)]
fn addr(base: u64, off: i32) -> u64 {
    base.wrapping_add(off as i64 as u64)
}

fn run_loop<H: Helpers + ?Sized>(
    executable: &Executable,
    memory: &mut Memory<'_>,
    args: [u64; 5],
    helpers: &mut H,
    remaining: &mut u64,
) -> Result<u64, (usize, TrapKind)> {
    use OpCode::*;
    let ops = &*executable.ops;
    let mut regs = [0u64; 16];
    regs[1..6].copy_from_slice(&args);
    regs[10] = memory.stack_top();
    memory.reset_frames();
    let mut frames = [Frame::default(); MAX_CALL_FRAMES];
    let mut depth = 0usize;
    let mut pc = 0usize;
    let mut left = *remaining;

    macro_rules! trap {
        ($kind:expr) => {{
            *remaining = left;
            return Err((pc - 1, $kind));
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

    loop {
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
            Arsh32K => regs[d] = u64::from((regs[d] as i32).wrapping_shr(imm as u32) as u32),
            Arsh32X => regs[d] = u64::from((regs[d] as i32).wrapping_shr(regs[s] as u32) as u32),

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
                regs[d] = u64::from(u16::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))))
            }
            LdxW => {
                regs[d] = u64::from(u32::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))))
            }
            LdxDW => regs[d] = u64::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))),
            LdxSB => regs[d] = mem!(memory.load::<1>(addr(regs[s], op.off)))[0] as i8 as i64 as u64,
            LdxSH => {
                regs[d] = i16::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))) as i64 as u64
            }
            LdxSW => {
                regs[d] = i32::from_le_bytes(mem!(memory.load(addr(regs[s], op.off)))) as i64 as u64
            }
            StB => mem!(memory.store(addr(regs[d], op.off), [imm as u8])),
            StH => mem!(memory.store(addr(regs[d], op.off), (imm as u16).to_le_bytes())),
            StW => mem!(memory.store(addr(regs[d], op.off), (imm as u32).to_le_bytes())),
            StDW => mem!(memory.store(addr(regs[d], op.off), imm.to_le_bytes())),
            StxB => mem!(memory.store(addr(regs[d], op.off), [regs[s] as u8])),
            StxH => mem!(memory.store(addr(regs[d], op.off), (regs[s] as u16).to_le_bytes())),
            StxW => mem!(memory.store(addr(regs[d], op.off), (regs[s] as u32).to_le_bytes())),
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
                    *remaining = left;
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

            CallHelper => {
                let id = imm as i64;
                let args = [regs[1], regs[2], regs[3], regs[4], regs[5]];
                regs[0] = match helpers.call(id, args, memory) {
                    Ok(value) => value,
                    Err(error) => trap!(helper_trap(id, error)),
                };
            }
            CallKfunc => {
                let args = [regs[1], regs[2], regs[3], regs[4], regs[5]];
                let btf_id = imm as i32;
                regs[0] = match helpers.call_kfunc(btf_id, op.off as i16, args, memory) {
                    Ok(value) => value,
                    Err(HelperError::Unknown) => trap!(TrapKind::UnknownKfunc { btf_id }),
                    Err(HelperError::Failed(message)) => {
                        trap!(TrapKind::HelperFailed {
                            id: i64::from(btf_id),
                            message
                        })
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
                            let id = i64::from(id);
                            let args = [regs[1], regs[2], regs[3], regs[4], regs[5]];
                            regs[0] = match helpers.call(id, args, memory) {
                                Ok(value) => value,
                                Err(HelperError::Unknown) => {
                                    trap!(TrapKind::BadCallTarget { value })
                                }
                                Err(error) => trap!(helper_trap(id, error)),
                            };
                            continue;
                        }
                    }
                };
                if depth + 1 >= MAX_CALL_FRAMES {
                    trap!(TrapKind::CallDepthExceeded {
                        max_frames: MAX_CALL_FRAMES
                    });
                }
                frames[depth] = Frame {
                    callee_saved: [regs[6], regs[7], regs[8], regs[9]],
                    frame_pointer: regs[10],
                    return_pc: pc,
                };
                depth += 1;
                memory.set_frames(depth + 1);
                regs[10] = memory.stack_top() - (depth * STACK_FRAME_SIZE) as u64;
                pc = target;
            }
            Exit => {
                if depth == 0 {
                    *remaining = left;
                    return Ok(regs[0]);
                }
                depth -= 1;
                let frame = frames[depth];
                regs[6..10].copy_from_slice(&frame.callee_saved);
                regs[10] = frame.frame_pointer;
                pc = frame.return_pc;
                memory.set_frames(depth + 1);
            }
            FellOffEnd => {
                pc = op.off as usize + 1;
                trap!(TrapKind::FellOffEnd);
            }
        }
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
