//! Queries on a parsed [`Btf`]: names, lookup by name, resolving typedefs and modifiers, sizes,
//! and member lookup.
//!
//! Every walk along a chain of types is bounded by [`MAX_RESOLVE_DEPTH`] steps (the kernel's
//! limit), so a cyclic chain in malformed BTF gives [`BtfError::ResolveTooDeep`] instead of
//! looping.

use super::error::{BtfError, KindOrVoid};
use super::parse::Btf;
use super::types::{BtfType, Kind, Member, TypeBody, TypeId};

/// The longest chain of typedefs, modifiers and array elements a query follows (the kernel's
/// and libbpf's `MAX_RESOLVE_DEPTH`).
pub const MAX_RESOLVE_DEPTH: usize = 32;

/// The size of a pointer on BPF (64-bit).
pub const POINTER_SIZE: u32 = 8;

/// A member found by [`Btf::member_by_name`], possibly inside anonymous structs or unions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundMember {
    /// Member indices from the outer type down to the member (one entry unless the member is
    /// inside anonymous structs or unions).
    pub path: Vec<usize>,
    /// Bit offset of the member from the start of the outer type.
    pub bit_offset: u32,
    /// The member itself (its `bit_offset` is relative to its own enclosing type).
    pub member: Member,
}

impl Btf {
    /// The name of a type: empty for anonymous types and for void.
    pub fn name_of(&self, type_id: TypeId) -> Result<&str, BtfError> {
        Ok(match self.get(type_id)? {
            Some(ty) => self.name_at(ty.name_off),
            None => "",
        })
    }

