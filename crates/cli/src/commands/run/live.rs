//! `sluice run --iface NAME`: frames from live interfaces, through `AF_PACKET` sockets.
//!
//! Sluice runs beside the kernel's stack, not in front of it: the socket gets a copy of each
//! frame the interface receives, and the kernel still handles the original. What the program
//! decides is carried out by Sluice itself: `XDP_TX` sends the frame (as rewritten) back out of
//! the interface it came in on; `XDP_REDIRECT` (and `TC_ACT_REDIRECT`) out of the interface
//! the redirect helper named (`bpf_redirect`, a device map entry, or every device of the map
//! for `BPF_F_BROADCAST`), when it is one of the `--iface` interfaces or `--pass-to`; a frame
//! that passes (`XDP_PASS`, `TC_ACT_OK`, kept socket-filter bytes) goes out of `--pass-to` when
//! given; everything else is dropped. So the usual setup gives Sluice interfaces the kernel
//! does nothing with (no address, not in a bridge): veth ends, TAP devices.
//!
//! Frames are read on the calling thread (or a reader thread with `--workers`), which waits on
//! every socket at once, and the run stops at Ctrl-C (SIGINT or SIGTERM), after `--duration`
//! seconds or after `--count` frames; the summary is then printed as for a capture.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use sluice_abi::verdict::Verdict;
use sluice_kernel::{PacketSocket, stop_on_interrupt, wait_readable};
use sluice_maps::{DevMap, Map};
use sluice_runtime::frames::FrameOptions;
use sluice_runtime::{LoadedObject, LoadedProgram, Redirect};

use super::sink::{Ran, Sink};
use super::workers::{Input, run_frames};

/// What `--iface` and its companions ask for.
pub(crate) struct LiveOptions<'a> {
    pub(crate) ifaces: &'a [String],
    pub(crate) pass_to: Option<&'a str>,
    pub(crate) duration: Option<f64>,
    pub(crate) count: Option<u64>,
}

/// The largest frame read: a jumbo frame (longer ones are truncated, and refused).
const MAX_FRAME: usize = 9216 + 18;
/// XDP verdicts.
const XDP_PASS: u32 = 2;
const XDP_TX: u32 = 3;
const XDP_REDIRECT: u32 = 4;
/// tc verdicts.
const TC_ACT_UNSPEC: i32 = -1;
const TC_ACT_OK: i32 = 0;
const TC_ACT_REDIRECT: i32 = 7;

/// Carries verdicts out of the interfaces, and counts what it sent.
pub(crate) struct Forwarder {
    ports: Vec<Arc<PacketSocket>>,
    pass_to: Option<Arc<PacketSocket>>,
    /// The object's device maps by handle, for broadcast redirects.
    devmaps: Vec<(u64, Arc<dyn Map>)>,
    /// Frames sent, by reason: `tx`, `redirect`, `pass_to`; and `not_forwarded` (a redirect to
    /// an interface Sluice does not hold), `send_errors`.
    pub(crate) counts: BTreeMap<&'static str, u64>,
    pub(crate) first_send_error: Option<String>,
}

impl Forwarder {
    fn new(
        loaded: &LoadedObject,
        ports: Vec<Arc<PacketSocket>>,
        pass_to: Option<Arc<PacketSocket>>,
    ) -> Forwarder {
        let devmaps = loaded
            .maps
            .iter()
            .filter(|map| map.as_any().downcast_ref::<DevMap>().is_some())
            .map(|map| (sluice_maps::map_handle(map), map.clone()))
            .collect();
        Forwarder {
            ports,
            pass_to,
            devmaps,
            counts: BTreeMap::new(),
            first_send_error: None,
        }
    }

    fn socket(&self, ifindex: u32) -> Option<&Arc<PacketSocket>> {
        self.ports
            .iter()
            .chain(&self.pass_to)
            .find(|socket| socket.ifindex() == ifindex)
    }

    fn send(&mut self, reason: &'static str, socket: &PacketSocket, frame: &[u8]) {
        match socket.send(frame) {
            Ok(()) => *self.counts.entry(reason).or_default() += 1,
            Err(error) => {
                *self.counts.entry("send_errors").or_default() += 1;
                self.first_send_error.get_or_insert(error.to_string());
            }
        }
    }

    fn redirect(&mut self, ingress: u32, target: Option<Redirect>, frame: &[u8]) {
        let targets: Vec<u32> = match target {
            Some(Redirect::Device { ifindex, .. }) => vec![ifindex],
            Some(Redirect::Broadcast {
                map,
                exclude_ingress,
            }) => self.broadcast_targets(map, exclude_ingress.then_some(ingress)),
            None => Vec::new(),
        };
        if targets.is_empty() {
            *self.counts.entry("not_forwarded").or_default() += 1;
        }
        for ifindex in targets {
            match self.socket(ifindex).cloned() {
                Some(socket) => self.send("redirect", &socket, frame),
                None => *self.counts.entry("not_forwarded").or_default() += 1,
            }
        }
    }

