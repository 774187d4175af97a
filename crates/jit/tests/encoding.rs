//! The assembler's encodings, decoded by iced-x86: every form with every register (and the
//! base registers that need special encodings) must decode to exactly one instruction with
//! the intended mnemonic and operands.

use iced_x86::{Decoder, DecoderOptions, Instruction, Mnemonic, OpKind, Register};
use sluice_jit::x86::asm::{Alu, Asm, Gpr, Shift, W};

const GPRS: [Gpr; 16] = [
    Gpr::Rax,
    Gpr::Rcx,
    Gpr::Rdx,
    Gpr::Rbx,
    Gpr::Rsp,
    Gpr::Rbp,
    Gpr::Rsi,
    Gpr::Rdi,
    Gpr::R8,
    Gpr::R9,
    Gpr::R10,
    Gpr::R11,
    Gpr::R12,
    Gpr::R13,
    Gpr::R14,
    Gpr::R15,
];

const R64: [Register; 16] = [
    Register::RAX,
    Register::RCX,
    Register::RDX,
    Register::RBX,
    Register::RSP,
    Register::RBP,
    Register::RSI,
    Register::RDI,
    Register::R8,
    Register::R9,
    Register::R10,
    Register::R11,
    Register::R12,
    Register::R13,
    Register::R14,
    Register::R15,
];

const R32: [Register; 16] = [
    Register::EAX,
    Register::ECX,
    Register::EDX,
    Register::EBX,
    Register::ESP,
    Register::EBP,
    Register::ESI,
    Register::EDI,
    Register::R8D,
    Register::R9D,
    Register::R10D,
    Register::R11D,
    Register::R12D,
    Register::R13D,
    Register::R14D,
    Register::R15D,
];

const R8: [Register; 16] = [
    Register::AL,
    Register::CL,
    Register::DL,
    Register::BL,
    Register::SPL,
    Register::BPL,
    Register::SIL,
    Register::DIL,
    Register::R8L,
    Register::R9L,
    Register::R10L,
    Register::R11L,
    Register::R12L,
    Register::R13L,
    Register::R14L,
    Register::R15L,
];

/// Assembles with `emit` and decodes exactly one instruction from the bytes.
fn one(emit: impl FnOnce(&mut Asm)) -> Instruction {
    let mut asm = Asm::default();
    emit(&mut asm);
    let bytes = asm.finish().expect("no labels");
    let mut decoder = Decoder::new(64, &bytes, DecoderOptions::NONE);
    let insn = decoder.decode();
    assert!(!insn.is_invalid(), "invalid encoding {bytes:02x?}");
    assert_eq!(
        insn.len(),
        bytes.len(),
        "more than one instruction in {bytes:02x?}"
    );
    insn
}

fn reg(index: usize, w: W) -> Register {
    match w {
        W::B64 => R64[index],
        W::B32 => R32[index],
        W::B8 => R8[index],
        W::B16 => unreachable!(),
    }
}

#[test]
fn register_to_register_forms() {
    for (d, &dst) in GPRS.iter().enumerate() {
        for (s, &src) in GPRS.iter().enumerate() {
            for w in [W::B32, W::B64] {
                let insn = one(|a| a.mov_rr(w, dst, src));
                assert_eq!(insn.mnemonic(), Mnemonic::Mov);
                assert_eq!(
                    (insn.op0_register(), insn.op1_register()),
                    (reg(d, w), reg(s, w))
                );
                for (alu, mnemonic) in [
                    (Alu::Add, Mnemonic::Add),
                    (Alu::Sub, Mnemonic::Sub),
                    (Alu::And, Mnemonic::And),
                    (Alu::Or, Mnemonic::Or),
                    (Alu::Xor, Mnemonic::Xor),
                    (Alu::Cmp, Mnemonic::Cmp),
                ] {
                    let insn = one(|a| a.alu_rr(w, alu, dst, src));
                    assert_eq!(insn.mnemonic(), mnemonic);
                    assert_eq!(
                        (insn.op0_register(), insn.op1_register()),
                        (reg(d, w), reg(s, w))
                    );
                }
                let insn = one(|a| a.imul_rr(w, dst, src));
                assert_eq!(insn.mnemonic(), Mnemonic::Imul);
                assert_eq!(
                    (insn.op0_register(), insn.op1_register()),
                    (reg(d, w), reg(s, w))
                );
            }
            let insn = one(|a| a.movsx(true, W::B8, dst, src));
            assert_eq!(insn.mnemonic(), Mnemonic::Movsx);
            assert_eq!((insn.op0_register(), insn.op1_register()), (R64[d], R8[s]));
            let insn = one(|a| a.movzx(W::B8, dst, src));
            assert_eq!(insn.mnemonic(), Mnemonic::Movzx);
            assert_eq!((insn.op0_register(), insn.op1_register()), (R32[d], R8[s]));
        }
    }
}

