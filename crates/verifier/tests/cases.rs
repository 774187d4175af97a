//! Sluice's verifier on the cases of `tests/cases/` (see `tests/cases/README.md`): one trial per
//! case. A reject case must be rejected with the error kind its header names, at the
//! instruction it names (when it names one); an accept case must be accepted. A reject case
//! that Sluice accepts fails loudly with `UNSAFE PROGRAM ACCEPTED`.
//!
//! - Assembly cases: the slots go to [`sluice_verifier::verify_slots`] (a program that does not
//!   decode, such as a jump into a `lddw`, is a rejection too), with [`VerifyOptions`] built
//!   from the header: program type, attach type, the `; map:` lines in `fd_array` order,
//!   privileged unless `; unprivileged`, GPL-compatible unless the license says otherwise.
//! - C cases: the committed `.o` is parsed with `sluice-obj` and its program verified with
//!   [`sluice_verifier::verify_object`] (maps, BTF function signatures and spin locks come from
//!   the object).
//!
//! `tests/kernel_verdicts.rs` checks the same expectations against the running kernel.

mod case_format;

use std::sync::mpsc;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use sluice_verifier::{MapInfo, VerifiedProgram, VerifyError, VerifyOptions};

use case_format::{Case, Expect, MapSpec, Source};

fn main() {
    let args = Arguments::from_args();
    let cases = case_format::load_all().unwrap_or_else(|error| panic!("{error}"));
    let trials = cases
        .into_iter()
        .map(|case| Trial::test(case.name.clone(), move || run(&case)))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// How long one case may take, unless `SLUICE_CASES_TIMEOUT` (seconds) says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Verifies one case, on its own thread so that a verifier that never finishes fails the case
/// instead of hanging the suite (the thread is left behind; the process exits at the end).
fn verify_in_time(case: &Case) -> Result<Result<VerifiedProgram, VerifyError>, Failed> {
    let timeout = std::env::var("SLUICE_CASES_TIMEOUT")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs);
    let (sender, receiver) = mpsc::channel();
    let owned = case.clone();
    std::thread::spawn(move || {
        let result = match &owned.source {
            Source::Asm(_) => verify_asm(&owned),
            Source::Object { .. } => verify_c(&owned),
        };
        // The receiver is gone only if the case already timed out.
        let _ = sender.send(result.map_err(|failed| {
            failed
                .message()
                .unwrap_or("setting up the case failed")
                .to_string()
        }));
    });
    match receiver.recv_timeout(timeout) {
        Ok(result) => Ok(result?),
        Err(_) => Err(format!(
            "the verifier did not finish within {} s (SLUICE_CASES_TIMEOUT)",
            timeout.as_secs()
        )
        .into()),
    }
}

/// Verifies one case and compares the verdict with its expectation.
fn run(case: &Case) -> Result<(), Failed> {
    let result = verify_in_time(case)?;
    match (&case.expect, result) {
        (Expect::Accept, Ok(verified)) => check_facts(case, &verified),
        (Expect::Accept, Err(error)) => Err(format!(
            "valid program rejected: {} at {}: {}",
            error.kind,
            at(error.insn_idx),
            details(&error)
        )
        .into()),
        (Expect::Reject { kind, insn }, Ok(_)) => Err(format!(
            "UNSAFE PROGRAM ACCEPTED: expected {kind} at {} ({})",
            at(*insn),
            case.path.display()
        )
        .into()),
        (Expect::Reject { kind, insn }, Err(error)) => {
            let kind_ok = error.kind.name() == kind;
            let insn_ok = insn.is_none_or(|insn| error.insn_idx == Some(insn));
            if kind_ok && insn_ok {
                Ok(())
            } else {
                Err(format!(
                    "expected {kind} at {}, got {} at {}: {}",
                    at(*insn),
                    error.kind,
                    at(error.insn_idx),
                    details(&error)
                )
                .into())
            }
        }
    }
}

/// Checks the `; fact:` lines of an accepted case against what the verifier recorded.
fn check_facts(case: &Case, verified: &VerifiedProgram) -> Result<(), Failed> {
    for (name, insn) in &case.facts {
        if *insn >= verified.program().n_slots() {
            return Err(format!("fact {name} at {insn}: no such instruction").into());
        }
        let facts = verified.facts(*insn);
        let holds = match name.as_str() {
            "nospec" => facts.nospec,
            "nospec_result" => facts.nospec_result,
            "alu_sanitize" => facts.alu_sanitize.is_some(),
            "no_alu_sanitize" => facts.alu_sanitize.is_none(),
            _ => return Err(format!("unknown fact `{name}`").into()),
        };
        if !holds {
            return Err(format!("fact {name} at {insn} does not hold: {facts:?}").into());
        }
    }
    Ok(())
}

/// Verifies an assembly case with the options its header describes.
fn verify_asm(case: &Case) -> Result<Result<VerifiedProgram, VerifyError>, Failed> {
    let slots = case.assemble()?;
    let mut options = VerifyOptions::new(case.prog_type_or_default());
    options.attach_type = case.attach_type;
    options.privileged = !case.unprivileged;
    options.gpl_compatible = case.gpl_compatible();
    options.maps = case
        .maps
        .iter()
        .enumerate()
        .map(|(index, spec)| map_info(spec, index))
        .collect();
    Ok(sluice_verifier::verify_slots(slots, &options))
}

/// The verifier's view of one `; map:` line.
fn map_info(spec: &MapSpec, index: usize) -> MapInfo {
    let name = if spec.name.is_empty() {
        format!("map{index}")
    } else {
        spec.name.clone()
    };
    let mut info = MapInfo::new(
        &name,
        spec.map_type.as_u32(),
        spec.key_size,
        spec.value_size,
        spec.max_entries,
    );
    info.map_flags = spec.map_flags;
    // A frozen map was never written: its contents are zeros.
    info.frozen_value = spec.frozen.then(|| vec![0; spec.value_size as usize]);
    info.inner = spec
        .inner
        .as_deref()
        .map(|inner| Box::new(map_info(inner, index)));
    info
}

/// Verifies a C case's program from its committed object.
fn verify_c(case: &Case) -> Result<Result<VerifiedProgram, VerifyError>, Failed> {
    let Source::Object { object, program } = &case.source else {
        unreachable!("verify_c takes C cases");
    };
    let bytes = std::fs::read(object)
        .map_err(|e| format!("cannot read {} (run build.sh): {e}", object.display()))?;
    let parsed = sluice_obj::Object::parse(&bytes).map_err(|e| format!("parse: {e}"))?;
    let name = match program {
        Some(name) => name.clone(),
        None => match &parsed.programs[..] {
            [only] => only.name.clone(),
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
    Ok(sluice_verifier::verify_object(
        &parsed,
        &name,
        case.prog_type,
        !case.unprivileged,
    ))
}

/// `insn N`, or `no instruction`.
fn at(insn: Option<usize>) -> String {
    insn.map_or_else(
        || "no instruction".to_string(),
        |insn| format!("insn {insn}"),
    )
}

/// The error's message, state and hint, for a failure message.
fn details(error: &VerifyError) -> String {
    let mut text = error.message.clone();
    for line in &error.state {
        text.push_str("\n    ");
        text.push_str(line);
    }
    if let Some(hint) = &error.hint {
        text.push_str("\n    hint: ");
        text.push_str(hint);
    }
    text
}
