//! `sluice run --iface` on live interfaces: veth pairs between network namespaces this test
//! builds, with traffic it sends itself (`sluice send`) and observers (`sluice run` of a
//! pass-everything program with `--write`) on the far side.
//!
//!     ns A: a0 ── b0 :ns B: b1 ── c0 ns C
//!
//! Sluice runs in B on b0 (and b1); frames are sent from A on a0 and observed on a0 (replies)
//! or on c0 (forwarded frames). IPv6 is off in the namespaces so that the kernel sends nothing
//! of its own. Needs root and `ip`; otherwise the test prints why it skips.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use sluice_capture::{CaptureReader, CaptureWriter};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sluice_bin() -> &'static str {
    env!("CARGO_BIN_EXE_sluice")
}

fn ip(args: &[&str]) -> Result<(), String> {
    let output = Command::new("ip")
        .args(args)
        .output()
        .map_err(|error| format!("ip: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Three namespaces joined by two veth pairs; removed on drop.
struct Topology {
    names: [String; 3],
}

impl Topology {
    fn build() -> Result<Topology, String> {
        let id = std::process::id();
        let names = ["a", "b", "c"].map(|n| format!("sluice-{id}-{n}"));
        let topology = Topology { names };
        let [a, b, c] = &topology.names;
        for ns in &topology.names {
            ip(&["netns", "add", ns])?;
            ip(&[
                "netns",
                "exec",
                ns,
                "sysctl",
                "-qw",
                "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1",
            ])?;
        }
        ip(&[
            "link", "add", "a0", "netns", a, "type", "veth", "peer", "name", "b0", "netns", b,
        ])?;
        ip(&[
            "link", "add", "b1", "netns", b, "type", "veth", "peer", "name", "c0", "netns", c,
        ])?;
        for (ns, dev) in [(a, "a0"), (b, "b0"), (b, "b1"), (c, "c0")] {
            ip(&["-n", ns, "link", "set", dev, "up"])?;
        }
        Ok(topology)
    }

    fn ns(&self, which: usize) -> &str {
        &self.names[which]
    }

    /// The interface index of `dev` in namespace `which`.
    fn ifindex(&self, which: usize, dev: &str) -> u32 {
        let output = Command::new("ip")
            .args(["netns", "exec", self.ns(which), "cat"])
            .arg(format!("/sys/class/net/{dev}/ifindex"))
            .output()
            .expect("ip netns exec");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("an ifindex")
    }
}

impl Drop for Topology {
    fn drop(&mut self) {
        for ns in &self.names {
            let _ = ip(&["netns", "del", ns]);
        }
    }
}

/// `sluice ARGS` in namespace `ns`, started; returns once it says it is running.
fn start(ns: &str, args: &[&str]) -> Child {
    let mut child = Command::new("ip")
        .args(["netns", "exec", ns, sluice_bin()])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ip netns exec sluice");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("a line");
    assert!(line.contains("running on"), "sluice {args:?}: {line}");
    child
}

fn finish(child: Child) -> serde_json::Value {
    let output: Output = child.wait_with_output().expect("sluice ends");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {}",
            String::from_utf8_lossy(&output.stdout).trim()
        )
    })
}

