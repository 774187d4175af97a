//! Soundness of the scalar domain against the concrete semantics of `sluice_isa::semantics`.
//!
//! Every test draws abstract values together with some of their concrete members, runs the
//! abstract operation and the concrete one, and checks that the concrete result is a member of
//! the abstract result. Abstract values come in two shapes: the tightest description of a few
//! concrete values (a join of constants), and loose descriptions built from random ranges and
//! tnums around a seed value, whose members are found by projecting random values onto the
//! tnum and keeping those inside every range. Concrete values lean towards the edges where
//! bounds arithmetic goes wrong: 0, small numbers, both sign boundaries of both widths, and
//! `u64::MAX`.

use proptest::prelude::*;
use proptest::test_runner::Config;
use sluice_isa::{AluOp, Endian, JmpCond, Width, semantics};
use sluice_verifier::scalar::Scalar;
use sluice_verifier::tnum::Tnum;

const CASES: u32 = 2000;
const WIDTHS: [Width; 2] = [Width::W32, Width::W64];

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

/// 32-bit values near the edges.
fn edge_u32() -> impl Strategy<Value = u32> {
    prop_oneof![
        0u32..=40,
        (0u32..=8).prop_map(|d| 0x7fff_ffff - d),
        (0u32..=8).prop_map(|d| 0x8000_0000 + d),
        (0u32..=8).prop_map(|d| u32::MAX - d),
        (0u32..=16).prop_map(|k| 1 << (k % 32)),
        any::<u32>(),
    ]
}

/// 64-bit values near the edges, plus uniform ones.
fn edge_u64() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => 0u64..=70,
        2 => (-70i64..=-1).prop_map(|v| v as u64),
        1 => (0u64..=8).prop_map(|d| (1 << 63) + d),
        1 => (0u64..=8).prop_map(|d| (1 << 63) - 1 - d),
        1 => (0u64..=8).prop_map(|d| u64::MAX - d),
        2 => edge_u32().prop_map(u64::from),
        2 => edge_u32().prop_map(|v| i64::from(v as i32) as u64),
        2 => (edge_u32(), edge_u32()).prop_map(|(hi, lo)| (u64::from(hi) << 32) | u64::from(lo)),
        1 => (0u32..64).prop_map(|k| 1u64 << k),
        1 => (0u32..64).prop_map(|k| (1u64 << k).wrapping_sub(1)),
        3 => any::<u64>(),
    ]
}

/// A distance for building ranges around a seed: none, small, a power of two, or anything.
fn spread() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        0u64..=16,
        (0u32..64).prop_map(|k| 1u64 << k),
        any::<u64>(),
        Just(u64::MAX),
    ]
}

/// Unknown-bit masks for tnums: none, all, low bits, high bits, random.
fn tnum_mask() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(u64::MAX),
        (0u32..64).prop_map(|k| (1u64 << k) - 1),
        (0u32..64).prop_map(|k| !((1u64 << k) - 1)),
        any::<u32>().prop_map(u64::from),
        any::<u64>(),
        (any::<u64>(), any::<u64>()).prop_map(|(a, b)| a & b),
    ]
}

/// A tnum and some of its members.
fn tnum_with_members() -> impl Strategy<Value = (Tnum, Vec<u64>)> {
    (
        edge_u64(),
        tnum_mask(),
        prop::collection::vec(any::<u64>(), 1..=4),
    )
        .prop_map(|(seed, mask, randoms)| {
            let tnum = Tnum::new(seed, mask);
            let mut members = vec![seed & !mask, tnum.umax()];
            members.extend(randoms.iter().map(|r| (r & mask) | tnum.value));
            (tnum, members)
        })
}

/// An abstract value and some of its members.
type Sample = (Scalar, Vec<u64>);

/// The tightest description of `values`, by joining constants.
fn join(values: &[u64]) -> Scalar {
    values
        .iter()
        .map(|&v| Scalar::constant(v))
        .reduce(|a, b| a.union(&b))
        .expect("at least one value")
}

/// A join of a few values, with those values as members.
fn joined(seed: u64) -> impl Strategy<Value = Sample> {
    prop::collection::vec(edge_u64(), 0..=3).prop_map(move |mut values| {
        values.push(seed);
        (join(&values), values)
    })
}

