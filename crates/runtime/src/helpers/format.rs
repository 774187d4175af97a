//! The kernel's printf for programs, in its two passes: [`prepare`] (`bpf_bprintf_prepare` in
//! `kernel/bpf/helpers.c`) checks the format and turns the arguments into the binary form
//! `bstr_printf` reads, copying what pointers point to; [`bstr_printf`] (`lib/vsprintf.c`)
//! formats. Both are followed step by step, quirks included, so that every format gives the
//! kernel's text, return value and error.
//!
//! What a format may contain (anything else is `-EINVAL`):
//! - printable ASCII and white space only;
//! - `%%`, and conversions `%[flags][width][l|ll](d|i|u|x|X)`, `%c`, `%s`, `%p`, `%pK`,
//!   `%px`, `%ps`, `%pS`, `%pB`, `%pks`, `%pus`, `%pi4`, `%pI4`, `%pi6`, `%pI6`, where the
//!   flags are `0`, `+`, `-` and space (no `#`, no precision, no `*`), and `%s` must be
//!   followed by the end, white space or punctuation;
//! - at most as many conversions as arguments (3 for `bpf_trace_printk`, `data_len / 8` for
//!   the others, at most 12).
//!
//! The binary arguments take at most 512 bytes (`MAX_BPRINTF_BIN_ARGS`), strings and
//! formatted IP addresses included; past that the helper fails with `-ENOSPC`.
//!
//! Where Sluice differs, because it has no kernel to describe: `%p` and `%pK` print a hash of
//! the pointer as the kernel does (32 bits, zero-padded to 16 hex digits; NULL and error
//! pointers unhashed), with a key per Sluice process instead of per boot; `%ps`, `%pS` and
//! `%pB` find no symbol and print `0x` and the address, as the kernel does for addresses
//! outside its symbol table. `%s` and `%pks` read any memory the program may access (what the
//! kernel keeps in kernel memory); an unreadable string prints as empty, as a faulting one
//! does in the kernel; `%pus` always prints empty, since Sluice has no user memory.

use std::hash::{BuildHasher, RandomState};
use std::sync::OnceLock;

use sluice_abi::errno::{EINVAL, ENOSPC};
use sluice_abi::limits::MAX_BPRINTF_BIN_ARGS;
use sluice_interp::CallEnv;

use super::{CString, read_cstr};

/// `isprint` of the kernel's `ctype` (ASCII).
fn is_print(c: u8) -> bool {
    (0x20..0x7f).contains(&c)
}

/// `isspace`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `ispunct`: printable, not alphanumeric, not space.
fn is_punct(c: u8) -> bool {
    c.is_ascii_punctuation()
}

fn at(bytes: &[u8], index: usize) -> u8 {
    bytes.get(index).copied().unwrap_or(0)
}

/// The binary argument buffer `bpf_bprintf_prepare` fills. Positions past the end are
/// tracked (the kernel's pointer may run past it after a truncated IP address) but never
/// written.
struct BinArgs {
    bytes: Vec<u8>,
    pos: usize,
}

impl BinArgs {
    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn put(&mut self, data: &[u8]) {
        for (index, byte) in data.iter().enumerate() {
            if let Some(slot) = self.bytes.get_mut(self.pos + index) {
                *slot = *byte;
            }
        }
    }

    fn align4(&mut self) {
        self.pos = self.pos.next_multiple_of(4);
    }
}

