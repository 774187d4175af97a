//! The JIT benchmark suite: eleven eBPF programs written once in C (`programs/jit_suite/`),
//! run side by side on every engine that can run them.
//!
//! Each program is an XDP program (`SEC("xdp")`, `struct xdp_md *`) that reads its input from
//! the packet, so the kernel can run it with `BPF_PROG_TEST_RUN`; `suite.h` lets the same source
//! also build natively (`build.rs`), as the limit. Compute kernels return their result in `r0`;
//! the packet programs return a verdict or a digest, and two of them rewrite the packet.
//!
//! A [`Workload`] names the object and program, builds the input and carries a reference model
//! in Rust ([`Workload::expected`]) that says what a run must return and leave in the packet.
//! A [`Peer`] is one engine: [`SluicePeer`] (Sluice's interpreter, and its JIT through the one
//! hook [`run_sluice_jit`], both by its runtime's test-run), [`KernelPeer`] (the kernel's JIT,
//! `BPF_PROG_TEST_RUN`) and [`NativePeer`] (the C compiled natively) live here, listed by
//! [`peers`]; rbpf and solana-sbpf are dev-dependencies, so their peers live in
//! `examples/jit_ratio.rs`, using [`LowPacket`] and [`Workload::foreign_obstacle`] from here.
//!
//! A peer first [prepares](Peer::prepare) a workload (loads, verifies, compiles) or says why it
//! cannot run it ([`Prepared::NotApplicable`]); then [`Runner::run_once`] gives the outcome of
//! one run on fresh state, which [`Workload::check`] compares with the reference model, and
//! [`Runner::ns_per_run`] times it. Times are per run, excluding per-call setup where the engine
//! has its own repeat loop (Sluice's and the kernel's test-run), best of [`BATCHES`] batches.

use std::fmt;
use std::hint::black_box;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sluice_abi::prog_type::ProgType;
use sluice_kernel::{KernelBtf, KernelMap, KernelProg, TestRun};
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, LoadOptions, LoadedObject};

use crate::kernel_load;

pub use native::LowPacket;

/// Timed batches per engine and workload; the fastest counts.
pub const BATCHES: usize = 5;
/// Shortest duration of one timed batch.
pub const MIN_BATCH: Duration = Duration::from_millis(50);
/// Fewest runs of a kernel test-run batch (`BPF_PROG_TEST_RUN`'s `repeat`).
pub const KERNEL_MIN_REPEAT: u32 = 1000;

/// XDP verdicts, as the programs return them.
const XDP_ABORTED: u32 = 0;
const XDP_DROP: u32 = 1;
const XDP_PASS: u32 = 2;
const XDP_TX: u32 = 3;

/// What one run of a program gives: its return value (the low 32 bits of `r0`, as the kernel
/// reports it) and the packet after the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub retval: u32,
    pub data_out: Vec<u8>,
}

/// One program of the suite with its input and reference model.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// The program's name, also its C file's and object's name without extension.
    pub name: &'static str,
    /// What it computes, in a few words.
    pub summary: &'static str,
    /// The object built by `programs/jit_suite/build.sh`.
    object: &'static Aligned<[u8]>,
    /// Builds the packet the program runs on.
    pub make_input: fn() -> Vec<u8>,
    /// The reference model: what one run on `input` (and fresh maps) must give.
    pub expected: fn(&[u8]) -> Outcome,
    /// The natively compiled C function.
    native: native::Entry,
}

impl Workload {
    /// The object's path, for messages.
    pub fn object_path(&self) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("programs/jit_suite")
            .join(format!("{}.o", self.name))
    }

    /// The parsed object.
    pub fn object(&self) -> Result<Object, String> {
        Object::parse(&self.object.0)
            .map_err(|error| format!("{}: {error}", self.object_path().display()))
    }

    /// The program's linked instructions (subprograms appended, map references as `fd_array`
    /// indices), as the kernel loads them.
    pub fn bytecode(&self) -> Result<Vec<u8>, String> {
        let object = self.object()?;
        let def = object
            .program(self.name)
            .map_err(|error| error.to_string())?;
        Ok(sluice_isa::slots_to_bytes(&def.insns))
    }

    /// What keeps an engine without maps and helpers (rbpf, solana-sbpf) from running the
    /// program: the maps it refers to and the helpers it calls; `None` if it needs neither.
    pub fn foreign_obstacle(&self) -> Result<Option<String>, String> {
        let object = self.object()?;
        let def = object
            .program(self.name)
            .map_err(|error| error.to_string())?;
        let mut helpers: Vec<String> = Vec::new();
        let mut uses_maps = false;
        for insn in &def.insns {
            // call with src 0: a helper
            if insn.code == 0x85 && insn.src == 0 {
                let name = u32::try_from(insn.imm)
                    .ok()
                    .and_then(sluice_abi::helpers::helper)
                    .map_or_else(|| format!("helper {}", insn.imm), |h| h.id.full_name());
                if !helpers.contains(&name) {
                    helpers.push(name);
                }
            }
            // lddw of a map (fd, value, fd_array index, fd_array index value)
            if insn.code == 0x18 && matches!(insn.src, 1 | 2 | 5 | 6) {
                uses_maps = true;
            }
        }
        if helpers.is_empty() && !uses_maps {
            return Ok(None);
        }
        let maps: Vec<&str> = object.maps.iter().map(|def| def.name.as_str()).collect();
        Ok(Some(format!(
            "uses maps ({}) and helpers ({})",
            maps.join(", "),
            helpers.join(", ")
        )))
    }

    /// Compares `outcome` (of engine `engine`) with the reference model's for `input`.
    pub fn check(&self, engine: &str, input: &[u8], outcome: &Outcome) -> Result<(), String> {
        let expected = (self.expected)(input);
        if outcome.retval != expected.retval {
            return Err(format!(
                "{}: {engine} returned {:#x}, the reference model {:#x}",
                self.name, outcome.retval, expected.retval
            ));
        }
        if outcome.data_out != expected.data_out {
            let at = outcome
                .data_out
                .iter()
                .zip(&expected.data_out)
                .position(|(a, b)| a != b)
                .unwrap_or(outcome.data_out.len().min(expected.data_out.len()));
            return Err(format!(
                "{}: {engine} left a different packet than the reference model: {} bytes against \
                 {}, first difference at byte {at}",
                self.name,
                outcome.data_out.len(),
                expected.data_out.len()
            ));
        }
        Ok(())
    }
}

/// Bytes with the alignment the ELF parser expects of an object, which `include_bytes!` alone
/// does not promise.
#[derive(Debug)]
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// The object `programs/jit_suite/<name>.o`, embedded.
macro_rules! object {
    ($name:literal) => {
        &Aligned(*include_bytes!(concat!(
            "../programs/jit_suite/",
            $name,
            ".o"
        )))
    };
}

