//! `BPF_PROG_TEST_RUN` in Sluice: a program run on given input, as the kernel's test-run does
//! it for each program type (`net/bpf/test_run.c`), so that the same object and input give the
//! same answer in both.
//!
//! What is mirrored, per program type:
//! - XDP: the frame sits after 256 bytes of headroom (of which the kernel keeps 40 for
//!   `struct xdp_frame`), with room to grow to 3520 linear bytes; `ctx_in` (`struct xdp_md`)
//!   gives the metadata length (`data`), `ingress_ifindex` and `rx_queue_index`; the output
//!   starts at `data_meta`, and `ctx_out` gives the final metadata and data lengths.
//! - `__sk_buff` programs: tc (`sched_cls`, `sched_act`), `sk_skb` and `flow_dissector` see the
//!   frame from the Ethernet header; `socket_filter`, `cgroup_skb` and the `lwt_*` types from the
//!   network header (the output then has 14 zeroed bytes in front). `ctx_in` may set `mark`,
//!   `priority`, `ifindex`, `cb`, `tstamp`, `wire_len` and the `gso_*` fields; other non-zero
//!   fields are refused, as the kernel refuses them.
//! - `raw_tracepoint`: `ctx_in` holds the u64 arguments; no data, no repeat.
//! - `syscall`: `ctx_in` is the program's context and comes back as `ctx_out`; no data, no repeat.
//! - Other types (kprobe, tracepoint, perf_event), which the kernel cannot test-run, run with
//!   `ctx_in` as their raw context; this is Sluice's own extension.
//!
//! Inputs the kernel refuses with `EINVAL` are refused here with [`RuntimeError::BadInput`].

use std::time::Instant;

use sluice_abi::context::{sk_buff, xdp_md};
use sluice_abi::prog_type::ProgType;
use sluice_interp::{Config, Interpreter, Memory, Region, Trap};

use crate::context::ContextLayout;
use crate::error::RuntimeError;
use crate::events::Events;
use crate::invocation::{Invocation, PacketBounds};
use crate::loader::{LoadedObject, LoadedProgram};

/// Bytes of headroom in front of an XDP frame (`XDP_PACKET_HEADROOM`).
pub const XDP_PACKET_HEADROOM: usize = 256;
/// Bytes at the start of the headroom the kernel keeps for `struct xdp_frame`.
pub const XDP_FRAME_SIZE: usize = 40;
/// Largest linear XDP frame test-run builds (a page minus headroom and `skb_shared_info`).
pub const XDP_MAX_LINEAR: usize = 3520;
/// Smallest frame packet program types accept (`ETH_HLEN`).
pub const ETH_HLEN: usize = 14;
/// Headroom in front of an skb's data in test-run (`NET_SKB_PAD + NET_IP_ALIGN`).
pub const SKB_HEADROOM: usize = 64 + 2;
/// Largest frame skb test-run accepts.
pub const SKB_MAX_DATA: usize = 3712;

/// The input of a test run.
#[derive(Clone, Debug, Default)]
pub struct TestRunInput {
    pub data_in: Vec<u8>,
    pub ctx_in: Option<Vec<u8>>,
    /// Number of runs; 0 counts as 1, as in the kernel.
    pub repeat: u32,
    /// The CPU the run counts as.
    pub cpu: u32,
    /// Instruction budget per run of the interpreter, to stop runaway programs (verified
    /// programs terminate; the JIT does not count instructions).
    pub insn_budget: Option<u64>,
    /// The engine that runs the program.
    pub engine: crate::Engine,
    /// How the JIT compiles it (constant blinding, ...); the interpreter ignores it.
    pub jit_options: crate::JitOptions,
    /// The traced task the run counts as (tracing hooks); `None`: Sluice's own thread.
    pub task: Option<std::sync::Arc<dyn crate::Task>>,
    /// Kernel memory the context points into (tracing hooks: the user registers a syscall
    /// kprobe's `di` points to), readable with `bpf_probe_read_kernel`, not loadable directly.
    pub kernel_data: Vec<u8>,
    /// Pointers to write into the context before the run: at context offset `.0`, the address
    /// of byte `.1` of [`TestRunInput::kernel_data`]. Raw-context program types only.
    pub ctx_pointers: Vec<(u32, u32)>,
}

