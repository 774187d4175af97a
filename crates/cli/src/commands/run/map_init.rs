//! `--map-init FILE.json`: entries put into the object's maps before the first frame, as
//! `bpftool map update` would before attaching (routes of an LPM trie, a blocklist, ...).
//!
//! The file is one JSON object; each key names a map, each value is an array of entries
//! `{"key": K, "value": V}`. `K` and `V` are a hex string of exactly the key or value size in
//! bytes (spaces allowed: `"18 00 00 00 c0 a8 01 00"`) or a non-negative integer, stored
//! little-endian in that size. Per-CPU maps take one value for every CPU.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;
use sluice_runtime::LoadedObject;

/// The bytes `value` stands for, `size` long; `what` names it in errors.
fn bytes_of(value: &Value, size: usize, what: &str) -> Result<Vec<u8>> {
    match value {
        Value::String(text) => {
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let digits = digits.strip_prefix("0x").unwrap_or(&digits);
            if digits.len() != size * 2 {
                bail!(
                    "{what}: \"{text}\" has {} hex digits; {size} bytes need {}",
                    digits.len(),
                    size * 2
                );
            }
            (0..size)
                .map(|i| {
                    u8::from_str_radix(&digits[2 * i..2 * i + 2], 16)
                        .with_context(|| format!("{what}: \"{text}\" is not hex"))
                })
                .collect()
        }
        Value::Number(number) => {
            let Some(integer) = number.as_u64() else {
                bail!("{what}: {number} is not a non-negative integer");
            };
            let bytes = integer.to_le_bytes();
            if size < 8 && integer >> (size * 8) != 0 {
                bail!("{what}: {integer} does not fit in {size} bytes");
            }
            let mut out = vec![0u8; size];
            let n = size.min(8);
            out[..n].copy_from_slice(&bytes[..n]);
            Ok(out)
        }
        other => bail!("{what}: expected a hex string or an integer, found {other}"),
    }
}

/// Reads `path` and updates the maps of `loaded` with its entries.
pub(crate) fn apply(loaded: &LoadedObject, path: &Path) -> Result<usize> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("--map-init: {shown}"))?;
    let document: Value =
        serde_json::from_str(&text).with_context(|| format!("--map-init: {shown} is not JSON"))?;
    let Value::Object(maps) = document else {
        bail!("--map-init: {shown}: expected an object whose keys are map names");
    };
    let mut n_entries = 0;
    for (name, entries) in &maps {
        let map = loaded
            .map(name)
            .map_err(|error| anyhow::anyhow!("--map-init: {shown}: {error}"))?;
        let spec = map.spec();
        let Value::Array(entries) = entries else {
            bail!("--map-init: {shown}: `{name}` must be an array of {{\"key\", \"value\"}}");
        };
        for (index, entry) in entries.iter().enumerate() {
            let place = format!("--map-init: {shown}: {name}[{index}]");
            let (Some(key), Some(value)) = (entry.get("key"), entry.get("value")) else {
                bail!("{place}: an entry needs \"key\" and \"value\"");
            };
            let key = bytes_of(key, spec.key_size as usize, &format!("{place}.key"))?;
            let value_len = if spec.is_percpu() {
                spec.user_value_len()
            } else {
                spec.value_size as usize
            };
            let value = bytes_of(value, value_len, &format!("{place}.value"))?;
            map.update(&key, &value, 0)
                .map_err(|error| anyhow::anyhow!("{place}: the update fails: {error}"))?;
            n_entries += 1;
        }
    }
    Ok(n_entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_integers_give_the_bytes_of_their_size() {
        let hex = Value::String("18 00 00 00 c0a80100".into());
        assert_eq!(
            bytes_of(&hex, 8, "k").unwrap(),
            [0x18, 0, 0, 0, 0xc0, 0xa8, 1, 0]
        );
        assert_eq!(
            bytes_of(&Value::from(258u64), 4, "v").unwrap(),
            [2, 1, 0, 0]
        );
        assert_eq!(bytes_of(&Value::from(7u64), 12, "v").unwrap()[0], 7);
        assert!(bytes_of(&Value::from(256u64), 1, "v").is_err());
        assert!(bytes_of(&Value::String("abc".into()), 2, "v").is_err());
        assert!(bytes_of(&Value::String("zz".into()), 1, "v").is_err());
        assert!(bytes_of(&Value::from(-1i64), 4, "v").is_err());
        assert!(bytes_of(&Value::Bool(true), 4, "v").is_err());
    }
}
