//! Tristate numbers: what is known about the bits of a 64-bit value.
//!
//! A [`Tnum`] is a pair `(value, mask)`: bits set in `mask` are unknown, the others equal the
//! bits of `value` (whose masked bits are always 0). The operations follow the kernel's
//! `kernel/bpf/tnum.c`: each result describes every value the operation can produce from any
//! pair of values its operands describe.
//!
//! Multiplication is the 6.18 long multiplication that takes the union of both outcomes for
//! every unknown multiplier bit. [`Tnum::bswap16`] and friends are the byte swaps later kernels
//! use for `BPF_END`.
//!
//! Invariant: `value & mask == 0`.

use std::fmt;

/// Known and unknown bits of a 64-bit value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tnum {
    /// The known bits (0 where unknown).
    pub value: u64,
    /// The unknown bits.
    pub mask: u64,
}

impl Tnum {
    /// Nothing known.
    pub const UNKNOWN: Tnum = Tnum {
        value: 0,
        mask: u64::MAX,
    };

    /// Exactly `value`.
    pub const fn constant(value: u64) -> Tnum {
        Tnum { value, mask: 0 }
    }

    /// A tnum from raw parts, clearing value bits that the mask says are unknown.
    pub const fn new(value: u64, mask: u64) -> Tnum {
        Tnum {
            value: value & !mask,
            mask,
        }
    }

    /// The smallest tnum holding every value in `min..=max` (`tnum_range`).
    pub fn range(min: u64, max: u64) -> Tnum {
        let chi = min ^ max;
        let bits = 64 - chi.leading_zeros();
        if bits > 63 {
            return Tnum::UNKNOWN;
        }
        let delta = (1u64 << bits) - 1;
        Tnum::new(min & !delta, delta)
    }

    /// Whether every bit is known.
    pub const fn is_const(self) -> bool {
        self.mask == 0
    }

    /// Whether no bit is known.
    pub const fn is_unknown(self) -> bool {
        self.mask == u64::MAX
    }

    /// The smallest value, unsigned.
    pub const fn umin(self) -> u64 {
        self.value
    }

    /// The largest value, unsigned.
    pub const fn umax(self) -> u64 {
        self.value | self.mask
    }

    /// The smallest value, signed: the sign bit set if it may be.
    pub const fn smin(self) -> i64 {
        (self.value | (self.mask & (1 << 63))) as i64
    }

    /// The largest value, signed: the sign bit clear if it may be.
    pub const fn smax(self) -> i64 {
        ((self.value | self.mask) & !(self.mask & (1 << 63))) as i64
    }

    /// `self << shift`; a shift of 64 or more gives 0 (the kernel never asks for one).
    pub const fn lshift(self, shift: u32) -> Tnum {
        if shift >= 64 {
            return Tnum::constant(0);
        }
        Tnum {
            value: self.value << shift,
            mask: self.mask << shift,
        }
    }

    /// `self >> shift`, logical; a shift of 64 or more gives 0.
    pub const fn rshift(self, shift: u32) -> Tnum {
        if shift >= 64 {
            return Tnum::constant(0);
        }
        Tnum {
            value: self.value >> shift,
            mask: self.mask >> shift,
        }
    }

    /// Arithmetic right shift of the low `bits` (32 or 64) bits; a 32-bit result is
    /// zero-extended to 64 bits (`tnum_arshift`). A shift of `bits` or more acts as `bits - 1`
    /// (every bit becomes a copy of the sign bit).
    pub const fn arshift(self, shift: u32, bits: u32) -> Tnum {
        let limit = if bits == 32 { 31 } else { 63 };
        let shift = if shift > limit { limit } else { shift };
        if bits == 32 {
            Tnum {
                value: ((self.value as i32) >> shift) as u32 as u64,
                mask: ((self.mask as i32) >> shift) as u32 as u64,
            }
        } else {
            Tnum {
                value: ((self.value as i64) >> shift) as u64,
                mask: ((self.mask as i64) >> shift) as u64,
            }
        }
    }

    /// `self + other` (`tnum_add`).
    pub const fn add(self, other: Tnum) -> Tnum {
        let sm = self.mask.wrapping_add(other.mask);
        let sv = self.value.wrapping_add(other.value);
        let sigma = sm.wrapping_add(sv);
        let chi = sigma ^ sv;
        let mu = chi | self.mask | other.mask;
        Tnum::new(sv, mu)
    }

    /// `self - other` (`tnum_sub`).
    pub const fn sub(self, other: Tnum) -> Tnum {
        let dv = self.value.wrapping_sub(other.value);
        let alpha = dv.wrapping_add(self.mask);
        let beta = dv.wrapping_sub(other.mask);
        let chi = alpha ^ beta;
        let mu = chi | self.mask | other.mask;
        Tnum::new(dv, mu)
    }

    /// `-self`.
    pub const fn neg(self) -> Tnum {
        Tnum::constant(0).sub(self)
    }

    /// `self & other`.
    pub const fn and(self, other: Tnum) -> Tnum {
        let alpha = self.value | self.mask;
        let beta = other.value | other.mask;
        let v = self.value & other.value;
        Tnum {
            value: v,
            mask: alpha & beta & !v,
        }
    }

