//! Where frames end up after the program: the verdict counts, the captures written
//! (`--write`, `--split`), and the events printed as they happen. The sink runs on one thread
//! (the main one), whatever the number of workers, and sees each worker's frames in order.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use sluice_abi::prog_type::ProgType;
use sluice_abi::verdict::Verdict;
use sluice_capture::CaptureWriter;
use sluice_maps::{Map, PerfEventArray, RingBuf};
use sluice_runtime::frames::{FrameError, FrameRunner};
use sluice_runtime::{Events, LoadedObject, Redirect};

/// A frame's verdict and what the program made of it.
pub(crate) struct Ran {
    pub(crate) verdict: Verdict,
    /// Length of the frame after the program.
    pub(crate) len: usize,
    /// The frame after the program, when a sink needs its bytes.
    pub(crate) data: Option<Vec<u8>>,
    pub(crate) redirect: Option<Redirect>,
}

/// One frame, processed by a worker.
pub(crate) struct Processed {
    /// Its number in the input (from 0) and the byte offset of its record.
    pub(crate) index: u64,
    pub(crate) offset: u64,
    pub(crate) timestamp: Duration,
    /// Bytes of the frame as it came in.
    pub(crate) in_len: usize,
    /// The interface it arrived on (live input), or 0.
    pub(crate) ingress: u32,
    pub(crate) outcome: std::result::Result<Ran, String>,
    /// What the run emitted, if anything.
    pub(crate) events: Option<Events>,
}

/// Runs `frame` through `runner` and keeps what the sink needs (the bytes only when
/// `keep_data`).
pub(crate) fn process(
    runner: &mut FrameRunner<'_>,
    prog_type: ProgType,
    frame: &[u8],
    keep_data: bool,
) -> (std::result::Result<Ran, String>, Option<Events>) {
    let outcome = match runner.run(frame) {
        Ok(result) => Ok(Ran {
            verdict: Verdict::of(prog_type, result.retval, result.data.len()),
            len: result.data.len(),
            data: keep_data.then(|| result.data.to_vec()),
            redirect: result.redirect,
        }),
        Err(FrameError::Size(message)) => Err(message),
        Err(error @ FrameError::Trap { .. }) => Err(error.to_string()),
    };
    let events = runner.events();
    let events = if events.trace.is_empty() && events.perf.is_empty() {
        None
    } else {
        Some(runner.take_events())
    };
    (outcome, events)
}

/// Frames and bytes with one verdict.
#[derive(Default, Clone, Copy)]
pub(crate) struct Count {
    pub(crate) frames: u64,
    pub(crate) bytes: u64,
}

/// Frames, bytes and verdicts counted; workers keep their own and the sink adds them up, so
/// that frames needing nothing else never reach the sink one by one.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) n_frames: u64,
    pub(crate) n_bytes: u64,
    pub(crate) counts: BTreeMap<Verdict, Count>,
}

impl Tally {
    /// Counts a frame of `in_len` bytes and what the program made of it.
    pub(crate) fn add(&mut self, in_len: usize, outcome: &std::result::Result<Ran, String>) {
        self.n_frames += 1;
        self.n_bytes += in_len as u64;
        if let Ok(ran) = outcome {
            let count = match self.counts.get_mut(&ran.verdict) {
                Some(count) => count,
                None => self.counts.entry(ran.verdict.clone()).or_default(),
            };
            count.frames += 1;
            count.bytes += ran.len as u64;
        }
    }

    /// Adds another tally to this one.
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.n_frames += other.n_frames;
        self.n_bytes += other.n_bytes;
        for (verdict, count) in &other.counts {
            let mine = self.counts.entry(verdict.clone()).or_default();
            mine.frames += count.frames;
            mine.bytes += count.bytes;
        }
    }
}

/// Whether the sink must see this frame itself (beyond its counts).
pub(crate) fn needs_sink(processed: &Processed) -> bool {
    processed.events.is_some()
        || match &processed.outcome {
            Ok(ran) => ran.data.is_some(),
            Err(_) => true,
        }
}

