//! Packet captures: the frames `sluice run --pcap` feeds to programs, and the captures it
//! writes.
//!
//! - [`CaptureReader`] streams the frames of a pcap or pcapng capture (told apart by their
//!   magic), one [`Frame`] at a time, so a capture of any size needs memory for one frame. A
//!   damaged or truncated capture ends with [`CaptureError::Damaged`], which names the frame
//!   and the byte offset where the damage starts; every frame before it was delivered.
//! - [`CaptureWriter`] writes frames to a pcap capture (Ethernet, microsecond timestamps).
//!
//! Parsing is `pcap-file`'s; this crate adds the format detection, the byte offsets and the
//! errors.

#![forbid(unsafe_code)]

mod error;
mod frame;
mod reader;
mod writer;

pub use error::CaptureError;
pub use frame::{Frame, LINKTYPE_ETHERNET};
pub use reader::{CaptureFormat, CaptureReader};
pub use writer::CaptureWriter;
