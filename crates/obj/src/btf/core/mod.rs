//! CO-RE ("compile once, run everywhere") relocation resolution, with libbpf's rules
//! (`relo_core.c`).
//!
//! A CO-RE relocation record says: the instruction at `insn_off` holds a value computed by the
//! compiler from the local type `type_id` and the accessor string (`0:1:2`, member and element
//! indices); recompute it for the target kernel's types. [`CoreResolver::resolve`] does that:
//!
//! 1. parse the accessor string against the local BTF (the local "spec": the field's bit offset
//!    and the named members and array indices on the way);
//! 2. find the target candidates: types of a compatible kind whose name equals the local root
//!    type's, both without `___flavor` suffixes;
//! 3. match the local spec in each candidate (members by name, searching anonymous members;
//!    field types compatible; array indices in bounds), computing the value for each match;
//! 4. all matching candidates must agree (same bit offset, same value), or the relocation is
//!    ambiguous; with no match, existence checks give 0 and everything else is
//!    [`CoreTarget::Missing`] (libbpf then "poisons" the instruction so that the verifier
//!    rejects it only if it is reachable).
//!
//! As in libbpf, candidates that fail to match a relocation are dropped for later relocations
//! of the same root type, when at least one candidate matched.
//!
//! [`patch`] applies a resolution to the instruction, with libbpf's
//! `bpf_core_patch_insn` semantics:
//! - ALU/ALU64 with an immediate operand (`rX = imm`, `rX += imm`): the immediate becomes the
//!   new value;
//! - LDX, ST, STX (`rX = *(u32 *)(rY + off)`, stores): the offset becomes the new value, and for
//!   FIELD_BYTE_OFFSET the access size changes when the field's size did (allowed only for
//!   pointers and unsigned integers; otherwise the instruction is poisoned);
//! - LD_IMM64 (`lddw`): the 64-bit immediate across both slots becomes the new value;
//! - a missing target poisons the instruction: it becomes `call 0xbad2310` (and so does the
//!   second slot of a `lddw`).
//!
//! Before patching, the instruction's current value is checked against the value the local
//! BTF gives, unless [`CoreResolution::check_local`] is false (bitfield offsets, type ids).

mod compat;
mod patch;
mod spec;

use std::collections::HashMap;
use std::fmt;

use super::error::{BtfError, CoreProblem};
use super::ext::CoreRelo;
use super::parse::Btf;
use super::types::{IntEncoding, TypeBody, TypeId};

pub use compat::essential_name;
pub use patch::{POISON_IMM, patch};
pub use spec::CORE_SPEC_MAX_LEN;

use compat::{find_candidates, raw_size, skip_mods};
use spec::{Spec, match_spec, parse_spec, resolve_size, type_error};

/// What a CO-RE relocation computes (`enum bpf_core_relo_kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CoreReloKind {
    /// Byte offset of a field.
    FieldByteOffset = 0,
    /// Byte size of a field (of the load that reads a bitfield).
    FieldByteSize = 1,
    /// 1 if the field exists, 0 if not.
    FieldExists = 2,
    /// 1 if the field is signed.
    FieldSigned = 3,
    /// Left shift that brings a bitfield's top bit to bit 63 after a load of `FieldByteSize`.
    FieldLshiftU64 = 4,
    /// Right shift that then brings the bitfield down to bit 0.
    FieldRshiftU64 = 5,
    /// The type's id in the local BTF.
    TypeIdLocal = 6,
    /// The type's id in the target BTF.
    TypeIdTarget = 7,
    /// 1 if the type exists in the target.
    TypeExists = 8,
    /// The type's size in the target.
    TypeSize = 9,
    /// 1 if the enumerator exists in the target.
    EnumvalExists = 10,
    /// The enumerator's value in the target.
    EnumvalValue = 11,
    /// 1 if the type matches the target's (`bpf_core_type_matches`).
    TypeMatches = 12,
}

