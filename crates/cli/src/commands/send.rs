//! `sluice send`: the frames of a capture sent out of a live interface, in order (root), for
//! feeding `sluice run --iface` and other programs with traffic of one's own.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use sluice_capture::{CaptureReader, LINKTYPE_ETHERNET};
use sluice_kernel::PacketSocket;

/// Send the frames of a capture out of a live interface.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each Ethernet frame of the capture (pcap or pcapng) is sent as it is, through an AF_PACKET
socket (root or CAP_NET_RAW), as fast as the interface takes them or --interval apart.

Exit status: 0 when every frame was sent; 1 when the capture is damaged (the frames before the
damage are sent) or a send failed; 2 on a usage error.

Example:
  ip netns exec client sluice send --iface veth0 --pcap examples/sample.pcap")]
pub(crate) struct Args {
    /// The interface to send on.
    #[arg(long, value_name = "NAME")]
    iface: String,
    /// The capture whose frames to send.
    #[arg(long, value_name = "IN")]
    pcap: PathBuf,
    /// Send only the first N frames.
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// Microseconds to wait between frames.
    #[arg(long, value_name = "MICROSECONDS", default_value_t = 0)]
    interval: u64,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let capture = match CaptureReader::open(&args.pcap) {
        Ok(capture) => capture,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let socket = match PacketSocket::open(&args.iface) {
        Ok(socket) => socket,
        Err(error) => {
            eprintln!("error: --iface {}: {error}", args.iface);
            return Ok(ExitCode::from(2));
        }
    };
    let mut n_sent = 0u64;
    let mut status = ExitCode::SUCCESS;
    for frame in capture.take(args.count.map_or(usize::MAX, |n| n as usize)) {
        let frame = match frame {
            Ok(frame) => frame,
            Err(error) => {
                eprintln!("error: {error}");
                status = ExitCode::FAILURE;
                break;
            }
        };
        if frame.link_type != LINKTYPE_ETHERNET {
            eprintln!(
                "error: frame {} (byte offset {}): link type {} is not Ethernet; not sent",
                frame.index, frame.offset, frame.link_type
            );
            status = ExitCode::FAILURE;
            continue;
        }
        socket
            .send(&frame.data)
            .with_context(|| format!("frame {} (byte offset {})", frame.index, frame.offset))?;
        n_sent += 1;
        if args.interval > 0 {
            std::thread::sleep(Duration::from_micros(args.interval));
        }
    }
    println!("sent {n_sent} frames on {}", args.iface);
    Ok(status)
}
