//! Binary arithmetic and negation: the kernel's `adjust_scalar_min_max_vals` with its
//! `scalar{32,}_min_max_*` helpers.
//!
//! Add, sub, mul, and, or and xor track both widths at once, each range from the operands'
//! ranges of the same width and the tnum from the tnums. Shifts need a constant amount below
//! the width and track the width they operate on. Division and modulo are not tracked (6.18
//! marks the result unknown), except that two constants fold. Every 32-bit result is then
//! zero-extended into the 64-bit bounds.

use sluice_isa::{AluOp, Width, semantics};

use super::Scalar;

impl Scalar {
    /// `dst OP src`, for every binary operation (`Mov` gives `src`, zero-extended for `W32`).
    ///
    /// Beyond 6.18: two constants (for `W32`, two constant low halves) always fold, division
    /// and modulo included; and a `W32` result the kernel would leave unknown in all 64 bits
    /// (division, modulo, shifts by a non-constant) has its upper half known zero, as every
    /// 32-bit result does.
    pub fn alu(op: AluOp, width: Width, dst: &Scalar, src: &Scalar) -> Scalar {
        let w32 = width == Width::W32;
        if op == AluOp::Mov {
            return if w32 { src.zext32() } else { *src };
        }
        let folded = match width {
            Width::W64 => dst.const_value().zip(src.const_value()),
            Width::W32 => dst
                .const_value32()
                .zip(src.const_value32())
                .map(|(a, b)| (u64::from(a), u64::from(b))),
        };
        if let Some((a, b)) = folded {
            return Scalar::constant(semantics::alu(op, width, a, b));
        }
        if !safe_to_compute(op, width, src) {
            return Scalar::unknown(width);
        }

        let mut d = *dst;
        match op {
            AluOp::Add => {
                d.add32(src);
                d.add64(src);
                d.var_off = dst.var_off.add(src.var_off);
            }
            AluOp::Sub => {
                d.sub32(src);
                d.sub64(src);
                d.var_off = dst.var_off.sub(src.var_off);
            }
            AluOp::Mul => {
                d.var_off = dst.var_off.mul(src.var_off);
                d.mul32(src);
                d.mul64(src);
            }
            AluOp::And => {
                d.var_off = dst.var_off.and(src.var_off);
                d.and32(src);
                d.and64(src);
            }
            AluOp::Or => {
                d.var_off = dst.var_off.or(src.var_off);
                d.or32(src);
                d.or64(src);
            }
            AluOp::Xor => {
                d.var_off = dst.var_off.xor(src.var_off);
                d.xor32(src);
                d.xor64(src);
            }
            AluOp::Lsh if w32 => d.lsh32(src),
            AluOp::Lsh => d.lsh64(src),
            AluOp::Rsh if w32 => d.rsh32(src),
            AluOp::Rsh => d.rsh64(src),
            AluOp::Arsh if w32 => d.arsh32(src),
            AluOp::Arsh => d.arsh64(src),
            // Division and modulo never pass `safe_to_compute`, `Mov` returned above.
            AluOp::Div | AluOp::SDiv | AluOp::Mod | AluOp::SMod | AluOp::Mov => {
                return Scalar::unknown(width);
            }
        }
        if w32 {
            d.zext_32_to_64();
        }
        d.sync();
        d
    }

    /// `-dst` (`BPF_NEG`: `0 - dst` on the ranges, `tnum_neg` on the bits).
    pub fn neg(width: Width, dst: &Scalar) -> Scalar {
        match width {
            Width::W64 => {
                if let Some(value) = dst.const_value() {
                    return Scalar::constant(value.wrapping_neg());
                }
            }
            Width::W32 => {
                if let Some(value) = dst.const_value32() {
                    return Scalar::constant(u64::from(value.wrapping_neg()));
                }
            }
        }
        let mut d = Scalar::constant(0);
        d.sub32(dst);
        d.sub64(dst);
        d.var_off = dst.var_off.neg();
        if width == Width::W32 {
            d.zext_32_to_64();
        }
        d.sync();
        d
    }

    /// Nothing known about a result of this width.
    pub(super) const fn unknown(width: Width) -> Scalar {
        match width {
            Width::W64 => Scalar::UNKNOWN,
            Width::W32 => Scalar::UNKNOWN32,
        }
    }