/// Every workload, in the order the reports list them.
pub const WORKLOADS: [Workload; 11] = [
    Workload {
        name: "checksum",
        summary: "Internet checksum of a 2 KiB block, 8 times",
        object: object!("checksum"),
        make_input: checksum_input,
        expected: checksum_expected,
        native: native::CHECKSUM,
    },
    Workload {
        name: "int_log2",
        summary: "integer log2 of 576 values (branching)",
        object: object!("int_log2"),
        make_input: int_log2_input,
        expected: int_log2_expected,
        native: native::INT_LOG2,
    },
    Workload {
        name: "prime_sieve",
        summary: "sieve below 6144 on the stack, 512 queries",
        object: object!("prime_sieve"),
        make_input: prime_sieve_input,
        expected: prime_sieve_expected,
        native: native::PRIME_SIEVE,
    },
    Workload {
        name: "bit_count",
        summary: "popcount of 256 words (Kernighan's loop)",
        object: object!("bit_count"),
        make_input: bit_count_input,
        expected: bit_count_expected,
        native: native::BIT_COUNT,
    },
    Workload {
        name: "binary_search",
        summary: "128 branch-free lower bounds in 512 sorted u32",
        object: object!("binary_search"),
        make_input: binary_search_input,
        expected: binary_search_expected,
        native: native::BINARY_SEARCH,
    },
    Workload {
        name: "switch_dispatch",
        summary: "bytecode interpreter, 2048 steps of an 8-way switch",
        object: object!("switch_dispatch"),
        make_input: switch_dispatch_input,
        expected: switch_dispatch_expected,
        native: native::SWITCH_DISPATCH,
    },
    Workload {
        name: "byte_copy",
        summary: "1500-byte copy in the packet, byte by byte, with FNV-1a",
        object: object!("byte_copy"),
        make_input: byte_copy_input,
        expected: byte_copy_expected,
        native: native::BYTE_COPY,
    },
    Workload {
        name: "string_compare",
        summary: "256 strncmp of 32-byte paths",
        object: object!("string_compare"),
        make_input: string_compare_input,
        expected: string_compare_expected,
        native: native::STRING_COMPARE,
    },
    Workload {
        name: "parse_packets",
        summary: "parse Ethernet/VLAN/IPv4/TCP of 36 frames, verdicts",
        object: object!("parse_packets"),
        make_input: parse_packets_input,
        expected: parse_packets_expected,
        native: native::PARSE_PACKETS,
    },
    Workload {
        name: "rewrite_headers",
        summary: "check, swap and re-checksum a 3300-byte TCP frame",
        object: object!("rewrite_headers"),
        make_input: rewrite_headers_input,
        expected: rewrite_headers_expected,
        native: native::REWRITE_HEADERS,
    },
    Workload {
        name: "map_counting",
        summary: "128 hash map updates and array counts per packet",
        object: object!("map_counting"),
        make_input: map_counting_input,
        expected: map_counting_expected,
        native: native::MAP_COUNTING,
    },
];

/// One engine of the comparison.
pub trait Peer {
    /// Its name in reports.
    fn name(&self) -> &'static str;
    /// Gets `workload` ready to run (load, verify, compile), or says why this engine cannot run
    /// it. `Err` is a failure that must not happen: a bug in the suite or the engine.
    fn prepare(&self, workload: &Workload) -> Result<Prepared, String>;
}

/// A workload made ready by a [`Peer`], or the reason it cannot be.
pub enum Prepared {
    Ready(Box<dyn Runner>),
    NotApplicable(String),
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Prepared::Ready(_) => f.write_str("Ready"),
            Prepared::NotApplicable(reason) => write!(f, "NotApplicable({reason:?})"),
        }
    }
}

/// A workload loaded into one engine.
pub trait Runner {
    /// One run on `input`. The suite calls it once, right after [`Peer::prepare`], so the maps
    /// are empty, as the reference model assumes.
    fn run_once(&mut self, input: &[u8]) -> Result<Outcome, String>;
    /// Nanoseconds per run over one batch of `runs` runs on `input`, timed as the engine is
    /// best timed (Sluice and the kernel time their own repeat loop). Runs after the first see
    /// the maps and, for programs that write the packet, the packet as earlier runs left them,
    /// as repeated kernel test-runs do.
    fn batch_ns_per_run(&mut self, input: &[u8], runs: u32) -> Result<f64, String>;
    /// The fewest runs a batch should have (the kernel's test-run: [`KERNEL_MIN_REPEAT`]).
    fn min_runs(&self) -> u32 {
        1
    }
    /// Nanoseconds per run on `input`: the best of [`BATCHES`] batches of at least
    /// [`MIN_BATCH`].
    fn ns_per_run(&mut self, input: &[u8]) -> Result<f64, String> {
        let min_runs = self.min_runs();
        best_ns_per_run(min_runs, |runs| self.batch_ns_per_run(input, runs))
    }
}

/// The best nanoseconds per run over [`BATCHES`] batches, with `batch(n)` giving the
/// nanoseconds per run of `n` runs; `n` doubles from `min_runs` until a batch lasts
/// [`MIN_BATCH`].
pub fn best_ns_per_run(
    min_runs: u32,
    mut batch: impl FnMut(u32) -> Result<f64, String>,
) -> Result<f64, String> {
    let mut runs = min_runs.max(1);
    loop {
        let start = Instant::now();
        batch(runs)?;
        if start.elapsed() >= MIN_BATCH || runs >= u32::MAX / 2 {
            break;
        }
        runs *= 2;
    }
    let mut best = f64::INFINITY;
    for _ in 0..BATCHES {
        best = best.min(batch(runs)?);
    }
    Ok(best)
}

/// Nanoseconds per call over `n` calls of `run`, timed with the wall clock around the loop.
pub fn time_calls(n: u32, mut run: impl FnMut() -> Result<u32, String>) -> Result<f64, String> {
    let n = n.max(1);
    let start = Instant::now();
    for _ in 0..n {
        black_box(run()?);
    }
    Ok(start.elapsed().as_nanos() as f64 / f64::from(n))
}

/// Sluice through its runtime's test-run (`sluice test-run`): one engine, the JIT or the
/// interpreter.
#[derive(Debug)]
pub struct SluicePeer {
    engine: Engine,
}

impl SluicePeer {
    pub fn new(engine: Engine) -> SluicePeer {
        SluicePeer { engine }
    }
}

impl Peer for SluicePeer {
    fn name(&self) -> &'static str {
        match self.engine {
            Engine::Jit => "Sluice JIT",
            Engine::Interp => "Sluice interp",
        }
    }

    fn prepare(&self, workload: &Workload) -> Result<Prepared, String> {
        let loaded = LoadedObject::load(workload.object()?, &LoadOptions::default())
            .map_err(|error| format!("{}: Sluice does not load it: {error}", workload.name))?;
        loaded
            .program(workload.name)
            .map_err(|error| format!("{}: {error}", workload.name))?;
        Ok(Prepared::Ready(Box::new(SluiceRunner {
            loaded,
            program: workload.name,
            engine: self.engine,
        })))
    }
}

/// A workload loaded into Sluice's runtime (maps created, program verified).
struct SluiceRunner {
    loaded: LoadedObject,
    program: &'static str,
    engine: Engine,
}

