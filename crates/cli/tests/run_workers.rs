//! `sluice run` on several workers, with map initialisation, per-CPU dumps and events.

use std::collections::HashMap;
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

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sluice-run-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn path(relative: &str) -> String {
    repo().join(relative).to_str().unwrap().to_string()
}

/// The flow of a frame, as far as this test cares: addresses, protocol and ports of IPv4 and
/// IPv6 (the sample has no options or extension headers); one flow for everything else.
fn flow(frame: &[u8]) -> Vec<u8> {
    if frame.len() >= 38 && frame[12..14] == [8, 0] {
        [&frame[26..34], &frame[23..24], &frame[34..38]].concat()
    } else if frame.len() >= 58 && frame[12..14] == [0x86, 0xdd] {
        [&frame[22..54], &frame[20..21], &frame[54..58]].concat()
    } else {
        Vec::new()
    }
}

#[test]
fn workers_give_the_same_verdicts_and_keep_each_flow_in_order() {
    let dir = scratch("workers");
    let sample = path("examples/sample.pcap");
    let firewall = path("examples/firewall.o");
    let mut reports = Vec::new();
    let mut written = Vec::new();
    for workers in ["1", "3"] {
        let out = dir.join(format!("passed-{workers}.pcap"));
        let report = json(&sluice(&[
            "run",
            &firewall,
            "--pcap",
            &sample,
            "--workers",
            workers,
            "--write",
            out.to_str().unwrap(),
            "--dump-maps",
            "--json",
        ]));
        assert_eq!(report["workers"], workers.parse::<u64>().unwrap());
        let frames: Vec<Vec<u8>> = sluice_capture::CaptureReader::open(&out)
            .expect("written")
            .map(|frame| frame.expect("intact").data)
            .collect();
        reports.push(report);
        written.push(frames);
    }
    assert_eq!(reports[0]["verdicts"], reports[1]["verdicts"]);
    let drops = |report: &serde_json::Value| {
        let mut entries: Vec<(String, String)> = report["maps"]["drops"]["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| (e["key"].to_string(), e["value"].to_string()))
            .collect();
        entries.sort();
        entries
    };
    assert_eq!(
        drops(&reports[0]),
        drops(&reports[1]),
        "the same drops per port"
    );
    assert_eq!(drops(&reports[0]).len(), 3);
    assert_eq!(written[0].len(), written[1].len());
    // Per flow, the frames come out in the order they came in.
    let by_flow = |frames: &[Vec<u8>]| {
        let mut flows: HashMap<Vec<u8>, Vec<Vec<u8>>> = HashMap::new();
        for frame in frames {
            flows.entry(flow(frame)).or_default().push(frame.clone());
        }
        flows
    };
    let (one, three) = (by_flow(&written[0]), by_flow(&written[1]));
    assert!(one.len() > 50, "many flows");
    let mut differing: Vec<_> = one
        .iter()
        .filter(|(key, frames)| three.get(*key) != Some(*frames))
        .map(|(key, frames)| (key.clone(), frames.len(), three.get(key).map(Vec::len)))
        .collect();
    differing.sort();
    assert!(differing.is_empty(), "flows out of order: {differing:?}");
}

#[test]
fn per_cpu_maps_get_a_slot_per_worker() {
    let sample = path("examples/sample.pcap");
    let report = json(&sluice(&[
        "run",
        &path("tests/corpus/percpu_array.o"),
        "--pcap",
        &sample,
        "--workers",
        "2",
        "--dump-maps",
        "--json",
    ]));
    let entries = report["maps"]["pcpu_stats"]["entries"]
        .as_array()
        .expect("entries");
    assert_eq!(entries.len(), 4);
    let mut total = 0;
    for entry in entries {
        let values = entry["values"].as_array().expect("one value per CPU");
        assert_eq!(values.len(), 2, "{entry}");
        for value in values {
            let text = value.as_str().unwrap();
            let packets: u64 = text
                .split(".packets = ")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("{text}"));
            total += packets;
        }
    }
    assert_eq!(total, 1000, "every frame counted once, on some worker");
}

#[test]
fn map_init_fills_maps_and_rejects_bad_files() {
    let dir = scratch("map-init");
    let object = path("tests/corpus/hash_src_count.o");
    let sample = path("examples/sample.pcap");
    // A map that does not exist, a key of the wrong size, a file that is not JSON.
    for (text, expected) in [
        (r#"{"nope": []}"#, "nope"),
        (
            r#"{"per_source": [{"key": "0102", "value": 1}]}"#,
            "hex digits",
        ),
        ("not json", "not JSON"),
    ] {
        let file = dir.join("init.json");
        std::fs::write(&file, text).expect("written");
        let output = sluice(&[
            "run",
            &object,
            "--pcap",
            &sample,
            "--map-init",
            file.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{text}: {stderr}");
    }
}

#[test]
fn events_are_printed_as_they_happen() {
    let sample = path("examples/sample.pcap");
    let output = sluice(&["run", &path("tests/corpus/ringbuf.o"), "--pcap", &sample]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let records = stdout
        .lines()
        .filter(|l| l.starts_with("ringbuf events: "))
        .count();
    assert!(records >= 1000, "{records} records");
    // The records come before the summary.
    let summary = stdout.find("frames per second").expect("a summary");
    assert!(stdout.rfind("ringbuf events: ").unwrap() < summary);
    let report = json(&sluice(&[
        "run",
        &path("tests/corpus/trace_printk.o"),
        "--pcap",
        &sample,
        "--json",
    ]));
    assert!(
        report["events"]["trace"].as_u64().unwrap() >= 1000,
        "{report}"
    );
    let output = sluice(&[
        "run",
        &path("tests/corpus/trace_printk.o"),
        "--pcap",
        &sample,
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("\n\n"), "one line per trace_printk");
}

#[test]
fn a_truncated_capture_on_workers_reports_the_frames_before_the_damage() {
    let dir = scratch("truncated");
    let sample = std::fs::read(repo().join("examples/sample.pcap")).expect("sample");
    // Walk the records to the start of frame 500, and cut the file 10 bytes into it.
    let mut offset = 24;
    for _ in 0..500 {
        let len = u32::from_le_bytes(sample[offset + 8..offset + 12].try_into().unwrap());
        offset += 16 + len as usize;
    }
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &sample[..offset + 10]).expect("written");
    for workers in ["1", "2"] {
        let output = sluice(&[
            "run",
            &path("examples/firewall.o"),
            "--pcap",
            cut.to_str().unwrap(),
            "--workers",
            workers,
            "--json",
        ]);
        assert_eq!(output.status.code(), Some(1), "workers {workers}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(report["frames"], 500, "workers {workers}: {report}");
        let error = report["capture_error"].as_str().expect("an error");
        assert!(
            error.contains(&format!("frame 500 (byte offset {offset})")),
            "{error}"
        );
    }
}
