//! The compatibility relations of libbpf's CO-RE (`relo_core.c`): which target types are
//! candidates for a local type, when a local field's type is compatible with a target field's,
//! when two types are compatible for type-based relocations, and when two types "match"
//! (`bpf_core_type_matches`).
//!
//! Void is the kind `None` here (libbpf's `BTF_KIND_UNKN`). Recursion is bounded as in libbpf
//! (32 levels); a deeper walk is an error, not a mismatch.

use super::super::error::BtfError;
use super::super::parse::Btf;
use super::super::query::MAX_RESOLVE_DEPTH;
use super::super::types::{BtfType, IntEncoding, Kind, TypeBody, TypeId};

/// The length of `name` without its flavor suffix: `task_struct___v2` is `task_struct`. A
/// flavor separator is `___` preceded by a non-underscore and followed by one; the last one
/// counts.
pub fn essential_name(name: &str) -> &str {
    let bytes = name.as_bytes();
    let mut index = bytes.len().saturating_sub(5) as isize;
    while index >= 0 {
        let i = index as usize;
        if bytes.get(i).is_some_and(|&b| b != b'_')
            && bytes.get(i + 1..i + 4) == Some(b"___")
            && bytes.get(i + 4).is_some_and(|&b| b != b'_')
        {
            return name.get(..=i).unwrap_or(name);
        }
        index -= 1;
    }
    name
}

/// The kind of a type or `None` for void.
pub(super) fn kind_of(ty: Option<&BtfType>) -> Option<Kind> {
    ty.map(BtfType::kind)
}

/// libbpf's `btf_kind_core_compat`: same kind, or both enums (ENUM and ENUM64 mix).
pub(super) fn kinds_core_compat(a: Option<Kind>, b: Option<Kind>) -> bool {
    let is_enum = |k: Option<Kind>| matches!(k, Some(Kind::Enum | Kind::Enum64));
    a == b || (is_enum(a) && is_enum(b))
}

/// libbpf's `skip_mods_and_typedefs`: the id and record after typedefs and modifiers.
pub(super) fn skip_mods(btf: &Btf, id: TypeId) -> Result<(TypeId, Option<&BtfType>), BtfError> {
    btf.resolve(id)
}

/// The raw `size` field of sized kinds, 0 for others.
pub(super) fn raw_size(ty: Option<&BtfType>) -> u32 {
    match ty.map(|t| &t.body) {
        Some(TypeBody::Int(int)) => int.size,
        Some(TypeBody::Struct(c) | TypeBody::Union(c)) => c.size,
        Some(TypeBody::Enum(e) | TypeBody::Enum64(e)) => e.size,
        Some(TypeBody::Float { size }) => *size,
        Some(TypeBody::Datasec(d)) => d.size,
        _ => 0,
    }
}

fn is_composite(ty: Option<&BtfType>) -> bool {
    matches!(kind_of(ty), Some(Kind::Struct | Kind::Union))
}

fn int_offset(ty: Option<&BtfType>) -> u8 {
    match ty.map(|t| &t.body) {
        Some(TypeBody::Int(int)) => int.offset,
        _ => 0,
    }
}

fn int_signed(ty: Option<&BtfType>) -> bool {
    matches!(ty.map(|t| &t.body), Some(TypeBody::Int(int)) if int.encoding == IntEncoding::Signed)
}

/// The name of a type record ("" for void).
fn name<'a>(btf: &'a Btf, ty: Option<&BtfType>) -> &'a str {
    ty.map_or("", |t| btf.type_name(t))
}

/// True if two names are equal ignoring flavor suffixes.
fn essential_names_equal(a: &str, b: &str) -> bool {
    essential_name(a) == essential_name(b)
}

/// libbpf's `bpf_core_names_match`: an anonymous target matches only an anonymous local;
/// otherwise the names must be equal ignoring flavors.
fn names_match(local: &str, target: &str) -> bool {
    if target.is_empty() {
        local.is_empty()
    } else {
        essential_names_equal(local, target)
    }
}

