//! The raw dump of every type, in the format of `bpftool btf dump file X` (one line per type,
//! one tab-indented line per member, enumerator, parameter or section variable). Tests compare
//! it with bpftool's output; the CLI can print it.

use std::fmt::Write as _;

use super::parse::Btf;
use super::types::{BtfType, IntEncoding, TypeBody, TypeId};

impl Btf {
    /// The dump of every type, as `bpftool btf dump file X` prints it, one line per type
    /// record plus its sub-records, each ending in a newline.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (type_id, ty) in self.iter() {
            self.dump_type(&mut out, type_id, ty);
            out.push('\n');
        }
        out
    }

    /// The dump of one type (without the final newline).
    pub fn dump_type(&self, out: &mut String, type_id: TypeId, ty: &BtfType) {
        let _ = write!(
            out,
            "[{type_id}] {} '{}'",
            ty.kind(),
            self.dump_name(ty.name_off)
        );
        match &ty.body {
            TypeBody::Int(int) => {
                let encoding = match int.encoding {
                    IntEncoding::Unsigned => "(none)",
                    IntEncoding::Signed => "SIGNED",
                    IntEncoding::Char => "CHAR",
                    IntEncoding::Bool => "BOOL",
                };
                let _ = write!(
                    out,
                    " size={} bits_offset={} nr_bits={} encoding={encoding}",
                    int.size, int.offset, int.bits
                );
            }
            TypeBody::Ptr(id)
            | TypeBody::Typedef(id)
            | TypeBody::Volatile(id)
            | TypeBody::Const(id)
            | TypeBody::Restrict(id)
            | TypeBody::TypeTag { type_id: id, .. } => {
                let _ = write!(out, " type_id={id}");
            }
            TypeBody::Array(array) => {
                let _ = write!(
                    out,
                    " type_id={} index_type_id={} nr_elems={}",
                    array.elem, array.index, array.nelems
                );
            }
            TypeBody::Struct(c) | TypeBody::Union(c) => {
                let _ = write!(out, " size={} vlen={}", c.size, c.members.len());
                for member in &c.members {
                    let _ = write!(
                        out,
                        "\n\t'{}' type_id={} bits_offset={}",
                        self.dump_name(member.name_off),
                        member.type_id,
                        member.bit_offset
                    );
                    if member.bitfield_size > 0 {
                        let _ = write!(out, " bitfield_size={}", member.bitfield_size);
                    }
                }
            }
            TypeBody::Enum(e) | TypeBody::Enum64(e) => {
                let wide = matches!(ty.body, TypeBody::Enum64(_));
                let encoding = if e.signed { "SIGNED" } else { "UNSIGNED" };
                let _ = write!(
                    out,
                    " encoding={encoding} size={} vlen={}",
                    e.size,
                    e.values.len()
                );
                for value in &e.values {
                    let name = self.dump_name(value.name_off);
                    let _ = match (wide, e.signed) {
                        (false, true) => write!(out, "\n\t'{name}' val={}", value.value as i32),
                        (false, false) => write!(out, "\n\t'{name}' val={}", value.value as u32),
                        (true, true) => write!(out, "\n\t'{name}' val={}LL", value.value as i64),
                        (true, false) => write!(out, "\n\t'{name}' val={}ULL", value.value),
                    };
                }
            }
            TypeBody::Fwd { is_union } => {
                let _ = write!(
                    out,
                    " fwd_kind={}",
                    if *is_union { "union" } else { "struct" }
                );
            }
            TypeBody::Func { proto, linkage } => {
                let _ = write!(out, " type_id={proto} linkage={}", linkage.name());
            }
            TypeBody::FuncProto(proto) => {
                let _ = write!(
                    out,
                    " ret_type_id={} vlen={}",
                    proto.ret,
                    proto.params.len()
                );
                for param in &proto.params {
                    let _ = write!(
                        out,
                        "\n\t'{}' type_id={}",
                        self.dump_name(param.name_off),
                        param.type_id
                    );
                }
            }
            TypeBody::Var { type_id, linkage } => {
                let _ = write!(out, " type_id={type_id}, linkage={}", linkage.name());
            }
            TypeBody::Datasec(datasec) => {
                let _ = write!(out, " size={} vlen={}", datasec.size, datasec.vars.len());
                for var in &datasec.vars {
                    let _ = write!(
                        out,
                        "\n\ttype_id={} offset={} size={}",
                        var.type_id, var.offset, var.size
                    );
                    if let Some(var_ty) = self.type_by_id(var.type_id) {
                        let _ = write!(
                            out,
                            " ({} '{}')",
                            var_ty.kind(),
                            self.dump_name(var_ty.name_off)
                        );
                    }
                }
            }
            TypeBody::Float { size } => {
                let _ = write!(out, " size={size}");
            }
            TypeBody::DeclTag {
                type_id,
                component_idx,
                ..
            } => {
                let _ = write!(out, " type_id={type_id} component_idx={component_idx}");
            }
            TypeBody::Unknown { .. } => {}
        }
    }

    /// A name as bpftool prints it: `(anon)` for offset 0.
    fn dump_name(&self, name_off: u32) -> &str {
        if name_off == 0 {
            "(anon)"
        } else {
            self.name_at(name_off)
        }
    }
}
