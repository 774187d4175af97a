//! `.BTF` parsing and queries, checked against `bpftool btf dump` (run live when bpftool is
//! installed, otherwise its committed output beside each object) and against the running
//! kernel's BTF.

mod btf_common;

use std::time::Instant;

use btf_common::{bpftool_dump, btf, data_dir, vmlinux};
use sluice_obj::btf::{Btf, BtfError, Kind, KindOrVoid, TypeBody};

/// The test objects.
const OBJECTS: [&str; 3] = ["types.o", "core.o", "core_target.o"];

#[test]
fn every_object_dumps_as_bpftool_does() {
    for object in OBJECTS {
        let path = data_dir().join(object);
        let expected = match bpftool_dump(&path) {
            Some(live) => live,
            None => {
                let committed = path.with_extension("btf.txt");
                println!(
                    "bpftool not available: comparing with {}",
                    committed.display()
                );
                std::fs::read_to_string(&committed).expect("committed bpftool dump")
            }
        };
        let ours = btf(object).dump();
        assert_lines_equal(object, &ours, &expected);
    }
}

/// Compares two dumps line by line, reporting the first difference.
fn assert_lines_equal(what: &str, ours: &str, expected: &str) {
    let ours_lines: Vec<&str> = ours.lines().collect();
    let expected_lines: Vec<&str> = expected.lines().collect();
    for (index, (a, b)) in ours_lines.iter().zip(&expected_lines).enumerate() {
        assert_eq!(a, b, "{what}: line {} differs", index + 1);
    }
    assert_eq!(
        ours_lines.len(),
        expected_lines.len(),
        "{what}: number of lines differs"
    );
}

#[test]
fn committed_dumps_agree_on_counts_names_and_kinds() {
    // Independent of bpftool's exact format: every `[id] KIND 'name'` header line.
    for object in OBJECTS {
        let committed = std::fs::read_to_string(data_dir().join(object).with_extension("btf.txt"))
            .expect("committed bpftool dump");
        let headers: Vec<&str> = committed.lines().filter(|l| l.starts_with('[')).collect();
        let btf = btf(object);
        assert_eq!(headers.len(), btf.types().len(), "{object}: type count");
        for ((type_id, ty), header) in btf.iter().zip(headers) {
            let name = btf.type_name(ty);
            let name = if name.is_empty() { "(anon)" } else { name };
            let prefix = format!("[{type_id}] {} '{name}'", ty.kind());
            assert!(
                header.starts_with(&prefix),
                "{object}: {header:?} vs {prefix:?}"
            );
        }
    }
}

#[test]
fn types_object_has_every_kind() {
    let btf = btf("types.o");
    let kinds: std::collections::BTreeSet<Kind> = btf.types().iter().map(|t| t.kind()).collect();
    for kind in [
        Kind::Int,
        Kind::Ptr,
        Kind::Array,
        Kind::Struct,
        Kind::Union,
        Kind::Enum,
        Kind::Enum64,
        Kind::Fwd,
        Kind::Typedef,
        Kind::Volatile,
        Kind::Const,
        Kind::Restrict,
        Kind::Func,
        Kind::FuncProto,
        Kind::Var,
        Kind::Datasec,
        Kind::Float,
        Kind::DeclTag,
        Kind::TypeTag,
    ] {
        assert!(kinds.contains(&kind), "types.o has no {kind}");
    }
}

/// The type id of the struct member `member` of `struct name`.
fn member_type(btf: &Btf, name: &str, member: &str) -> u32 {
    let id = btf.find_by_name(Kind::Struct, name).expect("struct exists");
    btf.member_by_name(id, member)
        .expect("query")
        .unwrap_or_else(|| panic!("{name}.{member}"))
        .member
        .type_id
}

