//! The helper functions (`crates/runtime/src/helpers/`) against the kernel's results.
//!
//! - Recorded kernel semantics: the programs of `tests/data/helpers/` (formats, probe reads,
//!   string conversions, checksums, packet edge cases) run in Sluice and must leave what the
//!   kernel left (`tests/data/helpers/kernel.jsonl`, recorded by `record-kernel.sh`).
//! - Corpus cases that exercise helpers, with the kernel's results of
//!   `tests/corpus/check-kernel.sh -o` embedded ([`KERNEL`]).
//! - Focused programs in assembly for what a differential run cannot show: the program-type
//!   check, callbacks and the memory they are lent, spin locks across threads, trace output,
//!   stacks, the verifier's refusals that Sluice turns into traps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use sluice_abi::prog_type::ProgType;
use sluice_interp::{Config, Executable, Interpreter, Memory, Region, Trap, TrapKind};
use sluice_isa::Syntax;
use sluice_isa::asm::assemble_program;
use sluice_maps::spec::map_type;
use sluice_maps::{Map, MapSpec, PerfEventArray, RingBuf};
use sluice_obj::Object;
use sluice_runtime::context::{ContextLayout, rewrite_context_accesses};
use sluice_runtime::test_run::{TestRunInput, TestRunOutput, test_run};
use sluice_runtime::{Events, Invocation, LoadOptions, LoadedObject, PacketBounds, Registry};

// ---------------------------------------------------------------------------------------------
// Shared plumbing.

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn load(path: &Path, prog_type: Option<ProgType>) -> LoadedObject {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let object = Object::parse(&bytes).expect("object parses");
    let options = LoadOptions {
        prog_type,
        ..LoadOptions::default()
    };
    LoadedObject::load(object, &options).expect("object loads")
}

/// The entries of a map as user space dumps them (`BPF_MAP_GET_NEXT_KEY` order), sorted by
/// key for hash maps, whose order is the kernel's bucket order.
fn dump(map: &Arc<dyn Map>) -> Vec<(String, String)> {
    let spec = map.spec();
    let mut entries = Vec::new();
    let mut key = vec![0u8; spec.key_size as usize];
    let mut prev: Option<Vec<u8>> = None;
    while map.next_key(prev.as_deref(), &mut key).is_ok() {
        let mut value = vec![0u8; spec.user_value_len()];
        if map.lookup(&key, &mut value).is_ok() {
            entries.push((to_hex(&key), to_hex(&value)));
        }
        prev = Some(key.clone());
    }
    if matches!(
        spec.map_type,
        map_type::HASH | map_type::PERCPU_HASH | map_type::LRU_HASH | map_type::LRU_PERCPU_HASH
    ) {
        entries.sort();
    }
    entries
}

/// A 54-byte IPv4/UDP frame (the corpus's most common input).
const FRAME: &str = "0200000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000";

// ---------------------------------------------------------------------------------------------
// Recorded kernel semantics.

/// A non-zero result slot: its index, `ret` and the bytes after it in hex.
type Slot = (u32, i64, String);

