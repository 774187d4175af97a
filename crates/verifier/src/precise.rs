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
//! - an argument of a bpf-to-bpf call that is precise at the callee's entry,
//! - `r0` at the exit of a function whose result is precise: the program, when its type has a
//!   checked return range (as the kernel's `check_return_code` marks it); a callback (its
//!   result is checked); a static function whose result is precise after one of its calls.
//!   A global function's result is not: its callers see any number.
//!
//! Stores into memory other than the stack (maps, packets) do not make a value precise: loads
//! from there give unknown numbers anyway. Whether a store's base may point into the stack
//! comes from a forward analysis of which registers may hold stack pointers.
//!
//! Pruning compares precise scalars by range inclusion and treats the others as equal.

use sluice_abi::helper_proto::{ArgKind, RetKind};
use sluice_abi::helpers::HelperId;
use sluice_abi::prog_type::ProgType;
use sluice_isa::{AluOp, AtomicOp, CallTarget, Instruction, LdImm64, Reg, Source, Width};

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

/// Registers that may hold pointers, at entry to one slot; bit 10 stands for `r10`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct MayPoint {
    /// May hold a stack pointer.
    pub(crate) stack: u16,
    /// May hold the context pointer (loads from it give packet pointers).
    pub(crate) ctx: u16,
    /// May hold any pointer (includes the two above).
    pub(crate) any: u16,
}

impl MayPoint {
    fn union(self, other: MayPoint) -> MayPoint {
        MayPoint {
            stack: self.stack | other.stack,
            ctx: self.ctx | other.ctx,
            any: self.any | other.any,
        }
    }

    /// `dst` now holds what `src` held (`None`: a number).
    fn set(&mut self, dst: Reg, src: Option<Reg>) {
        let d = bit(dst);
        let had = |mask: u16| src.is_some_and(|r| mask & (1 << r.index()) != 0);
        let (stack, ctx, any) = (had(self.stack), had(self.ctx), had(self.any));
        self.stack = (self.stack & !d) | if stack { d } else { 0 };
        self.ctx = (self.ctx & !d) | if ctx { d } else { 0 };
        self.any = (self.any & !d) | if any { d } else { 0 };
    }

    /// `dst` may now hold some pointer, of a kind that is neither stack nor context.
    fn set_other_ptr(&mut self, dst: Reg) {
        self.set(dst, None);
        self.any |= bit(dst);
    }

    /// `dst` may additionally hold what `src` held (`dst += src` with a pointer on either side).
    fn add(&mut self, dst: Reg, src: Reg) {
        let d = bit(dst);
        let has = |mask: u16| mask & (1 << src.index()) != 0;
        if has(self.stack) {
            self.stack |= d;
        }
        if has(self.ctx) {
            self.ctx |= d;
        }
        if has(self.any) {
            self.any |= d;
        }
    }

    pub(crate) fn may_be_ptr(&self, reg: Reg) -> bool {
        self.any & (1 << reg.index()) != 0
    }

    pub(crate) fn may_be_stack(&self, reg: Reg) -> bool {
        self.stack & (1 << reg.index()) != 0
    }
}

/// Whether helper `id` may return a pointer in `r0`.
fn helper_returns_ptr(id: i32, prog_type: ProgType) -> bool {
    let Some(helper) = u32::try_from(id).ok().and_then(HelperId::from_u32) else {
        return true;
    };
    let Some(proto) = helper.proto_for(prog_type) else {
        return true;
    };
    !matches!(proto.ret.kind, RetKind::Integer | RetKind::Void)
}

