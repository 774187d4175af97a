//! The example programs of `examples/` (load balancer, DNS parser, router) run by `sluice run`,
//! on the sample capture and on frames made here, against their rules written again in Rust:
//! verdicts per frame, map contents (`--dump-maps`) and the frames as the programs left them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use sluice_capture::{CaptureReader, CaptureWriter};

fn sluice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sluice"))
        .args(args)
        .output()
        .expect("the sluice binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sluice-examples-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn path(relative: &str) -> String {
    repo()
        .join(relative)
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

fn read_capture(path: &Path) -> Vec<Vec<u8>> {
    CaptureReader::open(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        .map(|frame| frame.expect("an intact frame").data)
        .collect()
}

fn write_capture(path: &Path, frames: &[Vec<u8>]) {
    let mut writer = CaptureWriter::create(path).expect("a capture to write");
    for (i, frame) in frames.iter().enumerate() {
        writer
            .write(Duration::from_micros(i as u64), frame)
            .expect("written");
    }
    writer.finish().expect("flushed");
}

fn sample() -> Vec<Vec<u8>> {
    read_capture(&repo().join("examples/sample.pcap"))
}

/// Runs `sluice run ARGS --json` and returns its report, which must say every frame ran.
fn run(args: &[&str]) -> serde_json::Value {
    let mut args = args.to_vec();
    args.insert(0, "run");
    args.push("--json");
    let output = sluice(&args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["errors"], 0, "{report}");
    report
}

/// Frames per verdict of a report.
fn verdicts(report: &serde_json::Value) -> BTreeMap<String, u64> {
    report["verdicts"]
        .as_object()
        .expect("verdicts")
        .iter()
        .map(|(name, counts)| (name.clone(), counts["frames"].as_u64().expect("frames")))
        .collect()
}

/// The frames expected per verdict, from one verdict per frame.
fn tally<'a>(verdicts: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for verdict in verdicts {
        *counts.entry(verdict.to_owned()).or_insert(0) += 1;
    }
    counts
}

/// A map's entries in a `--dump-maps` report, key text to value text.
fn entries(report: &serde_json::Value, map: &str) -> BTreeMap<String, String> {
    report["maps"][map]["entries"]
        .as_array()
        .unwrap_or_else(|| panic!("map {map}: {report}"))
        .iter()
        .map(|entry| {
            let text = |field: &str| entry[field].as_str().expect("text").to_owned();
            (text("key"), text("value"))
        })
        .collect()
}

/// The IPv4 header and what follows, of an Ethernet frame the examples treat as IPv4
/// (EtherType 0x0800, 20 bytes of header in the frame, IHL 5 or more).
fn ipv4(frame: &[u8]) -> Option<&[u8]> {
    (frame.len() >= 34 && frame[12..14] == [8, 0] && frame[14] & 0xf >= 5).then(|| &frame[14..])
}

fn ihl(ip: &[u8]) -> usize {
    usize::from(ip[0] & 0xf) * 4
}

fn is_fragment(ip: &[u8]) -> bool {
    u16::from_be_bytes([ip[6], ip[7]]) & 0x3fff != 0
}

