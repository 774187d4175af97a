//! `Btf::decode_value`: values decoded into a tree agree with `Btf::format_value`'s text, keep
//! their types (numbers, text, bytes, nested structs), and `char` arrays read up to their NUL.

mod btf_common;

use btf_common::btf;
use sluice_obj::btf::{BtfError, Decoded, Kind};

fn put(bytes: &mut [u8], offset: usize, value: &[u8]) {
    bytes[offset..offset + value.len()].copy_from_slice(value);
}

/// A `struct foo` of `types.o` (160 bytes) with some fields set.
fn foo_bytes() -> Vec<u8> {
    let mut bytes = vec![0u8; 160];
    put(&mut bytes, 0, &42u32.to_le_bytes());
    // "bash", then old bytes after the NUL, as in reused ring buffer memory.
    put(&mut bytes, 4, b"bash\0zz\x01");
    let flags_word: u32 = 1 | (5 << 1) | (1000 << 4) | ((-3i32 as u32 & 0x1f) << 24);
    put(&mut bytes, 24, &flags_word.to_le_bytes());
    put(&mut bytes, 40, &2.5f64.to_le_bytes());
    put(&mut bytes, 48, &5u32.to_le_bytes());
    put(&mut bytes, 52, &(-2i32).to_le_bytes());
    put(&mut bytes, 64, &80u16.to_le_bytes());
    put(&mut bytes, 66, &[0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5e]);
    put(&mut bytes, 108, &1.5f32.to_le_bytes());
    put(&mut bytes, 112, &0x10002u32.to_le_bytes());
    put(&mut bytes, 120, &0xffff_8000_1234_5678u64.to_le_bytes());
    put(&mut bytes, 144, &[1, 0xfd]);
    bytes
}

/// The member `name` of a decoded struct.
fn member<'a>(value: &'a Decoded, name: &str) -> &'a Decoded {
    let Decoded::Struct(members) = value else {
        panic!("not a struct: {value:?}");
    };
    members
        .iter()
        .find(|(member, _)| member == name)
        .map(|(_, value)| value)
        .unwrap_or_else(|| panic!("no member {name} in {value:?}"))
}

#[test]
fn decoded_values_print_as_format_value_prints_them() {
    let btf = btf("types.o");
    let foo = btf.find_by_name(Kind::Struct, "foo").unwrap();
    let bytes = foo_bytes();
    let decoded = btf.decode_value(foo, &bytes).unwrap();
    assert_eq!(decoded.to_string(), btf.format_value(foo, &bytes).unwrap());
    // Every type of the object, on bytes that are not all zero.
    for (type_id, _) in btf.iter() {
        let Ok(size) = btf.size_of(type_id) else {
            continue;
        };
        let value: Vec<u8> = (0..size).map(|index| (index * 37 % 251) as u8).collect();
        assert_eq!(
            btf.decode_value(type_id, &value).map(|v| v.to_string()),
            btf.format_value(type_id, &value),
            "type {type_id}"
        );
    }
}

#[test]
fn decoded_values_keep_their_types() {
    let btf = btf("types.o");
    let foo = btf.find_by_name(Kind::Struct, "foo").unwrap();
    let decoded = btf.decode_value(foo, &foo_bytes()).unwrap();
    assert_eq!(member(&decoded, "id"), &Decoded::Unsigned(42));
    // Text up to the NUL; what follows it is ignored.
    assert_eq!(member(&decoded, "name"), &Decoded::Text("bash".to_string()));
    let flags = member(&decoded, "flags");
    assert_eq!(member(flags, "kind"), &Decoded::Unsigned(5));
    assert_eq!(member(flags, "signed_bits"), &Decoded::Signed(-3));
    assert_eq!(
        member(&decoded, "color"),
        &Decoded::Enumerator("GREEN".into())
    );
    assert_eq!(
        member(&decoded, "delta"),
        &Decoded::Enumerator("MINUS".into())
    );
    assert_eq!(member(&decoded, "ratio"), &Decoded::F32(1.5));
    assert_eq!(
        member(&decoded, "cb"),
        &Decoded::Pointer(0xffff_8000_1234_5678)
    );
    assert_eq!(member(&decoded, "ok"), &Decoded::Bool(true));
    assert_eq!(member(&decoded, "small"), &Decoded::Signed(-3));
    let Decoded::Array { elements, omitted } = member(&decoded, "hosts") else {
        panic!("hosts: {decoded:?}");
    };
    assert_eq!((elements.len(), *omitted), (2, 0));
    assert_eq!(member(&elements[0], "port"), &Decoded::Unsigned(80));
    assert_eq!(
        member(&elements[0], "mac"),
        &Decoded::Bytes(vec![0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5e])
    );
    // The anonymous union is a member without a name.
    let anonymous = member(&decoded, "");
    assert_eq!(member(anonymous, "anon_a"), &Decoded::Unsigned(0x10002));
}

#[test]
fn a_char_array_that_is_not_text_is_bytes_and_a_short_value_an_error() {
    let btf = btf("types.o");
    let foo = btf.find_by_name(Kind::Struct, "foo").unwrap();
    let mut bytes = foo_bytes();
    put(&mut bytes, 4, b"ba\x07h\0");
    let decoded = btf.decode_value(foo, &bytes).unwrap();
    let Decoded::Bytes(name) = member(&decoded, "name") else {
        panic!("{decoded:?}");
    };
    assert_eq!(&name[..5], b"ba\x07h\0");
    assert_eq!(
        btf.decode_value(foo, &bytes[..100]),
        Err(BtfError::ValueTooShort {
            type_id: foo,
            needed: 160,
            available: 100
        })
    );
}