#[test]
fn helper_test_objects_leave_what_the_kernel_left() {
    let dir = repo().join("crates/runtime/tests/data/helpers");
    let recorded = std::fs::read_to_string(dir.join("kernel.jsonl")).expect("kernel.jsonl");
    let mut expected: BTreeMap<(String, String), Vec<Slot>> = BTreeMap::new();
    for line in recorded.lines() {
        let entry: Value = serde_json::from_str(line).expect("json line");
        let object = entry["object"].as_str().expect("object").to_string();
        let prog = entry["prog"].as_str().expect("prog").to_string();
        expected.entry((object, prog)).or_default().push((
            entry["key"].as_u64().expect("key") as u32,
            entry["ret"].as_i64().expect("ret"),
            entry["out"].as_str().expect("out").to_string(),
        ));
    }
    assert!(expected.len() >= 7, "every program was recorded");
    let mut differences = Vec::new();
    for ((object, prog), slots) in &expected {
        let loaded = load(&dir.join(object), None);
        let program = loaded.program(prog).expect("program");
        let input = TestRunInput {
            data_in: hex(FRAME),
            insn_budget: Some(1_000_000),
            engine: sluice_runtime::Engine::default(),
            ..TestRunInput::default()
        };
        test_run(&loaded, program, &input).unwrap_or_else(|e| panic!("{object}:{prog}: {e}"));
        let out = loaded.map("out").expect("out map");
        let mut actual = Vec::new();
        for key in 0..out.spec().max_entries {
            let mut value = vec![0u8; out.spec().value_size as usize];
            out.lookup(&key.to_le_bytes(), &mut value).expect("slot");
            let ret = i64::from_le_bytes(value[..8].try_into().expect("8 bytes"));
            if ret != 0 || value[8..].iter().any(|b| *b != 0) {
                actual.push((key, ret, to_hex(&value[8..])));
            }
        }
        if &actual != slots {
            differences.push(format!(
                "{object}:{prog}\n  kernel: {slots:?}\n  sluice: {actual:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Corpus cases with the kernel's results.

struct Expected {
    case: &'static str,
    retvals: Option<&'static [u32]>,
    /// One per run when compared, else empty.
    data_out: &'static [&'static str],
    /// One per run: `Some` for runs that give `ctx_in`.
    ctx_out: &'static [Option<&'static str>],
    maps: &'static [(&'static str, &'static [(&'static str, &'static str)])],
}

fn prog_type_named(name: &str) -> ProgType {
    match name {
        "xdp" => ProgType::Xdp,
        "sched_cls" => ProgType::SchedCls,
        "raw_tracepoint" => ProgType::RawTracepoint,
        "syscall" => ProgType::Syscall,
        other => panic!("no corpus helper case of type {other}"),
    }
}

/// Runs a manifest case as `check-kernel.sh` does; returns the loaded object and the last
/// output of each run.
fn run_corpus_case(case: &Value) -> (LoadedObject, Vec<TestRunOutput>) {
    let prog_type = prog_type_named(case["prog_type"].as_str().expect("prog_type"));
    let object = case["object"].as_str().expect("object");
    let loaded = load(&repo().join("tests/corpus").join(object), Some(prog_type));
    let program = loaded
        .program(case["program"].as_str().expect("program"))
        .expect("program");
    for before in case["maps_before"].as_array().into_iter().flatten() {
        let map = loaded
            .map(before["map"].as_str().expect("map"))
            .expect("map exists");
        map.update(
            &hex(before["key"].as_str().expect("key")),
            &hex(before["value"].as_str().expect("value")),
            0,
        )
        .expect("maps_before applies");
    }
    let mut outputs = Vec::new();
    for run in case["runs"].as_array().expect("runs") {
        let repeat = run["repeat"].as_u64().unwrap_or(1) as u32;
        // raw_tracepoint and syscall programs cannot repeat: `repeat` means separate runs.
        let separate = matches!(prog_type, ProgType::RawTracepoint | ProgType::Syscall);
        let input = TestRunInput {
            data_in: run["data_in"].as_str().map(hex).unwrap_or_default(),
            ctx_in: run["ctx_in"].as_str().map(hex),
            repeat: if separate { 1 } else { repeat },
            cpu: 0,
            insn_budget: Some(10_000_000),
            engine: sluice_runtime::Engine::default(),
            jit_options: sluice_runtime::JitOptions::default(),
            ..TestRunInput::default()
        };
        let times = if separate { repeat.max(1) } else { 1 };
        let mut last = None;
        for _ in 0..times {
            last = Some(
                test_run(&loaded, program, &input).unwrap_or_else(|e| panic!("{object}: {e}")),
            );
        }
        outputs.push(last.expect("one run"));
    }
    (loaded, outputs)
}

#[test]
fn corpus_helper_cases_give_the_kernels_results() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/corpus/manifest.json")).expect("manifest"),
    )
    .expect("manifest parses");
    let cases = manifest["cases"].as_array().expect("cases");
    let mut differences = Vec::new();
    for expected in KERNEL {
        let case = cases
            .iter()
            .find(|case| {
                format!(
                    "{}:{}",
                    case["object"].as_str().unwrap_or_default(),
                    case["program"].as_str().unwrap_or_default()
                ) == expected.case
            })
            .unwrap_or_else(|| panic!("{} is in the manifest", expected.case));
        let (loaded, outputs) = run_corpus_case(case);
        let mut diff = |what: String, kernel: String, sluice: String| {
            if kernel != sluice {
                differences.push(format!(
                    "{} {what}\n  kernel: {kernel}\n  sluice: {sluice}",
                    expected.case
                ));
            }
        };
        if let Some(retvals) = expected.retvals {
            let actual: Vec<u32> = outputs.iter().map(|o| o.retval).collect();
            diff(
                "retvals".into(),
                format!("{retvals:?}"),
                format!("{actual:?}"),
            );
        }
        for (run, data_out) in expected.data_out.iter().enumerate() {
            diff(
                format!("run {run} data_out"),
                data_out.to_string(),
                to_hex(&outputs[run].data_out),
            );
        }
        for (run, ctx_out) in expected.ctx_out.iter().enumerate() {
            if let Some(ctx_out) = ctx_out {
                diff(
                    format!("run {run} ctx_out"),
                    ctx_out.to_string(),
                    to_hex(&outputs[run].ctx_out),
                );
            }
        }
        for (name, entries) in expected.maps {
            let map = loaded.map(name).unwrap_or_else(|_| panic!("map {name}"));
            let kernel: Vec<(String, String)> = entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            diff(
                format!("map {name}"),
                format!("{kernel:?}"),
                format!("{:?}", dump(map)),
            );
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn trace_printk_corpus_case_writes_the_kernels_text() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/corpus/manifest.json")).expect("manifest"),
    )
    .expect("manifest parses");
    let case = manifest["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|case| case["object"] == "trace_printk.o")
        .expect("trace_printk case");
    let (_, outputs) = run_corpus_case(case);
    assert_eq!(
        outputs[0].events.trace,
        [
            "sluice corpus len=54\n",
            "a=-5 b=beef c=str d=123456789\n",
            "no args"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Programs in assembly.

/// Maps, a scratch area and a program type, to run assembled programs with Sluice's helpers.
struct Vm {
    prog_type: Option<ProgType>,
    cpu: u32,
    registry: Registry,
    maps: Vec<Arc<dyn Map>>,
    /// A 4096-byte array value the programs use for data and results.
    scratch: Arc<dyn Map>,
}

/// What a run gave.
struct Run {
    r0: Result<u64, Trap>,
    events: Events,
}

impl Run {
    fn r0(&self) -> u64 {
        match &self.r0 {
            Ok(r0) => *r0,
            Err(trap) => panic!("the program trapped: {trap}"),
        }
    }

    fn trap(&self) -> &Trap {
        match &self.r0 {
            Ok(r0) => panic!("the program returned {r0:#x} instead of trapping"),
            Err(trap) => trap,
        }
    }

    fn helper_failure(&self) -> String {
        match &self.trap().kind {
            TrapKind::HelperFailed { message, .. } => message.clone(),
            other => panic!("expected a helper failure, got {other}"),
        }
    }
}

/// The packet and context of a packet program.
struct Packet {
    buffer: Vec<u8>,
    ctx: Vec<u8>,
    layout: ContextLayout,
    headroom_floor: usize,
}

impl Packet {
    /// An XDP buffer as test-run builds it: 256 bytes of headroom (40 for `xdp_frame`), room
    /// for 3520 bytes, 320 bytes of `skb_shared_info`.
    fn xdp(frame: &[u8]) -> Packet {
        let mut buffer = vec![0u8; 4096];
        buffer[256..256 + frame.len()].copy_from_slice(frame);
        let layout = ContextLayout::for_prog_type(ProgType::Xdp).expect("xdp layout");
        let mut packet = Packet {
            buffer,
            ctx: vec![0; layout.size as usize],
            layout,
            headroom_floor: 40,
        };
        packet.set("data", 256);
        packet.set("data_meta", 256);
        packet.set("data_end", 256 + frame.len());
        packet
    }

    /// A tc skb: the frame after 66 bytes of headroom, `len` and `protocol` set.
    fn tc(frame: &[u8]) -> Packet {
        let mut buffer = vec![0u8; 66 + frame.len() + 320];
        buffer[66..66 + frame.len()].copy_from_slice(frame);
        let layout = ContextLayout::for_prog_type(ProgType::SchedCls).expect("skb layout");
        let mut packet = Packet {
            buffer,
            ctx: vec![0; layout.size as usize],
            layout,
            headroom_floor: 0,
        };
        packet.ctx[0..4].copy_from_slice(&(frame.len() as u32).to_le_bytes());
        let protocol = u32::from(u16::from_be_bytes([frame[12], frame[13]]).to_be());
        packet.ctx[16..20].copy_from_slice(&protocol.to_le_bytes());
        packet.set("data", 66);
        packet.set("data_meta", 66);
        packet.set("data_end", 66 + frame.len());
        packet
    }

    fn slot(&self, name: &str) -> usize {
        self.layout.slot_of(name).expect("pointer slot") as usize
    }

    /// Sets pointer `name` to `offset` bytes into the buffer.
    fn set(&mut self, name: &str, offset: usize) {
        let slot = self.slot(name);
        let addr = self.buffer.as_ptr() as u64 + offset as u64;
        self.ctx[slot..slot + 8].copy_from_slice(&addr.to_le_bytes());
    }

    /// Offset into the buffer of pointer `name`.
    fn offset(&self, name: &str) -> usize {
        let slot = self.slot(name);
        let addr = u64::from_le_bytes(self.ctx[slot..slot + 8].try_into().expect("8 bytes"));
        (addr - self.buffer.as_ptr() as u64) as usize
    }

    fn data(&self) -> &[u8] {
        &self.buffer[self.offset("data")..self.offset("data_end")]
    }

    fn meta(&self) -> &[u8] {
        &self.buffer[self.offset("data_meta")..self.offset("data")]
    }

    fn u32_field(&self, offset: usize) -> u32 {
        u32::from_le_bytes(self.ctx[offset..offset + 4].try_into().expect("4 bytes"))
    }
}

impl Vm {
    fn new(prog_type: Option<ProgType>) -> Vm {
        let registry = Registry::default();
        let scratch =
            sluice_maps::create(&MapSpec::new(map_type::ARRAY, 4, 4096, 1)).expect("scratch map");
        registry.add_map(&scratch);
        Vm {
            prog_type,
            cpu: 0,
            registry,
            maps: vec![scratch.clone()],
            scratch,
        }
    }

    fn map(&mut self, spec: MapSpec) -> Arc<dyn Map> {
        let map = sluice_maps::create(&spec).expect("map");
        self.registry.add_map(&map);
        self.maps.push(map.clone());
        map
    }

    /// The address of byte `offset` of the scratch area.
    fn at(&self, offset: u64) -> u64 {
        self.scratch
            .lookup_addr(&0u32.to_le_bytes(), 0)
            .expect("scratch value")
            + offset
    }

    fn put(&self, offset: usize, bytes: &[u8]) {
        let mut value = vec![0u8; 4096];
        self.scratch
            .lookup(&0u32.to_le_bytes(), &mut value)
            .expect("scratch");
        value[offset..offset + bytes.len()].copy_from_slice(bytes);
        self.scratch
            .update(&0u32.to_le_bytes(), &value, 0)
            .expect("scratch");
    }

    fn bytes(&self, offset: usize, len: usize) -> Vec<u8> {
        let mut value = vec![0u8; 4096];
        self.scratch
            .lookup(&0u32.to_le_bytes(), &mut value)
            .expect("scratch");
        value[offset..offset + len].to_vec()
    }

    fn u64_at(&self, offset: usize) -> u64 {
        u64::from_le_bytes(self.bytes(offset, 8).try_into().expect("8 bytes"))
    }

    fn run(&self, source: &str) -> Run {
        self.run_on(source, None)
    }

    /// Runs `source` with `r1` the context of `packet` (or 0).
    fn run_on(&self, source: &str, packet: Option<&mut Packet>) -> Run {
        let program = assemble_program(source, Syntax::Llvm).unwrap_or_else(|e| panic!("{e}"));
        let program = match &packet {
            Some(packet) => sluice_isa::Program::from_slots(
                rewrite_context_accesses(&program, &packet.layout).0,
            )
            .expect("rewritten program"),
            None => program,
        };
        let executable = Executable::new_unchecked(&program);
        let mut events = Events::default();
        let mut memory = Memory::new();
        let (ctx_addr, layout, bounds) = match packet {
            Some(packet) => {
                let base = packet.buffer.as_ptr() as u64;
                let bounds = PacketBounds {
                    buffer_start: base,
                    buffer_end: base + packet.buffer.len() as u64,
                    headroom_floor: base + packet.headroom_floor as u64,
                };
                let ctx_addr = packet.ctx.as_ptr() as u64;
                memory.add_region(Region::writable(&mut packet.buffer));
                memory.add_region(Region::writable(&mut packet.ctx));
                (ctx_addr, Some(&packet.layout), Some(bounds))
            }
            None => (0, None, None),
        };
        for map in &self.maps {
            for buf in map.storage() {
                memory.add_region(Region::shared(buf, true));
            }
        }
        let r0 = {
            let mut invocation =
                Invocation::new(&self.registry, self.prog_type, self.cpu, &mut events)
                    .with_context(ctx_addr, layout);
            if let Some(bounds) = bounds {
                invocation = invocation.with_packet(bounds);
            }
            Interpreter::new(Config {
                insn_budget: Some(10_000_000),
            })
            .run(
                &executable,
                &mut memory,
                [ctx_addr, 0, 0, 0, 0],
                &mut invocation,
            )
            .map(|outcome| outcome.r0)
        };
        Run { r0, events }
    }
}

const EINVAL: u64 = -22i64 as u64;
const EFAULT: u64 = -14i64 as u64;

#[test]
fn a_program_type_may_call_only_the_helpers_the_kernel_offers_it() {
    // bpf_skb_store_bytes (9) is not an XDP helper; bpf_redirect (23) not a socket filter's.
    let run = Vm::new(Some(ProgType::Xdp)).run("r1 = 0\n call 9\n exit");
    assert!(
        run.helper_failure()
            .contains("xdp programs may not call bpf_skb_store_bytes"),
        "{}",
        run.helper_failure()
    );
    let run = Vm::new(Some(ProgType::SocketFilter)).run("r1 = 1\n r2 = 0\n call 23\n exit");
    assert!(run.helper_failure().contains("bpf_redirect"));
    // An id no kernel defines is an unknown helper.
    let run = Vm::new(Some(ProgType::Xdp)).run("call 212\n exit");
    assert_eq!(run.trap().kind, TrapKind::UnknownHelper { id: 212 });
    // A size the verifier requires to be positive.
    let vm = Vm::new(Some(ProgType::Xdp));
    let run = vm.run(&format!(
        "r1 = {} ll\n r2 = 0\n r3 = {} ll\n call 182\n exit",
        vm.at(0),
        vm.at(8)
    ));
    assert!(run.helper_failure().contains("must not be 0"));
}

#[test]
fn clocks_cpu_and_random_numbers() {
    let mut vm = Vm::new(Some(ProgType::Xdp));
    vm.cpu = 1;
    let source = format!(
        "r9 = {} ll
         call 5
         *(u64 *)(r9 + 0) = r0
         call 125
         *(u64 *)(r9 + 8) = r0
         call 160
         *(u64 *)(r9 + 16) = r0
         call 208
         *(u64 *)(r9 + 24) = r0
         call 118
         *(u64 *)(r9 + 32) = r0
         call 5
         *(u64 *)(r9 + 40) = r0
         call 118
         *(u64 *)(r9 + 48) = r0
         call 7
         *(u64 *)(r9 + 56) = r0
         call 7
         *(u64 *)(r9 + 64) = r0
         call 8
         exit",
        vm.at(0)
    );
    assert_eq!(
        vm.run(&source).r0(),
        1,
        "bpf_get_smp_processor_id is the run's CPU"
    );
    let [mono, boot, coarse, tai, jiffies, mono2, jiffies2] =
        [0, 8, 16, 24, 32, 40, 48].map(|offset| vm.u64_at(offset));
    assert!(mono > 0 && mono2 >= mono && boot >= mono && tai > boot);
    assert!(coarse <= mono2 + 20_000_000);
    assert!(jiffies > 0 && jiffies2 >= jiffies);
    let (a, b) = (vm.u64_at(56), vm.u64_at(64));
    assert!(a <= u64::from(u32::MAX) && b <= u64::from(u32::MAX) && a != b);
}

#[test]
fn current_task_is_sluices_own_thread() {
    let vm = Vm::new(Some(ProgType::Syscall));
    let pid_tgid = vm.run("call 14\n exit").r0();
    assert_eq!(pid_tgid >> 32, u64::from(std::process::id()));
    let uid_gid = vm.run("call 15\n exit").r0();
    assert_eq!(uid_gid as u32, rustix_free_uid());
    assert_ne!(vm.run("call 35\n exit").r0(), 0);
    // comm: NUL-terminated and zero-padded; truncated to size - 1.
    vm.put(0, &[0x55; 32]);
    let source = format!(
        "r1 = {} ll\n r2 = 32\n call 16\n r1 = {} ll\n r2 = 4\n call 16\n exit",
        vm.at(0),
        vm.at(32)
    );
    assert_eq!(vm.run(&source).r0(), 0);
    let name = std::fs::read_to_string("/proc/thread-self/comm").expect("comm");
    let name = name.trim_end().as_bytes();
    let mut full = name[..name.len().min(15)].to_vec();
    full.resize(32, 0);
    assert_eq!(vm.bytes(0, 32), full);
    let mut short = name[..name.len().min(3)].to_vec();
    short.resize(4, 0);
    assert_eq!(vm.bytes(32, 4), short);
}

/// The real user id, read from `/proc` (the tests do not depend on a syscall crate).
fn rustix_free_uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().next())
        .and_then(|uid| uid.parse().ok())
        .expect("Uid line")
}

#[test]
fn bpf_loop_counts_stops_and_refuses_like_the_inlined_kernel_loop() {
    let vm = Vm::new(Some(ProgType::Xdp));
    let loop_with = |n: &str, flags: u64| {
        format!(
            "r1 = {n}
             r2 = subprog[body]
             r3 = {} ll
             r4 = {flags}
             call 181
             exit
             body:
             r3 = *(u64 *)(r2 + 0)
             r3 += r1
             *(u64 *)(r2 + 0) = r3
             r0 = 0
             if r1 != 6 goto +1
             r0 = 1
             exit",
            vm.at(0)
        )
    };
    assert_eq!(vm.run(&loop_with("10", 0)).r0(), 7, "stops after index 6");
    assert_eq!(vm.u64_at(0), 21);
    assert_eq!(vm.run(&loop_with("3", 0)).r0(), 3);
    assert_eq!(vm.run(&loop_with("0", 0)).r0(), 0);
    // -E2BIG as the inlined loop's 32-bit move; -EINVAL from the helper itself.
    assert_eq!(vm.run(&loop_with("0x800001", 0)).r0(), 0xffff_fff9);
    assert_eq!(vm.run(&loop_with("10", 1)).r0(), EINVAL);
    // A trap in the callback ends the run.
    let run = vm.run(
        "r1 = 2
         r2 = subprog[bad]
         r3 = 0
         r4 = 0
         call 181
         exit
         bad:
         r0 = *(u64 *)(r2 + 0)
         exit",
    );
    assert!(matches!(
        run.trap().kind,
        TrapKind::OutOfBounds { addr: 0, .. }
    ));
}

#[test]
fn for_each_map_elem_lends_keys_and_values_for_the_call() {
    let mut vm = Vm::new(Some(ProgType::Xdp));
    let array = vm.map(MapSpec::new(map_type::ARRAY, 4, 8, 4));
    for index in 0u32..4 {
        array
            .update(&index.to_le_bytes(), &u64::from(index + 1).to_le_bytes(), 0)
            .expect("update");
    }
    let handle = sluice_maps::map_handle(&array);
    // The callback sums values and keys into ctx, multiplies each value by 10, saves the key
    // pointer in ctx + 16 and stops at key 2.
    let for_each = |flags: u64, after: &str| {
        format!(
            "r1 = {handle} ll
             r2 = subprog[cb]
             r3 = {} ll
             r4 = {flags}
             call 164
             {after}
             exit
             cb:
             r5 = *(u32 *)(r2 + 0)
             r6 = *(u64 *)(r3 + 0)
             r7 = *(u64 *)(r4 + 0)
             r7 += r6
             *(u64 *)(r4 + 0) = r7
             r7 = *(u64 *)(r4 + 8)
             r7 += r5
             *(u64 *)(r4 + 8) = r7
             *(u64 *)(r4 + 16) = r2
             r6 *= 10
             *(u64 *)(r3 + 0) = r6
             r0 = 0
             if r5 != 2 goto +1
             r0 = 1
             exit",
            vm.at(0)
        )
    };
    assert_eq!(vm.run(&for_each(0, "")).r0(), 3, "keys 0, 1 and 2 visited");
    assert_eq!((vm.u64_at(0), vm.u64_at(8)), (1 + 2 + 3, 1 + 2));
    assert_eq!(
        dump(&array).into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        [
            "0a00000000000000",
            "1400000000000000",
            "1e00000000000000",
            "0400000000000000"
        ]
    );
    assert_eq!(vm.run(&for_each(1, "")).r0(), EINVAL);
    // The keys are lent for the call only: reading one afterwards traps.
    let run = vm.run(&for_each(
        0,
        &format!(
            "r1 = {} ll\n r1 = *(u64 *)(r1 + 16)\n r0 = *(u32 *)(r1 + 0)",
            vm.at(0)
        ),
    ));
    assert!(matches!(run.trap().kind, TrapKind::OutOfBounds { .. }));
    // Keys are read-only.
    let run = vm.run(&format!(
        "r1 = {handle} ll
         r2 = subprog[cb]
         r3 = 0
         r4 = 0
         call 164
         exit
         cb:
         *(u32 *)(r2 + 0) = r1
         r0 = 0
         exit"
    ));
    assert!(matches!(run.trap().kind, TrapKind::ReadOnly { .. }));
    // Maps that cannot be iterated are refused.
    let queue = vm.map(MapSpec::new(map_type::QUEUE, 0, 8, 4));
    let run = vm.run(&format!(
        "r1 = {} ll\n r2 = subprog[cb]\n r3 = 0\n r4 = 0\n call 164\n exit\n cb:\n r0 = 0\n exit",
        sluice_maps::map_handle(&queue)
    ));
    assert!(run.helper_failure().contains("cannot be iterated"));
}

#[test]
fn for_each_map_elem_gives_per_cpu_maps_this_cpus_values() {
    let mut vm = Vm::new(Some(ProgType::Xdp));
    vm.cpu = 1;
    let percpu = vm.map(MapSpec::new(map_type::PERCPU_ARRAY, 4, 8, 2).with_cpus(2));
    let source = format!(
        "r1 = {} ll
         r2 = subprog[cb]
         r3 = 0
         r4 = 0
         call 164
         exit
         cb:
         r5 = *(u32 *)(r2 + 0)
         r5 += 7
         *(u64 *)(r3 + 0) = r5
         r0 = 0
         exit",
        sluice_maps::map_handle(&percpu)
    );
    assert_eq!(vm.run(&source).r0(), 2);
    let mut values = vec![0u8; percpu.spec().user_value_len()];
    percpu
        .lookup(&1u32.to_le_bytes(), &mut values)
        .expect("lookup");
    // CPU 0's slot untouched, CPU 1's written.
    assert_eq!(values[..8], [0; 8]);
    assert_eq!(values[8..16], 8u64.to_le_bytes());
}

#[test]
fn spin_locks_are_exclusive_across_threads() {
    let mut vm = Vm::new(Some(ProgType::SchedCls));
    // struct { struct bpf_spin_lock lock; u32 pad; u64 counter; }
    let values = vm.map(MapSpec::new(map_type::ARRAY, 4, 16, 1));
    let value = values
        .lookup_addr(&0u32.to_le_bytes(), 0)
        .expect("value address");
    // A read-modify-write that is not atomic: only the lock keeps increments from being lost.
    let source = format!(
        "r6 = {value} ll
         r1 = r6
         call 93
         r1 = *(u64 *)(r6 + 8)
         r1 += 1
         *(u64 *)(r6 + 8) = r1
         r1 = r6
         call 94
         r0 = 0
         exit"
    );
    let (threads, runs) = (4, 2000);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..runs {
                    vm.run(&source).r0();
                }
            });
        }
    });
    let mut bytes = [0u8; 16];
    values
        .lookup(&0u32.to_le_bytes(), &mut bytes)
        .expect("value");
    assert_eq!(bytes[..4], [0; 4], "the lock is free again");
    assert_eq!(
        u64::from_le_bytes(bytes[8..].try_into().expect("8")),
        threads * runs
    );
    // What the verifier refuses: taking a second lock, releasing a lock not held.
    let run = vm.run(&format!(
        "r1 = {value} ll\n call 93\n r1 = {} ll\n call 93\n exit",
        value + 8
    ));
    assert!(run.helper_failure().contains("while holding"));
    let run = vm.run(&format!("r1 = {value} ll\n call 94\n exit"));
    assert!(run.helper_failure().contains("does not hold"));
}

