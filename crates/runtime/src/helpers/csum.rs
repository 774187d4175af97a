//! Checksum helpers: `bpf_csum_diff`, `bpf_l3_csum_replace`, `bpf_l4_csum_replace` and
//! `bpf_csum_update`, with the kernel's ones'-complement arithmetic as x86-64 computes it
//! (`csum_partial` adds little-endian 64-bit words with end-around carry; `csum_fold`,
//! `csum_add`, `csum_sub`, `csum16_add` as in `include/net/checksum.h`).
//!
//! - `bpf_csum_diff(from, from_size, to, to_size, seed)` (Linux 6.12 and later): any sizes;
//!   returns `csum_from32to16` (a 16-bit fold, not complemented) of
//!   `csum_sub(csum_partial(to, seed), csum_partial(from, 0))`, or of `csum_partial(to,
//!   seed)` when there is no `from`, or of `~csum_partial(from, ~seed)` when there is no
//!   `to`; with neither it returns `seed`, folded.
//! - `bpf_l3_csum_replace(skb, offset, from, to, flags)`: the checksum at `offset` is
//!   updated for a 2- or 4-byte field changing from `from` to `to` (`flags & 0xf` is the
//!   size), or by the difference `to` when the size is 0 (then `from` must be 0); any other
//!   flag or size is `-EINVAL`; an odd offset or one past `0xffff` `-EFAULT`, as is a
//!   checksum past the end of the data.
//! - `bpf_l4_csum_replace`: the same, also accepting `BPF_F_PSEUDO_HDR`, `BPF_F_IPV6`,
//!   `BPF_F_MARK_MANGLED_0` (a zero checksum, UDP's "none", is left alone, and a result of 0
//!   is written as `0xffff`) and `BPF_F_MARK_ENFORCE` (update a zero checksum anyway). The
//!   pseudo-header and IPv6 flags only matter for `CHECKSUM_PARTIAL` and `CHECKSUM_COMPLETE`
//!   skbs; test-run's are `CHECKSUM_NONE`, so the field is updated like any other.
//! - `bpf_csum_update(skb, csum)` works on `CHECKSUM_COMPLETE` skbs only: `-ENOTSUPP`.

use sluice_abi::errno::{EFAULT, EINVAL, ENOTSUPP};
use sluice_abi::map_type::csum_flags::{
    BPF_F_HDR_FIELD_MASK, BPF_F_IPV6, BPF_F_MARK_ENFORCE, BPF_F_MARK_MANGLED_0, BPF_F_PSEUDO_HDR,
};
use sluice_interp::CallEnv;

use super::skb::skb_packet;
use super::{HelperResult, errno, read, write};
use crate::invocation::Invocation;

/// `csum_partial` on x86-64: the 32-bit ones'-complement sum of `data` and `seed`.
pub(crate) fn csum_partial(data: &[u8], seed: u32) -> u32 {
    let mut sum = u64::from(seed);
    let add = |sum: u64, word: u64| {
        let (total, carry) = sum.overflowing_add(word);
        total + u64::from(carry)
    };
    for chunk in data.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        sum = add(sum, u64::from_le_bytes(word));
    }
    // `csum_finalize_sum`: fold 64 to 32 bits with end-around carry.
    ((sum as u128 + u128::from(sum.rotate_right(32))) >> 32) as u32
}

/// `csum_add`.
fn csum_add(csum: u32, addend: u32) -> u32 {
    let (sum, carry) = csum.overflowing_add(addend);
    sum + u32::from(carry)
}

/// `csum_sub`.
fn csum_sub(csum: u32, addend: u32) -> u32 {
    csum_add(csum, !addend)
}

/// `csum_from32to16`: fold to 16 bits, without complementing.
fn csum_from32to16(sum: u32) -> u16 {
    (sum.wrapping_add(sum.rotate_right(16)) >> 16) as u16
}

/// `csum_fold`: fold to 16 bits and complement.
fn csum_fold(csum: u32) -> u16 {
    !csum_from32to16(csum)
}

/// `csum16_add`.
fn csum16_add(csum: u16, addend: u16) -> u16 {
    let (sum, carry) = csum.overflowing_add(addend);
    sum + u16::from(carry)
}

/// `csum16_sub`.
fn csum16_sub(csum: u16, addend: u16) -> u16 {
    csum16_add(csum, !addend)
}

/// `csum_replace_by_diff`.
fn replace_by_diff(sum: u16, diff: u32) -> u16 {
    csum_fold(csum_add(diff, !u32::from(sum)))
}

/// `csum_replace4` (and `inet_proto_csum_replace2`, which widens its operands to 32 bits).
fn replace4(sum: u16, from: u32, to: u32) -> u16 {
    csum_fold(csum_add(csum_sub(!u32::from(sum), from), to))
}

/// `csum_replace2`.
fn replace2(sum: u16, from: u16, to: u16) -> u16 {
    !csum16_add(csum16_sub(!sum, from), to)
}

/// `s64 bpf_csum_diff(__be32 *from, u32 from_size, __be32 *to, u32 to_size, __wsum seed)`.
pub(crate) fn csum_diff(args: [u64; 5], env: &mut CallEnv<'_, '_, '_>) -> HelperResult {
    let (from_size, to_size, seed) = (args[1] as u32, args[3] as u32, args[4] as u32);
    let from = read(env, args[0], from_size as usize)?;
    let to = read(env, args[2], to_size as usize)?;
    let folded = match (from_size, to_size) {
        (0, 0) => csum_from32to16(seed),
        (_, 0) => csum_from32to16(!csum_partial(&from, !seed)),
        (0, _) => csum_from32to16(csum_partial(&to, seed)),
        _ => csum_from32to16(csum_sub(csum_partial(&to, seed), csum_partial(&from, 0))),
    };
    Ok(u64::from(folded))
}

