//! Translation of a program into x86-64 code, one eBPF instruction at a time.
//!
//! Layout of the code of one program:
//! 1. the entry stub (offset 0), `extern "sysv64" fn(*mut RunState) -> u64`: saves the host's
//!    callee-saved registers, loads `r12`, `r10` and `r1`..`r5` from the state, zeroes `r0` and
//!    `r6`..`r9`, calls the entry point the state names, and returns `r0`. A trap unwinds to the
//!    stub through `trap_exit`, which restores `rsp` from the state;
//! 2. the instructions, each starting at the label of its slot;
//! 3. a trap stub for each place the code traps on its own (fell off the end, unresolved
//!    `lddw`, call depth, runaway loop in checked code).
//!
//! Invariants of the generated code:
//! - on entry to every eBPF function `rsp` is 8 modulo 16 (just after a `call`), and an eBPF
//!   instruction never leaves anything on the host stack, so calls into Rust re-align with one
//!   `sub rsp, 8`;
//! - a bpf-to-bpf call saves `r6`..`r9` and `r10` on the host stack and moves `r10` one frame
//!   (512 bytes) down, after checking the frame stays inside the stack; `exit` is `ret`;
//! - a tail call jumps to the target program's first instruction with the same host stack and
//!   frame, so the target's `exit` returns to the caller of the function that made the call;
//! - in checked code every load, store and atomic goes through Rust ([`crate::run`]), which
//!   checks it against the run's memory as the interpreter does; in verified code they are
//!   plain instructions, since the verifier proved them in bounds.

use sluice_abi::helpers::HelperId;
use sluice_abi::limits::STACK_FRAME_SIZE;
use sluice_abi::map_type::MapType;
use sluice_interp::Executable;
use sluice_isa::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Program, Reg, Size, Source,
    Width,
};
use sluice_verifier::{AluSanitize, AluState, InsnFacts};

use std::sync::Arc;

use sluice_maps::{ArrayMap, HashMap, Map};

use crate::blind::Keys;
use crate::error::JitError;
use crate::native_maps;
use crate::state::{Site, SiteKind, TrapCode, offset, status};
use crate::trampolines::Trampolines;
use crate::x86::asm::{Alu, Asm, Cond, Gpr, Label, Shift, W};
use crate::x86::regs::{CALLEE_SAVED, CALLER_SAVED, STATE, TMP, TMP2, TMP3, host};

/// The output of code generation.
#[derive(Debug)]
pub(crate) struct Generated {
    pub(crate) code: Vec<u8>,
    /// Native offset of each slot's first instruction (`None` for the second slot of `lddw`).
    pub(crate) slot_offsets: Vec<Option<u32>>,
    /// Where the code of the last instruction ends (the trap for running off the end, then
    /// the trap stubs, follow).
    pub(crate) instructions_end: usize,
    pub(crate) sites: Vec<Site>,
    /// Where the code embeds the address of a site: `(offset of the imm64, site index)`.
    pub(crate) site_patches: Vec<(usize, usize)>,
    /// The maps the code calls directly or whose storage it addresses: the program must
    /// keep them alive.
    pub(crate) maps: Vec<Arc<dyn Map>>,
}

/// Code generation options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    /// Check every memory access at run time (programs no verifier has seen).
    pub(crate) checked: bool,
    /// Constant blinding ([`crate::JitOptions::harden`]).
    pub(crate) harden: bool,
    /// Spectre v1 masking where the facts ask for it
    /// ([`crate::JitOptions::spectre_masking`]).
    pub(crate) spectre_masking: bool,
}

/// An operand once it is in the code: an immediate, or a host register (an eBPF register,
/// or a scratch register holding a blinded immediate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opnd {
    Imm(i32),
    Reg(Gpr),
}

struct Codegen<'p> {
    asm: Asm,
    executable: &'p Executable,
    facts: Option<&'p dyn Fn(usize) -> InsnFacts>,
    options: Options,
    trampolines: Trampolines,
    slots: Label,
    trap_exit: Label,
    sites: Vec<Site>,
    site_patches: Vec<(usize, usize)>,
    /// Out-of-line trap stubs: label and site.
    trap_stubs: Vec<(Label, usize)>,
    insn_idx: usize,
    /// What the verifier proved about the current instruction.
    insn_facts: Option<InsnFacts>,
    /// Blinding keys, when hardening.
    keys: Option<Keys>,
    /// Maps the code uses directly ([`Generated::maps`]).
    maps: Vec<Arc<dyn Map>>,
}