/// What a test run returns.
#[derive(Clone, Debug, Default)]
pub struct TestRunOutput {
    /// The program's return value (32 bits, as the kernel reports it).
    pub retval: u32,
    /// The packet after the last run.
    pub data_out: Vec<u8>,
    /// The context after the last run, in its UAPI layout.
    pub ctx_out: Vec<u8>,
    /// Average time per run, in nanoseconds.
    pub duration_ns: u64,
    /// Trace lines and perf records the runs emitted.
    pub events: Events,
}

/// Why a run failed: the input was refused, or the program trapped.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TestRunError {
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error("program `{program}` trapped: {trap}")]
    Trap { program: String, trap: Trap },
}

fn bad(message: impl Into<String>) -> TestRunError {
    TestRunError::Runtime(RuntimeError::BadInput(message.into()))
}

fn put_u32(buf: &mut [u8], offset: u32, value: u32) {
    let offset = offset as usize;
    if let Some(slot) = buf.get_mut(offset..offset + 4) {
        slot.copy_from_slice(&value.to_le_bytes());
    }
}

fn put_u64(buf: &mut [u8], offset: u32, value: u64) {
    let offset = offset as usize;
    if let Some(slot) = buf.get_mut(offset..offset + 8) {
        slot.copy_from_slice(&value.to_le_bytes());
    }
}

fn get_u32(buf: &[u8], offset: u32) -> u32 {
    let offset = offset as usize;
    buf.get(offset..offset + 4).map_or(0, |bytes| {
        u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
    })
}

/// `__sk_buff.pkt_type` of an Ethernet frame, from its destination address, as
/// `eth_type_trans` sets it on test-run's device, whose address is all zero: `PACKET_HOST` (0)
/// for that address, `PACKET_BROADCAST` (1), `PACKET_MULTICAST` (2), `PACKET_OTHERHOST` (3)
/// for any other unicast address.
pub(crate) fn pkt_type(frame: &[u8]) -> u32 {
    let dest = &frame[..6];
    if dest.iter().all(|b| *b == 0) {
        0
    } else if dest.iter().all(|b| *b == 0xff) {
        1
    } else if dest[0] & 1 != 0 {
        2
    } else {
        3
    }
}

pub(crate) fn get_u64(buf: &[u8], offset: u32) -> u64 {
    let offset = offset as usize;
    buf.get(offset..offset + 8).map_or(0, |bytes| {
        let mut word = [0; 8];
        word.copy_from_slice(bytes);
        u64::from_le_bytes(word)
    })
}

/// Runs `program` of `loaded` on `input`.
pub fn test_run(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    input: &TestRunInput,
) -> Result<TestRunOutput, TestRunError> {
    let Some(prog_type) = program.prog_type else {
        return Err(TestRunError::Runtime(RuntimeError::Unsupported(format!(
            "section `{}` does not say the program type of `{}`; give one (--prog-type)",
            program.section, program.name
        ))));
    };
    match prog_type {
        ProgType::Xdp => run_xdp(loaded, program, input),
        ProgType::SocketFilter
        | ProgType::SchedCls
        | ProgType::SchedAct
        | ProgType::CgroupSkb
        | ProgType::LwtIn
        | ProgType::LwtOut
        | ProgType::LwtXmit
        | ProgType::LwtSeg6local
        | ProgType::SkSkb => run_skb(loaded, program, prog_type, input),
        ProgType::FlowDissector => run_flow_dissector(loaded, program, input),
        _ => run_raw_context(loaded, program, prog_type, input),
    }
}

