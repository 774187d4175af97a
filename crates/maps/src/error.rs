//! Map errors, with the errno the kernel returns for each.

use thiserror::Error;

/// Why a map operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MapError {
    /// No such key (or the queue is empty, or there is no next key): `ENOENT`.
    #[error("no such element (ENOENT)")]
    NotFound,
    /// The key exists and `BPF_NOEXIST` was given: `EEXIST`.
    #[error("element exists (EEXIST)")]
    Exists,
    /// The map is full, or a size or index is too large: `E2BIG`.
    #[error("map is full or argument too large (E2BIG)")]
    Full,
    /// Bad flags, sizes or index: `EINVAL`.
    #[error("invalid argument (EINVAL)")]
    Invalid,
    /// Not allowed for this map, e.g. deleting from an array: `EINVAL` for arrays in the kernel,
    /// kept apart here to say why.
    #[error("operation not supported by this map type (EINVAL)")]
    NotSupported,
    /// Out of memory: `ENOMEM`. Also what an LRU map returns when it finds no element to
    /// reuse, and what map creation returns past Sluice's storage limit.
    #[error("out of memory (ENOMEM)")]
    NoMemory,
    /// A queue or stack is empty / busy: `EBUSY`.
    #[error("resource busy (EBUSY)")]
    Busy,
    /// The operation is not supported for this map type at all: `EOPNOTSUPP` (95).
    #[error("operation not supported (EOPNOTSUPP)")]
    OpNotSupported,
    /// The kernel-internal "not supported" code that `bpf(2)` leaks to user space: `ENOTSUPP`
    /// (524). Returned, for example, by `BPF_MAP_LOOKUP_AND_DELETE_ELEM` on an array, by batch
    /// commands on maps without them, and by creating an LRU map with `BPF_F_NO_PREALLOC`.
    #[error("operation not supported (ENOTSUPP)")]
    KernelNotSupported,
    /// No room: `ENOSPC` (a full LPM trie, a batch buffer too small for one bucket, a full
    /// perf event ring).
    #[error("no space left (ENOSPC)")]
    NoSpace,
    /// Try again: `EAGAIN` (`bpf_ringbuf_output` on a full ring buffer).
    #[error("try again (EAGAIN)")]
    TryAgain,
    /// Bad address: `EFAULT` (`bpf_get_stackid` asked to skip more frames than there are).
    #[error("bad address (EFAULT)")]
    Fault,
    /// Permission denied: `EPERM`.
    #[error("operation not permitted (EPERM)")]
    Permission,
    /// No such map (an id that names no live map where the kernel takes a descriptor):
    /// `EBADF`.
    #[error("bad map id (EBADF)")]
    BadHandle,
    /// A map type Sluice does not implement (the kernel has it): reported as `EOPNOTSUPP`.
    #[error("map type {0} is not supported by Sluice (EOPNOTSUPP)")]
    UnsupportedType(u32),
}

impl MapError {
    /// The positive errno value.
    pub fn errno(self) -> i32 {
        match self {
            MapError::Permission => 1,
            MapError::NotFound => 2,
            MapError::Full => 7,
            MapError::BadHandle => 9,
            MapError::TryAgain => 11,
            MapError::NoMemory => 12,
            MapError::Fault => 14,
            MapError::Busy => 16,
            MapError::Exists => 17,
            MapError::Invalid | MapError::NotSupported => 22,
            MapError::NoSpace => 28,
            MapError::OpNotSupported | MapError::UnsupportedType(_) => 95,
            MapError::KernelNotSupported => 524,
        }
    }

    /// What a helper returns for this error: `-errno`.
    pub fn helper_return(self) -> u64 {
        (-i64::from(self.errno())) as u64
    }

    /// The error for a positive errno value, if it is one map operations produce
    /// (`EINVAL` gives [`MapError::Invalid`], `EOPNOTSUPP` gives [`MapError::OpNotSupported`]).
    pub fn from_errno(errno: i32) -> Option<MapError> {
        Some(match errno {
            1 => MapError::Permission,
            2 => MapError::NotFound,
            7 => MapError::Full,
            9 => MapError::BadHandle,
            11 => MapError::TryAgain,
            12 => MapError::NoMemory,
            14 => MapError::Fault,
            16 => MapError::Busy,
            17 => MapError::Exists,
            22 => MapError::Invalid,
            28 => MapError::NoSpace,
            95 => MapError::OpNotSupported,
            524 => MapError::KernelNotSupported,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_round_trip() {
        for error in [
            MapError::NotFound,
            MapError::Exists,
            MapError::Full,
            MapError::Invalid,
            MapError::NoMemory,
            MapError::Busy,
            MapError::OpNotSupported,
            MapError::KernelNotSupported,
            MapError::NoSpace,
            MapError::TryAgain,
            MapError::Fault,
            MapError::Permission,
            MapError::BadHandle,
        ] {
            assert_eq!(MapError::from_errno(error.errno()), Some(error));
        }
        assert_eq!(MapError::NotSupported.errno(), 22);
        assert_eq!(MapError::NotFound.helper_return(), (-2i64) as u64);
    }
}
