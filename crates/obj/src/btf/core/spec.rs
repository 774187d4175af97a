//! Accessor specifications (libbpf's `bpf_core_spec`): the parsed accessor string of a
//! relocation against the local BTF, and its counterpart found in a target type.
//!
//! The low-level spec (`raw`) has one index per accessor string component: for the first, an
//! index into an array of the root type (`&p[0]`); then a member index for structs and unions
//! (anonymous members included) or an element index for arrays. The high-level spec
//! (`accessors`) keeps only the meaningful steps: the first index, named members and array
//! elements. `bit_offset` is where the accessed field starts.

use super::super::error::{BtfError, CoreProblem};
use super::super::parse::Btf;
use super::super::types::{ArrayType, TypeBody, TypeId};
use super::CoreReloKind;
use super::compat::{essential_name, fields_are_compat, skip_mods};

/// At most this many accessor components (`BPF_CORE_SPEC_MAX_LEN`).
pub const CORE_SPEC_MAX_LEN: usize = 64;

/// One high-level step: a named member of a struct or union, or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Accessor<'b> {
    /// For a member, the struct or union (modifiers skipped); for an array index, the element
    /// type (modifiers skipped); for an enumerator, the enum.
    pub(super) type_id: TypeId,
    /// Member, element or enumerator index.
    pub(super) index: u32,
    /// The member's or enumerator's name; `None` for array indices.
    pub(super) name: Option<&'b str>,
}

/// A parsed or matched specification.
#[derive(Clone, Debug)]
pub(super) struct Spec<'b> {
    pub(super) btf: &'b Btf,
    /// The root type as given (not resolved).
    pub(super) root_type_id: TypeId,
    pub(super) accessors: Vec<Accessor<'b>>,
    pub(super) raw: Vec<u32>,
    pub(super) bit_offset: u64,
}

impl<'b> Spec<'b> {
    fn empty(btf: &'b Btf, root_type_id: TypeId) -> Spec<'b> {
        Spec {
            btf,
            root_type_id,
            accessors: Vec::new(),
            raw: Vec::new(),
            bit_offset: 0,
        }
    }

    fn push_raw(&mut self, index: u32) -> Result<(), CoreProblem> {
        if self.raw.len() >= CORE_SPEC_MAX_LEN {
            return Err(CoreProblem::SpecTooLong {
                max: CORE_SPEC_MAX_LEN,
            });
        }
        self.raw.push(index);
        Ok(())
    }
}

/// Wraps a type query error.
pub(super) fn type_error(error: BtfError) -> CoreProblem {
    CoreProblem::Type(Box::new(error))
}

/// The size of a type as libbpf's `btf__resolve_size` computes it.
pub(super) fn resolve_size(btf: &Btf, type_id: TypeId) -> Result<u64, CoreProblem> {
    btf.size_of(type_id).map(u64::from).map_err(type_error)
}

/// libbpf's `is_flex_arr`: an array of zero elements that is the last member of the struct the
/// previous accessor named.
fn is_flex_array(btf: &Btf, previous: Option<&Accessor<'_>>, array: &ArrayType) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    if previous.name.is_none() || array.nelems > 0 {
        return false;
    }
    let members = btf
        .type_by_id(previous.type_id)
        .map_or(0, |t| t.members().len());
    previous.index as usize + 1 == members
}