/// Runs the program `repeat` times over the same memory; returns the last `r0` and the
/// average duration.
fn run_repeated(
    program: &LoadedProgram,
    memory: &mut Memory<'_>,
    invocation: &mut Invocation<'_>,
    ctx_addr: u64,
    input: &TestRunInput,
) -> Result<(u64, u64), TestRunError> {
    let trapped = |trap| TestRunError::Trap {
        program: program.name.clone(),
        trap,
    };
    let repeat = input.repeat.max(1);
    let mut r0 = 0;
    let args = [ctx_addr, 0, 0, 0, 0];
    let start;
    match input.engine {
        crate::Engine::Interp => {
            let interpreter = Interpreter::new(Config {
                insn_budget: input.insn_budget,
            });
            start = Instant::now();
            for _ in 0..repeat {
                r0 = interpreter
                    .run(&program.executable, memory, args, invocation)
                    .map_err(trapped)?
                    .r0;
            }
        }
        crate::Engine::Jit => {
            let jit = sluice_jit::JitProgram::of_with(&program.executable, input.jit_options)
                .map_err(|error| {
                    TestRunError::Runtime(RuntimeError::Unsupported(format!(
                        "the JIT cannot compile `{}`: {error}",
                        program.name
                    )))
                })?;
            start = Instant::now();
            for _ in 0..repeat {
                r0 = jit.run(memory, args, invocation).map_err(trapped)?;
            }
        }
    }
    let duration = start.elapsed().as_nanos() as u64 / u64::from(repeat);
    Ok((r0, duration))
}

/// Where the packet pointers live in the internal context.
struct PacketSlots {
    data: u32,
    data_end: u32,
    data_meta: u32,
}

/// Writes the packet pointers into the context's 64-bit slots.
fn set_packet_pointers(
    ctx: &mut [u8],
    layout: &ContextLayout,
    meta: u64,
    start: u64,
    end: u64,
) -> Result<PacketSlots, TestRunError> {
    let slot = |name: &str| {
        layout
            .slot_of(name)
            .ok_or_else(|| bad(format!("the context has no packet pointer `{name}`")))
    };
    let slots = PacketSlots {
        data: slot("data")?,
        data_end: slot("data_end")?,
        data_meta: slot("data_meta")?,
    };
    put_u64(ctx, slots.data, start);
    put_u64(ctx, slots.data_end, end);
    put_u64(ctx, slots.data_meta, meta);
    Ok(slots)
}

/// The buffers of one test run other than the maps, and what helpers need to know about them.
struct RunMemory<'b> {
    /// Writable buffers, in the order they become regions (the most accessed first).
    buffers: Vec<&'b mut [u8]>,
    ctx_addr: u64,
    layout: Option<&'b ContextLayout>,
    packet: Option<PacketBounds>,
    /// Where legacy packet loads read: address and length of the skb's data.
    packet_window: Option<(u64, u64)>,
}

/// Runs `program` over `run`'s buffers and the object's maps; returns the last `r0`, the
/// average duration and the events.
fn execute(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    prog_type: ProgType,
    input: &TestRunInput,
    run: RunMemory<'_>,
) -> Result<(u64, u64, Events), TestRunError> {
    let mut events = Events::default();
    let (r0, duration_ns) = {
        let mut memory = Memory::new();
        for buffer in run.buffers {
            memory.add_region(Region::writable(buffer));
        }
        if let Some((addr, len)) = run.packet_window {
            memory.set_packet_window(addr, len);
        }
        add_map_regions(loaded, &mut memory);
        let mut invocation =
            Invocation::new(&loaded.registry, Some(prog_type), input.cpu, &mut events)
                .with_context(run.ctx_addr, run.layout);
        if let Some(bounds) = run.packet {
            invocation = invocation.with_packet(bounds);
        }
        if let Some(task) = &input.task {
            invocation = invocation.with_task(&**task);
        }
        run_repeated(program, &mut memory, &mut invocation, run.ctx_addr, input)?
    };
    Ok((r0, duration_ns, events))
}

/// Adds every map's storage to the run's memory (read-only for `BPF_F_RDONLY_PROG` maps).
fn add_map_regions<'a>(loaded: &'a LoadedObject, memory: &mut Memory<'a>) {
    const BPF_F_RDONLY_PROG: u32 = 1 << 7;
    for map in &loaded.maps {
        let writable = map.spec().map_flags & BPF_F_RDONLY_PROG == 0;
        for buf in map.storage() {
            memory.add_region(Region::shared(buf, writable));
        }
    }
}

