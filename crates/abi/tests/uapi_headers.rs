//! Compares the crate's tables with the user-space kernel headers installed on the machine:
//! `/usr/include/linux/bpf.h` (program, attach and map types, the `__BPF_FUNC_MAPPER` helper
//! list, flag enums and a few defines) and `/usr/include/asm-generic/errno*.h`.
//!
//! The installed headers may be older than 6.18 (Debian 12 ships 6.1), so everything they define
//! must match the tables, but the tables may define more. Without the headers each test prints
//! a `skipped:` line and passes.

use std::collections::HashMap;

use sluice_abi::map_type::{create_flags, perf_flags, ringbuf_flags, stack_flags, update_flags};
use sluice_abi::{AttachType, Errno, HelperId, MapType, ProgType, limits};

const BPF_H: &str = "/usr/include/linux/bpf.h";

fn read_header(path: &str) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(error) => {
            println!("skipped: {path} unreadable ({error})");
            None
        }
    }
}

/// The header without its comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Evaluates the constant expressions the header's enums use: literals with `U`/`ULL`
/// suffixes, `(1U << n)`, `-1`, and names defined earlier.
fn evaluate(expr: &str, known: &HashMap<String, i128>) -> Option<i128> {
    let expr = expr
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    if let Some((left, right)) = expr.split_once("<<") {
        return Some(evaluate(left, known)? << evaluate(right, known)?);
    }
    if let Some(negated) = expr.strip_prefix('-') {
        return evaluate(negated, known).map(|value| -value);
    }
    let literal = expr.trim_end_matches(['U', 'L', 'u', 'l']);
    if let Some(hex) = literal.strip_prefix("0x") {
        return i128::from_str_radix(hex, 16).ok();
    }
    if let Ok(value) = literal.parse::<i128>() {
        return Some(value);
    }
    known.get(expr).copied()
}

/// Every enum body of the header: the enum's name (empty if anonymous) and its enumerators in
/// order, with values.
fn enums(header: &str) -> Vec<(String, Vec<(String, i128)>)> {
    let text = strip_comments(header);
    let mut known = HashMap::new();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("enum ") {
        let after = &rest[start + 5..];
        let Some(open) = after.find('{') else { break };
        let name = after[..open].trim();
        if name.contains(';') || name.contains(')') || name.contains('(') {
            rest = after;
            continue;
        }
        let Some(close) = after[open..].find('}') else {
            break;
        };
        let body = &after[open + 1..open + close];
        let mut next = 0i128;
        let mut entries = Vec::new();
        for item in body.split(',') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (ident, value) = match item.split_once('=') {
                Some((ident, expr)) => (ident.trim(), evaluate(expr, &known)),
                None => (item, Some(next)),
            };
            let Some(value) = value else { continue };
            known.insert(ident.to_owned(), value);
            entries.push((ident.to_owned(), value));
            next = value + 1;
        }
        out.push((name.to_owned(), entries));
        rest = &after[open + close..];
    }
    out
}

fn named_enum(header: &str, name: &str) -> Vec<(String, i128)> {
    enums(header)
        .into_iter()
        .find(|(enum_name, _)| enum_name == name)
        .map(|(_, entries)| entries)
        .unwrap_or_else(|| panic!("{BPF_H} has no enum {name}"))
}

#[test]
fn header_enums_agree_with_the_tables() {
    let Some(header) = read_header(BPF_H) else {
        return;
    };
    let check = |enum_name: &str, find: &dyn Fn(&str) -> Option<u32>| {
        for (name, value) in named_enum(&header, enum_name) {
            if name.starts_with("__") || name.ends_with("_DEPRECATED") {
                continue;
            }
            let ours =
                find(&name).unwrap_or_else(|| panic!("{enum_name}: {name} is not in the table"));
            assert_eq!(i128::from(ours), value, "{enum_name}: value of {name}");
        }
    };
    check("bpf_prog_type", &|name| {
        ProgType::ALL
            .iter()
            .find(|t| t.kernel_name() == name)
            .map(|t| t.as_u32())
    });
    check("bpf_attach_type", &|name| {
        AttachType::ALL
            .iter()
            .find(|t| t.kernel_name() == name)
            .map(|t| t.as_u32())
    });
    check("bpf_map_type", &|name| {
        MapType::ALL
            .iter()
            .find(|t| t.kernel_name() == name)
            .map(|t| t.as_u32())
    });
}

#[test]
fn header_helper_list_agrees_with_the_table() {
    let Some(header) = read_header(BPF_H) else {
        return;
    };
    let start = header
        .find("#define __BPF_FUNC_MAPPER")
        .or_else(|| header.find("#define ___BPF_FUNC_MAPPER"));
    let Some(start) = start else {
        panic!("{BPF_H} has no __BPF_FUNC_MAPPER")
    };
    let mut count = 0;
    // Old headers list `FN(name)` in id order; newer ones `FN(name, id, ##ctx)`.
    for (position, line) in header[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.trim_end().ends_with('\\'))
        .enumerate()
    {
        let Some(inner) = line.trim().strip_prefix("FN(") else {
            continue;
        };
        let inner = inner.split(')').next().unwrap_or("");
        let mut parts = inner.split(',').map(str::trim);
        let name = parts.next().unwrap_or("");
        let id = parts
            .next()
            .and_then(|id| id.parse::<u32>().ok())
            .unwrap_or(position as u32);
        if name == "unspec" {
            assert_eq!(id, 0);
            continue;
        }
        let helper = HelperId::from_u32(id)
            .unwrap_or_else(|| panic!("helper id {id} ({name}) is not in the table"));
        assert_eq!(helper.name(), name, "name of helper {id}");
        count += 1;
    }
    // Headers of 6.2 and later list all 211; Debian 12's 6.1 headers stop at 209.
    assert!(count > 100, "only {count} helpers parsed from {BPF_H}");
    println!("{BPF_H} lists {count} helpers, all in the table");
}

