//! [`Fd`]: an owned file descriptor for a BPF object (map, program, pinned object).
//!
//! Invariant: an `Fd` is the only owner of its descriptor, which stays open until the `Fd` is
//! dropped. A map whose `KernelMap` is alive therefore cannot be replaced behind it by another
//! object that happens to get the same number.

#![forbid(unsafe_code)]

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

/// An owned file descriptor; closed when dropped.
#[derive(Debug)]
pub struct Fd(OwnedFd);

impl Fd {
    /// The descriptor's number, for the kernel's attribute fields and `map[fd:N]` in assembly.
    /// It stays valid as long as `self` lives.
    pub fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }

    /// A second descriptor for the same object (`F_DUPFD_CLOEXEC`).
    pub fn try_clone(&self) -> io::Result<Fd> {
        self.0.try_clone().map(Fd)
    }
}

impl AsFd for Fd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

impl AsRawFd for Fd {
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

impl From<OwnedFd> for Fd {
    fn from(fd: OwnedFd) -> Fd {
        Fd(fd)
    }
}

impl From<Fd> for OwnedFd {
    fn from(fd: Fd) -> OwnedFd {
        fd.0
    }
}
