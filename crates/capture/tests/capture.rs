//! Captures round-trip through the writer and the reader, pcapng is read too, and damage is
//! reported at the right frame and byte offset after the frames before it.

use std::borrow::Cow;
use std::io::Cursor;
use std::time::Duration;

use pcap_file::DataLink;
use pcap_file::pcapng::PcapNgWriter;
use pcap_file::pcapng::blocks::enhanced_packet::EnhancedPacketBlock;
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionBlock;
use sluice_capture::{
    CaptureError, CaptureFormat, CaptureReader, CaptureWriter, LINKTYPE_ETHERNET,
};

fn frames() -> Vec<Vec<u8>> {
    (0..5u8).map(|i| vec![i; 60 + usize::from(i) * 7]).collect()
}

fn pcap_bytes() -> Vec<u8> {
    let mut writer = CaptureWriter::new(Vec::new(), "test.pcap").expect("header");
    for (i, frame) in frames().iter().enumerate() {
        writer
            .write(Duration::from_micros(1_000_000 + i as u64), frame)
            .expect("written");
    }
    writer.finish().expect("flushed")
}

#[test]
fn pcap_round_trip() {
    let bytes = pcap_bytes();
    let reader = CaptureReader::new(Cursor::new(bytes), "test.pcap").expect("opens");
    assert_eq!(reader.format(), CaptureFormat::Pcap);
    let read: Vec<_> = reader.collect::<Result<_, _>>().expect("every frame");
    assert_eq!(read.len(), 5);
    let mut offset = 24;
    for (i, (frame, data)) in read.iter().zip(frames()).enumerate() {
        assert_eq!(frame.index, i as u64);
        assert_eq!(frame.offset, offset);
        assert_eq!(frame.data, data);
        assert_eq!(frame.orig_len as usize, data.len());
        assert_eq!(frame.link_type, LINKTYPE_ETHERNET);
        assert_eq!(frame.timestamp, Duration::from_micros(1_000_000 + i as u64));
        offset += 16 + data.len() as u64;
    }
}

#[test]
fn truncated_pcap_keeps_the_frames_before_the_damage() {
    let mut bytes = pcap_bytes();
    // Cut the fourth frame (index 3) in the middle of its data.
    let sizes: Vec<usize> = frames().iter().map(Vec::len).collect();
    let fourth = 24 + sizes[..3].iter().map(|n| 16 + n).sum::<usize>();
    bytes.truncate(fourth + 16 + 10);
    let mut reader = CaptureReader::new(Cursor::new(bytes), "cut.pcap").expect("opens");
    for i in 0..3 {
        assert_eq!(
            reader.next_frame().expect("a frame").expect("intact").index,
            i
        );
    }
    match reader.next_frame() {
        Some(Err(CaptureError::Damaged {
            frame,
            offset,
            path,
            ..
        })) => {
            assert_eq!(frame, 3);
            assert_eq!(offset, fourth as u64);
            assert_eq!(path, "cut.pcap");
        }
        other => panic!("expected damage at frame 3, got {other:?}"),
    }
    assert!(
        reader.next_frame().is_none(),
        "the reader ends after damage"
    );
}

#[test]
fn pcapng_frames_with_their_interfaces() {
    let mut writer = PcapNgWriter::new(Vec::new()).expect("section");
    writer
        .write_pcapng_block(InterfaceDescriptionBlock {
            linktype: DataLink::ETHERNET,
            snaplen: 0,
            options: vec![],
        })
        .expect("interface");
    for (i, frame) in frames().iter().enumerate() {
        writer
            .write_pcapng_block(EnhancedPacketBlock {
                interface_id: 0,
                timestamp: Duration::from_micros(5 + i as u64),
                original_len: frame.len() as u32,
                data: Cow::Borrowed(frame),
                options: vec![],
            })
            .expect("packet");
    }
    let bytes = writer.into_inner();
    let reader = CaptureReader::new(Cursor::new(bytes.clone()), "test.pcapng").expect("opens");
    assert_eq!(reader.format(), CaptureFormat::PcapNg);
    let read: Vec<_> = reader.collect::<Result<_, _>>().expect("every frame");
    assert_eq!(read.len(), 5);
    for (frame, data) in read.iter().zip(frames()) {
        assert_eq!(frame.data, data);
        assert_eq!(frame.link_type, LINKTYPE_ETHERNET);
        assert!((frame.offset as usize) < bytes.len());
    }
    // Damage inside the third packet block.
    let third = read[2].offset as usize;
    let mut cut = bytes;
    cut.truncate(third + 12);
    let reader = CaptureReader::new(Cursor::new(cut), "cut.pcapng").expect("opens");
    let results: Vec<_> = reader.collect();
    assert_eq!(results.len(), 3);
    assert!(results[..2].iter().all(Result::is_ok));
    match &results[2] {
        Err(CaptureError::Damaged { frame, offset, .. }) => {
            assert_eq!(*frame, 2);
            assert_eq!(*offset, third as u64);
        }
        other => panic!("expected damage at frame 2, got {other:?}"),
    }
}

#[test]
fn not_a_capture() {
    let error = CaptureReader::new(Cursor::new(b"\x7fELF and more".to_vec()), "prog.o")
        .expect_err("refused");
    assert!(matches!(error, CaptureError::NotACapture { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("prog.o: not a pcap or pcapng capture")
    );
}