/// `bpf_bprintf_prepare`: checks `fmt` (the bytes before its NUL) against `args` and returns
/// the binary arguments, or the negative errno the kernel returns.
pub(crate) fn prepare(
    env: &mut CallEnv<'_, '_, '_>,
    fmt: &[u8],
    args: &[u64],
) -> Result<Vec<u8>, i32> {
    // The kernel has no argument buffer when there are no arguments: nothing is copied.
    let copying = !args.is_empty();
    let mut bin = BinArgs {
        bytes: vec![0; MAX_BPRINTF_BIN_ARGS],
        pos: 0,
    };
    let mut num_spec = 0usize;
    let mut i = 0usize;
    while i < fmt.len() {
        let c = fmt[i];
        if (!is_print(c) && !is_space(c)) || !c.is_ascii() {
            return Err(EINVAL);
        }
        if c != b'%' {
            i += 1;
            continue;
        }
        if at(fmt, i + 1) == b'%' {
            i += 2;
            continue;
        }
        if num_spec >= args.len() {
            return Err(EINVAL);
        }
        i += 1;
        while matches!(at(fmt, i), b'0' | b'+' | b'-' | b' ') {
            i += 1;
        }
        if (b'1'..=b'9').contains(&at(fmt, i)) {
            i += 1;
            while at(fmt, i).is_ascii_digit() {
                i += 1;
            }
        }
        // What the conversion stores: a number of 4 or 8 bytes, or nothing more to do.
        let size: usize;
        let value = args[num_spec];
        let next = at(fmt, i + 1);
        if at(fmt, i) == b'p' {
            if (next == b'k' || next == b'u') && at(fmt, i + 2) == b's' {
                i += 2;
                check_after_string(fmt, i)?;
                // Sluice has no user memory: `%pus` always reads as a faulting string.
                let ptr = if next == b'u' { None } else { Some(value) };
                copy_string(env, &mut bin, copying, ptr)?;
                num_spec += 1;
                i += 1;
                continue;
            }
            if next == 0
                || is_space(next)
                || is_punct(next)
                || matches!(next, b'K' | b'x' | b's' | b'S')
            {
                // Plain kernel pointers: stored as a number. The character after `p` is
                // skipped with the conversion (so `%p%d` hides the `%d` from this pass).
                i += 1;
                size = 8;
            } else if next == b'B' {
                if copying {
                    let text = format!("0x{value:x}");
                    store_text(&mut bin, text.as_bytes());
                }
                i += 2;
                num_spec += 1;
                continue;
            } else {
                if !matches!(next, b'i' | b'I') || !matches!(at(fmt, i + 2), b'4' | b'6') {
                    return Err(EINVAL);
                }
                i += 2;
                if copying {
                    let ip_len = if at(fmt, i) == b'4' { 4 } else { 16 };
                    if bin.remaining() < ip_len {
                        return Err(ENOSPC);
                    }
                    let mut ip = vec![0u8; ip_len];
                    if env.memory().read(value, &mut ip).is_err() {
                        ip.fill(0);
                    }
                    let text = format_ip(at(fmt, i - 1), &ip);
                    store_text(&mut bin, text.as_bytes());
                    num_spec += 1;
                    i += 1;
                    continue;
                }
                size = 8;
            }
        } else if at(fmt, i) == b's' {
            check_after_string(fmt, i)?;
            copy_string(env, &mut bin, copying, Some(value))?;
            num_spec += 1;
            i += 1;
            continue;
        } else if at(fmt, i) == b'c' {
            if copying {
                if bin.remaining() == 0 {
                    return Err(ENOSPC);
                }
                bin.put(&[value as u8]);
                bin.pos += 1;
            }
            num_spec += 1;
            i += 1;
            continue;
        } else {
            let mut width = 4;
            if at(fmt, i) == b'l' {
                width = 8;
                i += 1;
            }
            if at(fmt, i) == b'l' {
                width = 8;
                i += 1;
            }
            if !matches!(at(fmt, i), b'i' | b'd' | b'u' | b'x' | b'X') {
                return Err(EINVAL);
            }
            size = width;
        }
        if copying {
            bin.align4();
            if bin.remaining() < size {
                return Err(ENOSPC);
            }
            bin.put(&value.to_le_bytes()[..size]);
            bin.pos += size;
        }
        num_spec += 1;
        i += 1;
    }
    Ok(bin.bytes)
}

/// A string conversion ending at `fmt[i]` must be followed by the end, white space or
/// punctuation (so that `%sx` cannot be mistaken for a pointer extension).
fn check_after_string(fmt: &[u8], i: usize) -> Result<(), i32> {
    let next = at(fmt, i + 1);
    if next != 0 && !is_space(next) && !is_punct(next) {
        return Err(EINVAL);
    }
    Ok(())
}

/// `snprintf(tmp_buf, remaining, ...)` of an already formatted text, then past its NUL.
fn store_text(bin: &mut BinArgs, text: &[u8]) {
    let room = bin.remaining();
    if room > 0 {
        let copy = text.len().min(room - 1);
        bin.put(&text[..copy]);
        if let Some(slot) = bin.bytes.get_mut(bin.pos + copy) {
            *slot = 0;
        }
    }
    bin.pos += text.len() + 1;
}

