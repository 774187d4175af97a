//! The verifier side by side with the Linux kernel's, and its peak memory.
//!
//! 1. Every program of every object in `tests/corpus/manifest.json`, with the section's program
//!    type (the manifest's where the section does not imply one), in one run:
//!    - Sluice: [`sluice_verifier::verify`] with the options the object gives
//!      ([`sluice_verifier::object::options_for`], privileged as root is), timed with the wall
//!      clock around the call, best of [`ROUNDS`]; its [`sluice_verifier::Stats`] alongside.
//!    - The kernel: `BPF_PROG_LOAD` at `BPF_LOG_STATS`, as the corpus harness loads it
//!      (`crates/runtime/tests/corpus_harness/kernel_load.rs`, included below: the object's BTF,
//!      its maps as `fd_array` with frozen `.rodata`, `func_info` and `line_info`); the time is
//!      the kernel's own `verification time N usec` from the log (best of [`ROUNDS`]), with its
//!      `processed N insns` and states. The maps are created once per object.
//!
//!    One markdown row per program, totals over the programs both sides timed, the programs
//!    where Sluice is slower, and the programs whose verdicts differ (also marked in the row).
//!    Without kernel BPF the kernel columns say why and Sluice's figures are still printed.
//! 2. Peak memory for a program of 100,000+ processed instructions: `programs/c/long_walk.o`
//!    (a 3,300-iteration loop the verifier walks iteration by iteration, with a branch on packet
//!    data in each; Sluice's count is checked). Verified once in a child process (this example
//!    run again with [`CHILD_ARG`]), which reports its peak resident set (`VmHWM` in
//!    `/proc/self/status`) before and after the verification: the growth is the verifier's
//!    peak. Also its time (best of [`ROUNDS`]) and the kernel's time and counts for it.
//!
//! The project's target: Sluice's total verification time below the kernel's, and peak memory
//! under 64 MiB for a program of 100,000 processed instructions.
//!
//!     cargo run --release -p sluice-bench --example verify_ratio

#[path = "../../runtime/tests/corpus_harness/kernel_load.rs"]
mod kernel_load;

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sluice_abi::prog_type::ProgType;
use sluice_isa::Program;
use sluice_kernel::{KernelBtf, KernelMap};
use sluice_obj::{Object, ProgramDef};
use sluice_verifier::object::options_for;
use sluice_verifier::{Stats, VerifyOptions, verify};

/// Measurements per program and side; the best counts.
const ROUNDS: usize = 5;
/// `BPF_LOG_STATS`: the kernel's log holds only its statistics (and the error, if any).
const BPF_LOG_STATS: u32 = 4;
/// The argument that makes this example the child that measures peak memory.
const CHILD_ARG: &str = "--peak-memory-child";
/// The program of part 2, relative to this crate.
const LONG_PROGRAM: &str = "programs/c/long_walk.o";
/// The processed instructions part 2 needs.
const LONG_INSNS: u64 = 100_000;
/// The memory target for it.
const MEMORY_TARGET_MIB: f64 = 64.0;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(CHILD_ARG) {
        let path = args.get(2).expect("the child needs the object's path");
        peak_memory_child(Path::new(path));
        return;
    }
    let kernel = sluice_kernel::available()
        .map_err(|errno| format!("skipped: kernel BPF unavailable ({errno})"));
    if let Err(reason) = &kernel {
        println!("kernel: {reason}; Sluice's figures only\n");
    }
    corpus(kernel.is_ok());
    long_program(kernel.is_ok());
}

/// One side's verdict and figures for a program.
#[derive(Debug)]
struct Side {
    /// Best time in µs; `None` if there is none (Sluice could not start, the kernel printed no
    /// time, or kernel BPF is unavailable).
    time_us: Option<f64>,
    insns: Option<u64>,
    states: Option<u64>,
    peak_states: Option<u64>,
    /// `Ok(())` for an accepted program, the reason for a rejected one.
    verdict: Result<(), String>,
}

