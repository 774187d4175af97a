//! The verifier cases of `tests/cases/` checked against the running kernel's verifier: every
//! reject case must fail to load, at the instruction its header names and with the log line its
//! `kernel-says:` header quotes; every accept case must load. This keeps the cases honest: a
//! reject case is refused by Linux for the reason it claims, not for an accident earlier in the
//! program.
//!
//! - Assembly cases: maps created with `BPF_MAP_CREATE` from the `; map:` lines (frozen ones
//!   with `BPF_MAP_FREEZE`), then `BPF_PROG_LOAD` with the map descriptors as `fd_array`.
//! - C cases: the `.o` loaded as libbpf loads it, with the corpus harness's loader
//!   (`crates/runtime/tests/corpus_harness/kernel_load.rs`: BTF, maps with BTF types, global
//!   data initialised and `.rodata` frozen, `func_info` and `line_info`).
//! - Unprivileged cases are loaded from a thread without capabilities (the maps are created
//!   before, with them). The kernel allows that only when `kernel.unprivileged_bpf_disabled` is
//!   0; otherwise they are ignored trials, with the sysctl's value as the reason. To check them
//!   on a machine where it is 2 (the default), as root: `sysctl kernel.unprivileged_bpf_disabled=0`,
//!   run this test, then set it back to 2.
//! - `kernel: skip` cases are ignored trials, with the reason.
//! - Without kernel BPF every trial is ignored, after one line
//!   `skipped: kernel BPF unavailable (<errno>)`.
//!
//! The kernel's instruction is the number in its error line where it names one (`unreachable
//! insn 5`, `back-edge from insn 7 to 3`), otherwise the last instruction the log printed
//! before the error. `SLUICE_KERNEL_LOG=1` prints every case's full verifier log.

mod case_format;

#[allow(dead_code)]
#[path = "../../runtime/tests/corpus_harness/kernel_load.rs"]
mod kernel_load;

use std::os::fd::{AsFd, BorrowedFd};

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use sluice_kernel::{BPF_LOG_LEVEL1, KernelMap, KernelProg, MapCreate, ProgLoad};

use case_format::{Case, Expect, MapSpec, Source};

/// What the kernel made of a case: loaded (with its log), or refused (the log or the loader's
/// message, which ends with the log's last lines).
type Verdict = Result<String, String>;

