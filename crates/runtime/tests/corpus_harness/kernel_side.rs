//! A case run in the real kernel through `sluice-kernel`, from the same [`Object`] Sluice loads,
//! the way libbpf loads it:
//! - the object's BTF ([`Object::raw_btf`], with libbpf's `DATASEC` fix-ups) with
//!   `BPF_BTF_LOAD`;
//! - each map with `BPF_MAP_CREATE` from its [`MapDef`](sluice_obj::MapDef), with the BTF key
//!   and value types of its definition (global data: the section's `DATASEC` as the value),
//!   retried without BTF if the kernel refuses it (as libbpf does); global data initialised with
//!   its bytes, then `.rodata` and `.kconfig` frozen (`BPF_MAP_FREEZE`);
//! - each program with `BPF_PROG_LOAD` from its linked instructions, with the map descriptors as
//!   `fd_array` in object map order (the `lddw` pseudo sources 5 and 6 hold map indices), and
//!   `func_info` (each linked function's start and its BTF `FUNC`) and `line_info` (the
//!   `.BTF.ext` line records moved to where the linker put their instructions) — these three
//!   steps are in `kernel_load.rs`, shared with `crates/bench/examples/verify_ratio.rs`;
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
use sluice_kernel::{KernelBtf, KernelMap, KernelProg, TestRun};
use sluice_obj::{MapInit, Object};

use super::kernel_load::{self, create_maps, load_btf};
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

/// What the live kernel path made of a case.
#[derive(Clone, Debug)]
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
        match kernel_load::load_program(object, def, &fd_array, case_type, btf, 0) {
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