/// Generates the code of `program`. `facts`, for verified programs, gives what the verifier
/// proved about each instruction.
pub(crate) fn generate(
    program: &Program,
    executable: &Executable,
    facts: Option<&dyn Fn(usize) -> InsnFacts>,
    options: Options,
    trampolines: Trampolines,
) -> Result<Generated, JitError> {
    let n_slots = program.n_slots();
    let mut asm = Asm::with_capacity(64 + n_slots * 8);
    let slots = asm.labels(n_slots + 1);
    let trap_exit = asm.label();
    let mut codegen = Codegen {
        asm,
        executable,
        facts,
        options,
        trampolines,
        slots,
        trap_exit,
        sites: Vec::new(),
        site_patches: Vec::new(),
        trap_stubs: Vec::new(),
        insn_idx: 0,
        insn_facts: None,
        keys: options.harden.then(Keys::new),
        maps: Vec::new(),
    };
    codegen.entry_stub();
    let loop_heads = loop_heads(program);
    for &(insn_idx, insn) in program.insns() {
        codegen.insn_idx = insn_idx;
        if loop_heads[insn_idx] {
            codegen.asm.align(LOOP_ALIGN);
        }
        codegen.asm.bind(Asm::nth(slots, insn_idx));
        let facts = codegen.facts.map(|facts| facts(insn_idx));
        codegen.insn_facts = facts;
        if facts.is_some_and(|f| f.nospec) {
            codegen.asm.lfence();
        }
        codegen.insn(insn)?;
        if facts.is_some_and(|f| f.nospec_result) {
            codegen.asm.lfence();
        }
    }
    // Past the last instruction: running off the end traps.
    codegen.insn_idx = program.insns().last().map_or(0, |&(idx, _)| idx);
    codegen.asm.bind(Asm::nth(slots, n_slots));
    let fell_off = codegen.trap_stub(TrapCode::FellOffEnd);
    codegen.asm.jmp(fell_off);
    codegen.emit_trap_stubs();
    let Codegen {
        asm,
        sites,
        site_patches,
        maps,
        ..
    } = codegen;
    let mut slot_offsets = vec![None; n_slots];
    for &(insn_idx, _) in program.insns() {
        slot_offsets[insn_idx] = asm
            .offset_of(Asm::nth(slots, insn_idx))
            .map(|offset| offset as u32);
    }
    let instructions_end = asm.offset_of(Asm::nth(slots, n_slots)).unwrap_or(0);
    let code = asm
        .finish()
        .map_err(|label| JitError::Internal(format!("label {} never bound", label.0)))?;
    Ok(Generated {
        code,
        slot_offsets,
        instructions_end,
        sites,
        site_patches,
        maps,
    })
}

/// Loop heads start at a multiple of this many bytes, so that how a short loop falls across
/// the CPU's fetch and decode windows does not depend on the code before it.
const LOOP_ALIGN: usize = 16;

/// The slots a backward jump (a loop's back edge) targets.
fn loop_heads(program: &Program) -> Vec<bool> {
    let mut heads = vec![false; program.n_slots()];
    for &(insn_idx, insn) in program.insns() {
        let offset = match insn {
            Instruction::Ja { off } | Instruction::Jmp { off, .. } => i64::from(off),
            Instruction::Ja32 { imm } => i64::from(imm),
            _ => continue,
        };
        if offset < 0 {
            let target = insn_idx as i64 + 1 + offset;
            if let Some(head) = usize::try_from(target).ok().and_then(|t| heads.get_mut(t)) {
                *head = true;
            }
        }
    }
    heads
}

/// Whether hardening blinds the immediate of an ALU operation `op` (as the kernel's
/// `bpf_jit_blind_insn`: not shift amounts, which are below 64).
fn blinds_alu(op: AluOp) -> bool {
    !matches!(op, AluOp::Lsh | AluOp::Rsh | AluOp::Arsh)
}

/// The 32-bit or 64-bit operand width of an ALU or jump instruction.
fn w(width: Width) -> W {
    match width {
        Width::W64 => W::B64,
        Width::W32 => W::B32,
    }
}

fn mem_w(size: Size) -> W {
    match size {
        Size::B => W::B8,
        Size::H => W::B16,
        Size::W => W::B32,
        Size::DW => W::B64,
    }
}

fn cond_code(cond: JmpCond, width: Width) -> Cond {
    let _ = width;
    match cond {
        JmpCond::Eq => Cond::E,
        JmpCond::Ne | JmpCond::Set => Cond::Ne,
        JmpCond::Gt => Cond::A,
        JmpCond::Ge => Cond::Ae,
        JmpCond::Lt => Cond::B,
        JmpCond::Le => Cond::Be,
        JmpCond::SGt => Cond::G,
        JmpCond::SGe => Cond::Ge,
        JmpCond::SLt => Cond::L,
        JmpCond::SLe => Cond::Le,
    }
}