/// `%s`, `%pks`, `%pus`: the string at `ptr`, NUL included, truncated to the room left; an
/// unreadable string (or `None`) is stored empty.
fn copy_string(
    env: &mut CallEnv<'_, '_, '_>,
    bin: &mut BinArgs,
    copying: bool,
    ptr: Option<u64>,
) -> Result<(), i32> {
    if !copying {
        return Ok(());
    }
    let room = bin.remaining();
    if room == 0 {
        return Err(ENOSPC);
    }
    let stored = match ptr.map(|ptr| read_cstr(env, ptr, room)) {
        Some(CString::Terminated(bytes)) => bytes,
        Some(CString::Truncated(mut bytes)) => {
            bytes.pop();
            bytes
        }
        Some(CString::Fault(_)) | None => Vec::new(),
    };
    bin.put(&stored);
    bin.put_nul_at(stored.len());
    bin.pos += stored.len() + 1;
    Ok(())
}

impl BinArgs {
    fn put_nul_at(&mut self, offset: usize) {
        if let Some(slot) = self.bytes.get_mut(self.pos + offset) {
            *slot = 0;
        }
    }
}

/// `%pI4`, `%pi4`, `%pI6`, `%pi6` of an address's bytes.
fn format_ip(kind: u8, ip: &[u8]) -> String {
    if ip.len() == 4 {
        if kind == b'i' {
            format!("{:03}.{:03}.{:03}.{:03}", ip[0], ip[1], ip[2], ip[3])
        } else {
            format!("{}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3])
        }
    } else {
        let mut text = String::new();
        for (group, pair) in ip.chunks(2).enumerate() {
            for byte in pair {
                text.push_str(&format!("{byte:02x}"));
            }
            if kind == b'I' && group != 7 {
                text.push(':');
            }
        }
        text
    }
}

// `struct printf_spec` flags.
const SIGN: u8 = 1;
const LEFT: u8 = 2;
const PLUS: u8 = 4;
const SPACE: u8 = 8;
const ZEROPAD: u8 = 16;
const SMALL: u8 = 32;
const SPECIAL: u8 = 64;

const FIELD_WIDTH_MAX: i32 = (1 << 23) - 1;
const PRECISION_MAX: i32 = (1 << 15) - 1;

/// `enum format_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Type {
    #[default]
    None,
    Width,
    Precision,
    Char,
    Str,
    Ptr,
    PercentChar,
    Invalid,
    LongLong,
    ULong,
    Long,
    UByte,
    Byte,
    UShort,
    Short,
    UInt,
    Int,
    SizeT,
    PtrDiff,
}

#[derive(Clone, Copy, Debug, Default)]
struct Spec {
    kind: Type,
    field_width: i32,
    flags: u8,
    base: u8,
    precision: i32,
}

/// `skip_atoi`, with C's wrap-around.
fn skip_atoi(fmt: &[u8], pos: &mut usize) -> i32 {
    let mut value = 0i32;
    loop {
        value = value
            .wrapping_mul(10)
            .wrapping_add(i32::from(at(fmt, *pos)) - i32::from(b'0'));
        *pos += 1;
        if !at(fmt, *pos).is_ascii_digit() {
            return value;
        }
    }
}

/// The value a signed bit field of `bits` bits keeps of `value`.
fn bitfield(value: i32, bits: u32) -> i32 {
    (value << (32 - bits)) >> (32 - bits)
}

