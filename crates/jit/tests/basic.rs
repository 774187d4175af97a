//! Small programs on the JIT, checked against the interpreter.

use sluice_interp::{Config, Executable, Interpreter, Memory, NoHelpers, Region};
use sluice_isa::Syntax;
use sluice_jit::JitProgram;

fn both(source: &str, input: &mut [u8]) -> (Result<u64, String>, Result<u64, String>) {
    let program = sluice_isa::asm::assemble_program(source, Syntax::Llvm).expect("assembles");
    let mut copy = input.to_vec();
    let interp = {
        let executable = Executable::new_unchecked(&program);
        let mut memory = Memory::new();
        let len = copy.len() as u64;
        let region = memory.add_region(Region::writable(&mut copy));
        let args = [memory.region(region).addr(), len, 0, 0, 0];
        Interpreter::new(Config::default())
            .run(&executable, &mut memory, args, &mut NoHelpers)
            .map(|outcome| outcome.r0)
            .map_err(|trap| trap.to_string())
    };
    let jit = {
        let jit = JitProgram::compile_unchecked(&program).expect("compiles");
        let mut memory = Memory::new();
        let len = input.len() as u64;
        let region = memory.add_region(Region::writable(input));
        let args = [memory.region(region).addr(), len, 0, 0, 0];
        jit.run(&mut memory, args, &mut NoHelpers)
            .map_err(|trap| trap.to_string())
    };
    (interp, jit)
}

#[test]
fn returns_a_constant() {
    let (interp, jit) = both("r0 = 42\nexit\n", &mut []);
    assert_eq!(interp, Ok(42));
    assert_eq!(jit, Ok(42));
}

/// The native code, disassembled, for debugging.
#[allow(dead_code)]
fn disasm(jit: &JitProgram) -> String {
    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
    let mut decoder = Decoder::with_ip(64, jit.code(), 0, DecoderOptions::NONE);
    let mut formatter = IntelFormatter::new();
    let mut out = String::new();
    for insn in &mut decoder {
        let mut text = String::new();
        formatter.format(&insn, &mut text);
        out.push_str(&format!("{:4x}: {text}\n", insn.ip()));
    }
    out
}

#[test]
fn loads_from_the_input() {
    let source = "r0 = *(u64 *)(r1 + 0)\nexit\n";
    let program = sluice_isa::asm::assemble_program(source, Syntax::Llvm).expect("assembles");
    let jit = JitProgram::compile_unchecked(&program).expect("compiles");
    println!("{}", disasm(&jit));
    let mut input = [1u8, 2, 3, 4, 5, 6, 7, 8];
    let (interp, jit) = both(source, &mut input);
    assert_eq!(interp, Ok(0x0807060504030201));
    assert_eq!(jit, interp);
}
