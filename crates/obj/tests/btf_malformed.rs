//! Malformed `.BTF` and `.BTF.ext` data: each defect gives its error, with its location, and
//! never a panic; random corruption of real sections never panics either.

mod btf_common;

use btf_common::{btf, section};
use sluice_obj::btf::{Btf, BtfError, BtfExt, CoreResolver, Kind, Location, Section, TypeBody};

/// Builds a `.BTF` blob type by type.
struct Blob {
    types: Vec<u8>,
    strings: Vec<u8>,
}

const INT: u32 = 1;
const PTR: u32 = 2;
const STRUCT: u32 = 4;
const TYPEDEF: u32 = 8;
const FUNC: u32 = 12;

impl Blob {
    fn new() -> Blob {
        Blob {
            types: Vec::new(),
            strings: vec![0],
        }
    }

    /// Adds a string, returning its offset.
    fn name(&mut self, text: &str) -> u32 {
        let offset = self.strings.len() as u32;
        self.strings.extend_from_slice(text.as_bytes());
        self.strings.push(0);
        offset
    }

    /// Adds a type record and the words after it.
    fn ty(&mut self, name_off: u32, kind: u32, vlen: u32, size_or_type: u32, extra: &[u32]) {
        for word in [name_off, (kind << 24) | vlen, size_or_type]
            .iter()
            .chain(extra)
        {
            self.types.extend_from_slice(&word.to_le_bytes());
        }
    }

    /// `int` as type 1.
    fn with_int() -> Blob {
        let mut blob = Blob::new();
        let name = blob.name("int");
        blob.ty(name, INT, 0, 4, &[(1 << 24) | 32]);
        blob
    }

    fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&0xeb9fu16.to_le_bytes());
        out.push(1);
        out.push(0);
        for word in [
            24,
            0,
            self.types.len() as u32,
            self.types.len() as u32,
            self.strings.len() as u32,
        ] {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out.extend_from_slice(&self.types);
        out.extend_from_slice(&self.strings);
        out
    }
}

fn at(offset: usize, type_id: Option<u32>) -> Location {
    Location {
        section: Section::Btf,
        offset,
        type_id,
    }
}

