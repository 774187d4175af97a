//! Loading an [`Object`]: its maps created and initialised, its programs resolved (map
//! references become map handles and value addresses, context accesses rewritten) and
//! prepared for the interpreter.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use sluice_abi::prog_type::ProgType;
use sluice_interp::Executable;
use sluice_isa::opcode::{BPF_PSEUDO_MAP_IDX, BPF_PSEUDO_MAP_IDX_VALUE};
use sluice_isa::{Instruction, LdImm64, Program, RawInsn};
use sluice_maps::{Map, MapSpec};
use sluice_obj::{MapDef, MapInit, MapOrigin, Object, ProgramDef};

use crate::context::{ContextLayout, rewrite_context_accesses};
use crate::error::RuntimeError;
use crate::registry::Registry;

/// Options of [`LoadedObject::load`].
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Per-CPU slots of per-CPU maps; `None`: the machine's possible CPUs, as the kernel.
    pub n_cpus: Option<u32>,
    /// The program type of programs whose section name does not say it (iproute2 and Cilium
    /// style objects), or of every program when `force_prog_type` is set.
    pub prog_type: Option<ProgType>,
    /// Use `prog_type` even where the section name says otherwise.
    pub force_prog_type: bool,
    /// Initial values of global variables (`.rodata` configuration knobs, `.data`, `.bss`), by
    /// name, as a libbpf skeleton sets them before load; each value must have the variable's
    /// size.
    pub globals: Vec<(String, Vec<u8>)>,
    /// Verify with the rules for unprivileged users (default: privileged, as root).
    pub unprivileged: bool,
}

/// One program, ready to run.
#[derive(Debug, Clone)]
pub struct LoadedProgram {
    pub name: String,
    pub section: String,
    /// The program type, from the section name or the load options.
    pub prog_type: Option<ProgType>,
    /// The id program arrays refer to it by.
    pub id: u32,
    /// The resolved program (map references replaced, context accesses rewritten).
    pub program: Program,
    pub executable: Arc<Executable>,
    /// The context layout for its type, if the type has a fixed context.
    pub context: Option<ContextLayout>,
    /// Index into [`Object::programs`].
    pub def_index: usize,
}

/// A loaded object.
#[derive(Debug)]
pub struct LoadedObject {
    pub object: Object,
    /// The maps, in the order of [`Object::maps`].
    pub maps: Vec<Arc<dyn Map>>,
    pub programs: Vec<LoadedProgram>,
    pub registry: Arc<Registry>,
}

/// The number of possible CPUs, as `/sys/devices/system/cpu/possible` says (`0-3` gives 4).
pub fn possible_cpus() -> u32 {
    let text = std::fs::read_to_string("/sys/devices/system/cpu/possible").unwrap_or_default();
    let count: u32 = text
        .trim()
        .split(',')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('-') {
            Some((lo, hi)) => {
                hi.parse::<u32>()
                    .unwrap_or(0)
                    .saturating_sub(lo.parse().unwrap_or(0))
                    + 1
            }
            None => 1,
        })
        .sum();
    count.max(1)
}

fn program_ids() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Verifies one program of the object before it is prepared for an engine.
fn verify(
    object: &Object,
    def: &ProgramDef,
    prog_type: Option<ProgType>,
    privileged: bool,
) -> Result<sluice_verifier::VerifiedProgram, RuntimeError> {
    let rejected = |error: sluice_verifier::VerifyError, rendered: String| RuntimeError::Rejected {
        program: def.name.clone(),
        rendered,
        error: Box::new(error),
    };
    let mut options = sluice_verifier::object::options_for(object, def, prog_type, privileged)
        .map_err(|error| {
            let rendered = format!("error[{}]: {}", error.kind, error.message);
            rejected(error, rendered)
        })?;
    // A helper Linux has but Sluice does not implement is refused here, with the call's
    // source line, rather than trapping when the program runs.
    options.implemented_helpers = Some(crate::helpers::implemented());
    let linked = def.program(object)?;
    sluice_verifier::verify(&linked, &options).map_err(|error| {
        let line_of = |insn| sluice_verifier::object::source_line(object, def, insn);
        let rendered = sluice_verifier::render::render(&error, &linked, &line_of);
        rejected(error, rendered)
    })
}

