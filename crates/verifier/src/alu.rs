//! Arithmetic: scalar transfer functions and the pointer arithmetic rules (the kernel's
//! `check_alu_op`, `adjust_scalar_min_max_vals` and `adjust_ptr_min_max_vals`).

use sluice_isa::{AluOp, Instruction, Reg as IsaReg, Source, Width};

use crate::error::ErrorKind;
use crate::reg::{PtrFlags, PtrKind, Reg, RegKind};
use crate::scalar::Scalar;
use crate::spectre::PtrAlu;
use crate::verifier::{R, Verifier};

/// Offsets a pointer may carry (`BPF_MAX_VAR_OFF`).
pub(crate) const BPF_MAX_VAR_OFF: i64 = 1 << 29;

fn op_name(op: AluOp) -> &'static str {
    match op {
        AluOp::Add => "+=",
        AluOp::Sub => "-=",
        AluOp::Mul => "*=",
        AluOp::Div | AluOp::SDiv => "/=",
        AluOp::Mod | AluOp::SMod => "%=",
        AluOp::Or => "|=",
        AluOp::And => "&=",
        AluOp::Xor => "^=",
        AluOp::Lsh => "<<=",
        AluOp::Rsh => ">>=",
        AluOp::Arsh => "s>>=",
        AluOp::Mov => "=",
    }
}