#[test]
fn trace_printk_formats_into_the_trace_and_returns_the_length() {
    let vm = Vm::new(Some(ProgType::Xdp));
    let printk = |fmt: &str, args: [u64; 3]| {
        let mut bytes = fmt.as_bytes().to_vec();
        bytes.push(0);
        vm.put(1024, &bytes);
        vm.put(2048, b"str\0");
        vm.run(&format!(
            "r1 = {} ll\n r2 = {}\n r3 = {} ll\n r4 = {} ll\n r5 = {} ll\n call 6\n exit",
            vm.at(1024),
            bytes.len(),
            args[0],
            args[1],
            args[2]
        ))
    };
    let string = vm.at(2048);
    for (fmt, args, text) in [
        (
            "%d %u %x",
            [-5i64 as u64, 3_000_000_000, 0xbeef],
            "-5 3000000000 beef",
        ),
        (
            "%5d|%-5d|%05d",
            [42, 42, -42i64 as u64],
            "   42|42   |-0042",
        ),
        (
            "%s=%lu%c",
            [string, u64::MAX, u64::from(b'!')],
            "str=18446744073709551615!",
        ),
        ("no args", [0; 3], "no args"),
    ] {
        let run = printk(fmt, args);
        assert_eq!(run.r0(), text.len() as u64, "{fmt}");
        assert_eq!(run.events.trace, [text], "{fmt}");
    }
    // Errors come back as -EINVAL and print nothing.
    for fmt in ["%q", "%d %d %d %d", "%5.2d", "%"] {
        let run = printk(fmt, [1, 2, 3]);
        assert_eq!(run.r0(), EINVAL, "{fmt}");
        assert!(run.events.trace.is_empty());
    }
}