    fn add32(&mut self, src: &Scalar) {
        match (
            self.s32_min.checked_add(src.s32_min),
            self.s32_max.checked_add(src.s32_max),
        ) {
            (Some(min), Some(max)) => (self.s32_min, self.s32_max) = (min, max),
            _ => (self.s32_min, self.s32_max) = (i32::MIN, i32::MAX),
        }
        // If every sum wraps, or none does, the bounds stay in order.
        let (min, min_wraps) = self.u32_min.overflowing_add(src.u32_min);
        let (max, max_wraps) = self.u32_max.overflowing_add(src.u32_max);
        if !min_wraps && max_wraps {
            (self.u32_min, self.u32_max) = (0, u32::MAX);
        } else {
            (self.u32_min, self.u32_max) = (min, max);
        }
    }

    fn add64(&mut self, src: &Scalar) {
        match (
            self.smin.checked_add(src.smin),
            self.smax.checked_add(src.smax),
        ) {
            (Some(min), Some(max)) => (self.smin, self.smax) = (min, max),
            _ => (self.smin, self.smax) = (i64::MIN, i64::MAX),
        }
        let (min, min_wraps) = self.umin.overflowing_add(src.umin);
        let (max, max_wraps) = self.umax.overflowing_add(src.umax);
        if !min_wraps && max_wraps {
            (self.umin, self.umax) = (0, u64::MAX);
        } else {
            (self.umin, self.umax) = (min, max);
        }
    }

    fn sub32(&mut self, src: &Scalar) {
        match (
            self.s32_min.checked_sub(src.s32_max),
            self.s32_max.checked_sub(src.s32_min),
        ) {
            (Some(min), Some(max)) => (self.s32_min, self.s32_max) = (min, max),
            _ => (self.s32_min, self.s32_max) = (i32::MIN, i32::MAX),
        }
        // If every difference wraps, or none does, the bounds stay in order.
        let (min, min_wraps) = self.u32_min.overflowing_sub(src.u32_max);
        let (max, max_wraps) = self.u32_max.overflowing_sub(src.u32_min);
        if min_wraps && !max_wraps {
            (self.u32_min, self.u32_max) = (0, u32::MAX);
        } else {
            (self.u32_min, self.u32_max) = (min, max);
        }
    }

    fn sub64(&mut self, src: &Scalar) {
        match (
            self.smin.checked_sub(src.smax),
            self.smax.checked_sub(src.smin),
        ) {
            (Some(min), Some(max)) => (self.smin, self.smax) = (min, max),
            _ => (self.smin, self.smax) = (i64::MIN, i64::MAX),
        }
        let (min, min_wraps) = self.umin.overflowing_sub(src.umax);
        let (max, max_wraps) = self.umax.overflowing_sub(src.umin);
        if min_wraps && !max_wraps {
            (self.umin, self.umax) = (0, u64::MAX);
        } else {
            (self.umin, self.umax) = (min, max);
        }
    }

    fn mul32(&mut self, src: &Scalar) {
        match (
            self.u32_max.checked_mul(src.u32_max),
            self.u32_min.checked_mul(src.u32_min),
        ) {
            (Some(max), Some(min)) => (self.u32_min, self.u32_max) = (min, max),
            _ => (self.u32_min, self.u32_max) = (0, u32::MAX),
        }
        let products = [
            self.s32_min.checked_mul(src.s32_min),
            self.s32_min.checked_mul(src.s32_max),
            self.s32_max.checked_mul(src.s32_min),
            self.s32_max.checked_mul(src.s32_max),
        ];
        match products {
            [Some(a), Some(b), Some(c), Some(d)] => {
                self.s32_min = a.min(b).min(c).min(d);
                self.s32_max = a.max(b).max(c).max(d);
            }
            _ => (self.s32_min, self.s32_max) = (i32::MIN, i32::MAX),
        }
    }

