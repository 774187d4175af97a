//! Conditional jumps: whether one is decided by what is known (`is_scalar_branch_taken`), and
//! what each side of it teaches about both operands (`regs_refine_cond_op`).
//!
//! A `W32` condition compares the low 32 bits and refines only the 32-bit ranges and the low
//! half of the tnum; [`Scalar::sync`] then carries what it can into the 64-bit bounds.

use sluice_isa::{JmpCond, Width};

use super::Scalar;
use crate::tnum::Tnum;

/// A condition as refinement sees it: the jump conditions, `NotSet` (the false side of
/// `Set`), and the greater-than family rewritten as less-than with the operands swapped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refinement {
    Eq,
    Ne,
    Set,
    NotSet,
    Lt,
    Le,
    SLt,
    SLe,
}

/// What is known about one operand, in the width of the comparison.
struct View {
    tnum: Tnum,
    umin: u64,
    umax: u64,
    smin: i64,
    smax: i64,
}

impl View {
    fn new(scalar: &Scalar, width: Width) -> View {
        match width {
            Width::W64 => View {
                tnum: scalar.var_off,
                umin: scalar.umin,
                umax: scalar.umax,
                smin: scalar.smin,
                smax: scalar.smax,
            },
            Width::W32 => View {
                tnum: scalar.var_off.subreg(),
                umin: u64::from(scalar.u32_min),
                umax: u64::from(scalar.u32_max),
                smin: i64::from(scalar.s32_min),
                smax: i64::from(scalar.s32_max),
            },
        }
    }
}

impl Scalar {
    /// The value compared in this width, if it is known (`is_reg_const`, `reg_const_value`).
    fn const_in(&self, width: Width) -> Option<u64> {
        match width {
            Width::W64 => self.const_value(),
            Width::W32 => self.const_value32().map(u64::from),
        }
    }

    /// Whether `dst COND src` always holds (`Some(true)`), never does (`Some(false)`), or
    /// either may happen, judged from the ranges and tnums (`is_scalar_branch_taken`).
    pub fn is_branch_taken(
        cond: JmpCond,
        width: Width,
        dst: &Scalar,
        src: &Scalar,
    ) -> Option<bool> {
        let (a, b) = (View::new(dst, width), View::new(src, width));
        match cond {
            JmpCond::Eq | JmpCond::Ne => {
                let equal = cond == JmpCond::Eq;
                if a.tnum.is_const() && b.tnum.is_const() {
                    return Some((a.tnum.value == b.tnum.value) == equal);
                }
                let disjoint = !a.tnum.overlaps(b.tnum)
                    || a.umin > b.umax
                    || a.umax < b.umin
                    || a.smin > b.smax
                    || a.smax < b.smin
                    || (width == Width::W64
                        && (dst.u32_min > src.u32_max
                            || dst.u32_max < src.u32_min
                            || dst.s32_min > src.s32_max
                            || dst.s32_max < src.s32_min));
                if disjoint { Some(!equal) } else { None }
            }
            JmpCond::Set => {
                // One side must be a constant.
                let (t, mask) = if let Some(mask) = src.const_in(width) {
                    (a.tnum, mask)
                } else if let Some(mask) = dst.const_in(width) {
                    (b.tnum, mask)
                } else {
                    return None;
                };
                if t.value & mask != 0 {
                    Some(true)
                } else if (t.value | t.mask) & mask == 0 {
                    Some(false)
                } else {
                    None
                }
            }
            JmpCond::Gt => decide(a.umin > b.umax, a.umax <= b.umin),
            JmpCond::Ge => decide(a.umin >= b.umax, a.umax < b.umin),
            JmpCond::Lt => decide(a.umax < b.umin, a.umin >= b.umax),
            JmpCond::Le => decide(a.umax <= b.umin, a.umin > b.umax),
            JmpCond::SGt => decide(a.smin > b.smax, a.smax <= b.smin),
            JmpCond::SGe => decide(a.smin >= b.smax, a.smax < b.smin),
            JmpCond::SLt => decide(a.smax < b.smin, a.smin >= b.smax),
            JmpCond::SLe => decide(a.smax <= b.smin, a.smin > b.smax),
        }
    }

