//! Random programs the verifier accepts give the same result on the interpreter, the JIT and
//! the JIT with constant blinding.
//!
//! A generated program sets `r0`..`r9` to random constants and fills eight stack slots, then
//! runs a random body of ALU operations (every operation, 32 and 64 bits, immediate and
//! register operands, including division and modulo by registers that may be 0, shifts by
//! registers, negation, byte swaps, sign-extending moves, `lddw`), loads and stores of every
//! size on the stack, atomics on the stack (with and without fetch, exchange, compare-exchange)
//! and forward conditional jumps of every condition; at the end it folds every register and
//! stack slot into `r0`, so any difference in any of them shows. The verifier must accept
//! every generated program (it has no pointer but `r10` and reads nothing uninitialized); the
//! test checks that too, so a change that makes the generator produce rejected programs fails
//! instead of testing nothing. 256 cases by default (`PROPTEST_CASES` to change it), about a
//! second in a debug build.

use proptest::prelude::*;
use sluice_abi::prog_type::ProgType;
use sluice_interp::{Config, Executable, Interpreter, Memory, NoHelpers, Region};
use sluice_isa::{
    AluOp, AtomicOp, Endian, Instruction, JmpCond, LdImm64, Program, Reg, Size, Source, Syntax,
    Width,
};
use sluice_jit::{JitOptions, JitProgram};
use sluice_verifier::VerifyOptions;

/// Stack slots the program uses: `r10 - 8` to `r10 - 64`.
const N_SLOTS: i16 = 8;

/// One step of a generated body.
#[derive(Clone, Debug)]
enum Op {
    Alu {
        width: Width,
        op: AluOp,
        dst: u8,
        src: Operand,
    },
    Neg(Width, u8),
    Endian(Endian, u8, u8),
    MovSx(Width, u8, u8, u8),
    LdImm64(u8, u64),
    Load(Size, bool, u8, i16),
    Store(Size, i16, Operand),
    Atomic(Size, AtomicOp, u8, i16),
    /// `if dst COND src goto +skip`, `skip` clamped to the ops left.
    Jump(Width, JmpCond, u8, Operand, u8),
}

#[derive(Clone, Debug)]
enum Operand {
    Reg(u8),
    Imm(i32),
}

fn reg(n: u8) -> Reg {
    Reg::new(n).expect("r0..r9")
}

fn width() -> impl Strategy<Value = Width> {
    prop_oneof![Just(Width::W64), Just(Width::W32)]
}

fn size() -> impl Strategy<Value = Size> {
    prop_oneof![Just(Size::B), Just(Size::H), Just(Size::W), Just(Size::DW)]
}

/// Immediates near the interesting edges as well as anywhere.
fn imm() -> impl Strategy<Value = i32> {
    prop_oneof![
        any::<i32>(),
        -2i32..=2,
        Just(i32::MIN),
        Just(i32::MAX),
        Just(0x7fff_ffff),
        Just(-0x8000_0000),
        Just(0xffff),
        Just(0x80),
    ]
}

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        (0u8..10).prop_map(Operand::Reg),
        imm().prop_map(Operand::Imm)
    ]
}

fn alu_op() -> impl Strategy<Value = AluOp> {
    prop_oneof![
        Just(AluOp::Add),
        Just(AluOp::Sub),
        Just(AluOp::Mul),
        Just(AluOp::Div),
        Just(AluOp::SDiv),
        Just(AluOp::Or),
        Just(AluOp::And),
        Just(AluOp::Lsh),
        Just(AluOp::Rsh),
        Just(AluOp::Mod),
        Just(AluOp::SMod),
        Just(AluOp::Xor),
        Just(AluOp::Mov),
        Just(AluOp::Arsh),
    ]
}

fn cond() -> impl Strategy<Value = JmpCond> {
    prop_oneof![
        Just(JmpCond::Eq),
        Just(JmpCond::Ne),
        Just(JmpCond::Gt),
        Just(JmpCond::Ge),
        Just(JmpCond::Lt),
        Just(JmpCond::Le),
        Just(JmpCond::SGt),
        Just(JmpCond::SGe),
        Just(JmpCond::SLt),
        Just(JmpCond::SLe),
        Just(JmpCond::Set),
    ]
}