    fn mul64(&mut self, src: &Scalar) {
        match (
            self.umax.checked_mul(src.umax),
            self.umin.checked_mul(src.umin),
        ) {
            (Some(max), Some(min)) => (self.umin, self.umax) = (min, max),
            _ => (self.umin, self.umax) = (0, u64::MAX),
        }
        let products = [
            self.smin.checked_mul(src.smin),
            self.smin.checked_mul(src.smax),
            self.smax.checked_mul(src.smin),
            self.smax.checked_mul(src.smax),
        ];
        match products {
            [Some(a), Some(b), Some(c), Some(d)] => {
                self.smin = a.min(b).min(c).min(d);
                self.smax = a.max(b).max(c).max(d);
            }
            _ => (self.smin, self.smax) = (i64::MIN, i64::MAX),
        }
    }

    /// The s32 bounds from the u32 ones when those stay on one side of the sign boundary,
    /// otherwise unbounded (the tail of the bitwise 32-bit helpers).
    fn s32_from_u32(&mut self) {
        if (self.u32_min as i32) <= (self.u32_max as i32) {
            (self.s32_min, self.s32_max) = (self.u32_min as i32, self.u32_max as i32);
        } else {
            (self.s32_min, self.s32_max) = (i32::MIN, i32::MAX);
        }
    }

    /// The 64-bit counterpart of [`Scalar::s32_from_u32`], then the ranges from the tnum.
    fn s64_from_u64(&mut self) {
        if (self.umin as i64) <= (self.umax as i64) {
            (self.smin, self.smax) = (self.umin as i64, self.umax as i64);
        } else {
            (self.smin, self.smax) = (i64::MIN, i64::MAX);
        }
        self.update_bounds();
    }

    // The bitwise helpers run after `var_off` holds the result's tnum.

    fn and32(&mut self, src: &Scalar) {
        let sub = self.var_off.subreg();
        if src.var_off.subreg_is_const() && sub.is_const() {
            self.mark_known32(sub.value as u32);
            return;
        }
        // The minimum is bitwise; the maximum is at most either operand's.
        self.u32_min = sub.value as u32;
        self.u32_max = self.u32_max.min(src.u32_max);
        self.s32_from_u32();
    }

    fn and64(&mut self, src: &Scalar) {
        if src.var_off.is_const() && self.var_off.is_const() {
            self.mark_known(self.var_off.value);
            return;
        }
        self.umin = self.var_off.umin();
        self.umax = self.umax.min(src.umax);
        self.s64_from_u64();
    }

    fn or32(&mut self, src: &Scalar) {
        let sub = self.var_off.subreg();
        if src.var_off.subreg_is_const() && sub.is_const() {
            self.mark_known32(sub.value as u32);
            return;
        }
        // The maximum is bitwise; the minimum is at least either operand's.
        self.u32_min = self.u32_min.max(src.u32_min);
        self.u32_max = sub.umax() as u32;
        self.s32_from_u32();
    }

    fn or64(&mut self, src: &Scalar) {
        if src.var_off.is_const() && self.var_off.is_const() {
            self.mark_known(self.var_off.value);
            return;
        }
        self.umin = self.umin.max(src.umin);
        self.umax = self.var_off.umax();
        self.s64_from_u64();
    }

    fn xor32(&mut self, src: &Scalar) {
        let sub = self.var_off.subreg();
        if src.var_off.subreg_is_const() && sub.is_const() {
            self.mark_known32(sub.value as u32);
            return;
        }
        // Both bounds are bitwise.
        self.u32_min = sub.umin() as u32;
        self.u32_max = sub.umax() as u32;
        self.s32_from_u32();
    }

    fn xor64(&mut self, src: &Scalar) {
        if src.var_off.is_const() && self.var_off.is_const() {
            self.mark_known(self.var_off.value);
            return;
        }
        self.umin = self.var_off.umin();
        self.umax = self.var_off.umax();
        self.s64_from_u64();
    }

    /// `__scalar32_min_max_lsh`: the 32-bit ranges of `self << [min, max]`.
    fn lsh32_ranges(&mut self, min: u64, max: u64) {
        // Every sign bit information is lost, except what the tnum keeps.
        (self.s32_min, self.s32_max) = (i32::MIN, i32::MAX);
        if max > 31 || u64::from(self.u32_max) > 1 << (31 - max) {
            // The top bit may be shifted out.
            (self.u32_min, self.u32_max) = (0, u32::MAX);
        } else {
            self.u32_min <<= min;
            self.u32_max <<= max;
        }
    }

