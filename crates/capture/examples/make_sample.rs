//! Writes the sample capture the README's first command and the examples' tests run on
//! (`examples/sample.pcap` at the workspace root; `examples/build.sh` calls this):
//!
//!     cargo run -p sluice-capture --example make_sample -- examples/sample.pcap
//!
//! 1,000 Ethernet frames from a fixed pseudo-random sequence, so the file is the same on every
//! run: IPv4 TCP to web, SSH and mail ports and to ports a firewall blocks (telnet 23, SMB 445,
//! RDP 3389), UDP DNS queries (names and query types from a small list, some in a domain
//! `examples/dns_parser.c` blocks) and some to blocked ports, from 24 source addresses, plus ARP
//! requests and IPv6 frames, with payloads of varying length.

use std::path::PathBuf;
use std::time::Duration;

use etherparse::{ArpHardwareId, ArpOperation, ArpPacket, EtherType, PacketBuilder};
use sluice_capture::CaptureWriter;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SERVER_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x01];
const SERVER_IP: [u8; 4] = [10, 0, 0, 1];
const TCP_PORTS: [u16; 8] = [80, 443, 22, 25, 8080, 23, 445, 3389];
const UDP_PORTS: [u16; 3] = [53, 123, 3389];

/// The names DNS queries ask for: ordinary ones, some in the domain `examples/dns_parser.c`
/// blocks (`blocked.example`, in any letter case), and some that only look like it.
const DNS_NAMES: [&str; 14] = [
    "www.example.com",
    "mail.example.com",
    "example.com",
    "_dmarc.example.com",
    "ntp.pool.example.org",
    "cdn.static.assets.example.net",
    "wpad",
    "thisregistereddomainislongerthanthirtyone.com",
    "ads.blocked.example",
    "Tracker.Blocked.EXAMPLE",
    "blocked.example",
    "notblocked.example",
    "blocked.example.com",
    "a.b.c.d.e.f.g.example.org",
];

/// The query types asked for: A (1) most, then AAAA (28), MX (15), TXT (16) and ANY (255).
const DNS_QTYPES: [u16; 8] = [1, 1, 1, 28, 28, 15, 16, 255];

/// A DNS query (recursion desired, one question of class IN) of exactly `len` bytes, so that
/// the frame keeps the length of the junk payload it replaces and no random number is drawn:
/// the query type comes from the source port's low bits, the first name tried from its high
/// bits. The first name, in `DNS_NAMES` order from there, whose question fits exactly or leaves
/// room for an EDNS(0) OPT record (11 bytes, then a padding option, RFC 7830, for the rest) is
/// asked for; when none fits (`len` below 22 bytes, and a few more), the payload is the start
/// of a query, cut short.
fn dns_query(source_port: u16, len: usize) -> Vec<u8> {
    let qtype = DNS_QTYPES[usize::from(source_port) % DNS_QTYPES.len()];
    let first = usize::from(source_port >> 4) % DNS_NAMES.len();
    let question = |name: &str, additional: u16| {
        let mut query = Vec::new();
        query.extend_from_slice(&(source_port ^ 0x5a5a).to_be_bytes()); // ID
        query.extend_from_slice(&0x0100u16.to_be_bytes()); // RD
        for count in [1, 0, 0, additional] {
            query.extend_from_slice(&u16::to_be_bytes(count));
        }
        for label in name.split('.') {
            query.push(label.len() as u8);
            query.extend_from_slice(label.as_bytes());
        }
        query.push(0);
        query.extend_from_slice(&qtype.to_be_bytes());
        query.extend_from_slice(&1u16.to_be_bytes()); // IN
        query
    };
    for k in 0..DNS_NAMES.len() {
        let name = DNS_NAMES[(first + k) % DNS_NAMES.len()];
        let spare = len.checked_sub(question(name, 0).len());
        let (mut query, options) = match spare {
            Some(0) => return question(name, 0),
            Some(11) => (question(name, 1), 0),
            Some(spare) if spare >= 15 => (question(name, 1), spare - 11),
            _ => continue,
        };
        // OPT: root name, type 41, 1232-byte UDP payload size, no extended flags.
        query.push(0);
        query.extend_from_slice(&41u16.to_be_bytes());
        query.extend_from_slice(&1232u16.to_be_bytes());
        query.extend_from_slice(&[0; 4]);
        query.extend_from_slice(&(options as u16).to_be_bytes());
        if options > 0 {
            query.extend_from_slice(&12u16.to_be_bytes()); // Padding
            query.extend_from_slice(&((options - 4) as u16).to_be_bytes());
            query.resize(len, 0);
        }
        return query;
    }
    let mut query = question(DNS_NAMES[first], 0);
    query.truncate(len);
    query
}

fn client(rng: &mut Rng) -> ([u8; 6], [u8; 4]) {
    let host = 10 + rng.below(24) as u8;
    ([0x02, 0, 0, 0, 1, host], [192, 168, 1, host])
}

fn frame(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    let payload: Vec<u8> = (0..rng.below(200)).map(|i| (i * 7) as u8).collect();
    let (mac, ip) = client(rng);
    match rng.below(100) {
        // TCP
        0..=69 => {
            let port = TCP_PORTS[rng.below(TCP_PORTS.len() as u64) as usize];
            let source_port = 1024 + rng.below(60000) as u16;
            PacketBuilder::ethernet2(mac, SERVER_MAC)
                .ipv4(ip, SERVER_IP, 64)
                .tcp(source_port, port, rng.next() as u32, 64240)
                .write(&mut out, &payload)
                .expect("a TCP frame");
        }
        // UDP
        70..=89 => {
            let port = UDP_PORTS[rng.below(UDP_PORTS.len() as u64) as usize];
            let source_port = 1024 + rng.below(60000) as u16;
            // DNS queries take the place of the junk payload, with its length.
            let payload = if port == 53 {
                dns_query(source_port, payload.len())
            } else {
                payload
            };
            PacketBuilder::ethernet2(mac, SERVER_MAC)
                .ipv4(ip, SERVER_IP, 64)
                .udp(source_port, port)
                .write(&mut out, &payload)
                .expect("a UDP frame");
        }
        // ARP request for the server
        90..=94 => {
            let arp = ArpPacket::new(
                ArpHardwareId::ETHERNET,
                EtherType::IPV4,
                ArpOperation::REQUEST,
                &mac,
                &ip,
                &[0; 6],
                &SERVER_IP,
            )
            .expect("an ARP request");
            PacketBuilder::ethernet2(mac, [0xff; 6])
                .arp(arp)
                .write(&mut out)
                .expect("an ARP frame");
        }
        // IPv6 UDP
        _ => {
            let mut v6 = [0u8; 16];
            v6[0] = 0xfd;
            v6[15] = ip[3];
            let mut server = [0u8; 16];
            server[0] = 0xfd;
            server[15] = 1;
            PacketBuilder::ethernet2(mac, SERVER_MAC)
                .ipv6(v6, server, 64)
                .udp(5353, 5353)
                .write(&mut out, &payload)
                .expect("an IPv6 frame");
        }
    }
    out
}

fn main() {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("sample.pcap"));
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let mut writer = CaptureWriter::create(&path).unwrap_or_else(|error| {
        eprintln!("error: {error}");
        std::process::exit(1)
    });
    for i in 0..1000u64 {
        let data = frame(&mut rng);
        let timestamp = Duration::from_secs(1_767_225_600) + Duration::from_micros(i * 137);
        writer.write(timestamp, &data).expect("written");
    }
    writer.finish().expect("flushed");
    println!("wrote 1000 frames to {}", path.display());
}
