//! `.BTF.ext`: function records, line records and the instruction-to-source lookup, checked
//! against the C sources the test objects were compiled from.

mod btf_common;

use btf_common::{btf_and_ext, data_dir, insns};
use sluice_obj::btf::{CoreReloKind, Kind};

#[test]
fn func_info_names_every_function() {
    let (btf, ext) = btf_and_ext("types.o");
    let names = |section: &str| -> Vec<(u32, String)> {
        ext.func_info_for(section)
            .iter()
            .map(|f| (f.insn_off, btf.name_of(f.type_id).unwrap().to_string()))
            .collect()
    };
    assert_eq!(names("xdp"), vec![(0, "types_prog".to_string())]);
    assert_eq!(names(".text"), vec![(0, "helper_sum".to_string())]);
    assert!(ext.func_info_for("nonexistent").is_empty());
    for section in &ext.func_info {
        for record in &section.records {
            assert_eq!(btf.type_by_id(record.type_id).unwrap().kind(), Kind::Func);
        }
    }
}

#[test]
fn every_line_record_is_the_source_line() {
    for object in ["types.o", "core.o"] {
        let (btf, ext) = btf_and_ext(object);
        let source_name = object.replace(".o", ".c");
        let source = std::fs::read_to_string(data_dir().join(&source_name)).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        let mut count = 0;
        for section in &ext.line_info {
            for record in &section.records {
                let file = btf.string(record.file_name_off).unwrap();
                assert!(file.ends_with(&source_name), "{object}: file {file}");
                let text = btf.string(record.line_off).unwrap();
                let line = lines[record.line as usize - 1];
                assert_eq!(text, line, "{object}: line {}", record.line);
                assert!(record.column as usize <= line.len() + 1);
                count += 1;
            }
        }
        assert!(count > 5, "{object}: only {count} line records");
    }
}

#[test]
fn line_lookup_finds_known_instructions() {
    let (btf, ext) = btf_and_ext("types.o");
    let code = insns("types.o", "xdp");
    // The helper call to bpf_map_lookup_elem (helper 1).
    let lookup = code
        .iter()
        .position(|i| i.code == 0x85 && i.src == 0 && i.imm == 1)
        .unwrap();
    let line = ext.line_at(&btf, "xdp", lookup).unwrap();
    assert!(
        line.text.contains("bpf_map_lookup_elem(&foo_map, &key)"),
        "{line:?}"
    );
    assert!(line.file.ends_with("types.c"));
    // The bpf-to-bpf call of helper_sum.
    // The last pseudo call is helper_sum's (the one before it calls the kfunc).
    let call = code
        .iter()
        .rposition(|i| i.code == 0x85 && i.src == 1)
        .unwrap();
    let line = ext.line_at(&btf, "xdp", call).unwrap();
    assert!(
        line.text
            .contains("helper_sum(f, &tagged_global.tagged_field)"),
        "{line:?}"
    );
    // The last instruction (exit) maps to some line of types_prog, never past the file.
    let last = ext.line_at(&btf, "xdp", code.len() - 1).unwrap();
    assert!(last.line > 100 && last.line < 130, "{last:?}");
    // helper_sum's first instruction.
    let first = ext.line_at(&btf, ".text", 0).unwrap();
    assert!(first.text.contains("f->id + f->flags.count"), "{first:?}");
    // No record for unknown sections.
    assert!(ext.line_at(&btf, "kprobe/none", 0).is_none());
}

#[test]
fn core_relocation_records_are_read() {
    let (btf, ext) = btf_and_ext("core.o");
    let relos = ext.core_relos_for("kprobe/do_nothing");
    assert!(relos.len() >= 30, "{} relocations", relos.len());
    let code = insns("core.o", "kprobe/do_nothing");
    for relo in relos {
        assert!((relo.insn_off as usize) / 8 < code.len());
        let access = btf.string(relo.access_str_off).unwrap();
        assert!(!access.is_empty());
        if relo.kind.is_type_based() {
            assert_eq!(access, "0");
        }
    }
    let kinds: std::collections::BTreeSet<u32> = relos.iter().map(|r| r.kind as u32).collect();
    for kind in 0..=12 {
        assert!(
            kinds.contains(&kind),
            "no relocation of kind {:?}",
            CoreReloKind::from_raw(kind)
        );
    }
}
