//! Global data sections (`.data`, `.rodata`, `.bss` and their `.name` variants) as one-element
//! array maps, the way libbpf maps them: key 4 bytes, value the whole section, `.rodata`
//! read-only to programs (`BPF_F_RDONLY_PROG`).

use sluice_abi::limits::KMALLOC_MAX_SIZE;

use crate::elf::{Elf, ElfSection};
use crate::error::{ObjError, ObjErrorKind};
use crate::map_def::{MapDef, MapInit, MapOrigin};

const BPF_MAP_TYPE_ARRAY: u32 = 2;
const BPF_F_RDONLY_PROG: u32 = 1 << 7;
const BPF_F_MMAPABLE: u32 = 1 << 10;

/// Whether a section holds global data that becomes a map.
pub(crate) fn is_global_data(section: &ElfSection) -> bool {
    let name = section.name.as_str();
    let prefixed = |prefix: &str| name == prefix || name.starts_with(&format!("{prefix}."));
    !section.is_code
        && (prefixed(".data") || prefixed(".rodata") || prefixed(".bss"))
        && section.size > 0
}

/// One map per global data section, with the section index.
pub(crate) fn parse(elf: &Elf) -> Result<Vec<(usize, MapDef)>, ObjError> {
    let mut maps = Vec::new();
    for section in elf
        .sections
        .iter()
        .filter(|section| is_global_data(section))
    {
        if section.size > KMALLOC_MAX_SIZE {
            return Err(ObjError::section(
                &section.name,
                ObjErrorKind::Malformed(format!(
                    "{} bytes of global data exceed the kernel's {KMALLOC_MAX_SIZE}-byte limit for a map value",
                    section.size
                )),
            ));
        }
        let read_only = section.name.starts_with(".rodata");
        let value_size = section.size as u32;
        let mut def = MapDef::new(&section.name, BPF_MAP_TYPE_ARRAY, 4, value_size, 1);
        def.map_flags = if read_only {
            BPF_F_RDONLY_PROG | BPF_F_MMAPABLE
        } else {
            BPF_F_MMAPABLE
        };
        let data = if section.is_nobits {
            vec![0; section.size as usize]
        } else {
            section.data.clone()
        };
        def.init = MapInit::Data(data);
        def.origin = MapOrigin::GlobalData {
            section: section.name.clone(),
            read_only,
        };
        maps.push((section.index, def));
    }
    Ok(maps)
}
