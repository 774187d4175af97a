//! A minimal reader of the kernel's BTF (`/sys/kernel/btf/vmlinux`) for the tests: named enums
//! and their values, and struct layouts flattened to `(name, offset, size)`.
//!
//! The format is the kernel's `Documentation/bpf/btf.rst`: a header, then type records, then a
//! string table. Only what the tests need is decoded; a malformed file makes the reader panic,
//! which fails the test that used it.

use std::collections::HashMap;

const KIND_INT: u32 = 1;
const KIND_PTR: u32 = 2;
const KIND_ARRAY: u32 = 3;
const KIND_STRUCT: u32 = 4;
const KIND_UNION: u32 = 5;
const KIND_ENUM: u32 = 6;
const KIND_FWD: u32 = 7;
const KIND_TYPEDEF: u32 = 8;
const KIND_VOLATILE: u32 = 9;
const KIND_CONST: u32 = 10;
const KIND_RESTRICT: u32 = 11;
const KIND_FUNC: u32 = 12;
const KIND_FUNC_PROTO: u32 = 13;
const KIND_VAR: u32 = 14;
const KIND_DATASEC: u32 = 15;
const KIND_FLOAT: u32 = 16;
const KIND_DECL_TAG: u32 = 17;
const KIND_TYPE_TAG: u32 = 18;
const KIND_ENUM64: u32 = 19;

/// One member of a struct or union.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) name: String,
    pub(crate) type_id: u32,
    pub(crate) bit_offset: u32,
}

/// One BTF type, reduced to what the tests use.
#[derive(Debug, Clone)]
pub(crate) struct Type {
    pub(crate) kind: u32,
    pub(crate) name: String,
    /// Size for sized kinds, referenced type for the others.
    pub(crate) size_or_type: u32,
    pub(crate) members: Vec<Member>,
    /// Enumerators of ENUM and ENUM64.
    pub(crate) enumerators: Vec<(String, i128)>,
    /// Element type and count of an ARRAY.
    pub(crate) array: Option<(u32, u32)>,
}

/// A struct member flattened into its containing structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FlatMember {
    /// The member's name; members of named nested structs are prefixed with `outer.`.
    pub(crate) name: String,
    /// Byte offset from the start of the outer structure.
    pub(crate) offset: u32,
    /// Size in bytes.
    pub(crate) size: u32,
    /// The size of the anonymous union this member sits in, if any.
    pub(crate) anonymous_union_size: Option<u32>,
}

/// The decoded type section.
pub(crate) struct Btf {
    types: Vec<Type>,
}

fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    u32::from_le_bytes(bytes[offset..offset + 4].try_into().expect("4 bytes"))
}

fn str_at(strings: &[u8], offset: u32) -> String {
    let start = offset as usize;
    let end = strings[start..]
        .iter()
        .position(|&b| b == 0)
        .map_or(strings.len(), |n| start + n);
    String::from_utf8_lossy(&strings[start..end]).into_owned()
}

impl Btf {
    /// Decodes the BTF blob `bytes` (little-endian, as on x86-64).
    pub(crate) fn parse(bytes: &[u8]) -> Btf {
        assert_eq!(
            u16::from_le_bytes([bytes[0], bytes[1]]),
            0xeb9f,
            "BTF magic"
        );
        let hdr_len = u32_at(bytes, 4) as usize;
        let type_off = u32_at(bytes, 8) as usize;
        let type_len = u32_at(bytes, 12) as usize;
        let str_off = u32_at(bytes, 16) as usize;
        let str_len = u32_at(bytes, 20) as usize;
        let type_section = &bytes[hdr_len + type_off..hdr_len + type_off + type_len];
        let strings = &bytes[hdr_len + str_off..hdr_len + str_off + str_len];

        // Type id 0 is `void`.
        let mut types = vec![Type {
            kind: 0,
            name: String::new(),
            size_or_type: 0,
            members: Vec::new(),
            enumerators: Vec::new(),
            array: None,
        }];
        let mut pos = 0;
        while pos < type_section.len() {
            let name_off = u32_at(type_section, pos);
            let info = u32_at(type_section, pos + 4);
            let size_or_type = u32_at(type_section, pos + 8);
            pos += 12;
            let vlen = (info & 0xffff) as usize;
            let kind = (info >> 24) & 0x1f;
            let kind_flag = info >> 31 == 1;
            let mut ty = Type {
                kind,
                name: str_at(strings, name_off),
                size_or_type,
                members: Vec::new(),
                enumerators: Vec::new(),
                array: None,
            };
            match kind {
                KIND_INT | KIND_VAR | KIND_DECL_TAG => pos += 4,
                KIND_ARRAY => {
                    ty.array = Some((u32_at(type_section, pos), u32_at(type_section, pos + 8)));
                    pos += 12;
                }
                KIND_STRUCT | KIND_UNION => {
                    for _ in 0..vlen {
                        let offset = u32_at(type_section, pos + 8);
                        ty.members.push(Member {
                            name: str_at(strings, u32_at(type_section, pos)),
                            type_id: u32_at(type_section, pos + 4),
                            bit_offset: if kind_flag {
                                offset & 0x00ff_ffff
                            } else {
                                offset
                            },
                        });
                        pos += 12;
                    }
                }
                KIND_ENUM => {
                    for _ in 0..vlen {
                        let value = u32_at(type_section, pos + 4);
                        // Signedness is in kind_flag; the tests compare magnitudes that fit.
                        let value = if kind_flag {
                            value as i32 as i128
                        } else {
                            value as i128
                        };
                        ty.enumerators
                            .push((str_at(strings, u32_at(type_section, pos)), value));
                        pos += 8;
                    }
                }
                KIND_ENUM64 => {
                    for _ in 0..vlen {
                        let low = u32_at(type_section, pos + 4) as u64;
                        let high = u32_at(type_section, pos + 8) as u64;
                        let bits = high << 32 | low;
                        let value = if kind_flag {
                            bits as i64 as i128
                        } else {
                            bits as i128
                        };
                        ty.enumerators
                            .push((str_at(strings, u32_at(type_section, pos)), value));
                        pos += 12;
                    }
                }
                KIND_FUNC_PROTO => pos += 8 * vlen,
                KIND_DATASEC => pos += 12 * vlen,
                KIND_PTR | KIND_FWD | KIND_TYPEDEF | KIND_VOLATILE | KIND_CONST | KIND_RESTRICT
                | KIND_FUNC | KIND_FLOAT | KIND_TYPE_TAG => {}
                other => panic!("unknown BTF kind {other}"),
            }
            types.push(ty);
        }
        Btf { types }
    }

