//! Socket buffer helpers: `bpf_skb_load_bytes`, `bpf_skb_load_bytes_relative`,
//! `bpf_skb_store_bytes`, `bpf_skb_pull_data`, `bpf_get_hash_recalc`, `bpf_set_hash` and
//! `bpf_set_hash_invalid` (`net/core/filter.c`).
//!
//! Offsets are from `skb->data`, the context's `data` pointer: the Ethernet header for tc,
//! the network header for socket filters, `cgroup_skb` and LWT programs, whose link header
//! sits just before `data`. Test-run skbs are linear, so `skb->len` is `data_end - data`.
//! - load: `offset + len` past `skb->len` (or `offset > INT_MAX`) is `-EFAULT` and zeroes
//!   the destination; in a flow dissector test-run the kernel has no skb at all, so every
//!   load is `-EFAULT`;
//! - load relative: from the MAC (0) or network (1) header, at most `0xffff` in, and within
//!   the MAC header and the end of the data, else `-EFAULT` (destination zeroed);
//! - store: flags other than `BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH` are `-EINVAL`,
//!   past `skb->len` `-EFAULT`. `BPF_F_RECOMPUTE_CSUM` keeps `skb->csum` in step only for
//!   `CHECKSUM_COMPLETE` skbs; test-run's are `CHECKSUM_NONE`, so it changes nothing (L4
//!   checksums are not fixed). `BPF_F_INVALIDATE_HASH` clears the hash;
//! - pull data: 0, or `-ENOMEM` for more than `skb->len` (the data is already linear).
//!
//! The flow hash: `bpf_get_hash_recalc` returns `__sk_buff.hash` when it is valid (set by
//! `bpf_set_hash`, or computed before); otherwise it computes it from the flow (addresses,
//! protocol and, for TCP, UDP, UDP-Lite, SCTP and DCCP outside fragments, ports; ordered so
//! both directions hash alike, as the kernel's `__flow_hash_consistentify` does), stores it in
//! `__sk_buff.hash` and returns it; never 0. The kernel hashes with a key chosen at boot;
//! Sluice's key is fixed, so its hashes are reproducible but differ from the kernel's.

use sluice_abi::errno::{EFAULT, EINVAL, ENOMEM};
use sluice_abi::map_type::csum_flags::{BPF_F_INVALIDATE_HASH, BPF_F_RECOMPUTE_CSUM};
use sluice_abi::prog_type::ProgType;
use sluice_interp::{CallEnv, HelperError};
use sluice_maps::jhash2;

use super::ctx::{self, Packet};
use super::{HelperResult, check_writable, errno, read, write};
use crate::invocation::Invocation;

/// `ETH_HLEN`.
const ETH_HLEN: u64 = 14;
/// `BPF_HDR_START_MAC`, `BPF_HDR_START_NET`.
const BPF_HDR_START_MAC: u64 = 0;
const BPF_HDR_START_NET: u64 = 1;
/// The seed of Sluice's flow hash.
const FLOW_HASH_SEED: u32 = 0x5b1c_e5ed;

/// The packet of an skb helper call, after checking the context argument.
pub(crate) fn skb_packet(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    ctx_ptr: u64,
    helper: &str,
) -> Result<Packet, HelperError> {
    ctx::check(run, ctx_ptr, helper)?;
    ctx::packet(run, env)
}

/// Where the MAC header starts: `data` for types that see the frame from its Ethernet
/// header, 14 bytes before it for the others.
fn mac_header(run: &Invocation<'_>, packet: &Packet) -> u64 {
    let from_network = matches!(
        run.prog_type,
        Some(
            ProgType::SocketFilter
                | ProgType::CgroupSkb
                | ProgType::LwtIn
                | ProgType::LwtOut
                | ProgType::LwtXmit
                | ProgType::LwtSeg6local
        )
    );
    if from_network {
        packet.data.saturating_sub(ETH_HLEN)
    } else {
        packet.data
    }
}

/// Copies `len` bytes at `src` to `to`, or zeroes `to` and returns `-EFAULT`.
fn copy_or_clear(
    env: &mut CallEnv<'_, '_, '_>,
    src: Option<u64>,
    to: u64,
    len: usize,
) -> HelperResult {
    match src {
        Some(src) => {
            let bytes = read(env, src, len)?;
            write(env, to, &bytes)?;
            Ok(0)
        }
        None => {
            write(env, to, &vec![0u8; len])?;
            Ok(errno(EFAULT))
        }
    }
}

/// `long bpf_skb_load_bytes(const void *skb, u32 offset, void *to, u32 len)`.
pub(crate) fn load_bytes(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let packet = skb_packet(run, env, args[0], "bpf_skb_load_bytes")?;
    let (offset, to, len) = (u64::from(args[1] as u32), args[2], args[3] as u32 as usize);
    check_writable(env, to, len)?;
    let in_bounds = run.prog_type != Some(ProgType::FlowDissector)
        && offset <= i32::MAX as u64
        && offset + len as u64 <= packet.len();
    copy_or_clear(env, in_bounds.then_some(packet.data + offset), to, len)
}

/// `long bpf_skb_load_bytes_relative(const void *skb, u32 offset, void *to, u32 len,
/// u32 start_header)`.
pub(crate) fn load_bytes_relative(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let packet = skb_packet(run, env, args[0], "bpf_skb_load_bytes_relative")?;
    let (offset, to, len) = (u64::from(args[1] as u32), args[2], args[3] as u32 as usize);
    check_writable(env, to, len)?;
    let mac = mac_header(run, &packet);
    let base = match args[4] as u32 as u64 {
        BPF_HDR_START_MAC => Some(mac),
        BPF_HDR_START_NET => Some(mac + ETH_HLEN),
        _ => None,
    };
    let src = base
        .filter(|_| offset <= 0xffff)
        .map(|base| base + offset)
        .filter(|ptr| *ptr >= mac && ptr + len as u64 <= packet.data_end);
    copy_or_clear(env, src, to, len)
}

