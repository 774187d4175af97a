//! `--set NAME=HEX` and `--set-str NAME=TEXT`: global variables set before load, as a libbpf
//! skeleton sets them (`const volatile` knobs in `.rodata`, `.data`, `.bss`).
//!
//! HEX is the value's bytes in memory order, exactly the variable's size; TEXT is a string for
//! a `char` array variable, NUL-padded to its size (it must leave room for the NUL).

use anyhow::{Context, Result, bail};
use sluice_obj::Object;

/// The `(name, bytes)` settings the flags ask for, checked against `object`'s variables.
pub(crate) fn settings(
    object: &Object,
    hex: &[String],
    text: &[String],
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut settings = Vec::new();
    for setting in hex {
        let Some((name, hex)) = setting.split_once('=') else {
            bail!("--set {setting}: expected NAME=HEX");
        };
        let value = crate::input::parse_hex(hex).with_context(|| format!("--set {name}"))?;
        settings.push((name.to_string(), value));
    }
    for setting in text {
        let Some((name, text)) = setting.split_once('=') else {
            bail!("--set-str {setting}: expected NAME=TEXT");
        };
        let Some(var) = object.globals.iter().find(|var| var.name == name) else {
            let known: Vec<&str> = object.globals.iter().map(|var| var.name.as_str()).collect();
            bail!(
                "--set-str {name}: no global variable `{name}` (the object has: {})",
                known.join(", ")
            );
        };
        let size = var.size as usize;
        if text.len() >= size {
            bail!(
                "--set-str {name}: `{text}` needs {} bytes with its NUL; `{name}` has {size}",
                text.len() + 1
            );
        }
        let mut value = text.as_bytes().to_vec();
        value.resize(size, 0);
        settings.push((name.to_string(), value));
    }
    Ok(settings)
}
