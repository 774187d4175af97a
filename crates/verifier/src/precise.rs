//! Which registers' values matter: a static stand-in for the kernel's precision tracking.
//!
//! The kernel compares a scalar register in two states only if its exact value may decide
//! something later ("precise"); a counter that is only summed and stored does not keep two
//! otherwise equal paths apart. Sluice finds such registers statically, per instruction, with a
//! backward data-flow analysis: a register is *precise* at an instruction if its value may flow
//! (through arithmetic, copies or stack stores) into
//! - a conditional jump (both operands),
//! - an addition or subtraction with a register (the operand may be a pointer offset),
//! - a helper's size argument,
//! - a store into the stack (the stack is compared exactly),
//! - the arguments of a bpf-to-bpf call, or `r0` at `exit`.
//!
//! Stores into memory other than the stack (maps, packets) do not make a value precise: loads
//! from there give unknown numbers anyway. Whether a store's base may point into the stack
//! comes from a forward analysis of which registers may hold stack pointers.
//!
//! Pruning compares precise scalars by range inclusion and treats the others as equal.

use sluice_abi::helper_proto::ArgKind;
use sluice_abi::helpers::HelperId;
use sluice_abi::prog_type::ProgType;
use sluice_isa::{AluOp, AtomicOp, CallTarget, Instruction, Reg, Source};

const ALL_REGS: u16 = 0x3ff;
const ARGS: u16 = 0b11_1110;
const CALL_DEFS: u16 = 0b11_1111;

fn bit(reg: Reg) -> u16 {
    if reg.index() >= 10 {
        0
    } else {
        1 << reg.index()
    }
}

fn src_bit(src: Source) -> u16 {
    match src {
        Source::Reg(reg) => bit(reg),
        Source::Imm(_) => 0,
    }
}

/// Forward: registers that may hold a stack pointer at entry to each slot. `r10` always does;
/// bit 10 is used for it.
pub(crate) fn may_stack(
    insns: &[Option<Instruction>],
    func_starts: &[usize],
    successors: &dyn Fn(usize) -> Vec<usize>,
) -> Vec<u16> {
    let n = insns.len();
    let mut state = vec![0u16; n];
    let mut seen = vec![false; n];
    let mut work = Vec::new();
    for (i, &start) in func_starts.iter().enumerate() {
        // The entry function gets only `r10`; callees may get stack pointers in any argument.
        let entry = if i == 0 { 1 << 10 } else { (1 << 10) | ARGS };
        state[start] = entry;
        seen[start] = true;
        work.push(start);
    }
    while let Some(idx) = work.pop() {
        let Some(insn) = insns[idx] else { continue };
        let mut s = state[idx] | (1 << 10);
        let is = |s: u16, reg: Reg| s & (1 << reg.index()) != 0;
        match insn {
            Instruction::Alu { op, dst, src, .. } => {
                let d = bit(dst);
                match op {
                    AluOp::Mov => {
                        s &= !d;
                        if let Source::Reg(r) = src
                            && is(s | (1 << 10), r)
                        {
                            s |= d;
                        }
                    }
                    AluOp::Add | AluOp::Sub => {
                        if let Source::Reg(r) = src
                            && is(s, r)
                        {
                            s |= d;
                        }
                    }
                    _ => s &= !d,
                }
            }
            Instruction::MovSx { dst, .. }
            | Instruction::Neg { dst, .. }
            | Instruction::Endian { dst, .. }
            | Instruction::LdImm64 { dst, .. } => s &= !bit(dst),
            Instruction::Load { dst, src, .. } | Instruction::LoadAcquire { dst, src, .. } => {
                if is(s, src) {
                    s |= bit(dst);
                } else {
                    s &= !bit(dst);
                }
            }
            Instruction::Atomic { op, src, .. } => {
                if !matches!(
                    op,
                    AtomicOp::Add { fetch: false }
                        | AtomicOp::Or { fetch: false }
                        | AtomicOp::And { fetch: false }
                        | AtomicOp::Xor { fetch: false }
                ) {
                    s &= !bit(src);
                }
                if op == AtomicOp::CmpXchg {
                    s &= !1;
                }
            }
            Instruction::Call(_)
            | Instruction::CallX { .. }
            | Instruction::LdAbs { .. }
            | Instruction::LdInd { .. } => {
                s &= !CALL_DEFS;
            }
            _ => {}
        }
        for succ in successors(idx) {
            if succ >= n {
                continue;
            }
            let merged = state[succ] | s;
            if !seen[succ] || merged != state[succ] {
                seen[succ] = true;
                state[succ] = merged;
                work.push(succ);
            }
        }
    }
    state
}