/// Forgets the skb's hash (`skb_clear_hash`).
fn clear_hash(run: &mut Invocation<'_>, env: &mut CallEnv<'_, '_, '_>) -> Result<(), HelperError> {
    run.helper_state.skb_hash_valid = false;
    ctx::set_field_u32(run, env, "hash", 0)
}

/// `long bpf_skb_store_bytes(struct sk_buff *skb, u32 offset, const void *from, u32 len,
/// u64 flags)`.
pub(crate) fn store_bytes(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let packet = skb_packet(run, env, args[0], "bpf_skb_store_bytes")?;
    let (offset, from, len, flags) = (
        u64::from(args[1] as u32),
        args[2],
        args[3] as u32 as usize,
        args[4],
    );
    let data = read(env, from, len)?;
    if flags & !(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH) != 0 {
        return Ok(errno(EINVAL));
    }
    if offset > i32::MAX as u64 || offset + len as u64 > packet.len() {
        return Ok(errno(EFAULT));
    }
    write(env, packet.data + offset, &data)?;
    if flags & BPF_F_INVALIDATE_HASH != 0 {
        clear_hash(run, env)?;
    }
    Ok(0)
}

/// `long bpf_skb_pull_data(struct sk_buff *skb, u32 len)`.
pub(crate) fn pull_data(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let packet = skb_packet(run, env, args[0], "bpf_skb_pull_data")?;
    Ok(if u64::from(args[1] as u32) <= packet.len() {
        0
    } else {
        errno(ENOMEM)
    })
}

/// Bytes `[offset, offset + len)` of the frame at `base`, if they are before `end`.
fn frame_bytes(
    env: &mut CallEnv<'_, '_, '_>,
    base: u64,
    end: u64,
    offset: u64,
    len: usize,
) -> Option<Vec<u8>> {
    let start = base.checked_add(offset)?;
    if start.checked_add(len as u64)? > end {
        return None;
    }
    read(env, start, len).ok()
}

/// The flow hash of the skb's packet (see the module documentation).
fn flow_hash(run: &Invocation<'_>, env: &mut CallEnv<'_, '_, '_>, packet: &Packet) -> u32 {
    let l3 = mac_header(run, packet) + ETH_HLEN;
    let protocol = ctx::field_u32(run, env, "protocol").map_or(0, |p| u16::from_be(p as u16));
    let end = packet.data_end;
    // (source address, destination address, L4 protocol, offset of the L4 header if ports
    // count)
    let flow = match protocol {
        0x0800 => frame_bytes(env, l3, end, 0, 20).map(|ip| {
            let ihl = u64::from(ip[0] & 0x0f) * 4;
            let fragment = u16::from_be_bytes([ip[6], ip[7]]) & 0x3fff != 0;
            (
                ip[12..16].to_vec(),
                ip[16..20].to_vec(),
                ip[9],
                (!fragment).then_some(ihl),
            )
        }),
        0x86dd => frame_bytes(env, l3, end, 0, 40)
            .map(|ip| (ip[8..24].to_vec(), ip[24..40].to_vec(), ip[6], Some(40))),
        _ => None,
    };
    let mut words: Vec<u8> = Vec::new();
    if let Some((src, dst, l4, l4_offset)) = flow {
        let ports = l4_offset
            .filter(|_| matches!(l4, 6 | 17 | 33 | 132 | 136))
            .and_then(|offset| frame_bytes(env, l3, end, offset, 4))
            .map_or([0u8; 4], |p| [p[0], p[1], p[2], p[3]]);
        let (src_port, dst_port) = (&ports[..2], &ports[2..]);
        // Both directions of a flow hash alike.
        let swap = dst < src || (dst == src && dst_port < src_port);
        let (a, b, pa, pb) = if swap {
            (&dst, &src, dst_port, src_port)
        } else {
            (&src, &dst, src_port, dst_port)
        };
        words.extend_from_slice(a);
        words.extend_from_slice(b);
        words.extend_from_slice(pa);
        words.extend_from_slice(pb);
        words.extend_from_slice(&[l4, 0, 0, 0]);
    }
    words.extend_from_slice(&u32::from(protocol).to_le_bytes());
    match jhash2(&words, FLOW_HASH_SEED) {
        0 => 1,
        hash => hash,
    }
}

/// `u32 bpf_get_hash_recalc(struct sk_buff *skb)`.
pub(crate) fn get_hash_recalc(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let packet = skb_packet(run, env, args[0], "bpf_get_hash_recalc")?;
    if !run.helper_state.skb_hash_valid {
        let hash = flow_hash(run, env, &packet);
        ctx::set_field_u32(run, env, "hash", hash)?;
        run.helper_state.skb_hash_valid = true;
    }
    Ok(u64::from(ctx::field_u32(run, env, "hash")?))
}

/// `long bpf_set_hash(struct sk_buff *skb, u32 hash)`.
pub(crate) fn set_hash(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    skb_packet(run, env, args[0], "bpf_set_hash")?;
    ctx::set_field_u32(run, env, "hash", args[1] as u32)?;
    run.helper_state.skb_hash_valid = true;
    Ok(0)
}

/// `void bpf_set_hash_invalid(struct sk_buff *skb)`.
pub(crate) fn set_hash_invalid(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    skb_packet(run, env, args[0], "bpf_set_hash_invalid")?;
    clear_hash(run, env)?;
    Ok(0)
}
