//! Loading an object's BTF, maps and programs into the kernel the way libbpf does (see
//! `kernel_side.rs`), from a parsed [`Object`] through `sluice-kernel`.
//!
//! Shared by the corpus harness and `crates/bench/examples/verify_ratio.rs` (which includes
//! this file with `#[path]`), so it uses only `sluice-obj`, `sluice-kernel`, `sluice-isa` and
//! `sluice-abi`, and everything it declares is used by both.

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd};

use sluice_abi::prog_type::ProgType;
use sluice_kernel::{
    FuncInfo, KernelBtf, KernelMap, KernelProg, LineInfo, MapBtf, MapCreate, ProgLoad,
};
use sluice_obj::btf::Kind;
use sluice_obj::{MapDef, MapInit, MapOrigin, Object, ProgramDef};

/// `BPF_F_SLEEPABLE`.
const BPF_F_SLEEPABLE: u32 = 1 << 4;

/// Loads the object's BTF, as libbpf does before creating maps: `None` if it has none, the
/// kernel's reason (the end of its log) if the kernel refuses it.
pub(crate) fn load_btf(object: &Object) -> Result<Option<KernelBtf>, String> {
    let Some(raw) = &object.raw_btf else {
        return Ok(None);
    };
    KernelBtf::load(raw).map(Some).map_err(|error| {
        let log = error.verifier_log().unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(3).collect();
        format!(
            "{} ({})",
            error.errno().map_or("?".into(), |e| e.to_string()),
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        )
    })
}

/// The BTF key and value type ids libbpf creates `def` with: the definition's own for maps in
/// `.maps`, the section's `DATASEC` as the value of global data (`.rodata.str1.1` and the like
/// have none); none for the map types whose BTF the kernel does not take.
fn btf_type_ids(object: &Object, def: &MapDef) -> (u32, u32) {
    // perf_event_array, stack_trace, cgroup_array, array_of_maps, hash_of_maps, devmap,
    // sockmap, cpumap, xskmap, sockhash, queue, stack, devmap_hash, arena
    if matches!(
        def.map_type,
        4 | 7 | 8 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 22 | 23 | 25 | 33
    ) {
        return (0, 0);
    }
    let datasec = |section: &str| {
        object
            .btf
            .as_ref()
            .and_then(|btf| btf.find_by_name(Kind::Datasec, section))
            .unwrap_or(0)
    };
    match &def.origin {
        MapOrigin::GlobalData { section, .. } => (0, datasec(section)),
        MapOrigin::Kconfig => (0, datasec(".kconfig")),
        MapOrigin::BtfDefined | MapOrigin::Legacy => (
            def.btf_key_type_id.unwrap_or(0),
            def.btf_value_type_id.unwrap_or(0),
        ),
    }
}

/// Creates every map of the object, in object order, with its BTF types, initial data and inner
/// maps; read-only global data is frozen once initialised.
pub(crate) fn create_maps(
    object: &Object,
    names: &[String],
    btf: Option<&KernelBtf>,
) -> Result<Vec<KernelMap>, String> {
    let mut maps = Vec::with_capacity(object.maps.len());
    for (def, name) in object.maps.iter().zip(names) {
        let map_btf = btf.and_then(|btf| {
            let (key_type_id, value_type_id) = btf_type_ids(object, def);
            (key_type_id != 0 || value_type_id != 0).then(|| MapBtf {
                fd: btf.as_fd(),
                key_type_id,
                value_type_id,
            })
        });
        // libbpf retries without BTF when the kernel refuses the map with it.
        let map = create_map(def, name, map_btf)
            .or_else(|error| match map_btf {
                Some(_) => create_map(def, name, None),
                None => Err(error),
            })
            .map_err(|e| format!("map `{name}`: {e}"))?;
        maps.push(map);
    }
    for ((def, name), map) in object.maps.iter().zip(names).zip(&maps) {
        match &def.init {
            MapInit::Data(data) => map
                .update(&0u32.to_ne_bytes(), data, 0)
                .map_err(|e| format!("initial data of `{name}`: {e}"))?,
            MapInit::Maps(slots) => {
                for (index, inner) in slots {
                    let inner = maps
                        .get(*inner)
                        .ok_or_else(|| format!("`{name}` names no map {inner}"))?;
                    let fd = inner.as_raw_fd().cast_unsigned();
                    map.update(&index.to_ne_bytes(), &fd.to_ne_bytes(), 0)
                        .map_err(|e| format!("slot {index} of `{name}`: {e}"))?;
                }
            }
            MapInit::None | MapInit::Programs(_) => {}
        }
        // libbpf freezes `.rodata*` and `.kconfig` after writing them, which makes their
        // contents constants for the verifier.
        let read_only = matches!(
            def.origin,
            MapOrigin::GlobalData {
                read_only: true,
                ..
            } | MapOrigin::Kconfig
        );
        if read_only {
            map.freeze()
                .map_err(|e| format!("freezing `{name}`: {e}"))?;
        }
    }
    Ok(maps)
}

