//! [`ProgLoad`] and [`KernelProg`]: a program loaded into the kernel, with the verifier's log.
//!
//! Invariants:
//! - A `KernelProg` exists only for a program the kernel accepted; a refusal is
//!   [`Error::Load`], which always carries the kernel's error number and its verifier log.
//! - The log is never silently cut short, and a load with `log_level` 0 that fails is repeated
//!   once at level 1 so the error has a log (see `log.rs`).

#![forbid(unsafe_code)]

use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd, RawFd};

use crate::btf::{FuncInfo, LineInfo};
use crate::error::Error;
use crate::fd::Fd;
use crate::log::{LogAttempt, load_with_log};
use crate::sys::{self, ProgLoadRequest};
use crate::uapi::{Command, object_name};

/// The attributes of a program load (`BPF_PROG_LOAD`). `Default` is all zeros: an empty
/// socket filter with no license, name or log.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProgLoad<'a> {
    /// `enum bpf_prog_type`.
    pub prog_type: u32,
    /// `enum bpf_attach_type`, for the types that check it at load time.
    pub expected_attach_type: u32,
    /// The bytecode: whole 8-byte instructions, as in memory.
    pub insns: &'a [u8],
    /// The license string (`"GPL"` unlocks GPL-only helpers); must not contain a NUL.
    pub license: &'a str,
    /// Verifier log level: 0, or `BPF_LOG_LEVEL1` / `BPF_LOG_LEVEL2`, optionally with
    /// `BPF_LOG_STATS`.
    pub log_level: u32,
    /// `kern_version` (only old kprobe loads look at it).
    pub kern_version: u32,
    /// `BPF_F_*` load flags (`BPF_F_STRICT_ALIGNMENT`, `BPF_F_ANY_ALIGNMENT`, `BPF_F_SLEEPABLE`,
    /// ...).
    pub prog_flags: u32,
    /// The object name: at most 15 bytes; the kernel allows letters, digits, `_` and `.`.
    pub name: &'a str,
    /// Descriptors that `lddw` with `BPF_PSEUDO_MAP_IDX` / `BPF_PSEUDO_MAP_IDX_VALUE` and
    /// kfunc calls refer to by index. The kernel does not know its length: an index past the
    /// end makes it read whatever follows and refuse the load.
    pub fd_array: Option<&'a [BorrowedFd<'a>]>,
    /// Network device to load for (offload).
    pub prog_ifindex: u32,
    /// BTF of the program (`prog_btf_fd`), which `func_info` and `line_info` refer to; the
    /// kernel ignores it when both are empty.
    pub prog_btf_fd: Option<BorrowedFd<'a>>,
    /// One record per function (entry first, then every subprogram and callback, in increasing
    /// `insn_off`) with its BTF `FUNC` type: needed for callbacks (`bpf_loop`,
    /// `bpf_for_each_map_elem`, ...) and global functions. Empty: none.
    pub func_info: &'a [FuncInfo],
    /// Source line records (only with `func_info`); the verifier prints the lines in its log.
    /// Empty: none.
    pub line_info: &'a [LineInfo],
    /// In-kernel BTF type id to attach to (tracing, LSM, struct_ops).
    pub attach_btf_id: u32,
    /// Program to attach to (freplace) or module BTF.
    pub attach_prog_fd: Option<BorrowedFd<'a>>,
}

impl ProgLoad<'_> {
    /// Loads the program. A refusal by the verifier is [`Error::Load`] with the log.
    pub fn load(&self) -> Result<KernelProg, Error> {
        let command = Command::ProgLoad;
        let license = CString::new(self.license)
            .map_err(|_| Error::invalid(command, "license contains a NUL"))?;
        let mut request = ProgLoadRequest {
            prog_type: self.prog_type,
            expected_attach_type: self.expected_attach_type,
            insns: self.insns,
            license: &license,
            log_level: self.log_level,
            kern_version: self.kern_version,
            prog_flags: self.prog_flags,
            name: object_name(command, self.name)?,
            prog_ifindex: self.prog_ifindex,
            attach_btf_id: self.attach_btf_id,
            attach_prog_fd: self.attach_prog_fd,
            prog_btf_fd: self.prog_btf_fd,
            func_info: self.func_info,
            line_info: self.line_info,
            fd_array: self.fd_array,
        };
        let (fd, log) = load_with_log(command, self.log_level, |level, log| {
            request.log_level = level;
            let outcome = sys::prog_load(&request, log)?;
            Ok(LogAttempt {
                result: outcome.result,
                log_true_size: outcome.log_true_size,
            })
        })?;
        Ok(KernelProg { fd, log })
    }
}

/// A program loaded into the kernel. Dropping it closes the descriptor; the kernel unloads
/// the program once nothing else (a pin, a link, a program array) holds it.
#[derive(Debug)]
pub struct KernelProg {
    fd: Fd,
    log: String,
}

impl KernelProg {
    /// Wraps a descriptor that refers to a program, such as one from [`crate::get_pinned`].
    /// A descriptor of anything else makes later commands fail with the kernel's error.
    pub fn from_fd(fd: Fd) -> KernelProg {
        KernelProg {
            fd,
            log: String::new(),
        }
    }

    /// The descriptor.
    pub fn fd(&self) -> &Fd {
        &self.fd
    }

    /// The descriptor's number.
    pub fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// The verifier's log of the successful load: empty at `log_level` 0; at level 1 its
    /// summary (`processed N insns ...`), at level 2 every state.
    pub fn verifier_log(&self) -> &str {
        &self.log
    }
}

impl AsFd for KernelProg {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_attributes_are_refused_before_the_kernel() {
        let load = |prog: ProgLoad<'_>| prog.load().unwrap_err();
        let bytecode = [0u8; 8];
        let error = load(ProgLoad {
            insns: &bytecode[..7],
            ..ProgLoad::default()
        });
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error}");
        let error = load(ProgLoad {
            insns: &bytecode,
            name: "a_name_of_sixteen",
            ..ProgLoad::default()
        });
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error}");
        let error = load(ProgLoad {
            insns: &bytecode,
            license: "G\0PL",
            ..ProgLoad::default()
        });
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error}");
    }
}