impl Default for Side {
    fn default() -> Side {
        Side {
            time_us: None,
            insns: None,
            states: None,
            peak_states: None,
            verdict: Err("not run".into()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Part 1: the corpus.
// ---------------------------------------------------------------------------------------------

/// The corpus directory.
fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// The objects of the manifest in order, each with the program type of its cases by program
/// name (`""`: the object's first case, for programs no case names).
fn manifest_objects() -> Vec<(String, BTreeMap<String, String>)> {
    let path = corpus_dir().join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let manifest: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut objects: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    for case in manifest["cases"].as_array().expect("manifest: no `cases`") {
        let field = |name: &str| {
            case[name]
                .as_str()
                .unwrap_or_else(|| panic!("manifest: a case without `{name}`"))
                .to_string()
        };
        let (object, program, prog_type) = (field("object"), field("program"), field("prog_type"));
        let index = match objects.iter().position(|(name, _)| *name == object) {
            Some(index) => index,
            None => {
                objects.push((object, BTreeMap::new()));
                objects.len() - 1
            }
        };
        let types = &mut objects[index].1;
        types
            .entry(String::new())
            .or_insert_with(|| prog_type.clone());
        types.insert(program, prog_type);
    }
    objects
}

/// One row of the table.
struct Row {
    name: String,
    prog_type: String,
    sluice: Side,
    kernel: Side,
}

fn corpus(kernel_available: bool) {
    println!("## Verification: Sluice and the kernel, corpus programs (best of {ROUNDS})\n");
    let mut rows = Vec::new();
    for (file, types) in manifest_objects() {
        let path = corpus_dir().join(&file);
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let object = Object::parse(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let kernel_object = kernel_available.then(|| KernelObject::new(&file, &object));
        for def in &object.programs {
            let fallback = types
                .get(&def.name)
                .or_else(|| types.get(""))
                .expect("every object has a case");
            let case_type: ProgType = fallback
                .parse()
                .unwrap_or_else(|error| panic!("manifest: {error}"));
            let prog_type = def.prog_type.unwrap_or(case_type);
            let sluice = sluice_side(&object, def, prog_type);
            let kernel = match &kernel_object {
                Some(loaded) => loaded.verify(&object, def, case_type),
                None => Side {
                    verdict: Err("skipped: kernel BPF unavailable".into()),
                    ..Side::default()
                },
            };
            rows.push(Row {
                name: format!("{}:{}", file.trim_end_matches(".o"), def.name),
                prog_type: prog_type.to_string(),
                sluice,
                kernel,
            });
        }
    }
    print_table(&rows);
}

/// Sluice's figures for one program.
fn sluice_side(object: &Object, def: &ProgramDef, prog_type: ProgType) -> Side {
    let prepared = options_for(object, def, Some(prog_type), true)
        .map_err(|error| error.to_string())
        .and_then(|options| {
            Program::from_slots(def.insns.clone())
                .map(|program| (program, options))
                .map_err(|error| error.to_string())
        });
    let (program, options) = match prepared {
        Ok(prepared) => prepared,
        Err(reason) => {
            return Side {
                verdict: Err(reason),
                ..Side::default()
            };
        }
    };
    time_sluice(&program, &options)
}

/// Verifies `program` [`ROUNDS`] times: the best wall-clock time, the last verdict and stats.
fn time_sluice(program: &Program, options: &VerifyOptions) -> Side {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let result = verify(program, options);
        best = best.min(started.elapsed().as_secs_f64() * 1e6);
        last = Some(result);
    }
    let (stats, verdict): (Stats, _) = match last.expect("ROUNDS > 0") {
        Ok(verified) => (*verified.stats(), Ok(())),
        Err(error) => (error.stats, Err(error.to_string())),
    };
    Side {
        time_us: Some(best),
        insns: Some(stats.insns_processed),
        states: Some(stats.states),
        peak_states: Some(stats.peak_states),
        verdict,
    }
}

/// An object's BTF and maps in the kernel, ready for its programs to be loaded.
struct KernelObject {
    btf: Option<KernelBtf>,
    /// The maps in object order, or why they could not be created.
    maps: Result<Vec<KernelMap>, String>,
}

impl KernelObject {
    fn new(file: &str, object: &Object) -> KernelObject {
        let btf = kernel_load::load_btf(object).unwrap_or_else(|reason| {
            println!("note: the kernel refused the BTF of {file}; loading without it: {reason}");
            None
        });
        // Any valid name will do: the verifier does not look at map names.
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
        let maps = kernel_load::create_maps(object, &names, btf.as_ref());
        KernelObject { btf, maps }
    }

    /// Loads `def` [`ROUNDS`] times at `BPF_LOG_STATS`: the best `verification time`, the last
    /// verdict and counts.
    fn verify(&self, object: &Object, def: &ProgramDef, case_type: ProgType) -> Side {
        let maps = match &self.maps {
            Ok(maps) => maps,
            Err(reason) => {
                return Side {
                    verdict: Err(format!("error: {reason}")),
                    ..Side::default()
                };
            }
        };
        let fd_array: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
        let mut side = Side::default();
        for _ in 0..ROUNDS {
            let (log, verdict) = match kernel_load::load_program(
                object,
                def,
                &fd_array,
                case_type,
                self.btf.as_ref(),
                BPF_LOG_STATS,
            ) {
                Ok(program) => (program.verifier_log().to_string(), Ok(())),
                Err(error) => {
                    let log = error.verifier_log().unwrap_or_default().to_string();
                    let reason = kernel_reason(&log).unwrap_or_else(|| error.to_string());
                    (log, Err(reason))
                }
            };
            let stats = KernelStats::parse(&log);
            if let Some(time) = stats.time_us {
                let time = time as f64;
                side.time_us = Some(side.time_us.map_or(time, |best| best.min(time)));
            }
            side.insns = stats.insns;
            side.states = stats.states;
            side.peak_states = stats.peak_states;
            side.verdict = verdict;
        }
        side
    }
}

/// The kernel's statistics at `BPF_LOG_STATS`:
///
/// ```text
/// verification time 31 usec
/// stack depth 8
/// processed 17 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 1
/// ```
#[derive(Debug, Default)]
struct KernelStats {
    time_us: Option<u64>,
    insns: Option<u64>,
    states: Option<u64>,
    peak_states: Option<u64>,
}

impl KernelStats {
    fn parse(log: &str) -> KernelStats {
        let mut stats = KernelStats::default();
        for line in log.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let after = |key: &[&str]| {
                words
                    .windows(key.len() + 1)
                    .find(|window| window[..key.len()] == *key)
                    .and_then(|window| window[key.len()].parse::<u64>().ok())
            };
            if line.starts_with("verification time ") {
                stats.time_us = after(&["verification", "time"]);
            } else if line.starts_with("processed ") {
                stats.insns = after(&["processed"]);
                stats.states = after(&["total_states"]);
                stats.peak_states = after(&["peak_states"]);
            }
        }
        stats
    }
}

/// The kernel's reason for a refusal: the last line of its log that is not a statistic.
fn kernel_reason(log: &str) -> Option<String> {
    log.lines()
        .rev()
        .map(str::trim)
        .find(|line| {
            !line.is_empty()
                && !line.starts_with("verification time ")
                && !line.starts_with("stack depth ")
                && !line.starts_with("processed ")
        })
        .map(str::to_string)
}

fn print_table(rows: &[Row]) {
    println!(
        "| program | type | Sluice µs | kernel µs | Sluice/kernel | insns Sluice | insns kernel \
         | states Sluice (peak) | states kernel (peak) | Sluice verdict | kernel verdict |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|");
    let (mut sluice_total, mut kernel_total, mut both) = (0.0, 0.0, 0usize);
    let (mut sluice_insns, mut kernel_insns) = (0u64, 0u64);
    let mut slower = Vec::new();
    let mut differ = Vec::new();
    for row in rows {
        let ratio = match (row.sluice.time_us, row.kernel.time_us) {
            (Some(sluice), Some(kernel)) => {
                sluice_total += sluice;
                kernel_total += kernel;
                both += 1;
                sluice_insns += row.sluice.insns.unwrap_or(0);
                kernel_insns += row.kernel.insns.unwrap_or(0);
                let ratio = sluice / kernel.max(1.0);
                if sluice > kernel {
                    slower.push(format!(
                        "{}: {sluice:.1} µs vs {kernel:.0} µs ({ratio:.2}x, +{:.1} µs)",
                        row.name,
                        sluice - kernel
                    ));
                }
                format!("{ratio:.2}")
            }
            _ => "–".into(),
        };
        let kernel_ran =
            !matches!(&row.kernel.verdict, Err(reason) if reason.starts_with("skipped"));
        let differs = kernel_ran && row.sluice.verdict.is_ok() != row.kernel.verdict.is_ok();
        if differs {
            differ.push(format!(
                "{}: Sluice {}; kernel {}",
                row.name,
                verdict_cell(&row.sluice.verdict, usize::MAX),
                verdict_cell(&row.kernel.verdict, usize::MAX)
            ));
        }
        println!(
            "| {}{} | {} | {} | {} | {ratio} | {} | {} | {} | {} | {} | {} |",
            if differs { "**≠** " } else { "" },
            row.name,
            row.prog_type,
            row.sluice.time_us.map_or("–".into(), |t| format!("{t:.1}")),
            row.kernel.time_us.map_or("–".into(), |t| format!("{t:.0}")),
            count(row.sluice.insns),
            count(row.kernel.insns),
            states(&row.sluice),
            states(&row.kernel),
            verdict_cell(&row.sluice.verdict, 60),
            verdict_cell(&row.kernel.verdict, 60),
        );
    }
    if both > 0 {
        println!(
            "| **total ({both} programs timed by both)** | | **{sluice_total:.1}** | \
             **{kernel_total:.0}** | **{:.2}** | {sluice_insns} | {kernel_insns} | | | | |",
            sluice_total / kernel_total.max(1.0)
        );
    }
    let sluice_all: f64 = rows.iter().filter_map(|row| row.sluice.time_us).sum();
    println!(
        "\n{} programs; Sluice's total over all of them: {sluice_all:.1} µs.",
        rows.len()
    );
    if both > 0 {
        println!(
            "Total verification time, Sluice/kernel: {sluice_total:.1} µs / {kernel_total:.0} µs \
             = {:.2} (target: below 1).",
            sluice_total / kernel_total.max(1.0)
        );
    }
    println!("\nSluice slower than the kernel: {}", list(&slower));
    println!("Verdicts that differ (**≠**): {}", list(&differ));
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        format!("{}\n- {}", items.len(), items.join("\n- "))
    }
}

fn count(value: Option<u64>) -> String {
    value.map_or("–".into(), |value| value.to_string())
}

fn states(side: &Side) -> String {
    match (side.states, side.peak_states) {
        (Some(states), Some(peak)) => format!("{states} ({peak})"),
        _ => "–".into(),
    }
}

/// `accept`, or `reject: reason` cut to `max` characters, safe inside a table cell.
fn verdict_cell(verdict: &Result<(), String>, max: usize) -> String {
    match verdict {
        Ok(()) => "accept".into(),
        Err(reason) if reason.starts_with("skipped") || reason.starts_with("error") => {
            reason.replace('|', "\\|")
        }
        Err(reason) => {
            let mut text: String = reason.chars().take(max).collect();
            if text.len() < reason.len() {
                text.push('…');
            }
            format!("reject: {}", text.replace('|', "\\|"))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Part 2: peak memory on a long program.
// ---------------------------------------------------------------------------------------------

/// Parses the long program and builds its options.
fn long_program_parts(path: &Path) -> (Object, Program, VerifyOptions) {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let object = Object::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let def = object.programs.first().expect("the object has a program");
    let options = options_for(&object, def, None, true).unwrap_or_else(|e| panic!("options: {e}"));
    let program = Program::from_slots(def.insns.clone()).expect("the program decodes");
    (object, program, options)
}

fn long_program(kernel_available: bool) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(LONG_PROGRAM);
    println!("\n## Peak memory: `{LONG_PROGRAM}`\n");
    let (object, program, options) = long_program_parts(&path);
    let def = object.programs.first().expect("the object has a program");
    let sluice = time_sluice(&program, &options);
    let insns = sluice.insns.unwrap_or(0);
    println!(
        "Sluice: {}, {insns} insns processed, {} states, {:.1} µs (best of {ROUNDS})",
        verdict_cell(&sluice.verdict, usize::MAX),
        states(&sluice),
        sluice.time_us.unwrap_or(f64::NAN),
    );
    assert!(
        insns >= LONG_INSNS,
        "{LONG_PROGRAM} needs at least {LONG_INSNS} processed instructions; Sluice reports {insns}"
    );
    if kernel_available {
        let case_type = def.prog_type.expect("the section says the program type");
        let kernel = KernelObject::new(LONG_PROGRAM, &object).verify(&object, def, case_type);
        println!(
            "kernel: {}, {} insns processed, {} states, {} µs (best of {ROUNDS}); \
             Sluice/kernel {}",
            verdict_cell(&kernel.verdict, usize::MAX),
            count(kernel.insns),
            states(&kernel),
            kernel.time_us.map_or("–".into(), |t| format!("{t:.0}")),
            match (sluice.time_us, kernel.time_us) {
                (Some(s), Some(k)) => format!("{:.2}", s / k.max(1.0)),
                _ => "–".into(),
            }
        );
    } else {
        println!("kernel: skipped (kernel BPF unavailable)");
    }

    let exe = std::env::current_exe().expect("the example's path");
    let output = Command::new(exe)
        .arg(CHILD_ARG)
        .arg(&path)
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the child failed ({}): {stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let figures: Vec<u64> = stdout
        .split_whitespace()
        .map(|word| word.parse().expect("the child prints numbers"))
        .collect();
    let [before_kib, after_kib, child_insns] = figures[..] else {
        panic!("the child printed `{stdout}`");
    };
    let mib = |kib: u64| kib as f64 / 1024.0;
    let grown = mib(after_kib.saturating_sub(before_kib));
    println!(
        "Sluice's peak memory verifying it ({child_insns} insns processed): {grown:.1} MiB \
         (peak resident set {:.1} MiB before the verification, {:.1} MiB after; target: under \
         {MEMORY_TARGET_MIB:.0} MiB) — {}",
        mib(before_kib),
        mib(after_kib),
        if grown < MEMORY_TARGET_MIB {
            "met"
        } else {
            "NOT met"
        }
    );
}

/// The child: verifies the long program once and prints its peak resident set in KiB before
/// and after, and the instructions processed.
fn peak_memory_child(path: &Path) {
    let (_object, program, options) = long_program_parts(path);
    let before = vm_hwm_kib();
    let result = verify(&program, &options);
    let after = vm_hwm_kib();
    let insns = match &result {
        Ok(verified) => verified.stats().insns_processed,
        Err(error) => error.stats.insns_processed,
    };
    drop(result);
    println!("{before} {after} {insns}");
}

/// `VmHWM` (the peak resident set) from `/proc/self/status`, in KiB.
fn vm_hwm_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}
