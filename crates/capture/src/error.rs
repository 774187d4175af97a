//! [`CaptureError`]: what can go wrong reading or writing a capture, with where.

/// An error of this crate; each names the place.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The first bytes are neither a pcap nor a pcapng magic number.
    #[error("{path}: not a pcap or pcapng capture (first bytes {first:02x?})")]
    NotACapture { path: String, first: Vec<u8> },
    /// The capture's own header is damaged.
    #[error("{path}: damaged {format} header: {message}")]
    Header {
        path: String,
        format: &'static str,
        message: String,
    },
    /// The capture is damaged or truncated at frame `frame` (counted from 0), which would start
    /// at byte `offset`; the frames before it were read.
    #[error("{path}: damaged or truncated at frame {frame} (byte offset {offset}): {message}")]
    Damaged {
        path: String,
        frame: u64,
        offset: u64,
        message: String,
    },
}