fn run_xdp(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    input: &TestRunInput,
) -> Result<TestRunOutput, TestRunError> {
    let data = &input.data_in;
    if data.len() < ETH_HLEN {
        return Err(bad(format!(
            "XDP test-run needs at least {ETH_HLEN} bytes of data, got {}",
            data.len()
        )));
    }
    if data.len() > XDP_MAX_LINEAR {
        return Err(bad(format!(
            "frames over {XDP_MAX_LINEAR} bytes need fragments, which Sluice does not model"
        )));
    }
    let ctx_in = input.ctx_in.clone().unwrap_or_default();
    if ctx_in.len() > xdp_md::SIZE as usize
        && ctx_in[xdp_md::SIZE as usize..].iter().any(|b| *b != 0)
    {
        return Err(bad(
            "ctx_in is larger than struct xdp_md and not zero past its end (E2BIG)",
        ));
    }
    let meta_len = get_u32(&ctx_in, xdp_md::DATA) as usize;
    let data_end_in = get_u32(&ctx_in, xdp_md::DATA_END) as usize;
    if get_u32(&ctx_in, xdp_md::DATA_META) != 0
        || !meta_len.is_multiple_of(4)
        || meta_len > data.len()
    {
        return Err(bad(
            "xdp_md.data must be a metadata length (a multiple of 4) and data_meta must be 0",
        ));
    }
    if input.ctx_in.is_some() && data_end_in != 0 && data_end_in != data.len() {
        return Err(bad(
            "xdp_md.data_end must be 0 or the length of data_in (fragments are not modelled)",
        ));
    }
    let layout = program
        .context
        .as_ref()
        .ok_or_else(|| bad("no context layout for XDP"))?;
    let mut buffer = vec![0u8; XDP_PACKET_HEADROOM + XDP_MAX_LINEAR + 320];
    buffer[XDP_PACKET_HEADROOM..XDP_PACKET_HEADROOM + data.len()].copy_from_slice(data);
    let base = buffer.as_ptr() as u64;
    let meta = base + XDP_PACKET_HEADROOM as u64;
    let start = meta + meta_len as u64;
    let end = meta + data.len() as u64;
    let mut ctx = vec![0u8; layout.size as usize];
    put_u32(
        &mut ctx,
        xdp_md::INGRESS_IFINDEX,
        get_u32(&ctx_in, xdp_md::INGRESS_IFINDEX),
    );
    put_u32(
        &mut ctx,
        xdp_md::RX_QUEUE_INDEX,
        get_u32(&ctx_in, xdp_md::RX_QUEUE_INDEX),
    );
    let PacketSlots {
        data: data_slot,
        data_end: end_slot,
        data_meta: meta_slot,
    } = set_packet_pointers(&mut ctx, layout, meta, start, end)?;
    let ctx_addr = ctx.as_ptr() as u64;
    let bounds = PacketBounds {
        buffer_start: base,
        buffer_end: base + buffer.len() as u64,
        headroom_floor: base + XDP_FRAME_SIZE as u64,
    };
    let (r0, duration_ns, events) = execute(
        loaded,
        program,
        ProgType::Xdp,
        input,
        RunMemory {
            buffers: vec![&mut buffer, &mut ctx],
            ctx_addr,
            layout: Some(layout),
            packet: Some(bounds),
            packet_window: None,
        },
    )?;
    let (meta, start, end) = (
        get_u64(&ctx, meta_slot),
        get_u64(&ctx, data_slot),
        get_u64(&ctx, end_slot),
    );
    let range =
        |lo: u64, hi: u64| (lo.saturating_sub(base) as usize)..(hi.saturating_sub(base) as usize);
    let data_out = buffer
        .get(range(meta, end))
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let mut ctx_out = ctx_in;
    ctx_out.resize(xdp_md::SIZE as usize, 0);
    put_u32(
        &mut ctx_out,
        xdp_md::DATA,
        start.saturating_sub(meta) as u32,
    );
    put_u32(
        &mut ctx_out,
        xdp_md::DATA_END,
        end.saturating_sub(meta) as u32,
    );
    Ok(TestRunOutput {
        retval: r0 as u32,
        data_out,
        ctx_out,
        duration_ns,
        events,
    })
}

/// The `__sk_buff` fields `ctx_in` may set, as `convert___skb_to_skb` allows.
const SKB_CTX_IN_FIELDS: &[&str] = &[
    "mark",
    "priority",
    "ingress_ifindex",
    "ifindex",
    "cb",
    "tstamp",
    "wire_len",
    "gso_segs",
    "gso_size",
    "hwtstamp",
];

