//! `sluice trace` output modes on real commands: ring buffer and perf records decoded from BTF
//! with `--event-type`, JSON Lines with `--json` (every line parsed), and the usage error for an
//! unknown type. Needs ptrace (root, or a permissive `ptrace_scope`); skipped without it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn path(relative: &str) -> String {
    repo().join(relative).to_str().unwrap().to_string()
}

/// Runs `sluice ARGS`; `None` (after saying so) where this machine cannot trace.
fn trace(args: &[&str]) -> Option<Output> {
    let output = Command::new(env!("CARGO_BIN_EXE_sluice"))
        .arg("trace")
        .args(args)
        .output()
        .expect("the sluice binary runs");
    if String::from_utf8_lossy(&output.stderr).contains("cannot start") {
        println!("skipped: cannot trace here");
        return None;
    }
    Some(output)
}

/// Every line of the output, parsed as JSON (a line that is not JSON fails the test).
fn json_lines(output: &Output) -> Vec<Value> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

#[test]
fn execsnoop_records_are_decoded_as_their_struct() {
    let Some(output) = trace(&[
        &path("examples/execsnoop.o"),
        "--event-type",
        "exec_event",
        "--",
        "sh",
        "-c",
        "cat /etc/hostname",
    ]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let records: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("ringbuf events: "))
        .collect();
    assert_eq!(records.len(), 2, "{stdout}");
    // The path as execve got it: sh finds cat on PATH.
    let cat = records
        .iter()
        .find(|record| {
            record.contains(".filename = \"/bin/cat\"")
                || record.contains(".filename = \"/usr/bin/cat\"")
        })
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(cat.starts_with("{ .pid = "), "{cat}");
    assert!(cat.contains(".comm = \"cat\""), "{cat}");
    // The command's own output still comes through, and trace_printk lines as before.
    let hostname = std::fs::read_to_string("/etc/hostname").expect("hostname");
    assert!(stdout.contains(hostname.trim()), "{stdout}");
    assert!(stdout.contains(": bpf_trace_printk: exec "), "{stdout}");
}

