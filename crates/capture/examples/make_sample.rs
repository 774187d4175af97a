//! Writes the sample capture the README's first command and the examples' tests run on
//! (`examples/sample.pcap` at the workspace root; `examples/build.sh` calls this):
//!
//!     cargo run -p sluice-capture --example make_sample -- examples/sample.pcap
//!
//! 1,000 Ethernet frames from a fixed pseudo-random sequence, so the file is the same on every
//! run: IPv4 TCP to web, SSH and mail ports and to ports a firewall blocks (telnet 23, SMB 445,
//! RDP 3389), UDP DNS queries and some to blocked ports, from 24 source addresses, plus ARP
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
            PacketBuilder::ethernet2(mac, SERVER_MAC)
                .ipv4(ip, SERVER_IP, 64)
                .udp(1024 + rng.below(60000) as u16, port)
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