impl SluiceRunner {
    fn test_run(
        &self,
        input: &[u8],
        repeat: u32,
    ) -> Result<sluice_runtime::test_run::TestRunOutput, String> {
        let program = self
            .loaded
            .program(self.program)
            .map_err(|error| error.to_string())?;
        let run = TestRunInput {
            data_in: input.to_vec(),
            repeat,
            engine: self.engine,
            ..TestRunInput::default()
        };
        test_run(&self.loaded, program, &run)
            .map_err(|error| format!("{} on Sluice ({}): {error}", self.program, self.engine))
    }
}

impl Runner for SluiceRunner {
    fn run_once(&mut self, input: &[u8]) -> Result<Outcome, String> {
        let output = self.test_run(input, 1)?;
        Ok(Outcome {
            retval: output.retval,
            data_out: output.data_out,
        })
    }

    fn batch_ns_per_run(&mut self, input: &[u8], runs: u32) -> Result<f64, String> {
        // the runtime times its own repeat loop, as the kernel does
        Ok(self.test_run(input, runs.max(1))?.duration_ns as f64)
    }
}

/// The Sluice JIT peer, or `None` where Sluice has no JIT.
///
/// **The Sluice JIT hook.** Everything the suite needs from the JIT goes through this one
/// function: it returns the peer that loads a workload with Sluice's runtime and runs it with
/// `Engine::Jit` through the runtime's test-run (the same path as `sluice test-run --engine
/// jit`). To measure the JIT some other way (another entry point, different options), return a
/// different [`Peer`] here; nothing else in the suite or in `examples/jit_ratio.rs` names the
/// JIT.
pub fn run_sluice_jit() -> Option<Box<dyn Peer>> {
    // The runtime's JIT generates x86-64 code; elsewhere `Engine::Jit` cannot run.
    if cfg!(target_arch = "x86_64") {
        Some(Box::new(SluicePeer::new(Engine::Jit)))
    } else {
        None
    }
}

/// The Linux kernel's JIT, through `BPF_PROG_TEST_RUN` (repeat at least
/// [`KERNEL_MIN_REPEAT`]), with the object loaded as libbpf loads it (BTF, maps as `fd_array`,
/// `func_info`), by the corpus harness's loader.
#[derive(Debug, Default)]
pub struct KernelPeer;

impl Peer for KernelPeer {
    fn name(&self) -> &'static str {
        "kernel JIT"
    }

    fn prepare(&self, workload: &Workload) -> Result<Prepared, String> {
        if let Err(errno) = sluice_kernel::available() {
            return Ok(Prepared::NotApplicable(format!(
                "kernel BPF unavailable ({errno})"
            )));
        }
        let object = workload.object()?;
        let btf = kernel_load::load_btf(&object)
            .map_err(|reason| format!("{}: the kernel refuses its BTF: {reason}", workload.name))?;
        // map names as the kernel accepts them (at most 15 characters)
        let names: Vec<String> = object
            .maps
            .iter()
            .map(|def| {
                def.name
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                    .take(15)
                    .collect()
            })
            .collect();
        let maps = kernel_load::create_maps(&object, &names, btf.as_ref())
            .map_err(|reason| format!("{}: {reason}", workload.name))?;
        let def = object
            .program(workload.name)
            .map_err(|error| error.to_string())?;
        let fd_array: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
        let program =
            kernel_load::load_program(&object, def, &fd_array, ProgType::Xdp, btf.as_ref(), 0)
                .map_err(|error| {
                    let log = error.verifier_log().unwrap_or_default();
                    let tail: Vec<&str> = log.lines().rev().take(4).collect();
                    format!(
                        "{}: the kernel does not load it: {error}: {}",
                        workload.name,
                        tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
                    )
                })?;
        Ok(Prepared::Ready(Box::new(KernelRunner {
            program,
            name: workload.name,
            _maps: maps,
            _btf: btf,
        })))
    }
}

/// A workload loaded into the kernel; the maps and BTF live as long as the program.
struct KernelRunner {
    program: KernelProg,
    name: &'static str,
    _maps: Vec<KernelMap>,
    _btf: Option<KernelBtf>,
}

impl KernelRunner {
    fn test_run(&self, input: &[u8], repeat: u32) -> Result<sluice_kernel::TestRunOutput, String> {
        self.program
            .test_run(&TestRun {
                data_in: input,
                data_out_size: input.len(),
                repeat,
                ..TestRun::default()
            })
            .map_err(|error| format!("{} in the kernel: {error}", self.name))
    }
}

impl Runner for KernelRunner {
    fn run_once(&mut self, input: &[u8]) -> Result<Outcome, String> {
        let output = self.test_run(input, 1)?;
        Ok(Outcome {
            retval: output.retval,
            data_out: output.data_out,
        })
    }

    fn batch_ns_per_run(&mut self, input: &[u8], runs: u32) -> Result<f64, String> {
        Ok(f64::from(self.test_run(input, runs.max(1))?.duration_ns))
    }

    fn min_runs(&self) -> u32 {
        KERNEL_MIN_REPEAT
    }
}

/// The same C compiled natively by `build.rs` (`-O2`), called directly: the limit.
#[derive(Debug, Default)]
pub struct NativePeer;

impl Peer for NativePeer {
    fn name(&self) -> &'static str {
        "native C"
    }

    fn prepare(&self, workload: &Workload) -> Result<Prepared, String> {
        Ok(Prepared::Ready(Box::new(NativeRunner {
            entry: workload.native,
            packet: Vec::new(),
        })))
    }
}

struct NativeRunner {
    entry: native::Entry,
    /// The packet of the timed runs, which programs that write it keep changing.
    packet: Vec<u8>,
}

impl Runner for NativeRunner {
    fn run_once(&mut self, input: &[u8]) -> Result<Outcome, String> {
        let session = native::Session::begin();
        session.reset_maps();
        let mut data_out = input.to_vec();
        let retval = session.run(self.entry, &mut data_out);
        Ok(Outcome { retval, data_out })
    }

    fn batch_ns_per_run(&mut self, input: &[u8], runs: u32) -> Result<f64, String> {
        if self.packet.len() != input.len() {
            self.packet = input.to_vec();
        }
        let packet = &mut self.packet;
        let entry = self.entry;
        let session = native::Session::begin();
        let runs = runs.max(1);
        let start = Instant::now();
        for _ in 0..runs {
            black_box(session.run(entry, black_box(packet.as_mut_slice())));
        }
        Ok(start.elapsed().as_nanos() as f64 / f64::from(runs))
    }
}

/// The peers that live in this crate, in report order: Sluice's JIT (if it has one), Sluice's
/// interpreter, the kernel's JIT and native C.
pub fn peers() -> Vec<Box<dyn Peer>> {
    let mut peers: Vec<Box<dyn Peer>> = Vec::new();
    if let Some(jit) = run_sluice_jit() {
        peers.push(jit);
    }
    peers.push(Box::new(SluicePeer::new(Engine::Interp)));
    peers.push(Box::new(KernelPeer));
    peers.push(Box::new(NativePeer));
    peers
}

/// The natively compiled programs (`build.rs`) and the C shim's memory and maps. The only
/// module of the crate's library with `unsafe` code: the calls into C.
#[allow(unsafe_code)]
mod native {
    use std::ffi::c_int;
    use std::sync::{Mutex, MutexGuard};