/// `format_decode`: decodes the token at `fmt[start..]`; returns how many bytes it took.
fn format_decode(fmt: &[u8], start: usize, spec: &mut Spec) -> usize {
    let mut pos = start;
    let mut to_precision = false;
    let mut to_qualifier = false;
    if spec.kind == Type::Width {
        if spec.field_width < 0 {
            spec.field_width = -spec.field_width;
            spec.flags |= LEFT;
        }
        spec.kind = Type::None;
        to_precision = true;
    } else if spec.kind == Type::Precision {
        if spec.precision < 0 {
            spec.precision = 0;
        }
        spec.kind = Type::None;
        to_qualifier = true;
    }
    if !to_precision && !to_qualifier {
        spec.kind = Type::None;
        while at(fmt, pos) != 0 && at(fmt, pos) != b'%' {
            pos += 1;
        }
        if pos != start || at(fmt, pos) == 0 {
            return pos - start;
        }
        spec.flags = 0;
        loop {
            pos += 1;
            match at(fmt, pos) {
                b'-' => spec.flags |= LEFT,
                b'+' => spec.flags |= PLUS,
                b' ' => spec.flags |= SPACE,
                b'#' => spec.flags |= SPECIAL,
                b'0' => spec.flags |= ZEROPAD,
                _ => break,
            }
        }
        spec.field_width = -1;
        if at(fmt, pos).is_ascii_digit() {
            spec.field_width = bitfield(skip_atoi(fmt, &mut pos), 24);
        } else if at(fmt, pos) == b'*' {
            spec.kind = Type::Width;
            return pos + 1 - start;
        }
        to_precision = true;
    }
    if to_precision {
        spec.precision = -1;
        if at(fmt, pos) == b'.' {
            pos += 1;
            if at(fmt, pos).is_ascii_digit() {
                spec.precision = bitfield(skip_atoi(fmt, &mut pos), 16);
                if spec.precision < 0 {
                    spec.precision = 0;
                }
            } else if at(fmt, pos) == b'*' {
                spec.kind = Type::Precision;
                return pos + 1 - start;
            }
        }
    }
    let mut qualifier = 0u8;
    let c = at(fmt, pos);
    if c == b'h' || c.eq_ignore_ascii_case(&b'l') || c == b'z' || c == b't' {
        qualifier = c;
        pos += 1;
        if qualifier == at(fmt, pos) {
            if qualifier == b'l' {
                qualifier = b'L';
                pos += 1;
            } else if qualifier == b'h' {
                qualifier = b'H';
                pos += 1;
            }
        }
    }
    spec.base = 10;
    match at(fmt, pos) {
        b'c' => {
            spec.kind = Type::Char;
            return pos + 1 - start;
        }
        b's' => {
            spec.kind = Type::Str;
            return pos + 1 - start;
        }
        b'p' => {
            spec.kind = Type::Ptr;
            return pos + 1 - start;
        }
        b'%' => {
            spec.kind = Type::PercentChar;
            return pos + 1 - start;
        }
        b'o' => spec.base = 8,
        b'x' => {
            spec.flags |= SMALL;
            spec.base = 16;
        }
        b'X' => spec.base = 16,
        b'd' | b'i' => spec.flags |= SIGN,
        b'u' => {}
        _ => {
            spec.kind = Type::Invalid;
            return pos - start;
        }
    }
    let signed = spec.flags & SIGN != 0;
    spec.kind = match (qualifier, signed) {
        (b'L', _) => Type::LongLong,
        (b'l', false) => Type::ULong,
        (b'l', true) => Type::Long,
        (b'z', _) => Type::SizeT,
        (b't', _) => Type::PtrDiff,
        (b'H', false) => Type::UByte,
        (b'H', true) => Type::Byte,
        (b'h', false) => Type::UShort,
        (b'h', true) => Type::Short,
        (_, false) => Type::UInt,
        (_, true) => Type::Int,
    };
    pos + 1 - start
}

/// The output of `bstr_printf`: a buffer of the caller's size and the position, which keeps
/// counting past the end.
struct Output {
    buf: Vec<u8>,
    pos: usize,
}

impl Output {
    fn put(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.pos) {
            *slot = byte;
        }
        self.pos += 1;
    }

    fn pad(&mut self, byte: u8, count: i64) {
        if count <= 0 {
            return;
        }
        let count = count as usize;
        let writable = self.buf.len().saturating_sub(self.pos).min(count);
        for offset in 0..writable {
            self.buf[self.pos + offset] = byte;
        }
        self.pos += count;
    }
}