/// Writes a little-endian u32 at `offset`.
fn set_u32(data: &mut [u8], offset: usize, value: u32) {
    data[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
}

#[test]
fn a_well_formed_blob_parses() {
    let btf = Btf::parse(&Blob::with_int().build()).unwrap();
    assert_eq!(btf.types().len(), 1);
    assert_eq!(btf.display(1), "int");
}

#[test]
fn truncated_header() {
    let data = Blob::with_int().build();
    for len in [0, 3, 7] {
        assert!(
            matches!(
                Btf::parse(&data[..len]),
                Err(BtfError::Truncated {
                    at: Location { offset: 0, .. },
                    what: "header",
                    ..
                })
            ),
            "{len} bytes"
        );
    }
    // hdr_len says 24 but only 20 bytes are there.
    let err = Btf::parse(&data[..20]).unwrap_err();
    assert!(
        matches!(
            err,
            BtfError::Truncated {
                needed: 24,
                available: 20,
                ..
            }
        ),
        "{err}"
    );
    // hdr_len shorter than the header.
    let mut short = data.clone();
    set_u32(&mut short, 4, 16);
    assert!(matches!(Btf::parse(&short), Err(BtfError::BadHeader { at, .. }) if at.offset == 4));
}

#[test]
fn bad_magic_version_and_flags() {
    let data = Blob::with_int().build();
    let mut swapped = data.clone();
    swapped[0] = 0xeb;
    swapped[1] = 0x9f;
    let err = Btf::parse(&swapped).unwrap_err();
    assert_eq!(
        err,
        BtfError::BadMagic {
            at: at(0, None),
            found: 0x9feb
        }
    );
    assert!(err.to_string().contains(".BTF offset 0x0"), "{err}");
    let mut version = data.clone();
    version[2] = 2;
    assert_eq!(
        Btf::parse(&version).unwrap_err(),
        BtfError::BadVersion {
            at: at(2, None),
            found: 2
        }
    );
    let mut flags = data;
    flags[3] = 1;
    assert!(matches!(Btf::parse(&flags), Err(BtfError::BadHeader { at, .. }) if at.offset == 3));
}

#[test]
fn sections_out_of_range() {
    let data = Blob::with_int().build();
    // Type section longer than the data.
    let mut types = data.clone();
    set_u32(&mut types, 12, 0x1000);
    let err = Btf::parse(&types).unwrap_err();
    assert!(
        matches!(&err, BtfError::BadHeader { at, .. } if at.offset == 8),
        "{err}"
    );
    // String section past the end.
    let mut strings = data.clone();
    set_u32(&mut strings, 16, 0xffff_fff0);
    assert!(matches!(Btf::parse(&strings), Err(BtfError::BadHeader { at, .. }) if at.offset == 16));
    // Type section overlapping the strings.
    let mut overlap = data.clone();
    set_u32(&mut overlap, 16, 4);
    assert!(matches!(
        Btf::parse(&overlap),
        Err(BtfError::BadHeader { .. })
    ));
    // Misaligned type section.
    let mut misaligned = data;
    set_u32(&mut misaligned, 8, 2);
    assert!(
        matches!(Btf::parse(&misaligned), Err(BtfError::BadHeader { at, .. }) if at.offset == 8)
    );
}

#[test]
fn bad_string_sections() {
    let mut blob = Blob::with_int();
    blob.strings.push(b'x');
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::BadStringSection {
            what: "its last byte is not NUL",
            ..
        })
    ));
    let mut blob = Blob::with_int();
    blob.strings[0] = b'x';
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::BadStringSection {
            what: "its first byte is not NUL",
            ..
        })
    ));
    let mut blob = Blob::new();
    blob.strings.clear();
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::BadStringSection {
            what: "it is empty",
            ..
        })
    ));
}

#[test]
fn string_offset_out_of_range() {
    let mut blob = Blob::with_int();
    blob.ty(1000, PTR, 0, 1, &[]);
    let err = Btf::parse(&blob.build()).unwrap_err();
    assert_eq!(
        err,
        BtfError::StringOutOfRange {
            at: at(24 + 16, Some(2)),
            string_off: 1000,
            strings_len: 5
        }
    );
    assert!(err.to_string().contains("(type [2])"), "{err}");
    // A member name out of range names the member's offset.
    let mut blob = Blob::with_int();
    let name = blob.name("s");
    blob.ty(name, STRUCT, 1, 4, &[999, 1, 0]);
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::StringOutOfRange {
            at: Location {
                offset: 52,
                type_id: Some(2),
                ..
            },
            string_off: 999,
            ..
        })
    ));
    // Invalid UTF-8 in a name.
    let mut blob = Blob::with_int();
    let offset = blob.strings.len() as u32;
    blob.strings.extend_from_slice(&[0xff, 0xfe, 0]);
    blob.ty(offset, TYPEDEF, 0, 1, &[]);
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::BadString { .. })
    ));
}

#[test]
fn member_type_id_out_of_range() {
    let mut blob = Blob::with_int();
    let s = blob.name("s");
    let a = blob.name("a");
    let b = blob.name("b");
    blob.ty(s, STRUCT, 2, 8, &[a, 1, 0, b, 77, 32]);
    let err = Btf::parse(&blob.build()).unwrap_err();
    // Type 2 starts at 24 + 16; its second member's type field is 12 + 12 + 4 bytes further.
    assert_eq!(
        err,
        BtfError::TypeIdOutOfRange {
            at: at(24 + 16 + 28, Some(2)),
            referenced: 77,
            last: 2
        }
    );
}