    /// The devices of the device map `handle`, less `excluded`.
    fn broadcast_targets(&self, handle: u64, excluded: Option<u32>) -> Vec<u32> {
        let Some((_, map)) = self.devmaps.iter().find(|(known, _)| *known == handle) else {
            return Vec::new();
        };
        let Some(devices) = map.as_any().downcast_ref::<DevMap>() else {
            return Vec::new();
        };
        let mut targets = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            let mut next = vec![0u8; 4];
            if map.next_key(key.as_deref(), &mut next).is_err() {
                break;
            }
            let index = u32::from_le_bytes([next[0], next[1], next[2], next[3]]);
            if let Some((ifindex, _)) = devices.get(index)
                && Some(ifindex) != excluded
                && !targets.contains(&ifindex)
            {
                targets.push(ifindex);
            }
            key = Some(next);
        }
        targets
    }

    /// Carries out the verdict of a frame that came in on `ingress`.
    pub(crate) fn forward(&mut self, ingress: u32, ran: &Ran) {
        let Some(data) = &ran.data else {
            return;
        };
        let pass = |this: &mut Forwarder, frame: &[u8]| {
            if let Some(socket) = this.pass_to.clone() {
                this.send("pass_to", &socket, frame);
            }
        };
        match ran.verdict {
            Verdict::Xdp(XDP_TX) => match self.socket(ingress).cloned() {
                Some(socket) => self.send("tx", &socket, data),
                None => *self.counts.entry("not_forwarded").or_default() += 1,
            },
            Verdict::Xdp(XDP_REDIRECT) | Verdict::Tc(TC_ACT_REDIRECT) => {
                self.redirect(ingress, ran.redirect, data);
            }
            Verdict::Xdp(XDP_PASS) | Verdict::Tc(TC_ACT_OK | TC_ACT_UNSPEC) => pass(self, data),
            Verdict::Keep(bytes) if bytes > 0 => {
                pass(self, &data[..(bytes as usize).min(data.len())]);
            }
            _ => {}
        }
    }
}

/// Frames from the sockets, until the stop flag, the deadline or the count.
struct LiveSource {
    sockets: Vec<Arc<PacketSocket>>,
    stop: &'static AtomicBool,
    deadline: Option<Instant>,
    remaining: Option<u64>,
    index: u64,
    buffer: Vec<u8>,
    /// Sockets found readable and not yet emptied.
    ready: Vec<usize>,
    /// The first receive error, which ends the run.
    error: Option<String>,
}

impl Iterator for LiveSource {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if self.stop.load(Ordering::Relaxed)
                || self.remaining == Some(0)
                || self
                    .deadline
                    .is_some_and(|deadline| Instant::now() >= deadline)
                || self.error.is_some()
            {
                return None;
            }
            while let Some(&socket_idx) = self.ready.last() {
                let socket = &self.sockets[socket_idx];
                match socket.recv(&mut self.buffer) {
                    Ok(Some(len)) => {
                        let index = self.index;
                        self.index += 1;
                        if let Some(remaining) = &mut self.remaining {
                            *remaining -= 1;
                        }
                        let refused = (len > self.buffer.len()).then(|| {
                            format!(
                                "a {len}-byte frame on {}: longer than {MAX_FRAME}",
                                socket.name()
                            )
                        });
                        let timestamp = SystemTime::now()
                            .duration_since(SystemTime::UNIX_EPOCH)
                            .unwrap_or_default();
                        return Some(Input {
                            index,
                            offset: 0,
                            timestamp,
                            data: self.buffer[..len.min(self.buffer.len())].to_vec(),
                            refused,
                            ingress: socket.ifindex(),
                        });
                    }
                    Ok(None) => {
                        self.ready.pop();
                    }
                    Err(error) => {
                        self.error = Some(format!("receiving on {}: {error}", socket.name()));
                        return None;
                    }
                }
            }
            let sockets: Vec<&PacketSocket> = self.sockets.iter().map(|s| &**s).collect();
            match wait_readable(&sockets, Duration::from_millis(100)) {
                Ok(ready) => self.ready = ready,
                Err(error) => {
                    self.error = Some(format!("waiting for frames: {error}"));
                    return None;
                }
            }
        }
    }
}

/// Runs the program on frames from the live interfaces until stopped.
pub(crate) fn run(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    options: FrameOptions,
    n_workers: usize,
    live: &LiveOptions<'_>,
    sink: &mut Sink,
) -> Result<()> {
    let mut ports = Vec::new();
    for name in live.ifaces {
        if ports
            .iter()
            .any(|port: &Arc<PacketSocket>| port.name() == name)
        {
            anyhow::bail!("--iface {name} is given twice");
        }
        ports.push(Arc::new(
            PacketSocket::open(name).with_context(|| format!("--iface {name}"))?,
        ));
    }
    let pass_to = match live.pass_to {
        Some(name) => Some(Arc::new(
            PacketSocket::open(name).with_context(|| format!("--pass-to {name}"))?,
        )),
        None => None,
    };
    sink.set_forwarder(Forwarder::new(loaded, ports.clone(), pass_to));
    let stop = stop_on_interrupt();
    let mut source = LiveSource {
        sockets: ports,
        stop,
        deadline: live
            .duration
            .map(|seconds| Instant::now() + Duration::from_secs_f64(seconds.max(0.0))),
        remaining: live.count,
        index: 0,
        buffer: vec![0u8; MAX_FRAME],
        ready: Vec::new(),
        error: None,
    };
    eprintln!(
        "sluice: running on {} (Ctrl-C stops)",
        live.ifaces.join(", ")
    );
    run_frames(
        loaded,
        program,
        options,
        n_workers,
        &mut source,
        sink,
        &mut |_, _| {},
    )?;
    match source.error {
        Some(error) => Err(anyhow::anyhow!(error)),
        None => Ok(()),
    }
}
