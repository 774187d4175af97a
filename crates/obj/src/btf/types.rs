//! The decoded form of BTF type records: [`BtfType`], its [`TypeBody`] per kind, and the
//! records inside (members, enumerators, parameters, section variables).
//!
//! Names are kept as offsets into the string section (`name_off`, 0 for anonymous) and read
//! through [`Btf::string`](super::Btf::string); a parsed [`Btf`](super::Btf) has checked every one
//! of them, and every type id stored here, against its own bounds.

use std::fmt;

/// A type id: an index into the type section, starting at 1. Id 0 is `void`.
pub type TypeId = u32;

/// The kind of a type record, with the kernel's numbers (`BTF_KIND_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    /// `BTF_KIND_INT`.
    Int = 1,
    /// `BTF_KIND_PTR`.
    Ptr = 2,
    /// `BTF_KIND_ARRAY`.
    Array = 3,
    /// `BTF_KIND_STRUCT`.
    Struct = 4,
    /// `BTF_KIND_UNION`.
    Union = 5,
    /// `BTF_KIND_ENUM`: enumerators of up to 32 bits.
    Enum = 6,
    /// `BTF_KIND_FWD`: a forward declaration of a struct or union.
    Fwd = 7,
    /// `BTF_KIND_TYPEDEF`.
    Typedef = 8,
    /// `BTF_KIND_VOLATILE`.
    Volatile = 9,
    /// `BTF_KIND_CONST`.
    Const = 10,
    /// `BTF_KIND_RESTRICT`.
    Restrict = 11,
    /// `BTF_KIND_FUNC`: a function (name, linkage, and its prototype).
    Func = 12,
    /// `BTF_KIND_FUNC_PROTO`: a function's signature.
    FuncProto = 13,
    /// `BTF_KIND_VAR`: a global variable.
    Var = 14,
    /// `BTF_KIND_DATASEC`: an ELF section's variables.
    Datasec = 15,
    /// `BTF_KIND_FLOAT`.
    Float = 16,
    /// `BTF_KIND_DECL_TAG`: `__attribute__((btf_decl_tag("...")))`.
    DeclTag = 17,
    /// `BTF_KIND_TYPE_TAG`: `__attribute__((btf_type_tag("...")))`.
    TypeTag = 18,
    /// `BTF_KIND_ENUM64`: enumerators of up to 64 bits.
    Enum64 = 19,
    /// A kind this parser does not know, skipped thanks to the BTF layout section.
    Unknown = 0x7f,
}

impl Kind {
    /// The kind with number `raw`, if it is one of the kinds this parser decodes.
    pub fn from_raw(raw: u8) -> Option<Kind> {
        Some(match raw {
            1 => Kind::Int,
            2 => Kind::Ptr,
            3 => Kind::Array,
            4 => Kind::Struct,
            5 => Kind::Union,
            6 => Kind::Enum,
            7 => Kind::Fwd,
            8 => Kind::Typedef,
            9 => Kind::Volatile,
            10 => Kind::Const,
            11 => Kind::Restrict,
            12 => Kind::Func,
            13 => Kind::FuncProto,
            14 => Kind::Var,
            15 => Kind::Datasec,
            16 => Kind::Float,
            17 => Kind::DeclTag,
            18 => Kind::TypeTag,
            19 => Kind::Enum64,
            _ => return None,
        })
    }

    /// The kernel's name for the kind, as `bpftool btf dump` prints it (`STRUCT`, `FUNC_PROTO`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Int => "INT",
            Kind::Ptr => "PTR",
            Kind::Array => "ARRAY",
            Kind::Struct => "STRUCT",
            Kind::Union => "UNION",
            Kind::Enum => "ENUM",
            Kind::Fwd => "FWD",
            Kind::Typedef => "TYPEDEF",
            Kind::Volatile => "VOLATILE",
            Kind::Const => "CONST",
            Kind::Restrict => "RESTRICT",
            Kind::Func => "FUNC",
            Kind::FuncProto => "FUNC_PROTO",
            Kind::Var => "VAR",
            Kind::Datasec => "DATASEC",
            Kind::Float => "FLOAT",
            Kind::DeclTag => "DECL_TAG",
            Kind::TypeTag => "TYPE_TAG",
            Kind::Enum64 => "ENUM64",
            Kind::Unknown => "UNKN",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One type record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BtfType {
    /// Offset of the name in the string section; 0 for anonymous types.
    pub name_off: u32,
    /// What the record describes.
    pub body: TypeBody,
}

impl BtfType {
    /// The record's kind.
    pub fn kind(&self) -> Kind {
        match &self.body {
            TypeBody::Int(_) => Kind::Int,
            TypeBody::Ptr(_) => Kind::Ptr,
            TypeBody::Array(_) => Kind::Array,
            TypeBody::Struct(_) => Kind::Struct,
            TypeBody::Union(_) => Kind::Union,
            TypeBody::Enum(_) => Kind::Enum,
            TypeBody::Enum64(_) => Kind::Enum64,
            TypeBody::Fwd { .. } => Kind::Fwd,
            TypeBody::Typedef(_) => Kind::Typedef,
            TypeBody::Volatile(_) => Kind::Volatile,
            TypeBody::Const(_) => Kind::Const,
            TypeBody::Restrict(_) => Kind::Restrict,
            TypeBody::Func { .. } => Kind::Func,
            TypeBody::FuncProto(_) => Kind::FuncProto,
            TypeBody::Var { .. } => Kind::Var,
            TypeBody::Datasec(_) => Kind::Datasec,
            TypeBody::Float { .. } => Kind::Float,
            TypeBody::DeclTag { .. } => Kind::DeclTag,
            TypeBody::TypeTag { .. } => Kind::TypeTag,
            TypeBody::Unknown { .. } => Kind::Unknown,
        }
    }

