//! The engines a conformance test can run on, behind one function.

use sluice_interp::{
    CallEnv, Config, Executable, HelperError, Helpers, Interpreter, Memory, Region,
};
use sluice_isa::Program;
pub use sluice_jit::{Engine, JitOptions};

/// An engine and, for the JIT, its options: what the run functions take. An [`Engine`]
/// converts into one with the default options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineConfig {
    pub engine: Engine,
    /// Used by [`Engine::Jit`] only.
    pub jit: JitOptions,
}

impl EngineConfig {
    /// The JIT with constant blinding ([`JitOptions::harden`]).
    pub fn hardened_jit() -> EngineConfig {
        EngineConfig {
            engine: Engine::Jit,
            jit: JitOptions::hardened(),
        }
    }

    /// The engine's name, with `+harden` for a hardened JIT.
    pub fn name(self) -> String {
        if self.engine == Engine::Jit && self.jit.harden {
            format!("{}+harden", self.engine)
        } else {
            self.engine.to_string()
        }
    }
}

impl From<Engine> for EngineConfig {
    fn from(engine: Engine) -> EngineConfig {
        EngineConfig {
            engine,
            jit: JitOptions::default(),
        }
    }
}

/// Instructions a conformance run may execute before it is stopped as runaway.
pub const CONFORMANCE_INSN_BUDGET: u64 = 10_000_000;

/// The conformance suite's helpers: helper 5 returns its first argument.
#[derive(Clone, Copy, Debug, Default)]
pub struct ConformanceHelpers;

/// The id of the suite's only helper.
pub const IDENTITY_HELPER_ID: i64 = 5;

impl Helpers for ConformanceHelpers {
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        _env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        if id == IDENTITY_HELPER_ID {
            Ok(args[0])
        } else {
            Err(HelperError::Unknown)
        }
    }
}

/// Loads `bytecode` and runs it as the suite prescribes: `r1` points to `memory`, `r2` holds its
/// length, helper 5 returns its first argument. Returns `r0`, or the load or run error as text.
pub fn run_bytecode(
    engine: impl Into<EngineConfig>,
    bytecode: &[u8],
    memory: &mut [u8],
) -> Result<u64, String> {
    let program = Program::from_bytes(bytecode).map_err(|error| format!("load failed: {error}"))?;
    run_program(engine, &program, memory)
}

/// Runs a loaded program as [`run_bytecode`] does.
pub fn run_program(
    engine: impl Into<EngineConfig>,
    program: &Program,
    memory: &mut [u8],
) -> Result<u64, String> {
    let config = engine.into();
    match config.engine {
        Engine::Interp => {
            let executable = Executable::new_unchecked(program);
            let length = memory.len() as u64;
            let mut vm_memory = Memory::new();
            let input = vm_memory.add_region(Region::writable(memory));
            vm_memory.set_packet(input);
            let args = [vm_memory.region(input).addr(), length, 0, 0, 0];
            let interpreter = Interpreter::new(Config {
                insn_budget: Some(CONFORMANCE_INSN_BUDGET),
            });
            interpreter
                .run(&executable, &mut vm_memory, args, &mut ConformanceHelpers)
                .map(|outcome| outcome.r0)
                .map_err(|trap| format!("run failed: {trap}"))
        }
        Engine::Jit => {
            let jit = sluice_jit::JitProgram::compile_unchecked_with(program, config.jit)
                .map_err(|error| format!("load failed: {error}"))?;
            let length = memory.len() as u64;
            let mut vm_memory = Memory::new();
            let input = vm_memory.add_region(Region::writable(memory));
            vm_memory.set_packet(input);
            let args = [vm_memory.region(input).addr(), length, 0, 0, 0];
            jit.run_with_budget(
                &mut vm_memory,
                args,
                &mut ConformanceHelpers,
                CONFORMANCE_INSN_BUDGET,
            )
            .map_err(|trap| format!("run failed: {trap}"))
        }
    }
}
