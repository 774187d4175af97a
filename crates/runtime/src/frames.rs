//! [`FrameRunner`]: a packet program run on a stream of frames, as a driver (XDP) or the
//! stack (tc, socket filters) runs it, with nothing allocated per frame.
//!
//! Each frame sees what [`crate::test_run::test_run`] would give it — the same buffer layout
//! (headroom, tail room), the same `xdp_md` or `__sk_buff` fields, the same packet bounds for
//! `xdp_adjust_head`/`_tail` and the skb helpers — so a frame's verdict and output are those of
//! a test-run of it. What differs is the cost: the buffers, the context, the stack and the
//! map regions are made once, and a frame only copies its bytes in, resets the context and
//! calls the code.
//!
//! Invariants: between frames the buffer is zero outside the frame, as in a fresh test-run
//! (bytes the previous frame wrote past its end or into the headroom are cleared before the
//! next one runs); the packet region and the context region never move.

use std::sync::Arc;

use sluice_abi::context::xdp_md;
use sluice_abi::prog_type::ProgType;
use sluice_interp::{Config, Interpreter, Memory, Region, RegionId, Trap};
use sluice_jit::JitProgram;
use sluice_maps::Map;

use crate::context::ContextLayout;
use crate::error::RuntimeError;
use crate::events::Events;
use crate::invocation::{Invocation, PacketBounds, Redirect};
use crate::loader::{LoadedObject, LoadedProgram};
use crate::test_run::{
    ETH_HLEN, SKB_HEADROOM, SKB_MAX_DATA, XDP_FRAME_SIZE, XDP_MAX_LINEAR, XDP_PACKET_HEADROOM,
    get_u64, pkt_type,
};

/// Bytes of tail room after a frame, as test-run leaves them.
const TAIL_ROOM: usize = 320;
/// Instructions the interpreter runs per frame at most (verified programs end well before).
const INTERP_BUDGET: u64 = 1_000_000;

/// How the runner runs each frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrameOptions {
    pub engine: crate::Engine,
    pub jit_options: crate::JitOptions,
    /// The CPU the runs count as (per-CPU map slot, `bpf_get_smp_processor_id`).
    pub cpu: u32,
    /// `xdp_md.ingress_ifindex` and `__sk_buff.ifindex` (1, the loopback device, when 0, as
    /// in test-run for skbs).
    pub ifindex: u32,
    /// `xdp_md.rx_queue_index` and `__sk_buff.queue_mapping`.
    pub rx_queue: u32,
}

/// Why a frame was not run to the end.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FrameError {
    /// The frame's size is outside what the hook accepts.
    #[error("{0}")]
    Size(String),
    #[error("program `{program}` trapped: {trap}")]
    Trap { program: String, trap: Trap },
}

/// What the program made of one frame.
#[derive(Debug)]
pub struct FrameResult<'a> {
    /// The program's return value (32 bits).
    pub retval: u32,
    /// The frame as the program left it, from its Ethernet header (for XDP, from `data`: the
    /// metadata in front is not part of the frame).
    pub data: &'a [u8],
    /// The redirect target a helper recorded, if the program called one that succeeded.
    pub redirect: Option<Redirect>,
}

/// Which of the two packet contexts the program sees.
#[derive(Clone, Copy, Debug)]
enum Hook {
    Xdp,
    /// An `__sk_buff` program; `from_network` for those that see the frame from the network
    /// header (socket filters, cgroup and LWT programs).
    Skb {
        from_network: bool,
    },
}

/// The `__sk_buff` fields a frame sets, by UAPI offset.
#[derive(Clone, Copy, Debug, Default)]
struct SkbFields {
    len: Option<u32>,
    pkt_type: Option<u32>,
    protocol: Option<u32>,
    ifindex: Option<u32>,
    ingress_ifindex: Option<u32>,
    queue_mapping: Option<u32>,
    wire_len: Option<u32>,
    family: Option<u32>,
    local_ip4: Option<u32>,
    remote_ip4: Option<u32>,
    local_ip6: Option<u32>,
    remote_ip6: Option<u32>,
}

