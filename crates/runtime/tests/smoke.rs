//! A first end-to-end check: an object from the corpus loads, test-runs, and counts in its maps.

use std::path::Path;

use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{LoadOptions, LoadedObject};

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn xdp_program_counts_into_an_array() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/array_map.o");
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    let loaded = LoadedObject::load(object, &LoadOptions::default()).expect("loads");
    let program = loaded.program("count_by_proto").expect("program");
    let frame = hex(
        "02000000000102000000000208004500003a12344000400614880a0000010a00000230390050000003e8000007d05018ffff80d60000474554202f20485454502f312e310d0a0d0a",
    );
    let input = TestRunInput {
        data_in: frame.clone(),
        insn_budget: Some(1_000_000),
        engine: sluice_runtime::Engine::default(),
        ..TestRunInput::default()
    };
    let output = test_run(&loaded, program, &input).expect("runs");
    assert_eq!(output.retval, 2, "XDP_PASS");
    assert_eq!(output.data_out, frame);
    let map = loaded.map("proto_count").expect("map");
    // TCP is protocol 6.
    let mut value = vec![0u8; map.spec().value_size as usize];
    map.lookup(&6u32.to_le_bytes(), &mut value)
        .expect("index 6 exists");
    assert_eq!(value[0], 1, "{value:?}");
}

#[test]
fn rodata_knobs_are_settable_before_load() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/global_data.o");
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    let weighted = object
        .globals
        .iter()
        .find(|var| var.name == "weighted")
        .cloned()
        .expect("`weighted` is a global");
    let options = LoadOptions {
        globals: vec![
            ("cfg_multiplier".to_string(), 7u32.to_le_bytes().to_vec()),
            ("cfg_verbose".to_string(), vec![1]),
        ],
        ..LoadOptions::default()
    };
    let loaded = LoadedObject::load(object, &options).expect("loads");
    let program = loaded.program("globals").expect("program");
    let mut frame = vec![0u8; 64];
    frame[12] = 0x08;
    let input = TestRunInput {
        data_in: frame,
        insn_budget: Some(1_000_000),
        engine: sluice_runtime::Engine::default(),
        ..TestRunInput::default()
    };
    let output = test_run(&loaded, program, &input).expect("runs");
    assert_eq!(output.retval, 2);
    assert_eq!(output.events.trace, ["len 64"]);
    // weighted = 5 + weights[64 & 3] * cfg_multiplier = 5 + 1 * 7.
    let data = &loaded.maps[weighted.map];
    let mut value = vec![0u8; data.spec().value_size as usize];
    data.lookup(&0u32.to_le_bytes(), &mut value)
        .expect("global data");
    let at = weighted.offset as usize;
    assert_eq!(
        u64::from_le_bytes(value[at..at + 8].try_into().unwrap()),
        12
    );
    // Unknown names and wrong sizes are refused.
    let object = Object::parse(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/global_data.o"),
        )
        .unwrap(),
    )
    .unwrap();
    let wrong = LoadOptions {
        globals: vec![("cfg_multiplier".to_string(), vec![1])],
        ..LoadOptions::default()
    };
    assert!(LoadedObject::load(object, &wrong).is_err());
}

#[test]
fn a_helper_sluice_does_not_implement_is_refused_at_load() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/helpers/unimplemented.o");
    let object = Object::parse(&std::fs::read(path).expect("object")).expect("parses");
    let error = LoadedObject::load(object, &LoadOptions::default())
        .expect_err("bpf_skb_vlan_push is not implemented");
    let sluice_runtime::RuntimeError::Rejected {
        program,
        rendered,
        error,
    } = error
    else {
        panic!("expected a verifier rejection, got {error}");
    };
    assert_eq!(program, "push_vlan");
    assert_eq!(error.kind, sluice_verifier::ErrorKind::UnknownHelper);
    assert!(rendered.contains("bpf_skb_vlan_push#18"), "{rendered}");
    assert!(rendered.contains("unimplemented.c:8"), "{rendered}");
}
