//! A case run in the real kernel through `sluice-kernel`, from the same [`Object`] Sluice loads,
//! the way libbpf loads it:
//! - the object's BTF ([`Object::raw_btf`], with libbpf's `DATASEC` fix-ups) with
//!   `BPF_BTF_LOAD`;
//! - each map with `BPF_MAP_CREATE` from its [`MapDef`], with the BTF key and value types of its
//!   definition (global data: the section's `DATASEC` as the value), retried without BTF if the
//!   kernel refuses it (as libbpf does); global data initialised with its bytes, then `.rodata`
//!   and `.kconfig` frozen (`BPF_MAP_FREEZE`);
//! - each program with `BPF_PROG_LOAD` from its linked instructions, with the map descriptors as
//!   `fd_array` in object map order (the `lddw` pseudo sources 5 and 6 hold map indices), and
//!   `func_info` (each linked function's start and its BTF `FUNC`) and `line_info` (the
//!   `.BTF.ext` line records moved to where the linker put their instructions);
//! - program arrays and maps of maps filled in, then `BPF_PROG_TEST_RUN` (for syscall programs
//!   the context they write back into `ctx_in` is the run's `ctx_out`).
//!
//! A case this path cannot reproduce faithfully goes to the recorded results instead
//! ([`KernelVerdict::NeedsRecorded`]): when the kernel refuses the object's BTF (the reason is
//! printed), programs that need it (spin locks in map values, callbacks) are refused by the
//! verifier for want of BTF, not for what they do.

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd};

use sluice_abi::prog_type::ProgType;
use sluice_kernel::{
    FuncInfo, KernelBtf, KernelMap, KernelProg, LineInfo, MapBtf, MapCreate, ProgLoad, TestRun,
};
use sluice_obj::btf::Kind;
use sluice_obj::{MapDef, MapInit, MapOrigin, Object, ProgramDef};

use super::manifest::{Case, corpus_dir, hex};
use super::outcome::{
    MapContents, MapValue, Outcome, RunOutcome, is_dumpable, is_popped, libbpf_map_name,
};

/// Room for the packet after a run: more than the largest XDP frame (3520 bytes plus
/// metadata), so the kernel never answers `ENOSPC` (which would make `sluice-kernel` run the
/// program again).
const DATA_OUT_ROOM: usize = 8192;
/// Room for the context after a run: more than every context (`__sk_buff` is 192 bytes).
const CTX_OUT_ROOM: usize = 512;
/// `BPF_F_SLEEPABLE`.
const BPF_F_SLEEPABLE: u32 = 1 << 4;

/// What the live kernel path made of a case.
#[derive(Debug)]
pub(crate) enum KernelVerdict {
    /// The kernel's outcome.
    Live(Outcome),
    /// This path cannot reproduce the case faithfully; the reason.
    NeedsRecorded(String),
}

/// Verifier messages that mean the load failed only because BTF is missing, with what to say
/// about it. (A constant string in an unfrozen `.rodata` cannot happen: `.rodata` is frozen, and
/// a failure to freeze it is the case's error.)
const BTF_ONLY_REFUSALS: &[(&str, &str)] = &[
    ("missing btf func_info", "callbacks need BTF func_info"),
    (
        "has to have BTF",
        "a spin lock in a map value needs map BTF",
    ),
];