fn run_skb(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    prog_type: ProgType,
    input: &TestRunInput,
) -> Result<TestRunOutput, TestRunError> {
    let frame = &input.data_in;
    if frame.len() < ETH_HLEN {
        return Err(bad(format!(
            "skb test-run needs at least {ETH_HLEN} bytes of data, got {}",
            frame.len()
        )));
    }
    if frame.len() > SKB_MAX_DATA {
        return Err(bad(format!(
            "skb test-run takes at most {SKB_MAX_DATA} bytes, got {}",
            frame.len()
        )));
    }
    let eth_type = u16::from_be_bytes([frame[12], frame[13]]);
    match eth_type {
        0x0800 if frame.len() < ETH_HLEN + 20 => {
            return Err(bad("an IPv4 frame needs at least 34 bytes"));
        }
        0x86dd if frame.len() < ETH_HLEN + 40 => {
            return Err(bad("an IPv6 frame needs at least 54 bytes"));
        }
        _ => {}
    }
    let layout = program
        .context
        .as_ref()
        .ok_or_else(|| bad("no context layout for __sk_buff"))?;
    let uapi = sluice_abi::context::layout(prog_type).ok_or_else(|| bad("no __sk_buff layout"))?;
    let mut ctx_in = input.ctx_in.clone().unwrap_or_default();
    if let Some(given) = &input.ctx_in {
        if given.is_empty() {
            return Err(bad("ctx_in is empty"));
        }
        if given.len() > sk_buff::SIZE as usize
            && given[sk_buff::SIZE as usize..].iter().any(|b| *b != 0)
        {
            return Err(bad(
                "ctx_in is larger than struct __sk_buff and not zero past its end (E2BIG)",
            ));
        }
        ctx_in.resize(sk_buff::SIZE as usize, 0);
        for field in uapi.fields {
            let range = field.offset as usize..field.end() as usize;
            if !SKB_CTX_IN_FIELDS.contains(&field.name) && ctx_in[range].iter().any(|b| *b != 0) {
                return Err(bad(format!(
                    "__sk_buff.{} may not be set in ctx_in",
                    field.name
                )));
            }
        }
    }
    ctx_in.resize(sk_buff::SIZE as usize, 0);
    // Types that see the frame from the network header.
    let from_network = matches!(
        prog_type,
        ProgType::SocketFilter
            | ProgType::CgroupSkb
            | ProgType::LwtIn
            | ProgType::LwtOut
            | ProgType::LwtXmit
            | ProgType::LwtSeg6local
    );
    let mut buffer = vec![0u8; SKB_HEADROOM + frame.len() + 320];
    buffer[SKB_HEADROOM..SKB_HEADROOM + frame.len()].copy_from_slice(frame);
    let base = buffer.as_ptr() as u64;
    let frame_start = base + SKB_HEADROOM as u64;
    let start = if from_network {
        frame_start + ETH_HLEN as u64
    } else {
        frame_start
    };
    let end = frame_start + frame.len() as u64;
    let mut ctx = ctx_in.clone();
    ctx.resize(layout.size as usize, 0);
    let field = |name: &str| uapi.field(name).map(|f| f.offset);
    let set = |ctx: &mut Vec<u8>, name: &str, value: u32| {
        if let Some(offset) = field(name) {
            put_u32(ctx, offset, value);
        }
    };
    set(&mut ctx, "len", (end - start) as u32);
    set(&mut ctx, "pkt_type", pkt_type(frame));
    set(&mut ctx, "protocol", u32::from(eth_type.to_be()));
    if get_u32(&ctx_in, field("ifindex").unwrap_or(0)) == 0 {
        set(&mut ctx, "ifindex", 1);
    }
    if get_u32(&ctx_in, field("wire_len").unwrap_or(0)) == 0 {
        set(&mut ctx, "wire_len", frame.len() as u32);
    }
    // The kernel attaches a dummy socket whose addresses come from the packet's IP header.
    let ip = &frame[ETH_HLEN..];
    let mut put_bytes = |name: &str, bytes: &[u8]| {
        if let Some(offset) = field(name) {
            let offset = offset as usize;
            ctx[offset..offset + bytes.len()].copy_from_slice(bytes);
        }
    };
    match eth_type {
        0x0800 => {
            put_bytes("family", &2u32.to_le_bytes());
            put_bytes("local_ip4", &ip[12..16]);
            put_bytes("remote_ip4", &ip[16..20]);
        }
        0x86dd => {
            put_bytes("family", &10u32.to_le_bytes());
            put_bytes("local_ip6", &ip[8..24]);
            put_bytes("remote_ip6", &ip[24..40]);
        }
        _ => {}
    }
    let PacketSlots {
        data: data_slot,
        data_end: end_slot,
        ..
    } = set_packet_pointers(&mut ctx, layout, start, start, end)?;
    let ctx_addr = ctx.as_ptr() as u64;
    let bounds = PacketBounds {
        buffer_start: base,
        buffer_end: base + buffer.len() as u64,
        headroom_floor: base,
    };
    let (r0, duration_ns, events) = execute(
        loaded,
        program,
        prog_type,
        input,
        RunMemory {
            buffers: vec![&mut buffer, &mut ctx],
            ctx_addr,
            layout: Some(layout),
            packet: Some(bounds),
            // Legacy packet loads read from skb->data for skb->len bytes.
            packet_window: Some((start, end - start)),
        },
    )?;
    let (start, end) = (get_u64(&ctx, data_slot), get_u64(&ctx, end_slot));
    let out_start = if from_network {
        start.saturating_sub(ETH_HLEN as u64)
    } else {
        start
    };
    let mut data_out = buffer
        .get((out_start - base) as usize..(end.saturating_sub(base)) as usize)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    if from_network {
        data_out.iter_mut().take(ETH_HLEN).for_each(|b| *b = 0);
    }
    // Only the fields ctx_in may set come back.
    let mut ctx_out = vec![0u8; sk_buff::SIZE as usize];
    for field in uapi
        .fields
        .iter()
        .filter(|field| SKB_CTX_IN_FIELDS.contains(&field.name))
    {
        let range = field.offset as usize..field.end() as usize;
        ctx_out[range.clone()].copy_from_slice(&ctx[range]);
    }
    Ok(TestRunOutput {
        retval: r0 as u32,
        data_out,
        ctx_out,
        duration_ns,
        events,
    })
}