impl CoreReloKind {
    /// The kind with number `raw`.
    pub fn from_raw(raw: u32) -> Option<CoreReloKind> {
        use CoreReloKind::*;
        Some(match raw {
            0 => FieldByteOffset,
            1 => FieldByteSize,
            2 => FieldExists,
            3 => FieldSigned,
            4 => FieldLshiftU64,
            5 => FieldRshiftU64,
            6 => TypeIdLocal,
            7 => TypeIdTarget,
            8 => TypeExists,
            9 => TypeSize,
            10 => EnumvalExists,
            11 => EnumvalValue,
            12 => TypeMatches,
            _ => return None,
        })
    }

    /// libbpf's short name (`byte_off`, `field_exists`, `type_matches`, ...).
    pub fn name(self) -> &'static str {
        use CoreReloKind::*;
        match self {
            FieldByteOffset => "byte_off",
            FieldByteSize => "byte_sz",
            FieldExists => "field_exists",
            FieldSigned => "signed",
            FieldLshiftU64 => "lshift_u64",
            FieldRshiftU64 => "rshift_u64",
            TypeIdLocal => "local_type_id",
            TypeIdTarget => "target_type_id",
            TypeExists => "type_exists",
            TypeMatches => "type_matches",
            TypeSize => "type_size",
            EnumvalExists => "enumval_exists",
            EnumvalValue => "enumval_value",
        }
    }

    /// Relocations about a field of a struct, union or array.
    pub fn is_field_based(self) -> bool {
        (self as u32) <= 5
    }

    /// Relocations about a whole type.
    pub fn is_type_based(self) -> bool {
        use CoreReloKind::*;
        matches!(
            self,
            TypeIdLocal | TypeIdTarget | TypeExists | TypeMatches | TypeSize
        )
    }

    /// Relocations about an enumerator.
    pub fn is_enumval_based(self) -> bool {
        matches!(
            self,
            CoreReloKind::EnumvalExists | CoreReloKind::EnumvalValue
        )
    }
}

impl fmt::Display for CoreReloKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The value a relocation computes for the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreTarget {
    /// The new value for the instruction.
    Value(u64),
    /// The field or enumerator does not exist in the target: the instruction must be poisoned.
    Missing,
}

/// A change of a load or store's size that a FIELD_BYTE_OFFSET relocation implies, when the
/// field's size differs between local and target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemSizeChange {
    /// The local field's size in bytes (the instruction's access size).
    pub local: u32,
    /// The target field's size in bytes.
    pub target: u32,
    /// False unless both are pointers or both unsigned integers: then a load or store through
    /// the relocated offset must be poisoned.
    pub allowed: bool,
}

/// The result of resolving one CO-RE relocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreResolution {
    /// The relocation kind.
    pub kind: CoreReloKind,
    /// The value computed from the local BTF: what the compiler put in the instruction.
    pub local_value: u64,
    /// Whether the instruction must hold `local_value` before patching (libbpf's `validate`).
    pub check_local: bool,
    /// The value for the target, or [`CoreTarget::Missing`].
    pub target: CoreTarget,
    /// The target type the relocation matched (the first candidate), if any.
    pub target_type_id: Option<TypeId>,
    /// A required change of access size, for FIELD_BYTE_OFFSET.
    pub mem_size: Option<MemSizeChange>,
}

/// The value one spec gives, with what FIELD_BYTE_OFFSET needs for size adjustment.
#[derive(Clone, Copy, Debug)]
struct Computed {
    value: u64,
    /// Size in bytes of the accessed field's (innermost array element) type, 0 if none.
    field_size: u32,
    /// The field's type (modifiers skipped), for the size adjustment check.
    field_type_id: TypeId,
    /// Whether the instruction's current value can be checked against this one.
    validate: bool,
}

impl Computed {
    fn value(value: u64, validate: bool) -> Computed {
        Computed {
            value,
            field_size: 0,
            field_type_id: 0,
            validate,
        }
    }
}

/// Resolves CO-RE relocations of one object against one target, caching candidate lists per
/// local root type.
#[derive(Debug)]
pub struct CoreResolver<'a> {
    local: &'a Btf,
    target: &'a Btf,
    candidates: HashMap<TypeId, Vec<TypeId>>,
}