/// The map spec for a definition. A perf event array that leaves `max_entries` at 0 gets one
/// entry per CPU, as libbpf gives it.
pub fn map_spec(def: &MapDef, n_cpus: u32) -> MapSpec {
    let perf_array = def.map_type == sluice_abi::map_type::MapType::PerfEventArray as u32;
    MapSpec {
        name: def.name.clone(),
        map_type: def.map_type,
        key_size: def.key_size,
        value_size: def.value_size,
        max_entries: if perf_array && def.max_entries == 0 {
            n_cpus
        } else {
            def.max_entries
        },
        map_flags: def.map_flags,
        n_cpus,
        map_extra: def.map_extra,
        inner: def
            .inner
            .as_ref()
            .map(|inner| Box::new(map_spec(inner, n_cpus))),
    }
}

impl LoadedObject {
    /// Loads an object.
    pub fn load(mut object: Object, options: &LoadOptions) -> Result<LoadedObject, RuntimeError> {
        set_globals(&mut object, &options.globals)?;
        let n_cpus = options.n_cpus.unwrap_or_else(possible_cpus).max(1);
        let registry = Arc::new(Registry::default());
        let mut maps = Vec::with_capacity(object.maps.len());
        for def in &object.maps {
            let map =
                sluice_maps::create(&map_spec(def, n_cpus)).map_err(|error| RuntimeError::Map {
                    map: def.name.clone(),
                    error,
                })?;
            registry.add_map(&map);
            maps.push(map);
        }
        for (def, map) in object.maps.iter().zip(&maps) {
            if let MapInit::Data(data) = &def.init {
                map.update(&0u32.to_le_bytes(), data, 0)
                    .map_err(|error| RuntimeError::Map {
                        map: def.name.clone(),
                        error,
                    })?;
            }
            // `.rodata` and `.kconfig` are frozen, as libbpf does: the verifier treats their
            // contents as constants.
            let frozen = matches!(
                def.origin,
                MapOrigin::GlobalData {
                    read_only: true,
                    ..
                } | MapOrigin::Kconfig
            );
            if frozen {
                map.freeze().map_err(|error| RuntimeError::Map {
                    map: def.name.clone(),
                    error,
                })?;
            }
            if let MapInit::Maps(slots) = &def.init {
                for (index, inner) in slots {
                    crate::map_ops::set_inner(map, &index.to_le_bytes(), &maps[*inner]).map_err(
                        |error| RuntimeError::Map {
                            map: def.name.clone(),
                            error,
                        },
                    )?;
                }
            }
        }
        let mut programs = Vec::with_capacity(object.programs.len());
        for (def_index, def) in object.programs.iter().enumerate() {
            let prog_type = match (options.force_prog_type, options.prog_type, def.prog_type) {
                (true, Some(forced), _) => Some(forced),
                (_, _, Some(from_section)) => Some(from_section),
                (_, fallback, None) => fallback,
            };
            let verified = verify(&object, def, prog_type, !options.unprivileged)?;
            let program = prepare(&object, def, &maps, prog_type)?;
            let verified =
                verified
                    .with_fixups(program.clone())
                    .ok_or_else(|| RuntimeError::Program {
                        program: def.name.clone(),
                        message: "the load-time rewrite changed the program's shape".to_string(),
                    })?;
            let context = prog_type.and_then(ContextLayout::for_prog_type);
            let executable = Arc::new(Executable::new(&verified).with_maps(maps.clone()));
            let id = program_ids();
            registry.add_program(id, executable.clone());
            programs.push(LoadedProgram {
                name: def.name.clone(),
                section: def.section.clone(),
                prog_type,
                id,
                program,
                executable,
                context,
                def_index,
            });
        }
        for (def, map) in object.maps.iter().zip(&maps) {
            if let MapInit::Programs(slots) = &def.init {
                for (index, name) in slots {
                    let Some(program) = programs.iter().find(|program| &program.name == name)
                    else {
                        return Err(RuntimeError::Program {
                            program: name.clone(),
                            message: format!(
                                "named in the initial values of `{}` but not in the object",
                                def.name
                            ),
                        });
                    };
                    map.update(&index.to_le_bytes(), &program.id.to_le_bytes(), 0)
                        .map_err(|error| RuntimeError::Map {
                            map: def.name.clone(),
                            error,
                        })?;
                }
            }
        }
        Ok(LoadedObject {
            object,
            maps,
            programs,
            registry,
        })
    }