    /// [`Scalar::is_branch_taken`] for a register compared with itself (`if r1 > r1`), which
    /// the kernel decides for every condition but `Set` on a value that may be 0.
    pub fn is_branch_taken_same(cond: JmpCond, width: Width, reg: &Scalar) -> Option<bool> {
        match cond {
            JmpCond::Eq | JmpCond::Ge | JmpCond::Le | JmpCond::SGe | JmpCond::SLe => Some(true),
            JmpCond::Ne | JmpCond::Gt | JmpCond::Lt | JmpCond::SGt | JmpCond::SLt => Some(false),
            JmpCond::Set => {
                let view = View::new(reg, width);
                if view.tnum.is_const() {
                    Some(view.tnum.value != 0)
                } else if view.smin <= 0 && view.smax >= 0 {
                    None
                } else {
                    Some(true)
                }
            }
        }
    }

    /// Narrows `dst` and `src` to the values for which `dst COND src` is `taken` (when `taken`
    /// is false, to those for which it fails), then syncs both (`regs_refine_cond_op`, then
    /// `reg_bounds_sync`, as `reg_set_min_max` does for each side of a jump).
    ///
    /// Returns `false` when that side of the jump cannot happen: the condition is decided the
    /// other way ([`Scalar::is_branch_taken`]; both operands are then left as they were), or
    /// the refined bounds contradict each other ([`Scalar::is_empty`]). `true` promises
    /// nothing: a side may be impossible without the bounds showing it.
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
        let cond = if taken { cond } else { negate(cond) };
        let w32 = width == Width::W32;
        // The greater-than family is the less-than family with the operands swapped.
        match cond {
            JmpCond::Eq => refine_op(Refinement::Eq, w32, dst, src),
            JmpCond::Ne => refine_op(Refinement::Ne, w32, dst, src),
            JmpCond::Set if taken => refine_op(Refinement::Set, w32, dst, src),
            JmpCond::Set => refine_op(Refinement::NotSet, w32, dst, src),
            JmpCond::Lt => refine_op(Refinement::Lt, w32, dst, src),
            JmpCond::Le => refine_op(Refinement::Le, w32, dst, src),
            JmpCond::SLt => refine_op(Refinement::SLt, w32, dst, src),
            JmpCond::SLe => refine_op(Refinement::SLe, w32, dst, src),
            JmpCond::Gt => refine_op(Refinement::Lt, w32, src, dst),
            JmpCond::Ge => refine_op(Refinement::Le, w32, src, dst),
            JmpCond::SGt => refine_op(Refinement::SLt, w32, src, dst),
            JmpCond::SGe => refine_op(Refinement::SLe, w32, src, dst),
        }
        dst.sync();
        src.sync();
        !dst.is_empty() && !src.is_empty()
    }
}

/// `Some(true)` if `always`, `Some(false)` if `never`, `None` otherwise.
fn decide(always: bool, never: bool) -> Option<bool> {
    if always {
        Some(true)
    } else if never {
        Some(false)
    } else {
        None
    }
}

/// The condition of the other side of the jump (`rev_opcode`), except that `Set` stays `Set`:
/// [`Scalar::refine`] tells its sides apart by `taken`.
fn negate(cond: JmpCond) -> JmpCond {
    match cond {
        JmpCond::Eq => JmpCond::Ne,
        JmpCond::Ne => JmpCond::Eq,
        JmpCond::Gt => JmpCond::Le,
        JmpCond::Ge => JmpCond::Lt,
        JmpCond::Lt => JmpCond::Ge,
        JmpCond::Le => JmpCond::Gt,
        JmpCond::SGt => JmpCond::SLe,
        JmpCond::SGe => JmpCond::SLt,
        JmpCond::SLt => JmpCond::SGe,
        JmpCond::SLe => JmpCond::SGt,
        JmpCond::Set => JmpCond::Set,
    }
}

