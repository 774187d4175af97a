//! [`CaptureWriter`]: frames written to a pcap capture.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};
use pcap_file::{DataLink, Endianness};

use crate::error::CaptureError;
use crate::reader::WRITE_RESOLUTION;

/// Writes Ethernet frames to a pcap capture (microsecond timestamps, snap length 262,144).
pub struct CaptureWriter<W: Write> {
    writer: PcapWriter<W>,
    path: String,
}

impl<W: Write> std::fmt::Debug for CaptureWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaptureWriter")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl CaptureWriter<BufWriter<File>> {
    /// Creates (or truncates) the capture at `path`.
    pub fn create(path: &Path) -> Result<CaptureWriter<BufWriter<File>>, CaptureError> {
        let shown = path.display().to_string();
        let file = File::create(path).map_err(|source| CaptureError::Io {
            path: shown.clone(),
            source,
        })?;
        CaptureWriter::new(BufWriter::new(file), &shown)
    }
}

impl<W: Write> CaptureWriter<W> {
    /// Writes the capture's header to `writer`; `path` names it in errors.
    pub fn new(writer: W, path: &str) -> Result<CaptureWriter<W>, CaptureError> {
        let header = PcapHeader {
            version_major: 2,
            version_minor: 4,
            ts_correction: 0,
            ts_accuracy: 0,
            snaplen: 262_144,
            datalink: DataLink::ETHERNET,
            ts_resolution: WRITE_RESOLUTION,
            endianness: Endianness::native(),
        };
        let writer = PcapWriter::with_header(writer, header).map_err(|error| CaptureError::Io {
            path: path.to_string(),
            source: std::io::Error::other(error),
        })?;
        Ok(CaptureWriter {
            writer,
            path: path.to_string(),
        })
    }

    /// Appends a frame captured at `timestamp` (its length on the wire is its length).
    pub fn write(&mut self, timestamp: Duration, data: &[u8]) -> Result<(), CaptureError> {
        let packet = PcapPacket::new(timestamp, data.len() as u32, data);
        self.writer
            .write_packet(&packet)
            .map(|_| ())
            .map_err(|error| CaptureError::Io {
                path: self.path.clone(),
                source: std::io::Error::other(error),
            })
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> Result<W, CaptureError> {
        let path = self.path;
        let mut writer = self.writer.into_writer();
        writer
            .flush()
            .map_err(|source| CaptureError::Io { path, source })?;
        Ok(writer)
    }
}
