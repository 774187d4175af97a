//! A case run in Sluice on one engine: the object loaded with [`LoadedObject::load`],
//! `maps_before` applied with [`Map::update`], each run made with [`test_run`], then every map
//! dumped.

use std::collections::BTreeMap;
use std::sync::Arc;

use sluice_maps::Map;
use sluice_maps::spec::percpu_stride;
use sluice_obj::Object;
use sluice_runtime::test_run::{TestRunInput, test_run};
use sluice_runtime::{Engine, JitOptions, LoadOptions, LoadedObject};

use super::manifest::{Case, corpus_dir, hex};
use super::outcome::{
    MapContents, MapValue, Outcome, RunOutcome, is_dumpable, is_popped, libbpf_map_name,
};

/// Instructions one run may execute before it counts as runaway (the corpus needs far fewer;
/// `tail_limit` is the longest at about 34 × 20).
const INSN_BUDGET: u64 = 10_000_000;

/// An engine a case runs on, with the JIT's options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EngineConfig {
    pub(crate) name: &'static str,
    pub(crate) engine: Engine,
    pub(crate) jit: JitOptions,
}

/// Every case runs on each: the interpreter, the JIT, and the JIT with constant blinding.
pub(crate) const CONFIGS: [EngineConfig; 3] = [
    EngineConfig {
        name: "interp",
        engine: Engine::Interp,
        jit: JitOptions {
            harden: false,
            spectre_masking: true,
        },
    },
    EngineConfig {
        name: "jit",
        engine: Engine::Jit,
        jit: JitOptions {
            harden: false,
            spectre_masking: true,
        },
    },
    EngineConfig {
        name: "jit+harden",
        engine: Engine::Jit,
        jit: JitOptions {
            harden: true,
            spectre_masking: true,
        },
    },
];

/// Runs `case` in Sluice. Problems with the case itself (a missing object) are `Err`; what
/// Sluice refuses or traps on is the outcome's `error`.
pub(crate) fn run(case: &Case, config: EngineConfig) -> Result<Outcome, String> {
    let path = corpus_dir().join(&case.object);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let prog_type = case.prog_type()?;
    let mut outcome = Outcome::default();
    let object = match Object::parse(&bytes) {
        Ok(object) => object,
        Err(error) => {
            outcome.error = Some(format!("parse: {error}"));
            return Ok(outcome);
        }
    };
    let options = LoadOptions {
        prog_type: Some(prog_type),
        ..LoadOptions::default()
    };
    let loaded = match LoadedObject::load(object, &options) {
        Ok(loaded) => loaded,
        Err(error) => {
            outcome.error = Some(format!("load: {error}"));
            return Ok(outcome);
        }
    };
    let names: Vec<String> = loaded
        .object
        .maps
        .iter()
        .map(|def| libbpf_map_name(&case.object, def))
        .collect();
    for entry in &case.maps_before {
        let Some(index) = names.iter().position(|name| *name == entry.map) else {
            outcome.error = Some(format!("maps_before: no map `{}`", entry.map));
            return Ok(outcome);
        };
        let map = &loaded.maps[index];
        let value = user_value(map, &hex(&entry.value)?);
        if let Err(error) = map.update(&hex(&entry.key)?, &value, 0) {
            outcome.error = Some(format!("maps_before {} {}: {error}", entry.map, entry.key));
            return Ok(outcome);
        }
    }
    let program = match loaded.program(&case.program) {
        Ok(program) => program,
        Err(error) => {
            outcome.error = Some(error.to_string());
            return Ok(outcome);
        }
    };
    for (index, run) in case.runs.iter().enumerate() {
        let ctx_in = run.ctx()?;
        let (times, repeat) = if case.repeats_separately() {
            (run.repeat.max(1), 1)
        } else {
            (1, run.repeat)
        };
        let input = TestRunInput {
            data_in: run.data()?,
            ctx_in: ctx_in.clone(),
            repeat,
            cpu: 0,
            insn_budget: Some(INSN_BUDGET),
            engine: config.engine,
            jit_options: config.jit,
            ..TestRunInput::default()
        };
        let mut last = None;
        for _ in 0..times {
            match test_run(&loaded, program, &input) {
                Ok(output) => last = Some(output),
                Err(error) => {
                    outcome.error = Some(format!("run {index}: {error}"));
                    return Ok(outcome);
                }
            }
        }
        let Some(output) = last else { continue };
        // Raw tracepoints give no context back; the kernel refuses a ctx_out buffer for them.
        let ctx_out = if ctx_in.is_some() && case.prog_type != "raw_tracepoint" {
            output.ctx_out
        } else {
            Vec::new()
        };
        outcome
            .runs
            .push(RunOutcome::new(output.retval, output.data_out, ctx_out));
    }
    for (name, map) in names.into_iter().zip(&loaded.maps) {
        let contents = if case.nondeterministic_maps.contains(&name) {
            MapContents::NotCompared
        } else {
            match dump(map) {
                Ok(contents) => contents,
                Err(error) => {
                    outcome.error = Some(format!("dump of {name}: {error}"));
                    return Ok(outcome);
                }
            }
        };
        outcome.maps.insert(name, contents);
    }
    Ok(outcome)
}

/// A value as user space passes it: per-CPU maps take one copy per CPU, each padded to 8 bytes.
fn user_value(map: &Arc<dyn Map>, value: &[u8]) -> Vec<u8> {
    let spec = map.spec();
    if !spec.is_percpu() {
        return value.to_vec();
    }
    let stride = percpu_stride(spec.value_size);
    let mut buffer = vec![0u8; spec.user_value_len()];
    for slot in buffer.chunks_mut(stride.max(1)) {
        let len = value.len().min(slot.len());
        slot[..len].copy_from_slice(&value[..len]);
    }
    buffer
}

/// The final contents of a map, read as user space reads them.
fn dump(map: &Arc<dyn Map>) -> Result<MapContents, String> {
    let spec = map.spec();
    if !is_dumpable(spec.map_type) {
        return Ok(MapContents::NotDumpable);
    }
    let mut value = vec![0u8; spec.user_value_len()];
    if is_popped(spec.map_type) {
        let mut popped = Vec::new();
        while map.lookup_and_delete(None, &mut value).is_ok() {
            popped.push(value.clone());
            if popped.len() > spec.max_entries as usize {
                return Err("more values popped than max_entries".into());
            }
        }
        return Ok(MapContents::Popped(popped));
    }
    let mut entries = BTreeMap::new();
    let mut key = vec![0u8; spec.key_size as usize];
    let mut prev: Option<Vec<u8>> = None;
    while map.next_key(prev.as_deref(), &mut key).is_ok() {
        if entries.len() > spec.max_entries as usize {
            return Err("more keys than max_entries: next_key does not end".into());
        }
        if map.lookup(&key, &mut value).is_ok() {
            let value = if spec.is_percpu() {
                let stride = percpu_stride(spec.value_size).max(1);
                MapValue::PerCpu(
                    value
                        .chunks(stride)
                        .map(|slot| slot[..spec.value_size as usize].to_vec())
                        .collect(),
                )
            } else {
                MapValue::Plain(value.clone())
            };
            entries.insert(key.clone(), value);
        }
        prev = Some(key.clone());
    }
    Ok(MapContents::Entries(entries))
}