fn atomic_op() -> impl Strategy<Value = AtomicOp> {
    prop_oneof![
        any::<bool>().prop_map(|fetch| AtomicOp::Add { fetch }),
        any::<bool>().prop_map(|fetch| AtomicOp::Or { fetch }),
        any::<bool>().prop_map(|fetch| AtomicOp::And { fetch }),
        any::<bool>().prop_map(|fetch| AtomicOp::Xor { fetch }),
        Just(AtomicOp::Xchg),
        Just(AtomicOp::CmpXchg),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (width(), alu_op(), 0u8..10, operand()).prop_map(|(width, op, dst, src)| Op::Alu {
            width,
            op,
            dst,
            src
        }),
        1 => (width(), 0u8..10).prop_map(|(w, d)| Op::Neg(w, d)),
        1 => (
            prop_oneof![Just(Endian::ToLe), Just(Endian::ToBe), Just(Endian::Swap)],
            prop_oneof![Just(16u8), Just(32), Just(64)],
            0u8..10
        )
            .prop_map(|(kind, bits, dst)| Op::Endian(kind, bits, dst)),
        1 => (width(), prop_oneof![Just(8u8), Just(16), Just(32)], 0u8..10, 0u8..10)
            .prop_map(|(w, bits, d, s)| Op::MovSx(w, bits, d, s)),
        1 => (0u8..10, any::<u64>()).prop_map(|(d, v)| Op::LdImm64(d, v)),
        2 => (size(), any::<bool>(), 0u8..10, 0i16..N_SLOTS * 8)
            .prop_map(|(size, sx, d, at)| Op::Load(size, sx, d, at)),
        2 => (size(), 0i16..N_SLOTS * 8, operand()).prop_map(|(size, at, src)| Op::Store(
            size, at, src
        )),
        1 => (
            prop_oneof![Just(Size::W), Just(Size::DW)],
            atomic_op(),
            0u8..10,
            0i16..N_SLOTS
        )
            .prop_map(|(size, op, src, slot)| Op::Atomic(size, op, src, slot)),
        2 => (width(), cond(), 0u8..10, operand(), 0u8..8)
            .prop_map(|(w, c, d, s, skip)| Op::Jump(w, c, d, s, skip)),
    ]
}

fn source(operand: &Operand) -> Source {
    match *operand {
        Operand::Reg(r) => Source::Reg(reg(r)),
        Operand::Imm(imm) => Source::Imm(imm),
    }
}

/// The offset from `r10` of a `size` access at byte `at` of the slots, aligned down.
fn stack_off(size: Size, at: i16) -> i16 {
    let bytes = size.bytes() as i16;
    -(N_SLOTS * 8) + (at / bytes) * bytes
}

/// The instructions of one op, each one slot except `lddw`.
fn lower(op: &Op, ops_left: usize) -> Vec<Instruction> {
    match op {
        Op::Alu {
            width,
            op,
            dst,
            src,
        } => {
            let bits = if *width == Width::W64 { 64 } else { 32 };
            let src = match (op, src) {
                // The verifier refuses a constant shift past the width and a constant
                // division by 0.
                (AluOp::Lsh | AluOp::Rsh | AluOp::Arsh, Operand::Imm(imm)) => {
                    Source::Imm(imm.rem_euclid(bits))
                }
                (AluOp::Div | AluOp::SDiv | AluOp::Mod | AluOp::SMod, Operand::Imm(0)) => {
                    Source::Imm(7)
                }
                (_, src) => source(src),
            };
            vec![Instruction::Alu {
                width: *width,
                op: *op,
                dst: reg(*dst),
                src,
            }]
        }
        Op::Neg(width, dst) => vec![Instruction::Neg {
            width: *width,
            dst: reg(*dst),
        }],
        Op::Endian(kind, bits, dst) => vec![Instruction::Endian {
            kind: *kind,
            bits: *bits,
            dst: reg(*dst),
        }],
        Op::MovSx(width, bits, dst, src) => vec![Instruction::MovSx {
            width: *width,
            // 32-bit moves sign-extend from 8 or 16 bits only.
            bits: if *width == Width::W32 && *bits == 32 {
                16
            } else {
                *bits
            },
            dst: reg(*dst),
            src: reg(*src),
        }],
        Op::LdImm64(dst, value) => vec![Instruction::LdImm64 {
            dst: reg(*dst),
            value: LdImm64::Imm(*value),
        }],
        Op::Load(size, sign_extend, dst, at) => vec![Instruction::Load {
            size: *size,
            // Sign-extending loads of 8 bytes do not exist.
            sign_extend: *sign_extend && *size != Size::DW,
            dst: reg(*dst),
            src: Reg::R10,
            off: stack_off(*size, *at),
        }],
        Op::Store(size, at, src) => vec![Instruction::Store {
            size: *size,
            dst: Reg::R10,
            off: stack_off(*size, *at),
            src: source(src),
        }],
        Op::Atomic(size, op, src, slot) => {
            let bytes = size.bytes() as i16;
            vec![Instruction::Atomic {
                size: *size,
                op: *op,
                dst: Reg::R10,
                src: reg(*src),
                off: -(N_SLOTS * 8) + (slot * 8) / bytes * bytes,
            }]
        }
        Op::Jump(width, cond, dst, src, skip) => vec![Instruction::Jmp {
            width: *width,
            cond: *cond,
            dst: reg(*dst),
            src: source(src),
            off: i16::from(*skip).min(ops_left as i16),
        }],
    }
}

