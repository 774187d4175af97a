//! [`pin`] and [`get_pinned`]: giving a BPF object a path in a BPF file system, and opening it
//! again from there.
//!
//! A pinned object lives until its pin is removed (`std::fs::remove_file`), independently of
//! the descriptors of the process that pinned it. The path must be inside a mounted BPF file
//! system (usually `/sys/fs/bpf`); elsewhere the kernel answers `EPERM`.

#![forbid(unsafe_code)]

use std::ffi::CString;
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::error::Error;
use crate::fd::Fd;
use crate::sys;
use crate::uapi::Command;

/// Pins the object behind `fd` (a map, program or link) at `path` (`BPF_OBJ_PIN`).
pub fn pin(fd: impl AsFd, path: &Path) -> Result<(), Error> {
    let path = c_path(Command::ObjPin, path)?;
    sys::obj_pin(fd.as_fd(), &path)
}

/// Opens the object pinned at `path` (`BPF_OBJ_GET`), read-write. Wrap the result with
/// [`crate::KernelMap::from_fd`] or [`crate::KernelProg::from_fd`].
pub fn get_pinned(path: &Path) -> Result<Fd, Error> {
    let path = c_path(Command::ObjGet, path)?;
    sys::obj_get(&path, 0)
}

fn c_path(command: Command, path: &Path) -> Result<CString, Error> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| Error::invalid(command, format!("path {} contains a NUL", path.display())))
}
