//! Runtime errors: loading an object, creating its maps, preparing and running its programs.

use sluice_maps::MapError;
use sluice_obj::ObjError;
use thiserror::Error;

/// Why loading or running failed.
#[derive(Debug, Clone, Error)]
pub enum RuntimeError {
    /// The object itself is malformed.
    #[error(transparent)]
    Object(#[from] ObjError),
    /// A map could not be created or initialised.
    #[error("map `{map}`: {error}")]
    Map { map: String, error: MapError },
    /// A program could not be prepared.
    #[error("program `{program}`: {message}")]
    Program { program: String, message: String },
    /// The verifier rejected a program; `rendered` explains why, with source lines.
    #[error("program `{program}` rejected by the verifier:\n{rendered}")]
    Rejected {
        program: String,
        rendered: String,
        error: Box<sluice_verifier::VerifyError>,
    },
    /// No program of that name.
    #[error("no program named `{0}` (the object has: {1})")]
    NoSuchProgram(String, String),
    /// No map of that name.
    #[error("no map named `{0}`")]
    NoSuchMap(String),
    /// The program's type cannot be run this way.
    #[error("{0}")]
    Unsupported(String),
    /// Bad input to a test run (the kernel's `BPF_PROG_TEST_RUN` refuses it too).
    #[error("test-run input refused: {0} (EINVAL)")]
    BadInput(String),
}
