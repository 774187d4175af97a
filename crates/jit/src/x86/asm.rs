//! A small x86-64 assembler: exactly the instruction forms the code generator emits, encoded
//! into a byte buffer, with labels for forward and backward jumps.
//!
//! Invariants:
//! - every jump to a label is encoded with a 32-bit displacement, patched by [`Asm::finish`]
//!   once every label is bound; a label used but never bound is a bug in the caller and
//!   [`Asm::finish`] reports it;
//! - memory operands are `[base + disp]`; `rsp` and `r12` as a base get their SIB byte, `rbp`
//!   and `r13` get an explicit zero displacement, as the encoding requires.
//!
//! `tests/encoding.rs` decodes every form with iced-x86 and checks the result.

/// A general-purpose register, numbered as in the encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Gpr {
    Rax = 0,
    Rcx = 1,
    Rdx = 2,
    Rbx = 3,
    Rsp = 4,
    Rbp = 5,
    Rsi = 6,
    Rdi = 7,
    R8 = 8,
    R9 = 9,
    R10 = 10,
    R11 = 11,
    R12 = 12,
    R13 = 13,
    R14 = 14,
    R15 = 15,
}

impl Gpr {
    fn low(self) -> u8 {
        self as u8 & 7
    }

    fn high(self) -> bool {
        self as u8 >= 8
    }
}

/// Operand width of an integer instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum W {
    B8,
    B16,
    B32,
    B64,
}

/// The two-operand ALU instructions with the classic encoding (`op r/m, r` is
/// `base + 1`, `op r/m, imm` is `0x81 /ext`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alu {
    Add,
    Or,
    And,
    Sub,
    Xor,
    Cmp,
    /// Subtract with borrow (`sbb r, r` spreads the carry flag over a register).
    Sbb,
}

impl Alu {
    fn ext(self) -> u8 {
        match self {
            Alu::Add => 0,
            Alu::Or => 1,
            Alu::Sbb => 3,
            Alu::And => 4,
            Alu::Sub => 5,
            Alu::Xor => 6,
            Alu::Cmp => 7,
        }
    }
}

/// Shifts (`D3 /ext` by `cl`, `C1 /ext ib` by an immediate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    Rol,
    Shl,
    Shr,
    Sar,
}

impl Shift {
    fn ext(self) -> u8 {
        match self {
            Shift::Rol => 0,
            Shift::Shl => 4,
            Shift::Shr => 5,
            Shift::Sar => 7,
        }
    }
}

/// Condition codes, numbered as in `Jcc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Cond {
    /// Unsigned below.
    B = 0x2,
    /// Unsigned above or equal.
    Ae = 0x3,
    E = 0x4,
    Ne = 0x5,
    /// Unsigned below or equal.
    Be = 0x6,
    /// Unsigned above.
    A = 0x7,
    /// Signed less.
    L = 0xc,
    /// Signed greater or equal.
    Ge = 0xd,
    /// Signed less or equal.
    Le = 0xe,
    /// Signed greater.
    G = 0xf,
}

/// A position in the code, bound once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(u32);

/// The assembler.
#[derive(Debug, Default)]
pub struct Asm {
    code: Vec<u8>,
    labels: Vec<Option<u32>>,
    /// `(offset of a rel32 field, label)`: the field holds the distance from its end.
    fixups: Vec<(u32, Label)>,
}

/// A label that was used but never bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnboundLabel(pub u32);

