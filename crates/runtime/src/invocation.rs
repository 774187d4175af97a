//! [`Invocation`]: the state one program run shares with the helpers it calls.
//!
//! It is the interpreter's [`Helpers`] implementation: it knows the run's context and packet,
//! the loaded object's maps and programs (through the [`Registry`]), the CPU the run counts as,
//! and where events go. Helper functions live in [`crate::helpers`], one file per family.

use std::borrow::Cow;
use std::sync::Arc;

use sluice_abi::prog_type::ProgType;
use sluice_interp::{CallEnv, Executable, HelperError, Helpers};
use sluice_maps::Map;

use crate::context::ContextLayout;
use crate::events::Events;
use crate::helpers;
use crate::registry::Registry;

/// Where the packet of a packet program lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PacketBounds {
    /// Address of the first byte of the packet buffer (headroom included).
    pub buffer_start: u64,
    /// Address one past the buffer's last byte.
    pub buffer_end: u64,
    /// Lowest address `data_meta`/`data` may move to (`xdp_adjust_head`/`_meta`): the kernel
    /// keeps `struct xdp_frame` at the start of the headroom.
    pub headroom_floor: u64,
}

/// The state of one run.
#[derive(Debug)]
pub struct Invocation<'r> {
    pub(crate) registry: &'r Registry,
    /// The registry's maps when the run started, so that map helpers find a map by handle
    /// without taking the registry's lock (inner maps added later are looked up there).
    maps: Cow<'r, [(u64, Arc<dyn Map>)]>,
    pub(crate) prog_type: Option<ProgType>,
    /// The CPU the run counts as, for per-CPU maps and `bpf_get_smp_processor_id`.
    pub(crate) cpu: u32,
    /// Address of the context and its layout.
    pub(crate) ctx_addr: u64,
    pub(crate) ctx_layout: Option<&'r ContextLayout>,
    pub(crate) packet: Option<PacketBounds>,
    pub(crate) events: &'r mut Events,
    /// Seed of `bpf_get_prandom_u32`.
    pub(crate) prandom: u64,
    /// What helpers remember between calls (spin lock held, skb hash state, ...).
    pub(crate) helper_state: helpers::HelperState,
    /// Where the last redirect helper asked the frame to go (the kernel's
    /// `bpf_redirect_info`); the hook carries it out when the program returns the redirect
    /// action.
    pub(crate) redirect: Option<Redirect>,
    /// A helper that may move the packet's start or end ran (`xdp_adjust_head`,
    /// `skb_change_tail`, ...): the packet may have reached beyond where it is now.
    pub(crate) packet_resized: bool,
    /// The traced task the run counts as, if any (see [`crate::Task`]).
    pub(crate) task: Option<&'r dyn crate::Task>,
}

/// The target a redirect helper recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// One device, by interface index (`bpf_redirect`, or a device map's entry).
    Device {
        ifindex: u32,
        /// `BPF_F_INGRESS`: into the device's receive path rather than out of it.
        ingress: bool,
    },
    /// Every device of a device map (`bpf_redirect_map` with `BPF_F_BROADCAST`).
    Broadcast {
        /// The map's handle.
        map: u64,
        /// `BPF_F_EXCLUDE_INGRESS`: not back out of the device the frame came in on.
        exclude_ingress: bool,
    },
}

impl<'r> Invocation<'r> {
    /// A run of a program of type `prog_type` on `cpu`.
    pub fn new(
        registry: &'r Registry,
        prog_type: Option<ProgType>,
        cpu: u32,
        events: &'r mut Events,
    ) -> Invocation<'r> {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9e37_79b9, |elapsed| elapsed.as_nanos() as u64);
        let maps = Cow::Owned(Invocation::map_snapshot(registry));
        Invocation::with_maps(registry, maps, prog_type, cpu, events, seed)
    }

    /// The registry's maps by handle, for [`Invocation::reusing`].
    pub fn map_snapshot(registry: &Registry) -> Vec<(u64, Arc<dyn Map>)> {
        registry
            .maps()
            .into_iter()
            .map(|map| (sluice_maps::map_handle(&map), map))
            .collect()
    }

    /// A run like [`Invocation::new`] that takes the maps from a snapshot made once
    /// ([`Invocation::map_snapshot`]) and the random seed from the caller, so that a hook
    /// running a program many times allocates nothing per run.
    #[inline]
    pub fn reusing(
        registry: &'r Registry,
        maps: &'r [(u64, Arc<dyn Map>)],
        prog_type: Option<ProgType>,
        cpu: u32,
        events: &'r mut Events,
        seed: u64,
    ) -> Invocation<'r> {
        Invocation::with_maps(registry, Cow::Borrowed(maps), prog_type, cpu, events, seed)
    }

    #[inline]
    fn with_maps(
        registry: &'r Registry,
        maps: Cow<'r, [(u64, Arc<dyn Map>)]>,
        prog_type: Option<ProgType>,
        cpu: u32,
        events: &'r mut Events,
        seed: u64,
    ) -> Invocation<'r> {
        Invocation {
            registry,
            maps,
            prog_type,
            cpu,
            ctx_addr: 0,
            ctx_layout: None,
            packet: None,
            events,
            prandom: seed | 1,
            helper_state: helpers::HelperState::default(),
            redirect: None,
            packet_resized: false,
            task: None,
        }
    }

    /// Where the run's last redirect helper call asked the frame to go, if it succeeded.
    pub fn redirect(&self) -> Option<Redirect> {
        self.redirect
    }

    /// Whether a helper that may move the packet's start or end ran.
    pub fn packet_resized(&self) -> bool {
        self.packet_resized
    }

    /// Sets the context's address and layout.
    pub fn with_context(
        mut self,
        ctx_addr: u64,
        layout: Option<&'r ContextLayout>,
    ) -> Invocation<'r> {
        self.ctx_addr = ctx_addr;
        self.ctx_layout = layout;
        self
    }

    /// Makes the run count as `task`: the current-task helpers describe it and user-memory
    /// reads read its memory.
    pub fn with_task(mut self, task: &'r dyn crate::Task) -> Invocation<'r> {
        self.task = Some(task);
        self
    }

    /// Sets the packet buffer.
    pub fn with_packet(mut self, packet: PacketBounds) -> Invocation<'r> {
        self.packet = Some(packet);
        self
    }

    /// The map a program's map pointer argument names.
    pub(crate) fn map(&self, handle: u64) -> Result<Arc<dyn Map>, HelperError> {
        if let Some((_, map)) = self.maps.iter().find(|(known, _)| *known == handle) {
            return Ok(map.clone());
        }
        self.registry
            .map(handle)
            .ok_or_else(|| HelperError::Failed(format!("{handle:#x} is not a map")))
    }
}

impl Helpers for Invocation<'_> {
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        helpers::call(self, id, args, env)
    }

    fn tail_call(&mut self, prog_array: u64, index: u64) -> Option<Arc<Executable>> {
        let map = self.registry.map(prog_array)?;
        let id = crate::map_ops::prog_array_slot(&map, u32::try_from(index).ok()?)?;
        self.registry.program(id)
    }
}
