//! What programs emit while they run: `bpf_trace_printk` lines, perf event records, and a
//! `bpf_override_return` value.
//! (Ring buffer records stay in their map until a consumer reads them, as in the kernel.)

/// A `bpf_perf_event_output` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerfRecord {
    /// The perf event array's name.
    pub map: String,
    /// The CPU (index) it was written to.
    pub cpu: u32,
    pub data: Vec<u8>,
}

/// The events of one or more runs, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Events {
    /// `bpf_trace_printk` and `bpf_trace_vprintk` output, one entry per call.
    pub trace: Vec<String>,
    /// Perf event records.
    pub perf: Vec<PerfRecord>,
    /// The return value `bpf_override_return` asked the probed function to return, if it
    /// was called (the last call's).
    pub override_return: Option<u64>,
}
