//! [`ProgLoad`] and [`KernelProg`]: a program loaded into the kernel, with the verifier's log.
//!
//! Invariants:
//! - A `KernelProg` exists only for a program the kernel accepted; a refusal is
//!   [`Error::Load`], which always carries the kernel's error number and its verifier log.
//! - The log is never silently cut short: when the kernel reports `ENOSPC` for the log buffer,
//!   the load is repeated with a buffer of the size the kernel asked for (`log_true_size`, or
//!   four times larger on kernels before 6.4), up to the kernel's own limit of 1 GiB.
//! - A load with `log_level` 0 that fails is repeated once at level 1, so the error has a log;
//!   the error number reported is the one from the load as requested.

#![forbid(unsafe_code)]

use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd, RawFd};

use crate::errno::Errno;
use crate::error::{Error, LoadError};
use crate::fd::Fd;
use crate::sys::{self, ProgLoadRequest};
use crate::uapi::{BPF_LOG_LEVEL1, Command, object_name};

/// The first log buffer: enough for the failing path of most small programs.
const INITIAL_LOG_LEN: usize = 64 * 1024;

/// The largest log buffer the kernel accepts (`UINT_MAX >> 2`).
const MAX_LOG_LEN: usize = (u32::MAX >> 2) as usize;

/// The smallest log buffer the kernel accepts.
const MIN_LOG_LEN: usize = 128;

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
    /// BTF of the program (`prog_btf_fd`).
    pub prog_btf_fd: Option<BorrowedFd<'a>>,
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
            fd_array: self.fd_array,
        };
        let mut log = log_buffer(if self.log_level == 0 {
            0
        } else {
            INITIAL_LOG_LEN
        })?;
        // The error of the load as requested, when it had to be repeated to get a log.
        let mut requested_errno = None;
        loop {
            let outcome = sys::prog_load(&request, &mut log)?;
            let errno = match outcome.result {
                Ok(fd) => {
                    return Ok(KernelProg {
                        fd,
                        log: log_text(&log),
                    });
                }
                Err(errno) => errno,
            };
            let true_len = outcome.log_true_size as usize;
            let log_overflowed = errno == Errno::ENOSPC
                && request.log_level != 0
                && (true_len > log.len() || (true_len == 0 && log_is_full(&log)));
            if log_overflowed && log.len() < MAX_LOG_LEN {
                let grown = true_len.max(log.len().saturating_mul(4)).min(MAX_LOG_LEN);
                log = log_buffer(grown)?;
                continue;
            }
            if request.log_level == 0 {
                requested_errno = Some(errno);
                request.log_level = BPF_LOG_LEVEL1;
                log = log_buffer(INITIAL_LOG_LEN)?;
                continue;
            }
            return Err(Error::Load(LoadError {
                errno: requested_errno.unwrap_or(errno),
                log: log_text(&log),
                log_truncated: log_overflowed,
            }));
        }
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

/// A zeroed log buffer of `len` bytes (0: no log; otherwise at least the kernel's minimum),
/// allocated without aborting on failure.
fn log_buffer(len: usize) -> Result<Vec<u8>, Error> {
    let len = if len == 0 { 0 } else { len.max(MIN_LOG_LEN) };
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(len).map_err(|_| {
        Error::invalid(
            Command::ProgLoad,
            format!("cannot allocate a {len}-byte log"),
        )
    })?;
    buffer.resize(len, 0);
    Ok(buffer)
}

/// Whether the kernel filled the buffer up to its last byte (the NUL it always leaves).
fn log_is_full(log: &[u8]) -> bool {
    text_len(log) + 1 >= log.len()
}

/// The log's text up to the kernel's terminating NUL.
fn log_text(log: &[u8]) -> String {
    String::from_utf8_lossy(&log[..text_len(log)]).into_owned()
}

fn text_len(log: &[u8]) -> usize {
    log.iter().position(|&byte| byte == 0).unwrap_or(log.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_text_stops_at_nul() {
        assert_eq!(log_text(b"abc\0def"), "abc");
        assert_eq!(log_text(b"abc"), "abc");
        assert_eq!(log_text(b""), "");
        assert!(log_is_full(b"abc\0"));
        assert!(!log_is_full(b"ab\0\0"));
    }

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