#[test]
fn header_constants_agree_with_the_tables() {
    let Some(header) = read_header(BPF_H) else {
        return;
    };
    let mut all = HashMap::new();
    for (_, entries) in enums(&header) {
        for (name, value) in entries {
            all.entry(name).or_insert(value);
        }
    }
    let ours: &[(&str, i128)] = &[
        ("BPF_F_NO_PREALLOC", create_flags::BPF_F_NO_PREALLOC.into()),
        ("BPF_F_NUMA_NODE", create_flags::BPF_F_NUMA_NODE.into()),
        ("BPF_F_RDONLY", create_flags::BPF_F_RDONLY.into()),
        ("BPF_F_WRONLY", create_flags::BPF_F_WRONLY.into()),
        ("BPF_F_ZERO_SEED", create_flags::BPF_F_ZERO_SEED.into()),
        ("BPF_F_RDONLY_PROG", create_flags::BPF_F_RDONLY_PROG.into()),
        ("BPF_F_WRONLY_PROG", create_flags::BPF_F_WRONLY_PROG.into()),
        ("BPF_F_MMAPABLE", create_flags::BPF_F_MMAPABLE.into()),
        ("BPF_F_INNER_MAP", create_flags::BPF_F_INNER_MAP.into()),
        ("BPF_ANY", update_flags::BPF_ANY.into()),
        ("BPF_NOEXIST", update_flags::BPF_NOEXIST.into()),
        ("BPF_EXIST", update_flags::BPF_EXIST.into()),
        ("BPF_F_LOCK", update_flags::BPF_F_LOCK.into()),
        ("BPF_RB_NO_WAKEUP", ringbuf_flags::BPF_RB_NO_WAKEUP.into()),
        (
            "BPF_RB_FORCE_WAKEUP",
            ringbuf_flags::BPF_RB_FORCE_WAKEUP.into(),
        ),
        ("BPF_RB_AVAIL_DATA", ringbuf_flags::BPF_RB_AVAIL_DATA.into()),
        ("BPF_RB_RING_SIZE", ringbuf_flags::BPF_RB_RING_SIZE.into()),
        ("BPF_RB_CONS_POS", ringbuf_flags::BPF_RB_CONS_POS.into()),
        ("BPF_RB_PROD_POS", ringbuf_flags::BPF_RB_PROD_POS.into()),
        ("BPF_F_INDEX_MASK", perf_flags::BPF_F_INDEX_MASK.into()),
        ("BPF_F_CURRENT_CPU", perf_flags::BPF_F_CURRENT_CPU.into()),
        (
            "BPF_F_SKIP_FIELD_MASK",
            stack_flags::BPF_F_SKIP_FIELD_MASK.into(),
        ),
        ("BPF_F_USER_STACK", stack_flags::BPF_F_USER_STACK.into()),
        (
            "BPF_F_FAST_STACK_CMP",
            stack_flags::BPF_F_FAST_STACK_CMP.into(),
        ),
        (
            "BPF_F_REUSE_STACKID",
            stack_flags::BPF_F_REUSE_STACKID.into(),
        ),
        (
            "BPF_F_USER_BUILD_ID",
            stack_flags::BPF_F_USER_BUILD_ID.into(),
        ),
    ];
    for (name, value) in ours {
        let header_value = all
            .get(*name)
            .unwrap_or_else(|| panic!("{BPF_H} has no {name}"));
        assert_eq!(header_value, value, "value of {name}");
    }
    let define = |name: &str| -> Option<i128> {
        let text = strip_comments(&header);
        text.lines().find_map(|line| {
            let mut words = line.split_whitespace();
            (words.next() == Some("#define") && words.next() == Some(name))
                .then(|| {
                    words
                        .next()
                        .and_then(|value| evaluate(value, &HashMap::new()))
                })
                .flatten()
        })
    };
    assert_eq!(
        define("BPF_OBJ_NAME_LEN"),
        Some(limits::BPF_OBJ_NAME_LEN as i128)
    );
    assert_eq!(define("BPF_TAG_SIZE"), Some(limits::BPF_TAG_SIZE as i128));
    assert_eq!(
        define("XDP_PACKET_HEADROOM"),
        Some(limits::XDP_PACKET_HEADROOM as i128)
    );
}

#[test]
fn errno_values_agree_with_the_headers() {
    let mut defined = HashMap::new();
    for path in [
        "/usr/include/asm-generic/errno-base.h",
        "/usr/include/asm-generic/errno.h",
    ] {
        let Some(text) = read_header(path) else {
            return;
        };
        for line in text.lines() {
            let mut words = line.split_whitespace();
            if words.next() != Some("#define") {
                continue;
            }
            if let (Some(name), Some(value)) = (
                words.next(),
                words.next().and_then(|v| v.parse::<i32>().ok()),
            ) {
                defined.insert(name.to_owned(), value);
            }
        }
    }
    for errno in Errno::ALL {
        match defined.get(errno.name()) {
            Some(value) => assert_eq!(*value, errno.code(), "value of {}", errno.name()),
            None => assert_eq!(
                *errno,
                Errno::Enotsupp,
                "{} is not in the user-space headers",
                errno.name()
            ),
        }
    }
}