#[test]
fn immediates() {
    for (d, &dst) in GPRS.iter().enumerate() {
        for imm in [0i32, 1, -1, 127, 128, -129, i32::MAX, i32::MIN] {
            for w in [W::B32, W::B64] {
                let insn = one(|a| a.alu_ri(w, Alu::Add, dst, imm));
                assert_eq!(insn.mnemonic(), Mnemonic::Add);
                assert_eq!(insn.op0_register(), reg(d, w));
                // iced reports the immediate sign-extended to 64 bits; a 32-bit operation
                // sees its low half.
                let mask = if w == W::B64 { u64::MAX } else { 0xffff_ffff };
                let expected = imm as i64 as u64 & mask;
                assert_eq!(insn.immediate(1) & mask, expected, "add {dst:?}, {imm}");
                let insn = one(|a| a.test_ri(w, dst, imm));
                assert_eq!(insn.mnemonic(), Mnemonic::Test);
                assert_eq!(insn.immediate(1) & mask, expected);
            }
        }
        for value in [0u64, 1, 0xffff_ffff, 0x1_0000_0000, u64::MAX, 0x8000_0000] {
            let mut asm = Asm::default();
            asm.mov_imm64(dst, value);
            let bytes = asm.finish().expect("no labels");
            let mut decoder = Decoder::new(64, &bytes, DecoderOptions::NONE);
            let insn = decoder.decode();
            // `xor r32, r32` for zero, `mov` otherwise.
            if value == 0 {
                assert_eq!(insn.mnemonic(), Mnemonic::Xor);
            } else {
                assert_eq!(insn.mnemonic(), Mnemonic::Mov);
                let got = match insn.op1_kind() {
                    OpKind::Immediate32 => u64::from(insn.immediate32()),
                    _ => insn.immediate(1),
                };
                let got = if insn.op0_register() == R32[d] {
                    got & 0xffff_ffff
                } else {
                    got
                };
                assert_eq!(got, value, "mov {dst:?}, {value:#x}");
            }
        }
        for (shift, mnemonic) in [
            (Shift::Shl, Mnemonic::Shl),
            (Shift::Shr, Mnemonic::Shr),
            (Shift::Sar, Mnemonic::Sar),
        ] {
            let insn = one(|a| a.shift_ri(W::B64, shift, dst, 63));
            assert_eq!((insn.mnemonic(), insn.op0_register()), (mnemonic, R64[d]));
            let insn = one(|a| a.shift_cl(W::B32, shift, dst));
            assert_eq!(
                (insn.mnemonic(), insn.op1_register()),
                (mnemonic, Register::CL)
            );
        }
    }
}

#[test]
fn memory_operands() {
    for (b, &base) in GPRS.iter().enumerate() {
        for disp in [0i32, 8, -8, 127, -128, 300, -4096] {
            for (d, &dst) in GPRS.iter().enumerate() {
                let insn = one(|a| a.load(W::B64, dst, base, disp));
                assert_eq!(insn.mnemonic(), Mnemonic::Mov);
                assert_eq!(insn.op0_register(), R64[d]);
                assert_eq!(insn.memory_base(), R64[b]);
                assert_eq!(insn.memory_displacement64() as i64, i64::from(disp));
                let insn = one(|a| a.store(W::B8, base, disp, dst));
                assert_eq!(insn.mnemonic(), Mnemonic::Mov);
                assert_eq!(
                    insn.op1_register(),
                    R8[d],
                    "mov [{base:?}{disp:+}], {dst:?}"
                );
                assert_eq!(insn.memory_base(), R64[b]);
                assert_eq!(insn.memory_displacement64() as i64, i64::from(disp));
                let insn = one(|a| a.load_sx(W::B32, dst, base, disp));
                assert_eq!(insn.mnemonic(), Mnemonic::Movsxd);
                let insn = one(|a| a.lock_cmpxchg(W::B64, base, disp, dst));
                assert_eq!(insn.mnemonic(), Mnemonic::Cmpxchg);
                assert!(insn.has_lock_prefix());
            }
            let insn = one(|a| a.store_imm(W::B16, base, disp, -2));
            assert_eq!(insn.mnemonic(), Mnemonic::Mov);
            assert_eq!(insn.memory_base(), R64[b]);
            assert_eq!(insn.immediate(1), 0xfffe);
        }
    }
}