#[test]
fn queries_on_types_object() {
    let btf = btf("types.o");
    let foo = btf.find_by_name(Kind::Struct, "foo").expect("struct foo");
    assert_eq!(btf.name_of(foo).unwrap(), "foo");
    assert_eq!(btf.size_of(foo).unwrap(), 160);
    assert_eq!(btf.display(foo), "struct foo");
    assert_eq!(btf.name_of(0).unwrap(), "");
    assert_eq!(btf.kind_of(0).unwrap(), KindOrVoid::Void);

    // Members, including those of anonymous members.
    let anon_a = btf.member_by_name(foo, "anon_a").unwrap().unwrap();
    assert_eq!(anon_a.path, vec![11, 0]);
    assert_eq!(anon_a.bit_offset, 896);
    assert_eq!(btf.member_by_name(foo, "nested_x").unwrap(), None);
    let flags = btf.member_by_name(foo, "flags").unwrap().unwrap();
    let count = btf
        .member_by_name(flags.member.type_id, "count")
        .unwrap()
        .unwrap();
    assert_eq!((count.bit_offset, count.member.bitfield_size), (4, 20));

    // Sizes with the kernel's rules.
    let size = |member: &str| btf.size_of(member_type(&btf, "foo", member)).unwrap();
    assert_eq!(size("matrix"), 24);
    assert_eq!(size("hosts"), 16);
    assert_eq!(size("next"), 8);
    assert_eq!(size("cb"), 8);
    assert_eq!(size("wide"), 8);
    assert_eq!(size("color"), 4);
    assert_eq!(size("ratio"), 4);
    assert_eq!(size("ok"), 1);

    // Typedef and modifier chains.
    let aliased = member_type(&btf, "foo", "aliased");
    let unsigned_int = btf.find_by_name(Kind::Int, "unsigned int").unwrap();
    assert_eq!(btf.resolve_type(aliased).unwrap(), unsigned_int);
    let cv_u32 = btf.find_by_name(Kind::Typedef, "cv_u32").unwrap();
    assert_eq!(btf.resolve_type(cv_u32).unwrap(), unsigned_int);
    assert_eq!(btf.size_of(cv_u32).unwrap(), 4);

    // C-like names.
    let display = |member: &str| btf.display(member_type(&btf, "foo", member));
    assert_eq!(display("matrix"), "__u32[2][3]");
    assert_eq!(display("name"), "char[16]");
    assert_eq!(display("label"), "const char *");
    assert_eq!(display("next"), "struct foo *");
    assert_eq!(display("cb"), "callback_fn");
    assert_eq!(display("named_anon"), "struct {...}");
    let callback = btf.find_by_name(Kind::Typedef, "callback_fn").unwrap();
    let TypeBody::Typedef(pointer) = btf.type_by_id(callback).unwrap().body else {
        panic!("callback_fn is a typedef");
    };
    assert_eq!(btf.display(pointer), "int (*)(void *, __u64)");
    let prog = btf.find_by_name(Kind::Func, "types_prog").unwrap();
    assert_eq!(btf.display(prog), "int types_prog(struct xdp_md *ctx)");
    let helper = btf.find_by_name(Kind::Func, "helper_sum").unwrap();
    assert_eq!(
        btf.display(helper),
        "int helper_sum(const struct foo *f, int *restrict extra)"
    );
    let limit = btf.find_by_name(Kind::Var, "limit").unwrap();
    assert_eq!(btf.display(limit), "const volatile cv_u32 limit");
    let xdp_md = btf.find_by_name(Kind::Struct, "xdp_md").unwrap();
    let TypeBody::FuncProto(proto) = &btf
        .type_by_id(xdp_md + 1)
        .expect("prototype after xdp_md")
        .body
    else {
        panic!("expected the prototype of types_prog after struct xdp_md");
    };
    assert_eq!(btf.display(proto.params[0].type_id), "struct xdp_md *");
    let opaque = btf.find_by_name(Kind::Fwd, "opaque_union").unwrap();
    assert_eq!(btf.display(opaque), "union opaque_union");
    assert!(matches!(
        btf.size_of(opaque),
        Err(BtfError::NoSize {
            kind: KindOrVoid::Kind(Kind::Fwd),
            ..
        })
    ));
    let tagged = member_type(&btf, "tagged", "user_ptr");
    assert_eq!(
        btf.display(tagged),
        "__attribute__((btf_type_tag(\"user\"))) int *"
    );
}

/// Writes `value` little-endian at `offset`.
fn put(bytes: &mut [u8], offset: usize, value: &[u8]) {
    bytes[offset..offset + value.len()].copy_from_slice(value);
}