    /// The program with this name.
    pub fn program(&self, name: &str) -> Result<&LoadedProgram, RuntimeError> {
        self.programs
            .iter()
            .find(|program| program.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = self
                    .programs
                    .iter()
                    .map(|program| program.name.as_str())
                    .collect();
                RuntimeError::NoSuchProgram(name.to_string(), names.join(", "))
            })
    }

    /// The map with this name.
    pub fn map(&self, name: &str) -> Result<&Arc<dyn Map>, RuntimeError> {
        self.object
            .maps
            .iter()
            .position(|def| def.name == name)
            .map(|index| &self.maps[index])
            .ok_or_else(|| RuntimeError::NoSuchMap(name.to_string()))
    }
}

/// Writes the initial values of global variables into their data maps' initial contents.
fn set_globals(object: &mut Object, globals: &[(String, Vec<u8>)]) -> Result<(), RuntimeError> {
    for (name, value) in globals {
        let Some(var) = object.globals.iter().find(|var| &var.name == name).cloned() else {
            let known: Vec<&str> = object.globals.iter().map(|var| var.name.as_str()).collect();
            return Err(RuntimeError::Unsupported(format!(
                "no global variable `{name}` (the object has: {})",
                known.join(", ")
            )));
        };
        if value.len() != var.size as usize {
            return Err(RuntimeError::Unsupported(format!(
                "global variable `{name}` has {} bytes, the value given has {}",
                var.size,
                value.len()
            )));
        }
        let def = &mut object.maps[var.map];
        if let MapInit::Data(data) = &mut def.init {
            let start = var.offset as usize;
            if let Some(slot) = data.get_mut(start..start + value.len()) {
                slot.copy_from_slice(value);
            }
        }
    }
    Ok(())
}

/// Resolves a linked program: `lddw` of map `i` becomes the map's handle, `lddw` of byte `off`
/// of map `i`'s value becomes that byte's address; context loads are rewritten for the program
/// type.
fn prepare(
    object: &Object,
    def: &ProgramDef,
    maps: &[Arc<dyn Map>],
    prog_type: Option<ProgType>,
) -> Result<Program, RuntimeError> {
    let error = |message: String| RuntimeError::Program {
        program: def.name.clone(),
        message,
    };
    let linked = def.program(object)?;
    let mut slots: Vec<RawInsn> = linked.slots().to_vec();
    for &(slot, insn) in linked.insns() {
        let Instruction::LdImm64 { dst, value } = insn else {
            continue;
        };
        let resolved = match value {
            LdImm64::MapIdx(index) => {
                let map = usize::try_from(index)
                    .ok()
                    .and_then(|i| maps.get(i))
                    .ok_or_else(|| error(format!("instruction {slot}: no map {index}")))?;
                sluice_maps::map_handle(map)
            }
            LdImm64::MapIdxValue { index, offset } => {
                let map = usize::try_from(index)
                    .ok()
                    .and_then(|i| maps.get(i))
                    .ok_or_else(|| error(format!("instruction {slot}: no map {index}")))?;
                let base = map.lookup_addr(&0u32.to_le_bytes(), 0).ok_or_else(|| {
                    error(format!(
                        "instruction {slot}: map `{}` has no value to point into",
                        map.spec().name
                    ))
                })?;
                if u64::from(offset) >= u64::from(map.spec().value_size) {
                    return Err(error(format!(
                        "instruction {slot}: offset {offset} is outside the value of `{}`",
                        map.spec().name
                    )));
                }
                base + u64::from(offset)
            }
            _ => continue,
        };
        let encoded = Instruction::LdImm64 {
            dst,
            value: LdImm64::Imm(resolved),
        }
        .encode();
        slots[slot..slot + 2].copy_from_slice(encoded.slots());
    }
    debug_assert!(slots.iter().all(|slot| slot.code != 0x18
        || (slot.src != BPF_PSEUDO_MAP_IDX && slot.src != BPF_PSEUDO_MAP_IDX_VALUE)));
    let program = Program::from_slots(slots).map_err(|e| error(e.to_string()))?;
    match prog_type.and_then(ContextLayout::for_prog_type) {
        Some(layout) => {
            let (slots, _) = rewrite_context_accesses(&program, &layout);
            Program::from_slots(slots).map_err(|e| error(e.to_string()))
        }
        None => Ok(program),
    }
}