#[test]
fn huge_vlen_is_truncation_not_allocation() {
    let mut blob = Blob::with_int();
    let s = blob.name("s");
    blob.ty(s, STRUCT, 0x00ff_ffff, 8, &[]);
    let err = Btf::parse(&blob.build()).unwrap_err();
    assert!(
        matches!(
            err,
            BtfError::Truncated { at: Location { offset: 52, type_id: Some(2), .. }, what: "members", needed, available: 0 }
                if needed == 0x00ff_ffff * 12
        ),
        "{err}"
    );
}

#[test]
fn unknown_kinds_and_invalid_records() {
    let mut blob = Blob::with_int();
    blob.ty(0, 25, 0, 0, &[]);
    assert_eq!(
        Btf::parse(&blob.build()).unwrap_err(),
        BtfError::UnknownKind {
            at: at(40, Some(2)),
            kind: 25
        }
    );
    // A FUNC whose type is not a prototype.
    let mut blob = Blob::with_int();
    let f = blob.name("f");
    blob.ty(f, FUNC, 1, 1, &[]);
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::InvalidType {
            kind: Kind::Func,
            ..
        })
    ));
    // An int of 3 bytes.
    let mut blob = Blob::new();
    blob.ty(0, INT, 0, 3, &[24]);
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::InvalidType {
            kind: Kind::Int,
            ..
        })
    ));
    // A pointer with a vlen.
    let mut blob = Blob::with_int();
    blob.ty(0, PTR, 2, 1, &[]);
    assert!(matches!(
        Btf::parse(&blob.build()),
        Err(BtfError::InvalidType {
            kind: Kind::Ptr,
            ..
        })
    ));
    // A record cut in the middle.
    let mut data = Blob::with_int().build();
    set_u32(&mut data, 12, 14);
    set_u32(&mut data, 16, 16);
    assert!(matches!(
        Btf::parse(&data),
        Err(BtfError::Truncated {
            at: Location {
                offset: 36,
                type_id: Some(1),
                ..
            },
            what: "int data",
            ..
        })
    ));
}

#[test]
fn unknown_kinds_described_by_the_layout_section_are_skipped() {
    let mut blob = Blob::with_int();
    blob.ty(0, 25, 2, 7, &[1, 2, 3, 4]);
    blob.ty(0, PTR, 0, 1, &[]);
    // Layout: 26 kinds; kind 25 has no singular element and 8-byte elements.
    let mut layout = vec![0u8; 26 * 4];
    layout[25 * 4 + 1] = 8;
    let mut out = Vec::new();
    out.extend_from_slice(&0xeb9fu16.to_le_bytes());
    out.extend_from_slice(&[1, 0]);
    let types_len = blob.types.len() as u32;
    for word in [
        32,
        0,
        types_len,
        types_len + layout.len() as u32,
        blob.strings.len() as u32,
        types_len,
        layout.len() as u32,
    ] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&blob.types);
    out.extend_from_slice(&layout);
    out.extend_from_slice(&blob.strings);
    let btf = Btf::parse(&out).unwrap();
    assert_eq!(btf.types().len(), 3);
    assert!(matches!(
        btf.types()[1].body,
        TypeBody::Unknown {
            kind: 25,
            vlen: 2,
            ..
        }
    ));
    assert_eq!(btf.display(3), "int *");
}

#[test]
fn cyclic_typedefs_are_errors_for_queries() {
    let mut blob = Blob::new();
    let a = blob.name("a");
    let b = blob.name("b");
    blob.ty(a, TYPEDEF, 0, 2, &[]);
    blob.ty(b, TYPEDEF, 0, 1, &[]);
    blob.ty(0, PTR, 0, 1, &[]);
    let btf = Btf::parse(&blob.build()).unwrap();
    assert!(matches!(
        btf.size_of(1),
        Err(BtfError::ResolveTooDeep { type_id: 1, .. })
    ));
    assert!(matches!(
        btf.resolve_type(2),
        Err(BtfError::ResolveTooDeep { .. })
    ));
    assert_eq!(btf.size_of(3).unwrap(), 8);
    assert_eq!(btf.display(3), "a *");
    assert!(btf.format_value(1, &[0; 8]).is_err());
    assert!(btf.member_by_name(1, "x").is_err());
    // A self-referencing array.
    let mut blob = Blob::with_int();
    blob.ty(0, 3, 0, 0, &[2, 1, 1]);
    let btf = Btf::parse(&blob.build()).unwrap();
    assert!(matches!(
        btf.size_of(2),
        Err(BtfError::ResolveTooDeep { .. })
    ));
    let _ = btf.display(2);
    // Queries on ids past the last.
    assert_eq!(
        btf.size_of(9),
        Err(BtfError::NoSuchType {
            type_id: 9,
            last: 2
        })
    );
    assert_eq!(btf.display(9), "<bad type id 9>");
}