/// The one's complement sum of `bytes` as 16-bit big-endian words (an odd last byte padded),
/// folded to 16 bits.
fn ones_complement_sum(bytes: &[u8]) -> u16 {
    let mut sum: u64 = bytes
        .chunks(2)
        .map(|word| u64::from(u16::from_be_bytes([word[0], *word.get(1).unwrap_or(&0)])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

/// The IPv4 header checksum verifies.
fn ipv4_checksum_ok(ip: &[u8]) -> bool {
    ones_complement_sum(&ip[..ihl(ip)]) == 0xffff
}

/// The sum of the TCP or UDP pseudo-header of `ip` (with the segment's length from the IPv4
/// total length) and of the segment.
fn l4_sum(ip: &[u8]) -> u16 {
    let total = usize::from(u16::from_be_bytes([ip[2], ip[3]]));
    let segment = &ip[ihl(ip)..total];
    let mut pseudo = Vec::from(&ip[12..20]);
    pseudo.extend_from_slice(&[0, ip[9]]);
    pseudo.extend_from_slice(&(segment.len() as u16).to_be_bytes());
    pseudo.extend_from_slice(segment);
    ones_complement_sum(&pseudo)
}

/// The TCP checksum of the segment in `ip` verifies.
fn tcp_checksum_ok(ip: &[u8]) -> bool {
    l4_sum(ip) == 0xffff
}

const CLIENT_MAC: [u8; 6] = [0x02, 0, 0, 0, 0x01, 0x10];
const SERVER_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x01];

/// An Ethernet IPv4 frame from CLIENT_MAC to SERVER_MAC with header checksum, carrying `l4`;
/// `options` (a multiple of 4 bytes) go into the IPv4 header.
fn ipv4_frame(
    addresses: ([u8; 4], [u8; 4]),
    (ttl, id, protocol): (u8, u16, u8),
    options: &[u8],
    l4: &[u8],
) -> Vec<u8> {
    let header_len = 20 + options.len();
    let mut frame = Vec::from(SERVER_MAC);
    frame.extend_from_slice(&CLIENT_MAC);
    frame.extend_from_slice(&[8, 0]);
    frame.push(0x40 | (header_len / 4) as u8);
    frame.push(0);
    frame.extend_from_slice(&((header_len + l4.len()) as u16).to_be_bytes());
    frame.extend_from_slice(&id.to_be_bytes());
    frame.extend_from_slice(&[0x40, 0]); // don't fragment
    frame.extend_from_slice(&[ttl, protocol, 0, 0]);
    frame.extend_from_slice(&addresses.0);
    frame.extend_from_slice(&addresses.1);
    frame.extend_from_slice(options);
    let check = !ones_complement_sum(&frame[14..]);
    frame[24..26].copy_from_slice(&check.to_be_bytes());
    frame.extend_from_slice(l4);
    frame
}

/// A TCP segment (ACK, PSH) in an IPv4 frame, checksums filled in.
fn tcp_frame(from: ([u8; 4], u16), to: ([u8; 4], u16), seq: u32, options: &[u8]) -> Vec<u8> {
    let mut tcp = Vec::new();
    tcp.extend_from_slice(&from.1.to_be_bytes());
    tcp.extend_from_slice(&to.1.to_be_bytes());
    tcp.extend_from_slice(&seq.to_be_bytes());
    tcp.extend_from_slice(&1u32.to_be_bytes());
    tcp.extend_from_slice(&[0x50, 0x18, 0xfa, 0xf0, 0, 0, 0, 0]);
    tcp.extend_from_slice(b"GET / HTTP/1.1\r\n\r\n");
    let mut frame = ipv4_frame((from.0, to.0), (64, seq as u16, 6), options, &tcp);
    let l4 = 14 + 20 + options.len();
    let check = !l4_sum(&frame[14..]);
    frame[l4 + 16..l4 + 18].copy_from_slice(&check.to_be_bytes());
    frame
}

// ---------------------------------------------------------------------------------------------
// load_balancer.c

/// The backends of load_balancer.c: address and MAC.
const BACKENDS: [([u8; 4], [u8; 6]); 4] = [
    ([10, 0, 1, 11], [0x02, 0, 0, 0, 0x01, 0x0b]),
    ([10, 0, 1, 12], [0x02, 0, 0, 0, 0x01, 0x0c]),
    ([10, 0, 1, 13], [0x02, 0, 0, 0, 0x01, 0x0d]),
    ([10, 0, 1, 14], [0x02, 0, 0, 0, 0x01, 0x0e]),
];

/// `jhash_3words` of the kernel's `<linux/jhash.h>`.
fn jhash_3words(mut a: u32, mut b: u32, mut c: u32, initval: u32) -> u32 {
    let initval = initval.wrapping_add(0xdead_beef).wrapping_add(3 << 2);
    a = a.wrapping_add(initval);
    b = b.wrapping_add(initval);
    c = c.wrapping_add(initval);
    c ^= b;
    c = c.wrapping_sub(b.rotate_left(14));
    a ^= c;
    a = a.wrapping_sub(c.rotate_left(11));
    b ^= a;
    b = b.wrapping_sub(a.rotate_left(25));
    c ^= b;
    c = c.wrapping_sub(b.rotate_left(16));
    a ^= c;
    a = a.wrapping_sub(c.rotate_left(4));
    b ^= a;
    b = b.wrapping_sub(a.rotate_left(14));
    c ^= b;
    c = c.wrapping_sub(b.rotate_left(24));
    c
}

/// The rule of load_balancer.c: the backend (index) an IPv4 TCP frame to 10.0.0.1 port 80 or
/// 8080 goes to, by jhash of addresses and ports (the words as they lie in the frame, read
/// little-endian) with the protocol as initial value; `None` for frames that pass.
fn lb_backend(frame: &[u8]) -> Option<usize> {
    let ip = ipv4(frame)?;
    if ip[16..20] != [10, 0, 0, 1] || ip[9] != 6 || is_fragment(ip) {
        return None;
    }
    let tcp = ip.get(ihl(ip)..).filter(|tcp| tcp.len() >= 20)?;
    if ![80, 8080].contains(&u16::from_be_bytes([tcp[2], tcp[3]])) {
        return None;
    }
    let word = |bytes: &[u8]| u32::from_le_bytes(bytes.try_into().expect("4 bytes"));
    let hash = jhash_3words(word(&ip[12..16]), word(&ip[16..20]), word(&tcp[0..4]), 6);
    Some(hash as usize % BACKENDS.len())
}

/// Whether the RFC 1624 update of `check` for a 32-bit field going from `from` to `to` (all as
/// they lie in the frame, read little-endian as the program does) still has a carry after the
/// sum is folded once.
fn carries_after_one_fold(check: u16, from: [u8; 4], to: [u8; 4]) -> bool {
    let words = |addr: [u8; 4]| {
        [
            u32::from(u16::from_le_bytes([addr[0], addr[1]])),
            u32::from(u16::from_le_bytes([addr[2], addr[3]])),
        ]
    };
    let [from_lo, from_hi] = words(from);
    let [to_lo, to_hi] = words(to);
    let sum = u32::from(!check) + (!from_lo & 0xffff) + (!from_hi & 0xffff) + to_lo + to_hi;
    (sum & 0xffff) + (sum >> 16) > 0xffff
}

/// Checks a frame the load balancer sent to `backend` against the frame it got.
fn check_balanced(after: &[u8], before: &[u8], backend: usize) {
    let (addr, mac) = BACKENDS[backend];
    assert_eq!(after.len(), before.len());
    assert_eq!(after[0..6], mac, "the backend's MAC");
    assert_eq!(
        after[6..12],
        before[0..6],
        "the balancer's MAC (the old destination)"
    );
    assert_eq!(after[30..34], addr, "the backend's address");
    let ip = &after[14..];
    assert!(ipv4_checksum_ok(ip), "IPv4 checksum of {after:02x?}");
    assert!(tcp_checksum_ok(ip), "TCP checksum of {after:02x?}");
    // Nothing else changed: Ethernet type, the IPv4 header but checksum and destination, the
    // TCP segment but checksum.
    let l4 = 14 + ihl(ip);
    for (range, what) in [
        (12..24, "IPv4 header"),
        (26..30, "source address"),
        (34..l4 + 16, "options and TCP header"),
        (l4 + 18..after.len(), "TCP header and payload"),
    ] {
        assert_eq!(after[range.clone()], before[range], "{what}");
    }
}

#[test]
fn load_balancer_sends_each_flow_to_one_backend_with_checksums_fixed() {
    let frames = sample();
    let backends: Vec<Option<usize>> = frames.iter().map(|f| lb_backend(f)).collect();
    let dir = scratch("load-balancer");
    let out = dir.join("out.pcap");
    let report = run(&[
        &path("examples/load_balancer.o"),
        "--pcap",
        &path("examples/sample.pcap"),
        "--write",
        out.to_str().unwrap(),
        "--dump-maps",
    ]);
    let expected = tally(
        backends
            .iter()
            .map(|b| if b.is_some() { "XDP_TX" } else { "XDP_PASS" }),
    );
    assert_eq!(verdicts(&report), expected, "{report}");
    // The sample has frames to both ports, and every backend gets some.
    let balanced = expected["XDP_TX"] as usize;
    assert!(balanced > 100 && expected["XDP_PASS"] > 500, "{expected:?}");
    let mut per_backend = [(0u64, 0u64); BACKENDS.len()];
    for (frame, backend) in frames.iter().zip(&backends) {
        if let Some(backend) = backend {
            per_backend[*backend].0 += 1;
            per_backend[*backend].1 += frame.len() as u64;
        }
    }
    assert!(per_backend.iter().all(|&(n, _)| n > 10), "{per_backend:?}");
    let stats: BTreeMap<String, String> = per_backend
        .iter()
        .enumerate()
        .map(|(i, (n, bytes))| {
            (
                i.to_string(),
                format!("{{ .frames = {n}, .bytes = {bytes} }}"),
            )
        })
        .collect();
    assert_eq!(entries(&report, "stats"), stats, "{report}");

    // --write: every frame (none is dropped), the balanced ones rewritten.
    let written = read_capture(&out);
    assert_eq!(written.len(), frames.len());
    let mut flows: HashMap<Vec<u8>, [u8; 4]> = HashMap::new();
    for ((after, before), backend) in written.iter().zip(&frames).zip(&backends) {
        let Some(backend) = backend else {
            assert_eq!(after, before, "a passed frame is left alone");
            continue;
        };
        check_balanced(after, before, *backend);
        // The flow (source address and port, destination port) always meets one backend.
        let flow = [&before[26..30], &before[34..38]].concat();
        let destination: [u8; 4] = after[30..34].try_into().unwrap();
        assert_eq!(*flows.entry(flow).or_insert(destination), destination);
        assert!(BACKENDS.iter().any(|(addr, _)| *addr == destination));
    }
}

#[test]
fn load_balancer_keeps_flows_together_and_passes_the_rest() {
    const VIP: [u8; 4] = [10, 0, 0, 1];
    let client = |host: u8| [192, 168, 7, host];
    let mut frames = Vec::new();
    // 12 flows of 3 frames each, interleaved: from one client on several source ports (the
    // port spreads them over backends), from another to both service ports.
    for round in 0..3u32 {
        for port in 0..8u16 {
            let seq = 1000 * round + u32::from(port);
            frames.push(tcp_frame((client(1), 40000 + port), (VIP, 80), seq, &[]));
        }
        for port in 0..4u16 {
            let service = if port % 2 == 0 { 80 } else { 8080 };
            let seq = 7 + round;
            frames.push(tcp_frame(
                (client(2), 50000 + port),
                (VIP, service),
                seq,
                &[],
            ));
        }
    }
    // IPv4 options before the TCP header: balanced as well.
    let options = [1, 1, 1, 0]; // NOP, NOP, NOP, end of options
    frames.push(tcp_frame((client(3), 33333), (VIP, 8080), 5, &options));
    // Checksums for which the incremental update needs its second fold (folded once, the sum
    // still carries): one of the IPv4 header, one of TCP.
    for field in [24, 34 + 16] {
        let frame = (0..=u32::MAX)
            .map(|seq| tcp_frame((client(4), 44444), (VIP, 80), seq, &[]))
            .find(|frame| {
                let (to, _) = BACKENDS[lb_backend(frame).expect("balanced")];
                let check = u16::from_le_bytes([frame[field], frame[field + 1]]);
                carries_after_one_fold(check, VIP, to)
            })
            .expect("some sequence number gives it");
        frames.push(frame);
    }
    // Passed: another port, another address, UDP, a fragment, a TCP header cut short.
    frames.push(tcp_frame((client(1), 40000), (VIP, 443), 1, &[]));
    frames.push(tcp_frame((client(1), 40000), ([10, 0, 0, 2], 80), 1, &[]));
    let mut udp = tcp_frame((client(1), 40000), (VIP, 80), 1, &[]);
    udp[23] = 17;
    frames.push(udp);
    let mut fragment = tcp_frame((client(1), 40000), (VIP, 80), 1, &[]);
    fragment[20] = 0x20; // more fragments
    frames.push(fragment);
    let mut short = tcp_frame((client(1), 40000), (VIP, 80), 1, &[]);
    short.truncate(14 + 20 + 19);
    frames.push(short);

    let backends: Vec<Option<usize>> = frames.iter().map(|f| lb_backend(f)).collect();
    assert_eq!(backends.iter().flatten().count(), 39);
    let dir = scratch("load-balancer-flows");
    let input = dir.join("in.pcap");
    write_capture(&input, &frames);
    let out = dir.join("out.pcap");
    let report = run(&[
        &path("examples/load_balancer.o"),
        "--pcap",
        input.to_str().unwrap(),
        "--write",
        out.to_str().unwrap(),
    ]);
    let expected = tally(
        backends
            .iter()
            .map(|b| if b.is_some() { "XDP_TX" } else { "XDP_PASS" }),
    );
    assert_eq!(verdicts(&report), expected, "{report}");
    let written = read_capture(&out);
    assert_eq!(written.len(), frames.len());
    let mut flows: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
    for ((after, before), backend) in written.iter().zip(&frames).zip(&backends) {
        match backend {
            Some(backend) => check_balanced(after, before, *backend),
            None => assert_eq!(after, before),
        }
        if backend.is_some() {
            let flow = [&before[26..30], &before[34..38]].concat();
            let destination = after[30..34].to_vec();
            assert_eq!(
                *flows.entry(flow).or_insert(destination.clone()),
                destination
            );
        }
    }
    let used: std::collections::BTreeSet<_> = flows.values().collect();
    assert!(used.len() > 1, "flows of one client spread: {used:?}");
}

// ---------------------------------------------------------------------------------------------
// dns_parser.c

/// A query as dns_parser.c counts it: its type and its domain.
#[derive(Debug)]
struct Query {
    qtype: u16,
    /// The name's labels, lower case.
    labels: Vec<Vec<u8>>,
}

impl Query {
    /// The last two labels, dotted, cut to 31 bytes; "." for the root.
    fn domain(&self) -> String {
        if self.labels.is_empty() {
            return ".".into();
        }
        let mut domain = self.labels[self.labels.len().saturating_sub(2)..].join(&b'.');
        domain.truncate(31);
        String::from_utf8(domain).expect("ASCII names")
    }

    /// The rule: type ANY, or a name in blocked.example.
    fn blocked(&self) -> bool {
        self.qtype == 255
            || self
                .labels
                .ends_with(&[b"blocked".to_vec(), b"example".to_vec()])
    }
}

/// The rule of dns_parser.c for what it parses: IPv4 UDP to port 53 (not a fragment) holding a
/// DNS header with QR 0, opcode 0 and one question, whose name (labels of at most 63 bytes, at
/// most 32 of them, at most 255 bytes in all) and QTYPE and QCLASS are all in the frame.
fn dns_query(frame: &[u8]) -> Option<Query> {
    let ip = ipv4(frame)?;
    if ip[9] != 17 || is_fragment(ip) {
        return None;
    }
    let udp = ip.get(ihl(ip)..).filter(|udp| udp.len() >= 8)?;
    if udp[2..4] != [0, 53] {
        return None;
    }
    let dns = udp.get(8..).filter(|dns| dns.len() >= 12)?;
    if u16::from_be_bytes([dns[2], dns[3]]) & 0xf800 != 0 || dns[4..6] != [0, 1] {
        return None;
    }
    let mut labels = Vec::new();
    let mut at = 12;
    loop {
        if at - 12 >= 255 {
            return None;
        }
        let len = usize::from(*dns.get(at)?);
        if len == 0 {
            break;
        }
        if len > 63 || labels.len() == 32 {
            return None;
        }
        labels.push(dns.get(at + 1..at + 1 + len)?.to_ascii_lowercase());
        at += 1 + len;
    }
    let question = dns.get(at + 1..at + 5)?;
    Some(Query {
        qtype: u16::from_be_bytes([question[0], question[1]]),
        labels,
    })
}

#[test]
fn dns_parser_counts_queries_and_drops_the_blocked_ones() {
    let frames = sample();
    let queries: Vec<Option<Query>> = frames.iter().map(|f| dns_query(f)).collect();
    let parsed: Vec<&Query> = queries.iter().flatten().collect();
    // The sample asks for names in the blocked domain (one in capitals) and for others that only
    // look like it, with type ANY and with others; some queries are cut short.
    let asked = |name: &str, how: fn(&Query) -> bool| {
        parsed
            .iter()
            .any(|q| q.labels.join(&b'.') == name.as_bytes() && how(q))
    };
    assert!(asked("tracker.blocked.example", |q| q.qtype != 255));
    assert!(asked("blocked.example", |q| q.qtype != 255));
    assert!(asked("notblocked.example", |q| !q.blocked()));
    assert!(asked("blocked.example.com", |q| !q.blocked()));
    assert!(
        parsed
            .iter()
            .any(|q| q.qtype == 255 && q.domain() != "blocked.example")
    );
    let to_port_53 = frames
        .iter()
        .filter(|f| ipv4(f).is_some() && f[23] == 17 && f[36..38] == [0, 53])
        .count();
    assert!(
        parsed.len() > 40 && parsed.len() < to_port_53,
        "some cut short"
    );

    let report = run(&[
        &path("examples/dns_parser.o"),
        "--pcap",
        &path("examples/sample.pcap"),
        "--dump-maps",
    ]);
    let expected = tally(queries.iter().map(|q| match q {
        Some(q) if q.blocked() => "XDP_DROP",
        _ => "XDP_PASS",
    }));
    assert_eq!(verdicts(&report), expected, "{report}");
    let mut qtypes: BTreeMap<String, u64> = BTreeMap::new();
    let mut domains: BTreeMap<String, u64> = BTreeMap::new();
    for query in &parsed {
        *qtypes.entry(query.qtype.to_string()).or_default() += 1;
        *domains
            .entry(format!("{{ .name = \"{}\" }}", query.domain()))
            .or_default() += 1;
    }
    let text = |map: BTreeMap<String, u64>| -> BTreeMap<String, String> {
        map.into_iter().map(|(k, v)| (k, v.to_string())).collect()
    };
    assert_eq!(qtypes.len(), 5, "A, AAAA, MX, TXT, ANY: {qtypes:?}");
    assert_eq!(entries(&report, "qtypes"), text(qtypes), "{report}");
    assert!(domains.contains_key("{ .name = \"thisregistereddomainislongertha\" }"));
    assert_eq!(entries(&report, "domains"), text(domains), "{report}");
}

/// A DNS query frame for `name` (wire format given) and `qtype`, with `flags` and `qdcount`.
fn dns_frame(name: &[u8], qtype: u16, flags: u16, qdcount: u16) -> Vec<u8> {
    let mut udp = Vec::new();
    udp.extend_from_slice(&5353u16.to_be_bytes());
    udp.extend_from_slice(&53u16.to_be_bytes());
    let len = 8 + 12 + name.len() + 4;
    udp.extend_from_slice(&(len as u16).to_be_bytes());
    udp.extend_from_slice(&[0, 0]); // no checksum
    udp.extend_from_slice(&0x1234u16.to_be_bytes());
    udp.extend_from_slice(&flags.to_be_bytes());
    for count in [qdcount, 0, 0, 0] {
        udp.extend_from_slice(&count.to_be_bytes());
    }
    udp.extend_from_slice(name);
    udp.extend_from_slice(&qtype.to_be_bytes());
    udp.extend_from_slice(&1u16.to_be_bytes());
    ipv4_frame(([192, 168, 7, 1], [10, 0, 0, 53]), (64, 1, 17), &[], &udp)
}

/// A name in wire format.
fn wire(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.split('.').filter(|label| !label.is_empty()) {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

#[test]
fn dns_parser_walks_names_to_their_limits() {
    let label = |c: &str, n: usize| c.repeat(n);
    let a = |n: usize| ["a"; 40][..n].join(".");
    // 255 bytes with the length bytes and the final zero, the most there may be; then 256.
    let longest = [
        label("x", 63),
        label("x", 63),
        label("x", 63),
        label("y", 61),
    ]
    .join(".");
    let too_long = [
        label("x", 63),
        label("x", 63),
        label("x", 63),
        label("y", 62),
    ]
    .join(".");
    let mut cut = dns_frame(&wire("www.blocked.example"), 1, 0x0100, 1);
    cut.truncate(cut.len() - 3); // QCLASS and a byte of QTYPE missing
    let cases = [
        (dns_frame(&wire("www.Blocked.Example"), 1, 0x0100, 1), true),
        (dns_frame(&wire("blocked.example"), 28, 0x0000, 1), true),
        (dns_frame(&wire("example"), 16, 0x0100, 1), false),
        (dns_frame(&wire("."), 2, 0x0100, 1), false),
        (
            dns_frame(
                &wire(&format!("{}.blocked.example", label("x", 63))),
                1,
                0x0100,
                1,
            ),
            true,
        ),
        // 32 labels, the most walked; then 33
        (
            dns_frame(&wire(&format!("{}.blocked.example", a(30))), 1, 0x0100, 1),
            true,
        ),
        (
            dns_frame(&wire(&format!("{}.blocked.example", a(31))), 1, 0x0100, 1),
            false,
        ),
        (dns_frame(&wire(&longest), 255, 0x0100, 1), true),
        (dns_frame(&wire(&too_long), 255, 0x0100, 1), false),
        (dns_frame(&wire("blocked.example"), 1, 0x8180, 1), false), // a response
        (dns_frame(&wire("blocked.example"), 1, 0x2800, 1), false), // opcode UPDATE
        (dns_frame(&wire("blocked.example"), 1, 0x0100, 2), false), // two questions
        // a compression pointer (to the header: a question has none); no label is 64 long
        (
            dns_frame(&[3, b'w', b'w', b'w', 0xc0, 12], 1, 0x0100, 1),
            false,
        ),
        (dns_frame(&[64, b'a', 0], 1, 0x0100, 1), false),
        (dns_frame(&wire("www.example.org"), 255, 0x0100, 1), true),
        (
            dns_frame(&wire("ads.blocked.example-cdn"), 1, 0x0100, 1),
            false,
        ),
        (cut, false),
    ];
    let frames: Vec<Vec<u8>> = cases.iter().map(|(frame, _)| frame.clone()).collect();
    let queries: Vec<Option<Query>> = frames.iter().map(|f| dns_query(f)).collect();
    let blocked: Vec<bool> = queries
        .iter()
        .map(|q| q.as_ref().is_some_and(Query::blocked))
        .collect();
    let meant: Vec<bool> = cases.iter().map(|(_, blocked)| *blocked).collect();
    assert_eq!(blocked, meant, "the rule");
    let dir = scratch("dns-limits");
    let input = dir.join("in.pcap");
    write_capture(&input, &frames);
    let report = run(&[
        &path("examples/dns_parser.o"),
        "--pcap",
        input.to_str().unwrap(),
        "--split",
        dir.to_str().unwrap(),
        "--dump-maps",
    ]);
    let expected = tally(
        blocked
            .iter()
            .map(|&b| if b { "XDP_DROP" } else { "XDP_PASS" }),
    );
    assert_eq!(verdicts(&report), expected, "{report}");
    let dropped: Vec<Vec<u8>> = frames
        .iter()
        .zip(&blocked)
        .filter(|(_, b)| **b)
        .map(|(f, _)| f.clone())
        .collect();
    assert_eq!(read_capture(&dir.join("XDP_DROP.pcap")), dropped);
    let mut domains = BTreeMap::new();
    for query in queries.iter().flatten() {
        *domains
            .entry(format!("{{ .name = \"{}\" }}", query.domain()))
            .or_insert(0u64) += 1;
    }
    let domains: BTreeMap<String, String> = domains
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    assert_eq!(
        domains.keys().collect::<Vec<_>>(),
        [
            "{ .name = \".\" }",
            "{ .name = \"blocked.example\" }",
            "{ .name = \"blocked.example-cdn\" }",
            "{ .name = \"example\" }",
            "{ .name = \"example.org\" }",
            "{ .name = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" }",
        ]
    );
    assert_eq!(entries(&report, "domains"), domains, "{report}");
}

// ---------------------------------------------------------------------------------------------
// router.c

/// A route of examples/router_routes.json.
#[derive(Debug)]
struct Route {
    prefix_len: u32,
    addr: [u8; 4],
    ifindex: u32,
    mac: [u8; 6],
}

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).expect("hex"))
        .collect()
}