/// The most steps one compatibility or match check takes: enough for any real type, and a
/// bound on malformed BTF whose prototypes or structs refer to themselves, where the recursion
/// would otherwise take exponential time.
pub(super) const MAX_MATCH_STEPS: usize = 100_000;

/// Takes one step from the budget.
fn spend(steps: &mut usize, type_id: TypeId) -> Result<(), BtfError> {
    if *steps == 0 {
        return Err(too_deep(type_id));
    }
    *steps -= 1;
    Ok(())
}

fn too_deep(type_id: TypeId) -> BtfError {
    BtfError::ResolveTooDeep {
        type_id,
        limit: MAX_RESOLVE_DEPTH,
    }
}

/// libbpf's `bpf_core_fields_are_compat`: any two structs or unions, any two pointers or
/// floats, integers without bit offsets, enums and forward declarations with equal essential
/// names (or one anonymous), arrays with compatible elements.
pub(super) fn fields_are_compat(
    local: &Btf,
    local_id: TypeId,
    target: &Btf,
    target_id: TypeId,
) -> Result<bool, BtfError> {
    let (mut local_id, mut target_id) = (local_id, target_id);
    for _ in 0..=MAX_RESOLVE_DEPTH {
        let (_, local_ty) = skip_mods(local, local_id)?;
        let (_, target_ty) = skip_mods(target, target_id)?;
        if is_composite(local_ty) && is_composite(target_ty) {
            return Ok(true);
        }
        if !kinds_core_compat(kind_of(local_ty), kind_of(target_ty)) {
            return Ok(false);
        }
        match (local_ty.map(|t| &t.body), target_ty.map(|t| &t.body)) {
            (Some(TypeBody::Ptr(_) | TypeBody::Float { .. }), _) => return Ok(true),
            (Some(TypeBody::Fwd { .. } | TypeBody::Enum(_) | TypeBody::Enum64(_)), _) => {
                let local_name = essential_name(name(local, local_ty));
                let target_name = essential_name(name(target, target_ty));
                return Ok(local_name.is_empty()
                    || target_name.is_empty()
                    || local_name == target_name);
            }
            (Some(TypeBody::Int(_)), _) => {
                return Ok(int_offset(local_ty) == 0 && int_offset(target_ty) == 0);
            }
            (Some(TypeBody::Array(local_array)), Some(TypeBody::Array(target_array))) => {
                local_id = local_array.elem;
                target_id = target_array.elem;
            }
            _ => return Ok(false),
        }
    }
    Err(too_deep(local_id))
}

