//! `bpf_perf_event_output(ctx, map, flags, data, size)`, over
//! [`sluice_maps::PerfEventArray`], which holds the kernel's slot rules (index from the flags'
//! low 32 bits or `BPF_F_CURRENT_CPU`; past the end `-E2BIG`; no event in the slot
//! `-ENOENT`; an event of another CPU `-EOPNOTSUPP`; no room `-ENOSPC`).
//!
//! The kernel gives program types different variants:
//! - XDP (`bpf_xdp_event_output`) and the `__sk_buff` types (`bpf_skb_event_output`) accept a
//!   length in `BPF_F_CTXLEN_MASK` (bits 32-51): that many bytes of the packet, from `data`,
//!   follow the record's data; more than the packet holds is `-EFAULT`;
//! - the others (`bpf_perf_event_output` of tracing programs) accept only the index bits;
//!   any other bit is `-EINVAL`.
//!
//! A record written to a slot also goes to the run's [`crate::Events::perf`], so callers that
//! attached a consumer can see what each run emitted.

use std::sync::Arc;

use sluice_abi::errno::{EFAULT, EINVAL};
use sluice_abi::map_type::perf_flags::{BPF_F_CTXLEN_MASK, BPF_F_CURRENT_CPU, BPF_F_INDEX_MASK};
use sluice_abi::prog_type::ProgType;
use sluice_interp::CallEnv;
use sluice_maps::{Map, PerfEventArray};

use super::{HelperResult, ctx, errno, fail, read};
use crate::events::PerfRecord;
use crate::invocation::Invocation;

/// Whether the program type's context is `struct __sk_buff`.
pub(crate) fn is_skb_type(prog_type: Option<ProgType>) -> bool {
    matches!(
        prog_type,
        Some(
            ProgType::SocketFilter
                | ProgType::SchedCls
                | ProgType::SchedAct
                | ProgType::CgroupSkb
                | ProgType::LwtIn
                | ProgType::LwtOut
                | ProgType::LwtXmit
                | ProgType::LwtSeg6local
                | ProgType::SkSkb
                | ProgType::FlowDissector
        )
    )
}

/// `long bpf_perf_event_output(void *ctx, struct bpf_map *map, u64 flags, void *data,
/// u64 size)`.
pub(crate) fn perf_event_output(
    run: &mut Invocation<'_>,
    args: [u64; 5],
    env: &mut CallEnv<'_, '_, '_>,
) -> HelperResult {
    let (ctx_ptr, handle, flags) = (args[0], args[1], args[2]);
    let map: Arc<dyn Map> = run.map(handle)?;
    let Some(array) = map.as_any().downcast_ref::<PerfEventArray>() else {
        return Err(fail(format!(
            "bpf_perf_event_output: map `{}` is not a perf event array",
            map.spec().name
        )));
    };
    let mut record = read(env, args[3], usize::try_from(args[4]).unwrap_or(usize::MAX))?;
    let packet_variant = run.prog_type == Some(ProgType::Xdp) || is_skb_type(run.prog_type);
    if packet_variant {
        ctx::check(run, ctx_ptr, "bpf_perf_event_output")?;
        if flags & !(BPF_F_CTXLEN_MASK | BPF_F_INDEX_MASK) != 0 {
            return Ok(errno(EINVAL));
        }
        let ctx_len = (flags & BPF_F_CTXLEN_MASK) >> 32;
        let packet = ctx::packet(run, env)?;
        if ctx_len > packet.len() {
            return Ok(errno(EFAULT));
        }
        record.extend(read(env, packet.data, ctx_len as usize)?);
    } else if flags & !BPF_F_INDEX_MASK != 0 {
        return Ok(errno(EINVAL));
    }
    let index = match flags & BPF_F_INDEX_MASK {
        BPF_F_CURRENT_CPU => run.cpu,
        index => index as u32,
    };
    Ok(match array.output(flags, run.cpu, &record) {
        Ok(()) => {
            run.events.perf.push(PerfRecord {
                map: map.spec().name.clone(),
                cpu: index,
                data: record,
            });
            0
        }
        Err(error) => error.helper_return(),
    })
}
