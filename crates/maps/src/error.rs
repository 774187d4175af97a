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
    /// The map is full: `E2BIG`.
    #[error("map is full (E2BIG)")]
    Full,
    /// Bad flags, sizes or index: `EINVAL`.
    #[error("invalid argument (EINVAL)")]
    Invalid,
    /// Not allowed for this map, e.g. deleting from an array: `EINVAL` for arrays in the kernel,
    /// kept apart here to say why.
    #[error("operation not supported by this map type (EINVAL)")]
    NotSupported,
    /// Out of memory: `ENOMEM`.
    #[error("out of memory (ENOMEM)")]
    NoMemory,
    /// A queue or stack is empty / busy: `EBUSY`.
    #[error("resource busy (EBUSY)")]
    Busy,
    /// The operation is not supported for this map type at all: `EOPNOTSUPP`.
    #[error("operation not supported (EOPNOTSUPP)")]
    OpNotSupported,
}

impl MapError {
    /// The positive errno value.
    pub fn errno(self) -> i32 {
        match self {
            MapError::NotFound => 2,
            MapError::Exists => 17,
            MapError::Full => 7,
            MapError::Invalid | MapError::NotSupported => 22,
            MapError::NoMemory => 12,
            MapError::Busy => 16,
            MapError::OpNotSupported => 95,
        }
    }

    /// What a helper returns for this error: `-errno`.
    pub fn helper_return(self) -> u64 {
        (-i64::from(self.errno())) as u64
    }
}
