//! [`Errno`]: the error number a failed `bpf(2)` call leaves, with its symbolic name.
//!
//! Invariant: an `Errno` holds a positive number. The kernel's BPF code also returns some of its
//! internal codes above 511 (`ENOTSUPP` = 524 is the common one), so names are looked up in a
//! table that includes them rather than trusting libc's `strerror`.

#![forbid(unsafe_code)]

use std::fmt;
use std::io;

/// An error number from a failed system call, such as `EINVAL` or `E2BIG`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Errno(i32);

impl Errno {
    /// Operation not permitted.
    pub const EPERM: Errno = Errno(libc::EPERM);
    /// No such file or directory; for maps: no such element.
    pub const ENOENT: Errno = Errno(libc::ENOENT);
    /// Interrupted system call (a test run interrupted by a signal).
    pub const EINTR: Errno = Errno(libc::EINTR);
    /// Argument list too long; the kernel uses it for non-zero unknown attribute fields and
    /// programs over the instruction limit.
    pub const E2BIG: Errno = Errno(libc::E2BIG);
    /// Bad file descriptor.
    pub const EBADF: Errno = Errno(libc::EBADF);
    /// Resource temporarily unavailable.
    pub const EAGAIN: Errno = Errno(libc::EAGAIN);
    /// Out of memory.
    pub const ENOMEM: Errno = Errno(libc::ENOMEM);
    /// Permission denied; the verifier's usual verdict on an unsafe program.
    pub const EACCES: Errno = Errno(libc::EACCES);
    /// Bad address.
    pub const EFAULT: Errno = Errno(libc::EFAULT);
    /// Device or resource busy.
    pub const EBUSY: Errno = Errno(libc::EBUSY);
    /// The element exists (`BPF_NOEXIST` on an existing key).
    pub const EEXIST: Errno = Errno(libc::EEXIST);
    /// Invalid argument.
    pub const EINVAL: Errno = Errno(libc::EINVAL);
    /// No space left: a log or output buffer was too small, or a map is full.
    pub const ENOSPC: Errno = Errno(libc::ENOSPC);
    /// Operation not supported (the user-visible code).
    pub const EOPNOTSUPP: Errno = Errno(libc::EOPNOTSUPP);
    /// Operation not supported (the kernel-internal code 524 that BPF commands leak).
    pub const ENOTSUPP: Errno = Errno(524);

    /// Wraps a raw error number; `None` unless it is positive.
    pub fn new(raw: i32) -> Option<Errno> {
        (raw > 0).then_some(Errno(raw))
    }

    /// The calling thread's current `errno`, as left by the last failed system call. A call
    /// that failed without setting it (which the kernel does not do) reads as `EINVAL`.
    pub(crate) fn last() -> Errno {
        io::Error::last_os_error()
            .raw_os_error()
            .and_then(Errno::new)
            .unwrap_or(Errno::EINVAL)
    }

    /// The raw number.
    pub fn raw(self) -> i32 {
        self.0
    }

    /// The symbolic name (`"EINVAL"`), if the number is one the BPF subsystem returns.
    pub fn name(self) -> Option<&'static str> {
        NAMES
            .iter()
            .find(|(raw, _)| *raw == self.0)
            .map(|(_, name)| *name)
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "errno {}", self.0),
        }
    }
}

/// The error numbers BPF commands return, with their names.
const NAMES: &[(i32, &str)] = &[
    (libc::EPERM, "EPERM"),
    (libc::ENOENT, "ENOENT"),
    (libc::ESRCH, "ESRCH"),
    (libc::EINTR, "EINTR"),
    (libc::EIO, "EIO"),
    (libc::ENXIO, "ENXIO"),
    (libc::E2BIG, "E2BIG"),
    (libc::EBADF, "EBADF"),
    (libc::EAGAIN, "EAGAIN"),
    (libc::ENOMEM, "ENOMEM"),
    (libc::EACCES, "EACCES"),
    (libc::EFAULT, "EFAULT"),
    (libc::EBUSY, "EBUSY"),
    (libc::EEXIST, "EEXIST"),
    (libc::EXDEV, "EXDEV"),
    (libc::ENODEV, "ENODEV"),
    (libc::ENOTDIR, "ENOTDIR"),
    (libc::EISDIR, "EISDIR"),
    (libc::EINVAL, "EINVAL"),
    (libc::ENFILE, "ENFILE"),
    (libc::EMFILE, "EMFILE"),
    (libc::ENOSPC, "ENOSPC"),
    (libc::ERANGE, "ERANGE"),
    (libc::EDEADLK, "EDEADLK"),
    (libc::ENAMETOOLONG, "ENAMETOOLONG"),
    (libc::ELOOP, "ELOOP"),
    (libc::ENOSYS, "ENOSYS"),
    (libc::ENOMSG, "ENOMSG"),
    (libc::EBADMSG, "EBADMSG"),
    (libc::EOVERFLOW, "EOVERFLOW"),
    (libc::ENOTSUP, "EOPNOTSUPP"),
    (libc::ETOOMANYREFS, "ETOOMANYREFS"),
    (libc::ESTALE, "ESTALE"),
    (524, "ENOTSUPP"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Errno::EINVAL.to_string(), "EINVAL");
        assert_eq!(Errno::E2BIG.name(), Some("E2BIG"));
        assert_eq!(Errno::ENOTSUPP.to_string(), "ENOTSUPP");
        assert_eq!(Errno::EOPNOTSUPP.to_string(), "EOPNOTSUPP");
        assert_eq!(
            Errno::new(4000).map(|e| e.to_string()),
            Some("errno 4000".into())
        );
        assert_eq!(Errno::new(0), None);
        assert_eq!(Errno::new(-1), None);
    }
}
