//! The probe-read helpers: `bpf_probe_read_kernel{,_str}`, `bpf_probe_read_user{,_str}` and
//! the old `bpf_probe_read{,_str}`, which copy from memory the program may not be able to load
//! from directly and report a bad address instead of faulting.
//!
//! Sluice's "kernel memory" is every byte the program may access (stack, context, packet, map
//! values); user memory is the same, since Sluice runs in one address space. What differs is
//! the error for an address outside all of it, which follows the kernel's x86-64 rules:
//! - kernel variants: an address in the user half or non-canonical (below
//!   `0xffff_8000_0000_0000`) is refused before any access with `-ERANGE`
//!   (`copy_from_kernel_nofault_allowed`); any other failure is `-EFAULT`;
//! - user variants: `-EFAULT`;
//! - `bpf_probe_read{,_str}`: the user variant below `TASK_SIZE_MAX`, the kernel one above.
//!
//! On error the destination is zeroed (all `size` bytes). The string variants return the
//! length copied including the NUL, or `size` when the string was truncated (its last byte
//! becomes the NUL); they write nothing past the NUL, except that the user variant copies
//! 8-byte words and so zeroes the rest of the word holding the NUL, as `strncpy_from_user`
//! does.

use sluice_abi::errno::{EFAULT, ERANGE};
use sluice_interp::CallEnv;

use super::{HelperResult, check_writable, errno, write};

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

impl Space {
    fn resolve(self, addr: u64) -> Space {
        match self {
            Space::Either if addr < TASK_SIZE_MAX => Space::User,
            Space::Either => Space::Kernel,
            space => space,
        }
    }

    /// The error for a read at `addr` that failed: the kernel refuses user and
    /// non-canonical addresses up front; Sluice's own memory counts as kernel memory, so a
    /// read that starts in it and runs off its end is a fault.
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
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
    space: Space,
) -> HelperResult {
    let (dst, size, src) = (args[0], args[1] as u32 as usize, args[2]);
    check_writable(env, dst, size)?;
    let space = space.resolve(src);
    if size == 0 {
        // The kernel checks the address even for an empty copy.
        return Ok(if space.error(env, src) == ERANGE {
            errno(ERANGE)
        } else {
            0
        });
    }
    let mut bytes = vec![0u8; size];
    if env.memory().read(src, &mut bytes).is_ok() {
        write(env, dst, &bytes)?;
        return Ok(0);
    }
    let code = space.error(env, src);
    write(env, dst, &vec![0u8; size])?;
    Ok(errno(code))
}

/// Reads one byte, or `None` if it is not accessible.
fn byte(env: &mut CallEnv<'_, '_, '_>, addr: u64) -> Option<u8> {
    let mut byte = [0u8; 1];
    env.memory().read(addr, &mut byte).ok().map(|()| byte[0])
}

/// `strncpy_from_kernel_nofault`: the bytes to write and the return value, or `None` on a
/// fault.
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

/// `strncpy_from_user_nofault`: whole 8-byte words while they fit (the word holding the NUL
/// is written with zeros after it), then bytes.
fn copy_user_string(
    env: &mut CallEnv<'_, '_, '_>,
    src: u64,
    count: usize,
) -> Option<(Vec<u8>, usize)> {
    let mut out: Vec<u8> = Vec::with_capacity(count.min(4096));
    let mut words = true;
    while out.len() < count {
        let at = src.wrapping_add(out.len() as u64);
        if words && count - out.len() >= 8 {
            let mut word = [0u8; 8];
            if env.memory().read(at, &mut word).is_ok() {
                if let Some(nul) = word.iter().position(|b| *b == 0) {
                    word[nul..].fill(0);
                    let len = out.len() + nul;
                    out.extend_from_slice(&word);
                    return Some((out, len + 1));
                }
                out.extend_from_slice(&word);
                continue;
            }
            // A word that faults is retried a byte at a time.
            words = false;
        }
        let c = byte(env, at)?;
        out.push(c);
        if c == 0 {
            let len = out.len();
            return Some((out, len));
        }
    }
    // No NUL within `count` bytes: the last one becomes the NUL.
    if let Some(last) = out.last_mut() {
        *last = 0;
    }
    Some((out, count))
}

/// `long bpf_probe_read_*_str(void *dst, u32 size, const void *unsafe_ptr)`.
pub(crate) fn probe_read_str(
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
    space: Space,
) -> HelperResult {
    let (dst, size, src) = (args[0], args[1] as u32 as usize, args[2]);
    check_writable(env, dst, size)?;
    if size == 0 {
        return Ok(0);
    }
    let space = space.resolve(src);
    let copied = match space {
        Space::Kernel => copy_kernel_string(env, src, size),
        _ => copy_user_string(env, src, size),
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
