//! Keeping the four ranges and the tnum consistent: the kernel's `reg_bounds_sync` and the
//! small helpers the transfer functions share (`__mark_reg_known`, `zext_32_to_64`, ...).
//!
//! Each deduction narrows a bound only by what every member of the set satisfies, so a
//! deduction never drops a member; on an empty set the bounds end up crossed, which
//! [`Scalar::is_empty`] reports.

use super::Scalar;
use crate::tnum::Tnum;

/// How many rounds of `reg_bounds_sync` [`Scalar::sync`] runs at most before it stops looking
/// for a fixed point. One or two rounds settle every case seen in practice.
const MAX_SYNC_ROUNDS: usize = 8;

impl Scalar {
    /// Tightens every range and the tnum from the others, repeating the kernel's
    /// `reg_bounds_sync` until nothing changes, so that syncing twice is syncing once.
    ///
    /// One round is: the ranges from the tnum (`__update_reg_bounds`); three rounds of
    /// `__reg_deduce_bounds` (32-bit from 64-bit, signed from unsigned and back in both widths,
    /// including ranges that cross the sign boundary, and 64-bit from 32-bit); the tnum from
    /// the ranges (`__reg_bound_offset`); the ranges from the tnum again.
    pub fn sync(&mut self) {
        for _ in 0..MAX_SYNC_ROUNDS {
            let before = *self;
            self.sync_round();
            if *self == before || self.is_empty() {
                return;
            }
        }
    }

    /// One `reg_bounds_sync`.
    fn sync_round(&mut self) {
        self.update_bounds();
        self.deduce_bounds();
        self.deduce_bounds();
        self.deduce_bounds();
        self.bound_offset();
        self.update_bounds();
    }

    /// `__update_reg_bounds`: both widths' ranges from the tnum.
    pub(super) fn update_bounds(&mut self) {
        self.update_bounds32();
        self.update_bounds64();
    }

    /// `__update_reg32_bounds`.
    pub(super) fn update_bounds32(&mut self) {
        let sub = self.var_off.subreg();
        let (value, mask) = (sub.value as u32, sub.mask as u32);
        // The smallest signed value has the sign bit set if it may be, the largest has it
        // clear if it may be.
        self.s32_min = self.s32_min.max((value | (mask & (1 << 31))) as i32);
        self.s32_max = self.s32_max.min((value | (mask & !(1 << 31))) as i32);
        self.u32_min = self.u32_min.max(value);
        self.u32_max = self.u32_max.min(value | mask);
    }

    /// `__update_reg64_bounds`.
    pub(super) fn update_bounds64(&mut self) {
        self.smin = self.smin.max(self.var_off.smin());
        self.smax = self.smax.min(self.var_off.smax());
        self.umin = self.umin.max(self.var_off.umin());
        self.umax = self.umax.min(self.var_off.umax());
    }

    /// `__reg_deduce_bounds`.
    fn deduce_bounds(&mut self) {
        self.deduce_bounds32();
        self.deduce_bounds64();
        self.deduce_mixed_bounds();
    }

    /// `__reg32_deduce_bounds`: the 32-bit ranges from the 64-bit ones, then signed and
    /// unsigned 32-bit from each other.
    fn deduce_bounds32(&mut self) {
        // If the upper 32 bits are the same across the u64 range, the low 32 bits form a range
        // of their own.
        if self.umin >> 32 == self.umax >> 32 {
            self.u32_min = self.u32_min.max(self.umin as u32);
            self.u32_max = self.u32_max.min(self.umax as u32);
            if (self.umin as i32) <= (self.umax as i32) {
                self.s32_min = self.s32_min.max(self.umin as i32);
                self.s32_max = self.s32_max.min(self.umax as i32);
            }
        }
        // Likewise across the s64 range.
        if self.smin >> 32 == self.smax >> 32 {
            if (self.smin as u32) <= (self.smax as u32) {
                self.u32_min = self.u32_min.max(self.smin as u32);
                self.u32_max = self.u32_max.min(self.smax as u32);
            }
            if (self.smin as i32) <= (self.smax as i32) {
                self.s32_min = self.s32_min.max(self.smin as i32);
                self.s32_max = self.s32_max.min(self.smax as i32);
            }
        }
        // The upper halves are two consecutive numbers and the low halves run from negative
        // to non-negative: the low halves still form an s32 range, e.g. s64 [-1, 1].
        if ((self.umin >> 32) as u32).wrapping_add(1) == (self.umax >> 32) as u32
            && (self.umin as i32) < 0
            && (self.umax as i32) >= 0
        {
            self.s32_min = self.s32_min.max(self.umin as i32);
            self.s32_max = self.s32_max.min(self.umax as i32);
        }
        if ((self.smin >> 32) as u32).wrapping_add(1) == (self.smax >> 32) as u32
            && (self.smin as i32) < 0
            && (self.smax as i32) >= 0
        {
            self.s32_min = self.s32_min.max(self.smin as i32);
            self.s32_max = self.s32_max.min(self.smax as i32);
        }
        // A u32 range on one side of the sign boundary is an s32 range too.
        if (self.u32_min as i32) <= (self.u32_max as i32) {
            self.s32_min = self.s32_min.max(self.u32_min as i32);
            self.s32_max = self.s32_max.min(self.u32_max as i32);
        }
        // And an s32 range that does not cross the sign boundary is a u32 range.
        if (self.s32_min as u32) <= (self.s32_max as u32) {
            self.u32_min = self.u32_min.max(self.s32_min as u32);
            self.u32_max = self.u32_max.min(self.s32_max as u32);
        } else if self.u32_max < self.s32_min as u32 {
            // The s32 range wraps from -1 to 0 and the u32 range meets only its non-negative
            // part.
            self.s32_min = self.u32_min as i32;
            self.u32_max = self.u32_max.min(self.s32_max as u32);
        } else if (self.s32_max as u32) < self.u32_min {
            // ... or only its negative part.
            self.s32_max = self.u32_max as i32;
            self.u32_min = self.u32_min.max(self.s32_min as u32);
        }
    }