#[test]
fn values_print_as_typed_values() {
    let btf = btf("types.o");
    let foo = btf.find_by_name(Kind::Struct, "foo").unwrap();
    let mut bytes = vec![0u8; 160];
    put(&mut bytes, 0, &42u32.to_le_bytes());
    put(&mut bytes, 4, b"bash");
    // flags: valid = 1, kind = 5, count = 1000, signed_bits = -3, wide = 0x12345.
    let flags_word: u32 = 1 | (5 << 1) | (1000 << 4) | ((-3i32 as u32 & 0x1f) << 24);
    put(&mut bytes, 24, &flags_word.to_le_bytes());
    put(&mut bytes, 32, &0x12345u64.to_le_bytes());
    put(&mut bytes, 40, &2.5f64.to_le_bytes());
    put(&mut bytes, 48, &5u32.to_le_bytes());
    put(&mut bytes, 52, &(-2i32).to_le_bytes());
    put(&mut bytes, 56, &0x12_3456_7890u64.to_le_bytes());
    put(&mut bytes, 64, &80u16.to_le_bytes());
    put(&mut bytes, 66, &[0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5e]);
    put(&mut bytes, 72, &443u16.to_le_bytes());
    for (index, value) in [1u32, 2, 3, 4, 5, 6].iter().enumerate() {
        put(&mut bytes, 80 + index * 4, &value.to_le_bytes());
    }
    put(&mut bytes, 104, &9u32.to_le_bytes());
    put(&mut bytes, 108, &1.5f32.to_le_bytes());
    put(&mut bytes, 112, &0x10002u32.to_le_bytes());
    put(&mut bytes, 116, &[3, 4]);
    put(&mut bytes, 120, &0xffff_8000_1234_5678u64.to_le_bytes());
    put(&mut bytes, 144, &[1, 0xfd]);
    put(&mut bytes, 146, &(-300i16).to_le_bytes());
    put(&mut bytes, 152, &(-5i64).to_le_bytes());
    let text = btf.format_value(foo, &bytes).unwrap();
    assert_eq!(
        text,
        "{ .id = 42, .name = \"bash\", \
         .flags = { .valid = 1, .kind = 5, .count = 1000, .signed_bits = -3, .wide = 74565 }, \
         .num = { .u = 4612811918334230528, .s = 4612811918334230528, .d = 2.5, \
         .bytes = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x40] }, \
         .color = GREEN, .delta = MINUS, .wide = HUGE, \
         .hosts = [{ .port = 80, .mac = [0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x5e] }, { .port = 443, .mac = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00] }], \
         .matrix = [[1, 2, 3], [4, 5, 6]], .aliased = 9, .ratio = 1.5, \
         { .anon_a = 65538, .anon_b = 2 }, .named_anon = { .nested_x = 3, .nested_y = 4 }, \
         .cb = 0xffff800012345678, .label = 0x0, .next = 0x0, .ok = true, .small = -3, \
         .shorty = -300, .big = -5 }"
    );
    // Too short a value is an error, not a panic.
    assert!(matches!(
        btf.format_value(foo, &bytes[..100]),
        Err(BtfError::ValueTooShort {
            needed: 160,
            available: 100,
            ..
        })
    ));
}

#[test]
fn vmlinux_parses_fully() {
    let Some(vmlinux) = vmlinux() else {
        return;
    };
    let data = std::fs::read(sluice_obj::btf::VMLINUX_BTF_PATH).unwrap();
    let start = Instant::now();
    let parsed = Btf::parse(&data).unwrap();
    println!(
        "parsed {} bytes of vmlinux BTF, {} types, in {:?}",
        data.len(),
        parsed.types().len(),
        start.elapsed()
    );
    assert!(vmlinux.types().len() > 10_000);

    let task = vmlinux
        .find_by_name(Kind::Struct, "task_struct")
        .expect("task_struct");
    let pid = vmlinux
        .member_by_name(task, "pid")
        .unwrap()
        .expect("task_struct.pid");
    assert_eq!(vmlinux.display(pid.member.type_id), "pid_t");
    assert_eq!(vmlinux.size_of(pid.member.type_id).unwrap(), 4);
    let comm = vmlinux
        .member_by_name(task, "comm")
        .unwrap()
        .expect("task_struct.comm");
    assert_eq!(vmlinux.display(comm.member.type_id), "char[16]");

    let xdp_md = vmlinux
        .find_by_name(Kind::Struct, "xdp_md")
        .expect("xdp_md");
    assert_eq!(vmlinux.size_of(xdp_md).unwrap(), 24);
    let data_end = vmlinux.member_by_name(xdp_md, "data_end").unwrap().unwrap();
    assert_eq!(data_end.bit_offset, 32);

    let skb = vmlinux
        .find_by_name(Kind::Struct, "__sk_buff")
        .expect("__sk_buff");
    let len = vmlinux.member_by_name(skb, "len").unwrap().unwrap();
    assert_eq!(len.bit_offset, 0);
    // `flow_keys` sits in an anonymous union of `__sk_buff`.
    let flow_keys = vmlinux.member_by_name(skb, "flow_keys").unwrap().unwrap();
    assert_eq!(flow_keys.path.len(), 2);
    assert_eq!(
        vmlinux.display(flow_keys.member.type_id),
        "struct bpf_flow_keys *"
    );

    // Every type has a size or a reason not to, and a C-like name, without panicking.
    for (type_id, _) in vmlinux.iter() {
        let _ = vmlinux.size_of(type_id);
        let _ = vmlinux.display(type_id);
    }
}

#[test]
fn vmlinux_dumps_as_bpftool_does() {
    let Some(vmlinux) = vmlinux() else {
        return;
    };
    let Some(expected) = bpftool_dump(std::path::Path::new(sluice_obj::btf::VMLINUX_BTF_PATH))
    else {
        println!("skipped: bpftool not available");
        return;
    };
    assert_lines_equal("vmlinux", &vmlinux.dump(), &expected);
}
