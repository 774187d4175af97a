//! The probe-read helpers: `bpf_probe_read_kernel{,_str}`, `bpf_probe_read_user{,_str}` and
//! the old `bpf_probe_read{,_str}`, which copy from memory the program may not be able to load
//! from directly and report a bad address instead of faulting.
//!
//! Everything a program can reach in Sluice (stack, context, packet, map values) is what the
//! kernel keeps in kernel memory, so it is Sluice's kernel memory, whatever its host address.
//! The user address space is the traced task's when the run has one ([`crate::Task`]), and
//! there is none otherwise:
//! - kernel variants copy from Sluice's memory; an address outside it fails as the kernel
//!   fails on x86-64: `-ERANGE` for an address in the user half or non-canonical (below
//!   `0xffff_8000_0000_0000`, refused before any access by
//!   `copy_from_kernel_nofault_allowed`; NULL is the common case), `-EFAULT` otherwise;
//! - user variants read the traced task's memory below `TASK_SIZE_MAX`; anything else (no
//!   task, an unmapped address, Sluice's own memory) faults (`-EFAULT`), as the kernel's do on
//!   kernel addresses;
//! - `bpf_probe_read{,_str}` read Sluice's memory as kernel memory; other addresses go the
//!   user way below `TASK_SIZE_MAX` and the kernel way above, as in the kernel.
//!
//! On error the destination is zeroed (all `size` bytes). The string variants return the
//! length copied including the NUL, or `size` when the string was truncated (its last byte
//! becomes the NUL), and write nothing past the NUL; a size of 0 returns 0.

use sluice_abi::errno::{EFAULT, ERANGE};
use sluice_interp::CallEnv;

use super::{HelperResult, check_writable, errno, write};
use crate::invocation::Invocation;

/// `TASK_SIZE_MAX` on x86-64 with 4-level page tables.
const TASK_SIZE_MAX: u64 = (1 << 47) - 4096;
/// The lowest canonical kernel address.
const KERNEL_START: u64 = 0xffff_8000_0000_0000;

/// Which address space a probe read reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    Kernel,
    User,
    /// `bpf_probe_read`, `bpf_probe_read_str`: decided by the address.
    Either,
}

/// Reads one byte, or `None` if it is not accessible.
fn byte(env: &mut CallEnv<'_, '_, '_>, addr: u64) -> Option<u8> {
    let mut byte = [0u8; 1];
    env.memory().read(addr, &mut byte).ok().map(|()| byte[0])
}

impl Space {
    /// The space a read at `addr` goes to.
    fn resolve(self, env: &mut CallEnv<'_, '_, '_>, addr: u64) -> Space {
        match self {
            Space::Either if byte(env, addr).is_some() => Space::Kernel,
            Space::Either if addr < TASK_SIZE_MAX => Space::User,
            Space::Either => Space::Kernel,
            space => space,
        }
    }

    /// The error for a read at `addr` that failed: the kernel refuses user and non-canonical
    /// addresses before any access; a read that starts in Sluice's memory and runs off its
    /// end is a fault.
    fn error(self, env: &mut CallEnv<'_, '_, '_>, addr: u64) -> i32 {
        if self == Space::Kernel && addr < KERNEL_START && byte(env, addr).is_none() {
            ERANGE
        } else {
            EFAULT
        }
    }
}

/// `long bpf_probe_read_*(void *dst, u32 size, const void *unsafe_ptr)`.
pub(crate) fn probe_read(
    run: &Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
    space: Space,
) -> HelperResult {
    let (dst, size, src) = (args[0], args[1] as u32 as usize, args[2]);
    check_writable(env, dst, size)?;
    let space = space.resolve(env, src);
    if size == 0 {
        // The kernel checks the address even for an empty copy: a kernel copy refuses user
        // addresses, a user copy kernel ones (Sluice's memory, or the upper half).
        return Ok(match space {
            Space::Kernel if space.error(env, src) == ERANGE => errno(ERANGE),
            Space::User if byte(env, src).is_some() || src >= TASK_SIZE_MAX => errno(EFAULT),
            _ => 0,
        });
    }
    if space == Space::Kernel {
        let mut bytes = vec![0u8; size];
        if env.memory().read(src, &mut bytes).is_ok() {
            write(env, dst, &bytes)?;
            return Ok(0);
        }
    }
    if space == Space::User
        && let Some(task) = run.task
        && src
            .checked_add(size as u64)
            .is_some_and(|end| end <= TASK_SIZE_MAX)
        && byte(env, src).is_none()
    {
        let mut bytes = vec![0u8; size];
        if task.read_user(src, &mut bytes) == size {
            write(env, dst, &bytes)?;
            return Ok(0);
        }
    }
    let code = space.error(env, src);
    write(env, dst, &vec![0u8; size])?;
    Ok(errno(code))
}

/// `strncpy_from_kernel_nofault`: the bytes to write (NUL included) and the return value, or
/// `None` on a fault.
fn copy_kernel_string(
    env: &mut CallEnv<'_, '_, '_>,
    src: u64,
    count: usize,
) -> Option<(Vec<u8>, usize)> {
    let mut out = Vec::with_capacity(count.min(4096));
    loop {
        let c = byte(env, src.wrapping_add(out.len() as u64))?;
        out.push(c);
        if c == 0 || out.len() >= count {
            break;
        }
    }
    if let Some(last) = out.last_mut() {
        *last = 0;
    }
    let copied = out.len();
    Some((out, copied))
}

/// `strncpy_from_user_nofault` from the traced task: as [`copy_kernel_string`], reading in
/// chunks (a string may end just before unmapped memory).
fn copy_user_string(task: &dyn crate::Task, src: u64, count: usize) -> Option<(Vec<u8>, usize)> {
    let mut out = Vec::with_capacity(count.min(4096));
    let mut chunk = [0u8; 64];
    while out.len() < count {
        let addr = src.checked_add(out.len() as u64)?;
        if addr >= TASK_SIZE_MAX {
            return None;
        }
        // Not past the end of the page: the next page may be unmapped.
        let to_page_end = 4096 - (addr % 4096) as usize;
        let want = chunk.len().min(count - out.len()).min(to_page_end);
        let got = task.read_user(addr, &mut chunk[..want]);
        if got == 0 {
            return None;
        }
        if let Some(nul) = chunk[..got].iter().position(|b| *b == 0) {
            out.extend_from_slice(&chunk[..=nul]);
            let copied = out.len();
            return Some((out, copied));
        }
        out.extend_from_slice(&chunk[..got]);
    }
    if let Some(last) = out.last_mut() {
        *last = 0;
    }
    let copied = out.len();
    Some((out, copied))
}

/// `long bpf_probe_read_*_str(void *dst, u32 size, const void *unsafe_ptr)`.
pub(crate) fn probe_read_str(
    run: &Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
    space: Space,
) -> HelperResult {
    let (dst, size, src) = (args[0], args[1] as u32 as usize, args[2]);
    check_writable(env, dst, size)?;
    if size == 0 {
        return Ok(0);
    }
    let space = space.resolve(env, src);
    let copied = match (space, run.task) {
        (Space::Kernel, _) => copy_kernel_string(env, src, size),
        (_, Some(task)) if src < TASK_SIZE_MAX && byte(env, src).is_none() => {
            copy_user_string(task, src, size)
        }
        _ => None,
    };
    match copied {
        Some((bytes, ret)) => {
            write(env, dst, &bytes)?;
            Ok(ret as u64)
        }
        None => {
            let code = space.error(env, src);
            write(env, dst, &vec![0u8; size])?;
            Ok(errno(code))
        }
    }
}