impl Verifier<'_> {
    /// Records a register source operand's value in the instruction's facts: its constant
    /// only where the register is precise, since pruning may have merged paths on which an
    /// imprecise value differs.
    pub(crate) fn note_src_value(&mut self, reg: IsaReg, value: &Reg) {
        let precise = self.cfg.precise_in[self.insn_idx] & (1 << reg.index()) != 0;
        let constant = value.const_value().filter(|_| precise);
        self.facts[self.insn_idx].note_src(constant);
    }

    /// Reads register `reg` as an operand: it must be initialized.
    pub(crate) fn read_reg(&self, reg: IsaReg) -> R<Reg> {
        let value = self.st.cur().regs[reg.index()];
        if !value.is_init() {
            return self
                .fail(
                    ErrorKind::UninitReg,
                    format!("{reg} is read before it was written (!read_ok)"),
                )
                .map_err(|e| {
                    if (1..=5).contains(&reg.index()) {
                        e.with_hint("r1-r5 do not survive a call; keep values needed after a call in r6-r9 or on the stack".to_string())
                    } else {
                        e
                    }
                });
        }
        Ok(value)
    }

    /// Writes register `reg`; `r10` may not be written.
    pub(crate) fn write_reg(&mut self, reg: IsaReg, value: Reg) -> R<()> {
        if reg.index() == 10 {
            return self.fail(
                ErrorKind::FramePointerWrite,
                "r10 is the frame pointer and is read only",
            );
        }
        self.st.cur_mut().regs[reg.index()] = value;
        Ok(())
    }

    fn check_dst_writable(&self, reg: IsaReg) -> R<()> {
        if reg.index() == 10 {
            return self.fail(
                ErrorKind::FramePointerWrite,
                "r10 is the frame pointer and is read only",
            );
        }
        Ok(())
    }

    pub(crate) fn check_alu(&mut self, insn: &Instruction) -> R<()> {
        match *insn {
            Instruction::Alu {
                width,
                op,
                dst,
                src,
            } => self.check_binary(width, op, dst, src),
            Instruction::MovSx {
                width,
                bits,
                dst,
                src,
            } => {
                let value = self.read_reg(src)?;
                self.check_dst_writable(dst)?;
                let result = match value.kind {
                    RegKind::Scalar => Reg::scalar(Scalar::movsx(width, bits, &value.var)),
                    _ if self.opts.privileged => Reg::unknown(),
                    _ => {
                        return self.fail(
                            ErrorKind::PointerLeak,
                            format!("{src} sign-extension of a pointer is prohibited"),
                        );
                    }
                };
                self.write_reg(dst, result)
            }
            Instruction::Neg { width, dst } => {
                let value = self.read_reg(dst)?;
                self.check_dst_writable(dst)?;
                let result = match value.kind {
                    RegKind::Scalar => Reg::scalar(Scalar::neg(width, &value.var)),
                    _ if self.opts.privileged => Reg::unknown(),
                    _ => {
                        return self.fail(
                            ErrorKind::PointerArithmetic,
                            format!("{dst} pointer arithmetic prohibited (negation)"),
                        );
                    }
                };
                self.write_reg(dst, result)
            }
            Instruction::Endian { kind, bits, dst } => {
                let value = self.read_reg(dst)?;
                self.check_dst_writable(dst)?;
                let result = match value.kind {
                    RegKind::Scalar => Reg::scalar(Scalar::endian(kind, bits, &value.var)),
                    _ if self.opts.privileged => Reg::unknown(),
                    _ => {
                        return self.fail(
                            ErrorKind::PointerArithmetic,
                            format!("{dst} pointer arithmetic prohibited (byte swap)"),
                        );
                    }
                };
                self.write_reg(dst, result)
            }
            _ => unreachable!("check_alu takes ALU instructions"),
        }
    }

    fn operand(&mut self, src: Source, width: Width) -> R<Reg> {
        match src {
            Source::Reg(reg) => {
                let value = self.read_reg(reg)?;
                self.note_src_value(reg, &value);
                Ok(value)
            }
            Source::Imm(imm) => Ok(Reg::constant(match width {
                Width::W64 => imm as i64 as u64,
                Width::W32 => u64::from(imm as u32),
            })),
        }
    }

    fn check_binary(&mut self, width: Width, op: AluOp, dst: IsaReg, src: Source) -> R<()> {
        let src_val = self.operand(src, width)?;
        if op == AluOp::Mov {
            self.check_dst_writable(dst)?;
            return self.check_mov(width, dst, src, src_val);
        }
        let dst_val = self.read_reg(dst)?;
        self.check_dst_writable(dst)?;
        if let Source::Imm(imm) = src {
            if matches!(op, AluOp::Div | AluOp::SDiv | AluOp::Mod | AluOp::SMod) && imm == 0 {
                return self.fail(ErrorKind::InvalidAluOp, "division by zero (immediate 0)");
            }
            let bits = if width == Width::W64 { 64 } else { 32 };
            if matches!(op, AluOp::Lsh | AluOp::Rsh | AluOp::Arsh) && (imm < 0 || imm >= bits) {
                return self.fail(
                    ErrorKind::InvalidAluOp,
                    format!(
                        "invalid shift {imm}: a {bits}-bit shift takes 0..{}",
                        bits - 1
                    ),
                );
            }
        }
        if dst_val.is_ptr() || src_val.is_ptr() {
            let result = self.pointer_arith(width, op, dst, src, dst_val, src_val)?;
            return self.write_reg(dst, result);
        }
        self.sanitize_scalar_alu(op, dst, matches!(src, Source::Reg(_)))?;
        let var = Scalar::alu(op, width, &dst_val.var, &src_val.var);
        self.write_reg(dst, Reg::scalar(var))
    }

    fn check_mov(&mut self, width: Width, dst: IsaReg, src: Source, value: Reg) -> R<()> {
        let result = match (width, src) {
            (Width::W64, Source::Reg(src_reg)) => {
                let mut value = value;
                if value.is_scalar() && !value.var.is_const() {
                    // Link the copies so a bound learnt on one applies to the other.
                    if value.id == 0 {
                        value.id = self.new_id();
                        self.st.cur_mut().regs[src_reg.index()].id = value.id;
                    }
                }
                value
            }
            (Width::W64, Source::Imm(_)) => value,
            (Width::W32, Source::Reg(_)) => match value.kind {
                RegKind::Scalar => Reg::scalar(value.var.zext32()),
                _ if self.opts.privileged => {
                    Reg::scalar(Scalar::unsigned_range(0, u64::from(u32::MAX)))
                }
                _ => {
                    return self.fail(
                        ErrorKind::PointerLeak,
                        format!("{dst}: partial copy of a pointer is prohibited"),
                    );
                }
            },
            (Width::W32, Source::Imm(_)) => value,
        };
        self.write_reg(dst, result)
    }

    /// Arithmetic where at least one operand is a pointer.
    fn pointer_arith(
        &mut self,
        width: Width,
        op: AluOp,
        dst: IsaReg,
        src: Source,
        dst_val: Reg,
        src_val: Reg,
    ) -> R<Reg> {
        let privileged = self.opts.privileged;
        if width == Width::W32 {
            if op == AluOp::Sub && privileged {
                return Ok(Reg::scalar(Scalar::unsigned_range(0, u64::from(u32::MAX))));
            }
            return self.fail(
                ErrorKind::PointerArithmetic,
                format!("{dst}: 32-bit pointer arithmetic prohibited"),
            );
        }
        if dst_val.is_ptr() && src_val.is_ptr() {
            if op == AluOp::Sub && privileged {
                return Ok(Reg::unknown());
            }
            let message = if op == AluOp::Sub {
                format!("{dst}: pointer - pointer is prohibited in unprivileged programs")
            } else {
                format!("{dst}: pointer {} pointer prohibited", op_name(op))
            };
            return self.fail(ErrorKind::PointerArithmetic, message);
        }
        let (ptr, off, scalar_is_dst) = if dst_val.is_ptr() {
            (dst_val, src_val, false)
        } else {
            (src_val, dst_val, true)
        };
        let kind = ptr.ptr_kind().expect("one operand is a pointer");
        if ptr.maybe_null() {
            return Err(self
                .error(
                    ErrorKind::PointerArithmetic,
                    format!(
                        "{dst}: pointer arithmetic on {} prohibited, null-check it first",
                        describe_kind(&ptr)
                    ),
                )
                .with_hint("compare the pointer with 0 (NULL) before doing arithmetic on it"));
        }
        let known = off.var.const_value().map(|v| v as i64);
        let allowed = match kind {
            PtrKind::Ctx
            | PtrKind::MapValue { .. }
            | PtrKind::MapKey { .. }
            | PtrKind::Stack { .. }
            | PtrKind::Packet
            | PtrKind::PacketMeta
            | PtrKind::Mem { .. }
            | PtrKind::TpBuffer
            | PtrKind::Kernel
            | PtrKind::Func { .. } => true,
            PtrKind::FlowKeys => known.is_some(),
            PtrKind::Map { .. } => known == Some(0) && op == AluOp::Add,
            PtrKind::PacketEnd | PtrKind::Sock { .. } => false,
        };
        if !allowed {
            return self.fail(
                ErrorKind::PointerArithmetic,
                format!("{dst}: pointer arithmetic on {} prohibited", kind.name()),
            );
        }
        self.check_sane_offset(&off, kind, known)?;
        self.check_sane_ptr(&ptr, kind)?;
        let sanitized = match src {
            Source::Reg(src_reg) => Some(PtrAlu {
                op,
                dst,
                src: src_reg,
                ptr,
                offset: off,
                ptr_is_dst: !scalar_is_dst,
            }),
            Source::Imm(_) => None,
        };
        let window = match &sanitized {
            Some(alu) => self.sanitize_ptr_begin(alu)?,
            None => None,
        };
        match op {
            AluOp::Add => {}
            AluOp::Sub if scalar_is_dst => {
                return self.fail(
                    ErrorKind::PointerArithmetic,
                    format!("{dst}: tried to subtract a pointer from a scalar"),
                );
            }
            AluOp::Sub => {}
            AluOp::And | AluOp::Or | AluOp::Xor => {
                return self.fail(
                    ErrorKind::PointerArithmetic,
                    format!(
                        "{dst}: bitwise operator {} on pointer prohibited",
                        op_name(op)
                    ),
                );
            }
            _ => {
                return self.fail(
                    ErrorKind::PointerArithmetic,
                    format!(
                        "{dst}: pointer arithmetic with {} operator prohibited",
                        op_name(op)
                    ),
                );
            }
        }
        let mut result = ptr;
        // Where a pointer past the packet's end went is unknown after any arithmetic.
        result.flags = result.flags.without(PtrFlags::PKT_END);
        match (op, known) {
            (AluOp::Add, Some(value)) if fits_i32(i64::from(ptr.off) + value) => {
                result.off = (i64::from(ptr.off) + value) as i32;
            }
            (AluOp::Sub, Some(value)) if fits_i32(i64::from(ptr.off) - value) => {
                result.off = (i64::from(ptr.off) - value) as i32;
            }
            _ => {
                result.var = Scalar::alu(op, Width::W64, &ptr.var, &off.var);
                if kind.is_packet() {
                    result.id = self.new_id();
                    result.range = 0;
                }
            }
        }
        self.check_sane_ptr(&result, kind)?;
        if !privileged {
            self.check_unprivileged_bounds(dst, &result, kind)?;
        }
        if let Some(alu) = &sanitized {
            self.sanitize_ptr_commit(window, alu, &result)?;
        }
        Ok(result)
    }

    /// `check_reg_sane_offset` for the scalar operand.
    fn check_sane_offset(&self, off: &Reg, kind: PtrKind, known: Option<i64>) -> R<()> {
        if let Some(value) = known {
            if value >= BPF_MAX_VAR_OFF || value <= -BPF_MAX_VAR_OFF {
                return self.fail(
                    ErrorKind::PointerArithmetic,
                    format!(
                        "math between {} pointer and {value} is not allowed",
                        kind.name()
                    ),
                );
            }
            return Ok(());
        }
        if off.var.smin == i64::MIN {
            return Err(self
                .error(
                    ErrorKind::PointerArithmetic,
                    format!(
                        "math between {} pointer and a register with unbounded min value is not allowed",
                        kind.name()
                    ),
                )
                .with_hint("bound the offset first, e.g. `if (idx >= N) return ...;` with an unsigned index"));
        }
        if off.var.smin >= BPF_MAX_VAR_OFF || off.var.smin <= -BPF_MAX_VAR_OFF {
            return self.fail(
                ErrorKind::PointerArithmetic,
                format!(
                    "value {} makes {} pointer be out of bounds",
                    off.var.smin,
                    kind.name()
                ),
            );
        }
        Ok(())
    }

    /// `check_reg_sane_offset` for the pointer operand and the result.
    fn check_sane_ptr(&self, ptr: &Reg, kind: PtrKind) -> R<()> {
        let off = i64::from(ptr.off);
        if off >= BPF_MAX_VAR_OFF || off <= -BPF_MAX_VAR_OFF {
            return self.fail(
                ErrorKind::PointerArithmetic,
                format!("{} pointer offset {off} is not allowed", kind.name()),
            );
        }
        if ptr.var.smin == i64::MIN {
            return self.fail(
                ErrorKind::PointerArithmetic,
                format!(
                    "math between {} pointer and a register with unbounded min value is not allowed",
                    kind.name()
                ),
            );
        }
        if ptr.var.smin >= BPF_MAX_VAR_OFF || ptr.var.smin <= -BPF_MAX_VAR_OFF {
            return self.fail(
                ErrorKind::PointerArithmetic,
                format!(
                    "value {} makes {} pointer be out of bounds",
                    ptr.var.smin,
                    kind.name()
                ),
            );
        }
        Ok(())
    }

    /// Unprivileged programs may not even form a stack or map value pointer outside its
    /// object (the kernel's `sanitize_check_bounds`).
    fn check_unprivileged_bounds(&self, dst: IsaReg, ptr: &Reg, kind: PtrKind) -> R<()> {
        let lo = i64::from(ptr.off) + ptr.var.smin;
        let hi = i64::from(ptr.off) + ptr.var.smax;
        match kind {
            PtrKind::Stack { .. }
                if (!ptr.var.is_const()
                    || lo < -(sluice_abi::limits::MAX_BPF_STACK as i64)
                    || hi > 0) =>
            {
                return self.fail(
                    ErrorKind::PointerArithmetic,
                    format!(
                        "{dst}: stack pointer arithmetic goes out of range, prohibited for !root"
                    ),
                );
            }
            PtrKind::MapValue { map } => {
                let size = i64::from(self.maps[map as usize].value_size);
                if lo < 0 || hi >= size {
                    return self.fail(
                        ErrorKind::PointerArithmetic,
                        format!("{dst}: pointer arithmetic of map value goes out of range, prohibited for !root"),
                    );
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn fits_i32(value: i64) -> bool {
    i32::try_from(value).is_ok()
}

/// `map_value_or_null` and friends, for messages.
pub(crate) fn describe_kind(reg: &Reg) -> String {
    match reg.kind {
        RegKind::NotInit => "uninit".to_string(),
        RegKind::Scalar => "scalar".to_string(),
        RegKind::Ptr(kind) => {
            let mut name = kind.name().to_string();
            if reg.flags.contains(PtrFlags::RINGBUF) {
                name.push_str("_ringbuf");
            }
            if reg.maybe_null() {
                name.push_str("_or_null");
            }
            name
        }
    }
}
