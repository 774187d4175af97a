//! [`TestRun`] and [`TestRunOutput`]: running a loaded program once or `repeat` times on
//! given input with `BPF_PROG_TEST_RUN`, the kernel's answer to "what would this program do?".
//!
//! Invariants:
//! - The output buffers are exactly as long as the kernel says its output is (`data_size_out`,
//!   `ctx_size_out`); bytes it did not write are not reported.
//! - An output buffer that turns out too small (`ENOSPC`) is grown to the size the kernel
//!   reported and the program is run again, so the output is never silently truncated. The
//!   repeated run executes the program again, with whatever side effects it has on maps.
//! - What the kernel accepts as input depends on the program type and is the kernel's to
//!   judge; this module passes the buffers through unchanged. The kernel may write into
//!   `ctx_in` (syscall programs do): it gets a copy, which comes back as
//!   [`TestRunOutput::ctx_in_after`], and the caller's buffer is never written. The rules the runtime mirrors are
//!   pinned down by `tests/test_run_rules.rs`.

#![forbid(unsafe_code)]

use std::os::fd::AsFd;

use crate::errno::Errno;
use crate::error::Error;
use crate::prog::KernelProg;
use crate::sys::{self, TestRunRequest};
use crate::uapi::Command;

/// How many times a run is repeated to grow output buffers; the kernel's second answer is
/// always final, the third attempt only guards against a program whose output size varies.
const MAX_ATTEMPTS: usize = 3;

/// The input of a test run. `Default` is no data, no context, one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct TestRun<'a> {
    /// The packet (or other data) the program sees. Packet program types need at least an
    /// Ethernet header (14 bytes).
    pub data_in: &'a [u8],
    /// Room for the data after the run; 0 asks for no data back.
    pub data_out_size: usize,
    /// The context (`struct __sk_buff`, `struct xdp_md`, raw tracepoint arguments, ...); `None`
    /// lets the kernel build a default one.
    pub ctx_in: Option<&'a [u8]>,
    /// Room for the context after the run; 0 asks for no context back.
    pub ctx_out_size: usize,
    /// How many times to run (0 counts as 1); the duration is the average.
    pub repeat: u32,
    /// `BPF_F_TEST_*` flags.
    pub flags: u32,
    /// The CPU to run on, with `BPF_F_TEST_RUN_ON_CPU` (raw tracepoints only).
    pub cpu: u32,
    /// Frames per batch in XDP live-frames mode.
    pub batch_size: u32,
}

/// What a test run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestRunOutput {
    /// The program's return value (`r0`, truncated to 32 bits).
    pub retval: u32,
    /// Average nanoseconds per run over `repeat` runs (saturating at `u32::MAX`).
    pub duration_ns: u32,
    /// The data after the run, as long as the kernel says it is (empty if none was asked for).
    pub data_out: Vec<u8>,
    /// The context after the run (empty if none was asked for).
    pub ctx_out: Vec<u8>,
    /// The `ctx_in` buffer as the kernel left it (`None` without `ctx_in`). Syscall programs
    /// (`BPF_PROG_TYPE_SYSCALL`) take no `ctx_out` and write their context back here instead;
    /// every other type leaves it as it was.
    pub ctx_in_after: Option<Vec<u8>>,
}

impl KernelProg {
    /// Runs the program on `run`'s input with `BPF_PROG_TEST_RUN`.
    pub fn test_run(&self, run: &TestRun<'_>) -> Result<TestRunOutput, Error> {
        let command = Command::ProgTestRun;
        let request = TestRunRequest {
            prog: self.fd().as_fd(),
            data_in: run.data_in,
            ctx_in: run.ctx_in,
            repeat: run.repeat,
            flags: run.flags,
            cpu: run.cpu,
            batch_size: run.batch_size,
        };
        let mut data_len = run.data_out_size;
        let mut ctx_len = run.ctx_out_size;
        for _ in 0..MAX_ATTEMPTS {
            let mut data_out = out_buffer(data_len, "data_out")?;
            let mut ctx_out = out_buffer(ctx_len, "ctx_out")?;
            let report = sys::prog_test_run(&request, &mut data_out, &mut ctx_out)?;
            match report.status {
                Ok(()) => {
                    data_out.truncate(report.data_size_out as usize);
                    ctx_out.truncate(report.ctx_size_out as usize);
                    return Ok(TestRunOutput {
                        retval: report.retval,
                        duration_ns: report.duration,
                        data_out,
                        ctx_out,
                        ctx_in_after: report.ctx_in_after,
                    });
                }
                Err(Errno::ENOSPC) => {
                    let data_needed = report.data_size_out as usize;
                    let ctx_needed = report.ctx_size_out as usize;
                    let data_short = data_len != 0 && data_needed > data_len;
                    let ctx_short = ctx_len != 0 && ctx_needed > ctx_len;
                    if !data_short && !ctx_short {
                        return Err(Error::syscall(command, Errno::ENOSPC));
                    }
                    if data_short {
                        data_len = data_needed;
                    }
                    if ctx_short {
                        ctx_len = ctx_needed;
                    }
                }
                Err(errno) => return Err(Error::syscall(command, errno)),
            }
        }
        Err(Error::syscall(command, Errno::ENOSPC))
    }
}

/// A zeroed output buffer, refused rather than aborting when it cannot be had.
fn out_buffer(len: usize, what: &str) -> Result<Vec<u8>, Error> {
    let command = Command::ProgTestRun;
    if u32::try_from(len).is_err() {
        return Err(Error::invalid(
            command,
            format!("{what} of {len} bytes is over 4 GiB"),
        ));
    }
    let mut buffer = Vec::new();
    buffer
        .try_reserve_exact(len)
        .map_err(|_| Error::invalid(command, format!("cannot allocate {len} bytes for {what}")))?;
    buffer.resize(len, 0);
    Ok(buffer)
}
