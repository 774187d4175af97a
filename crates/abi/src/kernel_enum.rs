//! The macro that defines Sluice's mirrors of the kernel's numbered UAPI enums, and the error
//! their `FromStr` implementations return.
//!
//! Each mirrored enum (`ProgType`, `AttachType`, `MapType`) has, per variant, the kernel's
//! numeric value, the kernel's identifier (`BPF_PROG_TYPE_XDP`) and the short name libbpf and
//! bpftool print (`xdp`). The macro generates the same lookups for all of them so they cannot
//! drift apart.

use std::fmt;

/// A name that is not one of an enum's short names (the `FromStr` error of the kernel enums).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// Which enum was being parsed (`"program type"`, `"map type"`, ...).
    pub kind: &'static str,
    /// The text that did not match.
    pub name: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} name `{}`", self.kind, self.name)
    }
}

impl std::error::Error for UnknownName {}

/// Defines a `#[repr(u32)]` enum whose variants carry the kernel's value, the kernel's
/// identifier and libbpf's short name, with `ALL`, `from_u32`, `as_u32`, `name`, `kernel_name`,
/// `from_name`, `Display` and `FromStr`. `FromStr` accepts the short name with or without the
/// enum's optional prefix (`"bpf_"` for helpers, empty for the others).
macro_rules! kernel_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $kind:literal, prefix $prefix:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal, $kernel:literal, $short:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u32)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant = $value,
            )+
        }

        impl $name {
            /// Every variant, in the kernel's numeric order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant with the kernel's numeric value `value`, if the kernel defines one.
            pub const fn from_u32(value: u32) -> Option<$name> {
                match value {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The kernel's numeric value.
            pub const fn as_u32(self) -> u32 {
                self as u32
            }

            /// The short name libbpf and bpftool print for this value.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $short,)+
                }
            }

            /// The kernel's identifier for this value in `include/uapi/linux/bpf.h`.
            pub const fn kernel_name(self) -> &'static str {
                match self {
                    $($name::$variant => $kernel,)+
                }
            }

            /// The variant whose short name (see [`Self::name`]) is `name`.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $($short => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::kernel_enum::UnknownName;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let short = text.strip_prefix($prefix).unwrap_or(text);
                $name::from_name(short).ok_or_else(|| $crate::kernel_enum::UnknownName {
                    kind: $kind,
                    name: text.to_owned(),
                })
            }
        }
    };
}

pub(crate) use kernel_enum;
