//! [`Uprobe`]: a probe on a function of an executable or shared library, as the kernel's
//! uprobes attach: by the file (its inode) and an offset in it, in whatever process maps it.
//!
//! The binary is named as libbpf accepts it: an absolute path, a library name searched in
//! `LD_LIBRARY_PATH` and the system's library directories (`libc.so.6`), or a program name
//! searched in `PATH`. The function is an ELF symbol, plus an optional byte offset.

use std::path::{Path, PathBuf};

use crate::elf_image::ElfImage;
use crate::error::TraceError;

/// A resolved probe; see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uprobe {
    /// The binary, canonical (symbolic links resolved), as `/proc/PID/maps` names it.
    pub path: PathBuf,
    pub inode: u64,
    /// Where the probe is: an offset in the file.
    pub file_offset: u64,
    /// A return probe (`uretprobe`): fires when the function returns.
    pub ret: bool,
}

/// Directories searched for a library named without a path, after `LD_LIBRARY_PATH`.
const LIBRARY_DIRS: [&str; 6] = [
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
    "/lib",
    "/usr/lib",
];

/// The file `binary` names; see the module documentation.
pub fn find_binary(binary: &str) -> Option<PathBuf> {
    if binary.contains('/') {
        return Path::new(binary).is_file().then(|| PathBuf::from(binary));
    }
    let search = |variable: &str| -> Vec<PathBuf> {
        std::env::var_os(variable)
            .map(|value| std::env::split_paths(&value).collect())
            .unwrap_or_default()
    };
    let dirs: Vec<PathBuf> = if binary.contains(".so") {
        let mut dirs = search("LD_LIBRARY_PATH");
        dirs.extend(LIBRARY_DIRS.iter().map(PathBuf::from));
        dirs
    } else {
        search("PATH")
    };
    dirs.into_iter()
        .map(|dir| dir.join(binary))
        .find(|path| path.is_file())
}

impl Uprobe {
    /// The probe on `symbol` (plus `offset` bytes) of `binary`, or on file offset `offset`
    /// when `symbol` is empty.
    pub fn new(binary: &str, symbol: &str, offset: u64, ret: bool) -> Result<Uprobe, TraceError> {
        let error = |reason: String| TraceError::Elf {
            path: PathBuf::from(binary),
            reason,
        };
        let found = find_binary(binary).ok_or_else(|| {
            error("no such file (a library is searched in LD_LIBRARY_PATH and the system's library directories, a program in PATH)".to_string())
        })?;
        let path = std::fs::canonicalize(&found).map_err(|e| error(e.to_string()))?;
        let inode = std::os::unix::fs::MetadataExt::ino(
            &std::fs::metadata(&path).map_err(|e| error(e.to_string()))?,
        );
        let file_offset = if symbol.is_empty() {
            offset
        } else {
            let image = ElfImage::open(&path)?;
            let function = image
                .symbol(symbol)
                .ok_or_else(|| error(format!("no function `{symbol}`")))?;
            if offset != 0 && function.size != 0 && offset >= function.size {
                return Err(error(format!(
                    "offset {offset:#x} is past the end of `{symbol}` ({} bytes)",
                    function.size
                )));
            }
            image
                .file_offset(function.vaddr + offset)
                .ok_or_else(|| error(format!("`{symbol}` is not in a loadable segment")))?
        };
        Ok(Uprobe {
            path,
            inode,
            file_offset,
            ret,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libraries_and_programs_are_found() {
        let libc = Uprobe::new("libc.so.6", "getpid", 0, false).expect("libc.so.6 is found");
        assert!(libc.path.is_absolute());
        let by_path = Uprobe::new(libc.path.to_str().unwrap(), "getpid", 0, true).unwrap();
        assert_eq!(by_path.file_offset, libc.file_offset);
        assert!(by_path.ret);
        assert!(Uprobe::new("sh", "", 0x1000, false).is_ok());
        let missing = Uprobe::new("libc.so.6", "no_such_function", 0, false).unwrap_err();
        assert!(
            missing.to_string().contains("no_such_function"),
            "{missing}"
        );
        let error = Uprobe::new("libnothing.so.9", "f", 0, false).unwrap_err();
        assert!(error.to_string().contains("libnothing.so.9"), "{error}");
    }
}
