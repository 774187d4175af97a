//! CO-RE relocation resolution and patching: core.o's relocations resolved against
//! core_target.o (a fixed "kernel" whose layouts differ on purpose) with expected values worked
//! out from the two C sources, and against the running kernel's BTF with offsets checked
//! against `bpftool btf dump`.

mod btf_common;

use std::collections::HashMap;

use btf_common::{bpftool_dump, btf, btf_and_ext, insns, vmlinux};
use sluice_obj::btf::{
    Btf, BtfError, CoreProblem, CoreReloKind, CoreResolution, CoreResolver, CoreTarget, Kind,
    MemSizeChange, TypeBody, core::POISON_IMM, patch,
};

const SECTION: &str = "kprobe/do_nothing";

/// What a relocation should resolve to against core_target.o.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Value(u64),
    Missing,
    Ambiguous,
}

/// Expected results against core_target.o, by (kind, local type, accessor string). The
/// relocations on kernel types have no candidate there.
fn expected_against_target() -> HashMap<(CoreReloKind, &'static str, &'static str), Expect> {
    use CoreReloKind::*;
    use Expect::*;
    HashMap::from([
        // Kernel types: no candidates in core_target.o.
        (
            (FieldByteOffset, "struct task_struct___local", "0:0"),
            Missing,
        ),
        (
            (FieldByteOffset, "struct task_struct___local", "0:1"),
            Missing,
        ),
        (
            (FieldByteSize, "struct task_struct___local", "0:2"),
            Missing,
        ),
        ((FieldExists, "struct task_struct___local", "0:2"), Value(0)),
        ((EnumvalValue, "enum pid_type___local", "0"), Missing),
        ((EnumvalExists, "enum pid_type___local", "1"), Value(0)),
        ((TypeExists, "struct task_struct___local", "0"), Value(0)),
        // s->b: after an 8-byte field, `a`, then `b` at 12.
        ((FieldByteOffset, "struct sample", "0:1"), Value(12)),
        // s->c and s->d in the anonymous struct at 16, where c and d swapped places.
        ((FieldByteOffset, "struct sample", "0:2:0"), Value(20)),
        ((FieldByteOffset, "struct sample", "0:2:1"), Value(16)),
        // &s->arr[2]: arr at byte 27, rows of 3.
        ((FieldByteOffset, "struct sample", "0:5:2"), Value(33)),
        ((FieldByteSize, "struct sample", "0:5"), Value(15)),
        ((FieldByteSize, "struct sample", "0:1"), Value(2)),
        ((FieldExists, "struct sample", "0:9"), Value(0)),
        ((FieldByteOffset, "struct sample", "0:9"), Missing),
        // bf_u: 9 bits at bit 199, read as a u32 at 24.
        ((FieldByteOffset, "struct sample", "0:3"), Value(24)),
        ((FieldByteSize, "struct sample", "0:3"), Value(4)),
        ((FieldLshiftU64, "struct sample", "0:3"), Value(48)),
        ((FieldRshiftU64, "struct sample", "0:3"), Value(55)),
        ((FieldSigned, "struct sample", "0:3"), Value(0)),
        // bf_s: 4 bits at bit 208, read as a u32 at 24.
        ((FieldByteOffset, "struct sample", "0:4"), Value(24)),
        ((FieldByteSize, "struct sample", "0:4"), Value(4)),
        ((FieldLshiftU64, "struct sample", "0:4"), Value(44)),
        ((FieldRshiftU64, "struct sample", "0:4"), Value(60)),
        ((FieldSigned, "struct sample", "0:4"), Value(1)),
        ((FieldByteOffset, "struct sample", "0:6"), Value(48)),
        ((FieldByteOffset, "struct sample", "0:7"), Value(56)),
        ((FieldByteOffset, "struct sample", "0:8"), Value(64)),
        // sample___v2 is a flavor of sample.
        ((FieldByteOffset, "struct sample___v2", "0:1"), Value(8)),
        ((TypeIdLocal, "struct sample", "0"), Value(10)),
        ((TypeIdTarget, "struct sample", "0"), Value(5)),
        ((TypeExists, "struct absent_type", "0"), Value(0)),
        ((TypeSize, "struct sample", "0"), Value(72)),
        ((TypeMatches, "struct point", "0"), Value(1)),
        ((TypeMatches, "struct sample", "0"), Value(0)),
        ((EnumvalExists, "enum sample_enum", "2"), Value(0)),
        ((EnumvalValue, "enum sample_enum", "1"), Value(20)),
        // dup___a and dup___b put `y` at different offsets.
        ((FieldByteOffset, "struct dup", "0:0"), Ambiguous),
        // same___a and same___b agree.
        ((FieldByteOffset, "struct same", "0:0"), Value(0)),
    ])
}