/// The checksum field of `bpf_l3/l4_csum_replace`: its address, or the error for `offset`.
fn checksum_field(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    args: [u64; 5],
    helper: &str,
) -> Result<Result<(u64, u16), u64>, sluice_interp::HelperError> {
    let packet = skb_packet(run, env, args[0], helper)?;
    let offset = u64::from(args[1] as u32);
    if offset > 0xffff || offset & 1 != 0 || offset + 2 > packet.len() {
        return Ok(Err(errno(EFAULT)));
    }
    let addr = packet.data + offset;
    let bytes = read(env, addr, 2)?;
    Ok(Ok((addr, u16::from_le_bytes([bytes[0], bytes[1]]))))
}

/// The new checksum for a field of `size` (0, 2 or 4) bytes changing from `from` to `to`.
fn replaced(sum: u16, size: u64, from: u64, to: u64) -> Result<u16, u64> {
    match size {
        0 if from != 0 => Err(errno(EINVAL)),
        0 => Ok(replace_by_diff(sum, to as u32)),
        2 => Ok(replace2(sum, from as u16, to as u16)),
        4 => Ok(replace4(sum, from as u32, to as u32)),
        _ => Err(errno(EINVAL)),
    }
}

/// `long bpf_l3_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 size)`.
pub(crate) fn l3_csum_replace(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let flags = args[4];
    if flags & !BPF_F_HDR_FIELD_MASK != 0 {
        skb_packet(run, env, args[0], "bpf_l3_csum_replace")?;
        return Ok(errno(EINVAL));
    }
    let (addr, sum) = match checksum_field(run, env, args, "bpf_l3_csum_replace")? {
        Ok(field) => field,
        Err(code) => return Ok(code),
    };
    match replaced(sum, flags & BPF_F_HDR_FIELD_MASK, args[2], args[3]) {
        Ok(new) => {
            write(env, addr, &new.to_le_bytes())?;
            Ok(0)
        }
        Err(code) => Ok(code),
    }
}

/// `long bpf_l4_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 flags)`.
pub(crate) fn l4_csum_replace(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let flags = args[4];
    let known = BPF_F_MARK_MANGLED_0
        | BPF_F_MARK_ENFORCE
        | BPF_F_PSEUDO_HDR
        | BPF_F_HDR_FIELD_MASK
        | BPF_F_IPV6;
    if flags & !known != 0 {
        skb_packet(run, env, args[0], "bpf_l4_csum_replace")?;
        return Ok(errno(EINVAL));
    }
    let (addr, sum) = match checksum_field(run, env, args, "bpf_l4_csum_replace")? {
        Ok(field) => field,
        Err(code) => return Ok(code),
    };
    let mangled_0 = flags & BPF_F_MARK_MANGLED_0 != 0;
    if mangled_0 && flags & BPF_F_MARK_ENFORCE == 0 && sum == 0 {
        return Ok(0);
    }
    match replaced(sum, flags & BPF_F_HDR_FIELD_MASK, args[2], args[3]) {
        Ok(mut new) => {
            if mangled_0 && new == 0 {
                // `CSUM_MANGLED_0`.
                new = 0xffff;
            }
            write(env, addr, &new.to_le_bytes())?;
            Ok(0)
        }
        Err(code) => Ok(code),
    }
}

/// `s64 bpf_csum_update(struct sk_buff *skb, __wsum csum)`.
pub(crate) fn csum_update(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    super::ctx::check(run, args[0], "bpf_csum_update")?;
    Ok(errno(ENOTSUPP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csum_partial_matches_the_kernels_folded_sums() {
        // A valid IPv4 header sums to 0xffff.
        let header = [
            0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x3c, 0x4c, 0xc0, 0x00,
            0x02, 0x0a, 0xc6, 0x33, 0x64, 0x07,
        ];
        assert_eq!(csum_from32to16(csum_partial(&header, 0)), 0xffff);
        // The corpus's 3-byte case: 65534.
        assert_eq!(
            csum_from32to16(!csum_partial(&[1, 0, 0], !0)),
            65534,
            "bpf_csum_diff(words, 3, 0, 0, 0)"
        );
    }

    #[test]
    fn replacing_a_field_keeps_the_checksum_valid() {
        let mut header = [
            0x45u8, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x3c, 0x4c, 0xc0, 0x00,
            0x02, 0x0a, 0xc6, 0x33, 0x64, 0x07,
        ];
        let sum = u16::from_le_bytes([header[10], header[11]]);
        let old = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
        let new = u32::from_le_bytes([10, 0, 0, 254]);
        header[12..16].copy_from_slice(&new.to_le_bytes());
        header[10..12].copy_from_slice(&replace4(sum, old, new).to_le_bytes());
        assert_eq!(csum_from32to16(csum_partial(&header, 0)), 0xffff);
        let sum = u16::from_le_bytes([header[10], header[11]]);
        let (old16, new16) = (u16::from_le_bytes([header[8], header[9]]), 0x1140u16);
        header[8..10].copy_from_slice(&new16.to_le_bytes());
        header[10..12].copy_from_slice(&replace2(sum, old16, new16).to_le_bytes());
        assert_eq!(csum_from32to16(csum_partial(&header, 0)), 0xffff);
    }
}
