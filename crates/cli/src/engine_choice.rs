//! `--engine` with `--harden`: the engine a command runs programs on.

use sluice_conformance::{Engine, EngineConfig, JitOptions};

/// The engine `--engine` names, with constant blinding when `--harden` is given; an error for
/// `--harden` with the interpreter, which has no code to harden.
pub(crate) fn engine_config(engine: Engine, harden: bool) -> Result<EngineConfig, String> {
    if harden && engine != Engine::Jit {
        return Err(format!(
            "--harden blinds the constants of JIT code; it does not apply to --engine {engine}"
        ));
    }
    Ok(EngineConfig {
        engine,
        jit: JitOptions {
            harden,
            ..JitOptions::default()
        },
    })
}
