//! Precision: the results the kernel's verifier reaches on the classic patterns, and its log
//! format. (Soundness is `tests/scalar_soundness.rs`.)

use sluice_isa::{AluOp, Endian, JmpCond, Width};

use super::Scalar;
use crate::tnum::Tnum;

const W32: Width = Width::W32;
const W64: Width = Width::W64;

fn c(value: u64) -> Scalar {
    Scalar::constant(value)
}

fn neg(value: i64) -> Scalar {
    Scalar::constant(value as u64)
}

fn alu(op: AluOp, width: Width, dst: Scalar, src: Scalar) -> Scalar {
    Scalar::alu(op, width, &dst, &src)
}

/// Refines a copy of `dst` and `src`; `None` if that side is infeasible.
fn refine(
    cond: JmpCond,
    width: Width,
    taken: bool,
    dst: Scalar,
    src: Scalar,
) -> Option<(Scalar, Scalar)> {
    let (mut d, mut s) = (dst, src);
    Scalar::refine(cond, width, taken, &mut d, &mut s).then_some((d, s))
}

fn bounds(s: &Scalar) -> (u64, u64, i64, i64) {
    (s.umin, s.umax, s.smin, s.smax)
}

fn bounds32(s: &Scalar) -> (u32, u32, i32, i32) {
    (s.u32_min, s.u32_max, s.s32_min, s.s32_max)
}

#[test]
fn and_with_mask_bounds_the_value() {
    let r = alu(AluOp::And, W64, Scalar::UNKNOWN, c(0xff));
    assert_eq!(bounds(&r), (0, 255, 0, 255));
    assert_eq!(bounds32(&r), (0, 255, 0, 255));
    assert_eq!(r.var_off, Tnum::new(0, 0xff));
    assert_eq!(
        r.to_string(),
        "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))"
    );
    // The same on 32 bits, and on a value already known to be small.
    assert_eq!(alu(AluOp::And, W32, Scalar::UNKNOWN, c(0xff)), r);
    let small = Scalar::unsigned_range(0, 20);
    assert_eq!(
        bounds(&alu(AluOp::And, W64, small, c(0xff))),
        (0, 20, 0, 20)
    );
}

#[test]
fn unsigned_less_than_refines_both_sides() {
    let (taken, ten) = refine(JmpCond::Lt, W64, true, Scalar::UNKNOWN, c(10)).unwrap();
    assert_eq!(bounds(&taken), (0, 9, 0, 9));
    assert_eq!(taken.var_off, Tnum::new(0, 0xf));
    assert_eq!(ten, c(10));
    assert_eq!(
        taken.to_string(),
        "scalar(smin=smin32=0,smax=umax=smax32=umax32=9,var_off=(0x0; 0xf))"
    );
    let (fallthrough, _) = refine(JmpCond::Lt, W64, false, Scalar::UNKNOWN, c(10)).unwrap();
    assert_eq!(fallthrough.umin, 10);
    assert_eq!(fallthrough.umax, u64::MAX);
    // Two registers: `a < b` caps a by b's maximum and raises b above a's minimum.
    let (a, b) = refine(
        JmpCond::Lt,
        W64,
        true,
        Scalar::unsigned_range(5, 100),
        Scalar::unsigned_range(0, 50),
    )
    .unwrap();
    assert_eq!((a.umin, a.umax), (5, 49));
    assert_eq!((b.umin, b.umax), (6, 50));
    // `a > b` is `b < a`.
    let (a, b) = refine(
        JmpCond::Gt,
        W64,
        true,
        Scalar::unsigned_range(0, 50),
        Scalar::unsigned_range(5, 100),
    )
    .unwrap();
    assert_eq!((a.umin, a.umax), (6, 50));
    assert_eq!((b.umin, b.umax), (5, 49));
}