    fn lsh32(&mut self, src: &Scalar) {
        let (min, max) = (u64::from(src.u32_min), u64::from(src.u32_max));
        let sub = self.var_off.subreg();
        self.lsh32_ranges(min, max);
        self.var_off = sub.lshift(min as u32).subreg();
        self.mark_unbounded64();
        self.update_bounds32();
    }

    fn lsh64(&mut self, src: &Scalar) {
        let (min, max) = (src.umin, src.umax);
        // `<< 32` is how compilers sign-extend a subregister (then `s>> 32`): a non-negative
        // s32 range stays ordered. This reads the 32-bit bounds before they are shifted.
        if min == 32 && max == 32 && self.s32_max >= 0 {
            self.smax = i64::from(self.s32_max) << 32;
        } else {
            self.smax = i64::MAX;
        }
        if min == 32 && max == 32 && self.s32_min >= 0 {
            self.smin = i64::from(self.s32_min) << 32;
        } else {
            self.smin = i64::MIN;
        }
        if self.umax > 1 << (63 - max) {
            (self.umin, self.umax) = (0, u64::MAX);
        } else {
            self.umin <<= min;
            self.umax <<= max;
        }
        self.lsh32_ranges(min, max);
        self.var_off = self.var_off.lshift(min as u32);
        self.update_bounds();
    }

    fn rsh32(&mut self, src: &Scalar) {
        let (min, max) = (src.u32_min, src.u32_max);
        // A logical shift: the signed bounds follow from the unsigned ones and the tnum.
        (self.s32_min, self.s32_max) = (i32::MIN, i32::MAX);
        self.var_off = self.var_off.subreg().rshift(min);
        self.u32_min >>= max;
        self.u32_max >>= min;
        self.mark_unbounded64();
        self.update_bounds32();
    }

    fn rsh64(&mut self, src: &Scalar) {
        let (min, max) = (src.umin, src.umax);
        (self.smin, self.smax) = (i64::MIN, i64::MAX);
        self.var_off = self.var_off.rshift(min as u32);
        self.umin >>= max;
        self.umax >>= min;
        // The low half depends on the bits shifted in: take it from the tnum.
        self.mark_unbounded32();
        self.update_bounds();
    }

    fn arsh32(&mut self, src: &Scalar) {
        // The amount is a constant here.
        let shift = src.u32_min;
        self.s32_min >>= shift;
        self.s32_max >>= shift;
        self.var_off = self.var_off.subreg().arshift(shift, 32);
        (self.u32_min, self.u32_max) = (0, u32::MAX);
        self.mark_unbounded64();
        self.update_bounds32();
    }

    fn arsh64(&mut self, src: &Scalar) {
        let shift = src.umin as u32;
        self.smin >>= shift;
        self.smax >>= shift;
        self.var_off = self.var_off.arshift(shift, 64);
        (self.umin, self.umax) = (0, u64::MAX);
        self.mark_unbounded32();
        self.update_bounds();
    }
}

/// `is_safe_to_compute_dst_reg_range`: whether the kernel tracks `dst OP src` at all. Shifts
/// need a constant amount below the width (the 64-bit `umax` is what the kernel compares, for
/// both widths); division and modulo are never tracked.
fn safe_to_compute(op: AluOp, width: Width, src: &Scalar) -> bool {
    match op {
        AluOp::Add | AluOp::Sub | AluOp::Mul | AluOp::And | AluOp::Or | AluOp::Xor => true,
        AluOp::Lsh | AluOp::Rsh | AluOp::Arsh => {
            let (src_const, bits) = match width {
                Width::W32 => (
                    src.var_off.subreg_is_const()
                        && src.s32_min == src.s32_max
                        && src.u32_min == src.u32_max,
                    32,
                ),
                Width::W64 => (
                    src.var_off.is_const() && src.smin == src.smax && src.umin == src.umax,
                    64,
                ),
            };
            src_const && src.umax < bits
        }
        AluOp::Div | AluOp::SDiv | AluOp::Mod | AluOp::SMod | AluOp::Mov => false,
    }
}
