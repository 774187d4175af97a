//! [`TraceError`]: why tracing failed, naming the command or thread and the operation.

/// Why the tracer stopped.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    #[error("no command to run")]
    NoCommand,
    #[error("cannot start `{command}`: {source}")]
    Spawn {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot attach to process {pid}: {source}")]
    Attach {
        pid: i32,
        #[source]
        source: std::io::Error,
    },
    #[error("{op} on thread {tid}: {source}")]
    Ptrace {
        op: &'static str,
        tid: i32,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    Elf {
        path: std::path::PathBuf,
        reason: String,
    },
}