/// `regs_refine_cond_op` for a condition already in less-than form: narrows `a` and `b` to
/// the pairs for which `a OP b` holds, without syncing.
fn refine_op(op: Refinement, w32: bool, a: &mut Scalar, b: &mut Scalar) {
    let width = if w32 { Width::W32 } else { Width::W64 };
    match op {
        Refinement::Eq if w32 => {
            a.u32_min = a.u32_min.max(b.u32_min);
            a.u32_max = a.u32_max.min(b.u32_max);
            a.s32_min = a.s32_min.max(b.s32_min);
            a.s32_max = a.s32_max.min(b.s32_max);
            (b.u32_min, b.u32_max, b.s32_min, b.s32_max) =
                (a.u32_min, a.u32_max, a.s32_min, a.s32_max);
            let low = a.var_off.subreg().intersect(b.var_off.subreg());
            a.var_off = a.var_off.with_subreg(low);
            b.var_off = b.var_off.with_subreg(low);
        }
        Refinement::Eq => {
            a.umin = a.umin.max(b.umin);
            a.umax = a.umax.min(b.umax);
            a.smin = a.smin.max(b.smin);
            a.smax = a.smax.min(b.smax);
            (b.umin, b.umax, b.smin, b.smax) = (a.umin, a.umax, a.smin, a.smax);
            a.var_off = a.var_off.intersect(b.var_off);
            b.var_off = a.var_off;
        }
        Refinement::Ne => {
            // Only a constant at an edge of the other's range teaches anything: the edge moves
            // in by one. (The edge cannot be the whole range: the jump would be decided.)
            let (reg, value) = if let Some(value) = b.const_in(width) {
                (a, value)
            } else if let Some(value) = a.const_in(width) {
                (b, value)
            } else {
                return;
            };
            if w32 {
                let value = value as u32;
                if reg.u32_min == value {
                    reg.u32_min = reg.u32_min.wrapping_add(1);
                }
                if reg.u32_max == value {
                    reg.u32_max = reg.u32_max.wrapping_sub(1);
                }
                if reg.s32_min == value as i32 {
                    reg.s32_min = reg.s32_min.wrapping_add(1);
                }
                if reg.s32_max == value as i32 {
                    reg.s32_max = reg.s32_max.wrapping_sub(1);
                }
            } else {
                if reg.umin == value {
                    reg.umin = reg.umin.wrapping_add(1);
                }
                if reg.umax == value {
                    reg.umax = reg.umax.wrapping_sub(1);
                }
                if reg.smin == value as i64 {
                    reg.smin = reg.smin.wrapping_add(1);
                }
                if reg.smax == value as i64 {
                    reg.smax = reg.smax.wrapping_sub(1);
                }
            }
        }
        Refinement::Set | Refinement::NotSet => {
            let (reg, value) = if let Some(value) = b.const_in(width) {
                (a, value)
            } else if let Some(value) = a.const_in(width) {
                (b, value)
            } else {
                return;
            };
            let bits: fn(Tnum, u64) -> Tnum = if op == Refinement::Set {
                // `reg & value != 0` pins a bit only if `value` has exactly one.
                if !value.is_power_of_two() {
                    return;
                }
                |t: Tnum, value: u64| t.or(Tnum::constant(value))
            } else {
                // `reg & value == 0`: every bit of `value` is clear.
                |t: Tnum, value: u64| t.and(Tnum::constant(!value))
            };
            if w32 {
                let low = bits(reg.var_off.subreg(), value);
                reg.var_off = reg.var_off.with_subreg(low);
            } else {
                reg.var_off = bits(reg.var_off, value);
            }
        }
        // `a < b`: a is below b's largest value, b above a's smallest. (An impossible jump,
        // where b's largest is the least value, is decided before refining.)
        Refinement::Le if w32 => {
            a.u32_max = a.u32_max.min(b.u32_max);
            b.u32_min = b.u32_min.max(a.u32_min);
        }
        Refinement::Le => {
            a.umax = a.umax.min(b.umax);
            b.umin = b.umin.max(a.umin);
        }
        Refinement::Lt if w32 => {
            a.u32_max = a.u32_max.min(b.u32_max.wrapping_sub(1));
            b.u32_min = b.u32_min.max(a.u32_min.wrapping_add(1));
        }
        Refinement::Lt => {
            a.umax = a.umax.min(b.umax.wrapping_sub(1));
            b.umin = b.umin.max(a.umin.wrapping_add(1));
        }
        Refinement::SLe if w32 => {
            a.s32_max = a.s32_max.min(b.s32_max);
            b.s32_min = b.s32_min.max(a.s32_min);
        }
        Refinement::SLe => {
            a.smax = a.smax.min(b.smax);
            b.smin = b.smin.max(a.smin);
        }
        Refinement::SLt if w32 => {
            a.s32_max = a.s32_max.min(b.s32_max.wrapping_sub(1));
            b.s32_min = b.s32_min.max(a.s32_min.wrapping_add(1));
        }
        Refinement::SLt => {
            a.smax = a.smax.min(b.smax.wrapping_sub(1));
            b.smin = b.smin.max(a.smin.wrapping_add(1));
        }
    }
}
