//! What the hardening options put in the code: constant blinding leaves none of the program's
//! immediates in it, and Spectre v1 masking appears exactly where the verifier asked for it.

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use sluice_abi::prog_type::ProgType;
use sluice_interp::{Config, Executable, Interpreter, Memory, NoHelpers, Region};
use sluice_isa::Syntax;
use sluice_jit::{JitOptions, JitProgram};
use sluice_verifier::{MapInfo, VerifyOptions};

fn text(code: &[u8]) -> String {
    let mut formatter = IntelFormatter::new();
    let mut out = String::new();
    for insn in Decoder::with_ip(64, code, 0, DecoderOptions::NONE) {
        formatter.format(&insn, &mut out);
        out.push('\n');
    }
    out
}

fn contains(code: &[u8], bytes: &[u8]) -> bool {
    code.windows(bytes.len()).any(|window| window == bytes)
}

/// Every kind of immediate: ALU (32 and 64 bits, signed), jump, store, `lddw`, division.
const CONSTANTS: &str = "
    r0 = 0x41424344
    r0 += 0x51525354
    w0 ^= 0x61626364
    r1 = 0x7172737475767778 ll
    r0 ^= r1
    *(u32 *)(r10 - 8) = 0x11121314
    r2 = *(u32 *)(r10 - 8)
    r0 += r2
    r0 /= 0x2a2b2c
    if r0 == 0x31323334 goto out
    r0 *= -0x1f2e3d4c
out:
    exit
";

fn interp(program: &sluice_isa::Program) -> u64 {
    let executable = Executable::new_unchecked(program);
    let mut memory = Memory::new();
    let mut input = [0u8; 8];
    let region = memory.add_region(Region::writable(&mut input));
    let args = [memory.region(region).addr(), 8, 0, 0, 0];
    Interpreter::new(Config::default())
        .run(&executable, &mut memory, args, &mut NoHelpers)
        .expect("runs")
        .r0
}

fn jit(program: &JitProgram) -> u64 {
    let mut memory = Memory::new();
    let mut input = [0u8; 8];
    let region = memory.add_region(Region::writable(&mut input));
    let args = [memory.region(region).addr(), 8, 0, 0, 0];
    program
        .run(&mut memory, args, &mut NoHelpers)
        .expect("runs")
}

#[test]
fn blinding_hides_every_immediate_and_keeps_the_result() {
    let program = sluice_isa::asm::assemble_program(CONSTANTS, Syntax::Llvm).expect("assembles");
    let plain = JitProgram::compile_unchecked(&program).expect("compiles");
    let hardened =
        JitProgram::compile_unchecked_with(&program, JitOptions::hardened()).expect("compiles");
    let constants: [&[u8]; 8] = [
        &0x4142_4344u32.to_le_bytes(),
        &0x5152_5354u32.to_le_bytes(),
        &0x6162_6364u32.to_le_bytes(),
        &0x7172_7374_7576_7778u64.to_le_bytes()[..4],
        &0x1112_1314u32.to_le_bytes(),
        &0x002a_2b2cu32.to_le_bytes(),
        &0x3132_3334u32.to_le_bytes(),
        &(-0x1f2e_3d4ci32).to_le_bytes(),
    ];
    for constant in constants {
        assert!(
            contains(plain.code(), constant),
            "{constant:02x?} in plain code"
        );
        assert!(
            !contains(hardened.code(), constant),
            "{constant:02x?} in hardened code:\n{}",
            text(hardened.code())
        );
    }
    let expected = interp(&program);
    assert_eq!(jit(&plain), expected);
    assert_eq!(jit(&hardened), expected);
    // Fresh keys for every compilation.
    let again =
        JitProgram::compile_unchecked_with(&program, JitOptions::hardened()).expect("compiles");
    assert_ne!(again.code(), hardened.code());
    assert_eq!(jit(&again), expected);
}

/// A value pointer moved by an offset in 1..=8 (`accept/spectre_masked_offset_unprivileged.s`
/// of the verifier's cases).
const MASKED: &str = "
    *(u32 *)(r10 - 4) = 0
    r2 = r10
    r2 += -4
    r1 = map[idx:0]
    call 1
    if r0 == 0 goto out
    r1 = *(u8 *)(r0 + 0)
    r1 &= 7
    r1 += 1
    r0 += r1
    r0 = *(u8 *)(r0 - 1)
out:
    r0 = 0
    exit
";

#[test]
fn spectre_masking_follows_the_verifier() {
    let program = sluice_isa::asm::assemble_program(MASKED, Syntax::Llvm).expect("assembles");
    let compile = |privileged: bool, spectre_masking: bool| {
        let mut options = VerifyOptions::new(ProgType::SocketFilter);
        options.maps = vec![MapInfo::new("table", 2, 4, 16, 1)];
        options.privileged = privileged;
        let verified = sluice_verifier::verify(&program, &options).expect("verifies");
        let jit_options = JitOptions {
            spectre_masking,
            ..JitOptions::default()
        };
        text(
            JitProgram::compile_with(&verified, jit_options)
                .expect("compiles")
                .code(),
        )
    };
    let mask = "sar r11,3Fh";
    let masked = compile(false, true);
    assert!(masked.contains(mask), "{masked}");
    assert!(!compile(false, false).contains(mask));
    assert!(
        !compile(true, true).contains(mask),
        "privileged: nothing to mask"
    );
}