#[test]
fn every_relocation_resolves_against_the_target_object() {
    let (local, ext) = btf_and_ext("core.o");
    let target = btf("core_target.o");
    let expected = expected_against_target();
    let mut resolver = CoreResolver::new(&local, &target);
    let relos = ext.core_relos_for(SECTION);
    assert!(!relos.is_empty());
    for relo in relos {
        let type_name = local.display(relo.type_id);
        let access = local.string(relo.access_str_off).unwrap();
        let key = (relo.kind, type_name.as_str(), access);
        let want = expected
            .iter()
            .find(|(k, _)| **k == key)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("no expectation for {key:?}"));
        let got = resolver.resolve(relo);
        match (want, got) {
            (Expect::Value(value), Ok(res)) => {
                assert_eq!(res.target, CoreTarget::Value(value), "{key:?}");
            }
            (Expect::Missing, Ok(res)) => assert_eq!(res.target, CoreTarget::Missing, "{key:?}"),
            (
                Expect::Ambiguous,
                Err(BtfError::Core {
                    problem: CoreProblem::Ambiguous { .. },
                    ..
                }),
            ) => {}
            (want, got) => panic!("{key:?}: expected {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn local_values_are_what_the_compiler_emitted() {
    // For every relocation whose local value must be checked, the instruction holds it.
    let (local, ext) = btf_and_ext("core.o");
    let target = btf("core_target.o");
    let code = insns("core.o", SECTION);
    let mut resolver = CoreResolver::new(&local, &target);
    let mut checked = 0;
    for relo in ext.core_relos_for(SECTION) {
        let Ok(res) = resolver.resolve(relo) else {
            continue;
        };
        if !res.check_local {
            continue;
        }
        let insn_idx = relo.insn_off as usize / 8;
        let mut copy = code.clone();
        let same = CoreResolution {
            target: CoreTarget::Value(res.local_value),
            mem_size: None,
            ..res
        };
        patch(&mut copy, insn_idx, &same).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(copy, code, "patching with the local value changes nothing");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} relocations checked");
}

/// Resolves and patches every relocation of core.o against core_target.o (except the
/// ambiguous one), returning the patched code and the resolutions by instruction.
fn patched() -> (
    Vec<sluice_isa::RawInsn>,
    HashMap<usize, (String, CoreResolution)>,
) {
    let (local, ext) = btf_and_ext("core.o");
    let target = btf("core_target.o");
    let mut code = insns("core.o", SECTION);
    let mut resolver = CoreResolver::new(&local, &target);
    let mut by_insn = HashMap::new();
    for relo in ext.core_relos_for(SECTION) {
        let Ok(res) = resolver.resolve(relo) else {
            continue;
        };
        let insn_idx = relo.insn_off as usize / 8;
        patch(&mut code, insn_idx, &res).unwrap_or_else(|e| panic!("{e}"));
        let key = format!(
            "{} {} {}",
            relo.kind,
            local.display(relo.type_id),
            local.string(relo.access_str_off).unwrap()
        );
        by_insn.insert(insn_idx, (key, res));
    }
    (code, by_insn)
}

/// The instruction index of the relocation described by `key` (`kind type access`).
fn find(by_insn: &HashMap<usize, (String, CoreResolution)>, key: &str) -> usize {
    let mut found: Vec<usize> = by_insn
        .iter()
        .filter(|(_, (k, _))| k == key)
        .map(|(i, _)| *i)
        .collect();
    found.sort();
    *found
        .first()
        .unwrap_or_else(|| panic!("no relocation {key}"))
}

#[test]
fn patches_follow_libbpf() {
    let (code, by_insn) = patched();
    let original = insns("core.o", SECTION);

    // A load's offset (s->b).
    let b = find(&by_insn, "byte_off struct sample 0:1");
    assert_eq!(code[b].off, 12);
    assert_eq!(code[b].code, original[b].code);

    // A u32 field grown to u64 in the target: offset and access size change.
    let grow = find(&by_insn, "byte_off struct sample 0:7");
    assert_eq!(
        by_insn[&grow].1.mem_size,
        Some(MemSizeChange {
            local: 4,
            target: 8,
            allowed: true
        })
    );
    assert_eq!(code[grow].off, 56);
    assert_eq!(code[grow].code, (original[grow].code & !0x18) | 0x18);

    // A signed int shrunk to a short: the load is poisoned.
    let shrink = find(&by_insn, "byte_off struct sample 0:8");
    assert_eq!((code[shrink].code, code[shrink].imm), (0x85, POISON_IMM));

    // A missing field: poisoned.
    let missing = find(&by_insn, "byte_off struct sample 0:9");
    assert_eq!((code[missing].code, code[missing].imm), (0x85, POISON_IMM));

    // An ALU immediate (type size).
    let size = find(&by_insn, "type_size struct sample 0");
    assert_eq!(code[size].imm, 72);

    // A 64-bit immediate (enum value) across both slots.
    let value = find(&by_insn, "enumval_value enum sample_enum 1");
    assert_eq!(original[value].code, 0x18);
    assert_eq!((code[value].imm, code[value + 1].imm), (20, 0));
    let gone = find(&by_insn, "enumval_exists enum sample_enum 2");
    assert_eq!((code[gone].imm, code[gone + 1].imm), (0, 0));

    // A missing enumerator in a lddw poisons both slots.
    let (local, ext) = btf_and_ext("core.o");
    let kernel_enum = ext
        .core_relos_for(SECTION)
        .iter()
        .find(|r| {
            r.kind == CoreReloKind::EnumvalValue
                && local.display(r.type_id) == "enum pid_type___local"
        })
        .unwrap();
    let target = btf("core_target.o");
    let res = CoreResolver::new(&local, &target)
        .resolve(kernel_enum)
        .unwrap();
    assert_eq!(res.target, CoreTarget::Missing);
    let mut copy = original.clone();
    let idx = kernel_enum.insn_off as usize / 8;
    patch(&mut copy, idx, &res).unwrap();
    assert_eq!((copy[idx].imm, copy[idx + 1].imm), (POISON_IMM, POISON_IMM));
    assert_eq!((copy[idx].code, copy[idx + 1].code), (0x85, 0x85));
}

#[test]
fn patch_refuses_unexpected_instructions() {
    let (local, ext) = btf_and_ext("core.o");
    let target = btf("core_target.o");
    let original = insns("core.o", SECTION);
    let relo = ext
        .core_relos_for(SECTION)
        .iter()
        .find(|r| {
            r.kind == CoreReloKind::FieldByteOffset
                && local.string(r.access_str_off) == Some("0:1")
                && local.display(r.type_id) == "struct sample"
        })
        .unwrap();
    let res = CoreResolver::new(&local, &target).resolve(relo).unwrap();
    let idx = relo.insn_off as usize / 8;

    // The instruction does not hold the local value.
    let mut code = original.clone();
    code[idx].off += 1;
    assert!(matches!(
        patch(&mut code, idx, &res),
        Err(BtfError::Patch { .. })
    ));
    // Past the end.
    assert!(matches!(
        patch(&mut code, original.len(), &res),
        Err(BtfError::Patch { .. })
    ));
    // A jump cannot be relocated.
    let mut code = original.clone();
    code[idx] = sluice_isa::RawInsn::new(0x05, 0, 0, 1, 0);
    assert!(matches!(
        patch(&mut code, idx, &res),
        Err(BtfError::Patch { .. })
    ));
    // A new offset that does not fit in 16 bits.
    let mut code = original.clone();
    let huge = CoreResolution {
        target: CoreTarget::Value(40_000),
        ..res
    };
    assert!(matches!(
        patch(&mut code, idx, &huge),
        Err(BtfError::Patch { .. })
    ));
}

/// The bit offset of `member` of `struct name` according to bpftool's dump of the kernel's BTF.
fn bpftool_member_bits(dump: &str, name: &str, member: &str) -> Option<u64> {
    let header = format!(" STRUCT '{name}' ");
    let mut lines = dump.lines().skip_while(|l| !l.contains(&header));
    lines.next()?;
    let prefix = format!("\t'{member}' ");
    lines
        .take_while(|l| l.starts_with('\t'))
        .find(|l| l.starts_with(&prefix))?
        .split_whitespace()
        .find_map(|field| field.strip_prefix("bits_offset="))?
        .parse()
        .ok()
}

#[test]
fn kernel_relocations_agree_with_bpftool() {
    let Some(kernel) = vmlinux() else {
        return;
    };
    let (local, ext) = btf_and_ext("core.o");
    let mut resolver = CoreResolver::new(&local, &kernel);
    let resolve =
        |resolver: &mut CoreResolver<'_>, kind: CoreReloKind, type_name: &str, access: &str| {
            let relo = ext
                .core_relos_for(SECTION)
                .iter()
                .find(|r| {
                    r.kind == kind
                        && local.display(r.type_id) == type_name
                        && local.string(r.access_str_off) == Some(access)
                })
                .unwrap_or_else(|| panic!("no relocation {kind} {type_name} {access}"));
            resolver.resolve(relo).unwrap().target
        };
    let task = "struct task_struct___local";
    let pid = resolve(&mut resolver, CoreReloKind::FieldByteOffset, task, "0:0");
    let tgid = resolve(&mut resolver, CoreReloKind::FieldByteOffset, task, "0:1");

    let task_struct = kernel.find_by_name(Kind::Struct, "task_struct").unwrap();
    let ours = |member: &str| {
        u64::from(
            kernel
                .member_by_name(task_struct, member)
                .unwrap()
                .unwrap()
                .bit_offset,
        ) / 8
    };
    match bpftool_dump(std::path::Path::new(sluice_obj::btf::VMLINUX_BTF_PATH)) {
        Some(dump) => {
            let bits = |member| bpftool_member_bits(&dump, "task_struct", member).unwrap();
            assert_eq!(pid, CoreTarget::Value(bits("pid") / 8));
            assert_eq!(tgid, CoreTarget::Value(bits("tgid") / 8));
        }
        None => println!("bpftool not available: checking against our own member lookup"),
    }
    assert_eq!(pid, CoreTarget::Value(ours("pid")));
    assert_eq!(tgid, CoreTarget::Value(ours("tgid")));

    assert_eq!(
        resolve(&mut resolver, CoreReloKind::FieldByteSize, task, "0:2"),
        CoreTarget::Value(16)
    );
    assert_eq!(
        resolve(&mut resolver, CoreReloKind::FieldExists, task, "0:2"),
        CoreTarget::Value(1)
    );
    assert_eq!(
        resolve(&mut resolver, CoreReloKind::TypeExists, task, "0"),
        CoreTarget::Value(1)
    );
    // PIDTYPE_TGID's value in the kernel's enum pid_type.
    let pid_type = kernel.find_by_name(Kind::Enum, "pid_type").unwrap();
    let TypeBody::Enum(e) = &kernel.type_by_id(pid_type).unwrap().body else {
        panic!("enum");
    };
    let tgid_value = e
        .values
        .iter()
        .find(|v| kernel.name_by_offset(v.name_off) == "PIDTYPE_TGID")
        .unwrap()
        .value;
    assert_eq!(
        resolve(
            &mut resolver,
            CoreReloKind::EnumvalValue,
            "enum pid_type___local",
            "0"
        ),
        CoreTarget::Value(tgid_value)
    );
    assert_eq!(
        resolve(
            &mut resolver,
            CoreReloKind::EnumvalExists,
            "enum pid_type___local",
            "1"
        ),
        CoreTarget::Value(0)
    );
}

/// The local type id of the named struct of core.o.
fn local_struct(local: &Btf, name: &str) -> u32 {
    local.find_by_name(Kind::Struct, name).unwrap()
}

#[test]
fn malformed_relocations_are_errors() {
    let local = btf("core.o");
    let target = btf("core_target.o");
    let sample = local_struct(&local, "sample");
    let mut resolver = CoreResolver::new(&local, &target);
    let problem = |resolver: &mut CoreResolver<'_>, type_id, kind, access: &str| match resolver
        .resolve_access(type_id, kind, access)
    {
        Err(BtfError::Core { problem, .. }) => problem,
        other => panic!("{access:?}: expected an error, got {other:?}"),
    };
    use CoreReloKind::*;
    for access in ["", ":0", "0:", "0::1", "0:x", "-1", "0:+1", "99999999999"] {
        assert_eq!(
            problem(&mut resolver, sample, FieldByteOffset, access),
            CoreProblem::BadAccessString,
            "{access:?}"
        );
    }
    assert_eq!(
        problem(&mut resolver, sample, TypeSize, "0:1"),
        CoreProblem::BadAccessString
    );
    assert!(matches!(
        problem(&mut resolver, sample, FieldByteOffset, "0:99"),
        CoreProblem::BadAccessor {
            position: 1,
            index: 99,
            ..
        }
    ));
    // Indexing into an int.
    assert!(matches!(
        problem(&mut resolver, sample, FieldByteOffset, "0:0:1"),
        CoreProblem::BadAccessor { position: 2, .. }
    ));
    // Past the array's end.
    assert!(matches!(
        problem(&mut resolver, sample, FieldByteOffset, "0:5:4"),
        CoreProblem::BadAccessor { position: 2, .. }
    ));
    let long = vec!["0"; 65].join(":");
    assert_eq!(
        problem(&mut resolver, sample, FieldByteOffset, &long),
        CoreProblem::SpecTooLong { max: 64 }
    );
    // The anonymous struct inside `sample`.
    let anonymous = local
        .iter()
        .find(|(_, t)| t.kind() == Kind::Struct && t.name_off == 0)
        .map(|(id, _)| id)
        .unwrap();
    assert_eq!(
        problem(&mut resolver, anonymous, FieldByteOffset, "0:0"),
        CoreProblem::AnonymousType
    );
    // An enumerator index past the enum.
    let sample_enum = local.find_by_name(Kind::Enum, "sample_enum").unwrap();
    assert!(matches!(
        problem(&mut resolver, sample_enum, EnumvalValue, "3"),
        CoreProblem::BadAccessor { .. }
    ));
    // A field relocation of another kind than offset or size on an array element.
    assert_eq!(
        problem(&mut resolver, sample, FieldSigned, "0:5:1"),
        CoreProblem::ArrayElement
    );
    // A type id past the last.
    assert!(matches!(
        resolver.resolve_access(10_000, FieldByteOffset, "0:0"),
        Err(BtfError::Core {
            problem: CoreProblem::Type(_),
            ..
        })
    ));
}

#[test]
fn array_element_and_whole_struct_accesses() {
    let local = btf("core.o");
    let target = btf("core_target.o");
    let sample = local_struct(&local, "sample");
    let mut resolver = CoreResolver::new(&local, &target);
    let value = |resolver: &mut CoreResolver<'_>, kind, access| {
        resolver.resolve_access(sample, kind, access).unwrap()
    };
    // &s[1]: one whole struct further (72 bytes in the target).
    let res = value(&mut resolver, CoreReloKind::FieldByteOffset, "1");
    assert_eq!((res.local_value, res.target), (56, CoreTarget::Value(72)));
    // &s->arr[3][2]: row 3, column 2.
    let res = value(&mut resolver, CoreReloKind::FieldByteOffset, "0:5:3:2");
    assert_eq!(
        (res.local_value, res.target),
        (17 + 11, CoreTarget::Value(27 + 11))
    );
    assert_eq!(res.mem_size, None);
    // Row 4 exists only in the target, but the local spec must be valid locally.
    assert!(
        resolver
            .resolve_access(sample, CoreReloKind::FieldByteOffset, "0:5:4:0")
            .is_err()
    );
    // sizeof(s->arr[1]) is a row of 3.
    let res = value(&mut resolver, CoreReloKind::FieldByteSize, "0:5:1");
    assert_eq!((res.local_value, res.target), (3, CoreTarget::Value(3)));
}
