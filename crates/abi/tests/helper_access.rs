//! Which program types may call which helper, against the running kernel's verdicts.
//!
//! `tests/data/helper_access.txt` holds, for every helper and every program type that loads
//! without an attach target (plus a few attach types the kernel treats differently), what the
//! Linux 6.18.44 verifier answered to a program calling it (`tests/data/probe_kernel.py`
//! regenerates it). The crate must give the same answers, except for the helpers the machine's
//! configuration removes, which the tables keep because a distribution kernel has them.

use sluice_abi::helper_access::{allowed, allowed_for_attach};
use sluice_abi::{AttachType, HelperId, ProgType};

/// Helpers the probing machine refuses for configuration reasons: `bpf_override_return` needs
/// `CONFIG_BPF_KPROBE_OVERRIDE`, `bpf_probe_write_user` a kernel without lockdown.
fn configuration_dependent(prog_type: ProgType, helper: HelperId) -> bool {
    matches!(
        (prog_type, helper),
        (ProgType::Kprobe, HelperId::OverrideReturn)
    ) || (helper == HelperId::ProbeWriteUser
        && matches!(
            prog_type,
            ProgType::Kprobe
                | ProgType::Tracepoint
                | ProgType::PerfEvent
                | ProgType::RawTracepoint
                | ProgType::RawTracepointWritable
                | ProgType::Syscall
        ))
}

/// A column of the data file: a program type and maybe an attach type.
fn column(name: &str) -> (ProgType, Option<AttachType>) {
    match name.split_once('/') {
        Some((prog, attach)) => (
            prog.parse()
                .unwrap_or_else(|_| panic!("program type {prog}")),
            Some(
                attach
                    .parse()
                    .unwrap_or_else(|_| panic!("attach type {attach}")),
            ),
        ),
        None => (
            name.parse()
                .unwrap_or_else(|_| panic!("program type {name}")),
            None,
        ),
    }
}

#[test]
fn helper_access_matches_the_kernel() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/helper_access.txt");
    let text = std::fs::read_to_string(path).expect("helper_access.txt");
    let columns: Vec<(ProgType, Option<AttachType>)> = text
        .lines()
        .find_map(|line| line.strip_prefix("# columns: "))
        .expect("columns line")
        .split_whitespace()
        .map(column)
        .collect();
    let mut mismatches = Vec::new();
    let mut rows = 0;
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let (id, marks) = line.split_once(' ').expect("id and marks");
        let helper = HelperId::from_u32(id.parse().expect("id")).expect("known helper");
        assert_eq!(
            marks.len(),
            columns.len(),
            "one mark per column for helper {id}"
        );
        rows += 1;
        for ((prog_type, attach_type), mark) in columns.iter().zip(marks.chars()) {
            let ours = match attach_type {
                Some(attach_type) => allowed_for_attach(helper, *prog_type, *attach_type),
                None => allowed(helper, *prog_type),
            };
            // `s`: offered, refused only to non-sleepable programs; the tables say yes and the
            // prototype says might_sleep.
            if mark == 's' {
                let proto = helper.proto_for(*prog_type).expect("prototype");
                assert!(
                    proto.might_sleep,
                    "{helper:?} refused as sleeping but not might_sleep"
                );
            }
            let kernel = matches!(mark, '+' | 's');
            if ours != kernel && !(ours && configuration_dependent(*prog_type, helper)) {
                mismatches.push(format!(
                    "{prog_type} {attach_type:?} {helper:?}: kernel {mark}, ours {ours}"
                ));
            }
        }
    }
    assert_eq!(rows, 211, "one row per helper");
    assert!(
        mismatches.is_empty(),
        "{} differences:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