/// libbpf's `bpf_core_types_are_compat` (for TYPE_EXISTS, TYPE_SIZE and TYPE_ID_TARGET): the
/// root kinds must be compatible before and after skipping modifiers; structs, unions, enums,
/// forward declarations and void are compatible by name alone (the caller matched names);
/// integers must have no bit offset; pointers, arrays and prototypes recurse.
pub(super) fn types_are_compat(
    local: &Btf,
    local_id: TypeId,
    target: &Btf,
    target_id: TypeId,
    level: usize,
    steps: &mut usize,
) -> Result<bool, BtfError> {
    if !kinds_core_compat(
        kind_of(local.get(local_id)?),
        kind_of(target.get(target_id)?),
    ) {
        return Ok(false);
    }
    let (mut local_id, mut target_id) = (local_id, target_id);
    for _ in 0..MAX_RESOLVE_DEPTH {
        spend(steps, local_id)?;
        let (_, local_ty) = skip_mods(local, local_id)?;
        let (_, target_ty) = skip_mods(target, target_id)?;
        if !kinds_core_compat(kind_of(local_ty), kind_of(target_ty)) {
            return Ok(false);
        }
        match (local_ty.map(|t| &t.body), target_ty.map(|t| &t.body)) {
            (
                None
                | Some(
                    TypeBody::Struct(_)
                    | TypeBody::Union(_)
                    | TypeBody::Enum(_)
                    | TypeBody::Enum64(_)
                    | TypeBody::Fwd { .. },
                ),
                _,
            ) => return Ok(true),
            (Some(TypeBody::Int(_)), _) => {
                return Ok(int_offset(local_ty) == 0 && int_offset(target_ty) == 0);
            }
            (Some(TypeBody::Ptr(l)), Some(TypeBody::Ptr(t))) => {
                local_id = *l;
                target_id = *t;
            }
            (Some(TypeBody::Array(l)), Some(TypeBody::Array(t))) => {
                local_id = l.elem;
                target_id = t.elem;
            }
            (Some(TypeBody::FuncProto(l)), Some(TypeBody::FuncProto(t))) => {
                if l.params.len() != t.params.len() {
                    return Ok(false);
                }
                for (local_param, target_param) in l.params.iter().zip(&t.params) {
                    if level == 0 {
                        return Err(too_deep(local_id));
                    }
                    let (local_param_id, _) = skip_mods(local, local_param.type_id)?;
                    let (target_param_id, _) = skip_mods(target, target_param.type_id)?;
                    if !types_are_compat(
                        local,
                        local_param_id,
                        target,
                        target_param_id,
                        level - 1,
                        steps,
                    )? {
                        return Ok(false);
                    }
                }
                local_id = skip_mods(local, l.ret)?.0;
                target_id = skip_mods(target, t.ret)?.0;
            }
            _ => return Ok(false),
        }
    }
    Err(too_deep(local_id))
}