impl<'a> CoreResolver<'a> {
    /// A resolver for relocations of the object whose BTF is `local`, against `target` (the
    /// kernel's BTF, usually).
    pub fn new(local: &'a Btf, target: &'a Btf) -> CoreResolver<'a> {
        CoreResolver {
            local,
            target,
            candidates: HashMap::new(),
        }
    }

    /// Resolves one relocation record of the local BTF's `.BTF.ext`.
    pub fn resolve(&mut self, relo: &CoreRelo) -> Result<CoreResolution, BtfError> {
        let access = self
            .local
            .string(relo.access_str_off)
            .unwrap_or_default()
            .to_string();
        self.resolve_access(relo.type_id, relo.kind, &access)
    }

    /// Resolves a relocation of `kind` on the local type `type_id` with accessor string
    /// `access`.
    pub fn resolve_access(
        &mut self,
        type_id: TypeId,
        kind: CoreReloKind,
        access: &str,
    ) -> Result<CoreResolution, BtfError> {
        let fail = |problem: CoreProblem| BtfError::Core {
            kind,
            type_id,
            access: access.to_string(),
            problem,
        };
        let local_spec = parse_spec(self.local, type_id, kind, access).map_err(fail)?;

        if kind == CoreReloKind::TypeIdLocal {
            let id = u64::from(type_id);
            return Ok(CoreResolution {
                kind,
                local_value: id,
                check_local: false,
                target: CoreTarget::Value(id),
                target_type_id: None,
                mem_size: None,
            });
        }
        if self
            .local
            .name_of(type_id)
            .map_err(type_error)
            .map_err(fail)?
            .is_empty()
        {
            return Err(fail(CoreProblem::AnonymousType));
        }

        let candidates = match self.candidates.get(&type_id) {
            Some(candidates) => candidates.clone(),
            None => find_candidates(self.local, type_id, self.target)
                .map_err(type_error)
                .map_err(fail)?,
        };

        let mut chosen: Option<(TypeId, Spec<'_>, Outcome)> = None;
        let mut matched = Vec::new();
        for &candidate in &candidates {
            let Some(target_spec) =
                match_spec(&local_spec, kind, self.target, candidate).map_err(fail)?
            else {
                continue;
            };
            let outcome = compute(kind, &local_spec, Some(&target_spec)).map_err(fail)?;
            match &chosen {
                None => chosen = Some((candidate, target_spec, outcome)),
                Some((first, first_spec, first_outcome)) => {
                    if target_spec.bit_offset != first_spec.bit_offset {
                        return Err(fail(CoreProblem::Ambiguous {
                            first: *first,
                            second: candidate,
                            what: format!(
                                "field bit offset {} != {}",
                                first_spec.bit_offset, target_spec.bit_offset
                            ),
                        }));
                    }
                    if outcome.target != first_outcome.target {
                        return Err(fail(CoreProblem::Ambiguous {
                            first: *first,
                            second: candidate,
                            what: format!(
                                "value {:?} != {:?}",
                                first_outcome.target, outcome.target
                            ),
                        }));
                    }
                }
            }
            matched.push(candidate);
        }
        // libbpf keeps only the matching candidates for later relocations of the same type.
        let kept = if matched.is_empty() {
            candidates
        } else {
            matched
        };
        self.candidates.insert(type_id, kept);

        let (target_type_id, outcome) = match chosen {
            Some((candidate, _, outcome)) => (Some(candidate), outcome),
            None => (None, compute(kind, &local_spec, None).map_err(fail)?),
        };
        Ok(CoreResolution {
            kind,
            local_value: outcome.local.value,
            check_local: outcome.local.validate,
            target: outcome.target,
            target_type_id,
            mem_size: outcome.mem_size,
        })
    }
}

/// Resolves one relocation record (see [`CoreResolver`], which caches candidates across
/// relocations).
pub fn resolve(local: &Btf, target: &Btf, relo: &CoreRelo) -> Result<CoreResolution, BtfError> {
    CoreResolver::new(local, target).resolve(relo)
}

/// The local and target values of one relocation (libbpf's `bpf_core_relo_res`).
#[derive(Clone, Copy, Debug)]
struct Outcome {
    local: Computed,
    target: CoreTarget,
    mem_size: Option<MemSizeChange>,
}

