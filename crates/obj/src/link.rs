//! Relocation and linking: each program's entry function is copied out of its section together
//! with every subprogram it reaches (bpf-to-bpf calls and `lddw` of function addresses), and
//! references to maps and global data become `lddw` with `fd_array` index pseudo sources.
//!
//! After linking, a program's instructions are self-contained:
//! - a call to a subprogram is `call pc+N` to the subprogram's copy in the same program;
//! - `lddw` of a function address has pseudo source 4 (`BPF_PSEUDO_FUNC`) and a relative target;
//! - `lddw` of a map has pseudo source 5 (`BPF_PSEUDO_MAP_IDX`) and the map's index in
//!   [`crate::Object::maps`];
//! - `lddw` of global data has pseudo source 6 (`BPF_PSEUDO_MAP_IDX_VALUE`), the data map's index
//!   and the byte offset in the second immediate.
//!
//! The entry function comes first; subprograms follow in the order they are first reached.

use std::collections::{BTreeMap, HashMap};

use sluice_isa::RawInsn;
use sluice_isa::opcode::{
    BPF_CALL, BPF_DW, BPF_IMM, BPF_JMP, BPF_LD, BPF_PSEUDO_CALL, BPF_PSEUDO_FUNC,
    BPF_PSEUDO_MAP_IDX, BPF_PSEUDO_MAP_IDX_VALUE,
};

use crate::elf::{Elf, ElfSymbol, SymKind, reloc};
use crate::error::{ObjError, ObjErrorKind};

const LDDW: u8 = BPF_LD | BPF_IMM | BPF_DW;
const CALL: u8 = BPF_JMP | BPF_CALL;

/// A code section split into slots.
#[derive(Clone, Debug)]
pub(crate) struct CodeSection {
    pub(crate) elf_index: usize,
    pub(crate) name: String,
    pub(crate) slots: Vec<RawInsn>,
    /// Functions: (first slot, number of slots, name), sorted by first slot.
    pub(crate) functions: Vec<(usize, usize, String)>,
}

impl CodeSection {
    pub(crate) fn new(elf: &Elf, elf_index: usize) -> Result<CodeSection, ObjError> {
        let section = elf.section(elf_index).ok_or_else(|| {
            ObjError::file(ObjErrorKind::Malformed(format!("no section {elf_index}")))
        })?;
        let slots = sluice_isa::slots_from_bytes(&section.data).map_err(|trailing| {
            ObjError::at(
                &section.name,
                section.data.len() as u64 - trailing as u64,
                ObjErrorKind::TruncatedCode { size: section.size },
            )
        })?;
        let n_slots = slots.len();
        let symbols = elf.functions_in(elf_index);
        let mut functions = Vec::new();
        for (idx, symbol) in symbols.iter().enumerate() {
            if symbol.value % 8 != 0 || symbol.value / 8 >= n_slots as u64 {
                return Err(ObjError::at(
                    &section.name,
                    symbol.value,
                    ObjErrorKind::Malformed(format!(
                        "function `{}` does not start on an instruction inside the section",
                        symbol.name
                    )),
                ));
            }
            let start = (symbol.value / 8) as usize;
            let next = symbols
                .get(idx + 1)
                .map_or(n_slots, |next| (next.value / 8) as usize);
            let by_size = if symbol.size > 0 {
                start + (symbol.size / 8) as usize
            } else {
                next
            };
            let end = by_size.min(next).min(n_slots).max(start + 1);
            functions.push((start, end - start, symbol.name.clone()));
        }
        if functions.is_empty() && n_slots > 0 {
            functions.push((0, n_slots, section.name.clone()));
        }
        Ok(CodeSection {
            elf_index,
            name: section.name.clone(),
            slots,
            functions,
        })
    }

    /// The function starting exactly at `slot`.
    fn function_at(&self, slot: usize) -> Option<usize> {
        self.functions
            .iter()
            .position(|(start, _, _)| *start == slot)
    }
}

/// What a relocation makes of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fixup {
    /// A call to the instruction at `slot` of code section `section` (index into the list of
    /// code sections).
    Call { section: usize, slot: i64 },
    /// `lddw` of the address of the function at `slot`.
    FuncAddr { section: usize, slot: i64 },
    /// `lddw` of a map.
    Map { map: usize },
    /// `lddw` of a byte of a map's value (global data).
    MapValue { map: usize, offset: u32 },
}

/// How symbols resolve to maps.
#[derive(Debug, Default)]
pub(crate) struct MapSymbols {
    /// (ELF section index, symbol value) of legacy and BTF-defined map symbols to map index.
    pub(crate) by_symbol: HashMap<(usize, u64), usize>,
    /// Global data section (ELF index) to map index.
    pub(crate) by_data_section: HashMap<usize, usize>,
    /// Extern name to (map index, offset): `.kconfig` values.
    pub(crate) by_extern: HashMap<String, (usize, u32)>,
}