/// The routes of examples/router_routes.json: key `{ prefixlen, addr }`, value `{ ifindex,
/// mac, pad }`, in hex.
fn routes() -> Vec<Route> {
    let text = std::fs::read_to_string(repo().join("examples/router_routes.json")).expect("routes");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    json["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|entry| {
            let key = hex(entry["key"].as_str().expect("hex key"));
            let value = hex(entry["value"].as_str().expect("hex value"));
            assert_eq!((key.len(), value.len()), (8, 12));
            Route {
                prefix_len: u32::from_le_bytes(key[0..4].try_into().unwrap()),
                addr: key[4..8].try_into().unwrap(),
                ifindex: u32::from_le_bytes(value[0..4].try_into().unwrap()),
                mac: value[4..10].try_into().unwrap(),
            }
        })
        .collect()
}

/// The longest prefix of `routes` that holds `addr`.
fn lookup(routes: &[Route], addr: [u8; 4]) -> Option<&Route> {
    let addr = u32::from_be_bytes(addr);
    routes
        .iter()
        .filter(|route| {
            let mask = u32::MAX.checked_shl(32 - route.prefix_len).unwrap_or(0);
            addr & mask == u32::from_be_bytes(route.addr) & mask
        })
        .max_by_key(|route| route.prefix_len)
}