    /// For kinds that only point at another type (PTR, TYPEDEF, VOLATILE, CONST, RESTRICT,
    /// TYPE_TAG, VAR, DECL_TAG, FUNC), that type.
    pub fn referenced_type(&self) -> Option<TypeId> {
        match &self.body {
            TypeBody::Ptr(id)
            | TypeBody::Typedef(id)
            | TypeBody::Volatile(id)
            | TypeBody::Const(id)
            | TypeBody::Restrict(id)
            | TypeBody::TypeTag { type_id: id, .. }
            | TypeBody::Var { type_id: id, .. }
            | TypeBody::DeclTag { type_id: id, .. }
            | TypeBody::Func { proto: id, .. } => Some(*id),
            _ => None,
        }
    }

    /// True for TYPEDEF, VOLATILE, CONST, RESTRICT and TYPE_TAG: the kinds that name or
    /// qualify another type without changing its layout.
    pub fn is_modifier_or_typedef(&self) -> bool {
        matches!(
            self.body,
            TypeBody::Typedef(_)
                | TypeBody::Volatile(_)
                | TypeBody::Const(_)
                | TypeBody::Restrict(_)
                | TypeBody::TypeTag { .. }
        )
    }

    /// The members of a struct or union, empty for other kinds.
    pub fn members(&self) -> &[Member] {
        match &self.body {
            TypeBody::Struct(c) | TypeBody::Union(c) => &c.members,
            _ => &[],
        }
    }

    /// The number of variable-length records the kind carries (`vlen`): members, enumerators,
    /// parameters or section variables; the linkage for FUNC; 0 otherwise.
    pub fn vlen(&self) -> u32 {
        let len = match &self.body {
            TypeBody::Struct(c) | TypeBody::Union(c) => c.members.len(),
            TypeBody::Enum(e) | TypeBody::Enum64(e) => e.values.len(),
            TypeBody::FuncProto(p) => p.params.len(),
            TypeBody::Datasec(d) => d.vars.len(),
            TypeBody::Func { linkage, .. } => return *linkage as u32,
            TypeBody::Unknown { vlen, .. } => return *vlen,
            _ => 0,
        };
        u32::try_from(len).unwrap_or(u32::MAX)
    }
}

/// The kind-specific part of a type record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeBody {
    /// An integer.
    Int(IntType),
    /// A pointer to the type (0 for `void *`).
    Ptr(TypeId),
    /// An array.
    Array(ArrayType),
    /// A struct.
    Struct(Composite),
    /// A union.
    Union(Composite),
    /// An enum with 32-bit values.
    Enum(EnumType),
    /// An enum with 64-bit values.
    Enum64(EnumType),
    /// A forward declaration.
    Fwd {
        /// True for `union x;`, false for `struct x;` (the kind flag).
        is_union: bool,
    },
    /// A typedef of the type.
    Typedef(TypeId),
    /// `volatile` applied to the type.
    Volatile(TypeId),
    /// `const` applied to the type.
    Const(TypeId),
    /// `restrict` applied to the type.
    Restrict(TypeId),
    /// A function: its prototype (a FUNC_PROTO) and linkage.
    Func {
        /// The FUNC_PROTO type.
        proto: TypeId,
        /// Static, global or extern.
        linkage: Linkage,
    },
    /// A function signature.
    FuncProto(FuncProto),
    /// A variable of the type.
    Var {
        /// The variable's type.
        type_id: TypeId,
        /// Static, global or extern.
        linkage: Linkage,
    },
    /// The variables of one ELF section.
    Datasec(Datasec),
    /// A floating-point type of `size` bytes.
    Float {
        /// Size in bytes (2, 4, 8, 12 or 16).
        size: u32,
    },
    /// A declaration tag on a type, or on one of its members or parameters.
    DeclTag {
        /// The tagged type (struct, union, FUNC, VAR or TYPEDEF).
        type_id: TypeId,
        /// Member or parameter index, -1 for the type itself.
        component_idx: i32,
        /// The kind flag: the tag is a plain `__attribute__((...))` rather than a `btf_decl_tag`.
        is_attribute: bool,
    },
    /// A type tag on the type.
    TypeTag {
        /// The tagged type.
        type_id: TypeId,
        /// The kind flag: the tag is a plain `__attribute__((...))` rather than a `btf_type_tag`.
        is_attribute: bool,
    },
    /// A kind this parser does not know, whose size the BTF layout section gave.
    Unknown {
        /// The kind number.
        kind: u8,
        /// The raw `vlen`.
        vlen: u32,
        /// The raw `size`/`type` word.
        size_or_type: u32,
    },
}

