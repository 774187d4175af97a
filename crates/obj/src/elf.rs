//! The ELF layer: sections, symbols and relocations of a BPF object, read with the `object`
//! crate into plain values the rest of the loader works with.
//!
//! Invariants: every `ElfSymbol::section` and `ElfReloc::symbol` index is in range; code section
//! data lengths are whatever the file says (callers check the multiple-of-8 rule).

use std::collections::BTreeMap;

use object::elf;
use object::read::elf::{ElfFile64, FileHeader, SectionHeader};
use object::{
    Endianness, Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget,
    SectionFlags, SectionIndex, SymbolFlags, SymbolKind, SymbolSection,
};

use crate::error::{ObjError, ObjErrorKind};

/// A section as the loader sees it.
#[derive(Clone, Debug)]
pub(crate) struct ElfSection {
    pub(crate) index: usize,
    pub(crate) name: String,
    /// Contents; empty for `SHT_NOBITS` (`.bss`), whose size is in `size`.
    pub(crate) data: Vec<u8>,
    pub(crate) size: u64,
    pub(crate) is_code: bool,
    pub(crate) is_nobits: bool,
}

/// What a symbol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SymKind {
    Func,
    Object,
    Section,
    Other,
}

/// A symbol.
#[derive(Clone, Debug)]
pub(crate) struct ElfSymbol {
    pub(crate) name: String,
    pub(crate) kind: SymKind,
    /// Index of the defining section, `None` for undefined (extern) and absolute symbols.
    pub(crate) section: Option<usize>,
    pub(crate) value: u64,
    pub(crate) size: u64,
    /// Bound `STB_GLOBAL` or `STB_WEAK` (not `STB_LOCAL`).
    pub(crate) global: bool,
    /// Visibility `STV_HIDDEN` or `STV_INTERNAL`.
    pub(crate) hidden: bool,
}

/// A relocation in some section.
#[derive(Clone, Debug)]
pub(crate) struct ElfReloc {
    /// Byte offset in the section the relocation applies to.
    pub(crate) offset: u64,
    pub(crate) r_type: u32,
    /// Index into [`Elf::symbols`].
    pub(crate) symbol: usize,
}

/// A parsed BPF ELF object.
#[derive(Debug, Default)]
pub(crate) struct Elf {
    pub(crate) sections: Vec<ElfSection>,
    pub(crate) symbols: Vec<ElfSymbol>,
    /// Relocations by the index of the section they apply to, sorted by offset.
    pub(crate) relocs: BTreeMap<usize, Vec<ElfReloc>>,
}

fn malformed(error: impl std::fmt::Display) -> ObjError {
    ObjError::file(ObjErrorKind::Malformed(error.to_string()))
}

