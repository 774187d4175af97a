//! [`JitError`]: why a program could not be compiled.

/// Why compilation failed.
#[derive(Debug, thiserror::Error)]
pub enum JitError {
    /// The host is not x86-64.
    #[error("the JIT generates x86-64 code; this host is {0}")]
    UnsupportedArch(&'static str),
    /// Code memory could not be mapped or protected.
    #[error("cannot map code memory: {0}")]
    CodeMemory(#[source] std::io::Error),
    /// A bug in the code generator, with what went wrong.
    #[error("internal JIT error: {0}")]
    Internal(String),
}
