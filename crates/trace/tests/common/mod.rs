//! Helpers of the tracer's tests on real commands.

use sluice_trace::Tracer;

/// A command line from its words.
pub(crate) fn command(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_string()).collect()
}

/// The NUL-terminated string at `addr` in the process of `tid` (at most 256 bytes).
pub(crate) fn string_at(tracer: &Tracer, tid: i32, addr: u64) -> String {
    let mut buf = vec![0u8; 256];
    let n = tracer.read_memory(tid, addr, &mut buf).unwrap_or(0);
    buf.truncate(n);
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