/// A loose description around `seed`: each range, when present, contains the seed and reaches
/// out by random distances; the tnum contains the seed. Members are the seed, the bounds that
/// are members, and random values projected onto the tnum that land inside every range.
fn loose(seed: u64) -> impl Strategy<Value = Sample> {
    let range = || prop::option::of((spread(), spread()));
    (
        range(),
        range(),
        range(),
        range(),
        tnum_mask(),
        prop::collection::vec(edge_u64(), 4..=8),
    )
        .prop_map(move |(u, s, u32r, s32r, mask, candidates)| {
            let mut scalar = Scalar::UNKNOWN;
            if let Some((down, up)) = u {
                scalar.umin = seed.saturating_sub(down);
                scalar.umax = seed.saturating_add(up);
            }
            if let Some((down, up)) = s {
                let v = seed as i64;
                scalar.smin = v.saturating_sub(down.min(i64::MAX as u64) as i64);
                scalar.smax = v.saturating_add(up.min(i64::MAX as u64) as i64);
            }
            if let Some((down, up)) = u32r {
                let v = seed as u32;
                scalar.u32_min = v.saturating_sub(down as u32);
                scalar.u32_max = v.saturating_add(up as u32);
            }
            if let Some((down, up)) = s32r {
                let v = seed as i32;
                scalar.s32_min = v.saturating_sub((down as u32).min(i32::MAX as u32) as i32);
                scalar.s32_max = v.saturating_add((up as u32).min(i32::MAX as u32) as i32);
            }
            scalar.var_off = Tnum::new(seed, mask);
            scalar.sync();
            assert!(
                scalar.has(seed),
                "generator lost its seed {seed:#x}: {scalar:?}"
            );
            let mut members = vec![seed];
            let bounds = [
                scalar.umin,
                scalar.umax,
                scalar.smin as u64,
                scalar.smax as u64,
                scalar.var_off.value,
                scalar.var_off.umax(),
                (seed & !0xffff_ffff) | u64::from(scalar.u32_min),
                (seed & !0xffff_ffff) | u64::from(scalar.u32_max),
            ];
            for candidate in bounds.into_iter().chain(
                candidates
                    .iter()
                    .map(|c| (c & scalar.var_off.mask) | scalar.var_off.value),
            ) {
                if scalar.has(candidate) && !members.contains(&candidate) {
                    members.push(candidate);
                }
            }
            (scalar, members)
        })
}

/// An abstract value around `seed`, of either shape.
fn around(seed: u64) -> BoxedStrategy<Sample> {
    prop_oneof![
        1 => Just((Scalar::constant(seed), vec![seed])),
        3 => joined(seed),
        4 => loose(seed),
    ]
    .boxed()
}

/// Any abstract value with some members.
fn scalar() -> BoxedStrategy<Sample> {
    edge_u64().prop_flat_map(around).boxed()
}

/// Two abstract values that often share members or sit next to each other, so that equality
/// and ordering conditions hold for some pairs and fail for others.
fn related_pair() -> BoxedStrategy<(Sample, Sample)> {
    prop_oneof![
        (scalar(), scalar()),
        scalar().prop_flat_map(|(dst, members)| {
            let m = members[0];
            let seed = prop_oneof![
                Just(m),
                (0u64..=4).prop_map(move |d| m.wrapping_add(d)),
                (0u64..=4).prop_map(move |d| m.wrapping_sub(d)),
                any::<u32>().prop_map(move |lo| (m & !0xffff_ffff) | u64::from(lo)),
                any::<u32>().prop_map(move |hi| (u64::from(hi) << 32) | (m & 0xffff_ffff)),
                (0u32..64).prop_map(move |k| m ^ (1 << k)),
                Just(m & m.wrapping_neg()),
            ];
            (Just((dst, members)), seed.prop_flat_map(around))
        }),
    ]
    .boxed()
}

/// Sign-extends the low `bits` bits of `value`.
fn sext(value: u64, bits: u32) -> u64 {
    let shift = 64 - bits;
    (((value << shift) as i64) >> shift) as u64
}

