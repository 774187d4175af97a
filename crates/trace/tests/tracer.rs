//! The tracer on real commands: watched system calls stop with their arguments and results,
//! forks and execs are followed, the command's exit status comes back. Needs ptrace (root or
//! a permissive `ptrace_scope`); skips with a line saying why otherwise.

mod common;

use std::sync::Mutex;

use common::{command, string_at};
use sluice_trace::{Event, TraceError, Tracer};

/// A tracer waits for any child of the process: one at a time.
static ONE_TRACER: Mutex<()> = Mutex::new(());

const EXECVE: u32 = 59;
const OPENAT: u32 = 257;

fn spawn(args: &[&str], watched: &[u32]) -> Option<Tracer> {
    match Tracer::spawn(&command(args), watched) {
        Ok(tracer) => Some(tracer),
        Err(error @ TraceError::Spawn { .. }) => {
            println!("skipped: cannot trace here: {error}");
            None
        }
        Err(error) => panic!("{error}"),
    }
}

#[test]
fn watched_calls_forks_and_execs_of_a_shell_command() {
    let _one = ONE_TRACER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(mut tracer) = spawn(
        &[
            "sh",
            "-c",
            "ls / > /dev/null; cat /etc/hostname > /dev/null; exit 3",
        ],
        &[EXECVE, OPENAT],
    ) else {
        return;
    };
    let mut execs = Vec::new();
    let mut opened = Vec::new();
    let mut open_results = 0;
    let mut forks = 0;
    let mut n_execs = 0;
    let mut enters = 0;
    let mut exits = 0;
    while let Some(event) = tracer.next_event().expect("events") {
        match event {
            Event::SyscallEnter { tid, nr, regs } => {
                enters += 1;
                let path = string_at(
                    &tracer,
                    tid,
                    regs.syscall_args()[if nr == OPENAT { 1 } else { 0 }],
                );
                match nr {
                    EXECVE => execs.push(path),
                    OPENAT => opened.push(path),
                    other => panic!("stopped at unwatched system call {other}"),
                }
            }
            Event::SyscallExit { nr, regs, .. } => {
                exits += 1;
                if nr == OPENAT && regs.syscall_ret() >= 0 {
                    open_results += 1;
                }
            }
            Event::Fork { .. } => forks += 1,
            Event::Exec { .. } => n_execs += 1,
            Event::Exit { .. } => {}
            Event::Uprobe { .. } | Event::Uretprobe { .. } => panic!("no uprobes were set"),
            Event::Sample { .. } => panic!("no sampling was asked for"),
        }
    }
    let status = tracer.root_status().expect("the command ended");
    assert!(libc_exit_code(status) == Some(3), "status {status:#x}");
    // sh runs ls and cat in children; the exec of sh itself is traced too.
    assert!(forks >= 2, "{forks} forks");
    // Three programs ran (sh, ls, cat); execve was tried more often along the PATH.
    assert_eq!(n_execs, 3, "{execs:?}");
    assert!(execs.iter().any(|p| p.ends_with("/ls")), "{execs:?}");
    assert!(execs.iter().any(|p| p.ends_with("/cat")), "{execs:?}");
    assert!(opened.iter().any(|p| p == "/etc/hostname"), "{opened:?}");
    assert!(open_results > 0);
    // Every watched call that entered returned (execve's exit stop included).
    assert_eq!(enters, exits);
}

/// The exit code in a wait status, if the process exited normally.
fn libc_exit_code(status: i32) -> Option<i32> {
    ((status & 0x7f) == 0).then_some((status >> 8) & 0xff)
}

#[test]
fn unwatched_calls_do_not_stop_and_a_missing_command_is_an_error() {
    let _one = ONE_TRACER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(mut tracer) = spawn(&["true"], &[]) else {
        return;
    };
    let mut events = Vec::new();
    while let Some(event) = tracer.next_event().expect("events") {
        events.push(event);
    }
    assert!(
        events
            .iter()
            .all(|event| matches!(event, Event::Exec { .. } | Event::Exit { .. })),
        "{events:?}"
    );
    assert_eq!(tracer.root_status().map(libc_exit_code), Some(Some(0)));
    // A command that does not exist: the child cannot exec it, and exits with 127.
    let Some(mut tracer) = spawn(&["/nonexistent/command"], &[]) else {
        return;
    };
    while tracer.next_event().expect("events").is_some() {}
    assert_eq!(tracer.root_status().map(libc_exit_code), Some(Some(127)));
}
