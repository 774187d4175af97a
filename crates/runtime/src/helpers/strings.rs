//! String helpers: `bpf_strncmp`, `bpf_strtol`, `bpf_strtoul`.
//!
//! - `bpf_strncmp(s1, s1_sz, s2)` is the kernel's `strncmp(s1, s2, s1_sz)`: at most `s1_sz`
//!   bytes, stopping at a NUL, and it returns -1, 0 or 1 (not the difference of the bytes).
//!   `s2` must be a constant NUL-terminated string (the verifier checks it is in a read-only
//!   map).
//! - `bpf_strtol`/`bpf_strtoul(buf, buf_len, flags, res)` follow `__bpf_strtoull`: leading
//!   white space, an optional `-`, then at most 63 characters in base `flags & 0x1f` (0
//!   guesses 8, 10 or 16 from a `0`/`0x` prefix; only 0, 8, 10 and 16 are valid, and no other
//!   flag bits); they return the number of characters consumed, `-EINVAL` when there are no
//!   digits (or, for `strtoul`, a `-` sign) and `-ERANGE` on overflow. `*res` is set to 0
//!   before anything else and to the value on success.

use sluice_abi::errno::{EINVAL, ERANGE};
use sluice_interp::CallEnv;

use super::format::is_space;
use super::{CString, HelperResult, errno, fail, read, read_cstr, write};

/// Longest constant string Sluice looks for a NUL in.
const MAX_CONST_STR: usize = 1 << 16;

/// `long bpf_strncmp(const char *s1, u32 s1_sz, const char *s2)`.
pub(crate) fn strncmp(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>) -> HelperResult {
    let s1 = read(env, args[0], args[1] as u32 as usize)?;
    let s2 = match read_cstr(env, args[2], MAX_CONST_STR) {
        CString::Terminated(bytes) => bytes,
        _ => {
            return Err(fail(format!(
                "bpf_strncmp: s2 at {:#x} is not a NUL-terminated string",
                args[2]
            )));
        }
    };
    for (index, c1) in s1.iter().copied().enumerate() {
        let c2 = s2.get(index).copied().unwrap_or(0);
        if c1 != c2 {
            return Ok(if c1 < c2 { -1i64 as u64 } else { 1 });
        }
        if c1 == 0 {
            break;
        }
    }
    Ok(0)
}

const BASE_MASK: u64 = 0x1f;

/// `__bpf_strtoull`: the value, whether a `-` came first, and the characters consumed; or a
/// positive errno.
fn strtoull(buf: &[u8], flags: u64) -> Result<(u64, bool, usize), i32> {
    if buf.is_empty() {
        return Err(EINVAL);
    }
    let mut base = (flags & BASE_MASK) as u32;
    if !matches!(base, 0 | 8 | 10 | 16) || flags & !BASE_MASK != 0 {
        return Err(EINVAL);
    }
    let mut cur = 0;
    while cur < buf.len() && is_space(buf[cur]) {
        cur += 1;
    }
    let negative = cur < buf.len() && buf[cur] == b'-';
    if negative {
        cur += 1;
    }
    let mut consumed = cur;
    let len = (buf.len() - consumed).min(63);
    if len == 0 {
        return Err(EINVAL);
    }
    // The kernel copies the rest into a NUL-terminated buffer of 64 bytes.
    let mut text = buf[cur..cur + len].to_vec();
    text.push(0);
    let at = |index: usize| text.get(index).copied().unwrap_or(0);
    // `_parse_integer_fixup_radix`.
    let mut start = 0;
    if base == 0 {
        base = if at(0) == b'0' {
            if at(1).eq_ignore_ascii_case(&b'x') && at(2).is_ascii_hexdigit() {
                16
            } else {
                8
            }
        } else {
            10
        };
    }
    if base == 16 && at(0) == b'0' && at(1).eq_ignore_ascii_case(&b'x') {
        start = 2;
    }
    // `_parse_integer`: digits of the base, noting overflow but reading on.
    let mut value = 0u64;
    let mut overflow = false;
    let mut digits = 0;
    loop {
        let c = at(start + digits);
        let digit = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'f' => u32::from(c - b'a') + 10,
            b'A'..=b'F' => u32::from(c - b'A') + 10,
            _ => break,
        };
        if digit >= base {
            break;
        }
        match value
            .checked_mul(u64::from(base))
            .and_then(|v| v.checked_add(u64::from(digit)))
        {
            Some(next) => value = next,
            None => {
                overflow = true;
                value = value
                    .wrapping_mul(u64::from(base))
                    .wrapping_add(u64::from(digit));
            }
        }
        digits += 1;
    }
    if overflow {
        return Err(ERANGE);
    }
    if digits == 0 {
        return Err(EINVAL);
    }
    consumed += start + digits;
    Ok((value, negative, consumed))
}

fn strto(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>, signed: bool) -> HelperResult {
    let buf = read(env, args[0], args[1] as usize)?;
    let res = args[3];
    write(env, res, &0u64.to_le_bytes())?;
    let (value, negative, consumed) = match strtoull(&buf, args[2]) {
        Ok(parsed) => parsed,
        Err(code) => return Ok(errno(code)),
    };
    let result = if signed {
        if negative {
            if (value.wrapping_neg() as i64) > 0 {
                return Ok(errno(ERANGE));
            }
            value.wrapping_neg()
        } else {
            if (value as i64) < 0 {
                return Ok(errno(ERANGE));
            }
            value
        }
    } else {
        if negative {
            return Ok(errno(EINVAL));
        }
        value
    };
    write(env, res, &result.to_le_bytes())?;
    Ok(consumed as u64)
}

/// `long bpf_strtol(const char *buf, size_t buf_len, u64 flags, long *res)`.
pub(crate) fn strtol(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>) -> HelperResult {
    strto(args, env, true)
}

/// `long bpf_strtoul(const char *buf, size_t buf_len, u64 flags, unsigned long *res)`.
pub(crate) fn strtoul(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>) -> HelperResult {
    strto(args, env, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtoull_follows_the_kernel() {
        assert_eq!(strtoull(b"  -42x", 0), Ok((42, true, 5)));
        assert_eq!(strtoull(b"0x1f", 0), Ok((31, false, 4)));
        assert_eq!(strtoull(b"0x", 0), Ok((0, false, 1)));
        assert_eq!(strtoull(b"017", 0), Ok((15, false, 3)));
        assert_eq!(strtoull(b"ff", 16), Ok((255, false, 2)));
        assert_eq!(strtoull(b"-", 10), Err(EINVAL));
        assert_eq!(strtoull(b"z", 10), Err(EINVAL));
        assert_eq!(strtoull(b"1", 7), Err(EINVAL));
        assert_eq!(strtoull(b"1", 0x20 | 10), Err(EINVAL));
        assert_eq!(strtoull(b"99999999999999999999", 10), Err(ERANGE));
    }
}
