//! [`Object`]: everything a BPF ELF file declares, with programs linked and ready to load.

use std::sync::OnceLock;

use sluice_abi::prog_type::{AttachType, ProgType};
use sluice_isa::{Program, RawInsn};

use crate::btf::{Btf, BtfExt, CoreResolver, SourceLine, patch};
use crate::elf::Elf;
use crate::error::{ObjError, ObjErrorKind};
use crate::link::{CodeSection, InsnOrigin, LinkedFunction, MapSymbols, collect_fixups, link};
use crate::map_def::{MapDef, MapInit, MapOrigin};
use crate::section_name::section_def;
use crate::{btf_fixup, global_data, kconfig, maps_btf, maps_legacy};

const BPF_MAP_TYPE_ARRAY: u32 = 2;

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
    /// The program type the section name implies (libbpf's rules), if it implies one.
    pub prog_type: Option<ProgType>,
    /// The expected attach type the section name implies.
    pub attach_type: Option<AttachType>,
    /// Whether the section marks the program sleepable (`.s` sections).
    pub sleepable: bool,
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

/// A global variable in a global data section (`.data`, `.rodata`, `.bss`, ...): what a
/// libbpf skeleton lets user space set before load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalVar {
    pub name: String,
    /// Index of its global data map in [`Object::maps`].
    pub map: usize,
    /// Byte offset in the map's value.
    pub offset: u32,
    pub size: u32,
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
    /// The object's BTF, if it has a `.BTF` section.
    pub btf: Option<Btf>,
    /// The `.BTF` section's bytes as a loader hands them to the kernel (`BPF_BTF_LOAD`): as in
    /// the file, except that `DATASEC` sizes and variable offsets, which clang leaves at 0, are
    /// filled in from the ELF section sizes and symbols, hidden variables are made static and
    /// each `DATASEC`'s variables are sorted by offset (libbpf's `btf_fixup_datasec`).
    pub raw_btf: Option<Vec<u8>>,
    /// The object's `.BTF.ext`, if present.
    pub btf_ext: Option<BtfExt>,
    /// The variables of the global data sections.
    pub globals: Vec<GlobalVar>,
}

/// Options of [`Object::parse_with`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ParseOptions<'a> {
    /// The BTF CO-RE relocations resolve against. `None`: the running kernel's
    /// `/sys/kernel/btf/vmlinux` when readable, else the object's own types (so every field
    /// keeps the offset it was compiled with, which is Sluice's own layout of the UAPI
    /// contexts).
    pub target_btf: Option<&'a Btf>,
}

/// The running kernel's BTF, parsed once.
fn vmlinux() -> Option<&'static Btf> {
    static VMLINUX: OnceLock<Option<Btf>> = OnceLock::new();
    VMLINUX.get_or_init(|| Btf::vmlinux().ok()).as_ref()
}

impl Object {
    /// Parses and links an object, resolving CO-RE relocations against the running kernel.
    pub fn parse(bytes: &[u8]) -> Result<Object, ObjError> {
        Object::parse_with(bytes, ParseOptions::default())
    }

