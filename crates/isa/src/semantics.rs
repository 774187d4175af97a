//! The arithmetic whose result RFC 9669 defines for every input, including the cases native
//! instructions fault on: division and modulo by zero, and signed overflow.
//!
//! - `x / 0 = 0`; `x % 0 = x` (for 32-bit operations, the 32-bit `x`);
//! - `INT_MIN / -1 = INT_MIN`; `INT_MIN % -1 = 0`;
//! - signed modulo takes the sign of the dividend (truncated division, as in C).
//!
//! 32-bit functions take and return the low 32 bits; callers zero-extend into the register.
//! [`alu`] and [`cond`] give whole instructions' results, for engines and the verifier alike.

use crate::{AluOp, JmpCond, Width};

/// Unsigned 64-bit division; by zero gives 0.
#[inline(always)]
pub fn div64(dividend: u64, divisor: u64) -> u64 {
    dividend.checked_div(divisor).unwrap_or(0)
}

/// Unsigned 64-bit modulo; by zero leaves the dividend.
#[inline(always)]
pub fn mod64(dividend: u64, divisor: u64) -> u64 {
    dividend.checked_rem(divisor).unwrap_or(dividend)
}

/// Signed 64-bit division; by zero gives 0, `i64::MIN / -1` gives `i64::MIN`.
#[inline(always)]
pub fn sdiv64(dividend: u64, divisor: u64) -> u64 {
    if divisor == 0 {
        0
    } else {
        (dividend as i64).wrapping_div(divisor as i64) as u64
    }
}

/// Signed 64-bit modulo; by zero leaves the dividend, `i64::MIN % -1` gives 0.
#[inline(always)]
pub fn smod64(dividend: u64, divisor: u64) -> u64 {
    if divisor == 0 {
        dividend
    } else {
        (dividend as i64).wrapping_rem(divisor as i64) as u64
    }
}

/// Unsigned 32-bit division; by zero gives 0.
#[inline(always)]
pub fn div32(dividend: u32, divisor: u32) -> u32 {
    dividend.checked_div(divisor).unwrap_or(0)
}

/// Unsigned 32-bit modulo; by zero leaves the dividend.
#[inline(always)]
pub fn mod32(dividend: u32, divisor: u32) -> u32 {
    dividend.checked_rem(divisor).unwrap_or(dividend)
}

/// Signed 32-bit division; by zero gives 0, `i32::MIN / -1` gives `i32::MIN`.
#[inline(always)]
pub fn sdiv32(dividend: u32, divisor: u32) -> u32 {
    if divisor == 0 {
        0
    } else {
        (dividend as i32).wrapping_div(divisor as i32) as u32
    }
}

/// Signed 32-bit modulo; by zero leaves the dividend, `i32::MIN % -1` gives 0.
#[inline(always)]
pub fn smod32(dividend: u32, divisor: u32) -> u32 {
    if divisor == 0 {
        dividend
    } else {
        (dividend as i32).wrapping_rem(divisor as i32) as u32
    }
}

/// `a OP b` as one instruction computes it: 64-bit, or on the low 32 bits with the result
/// zero-extended. Shift amounts are masked to the operand width; `Mov` gives `b`.
pub fn alu(op: AluOp, width: Width, a: u64, b: u64) -> u64 {
    match width {
        Width::W64 => match op {
            AluOp::Add => a.wrapping_add(b),
            AluOp::Sub => a.wrapping_sub(b),
            AluOp::Mul => a.wrapping_mul(b),
            AluOp::Div => div64(a, b),
            AluOp::SDiv => sdiv64(a, b),
            AluOp::Mod => mod64(a, b),
            AluOp::SMod => smod64(a, b),
            AluOp::Or => a | b,
            AluOp::And => a & b,
            AluOp::Xor => a ^ b,
            AluOp::Lsh => a << (b & 63),
            AluOp::Rsh => a >> (b & 63),
            AluOp::Arsh => ((a as i64) >> (b & 63)) as u64,
            AluOp::Mov => b,
        },
        Width::W32 => {
            let (a, b) = (a as u32, b as u32);
            u64::from(match op {
                AluOp::Add => a.wrapping_add(b),
                AluOp::Sub => a.wrapping_sub(b),
                AluOp::Mul => a.wrapping_mul(b),
                AluOp::Div => div32(a, b),
                AluOp::SDiv => sdiv32(a, b),
                AluOp::Mod => mod32(a, b),
                AluOp::SMod => smod32(a, b),
                AluOp::Or => a | b,
                AluOp::And => a & b,
                AluOp::Xor => a ^ b,
                AluOp::Lsh => a << (b & 31),
                AluOp::Rsh => a >> (b & 31),
                AluOp::Arsh => ((a as i32) >> (b & 31)) as u32,
                AluOp::Mov => b,
            })
        }
    }
}

/// Whether `a COND b` holds, on 64 bits or on the low 32 bits.
pub fn cond(cond: JmpCond, width: Width, a: u64, b: u64) -> bool {
    let (ua, ub, sa, sb) = match width {
        Width::W64 => (a, b, a as i64, b as i64),
        Width::W32 => (
            u64::from(a as u32),
            u64::from(b as u32),
            i64::from(a as i32),
            i64::from(b as i32),
        ),
    };
    match cond {
        JmpCond::Eq => ua == ub,
        JmpCond::Ne => ua != ub,
        JmpCond::Gt => ua > ub,
        JmpCond::Ge => ua >= ub,
        JmpCond::Lt => ua < ub,
        JmpCond::Le => ua <= ub,
        JmpCond::Set => ua & ub != 0,
        JmpCond::SGt => sa > sb,
        JmpCond::SGe => sa >= sb,
        JmpCond::SLt => sa < sb,
        JmpCond::SLe => sa <= sb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_edge_cases() {
        assert_eq!(div64(7, 0), 0);
        assert_eq!(mod64(7, 0), 7);
        assert_eq!(sdiv64(i64::MIN as u64, -1i64 as u64), i64::MIN as u64);
        assert_eq!(smod64(i64::MIN as u64, -1i64 as u64), 0);
        assert_eq!(smod64(-7i64 as u64, 2), -1i64 as u64);
        assert_eq!(smod64(7, -2i64 as u64), 1);
        assert_eq!(sdiv32(i32::MIN as u32, -1i32 as u32), i32::MIN as u32);
        assert_eq!(smod32(i32::MIN as u32, -1i32 as u32), 0);
        assert_eq!(mod32(9, 0), 9);
        assert_eq!(div32(9, 0), 0);
    }
}