/// The binary arguments as `bstr_printf` reads them; past the end they read as zeros.
struct ArgReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl ArgReader<'_> {
    fn take(&mut self, size: usize, align: usize) -> u64 {
        self.pos = self.pos.next_multiple_of(align);
        let mut word = [0u8; 8];
        for (index, slot) in word.iter_mut().take(size).enumerate() {
            *slot = at(self.bytes, self.pos + index);
        }
        self.pos += size;
        u64::from_le_bytes(word)
    }

    /// `get_arg(int)`, `get_arg(long)` and the others, sign- or zero-extended.
    fn int(&mut self) -> u64 {
        self.take(4, 4) as u32 as i32 as i64 as u64
    }

    fn uint(&mut self) -> u64 {
        self.take(4, 4)
    }

    fn long(&mut self) -> u64 {
        self.take(8, 4)
    }

    /// The NUL-terminated string at the current position.
    fn string(&self) -> &[u8] {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let len = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
        &rest[..len]
    }
}

/// `number()`.
fn number(out: &mut Output, num: u64, spec: Spec) {
    let mut num = num;
    let mut flags = spec.flags;
    let need_pfx = flags & SPECIAL != 0 && spec.base != 10;
    let is_zero = num == 0;
    let mut field_width = i64::from(spec.field_width);
    let mut precision = i64::from(spec.precision);
    let locase = flags & SMALL;
    if flags & LEFT != 0 {
        flags &= !ZEROPAD;
    }
    let mut sign = 0u8;
    if flags & SIGN != 0 {
        if (num as i64) < 0 {
            sign = b'-';
            num = num.wrapping_neg();
            field_width -= 1;
        } else if flags & PLUS != 0 {
            sign = b'+';
            field_width -= 1;
        } else if flags & SPACE != 0 {
            sign = b' ';
            field_width -= 1;
        }
    }
    if need_pfx {
        if spec.base == 16 {
            field_width -= 2;
        } else if !is_zero {
            field_width -= 1;
        }
    }
    // The digits, most significant last.
    let mut digits = Vec::with_capacity(24);
    let base = u64::from(spec.base.max(2));
    loop {
        let digit = (num % base) as u8;
        let c = b"0123456789ABCDEF"[digit as usize];
        digits.push(if c.is_ascii_alphabetic() {
            c | locase
        } else {
            c
        });
        num /= base;
        if num == 0 {
            break;
        }
    }
    let len = digits.len() as i64;
    if len > precision {
        precision = len;
    }
    field_width -= precision;
    if flags & (ZEROPAD | LEFT) == 0 {
        out.pad(b' ', field_width);
        field_width = field_width.min(0) - 1;
    }
    if sign != 0 {
        out.put(sign);
    }
    if need_pfx {
        if spec.base == 16 || !is_zero {
            out.put(b'0');
        }
        if spec.base == 16 {
            out.put(b'X' | locase);
        }
    }
    if flags & LEFT == 0 {
        let c = if flags & ZEROPAD != 0 { b'0' } else { b' ' };
        out.pad(c, field_width);
        field_width = field_width.min(0) - 1;
    }
    out.pad(b'0', precision - len);
    for digit in digits.iter().rev() {
        out.put(*digit);
    }
    out.pad(b' ', field_width);
}

/// `string_nocheck` and `widen_string`.
fn string(out: &mut Output, text: &[u8], spec: Spec) {
    let limit = if spec.precision < 0 {
        text.len()
    } else {
        text.len().min(spec.precision as usize)
    };
    let text = &text[..limit];
    let spaces = i64::from(spec.field_width) - text.len() as i64;
    if spec.flags & LEFT == 0 {
        out.pad(b' ', spaces);
    }
    for byte in text {
        out.put(*byte);
    }
    if spec.flags & LEFT != 0 {
        out.pad(b' ', spaces);
    }
}

/// `pointer_string`: the address in hex, zero-padded to 16 digits unless a width is given.
fn pointer_string(out: &mut Output, ptr: u64, spec: Spec) {
    let mut spec = spec;
    spec.base = 16;
    spec.flags |= SMALL;
    if spec.field_width == -1 {
        spec.field_width = 16;
        spec.flags |= ZEROPAD;
    }
    number(out, ptr, spec);
}

/// The 32-bit identifier `%p` prints for a pointer (see the module documentation).
fn hashed(ptr: u64) -> u64 {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    KEY.get_or_init(RandomState::new).hash_one(ptr) & 0xffff_ffff
}