    /// The name of a type record of this BTF.
    pub fn type_name<'a>(&'a self, ty: &BtfType) -> &'a str {
        self.name_at(ty.name_off)
    }

    /// The name of a member, enumerator or parameter, from its name offset.
    pub fn name_by_offset(&self, name_off: u32) -> &str {
        self.name_at(name_off)
    }

    /// The kind of a type, or void.
    pub fn kind_of(&self, type_id: TypeId) -> Result<KindOrVoid, BtfError> {
        Ok(match self.get(type_id)? {
            Some(ty) => KindOrVoid::Kind(ty.kind()),
            None => KindOrVoid::Void,
        })
    }

    /// The first type of `kind` named `name`.
    pub fn find_by_name(&self, kind: Kind, name: &str) -> Option<TypeId> {
        self.find_all_by_name(kind, name).next()
    }

    /// Every type of `kind` named `name`, in id order.
    pub fn find_all_by_name<'a>(
        &'a self,
        kind: Kind,
        name: &'a str,
    ) -> impl Iterator<Item = TypeId> + 'a {
        self.iter()
            .filter(move |(_, ty)| {
                ty.kind() == kind && self.strings().bytes_at(ty.name_off) == Some(name.as_bytes())
            })
            .map(|(type_id, _)| type_id)
    }

    /// Follows typedefs and modifiers (const, volatile, restrict, type tags) from `type_id` to
    /// the first other type; 0 if that is void.
    pub fn resolve_type(&self, type_id: TypeId) -> Result<TypeId, BtfError> {
        let mut id = type_id;
        for _ in 0..=MAX_RESOLVE_DEPTH {
            match self.get(id)? {
                Some(ty) if ty.is_modifier_or_typedef() => {
                    id = ty.referenced_type().unwrap_or(0);
                }
                _ => return Ok(id),
            }
        }
        Err(BtfError::ResolveTooDeep {
            type_id,
            limit: MAX_RESOLVE_DEPTH,
        })
    }

    /// The type `type_id` resolves to (see [`Btf::resolve_type`]) with its record; `None` for void.
    pub fn resolve(&self, type_id: TypeId) -> Result<(TypeId, Option<&BtfType>), BtfError> {
        let id = self.resolve_type(type_id)?;
        Ok((id, self.get(id)?))
    }

    /// The size in bytes of a value of the type, with the kernel's rules: integers, enums,
    /// structs, unions, floats and section sizes as recorded, pointers 8 bytes, arrays the element
    /// size times the count; typedefs, modifiers, type tags, declaration tags and variables are
    /// followed. Void, functions, prototypes and forward declarations have no size.
    pub fn size_of(&self, type_id: TypeId) -> Result<u32, BtfError> {
        let mut id = type_id;
        let mut count: u32 = 1;
        for _ in 0..=MAX_RESOLVE_DEPTH {
            let Some(ty) = self.get(id)? else {
                return Err(BtfError::NoSize {
                    type_id: id,
                    kind: KindOrVoid::Void,
                });
            };
            let size = match &ty.body {
                TypeBody::Int(int) => int.size,
                TypeBody::Struct(c) | TypeBody::Union(c) => c.size,
                TypeBody::Enum(e) | TypeBody::Enum64(e) => e.size,
                TypeBody::Datasec(d) => d.size,
                TypeBody::Float { size } => *size,
                TypeBody::Ptr(_) => POINTER_SIZE,
                TypeBody::Typedef(next)
                | TypeBody::Volatile(next)
                | TypeBody::Const(next)
                | TypeBody::Restrict(next)
                | TypeBody::TypeTag { type_id: next, .. }
                | TypeBody::DeclTag { type_id: next, .. }
                | TypeBody::Var { type_id: next, .. } => {
                    id = *next;
                    continue;
                }
                TypeBody::Array(array) => {
                    count = count
                        .checked_mul(array.nelems)
                        .ok_or(BtfError::SizeOverflow { type_id })?;
                    id = array.elem;
                    continue;
                }
                TypeBody::Fwd { .. }
                | TypeBody::Func { .. }
                | TypeBody::FuncProto(_)
                | TypeBody::Unknown { .. } => {
                    return Err(BtfError::NoSize {
                        type_id: id,
                        kind: KindOrVoid::Kind(ty.kind()),
                    });
                }
            };
            return count
                .checked_mul(size)
                .ok_or(BtfError::SizeOverflow { type_id });
        }
        Err(BtfError::ResolveTooDeep {
            type_id,
            limit: MAX_RESOLVE_DEPTH,
        })
    }

    /// Finds the member called `name` of the struct or union `type_id` resolves to, looking
    /// inside anonymous struct and union members as C does. `Ok(None)` if there is no such
    /// member or the type is not a struct or union.
    pub fn member_by_name(
        &self,
        type_id: TypeId,
        name: &str,
    ) -> Result<Option<FoundMember>, BtfError> {
        let mut path = Vec::new();
        self.find_member(type_id, name.as_bytes(), 0, &mut path, 0)
    }

    fn find_member(
        &self,
        type_id: TypeId,
        name: &[u8],
        base_bits: u32,
        path: &mut Vec<usize>,
        depth: usize,
    ) -> Result<Option<FoundMember>, BtfError> {
        if depth > MAX_RESOLVE_DEPTH {
            return Err(BtfError::ResolveTooDeep {
                type_id,
                limit: MAX_RESOLVE_DEPTH,
            });
        }
        let (_, ty) = self.resolve(type_id)?;
        let members = ty.map(BtfType::members).unwrap_or(&[]);
        for (index, member) in members.iter().enumerate() {
            let bit_offset = base_bits.saturating_add(member.bit_offset);
            path.push(index);
            if member.name_off == 0 {
                if let Some(found) =
                    self.find_member(member.type_id, name, bit_offset, path, depth + 1)?
                {
                    return Ok(Some(found));
                }
            } else if self.strings().bytes_at(member.name_off) == Some(name) {
                return Ok(Some(FoundMember {
                    path: path.clone(),
                    bit_offset,
                    member: *member,
                }));
            }
            path.pop();
        }
        Ok(None)
    }
}
