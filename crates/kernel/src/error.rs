//! [`Error`](enum@Error): every way a call into the kernel backend can fail, naming the `bpf(2)` command it
//! concerns; [`LoadError`] is a failed program or BTF load with the kernel's log.

#![forbid(unsafe_code)]

use std::fmt;

use thiserror::Error;

use crate::errno::Errno;
use crate::uapi::Command;

/// An error from the kernel backend.
#[derive(Debug, Error)]
pub enum Error {
    /// The kernel refused a command.
    #[error("{command} failed: {errno}")]
    Syscall {
        /// The command that failed.
        command: Command,
        /// What the kernel returned.
        errno: Errno,
    },
    /// The kernel refused a program (`BPF_PROG_LOAD`) or BTF (`BPF_BTF_LOAD`); the error has
    /// the kernel's log.
    #[error(transparent)]
    Load(LoadError),
    /// An argument this crate cannot hand to the kernel (a key of the wrong size, a name too
    /// long for `BPF_OBJ_NAME_LEN`, a buffer over 4 GiB); the command was not issued.
    #[error("{command}: {reason}")]
    InvalidArgument {
        /// The command that was about to be issued.
        command: Command,
        /// What is wrong.
        reason: String,
    },
    /// A file describing the host (`/sys/devices/system/cpu/possible`, `/proc/self/fdinfo/N`)
    /// could not be read or parsed.
    #[error("cannot use {path}: {reason}")]
    HostInfo {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

impl Error {
    /// The error number the kernel returned, if the kernel was asked at all.
    pub fn errno(&self) -> Option<Errno> {
        match self {
            Error::Syscall { errno, .. } => Some(*errno),
            Error::Load(load) => Some(load.errno),
            Error::InvalidArgument { .. } | Error::HostInfo { .. } => None,
        }
    }

    /// The command concerned, if the error concerns one.
    pub fn command(&self) -> Option<Command> {
        match self {
            Error::Syscall { command, .. } | Error::InvalidArgument { command, .. } => {
                Some(*command)
            }
            Error::Load(load) => Some(load.command),
            Error::HostInfo { .. } => None,
        }
    }

    /// The kernel's log, if this is a failed program load (the verifier's log) or BTF load (the
    /// BTF checker's).
    pub fn verifier_log(&self) -> Option<&str> {
        match self {
            Error::Load(load) => Some(&load.log),
            _ => None,
        }
    }

    pub(crate) fn syscall(command: Command, errno: Errno) -> Error {
        Error::Syscall { command, errno }
    }

    pub(crate) fn invalid(command: Command, reason: impl Into<String>) -> Error {
        Error::InvalidArgument {
            command,
            reason: reason.into(),
        }
    }
}

/// A program or BTF the kernel refused: the error number and the kernel's log.
///
/// The log is the text the kernel wrote (without its terminating NUL). When the caller asked for
/// no log (`log_level` 0) the load is repeated at level 1 to obtain one, so `log` is empty only
/// if the kernel wrote nothing (for example when it refused the attributes before verifying).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct LoadError {
    /// `BPF_PROG_LOAD` (the log is the verifier's) or `BPF_BTF_LOAD` (the BTF checker's).
    pub command: Command,
    /// What the command returned: for programs `EACCES` or `EINVAL` for most verifier
    /// rejections, `E2BIG` for too many instructions; for BTF `EINVAL`.
    pub errno: Errno,
    /// The verifier's or BTF checker's log.
    pub log: String,
    /// Whether the log was cut short because it exceeded the largest buffer the kernel accepts
    /// (1 GiB); the kernel then keeps the end of the log, where the error is.
    pub log_truncated: bool,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.command, self.errno)?;
        let log = self.log.trim_end();
        if !log.is_empty() {
            let what = match self.command {
                Command::BtfLoad => "BTF log",
                _ => "verifier log",
            };
            write!(f, "; {what}:\n{log}")?;
        }
        Ok(())
    }
}
