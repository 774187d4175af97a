//! Loading objects compiled by clang: programs, linking, maps, global data.

use std::path::Path;

use sluice_isa::disasm::format_insn;
use sluice_isa::{CallTarget, Instruction, Syntax};
use sluice_obj::Object;

fn load(path: &str) -> Object {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    Object::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn links_a_static_subprogram_into_its_caller() {
    let object = load("tests/elf/sum.o");
    assert_eq!(object.license, "GPL");
    assert_eq!(object.programs.len(), 1);
    let program = &object.programs[0];
    assert_eq!(
        (program.name.as_str(), program.section.as_str()),
        ("sum_input", "socket")
    );
    let names: Vec<&str> = program.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["sum_input", "add_bytes"]);
    let decoded = program.program(&object).expect("linked program decodes");
    let (_, first) = decoded.insns()[0];
    let text: Vec<String> = decoded
        .insns()
        .iter()
        .map(|(_, insn)| format_insn(insn, Syntax::Llvm))
        .collect();
    assert_eq!(first, Instruction::Call(CallTarget::Local(2)), "{text:#?}");
}

#[test]
fn every_corpus_object_parses_and_its_programs_decode() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut n_objects = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/corpus exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|ext| ext != "o") {
            continue;
        }
        n_objects += 1;
        let bytes = std::fs::read(&path).expect("readable object");
        match Object::parse(&bytes) {
            Ok(object) => {
                assert!(
                    !object.programs.is_empty(),
                    "{}: no programs",
                    path.display()
                );
                for program in &object.programs {
                    if let Err(error) = program.program(&object) {
                        failures.push(format!("{}: {error}", path.display()));
                    }
                    assert!(
                        program.prog_type.is_some(),
                        "{}: section {} has no program type",
                        path.display(),
                        program.section
                    );
                }
            }
            Err(error) => failures.push(format!("{}: {error}", path.display())),
        }
    }
    assert!(n_objects >= 40, "only {n_objects} corpus objects");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