/// `pointer()` for the conversions whose pointer was not dereferenced in [`prepare`].
fn pointer(out: &mut Output, kind: u8, ptr: u64, spec: Spec) {
    match kind {
        b'F' | b'f' | b'S' | b's' | b'B' => {
            let text = format!("0x{ptr:x}");
            let mut spec = spec;
            spec.precision = -1;
            string(out, text.as_bytes(), spec);
        }
        b'x' => pointer_string(out, ptr, spec),
        _ => {
            // `%p` and `%pK`: NULL and error pointers print as they are.
            if ptr == 0 || ptr >= (-4095i64) as u64 {
                pointer_string(out, ptr, spec);
            } else {
                pointer_string(out, hashed(ptr), spec);
            }
        }
    }
}

/// `bstr_printf(buf, size, fmt, bin_args)`: the first `size` bytes of the output (NUL-
/// terminated when `size > 0`, as many bytes as were written) and the length of the whole
/// output without its NUL.
pub(crate) fn bstr_printf(fmt: &[u8], bin_args: &[u8], size: usize) -> (Vec<u8>, usize) {
    let mut out = Output {
        buf: vec![0; size],
        pos: 0,
    };
    let mut args = ArgReader {
        bytes: bin_args,
        pos: 0,
    };
    let mut spec = Spec::default();
    let mut pos = 0usize;
    while at(fmt, pos) != 0 {
        let old = pos;
        let read = format_decode(fmt, pos, &mut spec);
        pos += read;
        match spec.kind {
            Type::None => {
                for offset in 0..read {
                    out.put(at(fmt, old + offset));
                }
            }
            Type::Width => {
                // `set_field_width`: a width that does not fit the 24-bit field is clamped.
                let width = args.int() as i32;
                spec.field_width = if bitfield(width, 24) == width {
                    width
                } else {
                    width.clamp(-FIELD_WIDTH_MAX, FIELD_WIDTH_MAX)
                };
            }
            Type::Precision => {
                // `set_precision`: likewise for the 16-bit precision.
                let precision = args.int() as i32;
                spec.precision = if bitfield(precision, 16) == precision {
                    precision
                } else {
                    precision.clamp(0, PRECISION_MAX)
                };
            }
            Type::Char => {
                if spec.flags & LEFT == 0 {
                    out.pad(b' ', i64::from(spec.field_width) - 1);
                }
                let c = args.take(1, 1) as u8;
                out.put(c);
                if spec.flags & LEFT != 0 {
                    out.pad(b' ', i64::from(spec.field_width) - 1);
                }
            }
            Type::Str => {
                let text = args.string().to_vec();
                args.pos += text.len() + 1;
                string(&mut out, &text, spec);
            }
            Type::Ptr => {
                let kind = at(fmt, pos);
                let process = matches!(kind, b'S' | b's' | b'F' | b'f' | b'x' | b'K')
                    || !kind.is_ascii_alphanumeric();
                if process {
                    let ptr = args.long();
                    pointer(&mut out, kind, ptr, spec);
                } else if out.pos < out.buf.len() {
                    // Formatted in `prepare`; the kernel moves past it only while there is
                    // room left in the output.
                    let text = args.string().to_vec();
                    for byte in &text {
                        if out.pos < out.buf.len() {
                            out.put(*byte);
                        } else {
                            out.pos += 1;
                        }
                    }
                    args.pos += text.len() + 1;
                }
                while at(fmt, pos).is_ascii_alphanumeric() {
                    pos += 1;
                }
            }
            Type::PercentChar => out.put(b'%'),
            Type::Invalid => break,
            kind => {
                let num = match kind {
                    Type::LongLong | Type::ULong | Type::Long | Type::SizeT | Type::PtrDiff => {
                        args.long()
                    }
                    Type::UByte => args.take(1, 1) as u8 as u64,
                    Type::Byte => args.take(1, 1) as u8 as i8 as i64 as u64,
                    Type::UShort => args.take(2, 2) as u16 as u64,
                    Type::Short => args.take(2, 2) as u16 as i16 as i64 as u64,
                    Type::UInt => args.uint(),
                    _ => args.int(),
                };
                number(&mut out, num, spec);
            }
        }
    }
    let total = out.pos;
    if size > 0 {
        let end = total.min(size - 1);
        out.buf[end] = 0;
        out.buf.truncate(end + 1);
    }
    (out.buf, total)
}