/// Computes the local value and the target value for a matched candidate (`Some`) or for no
/// candidate (`None`), libbpf's `bpf_core_calc_relo`.
fn compute(
    kind: CoreReloKind,
    local: &Spec<'_>,
    target: Option<&Spec<'_>>,
) -> Result<Outcome, CoreProblem> {
    let calc = |spec: Option<&Spec<'_>>| -> Result<Option<Computed>, CoreProblem> {
        if kind.is_field_based() {
            field_value(kind, spec)
        } else if kind.is_type_based() {
            type_value(kind, spec).map(Some)
        } else {
            enumval_value(kind, spec)
        }
    };
    // The local spec always exists, so its value is never missing.
    let local_value = calc(Some(local))?.unwrap_or(Computed::value(0, true));
    let Some(target_value) = calc(target)? else {
        return Ok(Outcome {
            local: local_value,
            target: CoreTarget::Missing,
            mem_size: None,
        });
    };
    let mut mem_size = None;
    if kind.is_field_based() && local_value.field_size != target_value.field_size {
        let local_ty = local.btf.type_by_id(local_value.field_type_id);
        let allowed = match (target, local_ty) {
            (Some(target), local_ty) => {
                let target_ty = target.btf.type_by_id(target_value.field_type_id);
                let is_ptr = |t: Option<&super::types::BtfType>| {
                    matches!(t.map(|t| &t.body), Some(TypeBody::Ptr(_)))
                };
                let is_unsigned_int = |t: Option<&super::types::BtfType>| matches!(t.map(|t| &t.body), Some(TypeBody::Int(int)) if int.encoding != IntEncoding::Signed);
                (is_ptr(local_ty) && is_ptr(target_ty))
                    || (is_unsigned_int(local_ty) && is_unsigned_int(target_ty))
            }
            (None, _) => false,
        };
        mem_size = Some(MemSizeChange {
            local: local_value.field_size,
            target: target_value.field_size,
            allowed,
        });
    }
    Ok(Outcome {
        local: local_value,
        target: CoreTarget::Value(target_value.value),
        mem_size,
    })
}

/// libbpf's `bpf_core_calc_field_relo`; `Ok(None)` asks for poisoning.
fn field_value(
    kind: CoreReloKind,
    spec: Option<&Spec<'_>>,
) -> Result<Option<Computed>, CoreProblem> {
    if kind == CoreReloKind::FieldExists {
        return Ok(Some(Computed::value(u64::from(spec.is_some()), true)));
    }
    let Some(spec) = spec else {
        return Ok(None);
    };
    let btf = spec.btf;
    let Some(last) = spec.accessors.last() else {
        return Err(CoreProblem::BadAccessString);
    };

    // An array element: only its offset and size can be relocated.
    if last.name.is_none() {
        let computed = match kind {
            CoreReloKind::FieldByteOffset => {
                let (field_size, _) = innermost_element_size(btf, last.type_id)?;
                Computed {
                    value: spec.bit_offset / 8,
                    field_size,
                    field_type_id: last.type_id,
                    validate: true,
                }
            }
            CoreReloKind::FieldByteSize => Computed::value(resolve_size(btf, last.type_id)?, true),
            _ => return Err(CoreProblem::ArrayElement),
        };
        return Ok(Some(computed));
    }

    let member = btf
        .type_by_id(last.type_id)
        .and_then(|t| t.members().get(last.index as usize))
        .copied()
        .ok_or(CoreProblem::BadAccessString)?;
    let (field_type_id, field_ty) = skip_mods(btf, member.type_id).map_err(type_error)?;
    let bit_off = spec.bit_offset;
    let mut bit_size = u64::from(member.bitfield_size);
    let bitfield = bit_size > 0;
    let (byte_off, byte_size) = if bitfield {
        let mut byte_size = u64::from(raw_size(field_ty));
        if byte_size == 0 {
            return Err(CoreProblem::BitfieldTooWide);
        }
        let mut byte_off = bit_off / 8 / byte_size * byte_size;
        // The smallest load that covers the bitfield.
        while bit_off.saturating_add(bit_size) - byte_off * 8 > byte_size * 8 {
            if byte_size >= 8 {
                return Err(CoreProblem::BitfieldTooWide);
            }
            byte_size *= 2;
            byte_off = bit_off / 8 / byte_size * byte_size;
        }
        (byte_off, byte_size)
    } else {
        let byte_size = resolve_size(btf, field_type_id)?;
        bit_size = byte_size.saturating_mul(8);
        (bit_off / 8, byte_size)
    };

    let computed = match kind {
        CoreReloKind::FieldByteOffset => {
            if bitfield {
                Computed::value(byte_off, false)
            } else {
                let (field_size, _) = innermost_element_size(btf, field_type_id)?;
                Computed {
                    value: byte_off,
                    field_size,
                    field_type_id,
                    validate: true,
                }
            }
        }
        CoreReloKind::FieldByteSize => Computed::value(byte_size, !bitfield),
        CoreReloKind::FieldSigned => {
            let signed = match field_ty.map(|t| &t.body) {
                Some(TypeBody::Enum(e) | TypeBody::Enum64(e)) => e.signed,
                Some(TypeBody::Int(int)) => int.encoding == IntEncoding::Signed,
                _ => false,
            };
            Computed::value(u64::from(signed), true)
        }
        CoreReloKind::FieldLshiftU64 => Computed::value(
            64u64.wrapping_sub(bit_off.saturating_add(bit_size) - byte_off * 8),
            !bitfield,
        ),
        CoreReloKind::FieldRshiftU64 => Computed::value(64u64.wrapping_sub(bit_size), true),
        _ => return Err(CoreProblem::BadAccessString),
    };
    Ok(Some(computed))
}