/// One map; for maps of maps, a template inner map (without BTF, as libbpf creates it) is
/// created first and closed after.
fn create_map(
    def: &MapDef,
    name: &str,
    btf: Option<MapBtf<'_>>,
) -> Result<KernelMap, sluice_kernel::Error> {
    let template = match &def.inner {
        Some(inner) => Some(create_map(inner, "", None)?),
        None => None,
    };
    MapCreate {
        map_type: def.map_type,
        key_size: def.key_size,
        value_size: def.value_size,
        max_entries: def.max_entries,
        map_flags: def.map_flags,
        name,
        inner_map_fd: template.as_ref().map(AsFd::as_fd),
        numa_node: def.numa_node,
        map_extra: def.map_extra,
        btf,
        ..MapCreate::default()
    }
    .create()
}

/// Loads `def` (linked instructions) as libbpf does: the section's program type, or `case_type`
/// for sections that do not say one (as `bpftool prog loadall ... type T`); `maps` (in object
/// order) as `fd_array`; with the object's BTF, its `func_info` and `line_info`; the verifier
/// log at `log_level`.
pub(crate) fn load_program(
    object: &Object,
    def: &ProgramDef,
    fd_array: &[BorrowedFd<'_>],
    case_type: ProgType,
    btf: Option<&KernelBtf>,
    log_level: u32,
) -> Result<KernelProg, sluice_kernel::Error> {
    let insns = sluice_isa::slots_to_bytes(&def.insns);
    let name: String = def.name.chars().take(15).collect();
    let (func_info, line_info) = match btf {
        Some(_) => btf_records(object, def),
        None => (Vec::new(), Vec::new()),
    };
    let load = ProgLoad {
        prog_type: def.prog_type.unwrap_or(case_type).as_u32(),
        expected_attach_type: def.attach_type.map_or(0, |t| t.as_u32()),
        insns: &insns,
        license: &object.license,
        kern_version: object.kernel_version.unwrap_or(0),
        prog_flags: if def.sleepable { BPF_F_SLEEPABLE } else { 0 },
        name: &name,
        fd_array: Some(fd_array),
        prog_btf_fd: btf.map(AsFd::as_fd),
        func_info: &func_info,
        line_info: &line_info,
        log_level,
        ..ProgLoad::default()
    };
    load.load()
}

/// The `func_info` and `line_info` of a linked program, as libbpf passes them: one `FUNC` per
/// linked function at its first slot (none if a function has no `FUNC` in the object's BTF),
/// and the `.BTF.ext` line records of each slot's origin (none unless every function starts
/// with one, which the kernel requires).
fn btf_records(object: &Object, def: &ProgramDef) -> (Vec<FuncInfo>, Vec<LineInfo>) {
    let Some(btf) = &object.btf else {
        return (Vec::new(), Vec::new());
    };
    let func_info: Option<Vec<FuncInfo>> = def
        .functions
        .iter()
        .map(|function| {
            Some(FuncInfo {
                insn_off: u32::try_from(function.start).ok()?,
                type_id: btf.find_by_name(Kind::Func, &function.name)?,
            })
        })
        .collect();
    let Some(mut func_info) = func_info else {
        return (Vec::new(), Vec::new());
    };
    func_info.sort_by_key(|info| info.insn_off);

    let mut line_info = Vec::new();
    if let Some(btf_ext) = &object.btf_ext {
        let mut by_section: BTreeMap<usize, BTreeMap<u32, &sluice_obj::btf::LineInfo>> =
            BTreeMap::new();
        for (slot, origin) in def.origins.iter().enumerate() {
            let records = by_section.entry(origin.section).or_insert_with(|| {
                let name = &object.code_sections[origin.section];
                btf_ext
                    .line_info_for(name)
                    .iter()
                    .map(|record| (record.insn_off, record))
                    .collect()
            });
            let (Ok(offset), Ok(insn_off)) = (u32::try_from(origin.slot * 8), u32::try_from(slot))
            else {
                continue;
            };
            if let Some(record) = records.get(&offset) {
                line_info.push(LineInfo {
                    insn_off,
                    file_name_off: record.file_name_off,
                    line_off: record.line_off,
                    line_col: LineInfo::line_col(record.line, record.column),
                });
            }
        }
        let starts_covered = func_info.iter().all(|function| {
            line_info
                .iter()
                .any(|line| line.insn_off == function.insn_off)
        });
        if !starts_covered {
            line_info.clear();
        }
    }
    (func_info, line_info)
}
