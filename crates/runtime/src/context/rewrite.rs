//! Load-time rewriting of context accesses, as the kernel's `convert_ctx_accesses` does.
//!
//! A forward data-flow pass finds the loads whose base register holds the context pointer on
//! every path (the context arrives in `r1`; it moves through register copies, 8-byte stack
//! spills and fills, and the argument registers of bpf-to-bpf calls) and redirects loads of the
//! pointer fields the UAPI declares as `__u32` to their 64-bit slots ([`ContextLayout`]). The
//! kernel's verifier accepts context accesses only through the unmodified context pointer at a
//! constant offset, so a register is either exactly the context pointer or not known to be.
//!
//! The pass changes nothing else: an access it cannot prove to be through the context pointer
//! keeps its UAPI offset.

use std::collections::{BTreeMap, VecDeque};

use sluice_isa::{CallTarget, Instruction, Program, RawInsn, Reg, Size, Source};

use super::layout::ContextLayout;

/// What a register or stack slot holds, as far as the pass knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Unknown,
    Context,
}

/// The abstract state at an instruction: registers and the 8-byte stack slots of the current
/// frame (by offset from `r10`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    regs: [Value; 11],
    stack: BTreeMap<i16, Value>,
}

impl State {
    fn unknown() -> State {
        State {
            regs: [Value::Unknown; 11],
            stack: BTreeMap::new(),
        }
    }

    /// Joins `other` into `self`; returns whether `self` changed.
    fn join(&mut self, other: &State) -> bool {
        let mut changed = false;
        for (mine, theirs) in self.regs.iter_mut().zip(other.regs) {
            if *mine != theirs && *mine != Value::Unknown {
                *mine = Value::Unknown;
                changed = true;
            }
        }
        let keys: Vec<i16> = self.stack.keys().copied().collect();
        for key in keys {
            if other.stack.get(&key) != self.stack.get(&key) {
                self.stack.remove(&key);
                changed = true;
            }
        }
        changed
    }

    fn set(&mut self, reg: Reg, value: Value) {
        self.regs[reg.index()] = value;
    }

    fn get(&self, reg: Reg) -> Value {
        self.regs[reg.index()]
    }

    /// Forgets stack slots overlapping `[off, off + size)`.
    fn clobber_stack(&mut self, off: i16, size: usize) {
        let (start, end) = (i32::from(off), i32::from(off) + size as i32);
        self.stack.retain(|slot, _| {
            let slot = i32::from(*slot);
            slot + 8 <= start || slot >= end
        });
    }

    fn clobber_caller_saved(&mut self) {
        for reg in 0..=5 {
            self.regs[reg] = Value::Unknown;
        }
    }
}

/// Rewrites the context loads of `program` for `layout`; returns the slots it changed.
pub fn rewrite_context_accesses(
    program: &Program,
    layout: &ContextLayout,
) -> (Vec<RawInsn>, Vec<usize>) {
    let mut slots = program.slots().to_vec();
    let sites = context_sites(program);
    let mut changed = Vec::new();
    for &(slot, insn) in program.insns() {
        let Instruction::Load {
            size,
            sign_extend: false,
            off,
            ..
        } = insn
        else {
            continue;
        };
        if !sites.get(slot).copied().unwrap_or(false) {
            continue;
        }
        let Ok(offset) = u32::try_from(off) else {
            continue;
        };
        if let Some(moved) = layout.moved_slot(offset, size.bytes() as u32) {
            let raw = &mut slots[slot];
            // BPF_LDX | BPF_MEM | BPF_DW, same registers, the slot's offset.
            raw.code = 0x79;
            raw.off = moved as i16;
            changed.push(slot);
        }
    }
    (slots, changed)
}