impl SkbFields {
    fn of(uapi: &sluice_abi::context::ContextLayout) -> SkbFields {
        let field = |name: &str| uapi.field(name).map(|f| f.offset);
        SkbFields {
            len: field("len"),
            pkt_type: field("pkt_type"),
            protocol: field("protocol"),
            ifindex: field("ifindex"),
            ingress_ifindex: field("ingress_ifindex"),
            queue_mapping: field("queue_mapping"),
            wire_len: field("wire_len"),
            family: field("family"),
            local_ip4: field("local_ip4"),
            remote_ip4: field("remote_ip4"),
            local_ip6: field("local_ip6"),
            remote_ip6: field("remote_ip6"),
        }
    }
}

/// Where the packet pointers live in the internal context.
#[derive(Clone, Copy, Debug)]
struct Slots {
    data: usize,
    data_end: usize,
    data_meta: usize,
}

/// The engine the frames run on.
enum Code {
    Interp(Interpreter),
    Jit(Arc<JitProgram>),
}

/// A packet program ready to run frame after frame; see the module documentation.
pub struct FrameRunner<'l> {
    loaded: &'l LoadedObject,
    program: &'l LoadedProgram,
    prog_type: ProgType,
    hook: Hook,
    layout: &'l ContextLayout,
    slots: Slots,
    skb: SkbFields,
    code: Code,
    memory: Memory<'l>,
    packet_region: RegionId,
    ctx_region: RegionId,
    buffer_addr: u64,
    ctx_addr: u64,
    /// The bytes of the buffer that may be non-zero after the last frame.
    dirty: std::ops::Range<usize>,
    /// The buffer's length.
    buffer_len: usize,
    /// The last run moved the packet pointers, or trapped (or none ran yet): the next frame
    /// sets every field of the context again.
    pointers_moved: bool,
    maps: Vec<(u64, Arc<dyn Map>)>,
    events: Events,
    options: FrameOptions,
    seed: u64,
}

impl std::fmt::Debug for FrameRunner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameRunner")
            .field("program", &self.program.name)
            .field("prog_type", &self.prog_type)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// The error of a frame whose size the hook does not take (kept out of the hot path).
#[cold]
#[inline(never)]
fn size_error(what: &str, max: usize, len: usize) -> FrameError {
    FrameError::Size(format!(
        "{what} frame has {ETH_HLEN} to {max} bytes; this one has {len}"
    ))
}

/// The error of a frame the program trapped on (kept out of the hot path).
#[cold]
#[inline(never)]
fn trapped(program: &str, trap: Trap) -> FrameError {
    FrameError::Trap {
        program: program.to_string(),
        trap,
    }
}

fn put(bytes: &mut [u8], offset: usize, value: &[u8]) {
    if let Some(slot) = bytes.get_mut(offset..offset + value.len()) {
        slot.copy_from_slice(value);
    }
}

fn put_u32(bytes: &mut [u8], offset: Option<u32>, value: u32) {
    if let Some(offset) = offset {
        put(bytes, offset as usize, &value.to_le_bytes());
    }
}