#[test]
fn signed_comparisons_refine_signed_bounds() {
    let (taken, _) = refine(JmpCond::SGt, W64, true, Scalar::UNKNOWN, c(5)).unwrap();
    assert_eq!((taken.smin, taken.smax), (6, i64::MAX));
    // Non-negative, so the unsigned range follows.
    assert_eq!((taken.umin, taken.umax), (6, i64::MAX as u64));
    let (fallthrough, _) = refine(JmpCond::SGt, W64, false, Scalar::UNKNOWN, c(5)).unwrap();
    assert_eq!((fallthrough.smin, fallthrough.smax), (i64::MIN, 5));
    // `r s< 0`: the sign bit is known set.
    let (negative, _) = refine(JmpCond::SLt, W64, true, Scalar::UNKNOWN, c(0)).unwrap();
    assert_eq!(bounds(&negative), (1 << 63, u64::MAX, i64::MIN, -1));
    assert_eq!(negative.var_off, Tnum::new(1 << 63, !(1 << 63)));
    // A signed range refined by an unsigned test: [-10, 10] and `r < 5` leaves [0, 4].
    let (small, _) = refine(JmpCond::Lt, W64, true, Scalar::signed_range(-10, 10), c(5)).unwrap();
    assert_eq!(bounds(&small), (0, 4, 0, 4));
    // ... and `r >= 5` leaves [5, 10] or the negative part: both halves stay.
    let (rest, _) = refine(JmpCond::Ge, W64, true, Scalar::signed_range(-10, 10), c(5)).unwrap();
    assert_eq!((rest.smin, rest.smax), (-10, 10));
    assert_eq!((rest.umin, rest.umax), (5, u64::MAX));
    // `r s>= 0` on the same keeps [0, 10] exactly.
    let (positive, _) =
        refine(JmpCond::SGe, W64, true, Scalar::signed_range(-10, 10), c(0)).unwrap();
    assert_eq!(bounds(&positive), (0, 10, 0, 10));
}

#[test]
fn impossible_branches_are_infeasible() {
    let small = Scalar::unsigned_range(0, 5);
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Gt, W64, &small, &c(10)),
        Some(false)
    );
    assert!(refine(JmpCond::Gt, W64, true, small, c(10)).is_none());
    assert_eq!(
        refine(JmpCond::Gt, W64, false, small, c(10)),
        Some((small, c(10)))
    );
    // Decided by ranges, not only constants.
    let high = Scalar::unsigned_range(100, 200);
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Lt, W64, &small, &high),
        Some(true)
    );
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::SLe, W64, &small, &high),
        Some(true)
    );
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Eq, W64, &small, &high),
        Some(false)
    );
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Ne, W64, &small, &high),
        Some(true)
    );
    // Decided by known bits: an even number never equals 7; bit 8 of [0, 255] is never set.
    let even = alu(AluOp::And, W64, Scalar::unsigned_range(0, 100), c(!1));
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Eq, W64, &even, &c(7)),
        Some(false)
    );
    let byte = alu(AluOp::And, W64, Scalar::UNKNOWN, c(0xff));
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Set, W64, &byte, &c(0x100)),
        Some(false)
    );
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Set, W64, &c(3), &byte),
        None
    );
    // Not decided up front, but the refined bounds contradict each other: {8, 16} == [9, 15]
    // leaves the tnum only 8, outside the range.
    let eight_or_sixteen = c(8).union(&c(16));
    let nine_to_fifteen = Scalar::unsigned_range(9, 15);
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Eq, W64, &eight_or_sixteen, &nine_to_fifteen),
        None
    );
    assert!(refine(JmpCond::Eq, W64, true, eight_or_sixteen, nine_to_fifteen).is_none());
    assert!(refine(JmpCond::Eq, W64, false, eight_or_sixteen, nine_to_fifteen).is_some());
}

