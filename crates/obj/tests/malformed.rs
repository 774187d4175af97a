//! Malformed objects: every error path gives an error naming the section and offset, and no
//! input panics.

use std::path::Path;

use sluice_obj::{ObjErrorKind, Object};

fn corpus(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The ELF section header table of a little-endian ELF64 file: (offset, entry size, count).
fn section_headers(bytes: &[u8]) -> (usize, usize, usize) {
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap()) as usize;
    let u16_at = |o: usize| u16::from_le_bytes(bytes[o..o + 2].try_into().unwrap()) as usize;
    (u64_at(0x28), u16_at(0x3a), u16_at(0x3c))
}

/// Finds the header of the section called `name`.
fn section_header(bytes: &[u8], name: &str) -> usize {
    let (shoff, shentsize, shnum) = section_headers(bytes);
    let shstrndx = u16::from_le_bytes(bytes[0x3e..0x40].try_into().unwrap()) as usize;
    let strtab_off = u64::from_le_bytes(
        bytes[shoff + shstrndx * shentsize + 0x18..][..8]
            .try_into()
            .unwrap(),
    ) as usize;
    (0..shnum)
        .map(|i| shoff + i * shentsize)
        .find(|&header| {
            let name_off =
                u32::from_le_bytes(bytes[header..header + 4].try_into().unwrap()) as usize;
            let start = strtab_off + name_off;
            let end = start + bytes[start..].iter().position(|b| *b == 0).unwrap();
            &bytes[start..end] == name.as_bytes()
        })
        .unwrap_or_else(|| panic!("no section {name}"))
}

#[test]
fn not_elf_and_truncated_files() {
    assert!(matches!(
        Object::parse(b"hello").unwrap_err().kind,
        ObjErrorKind::NotElf(_)
    ));
    let bytes = corpus("array_map.o");
    for len in [0, 4, 16, 63, 64, 200, bytes.len() / 2, bytes.len() - 1] {
        let error = Object::parse(&bytes[..len]);
        assert!(error.is_err(), "a file truncated to {len} bytes loaded");
    }
}

#[test]
fn wrong_machine_is_refused() {
    let mut bytes = corpus("array_map.o");
    bytes[0x12] = 62; // EM_X86_64
    let error = Object::parse(&bytes).unwrap_err();
    assert!(matches!(error.kind, ObjErrorKind::NotBpf(_)), "{error}");
}

#[test]
fn code_section_of_odd_size_names_the_section() {
    let mut bytes = corpus("array_map.o");
    let header = section_header(&bytes, "xdp");
    let size = u64::from_le_bytes(bytes[header + 0x20..header + 0x28].try_into().unwrap());
    bytes[header + 0x20..header + 0x28].copy_from_slice(&(size - 3).to_le_bytes());
    let error = Object::parse(&bytes).unwrap_err();
    assert_eq!(error.section.as_deref(), Some("xdp"), "{error}");
    assert!(
        matches!(error.kind, ObjErrorKind::TruncatedCode { .. }),
        "{error}"
    );
}

#[test]
fn bad_btf_names_the_section() {
    let mut bytes = corpus("array_map.o");
    let header = section_header(&bytes, ".BTF");
    let offset =
        u64::from_le_bytes(bytes[header + 0x18..header + 0x20].try_into().unwrap()) as usize;
    bytes[offset] ^= 0xff; // the magic
    let error = Object::parse(&bytes).unwrap_err();
    assert_eq!(error.section.as_deref(), Some(".BTF"), "{error}");
}

#[test]
fn legacy_map_records_that_do_not_divide_are_refused() {
    let mut bytes = corpus("legacy_maps.o");
    let header = section_header(&bytes, "maps");
    let size = u64::from_le_bytes(bytes[header + 0x20..header + 0x28].try_into().unwrap());
    bytes[header + 0x20..header + 0x28].copy_from_slice(&(size - 1).to_le_bytes());
    let error = Object::parse(&bytes).unwrap_err();
    assert_eq!(error.section.as_deref(), Some("maps"), "{error}");
}

#[test]
fn huge_bss_is_refused_without_allocating() {
    let mut bytes = corpus("global_data.o");
    let header = section_header(&bytes, ".bss");
    bytes[header + 0x20..header + 0x28].copy_from_slice(&(1u64 << 50).to_le_bytes());
    let error = Object::parse(&bytes).unwrap_err();
    assert_eq!(error.section.as_deref(), Some(".bss"), "{error}");
}

#[test]
fn relocation_against_an_undefined_symbol_names_it() {
    // Point the first relocation of the program section at symbol 0 (the undefined null symbol).
    let mut bytes = corpus("array_map.o");
    let header = section_header(&bytes, ".relxdp");
    let offset =
        u64::from_le_bytes(bytes[header + 0x18..header + 0x20].try_into().unwrap()) as usize;
    // Elf64_Rel: r_offset (8), r_info (8) = symbol << 32 | type.
    let info = u64::from_le_bytes(bytes[offset + 8..offset + 16].try_into().unwrap());
    bytes[offset + 8..offset + 16].copy_from_slice(&(info & 0xffff_ffff).to_le_bytes());
    let error = Object::parse(&bytes).unwrap_err();
    assert_eq!(error.section.as_deref(), Some("xdp"), "{error}");
    assert!(error.offset.is_some(), "{error}");
}

#[test]
fn relocation_at_a_wrong_instruction_is_refused() {
    // Move the first relocation to byte 0 of the section (not a lddw or call there).
    let mut bytes = corpus("array_map.o");
    let header = section_header(&bytes, ".relxdp");
    let offset =
        u64::from_le_bytes(bytes[header + 0x18..header + 0x20].try_into().unwrap()) as usize;
    bytes[offset..offset + 8].copy_from_slice(&0u64.to_le_bytes());
    let error = Object::parse(&bytes).unwrap_err();
    assert_eq!(error.section.as_deref(), Some("xdp"), "{error}");
    assert_eq!(error.offset, Some(0), "{error}");
}

/// A small xorshift, so failures are reproducible from the seed.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn random_corruption_never_panics() {
    let originals = [
        "array_map.o",
        "global_data.o",
        "tail_chain.o",
        "array_of_maps.o",
        "legacy_maps.o",
        "subprog_calls.o",
    ]
    .map(corpus);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut n_loaded = 0;
    for round in 0..3000 {
        let mut bytes = originals[round % originals.len()].clone();
        let n_flips = 1 + next(&mut state) % 8;
        for _ in 0..n_flips {
            let at = (next(&mut state) % bytes.len() as u64) as usize;
            bytes[at] = next(&mut state) as u8;
        }
        if next(&mut state).is_multiple_of(4) {
            let len = (next(&mut state) % bytes.len() as u64) as usize;
            bytes.truncate(len);
        }
        if let Ok(object) = Object::parse(&bytes) {
            n_loaded += 1;
            for program in &object.programs {
                let _ = program.program(&object);
            }
        }
    }
    // Most flips land in padding, names or code and still load; the point is that none panics.
    assert!(n_loaded > 0);
}
