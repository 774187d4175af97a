//! The kernel's results as `tests/corpus/check-kernel.sh -o` records them (bpftool and
//! libbpf, which load BTF and freeze `.rodata`): the fallback for the cases the live path in
//! [`super::kernel_side`] cannot load.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use super::manifest::{Case, corpus_dir, hex};
use super::outcome::{MapContents, MapValue, Outcome, RunOutcome};

/// The tools `check-kernel.sh` needs, or the first one missing.
pub(crate) fn tools_missing() -> Option<&'static str> {
    ["bpftool", "jq", "python3", "taskset"]
        .into_iter()
        .find(|tool| {
            Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .map_or(true, |output| !output.status.success())
        })
}

/// Runs `check-kernel.sh` for `cases` (once, for all of them) and returns each case's
/// outcome by manifest index.
pub(crate) fn run(cases: &[(usize, &Case)]) -> Result<BTreeMap<usize, Outcome>, String> {
    if cases.is_empty() {
        return Ok(BTreeMap::new());
    }
    let pattern = format!(
        "^({})$",
        cases
            .iter()
            .map(|(_, case)| regex_escape(&case.id()))
            .collect::<Vec<_>>()
            .join("|")
    );
    let out = scratch_file();
    let output = Command::new(corpus_dir().join("check-kernel.sh"))
        .arg("-o")
        .arg(&out)
        .arg(&pattern)
        .output()
        .map_err(|e| format!("cannot run check-kernel.sh: {e}"))?;
    let text = std::fs::read_to_string(&out).map_err(|e| {
        format!(
            "check-kernel.sh wrote no results ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let _ = std::fs::remove_file(&out);
    let json: Value = serde_json::from_str(&text?).map_err(|e| format!("results: {e}"))?;
    let mut outcomes = BTreeMap::new();
    for case in json["cases"].as_array().ok_or("results: no `cases`")? {
        let index = case["case"].as_u64().ok_or("results: case without index")? as usize;
        outcomes.insert(index, parse_case(case)?);
    }
    Ok(outcomes)
}

fn scratch_file() -> PathBuf {
    std::env::temp_dir().join(format!("sluice-corpus-kernel-{}.json", std::process::id()))
}

/// Escapes the characters of an `object:program` id that are special in bash's `=~`.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = ".[]()*+?{}|^$\\".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

fn parse_case(case: &Value) -> Result<Outcome, String> {
    let bytes = |value: &Value| -> Result<Option<Vec<u8>>, String> {
        match value.as_str() {
            Some(text) if !text.is_empty() => hex(text).map(Some),
            _ => Ok(None),
        }
    };
    let mut outcome = Outcome {
        error: case["error"].as_str().map(str::to_string),
        ..Outcome::default()
    };
    for run in case["runs"].as_array().into_iter().flatten() {
        outcome.runs.push(RunOutcome {
            retval: run["retval"]
                .as_u64()
                .ok_or("results: run without retval")? as u32,
            data_out: bytes(&run["data_out"])?,
            ctx_out: bytes(&run["ctx_out"])?,
        });
    }
    for (name, map) in case["maps"].as_object().into_iter().flatten() {
        let contents = if map.get("note").is_some() {
            MapContents::NotDumpable
        } else if let Some(values) = map["values"].as_array() {
            MapContents::Popped(
                values
                    .iter()
                    .map(|value| hex(value.as_str().unwrap_or_default()))
                    .collect::<Result<_, _>>()?,
            )
        } else {
            let mut entries = BTreeMap::new();
            for entry in map["entries"].as_array().into_iter().flatten() {
                // bpftool lists an element whose lookup failed (an empty devmap slot) with the
                // error text as its value; such a slot holds no element.
                if entry["value"]
                    .as_str()
                    .is_some_and(|value| hex(value).is_err())
                {
                    continue;
                }
                let key = hex(entry["key"].as_str().unwrap_or_default())?;
                let value = if let Some(values) = entry["values"].as_array() {
                    MapValue::PerCpu(
                        values
                            .iter()
                            .map(|value| hex(value.as_str().unwrap_or_default()))
                            .collect::<Result<_, _>>()?,
                    )
                } else {
                    MapValue::Plain(hex(entry["value"].as_str().unwrap_or_default())?)
                };
                entries.insert(key, value);
            }
            MapContents::Entries(entries)
        };
        outcome.maps.insert(name.clone(), contents);
    }
    Ok(outcome)
}
