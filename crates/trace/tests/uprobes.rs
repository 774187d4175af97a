//! Uprobes on real commands: breakpoints on a libc function fire at its entry with its
//! arguments and at its return with its result, in the processes a shell starts; an attached
//! process is left running without them. Needs ptrace; skips with a line saying why otherwise.

mod common;

use std::sync::Mutex;

use common::{command, string_at};
use sluice_trace::{Event, TraceError, Tracer, Uprobe};

/// A tracer waits for any child of the process: one at a time.
static ONE_TRACER: Mutex<()> = Mutex::new(());

/// Probes on libc's `open` (coreutils open their files with it): the entry, and the return.
fn open_probes() -> Vec<Uprobe> {
    vec![
        Uprobe::new("libc.so.6", "open", 0, false).expect("libc has open"),
        Uprobe::new("libc.so.6", "open", 0, true).expect("libc has open"),
    ]
}

#[test]
fn entry_and_return_probes_fire_in_the_commands_of_a_shell() {
    let _one = ONE_TRACER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let args = command(&[
        "sh",
        "-c",
        "cat /etc/hostname /etc/passwd > /dev/null; cat /nonexistent 2> /dev/null; exit 4",
    ]);
    let mut tracer = match Tracer::spawn_probing(&args, &[], open_probes()) {
        Ok(tracer) => tracer,
        Err(error @ TraceError::Spawn { .. }) => {
            println!("skipped: cannot trace here: {error}");
            return;
        }
        Err(error) => panic!("{error}"),
    };
    let mut opened = Vec::new();
    let mut results = Vec::new();
    let mut entry_tids = Vec::new();
    while let Some(event) = tracer.next_event().unwrap() {
        match event {
            Event::Uprobe { tid, probes, regs } => {
                assert_eq!(probes, [0]);
                opened.push(string_at(&tracer, tid, regs.rdi));
                entry_tids.push(tid);
            }
            Event::Uretprobe { tid, probes, regs } => {
                assert_eq!(probes, [1]);
                assert_eq!(
                    Some(&tid),
                    entry_tids.last(),
                    "returns in the thread that called"
                );
                // `open` returns an int: the low half of rax.
                results.push(regs.rax as i32);
                // It goes on in cat, where open was called from.
                let exe = std::fs::read_link(format!("/proc/{tid}/exe")).unwrap();
                let maps = sluice_trace::proc_maps::read(tid);
                let mapping = maps.iter().find(|m| m.contains(regs.rip)).unwrap();
                assert_eq!(mapping.path.as_deref(), Some(exe.as_path()));
            }
            _ => {}
        }
    }
    assert_eq!(tracer.root_status().map(|s| (s >> 8) & 0xff), Some(4));
    for path in ["/etc/hostname", "/etc/passwd", "/nonexistent"] {
        assert!(opened.iter().any(|p| p == path), "{path} in {opened:?}");
    }
    assert_eq!(
        results.len(),
        opened.len(),
        "every call returned: {results:?}"
    );
    let at = |path: &str| results[opened.iter().position(|p| p == path).unwrap()];
    assert!(at("/etc/hostname") >= 0);
    assert!(at("/etc/passwd") >= 0);
    assert_eq!(at("/nonexistent"), -1, "open returns -1 on error");
}

/// A child process killed when the test ends, passed or failed.
struct KilledOnDrop(std::process::Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_attached_process_keeps_running_without_its_breakpoints() {
    let _one = ONE_TRACER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // A loop that calls libc's open itself: bash's `<` redirection opens the file.
    let mut guard = match std::process::Command::new("bash")
        .args([
            "-c",
            "while :; do read -r line < /etc/hostname; sleep 0.02; done",
        ])
        .spawn()
    {
        Ok(child) => KilledOnDrop(child),
        Err(error) => {
            println!("skipped: no bash: {error}");
            return;
        }
    };
    let child = &mut guard.0;
    let pid = child.id() as i32;
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut tracer = match Tracer::attach_probing(pid, &[], open_probes()) {
        Ok(tracer) => tracer,
        Err(error) => {
            let _ = child.kill();
            println!("skipped: cannot attach here: {error}");
            return;
        }
    };
    let mut n_entries = 0;
    let mut n_returns = 0;
    while n_returns < 3 {
        match tracer.next_event().unwrap() {
            Some(Event::Uprobe { tid, regs, .. }) if tid == pid => {
                assert_eq!(string_at(&tracer, tid, regs.rdi), "/etc/hostname");
                n_entries += 1;
            }
            Some(Event::Uretprobe { tid, .. }) if tid == pid => n_returns += 1,
            Some(_) => {}
            None => panic!("the process ended"),
        }
    }
    assert!(n_entries >= n_returns);
    tracer.detach().unwrap();
    drop(tracer);
    // Without its breakpoints the loop goes on: a breakpoint left behind would kill it with
    // SIGTRAP at the next open.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the process ended after the detach"
    );
    let maps = sluice_trace::proc_maps::read(pid);
    let probe = &open_probes()[0];
    let addr = maps
        .iter()
        .filter(|m| m.executable && sluice_trace::proc_maps::maps_file(m, &probe.path, probe.inode))
        .find_map(|m| m.address_of(probe.file_offset))
        .unwrap();
    let mut first = [0u8];
    sluice_trace::read_memory(pid, addr, &mut first);
    assert_ne!(first[0], 0xcc, "the breakpoint was taken out");
}
