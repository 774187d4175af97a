//! [`CaptureReader`]: frames streamed from a pcap or pcapng capture.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use byteorder_slice::{BigEndian, LittleEndian};
use pcap_file::pcap::PcapReader;
use pcap_file::pcapng::blocks::{ENHANCED_PACKET_BLOCK, SIMPLE_PACKET_BLOCK};
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::{Endianness, TsResolution};

use crate::error::CaptureError;
use crate::frame::Frame;

/// The two capture formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureFormat {
    /// libpcap's format: a 24-byte header, then a 16-byte record header per frame.
    Pcap,
    /// pcapng: blocks, with interfaces of their own link types.
    PcapNg,
}

enum Inner<R: Read> {
    Pcap {
        reader: PcapReader<R>,
        link_type: u32,
    },
    PcapNg(PcapNgReader<R>),
}

/// Streams the frames of a capture.
pub struct CaptureReader<R: Read> {
    inner: Inner<R>,
    /// The name in errors.
    path: String,
    format: CaptureFormat,
    /// Frames read so far.
    n_frames: u64,
    /// Byte offset of the next record.
    offset: u64,
    /// Set once an error was returned: the reader then ends.
    done: bool,
}

impl<R: Read> std::fmt::Debug for CaptureReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaptureReader")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("n_frames", &self.n_frames)
            .field("offset", &self.offset)
            .finish_non_exhaustive()
    }
}

impl CaptureReader<BufReader<File>> {
    /// Opens the capture at `path`.
    pub fn open(path: &Path) -> Result<CaptureReader<BufReader<File>>, CaptureError> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|source| CaptureError::Io {
            path: shown.clone(),
            source,
        })?;
        CaptureReader::new(BufReader::with_capacity(1 << 16, file), &shown)
    }
}

const PCAPNG_SHB: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];
const PCAP_MAGICS: [[u8; 4]; 4] = [
    [0xd4, 0xc3, 0xb2, 0xa1],
    [0xa1, 0xb2, 0xc3, 0xd4],
    [0x4d, 0x3c, 0xb2, 0xa1],
    [0xa1, 0xb2, 0x3c, 0x4d],
];

impl<R: BufRead> CaptureReader<R> {
    /// Reads the capture in `reader`; `path` names it in errors.
    pub fn new(mut reader: R, path: &str) -> Result<CaptureReader<R>, CaptureError> {
        let io = |source| CaptureError::Io {
            path: path.to_string(),
            source,
        };
        // Peek at the magic (and, for pcapng, the first block's length) without consuming.
        let head = reader.fill_buf().map_err(io)?.to_vec();
        let magic: [u8; 4] = head
            .get(..4)
            .and_then(|m| m.try_into().ok())
            .unwrap_or_default();
        let header = |format, error: pcap_file::PcapError| CaptureError::Header {
            path: path.to_string(),
            format,
            message: error.to_string(),
        };
        let (inner, format, offset) = if magic == PCAPNG_SHB {
            let shb_len = head.get(4..12).map_or(0, |bytes| {
                let len = [bytes[0], bytes[1], bytes[2], bytes[3]];
                // the byte-order magic 0x1a2b3c4d tells the endianness
                if bytes[4..8] == [0x4d, 0x3c, 0x2b, 0x1a] {
                    u32::from_le_bytes(len)
                } else {
                    u32::from_be_bytes(len)
                }
            });
            let reader = PcapNgReader::new(reader).map_err(|e| header("pcapng", e))?;
            (
                Inner::PcapNg(reader),
                CaptureFormat::PcapNg,
                u64::from(shb_len),
            )
        } else if PCAP_MAGICS.contains(&magic) {
            let reader = PcapReader::new(reader).map_err(|e| header("pcap", e))?;
            let link_type = u32::from(reader.header().datalink);
            (Inner::Pcap { reader, link_type }, CaptureFormat::Pcap, 24)
        } else {
            return Err(CaptureError::NotACapture {
                path: path.to_string(),
                first: head.iter().copied().take(8).collect(),
            });
        };
        Ok(CaptureReader {
            inner,
            path: path.to_string(),
            format,
            n_frames: 0,
            offset,
            done: false,
        })
    }
}

impl<R: Read> CaptureReader<R> {
    /// The capture's format.
    pub fn format(&self) -> CaptureFormat {
        self.format
    }

    /// The next frame, `None` at the end; after an error, always `None`.
    pub fn next_frame(&mut self) -> Option<Result<Frame, CaptureError>> {
        if self.done {
            return None;
        }
        let result = self.read_frame();
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }

    fn damaged(&self, message: impl ToString) -> CaptureError {
        CaptureError::Damaged {
            path: self.path.clone(),
            frame: self.n_frames,
            offset: self.offset,
            message: message.to_string(),
        }
    }

    fn read_frame(&mut self) -> Option<Result<Frame, CaptureError>> {
        let index = self.n_frames;
        let offset = self.offset;
        let frame = match &mut self.inner {
            Inner::Pcap { reader, link_type } => {
                let link_type = *link_type;
                let packet = match reader.next_packet()? {
                    Ok(packet) => packet,
                    Err(error) => return Some(Err(self.damaged(error))),
                };
                let frame = Frame {
                    index,
                    offset,
                    timestamp: packet.timestamp,
                    orig_len: packet.orig_len,
                    link_type,
                    data: packet.data.into_owned(),
                };
                self.offset += 16 + frame.data.len() as u64;
                frame
            }
            Inner::PcapNg(reader) => loop {
                // An SHB may change the byte order of the blocks after it; the parser applies it.
                let endianness = reader.section().endianness;
                let block_offset = self.offset;
                let parsed = match reader.next_raw_block()? {
                    Ok(raw) => {
                        self.offset += u64::from(raw.initial_len);
                        if raw.type_ != ENHANCED_PACKET_BLOCK && raw.type_ != SIMPLE_PACKET_BLOCK {
                            continue;
                        }
                        let block = match endianness {
                            Endianness::Big => raw.try_into_block::<BigEndian>(),
                            Endianness::Little => raw.try_into_block::<LittleEndian>(),
                        };
                        match block {
                            Ok(Block::EnhancedPacket(epb)) => Ok((
                                epb.timestamp,
                                epb.original_len,
                                epb.data.into_owned(),
                                epb.interface_id as usize,
                            )),
                            Ok(Block::SimplePacket(spb)) => Ok((
                                std::time::Duration::ZERO,
                                spb.original_len,
                                spb.data.into_owned(),
                                0,
                            )),
                            Ok(_) => continue,
                            Err(error) => Err(error),
                        }
                    }
                    Err(error) => Err(error),
                };
                let (timestamp, orig_len, data, interface) = match parsed {
                    Ok(fields) => fields,
                    Err(error) => {
                        self.offset = block_offset;
                        return Some(Err(self.damaged(error)));
                    }
                };
                let link_type = reader
                    .interfaces()
                    .get(interface)
                    .map_or(0, |idb| u32::from(idb.linktype));
                break Frame {
                    index,
                    offset: block_offset,
                    timestamp,
                    orig_len,
                    link_type,
                    data,
                };
            },
        };
        self.n_frames += 1;
        Some(Ok(frame))
    }
}

impl<R: Read> Iterator for CaptureReader<R> {
    type Item = Result<Frame, CaptureError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_frame()
    }
}

/// pcap timestamps resolution, re-exported for the writer.
pub(crate) const WRITE_RESOLUTION: TsResolution = TsResolution::MicroSecond;