#[test]
fn self_containing_types_take_bounded_time() {
    // struct s { struct s a; struct s b; } and a prototype taking and returning itself: walks
    // that branch at every level would take exponential time without their budgets.
    let mut blob = Blob::with_int();
    let s = blob.name("s");
    let a = blob.name("a");
    let b = blob.name("b");
    blob.ty(s, STRUCT, 2, 8, &[a, 2, 0, b, 2, 0]);
    blob.ty(0, 13, 3, 3, &[0, 3, 0, 3, 0, 3]);
    let btf = Btf::parse(&blob.build()).unwrap();
    let start = std::time::Instant::now();
    assert!(btf.format_value(2, &[0; 8]).unwrap().contains("..."));
    assert!(
        btf.decode_value(2, &[0; 8])
            .unwrap()
            .to_string()
            .contains("...")
    );
    assert!(btf.display(3).contains("..."));
    let mut resolver = CoreResolver::new(&btf, &btf);
    for kind in [
        sluice_obj::btf::CoreReloKind::TypeMatches,
        sluice_obj::btf::CoreReloKind::TypeExists,
    ] {
        let _ = resolver.resolve_access(2, kind, "0");
    }
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

#[test]
fn array_sizes_that_overflow() {
    let mut blob = Blob::with_int();
    blob.ty(0, 3, 0, 0, &[1, 1, 0x4000_0000]);
    let btf = Btf::parse(&blob.build()).unwrap();
    assert_eq!(btf.size_of(2), Err(BtfError::SizeOverflow { type_id: 2 }));
}

/// A minimal `.BTF.ext` with one func_info sub-section naming `name_off`.
fn ext(name_off: u32, record_size: u32, records: &[[u32; 2]]) -> Vec<u8> {
    let mut info = Vec::new();
    info.extend_from_slice(&record_size.to_le_bytes());
    info.extend_from_slice(&name_off.to_le_bytes());
    info.extend_from_slice(&(records.len() as u32).to_le_bytes());
    for record in records {
        for word in record {
            info.extend_from_slice(&word.to_le_bytes());
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0xeb9fu16.to_le_bytes());
    out.extend_from_slice(&[1, 0]);
    for word in [32u32, 0, info.len() as u32, 0, 0, 0, 0] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&info);
    out
}

#[test]
fn malformed_ext() {
    let mut blob = Blob::new();
    let prog = blob.name("prog");
    let section = blob.name("xdp");
    let int = blob.name("int");
    blob.ty(int, INT, 0, 4, &[(1 << 24) | 32]);
    blob.ty(0, 13, 0, 1, &[]);
    blob.ty(prog, FUNC, 1, 2, &[]);
    let btf = Btf::parse(&blob.build()).unwrap();

    let good = ext(section, 8, &[[0, 3]]);
    let parsed = BtfExt::parse(&good, &btf).unwrap();
    assert_eq!(parsed.func_info_for("xdp").len(), 1);

    let ext_at = |offset| Location {
        section: Section::BtfExt,
        offset,
        type_id: None,
    };
    let mut magic = good.clone();
    magic[0] = 0;
    assert!(
        matches!(BtfExt::parse(&magic, &btf), Err(BtfError::BadMagic { at, .. }) if at == ext_at(0))
    );
    assert!(matches!(
        BtfExt::parse(&good[..6], &btf),
        Err(BtfError::Truncated { .. })
    ));
    assert!(matches!(
        BtfExt::parse(&good[..40], &btf),
        Err(BtfError::BadHeader { .. })
    ));
    assert!(matches!(
        BtfExt::parse(&ext(section, 4, &[[0, 3]]), &btf),
        Err(BtfError::BadExtRecord { what: "func_info", at, .. }) if at == ext_at(32)
    ));
    assert!(matches!(
        BtfExt::parse(&ext(section, 8, &[]), &btf),
        Err(BtfError::BadExtRecord { .. })
    ));
    assert!(matches!(
        BtfExt::parse(&ext(500, 8, &[[0, 3]]), &btf),
        Err(BtfError::StringOutOfRange { string_off: 500, at, .. }) if at == ext_at(36)
    ));
    assert!(matches!(
        BtfExt::parse(&ext(section, 8, &[[4, 3]]), &btf),
        Err(BtfError::BadExtRecord { at, .. }) if at == ext_at(44)
    ));
    assert!(matches!(
        BtfExt::parse(&ext(section, 8, &[[0, 1]]), &btf),
        Err(BtfError::BadExtRecord { .. })
    ));
    // num_info larger than the data.
    let mut count = good.clone();
    set_u32(&mut count, 40, 0x1000_0000);
    assert!(matches!(
        BtfExt::parse(&count, &btf),
        Err(BtfError::Truncated { .. })
    ));
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Runs every query on every type of a BTF that parsed.
fn exercise(btf: &Btf) {
    let _ = btf.dump();
    for (type_id, _) in btf.iter() {
        let _ = btf.resolve_type(type_id);
        let _ = btf.display(type_id);
        if let Ok(size) = btf.size_of(type_id)
            && size <= 4096
        {
            let _ = btf.format_value(type_id, &vec![0xa5; size as usize]);
            let _ = btf.decode_value(type_id, &vec![0xa5; size as usize]);
        }
        let _ = btf.member_by_name(type_id, "id");
    }
}

#[test]
fn random_corruption_never_panics() {
    let mut rng = Rng(0x5eed_b7f0_1234_5678);
    let (mut parsed, mut ext_parsed) = (0, 0);
    for object in ["types.o", "core.o"] {
        let original = section(object, ".BTF").unwrap();
        let original_ext = section(object, ".BTF.ext").unwrap();
        let target = btf("core_target.o");
        for round in 0..2500 {
            let mut data = original.clone();
            let flips = 1 + rng.below(3);
            for _ in 0..flips {
                // Half of the flips hit the header and the first records, where damage matters.
                let index = if rng.below(2) == 0 {
                    rng.below(data.len().min(96))
                } else {
                    rng.below(data.len())
                };
                data[index] ^= 1 << rng.below(8);
            }
            if round % 20 == 0 {
                data.truncate(rng.below(data.len() + 1));
            }
            let Ok(btf) = Btf::parse(&data) else {
                continue;
            };
            parsed += 1;
            exercise(&btf);
            // The original .BTF.ext against the damaged .BTF, and a damaged .BTF.ext.
            let mut ext_data = original_ext.clone();
            if round % 2 == 0 {
                let index = rng.below(ext_data.len());
                ext_data[index] ^= 1 << rng.below(8);
            }
            if let Ok(ext) = BtfExt::parse(&ext_data, &btf) {
                ext_parsed += 1;
                let mut resolver = CoreResolver::new(&btf, &target);
                for info in &ext.core_relos {
                    for relo in &info.records {
                        let _ = resolver.resolve(relo);
                    }
                }
                for info in &ext.line_info {
                    let _ = ext.line_at(&btf, &info.name, rng.below(200));
                }
            }
        }
    }
    // The corruption must leave enough inputs parseable for the queries to be exercised.
    println!("{parsed} damaged .BTF parsed, {ext_parsed} .BTF.ext with them");
    assert!(parsed > 300 && ext_parsed > 100, "{parsed} / {ext_parsed}");
}