/// The fixups of every code section, by code section and slot.
pub(crate) fn collect_fixups(
    elf: &Elf,
    sections: &[CodeSection],
    maps: &MapSymbols,
) -> Result<Vec<BTreeMap<usize, Fixup>>, ObjError> {
    let code_index: HashMap<usize, usize> = sections
        .iter()
        .enumerate()
        .map(|(idx, section)| (section.elf_index, idx))
        .collect();
    let mut all = Vec::new();
    for section in sections {
        let mut fixups = BTreeMap::new();
        for relocation in elf.relocs.get(&section.elf_index).into_iter().flatten() {
            let at = |kind| ObjError::at(&section.name, relocation.offset, kind);
            if matches!(
                relocation.r_type,
                reloc::R_BPF_64_ABS32 | reloc::R_BPF_64_NODYLD32
            ) {
                continue;
            }
            if relocation.offset % 8 != 0 || relocation.offset / 8 >= section.slots.len() as u64 {
                return Err(at(ObjErrorKind::Malformed(
                    "relocation outside the section's instructions".to_string(),
                )));
            }
            let slot = (relocation.offset / 8) as usize;
            let insn = section.slots[slot];
            let symbol: &ElfSymbol = &elf.symbols[relocation.symbol];
            let bad_symbol = |reason: &str| {
                at(ObjErrorKind::BadRelocationSymbol {
                    symbol: symbol_name(elf, symbol),
                    reason: reason.to_string(),
                })
            };
            let fixup = match (insn.code, relocation.r_type) {
                (CALL, reloc::R_BPF_64_32 | reloc::R_BPF_64_64) if insn.src == BPF_PSEUDO_CALL => {
                    let Some(&target_section) = symbol.section.and_then(|s| code_index.get(&s))
                    else {
                        return Err(bad_symbol(
                            "a call must target a function in a code section",
                        ));
                    };
                    // Against a function symbol the immediate is -1; against a section symbol it
                    // is the offset from the section start minus one, as libbpf computes it.
                    let slot = (symbol.value / 8) as i64 + i64::from(insn.imm) + 1;
                    Fixup::Call {
                        section: target_section,
                        slot,
                    }
                }
                (LDDW, reloc::R_BPF_64_64) => {
                    let next_imm = section.slots.get(slot + 1).map_or(0, |next| next.imm);
                    if section.slots.get(slot + 1).is_none() {
                        return Err(at(ObjErrorKind::Malformed(
                            "lddw in the last slot".to_string(),
                        )));
                    }
                    match symbol.section {
                        Some(s) if code_index.contains_key(&s) => {
                            let byte = symbol.value as i64 + i64::from(insn.imm);
                            if byte % 8 != 0 {
                                return Err(bad_symbol(
                                    "function address is not on an instruction",
                                ));
                            }
                            Fixup::FuncAddr {
                                section: code_index[&s],
                                slot: byte / 8,
                            }
                        }
                        Some(s)
                            if maps.by_symbol.contains_key(&(s, symbol.value))
                                && symbol.kind != SymKind::Section =>
                        {
                            Fixup::Map {
                                map: maps.by_symbol[&(s, symbol.value)],
                            }
                        }
                        Some(s) if maps.by_data_section.contains_key(&s) => {
                            let base = if symbol.kind == SymKind::Section {
                                0
                            } else {
                                symbol.value as i64
                            };
                            let offset = base + i64::from(insn.imm) + (i64::from(next_imm) << 32);
                            let offset = u32::try_from(offset)
                                .map_err(|_| bad_symbol("data offset out of range"))?;
                            Fixup::MapValue {
                                map: maps.by_data_section[&s],
                                offset,
                            }
                        }
                        None if maps.by_extern.contains_key(&symbol.name) => {
                            let (map, offset) = maps.by_extern[&symbol.name];
                            Fixup::MapValue { map, offset }
                        }
                        None => {
                            return Err(bad_symbol(
                                "undefined symbol (an extern Sluice does not provide)",
                            ));
                        }
                        Some(_) => return Err(bad_symbol("not a map, global data or function")),
                    }
                }
                (_, reloc::R_BPF_64_64 | reloc::R_BPF_64_32 | reloc::R_BPF_64_ABS64) => {
                    return Err(at(ObjErrorKind::BadRelocationTarget {
                        insn: format!("{insn:?}"),
                    }));
                }
                (_, r_type) => return Err(at(ObjErrorKind::UnsupportedRelocation { r_type })),
            };
            fixups.insert(slot, fixup);
        }
        all.push(fixups);
    }
    Ok(all)
}

