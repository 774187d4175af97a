//! The differential harness: every case of `tests/corpus/manifest.json` run in Sluice and in
//! the running kernel, compared as `tests/corpus/compare_results.py` compares them.
//!
//! - Sluice side (`corpus_harness/sluice_side.rs`): [`sluice_runtime::LoadedObject::load`],
//!   `maps_before` through `Map::update`, each run through `test_run`, every map dumped.
//! - Kernel side (`corpus_harness/kernel_side.rs`): the same parsed object loaded with
//!   `sluice-kernel` as libbpf loads it (`BPF_BTF_LOAD`, `BPF_MAP_CREATE` with BTF types,
//!   `.rodata` frozen, `BPF_PROG_LOAD` with the map descriptors as `fd_array` and BTF
//!   `func_info`/`line_info`, `BPF_PROG_TEST_RUN`), on a thread pinned to CPU 0 (as
//!   `check-kernel.sh` pins bpftool) so per-CPU values land where Sluice puts them (`cpu: 0`).
//! - Cases that path cannot load (when the kernel refuses the object's BTF, programs with spin
//!   locks or callbacks) fall back to the kernel's results recorded live by
//!   `tests/corpus/check-kernel.sh -o` (bpftool, jq).
//!
//! One line per case (`ok`, `DIFF`, `skipped: reason`), then `N cases: X match, Y differ, Z
//! skipped; kernel side: L live, R recorded by check-kernel.sh`. The test fails if a case differs that [`KNOWN_DIFFERENCES`] does not list, or if
//! a listed case now matches (remove it from the list). Without kernel BPF it prints
//! `skipped: kernel BPF unavailable (<errno>)` and passes. `SLUICE_CORPUS=text` runs only the
//! cases whose `object:program` contains `text`; `SLUICE_CORPUS_CROSSCHECK=1` also checks the
//! live kernel path against `check-kernel.sh` for every case it ran (about two minutes). See
//! the output with `cargo test -p sluice-runtime --test corpus -- --nocapture`.

mod corpus_harness;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::time::Instant;

use corpus_harness::kernel_side::{self, KernelVerdict};
use corpus_harness::manifest::{self, Case};
use corpus_harness::outcome::{Outcome, compare};
use corpus_harness::{recorded, sluice_side};

/// Cases where Sluice differs from the kernel today, by `object:program`, with the reason.
/// Each entry must still differ: a listed case that matches fails the test, so remove entries
/// as the differences are fixed.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

/// Sluice's outcome of a case, or why the case could not be run.
type SluiceResult = Result<Outcome, String>;
/// Whether the kernel thread was pinned to CPU 0, and the kernel's verdict on each case.
type KernelResults = (Result<(), String>, Vec<Result<KernelVerdict, String>>);

/// How a case ended.
enum Verdict {
    Match,
    Differ(Vec<String>),
    Skipped(String),
}

