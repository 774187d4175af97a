//! Disassemble-then-assemble gives back the same bytes, for every valid encoding, in both
//! syntaxes.
//!
//! Two generators: a sweep over every opcode, register pair and a spread of offsets and
//! immediates (including the edges of their ranges), and proptest over fully random slots.

use proptest::prelude::*;
use sluice_isa::asm::assemble;
use sluice_isa::disasm::format_insn;
use sluice_isa::{RawInsn, Syntax, decode_at};

const SYNTAXES: [Syntax; 2] = [Syntax::Llvm, Syntax::Conformance];

/// Checks one instruction (one or two slots). Returns whether it decoded.
fn check(slots: &[RawInsn]) -> bool {
    let Ok(insn) = decode_at(slots) else {
        return false;
    };
    let expected = &slots[..insn.n_slots()];
    for syntax in SYNTAXES {
        let text = format_insn(&insn, syntax);
        let assembled = assemble(&text, syntax).unwrap_or_else(|error| {
            panic!("{syntax} `{text}` from {expected:?} does not assemble: {error}")
        });
        assert_eq!(
            assembled, expected,
            "{syntax} `{text}` assembles to different bytes"
        );
    }
    true
}

const OFFSETS: [i16; 9] = [0, 1, -1, 8, 16, 32, 0x7fff, -0x8000, 1234];
const IMMEDIATES: [i32; 14] = [
    0,
    1,
    -1,
    16,
    32,
    64,
    0x7fff_ffff,
    i32::MIN,
    0x100,
    0x110,
    0x41,
    0xe1,
    0xf1,
    0x12345678,
];

#[test]
fn every_opcode_and_register_pair() {
    let mut n_valid = 0;
    for code in 0..=255u8 {
        for dst in 0..16 {
            for src in 0..16 {
                for off in OFFSETS {
                    for imm in IMMEDIATES {
                        let first = RawInsn::new(code, dst, src, off, imm);
                        let second = RawInsn::new(0, 0, 0, 0, imm.rotate_left(7));
                        if check(&[first, second]) {
                            n_valid += 1;
                        }
                    }
                }
            }
        }
    }
    // Sanity: the sweep must have found a large number of valid encodings.
    assert!(n_valid > 100_000, "only {n_valid} valid encodings found");
}

fn any_slot() -> impl Strategy<Value = RawInsn> {
    (any::<u8>(), 0u8..16, 0u8..16, any::<i16>(), any::<i32>())
        .prop_map(|(code, dst, src, off, imm)| RawInsn::new(code, dst, src, off, imm))
}

/// Slots whose opcode is one that decodes for some field values, so most cases are valid.
fn plausible_slot() -> impl Strategy<Value = RawInsn> {
    let valid_codes: Vec<u8> = (0..=255u8)
        .filter(|code| {
            (0..11).any(|dst| {
                (0..11).any(|src| {
                    [0i16, 1, 8].iter().any(|off| {
                        [0i32, 16, 1, 0x100].iter().any(|imm| {
                            decode_at(&[
                                RawInsn::new(*code, dst, src, *off, *imm),
                                RawInsn::default(),
                            ])
                            .is_ok()
                        })
                    })
                })
            })
        })
        .collect();
    (
        prop::sample::select(valid_codes),
        0u8..11,
        0u8..11,
        any::<i16>(),
        any::<i32>(),
        0u8..4,
    )
        .prop_map(|(code, dst, src, off, imm, zero_mask)| {
            // Reserved fields are often zero in real code; zero some of them at random.
            let off = if zero_mask & 1 != 0 { 0 } else { off };
            let imm = if zero_mask & 2 != 0 { 0 } else { imm };
            RawInsn::new(code, dst, src, off, imm)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn random_slots_round_trip(first in any_slot(), second in any_slot()) {
        check(&[first, second]);
    }

    #[test]
    fn plausible_slots_round_trip(first in plausible_slot(), hi in any::<i32>()) {
        check(&[first, RawInsn::new(0, 0, 0, 0, hi)]);
    }
}
