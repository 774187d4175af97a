//! Width changes: truncation (`coerce_reg_to_size`), sign extension (`coerce_reg_to_size_sx`,
//! `coerce_subreg_to_size_sx`), zero extension of the low half (`zext_32_to_64`) and byte
//! swaps (`BPF_END`).

use sluice_isa::{Endian, Width};

use super::Scalar;
use crate::tnum::Tnum;

/// `value`'s low `bits` bits, sign-extended to 64 bits.
fn sext(value: u64, bits: u32) -> i64 {
    let shift = 64 - bits;
    ((value << shift) as i64) >> shift
}

impl Scalar {
    /// The low 32 bits, zero-extended (`w1 = w2`: `zext_32_to_64`, then `reg_bounds_sync`).
    pub fn zext32(&self) -> Scalar {
        let mut scalar = *self;
        scalar.zext_32_to_64();
        scalar.sync();
        scalar
    }

    /// The low `size` bytes, zero-extended (`coerce_reg_to_size`, as loads of 1, 2 or 4 bytes
    /// do). A size of 8 or more changes nothing.
    pub fn truncate(&self, size: u32) -> Scalar {
        let mut scalar = *self;
        if size < 8 {
            let mask = (1u64 << (size * 8)) - 1;
            scalar.var_off = scalar.var_off.cast(size);
            // The unsigned range survives if the bits cut off are the same throughout it.
            if scalar.umin & !mask == scalar.umax & !mask {
                scalar.umin &= mask;
                scalar.umax &= mask;
            } else {
                (scalar.umin, scalar.umax) = (0, mask);
            }
            (scalar.smin, scalar.smax) = (scalar.umin as i64, scalar.umax as i64);
            // Below 4 bytes the low half is cut too; its bounds come back from the 64-bit ones.
            if size < 4 {
                scalar.mark_unbounded32();
            }
        }
        scalar.sync();
        scalar
    }

    /// The low `size` bytes (1, 2 or 4), sign-extended to 64 bits (`coerce_reg_to_size_sx`,
    /// as sign-extending loads and `r1 = (s8) r2` do). A size of 8 or more changes nothing; a
    /// size of 0 gives 0.
    pub fn sign_extend(&self, size: u32) -> Scalar {
        let mut scalar = *self;
        if size >= 8 {
            scalar.sync();
            return scalar;
        }
        if size == 0 {
            return Scalar::constant(0);
        }
        let bits = size * 8;
        if let Some(value) = self.const_value() {
            return Scalar::constant(sext(value, bits) as u64);
        }
        // If the bits above the extended ones are the same across the s64 range, the range of
        // the low bits is contiguous; sign-extended, it stays so when it does not straddle
        // the new sign bit.
        if (self.smax as u64) >> bits == (self.smin as u64) >> bits {
            let a = sext(self.smax as u64, bits);
            let b = sext(self.smin as u64, bits);
            let (min, max) = (a.min(b), a.max(b));
            if (min >= 0) == (max >= 0) {
                scalar.smin = min;
                scalar.smax = max;
                scalar.umin = min as u64;
                scalar.umax = max as u64;
                if bits <= 32 {
                    // Within 32 bits the low half is the value itself.
                    scalar.s32_min = min as i32;
                    scalar.s32_max = max as i32;
                    scalar.u32_min = min as u32;
                    scalar.u32_max = max as u32;
                } else {
                    scalar.mark_unbounded32();
                }
                scalar.var_off = Tnum::range(min as u64, max as u64);
                scalar.sync();
                return scalar;
            }
        }
        // `set_sext64_default_val`: anything the narrow type holds.
        let (min, max) = (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1);
        scalar = Scalar::UNKNOWN;
        (scalar.smin, scalar.smax) = (min, max);
        if bits < 32 {
            (scalar.s32_min, scalar.s32_max) = (min as i32, max as i32);
        }
        scalar.sync();
        scalar
    }

    /// `dst = (sN) src` for `bits` 8, 16 or 32: sign-extending `mov`. For `W32` (8 or 16 bits)
    /// the low half is sign-extended (`coerce_subreg_to_size_sx`) and the result
    /// zero-extended to 64 bits.
    pub fn movsx(width: Width, bits: u8, src: &Scalar) -> Scalar {
        let size = u32::from(bits) / 8;
        match width {
            Width::W64 => src.sign_extend(size),
            Width::W32 if size == 0 => Scalar::constant(0),
            Width::W32 if size >= 4 => src.zext32(),
            Width::W32 => {
                let mut scalar = *src;
                scalar.subreg_sign_extend(size);
                scalar.zext32()
            }
        }
    }

    /// `coerce_subreg_to_size_sx`: the low `size` (1 or 2) bytes sign-extended into the low
    /// half; the 64-bit bounds are left for `zext_32_to_64` to replace.
    fn subreg_sign_extend(&mut self, size: u32) {
        let bits = size * 8;
        if let Some(value) = self.const_value() {
            let extended = sext(value, bits) as u64;
            self.var_off = Tnum::constant(extended);
            (self.s32_min, self.s32_max) = (extended as i32, extended as i32);
            (self.u32_min, self.u32_max) = (extended as u32, extended as u32);
            return;
        }
        if (self.s32_max as u32) >> bits == (self.s32_min as u32) >> bits {
            let a = sext(self.s32_max as u64, bits) as i32;
            let b = sext(self.s32_min as u64, bits) as i32;
            let (min, max) = (a.min(b), a.max(b));
            if (min >= 0) == (max >= 0) {
                (self.s32_min, self.s32_max) = (min, max);
                (self.u32_min, self.u32_max) = (min as u32, max as u32);
                self.var_off = Tnum::range(i64::from(min) as u64, i64::from(max) as u64).subreg();
                return;
            }
        }
        // `set_sext32_default_val`.
        (self.s32_min, self.s32_max) = (-(1i32 << (bits - 1)), (1i32 << (bits - 1)) - 1);
        (self.u32_min, self.u32_max) = (0, u32::MAX);
        self.var_off = Tnum::UNKNOWN.subreg();
    }

    /// A byte-order conversion of the low `bits` (16, 32 or 64) bits, on a little-endian
    /// machine: `ToLe` keeps the low bits (zero-extended), `ToBe` and `Swap` reverse their
    /// bytes (zero-extended).
    ///
    /// Beyond 6.18, which forgets everything about the register: the bytes' known bits move
    /// with them and a 16- or 32-bit result is truncated (the tracking later kernels do in
    /// `scalar_byte_swap`).
    pub fn endian(kind: Endian, bits: u8, dst: &Scalar) -> Scalar {
        let size = u32::from(bits) / 8;
        if let Some(value) = dst.const_value() {
            let result = match (kind, bits) {
                (Endian::ToLe, 16) => value & 0xffff,
                (Endian::ToLe, 32) => value & 0xffff_ffff,
                (Endian::ToLe, _) => value,
                (_, 16) => u64::from((value as u16).swap_bytes()),
                (_, 32) => u64::from((value as u32).swap_bytes()),
                (_, _) => value.swap_bytes(),
            };
            return Scalar::constant(result);
        }
        let mut scalar = *dst;
        if kind != Endian::ToLe {
            let swapped = match bits {
                16 => scalar.var_off.bswap16(),
                32 => scalar.var_off.bswap32(),
                _ => scalar.var_off.bswap64(),
            };
            // A swap scrambles the order: only the tnum survives.
            scalar = Scalar::UNKNOWN;
            scalar.var_off = swapped;
        }
        scalar.truncate(size)
    }
}