#[test]
fn snprintf_truncates_and_refuses_what_the_verifier_refuses() {
    let vm = Vm::new(Some(ProgType::SchedCls));
    vm.put(1024, b"%pI4:%u\0");
    vm.put(2048, &[192, 0, 2, 10]);
    vm.put(2056, &vm.at(2048).to_le_bytes());
    vm.put(2064, &5353u64.to_le_bytes());
    vm.put(0, &[0xaa; 16]);
    let snprintf = |size: u64, str_addr: u64| {
        vm.run(&format!(
            "r1 = {str_addr} ll\n r2 = {size}\n r3 = {} ll\n r4 = {} ll\n r5 = 16\n call 165\n exit",
            vm.at(1024),
            vm.at(2056)
        ))
    };
    assert_eq!(
        snprintf(8, vm.at(0)).r0(),
        16,
        "the untruncated length plus one"
    );
    assert_eq!(vm.bytes(0, 9), b"192.0.2\0\xaa");
    // With no room at all, the kernel's `bstr_printf` neither counts a preformatted `%pI4`
    // nor moves past it, so `%u` reads the address text: "808333881", and the length is
    // that of ":808333881" plus one. (Recorded from the kernel in tests/data/helpers.)
    assert_eq!(snprintf(0, 0).r0(), 11, "size 0 writes nothing");
    vm.put(1024, b"%pI4:%q\0");
    assert!(
        snprintf(8, vm.at(0))
            .helper_failure()
            .contains("invalid format")
    );
}