    /// Parses and links an object.
    pub fn parse_with(bytes: &[u8], options: ParseOptions<'_>) -> Result<Object, ObjError> {
        let elf = Elf::parse(bytes)?;
        let (btf, raw_btf) = match elf.section_by_name(".BTF") {
            Some(section) => {
                let (btf, offsets) = Btf::parse_with_offsets(&section.data)
                    .map_err(|e| ObjError::section(".BTF", ObjErrorKind::Btf(e.to_string())))?;
                let raw = btf_fixup::for_kernel(&section.data, &btf, &offsets, &elf);
                (Some(btf), Some(raw))
            }
            None => (None, None),
        };
        let btf_ext = match (elf.section_by_name(".BTF.ext"), &btf) {
            (Some(section), Some(btf)) => Some(
                BtfExt::parse(&section.data, btf)
                    .map_err(|e| ObjError::section(".BTF.ext", ObjErrorKind::Btf(e.to_string())))?,
            ),
            _ => None,
        };
        let mut maps = Vec::new();
        let mut map_symbols = MapSymbols::default();
        if let Some(section) = elf.section_by_name(".maps") {
            let Some(btf) = &btf else {
                return Err(ObjError::section(
                    ".maps",
                    ObjErrorKind::Btf(
                        "BTF-defined maps need a .BTF section (compile with -g)".to_string(),
                    ),
                ));
            };
            let mut layout = Vec::new();
            let symbols = elf.objects_in(section.index);
            for btf_map in maps_btf::parse(btf)? {
                // Clang leaves DATASEC offsets at 0; the symbol of the same name has the real one
                // (libbpf's `btf_fixup_datasec` does the same).
                let offset = symbols
                    .iter()
                    .find(|symbol| symbol.name == btf_map.def.name)
                    .map_or(u64::from(btf_map.offset), |symbol| symbol.value);
                map_symbols
                    .by_symbol
                    .insert((section.index, offset), maps.len());
                layout.push((maps.len(), offset as u32, btf_map.values_offset));
                maps.push(btf_map.def);
            }
            maps_btf::initial_values(&elf, &mut maps, &layout, &map_symbols.by_symbol)?;
        }
        if let Some(section) = elf.section_by_name("maps") {
            for (offset, def) in maps_legacy::parse(&elf)? {
                map_symbols
                    .by_symbol
                    .insert((section.index, offset as u64), maps.len());
                maps.push(def);
            }
        }
        for (section, def) in global_data::parse(&elf)? {
            map_symbols.by_data_section.insert(section, maps.len());
            maps.push(def);
        }
        if let Some(btf) = &btf {
            let externs = kconfig::externs(btf);
            if !externs.is_empty() {
                let data = kconfig::values(&externs);
                let mut def = MapDef::new(".kconfig", BPF_MAP_TYPE_ARRAY, 4, data.len() as u32, 1);
                def.map_flags = 1 << 7; // BPF_F_RDONLY_PROG
                def.init = MapInit::Data(data);
                def.origin = MapOrigin::Kconfig;
                for var in &externs {
                    map_symbols
                        .by_extern
                        .insert(var.name.clone(), (maps.len(), var.offset));
                }
                maps.push(def);
            }
        }
        let mut globals = Vec::new();
        for (&section, &map) in &map_symbols.by_data_section {
            for symbol in elf.objects_in(section) {
                if symbol.size == 0 || symbol.value + symbol.size > u64::from(maps[map].value_size)
                {
                    continue;
                }
                globals.push(GlobalVar {
                    name: symbol.name.clone(),
                    map,
                    offset: symbol.value as u32,
                    size: symbol.size as u32,
                });
            }
        }
        globals.sort_by_key(|var| (var.map, var.offset));
        let mut code: Vec<CodeSection> = elf
            .sections
            .iter()
            .filter(|section| section.is_code && section.size > 0)
            .map(|section| CodeSection::new(&elf, section.index))
            .collect::<Result<_, _>>()?;
        if let (Some(btf), Some(btf_ext)) = (&btf, &btf_ext) {
            let target: &Btf = match options.target_btf {
                Some(target) => target,
                None => vmlinux().unwrap_or(btf),
            };
            apply_core(btf, btf_ext, target, &mut code)?;
        }
        let fixups = collect_fixups(&elf, &code, &map_symbols)?;
        let mut programs = Vec::new();
        for (section_idx, section) in code.iter().enumerate() {
            if section.name == ".text" {
                continue;
            }
            for function_idx in 0..section.functions.len() {
                let linked = link(&code, &fixups, section_idx, function_idx)?;
                let def = section_def(&section.name);
                programs.push(ProgramDef {
                    name: section.functions[function_idx].2.clone(),
                    section: section.name.clone(),
                    insns: linked.slots,
                    origins: linked.origins,
                    functions: linked.functions,
                    prog_type: def.map(|def| def.prog_type),
                    attach_type: def.and_then(|def| def.attach_type),
                    sleepable: def.is_some_and(|def| def.sleepable),
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
            btf,
            raw_btf,
            btf_ext,
            globals,
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

    /// The source line of slot `slot` of `program`, from BTF line info.
    pub fn source_line(&self, program: &ProgramDef, slot: usize) -> Option<SourceLine<'_>> {
        let (btf, btf_ext) = (self.btf.as_ref()?, self.btf_ext.as_ref()?);
        let origin = program.origins.get(slot)?;
        btf_ext.line_at(btf, &self.code_sections[origin.section], origin.slot)
    }
}

/// Applies the CO-RE relocations of every code section.
fn apply_core(
    btf: &Btf,
    btf_ext: &BtfExt,
    target: &Btf,
    code: &mut [CodeSection],
) -> Result<(), ObjError> {
    let mut resolver = CoreResolver::new(btf, target);
    for section in code {
        for relo in btf_ext.core_relos_for(&section.name) {
            let at = |e: String| {
                ObjError::at(
                    &section.name,
                    u64::from(relo.insn_off),
                    ObjErrorKind::Btf(e),
                )
            };
            let resolution = resolver.resolve(relo).map_err(|e| at(e.to_string()))?;
            patch(
                &mut section.slots,
                (relo.insn_off / 8) as usize,
                &resolution,
            )
            .map_err(|e| at(e.to_string()))?;
        }
    }
    Ok(())
}