/// Checks the invariant every result must keep for a non-empty input: not reported empty.
fn assert_not_empty(scalar: &Scalar, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(!scalar.is_empty(), "{what} gave an empty set: {:?}", scalar);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_members_are_members((s, members) in scalar()) {
        for &m in &members {
            prop_assert!(s.has(m), "{m:#x} not in {s:?}");
        }
        assert_not_empty(&s, "the generator")?;
    }

    #[test]
    fn tnum_ops_are_sound((a, am) in tnum_with_members(), (b, bm) in tnum_with_members(), k in 0u32..64) {
        for &x in &am {
            prop_assert!(a.has(x));
            prop_assert!(a.lshift(k).has(x << k));
            prop_assert!(a.rshift(k).has(x >> k));
            prop_assert!(a.arshift(k, 64).has(((x as i64) >> k) as u64));
            prop_assert!(a.arshift(k % 32, 32).has(u64::from(((x as i32) >> (k % 32)) as u32)));
            prop_assert!(a.neg().has(x.wrapping_neg()));
            prop_assert!(a.bswap16().has(u64::from((x as u16).swap_bytes())));
            prop_assert!(a.bswap32().has(u64::from((x as u32).swap_bytes())));
            prop_assert!(a.bswap64().has(x.swap_bytes()));
            prop_assert!(a.cast(1).has(x & 0xff));
            prop_assert!(a.subreg().has(x & 0xffff_ffff));
            prop_assert!(Tnum::range(x.min(k.into()), x.max(k.into())).has(x));
            for &y in &bm {
                prop_assert!(a.add(b).has(x.wrapping_add(y)), "{a:?} + {b:?}: {x:#x} + {y:#x}");
                prop_assert!(a.sub(b).has(x.wrapping_sub(y)), "{a:?} - {b:?}: {x:#x} - {y:#x}");
                prop_assert!(a.mul(b).has(x.wrapping_mul(y)), "{a:?} * {b:?}: {x:#x} * {y:#x}");
                prop_assert!(a.and(b).has(x & y));
                prop_assert!(a.or(b).has(x | y));
                prop_assert!(a.xor(b).has(x ^ y));
                prop_assert!(a.union(b).has(x) && a.union(b).has(y));
                prop_assert!(a.with_subreg(b).has((x & !0xffff_ffff) | (y & 0xffff_ffff)));
                if b.has(x) {
                    prop_assert!(a.overlaps(b));
                    prop_assert!(a.intersect(b).has(x));
                }
            }
        }
    }

    #[test]
    fn alu_is_sound(((d, dm), (s, sm)) in related_pair()) {
        for op in AluOp::ALL {
            for width in WIDTHS {
                let result = Scalar::alu(op, width, &d, &s);
                assert_not_empty(&result, &format!("{op:?} {width:?}"))?;
                for &a in &dm {
                    for &b in &sm {
                        let c = semantics::alu(op, width, a, b);
                        prop_assert!(
                            result.has(c),
                            "{op:?} {width:?}: {a:#x} op {b:#x} = {c:#x} not in {result:?}\n  dst {d:?}\n  src {s:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn alu_with_constant_source_is_sound((d, dm) in scalar(), k in prop_oneof![0u64..=66, edge_u64()]) {
        let s = Scalar::constant(k);
        for op in AluOp::ALL {
            for width in WIDTHS {
                let result = Scalar::alu(op, width, &d, &s);
                for &a in &dm {
                    let c = semantics::alu(op, width, a, k);
                    prop_assert!(
                        result.has(c),
                        "{op:?} {width:?}: {a:#x} op {k:#x} = {c:#x} not in {result:?}\n  dst {d:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn neg_is_sound((d, dm) in scalar()) {
        for width in WIDTHS {
            let result = Scalar::neg(width, &d);
            assert_not_empty(&result, "neg")?;
            for &a in &dm {
                let c = semantics::alu(AluOp::Sub, width, 0, a);
                prop_assert!(result.has(c), "neg {width:?} {a:#x} = {c:#x} not in {result:?} from {d:?}");
            }
        }
    }

    #[test]
    fn endian_is_sound((d, dm) in scalar()) {
        for kind in [Endian::ToLe, Endian::ToBe, Endian::Swap] {
            for bits in [16u8, 32, 64] {
                let result = Scalar::endian(kind, bits, &d);
                for &a in &dm {
                    let c = match (kind, bits) {
                        (Endian::ToLe, 16) => a & 0xffff,
                        (Endian::ToLe, 32) => a & 0xffff_ffff,
                        (Endian::ToLe, _) => a,
                        (_, 16) => u64::from((a as u16).swap_bytes()),
                        (_, 32) => u64::from((a as u32).swap_bytes()),
                        (_, _) => a.swap_bytes(),
                    };
                    prop_assert!(result.has(c), "{kind:?}{bits} {a:#x} = {c:#x} not in {result:?} from {d:?}");
                }
            }
        }
    }

    #[test]
    fn casts_are_sound((d, dm) in scalar()) {
        let zext = d.zext32();
        for &a in &dm {
            prop_assert!(zext.has(a & 0xffff_ffff), "zext32 {a:#x} not in {zext:?} from {d:?}");
        }
        for size in [1u32, 2, 4, 8] {
            let bits = size * 8;
            let truncated = d.truncate(size);
            let extended = d.sign_extend(size);
            for &a in &dm {
                let low = if bits == 64 { a } else { a & ((1 << bits) - 1) };
                prop_assert!(truncated.has(low), "truncate({size}) {a:#x} not in {truncated:?} from {d:?}");
                let sx = sext(a, bits);
                prop_assert!(extended.has(sx), "sign_extend({size}) {a:#x} = {sx:#x} not in {extended:?} from {d:?}");
            }
        }
        for bits in [8u8, 16, 32] {
            let wide = Scalar::movsx(Width::W64, bits, &d);
            for &a in &dm {
                let c = sext(a, u32::from(bits));
                prop_assert!(wide.has(c), "movsx64 s{bits} {a:#x} = {c:#x} not in {wide:?} from {d:?}");
            }
        }
        for bits in [8u8, 16] {
            let narrow = Scalar::movsx(Width::W32, bits, &d);
            for &a in &dm {
                let c = sext(a, u32::from(bits)) & 0xffff_ffff;
                prop_assert!(narrow.has(c), "movsx32 s{bits} {a:#x} = {c:#x} not in {narrow:?} from {d:?}");
            }
        }
    }

    #[test]
    fn branches_are_sound(((d, dm), (s, sm)) in related_pair()) {
        for cond in JmpCond::ALL {
            for width in WIDTHS {
                let decided = Scalar::is_branch_taken(cond, width, &d, &s);
                for &a in &dm {
                    for &b in &sm {
                        let holds = semantics::cond(cond, width, a, b);
                        if let Some(outcome) = decided {
                            prop_assert_eq!(
                                holds, outcome,
                                "{:?} {:?} decided for {:#x}, {:#x}\n  dst {:?}\n  src {:?}", cond, width, a, b, d, s
                            );
                        }
                    }
                }
                for taken in [true, false] {
                    let (mut d2, mut s2) = (d, s);
                    let feasible = Scalar::refine(cond, width, taken, &mut d2, &mut s2);
                    for &a in &dm {
                        for &b in &sm {
                            if semantics::cond(cond, width, a, b) != taken {
                                continue;
                            }
                            prop_assert!(
                                feasible && d2.has(a) && s2.has(b),
                                "{cond:?} {width:?} taken={taken} lost {a:#x}, {b:#x} (feasible {feasible})\n  dst {d:?} -> {d2:?}\n  src {s:?} -> {s2:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn same_register_branches_are_sound((d, dm) in scalar()) {
        for cond in JmpCond::ALL {
            for width in WIDTHS {
                if let Some(outcome) = Scalar::is_branch_taken_same(cond, width, &d) {
                    for &a in &dm {
                        prop_assert_eq!(semantics::cond(cond, width, a, a), outcome, "{:?} {:?} {:#x}", cond, width, a);
                    }
                }
            }
        }
    }

    #[test]
    fn sync_is_idempotent_and_keeps_members((d, dm) in scalar()) {
        let mut once = d;
        once.sync();
        let mut twice = once;
        twice.sync();
        prop_assert_eq!(once, twice);
        for &m in &dm {
            prop_assert!(once.has(m));
        }
    }

    #[test]
    fn sync_of_loose_bounds_keeps_members(seed in edge_u64(), (a, b, c, e) in (spread(), spread(), spread(), spread()), mask in tnum_mask()) {
        // Raw, unsynced bounds around a seed: syncing must keep the seed and must settle.
        let mut raw = Scalar::UNKNOWN;
        raw.umin = seed.saturating_sub(a);
        raw.smax = (seed as i64).saturating_add(b.min(i64::MAX as u64) as i64);
        raw.u32_max = (seed as u32).saturating_add(c as u32);
        raw.s32_min = (seed as i32).saturating_sub((e as u32).min(i32::MAX as u32) as i32);
        raw.var_off = Tnum::new(seed, mask);
        let mut once = raw;
        once.sync();
        prop_assert!(once.has(seed), "sync lost {seed:#x}: {raw:?} -> {once:?}");
        prop_assert!(raw.contains(&once));
        let mut twice = once;
        twice.sync();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn contains_is_reflexive_and_agrees_with_has(((d, dm), (s, sm)) in related_pair()) {
        prop_assert!(d.contains(&d));
        let joined = d.union(&s);
        prop_assert!(joined.contains(&d) && joined.contains(&s), "{joined:?} ⊉ {d:?} ∪ {s:?}");
        for &m in dm.iter().chain(&sm) {
            prop_assert!(joined.has(m));
        }
        if d.contains(&s) {
            for &m in &sm {
                prop_assert!(d.has(m), "{d:?} contains {s:?} but not its member {m:#x}");
            }
        }
        // A constant is contained exactly when it is a member.
        for &m in &sm {
            prop_assert_eq!(d.contains(&Scalar::constant(m)), d.has(m));
        }
    }
}