#[test]
fn ring_buffer_records_and_commits() {
    let mut vm = Vm::new(Some(ProgType::Xdp));
    let ring = vm.map(MapSpec::new(map_type::RINGBUF, 0, 0, 4096));
    let handle = sluice_maps::map_handle(&ring);
    let source = format!(
        "r1 = {handle} ll
         r2 = 16
         r3 = 0
         call 131
         if r0 == 0 goto +6
         r1 = 0x51c3
         *(u64 *)(r0 + 0) = r1
         r1 = r0
         r2 = 0
         call 132
         r0 = 1
         exit"
    );
    assert_eq!(vm.run(&source).r0(), 1);
    let query = |flag: u64| vm.run(&format!("r1 = {handle} ll\n r2 = {flag}\n call 134\n exit"));
    assert_eq!(query(0).r0(), 24, "one record: 8-byte header and 16 bytes");
    assert_eq!(query(1).r0(), 4096);
    let mut records = Vec::new();
    ring.as_any()
        .downcast_ref::<RingBuf>()
        .expect("ring buffer")
        .consume(&mut |record| records.push(record.to_vec()));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0][..8], 0x51c3u64.to_le_bytes());
    // Submitting something that is not a reservation is refused by the verifier.
    let run = vm.run(&format!("r1 = {} ll\n r2 = 0\n call 132\n exit", vm.at(0)));
    assert!(
        run.helper_failure()
            .contains("not a ring buffer reservation")
    );
}

#[test]
fn perf_event_output_reaches_an_attached_consumer() {
    let mut vm = Vm::new(Some(ProgType::Xdp));
    let events = vm.map(MapSpec::new(map_type::PERF_EVENT_ARRAY, 4, 4, 2).with_name("events"));
    let array = events
        .as_any()
        .downcast_ref::<PerfEventArray>()
        .expect("perf event array");
    array.attach(0, 4096).expect("attach");
    vm.put(0, &0xfeedu32.to_le_bytes());
    let mut packet = Packet::xdp(&hex(FRAME));
    let output = |flags: u64, packet: &mut Packet| {
        vm.run_on(
            &format!(
                "r2 = {} ll\n r3 = {flags} ll\n r4 = {} ll\n r5 = 4\n call 25\n exit",
                sluice_maps::map_handle(&events),
                vm.at(0)
            ),
            Some(packet),
        )
    };
    // BPF_F_CURRENT_CPU with 2 bytes of the packet appended.
    let run = output(0xffff_ffff | (2 << 32), &mut packet);
    assert_eq!(run.r0(), 0);
    assert_eq!(run.events.perf.len(), 1);
    assert_eq!(run.events.perf[0].data, [0xed, 0xfe, 0, 0, 0x02, 0x00]);
    assert_eq!(array.drain(0).len(), 1);
    assert_eq!(
        output(1, &mut packet).r0(),
        -2i64 as u64,
        "no consumer on slot 1"
    );
    assert_eq!(output(4, &mut packet).r0(), -7i64 as u64);
    assert_eq!(output(0xffff_ffff | (55 << 32), &mut packet).r0(), EFAULT);
    // Tracing programs have no packet to append.
    let mut vm_tracing = Vm::new(Some(ProgType::RawTracepoint));
    let events = vm_tracing.map(MapSpec::new(map_type::PERF_EVENT_ARRAY, 4, 4, 2));
    let run = vm_tracing.run(&format!(
        "r2 = {} ll\n r3 = {} ll\n r4 = {} ll\n r5 = 4\n call 25\n exit",
        sluice_maps::map_handle(&events),
        0xffff_ffffu64 | (2 << 32),
        vm_tracing.at(0)
    ));
    assert_eq!(run.r0(), EINVAL);
}

#[test]
fn stacks_are_deterministic_pseudo_stacks() {
    let mut vm = Vm::new(Some(ProgType::RawTracepoint));
    let stacks = vm.map(MapSpec::new(map_type::STACK_TRACE, 4, 16 * 8, 256));
    let handle = sluice_maps::map_handle(&stacks);
    let source = format!(
        "r9 = {} ll
         r2 = {handle} ll
         r3 = 0
         call 27
         *(u64 *)(r9 + 0) = r0
         r2 = {handle} ll
         r3 = 0
         call 27
         *(u64 *)(r9 + 8) = r0
         r2 = {handle} ll
         r3 = 0x100
         call 27
         *(u64 *)(r9 + 16) = r0
         r2 = {handle} ll
         r3 = 0x100000
         call 27
         *(u64 *)(r9 + 24) = r0
         r2 = r9
         r2 += 64
         r3 = 64
         r4 = 0
         call 67
         *(u64 *)(r9 + 32) = r0
         r2 = r9
         r2 += 128
         r3 = 12
         r4 = 0
         call 67
         *(u64 *)(r9 + 40) = r0
         r2 = r9
         r2 += 128
         r3 = 16
         r4 = 3
         call 67
         *(u64 *)(r9 + 48) = r0
         exit",
        vm.at(0)
    );
    vm.put(128, &[0x55; 16]);
    vm.run(&source).r0();
    let (id1, id2) = (vm.u64_at(0), vm.u64_at(8));
    assert!(
        id1 < 256 && id2 < 256 && id1 != id2,
        "two call sites, two stacks"
    );
    assert_eq!(vm.u64_at(16), EFAULT, "no user stack");
    assert_eq!(vm.u64_at(24), EINVAL, "unknown flag");
    assert_eq!(vm.u64_at(32), 16, "two frames");
    assert_eq!(vm.u64_at(40), EINVAL, "size not a multiple of 8");
    assert_eq!(vm.u64_at(48), EFAULT, "skipping more frames than there are");
    assert_eq!(vm.bytes(128, 16), [0; 16], "cleared on error");
    // The same call site gives the same stack id again.
    vm.run(&source).r0();
    assert_eq!(vm.u64_at(0), id1);
}

#[test]
fn xdp_adjust_helpers_move_the_context_pointers() {
    let vm = Vm::new(Some(ProgType::Xdp));
    let frame = hex(FRAME);
    let mut packet = Packet::xdp(&frame);
    // Metadata of 8 bytes, written, then the head moved down by 4: the metadata moves along.
    let source = "r6 = r1
         r2 = -8
         call 54
         r1 = *(u32 *)(r6 + 8)
         r2 = 0x11223344
         *(u32 *)(r1 + 0) = r2
         *(u32 *)(r1 + 4) = r2
         r1 = r6
         r2 = -4
         call 44
         r1 = r6
         r2 = 2
         call 65
         exit";
    assert_eq!(vm.run_on(source, Some(&mut packet)).r0(), 0);
    assert_eq!(
        packet.meta(),
        [0x44, 0x33, 0x22, 0x11, 0x44, 0x33, 0x22, 0x11]
    );
    assert_eq!(packet.data().len(), frame.len() + 4 + 2);
    assert_eq!(&packet.data()[4..4 + frame.len()], &frame[..]);
    assert_eq!(
        packet.data()[frame.len() + 4..],
        [0, 0],
        "grown bytes are zeroed"
    );
    // Limits: 256 bytes of headroom less xdp_frame (40) less the metadata; at least 14 bytes
    // of frame; metadata a multiple of 4 and not past data.
    let mut packet = Packet::xdp(&frame);
    let call = |helper: u32, delta: i32, packet: &mut Packet| {
        vm.run_on(
            &format!("r2 = {delta}\n call {helper}\n exit"),
            Some(packet),
        )
        .r0()
    };
    assert_eq!(call(44, -217, &mut packet), EINVAL);
    assert_eq!(call(44, frame.len() as i32 - 13, &mut packet), EINVAL);
    assert_eq!(call(54, -2, &mut packet), -13i64 as u64);
    assert_eq!(call(54, 4, &mut packet), EINVAL);
    assert_eq!(call(65, 3520 - frame.len() as i32 + 1, &mut packet), EINVAL);
    assert_eq!(call(65, 14 - frame.len() as i32 - 1, &mut packet), EINVAL);
    assert_eq!(packet.data(), &frame[..], "failed calls change nothing");
    // The context must be the program's own.
    let run = vm.run_on("r1 = 0\n r2 = 4\n call 44\n exit", Some(&mut packet));
    assert!(run.helper_failure().contains("takes the context"));
}