/// Runs `case` in the kernel.
pub(crate) fn run(case: &Case) -> Result<KernelVerdict, String> {
    let path = corpus_dir().join(&case.object);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let object = Object::parse(&bytes).map_err(|e| format!("parse: {e}"))?;
    let prog_type = case.prog_type()?;
    let names: Vec<String> = object
        .maps
        .iter()
        .map(|def| libbpf_map_name(&case.object, def))
        .collect();
    let mut outcome = Outcome::default();
    let btf = match load_btf(&object) {
        Ok(btf) => btf,
        Err(reason) => {
            println!(
                "note: the kernel refused the BTF of {}; loading without it: {reason}",
                case.object
            );
            None
        }
    };
    let maps = match create_maps(&object, &names, btf.as_ref()) {
        Ok(maps) => maps,
        Err(error) => {
            outcome.error = Some(error);
            return Ok(KernelVerdict::Live(outcome));
        }
    };
    let programs = match load_programs(&object, &maps, prog_type, btf.as_ref()) {
        Ok(programs) => programs,
        Err(LoadFailure::BtfOnly(reason)) => return Ok(KernelVerdict::NeedsRecorded(reason)),
        Err(LoadFailure::Other(error)) => {
            outcome.error = Some(error);
            return Ok(KernelVerdict::Live(outcome));
        }
    };
    if let Err(error) = fill_prog_arrays(&object, &maps, &programs) {
        outcome.error = Some(error);
        return Ok(KernelVerdict::Live(outcome));
    }
    for entry in &case.maps_before {
        let Some(index) = names.iter().position(|name| *name == entry.map) else {
            outcome.error = Some(format!("maps_before: no map `{}`", entry.map));
            return Ok(KernelVerdict::Live(outcome));
        };
        let map = &maps[index];
        let value = user_value(map, &hex(&entry.value)?)?;
        if let Err(error) = map.update(&hex(&entry.key)?, &value, 0) {
            outcome.error = Some(format!("maps_before {} {}: {error}", entry.map, entry.key));
            return Ok(KernelVerdict::Live(outcome));
        }
    }
    let Some((_, program)) = object
        .programs
        .iter()
        .zip(&programs)
        .find(|(def, _)| def.name == case.program)
    else {
        outcome.error = Some(format!("no program `{}`", case.program));
        return Ok(KernelVerdict::Live(outcome));
    };
    for (index, run) in case.runs.iter().enumerate() {
        match run_once(case, program, run) {
            Ok(result) => outcome.runs.push(result),
            Err(error) => {
                outcome.error = Some(format!("run {index}: {error}"));
                return Ok(KernelVerdict::Live(outcome));
            }
        }
    }
    for (name, map) in names.into_iter().zip(&maps) {
        let contents = if case.nondeterministic_maps.contains(&name) {
            MapContents::NotCompared
        } else {
            match dump(map) {
                Ok(contents) => contents,
                Err(error) => {
                    outcome.error = Some(format!("dump of {name}: {error}"));
                    return Ok(KernelVerdict::Live(outcome));
                }
            }
        };
        outcome.maps.insert(name, contents);
    }
    Ok(KernelVerdict::Live(outcome))
}

/// One manifest run: one test run, or `repeat` separate ones for raw tracepoints and syscall
/// programs, which refuse `repeat` and output buffers.
fn run_once(
    case: &Case,
    program: &KernelProg,
    run: &super::manifest::Run,
) -> Result<RunOutcome, String> {
    let data_in = run.data()?;
    let ctx_in = run.ctx()?;
    let separately = case.repeats_separately();
    let input = TestRun {
        data_in: &data_in,
        data_out_size: if data_in.is_empty() { 0 } else { DATA_OUT_ROOM },
        ctx_in: ctx_in.as_deref(),
        ctx_out_size: if ctx_in.is_some() && !separately {
            CTX_OUT_ROOM
        } else {
            0
        },
        repeat: if separately { 0 } else { run.repeat },
        ..TestRun::default()
    };
    let times = if separately { run.repeat.max(1) } else { 1 };
    let mut last = None;
    for _ in 0..times {
        last = Some(program.test_run(&input).map_err(|e| e.to_string())?);
    }
    let output = last.ok_or("no run")?;
    // Syscall programs take no ctx_out: they write their context back into ctx_in.
    let ctx_out = if case.prog_type == "syscall" {
        output.ctx_in_after.unwrap_or_default()
    } else {
        output.ctx_out
    };
    Ok(RunOutcome::new(output.retval, output.data_out, ctx_out))
}

