//! Pinning maps and programs in the BPF file system and opening them again.

mod common;

use std::path::{Path, PathBuf};

use common::{BPF_MAP_TYPE_HASH, BPF_PROG_TYPE_SOCKET_FILTER, bytecode, frame, require_kernel};
use sluice_kernel::{
    BPF_ANY, Errno, Error, KernelMap, KernelProg, MapCreate, ProgLoad, TestRun, get_pinned, pin,
};

/// A BPF file system mount point, if one is mounted.
fn bpffs() -> Option<PathBuf> {
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    mounts.lines().find_map(|line| {
        let mut fields = line.split_whitespace();
        let _source = fields.next()?;
        let mount_point = fields.next()?;
        (fields.next()? == "bpf").then(|| PathBuf::from(mount_point))
    })
}

/// A pin path removed again when dropped, so a failed test leaves nothing behind.
struct PinPath(PathBuf);

impl PinPath {
    fn new(dir: &Path, name: &str) -> PinPath {
        let path = dir.join(format!("sluice_kernel_test_{}_{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        PinPath(path)
    }
}

impl Drop for PinPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

macro_rules! require_bpffs {
    () => {
        match bpffs() {
            Some(dir) => dir,
            None => {
                println!("skipped: no BPF file system mounted");
                return;
            }
        }
    };
}

#[test]
fn pinned_map_keeps_its_contents() {
    require_kernel!();
    let dir = require_bpffs!();
    let path = PinPath::new(&dir, "map");
    let map = MapCreate {
        map_type: BPF_MAP_TYPE_HASH,
        key_size: 4,
        value_size: 8,
        max_entries: 4,
        ..MapCreate::default()
    }
    .create()
    .unwrap();
    map.update(&1u32.to_ne_bytes(), &42u64.to_ne_bytes(), BPF_ANY)
        .unwrap();
    pin(&map, &path.0).unwrap();
    // Pinning twice at one path: EEXIST.
    assert_eq!(pin(&map, &path.0).unwrap_err().errno(), Some(Errno::EEXIST));
    drop(map);

    let reopened = KernelMap::from_fd(get_pinned(&path.0).unwrap()).unwrap();
    assert_eq!(
        (
            reopened.map_type(),
            reopened.key_size(),
            reopened.value_size()
        ),
        (BPF_MAP_TYPE_HASH, 4, 8)
    );
    assert_eq!(reopened.max_entries(), 4);
    let mut value = [0; 8];
    assert!(reopened.lookup(&1u32.to_ne_bytes(), &mut value).unwrap());
    assert_eq!(u64::from_ne_bytes(value), 42);
}

#[test]
fn pinned_program_still_runs() {
    require_kernel!();
    let dir = require_bpffs!();
    let path = PinPath::new(&dir, "prog");
    let insns = bytecode("r0 = 9\nexit");
    let prog = ProgLoad {
        prog_type: BPF_PROG_TYPE_SOCKET_FILTER,
        insns: &insns,
        license: "GPL",
        ..ProgLoad::default()
    }
    .load()
    .unwrap();
    pin(&prog, &path.0).unwrap();
    drop(prog);

    let fd = get_pinned(&path.0).unwrap();
    // A program is not a map: its sizes cannot be trusted, so it is refused.
    let error = KernelMap::from_fd(fd.try_clone().unwrap()).unwrap_err();
    assert!(matches!(error, Error::HostInfo { .. }), "{error}");
    let prog = KernelProg::from_fd(fd);
    let output = prog
        .test_run(&TestRun {
            data_in: &frame(20),
            ..TestRun::default()
        })
        .unwrap();
    assert_eq!(output.retval, 9);
}

#[test]
fn missing_pins_and_bad_paths() {
    require_kernel!();
    let dir = require_bpffs!();
    let path = PinPath::new(&dir, "missing");
    assert_eq!(
        get_pinned(&path.0).unwrap_err().errno(),
        Some(Errno::ENOENT)
    );
    // Outside a BPF file system.
    let map = MapCreate {
        map_type: BPF_MAP_TYPE_HASH,
        key_size: 4,
        value_size: 4,
        max_entries: 1,
        ..MapCreate::default()
    }
    .create()
    .unwrap();
    let outside = std::env::temp_dir().join(format!("sluice_kernel_pin_{}", std::process::id()));
    assert_eq!(pin(&map, &outside).unwrap_err().errno(), Some(Errno::EPERM));
    let error = pin(&map, Path::new("/sys/fs/bpf/a\0b")).unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error}");
}
