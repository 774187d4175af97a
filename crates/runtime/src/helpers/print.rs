//! `bpf_trace_printk`, `bpf_trace_vprintk` and `bpf_snprintf`, over the kernel's printf
//! ([`super::format`]).
//!
//! - `bpf_trace_printk(fmt, fmt_size, a1, a2, a3)`: the format is `fmt_size` bytes of memory
//!   that must hold a NUL (else `-EINVAL`); up to 3 arguments; the text (at most 1023 bytes,
//!   `MAX_BPRINTF_BUF` with its NUL) goes to the trace ([`crate::Events::trace`]); returns the
//!   length of the untruncated text.
//! - `bpf_trace_vprintk(fmt, fmt_size, args, data_len)`: the same with `data_len / 8`
//!   arguments read from `args`; `data_len` must be a multiple of 8 of at most 96 bytes (12
//!   arguments), and `args` non-NULL when it is not 0 (else `-EINVAL`).
//! - `bpf_snprintf(str, str_size, fmt, args, data_len)`: `fmt` is a constant string (the
//!   verifier checks it is NUL-terminated and read-only, and that it is a valid format for
//!   `data_len / 8` arguments, so an invalid one traps); the text is written to `str`,
//!   truncated to `str_size - 1` bytes and NUL-terminated; returns the untruncated length
//!   plus one (the NUL), or a negative errno (`-EINVAL` for a bad `data_len`, `-ENOSPC` when
//!   the arguments do not fit 512 bytes).

use sluice_abi::errno::EINVAL;
use sluice_abi::limits::{MAX_BPRINTF_BUF, MAX_BPRINTF_VARARGS, MAX_TRACE_PRINTK_VARARGS};
use sluice_interp::{CallEnv, HelperError};

use super::format::{bstr_printf, prepare};
use super::{CString, HelperResult, check_writable, errno, fail, read, read_cstr, write};
use crate::invocation::Invocation;

/// Longest constant format string Sluice looks for a NUL in.
const MAX_CONST_STR: usize = 1 << 16;

/// The `data_len / 8` arguments at `args`, or the kernel's `-EINVAL` for a bad `data_len`.
fn varargs(
    env: &mut CallEnv<'_, '_, '_>,
    args: u64,
    data_len: u32,
) -> Result<Result<Vec<u64>, u64>, HelperError> {
    if !data_len.is_multiple_of(8)
        || data_len as usize > MAX_BPRINTF_VARARGS * 8
        || (data_len != 0 && args == 0)
    {
        return Ok(Err(errno(EINVAL)));
    }
    let bytes = read(env, args, data_len as usize)?;
    Ok(Ok(bytes
        .chunks_exact(8)
        .map(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            u64::from_le_bytes(word)
        })
        .collect()))
}

/// The format of `bpf_trace_printk`/`vprintk`: `fmt_size` bytes, up to the first NUL.
fn sized_format(
    env: &mut CallEnv<'_, '_, '_>,
    fmt: u64,
    fmt_size: u32,
) -> Result<Result<Vec<u8>, u64>, HelperError> {
    let bytes = read(env, fmt, fmt_size as usize)?;
    Ok(match bytes.iter().position(|b| *b == 0) {
        Some(nul) => Ok(bytes[..nul].to_vec()),
        None => Err(errno(EINVAL)),
    })
}

/// Formats `fmt` with `args` into the trace; returns the untruncated length.
fn print_to_trace(
    run: &mut Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    fmt: &[u8],
    args: &[u64],
) -> u64 {
    let bin_args = match prepare(env, fmt, args) {
        Ok(bin_args) => bin_args,
        Err(code) => return errno(code),
    };
    let (mut text, len) = bstr_printf(fmt, &bin_args, MAX_BPRINTF_BUF);
    text.pop();
    run.events
        .trace
        .push(String::from_utf8_lossy(&text).into_owned());
    len as u64
}

/// `long bpf_trace_printk(const char *fmt, u32 fmt_size, ...)`.
pub(crate) fn trace_printk(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let fmt = match sized_format(env, args[0], args[1] as u32)? {
        Ok(fmt) => fmt,
        Err(code) => return Ok(code),
    };
    let values: [u64; MAX_TRACE_PRINTK_VARARGS] = [args[2], args[3], args[4]];
    Ok(print_to_trace(run, env, &fmt, &values))
}

/// `long bpf_trace_vprintk(const char *fmt, u32 fmt_size, const void *data, u32 data_len)`.
pub(crate) fn trace_vprintk(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let values = match varargs(env, args[2], args[3] as u32)? {
        Ok(values) => values,
        Err(code) => return Ok(code),
    };
    let fmt = match sized_format(env, args[0], args[1] as u32)? {
        Ok(fmt) => fmt,
        Err(code) => return Ok(code),
    };
    Ok(print_to_trace(run, env, &fmt, &values))
}

/// `long bpf_snprintf(char *str, u32 str_size, const char *fmt, u64 *data, u32 data_len)`.
pub(crate) fn snprintf(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>) -> HelperResult {
    let (str_addr, str_size) = (args[0], args[1] as u32 as usize);
    check_writable(env, str_addr, str_size)?;
    let values = match varargs(env, args[3], args[4] as u32)? {
        Ok(values) => values,
        Err(code) => return Ok(code),
    };
    let fmt = match read_cstr(env, args[2], MAX_CONST_STR) {
        CString::Terminated(fmt) => fmt,
        _ => {
            return Err(fail(format!(
                "bpf_snprintf: the format at {:#x} is not a NUL-terminated string",
                args[2]
            )));
        }
    };
    let bin_args = match prepare(env, &fmt, &values) {
        Ok(bin_args) => bin_args,
        // The verifier checks a constant format against the number of arguments.
        Err(EINVAL) => {
            return Err(fail(format!(
                "bpf_snprintf: invalid format string {:?} for {} arguments (the verifier \
                 refuses the program)",
                String::from_utf8_lossy(&fmt),
                values.len()
            )));
        }
        Err(code) => return Ok(errno(code)),
    };
    let (text, len) = bstr_printf(&fmt, &bin_args, str_size);
    if str_size > 0 {
        write(env, str_addr, &text)?;
    }
    Ok(len as u64 + 1)
}