/// For each slot, whether it is a load or store whose base register holds the context pointer
/// on every path to it.
fn context_sites(program: &Program) -> Vec<bool> {
    let n_slots = program.n_slots();
    let mut insn_at: Vec<Option<Instruction>> = vec![None; n_slots];
    for (slot, insn) in program.insns() {
        insn_at[*slot] = Some(*insn);
    }
    let mut states: Vec<Option<State>> = vec![None; n_slots];
    let mut entry = State::unknown();
    entry.set(Reg::R1, Value::Context);
    states[0] = Some(entry);
    let mut work: VecDeque<usize> = VecDeque::from([0]);
    // Return sites of each subprogram, so that its exit state is not needed: after a call,
    // r0-r5 are unknown and the caller's r6-r9 and stack are unchanged.
    let propagate = |states: &mut Vec<Option<State>>,
                     work: &mut VecDeque<usize>,
                     target: usize,
                     state: &State| {
        if target >= states.len() {
            return;
        }
        let changed = match &mut states[target] {
            Some(existing) => existing.join(state),
            slot @ None => {
                *slot = Some(state.clone());
                true
            }
        };
        if changed {
            work.push_back(target);
        }
    };
    while let Some(slot) = work.pop_front() {
        let (Some(insn), Some(state)) = (insn_at[slot], states[slot].clone()) else {
            continue;
        };
        let mut next = state.clone();
        let fallthrough = slot + insn.n_slots();
        match insn {
            Instruction::Alu {
                width,
                op: sluice_isa::AluOp::Mov,
                dst,
                src: Source::Reg(src),
            } => {
                let value = if width == sluice_isa::Width::W64 {
                    state.get(src)
                } else {
                    Value::Unknown
                };
                next.set(dst, value);
            }
            Instruction::Alu { dst, .. }
            | Instruction::MovSx { dst, .. }
            | Instruction::Neg { dst, .. }
            | Instruction::Endian { dst, .. }
            | Instruction::LdImm64 { dst, .. }
            | Instruction::LoadAcquire { dst, .. } => next.set(dst, Value::Unknown),
            Instruction::Load {
                size,
                dst,
                src,
                off,
                ..
            } => {
                let value = if src == Reg::R10 && size == Size::DW {
                    state.stack.get(&off).copied().unwrap_or(Value::Unknown)
                } else {
                    Value::Unknown
                };
                next.set(dst, value);
            }
            Instruction::Store {
                size,
                dst,
                off,
                src,
            } => {
                if dst == Reg::R10 {
                    next.clobber_stack(off, size.bytes());
                    if let (Size::DW, Source::Reg(src)) = (size, src) {
                        next.stack.insert(off, state.get(src));
                    }
                }
            }
            Instruction::StoreRelease { size, dst, off, .. } => {
                if dst == Reg::R10 {
                    next.clobber_stack(off, size.bytes());
                }
            }
            Instruction::Atomic {
                size,
                dst,
                src,
                off,
                op,
            } => {
                if dst == Reg::R10 {
                    next.clobber_stack(off, size.bytes());
                }
                match op {
                    sluice_isa::AtomicOp::CmpXchg => next.set(Reg::R0, Value::Unknown),
                    sluice_isa::AtomicOp::Xchg
                    | sluice_isa::AtomicOp::Add { fetch: true }
                    | sluice_isa::AtomicOp::Or { fetch: true }
                    | sluice_isa::AtomicOp::And { fetch: true }
                    | sluice_isa::AtomicOp::Xor { fetch: true } => next.set(src, Value::Unknown),
                    _ => {}
                }
            }
            Instruction::LdAbs { .. } | Instruction::LdInd { .. } => next.clobber_caller_saved(),
            Instruction::Call(CallTarget::Local(offset)) => {
                let target = (slot as i64 + 1 + i64::from(offset)) as usize;
                let mut callee = State::unknown();
                callee.regs[1..6].copy_from_slice(&state.regs[1..6]);
                propagate(&mut states, &mut work, target, &callee);
                next.clobber_caller_saved();
            }
            Instruction::Call(_) | Instruction::CallX { .. } => next.clobber_caller_saved(),
            Instruction::Exit => continue,
            Instruction::Ja { off } => {
                let target = (slot as i64 + 1 + i64::from(off)) as usize;
                propagate(&mut states, &mut work, target, &next);
                continue;
            }
            Instruction::Ja32 { imm } => {
                let target = (slot as i64 + 1 + i64::from(imm)) as usize;
                propagate(&mut states, &mut work, target, &next);
                continue;
            }
            Instruction::Jmp { off, .. } => {
                let target = (slot as i64 + 1 + i64::from(off)) as usize;
                propagate(&mut states, &mut work, target, &next);
            }
        }
        propagate(&mut states, &mut work, fallthrough, &next);
    }
    (0..n_slots)
        .map(|slot| {
            let (Some(insn), Some(state)) = (insn_at[slot], &states[slot]) else {
                return false;
            };
            let base = match insn {
                Instruction::Load { src, .. } => src,
                Instruction::Store { dst, .. } => dst,
                _ => return false,
            };
            state.get(base) == Value::Context
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sluice_abi::prog_type::ProgType;
    use sluice_isa::Syntax;
    use sluice_isa::asm::assemble_program;
    use sluice_isa::disasm::format_insn;

    fn rewritten(source: &str) -> Vec<String> {
        let program = assemble_program(source, Syntax::Llvm).expect("assembles");
        let layout = ContextLayout::for_prog_type(ProgType::Xdp).expect("xdp layout");
        let (slots, _) = rewrite_context_accesses(&program, &layout);
        let program = Program::from_slots(slots).expect("still valid");
        program
            .insns()
            .iter()
            .map(|(_, insn)| format_insn(insn, Syntax::Llvm))
            .collect()
    }

    #[test]
    fn rewrites_pointer_loads_through_copies_spills_and_calls() {
        let text = rewritten(
            "r6 = r1
             *(u64 *)(r10 - 8) = r6
             r2 = *(u32 *)(r1 + 0)
             r7 = *(u64 *)(r10 - 8)
             r3 = *(u32 *)(r7 + 4)
             r4 = *(u32 *)(r6 + 12)
             r1 = r6
             call pc+2
             r0 = 2
             exit
             r0 = *(u32 *)(r1 + 8)
             exit",
        );
        assert_eq!(text[2], "r2 = *(u64 *)(r1 + 24)");
        assert_eq!(text[4], "r3 = *(u64 *)(r7 + 32)");
        assert_eq!(text[5], "r4 = *(u32 *)(r6 + 12)");
        assert_eq!(text[10], "r0 = *(u64 *)(r1 + 40)");
    }

    #[test]
    fn leaves_accesses_through_other_pointers_alone() {
        let text = rewritten(
            "r2 = *(u32 *)(r1 + 0)
             r3 = *(u32 *)(r2 + 0)
             r1 = 5
             r0 = *(u32 *)(r1 + 4)
             exit",
        );
        assert_eq!(text[0], "r2 = *(u64 *)(r1 + 24)");
        assert_eq!(text[1], "r3 = *(u32 *)(r2 + 0)");
        assert_eq!(text[3], "r0 = *(u32 *)(r1 + 4)");
    }

    #[test]
    fn a_register_that_is_the_context_on_one_path_only_is_not_rewritten() {
        let text = rewritten(
            "if r2 == 0 goto +1
             r1 = r10
             r0 = *(u32 *)(r1 + 0)
             exit",
        );
        assert_eq!(text[2], "r0 = *(u32 *)(r1 + 0)");
    }
}