/// The event consumers: ring buffers are read after each frame; perf event arrays get a slot
/// per CPU (worker), whose records the runs also report (and which are emptied as they are
/// printed, so they never fill up).
struct Consumers {
    ringbufs: Vec<(String, Arc<dyn Map>)>,
    perf: Vec<Arc<dyn Map>>,
}

/// Bytes each perf event slot may hold before records are lost.
const PERF_SLOT_BYTES: usize = 1 << 20;

impl Consumers {
    fn new(loaded: &LoadedObject, n_cpus: u32) -> Consumers {
        let mut ringbufs = Vec::new();
        let mut perf = Vec::new();
        for map in &loaded.maps {
            if map.as_any().downcast_ref::<RingBuf>().is_some() {
                ringbufs.push((map.spec().name.clone(), map.clone()));
            } else if let Some(array) = map.as_any().downcast_ref::<PerfEventArray>() {
                for index in 0..map.spec().max_entries.min(n_cpus) {
                    // An index already attached stays as it is.
                    let _ = array.attach(index, PERF_SLOT_BYTES);
                }
                perf.push(map.clone());
            }
        }
        Consumers { ringbufs, perf }
    }
}

/// Everything the sink writes and counts.
pub(crate) struct Sink {
    prog_type: ProgType,
    json: bool,
    write: Option<CaptureWriter<std::io::BufWriter<std::fs::File>>>,
    split_dir: Option<PathBuf>,
    split: BTreeMap<Verdict, CaptureWriter<std::io::BufWriter<std::fs::File>>>,
    pub(crate) tally: Tally,
    pub(crate) n_errors: u64,
    pub(crate) first_error: Option<String>,
    pub(crate) n_trace: u64,
    pub(crate) n_ringbuf: u64,
    pub(crate) n_perf: u64,
    consumers: Consumers,
    out: std::io::BufWriter<std::io::Stdout>,
    /// Live input: what carries verdicts out (XDP_TX, redirects, --pass-to).
    forwarder: Option<super::live::Forwarder>,
}