impl Elf {
    pub(crate) fn parse(bytes: &[u8]) -> Result<Elf, ObjError> {
        if !bytes.starts_with(b"\x7fELF") {
            return Err(ObjError::file(ObjErrorKind::NotElf(
                "no ELF magic".to_string(),
            )));
        }
        let file = ElfFile64::<Endianness>::parse(bytes)
            .map_err(|error| ObjError::file(ObjErrorKind::NotElf(error.to_string())))?;
        let header = file.elf_header();
        let endian = file.endian();
        if header.e_machine(endian) != elf::EM_BPF {
            let machine = format!("{:?} ({})", file.architecture(), header.e_machine(endian));
            return Err(ObjError::file(ObjErrorKind::NotBpf(machine)));
        }
        if !file.is_little_endian() {
            return Err(ObjError::file(ObjErrorKind::BigEndian));
        }
        let mut sections = Vec::new();
        for section in file.sections() {
            let name = section.name().map_err(malformed)?.to_string();
            let (sh_flags, sh_type) = match section.flags() {
                SectionFlags::Elf { sh_flags } => {
                    (sh_flags, section.elf_section_header().sh_type(endian))
                }
                _ => (0, 0),
            };
            let is_nobits = sh_type == elf::SHT_NOBITS;
            let data = if is_nobits {
                Vec::new()
            } else {
                section
                    .data()
                    .map_err(|error| {
                        ObjError::section(&name, ObjErrorKind::Malformed(error.to_string()))
                    })?
                    .to_vec()
            };
            sections.push(ElfSection {
                index: section.index().0,
                size: section.size(),
                is_code: sh_flags & u64::from(elf::SHF_EXECINSTR) != 0,
                is_nobits,
                name,
                data,
            });
        }
        let mut symbols = Vec::new();
        let mut symbol_slot = BTreeMap::new();
        for symbol in file.symbols() {
            let kind = match symbol.kind() {
                SymbolKind::Text => SymKind::Func,
                SymbolKind::Data => SymKind::Object,
                SymbolKind::Section => SymKind::Section,
                _ => SymKind::Other,
            };
            let section = match symbol.section() {
                SymbolSection::Section(SectionIndex(index)) => Some(index),
                _ => None,
            };
            let hidden = match symbol.flags() {
                SymbolFlags::Elf { st_other, .. } => {
                    matches!(st_other & 0x3, elf::STV_HIDDEN | elf::STV_INTERNAL)
                }
                _ => false,
            };
            symbol_slot.insert(symbol.index().0, symbols.len());
            symbols.push(ElfSymbol {
                name: symbol.name().unwrap_or_default().to_string(),
                kind,
                section,
                value: symbol.address(),
                size: symbol.size(),
                global: symbol.is_global() || symbol.is_weak(),
                hidden,
            });
        }
        let mut relocs: BTreeMap<usize, Vec<ElfReloc>> = BTreeMap::new();
        for section in file.sections() {
            let name = section.name().unwrap_or_default().to_string();
            for (offset, relocation) in section.relocations() {
                let RelocationFlags::Elf { r_type } = relocation.flags() else {
                    continue;
                };
                let RelocationTarget::Symbol(symbol) = relocation.target() else {
                    return Err(ObjError::at(
                        &name,
                        offset,
                        ObjErrorKind::Malformed("relocation without a symbol".to_string()),
                    ));
                };
                let Some(&symbol) = symbol_slot.get(&symbol.0) else {
                    return Err(ObjError::at(
                        &name,
                        offset,
                        ObjErrorKind::Malformed(format!(
                            "relocation against symbol {} out of range",
                            symbol.0
                        )),
                    ));
                };
                relocs.entry(section.index().0).or_default().push(ElfReloc {
                    offset,
                    r_type,
                    symbol,
                });
            }
        }
        for list in relocs.values_mut() {
            list.sort_by_key(|reloc| reloc.offset);
        }
        Ok(Elf {
            sections,
            symbols,
            relocs,
        })
    }

    pub(crate) fn section(&self, index: usize) -> Option<&ElfSection> {
        self.sections.iter().find(|section| section.index == index)
    }

    pub(crate) fn section_by_name(&self, name: &str) -> Option<&ElfSection> {
        self.sections.iter().find(|section| section.name == name)
    }

    /// The function symbols defined in a section, sorted by address.
    pub(crate) fn functions_in(&self, section: usize) -> Vec<&ElfSymbol> {
        let mut functions: Vec<&ElfSymbol> = self
            .symbols
            .iter()
            .filter(|symbol| symbol.kind == SymKind::Func && symbol.section == Some(section))
            .collect();
        functions.sort_by_key(|symbol| symbol.value);
        functions.dedup_by_key(|symbol| symbol.value);
        functions
    }

    /// The object symbols defined in a section, sorted by address.
    pub(crate) fn objects_in(&self, section: usize) -> Vec<&ElfSymbol> {
        let mut objects: Vec<&ElfSymbol> = self
            .symbols
            .iter()
            .filter(|symbol| {
                symbol.section == Some(section)
                    && symbol.kind != SymKind::Section
                    && symbol.kind != SymKind::Func
                    && !symbol.name.is_empty()
            })
            .collect();
        objects.sort_by_key(|symbol| symbol.value);
        objects
    }
}

/// ELF relocation types of the BPF target (LLVM's `llvm_reloc.rst`).
pub(crate) mod reloc {
    /// `lddw`: 64-bit address in the two immediates.
    pub(crate) const R_BPF_64_64: u32 = 1;
    /// A 64-bit absolute address in data (`.maps` initial values).
    pub(crate) const R_BPF_64_ABS64: u32 = 2;
    /// A 32-bit absolute address in data (BTF sections).
    pub(crate) const R_BPF_64_ABS32: u32 = 3;
    /// A 32-bit value the dynamic loader leaves alone (BTF.ext).
    pub(crate) const R_BPF_64_NODYLD32: u32 = 4;
    /// A call's immediate.
    pub(crate) const R_BPF_64_32: u32 = 10;
}
