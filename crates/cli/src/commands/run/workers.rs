//! Running frames on one thread or on several (`--workers N`).
//!
//! With one worker, frames are read, run and handed to the sink on the calling thread. With
//! N, a reader thread sends each frame to the worker its flow hashes to ([`super::flow`]), in
//! batches; each worker has its own [`FrameRunner`] counting as CPU `i` (its slot of per-CPU
//! maps), and sends its results, in order, to the calling thread, which is the sink. Channels
//! are bounded, so memory stays bounded however long the input: the reader waits for the
//! workers, which wait for the sink. Within a flow, frames reach the sink in input order.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Duration;

use anyhow::{Result, anyhow};
use sluice_abi::prog_type::ProgType;
use sluice_runtime::frames::{FrameOptions, FrameRunner};
use sluice_runtime::{LoadedObject, LoadedProgram};

use super::flow::flow_hash;
use super::sink::{Processed, Sink, Tally, needs_sink, process};

/// One frame as the source gives it.
pub(crate) struct Input {
    pub(crate) index: u64,
    pub(crate) offset: u64,
    pub(crate) timestamp: Duration,
    pub(crate) data: Vec<u8>,
    /// Why the frame cannot be run (a link type other than Ethernet, ...), if so.
    pub(crate) refused: Option<String>,
    /// The interface it arrived on (live input), or 0.
    pub(crate) ingress: u32,
}

/// Runs one input, whose bytes are `data`, and wraps the result for the sink.
fn run_input(
    runner: &mut FrameRunner<'_>,
    prog_type: ProgType,
    input: Input,
    data: &[u8],
    keep_data: bool,
) -> Processed {
    if input.ingress != 0 {
        runner.set_ingress(input.ingress, 0);
    }
    let (outcome, events) = match input.refused {
        Some(message) => (Err(message), None),
        None => process(runner, prog_type, data, keep_data),
    };
    Processed {
        index: input.index,
        offset: input.offset,
        timestamp: input.timestamp,
        in_len: data.len(),
        ingress: input.ingress,
        outcome,
        events,
    }
}

/// What a worker sends back for a batch: the counts of all its frames, the frames the sink
/// must see itself, and where in the input the batch ended.
struct Done {
    tally: Tally,
    items: Vec<Processed>,
    last: (u64, u64),
}

/// Frames for one worker: their bytes one after the other (one allocation per batch, not
/// per frame: frames are read on one thread and run on another, and a per-frame buffer freed
/// on another thread than the one that made it costs more than the run), and each frame's
/// place in them.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    inputs: Vec<(Input, std::ops::Range<usize>)>,
}

impl Batch {
    fn with_capacity(frames: usize) -> Batch {
        Batch {
            bytes: Vec::with_capacity(frames * 128),
            inputs: Vec::with_capacity(frames),
        }
    }

    fn push(&mut self, mut input: Input) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(&input.data);
        // The frame's own buffer is freed here, on the thread that made it.
        input.data = Vec::new();
        self.inputs.push((input, start..self.bytes.len()));
    }
}

/// Frames per batch sent to a worker.
const BATCH: usize = 2048;
/// Batches waiting per channel at most.
const DEPTH: usize = 4;

/// What the sink is told after each frame, to show progress: frames so far and the input's
/// byte offset.
pub(crate) type OnProgress<'a> = dyn FnMut(u64, u64) + 'a;

