//! The `.BTF` section as a loader hands it to the kernel (`BPF_BTF_LOAD`): libbpf's
//! `btf_fixup_datasec`, applied to the raw bytes.
//!
//! Clang emits every `DATASEC` with size 0 and, for the variables the linker places, offset 0:
//! only the ELF file knows the section's size and the symbols' values. The kernel refuses both
//! (a `DATASEC` must have a size, and its variables must lie in it in increasing order), so for
//! each `DATASEC` other than `.kconfig` and `.ksyms` (whose layout the loader chooses):
//! - a size of 0 becomes the size of the ELF section of the same name, and then the offset of
//!   every variable that is neither static nor extern becomes the value of the global or weak
//!   object symbol of the same name;
//! - a variable whose symbol has hidden or internal visibility is marked static;
//! - the variables are sorted by offset.
//!
//! Where libbpf would give up on the object (no section, no symbol), that `DATASEC` or variable
//! is left as it was, for the kernel to judge. Nothing else changes: types keep their ids and
//! strings their offsets.

use crate::btf::{Btf, Linkage, TypeBody};
use crate::elf::{Elf, SymKind};

/// Where a record's fields are, from its start.
const RECORD_SIZE_FIELD: usize = 8;
const RECORD_LEN: usize = 12;
/// A `DATASEC` variable: type, offset, size.
const VAR_SECINFO_LEN: usize = 12;
/// A `VAR`'s linkage, after the record.
const VAR_LINKAGE_FIELD: usize = 12;

/// `raw` (the `.BTF` section, parsed as `btf` with its records at `offsets`) with every
/// `DATASEC` fixed up from `elf`.
pub(crate) fn for_kernel(raw: &[u8], btf: &Btf, offsets: &[usize], elf: &Elf) -> Vec<u8> {
    let mut out = raw.to_vec();
    for ((_, ty), &record) in btf.iter().zip(offsets) {
        let TypeBody::Datasec(datasec) = &ty.body else {
            continue;
        };
        let section = btf.name_by_offset(ty.name_off);
        let mut vars: Vec<(u32, u32, u32)> = datasec
            .vars
            .iter()
            .map(|var| (var.type_id, var.offset, var.size))
            .collect();
        if section != ".kconfig" && section != ".ksyms" {
            let mut fixup_offsets = false;
            if datasec.size == 0 {
                let Some(size) = elf
                    .section_by_name(section)
                    .and_then(|section| u32::try_from(section.size).ok())
                    .filter(|&size| size > 0)
                else {
                    continue;
                };
                put_u32(&mut out, record + RECORD_SIZE_FIELD, size);
                fixup_offsets = true;
            }
            for (type_id, offset, _) in &mut vars {
                let Some(var) = btf.type_by_id(*type_id) else {
                    continue;
                };
                let TypeBody::Var { linkage, .. } = var.body else {
                    continue;
                };
                if matches!(linkage, Linkage::Static | Linkage::Extern) {
                    continue;
                }
                let name = btf.name_by_offset(var.name_off);
                let Some(symbol) = elf.symbols.iter().find(|symbol| {
                    symbol.kind == SymKind::Object && symbol.global && symbol.name == name
                }) else {
                    continue;
                };
                if fixup_offsets && let Ok(value) = u32::try_from(symbol.value) {
                    *offset = value;
                }
                let var_record = (*type_id as usize)
                    .checked_sub(1)
                    .and_then(|index| offsets.get(index));
                if let (true, Some(&var_record)) = (symbol.hidden, var_record) {
                    put_u32(
                        &mut out,
                        var_record + VAR_LINKAGE_FIELD,
                        Linkage::Static as u32,
                    );
                }
            }
        }
        vars.sort_by_key(|&(_, offset, _)| offset);
        for (index, (type_id, offset, size)) in vars.into_iter().enumerate() {
            let at = record + RECORD_LEN + index * VAR_SECINFO_LEN;
            put_u32(&mut out, at, type_id);
            put_u32(&mut out, at + 4, offset);
            put_u32(&mut out, at + 8, size);
        }
    }
    out
}

/// Writes a little-endian `u32` (the parser only reads little-endian BTF). The offsets come
/// from the parser, which checked that each record and its elements lie in the data.
fn put_u32(out: &mut [u8], at: usize, value: u32) {
    if let Some(field) = out.get_mut(at..at + 4) {
        field.copy_from_slice(&value.to_le_bytes());
    }
}
