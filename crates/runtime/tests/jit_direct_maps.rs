//! The JIT's direct map calls (an inline array lookup; direct calls for hash lookups,
//! updates and deletes and array updates) give the helpers' results: the same sequence of runs
//! on the interpreter and on the JIT leaves the same return values and the same maps.

use std::path::Path;

use sluice_isa::{CallTarget, Instruction};
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, JitOptions, LoadOptions, LoadedObject};

fn load() -> LoadedObject {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/jit/direct_maps.o");
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    LoadedObject::load(object, &LoadOptions::default()).expect("loads")
}

/// Every element of `name`, as (key, value) bytes, sorted.
fn contents(loaded: &LoadedObject, name: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let map = loaded.map(name).expect("map");
    let spec = map.spec();
    let mut out = Vec::new();
    let mut key: Option<Vec<u8>> = None;
    loop {
        let mut next = vec![0u8; spec.key_size as usize];
        if map.next_key(key.as_deref(), &mut next).is_err() {
            break;
        }
        let mut value = vec![0u8; spec.value_size as usize];
        map.lookup(&next, &mut value).expect("listed keys exist");
        out.push((next.clone(), value));
        key = Some(next);
    }
    out.sort();
    out
}

fn run_all(engine: Engine, jit_options: JitOptions) -> (Vec<u32>, LoadedObject) {
    let loaded = load();
    let program = loaded.program("direct_maps").expect("program");
    let mut results = Vec::new();
    for byte in (0u8..48).chain([0x80, 0xff, 0x0f, 0x08]) {
        let mut frame = vec![0u8; 64];
        frame[12] = 0x08;
        frame[14] = byte;
        let input = TestRunInput {
            data_in: frame,
            engine,
            jit_options,
            insn_budget: Some(1_000_000),
            ..TestRunInput::default()
        };
        results.push(test_run(&loaded, program, &input).expect("runs").retval);
    }
    (results, loaded)
}

#[test]
fn direct_map_calls_match_the_helpers() {
    let (expected, interp) = run_all(Engine::Interp, JitOptions::default());
    for options in [JitOptions::default(), JitOptions::hardened()] {
        let (results, jit) = run_all(Engine::Jit, options);
        assert_eq!(results, expected, "return values with {options:?}");
        for map in ["array", "hash"] {
            assert_eq!(
                contents(&jit, map),
                contents(&interp, map),
                "`{map}` with {options:?}"
            );
        }
    }
    // Some runs hit, some miss, some fail: the sequence exercises every path.
    assert!(expected.iter().any(|r| r & 0xf == 0xf), "{expected:x?}");
    assert!(expected.iter().any(|r| r & 0xf != 0xf), "{expected:x?}");
}

#[test]
fn the_verifier_names_the_map_of_every_call() {
    let loaded = load();
    let program = loaded.program("direct_maps").expect("program");
    let verified = program.executable.verified().expect("verified");
    let calls: Vec<usize> = program
        .program
        .insns()
        .iter()
        .filter(|(_, insn)| matches!(insn, Instruction::Call(CallTarget::Helper(1..=3))))
        .map(|&(slot, _)| slot)
        .collect();
    assert_eq!(calls.len(), 6);
    for slot in calls {
        let map = verified.facts(slot).map_arg.expect("a known map");
        assert!(program.executable.map(map).is_some());
    }
}
