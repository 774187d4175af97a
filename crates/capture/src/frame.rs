//! [`Frame`]: one captured frame.

use std::time::Duration;

/// The link type of Ethernet frames (`LINKTYPE_ETHERNET`), the only one packet programs take.
pub const LINKTYPE_ETHERNET: u32 = 1;

/// One frame of a capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Its position in the capture, from 0.
    pub index: u64,
    /// Where its record starts in the capture file.
    pub offset: u64,
    /// When it was captured, since the Unix epoch.
    pub timestamp: Duration,
    /// Its length on the wire (`data` may be shorter when the capture truncated it).
    pub orig_len: u32,
    /// The link type of the interface it was captured on (`LINKTYPE_*`).
    pub link_type: u32,
    /// The captured bytes, from the link-layer header on.
    pub data: Vec<u8>,
}