/// libbpf's `bpf_core_types_match` (for TYPE_MATCHES): after skipping modifiers, names must
/// match at every level; kinds must be equal (a struct or union behind a pointer also matches a
/// forward declaration of the same kind, and ENUM matches ENUM64); integers must agree in size
/// and signedness; enums in size, with every local enumerator named in the target; structs and
/// unions with every local member matched by name and type (only by name and kind once behind a
/// pointer); arrays in length; prototypes in parameters and return type.
pub(super) fn types_match(
    local: &Btf,
    local_id: TypeId,
    target: &Btf,
    target_id: TypeId,
    behind_ptr: bool,
    level: usize,
    steps: &mut usize,
) -> Result<bool, BtfError> {
    if level == 0 {
        return Err(too_deep(local_id));
    }
    let (mut local_id, mut target_id, mut behind_ptr) = (local_id, target_id, behind_ptr);
    for _ in 0..MAX_RESOLVE_DEPTH {
        spend(steps, local_id)?;
        let (_, local_ty) = skip_mods(local, local_id)?;
        let (_, target_ty) = skip_mods(target, target_id)?;
        if !names_match(name(local, local_ty), name(target, target_ty)) {
            return Ok(false);
        }
        let local_kind = kind_of(local_ty);
        let target_kind = kind_of(target_ty);
        let (Some(local_ty), Some(target_ty)) = (local_ty, target_ty) else {
            return Ok(local_kind == target_kind);
        };
        match (&local_ty.body, &target_ty.body) {
            (TypeBody::Fwd { is_union }, target_body) => {
                return Ok(match target_body {
                    TypeBody::Fwd {
                        is_union: target_union,
                    } => is_union == target_union,
                    TypeBody::Struct(_) if behind_ptr => !is_union,
                    TypeBody::Union(_) if behind_ptr => *is_union,
                    _ => false,
                });
            }
            (TypeBody::Enum(l) | TypeBody::Enum64(l), TypeBody::Enum(t) | TypeBody::Enum64(t)) => {
                if l.size != t.size || l.values.len() > t.values.len() {
                    return Ok(false);
                }
                let all_named = l.values.iter().all(|lv| {
                    let local_name = local.name_by_offset(lv.name_off);
                    t.values
                        .iter()
                        .any(|tv| names_match(local_name, target.name_by_offset(tv.name_off)))
                });
                return Ok(all_named);
            }
            (TypeBody::Struct(l) | TypeBody::Union(l), target_body) => {
                if behind_ptr {
                    return Ok(match target_body {
                        _ if local_kind == target_kind => true,
                        TypeBody::Fwd { is_union } => {
                            (local_kind == Some(Kind::Union)) == *is_union
                        }
                        _ => false,
                    });
                }
                if local_kind != target_kind {
                    return Ok(false);
                }
                let t = match target_body {
                    TypeBody::Struct(t) | TypeBody::Union(t) => t,
                    _ => return Ok(false),
                };
                if l.members.len() > t.members.len() {
                    return Ok(false);
                }
                for local_member in &l.members {
                    let local_name = local.name_by_offset(local_member.name_off);
                    let mut matched = false;
                    for target_member in &t.members {
                        if !names_match(local_name, target.name_by_offset(target_member.name_off)) {
                            continue;
                        }
                        if types_match(
                            local,
                            local_member.type_id,
                            target,
                            target_member.type_id,
                            behind_ptr,
                            level - 1,
                            steps,
                        )? {
                            matched = true;
                            break;
                        }
                    }
                    if !matched {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
            (TypeBody::Int(_), TypeBody::Int(_)) => {
                return Ok(raw_size(Some(local_ty)) == raw_size(Some(target_ty))
                    && int_signed(Some(local_ty)) == int_signed(Some(target_ty)));
            }
            (TypeBody::Ptr(l), TypeBody::Ptr(t)) => {
                behind_ptr = true;
                local_id = *l;
                target_id = *t;
            }
            (TypeBody::Array(l), TypeBody::Array(t)) => {
                if l.nelems != t.nelems {
                    return Ok(false);
                }
                local_id = l.elem;
                target_id = t.elem;
            }
            (TypeBody::FuncProto(l), TypeBody::FuncProto(t)) => {
                if l.params.len() != t.params.len() {
                    return Ok(false);
                }
                for (local_param, target_param) in l.params.iter().zip(&t.params) {
                    if !types_match(
                        local,
                        local_param.type_id,
                        target,
                        target_param.type_id,
                        behind_ptr,
                        level - 1,
                        steps,
                    )? {
                        return Ok(false);
                    }
                }
                local_id = l.ret;
                target_id = t.ret;
            }
            _ => return Ok(false),
        }
    }
    Err(too_deep(local_id))
}

/// libbpf's candidate search (`bpf_core_add_cands`): every named type of the target whose
/// kind is core-compatible with the local root type's (unresolved) kind and whose essential
/// name equals the local one's.
pub(super) fn find_candidates(
    local: &Btf,
    local_id: TypeId,
    target: &Btf,
) -> Result<Vec<TypeId>, BtfError> {
    let local_ty = local.get(local_id)?;
    let local_kind = kind_of(local_ty);
    let local_name = essential_name(name(local, local_ty));
    Ok(target
        .iter()
        .filter(|(_, ty)| {
            if !kinds_core_compat(Some(ty.kind()), local_kind) {
                return false;
            }
            let target_name = target.type_name(ty);
            !target_name.is_empty() && essential_name(target_name) == local_name
        })
        .map(|(id, _)| id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::essential_name;

    #[test]
    fn flavors_are_stripped() {
        assert_eq!(essential_name("task_struct___local"), "task_struct");
        assert_eq!(essential_name("a___b___c"), "a___b");
        assert_eq!(essential_name("task_struct"), "task_struct");
        assert_eq!(essential_name("____x"), "____x");
        assert_eq!(essential_name("a____b"), "a____b");
        assert_eq!(essential_name("x___"), "x___");
        assert_eq!(essential_name(""), "");
    }
}