#[test]
fn router_takes_the_longest_prefix_and_drops_expired_frames() {
    let routes = routes();
    let udp = [0x30, 0x39, 0, 53, 0, 12, 0, 0, b'p', b'i', b'n', b'g'];
    let to = |addr: [u8; 4], ttl: u8, id: u16| {
        ipv4_frame(([192, 168, 1, 10], addr), (ttl, id, 17), &[], &udp)
    };
    // A header whose checksum is 0xff00 or more: the TTL's 0x0100 carries around.
    let carry = (0..=u16::MAX)
        .map(|id| to([10, 200, 0, 5], 64, id))
        .find(|f| u16::from_be_bytes([f[24], f[25]]) >= 0xff00)
        .expect("some identification gives it");
    let mut arp = Vec::from([0xff; 6]);
    arp.extend_from_slice(&CLIENT_MAC);
    arp.extend_from_slice(&[0x08, 0x06]);
    arp.extend_from_slice(&[0; 28]);
    let frames = vec![
        to([10, 1, 2, 3], 64, 1),    // 10.0.0.0/8
        to([10, 0, 0, 77], 64, 2),   // 10.0.0.0/24, inside the /8
        to([10, 0, 1, 77], 64, 3),   // just outside the /24: the /8
        to([192, 168, 7, 7], 64, 4), // 192.168.0.0/16
        to([172, 16, 0, 1], 64, 5),  // no route: up the stack
        to([172, 16, 0, 1], 1, 6),   // no route, expiring: up the stack all the same
        to([10, 0, 0, 1], 1, 7),     // expiring
        to([10, 0, 0, 1], 0, 8),     // expired
        to([10, 0, 0, 1], 2, 9),     // leaves with 1
        carry,
        arp,
        to([10, 0, 0, 1], 64, 10)[..30].to_vec(), // cut short
    ];
    let verdict = |frame: &[u8]| match ipv4(frame) {
        None => "XDP_PASS",
        Some(ip) => match lookup(&routes, ip[16..20].try_into().unwrap()) {
            None => "XDP_PASS",
            Some(_) if ip[8] <= 1 => "XDP_DROP",
            Some(_) => "XDP_REDIRECT",
        },
    };
    let expected_verdicts: Vec<&str> = frames.iter().map(|f| verdict(f)).collect();
    assert_eq!(
        expected_verdicts,
        [
            "XDP_REDIRECT",
            "XDP_REDIRECT",
            "XDP_REDIRECT",
            "XDP_REDIRECT",
            "XDP_PASS",
            "XDP_PASS",
            "XDP_DROP",
            "XDP_DROP",
            "XDP_REDIRECT",
            "XDP_REDIRECT",
            "XDP_PASS",
            "XDP_PASS"
        ]
    );

    let dir = scratch("router");
    let input = dir.join("in.pcap");
    write_capture(&input, &frames);
    let report = run(&[
        &path("examples/router.o"),
        "--pcap",
        input.to_str().unwrap(),
        "--map-init",
        &path("examples/router_routes.json"),
        "--split",
        dir.to_str().unwrap(),
        "--dump-maps",
    ]);
    assert_eq!(
        verdicts(&report),
        tally(expected_verdicts.iter().copied()),
        "{report}"
    );
    let redirected: Vec<&Vec<u8>> = frames
        .iter()
        .filter(|f| verdict(f) == "XDP_REDIRECT")
        .collect();
    let mut forwarded: BTreeMap<String, u64> = BTreeMap::new();
    let out = read_capture(&dir.join("XDP_REDIRECT.pcap"));
    assert_eq!(out.len(), redirected.len());
    for (after, before) in out.iter().zip(redirected) {
        let route = lookup(&routes, before[30..34].try_into().unwrap()).expect("a route");
        *forwarded.entry(route.ifindex.to_string()).or_default() += 1;
        assert_eq!(after[0..6], route.mac, "the next hop's MAC");
        assert_eq!(after[6..12], [0x02, 0, 0, 0, 0, 0xfe], "the router's MAC");
        assert_eq!(after[22], before[22] - 1, "TTL decremented");
        assert!(ipv4_checksum_ok(&after[14..]), "checksum of {after:02x?}");
        assert_eq!(after[12..22], before[12..22]);
        assert_eq!(after[23], before[23]);
        assert_eq!(after[26..], before[26..]);
    }
    assert_eq!(forwarded.len(), 3, "every route used: {forwarded:?}");
    let forwarded: BTreeMap<String, String> = forwarded
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    assert_eq!(entries(&report, "forwarded"), forwarded, "{report}");
}
