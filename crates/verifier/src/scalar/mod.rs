//! [`Scalar`]: what the verifier knows about a number: a [`Tnum`] plus signed and unsigned
//! 64-bit and 32-bit ranges, kept consistent with each other.
//!
//! The domain and its transfer functions are the Linux kernel's (6.18, with the fixes that
//! 6.18's stable releases carry): the fields are those of `struct bpf_reg_state` for a
//! `SCALAR_VALUE`, [`Scalar::sync`] is `reg_bounds_sync`, [`Scalar::alu`] is
//! `adjust_scalar_min_max_vals`, and [`Scalar::is_branch_taken`] / [`Scalar::refine`] are
//! `is_scalar_branch_taken` / `regs_refine_cond_op`.
//!
//! Where Sluice knows more than 6.18, on purpose:
//! - two constants (for 32-bit operations, two constant low halves) always fold, division and
//!   modulo included;
//! - a 32-bit result 6.18 leaves unknown in all 64 bits (division, modulo, shifts by a
//!   non-constant) has its upper half known zero, as every 32-bit result does;
//! - byte swaps keep the bytes' known bits (as later kernels do) instead of forgetting them;
//! - [`Scalar::sync`] repeats `reg_bounds_sync` to a fixed point, and intersects where one
//!   deduction about sign-extended values assigns, so syncing never loosens a bound.
//!
//! A `Scalar` stands for the set of 64-bit values that lie in all four ranges and match the
//! tnum. Every operation is sound: its result holds every value the concrete operation can
//! produce from members of its operands. After [`Scalar::sync`] the ranges and the tnum are as
//! tight as the kernel's deductions make them; a set found empty shows up as an inverted range
//! ([`Scalar::is_empty`]).
//!
//! - `bounds`: the deductions between the ranges and the tnum (`reg_bounds_sync`).
//! - `alu`: binary arithmetic and negation.
//! - `cast`: truncation, sign extension, zero extension and byte swaps.
//! - `branch`: conditional jumps.

mod alu;
mod bounds;
mod branch;
mod cast;
#[cfg(test)]
mod tests;