/// Loads the object's BTF, as libbpf does before creating maps: `None` if it has none, the
/// kernel's reason (the end of its log) if the kernel refuses it.
fn load_btf(object: &Object) -> Result<Option<KernelBtf>, String> {
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
fn create_maps(
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

enum LoadFailure {
    BtfOnly(String),
    Other(String),
}

/// Loads every program of the object, in object order: the section's type, or the case's for
/// sections that do not say one (as `bpftool prog loadall ... type T`).
fn load_programs(
    object: &Object,
    maps: &[KernelMap],
    case_type: ProgType,
    btf: Option<&KernelBtf>,
) -> Result<Vec<KernelProg>, LoadFailure> {
    let fd_array: Vec<BorrowedFd<'_>> = maps.iter().map(AsFd::as_fd).collect();
    let mut programs = Vec::with_capacity(object.programs.len());
    for def in &object.programs {
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
            fd_array: Some(&fd_array),
            prog_btf_fd: btf.map(AsFd::as_fd),
            func_info: &func_info,
            line_info: &line_info,
            ..ProgLoad::default()
        };
        match load.load() {
            Ok(program) => programs.push(program),
            Err(error) => {
                let log = error.verifier_log().unwrap_or_default();
                if let Some((_, reason)) = BTF_ONLY_REFUSALS
                    .iter()
                    .find(|(message, _)| log.contains(message))
                {
                    let why = if btf.is_none() {
                        "the kernel refused the object's BTF (see the note above)"
                    } else {
                        "the object's BTF lacks a FUNC for a function, or the map's BTF was refused"
                    };
                    return Err(LoadFailure::BtfOnly(format!(
                        "live kernel load of `{}` refused: {reason}, and {why}",
                        def.name
                    )));
                }
                let tail: Vec<&str> = log.lines().rev().take(3).collect();
                return Err(LoadFailure::Other(format!(
                    "load of `{}`: {} ({})",
                    def.name,
                    error.errno().map_or("?".into(), |e| e.to_string()),
                    tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
                )));
            }
        }
    }
    Ok(programs)
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

/// Puts the programs named in program arrays' initial values into their slots.
fn fill_prog_arrays(
    object: &Object,
    maps: &[KernelMap],
    programs: &[KernelProg],
) -> Result<(), String> {
    for (def, map) in object.maps.iter().zip(maps) {
        let MapInit::Programs(slots) = &def.init else {
            continue;
        };
        for (index, name) in slots {
            let position = object
                .programs
                .iter()
                .position(|program| &program.name == name)
                .ok_or_else(|| format!("`{}` names no program `{name}`", def.name))?;
            let fd = programs[position].as_raw_fd().cast_unsigned();
            map.update(&index.to_ne_bytes(), &fd.to_ne_bytes(), 0)
                .map_err(|e| format!("slot {index} of `{}`: {e}", def.name))?;
        }
    }
    Ok(())
}

/// A value as the kernel takes it from user space (per-CPU maps: one copy per CPU, padded).
fn user_value(map: &KernelMap, value: &[u8]) -> Result<Vec<u8>, String> {
    let len = map.value_len().map_err(|e| e.to_string())?;
    if len == value.len() {
        return Ok(value.to_vec());
    }
    let stride = (map.value_size() as usize).next_multiple_of(8).max(1);
    let mut buffer = vec![0u8; len];
    for slot in buffer.chunks_mut(stride) {
        let n = value.len().min(slot.len());
        slot[..n].copy_from_slice(&value[..n]);
    }
    Ok(buffer)
}

/// The final contents of a map, as `check-kernel.sh` dumps them.
fn dump(map: &KernelMap) -> Result<MapContents, String> {
    let map_type = map.map_type();
    if !is_dumpable(map_type) {
        return Ok(MapContents::NotDumpable);
    }
    let error = |e: sluice_kernel::Error| e.to_string();
    let mut value = vec![0u8; map.value_len().map_err(error)?];
    if is_popped(map_type) {
        let mut popped = Vec::new();
        while map.lookup_and_delete(None, &mut value).map_err(error)? {
            popped.push(value.clone());
            if popped.len() > map.max_entries() as usize {
                return Err("more values popped than max_entries".into());
            }
        }
        return Ok(MapContents::Popped(popped));
    }
    // percpu_hash, percpu_array, lru_percpu_hash
    let percpu = matches!(map_type, 5 | 6 | 10);
    let mut entries = BTreeMap::new();
    let mut prev: Option<Vec<u8>> = None;
    while let Some(key) = map.get_next_key(prev.as_deref()).map_err(error)? {
        if entries.len() > map.max_entries() as usize {
            return Err("more keys than max_entries".into());
        }
        let value = if percpu {
            map.lookup_percpu(&key)
                .map_err(error)?
                .map(MapValue::PerCpu)
        } else {
            map.lookup(&key, &mut value)
                .map_err(error)?
                .then(|| MapValue::Plain(value.clone()))
        };
        if let Some(value) = value {
            entries.insert(key.clone(), value);
        }
        prev = Some(key);
    }
    Ok(MapContents::Entries(entries))
}