/// Runs every frame `source` yields through `program` on `n_workers` threads (the calling
/// thread when 1), into `sink`. `source` returns `None` at the end of the input.
pub(crate) fn run_frames(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    options: FrameOptions,
    n_workers: usize,
    source: impl Iterator<Item = Input> + Send,
    sink: &mut Sink,
    progress: &mut OnProgress<'_>,
) -> Result<()> {
    let prog_type = sink.prog_type();
    let keep_data = sink.wants_data();
    if n_workers <= 1 {
        let mut runner = FrameRunner::new(loaded, program, options)?;
        for mut input in source {
            progress(input.index, input.offset);
            let data = std::mem::take(&mut input.data);
            sink.accept(run_input(&mut runner, prog_type, input, &data, keep_data))?;
        }
        return Ok(());
    }
    // Each worker's runner is made on its thread; a failure there ends the run.
    std::thread::scope(|scope| {
        let mut to_workers = Vec::with_capacity(n_workers);
        let mut handles = Vec::with_capacity(n_workers);
        // One channel back for all workers: each worker's results stay in its order.
        let (outbox, from_workers) = sync_channel::<Done>(DEPTH * n_workers);
        for worker in 0..n_workers {
            let (to_worker, inbox) = sync_channel::<Batch>(DEPTH);
            to_workers.push(to_worker);
            let options = FrameOptions {
                cpu: worker as u32,
                ..options
            };
            let outbox = outbox.clone();
            handles.push(scope.spawn(move || {
                work(
                    loaded, program, options, prog_type, keep_data, &inbox, &outbox,
                )
            }));
        }
        drop(outbox);
        let reader = scope.spawn(move || dispatch(source, to_workers));
        let collected = collect(&from_workers, sink, progress);
        // On an error, the workers' next send fails and they stop; so does the reader.
        drop(from_workers);
        let mut outcome = collected;
        for handle in handles {
            let result = handle
                .join()
                .map_err(|_| anyhow!("a worker thread panicked"))
                .and_then(|result| result);
            if outcome.is_ok() {
                outcome = result;
            }
        }
        reader
            .join()
            .map_err(|_| anyhow!("the reader thread panicked"))?;
        outcome
    })
}

/// The reader: sends each frame to its flow's worker, in batches.
fn dispatch(source: impl Iterator<Item = Input>, to_workers: Vec<SyncSender<Batch>>) {
    let n_workers = to_workers.len();
    let mut batches: Vec<Batch> = (0..n_workers)
        .map(|_| Batch::with_capacity(BATCH))
        .collect();
    for input in source {
        let worker = flow_hash(&input.data) as usize % n_workers;
        batches[worker].push(input);
        if batches[worker].inputs.len() == BATCH {
            let batch = std::mem::replace(&mut batches[worker], Batch::with_capacity(BATCH));
            if to_workers[worker].send(batch).is_err() {
                return;
            }
        }
    }
    for (worker, batch) in batches.into_iter().enumerate() {
        if !batch.inputs.is_empty() {
            let _ = to_workers[worker].send(batch);
        }
    }
}

/// A worker: runs the batches it receives and sends back the results.
fn work(
    loaded: &LoadedObject,
    program: &LoadedProgram,
    options: FrameOptions,
    prog_type: ProgType,
    keep_data: bool,
    inbox: &Receiver<Batch>,
    outbox: &SyncSender<Done>,
) -> Result<()> {
    let mut runner = FrameRunner::new(loaded, program, options)?;
    for batch in inbox {
        let mut done = Done {
            tally: Tally::default(),
            items: Vec::new(),
            last: (0, 0),
        };
        for (input, span) in batch.inputs {
            done.last = (input.index, input.offset);
            let data = &batch.bytes[span];
            let processed = run_input(&mut runner, prog_type, input, data, keep_data);
            done.tally.add(processed.in_len, &processed.outcome);
            if needs_sink(&processed) {
                done.items.push(processed);
            }
        }
        if outbox.send(done).is_err() {
            break;
        }
    }
    Ok(())
}

/// The sink's side: takes results from the workers as they come, until all are done.
fn collect(
    from_workers: &Receiver<Done>,
    sink: &mut Sink,
    progress: &mut OnProgress<'_>,
) -> Result<()> {
    for done in from_workers {
        sink.tally.merge(&done.tally);
        for processed in done.items {
            sink.act(processed)?;
        }
        sink.read_ringbufs()?;
        progress(done.last.0, done.last.1);
    }
    Ok(())
}