#[test]
fn refinement_combines_with_known_bits() {
    // {8, 16} and `r > 9`: the range becomes [10, 16], the tnum (0; 0x18) bounds its top.
    // (Only 16 is left, but seeing that takes `tnum_step`, which 6.18 does not have.)
    let eight_or_sixteen = c(8).union(&c(16));
    let (r, _) = refine(JmpCond::Gt, W64, true, eight_or_sixteen, c(9)).unwrap();
    assert_eq!(bounds(&r), (10, 16, 10, 16));
    assert_eq!(r.var_off, Tnum::new(0, 0x18));
    // {8, 16} and `r > 8`: now the bounds meet the tnum in one value.
    let (r, _) = refine(JmpCond::Gt, W64, true, eight_or_sixteen, c(15)).unwrap();
    assert_eq!(r, c(16));
    // `r != edge` moves the edge.
    let (r, _) = refine(JmpCond::Ne, W64, true, Scalar::unsigned_range(0, 10), c(0)).unwrap();
    assert_eq!((r.umin, r.umax), (1, 10));
    let (k, r) = refine(
        JmpCond::Eq,
        W64,
        false,
        c(10),
        Scalar::unsigned_range(0, 10),
    )
    .unwrap();
    assert_eq!(k, c(10));
    assert_eq!((r.umin, r.umax), (0, 9));
    // `r == 42` makes r 42.
    let (r, k) = refine(JmpCond::Eq, W64, true, Scalar::UNKNOWN, c(42)).unwrap();
    assert_eq!((r, k), (c(42), c(42)));
    // `r & 4` taken sets bit 2; not taken clears every bit of the mask.
    let (r, _) = refine(JmpCond::Set, W64, true, byte(), c(4)).unwrap();
    assert_eq!(r.var_off, Tnum::new(4, 0xfb));
    assert_eq!(r.umin, 4);
    let (r, _) = refine(JmpCond::Set, W64, false, byte(), c(0xf0)).unwrap();
    assert_eq!(bounds(&r), (0, 15, 0, 15));
}

fn byte() -> Scalar {
    Scalar::unsigned_range(0, 255)
}

#[test]
fn jmp32_refines_the_low_half() {
    // Upper half zero: what `w1 < 10` learns carries into the 64-bit bounds.
    let low = Scalar::UNKNOWN.zext32();
    let (r, _) = refine(JmpCond::Lt, W32, true, low, c(10)).unwrap();
    assert_eq!(bounds(&r), (0, 9, 0, 9));
    // Upper half unknown: only the low half is bounded.
    let (r, _) = refine(JmpCond::Lt, W32, true, Scalar::UNKNOWN, c(10)).unwrap();
    assert_eq!(bounds32(&r), (0, 9, 0, 9));
    assert_eq!((r.umin, r.umax), (0, 0xffff_ffff_0000_0009));
    // Upper half known: the low half's bounds fill in the 64-bit ones.
    let high = alu(AluOp::Or, W64, Scalar::UNKNOWN.zext32(), c(0x5_0000_0000));
    let (r, _) = refine(JmpCond::SGt, W32, true, high, c(100)).unwrap();
    assert_eq!((r.umin, r.umax), (0x5_0000_0065, 0x5_7fff_ffff));
    // 32-bit comparisons look at the low half only.
    let wide = c(0x1_0000_0003);
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Lt, W32, &wide, &c(5)),
        Some(true)
    );
    assert_eq!(
        Scalar::is_branch_taken(JmpCond::Lt, W64, &wide, &c(5)),
        Some(false)
    );
}

#[test]
fn mov32_zero_extends() {
    let r = Scalar::UNKNOWN.zext32();
    assert_eq!(bounds(&r), (0, u32::MAX as u64, 0, u32::MAX as i64));
    assert_eq!(r.var_off, Tnum::new(0, 0xffff_ffff));
    assert_eq!(alu(AluOp::Mov, W32, Scalar::UNKNOWN, Scalar::UNKNOWN), r);
    // The low half's range survives when the upper half is the same throughout.
    let r = Scalar::unsigned_range(0x1_0000_0005, 0x1_0000_0010).zext32();
    assert_eq!(bounds(&r), (5, 16, 5, 16));
    // A signed range across zero: its low half wraps, so only [0, U32_MAX] is known.
    let r = Scalar::signed_range(-5, 5).zext32();
    assert_eq!(bounds(&r), (0, u32::MAX as u64, 0, u32::MAX as i64));
    assert_eq!((r.s32_min, r.s32_max), (-5, 5));
    assert_eq!(c(0xdead_beef_0000_0007).zext32(), c(7));
}

