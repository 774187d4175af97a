//! The packet-hook benchmark's inputs and subjects, shared by `examples/frame_ratio.rs` (the
//! README's table) and `benches/frames.rs` (criterion): an in-memory capture of 64-byte frames,
//! the programs run on it with the same rule in Rust, and the object loaded into the kernel.

use std::os::fd::{AsFd, BorrowedFd};
use std::path::{Path, PathBuf};

use sluice_abi::prog_type::ProgType;
use sluice_kernel::{KernelBtf, KernelMap, KernelProg};
use sluice_obj::Object;
use sluice_runtime::{LoadOptions, LoadedObject};

use crate::kernel_load;

/// Frames in the in-memory capture.
pub const N_FRAMES: usize = 4096;

/// One 64-byte frame.
pub type Frame = [u8; 64];

/// A program the benchmark runs, and its rule in Rust (the XDP verdict it gives a frame).
#[derive(Debug, Clone)]
pub struct Subject {
    pub name: &'static str,
    pub path: PathBuf,
    pub program: &'static str,
    pub native: fn(&[u8]) -> u32,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `programs/c/drop_all.o` (every frame `XDP_DROP`: the hook's own cost) and the firewall
/// example (Ethernet, IPv4, TCP/UDP parsed; three ports dropped and counted in a hash map).
pub fn subjects() -> Vec<Subject> {
    vec![
        Subject {
            name: "drop_all",
            path: repo().join("crates/bench/programs/c/drop_all.o"),
            program: "drop_all",
            native: |_| 1,
        },
        Subject {
            name: "firewall",
            path: repo().join("examples/firewall.o"),
            program: "firewall",
            native: firewall_native,
        },
    ]
}

/// [`N_FRAMES`] 64-byte Ethernet/IPv4 frames: TCP and UDP to a spread of ports, some blocked
/// (23, 445, 3389), from many sources (xorshift, fixed seed).
pub fn frames() -> Vec<Frame> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const PORTS: [u16; 8] = [80, 443, 22, 53, 23, 445, 3389, 8080];
    (0..N_FRAMES)
        .map(|_| {
            let random = next();
            let mut frame = [0u8; 64];
            frame[0..6].copy_from_slice(&[2, 0, 0, 0, 0, 1]);
            frame[6..12].copy_from_slice(&[2, 0, 0, 0, 1, random as u8]);
            frame[12..14].copy_from_slice(&[0x08, 0x00]);
            frame[14] = 0x45;
            frame[16..18].copy_from_slice(&50u16.to_be_bytes());
            frame[22] = 64;
            frame[23] = if random & 0x100 == 0 { 6 } else { 17 };
            frame[26..30].copy_from_slice(&[192, 168, (random >> 16) as u8, (random >> 24) as u8]);
            frame[30..34].copy_from_slice(&[10, 0, 0, 1]);
            frame[34..36].copy_from_slice(&(1024 + (random >> 32) as u16 % 60000).to_be_bytes());
            let port = PORTS[(random >> 48) as usize % PORTS.len()];
            frame[36..38].copy_from_slice(&port.to_be_bytes());
            frame
        })
        .collect()
}

/// The firewall's rule in Rust (for well-formed frames): drop TCP/UDP to 23, 445, 3389.
pub fn firewall_native(frame: &[u8]) -> u32 {
    if frame[12..14] != [0x08, 0x00] {
        return 2;
    }
    let l4 = 14 + usize::from(frame[14] & 0xf) * 4;
    if !matches!(frame[23], 6 | 17) {
        return 2;
    }
    let port = u16::from_be_bytes([frame[l4 + 2], frame[l4 + 3]]);
    if matches!(port, 23 | 445 | 3389) {
        1
    } else {
        2
    }
}

/// The subject's object loaded into Sluice.
pub fn load(subject: &Subject) -> LoadedObject {
    let object = Object::parse(&std::fs::read(&subject.path).expect("object")).expect("parses");
    LoadedObject::load(object, &LoadOptions::default()).expect("loads")
}

/// The subject's program loaded into the kernel, with its maps and BTF (kept alive with it).
#[derive(Debug)]
pub struct KernelSubject {
    pub program: KernelProg,
    _maps: Vec<KernelMap>,
    _btf: Option<KernelBtf>,
}

/// Loads the subject into the kernel; `Err` says why not (no BPF here, a refusal).
pub fn load_into_kernel(subject: &Subject) -> Result<KernelSubject, String> {
    sluice_kernel::available().map_err(|errno| format!("kernel BPF unavailable ({errno})"))?;
    let object = Object::parse(&std::fs::read(&subject.path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let btf = kernel_load::load_btf(&object)?;
    let names: Vec<String> = object
        .maps
        .iter()
        .map(|def| def.name.chars().take(15).collect())
        .collect();
    let maps = kernel_load::create_maps(&object, &names, btf.as_ref())?;
    let fd_array: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
    let def = object
        .program(subject.program)
        .map_err(|error| error.to_string())?;
    let program =
        kernel_load::load_program(&object, def, &fd_array, ProgType::Xdp, btf.as_ref(), 0)
            .map_err(|error| error.to_string())?;
    Ok(KernelSubject {
        program,
        _maps: maps,
        _btf: btf,
    })
}