#[test]
fn execsnoop_with_json_prints_one_object_per_line() {
    let Some(output) = trace(&[
        &path("examples/execsnoop.o"),
        "--event-type",
        "struct exec_event",
        "--json",
        "--dump-maps",
        "--",
        "sh",
        "-c",
        "cat /etc/hostname > /dev/null",
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(0));
    let lines = json_lines(&output);
    let of_type =
        |kind: &str| -> Vec<&Value> { lines.iter().filter(|line| line["type"] == kind).collect() };
    let records = of_type("ringbuf");
    assert_eq!(records.len(), 2, "{lines:?}");
    let cat = records
        .iter()
        .find(|record| {
            let filename = &record["event"]["filename"];
            filename == "/bin/cat" || filename == "/usr/bin/cat"
        })
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(cat["map"], "events");
    assert_eq!(cat["event"]["comm"], "cat");
    let pid = cat["event"]["pid"].as_u64().expect("pid is a number");
    // The raw record comes along in hex, starting with the pid.
    let data = cat["data"].as_str().expect("data");
    assert_eq!(data.len(), 152 * 2);
    assert!(
        data.starts_with(&hex(&(pid as u32).to_le_bytes())),
        "{data}"
    );
    // The trace_printk line of the same exec.
    let printk = of_type("trace_printk");
    let line = printk
        .iter()
        .find(|line| line["pid"].as_u64() == Some(pid))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(line["comm"], "cat");
    assert!(
        line["timestamp"].as_f64().is_some_and(|t| t > 0.0),
        "{line}"
    );
    assert!(line["cpu"].is_u64(), "{line}");
    assert!(
        line["message"].as_str().unwrap().starts_with("exec /"),
        "{line}"
    );
    // The map dump comes last, as one line.
    assert_eq!(lines.last().unwrap()["type"], "maps", "{lines:?}");
    assert_eq!(lines.last().unwrap()["maps"]["events"]["type"], "ringbuf");
}

#[test]
fn perf_records_nested_structs_and_record_sizes() {
    let Some(output) = trace(&[
        &path("crates/cli/tests/data/trace/event_records.o"),
        "--event-type",
        "open_event",
        "--json",
        "--",
        "cat",
        "/etc/hostname",
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(0));
    // cat's output is on the same standard output: the hostname line is not JSON.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let hostname = std::fs::read_to_string("/etc/hostname").expect("hostname");
    let lines: Vec<Value> = stdout
        .lines()
        .filter(|line| *line != hostname.trim())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let opened = |map: &str| {
        lines
            .iter()
            .find(|line| line["map"] == map && line["event"]["filename"] == "/etc/hostname")
            .unwrap_or_else(|| panic!("{map}: {stdout}"))
    };
    let perf = opened("opens");
    assert_eq!(perf["type"], "perf");
    assert_eq!(perf["cpu"], 0);
    let event = &perf["event"];
    assert_eq!(event["phase"], "PHASE_ENTER");
    // AT_FDCWD, a signed member of a nested struct.
    assert_eq!(event["args"]["dfd"], -100);
    assert_eq!(event["ports"], serde_json::json!([80, 443]));
    assert_eq!(event["comm"], "cat");
    assert!(perf.get("trailing").is_none(), "{perf}");
    // A record longer than the struct: the rest in hex (4 bytes of padding, then the trailer).
    let padded = opened("padded");
    assert_eq!(padded["type"], "ringbuf");
    assert_eq!(padded["event"], *event);
    assert_eq!(padded["trailing"], "000000008877665544332211");
    // A record shorter than the struct: an error naming the sizes, with the bytes.
    let short = lines
        .iter()
        .find(|line| line["map"] == "short_records")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(short["data"].as_str().map(str::len), Some(8), "{short}");
    assert_eq!(
        short["error"],
        "4-byte record is shorter than open_event (100 bytes)"
    );
    assert!(short.get("event").is_none(), "{short}");
}

#[test]
fn records_of_the_wrong_size_are_reported_in_text_too() {
    let Some(output) = trace(&[
        &path("crates/cli/tests/data/trace/event_records.o"),
        "--event-type",
        "open_event_t",
        "--",
        "cat",
        "/etc/hostname",
    ]) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let padded = stdout
        .lines()
        .find(|line| line.starts_with("ringbuf padded: ") && line.contains("\"/etc/hostname\""))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        padded.ends_with(" } + 12 more bytes: 000000008877665544332211"),
        "{padded}"
    );
    assert!(padded.contains(".args = { .dfd = -100, "), "{padded}");
    let short = stdout
        .lines()
        .find(|line| line.starts_with("ringbuf short_records: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        short.contains("error: 4-byte record is shorter than open_event_t (100 bytes): "),
        "{short}"
    );
}

#[test]
fn an_unknown_event_type_is_a_usage_error_before_the_command_runs() {
    let marker = std::env::temp_dir().join(format!("sluice-trace-output-{}", std::process::id()));
    let touch = format!("touch {}", marker.display());
    let output = Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(["trace", &path("examples/execsnoop.o")])
        .args(["--event-type", "no_such_event", "--", "sh", "-c", &touch])
        .output()
        .expect("the sluice binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("execsnoop.o"), "{stderr}");
    assert!(stderr.contains("`no_such_event`"), "{stderr}");
    assert!(!marker.exists(), "the command ran");
    // A type that is not a struct, union or typedef is refused too.
    let output = Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args([
            "trace",
            &path("examples/execsnoop.o"),
            "--event-type",
            "int",
        ])
        .args(["--", "true"])
        .output()
        .expect("the sluice binary runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn trace_printk_lines_in_json() {
    let Some(output) = trace(&[
        &path("examples/hello.o"),
        "--json",
        "--",
        "bash",
        "-c",
        "ls / > /dev/null; cat /etc/hostname > /dev/null",
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(0));
    let lines = json_lines(&output);
    // bash clones once for ls and once for cat.
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in &lines {
        assert_eq!(line["type"], "trace_printk");
        assert_eq!(line["message"], "Hello World!");
        assert_eq!(line["comm"], "bash");
        assert!(line["pid"].as_u64().is_some_and(|pid| pid > 0), "{line}");
        assert!(line["cpu"].is_u64(), "{line}");
        assert!(line["timestamp"].is_f64(), "{line}");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
