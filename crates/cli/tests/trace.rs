//! `sluice trace` on real commands: the tracing examples run against `cat` and `sh`, and their
//! output is checked. Needs ptrace (root, or a permissive `ptrace_scope`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sluice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(args)
        .output()
        .expect("the sluice binary runs")
}

/// Runs `sluice trace ARGS`; `None` (with a line saying so) where this machine cannot trace.
fn trace(args: &[&str]) -> Option<Output> {
    let output = sluice(&[&["trace"], args].concat());
    if String::from_utf8_lossy(&output.stderr).contains("cannot start") {
        println!("skipped: cannot trace here");
        return None;
    }
    Some(output)
}

fn example(name: &str) -> String {
    repo()
        .join("examples")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn opensnoop_sees_the_files_cat_opens() {
    let Some(output) = trace(&[&example("opensnoop.o"), "--", "cat", "/etc/hostname"]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    // The command's own output comes through.
    let hostname = std::fs::read_to_string("/etc/hostname").expect("hostname");
    assert!(stdout.contains(hostname.trim()), "{stdout}");
    // trace_pipe-style lines: comm-pid, cpu, flags, timestamp, then the message.
    let line = stdout
        .lines()
        .find(|line| line.ends_with("bpf_trace_printk: cat opens /etc/hostname"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let (task, _) = line.trim_start().split_once(' ').expect("fields");
    assert!(task.starts_with("cat-"), "{line}");
    let pid: u32 = task["cat-".len()..].parse().expect("a pid");
    // The ring buffer event: pid, tid, flags, comm, then the file name.
    let record = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("ringbuf events: "))
        .find(|record| record.contains(&hex(b"/etc/hostname\0")))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(record.starts_with(&hex(&pid.to_le_bytes())), "{record}");
    assert!(record.contains(&hex(b"cat\0")), "{record}");
}

#[test]
fn syscount_counts_the_calls_of_a_shell_and_its_children() {
    let Some(output) = trace(&[
        &example("syscount.o"),
        "--dump-maps",
        "--",
        "sh",
        "-c",
        "ls / > /dev/null; cat /etc/hostname > /dev/null; exit 4",
    ]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(4),
        "the command's status: {stdout}"
    );
    let count = |nr: u32| -> u64 {
        stdout
            .lines()
            .find_map(|line| line.trim().strip_prefix(&format!("{nr}: ")))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    // At least three execs (sh itself, traced from its execve on, then ls and cat in its
    // children; more where a PATH search tries several directories), and all of them open
    // files and exit.
    assert!(count(59) >= 3, "execve: {stdout}");
    assert!(count(257) >= 3, "openat: {stdout}");
    assert!(count(231) >= 3, "exit_group: {stdout}");
}

#[test]
fn a_program_on_an_unknown_hook_is_a_usage_error() {
    let output = sluice(&["trace", &example("firewall.o"), "--", "true"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("tracepoint programs"), "{stderr}");
}

#[test]
fn hello_world_greets_every_clone() {
    let Some(output) = trace(&[
        &example("hello.o"),
        "--",
        "bash",
        "-c",
        "ls / > /dev/null; cat /etc/hostname > /dev/null",
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let hellos = stdout
        .lines()
        .filter(|line| line.ends_with(": bpf_trace_printk: Hello World!"))
        .count();
    // bash clones once for ls and once for cat.
    assert_eq!(hellos, 2, "{stdout}");
}

#[test]
fn syscall_kprobes_read_the_arguments_through_the_wrapper_and_see_the_result() {
    let object = repo().join("crates/cli/tests/data/trace/syscall_probes.o");
    let Some(output) = trace(&[
        object.to_str().unwrap(),
        "--",
        "cat",
        "/etc/hostname",
        "/nonexistent",
    ]) else {
        return;
    };
    // cat fails on the missing file: its status comes back.
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_once(": bpf_trace_printk: ").map(|(_, msg)| msg))
        .collect();
    let at = |name: &str| {
        lines
            .iter()
            .position(|line| *line == format!("openat({name}) nr 257"))
            .unwrap_or_else(|| panic!("{stdout}"))
    };
    // Each entry is followed by its return: a descriptor, then -ENOENT.
    let hostname = at("/etc/hostname");
    assert!(
        lines[hostname + 1].starts_with("openat returned "),
        "{stdout}"
    );
    assert_ne!(lines[hostname + 1], "openat returned -2");
    let missing = at("/nonexistent");
    assert_eq!(lines[missing + 1], "openat returned -2", "{stdout}");
}

#[test]
fn execsnoop_reports_each_program_with_the_path_it_was_run_by() {
    let Some(output) = trace(&[
        &example("execsnoop.o"),
        "--",
        "sh",
        "-c",
        "ls / > /dev/null; /bin/cat /etc/hostname > /dev/null",
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let execs: Vec<&str> = stdout
        .lines()
        .filter_map(|line| {
            line.split_once(": bpf_trace_printk: exec ")
                .map(|(_, msg)| msg)
        })
        .collect();
    assert_eq!(execs.len(), 3, "{stdout}");
    assert!(execs[0].contains("/sh (pid "), "{execs:?}");
    assert!(
        execs[1].starts_with('/') && execs[1].contains("/ls "),
        "{execs:?}"
    );
    // The path as given to execve, not resolved.
    assert!(execs[2].starts_with("/bin/cat "), "{execs:?}");
    let records = stdout
        .lines()
        .filter(|line| line.starts_with("ringbuf events: "))
        .count();
    assert_eq!(records, 3);
    assert!(stdout.contains(&hex(b"/bin/cat\0")), "{stdout}");
}

/// The `TracerPid:` of process `pid`.
fn tracer_of(pid: u32) -> Option<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("TracerPid:"))
        .and_then(|value| value.trim().parse().ok())
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
fn attaching_to_a_running_process_traces_it_and_detaching_leaves_it_running() {
    let mut target = KilledOnDrop(
        Command::new("sh")
            .args([
                "-c",
                "while true; do cat /etc/hostname > /dev/null; sleep 0.1; done",
            ])
            .spawn()
            .expect("a looping shell"),
    );
    let target = &mut target.0;
    let pid = target.id();
    let tracer = Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(["trace", &example("opensnoop.o"), "--pid", &pid.to_string()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("sluice trace --pid");
    let tracer_pid = tracer.id();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let traced_by = tracer_of(pid);
    let _ = Command::new("kill")
        .args(["-INT", &tracer.id().to_string()])
        .status();
    let output = tracer.wait_with_output().expect("sluice ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("cannot attach") {
        println!("skipped: cannot attach here: {stderr}");
        let _ = target.kill();
        let _ = target.wait();
        return;
    }
    assert_eq!(traced_by, Some(tracer_pid), "traced by sluice: {stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let opens = stdout
        .lines()
        .filter(|line| line.ends_with("cat opens /etc/hostname"))
        .count();
    // Attached, every system call stops the process: a few rounds of the loop at most.
    assert!(opens >= 1, "{stdout}");
    // Detached, and still running.
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(tracer_of(pid), Some(0));
    assert!(
        target.try_wait().expect("status").is_none(),
        "the process runs on"
    );
    let _ = target.kill();
    let _ = target.wait();
}

/// The entries `--dump-maps` printed for map `name`: (key, value) text pairs.
fn dumped(stdout: &str, name: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .skip_while(|line| !line.starts_with(&format!("map {name} (")))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| {
            let (key, value) = line.trim().split_once(": ")?;
            Some((key.to_string(), value.to_string()))
        })
        .collect()
}

#[test]
fn funclatency_times_every_open_of_libc_with_a_uretprobe() {
    let Some(output) = trace(&[
        &example("funclatency.o"),
        "--dump-maps",
        "--",
        "sh",
        "-c",
        "cat /etc/hostname /etc/passwd > /dev/null; cat /nonexistent 2> /dev/null; exit 0",
    ]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let histogram = dumped(&stdout, "latency_log2_ns");
    assert_eq!(histogram.len(), 40, "{stdout}");
    let calls: u64 = histogram
        .iter()
        .map(|(_, n)| n.parse::<u64>().unwrap())
        .sum();
    // cat opens its three files with open() (and possibly more: locale files).
    assert!(calls >= 3, "{stdout}");
    // No call takes under a nanosecond or over 2^39 ns (9 minutes).
    assert_eq!(histogram[0].1, "0", "{stdout}");
    // The failed open of /nonexistent returned -1 to its uretprobe.
    assert_eq!(
        dumped(&stdout, "failed"),
        [("0".into(), "1".into())],
        "{stdout}"
    );
    // Every entry was matched by its return.
    assert!(dumped(&stdout, "start").is_empty(), "{stdout}");
}

#[test]
fn opendeny_with_enforce_denies_files_under_the_chosen_directory() {
    let dir = std::env::temp_dir().join(format!("sluice-opendeny-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret"), "top secret\n").unwrap();
    let dir_text = dir.to_str().unwrap();
    let script = format!("cat {dir_text}/secret; cat /etc/hostname; ls {dir_text}; true");
    let object = example("opendeny.o");
    let set = format!("denied_dir={dir_text}");
    let run = |enforce: bool| {
        let mut args = vec![object.as_str(), "--set-str", &set];
        args.extend(enforce.then_some("--enforce"));
        args.extend(["--dump-maps", "--", "sh", "-c", &script]);
        trace(&args)
    };
    let Some(enforced) = run(true) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&enforced.stdout);
    let stderr = String::from_utf8_lossy(&enforced.stderr);
    assert_eq!(enforced.status.code(), Some(0), "{stdout}{stderr}");
    // cat and ls were refused the file and the directory; the rest of the system was not.
    assert!(!stdout.contains("top secret"), "{stdout}");
    assert!(
        stderr.contains(&format!("{dir_text}/secret: Permission denied")),
        "{stderr}"
    );
    assert!(stderr.contains("Permission denied"), "{stderr}");
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap();
    assert!(stdout.contains(hostname.trim()), "{stdout}");
    assert!(
        stdout.contains(&format!("bpf_trace_printk: denied {dir_text}/secret")),
        "{stdout}"
    );
    assert_eq!(
        dumped(&stdout, "denied"),
        [("0".into(), "2".into())],
        "{stdout}"
    );

    // Without --enforce the policy only watches: the file is read, and Sluice says why.
    let watched = run(false).expect("traced once already");
    let stdout = String::from_utf8_lossy(&watched.stdout);
    let stderr = String::from_utf8_lossy(&watched.stderr);
    assert!(stdout.contains("top secret"), "{stdout}");
    assert!(stderr.contains("--enforce"), "{stderr}");

    // A --set-str that does not fit is a usage error.
    let long = format!("denied_dir={}", "x".repeat(64));
    let output = sluice(&[
        "trace",
        &example("opendeny.o"),
        "--set-str",
        &long,
        "--",
        "true",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("denied_dir"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_crashing_process_and_a_crashing_child_are_followed_to_the_end() {
    // The child shell dies of SIGSEGV; its parent sees that status, then dies of it too.
    let Some(output) = trace(&[
        &example("execsnoop.o"),
        "--",
        "sh",
        "-c",
        "sh -c 'kill -SEGV $$'; echo \"child status $?\"; kill -SEGV $$",
    ]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The signal reached the child as it would untraced, and the parent went on.
    assert!(stdout.contains("child status 139"), "{stdout}");
    // Both shells were seen executing.
    let execs = stdout
        .lines()
        .filter(|line| line.contains("bpf_trace_printk: exec "))
        .count();
    assert_eq!(execs, 2, "{stdout}");
    // sluice trace reports the command's death by signal as a shell does: 128 + 11.
    assert_eq!(output.status.code(), Some(139), "{stdout}");
}

#[test]
fn profile_samples_a_busy_shell_and_symbolizes_its_stacks() {
    let Some(output) = trace(&[
        &example("profile.o"),
        "--sample-freq",
        "199",
        "--dump-maps",
        "--",
        "sh",
        "-c",
        "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done",
    ]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    // The samples, per process and stack: the busy shell was sampled, with its stacks taken.
    let samples = dumped(&stdout, "samples");
    let mut n_samples = 0;
    for (key, count) in &samples {
        // Samples of the command: the shell, and rarely Sluice's child before it executes it.
        if !key.contains(".comm = \"sh\"") {
            assert!(key.contains(".comm = \"sluice\""), "{key}");
            continue;
        }
        let id: i64 = key
            .split(".user_stack_id = ")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|id| id.trim().parse().ok())
            .unwrap_or_else(|| panic!("{key}"));
        // -EEXIST: another stack holds the bucket, as in the kernel (without
        // BPF_F_REUSE_STACKID); any other error means the stack could not be taken.
        assert!(id >= 0 || id == -17, "a stack could not be taken: {key}");
        n_samples += count.parse::<u64>().unwrap();
    }
    assert!(n_samples >= 10, "{n_samples} samples: {stdout}");
    // The stacks were walked from the sampled instruction up to the C library's start of
    // the program, through the shell's own (stripped) frames, and symbolized (all but a
    // sample that may land in the dynamic loader, before the program starts).
    let stacks = dumped(&stdout, "stacks");
    assert!(!stacks.is_empty(), "{stdout}");
    let complete = stacks
        .iter()
        .filter(|(_, frames)| {
            frames.contains("__libc_start_main+") && frames.split(" <- ").count() >= 3
        })
        .count();
    assert!(complete * 10 >= stacks.len() * 9, "{stdout}");
}

#[test]
fn raw_tracepoints_and_the_unwrapped_kprobe_see_openat_in_the_kernels_order() {
    let object = repo().join("crates/cli/tests/data/trace/raw_and_unwrapped.o");
    let Some(output) = trace(&[
        object.to_str().unwrap(),
        "--",
        "cat",
        "/etc/hostname",
        "/nonexistent",
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.split_once(": bpf_trace_printk: ").map(|(_, msg)| msg))
        .collect();
    // The raw tracepoint at the entry, then the function (AT_FDCWD, the path), then the exit.
    for (path, result) in [("/etc/hostname", None), ("/nonexistent", Some("-2"))] {
        let enter = lines
            .iter()
            .position(|line| *line == format!("raw enter openat({path})"))
            .unwrap_or_else(|| panic!("{stdout}"));
        assert_eq!(
            lines[enter + 1],
            format!("sys_openat(-100, {path})"),
            "{stdout}"
        );
        let exit = lines[enter + 2]
            .strip_prefix("raw exit openat = ")
            .unwrap_or_else(|| panic!("{stdout}"));
        match result {
            Some(result) => assert_eq!(exit, result, "{stdout}"),
            None => assert!(exit.parse::<i64>().unwrap() >= 0, "{stdout}"),
        }
    }
}

#[test]
fn nonet_denies_network_sockets_with_an_lsm_hook() {
    let script = "echo hi > /dev/tcp/127.0.0.1/9; echo \"status $?\"";
    let object = example("nonet.o");
    let Some(enforced) = trace(&[
        &object,
        "--enforce",
        "--dump-maps",
        "--",
        "bash",
        "-c",
        script,
    ]) else {
        return;
    };
    let stderr = String::from_utf8_lossy(&enforced.stderr);
    let stdout = String::from_utf8_lossy(&enforced.stdout);
    assert_eq!(enforced.status.code(), Some(0), "{stdout}{stderr}");
    // The socket call itself failed with the hook's -EACCES: no connection was tried.
    assert!(stderr.contains("socket: Permission denied"), "{stderr}");
    assert!(!stderr.contains("Connection refused"), "{stderr}");
    assert!(stdout.contains("status 1"), "{stdout}");
    assert!(
        stdout.contains("bpf_trace_printk: refused a socket of family 2, type 1"),
        "{stdout}"
    );
    assert_eq!(
        dumped(&stdout, "refused"),
        [("2".into(), "1".into())],
        "{stdout}"
    );

    // Watching only: the socket is made, and the connection to the closed port refused.
    let watched = sluice(&["trace", &object, "--", "bash", "-c", script]);
    let stderr = String::from_utf8_lossy(&watched.stderr);
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(stderr.contains("--enforce"), "{stderr}");
}
