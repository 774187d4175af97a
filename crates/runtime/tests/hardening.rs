//! The JIT's hardening options change the code, never the results: a program loaded without
//! privileges (so the verifier asks for Spectre v1 masking of its pointer arithmetic) gives
//! the interpreter's result with the default JIT, with constant blinding, and without masking.

use std::path::Path;

use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, JitOptions, LoadOptions, LoadedObject};

fn load() -> LoadedObject {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/jit/spectre.o");
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    let options = LoadOptions {
        unprivileged: true,
        ..LoadOptions::default()
    };
    let loaded = LoadedObject::load(object, &options).expect("loads without privileges");
    let values: Vec<u8> = (0..16u8)
        .map(|i| i.wrapping_mul(17).wrapping_add(3))
        .collect();
    loaded
        .map("table")
        .expect("map")
        .update(&0u32.to_le_bytes(), &values, 0)
        .expect("fills the value");
    loaded
}

/// What the program computes for a packet whose bytes past the Ethernet header are `byte`
/// (byte 14 of what a socket filter sees).
fn expected(byte: u8) -> u32 {
    let picked = u32::from((byte & 15).wrapping_mul(17).wrapping_add(3));
    (picked.wrapping_mul(0x0100_0193).wrapping_add(0x5eed_1234)) ^ 0x0bad_0bad
}

#[test]
fn hardening_options_keep_results() {
    let loaded = load();
    let program = loaded.program("masked_index").expect("program");
    let configs = [
        (Engine::Interp, JitOptions::default()),
        (Engine::Jit, JitOptions::default()),
        (Engine::Jit, JitOptions::hardened()),
        (
            Engine::Jit,
            JitOptions {
                spectre_masking: false,
                ..JitOptions::hardened()
            },
        ),
    ];
    for byte in [0u8, 1, 7, 15, 16, 0x5a, 0xff] {
        let mut frame = vec![byte; 64];
        frame[..14].fill(0);
        frame[12] = 0x08;
        for (engine, jit_options) in configs {
            let input = TestRunInput {
                data_in: frame.clone(),
                insn_budget: Some(1_000_000),
                engine,
                jit_options,
                ..TestRunInput::default()
            };
            let output = test_run(&loaded, program, &input).expect("runs");
            assert_eq!(
                output.retval,
                expected(byte),
                "byte {byte:#x} on {engine} with {jit_options:?}"
            );
        }
    }
}

#[test]
fn hardened_code_differs_and_hides_the_constants() {
    let loaded = load();
    let program = loaded.program("masked_index").expect("program");
    let plain = sluice_jit::JitProgram::of_with(&program.executable, JitOptions::default())
        .expect("compiles");
    let hardened = sluice_jit::JitProgram::of_with(&program.executable, JitOptions::hardened())
        .expect("compiles");
    assert!(
        !std::ptr::eq(&*plain, &*hardened),
        "one program per options"
    );
    let contains = |code: &[u8], value: u32| code.windows(4).any(|w| w == value.to_le_bytes());
    for constant in [0x0100_0193u32, 0x5eed_1234, 0x0bad_0bad] {
        assert!(
            contains(plain.code(), constant),
            "{constant:#x} in plain code"
        );
        assert!(
            !contains(hardened.code(), constant),
            "{constant:#x} must not appear in hardened code"
        );
    }
}
