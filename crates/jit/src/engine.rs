//! [`Engine`]: which engine runs a program, the interpreter or the JIT. It lives here, in the
//! crate that knows both, so the runtime and the conformance runner share one choice.

use std::fmt;
use std::str::FromStr;

/// The engine that runs programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    /// The reference interpreter.
    Interp,
    /// The x86-64 JIT compiler.
    Jit,
}

impl Engine {
    /// Every engine.
    pub const ALL: [Engine; 2] = [Engine::Interp, Engine::Jit];

    /// The engine's name on the command line (`--engine`).
    pub fn name(self) -> &'static str {
        match self {
            Engine::Interp => "interp",
            Engine::Jit => "jit",
        }
    }
}

impl Default for Engine {
    /// The JIT on x86-64, the interpreter elsewhere.
    fn default() -> Engine {
        if cfg!(target_arch = "x86_64") {
            Engine::Jit
        } else {
            Engine::Interp
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Engine {
    type Err = String;

    fn from_str(name: &str) -> Result<Engine, String> {
        Engine::ALL
            .into_iter()
            .find(|engine| engine.name() == name)
            .ok_or_else(|| format!("unknown engine `{name}` (available: interp, jit)"))
    }
}
