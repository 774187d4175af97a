//! The kernel's log for the two commands that check what they load: `BPF_PROG_LOAD` (the
//! verifier) and `BPF_BTF_LOAD` (the BTF checker). Both take a log level and a buffer, and
//! answer a refusal with an error number and the log.
//!
//! Invariants (of [`load_with_log`]):
//! - The log is never silently cut short: when the kernel reports `ENOSPC` for the log buffer,
//!   the command is repeated with a buffer of the size the kernel asked for (`log_true_size`, or
//!   four times larger on kernels before 6.4), up to the kernel's own limit of 1 GiB.
//! - A command at `log_level` 0 that fails is repeated once at level 1, so the error has a log;
//!   the error number reported is the one from the command as requested.

#![forbid(unsafe_code)]

use crate::errno::Errno;
use crate::error::{Error, LoadError};
use crate::fd::Fd;
use crate::uapi::{BPF_LOG_LEVEL1, Command};

/// The first log buffer: enough for the failing path of most small programs.
const INITIAL_LOG_LEN: usize = 64 * 1024;

/// The largest log buffer the kernel accepts (`UINT_MAX >> 2`).
const MAX_LOG_LEN: usize = (u32::MAX >> 2) as usize;

/// The smallest log buffer the kernel accepts.
const MIN_LOG_LEN: usize = 128;

/// What one attempt of a logged command gave back.
#[derive(Debug)]
pub(crate) struct LogAttempt {
    pub(crate) result: Result<Fd, Errno>,
    /// The log's full length including its NUL, as the kernel reports it (0 before Linux 6.4).
    pub(crate) log_true_size: u32,
}

/// Runs `command` through `attempt(log_level, log_buffer)` until it succeeds or fails for a
/// reason other than the log: returns the descriptor and the log of the successful attempt, or
/// [`Error::Load`] with the kernel's error number and log.
pub(crate) fn load_with_log(
    command: Command,
    log_level: u32,
    mut attempt: impl FnMut(u32, &mut [u8]) -> Result<LogAttempt, Error>,
) -> Result<(Fd, String), Error> {
    let mut level = log_level;
    let mut log = log_buffer(command, if level == 0 { 0 } else { INITIAL_LOG_LEN })?;
    // The error of the command as requested, when it had to be repeated to get a log.
    let mut requested_errno = None;
    loop {
        let outcome = attempt(level, &mut log)?;
        let errno = match outcome.result {
            Ok(fd) => return Ok((fd, log_text(&log))),
            Err(errno) => errno,
        };
        let true_len = outcome.log_true_size as usize;
        let log_overflowed = errno == Errno::ENOSPC
            && level != 0
            && (true_len > log.len() || (true_len == 0 && log_is_full(&log)));
        if log_overflowed && log.len() < MAX_LOG_LEN {
            let grown = true_len.max(log.len().saturating_mul(4)).min(MAX_LOG_LEN);
            log = log_buffer(command, grown)?;
            continue;
        }
        if level == 0 {
            requested_errno = Some(errno);
            level = BPF_LOG_LEVEL1;
            log = log_buffer(command, INITIAL_LOG_LEN)?;
            continue;
        }
        return Err(Error::Load(LoadError {
            command,
            errno: requested_errno.unwrap_or(errno),
            log: log_text(&log),
            log_truncated: log_overflowed,
        }));
    }
}

/// A zeroed log buffer of `len` bytes (0: no log; otherwise at least the kernel's minimum),
/// allocated without aborting on failure.
fn log_buffer(command: Command, len: usize) -> Result<Vec<u8>, Error> {
    let len = if len == 0 { 0 } else { len.max(MIN_LOG_LEN) };
    let mut buffer = Vec::new();
    buffer
        .try_reserve_exact(len)
        .map_err(|_| Error::invalid(command, format!("cannot allocate a {len}-byte log")))?;
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
    fn a_refusal_without_log_is_repeated_with_one() {
        let mut levels = Vec::new();
        let error = load_with_log(Command::BtfLoad, 0, |level, log| {
            levels.push((level, log.len()));
            if let Some(first) = log.first_mut() {
                *first = b'x';
            }
            Ok(LogAttempt {
                result: Err(if level == 0 {
                    Errno::EINVAL
                } else {
                    Errno::EACCES
                }),
                log_true_size: 0,
            })
        })
        .unwrap_err();
        assert_eq!(levels, [(0, 0), (BPF_LOG_LEVEL1, INITIAL_LOG_LEN)]);
        let Error::Load(load) = error else {
            panic!("expected a load error, got {error}");
        };
        // The error number of the load as requested, the log of the repeated one.
        assert_eq!(load.errno, Errno::EINVAL);
        assert_eq!(load.command, Command::BtfLoad);
        assert!(load.log.starts_with('x'));
    }

    #[test]
    fn a_full_log_is_grown_to_the_size_the_kernel_asks_for() {
        let mut sizes = Vec::new();
        let (_, log) = load_with_log(Command::ProgLoad, BPF_LOG_LEVEL1, |_, log| {
            sizes.push(log.len());
            if log.len() < 1_000_000 {
                return Ok(LogAttempt {
                    result: Err(Errno::ENOSPC),
                    log_true_size: 1_000_000,
                });
            }
            log[..2].copy_from_slice(b"ok");
            // Any descriptor will do as the "loaded object".
            let fd = std::fs::File::open("/dev/null").unwrap();
            Ok(LogAttempt {
                result: Ok(Fd::from(std::os::fd::OwnedFd::from(fd))),
                log_true_size: 3,
            })
        })
        .unwrap();
        assert_eq!(sizes, [INITIAL_LOG_LEN, 1_000_000]);
        assert_eq!(log, "ok");
    }
}
