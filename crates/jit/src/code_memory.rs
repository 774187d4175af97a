//! [`CodeMemory`]: pages that hold generated code, never writable and executable at once.
//!
//! The code is copied into fresh anonymous pages mapped read-write, which are then switched to
//! read+execute with `mprotect` before anything can run them; they are never made writable
//! again. One inaccessible guard page lies on each side, so a jump that runs off either end
//! faults instead of executing whatever memory follows. The mapping is released on drop.

#![allow(unsafe_code)]

use std::ptr::NonNull;

use crate::error::JitError;

/// Executable code in its own mapping.
#[derive(Debug)]
pub(crate) struct CodeMemory {
    /// Start of the whole mapping (the first guard page).
    mapping: NonNull<u8>,
    mapping_len: usize,
    /// Start of the code, one page into the mapping.
    code: NonNull<u8>,
    code_len: usize,
}

// SAFETY: the mapping is owned by this value and, once built, only read (executed); sharing or
// sending the pointer between threads is as safe as sharing a `&[u8]`.
unsafe impl Send for CodeMemory {}
// SAFETY: see `Send`: nothing writes the mapping after `new` returns.
unsafe impl Sync for CodeMemory {}

fn page_size() -> usize {
    // SAFETY: `sysconf` has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096).max(4096)
}

impl CodeMemory {
    /// Maps `code` read+execute between two guard pages.
    pub(crate) fn new(code: &[u8]) -> Result<CodeMemory, JitError> {
        let page = page_size();
        let code_pages = code.len().div_ceil(page).max(1);
        let mapping_len = (code_pages + 2) * page;
        // SAFETY: an anonymous private mapping at an address the kernel chooses; no existing
        // memory is affected.
        let mapping = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                mapping_len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if mapping == libc::MAP_FAILED {
            return Err(JitError::CodeMemory(std::io::Error::last_os_error()));
        }
        let mapping = NonNull::new(mapping.cast::<u8>())
            .ok_or_else(|| JitError::Internal("mmap returned null".to_string()))?;
        let memory = CodeMemory {
            mapping,
            mapping_len,
            // SAFETY: one page into a mapping of at least three pages.
            code: unsafe { NonNull::new_unchecked(mapping.as_ptr().add(page)) },
            code_len: code.len(),
        };
        let code_span = code_pages * page;
        memory.protect(code_span, libc::PROT_READ | libc::PROT_WRITE)?;
        // SAFETY: the destination is `code_span >= code.len()` bytes just made writable, inside
        // our own mapping, and cannot overlap the source, a Rust slice.
        unsafe {
            std::ptr::copy_nonoverlapping(code.as_ptr(), memory.code.as_ptr(), code.len());
            // Fill the rest of the last page with `int3`.
            std::ptr::write_bytes(
                memory.code.as_ptr().add(code.len()),
                0xcc,
                code_span - code.len(),
            );
        }
        memory.protect(code_span, libc::PROT_READ | libc::PROT_EXEC)?;
        Ok(memory)
    }

    fn protect(&self, len: usize, protection: libc::c_int) -> Result<(), JitError> {
        // SAFETY: `code .. code + len` lies inside our mapping (between the guard pages), and
        // no Rust reference points into it.
        let result = unsafe { libc::mprotect(self.code.as_ptr().cast(), len, protection) };
        if result != 0 {
            return Err(JitError::CodeMemory(std::io::Error::last_os_error()));
        }
        Ok(())
    }

    /// The address of the first byte of code.
    pub(crate) fn addr(&self) -> usize {
        self.code.as_ptr() as usize
    }

    /// The code, for inspection.
    pub(crate) fn bytes(&self) -> &[u8] {
        // SAFETY: the code pages are readable for the life of `self` and never written after
        // `new`.
        unsafe { std::slice::from_raw_parts(self.code.as_ptr(), self.code_len) }
    }
}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        // SAFETY: the mapping was created by `new` with this length and is unmapped only here;
        // no code in it can be running, since every run borrows the program that owns it.
        unsafe {
            libc::munmap(self.mapping.as_ptr().cast(), self.mapping_len);
        }
    }
}
