//! [`Scalar`]: what the verifier knows about a number: a [`Tnum`] plus signed and unsigned
//! 64-bit and 32-bit ranges, kept consistent with each other.
//!
//! Invariant after [`Scalar::sync`]: every range and the tnum describe the same set of values
//! as tightly as their shapes allow, and the set is not empty.
//!
//! (Provisional implementation: sound but imprecise. The precise transfer functions follow the
//! kernel's `adjust_scalar_min_max_vals` and `reg_set_min_max`.)

use std::fmt;

use sluice_isa::{AluOp, Endian, JmpCond, Width, semantics};

use crate::tnum::Tnum;

/// A set of 64-bit values: known bits and four ranges.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scalar {
    pub var_off: Tnum,
    pub smin: i64,
    pub smax: i64,
    pub umin: u64,
    pub umax: u64,
    pub s32_min: i32,
    pub s32_max: i32,
    pub u32_min: u32,
    pub u32_max: u32,
}

impl Scalar {
    /// Any value.
    pub const UNKNOWN: Scalar = Scalar {
        var_off: Tnum::UNKNOWN,
        smin: i64::MIN,
        smax: i64::MAX,
        umin: 0,
        umax: u64::MAX,
        s32_min: i32::MIN,
        s32_max: i32::MAX,
        u32_min: 0,
        u32_max: u32::MAX,
    };

    /// Exactly `value`.
    pub const fn constant(value: u64) -> Scalar {
        Scalar {
            var_off: Tnum::constant(value),
            smin: value as i64,
            smax: value as i64,
            umin: value,
            umax: value,
            s32_min: value as i32,
            s32_max: value as i32,
            u32_min: value as u32,
            u32_max: value as u32,
        }
    }

    /// Every value in `min..=max`, unsigned.
    pub fn unsigned_range(min: u64, max: u64) -> Scalar {
        let mut scalar = Scalar::UNKNOWN;
        scalar.umin = min;
        scalar.umax = max;
        scalar.var_off = Tnum::range(min, max);
        scalar.sync();
        scalar
    }

    /// The values a tnum describes.
    pub fn from_tnum(var_off: Tnum) -> Scalar {
        let mut scalar = Scalar::UNKNOWN;
        scalar.var_off = var_off;
        scalar.sync();
        scalar
    }

    /// The value, if there is exactly one.
    pub const fn const_value(&self) -> Option<u64> {
        if self.var_off.is_const() {
            Some(self.var_off.value)
        } else {
            None
        }
    }

    /// The low 32 bits, if they are known.
    pub const fn const_value32(&self) -> Option<u32> {
        if self.var_off.subreg().is_const() {
            Some(self.var_off.value as u32)
        } else {
            None
        }
    }

    /// Whether there is exactly one value.
    pub const fn is_const(&self) -> bool {
        self.var_off.is_const()
    }

    /// Whether every value of `other` is a value of `self`.
    pub fn contains(&self, other: &Scalar) -> bool {
        self.umin <= other.umin
            && other.umax <= self.umax
            && self.smin <= other.smin
            && other.smax <= self.smax
            && self.u32_min <= other.u32_min
            && other.u32_max <= self.u32_max
            && self.s32_min <= other.s32_min
            && other.s32_max <= self.s32_max
            && self.var_off.contains(other.var_off)
    }

    /// Whether `value` is one of the values.
    pub fn has(&self, value: u64) -> bool {
        self.var_off.has(value)
            && (self.umin..=self.umax).contains(&value)
            && (self.smin..=self.smax).contains(&(value as i64))
            && (self.u32_min..=self.u32_max).contains(&(value as u32))
            && (self.s32_min..=self.s32_max).contains(&(value as i32))
    }

    /// Tightens every range and the tnum from the others (`reg_bounds_sync`).
    pub fn sync(&mut self) {
        // Tnum -> ranges.
        self.umin = self.umin.max(self.var_off.umin());
        self.umax = self.umax.min(self.var_off.umax());
        self.smin = self.smin.max(self.var_off.smin());
        self.smax = self.smax.min(self.var_off.smax());
        let sub = self.var_off.subreg();
        self.u32_min = self.u32_min.max(sub.umin() as u32);
        self.u32_max = self.u32_max.min(sub.umax() as u32);
        // Unsigned and signed agree when the range does not cross the sign boundary.
        if (self.umin as i64) <= (self.umax as i64) {
            self.smin = self.smin.max(self.umin as i64);
            self.smax = self.smax.min(self.umax as i64);
        }
        if (self.smin as u64) <= (self.smax as u64) {
            self.umin = self.umin.max(self.smin as u64);
            self.umax = self.umax.min(self.smax as u64);
        }
        self.var_off = self.var_off.intersect(Tnum::range(self.umin, self.umax));
        if self.umax <= u64::from(u32::MAX) {
            self.u32_min = self.u32_min.max(self.umin as u32);
            self.u32_max = self.u32_max.min(self.umax as u32);
        }
        if (self.u32_min as i32) <= (self.u32_max as i32) {
            self.s32_min = self.s32_min.max(self.u32_min as i32);
            self.s32_max = self.s32_max.min(self.u32_max as i32);
        }
    }