impl Asm {
    /// An empty buffer with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Asm {
        Asm {
            code: Vec::with_capacity(capacity),
            labels: Vec::new(),
            fixups: Vec::new(),
        }
    }

    /// Bytes emitted so far.
    pub fn len(&self) -> usize {
        self.code.len()
    }

    /// Whether nothing was emitted.
    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    /// A new, unbound label.
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// `n` new labels, numbered consecutively from the returned one.
    pub fn labels(&mut self, n: usize) -> Label {
        let first = self.labels.len() as u32;
        self.labels.resize(self.labels.len() + n, None);
        Label(first)
    }

    /// The label `index` places after `first` (from [`Asm::labels`]).
    pub fn nth(first: Label, index: usize) -> Label {
        Label(first.0 + index as u32)
    }

    /// Pads with no-ops (the recommended multi-byte forms) up to a multiple of `align` bytes.
    pub fn align(&mut self, align: usize) {
        const NOPS: [&[u8]; 9] = [
            &[0x90],
            &[0x66, 0x90],
            &[0x0f, 0x1f, 0x00],
            &[0x0f, 0x1f, 0x40, 0x00],
            &[0x0f, 0x1f, 0x44, 0x00, 0x00],
            &[0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
            &[0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
            &[0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
            &[0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        ];
        let mut missing = (align - self.code.len() % align) % align;
        while missing > 0 {
            let n = missing.min(NOPS.len());
            self.bytes(NOPS[n - 1]);
            missing -= n;
        }
    }

    /// Binds `label` to the current position.
    pub fn bind(&mut self, label: Label) {
        self.labels[label.0 as usize] = Some(self.code.len() as u32);
    }

    /// The offset a bound label stands for.
    pub fn offset_of(&self, label: Label) -> Option<usize> {
        self.labels[label.0 as usize].map(|offset| offset as usize)
    }

    /// Patches every jump and returns the code.
    pub fn finish(mut self) -> Result<Vec<u8>, UnboundLabel> {
        for &(field, label) in &self.fixups {
            let target = self.labels[label.0 as usize].ok_or(UnboundLabel(label.0))?;
            let rel = i64::from(target) - (i64::from(field) + 4);
            let field = field as usize;
            self.code[field..field + 4].copy_from_slice(&(rel as i32).to_le_bytes());
        }
        Ok(self.code)
    }

    fn byte(&mut self, byte: u8) {
        self.code.push(byte);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.code.extend_from_slice(bytes);
    }

    fn imm32(&mut self, imm: i32) {
        self.bytes(&imm.to_le_bytes());
    }

    /// The REX prefix for `reg` in the `reg` field and `rm` in the `r/m` field (or base),
    /// emitted when needed. `byte_regs` forces it when an 8-bit operand names `spl`, `bpl`,
    /// `sil` or `dil`.
    fn rex(&mut self, w: bool, reg: u8, rm: Gpr, byte_regs: bool) {
        let r = reg >= 8;
        let b = rm.high();
        let forced = byte_regs && ((4..8).contains(&reg) || (4..8).contains(&(rm as u8)));
        if w || r || b || forced {
            self.byte(0x40 | (u8::from(w) << 3) | (u8::from(r) << 2) | u8::from(b));
        }
    }

    fn prefix(&mut self, w: W) {
        if w == W::B16 {
            self.byte(0x66);
        }
    }

    /// `op` with `reg` in the `reg` field and register `rm` (mod 11).
    fn rr(&mut self, w: W, opcode: &[u8], reg: u8, rm: Gpr) {
        self.prefix(w);
        self.rex(w == W::B64, reg, rm, w == W::B8);
        self.bytes(opcode);
        self.byte(0xc0 | ((reg & 7) << 3) | rm.low());
    }

    /// `op` with `reg` in the `reg` field and memory `[base + disp]`.
    fn rm(&mut self, w: W, opcode: &[u8], reg: u8, base: Gpr, disp: i32) {
        self.prefix(w);
        self.rex(w == W::B64, reg, base, w == W::B8);
        self.bytes(opcode);
        self.modrm_mem(reg, base, disp);
    }

    fn modrm_mem(&mut self, reg: u8, base: Gpr, disp: i32) {
        let reg = (reg & 7) << 3;
        let needs_sib = base.low() == 4;
        let (mode, disp_len) = if disp == 0 && base.low() != 5 {
            (0x00, 0)
        } else if i8::try_from(disp).is_ok() {
            (0x40, 1)
        } else {
            (0x80, 4)
        };
        self.byte(mode | reg | base.low());
        if needs_sib {
            self.byte(0x24);
        }
        match disp_len {
            1 => self.byte(disp as i8 as u8),
            4 => self.imm32(disp),
            _ => {}
        }
    }

    // ---- moves ----

    /// `mov dst, src` (32-bit zero-extends).
    pub fn mov_rr(&mut self, w: W, dst: Gpr, src: Gpr) {
        self.rr(w, &[0x89], src as u8, dst);
    }

    /// `dst = imm` as a 64-bit value, in the shortest encoding.
    pub fn mov_imm64(&mut self, dst: Gpr, imm: u64) {
        if imm == 0 {
            self.alu_rr(W::B32, Alu::Xor, dst, dst);
        } else if let Ok(imm32) = u32::try_from(imm) {
            self.mov_imm32(dst, imm32);
        } else if let Ok(imm32) = i32::try_from(imm as i64) {
            self.rex(true, 0, dst, false);
            self.byte(0xc7);
            self.byte(0xc0 | dst.low());
            self.imm32(imm32);
        } else {
            self.rex(true, 0, dst, false);
            self.byte(0xb8 | dst.low());
            self.bytes(&imm.to_le_bytes());
        }
    }

    /// `mov dst, imm64` always in its 10-byte form; returns the offset of the immediate, for
    /// values patched in after assembly.
    pub fn mov_imm64_patchable(&mut self, dst: Gpr, imm: u64) -> usize {
        self.rex(true, 0, dst, false);
        self.byte(0xb8 | dst.low());
        let at = self.code.len();
        self.bytes(&imm.to_le_bytes());
        at
    }

    /// `mov dst32, imm` (zero-extends).
    pub fn mov_imm32(&mut self, dst: Gpr, imm: u32) {
        self.rex(false, 0, dst, false);
        self.byte(0xb8 | dst.low());
        self.imm32(imm as i32);
    }

    /// `mov dst, [base + disp]`: 8 and 16 bits zero-extend (`movzx`), 32 bits zero-extends.
    pub fn load(&mut self, w: W, dst: Gpr, base: Gpr, disp: i32) {
        match w {
            W::B8 => self.rm(W::B32, &[0x0f, 0xb6], dst as u8, base, disp),
            W::B16 => self.rm(W::B32, &[0x0f, 0xb7], dst as u8, base, disp),
            W::B32 => self.rm(W::B32, &[0x8b], dst as u8, base, disp),
            W::B64 => self.rm(W::B64, &[0x8b], dst as u8, base, disp),
        }
    }

    /// A sign-extending load into 64 bits (`movsx`, `movsxd`).
    pub fn load_sx(&mut self, w: W, dst: Gpr, base: Gpr, disp: i32) {
        match w {
            W::B8 => self.rm(W::B64, &[0x0f, 0xbe], dst as u8, base, disp),
            W::B16 => self.rm(W::B64, &[0x0f, 0xbf], dst as u8, base, disp),
            W::B32 => self.rm(W::B64, &[0x63], dst as u8, base, disp),
            W::B64 => self.load(W::B64, dst, base, disp),
        }
    }

    /// `mov [base + disp], src` of width `w`.
    pub fn store(&mut self, w: W, base: Gpr, disp: i32, src: Gpr) {
        let opcode = if w == W::B8 { 0x88 } else { 0x89 };
        self.rm(w, &[opcode], src as u8, base, disp);
    }

    /// `mov [base + disp], imm` of width `w` (64 bits: sign-extended 32-bit immediate).
    pub fn store_imm(&mut self, w: W, base: Gpr, disp: i32, imm: i32) {
        let opcode = if w == W::B8 { 0xc6 } else { 0xc7 };
        self.rm(w, &[opcode], 0, base, disp);
        match w {
            W::B8 => self.byte(imm as u8),
            W::B16 => self.bytes(&(imm as u16).to_le_bytes()),
            W::B32 | W::B64 => self.imm32(imm),
        }
    }

    /// `lea dst, [base + disp]`.
    pub fn lea(&mut self, dst: Gpr, base: Gpr, disp: i32) {
        self.rm(W::B64, &[0x8d], dst as u8, base, disp);
    }

    /// `movzx dst32, src8/16` (`w` is the source width).
    pub fn movzx(&mut self, w: W, dst: Gpr, src: Gpr) {
        match w {
            W::B8 => {
                self.rex(false, dst as u8, src, true);
                self.bytes(&[0x0f, 0xb6]);
                self.byte(0xc0 | ((dst.low()) << 3) | src.low());
            }
            W::B16 => self.rr(W::B32, &[0x0f, 0xb7], dst as u8, src),
            W::B32 => self.mov_rr(W::B32, dst, src),
            W::B64 => self.mov_rr(W::B64, dst, src),
        }
    }

    /// Sign extension of the low `from` bits of `src` into `dst`, 64-bit result when `wide`,
    /// else 32-bit (zero-extended to 64).
    pub fn movsx(&mut self, wide: bool, from: W, dst: Gpr, src: Gpr) {
        let w = if wide { W::B64 } else { W::B32 };
        match from {
            W::B8 => {
                self.rex(wide, dst as u8, src, true);
                self.bytes(&[0x0f, 0xbe]);
                self.byte(0xc0 | ((dst.low()) << 3) | src.low());
            }
            W::B16 => self.rr(w, &[0x0f, 0xbf], dst as u8, src),
            W::B32 if wide => self.rr(W::B64, &[0x63], dst as u8, src),
            W::B32 | W::B64 => self.mov_rr(w, dst, src),
        }
    }

    // ---- arithmetic ----

    /// `op dst, src`.
    pub fn alu_rr(&mut self, w: W, op: Alu, dst: Gpr, src: Gpr) {
        self.rr(w, &[(op.ext() << 3) | 0x01], src as u8, dst);
    }

    /// `op dst, imm` (64 bits: the immediate is sign-extended).
    pub fn alu_ri(&mut self, w: W, op: Alu, dst: Gpr, imm: i32) {
        if let Ok(imm8) = i8::try_from(imm) {
            self.rr(w, &[0x83], op.ext(), dst);
            self.byte(imm8 as u8);
        } else if dst == Gpr::Rax {
            self.prefix(w);
            self.rex(w == W::B64, 0, dst, false);
            self.byte((op.ext() << 3) | 0x05);
            self.imm32(imm);
        } else {
            self.rr(w, &[0x81], op.ext(), dst);
            self.imm32(imm);
        }
    }

    /// `op [base + disp], src`, optionally `lock`ed.
    pub fn alu_mr(&mut self, w: W, op: Alu, lock: bool, base: Gpr, disp: i32, src: Gpr) {
        if lock {
            self.byte(0xf0);
        }
        self.rm(w, &[(op.ext() << 3) | 0x01], src as u8, base, disp);
    }

    /// `cmp [base + disp], imm` (8-bit immediate when it fits).
    pub fn cmp_mi(&mut self, w: W, base: Gpr, disp: i32, imm: i32) {
        if w == W::B8 {
            self.rm(W::B8, &[0x80], 7, base, disp);
            self.byte(imm as u8);
        } else if let Ok(imm8) = i8::try_from(imm) {
            self.rm(w, &[0x83], 7, base, disp);
            self.byte(imm8 as u8);
        } else {
            self.rm(w, &[0x81], 7, base, disp);
            self.imm32(imm);
        }
    }

    /// `cmp reg, [base + disp]`.
    pub fn cmp_rm(&mut self, w: W, reg: Gpr, base: Gpr, disp: i32) {
        self.rm(w, &[0x3b], reg as u8, base, disp);
    }

    /// `test a, b`.
    pub fn test_rr(&mut self, w: W, a: Gpr, b: Gpr) {
        self.rr(w, &[0x85], b as u8, a);
    }

    /// `test reg, imm` (64 bits: sign-extended immediate).
    pub fn test_ri(&mut self, w: W, reg: Gpr, imm: i32) {
        if reg == Gpr::Rax {
            self.prefix(w);
            self.rex(w == W::B64, 0, reg, false);
            self.byte(0xa9);
        } else {
            self.rr(w, &[0xf7], 0, reg);
        }
        self.imm32(imm);
    }

    /// `imul dst, src`.
    pub fn imul_rr(&mut self, w: W, dst: Gpr, src: Gpr) {
        self.rr(w, &[0x0f, 0xaf], dst as u8, src);
    }

    /// `imul dst, src, imm`.
    pub fn imul_rri(&mut self, w: W, dst: Gpr, src: Gpr, imm: i32) {
        if let Ok(imm8) = i8::try_from(imm) {
            self.rr(w, &[0x6b], dst as u8, src);
            self.byte(imm8 as u8);
        } else {
            self.rr(w, &[0x69], dst as u8, src);
            self.imm32(imm);
        }
    }

    /// `div src` (unsigned) or `idiv src` (signed): `rdx:rax / src`.
    pub fn div(&mut self, w: W, signed: bool, src: Gpr) {
        self.rr(w, &[0xf7], if signed { 7 } else { 6 }, src);
    }

    /// `cqo` (64) or `cdq` (32): sign-extends `rax` into `rdx`.
    pub fn sign_extend_rax(&mut self, w: W) {
        if w == W::B64 {
            self.byte(0x48);
        }
        self.byte(0x99);
    }

    /// `neg reg`.
    pub fn neg(&mut self, w: W, reg: Gpr) {
        self.rr(w, &[0xf7], 3, reg);
    }

    /// `shift reg, cl`.
    pub fn shift_cl(&mut self, w: W, op: Shift, reg: Gpr) {
        self.rr(w, &[0xd3], op.ext(), reg);
    }

    /// `shift reg, imm`.
    pub fn shift_ri(&mut self, w: W, op: Shift, reg: Gpr, imm: u8) {
        self.rr(w, &[0xc1], op.ext(), reg);
        self.byte(imm);
    }

    /// `bswap reg` (32 or 64 bits).
    pub fn bswap(&mut self, w: W, reg: Gpr) {
        self.rex(w == W::B64, 0, reg, false);
        self.bytes(&[0x0f, 0xc8 | reg.low()]);
    }

    // ---- atomics ----

    /// `lock xadd [base + disp], src`.
    pub fn lock_xadd(&mut self, w: W, base: Gpr, disp: i32, src: Gpr) {
        self.byte(0xf0);
        self.rm(w, &[0x0f, 0xc1], src as u8, base, disp);
    }

    /// `xchg [base + disp], src` (always locked).
    pub fn xchg_mr(&mut self, w: W, base: Gpr, disp: i32, src: Gpr) {
        self.rm(w, &[0x87], src as u8, base, disp);
    }

    /// `lock cmpxchg [base + disp], src` (compares with `rax`).
    pub fn lock_cmpxchg(&mut self, w: W, base: Gpr, disp: i32, src: Gpr) {
        self.byte(0xf0);
        self.rm(w, &[0x0f, 0xb1], src as u8, base, disp);
    }

    // ---- control flow ----

    fn rel32_to(&mut self, label: Label) {
        let field = self.code.len() as u32;
        self.fixups.push((field, label));
        self.imm32(0);
    }

    /// `jmp label`.
    pub fn jmp(&mut self, label: Label) {
        self.byte(0xe9);
        self.rel32_to(label);
    }

    /// `jcc label`.
    pub fn jcc(&mut self, cond: Cond, label: Label) {
        self.bytes(&[0x0f, 0x80 | cond as u8]);
        self.rel32_to(label);
    }

    /// `call label`.
    pub fn call(&mut self, label: Label) {
        self.byte(0xe8);
        self.rel32_to(label);
    }

    /// `call reg`.
    pub fn call_r(&mut self, reg: Gpr) {
        self.rr(W::B32, &[0xff], 2, reg);
    }

    /// `call [base + disp]`.
    pub fn call_m(&mut self, base: Gpr, disp: i32) {
        self.rm(W::B32, &[0xff], 2, base, disp);
    }

    /// `jmp reg`.
    pub fn jmp_r(&mut self, reg: Gpr) {
        self.rr(W::B32, &[0xff], 4, reg);
    }

    /// `ret`.
    pub fn ret(&mut self) {
        self.byte(0xc3);
    }

    /// `push reg`.
    pub fn push(&mut self, reg: Gpr) {
        self.rex(false, 0, reg, false);
        self.byte(0x50 | reg.low());
    }

    /// `pop reg`.
    pub fn pop(&mut self, reg: Gpr) {
        self.rex(false, 0, reg, false);
        self.byte(0x58 | reg.low());
    }

    /// `lfence`: a speculation barrier.
    pub fn lfence(&mut self) {
        self.bytes(&[0x0f, 0xae, 0xe8]);
    }

    /// `int3`: fills gaps so stray execution traps.
    pub fn int3(&mut self) {
        self.byte(0xcc);
    }
}