/// The whole program: set-up, body, then everything folded into `r0`.
fn build(init: &[u64; 10], slots: &[u64; 8], body: &[Op]) -> Program {
    let mut insns = Vec::new();
    for (i, value) in slots.iter().enumerate() {
        insns.push(Instruction::LdImm64 {
            dst: Reg::R1,
            value: LdImm64::Imm(*value),
        });
        insns.push(Instruction::Store {
            size: Size::DW,
            dst: Reg::R10,
            off: -(N_SLOTS * 8) + 8 * i as i16,
            src: Source::Reg(Reg::R1),
        });
    }
    for (r, value) in init.iter().enumerate() {
        insns.push(Instruction::LdImm64 {
            dst: reg(r as u8),
            value: LdImm64::Imm(*value),
        });
    }
    // Jumps skip ops, so each op's instructions are counted in ops, not slots: lower each op,
    // then turn "skip n ops" into a slot offset.
    let lowered: Vec<Vec<Instruction>> = body
        .iter()
        .enumerate()
        .map(|(i, op)| lower(op, body.len() - i - 1))
        .collect();
    let slots_of = |insns: &[Instruction]| insns.iter().map(Instruction::n_slots).sum::<usize>();
    for (i, op_insns) in lowered.iter().enumerate() {
        for insn in op_insns {
            let insn = match *insn {
                Instruction::Jmp {
                    width,
                    cond,
                    dst,
                    src,
                    off,
                } => {
                    let skipped: usize = lowered[i + 1..i + 1 + off as usize]
                        .iter()
                        .map(|insns| slots_of(insns))
                        .sum();
                    Instruction::Jmp {
                        width,
                        cond,
                        dst,
                        src,
                        off: skipped as i16,
                    }
                }
                other => other,
            };
            insns.push(insn);
        }
    }
    for r in 1..10 {
        insns.push(Instruction::Alu {
            width: Width::W64,
            op: AluOp::Xor,
            dst: Reg::R0,
            src: Source::Reg(reg(r)),
        });
        insns.push(Instruction::Alu {
            width: Width::W64,
            op: AluOp::Mul,
            dst: Reg::R0,
            src: Source::Imm(0x0100_0193),
        });
    }
    for i in 0..N_SLOTS {
        insns.push(Instruction::Load {
            size: Size::DW,
            sign_extend: false,
            dst: Reg::R1,
            src: Reg::R10,
            off: -(N_SLOTS * 8) + 8 * i,
        });
        insns.push(Instruction::Alu {
            width: Width::W64,
            op: AluOp::Xor,
            dst: Reg::R0,
            src: Source::Reg(Reg::R1),
        });
        insns.push(Instruction::Alu {
            width: Width::W64,
            op: AluOp::Mul,
            dst: Reg::R0,
            src: Source::Imm(0x0100_0193),
        });
    }
    insns.push(Instruction::Exit);
    Program::from_instructions(&insns).expect("generated instructions encode")
}

fn listing(program: &Program) -> String {
    sluice_isa::disasm::disassemble(
        program.slots(),
        sluice_isa::disasm::ListingOptions {
            syntax: Syntax::Llvm,
            show_index: true,
            show_bytes: false,
        },
    )
    .text
}

/// Runs with a 16-byte context the program does not read.
fn run_interp(executable: &Executable) -> Result<u64, String> {
    let mut ctx = [0u8; 16];
    let mut memory = Memory::new();
    let region = memory.add_region(Region::writable(&mut ctx));
    let args = [memory.region(region).addr(), 0, 0, 0, 0];
    Interpreter::new(Config::default())
        .run(executable, &mut memory, args, &mut NoHelpers)
        .map(|outcome| outcome.r0)
        .map_err(|trap| trap.to_string())
}

fn run_jit(program: &JitProgram) -> Result<u64, String> {
    let mut ctx = [0u8; 16];
    let mut memory = Memory::new();
    let region = memory.add_region(Region::writable(&mut ctx));
    let args = [memory.region(region).addr(), 0, 0, 0, 0];
    program
        .run(&mut memory, args, &mut NoHelpers)
        .map_err(|trap| trap.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn jit_matches_the_interpreter(
        init in proptest::array::uniform10(any::<u64>()),
        slots in proptest::array::uniform8(any::<u64>()),
        body in proptest::collection::vec(op(), 1..48),
    ) {
        let program = build(&init, &slots, &body);
        let verified = sluice_verifier::verify(
            &program,
            &VerifyOptions::new(ProgType::SocketFilter),
        )
        .unwrap_or_else(|error| {
            panic!("the verifier refused a generated program: {error}\n{}", listing(&program))
        });
        let expected = run_interp(&Executable::new(&verified));
        prop_assert!(expected.is_ok(), "{expected:?}\n{}", listing(&program));
        for options in [JitOptions::default(), JitOptions::hardened()] {
            let jit = JitProgram::compile_with(&verified, options).expect("compiles");
            let actual = run_jit(&jit);
            prop_assert_eq!(
                &actual,
                &expected,
                "{:?} differs from the interpreter on\n{}",
                options,
                listing(&program)
            );
        }
    }
}
