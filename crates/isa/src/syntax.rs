//! The two text syntaxes Sluice reads and writes.

use std::fmt;
use std::str::FromStr;

/// A text syntax for eBPF instructions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// The C-like syntax of LLVM (`llvm-objdump -d`) and the kernel verifier log:
    /// `r0 = *(u32 *)(r1 + 4)`, `if r1 s> 5 goto +3`, `r1 = 0x1234 ll`, `call 1`.
    #[default]
    Llvm,
    /// The mnemonic syntax of the BPF conformance suite (and uBPF):
    /// `ldxw %r0, [%r1+4]`, `jsgt %r1, 5, +3`, `lddw %r1, 0x1234`, `call 1`.
    Conformance,
}

impl Syntax {
    /// The names `FromStr` accepts, for help texts.
    pub const NAMES: [&'static str; 2] = ["llvm", "conformance"];
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::Llvm => "llvm",
            Syntax::Conformance => "conformance",
        })
    }
}

impl FromStr for Syntax {
    type Err = String;

    fn from_str(name: &str) -> Result<Syntax, String> {
        match name {
            "llvm" | "kernel" => Ok(Syntax::Llvm),
            "conformance" | "ubpf" => Ok(Syntax::Conformance),
            _ => Err(format!(
                "unknown syntax `{name}` (expected llvm or conformance)"
            )),
        }
    }
}