#[test]
fn skb_hash_is_computed_once_set_and_cleared() {
    let vm = Vm::new(Some(ProgType::SchedCls));
    let mut packet = Packet::tc(&hex(FRAME));
    let hash = vm.run_on("call 34\n exit", Some(&mut packet)).r0();
    assert_ne!(hash, 0);
    assert_eq!(
        u64::from(packet.u32_field(68)),
        hash,
        "__sk_buff.hash holds it"
    );
    // The same flow from the other direction hashes alike.
    let mut reversed = hex(FRAME);
    let (src, dst) = (reversed[26..30].to_vec(), reversed[30..34].to_vec());
    reversed[26..30].copy_from_slice(&dst);
    reversed[30..34].copy_from_slice(&src);
    let (sport, dport) = (reversed[34..36].to_vec(), reversed[36..38].to_vec());
    reversed[34..36].copy_from_slice(&dport);
    reversed[36..38].copy_from_slice(&sport);
    let mut other = Packet::tc(&reversed);
    assert_eq!(vm.run_on("call 34\n exit", Some(&mut other)).r0(), hash);
    let source = "r6 = r1
         r2 = 0x12345678
         call 48
         r1 = r6
         call 34
         exit";
    assert_eq!(vm.run_on(source, Some(&mut packet)).r0(), 0x12345678);
    let source = "r6 = r1
         r2 = 7
         call 48
         r1 = r6
         call 41
         r0 = *(u32 *)(r6 + 68)
         exit";
    assert_eq!(vm.run_on(source, Some(&mut packet)).r0(), 0);
}

#[test]
fn probe_reads_copy_sluices_memory_and_fail_like_the_kernel_elsewhere() {
    let vm = Vm::new(Some(ProgType::Xdp));
    vm.put(0, b"hello sluice\0");
    let probe = |helper: u32, size: u64, src: u64| {
        vm.put(64, &[0x55; 16]);
        vm.run(&format!(
            "r1 = {} ll\n r2 = {size}\n r3 = {src} ll\n call {helper}\n exit",
            vm.at(64)
        ))
        .r0()
    };
    assert_eq!(probe(113, 8, vm.at(0)), 0);
    assert_eq!(vm.bytes(64, 9), b"hello sl\x55");
    assert_eq!(probe(115, 16, vm.at(0)), 13);
    assert_eq!(vm.bytes(64, 16), b"hello sluice\0\x55\x55\x55");
    assert_eq!(probe(115, 6, vm.at(0)), 6);
    assert_eq!(vm.bytes(64, 7), b"hello\0\x55");
    assert_eq!(probe(113, 8, 0), -34i64 as u64, "NULL: -ERANGE");
    assert_eq!(vm.bytes(64, 9), b"\0\0\0\0\0\0\0\0\x55", "zeroed");
    assert_eq!(probe(113, 8, 0xffff_8000_0000_1000), EFAULT);
    assert_eq!(
        probe(112, 8, vm.at(0)),
        EFAULT,
        "Sluice's memory is not user memory"
    );
    assert_eq!(probe(114, 8, vm.at(0)), EFAULT);
    // A string running off the end of Sluice's memory faults.
    vm.put(4090, b"abcdef");
    assert_eq!(probe(115, 16, vm.at(4090)), EFAULT);
    assert_eq!(vm.bytes(64, 16), [0; 16]);
}

