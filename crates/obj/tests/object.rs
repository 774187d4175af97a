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

/// The variables of a `DATASEC`: (name, offset, size) in order.
type Vars = Vec<(String, u32, u32)>;

/// The `DATASEC`s of an object's `raw_btf`: name, size and variables.
fn datasecs(object: &Object) -> Vec<(String, u32, Vars)> {
    use sluice_obj::btf::{Btf, TypeBody};
    let raw = object.raw_btf.as_ref().expect("the object has BTF");
    let btf = Btf::parse(raw).expect("raw_btf parses");
    btf.iter()
        .filter_map(|(_, ty)| match &ty.body {
            TypeBody::Datasec(datasec) => Some((
                btf.name_by_offset(ty.name_off).to_string(),
                datasec.size,
                datasec
                    .vars
                    .iter()
                    .map(|var| {
                        let name = btf.name_of(var.type_id).unwrap_or_default().to_string();
                        (name, var.offset, var.size)
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn raw_btf_has_the_datasec_layout_from_the_elf_file() {
    let object = load("tests/corpus/global_data.o");
    let sections = datasecs(&object);
    let find = |name: &str| {
        sections
            .iter()
            .find(|(section, _, _)| section == name)
            .unwrap_or_else(|| panic!("no DATASEC {name}: {sections:?}"))
    };
    let vars = |name: &str| -> Vec<(&str, u32, u32)> {
        find(name)
            .2
            .iter()
            .map(|(var, offset, size)| (var.as_str(), *offset, *size))
            .collect()
    };
    // Sizes from the ELF sections (`.bss` is NOBITS), offsets from the symbols; static
    // variables keep the offset clang gave them.
    assert_eq!(find(".bss").1, 12);
    assert_eq!(vars(".bss"), [("packets", 0, 8), ("last_len", 8, 4)]);
    assert_eq!(find(".data").1, 16);
    assert_eq!(vars(".data"), [("weighted", 0, 8), ("tag", 8, 8)]);
    assert_eq!(
        vars(".data.stats"),
        [("custom_counter", 0, 8), ("custom_hist", 8, 16)]
    );
    assert_eq!(find(".rodata").1, 12);
    assert_eq!(
        vars(".rodata"),
        [
            ("cfg_multiplier", 0, 4),
            ("cfg_verbose", 4, 1),
            ("globals.____fmt", 5, 7)
        ]
    );
    assert_eq!(find("license").1, 4);
    // The parsed BTF is the file's own: sizes still 0.
    let btf = object.btf.as_ref().unwrap();
    assert!(btf.iter().all(|(_, ty)| match &ty.body {
        sluice_obj::btf::TypeBody::Datasec(datasec) => datasec.size == 0,
        _ => true,
    }));

    // BTF-defined maps get their places in `.maps`.
    let object = load("tests/corpus/array_of_maps.o");
    let sections = datasecs(&object);
    let maps = sections
        .iter()
        .find(|(section, _, _)| section == ".maps")
        .unwrap();
    let layout: Vec<(&str, u32)> = maps
        .2
        .iter()
        .map(|(var, offset, _)| (var.as_str(), *offset))
        .collect();
    assert_eq!(
        layout,
        [
            ("inner_tcp", 0),
            ("inner_other", 0x20),
            ("outer", 0x40),
            ("misses", 0x68)
        ]
    );
    assert_eq!(maps.1, 0x88);
}