impl Sink {
    pub(crate) fn new(
        loaded: &LoadedObject,
        prog_type: ProgType,
        json: bool,
        write: Option<&PathBuf>,
        split: Option<&PathBuf>,
        n_cpus: u32,
    ) -> Result<Sink> {
        let write = match write {
            Some(path) => Some(CaptureWriter::create(path)?),
            None => None,
        };
        if let Some(dir) = split {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("--split: cannot create {}", dir.display()))?;
        }
        Ok(Sink {
            prog_type,
            json,
            write,
            split_dir: split.cloned(),
            split: BTreeMap::new(),
            tally: Tally::default(),
            n_errors: 0,
            first_error: None,
            n_trace: 0,
            n_ringbuf: 0,
            n_perf: 0,
            consumers: Consumers::new(loaded, n_cpus),
            out: std::io::BufWriter::new(std::io::stdout()),
            forwarder: None,
        })
    }

    /// Whether the sink needs the bytes of frames after the program.
    pub(crate) fn wants_data(&self) -> bool {
        self.write.is_some() || self.split_dir.is_some() || self.forwarder.is_some()
    }

    /// Carries verdicts out through `forwarder` (live input).
    pub(crate) fn set_forwarder(&mut self, forwarder: super::live::Forwarder) {
        self.forwarder = Some(forwarder);
    }

    /// The forwarder's counts, if there is one.
    pub(crate) fn forwarder(&self) -> Option<&super::live::Forwarder> {
        self.forwarder.as_ref()
    }

    /// The program type the verdicts are of.
    pub(crate) fn prog_type(&self) -> ProgType {
        self.prog_type
    }

    fn error(&mut self, index: u64, offset: u64, message: String) {
        self.n_errors += 1;
        self.first_error
            .get_or_insert_with(|| format!("frame {index} (byte offset {offset}): {message}"));
    }

    /// Takes one processed frame: counts it, then [`Sink::act`]s on it.
    pub(crate) fn accept(&mut self, frame: Processed) -> Result<()> {
        self.tally.add(frame.in_len, &frame.outcome);
        self.act(frame)?;
        self.read_ringbufs()
    }

    /// Does what a frame already counted needs: prints its events, records its error, carries
    /// its verdict out (live input), writes it where it goes.
    pub(crate) fn act(&mut self, frame: Processed) -> Result<()> {
        if let Some(events) = &frame.events {
            self.print_events(events)?;
        }
        let ran = match frame.outcome {
            Ok(ran) => ran,
            Err(message) => {
                self.error(frame.index, frame.offset, message);
                return Ok(());
            }
        };
        if let Some(forwarder) = &mut self.forwarder {
            forwarder.forward(frame.ingress, &ran);
        }
        let Some(data) = &ran.data else {
            return Ok(());
        };
        if let Some(dir) = &self.split_dir {
            if !self.split.contains_key(&ran.verdict) {
                let path = dir.join(format!("{}.pcap", ran.verdict.name()));
                self.split
                    .insert(ran.verdict.clone(), CaptureWriter::create(&path)?);
            }
            if let Some(out) = self.split.get_mut(&ran.verdict) {
                out.write(frame.timestamp, data)?;
            }
        }
        if let Some(writer) = &mut self.write
            && ran.verdict.passes()
        {
            let kept = match ran.verdict {
                Verdict::Keep(bytes) => &data[..(bytes as usize).min(data.len())],
                _ => &data[..],
            };
            writer.write(frame.timestamp, kept)?;
        }
        Ok(())
    }

    fn print_events(&mut self, events: &Events) -> Result<()> {
        self.n_trace += events.trace.len() as u64;
        self.n_perf += events.perf.len() as u64;
        if !self.json {
            for line in &events.trace {
                // `bpf_printk("...\n")` lines carry their own newline, as in trace_pipe.
                writeln!(self.out, "{}", line.strip_suffix('\n').unwrap_or(line))?;
            }
            for record in &events.perf {
                writeln!(
                    self.out,
                    "perf {} cpu {}: {}",
                    record.map,
                    record.cpu,
                    hex(&record.data)
                )?;
            }
            // As they happen: a reader of the output sees the events of a frame once it ran.
            self.out.flush()?;
        }
        if !events.perf.is_empty() {
            // The records were reported by the run: empty the slots so they never fill.
            for map in &self.consumers.perf {
                if let Some(array) = map.as_any().downcast_ref::<PerfEventArray>() {
                    for index in 0..map.spec().max_entries {
                        array.drain(index);
                    }
                }
            }
        }
        Ok(())
    }

    /// Prints the records waiting in the object's ring buffers.
    pub(crate) fn read_ringbufs(&mut self) -> Result<()> {
        let Sink {
            consumers,
            out,
            json,
            n_ringbuf,
            ..
        } = self;
        let mut failed = None;
        let before = *n_ringbuf;
        for (name, map) in &consumers.ringbufs {
            let Some(ring) = map.as_any().downcast_ref::<RingBuf>() else {
                continue;
            };
            ring.consume(&mut |record| {
                *n_ringbuf += 1;
                if !*json && failed.is_none() {
                    failed = writeln!(out, "ringbuf {name}: {}", hex(record)).err();
                }
            });
        }
        if let Some(error) = failed {
            return Err(error.into());
        }
        if *n_ringbuf != before && !*json {
            out.flush()?;
        }
        Ok(())
    }

    /// Flushes the captures written; the standard output is flushed by [`Sink::output`].
    pub(crate) fn finish_captures(&mut self) -> Result<()> {
        if let Some(writer) = self.write.take() {
            writer.finish()?;
        }
        for (_, out) in std::mem::take(&mut self.split) {
            out.finish()?;
        }
        Ok(())
    }

    /// The standard output, for the report.
    pub(crate) fn output(&mut self) -> &mut impl Write {
        &mut self.out
    }
}

/// Bytes as lower-case hex, as events and dumps without a type print them.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
