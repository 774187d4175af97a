//! BTF-defined maps: the variables of the `.maps` section, described by their BTF types.
//!
//! libbpf's `bpf_helpers.h` encodes each parameter in the type of a member of an anonymous
//! struct: `__uint(name, N)` is `int (*name)[N]` (a pointer to an array of `N` elements),
//! `__type(name, T)` is `T *name`, and `__array(values, T)` is `T *values[]`, whose initial
//! entries come from relocations in the `.maps` section. This module reads them back the way
//! libbpf's `parse_btf_map_def` does.

use std::collections::HashMap;

use crate::btf::{Btf, Kind, TypeBody, TypeId};
use crate::elf::{Elf, SymKind, reloc};
use crate::error::{ObjError, ObjErrorKind};
use crate::map_def::{MapDef, MapInit, MapOrigin};

/// A map variable of `.maps`, with where its definition lies in the section.
pub(crate) struct BtfMap {
    pub(crate) offset: u32,
    pub(crate) def: MapDef,
    /// Byte offset of the `values` member inside the map variable, when there is one, and the
    /// size of one entry (8: a pointer).
    pub(crate) values_offset: Option<u32>,
}

fn error(map: &str, reason: impl Into<String>) -> ObjError {
    ObjError::section(
        ".maps",
        ObjErrorKind::BadMap {
            map: map.to_string(),
            reason: reason.into(),
        },
    )
}

/// `__uint(name, N)`: the `N` of `int (*name)[N]`.
fn uint_value(btf: &Btf, map: &str, member: &str, type_id: TypeId) -> Result<u32, ObjError> {
    let bad = || error(map, format!("member `{member}` is not __uint(...)"));
    let pointee = match btf.type_by_id(type_id).map(|t| &t.body) {
        Some(TypeBody::Ptr(pointee)) => *pointee,
        _ => return Err(bad()),
    };
    match btf.type_by_id(pointee).map(|t| &t.body) {
        Some(TypeBody::Array(array)) => Ok(array.nelems),
        _ => Err(bad()),
    }
}

/// `__type(name, T)`: `T` and its size.
fn typed(btf: &Btf, map: &str, member: &str, type_id: TypeId) -> Result<(TypeId, u32), ObjError> {
    let pointee = match btf.type_by_id(type_id).map(|t| &t.body) {
        Some(TypeBody::Ptr(pointee)) => *pointee,
        _ => return Err(error(map, format!("member `{member}` is not __type(...)"))),
    };
    let size = btf
        .size_of(pointee)
        .map_err(|e| error(map, format!("member `{member}`: {e}")))?;
    Ok((pointee, size))
}

/// Parses the struct `type_id` (the anonymous struct of a map variable, or of an inner map
/// template) into a definition.
fn parse_def(btf: &Btf, name: &str, type_id: TypeId) -> Result<(MapDef, Option<u32>), ObjError> {
    let resolved = btf
        .resolve_type(type_id)
        .map_err(|e| error(name, e.to_string()))?;
    let Some(TypeBody::Struct(composite)) = btf.type_by_id(resolved).map(|t| &t.body) else {
        return Err(error(name, "the map variable is not a struct"));
    };
    let mut def = MapDef::new(name, 0, 0, 0, 0);
    def.origin = MapOrigin::BtfDefined;
    let mut values_offset = None;
    for member in &composite.members {
        let member_name = btf.name_by_offset(member.name_off);
        let value = |what: &str| uint_value(btf, name, what, member.type_id);
        match member_name {
            "type" => def.map_type = value("type")?,
            "max_entries" => def.max_entries = value("max_entries")?,
            "map_flags" => def.map_flags = value("map_flags")?,
            "numa_node" => def.numa_node = value("numa_node")?,
            "pinning" => def.pinning = value("pinning")?,
            "key_size" => def.key_size = value("key_size")?,
            "value_size" => def.value_size = value("value_size")?,
            "map_extra" => def.map_extra = u64::from(value("map_extra")?),
            "key" => {
                let (key_type, size) = typed(btf, name, "key", member.type_id)?;
                def.key_size = size;
                def.btf_key_type_id = Some(key_type);
            }
            "value" => {
                let (value_type, size) = typed(btf, name, "value", member.type_id)?;
                def.value_size = size;
                def.btf_value_type_id = Some(value_type);
            }
            "values" => {
                values_offset = Some(member.bit_offset / 8);
                // `T *values[]`: an array of pointers to the inner map template (a struct) or to
                // a function prototype (program arrays).
                let Some(TypeBody::Array(array)) = btf.type_by_id(member.type_id).map(|t| &t.body)
                else {
                    return Err(error(name, "member `values` is not __array(...)"));
                };
                let Some(TypeBody::Ptr(pointee)) = btf.type_by_id(array.elem).map(|t| &t.body)
                else {
                    return Err(error(name, "member `values` is not an array of pointers"));
                };
                let pointee = btf
                    .resolve_type(*pointee)
                    .map_err(|e| error(name, e.to_string()))?;
                if btf
                    .type_by_id(pointee)
                    .is_some_and(|t| t.kind() == Kind::Struct)
                {
                    let (inner, _) = parse_def(btf, &format!("{name}.inner"), pointee)?;
                    def.inner = Some(Box::new(inner));
                }
                // Program arrays hold programs; map-of-maps without a template are refused by
                // the map layer.
                def.value_size = 4;
            }
            other => {
                return Err(error(
                    name,
                    format!("unknown map definition member `{other}`"),
                ));
            }
        }
    }
    Ok((def, values_offset))
}