/// Parses the accessor string `access` of a relocation of `kind` on `root_type_id` (libbpf's
/// `bpf_core_parse_spec`).
pub(super) fn parse_spec<'b>(
    btf: &'b Btf,
    root_type_id: TypeId,
    kind: CoreReloKind,
    access: &str,
) -> Result<Spec<'b>, CoreProblem> {
    if access.is_empty() || access.starts_with(':') {
        return Err(CoreProblem::BadAccessString);
    }
    let mut spec = Spec::empty(btf, root_type_id);
    if kind.is_type_based() {
        return if access == "0" {
            Ok(spec)
        } else {
            Err(CoreProblem::BadAccessString)
        };
    }
    for component in access.split(':') {
        if component.is_empty() || !component.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CoreProblem::BadAccessString);
        }
        let index = component
            .parse::<i32>()
            .map_err(|_| CoreProblem::BadAccessString)?;
        spec.push_raw(index as u32)?;
    }
    let raw = spec.raw.clone();
    let Some((&first, rest)) = raw.split_first() else {
        return Err(CoreProblem::BadAccessString);
    };

    let (mut id, root) = skip_mods(btf, root_type_id).map_err(type_error)?;
    spec.accessors.push(Accessor {
        type_id: id,
        index: first,
        name: None,
    });

    if kind.is_enumval_based() {
        let values = match root.map(|t| &t.body) {
            Some(TypeBody::Enum(e) | TypeBody::Enum64(e)) => &e.values,
            _ => {
                return Err(bad_accessor(0, first, id, "not an enum"));
            }
        };
        if !rest.is_empty() {
            return Err(CoreProblem::BadAccessString);
        }
        let value = values
            .get(first as usize)
            .ok_or_else(|| bad_accessor(0, first, id, "no such enumerator"))?;
        if let Some(accessor) = spec.accessors.first_mut() {
            accessor.name = Some(btf.name_by_offset(value.name_off));
        }
        return Ok(spec);
    }

    let size = resolve_size(btf, id)?;
    spec.bit_offset = element_bits(first, size);

    for (position, &index) in rest.iter().enumerate() {
        let position = position + 1;
        let (resolved, ty) = skip_mods(btf, id).map_err(type_error)?;
        id = resolved;
        match ty.map(|t| &t.body) {
            Some(TypeBody::Struct(c) | TypeBody::Union(c)) => {
                let member = c
                    .members
                    .get(index as usize)
                    .ok_or_else(|| bad_accessor(position, index, id, "no such member"))?;
                spec.bit_offset = spec.bit_offset.saturating_add(u64::from(member.bit_offset));
                if member.name_off != 0 {
                    let name = btf.name_by_offset(member.name_off);
                    if name.is_empty() {
                        return Err(bad_accessor(position, index, id, "member name is empty"));
                    }
                    spec.accessors.push(Accessor {
                        type_id: id,
                        index,
                        name: Some(name),
                    });
                }
                id = member.type_id;
            }
            Some(TypeBody::Array(array)) => {
                let (elem, _) = skip_mods(btf, array.elem).map_err(type_error)?;
                let flex = is_flex_array(btf, spec.accessors.last(), array);
                if !flex && index >= array.nelems {
                    return Err(bad_accessor(
                        position,
                        index,
                        id,
                        "index past the array's end",
                    ));
                }
                spec.accessors.push(Accessor {
                    type_id: elem,
                    index,
                    name: None,
                });
                let size = resolve_size(btf, elem)?;
                spec.bit_offset = spec.bit_offset.saturating_add(element_bits(index, size));
                id = elem;
            }
            _ => {
                return Err(bad_accessor(
                    position,
                    index,
                    id,
                    "not a struct, union or array",
                ));
            }
        }
    }
    Ok(spec)
}

/// The bit offset of element `index` of an array of `size`-byte elements (saturating: only
/// absurd BTF reaches the limit).
fn element_bits(index: u32, size: u64) -> u64 {
    u64::from(index).saturating_mul(size).saturating_mul(8)
}

fn bad_accessor(position: usize, index: u32, type_id: TypeId, what: &'static str) -> CoreProblem {
    CoreProblem::BadAccessor {
        position,
        index,
        type_id,
        what,
    }
}