#[test]
fn corpus_matches_the_kernel() {
    let started = Instant::now();
    if let Err(errno) = sluice_kernel::available() {
        println!("skipped: kernel BPF unavailable ({errno})");
        return;
    }
    let manifest = manifest::load().unwrap_or_else(|error| panic!("{error}"));
    let filter = std::env::var("SLUICE_CORPUS").unwrap_or_default();
    let selected: Vec<(usize, &Case)> = manifest
        .cases
        .iter()
        .enumerate()
        .filter(|(_, case)| case.id().contains(&filter))
        .collect();

    let (sluice, (pinned, kernel)) = run_both_sides(&selected);
    if let Err(error) = &pinned {
        println!("note: kernel runs not pinned to CPU 0 ({error}); per-CPU maps may differ");
    }

    // The cases the live kernel path cannot load, from check-kernel.sh; not needed where
    // Sluice already failed (every case runs without error in the kernel).
    let fallback: Vec<(usize, &Case)> = selected
        .iter()
        .zip(&kernel)
        .zip(&sluice)
        .filter(|((_, verdict), sluice)| {
            matches!(verdict, Ok(KernelVerdict::NeedsRecorded(_)))
                && sluice
                    .iter()
                    .any(|engine| engine.as_ref().is_ok_and(|outcome| outcome.error.is_none()))
        })
        .map(|((case, _), _)| *case)
        .collect();
    let recorded: Result<BTreeMap<usize, Outcome>, String> = match recorded::tools_missing() {
        Some(tool) if !fallback.is_empty() => Err(format!("{tool} is not installed")),
        _ => recorded::run(&fallback),
    };

    let known: BTreeMap<&str, &str> = KNOWN_DIFFERENCES.iter().copied().collect();
    let (mut n_match, mut n_differ, mut n_skipped) = (0, 0, 0);
    let (mut n_live, mut n_recorded) = (0, 0);
    let mut failures = Vec::new();
    let mut kernel_outcomes = BTreeMap::new();
    for (((index, case), by_engine), kernel) in selected.iter().zip(sluice).zip(kernel) {
        match &kernel {
            Ok(KernelVerdict::Live(outcome)) => {
                n_live += 1;
                kernel_outcomes.insert(*index, outcome.clone());
            }
            Ok(KernelVerdict::NeedsRecorded(_)) => n_recorded += 1,
            Err(_) => {}
        }
        let id = case.id();
        let known_reason = known.get(id.as_str());
        for (config, sluice) in sluice_side::CONFIGS.into_iter().zip(by_engine) {
            let engine = config.name;
            let (verdict, source) = judge(*index, case, sluice, kernel.clone(), &recorded);
            let line = format!("{index:>3} {:<46}", format!("{id} [{engine}]"));
            match verdict {
                Verdict::Match => {
                    n_match += 1;
                    println!("{line} ok{source}");
                    if known_reason.is_some() {
                        failures.push(format!(
                            "{id} matches the kernel now: remove it from KNOWN_DIFFERENCES"
                        ));
                    }
                }
                Verdict::Differ(diffs) => {
                    n_differ += 1;
                    match known_reason {
                        Some(reason) => println!("{line} DIFF (known: {reason}){source}"),
                        None => {
                            println!("{line} DIFF{source}");
                            failures.push(format!("{id} differs from the kernel"));
                        }
                    }
                    for diff in diffs.iter().take(6) {
                        println!("      {diff}");
                    }
                    if diffs.len() > 6 {
                        println!("      ... {} more", diffs.len() - 6);
                    }
                }
                Verdict::Skipped(reason) => {
                    n_skipped += 1;
                    println!("{line} skipped: {reason}");
                }
            }
        }
    }
    for (id, _) in KNOWN_DIFFERENCES {
        if !manifest.cases.iter().any(|case| case.id() == *id) {
            failures.push(format!(
                "KNOWN_DIFFERENCES names `{id}`, which is not a case"
            ));
        }
    }
    if std::env::var_os("SLUICE_CORPUS_CROSSCHECK").is_some() {
        failures.extend(crosscheck(&selected, &kernel_outcomes));
    }
    println!(
        "{} cases: {n_match} match, {n_differ} differ, {n_skipped} skipped; kernel side: \
         {n_live} live, {n_recorded} recorded by check-kernel.sh ({:.1} s)",
        selected.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs every selected case in Sluice (on this thread) and in the kernel (on a thread pinned
/// to CPU 0). A panic in Sluice becomes that case's error rather than ending the harness.
fn run_both_sides(selected: &[(usize, &Case)]) -> (Vec<Vec<SluiceResult>>, KernelResults) {
    std::thread::scope(|scope| {
        let kernel = scope.spawn(|| {
            let pinned = pin_to_cpu0();
            let verdicts = selected
                .iter()
                .map(|(_, case)| kernel_side::run(case))
                .collect();
            (pinned, verdicts)
        });
        let sluice = selected
            .iter()
            .map(|(_, case)| {
                sluice_side::CONFIGS
                    .into_iter()
                    .map(|config| {
                        catch_unwind(AssertUnwindSafe(|| sluice_side::run(case, config)))
                            .unwrap_or_else(|panic| {
                                let message = panic
                                    .downcast_ref::<String>()
                                    .cloned()
                                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                                    .unwrap_or_default();
                                Ok(Outcome {
                                    error: Some(format!("Sluice panicked: {message}")),
                                    ..Outcome::default()
                                })
                            })
                    })
                    .collect()
            })
            .collect();
        let kernel = kernel.join().unwrap_or_else(|_| {
            let verdicts = selected
                .iter()
                .map(|_| Err("the kernel side panicked".to_string()))
                .collect();
            (Ok(()), verdicts)
        });
        (sluice, kernel)
    })
}

/// Compares one case; the second value says where the kernel's side came from when it was
/// not the live path.
fn judge(
    index: usize,
    case: &Case,
    sluice: Result<Outcome, String>,
    kernel: Result<KernelVerdict, String>,
    recorded: &Result<BTreeMap<usize, Outcome>, String>,
) -> (Verdict, String) {
    let sluice = match sluice {
        Ok(outcome) => outcome,
        Err(error) => return (Verdict::Skipped(error), String::new()),
    };
    let (kernel, source) = match kernel {
        Err(error) => return (Verdict::Skipped(error), String::new()),
        Ok(KernelVerdict::Live(outcome)) => (outcome, String::new()),
        Ok(KernelVerdict::NeedsRecorded(reason)) if sluice.error.is_some() => {
            // Every case runs without error in the kernel (check-kernel.sh verified them all).
            let note = format!("  (kernel results not fetched: {reason}, and Sluice failed)");
            (Outcome::default(), note)
        }
        Ok(KernelVerdict::NeedsRecorded(reason)) => {
            let outcome = match recorded {
                Err(error) => {
                    return (
                        Verdict::Skipped(format!("{reason}; check-kernel.sh: {error}")),
                        String::new(),
                    );
                }
                Ok(outcomes) => match outcomes.get(&index) {
                    None => {
                        return (
                            Verdict::Skipped(format!("{reason}; check-kernel.sh skipped it")),
                            String::new(),
                        );
                    }
                    Some(outcome) if outcome.error.is_some() => {
                        let error = outcome.error.clone().unwrap_or_default();
                        return (
                            Verdict::Skipped(format!("{reason}; check-kernel.sh: {error}")),
                            String::new(),
                        );
                    }
                    Some(outcome) => outcome.clone(),
                },
            };
            (outcome, format!("  (kernel via check-kernel.sh: {reason})"))
        }
    };
    let diffs = compare(case, &sluice, &kernel, ["sluice", "kernel"]);
    if diffs.is_empty() {
        (Verdict::Match, source)
    } else {
        (Verdict::Differ(diffs), source)
    }
}

/// Checks the harness's own kernel path: every case the live path ran is compared with what
/// `check-kernel.sh` (bpftool and libbpf) records for it. About two minutes; run it after
/// changing `corpus_harness/kernel_side.rs` or the corpus.
fn crosscheck(selected: &[(usize, &Case)], live: &BTreeMap<usize, Outcome>) -> Vec<String> {
    let cases: Vec<(usize, &Case)> = selected
        .iter()
        .filter(|(index, _)| live.contains_key(index))
        .copied()
        .collect();
    let recorded = match recorded::run(&cases) {
        Ok(recorded) => recorded,
        Err(error) => return vec![format!("crosscheck: {error}")],
    };
    let mut failures = Vec::new();
    for (index, case) in cases {
        let Some(reference) = recorded.get(&index) else {
            failures.push(format!(
                "crosscheck: no check-kernel.sh result for {}",
                case.id()
            ));
            continue;
        };
        let diffs = compare(case, &live[&index], reference, ["live", "check-kernel.sh"]);
        let verdict = if diffs.is_empty() {
            "same"
        } else {
            "DIFFERENT"
        };
        println!("crosscheck {index:>3} {:<40} {verdict}", case.id());
        for diff in &diffs {
            println!("      {diff}");
        }
        if !diffs.is_empty() {
            failures.push(format!(
                "crosscheck: live kernel path differs from check-kernel.sh for {}",
                case.id()
            ));
        }
    }
    failures
}

/// Pins the calling thread to CPU 0 (with `taskset` on its thread id: the workspace forbids
/// the `unsafe` a direct `sched_setaffinity` needs), as `check-kernel.sh` pins bpftool.
fn pin_to_cpu0() -> Result<(), String> {
    let link = std::fs::read_link("/proc/thread-self").map_err(|e| e.to_string())?;
    let tid = link
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or("no thread id in /proc/thread-self")?
        .to_string();
    let output = Command::new("taskset")
        .args(["-p", "-c", "0", &tid])
        .output()
        .map_err(|e| format!("taskset: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}