use std::fmt;

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

    /// Any value whose upper 32 bits are zero: the result of a 32-bit operation nothing is
    /// known about.
    pub const UNKNOWN32: Scalar = Scalar {
        var_off: Tnum::new(0, u32::MAX as u64),
        smin: 0,
        smax: u32::MAX as i64,
        umin: 0,
        umax: u32::MAX as u64,
        s32_min: i32::MIN,
        s32_max: i32::MAX,
        u32_min: 0,
        u32_max: u32::MAX,
    };

    /// Exactly `value` (`__mark_reg_known`).
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

    /// Every value in `min..=max`, unsigned. Empty if `min > max`.
    pub fn unsigned_range(min: u64, max: u64) -> Scalar {
        let mut scalar = Scalar::UNKNOWN;
        scalar.umin = min;
        scalar.umax = max;
        scalar.sync();
        scalar
    }

    /// Every value in `min..=max`, signed. Empty if `min > max`.
    pub fn signed_range(min: i64, max: i64) -> Scalar {
        let mut scalar = Scalar::UNKNOWN;
        scalar.smin = min;
        scalar.smax = max;
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
        if self.var_off.subreg_is_const() {
            Some(self.var_off.value as u32)
        } else {
            None
        }
    }

    /// Whether there is exactly one value.
    pub const fn is_const(&self) -> bool {
        self.var_off.is_const()
    }

    /// Whether every value of `other` is a value of `self` (the kernel's `range_within` and
    /// `tnum_in`, as state pruning uses them).
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

    /// The smallest `Scalar` this domain has that holds every value of both, synced. (The kernel
    /// never joins scalars; this is for building states and for tests.)
    pub fn union(&self, other: &Scalar) -> Scalar {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        let mut joined = Scalar {
            var_off: self.var_off.union(other.var_off),
            smin: self.smin.min(other.smin),
            smax: self.smax.max(other.smax),
            umin: self.umin.min(other.umin),
            umax: self.umax.max(other.umax),
            s32_min: self.s32_min.min(other.s32_min),
            s32_max: self.s32_max.max(other.s32_max),
            u32_min: self.u32_min.min(other.u32_min),
            u32_max: self.u32_max.max(other.u32_max),
        };
        joined.sync();
        joined
    }

    /// Whether the bounds contradict each other, so that no value fits: the checks of the
    /// kernel's `reg_bounds_sanity_check`. Meaningful after [`Scalar::sync`]; an empty set
    /// that the deductions cannot see through may still answer `false`.
    pub fn is_empty(&self) -> bool {
        if self.umin > self.umax
            || self.smin > self.smax
            || self.u32_min > self.u32_max
            || self.s32_min > self.s32_max
            || self.var_off.value & self.var_off.mask != 0
        {
            return true;
        }
        if let Some(value) = self.const_value()
            && (self.umin != value
                || self.umax != value
                || self.smin != value as i64
                || self.smax != value as i64)
        {
            return true;
        }
        if let Some(value) = self.const_value32()
            && (self.u32_min != value
                || self.u32_max != value
                || self.s32_min != value as i32
                || self.s32_max != value as i32)
        {
            return true;
        }
        false
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

/// The kernel's `verbose_snum`: decimal for small magnitudes, hex otherwise.
fn write_snum(f: &mut fmt::Formatter<'_>, value: i64) -> fmt::Result {
    if (i64::from(i16::MIN)..=i64::from(i16::MAX)).contains(&value) {
        write!(f, "{value}")
    } else {
        write!(f, "{:#x}", value as u64)
    }
}

/// The kernel's `verbose_unum`: decimal up to `u16::MAX`, hex above.
fn write_unum(f: &mut fmt::Formatter<'_>, value: u64) -> fmt::Result {
    if value <= u64::from(u16::MAX) {
        write!(f, "{value}")
    } else {
        write!(f, "{value:#x}")
    }
}

/// The kernel's verifier-log form: a constant as its value (`verbose_snum`), otherwise
/// `scalar(...)` with the bounds that differ from "anything", equal ones merged as in
/// `smax=umax=255`, then the tnum unless it is unknown.
impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(value) = self.const_value() {
            return write_snum(f, value as i64);
        }
        // 32-bit signed bounds are shown sign-extended when they print as decimals and as
        // their 32-bit pattern when they print in hex, as the kernel does.
        let s32 = |value: i32| {
            let wide = i64::from(value);
            if (i64::from(i16::MIN)..=i64::from(i16::MAX)).contains(&wide) {
                wide as u64
            } else {
                u64::from(value as u32)
            }
        };
        let mut bounds = [
            ("smin", self.smin as u64, self.smin == i64::MIN),
            ("smax", self.smax as u64, self.smax == i64::MAX),
            ("umin", self.umin, self.umin == 0),
            ("umax", self.umax, self.umax == u64::MAX),
            ("smin32", s32(self.s32_min), self.s32_min == i32::MIN),
            ("smax32", s32(self.s32_max), self.s32_max == i32::MAX),
            ("umin32", u64::from(self.u32_min), self.u32_min == 0),
            ("umax32", u64::from(self.u32_max), self.u32_max == u32::MAX),
        ];
        let negative = |name: &str, value: u64| name.starts_with('s') && (value as i64) < 0;
        f.write_str("scalar(")?;
        let mut sep = "";
        for i in 0..bounds.len() {
            let (name, value, omit) = bounds[i];
            if omit {
                continue;
            }
            write!(f, "{sep}{name}=")?;
            sep = ",";
            for other in bounds.iter_mut().skip(i + 2).step_by(2) {
                if other.2
                    || other.1 != value
                    || negative(other.0, other.1) != negative(name, value)
                {
                    continue;
                }
                other.2 = true;
                write!(f, "{}=", other.0)?;
            }
            if name.starts_with('s') {
                write_snum(f, value as i64)?;
            } else {
                write_unum(f, value)?;
            }
        }
        if !self.var_off.is_unknown() {
            write!(f, "{sep}var_off={}", self.var_off)?;
        }
        f.write_str(")")
    }
}