fn send(ns: &str, iface: &str, pcap: &Path) {
    let output = Command::new("ip")
        .args(["netns", "exec", ns, sluice_bin(), "send", "--iface", iface])
        .arg("--pcap")
        .arg(pcap)
        .args(["--interval", "20"])
        .output()
        .expect("sluice send");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn frames(path: &Path) -> Vec<Vec<u8>> {
    CaptureReader::open(path)
        .expect("a capture")
        .map(|frame| frame.expect("intact").data)
        .collect()
}

/// ICMP echo requests from 10.1.0.1 to 10.1.0.2, `n` of them.
fn echo_requests(path: &Path, n: u16) {
    let mut writer = CaptureWriter::create(path).expect("a capture");
    for seq in 0..n {
        let mut frame = vec![0u8; 14 + 20 + 8 + 16];
        frame[0..6].copy_from_slice(&[2, 0, 0, 0, 0, 2]);
        frame[6..12].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
        frame[12..14].copy_from_slice(&[8, 0]);
        frame[14] = 0x45;
        frame[16..18].copy_from_slice(&44u16.to_be_bytes());
        frame[22] = 64;
        frame[23] = 1;
        frame[26..30].copy_from_slice(&[10, 1, 0, 1]);
        frame[30..34].copy_from_slice(&[10, 1, 0, 2]);
        frame[34] = 8;
        frame[40..42].copy_from_slice(&seq.to_be_bytes());
        writer
            .write(Duration::from_millis(u64::from(seq)), &frame)
            .expect("written");
    }
    writer.finish().expect("flushed");
}

#[test]
fn live_interfaces_in_namespaces() {
    if running_as_root().is_err() {
        println!("skipped: live mode needs root (raw sockets, network namespaces)");
        return;
    }
    let topology = match Topology::build() {
        Ok(topology) => topology,
        Err(reason) => {
            println!("skipped: cannot build the namespaces: {reason}");
            return;
        }
    };
    let dir = std::env::temp_dir().join(format!("sluice-live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let sample = repo().join("examples/sample.pcap");
    let sent = frames(&sample);
    let n = sent.len().to_string();
    let (a, b, c) = (topology.ns(0), topology.ns(1), topology.ns(2));
    let observer = repo().join("examples/src_counter.o");
    let observer = observer.to_str().unwrap();

    // 1. XDP_REDIRECT through a device map filled by --map-init: B bridges b0 to b1, and C
    // sees every frame A sent, unchanged and in order.
    let (b0, b1) = (topology.ifindex(1, "b0"), topology.ifindex(1, "b1"));
    let ports = dir.join("ports.json");
    std::fs::write(
        &ports,
        format!(r#"{{"ports": [{{"key": {b0}, "value": {b1}}}, {{"key": {b1}, "value": {b0}}}]}}"#),
    )
    .expect("written");
    let seen = dir.join("seen-on-c0.pcap");
    let watch = start(
        c,
        &[
            "run",
            observer,
            "--iface",
            "c0",
            "--count",
            &n,
            "--duration",
            "20",
            "--json",
            "--write",
            seen.to_str().unwrap(),
        ],
    );
    let bridge = repo().join("crates/cli/tests/data/live/bridge.o");
    let bridging = start(
        b,
        &[
            "run",
            bridge.to_str().unwrap(),
            "--iface",
            "b0",
            "--iface",
            "b1",
            "--map-init",
            ports.to_str().unwrap(),
            "--count",
            &n,
            "--duration",
            "20",
            "--json",
        ],
    );
    send(a, "a0", &sample);
    let bridged = finish(bridging);
    let watched = finish(watch);
    assert_eq!(
        bridged["verdicts"]["XDP_REDIRECT"]["frames"],
        sent.len(),
        "{bridged}"
    );
    assert_eq!(bridged["forwarded"]["redirect"], sent.len(), "{bridged}");
    assert_eq!(watched["frames"], sent.len(), "{watched}");
    assert_eq!(frames(&seen), sent, "C sees what A sent, in order");

    // 2. XDP_DROP and --pass-to: the firewall on b0 passes what it allows to b1.
    let firewall = repo().join("examples/firewall.o");
    let watch = start(
        c,
        &[
            "run",
            observer,
            "--iface",
            "c0",
            "--duration",
            "3",
            "--json",
        ],
    );
    let filtering = start(
        b,
        &[
            "run",
            firewall.to_str().unwrap(),
            "--iface",
            "b0",
            "--pass-to",
            "b1",
            "--count",
            &n,
            "--duration",
            "20",
            "--json",
        ],
    );
    send(a, "a0", &sample);
    let filtered = finish(filtering);
    let watched = finish(watch);
    let passed = filtered["verdicts"]["XDP_PASS"]["frames"]
        .as_u64()
        .expect("passes");
    let dropped = filtered["verdicts"]["XDP_DROP"]["frames"]
        .as_u64()
        .expect("drops");
    assert_eq!(passed + dropped, sent.len() as u64, "{filtered}");
    assert!(dropped > 0 && passed > 0, "{filtered}");
    assert_eq!(filtered["forwarded"]["pass_to"], passed, "{filtered}");
    assert_eq!(
        watched["frames"], passed,
        "only passed frames reach C: {watched}"
    );

    // 3. XDP_TX: B answers ICMP echo requests on b0, and A sees the replies on a0.
    let requests = dir.join("echo.pcap");
    echo_requests(&requests, 40);
    let replies = dir.join("replies.pcap");
    let watch = start(
        a,
        &[
            "run",
            observer,
            "--iface",
            "a0",
            "--count",
            "40",
            "--duration",
            "20",
            "--json",
            "--write",
            replies.to_str().unwrap(),
        ],
    );
    let reflect = repo().join("tests/corpus/icmp_reflect.o");
    let reflecting = start(
        b,
        &[
            "run",
            reflect.to_str().unwrap(),
            "--iface",
            "b0",
            "--count",
            "40",
            "--duration",
            "20",
            "--json",
        ],
    );
    send(a, "a0", &requests);
    let reflected = finish(reflecting);
    let watched = finish(watch);
    assert_eq!(reflected["verdicts"]["XDP_TX"]["frames"], 40, "{reflected}");
    assert_eq!(reflected["forwarded"]["tx"], 40, "{reflected}");
    assert_eq!(watched["frames"], 40, "{watched}");
    let replies = frames(&replies);
    let requests = frames(&requests);
    for (reply, request) in replies.iter().zip(&requests) {
        assert_eq!(reply[34], 0, "an echo reply");
        assert_eq!(reply[0..6], request[6..12], "MACs swapped");
        assert_eq!(reply[26..30], request[30..34], "addresses swapped");
        assert_eq!(reply[40..42], request[40..42], "same sequence, in order");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether the test runs as root (effective uid 0), read from /proc without `unsafe`.
fn running_as_root() -> Result<(), ()> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|_| ())?;
    let uid_line = status.lines().find(|l| l.starts_with("Uid:")).ok_or(())?;
    let effective = uid_line.split_whitespace().nth(2).ok_or(())?;
    if effective == "0" { Ok(()) } else { Err(()) }
}