/// The maps of the `.maps` section, in variable order.
pub(crate) fn parse(btf: &Btf) -> Result<Vec<BtfMap>, ObjError> {
    let Some(datasec_id) = btf.find_by_name(Kind::Datasec, ".maps") else {
        return Ok(Vec::new());
    };
    let Some(TypeBody::Datasec(datasec)) = btf.type_by_id(datasec_id).map(|t| &t.body) else {
        return Ok(Vec::new());
    };
    let mut maps = Vec::new();
    for var in &datasec.vars {
        let Some(var_type) = btf.type_by_id(var.type_id) else {
            continue;
        };
        let TypeBody::Var { type_id, .. } = var_type.body else {
            return Err(ObjError::section(
                ".maps",
                ObjErrorKind::Btf(format!("entry of type {} is not a variable", var.type_id)),
            ));
        };
        let name = btf.type_name(var_type).to_string();
        let (def, values_offset) = parse_def(btf, &name, type_id)?;
        maps.push(BtfMap {
            offset: var.offset,
            def,
            values_offset,
        });
    }
    Ok(maps)
}

/// Fills `values` of program arrays and maps of maps from the relocations in `.maps`: each is a
/// 64-bit pointer at `values + 8 * index` to a program (a function symbol) or to another map.
pub(crate) fn initial_values(
    elf: &Elf,
    maps: &mut [MapDef],
    btf_maps: &[(usize, u32, Option<u32>)],
    map_by_symbol: &HashMap<(usize, u64), usize>,
) -> Result<(), ObjError> {
    let Some(section) = elf.section_by_name(".maps") else {
        return Ok(());
    };
    for relocation in elf.relocs.get(&section.index).into_iter().flatten() {
        if relocation.r_type != reloc::R_BPF_64_ABS64 {
            continue;
        }
        let symbol = &elf.symbols[relocation.symbol];
        // The map whose `values` array holds the relocated slot: the last one starting before it.
        let owner = btf_maps
            .iter()
            .filter(|(_, start, values)| values.is_some() && relocation.offset >= u64::from(*start))
            .max_by_key(|(_, start, _)| *start);
        let Some(&(map_idx, start, Some(values))) = owner else {
            return Err(ObjError::at(
                ".maps",
                relocation.offset,
                ObjErrorKind::Malformed("relocation outside any `values` member".to_string()),
            ));
        };
        let index = relocation.offset.saturating_sub(u64::from(start + values)) / 8;
        let index = u32::try_from(index).map_err(|_| {
            ObjError::at(
                ".maps",
                relocation.offset,
                ObjErrorKind::Malformed("values index out of range".to_string()),
            )
        })?;
        let map = &mut maps[map_idx];
        if symbol.kind == SymKind::Func {
            let mut slots = match std::mem::take(&mut map.init) {
                MapInit::Programs(slots) => slots,
                _ => Vec::new(),
            };
            slots.push((index, symbol.name.clone()));
            map.init = MapInit::Programs(slots);
        } else if let Some(&inner) = symbol
            .section
            .and_then(|s| map_by_symbol.get(&(s, symbol.value)))
        {
            let mut slots = match std::mem::take(&mut map.init) {
                MapInit::Maps(slots) => slots,
                _ => Vec::new(),
            };
            slots.push((index, inner));
            map.init = MapInit::Maps(slots);
        } else {
            return Err(ObjError::at(
                ".maps",
                relocation.offset,
                ObjErrorKind::BadRelocationSymbol {
                    symbol: symbol.name.clone(),
                    reason: "`values` entries must name programs or maps".to_string(),
                },
            ));
        }
    }
    Ok(())
}