/// The kernel's results (Linux 6.18, `tests/corpus/check-kernel.sh -o`) for the corpus cases
/// that exercise helpers: return values, `data_out` and `ctx_out` where compared, and the
/// deterministic maps (hash entries sorted by key).
const KERNEL: &[Expected] = &[
    Expected {
        case: "ringbuf.o:ringbuf_events",
        retvals: Some(&[2, 2, 2]),
        data_out: &[],
        ctx_out: &[None, None, None],
        maps: &[
            (
                "rb_state",
                &[
                    ("00000000", "3300000000000000"),
                    ("01000000", "0b00000000000000"),
                    ("02000000", "3300000000000000"),
                    ("03000000", "0b00000000000000"),
                    ("04000000", "3300000000000000"),
                    ("05000000", "f5ffffffffffffff"),
                    ("06000000", "3e00000000000000"),
                    ("07000000", "f00f000000000000"),
                    ("08000000", "0010000000000000"),
                    ("09000000", "0000000000000000"),
                    ("0a000000", "f00f000000000000"),
                    ("0b000000", "0000000000000000"),
                ],
            ),
            (".bss", &[("00000000", "3e000000")]),
        ],
    },
    Expected {
        case: "perf_output.o:perf_emit",
        retvals: Some(&[2]),
        data_out: &[],
        ctx_out: &[None],
        maps: &[(
            "codes",
            &[
                ("00000000", "feffffffffffffff"),
                ("01000000", "feffffffffffffff"),
                ("02000000", "f9ffffffffffffff"),
                ("03000000", "feffffffffffffff"),
            ],
        )],
    },
    Expected {
        case: "stackid_rawtp.o:stack_id",
        retvals: Some(&[0]),
        data_out: &[],
        ctx_out: &[Some("")],
        maps: &[(
            "facts",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0100000000000000"),
                ("02000000", "0100000000000000"),
                ("03000000", "eaffffffffffffff"),
            ],
        )],
    },
    Expected {
        case: "devmap_redirect.o:redirect_devmap",
        retvals: Some(&[4, 2, 4]),
        data_out: &[],
        ctx_out: &[None, None, None],
        maps: &[(
            "codes",
            &[
                ("00000000", "0400000000000000"),
                ("01000000", "0200000000000000"),
                ("02000000", "0100000000000000"),
                ("03000000", "0000000000000000"),
                ("04000000", "0400000000000000"),
                ("05000000", "0000000000000000"),
                ("06000000", "0000000000000000"),
                ("07000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "time_helpers.o:time_monotonic",
        retvals: Some(&[2, 2]),
        data_out: &[],
        ctx_out: &[None, None],
        maps: &[(
            "facts",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0100000000000000"),
                ("02000000", "0100000000000000"),
                ("03000000", "0100000000000000"),
                ("04000000", "0100000000000000"),
                ("05000000", "0100000000000000"),
                ("06000000", "0100000000000000"),
                ("07000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "prandom.o:random_sample",
        retvals: None,
        data_out: &[],
        ctx_out: &[None, None],
        maps: &[(
            "facts",
            &[
                ("00000000", "0800000000000000"),
                ("01000000", "0100000000000000"),
            ],
        )],
    },
    Expected {
        case: "smp_cpu.o:cpu_id",
        retvals: Some(&[0]),
        data_out: &[],
        ctx_out: &[None],
        maps: &[(
            "facts",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0100000000000000"),
                ("02000000", "0100000000000000"),
                ("03000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "trace_printk.o:printk_calls",
        retvals: Some(&[2]),
        data_out: &[],
        ctx_out: &[None],
        maps: &[(
            "codes",
            &[
                ("00000000", "1500000000000000"),
                ("01000000", "1e00000000000000"),
                ("02000000", "0700000000000000"),
            ],
        )],
    },
    Expected {
        case: "snprintf.o:format_flow",
        retvals: Some(&[0]),
        data_out: &[],
        ctx_out: &[None],
        maps: &[(
            "lines",
            &[(
                "00000000",
                "2a0000000000000010000000000000003139322e302e322e31303a35333533202d3e203139382e35312e3130302e373a3533202d3432206f6b0000000000000000000000000000000000000000000000000000000000000000000000000000003139322e302e3200",
            )],
        )],
    },
    Expected {
        case: "strncmp.o:strncmp_check",
        retvals: Some(&[2, 2, 2]),
        data_out: &[],
        ctx_out: &[None, None, None],
        maps: &[(
            "cmp",
            &[
                ("00000000", "ffffffffffffffff"),
                ("01000000", "ffffffffffffffff"),
                ("02000000", "ffffffffffffffff"),
                ("03000000", "0100000000000000"),
                ("04000000", "0000000000000000"),
                ("05000000", "0100000000000000"),
            ],
        )],
    },
    Expected {
        case: "bpf_loop.o:loop_sum",
        retvals: Some(&[2, 2, 2]),
        data_out: &[],
        ctx_out: &[None, None, None],
        maps: &[(
            "out",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0000000000000000"),
                ("02000000", "0100000000000000"),
                ("03000000", "f9ffffff00000000"),
                ("04000000", "eaffffffffffffff"),
                ("05000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "for_each_elem.o:sum_array",
        retvals: Some(&[2, 2]),
        data_out: &[],
        ctx_out: &[None, None],
        maps: &[
            (
                "out",
                &[
                    ("00000000", "0500000000000000"),
                    ("01000000", "0c00000000000000"),
                    ("02000000", "0300000000000000"),
                    ("03000000", "0900000000000000"),
                    ("04000000", "3c00000000000000"),
                    ("05000000", "0300000000000000"),
                ],
            ),
            (
                "table",
                &[
                    ("0a000000", "0300000000000000"),
                    ("14000000", "0400000000000000"),
                    ("1e000000", "0500000000000000"),
                ],
            ),
            (
                "values",
                &[
                    ("00000000", "0000000000000000"),
                    ("01000000", "0500000000000000"),
                    ("02000000", "0700000000000000"),
                    ("03000000", "0000000000000000"),
                    ("04000000", "adde000000000000"),
                    ("05000000", "0000000000000000"),
                    ("06000000", "6400000000000000"),
                    ("07000000", "0000000000000000"),
                ],
            ),
        ],
    },
    Expected {
        case: "probe_read.o:probe_reads",
        retvals: Some(&[2]),
        data_out: &[],
        ctx_out: &[None],
        maps: &[(
            "out",
            &[(
                "00000000",
                "000000000000000008000000000000000d00000000000000deffffffffffffffdeffffffffffffff68656c6c6f20736c756963650000000068656c6c6f20730068656c6c6f20736c75696365000000000000000000000000",
            )],
        )],
    },
    Expected {
        case: "spin_lock.o:locked_counter",
        retvals: Some(&[0, 0, 0]),
        data_out: &[],
        ctx_out: &[None, None, None],
        maps: &[
            (
                "by_len_class",
                &[
                    ("00000000", "0000000004000000d800000000000000"),
                    ("01000000", "0000000001000000c800000000000000"),
                ],
            ),
            (
                "totals",
                &[("00000000", "0000000005000000a001000000000000")],
            ),
        ],
    },
    Expected {
        case: "tc_redirect.o:tc_redirect",
        retvals: Some(&[7, 2, 0, 7]),
        data_out: &[
            "02000000000102000000000208004500001c123440004011149b0a0000010a000002138800010008d852",
            "02000000000102000000000208004500001c123440004011149b0a0000010a000002138800020008d851",
            "02000000000102000000000208004500001c123440004011149b0a0000010a000002138800030008d850",
            "02000000000102000000000208004500001c123440004011149b0a0000010a000002138800040008d84f",
        ],
        ctx_out: &[None, None, None, None],
        maps: &[(
            "codes",
            &[
                ("00000000", "0700000000000000"),
                ("01000000", "0700000000000000"),
                ("02000000", "0200000000000000"),
                ("03000000", "0700000000000000"),
            ],
        )],
    },
    Expected {
        case: "xdp_vlan.o:vlan_push",
        retvals: Some(&[3, 3]),
        data_out: &[
            "0200000000010200000000028100002a0800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000",
            "0200000000010200000000028100002a08004500002c123440004001149b0a0000010a00000208007271424200016162636465666768696a6b6c6d6e6f70000000000000",
        ],
        ctx_out: &[None, None],
        maps: &[],
    },
    Expected {
        case: "xdp_vlan.o:vlan_pop",
        retvals: Some(&[3, 2]),
        data_out: &[
            "02000000000102000000000208004500001e12344000401114990a0000010a00000200010002000a836b6869",
            "0200000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000",
        ],
        ctx_out: &[None, None],
        maps: &[],
    },
    Expected {
        case: "xdp_head_limits.o:head_limits",
        retvals: Some(&[2, 2]),
        data_out: &[
            "000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000000000000000",
            "0000000102000000000208004500",
        ],
        ctx_out: &[None, None],
        maps: &[
            (
                "codes",
                &[
                    ("00000000", "0000000000000000"),
                    ("01000000", "0000000000000000"),
                    ("02000000", "0000000000000000"),
                    ("03000000", "0000000000000000"),
                    ("04000000", "eaffffffffffffff"),
                    ("05000000", "eaffffffffffffff"),
                    ("06000000", "eaffffffffffffff"),
                    ("07000000", "eaffffffffffffff"),
                    ("08000000", "eaffffffffffffff"),
                    ("09000000", "eaffffffffffffff"),
                    ("0a000000", "0000000000000000"),
                    ("0b000000", "0000000000000000"),
                    ("0c000000", "0000000000000000"),
                    ("0d000000", "0000000000000000"),
                    ("0e000000", "0000000000000000"),
                    ("0f000000", "0000000000000000"),
                ],
            ),
            (
                "lens",
                &[
                    ("00000000", "1800000000000000"),
                    ("01000000", "5000000000000000"),
                    ("02000000", "d800000000000000"),
                    ("03000000", "e800000000000000"),
                    ("04000000", "1000000000000000"),
                    ("05000000", "1000000000000000"),
                    ("06000000", "1000000000000000"),
                    ("07000000", "1000000000000000"),
                    ("08000000", "1000000000000000"),
                    ("09000000", "1000000000000000"),
                    ("0a000000", "1000000000000000"),
                    ("0b000000", "0f00000000000000"),
                    ("0c000000", "0000000000000000"),
                    ("0d000000", "0000000000000000"),
                    ("0e000000", "0000000000000000"),
                    ("0f000000", "0000000000000000"),
                ],
            ),
        ],
    },
    Expected {
        case: "xdp_adjust_meta.o:meta_mark",
        retvals: Some(&[2, 2]),
        data_out: &[
            "88776655443322110200000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000",
            "887766554433221102000000000102000000000208004500003a12344000400614880a0000010a00000230390050000003e8000007d05018ffff80d60000474554202f20485454502f312e310d0a0d0a",
        ],
        ctx_out: &[
            Some("080000003e00000000000000010000000000000000000000"),
            None,
        ],
        maps: &[(
            "codes",
            &[
                ("00000000", "f3ffffffffffffff"),
                ("01000000", "0000000000000000"),
                ("02000000", "0000000000000000"),
                ("03000000", "0000000000000000"),
                ("04000000", "0000000000000000"),
                ("05000000", "0000000000000000"),
                ("06000000", "0000000000000000"),
                ("07000000", "0000000000000000"),
                ("08000000", "eaffffffffffffff"),
                ("09000000", "eaffffffffffffff"),
                ("0a000000", "eaffffffffffffff"),
                ("0b000000", "f3ffffffffffffff"),
                ("0c000000", "0000000000000000"),
                ("0d000000", "0100000000000000"),
                ("0e000000", "0800000000000000"),
                ("0f000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "xdp_adjust_tail.o:tail_trim",
        retvals: Some(&[3, 3, 3]),
        data_out: &[
            "020000000001020000000002080000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000534c4345",
            "020000000001020000000002080000000000000000000000000000000000000000000000000000000000000000000000000000000000534c4345",
            "020000000001020000000002080000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000534c4345",
        ],
        ctx_out: &[None, None, None],
        maps: &[(
            "codes",
            &[
                ("00000000", "7805000000000000"),
                ("01000000", "eaffffffffffffff"),
                ("02000000", "eaffffffffffffff"),
                ("03000000", "0000000000000000"),
                ("04000000", "0000000000000000"),
                ("05000000", "4400000000000000"),
                ("06000000", "0000000000000000"),
                ("07000000", "0000000000000000"),
                ("08000000", "0000000000000000"),
                ("09000000", "c00d000000000000"),
                ("0a000000", "eaffffffffffffff"),
                ("0b000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "skb_bytes.o:skb_rewrite",
        retvals: Some(&[0]),
        data_out: &[
            "020000000002020000000001080045000029123440004011148e0a0000010a000002138800350015d0c8534c43456f61642d6279746573",
        ],
        ctx_out: &[None],
        maps: &[(
            "codes",
            &[
                ("00000000", "0000000000000000"),
                ("01000000", "4000000000000000"),
                ("02000000", "0000000000000000"),
                ("03000000", "0000000000000000"),
                ("04000000", "0000000000000000"),
                ("05000000", "f2ffffffffffffff"),
                ("06000000", "f2ffffffffffffff"),
                ("07000000", "eaffffffffffffff"),
            ],
        )],
    },
    Expected {
        case: "nat_csum.o:snat_rewrite",
        retvals: Some(&[0, 0, 0, 0]),
        data_out: &[
            "02000000000102000000000208004500002d1234400040065c94c00002010a0000029c400050000003e8000007d05018fffff7a9000068656c6c6f",
            "0200000000010200000000020800450000221234400040115c94c00002010a0000029c400035000e495c776f726c6421",
            "0200000000010200000000020800450000221234400040115c94c00002010a0000029c400035000e00006e6f6373756d",
            "02000000000102000000000208004500002812344000400614980a0000030a00000230390050000003e8000007d05018ffff5f870000",
        ],
        ctx_out: &[None, None, None, None],
        maps: &[(
            "codes",
            &[
                ("00000000", "0000000000000000"),
                ("01000000", "0000000000000000"),
                ("02000000", "0000000000000000"),
                ("03000000", "0000000000000000"),
                ("04000000", "0000000000000000"),
                ("05000000", "eaffffffffffffff"),
            ],
        )],
    },
    Expected {
        case: "csum_diff.o:dnat_csum_diff",
        retvals: Some(&[0, 0]),
        data_out: &[
            "02000000000102000000000208004500002d12344000400613990a0000010a0000fe30391f90000003e8000007d05018ffff74e20000474554202f",
            "020000000001020000000002080045000028123440004006139e0a0000010a0000fe30391f90000003e8000007d05018ffff3f4d0000",
        ],
        ctx_out: &[None, None],
        maps: &[(
            "codes",
            &[
                ("00000000", "00f5000000000000"),
                ("01000000", "1dd5000000000000"),
                ("02000000", "0a00000000000000"),
                ("03000000", "f5ff000000000000"),
                ("04000000", "feff000000000000"),
                ("05000000", "0000000000000000"),
                ("06000000", "0000000000000000"),
                ("07000000", "0000000000000000"),
            ],
        )],
    },
    Expected {
        case: "xdp_csum.o:ip_csum_verify",
        retvals: Some(&[2, 1, 2]),
        data_out: &[
            "0200000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000",
            "02000000000102000000000208004500001c1234400040114ec10a0000010a000002138800350008d81e",
            "02000000000102000000000208004600002c12344000400611950a0000010a000002010101000000000000000000000000000000000000000000",
        ],
        ctx_out: &[None, None, None],
        maps: &[(
            "stats",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0100000000000000"),
                ("02000000", "3a26000000000000"),
                ("03000000", "0100000000000000"),
            ],
        )],
    },
    Expected {
        case: "skb_hash.o:skb_hash",
        retvals: Some(&[0, 0]),
        data_out: &[
            "02000000000102000000000208004500003a12344000400614880a0000010a00000230390050000003e8000007d05018ffff80d60000474554202f20485454502f312e310d0a0d0a",
            "0200000000010200000000020800450000281234400040113c4cc000020ac633640714e900350014ec2e123400000000000000000000",
        ],
        ctx_out: &[None, None],
        maps: &[(
            "facts",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0100000000000000"),
                ("02000000", "0100000000000000"),
                ("03000000", "7856341200000000"),
                ("04000000", "7856341200000000"),
            ],
        )],
    },
    Expected {
        case: "task_info.o:task_facts",
        retvals: Some(&[0]),
        data_out: &[],
        ctx_out: &[None],
        maps: &[(
            "facts",
            &[
                ("00000000", "0100000000000000"),
                ("01000000", "0100000000000000"),
                ("02000000", "0000000000000000"),
                ("03000000", "0100000000000000"),
                ("04000000", "0100000000000000"),
                ("05000000", "0100000000000000"),
            ],
        )],
    },
];

#[test]
fn helpers_never_panic_on_bad_arguments() {
    use sluice_abi::helper_access::allowed;
    use sluice_abi::helpers::{HelperId, MAX_HELPER_ID};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for prog_type in [
        ProgType::Xdp,
        ProgType::SchedCls,
        ProgType::RawTracepoint,
        ProgType::Syscall,
    ] {
        let mut vm = Vm::new(Some(prog_type));
        let maps = [
            vm.map(MapSpec::new(map_type::ARRAY, 4, 8, 4)),
            vm.map(MapSpec::new(map_type::HASH, 8, 8, 4)),
            vm.map(MapSpec::new(map_type::RINGBUF, 0, 0, 4096)),
            vm.map(MapSpec::new(map_type::PERF_EVENT_ARRAY, 4, 4, 2)),
            vm.map(MapSpec::new(map_type::STACK_TRACE, 4, 64, 8)),
            vm.map(MapSpec::new(map_type::DEVMAP, 4, 4, 2)),
            vm.map(MapSpec::new(map_type::QUEUE, 0, 8, 2)),
        ];
        let mut pool: Vec<String> = [
            0,
            1,
            8,
            64,
            4096,
            0xffff_ffff,
            0x8000_0000,
            u64::MAX,
            1 << 40,
            vm.at(0),
            vm.at(4090),
            vm.at(4096),
        ]
        .iter()
        .map(|value| format!("{value} ll"))
        .collect();
        pool.extend(
            maps.iter()
                .map(|map| format!("{} ll", sluice_maps::map_handle(map))),
        );
        pool.push("r6".into());
        let helpers: Vec<HelperId> = (1..=MAX_HELPER_ID)
            .filter_map(HelperId::from_u32)
            // A lock word left set would make the next call wait for its timeout.
            .filter(|id| allowed(*id, prog_type) && *id != HelperId::SpinLock)
            .collect();
        for _ in 0..1500 {
            let helper = helpers[next() as usize % helpers.len()];
            let args: Vec<String> = (0..5)
                .map(|_| pool[next() as usize % pool.len()].clone())
                .collect();
            let mut source = String::from("r6 = r1\n");
            for (index, arg) in args.iter().enumerate() {
                source.push_str(&format!("r{} = {arg}\n", index + 1));
            }
            source.push_str(&format!("call {}\nexit", helper.as_u32()));
            let mut packet = match prog_type {
                ProgType::Xdp => Some(Packet::xdp(&hex(FRAME))),
                ProgType::SchedCls => Some(Packet::tc(&hex(FRAME))),
                _ => None,
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                vm.run_on(&source, packet.as_mut());
            }));
            assert!(
                outcome.is_ok(),
                "{} in a {} program panicked with {args:?}",
                helper.full_name(),
                prog_type.name()
            );
        }
    }
}