    /// `dst OP src` for every binary operation except `Mov`.
    pub fn alu(op: AluOp, width: Width, dst: &Scalar, src: &Scalar) -> Scalar {
        if let (Some(a), Some(b)) = (dst.const_value(), src.const_value()) {
            return Scalar::constant(semantics::alu(op, width, a, b));
        }
        let result = match op {
            AluOp::Add => dst.var_off.add(src.var_off),
            AluOp::Sub => dst.var_off.sub(src.var_off),
            AluOp::And => dst.var_off.and(src.var_off),
            AluOp::Or => dst.var_off.or(src.var_off),
            AluOp::Xor => dst.var_off.xor(src.var_off),
            _ => Tnum::UNKNOWN,
        };
        let result = if width == Width::W32 {
            result.subreg()
        } else {
            result
        };
        Scalar::from_tnum(result)
    }

    /// `-dst`.
    pub fn neg(width: Width, dst: &Scalar) -> Scalar {
        Scalar::alu(AluOp::Sub, width, &Scalar::constant(0), dst)
    }

    /// A byte-order conversion of the low `bits` bits.
    pub fn endian(kind: Endian, bits: u8, dst: &Scalar) -> Scalar {
        if let Some(value) = dst.const_value() {
            let swapped = match (kind, bits) {
                (Endian::ToLe, 16) => value & 0xffff,
                (Endian::ToLe, 32) => value & 0xffff_ffff,
                (Endian::ToLe, _) => value,
                (_, 16) => u64::from((value as u16).swap_bytes()),
                (_, 32) => u64::from((value as u32).swap_bytes()),
                (_, _) => value.swap_bytes(),
            };
            return Scalar::constant(swapped);
        }
        match bits {
            16 => Scalar::unsigned_range(0, 0xffff),
            32 => Scalar::unsigned_range(0, 0xffff_ffff),
            _ => Scalar::UNKNOWN,
        }
    }

    /// `dst = (sN) src` for `bits` 8, 16 or 32.
    pub fn movsx(width: Width, bits: u8, src: &Scalar) -> Scalar {
        let extended = src.sign_extend(u32::from(bits) / 8);
        if width == Width::W32 {
            extended.zext32()
        } else {
            extended
        }
    }

    /// The low 32 bits, zero-extended.
    pub fn zext32(&self) -> Scalar {
        self.truncate(4)
    }

    /// The low `size` bytes, zero-extended (`coerce_reg_to_size`).
    pub fn truncate(&self, size: u32) -> Scalar {
        if size >= 8 {
            return *self;
        }
        let max = (1u64 << (size * 8)) - 1;
        if self.umax <= max {
            return *self;
        }
        Scalar::from_tnum(self.var_off.cast(size))
    }

    /// The low `size` bytes, sign-extended (`coerce_reg_to_size_sx`).
    pub fn sign_extend(&self, size: u32) -> Scalar {
        if let Some(value) = self.const_value() {
            let shift = 64 - size * 8;
            return Scalar::constant((((value << shift) as i64) >> shift) as u64);
        }
        let bits = size * 8;
        let min = -(1i64 << (bits - 1));
        let max = (1i64 << (bits - 1)) - 1;
        let mut scalar = Scalar::UNKNOWN;
        scalar.smin = min;
        scalar.smax = max;
        scalar.sync();
        scalar
    }

    /// Whether `dst COND src` is always true (`Some(true)`), always false, or either.
    pub fn is_branch_taken(
        cond: JmpCond,
        width: Width,
        dst: &Scalar,
        src: &Scalar,
    ) -> Option<bool> {
        let (a, b) = match width {
            Width::W64 => (dst.const_value()?, src.const_value()?),
            Width::W32 => (
                u64::from(dst.const_value32()?),
                u64::from(src.const_value32()?),
            ),
        };
        Some(semantics::cond(cond, width, a, b))
    }

    /// Narrows `dst` and `src` to the values for which `dst COND src` is `taken`. Returns
    /// `false` when no such values exist (the branch cannot happen).
    pub fn refine(
        cond: JmpCond,
        width: Width,
        taken: bool,
        dst: &mut Scalar,
        src: &mut Scalar,
    ) -> bool {
        if let Some(outcome) = Scalar::is_branch_taken(cond, width, dst, src) {
            return outcome == taken;
        }
        let equal = matches!((cond, taken), (JmpCond::Eq, true) | (JmpCond::Ne, false));
        if equal && width == Width::W64 {
            if let Some(value) = src.const_value() {
                if !dst.has(value) {
                    return false;
                }
                *dst = Scalar::constant(value);
            } else if let Some(value) = dst.const_value() {
                if !src.has(value) {
                    return false;
                }
                *src = Scalar::constant(value);
            }
        }
        true
    }
}

impl Default for Scalar {
    fn default() -> Scalar {
        Scalar::UNKNOWN
    }
}

impl fmt::Debug for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(value) = self.const_value() {
            return write!(f, "{}", value as i64);
        }
        let mut parts = Vec::new();
        if self.smin != i64::MIN {
            parts.push(format!("smin={}", self.smin));
        }
        if self.smax != i64::MAX {
            parts.push(format!("smax={}", self.smax));
        }
        if self.umin != 0 {
            parts.push(format!("umin={}", self.umin));
        }
        if self.umax != u64::MAX {
            parts.push(format!("umax={}", self.umax));
        }
        if self.s32_min != i32::MIN {
            parts.push(format!("smin32={}", self.s32_min));
        }
        if self.s32_max != i32::MAX {
            parts.push(format!("smax32={}", self.s32_max));
        }
        if self.u32_min != 0 {
            parts.push(format!("umin32={}", self.u32_min));
        }
        if self.u32_max != u32::MAX {
            parts.push(format!("umax32={}", self.u32_max));
        }
        if !self.var_off.is_unknown() {
            parts.push(format!("var_off={}", self.var_off));
        }
        write!(f, "scalar({})", parts.join(","))
    }
}