/// The size of the innermost element of a (possibly multi-dimensional) array type, or of the
/// type itself: what a load of one element reads.
fn innermost_element_size(btf: &Btf, type_id: TypeId) -> Result<(u32, TypeId), CoreProblem> {
    let (mut id, mut ty) = skip_mods(btf, type_id).map_err(type_error)?;
    for _ in 0..super::query::MAX_RESOLVE_DEPTH {
        let Some(TypeBody::Array(array)) = ty.map(|t| &t.body) else {
            break;
        };
        (id, ty) = skip_mods(btf, array.elem).map_err(type_error)?;
    }
    let size = btf.size_of(id).map_err(type_error)?;
    Ok((size, id))
}

/// libbpf's `bpf_core_calc_type_relo`: 0 when no target type was found.
fn type_value(kind: CoreReloKind, spec: Option<&Spec<'_>>) -> Result<Computed, CoreProblem> {
    let Some(spec) = spec else {
        return Ok(Computed::value(0, true));
    };
    Ok(match kind {
        CoreReloKind::TypeIdTarget => Computed::value(u64::from(spec.root_type_id), false),
        CoreReloKind::TypeExists | CoreReloKind::TypeMatches => Computed::value(1, true),
        CoreReloKind::TypeSize => Computed::value(resolve_size(spec.btf, spec.root_type_id)?, true),
        _ => return Err(CoreProblem::BadAccessString),
    })
}

/// libbpf's `bpf_core_calc_enumval_relo`; `Ok(None)` asks for poisoning.
fn enumval_value(
    kind: CoreReloKind,
    spec: Option<&Spec<'_>>,
) -> Result<Option<Computed>, CoreProblem> {
    match kind {
        CoreReloKind::EnumvalExists => Ok(Some(Computed::value(u64::from(spec.is_some()), true))),
        CoreReloKind::EnumvalValue => {
            let Some(spec) = spec else {
                return Ok(None);
            };
            let accessor = spec.accessors.first().ok_or(CoreProblem::BadAccessString)?;
            let value = match spec.btf.type_by_id(accessor.type_id).map(|t| &t.body) {
                // libbpf reads ENUM values as `__s32` and widens them to 64 bits.
                Some(TypeBody::Enum(e)) => e
                    .values
                    .get(accessor.index as usize)
                    .map(|v| v.value as u32 as i32 as i64 as u64),
                Some(TypeBody::Enum64(e)) => e.values.get(accessor.index as usize).map(|v| v.value),
                _ => None,
            };
            value
                .map(|value| Some(Computed::value(value, true)))
                .ok_or(CoreProblem::BadAccessString)
        }
        _ => Err(CoreProblem::BadAccessString),
    }
}
