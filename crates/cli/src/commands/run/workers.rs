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
use super::sink::{Processed, Sink, process};

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

/// Runs one input and wraps the result for the sink.
fn run_input(
    runner: &mut FrameRunner<'_>,
    prog_type: ProgType,
    input: Input,
    keep_data: bool,
) -> Processed {
    if input.ingress != 0 {
        runner.set_ingress(input.ingress, 0);
    }
    let (outcome, events) = match input.refused {
        Some(message) => (Err(message), None),
        None => process(runner, prog_type, &input.data, keep_data),
    };
    Processed {
        index: input.index,
        offset: input.offset,
        timestamp: input.timestamp,
        in_len: input.data.len(),
        ingress: input.ingress,
        outcome,
        events,
    }
}

/// Frames per batch sent to a worker.
const BATCH: usize = 256;
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
        for input in source {
            progress(input.index, input.offset);
            sink.accept(run_input(&mut runner, prog_type, input, keep_data))?;
        }
        return Ok(());
    }
    // Each worker's runner is made on its thread; a failure there ends the run.
    std::thread::scope(|scope| {
        let mut to_workers = Vec::with_capacity(n_workers);
        let mut from_workers = Vec::with_capacity(n_workers);
        let mut handles = Vec::with_capacity(n_workers);
        for worker in 0..n_workers {
            let (to_worker, inbox) = sync_channel::<Vec<Input>>(DEPTH);
            let (outbox, from_worker) = sync_channel::<Vec<Processed>>(DEPTH);
            to_workers.push(to_worker);
            from_workers.push(from_worker);
            let options = FrameOptions {
                cpu: worker as u32,
                ..options
            };
            handles.push(scope.spawn(move || {
                work(
                    loaded, program, options, prog_type, keep_data, &inbox, &outbox,
                )
            }));
        }
        let reader = scope.spawn(move || dispatch(source, to_workers));
        let collected = collect(&from_workers, sink, progress);
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
fn dispatch(source: impl Iterator<Item = Input>, to_workers: Vec<SyncSender<Vec<Input>>>) {
    let n_workers = to_workers.len();
    let mut batches: Vec<Vec<Input>> = (0..n_workers).map(|_| Vec::with_capacity(BATCH)).collect();
    for input in source {
        let worker = flow_hash(&input.data) as usize % n_workers;
        batches[worker].push(input);
        if batches[worker].len() == BATCH {
            let batch = std::mem::replace(&mut batches[worker], Vec::with_capacity(BATCH));
            if to_workers[worker].send(batch).is_err() {
                return;
            }
        }
    }
    for (worker, batch) in batches.into_iter().enumerate() {
        if !batch.is_empty() {
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
    inbox: &Receiver<Vec<Input>>,
    outbox: &SyncSender<Vec<Processed>>,
) -> Result<()> {
    let mut runner = FrameRunner::new(loaded, program, options)?;
    for batch in inbox {
        let results = batch
            .into_iter()
            .map(|input| run_input(&mut runner, prog_type, input, keep_data))
            .collect();
        if outbox.send(results).is_err() {
            break;
        }
    }
    Ok(())
}

/// The sink's side: takes results from every worker as they come, until all are done.
fn collect(
    from_workers: &[Receiver<Vec<Processed>>],
    sink: &mut Sink,
    progress: &mut OnProgress<'_>,
) -> Result<()> {
    let mut open = vec![true; from_workers.len()];
    while open.iter().any(|open| *open) {
        let mut got = false;
        for (worker, receiver) in from_workers.iter().enumerate() {
            if !open[worker] {
                continue;
            }
            match receiver.try_recv() {
                Ok(batch) => {
                    got = true;
                    for processed in batch {
                        progress(processed.index, processed.offset);
                        sink.accept(processed)?;
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => open[worker] = false,
            }
        }
        if !got {
            // Nothing ready: wait a little on the first open worker rather than spin.
            if let Some(worker) = open.iter().position(|open| *open) {
                match from_workers[worker].recv_timeout(Duration::from_micros(200)) {
                    Ok(batch) => {
                        for processed in batch {
                            progress(processed.index, processed.offset);
                            sink.accept(processed)?;
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => open[worker] = false,
                }
            }
        }
    }
    Ok(())
}
