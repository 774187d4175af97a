//! [`Object`]: everything a BPF ELF file declares, with programs linked and ready to load.

use sluice_isa::{Program, RawInsn};

use crate::elf::Elf;
use crate::error::{ObjError, ObjErrorKind};
use crate::link::{CodeSection, InsnOrigin, LinkedFunction, MapSymbols, collect_fixups, link};
use crate::map_def::MapDef;
use crate::{global_data, maps_legacy};

/// One program of an object, linked with its subprograms.
#[derive(Clone, Debug)]
pub struct ProgramDef {
    /// The entry function's name.
    pub name: String,
    /// The ELF section it was found in (`xdp`, `tracepoint/syscalls/sys_enter_openat`, ...).
    pub section: String,
    /// The linked instructions: see [`crate::link`] for the form of calls and map references.
    pub insns: Vec<RawInsn>,
    /// Where each slot came from.
    pub origins: Vec<InsnOrigin>,
    /// The entry function and the subprograms, in placement order.
    pub functions: Vec<LinkedFunction>,
}

impl ProgramDef {
    /// Decodes and validates the linked instructions; errors name the section and byte offset
    /// the bad instruction came from.
    pub fn program(&self, object: &Object) -> Result<Program, ObjError> {
        Program::from_slots(self.insns.clone()).map_err(|error| {
            let origin = self.origins.get(error.insn_idx);
            let section = origin.map_or(self.section.as_str(), |o| {
                object.code_sections[o.section].as_str()
            });
            let offset = origin.map_or(error.insn_idx as u64 * 8, |o| o.slot as u64 * 8);
            ObjError::at(
                section,
                offset,
                ObjErrorKind::Decode(format!("program `{}`: {}", self.name, error.kind)),
            )
        })
    }
}

/// A section of the object, for listings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionInfo {
    pub name: String,
    pub size: u64,
    pub is_code: bool,
}

/// A loaded object file.
#[derive(Clone, Debug)]
pub struct Object {
    /// The `license` section (`GPL`, `Dual BSD/GPL`, ...), empty if absent.
    pub license: String,
    /// The `version` section, if present.
    pub kernel_version: Option<u32>,
    /// Every program, in section order then address order.
    pub programs: Vec<ProgramDef>,
    /// Every map: BTF-defined, legacy, global data and `.kconfig`.
    pub maps: Vec<MapDef>,
    /// Names of the code sections; [`InsnOrigin::section`] indexes this.
    pub code_sections: Vec<String>,
    /// Every section, for listings.
    pub sections: Vec<SectionInfo>,
}

impl Object {
    /// Parses and links an object.
    pub fn parse(bytes: &[u8]) -> Result<Object, ObjError> {
        let elf = Elf::parse(bytes)?;
        let mut maps = Vec::new();
        let mut map_symbols = MapSymbols::default();
        if let Some(section) = elf.section_by_name("maps") {
            for (offset, def) in maps_legacy::parse(&elf)? {
                map_symbols
                    .by_symbol
                    .insert((section.index, offset as u64), maps.len());
                maps.push(def);
            }
        }
        for (section, def) in global_data::parse(&elf) {
            map_symbols.by_data_section.insert(section, maps.len());
            maps.push(def);
        }
        let code: Vec<CodeSection> = elf
            .sections
            .iter()
            .filter(|section| section.is_code && section.size > 0)
            .map(|section| CodeSection::new(&elf, section.index))
            .collect::<Result<_, _>>()?;
        let fixups = collect_fixups(&elf, &code, &map_symbols)?;
        let mut programs = Vec::new();
        for (section_idx, section) in code.iter().enumerate() {
            if section.name == ".text" {
                continue;
            }
            for function_idx in 0..section.functions.len() {
                let linked = link(&code, &fixups, section_idx, function_idx)?;
                programs.push(ProgramDef {
                    name: section.functions[function_idx].2.clone(),
                    section: section.name.clone(),
                    insns: linked.slots,
                    origins: linked.origins,
                    functions: linked.functions,
                });
            }
        }
        let license = elf
            .section_by_name("license")
            .map(|section| {
                let text = section.data.split(|b| *b == 0).next().unwrap_or_default();
                String::from_utf8_lossy(text).into_owned()
            })
            .unwrap_or_default();
        let kernel_version = match elf.section_by_name("version") {
            Some(section) if section.data.len() == 4 => Some(u32::from_le_bytes([
                section.data[0],
                section.data[1],
                section.data[2],
                section.data[3],
            ])),
            Some(section) => {
                return Err(ObjError::section(
                    "version",
                    ObjErrorKind::Malformed(format!("{} bytes, expected 4", section.data.len())),
                ));
            }
            None => None,
        };
        Ok(Object {
            license,
            kernel_version,
            programs,
            maps,
            code_sections: code.iter().map(|section| section.name.clone()).collect(),
            sections: elf
                .sections
                .iter()
                .filter(|section| !section.name.is_empty())
                .map(|section| SectionInfo {
                    name: section.name.clone(),
                    size: section.size,
                    is_code: section.is_code,
                })
                .collect(),
        })
    }

    /// The program with this name.
    pub fn program(&self, name: &str) -> Result<&ProgramDef, ObjError> {
        self.programs
            .iter()
            .find(|program| program.name == name)
            .ok_or_else(|| ObjError::file(ObjErrorKind::NoSuchProgram(name.to_string())))
    }

    /// The map with this name.
    pub fn map(&self, name: &str) -> Option<&MapDef> {
        self.maps.iter().find(|map| map.name == name)
    }
}