    /// `__reg64_deduce_bounds`: signed and unsigned 64-bit from each other.
    fn deduce_bounds64(&mut self) {
        // A u64 range within one half of the number line is an s64 range too.
        if (self.umin as i64) <= (self.umax as i64) {
            self.smin = self.smin.max(self.umin as i64);
            self.smax = self.smax.min(self.umax as i64);
        }
        if (self.smin as u64) <= (self.smax as u64) {
            self.umin = self.umin.max(self.smin as u64);
            self.umax = self.umax.min(self.smax as u64);
        } else if self.umax < self.smin as u64 {
            // The s64 range wraps from -1 to 0 and the u64 range meets only its non-negative
            // part.
            self.smin = self.umin as i64;
            self.umax = self.umax.min(self.smax as u64);
        } else if (self.smax as u64) < self.umin {
            // ... or only its negative part.
            self.smax = self.umax as i64;
            self.umin = self.umin.max(self.smin as u64);
        }
    }

    /// `__reg_deduce_mixed_bounds`: the 64-bit ranges from the 32-bit ones.
    fn deduce_mixed_bounds(&mut self) {
        // The low 32 bits of the 64-bit bounds can be replaced by the 32-bit bounds when that
        // tightens them: a value above `umin` with the same upper half has its low half at least
        // `u32_min`, one with a larger upper half is larger anyway.
        const LOW: u64 = 0xffff_ffff;
        let new_umin = (self.umin & !LOW) | u64::from(self.u32_min);
        let new_umax = (self.umax & !LOW) | u64::from(self.u32_max);
        self.umin = self.umin.max(new_umin);
        self.umax = self.umax.min(new_umax);
        let new_smin = ((self.smin as u64 & !LOW) | u64::from(self.u32_min)) as i64;
        let new_smax = ((self.smax as u64 & !LOW) | u64::from(self.u32_max)) as i64;
        self.smin = self.smin.max(new_smin);
        self.smax = self.smax.min(new_smax);
        // Within [S32_MIN, S32_MAX] a value with a non-negative low half is that low half: a
        // negative one would have a negative low half too (the case after a sign-extending
        // load). The kernel assigns these bounds, which can undo a 64-bit bound the deductions
        // above just found; intersecting keeps it, and keeps every step of `sync` a narrowing.
        if self.s32_min >= 0 && self.smin >= i64::from(i32::MIN) && self.smax <= i64::from(i32::MAX)
        {
            self.smin = self.smin.max(i64::from(self.s32_min));
            self.smax = self.smax.min(i64::from(self.s32_max));
            self.umin = self.umin.max(self.s32_min as u64);
            self.umax = self.umax.min(self.s32_max as u64);
            self.var_off = self
                .var_off
                .intersect(Tnum::range(self.smin as u64, self.smax as u64));
        }
    }

    /// `__reg_bound_offset`: the tnum from the unsigned ranges.
    fn bound_offset(&mut self) {
        let var64 = self.var_off.intersect(Tnum::range(self.umin, self.umax));
        let var32 = var64.subreg().intersect(Tnum::range(
            u64::from(self.u32_min),
            u64::from(self.u32_max),
        ));
        self.var_off = var64.clear_subreg().or(var32);
    }

    /// `__mark_reg_known`: exactly `value`.
    pub(super) fn mark_known(&mut self, value: u64) {
        *self = Scalar::constant(value);
    }

    /// `__mark_reg32_known`: the low 32 bits are exactly `value`.
    pub(super) fn mark_known32(&mut self, value: u32) {
        self.var_off = self.var_off.const_subreg(value);
        self.s32_min = value as i32;
        self.s32_max = value as i32;
        self.u32_min = value;
        self.u32_max = value;
    }

    /// `__mark_reg64_unbounded`.
    pub(super) fn mark_unbounded64(&mut self) {
        self.smin = i64::MIN;
        self.smax = i64::MAX;
        self.umin = 0;
        self.umax = u64::MAX;
    }

    /// `__mark_reg32_unbounded`.
    pub(super) fn mark_unbounded32(&mut self) {
        self.s32_min = i32::MIN;
        self.s32_max = i32::MAX;
        self.u32_min = 0;
        self.u32_max = u32::MAX;
    }

    /// `zext_32_to_64`: the value becomes its low 32 bits, zero-extended; the 64-bit bounds
    /// come from the 32-bit ones (`__reg_assign_32_into_64`).
    pub(super) fn zext_32_to_64(&mut self) {
        self.var_off = self.var_off.subreg();
        self.umin = u64::from(self.u32_min);
        self.umax = u64::from(self.u32_max);
        if self.s32_min >= 0 && self.s32_max >= 0 {
            self.smin = i64::from(self.s32_min);
            self.smax = i64::from(self.s32_max);
        } else {
            self.smin = 0;
            self.smax = i64::from(u32::MAX);
        }
    }
}