    /// `self | other`.
    pub const fn or(self, other: Tnum) -> Tnum {
        let v = self.value | other.value;
        let mu = self.mask | other.mask;
        Tnum {
            value: v,
            mask: mu & !v,
        }
    }

    /// `self ^ other`.
    pub const fn xor(self, other: Tnum) -> Tnum {
        let v = self.value ^ other.value;
        let mu = self.mask | other.mask;
        Tnum {
            value: v & !mu,
            mask: mu,
        }
    }

    /// `self * other` (`tnum_mul`): long multiplication over the bits of `self`. A known 1 adds
    /// the shifted multiplicand; an unknown bit takes the union of adding it and not.
    pub const fn mul(self, other: Tnum) -> Tnum {
        let mut a = self;
        let mut b = other;
        let mut acc = Tnum::constant(0);
        while a.value != 0 || a.mask != 0 {
            if a.value & 1 != 0 {
                acc = acc.add(b);
            } else if a.mask & 1 != 0 {
                acc = acc.union(acc.add(b));
            }
            a = a.rshift(1);
            b = b.lshift(1);
        }
        acc
    }

    /// The values both describe (`tnum_intersect`); meaningful only when they share one.
    pub const fn intersect(self, other: Tnum) -> Tnum {
        let v = self.value | other.value;
        let mu = self.mask & other.mask;
        Tnum {
            value: v & !mu,
            mask: mu,
        }
    }

    /// Whether some value may be described by both: their common known bits agree
    /// (`tnum_overlap`).
    pub const fn overlaps(self, other: Tnum) -> bool {
        let known = !self.mask & !other.mask;
        self.value & known == other.value & known
    }

    /// A tnum holding every value of both (`tnum_union`).
    pub const fn union(self, other: Tnum) -> Tnum {
        let v = self.value & other.value;
        let mu = self.mask | other.mask | (self.value ^ other.value);
        Tnum {
            value: v & !mu,
            mask: mu,
        }
    }

    /// The low `size` bytes, zero-extended (`tnum_cast`).
    pub const fn cast(self, size: u32) -> Tnum {
        if size >= 8 {
            return self;
        }
        let keep = (1u64 << (size * 8)) - 1;
        Tnum {
            value: self.value & keep,
            mask: self.mask & keep,
        }
    }

    /// Whether every value is a multiple of `size` (`tnum_is_aligned`).
    pub const fn is_aligned(self, size: u64) -> bool {
        if size == 0 {
            return true;
        }
        (self.value | self.mask) & (size - 1) == 0
    }

    /// Whether every value `other` describes is one `self` describes (`tnum_in`).
    pub const fn contains(self, other: Tnum) -> bool {
        if other.mask & !self.mask != 0 {
            return false;
        }
        other.value & !self.mask == self.value
    }

    /// The low 32 bits, zero-extended (`tnum_subreg`).
    pub const fn subreg(self) -> Tnum {
        self.cast(4)
    }

    /// The high 32 bits, with the low 32 bits cleared (`tnum_clear_subreg`).
    pub const fn clear_subreg(self) -> Tnum {
        Tnum {
            value: self.value & !0xffff_ffff,
            mask: self.mask & !0xffff_ffff,
        }
    }

    /// The high 32 bits of `self` with the low 32 bits of `subreg` (`tnum_with_subreg`).
    pub const fn with_subreg(self, subreg: Tnum) -> Tnum {
        let low = subreg.subreg();
        let high = self.clear_subreg();
        Tnum {
            value: high.value | low.value,
            mask: high.mask | low.mask,
        }
    }

    /// The high 32 bits of `self` with the low 32 bits set to `value` (`tnum_const_subreg`).
    pub const fn const_subreg(self, value: u32) -> Tnum {
        self.with_subreg(Tnum::constant(value as u64))
    }

    /// Whether the low 32 bits are all known (`tnum_subreg_is_const`).
    pub const fn subreg_is_const(self) -> bool {
        self.mask as u32 == 0
    }

    /// The low 16 bits with their two bytes swapped, zero-extended (`tnum_bswap16`).
    pub const fn bswap16(self) -> Tnum {
        Tnum {
            value: (self.value as u16).swap_bytes() as u64,
            mask: (self.mask as u16).swap_bytes() as u64,
        }
    }

    /// The low 32 bits with their bytes reversed, zero-extended (`tnum_bswap32`).
    pub const fn bswap32(self) -> Tnum {
        Tnum {
            value: (self.value as u32).swap_bytes() as u64,
            mask: (self.mask as u32).swap_bytes() as u64,
        }
    }

    /// All eight bytes reversed (`tnum_bswap64`).
    pub const fn bswap64(self) -> Tnum {
        Tnum {
            value: self.value.swap_bytes(),
            mask: self.mask.swap_bytes(),
        }
    }

    /// Whether `value` is one of the values described.
    pub const fn has(self, value: u64) -> bool {
        value & !self.mask == self.value
    }
}

impl Default for Tnum {
    fn default() -> Tnum {
        Tnum::UNKNOWN
    }
}

impl fmt::Debug for Tnum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:#x}; {:#x})", self.value, self.mask)
    }
}

impl fmt::Display for Tnum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}