    /// The kernel's BTF, or `None` (after printing why) if it cannot be read.
    pub(crate) fn vmlinux() -> Option<Btf> {
        match std::fs::read("/sys/kernel/btf/vmlinux") {
            Ok(bytes) => Some(Btf::parse(&bytes)),
            Err(error) => {
                println!("skipped: /sys/kernel/btf/vmlinux unreadable ({error})");
                None
            }
        }
    }

    fn get(&self, id: u32) -> &Type {
        &self.types[id as usize]
    }

    /// The first type of `kind` named `name`.
    fn find(&self, kind: u32, name: &str) -> Option<&Type> {
        self.types
            .iter()
            .find(|ty| ty.kind == kind && ty.name == name)
    }

    /// The enumerators of the named enum `name` (ENUM or ENUM64).
    pub(crate) fn enum_values(&self, name: &str) -> Option<Vec<(String, i128)>> {
        self.find(KIND_ENUM, name)
            .or_else(|| self.find(KIND_ENUM64, name))
            .map(|ty| ty.enumerators.clone())
    }

    /// Every enumerator of every enum, named or anonymous, by name (the first one wins).
    pub(crate) fn all_enumerators(&self) -> HashMap<String, i128> {
        let mut all = HashMap::new();
        for ty in &self.types {
            for (name, value) in &ty.enumerators {
                all.entry(name.clone()).or_insert(*value);
            }
        }
        all
    }

    /// The size in bytes of type `id`.
    pub(crate) fn size_of(&self, id: u32) -> u32 {
        let ty = self.get(id);
        match ty.kind {
            KIND_INT | KIND_STRUCT | KIND_UNION | KIND_ENUM | KIND_ENUM64 | KIND_FLOAT => {
                ty.size_or_type
            }
            KIND_PTR => 8,
            KIND_ARRAY => {
                let (element, count) = ty.array.expect("array info");
                self.size_of(element) * count
            }
            KIND_TYPEDEF | KIND_VOLATILE | KIND_CONST | KIND_RESTRICT | KIND_TYPE_TAG => {
                self.size_of(ty.size_or_type)
            }
            other => panic!("size of BTF kind {other}"),
        }
    }

    /// Skips typedefs and qualifiers.
    fn resolve(&self, mut id: u32) -> u32 {
        while matches!(
            self.get(id).kind,
            KIND_TYPEDEF | KIND_VOLATILE | KIND_CONST | KIND_RESTRICT | KIND_TYPE_TAG
        ) {
            id = self.get(id).size_or_type;
        }
        id
    }

    /// The size of `struct name`.
    pub(crate) fn struct_size(&self, name: &str) -> Option<u32> {
        self.find(KIND_STRUCT, name).map(|ty| ty.size_or_type)
    }

    /// The members of `struct name`, flattened: anonymous structs and unions are replaced by
    /// their members, named nested structs by theirs with a `name.` prefix; arrays stay whole.
    pub(crate) fn flat_members(&self, name: &str) -> Option<Vec<FlatMember>> {
        let ty = self.find(KIND_STRUCT, name)?;
        let mut out = Vec::new();
        self.flatten(ty, "", 0, None, &mut out);
        Some(out)
    }

    fn flatten(
        &self,
        ty: &Type,
        prefix: &str,
        base: u32,
        union_size: Option<u32>,
        out: &mut Vec<FlatMember>,
    ) {
        for member in &ty.members {
            let offset = base + member.bit_offset / 8;
            let resolved = self.resolve(member.type_id);
            let inner = self.get(resolved);
            let is_aggregate = matches!(inner.kind, KIND_STRUCT | KIND_UNION);
            if is_aggregate && member.name.is_empty() {
                let enclosing = if inner.kind == KIND_UNION {
                    Some(inner.size_or_type)
                } else {
                    union_size
                };
                self.flatten(inner, prefix, offset, enclosing, out);
            } else if is_aggregate
                && inner.kind == KIND_STRUCT
                && !inner.members.is_empty()
                && prefix.is_empty()
            {
                out.push(FlatMember {
                    name: format!("{prefix}{}", member.name),
                    offset,
                    size: self.size_of(member.type_id),
                    anonymous_union_size: union_size,
                });
                let nested_prefix = format!("{prefix}{}.", member.name);
                self.flatten(inner, &nested_prefix, offset, None, out);
            } else {
                out.push(FlatMember {
                    name: format!("{prefix}{}", member.name),
                    offset,
                    size: self.size_of(member.type_id),
                    anonymous_union_size: union_size,
                });
            }
        }
    }
}