/// The size arguments of a helper (registers whose value the verifier uses).
fn helper_value_args(id: i32, prog_type: ProgType) -> u16 {
    let Some(helper) = u32::try_from(id).ok().and_then(HelperId::from_u32) else {
        return ARGS;
    };
    let Some(proto) = helper.proto_for(prog_type) else {
        return ARGS;
    };
    let mut mask = 0;
    for (i, arg) in proto.args.iter().enumerate() {
        if matches!(
            arg.ty.kind,
            ArgKind::ConstSize | ArgKind::ConstSizeOrZero | ArgKind::ConstAllocSizeOrZero
        ) {
            mask |= 1 << (i + 1);
        }
    }
    mask
}

/// Backward: registers whose value may matter, at entry to each slot.
pub(crate) fn precise(
    insns: &[Option<Instruction>],
    may_stack: &[u16],
    prog_type: ProgType,
    successors: &dyn Fn(usize) -> Vec<usize>,
) -> Vec<u16> {
    let n = insns.len();
    let mut precise_in = vec![0u16; n];
    let mut changed = true;
    while changed {
        changed = false;
        for idx in (0..n).rev() {
            let Some(insn) = insns[idx] else { continue };
            let mut out = 0u16;
            for succ in successors(idx) {
                if succ < n {
                    out |= precise_in[succ];
                }
            }
            let stack_base = |reg: Reg| may_stack[idx] & (1 << reg.index()) != 0;
            let value = match insn {
                Instruction::Alu { op, dst, src, .. } => {
                    let d = bit(dst);
                    match op {
                        AluOp::Mov => {
                            let mut v = out & !d;
                            if out & d != 0 {
                                v |= src_bit(src);
                            }
                            v
                        }
                        AluOp::Add | AluOp::Sub => out | src_bit(src),
                        _ => {
                            if out & d != 0 {
                                out | src_bit(src)
                            } else {
                                out
                            }
                        }
                    }
                }
                Instruction::MovSx { dst, src, .. } => {
                    let d = bit(dst);
                    let mut v = out & !d;
                    if out & d != 0 {
                        v |= bit(src);
                    }
                    v
                }
                Instruction::Neg { .. } | Instruction::Endian { .. } => out,
                Instruction::LdImm64 { dst, .. } => out & !bit(dst),
                Instruction::Load { dst, .. } | Instruction::LoadAcquire { dst, .. } => {
                    out & !bit(dst)
                }
                Instruction::Store { dst, src, .. } => {
                    if stack_base(dst) {
                        out | src_bit(src)
                    } else {
                        out
                    }
                }
                Instruction::StoreRelease { dst, src, .. } => {
                    if stack_base(dst) {
                        out | bit(src)
                    } else {
                        out
                    }
                }
                Instruction::Atomic { op, dst, src, .. } => {
                    let mut v = out;
                    let fetches = !matches!(
                        op,
                        AtomicOp::Add { fetch: false }
                            | AtomicOp::Or { fetch: false }
                            | AtomicOp::And { fetch: false }
                            | AtomicOp::Xor { fetch: false }
                    );
                    if fetches {
                        v &= !bit(src);
                    }
                    if op == AtomicOp::CmpXchg {
                        v = (v & !1) | 1;
                    }
                    if stack_base(dst) {
                        v |= bit(src);
                    }
                    v
                }
                Instruction::LdAbs { .. } | Instruction::LdInd { .. } => out & !CALL_DEFS,
                Instruction::Jmp { dst, src, .. } => out | bit(dst) | src_bit(src),
                Instruction::Ja { .. } | Instruction::Ja32 { .. } => out,
                Instruction::Call(CallTarget::Helper(id)) => {
                    (out & !CALL_DEFS) | helper_value_args(id, prog_type)
                }
                Instruction::Call(_) | Instruction::CallX { .. } => (out & !CALL_DEFS) | ARGS,
                Instruction::Exit => 1,
            };
            let value = value & ALL_REGS;
            if value != precise_in[idx] {
                precise_in[idx] = value;
                changed = true;
            }
        }
    }
    precise_in
}