#[test]
fn add_and_sub_of_constants_shift_ranges() {
    let r = alu(AluOp::Add, W64, byte(), c(10));
    assert_eq!(bounds(&r), (10, 265, 10, 265));
    let r = alu(AluOp::Sub, W64, Scalar::unsigned_range(10, 20), c(10));
    assert_eq!(bounds(&r), (0, 10, 0, 10));
    // Adding -1 wraps some sums and not others: the unsigned range is lost, the signed kept.
    let r = alu(AluOp::Add, W64, byte(), neg(-1));
    assert_eq!((r.smin, r.smax), (-1, 254));
    assert_eq!((r.umin, r.umax), (0, u64::MAX));
    // Every sum wraps: the range wraps with them (6.17+).
    let r = alu(
        AluOp::Add,
        W64,
        Scalar::unsigned_range(u64::MAX - 1, u64::MAX),
        Scalar::unsigned_range(2, 3),
    );
    assert_eq!((r.umin, r.umax), (0, 2));
    // Every difference wraps.
    let r = alu(
        AluOp::Sub,
        W64,
        Scalar::unsigned_range(0, 3),
        Scalar::unsigned_range(5, 6),
    );
    assert_eq!((r.umin, r.umax), (u64::MAX - 5, u64::MAX - 1));
    // 32-bit: zero-extended.
    let r = alu(
        AluOp::Add,
        W32,
        Scalar::unsigned_range(0xffff_fff0, 0xffff_ffff),
        c(0x20),
    );
    assert_eq!(bounds(&r), (0x10, 0x1f, 0x10, 0x1f));
    // Two ranges.
    let r = alu(
        AluOp::Add,
        W64,
        Scalar::unsigned_range(1, 4),
        Scalar::unsigned_range(10, 20),
    );
    assert_eq!(bounds(&r), (11, 24, 11, 24));
    // Negation.
    let r = Scalar::neg(W64, &Scalar::unsigned_range(1, 4));
    assert_eq!((r.smin, r.smax), (-4, -1));
    assert_eq!(Scalar::neg(W32, &c(1)), c(0xffff_ffff));
}

#[test]
fn shifts_scale_ranges() {
    let r = alu(AluOp::Lsh, W64, byte(), c(2));
    assert_eq!(bounds(&r), (0, 1020, 0, 1020));
    assert_eq!(r.var_off, Tnum::new(0, 0x3fc));
    let r = alu(AluOp::Rsh, W64, byte(), c(4));
    assert_eq!(bounds(&r), (0, 15, 0, 15));
    // The sign-extension idiom `r <<= 32; r s>>= 32` on a small non-negative value.
    let r = alu(AluOp::Lsh, W64, Scalar::unsigned_range(0, 100), c(32));
    assert_eq!((r.smin, r.smax), (0, 100 << 32));
    let r = alu(AluOp::Arsh, W64, r, c(32));
    assert_eq!(bounds(&r), (0, 100, 0, 100));
    // `r s>>= 63` is 0 or -1.
    let r = alu(AluOp::Arsh, W64, Scalar::UNKNOWN, c(63));
    assert_eq!((r.smin, r.smax), (-1, 0));
    // A shift by an unknown amount is unknown (6.18); on 32 bits the upper half is still 0.
    assert_eq!(
        alu(AluOp::Lsh, W64, byte(), Scalar::unsigned_range(0, 3)),
        Scalar::UNKNOWN
    );
    assert_eq!(
        alu(AluOp::Lsh, W32, byte(), Scalar::unsigned_range(0, 3)),
        Scalar::UNKNOWN.zext32()
    );
    // The top bit may be shifted out: the unsigned range is lost, the tnum is not.
    let r = alu(AluOp::Lsh, W32, Scalar::unsigned_range(0, 0xffff), c(20));
    assert_eq!(r.var_off, Tnum::new(0, 0xfff0_0000));
}

#[test]
fn multiplication_and_bitwise_ops() {
    let r = alu(
        AluOp::Mul,
        W64,
        Scalar::unsigned_range(0, 10),
        Scalar::unsigned_range(0, 10),
    );
    assert_eq!(bounds(&r), (0, 100, 0, 100));
    let r = alu(AluOp::Mul, W64, Scalar::signed_range(-3, 2), c(4));
    assert_eq!((r.smin, r.smax), (-12, 8));
    // Multiplying by 8 keeps the low three bits known zero.
    let r = alu(AluOp::Mul, W64, Scalar::UNKNOWN, c(8));
    assert_eq!(r.var_off, Tnum::new(0, !7));
    // tnum_mul on {1, 3} * 3 = {3, 9}: 6.18's union-based multiplication.
    let r = alu(AluOp::Mul, W64, c(1).union(&c(3)), c(3));
    assert!(r.has(3) && r.has(9));
    let r = alu(AluOp::Or, W64, byte(), c(0x100));
    assert_eq!(bounds(&r), (0x100, 0x1ff, 0x100, 0x1ff));
    let r = alu(AluOp::Xor, W64, byte(), c(0xff));
    assert_eq!(bounds(&r), (0, 255, 0, 255));
}