impl<'l> FrameRunner<'l> {
    /// A runner for `program` of `loaded`, an XDP or `__sk_buff` program.
    pub fn new(
        loaded: &'l LoadedObject,
        program: &'l LoadedProgram,
        options: FrameOptions,
    ) -> Result<FrameRunner<'l>, RuntimeError> {
        let unsupported = |message: String| RuntimeError::Unsupported(message);
        let prog_type = program.prog_type.ok_or_else(|| {
            unsupported(format!(
                "section `{}` does not say the program type of `{}`",
                program.section, program.name
            ))
        })?;
        let hook = match prog_type {
            ProgType::Xdp => Hook::Xdp,
            ProgType::SchedCls | ProgType::SchedAct | ProgType::SkSkb => Hook::Skb {
                from_network: false,
            },
            ProgType::SocketFilter
            | ProgType::CgroupSkb
            | ProgType::LwtIn
            | ProgType::LwtOut
            | ProgType::LwtXmit
            | ProgType::LwtSeg6local => Hook::Skb { from_network: true },
            other => {
                return Err(unsupported(format!(
                    "`{}` is a {other} program, not one that sees frames",
                    program.name
                )));
            }
        };
        let layout = program
            .context
            .as_ref()
            .ok_or_else(|| unsupported(format!("no context layout for {prog_type}")))?;
        let slot = |name: &str| {
            layout
                .slot_of(name)
                .map(|slot| slot as usize)
                .ok_or_else(|| unsupported(format!("the context has no packet pointer `{name}`")))
        };
        let slots = Slots {
            data: slot("data")?,
            data_end: slot("data_end")?,
            data_meta: slot("data_meta")?,
        };
        let skb = match hook {
            Hook::Xdp => SkbFields::default(),
            Hook::Skb { .. } => sluice_abi::context::layout(prog_type)
                .map(SkbFields::of)
                .unwrap_or_default(),
        };
        let code = match options.engine {
            crate::Engine::Interp => Code::Interp(Interpreter::new(Config {
                insn_budget: Some(INTERP_BUDGET),
            })),
            crate::Engine::Jit => Code::Jit(
                JitProgram::of_with(&program.executable, options.jit_options).map_err(|error| {
                    unsupported(format!(
                        "the JIT cannot compile `{}`: {error}",
                        program.name
                    ))
                })?,
            ),
        };
        let buffer_len = match hook {
            Hook::Xdp => XDP_PACKET_HEADROOM + XDP_MAX_LINEAR + TAIL_ROOM,
            Hook::Skb { .. } => SKB_HEADROOM + SKB_MAX_DATA + TAIL_ROOM,
        };
        let buffer = vec![0u8; buffer_len].into_boxed_slice();
        let ctx = vec![0u8; layout.size as usize].into_boxed_slice();
        let mut memory = Memory::new();
        // The most accessed region first.
        let packet_region = memory.add_region(Region::owned(buffer, true));
        let ctx_region = memory.add_region(Region::owned(ctx, true));
        let buffer_addr = memory.region(packet_region).addr();
        let ctx_addr = memory.region(ctx_region).addr();
        const BPF_F_RDONLY_PROG: u32 = 1 << 7;
        for map in &loaded.maps {
            let writable = map.spec().map_flags & BPF_F_RDONLY_PROG == 0;
            for buf in map.storage() {
                memory.add_region(Region::shared(buf, writable));
            }
        }
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9e37_79b9, |elapsed| elapsed.as_nanos() as u64)
            ^ u64::from(options.cpu).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        Ok(FrameRunner {
            loaded,
            program,
            prog_type,
            hook,
            layout,
            slots,
            skb,
            code,
            memory,
            packet_region,
            ctx_region,
            buffer_addr,
            ctx_addr,
            dirty: 0..buffer_len,
            buffer_len,
            pointers_moved: true,
            maps: Invocation::map_snapshot(&loaded.registry),
            events: Events::default(),
            options,
            seed,
        })
    }

    /// Sets the interface (and receive queue) the next frames arrive on: `ingress_ifindex`
    /// and `rx_queue_index` of `xdp_md`, `ifindex` and `queue_mapping` of `__sk_buff`.
    pub fn set_ingress(&mut self, ifindex: u32, rx_queue: u32) {
        if (self.options.ifindex, self.options.rx_queue) != (ifindex, rx_queue) {
            self.options.ifindex = ifindex;
            self.options.rx_queue = rx_queue;
            self.pointers_moved = true;
        }
    }

    /// The program's type.
    pub fn prog_type(&self) -> ProgType {
        self.prog_type
    }

    /// What the runs emitted since the last [`FrameRunner::take_events`].
    pub fn events(&self) -> &Events {
        &self.events
    }

    /// Takes the trace lines and perf records emitted so far.
    pub fn take_events(&mut self) -> Events {
        std::mem::take(&mut self.events)
    }

    /// Runs the program on `frame` (from its Ethernet header).
    pub fn run(&mut self, frame: &[u8]) -> Result<FrameResult<'_>, FrameError> {
        match self.hook {
            Hook::Xdp => self.run_xdp(frame),
            Hook::Skb { from_network } => self.run_skb(frame, from_network),
        }
    }

    /// Copies `frame` into the buffer at `at`, clearing what the last frame left elsewhere.
    #[inline(always)]
    fn place(&mut self, frame: &[u8], at: usize) {
        let dirty = self.dirty.start..self.dirty.end.min(self.buffer_len);
        let Some(buffer) = self.memory.region_bytes_mut(self.packet_region) else {
            return;
        };
        let end = at + frame.len();
        if dirty.start < at {
            buffer[dirty.start..at.min(dirty.end)].fill(0);
        }
        buffer[at..end].copy_from_slice(frame);
        if end < dirty.end {
            buffer[end.max(dirty.start)..dirty.end].fill(0);
        }
        self.dirty = at..end;
    }

    #[inline(always)]
    fn run_xdp(&mut self, frame: &[u8]) -> Result<FrameResult<'_>, FrameError> {
        if frame.len() < ETH_HLEN || frame.len() > XDP_MAX_LINEAR {
            return Err(size_error("an XDP", XDP_MAX_LINEAR, frame.len()));
        }
        self.place(frame, XDP_PACKET_HEADROOM);
        let start = self.buffer_addr + XDP_PACKET_HEADROOM as u64;
        let end = start + frame.len() as u64;
        let (slots, moved) = (self.slots, self.pointers_moved);
        let (ifindex, rx_queue) = (self.options.ifindex, self.options.rx_queue);
        if let Some(ctx) = self.memory.region_bytes_mut(self.ctx_region) {
            // The program cannot write `xdp_md` (the verifier refuses it), and only helpers
            // move the packet pointers: `data_end` is all that changes from frame to frame,
            // unless the last frame moved the others.
            put(ctx, slots.data_end, &end.to_le_bytes());
            if moved {
                put(ctx, slots.data_meta, &start.to_le_bytes());
                put(ctx, slots.data, &start.to_le_bytes());
                put_u32(ctx, Some(xdp_md::INGRESS_IFINDEX), ifindex);
                put_u32(ctx, Some(xdp_md::RX_QUEUE_INDEX), rx_queue);
            }
        }
        let buffer_len = self.buffer_len as u64;
        let bounds = PacketBounds {
            buffer_start: self.buffer_addr,
            buffer_end: self.buffer_addr + buffer_len,
            headroom_floor: self.buffer_addr + XDP_FRAME_SIZE as u64,
        };
        let (retval, redirect) = self.execute(bounds, None)?;
        if !self.pointers_moved {
            // No helper moved the packet: it is where it was put.
            let range = XDP_PACKET_HEADROOM..XDP_PACKET_HEADROOM + frame.len();
            let data = self
                .memory
                .region_bytes_mut(self.packet_region)
                .and_then(|buffer| buffer.get(range))
                .unwrap_or(&[]);
            return Ok(FrameResult {
                retval,
                data,
                redirect,
            });
        }
        self.output(retval, redirect, 0)
    }

    fn run_skb(&mut self, frame: &[u8], from_network: bool) -> Result<FrameResult<'_>, FrameError> {
        if frame.len() < ETH_HLEN || frame.len() > SKB_MAX_DATA {
            return Err(size_error("an skb", SKB_MAX_DATA, frame.len()));
        }
        let eth_type = u16::from_be_bytes([frame[12], frame[13]]);
        match eth_type {
            0x0800 if frame.len() < ETH_HLEN + 20 => {
                return Err(FrameError::Size(
                    "an IPv4 frame needs at least 34 bytes".into(),
                ));
            }
            0x86dd if frame.len() < ETH_HLEN + 40 => {
                return Err(FrameError::Size(
                    "an IPv6 frame needs at least 54 bytes".into(),
                ));
            }
            _ => {}
        }
        self.place(frame, SKB_HEADROOM);
        let base = self.buffer_addr;
        let frame_start = base + SKB_HEADROOM as u64;
        let start = frame_start + if from_network { ETH_HLEN as u64 } else { 0 };
        let end = frame_start + frame.len() as u64;
        let (slots, fields) = (self.slots, self.skb);
        let ifindex = self.options.ifindex.max(1);
        if let Some(ctx) = self.memory.region_bytes_mut(self.ctx_region) {
            ctx.fill(0);
            put_u32(ctx, fields.len, (end - start) as u32);
            put_u32(ctx, fields.pkt_type, pkt_type(frame));
            put_u32(ctx, fields.protocol, u32::from(eth_type.to_be()));
            put_u32(ctx, fields.ifindex, ifindex);
            if self.options.ifindex != 0 {
                put_u32(ctx, fields.ingress_ifindex, ifindex);
            }
            put_u32(ctx, fields.queue_mapping, self.options.rx_queue);
            put_u32(ctx, fields.wire_len, frame.len() as u32);
            // The addresses of the socket test-run attaches, from the IP header.
            let ip = &frame[ETH_HLEN..];
            let at = |offset: Option<u32>| offset.map(|offset| offset as usize);
            match eth_type {
                0x0800 => {
                    put_u32(ctx, fields.family, 2);
                    if let Some(offset) = at(fields.local_ip4) {
                        put(ctx, offset, &ip[12..16]);
                    }
                    if let Some(offset) = at(fields.remote_ip4) {
                        put(ctx, offset, &ip[16..20]);
                    }
                }
                0x86dd => {
                    put_u32(ctx, fields.family, 10);
                    if let Some(offset) = at(fields.local_ip6) {
                        put(ctx, offset, &ip[8..24]);
                    }
                    if let Some(offset) = at(fields.remote_ip6) {
                        put(ctx, offset, &ip[24..40]);
                    }
                }
                _ => {}
            }
            put(ctx, slots.data_meta, &start.to_le_bytes());
            put(ctx, slots.data, &start.to_le_bytes());
            put(ctx, slots.data_end, &end.to_le_bytes());
        }
        let bounds = PacketBounds {
            buffer_start: base,
            buffer_end: end + TAIL_ROOM as u64,
            headroom_floor: base,
        };
        let (retval, redirect) = self.execute(bounds, Some((start, end - start)))?;
        let network_offset = if from_network { ETH_HLEN } else { 0 };
        self.output(retval, redirect, network_offset)
    }

    /// Runs the code on the prepared buffer and context.
    #[inline(always)]
    fn execute(
        &mut self,
        bounds: PacketBounds,
        packet_window: Option<(u64, u64)>,
    ) -> Result<(u32, Option<Redirect>), FrameError> {
        if let Some((addr, len)) = packet_window {
            self.memory.set_packet_window(addr, len);
        }
        // A new seed per frame (a Weyl sequence; `bpf_get_prandom_u32` mixes it on first use
        // as `prandom_seed_state` does), so random numbers differ from frame to frame.
        self.seed = self.seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut invocation = Invocation::reusing(
            &self.loaded.registry,
            &self.maps,
            Some(self.prog_type),
            self.options.cpu,
            &mut self.events,
            self.seed,
        );
        // Set in place: the builder methods would move the whole run state twice per frame.
        invocation.ctx_addr = self.ctx_addr;
        invocation.ctx_layout = Some(self.layout);
        invocation.packet = Some(bounds);
        let args = [self.ctx_addr, 0, 0, 0, 0];
        let outcome = match &self.code {
            Code::Jit(jit) => jit.run(&mut self.memory, args, &mut invocation),
            Code::Interp(interpreter) => interpreter
                .run(
                    &self.program.executable,
                    &mut self.memory,
                    args,
                    &mut invocation,
                )
                .map(|outcome| outcome.r0),
        };
        let redirect = invocation.redirect();
        self.pointers_moved = invocation.packet_resized();
        if self.pointers_moved || outcome.is_err() {
            // The packet may have reached anywhere in the buffer: clear it all before the next.
            self.dirty = 0..usize::MAX;
            self.pointers_moved = true;
        }
        match outcome {
            Ok(r0) => Ok((r0 as u32, redirect)),
            Err(trap) => Err(trapped(&self.program.name, trap)),
        }
    }

    /// The result of the run that just ended: the frame from `data` (less `network_offset`
    /// bytes for programs that see it from the network header) to `data_end`.
    fn output(
        &mut self,
        retval: u32,
        redirect: Option<Redirect>,
        network_offset: usize,
    ) -> Result<FrameResult<'_>, FrameError> {
        let slots = self.slots;
        let base = self.buffer_addr;
        let (start, end) = match self.memory.region_bytes_mut(self.ctx_region) {
            Some(ctx) => (
                get_u64(ctx, slots.data as u32),
                get_u64(ctx, slots.data_end as u32),
            ),
            None => (0, 0),
        };
        let buffer = self
            .memory
            .region_bytes_mut(self.packet_region)
            .map_or(&[][..], |buffer| &*buffer);
        let start = (start.saturating_sub(base) as usize).saturating_sub(network_offset);
        let end = end.saturating_sub(base) as usize;
        // Helpers keep the packet inside the buffer; clamp anyway rather than trust it.
        let end = end.min(buffer.len());
        let start = start.min(end);
        Ok(FrameResult {
            retval,
            data: &buffer[start..end],
            redirect,
        })
    }
}