impl Codegen<'_> {
    fn slot(&self, slot: usize) -> Label {
        Asm::nth(self.slots, slot)
    }

    fn target(&self, offset: i64) -> Label {
        self.slot((self.insn_idx as i64 + 1 + offset) as usize)
    }

    fn next(&self) -> Label {
        // Only calls ask for the next instruction, and calls take one slot.
        self.slot(self.insn_idx + 1)
    }

    // ---- hardening ----

    /// The immediate `imm` of a `width` operation as an operand: itself, or, when hardening,
    /// decoded at run time into `scratch` from a blinded copy (`scratch = imm ^ key; scratch
    /// ^= key`, with the kernel's sign extension for 64-bit operations), so the code never
    /// holds the program's constant. 0 is left as it is.
    fn blinded(&mut self, imm: i32, width: Width, scratch: Gpr) -> Opnd {
        let Some(keys) = &mut self.keys else {
            return Opnd::Imm(imm);
        };
        if imm == 0 {
            return Opnd::Imm(imm);
        }
        let key = keys.next_u32() as i32;
        match width {
            Width::W64 => {
                self.asm.mov_imm64(scratch, i64::from(imm ^ key) as u64);
                self.asm.alu_ri(W::B64, Alu::Xor, scratch, key);
            }
            Width::W32 => {
                self.asm.mov_imm32(scratch, (imm ^ key) as u32);
                self.asm.alu_ri(W::B32, Alu::Xor, scratch, key);
            }
        }
        Opnd::Reg(scratch)
    }

    /// The Spectre v1 masking the verifier asked for at this instruction, if the options
    /// apply it.
    fn alu_sanitize(&self) -> Option<AluSanitize> {
        if !self.options.spectre_masking {
            return None;
        }
        self.insn_facts
            .and_then(|facts| facts.alu_sanitize)
            .filter(|sanitize| matches!(sanitize.state, AluState::Pointer { .. }))
    }

    /// `dst += src` / `dst -= src` between a pointer and a scalar offset, with the offset
    /// masked so that a mispredicted path cannot move the pointer more than `limit` bytes
    /// (the kernel's fix-up for `alu_state`): with `off` the offset made non-negative,
    /// `mask = ((limit - off) | off) < 0 ? 0 : off` via `-(..) >> 63`, so an offset past the
    /// limit becomes 0 even under speculation, without a branch.
    fn masked_pointer_alu(&mut self, op: AluOp, dst: Gpr, src: Gpr, sanitize: AluSanitize) {
        let AluState::Pointer {
            ptr_is_dst,
            neg,
            imm,
        } = sanitize.state
        else {
            // Scalars only (`alu_sanitize` filters these out): nothing to mask.
            let alu = if op == AluOp::Add { Alu::Add } else { Alu::Sub };
            self.asm.alu_rr(W::B64, alu, dst, src);
            return;
        };
        let off = if ptr_is_dst { src } else { dst };
        let a = &mut self.asm;
        if imm {
            a.mov_imm32(TMP, sanitize.limit);
        } else {
            if neg {
                a.neg(W::B64, off);
            }
            a.mov_imm32(TMP, sanitize.limit);
            a.alu_rr(W::B64, Alu::Sub, TMP, off);
            a.alu_rr(W::B64, Alu::Or, TMP, off);
            a.neg(W::B64, TMP);
            a.shift_ri(W::B64, Shift::Sar, TMP, 63);
            a.alu_rr(W::B64, Alu::And, TMP, off);
        }
        if !ptr_is_dst {
            a.mov_rr(W::B64, dst, src);
        }
        // A negative offset was made positive: move the other way.
        let alu = match (op, neg) {
            (AluOp::Add, false) | (AluOp::Sub, true) => Alu::Add,
            _ => Alu::Sub,
        };
        a.alu_rr(W::B64, alu, dst, TMP);
        if ptr_is_dst && neg && !imm {
            a.neg(W::B64, off);
        }
    }

    // ---- the entry stub and traps ----

    fn entry_stub(&mut self) {
        let a = &mut self.asm;
        for reg in [Gpr::Rbp, Gpr::Rbx, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15] {
            a.push(reg);
        }
        a.mov_rr(W::B64, STATE, Gpr::Rdi);
        a.store(W::B64, STATE, offset::SAVED_RSP, Gpr::Rsp);
        a.load(W::B64, Gpr::Rbp, STATE, offset::FRAME_POINTER);
        for (index, reg) in CALLER_SAVED[1..].iter().enumerate() {
            a.load(W::B64, *reg, STATE, offset::ARGS + 8 * index as i32);
        }
        for reg in [Gpr::Rax, Gpr::Rbx, Gpr::R13, Gpr::R14, Gpr::R15] {
            a.alu_rr(W::B32, Alu::Xor, reg, reg);
        }
        a.alu_ri(W::B64, Alu::Sub, Gpr::Rsp, 8);
        a.call_m(STATE, offset::ENTRY);
        a.alu_ri(W::B64, Alu::Add, Gpr::Rsp, 8);
        let epilogue = a.label();
        a.bind(epilogue);
        for reg in [Gpr::R15, Gpr::R14, Gpr::R13, Gpr::R12, Gpr::Rbx, Gpr::Rbp] {
            a.pop(reg);
        }
        a.ret();
        let trap_exit = self.trap_exit;
        a.bind(trap_exit);
        a.load(W::B64, Gpr::Rsp, STATE, offset::SAVED_RSP);
        a.alu_rr(W::B32, Alu::Xor, Gpr::Rax, Gpr::Rax);
        a.jmp(epilogue);
    }

    /// Records a site for the current instruction and stores its address in the state.
    fn set_site(&mut self, kind: SiteKind) {
        let index = self.sites.len();
        self.sites.push(Site {
            insn_idx: self.insn_idx,
            code_address: self.executable.code_address(self.insn_idx),
            kind,
        });
        // `mov r10, imm64` with the address patched in once the sites have their place.
        // Through r9: r10 and r11 may hold operands of the call that follows.
        let at = self.asm.mov_imm64_patchable(TMP3, 0);
        self.site_patches.push((at, index));
        self.asm.store(W::B64, STATE, offset::SITE, TMP3);
    }

    /// A label that traps with `code` at the current instruction.
    fn trap_stub(&mut self, code: TrapCode) -> Label {
        let label = self.asm.label();
        let index = self.sites.len();
        self.sites.push(Site {
            insn_idx: self.insn_idx,
            code_address: self.executable.code_address(self.insn_idx),
            kind: SiteKind::Trap(code),
        });
        self.trap_stubs.push((label, index));
        label
    }

    fn emit_trap_stubs(&mut self) {
        for (label, index) in std::mem::take(&mut self.trap_stubs) {
            self.asm.bind(label);
            let at = self.asm.mov_imm64_patchable(TMP2, 0);
            self.site_patches.push((at, index));
            self.asm.store(W::B64, STATE, offset::SITE, TMP2);
            self.asm.mov_imm64(TMP2, status::TRAPPED);
            self.asm.store(W::B64, STATE, offset::STATUS, TMP2);
            self.asm.jmp(self.trap_exit);
        }
    }

    /// After a call into Rust: leave if the run must stop.
    fn check_status(&mut self) {
        self.asm.cmp_mi(W::B64, STATE, offset::STATUS, 0);
        self.asm.jcc(Cond::Ne, self.trap_exit);
    }

    /// Calls `function` (an `extern "sysv64"` trampoline), with `rsp` re-aligned.
    fn call_rust(&mut self, function: usize) {
        self.asm
            .store(W::B64, STATE, offset::CALL_FRAME_POINTER, Gpr::Rbp);
        self.asm.alu_ri(W::B64, Alu::Sub, Gpr::Rsp, 8);
        self.asm.mov_imm64(TMP, function as u64);
        self.asm.call_r(TMP);
        self.asm.alu_ri(W::B64, Alu::Add, Gpr::Rsp, 8);
    }

    // ---- instructions ----

    fn insn(&mut self, insn: Instruction) -> Result<(), JitError> {
        match insn {
            Instruction::Alu {
                width,
                op,
                dst,
                src,
            } => {
                let src = match src {
                    Source::Reg(src) => Opnd::Reg(host(src)),
                    Source::Imm(imm) if blinds_alu(op) => self.blinded(imm, width, TMP),
                    Source::Imm(imm) => Opnd::Imm(imm),
                };
                self.alu(width, op, host(dst), src);
            }
            Instruction::MovSx {
                width,
                bits,
                dst,
                src,
            } => {
                let from = match bits {
                    8 => W::B8,
                    16 => W::B16,
                    _ => W::B32,
                };
                self.asm
                    .movsx(width == Width::W64, from, host(dst), host(src));
            }
            Instruction::Neg { width, dst } => self.asm.neg(w(width), host(dst)),
            Instruction::Endian { kind, bits, dst } => self.endian(kind, bits, host(dst)),
            Instruction::LdImm64 { dst, value } => self.ld_imm64(host(dst), value),
            Instruction::Load {
                size,
                sign_extend,
                dst,
                src,
                off,
            } => self.load(size, sign_extend, host(dst), host(src), off),
            Instruction::LoadAcquire {
                size,
                dst,
                src,
                off,
            } => self.load(size, false, host(dst), host(src), off),
            Instruction::Store {
                size,
                dst,
                off,
                src,
            } => self.store(size, host(dst), off, src),
            Instruction::StoreRelease {
                size,
                dst,
                src,
                off,
            } => self.store(size, host(dst), off, Source::Reg(src)),
            Instruction::Atomic {
                size,
                op,
                dst,
                src,
                off,
            } => self.atomic(size, op, dst, src, off),
            Instruction::LdAbs { size, imm } => self.ld_abs(size, None, imm),
            Instruction::LdInd { size, src, imm } => self.ld_abs(size, Some(src), imm),
            Instruction::Ja { off } => {
                let target = self.target(i64::from(off));
                self.jump(target, off < 0);
            }
            Instruction::Ja32 { imm } => {
                let target = self.target(i64::from(imm));
                self.jump(target, imm < 0);
            }
            Instruction::Jmp {
                width,
                cond,
                dst,
                src,
                off,
            } => self.cond_jump(width, cond, host(dst), src, off),
            Instruction::Call(CallTarget::Helper(12)) => self.tail_call(),
            Instruction::Call(CallTarget::Helper(id)) => {
                if !self.direct_map_call(id) {
                    self.set_site(SiteKind::Helper { id: i64::from(id) });
                    self.call_helper();
                }
            }
            Instruction::Call(CallTarget::Kfunc { btf_id, btf_fd_idx }) => {
                self.set_site(SiteKind::Kfunc { btf_id, btf_fd_idx });
                self.call_helper();
            }
            Instruction::Call(CallTarget::Local(imm)) => {
                let target = self.target(i64::from(imm));
                self.call_local(target);
            }
            Instruction::CallX { reg } => self.callx(reg),
            Instruction::Exit => self.asm.ret(),
        }
        Ok(())
    }

    fn alu(&mut self, width: Width, op: AluOp, dst: Gpr, src: Opnd) {
        let ww = w(width);
        if let (Some(sanitize), Opnd::Reg(src_reg)) = (self.alu_sanitize(), src)
            && matches!(op, AluOp::Add | AluOp::Sub)
            && width == Width::W64
        {
            self.masked_pointer_alu(op, dst, src_reg, sanitize);
            return;
        }
        let a = &mut self.asm;
        match (op, src) {
            (AluOp::Mov, Opnd::Imm(imm)) => match width {
                Width::W64 => a.mov_imm64(dst, imm as i64 as u64),
                Width::W32 => a.mov_imm32(dst, imm as u32),
            },
            (AluOp::Mov, Opnd::Reg(src)) => a.mov_rr(ww, dst, src),
            (AluOp::Add | AluOp::Sub | AluOp::Or | AluOp::And | AluOp::Xor, src) => {
                let alu = match op {
                    AluOp::Add => Alu::Add,
                    AluOp::Sub => Alu::Sub,
                    AluOp::Or => Alu::Or,
                    AluOp::And => Alu::And,
                    _ => Alu::Xor,
                };
                match src {
                    Opnd::Imm(imm) => a.alu_ri(ww, alu, dst, imm),
                    Opnd::Reg(src) => a.alu_rr(ww, alu, dst, src),
                }
            }
            (AluOp::Mul, Opnd::Imm(imm)) => a.imul_rri(ww, dst, dst, imm),
            (AluOp::Mul, Opnd::Reg(src)) => a.imul_rr(ww, dst, src),
            (AluOp::Lsh | AluOp::Rsh | AluOp::Arsh, src) => {
                let shift = match op {
                    AluOp::Lsh => Shift::Shl,
                    AluOp::Rsh => Shift::Shr,
                    _ => Shift::Sar,
                };
                match src {
                    Opnd::Imm(imm) => {
                        let mask = if width == Width::W64 { 63 } else { 31 };
                        a.shift_ri(ww, shift, dst, (imm & mask) as u8);
                    }
                    Opnd::Reg(src) => self.shift_by_reg(ww, shift, dst, src),
                }
            }
            (AluOp::Div | AluOp::Mod | AluOp::SDiv | AluOp::SMod, src) => {
                self.divide(width, op, dst, src);
            }
        }
    }

    /// `dst <<= src` and friends: x86 shifts by `cl`, which holds `r4`.
    fn shift_by_reg(&mut self, w: W, shift: Shift, dst: Gpr, src: Gpr) {
        let a = &mut self.asm;
        if src == Gpr::Rcx {
            a.shift_cl(w, shift, dst);
            return;
        }
        a.mov_rr(W::B64, TMP, Gpr::Rcx);
        a.mov_rr(W::B64, Gpr::Rcx, src);
        if dst == Gpr::Rcx {
            a.shift_cl(w, shift, TMP);
            a.mov_rr(W::B64, Gpr::Rcx, TMP);
        } else {
            a.shift_cl(w, shift, dst);
            a.mov_rr(W::B64, Gpr::Rcx, TMP);
        }
    }

    /// Division and modulo with eBPF's rules: by zero gives 0 (division) or leaves the dividend
    /// (modulo); signed `MIN / -1` wraps and `MIN % -1` is 0.
    fn divide(&mut self, width: Width, op: AluOp, dst: Gpr, src: Opnd) {
        let ww = w(width);
        let signed = matches!(op, AluOp::SDiv | AluOp::SMod);
        let modulo = matches!(op, AluOp::Mod | AluOp::SMod);
        let done = self.asm.label();
        let a = &mut self.asm;
        match src {
            Opnd::Imm(0) => {
                if !modulo {
                    a.alu_rr(W::B32, Alu::Xor, dst, dst);
                } else if width == Width::W32 {
                    a.mov_rr(W::B32, dst, dst);
                }
                return;
            }
            Opnd::Imm(-1) if signed => {
                if modulo {
                    a.alu_rr(W::B32, Alu::Xor, dst, dst);
                } else {
                    a.neg(ww, dst);
                }
                return;
            }
            Opnd::Imm(imm) => match width {
                Width::W64 => a.mov_imm64(TMP, imm as i64 as u64),
                Width::W32 => a.mov_imm32(TMP, imm as u32),
            },
            Opnd::Reg(src) => {
                if src != TMP {
                    a.mov_rr(W::B64, TMP, src);
                }
                let by_zero = a.label();
                let general = a.label();
                a.test_rr(ww, TMP, TMP);
                a.jcc(Cond::E, by_zero);
                if signed {
                    let minus_one = a.label();
                    a.alu_ri(ww, Alu::Cmp, TMP, -1);
                    a.jcc(Cond::E, minus_one);
                    a.jmp(general);
                    a.bind(minus_one);
                    if modulo {
                        a.alu_rr(W::B32, Alu::Xor, dst, dst);
                    } else {
                        a.neg(ww, dst);
                    }
                    a.jmp(done);
                } else {
                    a.jmp(general);
                }
                a.bind(by_zero);
                if !modulo {
                    a.alu_rr(W::B32, Alu::Xor, dst, dst);
                } else if width == Width::W32 {
                    a.mov_rr(W::B32, dst, dst);
                }
                a.jmp(done);
                a.bind(general);
            }
        }
        // rdx:rax / r11, keeping r0 (rax) and r3 (rdx) in r10 and r9.
        a.mov_rr(W::B64, TMP2, Gpr::Rax);
        a.mov_rr(W::B64, TMP3, Gpr::Rdx);
        a.mov_rr(W::B64, Gpr::Rax, dst);
        if signed {
            a.sign_extend_rax(ww);
        } else {
            a.alu_rr(W::B32, Alu::Xor, Gpr::Rdx, Gpr::Rdx);
        }
        a.div(ww, signed, TMP);
        let result = if modulo { Gpr::Rdx } else { Gpr::Rax };
        a.mov_rr(ww, TMP, result);
        a.mov_rr(W::B64, Gpr::Rax, TMP2);
        a.mov_rr(W::B64, Gpr::Rdx, TMP3);
        a.mov_rr(W::B64, dst, TMP);
        a.bind(done);
    }

    fn endian(&mut self, kind: Endian, bits: u8, dst: Gpr) {
        let a = &mut self.asm;
        match (kind, bits) {
            (Endian::ToLe, 16) => a.movzx(W::B16, dst, dst),
            (Endian::ToLe, 32) => a.mov_rr(W::B32, dst, dst),
            (Endian::ToLe, _) => {}
            (Endian::ToBe | Endian::Swap, 16) => {
                a.movzx(W::B16, dst, dst);
                a.shift_ri(W::B16, Shift::Rol, dst, 8);
                a.movzx(W::B16, dst, dst);
            }
            (Endian::ToBe | Endian::Swap, 32) => a.bswap(W::B32, dst),
            (Endian::ToBe | Endian::Swap, _) => a.bswap(W::B64, dst),
        }
    }

    fn ld_imm64(&mut self, dst: Gpr, value: LdImm64) {
        match value {
            LdImm64::Imm(imm) => match &mut self.keys {
                Some(keys) if imm != 0 => {
                    let key = keys.next_u64();
                    self.asm.mov_imm64(dst, imm ^ key);
                    self.asm.mov_imm64(TMP, key);
                    self.asm.alu_rr(W::B64, Alu::Xor, dst, TMP);
                }
                _ => self.asm.mov_imm64(dst, imm),
            },
            LdImm64::Func(offset) => {
                // The same value the interpreter gives: the function's code address there.
                let slot = (self.insn_idx as i64 + 1 + i64::from(offset)) as usize;
                let address = self.executable.code_address(slot);
                self.asm.mov_imm64(dst, address);
            }
            LdImm64::MapFd(_)
            | LdImm64::MapValue { .. }
            | LdImm64::BtfId { .. }
            | LdImm64::MapIdx(_)
            | LdImm64::MapIdxValue { .. } => {
                // As in the interpreter: the loader should have replaced it.
                let what = match value {
                    LdImm64::MapFd(_) => "map reference",
                    LdImm64::MapValue { .. } => "map value reference",
                    LdImm64::BtfId { .. } => "BTF variable",
                    _ => "fd_array map reference",
                };
                let stub = self.trap_stub(TrapCode::Unresolved { what });
                self.asm.jmp(stub);
            }
        }
    }

    // ---- memory ----

    fn load(&mut self, size: Size, sign_extend: bool, dst: Gpr, base: Gpr, off: i16) {
        if self.options.checked {
            self.asm.lea(TMP, base, i32::from(off));
            let kind = SiteKind::Load {
                size: size.bytes() as u8,
                signed: sign_extend,
            };
            self.rust_memory_op(kind, None, None, Some(dst), self.trampolines.load);
            return;
        }
        if sign_extend {
            self.asm.load_sx(mem_w(size), dst, base, i32::from(off));
        } else {
            self.asm.load(mem_w(size), dst, base, i32::from(off));
        }
    }

    fn store(&mut self, size: Size, base: Gpr, off: i16, src: Source) {
        let src = match src {
            Source::Reg(src) => Opnd::Reg(host(src)),
            Source::Imm(imm) => self.blinded(imm, Width::W64, TMP2),
        };
        if self.options.checked {
            match src {
                Opnd::Reg(src) => self.asm.mov_rr(W::B64, TMP2, src),
                Opnd::Imm(imm) => self.asm.mov_imm64(TMP2, imm as i64 as u64),
            }
            self.asm.lea(TMP, base, i32::from(off));
            let kind = SiteKind::Store {
                size: size.bytes() as u8,
            };
            self.rust_memory_op(kind, Some(TMP2), None, None, self.trampolines.store);
            return;
        }
        match src {
            Opnd::Reg(src) => self.asm.store(mem_w(size), base, i32::from(off), src),
            Opnd::Imm(imm) => self.asm.store_imm(mem_w(size), base, i32::from(off), imm),
        }
    }

    /// A memory operation done by a Rust trampoline `fn(state, addr = r11, value, r0) -> u64`:
    /// saves `r0`..`r5`, calls, restores them, then moves the result into `result`.
    fn rust_memory_op(
        &mut self,
        kind: SiteKind,
        value: Option<Gpr>,
        r0: Option<Gpr>,
        result: Option<Gpr>,
        function: usize,
    ) {
        self.set_site(kind);
        for reg in CALLER_SAVED {
            self.asm.push(reg);
        }
        // `value` may be any register but `rax`; `r0` is `rax`, so `rdx` is written first.
        if let Some(value) = value {
            self.asm.mov_rr(W::B64, Gpr::Rdx, value);
        }
        if let Some(r0) = r0 {
            self.asm.mov_rr(W::B64, Gpr::Rcx, r0);
        }
        self.asm.mov_rr(W::B64, Gpr::Rsi, TMP);
        self.asm.mov_rr(W::B64, Gpr::Rdi, STATE);
        self.call_rust(function);
        self.asm.mov_rr(W::B64, TMP, Gpr::Rax);
        for reg in CALLER_SAVED.iter().rev() {
            self.asm.pop(*reg);
        }
        self.check_status();
        if let Some(result) = result {
            self.asm.mov_rr(W::B64, result, TMP);
        }
    }

    fn atomic(&mut self, size: Size, op: AtomicOp, dst: Reg, src: Reg, off: i16) {
        let ww = mem_w(size);
        let (base, src_host, disp) = (host(dst), host(src), i32::from(off));
        if self.options.checked {
            let fetch_into = match op {
                AtomicOp::CmpXchg => Some(Gpr::Rax),
                AtomicOp::Xchg
                | AtomicOp::Add { fetch: true }
                | AtomicOp::Or { fetch: true }
                | AtomicOp::And { fetch: true }
                | AtomicOp::Xor { fetch: true } => Some(src_host),
                _ => None,
            };
            self.asm.lea(TMP, base, disp);
            let kind = SiteKind::Atomic {
                size: size.bytes() as u8,
                op: op.imm(),
            };
            self.rust_memory_op(
                kind,
                Some(src_host),
                Some(Gpr::Rax),
                fetch_into,
                self.trampolines.atomic,
            );
            return;
        }
        let a = &mut self.asm;
        match op {
            AtomicOp::Add { fetch: false } => a.alu_mr(ww, Alu::Add, true, base, disp, src_host),
            AtomicOp::Or { fetch: false } => a.alu_mr(ww, Alu::Or, true, base, disp, src_host),
            AtomicOp::And { fetch: false } => a.alu_mr(ww, Alu::And, true, base, disp, src_host),
            AtomicOp::Xor { fetch: false } => a.alu_mr(ww, Alu::Xor, true, base, disp, src_host),
            AtomicOp::Add { fetch: true } => a.lock_xadd(ww, base, disp, src_host),
            AtomicOp::Xchg => a.xchg_mr(ww, base, disp, src_host),
            AtomicOp::CmpXchg => {
                a.lock_cmpxchg(ww, base, disp, src_host);
                if ww == W::B32 {
                    a.mov_rr(W::B32, Gpr::Rax, Gpr::Rax);
                }
            }
            AtomicOp::Or { fetch: true }
            | AtomicOp::And { fetch: true }
            | AtomicOp::Xor { fetch: true } => {
                let alu = match op {
                    AtomicOp::Or { .. } => Alu::Or,
                    AtomicOp::And { .. } => Alu::And,
                    _ => Alu::Xor,
                };
                // A compare-and-exchange loop; `rax` (r0) is needed by cmpxchg.
                a.lea(TMP3, base, disp);
                a.mov_rr(W::B64, TMP2, src_host);
                a.push(Gpr::Rax);
                a.load(ww, Gpr::Rax, TMP3, 0);
                let retry = a.label();
                a.bind(retry);
                a.mov_rr(W::B64, TMP, Gpr::Rax);
                a.alu_rr(ww, alu, TMP, TMP2);
                a.lock_cmpxchg(ww, TMP3, 0, TMP);
                a.jcc(Cond::Ne, retry);
                a.mov_rr(ww, TMP2, Gpr::Rax);
                a.pop(Gpr::Rax);
                a.mov_rr(W::B64, src_host, TMP2);
            }
        }
    }

    fn ld_abs(&mut self, size: Size, src: Option<Reg>, imm: i32) {
        match src {
            Some(src) => self.asm.mov_rr(W::B32, TMP, host(src)),
            None => self.asm.alu_rr(W::B32, Alu::Xor, TMP, TMP),
        }
        match self.blinded(imm, Width::W32, TMP2) {
            Opnd::Imm(imm) => self.asm.alu_ri(W::B32, Alu::Add, TMP, imm),
            Opnd::Reg(reg) => self.asm.alu_rr(W::B32, Alu::Add, TMP, reg),
        }
        let kind = SiteKind::LdAbs {
            size: size.bytes() as u8,
        };
        self.rust_memory_op(kind, None, None, Some(Gpr::Rax), self.trampolines.ld_abs);
    }

    // ---- control flow ----

    fn jump(&mut self, target: Label, backward: bool) {
        if backward && self.options.checked {
            self.count_back_edge();
        }
        self.asm.jmp(target);
    }

    /// Checked code stops a run that takes too many backward jumps, as the interpreter stops
    /// one that runs too many instructions.
    fn count_back_edge(&mut self) {
        let stub = self.trap_stub(TrapCode::Budget);
        self.asm.cmp_mi(W::B64, STATE, offset::BUDGET, 0);
        self.asm.jcc(Cond::E, stub);
        self.asm.mov_imm64(TMP, 1);
        self.asm
            .alu_mr(W::B64, Alu::Sub, false, STATE, offset::BUDGET, TMP);
    }

    fn cond_jump(&mut self, width: Width, cond: JmpCond, dst: Gpr, src: Source, off: i16) {
        let ww = w(width);
        let target = self.target(i64::from(off));
        if off < 0 && self.options.checked {
            self.count_back_edge();
        }
        let src = match src {
            Source::Reg(src) => Opnd::Reg(host(src)),
            Source::Imm(imm) => self.blinded(imm, width, TMP),
        };
        let a = &mut self.asm;
        match (cond, src) {
            (JmpCond::Set, Opnd::Imm(imm)) => a.test_ri(ww, dst, imm),
            (JmpCond::Set, Opnd::Reg(src)) => a.test_rr(ww, dst, src),
            (JmpCond::Eq | JmpCond::Ne, Opnd::Imm(0)) => a.test_rr(ww, dst, dst),
            (_, Opnd::Imm(imm)) => a.alu_ri(ww, Alu::Cmp, dst, imm),
            (_, Opnd::Reg(src)) => a.alu_rr(ww, Alu::Cmp, dst, src),
        }
        a.jcc(cond_code(cond, width), target);
    }

    /// A map helper on a map the verifier proved, done without the helper trampoline: an
    /// array lookup inline, as the kernel's JIT does, and lookups, updates and deletes of plain
    /// hash maps and array updates as direct calls of `native_maps`. `false` when the call
    /// does not qualify (checked code, unknown map, per-CPU maps, other helpers).
    fn direct_map_call(&mut self, id: i32) -> bool {
        if self.options.checked {
            return false;
        }
        let Some(map) = self
            .insn_facts
            .and_then(|facts| facts.map_arg)
            .and_then(|index| self.executable.map(index))
            .cloned()
        else {
            return false;
        };
        let spec = map.spec();
        if spec.is_percpu() {
            return false;
        }
        let any = map.as_any();
        let helper = u32::try_from(id).ok().and_then(HelperId::from_u32);
        let done = match (helper, MapType::from_u32(spec.map_type)) {
            (Some(HelperId::MapLookupElem), Some(MapType::Array)) => any
                .downcast_ref::<ArrayMap>()
                .and_then(ArrayMap::direct_layout)
                .is_some_and(|(base, stride)| {
                    self.inline_array_lookup(base, stride, spec.max_entries)
                }),
            (
                Some(
                    helper @ (HelperId::MapLookupElem
                    | HelperId::MapUpdateElem
                    | HelperId::MapDeleteElem),
                ),
                Some(MapType::Hash | MapType::LruHash),
            ) => any.downcast_ref::<HashMap>().is_some_and(|hash| {
                let function = match helper {
                    HelperId::MapLookupElem => native_maps::lookup::<HashMap> as *const () as usize,
                    HelperId::MapUpdateElem => native_maps::update::<HashMap> as *const () as usize,
                    _ => native_maps::delete::<HashMap> as *const () as usize,
                };
                self.call_native(function, std::ptr::from_ref(hash) as u64);
                true
            }),
            (Some(HelperId::MapUpdateElem), Some(MapType::Array)) => {
                any.downcast_ref::<ArrayMap>().is_some_and(|array| {
                    let function = native_maps::update::<ArrayMap> as *const () as usize;
                    self.call_native(function, std::ptr::from_ref(array) as u64);
                    true
                })
            }
            _ => false,
        };
        if done {
            self.maps.push(map);
        }
        done
    }

    /// Calls `function(r1, .., r5, context)` (an `extern "sysv64"` function that cannot fail
    /// or stop the run): `r0` gets its result; `r1`..`r5` are scratched, as after any call.
    fn call_native(&mut self, function: usize, context: u64) {
        let a = &mut self.asm;
        a.mov_imm64(Gpr::R9, context);
        a.alu_ri(W::B64, Alu::Sub, Gpr::Rsp, 8);
        a.mov_imm64(TMP, function as u64);
        a.call_r(TMP);
        a.alu_ri(W::B64, Alu::Add, Gpr::Rsp, 8);
    }

    /// `r0 = bpf_map_lookup_elem(array, r2)` inline: the index is the `u32` key `r2` points to
    /// (the verifier proved it readable); an index past the end gives NULL, and is also masked
    /// to 0 without a branch so that a mispredicted bounds check cannot form an address
    /// outside the array. `false` (nothing emitted) when the layout does not fit immediates.
    fn inline_array_lookup(&mut self, base: u64, stride: usize, max_entries: u32) -> bool {
        let (Ok(max_entries), Ok(stride)) = (i32::try_from(max_entries), i32::try_from(stride))
        else {
            return false;
        };
        let null = self.asm.label();
        let done = self.asm.label();
        let a = &mut self.asm;
        a.load(W::B32, Gpr::Rax, Gpr::Rsi, 0);
        a.alu_ri(W::B32, Alu::Cmp, Gpr::Rax, max_entries);
        a.alu_rr(W::B64, Alu::Sbb, TMP, TMP);
        a.alu_rr(W::B64, Alu::And, Gpr::Rax, TMP);
        a.test_rr(W::B64, TMP, TMP);
        a.jcc(Cond::E, null);
        a.imul_rri(W::B64, Gpr::Rax, Gpr::Rax, stride);
        a.mov_imm64(TMP, base);
        a.alu_rr(W::B64, Alu::Add, Gpr::Rax, TMP);
        a.jmp(done);
        a.bind(null);
        a.alu_rr(W::B32, Alu::Xor, Gpr::Rax, Gpr::Rax);
        a.bind(done);
        true
    }

    fn call_helper(&mut self) {
        self.asm.mov_rr(W::B64, Gpr::R9, STATE);
        self.call_rust(self.trampolines.helper);
        self.check_status();
    }

    fn call_local(&mut self, target: Label) {
        let too_deep = self.trap_stub(TrapCode::CallDepth);
        let a = &mut self.asm;
        a.cmp_rm(W::B64, Gpr::Rbp, STATE, offset::MIN_FRAME_POINTER);
        a.jcc(Cond::B, too_deep);
        for reg in CALLEE_SAVED {
            a.push(reg);
        }
        a.alu_ri(W::B64, Alu::Sub, Gpr::Rbp, STACK_FRAME_SIZE as i32);
        a.call(target);
        for reg in CALLEE_SAVED.iter().rev() {
            a.pop(*reg);
        }
    }

    fn tail_call(&mut self) {
        self.set_site(SiteKind::TailCall);
        let next = self.next();
        let a = &mut self.asm;
        a.push(Gpr::Rdi);
        a.push(Gpr::Rax);
        // state, prog_array (r2 = rsi), index (r3 = rdx)
        a.mov_rr(W::B64, Gpr::Rdi, STATE);
        self.call_rust(self.trampolines.tail_call);
        let a = &mut self.asm;
        a.mov_rr(W::B64, TMP, Gpr::Rax);
        a.pop(Gpr::Rax);
        a.pop(Gpr::Rdi);
        a.test_rr(W::B64, TMP, TMP);
        a.jcc(Cond::E, next);
        a.jmp_r(TMP);
    }

    /// `callx`: the register holds a subprogram's code address or a helper id. Rust resolves
    /// it: a native address to call as a bpf-to-bpf call, or 0 after calling the helper itself
    /// (its result is then in `r0`).
    fn callx(&mut self, reg: Reg) {
        self.set_site(SiteKind::CallX);
        let done = self.asm.label();
        let a = &mut self.asm;
        // Keep r1..r5 for the callee: save them, pass the value and the arguments through the
        // state's argument slots.
        for (index, arg) in CALLER_SAVED[1..].iter().enumerate() {
            a.store(W::B64, STATE, offset::ARGS + 8 * index as i32, *arg);
        }
        // r0 need not survive: the call's result replaces it.
        a.mov_rr(W::B64, Gpr::Rsi, host(reg));
        a.mov_rr(W::B64, Gpr::Rdi, STATE);
        self.call_rust(self.trampolines.callx);
        let a = &mut self.asm;
        a.mov_rr(W::B64, TMP, Gpr::Rax);
        for (index, arg) in CALLER_SAVED[1..].iter().enumerate() {
            a.load(W::B64, *arg, STATE, offset::ARGS + 8 * index as i32);
        }
        self.check_status();
        let a = &mut self.asm;
        a.test_rr(W::B64, TMP, TMP);
        let helper_done = a.label();
        a.jcc(Cond::E, helper_done);
        // A subprogram: a bpf-to-bpf call to the address in r11.
        let too_deep = self.trap_stub(TrapCode::CallDepth);
        let a = &mut self.asm;
        a.cmp_rm(W::B64, Gpr::Rbp, STATE, offset::MIN_FRAME_POINTER);
        a.jcc(Cond::B, too_deep);
        for reg in CALLEE_SAVED {
            a.push(reg);
        }
        a.alu_ri(W::B64, Alu::Sub, Gpr::Rbp, STACK_FRAME_SIZE as i32);
        a.call_r(TMP);
        for reg in CALLEE_SAVED.iter().rev() {
            a.pop(*reg);
        }
        a.jmp(done);
        a.bind(helper_done);
        a.load(W::B64, Gpr::Rax, STATE, offset::CALLX_RESULT);
        a.bind(done);
    }
}