    /// `struct suite_ctx` of `suite.h`: what the native entry points take instead of
    /// `struct xdp_md`.
    #[repr(C)]
    pub(super) struct SuiteCtx {
        data: *mut u8,
        data_end: *mut u8,
    }

    /// A program's native entry point, `int suite_native_<name>(struct suite_ctx *)`.
    pub(super) type Entry = unsafe extern "C" fn(*mut SuiteCtx) -> c_int;

    unsafe extern "C" {
        fn suite_native_checksum(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_int_log2(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_prime_sieve(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_bit_count(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_binary_search(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_switch_dispatch(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_byte_copy(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_string_compare(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_parse_packets(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_rewrite_headers(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_map_counting(ctx: *mut SuiteCtx) -> c_int;
        fn suite_native_reset_maps();
        fn suite_native_alloc_low(size: usize) -> *mut u8;
        fn suite_native_free_low(memory: *mut u8, size: usize);
    }

    pub(super) const CHECKSUM: Entry = suite_native_checksum;
    pub(super) const INT_LOG2: Entry = suite_native_int_log2;
    pub(super) const PRIME_SIEVE: Entry = suite_native_prime_sieve;
    pub(super) const BIT_COUNT: Entry = suite_native_bit_count;
    pub(super) const BINARY_SEARCH: Entry = suite_native_binary_search;
    pub(super) const SWITCH_DISPATCH: Entry = suite_native_switch_dispatch;
    pub(super) const BYTE_COPY: Entry = suite_native_byte_copy;
    pub(super) const STRING_COMPARE: Entry = suite_native_string_compare;
    pub(super) const PARSE_PACKETS: Entry = suite_native_parse_packets;
    pub(super) const REWRITE_HEADERS: Entry = suite_native_rewrite_headers;
    pub(super) const MAP_COUNTING: Entry = suite_native_map_counting;

    /// The native maps are C globals: one session at a time uses them.
    static NATIVE: Mutex<()> = Mutex::new(());

    /// Exclusive use of the native programs and their maps.
    pub(super) struct Session {
        _guard: MutexGuard<'static, ()>,
    }

    impl Session {
        pub(super) fn begin() -> Session {
            Session {
                // a panic elsewhere while holding the lock leaves the maps consistent: each
                // call into C completes or does not start
                _guard: NATIVE
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            }
        }

        /// Empties the native maps, as freshly created ones are.
        pub(super) fn reset_maps(&self) {
            // SAFETY: the C function only touches the shim's own globals, which this session
            // has to itself.
            unsafe { suite_native_reset_maps() }
        }

        /// Runs `entry` on `packet`; returns its return value as the kernel reports it.
        pub(super) fn run(&self, entry: Entry, packet: &mut [u8]) -> u32 {
            let range = packet.as_mut_ptr_range();
            let mut ctx = SuiteCtx {
                data: range.start,
                data_end: range.end,
            };
            // SAFETY: `entry` is one of the suite's programs, compiled from C that reads and
            // writes only between `data` and `data_end` (every access is bounds-checked, as
            // the BPF verifier requires of the same source) and the maps of the shim, which
            // this session has to itself; `packet` is borrowed mutably for the call.
            let retval = unsafe { entry(&mut ctx) };
            retval as u32
        }
    }

    /// A packet in memory whose addresses fit in 32 bits, for engines that take the packet
    /// pointers from `struct xdp_md`'s u32 `data` and `data_end` as the programs' loads give
    /// them (rbpf): the kernel rewrites those loads, these engines do not.
    #[derive(Debug)]
    pub struct LowPacket {
        memory: *mut u8,
        len: usize,
        capacity: usize,
    }

    impl LowPacket {
        /// A copy of `bytes` below 4 GiB, or why there is none (`MAP_32BIT` exists only on
        /// x86-64 Linux).
        pub fn new(bytes: &[u8]) -> Result<LowPacket, String> {
            let capacity = bytes.len().max(1).next_multiple_of(4096);
            // SAFETY: allocates fresh memory; the pointer is checked before use.
            let memory = unsafe { suite_native_alloc_low(capacity) };
            if memory.is_null() {
                return Err("no memory below 4 GiB (mmap MAP_32BIT failed)".to_string());
            }
            let mut packet = LowPacket {
                memory,
                len: bytes.len(),
                capacity,
            };
            packet.as_mut_slice().copy_from_slice(bytes);
            Ok(packet)
        }

        /// The packet's bytes.
        pub fn as_slice(&self) -> &[u8] {
            // SAFETY: `memory` holds `capacity >= len` bytes, owned by `self`, initialized
            // (zeroed by mmap, then copied).
            unsafe { std::slice::from_raw_parts(self.memory, self.len) }
        }

        /// The packet's bytes, writable.
        pub fn as_mut_slice(&mut self) -> &mut [u8] {
            // SAFETY: as in `as_slice`, and `&mut self` makes the borrow exclusive.
            unsafe { std::slice::from_raw_parts_mut(self.memory, self.len) }
        }

        /// The `struct xdp_md` of the packet: `data` and `data_end` hold its addresses, the
        /// other fields (`data_meta`, `ingress_ifindex`, `rx_queue_index`,
        /// `egress_ifindex`) are 0.
        pub fn xdp_md(&self) -> [u8; 24] {
            let start = self.memory as usize;
            let data = u32::try_from(start).expect("the packet is below 4 GiB");
            let data_end = u32::try_from(start + self.len).expect("the packet is below 4 GiB");
            let mut ctx = [0u8; 24];
            ctx[0..4].copy_from_slice(&data.to_le_bytes());
            ctx[4..8].copy_from_slice(&data_end.to_le_bytes());
            ctx
        }
    }

    impl Drop for LowPacket {
        fn drop(&mut self) {
            // SAFETY: `memory` came from `suite_native_alloc_low(capacity)` and is freed once.
            unsafe { suite_native_free_low(self.memory, self.capacity) }
        }
    }
}

/// Deterministic pseudo-random numbers (xorshift64), so every run sees the same input.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u32) -> u32 {
        (self.next_u64() % u64::from(bound)) as u32
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

fn le16(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn be16(bytes: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([bytes[at], bytes[at + 1]])
}

fn le32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

fn le64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// The outcome of a program that returns `retval` and leaves the packet alone.
fn unchanged(input: &[u8], retval: u32) -> Outcome {
    Outcome {
        retval,
        data_out: input.to_vec(),
    }
}

/// `checksum.c`'s fold: three carries, then the complement's low 16 bits.
fn fold(mut sum: u64) -> u16 {
    for _ in 0..3 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !sum as u16
}

/// The sum of the little-endian 16-bit words of `bytes`, a last odd byte counting as itself
/// (padded with a zero byte after it).
fn sum_le_words(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(2);
    let mut sum: u64 = words
        .by_ref()
        .map(|pair| u64::from(u16::from_le_bytes([pair[0], pair[1]])))
        .sum();
    if let [last] = words.remainder() {
        sum += u64::from(*last);
    }
    sum
}

fn checksum_input() -> Vec<u8> {
    Rng(0x0123_4567_89ab_cdef).bytes(2048 + 7 * 8)
}

fn checksum_expected(input: &[u8]) -> Outcome {
    let mut acc = 0u32;
    for round in 0..8 {
        let block = &input[round * 8..round * 8 + 2048];
        acc = acc.rotate_left(5) ^ u32::from(fold(sum_le_words(block)));
    }
    unchanged(input, acc)
}

fn int_log2_input() -> Vec<u8> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut input = Vec::with_capacity(192 * 8 + 384 * 4 + 4);
    // magnitudes spread over every bit position, and some zeros
    for i in 0..192 {
        let value = if i % 17 == 0 {
            0
        } else {
            rng.next_u64() >> rng.below(64)
        };
        input.extend_from_slice(&value.to_le_bytes());
    }
    for i in 0..384 {
        let value = if i % 19 == 0 {
            0
        } else {
            rng.next_u32() >> rng.below(32)
        };
        input.extend_from_slice(&value.to_le_bytes());
    }
    input.extend_from_slice(&rng.next_u32().to_le_bytes());
    input
}

fn int_log2_expected(input: &[u8]) -> Outcome {
    let log2 = |value: u64| {
        if value == 0 {
            0
        } else {
            63 - value.leading_zeros()
        }
    };
    let mut acc = 0u32;
    for i in 0..192 {
        acc = acc.wrapping_mul(33).wrapping_add(log2(le64(input, i * 8)));
    }
    for i in 0..384 {
        acc = acc
            .wrapping_mul(33)
            .wrapping_add(log2(u64::from(le32(input, 192 * 8 + i * 4))));
    }
    unchanged(input, acc ^ le32(input, 192 * 8 + 384 * 4))
}

fn prime_sieve_input() -> Vec<u8> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut input = Vec::with_capacity(512 * 2 + 4);
    for _ in 0..512 {
        // mostly in the sieve's range, some past it
        let query = rng.below(7000) as u16;
        input.extend_from_slice(&query.to_le_bytes());
    }
    input.extend_from_slice(&rng.next_u32().to_le_bytes());
    input
}

fn is_prime(n: u32) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

fn prime_sieve_expected(input: &[u8]) -> Outcome {
    let primes: Vec<u32> = (0..6144).filter(|&n| is_prime(n)).collect();
    let count = primes.len() as u32;
    let sum: u32 = primes.iter().sum();
    let mut acc = 0u32;
    for i in 0..512 {
        let query = u32::from(le16(input, i * 2));
        let term = if query < 6144 && is_prime(query) {
            query
        } else {
            0
        };
        acc = acc.wrapping_mul(31).wrapping_add(term);
    }
    acc ^= le32(input, 512 * 2);
    unchanged(input, acc.wrapping_add((count << 24) ^ sum))
}

fn bit_count_input() -> Vec<u8> {
    let mut rng = Rng(0x6a09_e667_f3bc_c908);
    let mut input = Vec::with_capacity(256 * 8 + 4);
    for i in 0..256 {
        // dense, sparse and very sparse words, so the loop's trip count varies
        let word = match i % 4 {
            0 => rng.next_u64(),
            1 => rng.next_u64() & rng.next_u64(),
            2 => rng.next_u64() | rng.next_u64(),
            _ => rng.next_u64() & rng.next_u64() & rng.next_u64(),
        };
        input.extend_from_slice(&word.to_le_bytes());
    }
    input.extend_from_slice(&rng.next_u32().to_le_bytes());
    input
}

fn bit_count_expected(input: &[u8]) -> Outcome {
    let mut acc = 0u32;
    for i in 0..256 {
        acc = acc
            .wrapping_mul(31)
            .wrapping_add(le64(input, i * 8).count_ones());
    }
    unchanged(input, acc ^ le32(input, 256 * 8))
}

fn binary_search_input() -> Vec<u8> {
    let mut rng = Rng(0xbb67_ae85_84ca_a73b);
    let mut table = Vec::with_capacity(512);
    let mut value = 0u32;
    for _ in 0..512 {
        value += 1 + rng.below(1000);
        table.push(value);
    }
    let mut input: Vec<u8> = table.iter().flat_map(|v| v.to_le_bytes()).collect();
    for i in 0..128 {
        // half the keys are in the table, half anywhere in its range and past it
        let key = if i % 2 == 0 {
            table[rng.below(512) as usize]
        } else {
            rng.below(value + 1000)
        };
        input.extend_from_slice(&key.to_le_bytes());
    }
    input
}

fn binary_search_expected(input: &[u8]) -> Outcome {
    let table: Vec<u32> = (0..512).map(|i| le32(input, i * 4)).collect();
    let mut acc = 0u32;
    for i in 0..128 {
        let key = le32(input, 2048 + i * 4);
        let pos = table.partition_point(|&entry| entry < key);
        acc = acc.wrapping_mul(31).wrapping_add(pos as u32);
        if table.get(pos) == Some(&key) {
            acc = acc.wrapping_add(1 << 20);
        }
    }
    unchanged(input, acc)
}

fn switch_dispatch_input() -> Vec<u8> {
    let mut rng = Rng(0x3c6e_f372_fe94_f82b);
    let mut input = rng.bytes(256);
    for _ in 0..3 {
        input.extend_from_slice(&rng.next_u32().to_le_bytes());
    }
    input
}

fn switch_dispatch_expected(input: &[u8]) -> Outcome {
    let code = &input[..256];
    let byte = |pc: u32| u32::from(code[(pc & 255) as usize]);
    let (mut a, mut b) = (le32(input, 256), le32(input, 260));
    let mut pc = le32(input, 264) & 255;
    for _ in 0..2048 {
        let op = byte(pc);
        pc = (pc + 1) & 255;
        match op & 7 {
            0 => a = a.wrapping_add(b),
            1 => {
                a ^= byte(pc);
                pc = (pc + 1) & 255;
            }
            2 => a = a.wrapping_mul(31).wrapping_add(7),
            3 => b = b.rotate_left(5),
            4 => std::mem::swap(&mut a, &mut b),
            5 => a >>= b & 7,
            6 => {
                pc = if a & 1 == 1 {
                    (pc + byte(pc)) & 255
                } else {
                    (pc + 1) & 255
                }
            }
            _ => b = b.wrapping_sub(a),
        }
    }
    unchanged(input, a ^ b.rotate_left(16) ^ (pc << 8))
}

fn byte_copy_input() -> Vec<u8> {
    let mut input = Rng(0x510e_527f_ade6_82d1).bytes(16 + 2 * 1536);
    input[0..2].copy_from_slice(&1500u16.to_le_bytes());
    input
}

fn byte_copy_expected(input: &[u8]) -> Outcome {
    let len = usize::from(le16(input, 0)).min(1536);
    let mut data_out = input.to_vec();
    data_out.copy_within(16..16 + len, 16 + 1536);
    let hash = input[16..16 + len]
        .iter()
        .fold(2_166_136_261u32, |hash, &byte| {
            (hash ^ u32::from(byte)).wrapping_mul(16_777_619)
        });
    Outcome {
        retval: hash,
        data_out,
    }
}

fn string_compare_input() -> Vec<u8> {
    let mut rng = Rng(0x9b05_688c_2b3e_6c1f);
    const DIRS: [&str; 4] = [
        "/usr/lib/x86_64-linux-gnu/",
        "/usr/lib/x86_64-linux-gpu/",
        "/usr/local/lib/",
        "/usr/lib/",
    ];
    let path = |rng: &mut Rng| {
        let mut path = DIRS[rng.below(4) as usize].as_bytes().to_vec();
        let suffix = 1 + rng.below(8);
        for _ in 0..suffix {
            path.push(b"abcm"[rng.below(4) as usize]);
        }
        path.truncate(32); // some fill the slot without a NUL
        path.resize(32, 0);
        path
    };
    let pivots: Vec<Vec<u8>> = (0..8).map(|_| path(&mut rng)).collect();
    let mut input: Vec<u8> = pivots.concat();
    for i in 0..32 {
        // every fourth record equals a pivot
        let record = if i % 4 == 0 {
            pivots[rng.below(8) as usize].clone()
        } else {
            path(&mut rng)
        };
        input.extend_from_slice(&record);
    }
    input.extend_from_slice(&rng.next_u32().to_le_bytes());
    input
}

fn string_compare_expected(input: &[u8]) -> Outcome {
    let slot = |index: usize| &input[index * 32..index * 32 + 32];
    let mut acc = 0u32;
    for r in 0..32 {
        let record = slot(8 + r);
        for p in 0..8 {
            let pivot = slot(p);
            let mut order = 0i32;
            for (&x, &y) in record.iter().zip(pivot) {
                if x != y {
                    order = if x < y { -1 } else { 1 };
                    break;
                }
                if x == 0 {
                    break;
                }
            }
            acc = acc.wrapping_mul(3).wrapping_add((order + 1) as u32);
        }
    }
    unchanged(input, acc ^ le32(input, 40 * 32))
}

/// A TCP segment's fields for the frame builders.
struct TcpSpec {
    sport: u16,
    dport: u16,
    flags: u8,
    options: Vec<u8>,
    payload: usize,
}

/// An Ethernet frame: `tags` VLAN tags (TPIDs), `ethertype`, then `l3`.
fn ethernet(tags: &[u16], ethertype: u16, l3: &[u8]) -> Vec<u8> {
    let mut frame = vec![0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02];
    for (i, &tpid) in tags.iter().enumerate() {
        frame.extend_from_slice(&tpid.to_be_bytes());
        frame.extend_from_slice(&(100 + i as u16).to_be_bytes());
    }
    frame.extend_from_slice(&ethertype.to_be_bytes());
    frame.extend_from_slice(l3);
    frame
}

/// An IPv4 packet with `options` (a multiple of 4 bytes), a correct header checksum unless
/// `bad_checksum`, around `payload`.
fn ipv4(
    protocol: u8,
    options: &[u8],
    frag: u16,
    bad_checksum: bool,
    payload: &[u8],
    rng: &mut Rng,
) -> Vec<u8> {
    let ihl = 20 + options.len();
    let total = (ihl + payload.len()) as u16;
    let mut header = vec![0x40 | (ihl / 4) as u8, 0];
    header.extend_from_slice(&total.to_be_bytes());
    header.extend_from_slice(&(rng.next_u32() as u16).to_be_bytes());
    header.extend_from_slice(&frag.to_be_bytes());
    header.extend_from_slice(&[64, protocol, 0, 0]);
    header.extend_from_slice(&[10, 0, rng.below(256) as u8, 1 + rng.below(254) as u8]);
    header.extend_from_slice(&[192, 168, 1, 1 + rng.below(254) as u8]);
    header.extend_from_slice(options);
    let mut checksum = fold(sum_le_words(&header));
    if bad_checksum {
        checksum ^= 0x0100;
    }
    header[10..12].copy_from_slice(&checksum.to_le_bytes());
    header.extend_from_slice(payload);
    header
}

/// A TCP segment (checksum left 0: the parser does not check it).
fn tcp(spec: &TcpSpec, rng: &mut Rng) -> Vec<u8> {
    let doff = 20 + spec.options.len();
    let mut segment = Vec::with_capacity(doff + spec.payload);
    segment.extend_from_slice(&spec.sport.to_be_bytes());
    segment.extend_from_slice(&spec.dport.to_be_bytes());
    segment.extend_from_slice(&rng.next_u32().to_be_bytes());
    segment.extend_from_slice(&rng.next_u32().to_be_bytes());
    segment.extend_from_slice(&[((doff / 4) as u8) << 4, spec.flags]);
    segment.extend_from_slice(&[0xfa, 0xf0, 0, 0, 0, 0]);
    segment.extend_from_slice(&spec.options);
    segment.extend(rng.bytes(spec.payload));
    segment
}

/// TCP options: MSS, SACK permitted, timestamps, NOP, window scale (20 bytes).
fn syn_options(mss: u16, tsval: u32, wscale: u8) -> Vec<u8> {
    let mut options = vec![2, 4];
    options.extend_from_slice(&mss.to_be_bytes());
    options.extend_from_slice(&[4, 2, 8, 10]);
    options.extend_from_slice(&tsval.to_be_bytes());
    options.extend_from_slice(&[0, 0, 0, 0, 1, 3, 3, wscale]);
    options
}

/// TCP options: NOP, NOP, timestamps (12 bytes).
fn ack_options(tsval: u32) -> Vec<u8> {
    let mut options = vec![1, 1, 8, 10];
    options.extend_from_slice(&tsval.to_be_bytes());
    options.extend_from_slice(&[0, 0, 0, 1]);
    options
}

/// `parse_packets.c`'s batch: frames, each in a slot of this many bytes.
const FRAMES: usize = 36;
const SLOT: usize = 96;

fn parse_packets_input() -> Vec<u8> {
    let mut rng = Rng(0x1f83_d9ab_fb41_bd6b);
    let mut input = Vec::with_capacity(FRAMES * SLOT);
    for frame in 0..FRAMES {
        let tsval = rng.next_u32();
        let port = 1024 + rng.below(60000) as u16;
        let syn = |dport: u16, mss: u16| TcpSpec {
            sport: port,
            dport,
            flags: 0x02,
            options: syn_options(mss, tsval, 7),
            payload: 0,
        };
        let ack = |dport: u16, payload: usize| TcpSpec {
            sport: port,
            dport,
            flags: 0x10,
            options: ack_options(tsval),
            payload,
        };
        let bytes = match frame % 12 {
            // plain SYN with every option: PASS
            0 => {
                let segment = tcp(&syn(443, 1460), &mut rng);
                ethernet(&[], 0x0800, &ipv4(6, &[], 0, false, &segment, &mut rng))
            }
            // VLAN-tagged ACK with timestamps and data: PASS
            1 => {
                let segment = tcp(&ack(80, 20), &mut rng);
                ethernet(
                    &[0x8100],
                    0x0800,
                    &ipv4(6, &[], 0, false, &segment, &mut rng),
                )
            }
            // QinQ to the echo port: TX
            2 => {
                let segment = tcp(&ack(7, 8), &mut rng);
                ethernet(
                    &[0x88a8, 0x8100],
                    0x0800,
                    &ipv4(6, &[], 0, false, &segment, &mut rng),
                )
            }
            // IPv4 options (IHL 7) and a SYN: PASS
            3 => {
                let segment = tcp(&syn(22, 1400), &mut rng);
                let options = [1, 1, 1, 1, 0x94, 4, 0, 0];
                ethernet(
                    &[],
                    0x0800,
                    &ipv4(6, &options, 0, false, &segment, &mut rng),
                )
            }
            // IPv6: PASS with the EtherType
            4 => ethernet(&[], 0x86dd, &rng.bytes(60)),
            // UDP: PASS with the protocol
            5 => ethernet(
                &[],
                0x0800,
                &ipv4(17, &[], 0, false, &rng.bytes(28), &mut rng),
            ),
            // a fragment: PASS
            6 => {
                let segment = tcp(&ack(80, 16), &mut rng);
                ethernet(
                    &[],
                    0x0800,
                    &ipv4(6, &[], 0x2000, false, &segment, &mut rng),
                )
            }
            // a wrong header checksum: DROP
            7 => {
                let segment = tcp(&ack(80, 16), &mut rng);
                ethernet(&[], 0x0800, &ipv4(6, &[], 0, true, &segment, &mut rng))
            }
            // telnet: DROP
            8 => {
                let segment = tcp(&syn(23, 1460), &mut rng);
                ethernet(
                    &[0x8100],
                    0x0800,
                    &ipv4(6, &[], 0, false, &segment, &mut rng),
                )
            }
            // a SYN with a tiny MSS: DROP
            9 => {
                let segment = tcp(&syn(8080, 100), &mut rng);
                ethernet(&[], 0x0800, &ipv4(6, &[], 0, false, &segment, &mut rng))
            }
            // a malformed option (length 1): DROP
            10 => {
                let mut spec = ack(443, 0);
                spec.options = vec![1, 1, 5, 1];
                let segment = tcp(&spec, &mut rng);
                ethernet(&[], 0x0800, &ipv4(6, &[], 0, false, &segment, &mut rng))
            }
            // ARP: PASS
            _ => ethernet(&[], 0x0806, &rng.bytes(28)),
        };
        let mut slot = bytes;
        assert!(slot.len() <= SLOT, "frame {frame} does not fit its slot");
        slot.resize(SLOT, 0);
        input.extend_from_slice(&slot);
    }
    input
}

/// `parse_packets.c`'s verdict and digest of one slot.
fn parse_frame(slot: &[u8]) -> (u32, u32) {
    let verdict = |v: u32, d: u32| (v, d);
    let end = slot.len() as u32;
    // `field`: `size` bytes at `off`, if inside the slot
    let field = |off: u32, size: u32| {
        (off <= end && off + size <= end).then(|| &slot[off as usize..(off + size) as usize])
    };
    let Some(p) = field(12, 2) else {
        return verdict(XDP_ABORTED, 0);
    };
    let mut proto = be16(p, 0);
    let mut l3 = 14;
    for _ in 0..2 {
        if proto != 0x8100 && proto != 0x88a8 {
            break;
        }
        let Some(p) = field(l3 + 2, 2) else {
            return verdict(XDP_DROP, 1);
        };
        proto = be16(p, 0);
        l3 += 4;
    }
    if proto != 0x0800 {
        return verdict(XDP_PASS, u32::from(proto));
    }

    // ipv4_header_len
    let header_len = || -> u32 {
        let Some(ip) = field(l3, 20) else { return 0 };
        let (version, ihl) = (ip[0] >> 4, u32::from(ip[0] & 0xf) * 4);
        if version != 4 || ihl < 20 {
            return 0;
        }
        let mut sum = 0u64;
        for i in (0..60).step_by(2) {
            if i >= ihl {
                break;
            }
            let Some(word) = field(l3 + i, 2) else {
                return 0;
            };
            sum += u64::from(le16(word, 0));
        }
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        if sum != 0xffff {
            return 0;
        }
        let tot_len = u32::from(be16(ip, 2));
        if tot_len < ihl || l3 + tot_len > end {
            return 0;
        }
        ihl
    };
    let ihl = header_len();
    let Some(ip) = field(l3, 20) else {
        return verdict(XDP_DROP, 1);
    };
    if !(20..=60).contains(&ihl) {
        return verdict(XDP_DROP, 1);
    }
    let tot_len = u32::from(be16(ip, 2));
    if be16(ip, 6) & 0x3fff != 0 {
        return verdict(XDP_PASS, 2);
    }
    if ip[9] != 6 {
        return verdict(XDP_PASS, u32::from(ip[9]));
    }

    let l4 = l3 + ihl;
    let Some(tcp) = field(l4, 20) else {
        return verdict(XDP_DROP, 3);
    };
    let doff = u32::from(tcp[12] >> 4) * 4;
    if doff < 20 || ihl + doff > tot_len {
        return verdict(XDP_DROP, 3);
    }
    let sport = u32::from(be16(tcp, 0));
    let dport = u32::from(be16(tcp, 2));
    let flags = tcp[13];

    // tcp_options: None for malformed options
    let options = || -> Option<(u32, u32, u32)> {
        let (mut mss, mut wscale, mut tsval) = (0, 0, 0);
        let mut opt = 20;
        for _ in 0..16 {
            if opt >= doff {
                break;
            }
            let Some(p) = field(l4 + opt, 2) else {
                return match field(l4 + opt, 1) {
                    Some([0 | 1]) => Some((mss, wscale, tsval)),
                    _ => None,
                };
            };
            let kind = p[0];
            if kind == 0 {
                break;
            }
            if kind == 1 {
                opt += 1;
                continue;
            }
            let len = u32::from(p[1]);
            if len < 2 || opt + len > doff {
                return None;
            }
            match (kind, len) {
                (2, 4) => mss = u32::from(be16(field(l4 + opt + 2, 2)?, 0)),
                (3, 3) => wscale = u32::from(field(l4 + opt + 2, 1)?[0]),
                (8, 10) => {
                    let p = field(l4 + opt + 2, 4)?;
                    tsval = u32::from_be_bytes([p[0], p[1], p[2], p[3]]);
                }
                _ => {}
            }
            opt += len;
        }
        Some((mss, wscale, tsval))
    };
    let Some((mss, wscale, tsval)) = options() else {
        return verdict(XDP_DROP, 4);
    };
    if dport == 23 {
        return verdict(XDP_DROP, 5);
    }
    if flags & 0x12 == 0x02 && mss != 0 && mss < 536 {
        return verdict(XDP_DROP, 6);
    }
    let digest = sport ^ (dport << 16) ^ mss ^ (wscale << 24) ^ tsval;
    verdict(if dport == 7 { XDP_TX } else { XDP_PASS }, digest)
}

fn parse_packets_expected(input: &[u8]) -> Outcome {
    let acc = input
        .chunks_exact(SLOT)
        .take(FRAMES)
        .fold(0u32, |acc, slot| {
            let (verdict, digest) = parse_frame(slot);
            acc.wrapping_mul(31).wrapping_add(digest ^ (verdict << 28))
        });
    unchanged(input, acc)
}

fn rewrite_headers_input() -> Vec<u8> {
    let mut rng = Rng(0x5be0_cd19_137e_2179);
    let spec = TcpSpec {
        sport: 40000,
        dport: 443,
        flags: 0x18,
        options: ack_options(rng.next_u32()),
        payload: 3300 - 14 - 24 - 32,
    };
    let mut segment = tcp(&spec, &mut rng);
    // an IPv4 option (IHL 6), so the header length is not the usual constant
    let mut packet = ipv4(6, &[1, 1, 1, 0], 0, false, &segment, &mut rng);
    // the TCP checksum over the pseudo-header and the segment
    let pseudo = sum_le_words(&packet[12..20])
        + u64::from(u16::from_le_bytes([0, 6]))
        + u64::from((segment.len() as u16).swap_bytes());
    let checksum = fold(pseudo + sum_le_words(&segment));
    segment[16..18].copy_from_slice(&checksum.to_le_bytes());
    packet[24 + 16..24 + 18].copy_from_slice(&checksum.to_le_bytes());
    ethernet(&[], 0x0800, &packet)
}

fn rewrite_headers_expected(input: &[u8]) -> Outcome {
    let mut frame = input.to_vec();
    let pass = |frame: Vec<u8>| Outcome {
        retval: XDP_PASS,
        data_out: frame,
    };
    if frame.len() < 34 || be16(&frame, 12) != 0x0800 {
        return pass(frame);
    }
    let ihl = usize::from(frame[14] & 0xf) * 4;
    if frame[14] >> 4 != 4 || ihl < 20 || frame[14 + 9] != 6 {
        return pass(frame);
    }
    let tot_len = usize::from(be16(&frame, 16));
    if tot_len < ihl + 20 || tot_len - ihl > 3400 || 14 + tot_len > frame.len() {
        return pass(frame);
    }
    let (ip, tcp, end) = (14, 14 + ihl, 14 + tot_len);
    let seg_len = tot_len - ihl;
    let pseudo = |frame: &[u8]| {
        sum_le_words(&frame[ip + 12..ip + 20])
            + u64::from(u16::from_le_bytes([0, 6]))
            + u64::from((seg_len as u16).swap_bytes())
    };
    if fold(sum_le_words(&frame[ip..tcp])) != 0
        || fold(pseudo(&frame) + sum_le_words(&frame[tcp..end])) != 0
    {
        return Outcome {
            retval: XDP_DROP,
            data_out: frame,
        };
    }
    for i in 0..6 {
        frame.swap(i, 6 + i);
    }
    for i in 0..4 {
        frame.swap(ip + 12 + i, ip + 16 + i);
    }
    for i in 0..2 {
        frame.swap(tcp + i, tcp + 2 + i);
    }
    frame[ip + 8] = 64;
    frame[ip + 10..ip + 12].fill(0);
    let checksum = fold(sum_le_words(&frame[ip..tcp]));
    frame[ip + 10..ip + 12].copy_from_slice(&checksum.to_le_bytes());
    frame[tcp + 16..tcp + 18].fill(0);
    let checksum = fold(pseudo(&frame) + sum_le_words(&frame[tcp..end]));
    frame[tcp + 16..tcp + 18].copy_from_slice(&checksum.to_le_bytes());
    Outcome {
        retval: XDP_TX,
        data_out: frame,
    }
}

fn map_counting_input() -> Vec<u8> {
    let mut rng = Rng(0xcbbb_9d5d_c105_9ed8);
    // 40 flows: addresses, ports, protocol
    let flows: Vec<[u8; 13]> = (0..40)
        .map(|_| {
            let mut flow = [0u8; 13];
            flow[..4].copy_from_slice(&[10, 0, rng.below(4) as u8, rng.below(256) as u8]);
            flow[4..8].copy_from_slice(&[192, 168, 0, rng.below(8) as u8]);
            flow[8..10].copy_from_slice(&(1024 + rng.below(60000) as u16).to_be_bytes());
            flow[10..12]
                .copy_from_slice(&[80u16, 443, 53, 22][rng.below(4) as usize].to_be_bytes());
            flow[12] = if rng.below(4) == 0 { 17 } else { 6 };
            flow
        })
        .collect();
    let mut input = Vec::with_capacity(128 * 16 + 4);
    for _ in 0..128 {
        // skewed: the first flows are the busiest
        let flow = &flows[(rng.below(40) * rng.below(40) / 40) as usize];
        input.extend_from_slice(flow);
        input.push(0);
        input.extend_from_slice(&(40 + rng.below(1460) as u16).to_le_bytes());
        input.extend_from_slice(&[0, 0]);
    }
    input.extend_from_slice(&rng.next_u32().to_le_bytes());
    input
}

fn map_counting_expected(input: &[u8]) -> Outcome {
    // flow key (addresses, ports, protocol) -> packets
    let mut flows: std::collections::HashMap<&[u8], u64> = std::collections::HashMap::new();
    let mut acc = 0u32;
    for record in input.chunks_exact(16).take(128) {
        let key = &record[..13];
        acc = match flows.get_mut(key) {
            Some(packets) => {
                let before = *packets as u32;
                *packets += 1;
                acc.wrapping_mul(7).wrapping_add(1).wrapping_add(before)
            }
            // the map holds 1024 flows, more than there are
            None => {
                flows.insert(key, 1);
                acc.wrapping_mul(7).wrapping_add(2)
            }
        };
    }
    unchanged(input, acc ^ le32(input, 128 * 16))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs every workload once on `peer` and checks it against the reference model.
    fn agrees(peer: &dyn Peer) {
        for workload in WORKLOADS {
            let input = (workload.make_input)();
            match peer.prepare(&workload).expect("prepares") {
                Prepared::Ready(mut runner) => {
                    let outcome = runner.run_once(&input).expect("runs");
                    workload
                        .check(peer.name(), &input, &outcome)
                        .unwrap_or_else(|mismatch| panic!("{mismatch}"));
                }
                Prepared::NotApplicable(reason) => {
                    panic!("{} cannot run {}: {reason}", peer.name(), workload.name)
                }
            }
        }
    }

    #[test]
    fn native_c_agrees_with_the_reference_models() {
        agrees(&NativePeer);
    }

    #[test]
    fn sluice_interpreter_agrees_with_the_reference_models() {
        agrees(&SluicePeer::new(Engine::Interp));
    }

    #[test]
    fn sluice_jit_agrees_with_the_reference_models() {
        if let Some(jit) = run_sluice_jit() {
            agrees(jit.as_ref());
        }
    }

    #[test]
    fn inputs_exercise_every_verdict_of_the_parser() {
        let input = parse_packets_input();
        let verdicts: std::collections::BTreeSet<u32> = input
            .chunks_exact(SLOT)
            .map(|slot| parse_frame(slot).0)
            .collect();
        assert_eq!(
            verdicts.into_iter().collect::<Vec<_>>(),
            [XDP_DROP, XDP_PASS, XDP_TX]
        );
        let rewrite = rewrite_headers_input();
        assert_eq!(rewrite_headers_expected(&rewrite).retval, XDP_TX);
    }

    #[test]
    fn only_map_counting_needs_maps() {
        for workload in WORKLOADS {
            let obstacle = workload.foreign_obstacle().expect("object parses");
            assert_eq!(
                obstacle.is_some(),
                workload.name == "map_counting",
                "{}",
                workload.name
            );
        }
    }
}