/// Matches the local spec against the target candidate `target_id` (libbpf's
/// `bpf_core_spec_match`); `Ok(None)` if it does not match.
pub(super) fn match_spec<'b>(
    local: &Spec<'_>,
    kind: CoreReloKind,
    target: &'b Btf,
    target_id: TypeId,
) -> Result<Option<Spec<'b>>, CoreProblem> {
    let mut spec = Spec::empty(target, target_id);
    if kind.is_type_based() {
        let mut steps = super::compat::MAX_MATCH_STEPS;
        let matches = if kind == CoreReloKind::TypeMatches {
            super::compat::types_match(
                local.btf,
                local.root_type_id,
                target,
                target_id,
                false,
                32,
                &mut steps,
            )
        } else {
            super::compat::types_are_compat(
                local.btf,
                local.root_type_id,
                target,
                target_id,
                32,
                &mut steps,
            )
        }
        .map_err(type_error)?;
        return Ok(matches.then_some(spec));
    }

    if kind.is_enumval_based() {
        let Some(local_name) = local.accessors.first().and_then(|a| a.name) else {
            return Ok(None);
        };
        let (resolved, ty) = skip_mods(target, target_id).map_err(type_error)?;
        let values = match ty.map(|t| &t.body) {
            Some(TypeBody::Enum(e) | TypeBody::Enum64(e)) => &e.values,
            _ => return Ok(None),
        };
        let local_essential = essential_name(local_name);
        for (index, value) in values.iter().enumerate() {
            let name = target.name_by_offset(value.name_off);
            if essential_name(name) == local_essential {
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                spec.accessors.push(Accessor {
                    type_id: resolved,
                    index,
                    name: Some(name),
                });
                spec.push_raw(index)?;
                return Ok(Some(spec));
            }
        }
        return Ok(None);
    }

    let mut id = target_id;
    for (position, local_accessor) in local.accessors.iter().enumerate() {
        let (resolved, ty) = skip_mods(target, id).map_err(type_error)?;
        id = resolved;
        if local_accessor.name.is_some() {
            match match_member(local.btf, local_accessor, target, id, &mut spec, 0)? {
                Some(next) => id = next,
                None => return Ok(None),
            }
        } else {
            if position > 0 {
                let Some(TypeBody::Array(array)) = ty.map(|t| &t.body) else {
                    return Ok(None);
                };
                let flex = is_flex_array(target, spec.accessors.last(), array);
                if !flex && local_accessor.index >= array.nelems {
                    return Ok(None);
                }
                id = skip_mods(target, array.elem).map_err(type_error)?.0;
            }
            spec.push_raw(local_accessor.index)?;
            spec.accessors.push(Accessor {
                type_id: id,
                index: local_accessor.index,
                name: None,
            });
            let size = resolve_size(target, id)?;
            spec.bit_offset = spec
                .bit_offset
                .saturating_add(element_bits(local_accessor.index, size));
        }
    }
    Ok(Some(spec))
}

/// Finds the member named like the local accessor's in the target struct or union `target_id`,
/// searching anonymous members recursively (libbpf's `bpf_core_match_member`). On success the
/// target spec has the member's accessor and raw indices appended, and the member's type is
/// returned.
fn match_member<'b>(
    local_btf: &Btf,
    local_accessor: &Accessor<'_>,
    target: &'b Btf,
    target_id: TypeId,
    spec: &mut Spec<'b>,
    depth: usize,
) -> Result<Option<TypeId>, CoreProblem> {
    if depth > CORE_SPEC_MAX_LEN {
        return Err(CoreProblem::SpecTooLong {
            max: CORE_SPEC_MAX_LEN,
        });
    }
    let (target_id, target_ty) = skip_mods(target, target_id).map_err(type_error)?;
    let target_members = match target_ty.map(|t| &t.body) {
        Some(TypeBody::Struct(c) | TypeBody::Union(c)) => &c.members,
        _ => return Ok(None),
    };
    let local_member = local_btf
        .type_by_id(local_accessor.type_id)
        .and_then(|t| t.members().get(local_accessor.index as usize))
        .copied();
    let (Some(local_member), Some(local_name)) = (local_member, local_accessor.name) else {
        return Ok(None);
    };

    for (index, member) in target_members.iter().enumerate() {
        let index_u32 = u32::try_from(index).unwrap_or(u32::MAX);
        let bits_before = spec.bit_offset;
        spec.push_raw(index_u32)?;
        spec.bit_offset = spec.bit_offset.saturating_add(u64::from(member.bit_offset));
        let undo = |spec: &mut Spec<'b>| {
            spec.raw.pop();
            spec.bit_offset = bits_before;
        };
        let name = target.name_by_offset(member.name_off);
        if name.is_empty() {
            let saved_accessors = spec.accessors.len();
            let saved_raw = spec.raw.len();
            let saved_bits = spec.bit_offset;
            if let Some(found) = match_member(
                local_btf,
                local_accessor,
                target,
                member.type_id,
                spec,
                depth + 1,
            )? {
                return Ok(Some(found));
            }
            spec.accessors.truncate(saved_accessors);
            spec.raw.truncate(saved_raw);
            spec.bit_offset = saved_bits;
        } else if name == local_name
            && fields_are_compat(local_btf, local_member.type_id, target, member.type_id)
                .map_err(type_error)?
        {
            {
                spec.accessors.push(Accessor {
                    type_id: target_id,
                    index: index_u32,
                    name: Some(name),
                });
                return Ok(Some(member.type_id));
            }
        }
        undo(spec);
    }
    Ok(None)
}
