//! C-like names of types, as a C programmer would write them in a cast: `struct xdp_md *`,
//! `__u32[4]`, `const char *`, `int (*)(void *, __u64)`.
//!
//! The name is built as C declarators are: from the outside in, each pointer, array or function
//! wraps the declarator built so far, and the base type (an integer, struct, enum, typedef, ...)
//! goes in front. Walks are bounded by [`MAX_RESOLVE_DEPTH`] levels; a deeper (cyclic) type
//! prints `...` instead of recursing further. Unknown type ids print `<bad type id N>`.

use std::cell::Cell;

use super::parse::Btf;
use super::query::MAX_RESOLVE_DEPTH;
use super::types::{BtfType, TypeBody, TypeId};

/// The most types one name visits: a real name needs a handful; malformed BTF whose
/// prototypes refer to themselves would otherwise take exponential time.
const MAX_NAME_STEPS: usize = 10_000;

impl Btf {
    /// A C-like name of the type: `struct xdp_md *`, `__u32[4]`, `int (*)(void *, int)`.
    /// Functions print as declarations (`int prog(struct xdp_md *ctx)`), variables as
    /// `type name`, sections as `SEC("name")`.
    pub fn display(&self, type_id: TypeId) -> String {
        let namer = Namer {
            btf: self,
            steps: Cell::new(MAX_NAME_STEPS),
        };
        namer.declaration(type_id, String::new(), 0)
    }

    /// A short description of a type record for messages: `STRUCT 'foo'`.
    pub fn describe(&self, ty: &BtfType) -> String {
        let name = self.type_name(ty);
        format!(
            "{} '{}'",
            ty.kind(),
            if name.is_empty() { "(anon)" } else { name }
        )
    }
}

/// One name being built, with its budget of steps.
struct Namer<'a> {
    btf: &'a Btf,
    steps: Cell<usize>,
}

impl Namer<'_> {
    /// `declarator` is the part of the declaration already built around the name (`*`, `[4]`,
    /// `(*)(int)`); returns the full declaration of `type_id` with it.
    fn declaration(&self, type_id: TypeId, declarator: String, depth: usize) -> String {
        let steps = self.steps.get();
        if depth > MAX_RESOLVE_DEPTH || steps == 0 {
            return join("...", &declarator);
        }
        self.steps.set(steps - 1);
        if type_id == 0 {
            return join("void", &declarator);
        }
        let Some(ty) = self.btf.type_by_id(type_id) else {
            return join(&format!("<bad type id {type_id}>"), &declarator);
        };
        let name = self.btf.type_name(ty);
        let named = |word: &str| {
            if name.is_empty() {
                format!("{word} {{...}}")
            } else {
                format!("{word} {name}")
            }
        };
        match &ty.body {
            TypeBody::Int(_) | TypeBody::Float { .. } | TypeBody::Typedef(_) => {
                join(name, &declarator)
            }
            TypeBody::Struct(_) => join(&named("struct"), &declarator),
            TypeBody::Union(_) => join(&named("union"), &declarator),
            TypeBody::Enum(_) | TypeBody::Enum64(_) => join(&named("enum"), &declarator),
            TypeBody::Fwd { is_union } => join(
                &named(if *is_union { "union" } else { "struct" }),
                &declarator,
            ),
            TypeBody::Ptr(target) => self.declaration(*target, format!("*{declarator}"), depth + 1),
            TypeBody::Const(target) => self.qualified("const", *target, declarator, depth),
            TypeBody::Volatile(target) => self.qualified("volatile", *target, declarator, depth),
            TypeBody::Restrict(target) => self.qualified("restrict", *target, declarator, depth),
            TypeBody::TypeTag { type_id, .. } => {
                let tag = format!("__attribute__((btf_type_tag(\"{name}\")))");
                self.qualified(&tag, *type_id, declarator, depth)
            }
            TypeBody::Array(array) => {
                let inner = parenthesize(declarator);
                self.declaration(array.elem, format!("{inner}[{}]", array.nelems), depth + 1)
            }
            TypeBody::FuncProto(proto) => {
                let params = self.parameters(proto.params.as_slice(), depth);
                let inner = parenthesize(declarator);
                self.declaration(proto.ret, format!("{inner}({params})"), depth + 1)
            }
            TypeBody::Func { proto, .. } => {
                // A function declaration: the prototype with the function's name and the
                // parameter names.
                match self.btf.type_by_id(*proto).map(|p| &p.body) {
                    Some(TypeBody::FuncProto(p)) => {
                        let params = self.parameters(p.params.as_slice(), depth);
                        self.declaration(p.ret, format!("{name}({params})"), depth + 1)
                    }
                    _ => join(&format!("<bad function {name}>"), &declarator),
                }
            }
            TypeBody::Var { type_id, .. } => {
                self.declaration(*type_id, name.to_string(), depth + 1)
            }
            TypeBody::Datasec(_) => format!("SEC(\"{name}\")"),
            TypeBody::DeclTag {
                type_id,
                component_idx,
                ..
            } => format!(
                "__attribute__((btf_decl_tag(\"{name}\"))) on [{type_id}] component {component_idx}"
            ),
            TypeBody::Unknown { kind, .. } => join(&format!("<unknown kind {kind}>"), &declarator),
        }
    }

    /// A qualifier applied to `target`: in front of a base type (`const char`), after the `*`
    /// of a pointer (`char *const`).
    fn qualified(&self, word: &str, target: TypeId, declarator: String, depth: usize) -> String {
        let base_like = !matches!(
            self.btf.type_by_id(target).map(|t| &t.body),
            Some(TypeBody::Ptr(_) | TypeBody::Array(_) | TypeBody::FuncProto(_))
        );
        if base_like {
            format!("{word} {}", self.declaration(target, declarator, depth + 1))
        } else {
            let inner = if declarator.is_empty() {
                word.to_string()
            } else {
                format!("{word} {declarator}")
            };
            self.declaration(target, inner, depth + 1)
        }
    }

    /// Parameter list of a prototype: `void` when empty, `...` for the variadic marker.
    fn parameters(&self, params: &[super::types::Param], depth: usize) -> String {
        if params.is_empty() {
            return "void".to_string();
        }
        let mut out = Vec::with_capacity(params.len());
        for param in params {
            if param.type_id == 0 && param.name_off == 0 {
                out.push("...".to_string());
                continue;
            }
            let name = self.btf.name_at(param.name_off).to_string();
            out.push(self.declaration(param.type_id, name, depth + 1));
        }
        out.join(", ")
    }
}

/// `base` followed by the declarator, with a space unless the declarator starts with `[`.
fn join(base: &str, declarator: &str) -> String {
    if declarator.is_empty() {
        base.to_string()
    } else if declarator.starts_with('[') {
        format!("{base}{declarator}")
    } else {
        format!("{base} {declarator}")
    }
}

/// Wraps a pointer declarator in parentheses before an array or function suffix binds to it.
fn parenthesize(declarator: String) -> String {
    if declarator.starts_with('*') {
        format!("({declarator})")
    } else {
        declarator
    }
}
