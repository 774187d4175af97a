//! `--dump-maps`: every map's entries after the run, formatted from BTF where the object
//! describes them (structs by field, integers in decimal, byte arrays in hex), hex otherwise.
//! Per-CPU maps show one value per CPU slot (per worker).

use sluice_runtime::LoadedObject;

/// Entries one map dump shows at most.
const MAX_DUMPED_ENTRIES: usize = 10_000;

/// One entry: its key, and its value, or one value per CPU for per-CPU maps.
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) values: Vec<String>,
}

/// One map's dump.
pub(crate) struct MapDump {
    pub(crate) name: String,
    /// The map type's name (`hash`, `percpu_array`, ...).
    pub(crate) kind: String,
    pub(crate) percpu: bool,
    pub(crate) entries: Vec<Entry>,
}

/// Every map of `loaded` with its entries, in the object's order. Maps without keys to walk
/// (ring buffers, ...) have none.
pub(crate) fn dump_maps(loaded: &LoadedObject) -> Vec<MapDump> {
    let btf = loaded.object.btf.as_ref();
    let format = |type_id: Option<u32>, bytes: &[u8]| {
        type_id
            .and_then(|id| btf?.format_value(id, bytes).ok())
            .unwrap_or_else(|| super::sink::hex(bytes))
    };
    let mut maps = Vec::new();
    for (def, map) in loaded.object.maps.iter().zip(&loaded.maps) {
        let spec = map.spec();
        let percpu = spec.is_percpu();
        let mut entries = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        while entries.len() < MAX_DUMPED_ENTRIES {
            let mut next = vec![0u8; spec.key_size as usize];
            if spec.key_size == 0 || map.next_key(key.as_deref(), &mut next).is_err() {
                break;
            }
            let mut value = vec![0u8; spec.user_value_len()];
            if map.lookup(&next, &mut value).is_ok() {
                let values = if percpu {
                    // Each CPU's value is padded to 8 bytes, as `bpf_map_lookup_elem` copies them.
                    let stride = (spec.value_size as usize).div_ceil(8) * 8;
                    value
                        .chunks(stride)
                        .map(|slot| {
                            format(def.btf_value_type_id, &slot[..spec.value_size as usize])
                        })
                        .collect()
                } else {
                    vec![format(def.btf_value_type_id, &value)]
                };
                entries.push(Entry {
                    key: format(def.btf_key_type_id, &next),
                    values,
                });
            }
            key = Some(next);
        }
        let kind = sluice_abi::map_type::MapType::from_u32(spec.map_type)
            .map_or_else(|| spec.map_type.to_string(), |t| t.name().to_string());
        maps.push(MapDump {
            name: def.name.clone(),
            kind,
            percpu,
            entries,
        });
    }
    maps
}

/// The dump as JSON: `{name: {"type", "entries": [{"key", "value"}]}}`; per-CPU maps give
/// `"values"` (one per CPU) and, in `"value"`, the values of every CPU joined.
pub(crate) fn to_json(dumps: Vec<MapDump>) -> serde_json::Value {
    let maps: serde_json::Map<String, serde_json::Value> = dumps
        .into_iter()
        .map(|dump| {
            let entries: Vec<_> = dump
                .entries
                .into_iter()
                .map(|entry| {
                    if dump.percpu {
                        serde_json::json!({
                            "key": entry.key,
                            "value": entry.values.join(", "),
                            "values": entry.values,
                        })
                    } else {
                        serde_json::json!({ "key": entry.key, "value": entry.values.join("") })
                    }
                })
                .collect();
            (
                dump.name,
                serde_json::json!({ "type": dump.kind, "entries": entries }),
            )
        })
        .collect();
    serde_json::Value::Object(maps)
}

/// The dump as text lines: `map NAME (TYPE): N entries`, then `  KEY: VALUE` (per-CPU:
/// `  KEY: cpu0 VALUE, cpu1 VALUE, ...`).
pub(crate) fn write_text(out: &mut impl std::io::Write, dumps: &[MapDump]) -> std::io::Result<()> {
    for dump in dumps {
        writeln!(
            out,
            "map {} ({}): {} entries",
            dump.name,
            dump.kind,
            dump.entries.len()
        )?;
        for entry in &dump.entries {
            if dump.percpu {
                let values: Vec<String> = entry
                    .values
                    .iter()
                    .enumerate()
                    .map(|(cpu, value)| format!("cpu{cpu} {value}"))
                    .collect();
                writeln!(out, "  {}: {}", entry.key, values.join(", "))?;
            } else {
                writeln!(out, "  {}: {}", entry.key, entry.values.join(""))?;
            }
        }
    }
    Ok(())
}