#[test]
fn division_folds_constants_only() {
    assert_eq!(alu(AluOp::Div, W64, c(100), c(7)), c(14));
    assert_eq!(alu(AluOp::Mod, W64, c(100), c(0)), c(100));
    assert_eq!(alu(AluOp::SDiv, W64, neg(-100), c(7)), neg(-14));
    assert_eq!(alu(AluOp::SMod, W32, c(0xffff_ff9c), c(7)), c(0xffff_fffe));
    // Low halves suffice for 32-bit operations.
    assert_eq!(
        alu(AluOp::Div, W32, c(0xaaaa_0000_0000_0064), c(0x5_0000_0007)),
        c(14)
    );
    assert_eq!(alu(AluOp::Div, W64, byte(), c(2)), Scalar::UNKNOWN);
    assert_eq!(alu(AluOp::Mod, W32, byte(), c(2)), Scalar::UNKNOWN.zext32());
}

#[test]
fn loads_and_sign_extension() {
    assert_eq!(Scalar::UNKNOWN.truncate(1), byte());
    assert_eq!(
        Scalar::UNKNOWN.truncate(2),
        Scalar::unsigned_range(0, 0xffff)
    );
    assert_eq!(Scalar::UNKNOWN.truncate(4), Scalar::UNKNOWN.zext32());
    assert_eq!(
        Scalar::unsigned_range(0x305, 0x310).truncate(1),
        Scalar::unsigned_range(5, 16)
    );
    let s8 = Scalar::UNKNOWN.sign_extend(1);
    assert_eq!((s8.smin, s8.smax), (-128, 127));
    assert_eq!((s8.s32_min, s8.s32_max), (-128, 127));
    assert_eq!(s8.to_string(), "scalar(smin=smin32=-128,smax=smax32=127)");
    assert_eq!(
        Scalar::unsigned_range(0x80, 0x90).sign_extend(1),
        Scalar::signed_range(-128, -112)
    );
    assert_eq!(byte().sign_extend(1), s8);
    assert_eq!(c(0xff).sign_extend(1), neg(-1));
    assert_eq!(Scalar::movsx(W32, 8, &c(0x80)), c(0xffff_ff80));
    assert_eq!(Scalar::movsx(W64, 16, &c(0x8000)), neg(-0x8000));
    let r = Scalar::movsx(W32, 8, &Scalar::unsigned_range(0x80, 0x90));
    assert_eq!(
        bounds(&r),
        (0xffff_ff80, 0xffff_ff90, 0xffff_ff80, 0xffff_ff90)
    );
    // After `r = (s32) w`, a non-negative low half means a small non-negative value.
    let (r, _) = refine(
        JmpCond::SGe,
        W32,
        true,
        Scalar::UNKNOWN.sign_extend(4),
        c(0),
    )
    .unwrap();
    assert_eq!(bounds(&r), (0, i32::MAX as u64, 0, i32::MAX as i64));
}

#[test]
fn byte_swaps() {
    assert_eq!(Scalar::endian(Endian::ToBe, 16, &c(0x1234)), c(0x3412));
    assert_eq!(Scalar::endian(Endian::ToLe, 16, &c(0xabcd_1234)), c(0x1234));
    assert_eq!(
        Scalar::endian(Endian::Swap, 64, &c(0x0102_0304_0506_0708)),
        c(0x0807_0605_0403_0201)
    );
    // Known bytes move with the swap; a 16-bit conversion keeps 16 bits.
    let r = Scalar::endian(Endian::ToBe, 16, &byte());
    assert_eq!(r.var_off, Tnum::new(0, 0xff00));
    assert_eq!(
        Scalar::endian(Endian::ToLe, 32, &Scalar::UNKNOWN),
        Scalar::UNKNOWN.zext32()
    );
    assert_eq!(Scalar::endian(Endian::ToLe, 64, &byte()), byte());
}