fn main() {
    let args = Arguments::from_args();
    let cases = case_format::load_all().unwrap_or_else(|error| panic!("{error}"));
    let unavailable = sluice_kernel::available().err();
    if let Some(errno) = unavailable {
        println!("skipped: kernel BPF unavailable ({errno})");
    }
    let trials = cases
        .into_iter()
        .map(|case| {
            let name = case.name.clone();
            Trial::ignorable_test(name, move || {
                if let Some(errno) = unavailable {
                    return Ok(Completion::ignored_with(format!(
                        "kernel BPF unavailable ({errno})"
                    )));
                }
                if case.unprivileged
                    && let Err(reason) = sluice_kernel::unprivileged_bpf_allowed()
                {
                    return Ok(Completion::ignored_with(format!(
                        "unprivileged case: {reason}"
                    )));
                }
                if let Some(reason) = &case.kernel_skip {
                    return Ok(Completion::ignored_with(format!("kernel: skip {reason}")));
                }
                let verdict = match &case.source {
                    Source::Asm(_) => load_asm(&case)?,
                    Source::Object { .. } => load_object(&case)?,
                };
                check(&case, verdict)?;
                Ok(Completion::Completed)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Loads an assembly case.
fn load_asm(case: &Case) -> Result<Verdict, Failed> {
    let slots = case.assemble()?;
    let insns = sluice_isa::slots_to_bytes(&slots);
    let maps = case
        .maps
        .iter()
        .enumerate()
        .map(|(index, spec)| create_map(spec, index))
        .collect::<Result<Vec<_>, _>>()?;
    let fds: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
    let load = ProgLoad {
        prog_type: case.prog_type_or_default().as_u32(),
        expected_attach_type: case.attach_type.map_or(0, |t| t.as_u32()),
        insns: &insns,
        license: &case.license,
        log_level: BPF_LOG_LEVEL1,
        name: "verifier_case",
        fd_array: (!fds.is_empty()).then_some(&fds[..]),
        ..ProgLoad::default()
    };
    let load_it = || verdict(load.load());
    if case.unprivileged {
        return sluice_kernel::unprivileged(load_it)
            .map_err(|errno| format!("cannot drop this thread's capabilities: {errno}").into());
    }
    Ok(load_it())
}

/// The errno of a failed load, as a word.
fn error_name(error: &sluice_kernel::Error) -> String {
    error
        .errno()
        .map_or_else(|| error.to_string(), |errno| errno.to_string())
}

/// Creates one map of an assembly case (and its inner template, for maps of maps).
fn create_map(spec: &MapSpec, index: usize) -> Result<KernelMap, String> {
    let template = spec
        .inner
        .as_deref()
        .map(|inner| create_map(inner, index))
        .transpose()?;
    let name = if spec.name.is_empty() {
        format!("map{index}")
    } else {
        spec.name.chars().take(15).collect()
    };
    let map = MapCreate {
        map_type: spec.map_type.as_u32(),
        key_size: spec.key_size,
        value_size: spec.value_size,
        max_entries: spec.max_entries,
        map_flags: spec.map_flags,
        name: &name,
        inner_map_fd: template.as_ref().map(AsFd::as_fd),
        ..MapCreate::default()
    }
    .create()
    .map_err(|e| format!("map {index} ({}): {e}", spec.map_type))?;
    if spec.frozen {
        map.freeze()
            .map_err(|e| format!("freezing map {index}: {e}"))?;
    }
    Ok(map)
}

/// Loads a C case's program as libbpf would: its object's BTF, every map of the object, then
/// the program with the maps as `fd_array`.
fn load_object(case: &Case) -> Result<Verdict, Failed> {
    let Source::Object { object, program } = &case.source else {
        unreachable!("load_object takes C cases");
    };
    if case.unprivileged {
        return Err("this harness loads C cases only as root; write the case in assembly".into());
    }
    let bytes = std::fs::read(object)
        .map_err(|e| format!("cannot read {} (run build.sh): {e}", object.display()))?;
    let parsed = sluice_obj::Object::parse(&bytes).map_err(|e| format!("parse: {e}"))?;
    let def = match program {
        Some(name) => parsed
            .programs
            .iter()
            .find(|def| &def.name == name)
            .ok_or_else(|| format!("{} has no program `{name}`", object.display()))?,
        None => match &parsed.programs[..] {
            [only] => only,
            _ => {
                return Err(format!(
                    "{} has {} programs: name one with `// program:`",
                    object.display(),
                    parsed.programs.len()
                )
                .into());
            }
        },
    };
    let btf = kernel_load::load_btf(&parsed)
        .map_err(|e| format!("the kernel refuses the object's BTF: {e}"))?;
    let names: Vec<String> = parsed.maps.iter().map(|map| map_name(&map.name)).collect();
    let maps = kernel_load::create_maps(&parsed, &names, btf.as_ref())?;
    let fds: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
    let loaded = kernel_load::load_program(
        &parsed,
        def,
        &fds,
        case.prog_type_or_default(),
        btf.as_ref(),
        BPF_LOG_LEVEL1,
    );
    Ok(verdict(loaded))
}

/// A map name the kernel takes: at most 15 characters, letters, digits, `_` and `.`.
fn map_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .take(15)
        .collect()
}

/// The verdict of a load: the log of the program, or the error and the verifier's log.
fn verdict(loaded: Result<KernelProg, sluice_kernel::Error>) -> Verdict {
    match loaded {
        Ok(program) => Ok(program.verifier_log().to_string()),
        Err(error) => match error.verifier_log() {
            Some(log) => Err(format!("{}\n{log}", error_name(&error))),
            None => Err(format!("{error} (no verifier log)")),
        },
    }
}

/// Checks the kernel's verdict against the case's expectation.
fn check(case: &Case, verdict: Verdict) -> Result<(), Failed> {
    if std::env::var_os("SLUICE_KERNEL_LOG").is_some() {
        let log = match &verdict {
            Ok(log) | Err(log) => log,
        };
        println!("==== {} ====\n{log}", case.name);
    }
    match (&case.expect, verdict) {
        (Expect::Accept, Ok(_)) => Ok(()),
        (Expect::Accept, Err(log)) => Err(format!(
            "the kernel refuses this accept case: {}",
            error_lines(&log).join(" / ")
        )
        .into()),
        (Expect::Reject { kind, .. }, Ok(_)) => {
            Err(format!("the kernel accepts this reject case (expected {kind})").into())
        }
        (Expect::Reject { kind, insn }, Err(log)) => {
            let said = error_lines(&log).join(" / ");
            let Some(says) = &case.kernel_says else {
                return Err(format!(
                    "rejected ({said}); add a `kernel-says:` header with the kernel's error line"
                )
                .into());
            };
            // Kernel versions word some messages differently: ` || ` separates alternatives.
            if !says
                .split(" || ")
                .any(|alternative| log.contains(alternative))
            {
                return Err(format!(
                    "expected {kind}: the kernel's log does not contain `{says}`; it says: {said}"
                )
                .into());
            }
            match (insn, kernel_insn(&log)) {
                (Some(expected), Some(found)) if *expected != found => Err(format!(
                    "expected {kind} at insn {expected}, the kernel refuses at insn {found}: {said}"
                )
                .into()),
                _ => Ok(()),
            }
        }
    }
}

/// Whether `line` is an instruction line of the log (`12: (bf) r1 = r6`).
fn insn_line(line: &str) -> Option<usize> {
    let (index, rest) = line.split_once(": (")?;
    let index = index.trim().parse().ok()?;
    let code = rest.get(..3)?;
    (code.as_bytes()[2] == b')' && code[..2].chars().all(|c| c.is_ascii_hexdigit()))
        .then_some(index)
}

/// The log's error: its last lines that are neither instructions, states nor statistics.
fn error_lines(log: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = log
        .lines()
        .rev()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .skip_while(|line| {
            line.starts_with("processed ")
                || line.starts_with("verification time")
                || line.starts_with("stack depth")
        })
        .take_while(|line| insn_line(line).is_none() && !line.starts_with("; "))
        .take(3)
        .collect();
    lines.reverse();
    lines
}

/// Error lines that name the refused instruction, and the words before its number.
const NAMED_INSN: &[&str] = &["unreachable insn ", "from insn ", "at insn "];

/// Error lines that name another instruction (the `lddw` a jump lands in), so the refused
/// instruction cannot be told from the log.
const OTHER_INSN: &[&str] = &["jump into the middle of ldimm64 insn "];

/// The instruction the kernel refused: named in its error line (`unreachable insn N`,
/// `back-edge from insn N to M`), or the last instruction line before the error.
fn kernel_insn(log: &str) -> Option<usize> {
    let errors = error_lines(log);
    for line in &errors {
        if OTHER_INSN.iter().any(|words| line.contains(words)) {
            return None;
        }
        for words in NAMED_INSN {
            if let Some((_, rest)) = line.split_once(words) {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(index) = digits.parse() {
                    return Some(index);
                }
            }
        }
    }
    log.lines().rev().find_map(insn_line)
}
