//! `bpf_xdp_adjust_head`, `bpf_xdp_adjust_meta` and `bpf_xdp_adjust_tail` (`net/core/filter.c`).
//!
//! The XDP buffer is `data_hard_start` (the start of [`crate::PacketBounds::buffer_start`]'s
//! buffer), then 256 bytes of headroom whose first 40 bytes the kernel keeps for
//! `struct xdp_frame` ([`crate::PacketBounds::headroom_floor`] is their end), the metadata,
//! the packet, and tailroom; the last 320 bytes of the buffer are `struct skb_shared_info`,
//! which the packet may not grow into. The helpers move the context's `data_meta`, `data` and
//! `data_end` pointers:
//! - `adjust_head(delta)`: `data` may go down to the end of `xdp_frame` plus the metadata
//!   length and up to 14 bytes (`ETH_HLEN`) before `data_end`, else `-EINVAL`; the metadata
//!   moves with it;
//! - `adjust_meta(delta)`: `data_meta` may go down to the end of `xdp_frame` and up to
//!   `data`, else `-EINVAL`; the metadata length must be a multiple of 4 and at most 255
//!   (`skb_shared_info.meta_len` is a byte), else `-EACCES`;
//! - `adjust_tail(delta)`: `data_end` may go up to the start of `skb_shared_info` and down to
//!   `data + 14`, else `-EINVAL`; bytes it grows over are zeroed.
//!
//! Frames with fragments are not modelled (test-run builds linear frames only).

use sluice_abi::errno::{EACCES, EINVAL};
use sluice_interp::{CallEnv, HelperError};

use super::ctx::{self, Packet};
use super::{HelperResult, check_writable, errno, fail, read, write};
use crate::PacketBounds;
use crate::invocation::Invocation;

/// `ETH_HLEN`.
const ETH_HLEN: i128 = 14;
/// `SKB_DATA_ALIGN(sizeof(struct skb_shared_info))` on x86-64: the tailroom XDP buffers keep.
pub(crate) const SKB_SHARED_INFO_SIZE: u64 = 320;
/// Largest metadata length (`skb_shared_info.meta_len` is a `u8`).
const META_MAX: i128 = 255;

fn state(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    ctx_ptr: u64,
    helper: &str,
) -> Result<(Packet, PacketBounds), HelperError> {
    ctx::check(run, ctx_ptr, helper)?;
    let bounds = run
        .packet
        .ok_or_else(|| fail(format!("{helper}: this run has no XDP buffer")))?;
    Ok((ctx::packet(run, env)?, bounds))
}

/// `long bpf_xdp_adjust_head(struct xdp_buff *xdp_md, int delta)`.
pub(crate) fn adjust_head(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (packet, bounds) = state(run, env, args[0], "bpf_xdp_adjust_head")?;
    let offset = i128::from(args[1] as i32);
    let metalen = i128::from(packet.data) - i128::from(packet.data_meta);
    let data = i128::from(packet.data) + offset;
    if data < i128::from(bounds.headroom_floor) + metalen
        || data > i128::from(packet.data_end) - ETH_HLEN
    {
        return Ok(errno(EINVAL));
    }
    let data_meta = i128::from(packet.data_meta) + offset;
    if metalen > 0 {
        let meta = read(env, packet.data_meta, metalen as usize)?;
        write(env, data_meta as u64, &meta)?;
    }
    ctx::set_pointer(run, env, "data_meta", data_meta as u64)?;
    ctx::set_pointer(run, env, "data", data as u64)?;
    Ok(0)
}

/// `long bpf_xdp_adjust_meta(struct xdp_buff *xdp_md, int delta)`.
pub(crate) fn adjust_meta(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (packet, bounds) = state(run, env, args[0], "bpf_xdp_adjust_meta")?;
    let meta = i128::from(packet.data_meta) + i128::from(args[1] as i32);
    if meta < i128::from(bounds.headroom_floor) || meta > i128::from(packet.data) {
        return Ok(errno(EINVAL));
    }
    let metalen = i128::from(packet.data) - meta;
    if metalen % 4 != 0 || metalen > META_MAX {
        return Ok(errno(EACCES));
    }
    ctx::set_pointer(run, env, "data_meta", meta as u64)?;
    Ok(0)
}

/// `long bpf_xdp_adjust_tail(struct xdp_buff *xdp_md, int delta)`.
pub(crate) fn adjust_tail(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (packet, bounds) = state(run, env, args[0], "bpf_xdp_adjust_tail")?;
    let offset = i128::from(args[1] as i32);
    let hard_end = i128::from(bounds.buffer_end) - i128::from(SKB_SHARED_INFO_SIZE);
    let data_end = i128::from(packet.data_end) + offset;
    if data_end > hard_end || data_end < i128::from(packet.data) + ETH_HLEN {
        return Ok(errno(EINVAL));
    }
    if offset > 0 {
        check_writable(env, packet.data_end, offset as usize)?;
        write(env, packet.data_end, &vec![0u8; offset as usize])?;
    }
    ctx::set_pointer(run, env, "data_end", data_end as u64)?;
    Ok(0)
}