#[test]
fn sync_tightens_across_domains() {
    // The tnum bounds the ranges and the ranges the tnum.
    assert_eq!(
        Scalar::from_tnum(Tnum::new(0x10, 0x0f)),
        Scalar::unsigned_range(0x10, 0x1f)
    );
    // A u32 range on a known upper half gives the 64-bit range.
    let mut r = Scalar::UNKNOWN;
    r.var_off = Tnum::new(0x7_0000_0000, 0xffff_ffff);
    (r.u32_min, r.u32_max) = (3, 9);
    r.sync();
    assert_eq!(
        bounds(&r),
        (0x7_0000_0003, 0x7_0000_0009, 0x7_0000_0003, 0x7_0000_0009)
    );
    // A signed range across the sign boundary meeting only one end of the unsigned range.
    let mut r = Scalar::signed_range(-10, 10);
    r.umax = 100;
    r.sync();
    assert_eq!(bounds(&r), (0, 10, 0, 10));
    let mut r = Scalar::signed_range(-10, 10);
    r.umin = 1 << 63;
    r.sync();
    assert_eq!(bounds(&r), (-10i64 as u64, u64::MAX, -10, -1));
    // The same on 32 bits.
    let mut r = Scalar::UNKNOWN;
    (r.s32_min, r.s32_max, r.u32_min) = (i32::MIN, 1, 3);
    r.sync();
    assert_eq!(bounds32(&r), (0x8000_0000, u32::MAX, i32::MIN, -1));
    // Inverted ranges are empty.
    assert!(Scalar::unsigned_range(5, 4).is_empty());
    assert!(!Scalar::UNKNOWN.is_empty());
}

#[test]
fn contains_is_subset() {
    let wide = Scalar::unsigned_range(0, 100);
    let narrow = Scalar::unsigned_range(10, 20);
    assert!(wide.contains(&narrow));
    assert!(!narrow.contains(&wide));
    assert!(Scalar::UNKNOWN.contains(&wide));
    assert!(wide.contains(&c(100)) && !wide.contains(&c(101)));
    // Same ranges, fewer known bits: not contained.
    let even = alu(AluOp::And, W64, wide, c(!1));
    assert!(wide.contains(&even));
    assert!(!even.contains(&wide));
    assert!(wide.has(57) && !even.has(57));
}

#[test]
fn display_follows_the_kernel_log() {
    assert_eq!(Scalar::UNKNOWN.to_string(), "scalar()");
    assert_eq!(c(5).to_string(), "5");
    assert_eq!(neg(-1).to_string(), "-1");
    assert_eq!(c(0x10_0000).to_string(), "0x100000");
    assert_eq!(c(u64::MAX - 1).to_string(), "-2");
    assert_eq!(
        Scalar::signed_range(-5, 5).to_string(),
        "scalar(smin=smin32=-5,smax=smax32=5)"
    );
    assert_eq!(
        Scalar::UNKNOWN.zext32().to_string(),
        "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))"
    );
    assert_eq!(
        Scalar::unsigned_range(1 << 32, (1 << 32) + 0x1_0000).to_string(),
        "scalar(smin=umin=0x100000000,smax=umax=0x100010000,smin32=0,smax32=umax32=0x10000,var_off=(0x100000000; 0x1ffff))"
    );
    let (negative, _) = refine(JmpCond::SLt, W64, true, Scalar::UNKNOWN, c(0)).unwrap();
    assert_eq!(
        negative.to_string(),
        "scalar(smax=-1,umin=0x8000000000000000,var_off=(0x8000000000000000; 0x7fffffffffffffff))"
    );
}

#[test]
fn odd_sizes_do_not_panic() {
    for size in 0..=9 {
        for s in [
            Scalar::UNKNOWN,
            byte(),
            neg(-3),
            Scalar::signed_range(-300, 300),
        ] {
            let _ = s.truncate(size);
            let _ = s.sign_extend(size);
        }
    }
    for bits in [0u8, 8, 16, 24, 32, 64] {
        for width in [W32, W64] {
            let _ = Scalar::movsx(width, bits, &Scalar::signed_range(-300, 300));
        }
        for kind in [Endian::ToLe, Endian::ToBe, Endian::Swap] {
            let _ = Scalar::endian(kind, bits, &byte());
        }
    }
    // Sign-extending 5 bytes keeps a range that stays on one side of bit 39.
    let r = Scalar::unsigned_range(5, 300).sign_extend(5);
    assert_eq!(bounds(&r), (5, 300, 5, 300));
    let r = Scalar::signed_range(-300, -5).sign_extend(5);
    assert_eq!((r.smin, r.smax), (-300, -5));
}