fn symbol_name(elf: &Elf, symbol: &ElfSymbol) -> String {
    if symbol.kind == SymKind::Section || symbol.name.is_empty() {
        let section = symbol
            .section
            .and_then(|s| elf.section(s))
            .map_or("?", |s| s.name.as_str());
        format!("section {section}")
    } else {
        symbol.name.clone()
    }
}

/// Where a slot of a linked program came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InsnOrigin {
    /// Index into [`crate::Object::code_sections`].
    pub section: usize,
    /// Slot index in that section.
    pub slot: usize,
}

/// A function placed in a linked program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedFunction {
    pub name: String,
    /// First slot in the linked program.
    pub start: usize,
    /// Index into [`crate::Object::code_sections`] of the section it came from.
    pub section: usize,
}

/// The result of linking one entry function.
#[derive(Clone, Debug)]
pub(crate) struct Linked {
    pub(crate) slots: Vec<RawInsn>,
    pub(crate) origins: Vec<InsnOrigin>,
    pub(crate) functions: Vec<LinkedFunction>,
}

/// Links the function at `function` of code section `section`.
pub(crate) fn link(
    sections: &[CodeSection],
    fixups: &[BTreeMap<usize, Fixup>],
    section: usize,
    function: usize,
) -> Result<Linked, ObjError> {
    let mut order: Vec<(usize, usize)> = vec![(section, function)];
    let mut placed: HashMap<(usize, usize), usize> = HashMap::new();
    let mut linked = Linked {
        slots: Vec::new(),
        origins: Vec::new(),
        functions: Vec::new(),
    };
    // (slot in the linked program, target function, is call) to patch once everything is placed.
    let mut patches: Vec<(usize, (usize, usize), bool)> = Vec::new();
    let mut next = 0;
    while next < order.len() {
        let (section_idx, function_idx) = order[next];
        next += 1;
        let code = &sections[section_idx];
        let (start, len, name) = &code.functions[function_idx];
        placed.insert((section_idx, function_idx), linked.slots.len());
        linked.functions.push(LinkedFunction {
            name: name.clone(),
            start: linked.slots.len(),
            section: section_idx,
        });
        let mut slot = *start;
        while slot < start + len {
            let insn = code.slots[slot];
            let out = linked.slots.len();
            linked.slots.push(insn);
            linked.origins.push(InsnOrigin {
                section: section_idx,
                slot,
            });
            let is_lddw = insn.code == LDDW;
            if is_lddw && slot + 1 < code.slots.len() {
                linked.slots.push(code.slots[slot + 1]);
                linked.origins.push(InsnOrigin {
                    section: section_idx,
                    slot: slot + 1,
                });
            }
            let fixup = fixups[section_idx].get(&slot).cloned().or_else(|| {
                // A bpf-to-bpf call the compiler resolved itself stays inside the section.
                (insn.code == CALL && insn.src == BPF_PSEUDO_CALL).then(|| Fixup::Call {
                    section: section_idx,
                    slot: slot as i64 + 1 + i64::from(insn.imm),
                })
            });
            match fixup {
                Some(Fixup::Call {
                    section: target_section,
                    slot: target,
                })
                | Some(Fixup::FuncAddr {
                    section: target_section,
                    slot: target,
                }) => {
                    let is_call = insn.code == CALL;
                    let target_code = &sections[target_section];
                    let function = usize::try_from(target)
                        .ok()
                        .and_then(|t| target_code.function_at(t))
                        .ok_or_else(|| {
                            ObjError::at(
                                &code.name,
                                slot as u64 * 8,
                                ObjErrorKind::BadCallTarget {
                                    target_section: target_code.name.clone(),
                                    target,
                                },
                            )
                        })?;
                    if !order.contains(&(target_section, function)) {
                        order.push((target_section, function));
                    }
                    patches.push((out, (target_section, function), is_call));
                }
                Some(Fixup::Map { map }) => {
                    linked.slots[out].src = BPF_PSEUDO_MAP_IDX;
                    linked.slots[out].imm = map as i32;
                }
                Some(Fixup::MapValue { map, offset }) => {
                    linked.slots[out].src = BPF_PSEUDO_MAP_IDX_VALUE;
                    linked.slots[out].imm = map as i32;
                    if let Some(tail) = linked.slots.get_mut(out + 1) {
                        tail.imm = offset as i32;
                    }
                }
                None => {}
            }
            slot += if is_lddw { 2 } else { 1 };
        }
    }
    for (out, target, is_call) in patches {
        let target_start = placed[&target] as i64;
        linked.slots[out].imm = (target_start - out as i64 - 1) as i32;
        if !is_call {
            linked.slots[out].src = BPF_PSEUDO_FUNC;
            if let Some(tail) = linked.slots.get_mut(out + 1) {
                tail.imm = 0;
            }
        }
    }
    Ok(linked)
}
