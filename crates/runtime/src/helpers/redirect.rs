//! Redirect helpers: `bpf_redirect`, `bpf_redirect_map`, `bpf_redirect_neigh` and
//! `bpf_redirect_peer`.
//!
//! The kernel's helpers only record the target in the CPU's `bpf_redirect_info` and return the
//! action the program should return; the driver or the qdisc then carries the redirect out.
//! Test-run never does (the retval is just the action); Sluice records the target in the run
//! ([`crate::Redirect`]) for hooks that do carry it out (`sluice run --iface`).
//! - `bpf_redirect(ifindex, flags)`: XDP (`bpf_xdp_redirect`): `XDP_REDIRECT`, or
//!   `XDP_ABORTED` for any flag; tc and LWT: `TC_ACT_REDIRECT`, or `TC_ACT_SHOT` for flags
//!   other than `BPF_F_INGRESS`.
//! - `bpf_redirect_map(map, key, flags)` (XDP, device maps): `XDP_REDIRECT` when the key
//!   holds a device; otherwise the low two bits of `flags` (the fallback action); flags
//!   outside those bits, `BPF_F_BROADCAST` and `BPF_F_EXCLUDE_INGRESS` give `XDP_ABORTED`.
//!   With `BPF_F_BROADCAST` a missing key still redirects (to every device of the map).
//! - `bpf_redirect_neigh(ifindex, params, plen, flags)`: `TC_ACT_REDIRECT`; `TC_ACT_SHOT` for
//!   any flag or a `plen` that is neither 0 nor at least `sizeof(struct bpf_redir_neigh)`.
//! - `bpf_redirect_peer(ifindex, flags)`: `TC_ACT_REDIRECT`; `TC_ACT_SHOT` for any flag.

use std::sync::Arc;

use sluice_abi::map_type::redirect_flags::{BPF_F_BROADCAST, BPF_F_EXCLUDE_INGRESS, BPF_F_INGRESS};
use sluice_abi::prog_type::ProgType;
use sluice_interp::CallEnv;
use sluice_maps::{DevMap, Map};

use super::{HelperResult, fail, read};
use crate::invocation::{Invocation, Redirect};

const XDP_ABORTED: u64 = 0;
const XDP_REDIRECT: u64 = 4;
const TC_ACT_SHOT: u64 = 2;
const TC_ACT_REDIRECT: u64 = 7;
/// `sizeof(struct bpf_redir_neigh)`.
const REDIR_NEIGH_SIZE: u64 = 20;
/// The XDP actions a failed `bpf_redirect_map` may fall back to.
const ACTION_MASK: u64 = 3;

/// `long bpf_redirect(u32 ifindex, u64 flags)`.
pub(crate) fn redirect(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    let (ifindex, flags) = (args[0] as u32, args[1]);
    let action = if run.prog_type == Some(ProgType::Xdp) {
        if flags != 0 {
            XDP_ABORTED
        } else {
            XDP_REDIRECT
        }
    } else if flags & !BPF_F_INGRESS != 0 {
        TC_ACT_SHOT
    } else {
        TC_ACT_REDIRECT
    };
    if action == XDP_REDIRECT || action == TC_ACT_REDIRECT {
        run.redirect = Some(Redirect::Device {
            ifindex,
            ingress: flags & BPF_F_INGRESS != 0,
        });
    }
    Ok(action)
}

/// `long bpf_redirect_map(struct bpf_map *map, u64 key, u64 flags)`.
pub(crate) fn redirect_map(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    let map: Arc<dyn Map> = run.map(args[0])?;
    let Some(devices) = map.as_any().downcast_ref::<DevMap>() else {
        return Err(fail(format!(
            "bpf_redirect_map: Sluice redirects through device maps only, and `{}` is not one",
            map.spec().name
        )));
    };
    let (key, flags) = (args[1] as u32, args[2]);
    if flags & !(ACTION_MASK | BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS) != 0 {
        return Ok(XDP_ABORTED);
    }
    if flags & BPF_F_BROADCAST != 0 {
        run.redirect = Some(Redirect::Broadcast {
            map: args[0],
            exclude_ingress: flags & BPF_F_EXCLUDE_INGRESS != 0,
        });
        return Ok(XDP_REDIRECT);
    }
    let Some((ifindex, _)) = devices.get(key) else {
        return Ok(flags & ACTION_MASK);
    };
    run.redirect = Some(Redirect::Device {
        ifindex,
        ingress: false,
    });
    Ok(XDP_REDIRECT)
}

/// `long bpf_redirect_neigh(u32 ifindex, struct bpf_redir_neigh *params, int plen,
/// u64 flags)`.
pub(crate) fn redirect_neigh(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (params, plen, flags) = (args[1], args[2] as u32 as i32, args[3]);
    if (plen != 0 && i64::from(plen) < REDIR_NEIGH_SIZE as i64) || flags != 0 {
        return Ok(TC_ACT_SHOT);
    }
    if plen != 0 {
        // The kernel copies the next hop; it must be readable.
        read(env, params, REDIR_NEIGH_SIZE as usize)?;
    }
    run.redirect = Some(Redirect::Device {
        ifindex: args[0] as u32,
        ingress: false,
    });
    Ok(TC_ACT_REDIRECT)
}

/// `long bpf_redirect_peer(u32 ifindex, u64 flags)`.
pub(crate) fn redirect_peer(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    if args[1] != 0 {
        return Ok(TC_ACT_SHOT);
    }
    // The peer of a veth: Sluice has no peers to look up, so the device itself stands for it.
    run.redirect = Some(Redirect::Device {
        ifindex: args[0] as u32,
        ingress: true,
    });
    Ok(TC_ACT_REDIRECT)
}