/// Forward: registers that may hold pointers at entry to each slot. The entry function starts
/// with the context in `r1`; other functions may get pointers in any argument.
pub(crate) fn may_point(
    insns: &[Option<Instruction>],
    func_starts: &[usize],
    prog_type: ProgType,
    successors: &dyn Fn(usize) -> Vec<usize>,
) -> Vec<MayPoint> {
    const FP: u16 = 1 << 10;
    let n = insns.len();
    let mut state = vec![MayPoint::default(); n];
    let mut seen = vec![false; n];
    let mut work = Vec::new();
    for (i, &start) in func_starts.iter().enumerate() {
        let entry = if i == 0 {
            MayPoint {
                stack: FP,
                ctx: FP | 0b10,
                any: FP | 0b10,
            }
        } else {
            MayPoint {
                stack: FP | ARGS,
                ctx: ARGS,
                any: FP | ARGS,
            }
        };
        if start < n {
            state[start] = entry;
            seen[start] = true;
            work.push(start);
        }
    }
    while let Some(idx) = work.pop() {
        let Some(insn) = insns[idx] else { continue };
        let mut s = state[idx];
        s.stack |= FP;
        s.any |= FP;
        match insn {
            Instruction::Alu {
                op,
                width,
                dst,
                src,
            } => match (op, width, src) {
                (AluOp::Mov, Width::W64, Source::Reg(r)) => s.set(dst, Some(r)),
                (AluOp::Add | AluOp::Sub, Width::W64, Source::Reg(r)) => s.add(dst, r),
                (AluOp::Add | AluOp::Sub, Width::W64, Source::Imm(_)) => {}
                _ => s.set(dst, None),
            },
            Instruction::MovSx { dst, .. }
            | Instruction::Neg { dst, .. }
            | Instruction::Endian { dst, .. } => s.set(dst, None),
            Instruction::LdImm64 { dst, value } => match value {
                LdImm64::Imm(_) => s.set(dst, None),
                _ => s.set_other_ptr(dst),
            },
            Instruction::Load { dst, src, .. } | Instruction::LoadAcquire { dst, src, .. } => {
                // A spilled register comes back from the stack; the context holds packet
                // pointers. Other memory (packets, map values) holds numbers.
                let from_stack = s.may_be_stack(src);
                let from_ctx = s.ctx & (1 << src.index()) != 0;
                s.set(dst, None);
                if from_stack {
                    s.stack |= bit(dst);
                    s.ctx |= bit(dst);
                }
                if from_stack || from_ctx {
                    s.any |= bit(dst);
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
                    s.set(src, None);
                }
                if op == AtomicOp::CmpXchg {
                    s.set(Reg::R0, None);
                }
            }
            Instruction::Call(target) => {
                for r in [Reg::R1, Reg::R2, Reg::R3, Reg::R4, Reg::R5] {
                    s.set(r, None);
                }
                match target {
                    CallTarget::Helper(id) if !helper_returns_ptr(id, prog_type) => {
                        s.set(Reg::R0, None)
                    }
                    // Map values, sockets, helper memory: never the stack.
                    CallTarget::Helper(_) | CallTarget::Kfunc { .. } => s.set_other_ptr(Reg::R0),
                    // A bpf-to-bpf function may return a pointer into its caller's stack.
                    CallTarget::Local(_) => {
                        s.set_other_ptr(Reg::R0);
                        s.stack |= 1;
                    }
                }
            }
            Instruction::CallX { .. } => {
                for r in [Reg::R1, Reg::R2, Reg::R3, Reg::R4, Reg::R5] {
                    s.set(r, None);
                }
                s.set_other_ptr(Reg::R0);
                s.stack |= 1;
            }
            Instruction::LdAbs { .. } | Instruction::LdInd { .. } => {
                for r in [Reg::R0, Reg::R1, Reg::R2, Reg::R3, Reg::R4, Reg::R5] {
                    s.set(r, None);
                }
            }
            _ => {}
        }
        for succ in successors(idx) {
            if succ >= n {
                continue;
            }
            let merged = state[succ].union(s);
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

/// What the analysis needs to know about one function.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FuncFacts {
    /// First slot.
    pub(crate) start: usize,
    /// Verified on its own from its prototype: callers pass it any scalars and get any number
    /// back.
    pub(crate) global: bool,
    /// Its address is loaded (`lddw` of a function): it runs as a callback, whose result the
    /// verifier checks.
    pub(crate) callback: bool,
}

/// Backward: registers whose value may matter, at entry to each slot. `funcs` are the
/// functions in order of their first slot, `func_of[idx]` indexes the one holding slot `idx`;
/// `main_returns_precise` says whether the program's return value is checked.
pub(crate) fn precise(
    insns: &[Option<Instruction>],
    may_point: &[MayPoint],
    prog_type: ProgType,
    funcs: &[FuncFacts],
    func_of: &[u32],
    main_returns_precise: bool,
    successors: &dyn Fn(usize) -> Vec<usize>,
) -> Vec<u16> {
    let n = insns.len();
    let mut precise_in = vec![0u16; n];
    // Per function: whether `r0` is precise at its exits.
    let mut returns_precise: Vec<bool> = funcs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if i == 0 {
                main_returns_precise
            } else {
                f.callback && !f.global
            }
        })
        .collect();
    let func_at = |start: usize| funcs.iter().position(|f| f.start == start);
    let mut changed = true;
    while changed {
        changed = false;
        // A static function's result is precise if it is after one of its calls.
        for (idx, insn) in insns.iter().enumerate() {
            let Some(insn @ Instruction::Call(CallTarget::Local(_))) = *insn else {
                continue;
            };
            let after = idx + insn.n_slots();
            let Some(callee) = crate::cfg::target_of(idx, &insn).and_then(func_at) else {
                continue;
            };
            if !funcs[callee].global
                && !returns_precise[callee]
                && precise_in.get(after).is_some_and(|p| p & 1 != 0)
            {
                returns_precise[callee] = true;
                changed = true;
            }
        }
        for idx in (0..n).rev() {
            let Some(insn) = insns[idx] else { continue };
            let mut out = 0u16;
            for succ in successors(idx) {
                if succ < n {
                    out |= precise_in[succ];
                }
            }
            let here = may_point[idx];
            let stack_base = |reg: Reg| here.may_be_stack(reg);
            let value = match insn {
                Instruction::Alu {
                    op,
                    width,
                    dst,
                    src,
                } => {
                    let d = bit(dst);
                    match op {
                        AluOp::Mov => {
                            let mut v = out & !d;
                            if out & d != 0 {
                                v |= src_bit(src);
                            }
                            v
                        }
                        // Possible pointer arithmetic (64-bit, a pointer on one side): the
                        // number is an offset and decides which memory is reached.
                        AluOp::Add | AluOp::Sub
                            if width == Width::W64
                                && (here.may_be_ptr(dst)
                                    || matches!(src, Source::Reg(r) if here.may_be_ptr(r))) =>
                        {
                            out | d | src_bit(src)
                        }
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
                Instruction::Call(CallTarget::Local(_)) => {
                    let args = match crate::cfg::target_of(idx, &insn).and_then(func_at) {
                        Some(callee) if funcs[callee].global => 0,
                        Some(callee) => precise_in[funcs[callee].start] & ARGS,
                        None => ARGS,
                    };
                    (out & !CALL_DEFS) | args
                }
                Instruction::Call(_) | Instruction::CallX { .. } => (out & !CALL_DEFS) | ARGS,
                Instruction::Exit => {
                    let func = func_of.get(idx).copied().unwrap_or(0) as usize;
                    u16::from(returns_precise.get(func).copied().unwrap_or(true))
                }
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
