//! `tests/corpus/manifest.json`: the cases, their runs and the rules for comparing them.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sluice_abi::prog_type::ProgType;

/// The whole manifest.
#[derive(Debug, Deserialize)]
pub(crate) struct Manifest {
    pub(crate) cases: Vec<Case>,
}

/// One case: a program of an object, the runs to make on it and what to compare.
#[derive(Debug, Deserialize)]
pub(crate) struct Case {
    pub(crate) object: String,
    pub(crate) program: String,
    /// bpftool's name of the program type (`xdp`, `sched_cls`, ...).
    pub(crate) prog_type: String,
    pub(crate) runs: Vec<Run>,
    pub(crate) compare_data_out: bool,
    #[serde(default)]
    pub(crate) maps_before: Vec<MapEntry>,
    #[serde(default)]
    pub(crate) nondeterministic_maps: Vec<String>,
    pub(crate) nondeterministic_retval: bool,
}

/// One `BPF_PROG_TEST_RUN` (or, for raw tracepoints and syscall programs, `repeat` of them).
#[derive(Debug, Deserialize)]
pub(crate) struct Run {
    /// Hex; absent for types without packet data.
    pub(crate) data_in: Option<String>,
    /// Hex.
    pub(crate) ctx_in: Option<String>,
    #[serde(default = "one")]
    pub(crate) repeat: u32,
}

fn one() -> u32 {
    1
}

/// An element put into a map before the first run.
#[derive(Debug, Deserialize)]
pub(crate) struct MapEntry {
    /// libbpf's name of the map.
    pub(crate) map: String,
    pub(crate) key: String,
    pub(crate) value: String,
}

impl Case {
    /// `object:program`, unique among the cases.
    pub(crate) fn id(&self) -> String {
        format!("{}:{}", self.object, self.program)
    }

    /// The program type.
    pub(crate) fn prog_type(&self) -> Result<ProgType, String> {
        self.prog_type
            .parse()
            .map_err(|error| format!("manifest: {error}"))
    }

    /// Whether repetitions are separate test runs (the kernel refuses `repeat` for these types).
    pub(crate) fn repeats_separately(&self) -> bool {
        matches!(self.prog_type.as_str(), "raw_tracepoint" | "syscall")
    }
}

impl Run {
    /// The packet, decoded; empty when the run has none.
    pub(crate) fn data(&self) -> Result<Vec<u8>, String> {
        self.data_in.as_deref().map_or(Ok(Vec::new()), hex)
    }

    /// The context, decoded.
    pub(crate) fn ctx(&self) -> Result<Option<Vec<u8>>, String> {
        self.ctx_in.as_deref().map(hex).transpose()
    }
}

/// The corpus directory.
pub(crate) fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Reads the manifest.
pub(crate) fn load() -> Result<Manifest, String> {
    let path = corpus_dir().join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Decodes hex text (`0a1b...`).
pub(crate) fn hex(text: &str) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in `{text}`"));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| format!("bad hex `{text}`"))
        })
        .collect()
}

/// Encodes bytes as hex text.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
