//! Legacy map definitions: `struct bpf_map_def` records in the `maps` section.
//!
//! Each symbol of the section is one map. As libbpf does, the record size is the section size
//! divided by the number of symbols; the first five `u32` fields are `type`, `key_size`,
//! `value_size`, `max_entries` and `map_flags`, and longer records (iproute2's `bpf_elf_map`,
//! older samples with `inner_map_idx` and `numa_node`) keep their extra fields unread.

use crate::elf::Elf;
use crate::error::{ObjError, ObjErrorKind};
use crate::map_def::{MapDef, MapOrigin};

const LEGACY_FIELDS: usize = 5;

/// Parses the legacy `maps` section, if there is one.
pub(crate) fn parse(elf: &Elf) -> Result<Vec<(usize, MapDef)>, ObjError> {
    let Some(section) = elf.section_by_name("maps") else {
        return Ok(Vec::new());
    };
    let error = |offset: u64, reason: String| {
        ObjError::at("maps", offset, ObjErrorKind::LegacyMaps(reason))
    };
    let symbols = elf.objects_in(section.index);
    if symbols.is_empty() {
        if section.size == 0 {
            return Ok(Vec::new());
        }
        return Err(error(
            0,
            "the section has data but no map symbols".to_string(),
        ));
    }
    let record_size = section.size / symbols.len() as u64;
    if record_size < (LEGACY_FIELDS * 4) as u64 || section.size % symbols.len() as u64 != 0 {
        return Err(error(
            0,
            format!(
                "{} bytes do not divide into {} records of at least 20 bytes",
                section.size,
                symbols.len()
            ),
        ));
    }
    let mut maps = Vec::new();
    for symbol in symbols {
        let start = symbol.value;
        let end = start
            .checked_add(LEGACY_FIELDS as u64 * 4)
            .filter(|end| *end <= section.data.len() as u64);
        let Some(end) = end else {
            return Err(error(
                start,
                format!("map `{}` lies outside the section", symbol.name),
            ));
        };
        if start % record_size != 0 {
            return Err(error(
                start,
                format!("map `{}` does not start on a record boundary", symbol.name),
            ));
        }
        let fields: Vec<u32> = section.data[start as usize..end as usize]
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .collect();
        let mut def = MapDef::new(&symbol.name, fields[0], fields[1], fields[2], fields[3]);
        def.map_flags = fields[4];
        def.origin = MapOrigin::Legacy;
        maps.push((symbol.value as usize, def));
    }
    Ok(maps)
}