/// A flow dissector: the program sees the frame from the Ethernet header through `__sk_buff`
/// (`data`, `data_end`, `flow_keys`) and fills `struct bpf_flow_keys`, which comes back as
/// `data_out`; `ctx_in` is a `struct bpf_flow_keys` whose `flags` the kernel passes in, and it
/// comes back unchanged as `ctx_out`. After the run the kernel clamps `nhoff` to
/// `[ETH_HLEN, len]` and `thoff` to `[nhoff, len]`.
fn run_flow_dissector(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    input: &TestRunInput,
) -> Result<TestRunOutput, TestRunError> {
    use sluice_abi::context::flow_keys;
    let frame = &input.data_in;
    if frame.len() < ETH_HLEN {
        return Err(bad(format!(
            "flow dissector test-run needs at least {ETH_HLEN} bytes of data, got {}",
            frame.len()
        )));
    }
    let layout = program
        .context
        .as_ref()
        .ok_or_else(|| bad("no context layout for __sk_buff"))?;
    let mut ctx_in = input.ctx_in.clone().unwrap_or_default();
    if ctx_in.len() > flow_keys::SIZE as usize {
        return Err(bad("ctx_in is larger than struct bpf_flow_keys"));
    }
    ctx_in.resize(flow_keys::SIZE as usize, 0);
    let mut buffer = frame.clone();
    let start = buffer.as_ptr() as u64;
    let end = start + buffer.len() as u64;
    let mut keys = vec![0u8; flow_keys::SIZE as usize];
    // The kernel starts from the EtherType and the network header offset; `flags` from ctx_in.
    let flags_offset = flow_keys::LAYOUT
        .field("flags")
        .map_or(48, |field| field.offset) as usize;
    keys[flags_offset..flags_offset + 4].copy_from_slice(&ctx_in[flags_offset..flags_offset + 4]);
    keys[10..12].copy_from_slice(&frame[12..14]);
    keys[0..2].copy_from_slice(&(ETH_HLEN as u16).to_le_bytes());
    keys[2..4].copy_from_slice(&(ETH_HLEN as u16).to_le_bytes());
    let keys_addr = keys.as_ptr() as u64;
    let mut ctx = vec![0u8; layout.size as usize];
    set_packet_pointers(&mut ctx, layout, start, start, end)?;
    put_u64(&mut ctx, sk_buff::FLOW_KEYS, keys_addr);
    let ctx_addr = ctx.as_ptr() as u64;
    let (r0, duration_ns, events) = execute(
        loaded,
        program,
        ProgType::FlowDissector,
        input,
        RunMemory {
            buffers: vec![&mut buffer, &mut ctx, &mut keys],
            ctx_addr,
            layout: Some(layout),
            packet: None,
            packet_window: None,
        },
    )?;
    let len = frame.len() as u16;
    let nhoff =
        u16::from_le_bytes([keys[0], keys[1]]).clamp(ETH_HLEN as u16, len.max(ETH_HLEN as u16));
    let thoff = u16::from_le_bytes([keys[2], keys[3]]).clamp(nhoff, len.max(nhoff));
    keys[0..2].copy_from_slice(&nhoff.to_le_bytes());
    keys[2..4].copy_from_slice(&thoff.to_le_bytes());
    Ok(TestRunOutput {
        retval: r0 as u32,
        data_out: keys,
        ctx_out: ctx_in,
        duration_ns,
        events,
    })
}