/// An integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntType {
    /// Size in bytes (1, 2, 4, 8 or 16).
    pub size: u32,
    /// Signed, char or bool.
    pub encoding: IntEncoding,
    /// Bit offset of the value inside the storage (0 in everything modern compilers emit).
    pub offset: u8,
    /// Number of value bits (at most 128).
    pub bits: u8,
}

/// The encoding flags of an integer (`BTF_INT_SIGNED`, `BTF_INT_CHAR`, `BTF_INT_BOOL`; at most
/// one is set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntEncoding {
    /// No flag: unsigned.
    Unsigned,
    /// `BTF_INT_SIGNED`.
    Signed,
    /// `BTF_INT_CHAR`.
    Char,
    /// `BTF_INT_BOOL`.
    Bool,
}

impl IntEncoding {
    /// The raw 4-bit encoding value.
    pub fn raw(self) -> u8 {
        match self {
            IntEncoding::Unsigned => 0,
            IntEncoding::Signed => 1,
            IntEncoding::Char => 2,
            IntEncoding::Bool => 4,
        }
    }
}

/// An array: `nelems` elements of type `elem`, indexed by `index` (an integer type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArrayType {
    /// The element type.
    pub elem: TypeId,
    /// The index type.
    pub index: TypeId,
    /// The number of elements (0 for a flexible array member).
    pub nelems: u32,
}

/// A struct or union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composite {
    /// Size in bytes.
    pub size: u32,
    /// The kind flag: members encode bitfield sizes in their offset word.
    pub kind_flag: bool,
    /// The members, in declaration order.
    pub members: Vec<Member>,
}

/// A struct or union member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// Offset of the name (0 for an anonymous struct or union member).
    pub name_off: u32,
    /// The member's type.
    pub type_id: TypeId,
    /// Offset from the start of the enclosing type, in bits.
    pub bit_offset: u32,
    /// Width of a bitfield in bits, 0 for a regular member (always 0 when the enclosing type's
    /// kind flag is clear).
    pub bitfield_size: u8,
}

/// An enum with 32-bit (ENUM) or 64-bit (ENUM64) values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumType {
    /// Size in bytes (1, 2, 4 or 8).
    pub size: u32,
    /// The kind flag: values are signed.
    pub signed: bool,
    /// The enumerators.
    pub values: Vec<EnumValue>,
}

/// One enumerator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// Offset of the name.
    pub name_off: u32,
    /// The value: for ENUM the 32-bit value sign-extended when the enum is signed and
    /// zero-extended when not; for ENUM64 the 64 bits as stored.
    pub value: u64,
}

impl EnumType {
    /// The numeric value of an enumerator of this enum, with the enum's signedness.
    pub fn numeric(&self, value: &EnumValue) -> i128 {
        if self.signed {
            i128::from(value.value as i64)
        } else {
            i128::from(value.value)
        }
    }
}

/// A function signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncProto {
    /// The return type (0 for `void`).
    pub ret: TypeId,
    /// The parameters; a last parameter with type 0 and no name marks `...`.
    pub params: Vec<Param>,
}

/// One function parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Offset of the name (0 in prototypes that are not attached to a FUNC).
    pub name_off: u32,
    /// The parameter's type (0 for the `...` marker).
    pub type_id: TypeId,
}

/// The linkage of a FUNC or VAR (`BTF_FUNC_*`, `BTF_VAR_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Linkage {
    /// `static`.
    Static = 0,
    /// Global, defined here.
    Global = 1,
    /// Global, defined elsewhere (`extern`).
    Extern = 2,
}

impl Linkage {
    /// The linkage with number `raw`.
    pub fn from_raw(raw: u32) -> Option<Linkage> {
        match raw {
            0 => Some(Linkage::Static),
            1 => Some(Linkage::Global),
            2 => Some(Linkage::Extern),
            _ => None,
        }
    }

    /// The word `bpftool` prints: `static`, `global` or `extern`.
    pub fn name(self) -> &'static str {
        match self {
            Linkage::Static => "static",
            Linkage::Global => "global",
            Linkage::Extern => "extern",
        }
    }
}

/// The variables of one ELF section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datasec {
    /// The section's size (0 in objects straight from the compiler; the loader fills it in).
    pub size: u32,
    /// The variables.
    pub vars: Vec<VarSecinfo>,
}

/// One variable of a DATASEC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VarSecinfo {
    /// The VAR (or, for `.ksyms`, FUNC) type.
    pub type_id: TypeId,
    /// Offset in the section.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
}
