//! The system call table against the running kernel's tracefs: every tracepoint the table
//! names exists with the arguments the table lists, and every `sys_enter_*` tracepoint of the
//! kernel is in the table. Skips (with a line saying why) where tracefs is not mounted.

use std::path::Path;

use sluice_abi::syscalls::{by_name, syscalls};

const TRACEFS: &str = "/sys/kernel/tracing/events/syscalls";

/// The argument names of a tracepoint's format file.
fn format_args(event: &str) -> Option<Vec<String>> {
    let text =
        std::fs::read_to_string(Path::new(TRACEFS).join(format!("sys_enter_{event}/format")))
            .ok()?;
    Some(
        text.lines()
            .filter_map(|line| {
                let field = line.trim().strip_prefix("field:")?;
                let (decl, rest) = field.split_once(';')?;
                let offset: u32 = rest
                    .split("offset:")
                    .nth(1)?
                    .split(';')
                    .next()?
                    .parse()
                    .ok()?;
                (offset >= 16).then(|| {
                    decl.rsplit([' ', '*'])
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
            })
            .collect(),
    )
}

#[test]
fn the_table_matches_the_running_kernel() {
    if !Path::new(TRACEFS).exists() {
        println!("skipped: tracefs is not mounted at /sys/kernel/tracing");
        return;
    }
    let mut checked = 0;
    for syscall in syscalls() {
        let Some(event) = syscall.event else { continue };
        let args = format_args(event)
            .unwrap_or_else(|| panic!("{}: the kernel has no sys_enter_{event}", syscall.name));
        let ours: Vec<&str> = syscall.args.iter().map(|arg| arg.name).collect();
        assert_eq!(ours, args, "{}", syscall.name);
        checked += 1;
    }
    assert!(checked > 300, "{checked}");
    for entry in std::fs::read_dir(TRACEFS).expect("tracefs") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(event) = name.strip_prefix("sys_enter_") {
            assert!(by_name(event).is_some(), "the table lacks {event}");
        }
    }
}