/// Program types whose context is plain memory: raw tracepoint arguments, syscall contexts,
/// and (as Sluice's extension) the tracing types the kernel cannot test-run.
fn run_raw_context(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    prog_type: ProgType,
    input: &TestRunInput,
) -> Result<TestRunOutput, TestRunError> {
    if !input.data_in.is_empty() && matches!(prog_type, ProgType::RawTracepoint | ProgType::Syscall)
    {
        return Err(bad(format!(
            "{} programs take no data_in",
            prog_type.name()
        )));
    }
    if input.repeat > 1 && matches!(prog_type, ProgType::RawTracepoint | ProgType::Syscall) {
        return Err(bad(format!(
            "{} programs cannot be repeated",
            prog_type.name()
        )));
    }
    let size = program
        .context
        .as_ref()
        .map_or(0, |layout: &ContextLayout| layout.size as usize);
    let mut ctx = input.ctx_in.clone().unwrap_or_default();
    if let Some(layout) = &program.context
        && ctx.len() > layout.uapi_size as usize
    {
        return Err(bad(format!(
            "ctx_in has {} bytes, more than the {}-byte context",
            ctx.len(),
            layout.uapi_size
        )));
    }
    ctx.resize(ctx.len().max(size).max(8), 0);
    let ctx_len = input.ctx_in.as_ref().map_or(0, Vec::len);
    let ctx_addr = if ctx_len == 0 && prog_type == ProgType::Syscall {
        0
    } else {
        ctx.as_ptr() as u64
    };
    let mut kernel_data = input.kernel_data.clone();
    let data_addr = kernel_data.as_ptr() as u64;
    for &(field, target) in &input.ctx_pointers {
        if target as usize >= kernel_data.len().max(1) {
            return Err(bad(format!(
                "a context pointer to byte {target} of {} bytes of kernel data",
                kernel_data.len()
            )));
        }
        put_u64(&mut ctx, field, data_addr + u64::from(target));
    }
    let mut buffers = vec![&mut ctx[..]];
    if !kernel_data.is_empty() {
        buffers.push(&mut kernel_data[..]);
    }
    let (r0, duration_ns, events) = execute(
        loaded,
        program,
        prog_type,
        input,
        RunMemory {
            buffers,
            ctx_addr,
            layout: program.context.as_ref(),
            packet: None,
            packet_window: None,
        },
    )?;
    ctx.truncate(ctx_len);
    // sk_lookup: the context comes back with `cookie` (the selected socket's, none here) zeroed.
    if prog_type == ProgType::SkLookup {
        ctx.iter_mut().take(8).for_each(|byte| *byte = 0);
    }
    let ctx_out = if matches!(prog_type, ProgType::Syscall | ProgType::SkLookup) {
        ctx
    } else {
        Vec::new()
    };
    Ok(TestRunOutput {
        retval: r0 as u32,
        data_out: Vec::new(),
        ctx_out,
        duration_ns,
        events,
    })
}
