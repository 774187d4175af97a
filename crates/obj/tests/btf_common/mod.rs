//! Helpers shared by the BTF tests: the committed test objects and their sections, and the
//! bpftool oracle.

#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;
use std::process::Command;

use object::{Object, ObjectSection};
use sluice_obj::btf::{Btf, BtfExt};

/// `tests/data/btf/`.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/btf")
}

/// The bytes of the section `name` of the test object `object` (`types.o`), if it has one.
pub fn section(object: &str, name: &str) -> Option<Vec<u8>> {
    let path = data_dir().join(object);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = object::File::parse(&*data).expect("test object is ELF");
    let section = file.section_by_name(name)?;
    Some(section.data().expect("section data").to_vec())
}

/// The parsed `.BTF` of a test object.
pub fn btf(object: &str) -> Btf {
    let data = section(object, ".BTF").expect("object has .BTF");
    Btf::parse(&data).unwrap_or_else(|e| panic!("{object}: {e}"))
}

/// The parsed `.BTF` and `.BTF.ext` of a test object.
pub fn btf_and_ext(object: &str) -> (Btf, BtfExt) {
    let btf = btf(object);
    let data = section(object, ".BTF.ext").expect("object has .BTF.ext");
    let ext = BtfExt::parse(&data, &btf).unwrap_or_else(|e| panic!("{object}: {e}"));
    (btf, ext)
}

/// The instruction slots of a code section of a test object.
pub fn insns(object: &str, section_name: &str) -> Vec<sluice_isa::RawInsn> {
    let data = section(object, section_name).expect("code section");
    sluice_isa::slots_from_bytes(&data).expect("whole instructions")
}

/// `bpftool btf dump file PATH`, or `None` if bpftool is not installed (or cannot read it).
pub fn bpftool_dump(path: &std::path::Path) -> Option<String> {
    let output = Command::new("bpftool")
        .args(["btf", "dump", "file"])
        .arg(path)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// The kernel's BTF, or `None` (after saying so) if this machine does not expose it.
pub fn vmlinux() -> Option<Btf> {
    let path = sluice_obj::btf::VMLINUX_BTF_PATH;
    if !std::path::Path::new(path).exists() {
        println!("skipped: {path} does not exist");
        return None;
    }
    Some(Btf::from_file(path).expect("vmlinux BTF parses"))
}
