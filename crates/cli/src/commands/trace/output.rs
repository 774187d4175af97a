//! What `sluice trace` prints, as it happens: `trace_printk` lines laid out as `trace_pipe`
//! prints them (task, pid, CPU, timestamp, message), ring buffer and perf event records as they
//! arrive (decoded from the object's BTF when `--event-type STRUCT` names their type, in hex
//! otherwise), and the map dump at the end. With `--json`, every one of these is a JSON object
//! on a line of its own (JSON Lines), with a `type` field: `trace_printk`, `ringbuf`, `perf` or
//! `maps`.
//!
//! [`Output`] also consumes the object's event maps: it reads ring buffers after each event
//! and gives every perf event array a consumer on CPU 0 (the CPU trace runs count as), emptied
//! as its records are printed.

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use sluice_maps::{Map, PerfEventArray, RingBuf};
use sluice_obj::btf::{Btf, Decoded, Kind, TypeId};
use sluice_runtime::{LoadedObject, PerfRecord};

use crate::commands::run::dump;
use crate::commands::run::sink::hex;

/// Bytes each perf event array's consumer holds before records are lost (it is emptied after
/// every event, so this only bounds one event's records).
const PERF_SLOT_BYTES: usize = 1 << 20;

/// The type `--event-type` names, in the object's BTF.
struct EventType<'l> {
    btf: &'l Btf,
    type_id: TypeId,
    /// As given on the command line.
    name: String,
    size: usize,
}

/// The output stream of `sluice trace` and the event maps it reads.
pub(super) struct Output<'l> {
    out: std::io::StdoutLock<'static>,
    json: bool,
    event_type: Option<EventType<'l>>,
    ringbufs: Vec<(String, Arc<dyn Map>)>,
    perf_arrays: Vec<Arc<dyn Map>>,
}

impl<'l> Output<'l> {
    /// Output for the records of `loaded`, decoded as the type `event_type` names (a struct,
    /// union or typedef of the object's BTF; `struct NAME` works too). Errors (an unknown type)
    /// are usage errors.
    pub(super) fn new(
        loaded: &'l LoadedObject,
        event_type: Option<&str>,
        json: bool,
    ) -> Result<Output<'l>, String> {
        let event_type = match event_type {
            Some(name) => Some(find_event_type(loaded.object.btf.as_ref(), name)?),
            None => None,
        };
        let mut ringbufs = Vec::new();
        let mut perf_arrays = Vec::new();
        for map in &loaded.maps {
            if map.as_any().downcast_ref::<RingBuf>().is_some() {
                ringbufs.push((map.spec().name.clone(), map.clone()));
            } else if let Some(array) = map.as_any().downcast_ref::<PerfEventArray>() {
                // An array without slots has nowhere to write: its outputs fail, as in Linux.
                if array.attach(0, PERF_SLOT_BYTES).is_ok() {
                    perf_arrays.push(map.clone());
                }
            }
        }
        Ok(Output {
            out: std::io::stdout().lock(),
            json,
            event_type,
            ringbufs,
            perf_arrays,
        })
    }

    /// A `bpf_trace_printk` line of thread `pid` (named `comm`) on `cpu`.
    pub(super) fn trace_printk(
        &mut self,
        comm: &[u8],
        pid: i32,
        cpu: u32,
        message: &str,
    ) -> std::io::Result<()> {
        let comm = String::from_utf8_lossy(comm);
        let message = message.strip_suffix('\n').unwrap_or(message);
        let timestamp = timestamp();
        if self.json {
            let line = PrintkLine {
                kind: "trace_printk",
                comm: &comm,
                pid,
                cpu,
                timestamp,
                message,
            };
            return writeln!(self.out, "{}", to_line(&line));
        }
        writeln!(
            self.out,
            "{comm:>16}-{pid:<7} [{cpu:03}] ..... {timestamp:>12.6}: bpf_trace_printk: {message}"
        )
    }

    /// A perf event record a run reported.
    pub(super) fn perf(&mut self, record: &PerfRecord) -> std::io::Result<()> {
        self.record("perf", &record.map, Some(record.cpu), &record.data)
    }

    /// Prints the records waiting in the ring buffers and empties the perf event arrays'
    /// consumers, whose records the runs reported (see [`Output::perf`]); then flushes.
    pub(super) fn read_event_maps(&mut self) -> std::io::Result<()> {
        let ringbufs = std::mem::take(&mut self.ringbufs);
        let mut result = Ok(());
        for (name, map) in &ringbufs {
            if let Some(ring) = map.as_any().downcast_ref::<RingBuf>() {
                ring.consume(&mut |record| {
                    if result.is_ok() {
                        result = self.record("ringbuf", name, None, record);
                    }
                });
            }
        }
        self.ringbufs = ringbufs;
        for map in &self.perf_arrays {
            if let Some(array) = map.as_any().downcast_ref::<PerfEventArray>() {
                array.drain(0);
            }
        }
        result?;
        self.out.flush()
    }

    /// `--dump-maps`: every map's entries, as text or as one JSON line.
    pub(super) fn maps(&mut self, dumps: Vec<dump::MapDump>) -> std::io::Result<()> {
        if self.json {
            let line = MapsLine {
                kind: "maps",
                maps: dump::to_json(dumps),
            };
            return writeln!(self.out, "{}", to_line(&line));
        }
        dump::write_text(&mut self.out, &dumps)
    }

    pub(super) fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// One ring buffer (`kind` "ringbuf") or perf ("perf", with its CPU) record of map `map`.
    fn record(
        &mut self,
        kind: &'static str,
        map: &str,
        cpu: Option<u32>,
        data: &[u8],
    ) -> std::io::Result<()> {
        let decoded = self
            .event_type
            .as_ref()
            .map(|event_type| event_type.decode(data));
        if self.json {
            let mut line = RecordLine {
                kind,
                map,
                cpu,
                data: hex(data),
                event: None,
                trailing: None,
                error: None,
            };
            match &decoded {
                Some(Ok((value, trailing))) => {
                    line.event = Some(Json(value));
                    line.trailing = (!trailing.is_empty()).then(|| hex(trailing));
                }
                Some(Err(message)) => line.error = Some(message.clone()),
                None => {}
            }
            return writeln!(self.out, "{}", to_line(&line));
        }
        let place = match cpu {
            Some(cpu) => format!("{kind} {map} cpu {cpu}"),
            None => format!("{kind} {map}"),
        };
        match decoded {
            None => writeln!(self.out, "{place}: {}", hex(data)),
            Some(Ok((value, []))) => writeln!(self.out, "{place}: {value}"),
            Some(Ok((value, trailing))) => writeln!(
                self.out,
                "{place}: {value} + {} more bytes: {}",
                trailing.len(),
                hex(trailing)
            ),
            Some(Err(message)) => writeln!(self.out, "{place}: error: {message}: {}", hex(data)),
        }
    }
}

/// The type named `name` (`NAME`, `struct NAME` or `union NAME`): a struct, a union or a
/// typedef, in that order.
fn find_event_type<'l>(btf: Option<&'l Btf>, name: &str) -> Result<EventType<'l>, String> {
    let Some(btf) = btf else {
        return Err(format!(
            "--event-type `{name}`: the object has no BTF to decode records with"
        ));
    };
    let bare = ["struct ", "union "]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name)
        .trim();
    let type_id = [Kind::Struct, Kind::Union, Kind::Typedef]
        .into_iter()
        .find_map(|kind| btf.find_by_name(kind, bare))
        .ok_or_else(|| {
            format!("--event-type `{name}`: no struct, union or typedef of that name in the object's BTF")
        })?;
    let size = btf
        .size_of(type_id)
        .map_err(|error| format!("--event-type `{name}`: {error}"))?;
    Ok(EventType {
        btf,
        type_id,
        name: name.to_string(),
        size: size as usize,
    })
}

impl EventType<'_> {
    /// `data` decoded as this type, with the bytes past its size; or why it cannot be.
    fn decode<'d>(&self, data: &'d [u8]) -> Result<(Decoded, &'d [u8]), String> {
        if data.len() < self.size {
            return Err(format!(
                "{}-byte record is shorter than {} ({} bytes)",
                data.len(),
                self.name,
                self.size
            ));
        }
        let (value, trailing) = data.split_at(self.size);
        let decoded = self
            .btf
            .decode_value(self.type_id, value)
            .map_err(|error| format!("{}: {error}", self.name))?;
        Ok((decoded, trailing))
    }
}

/// Seconds since boot, as `trace_pipe` stamps its lines.
fn timestamp() -> f64 {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    now.tv_sec as f64 + now.tv_nsec as f64 / 1e9
}

/// A `trace_printk` line as a JSON line.
#[derive(Serialize)]
struct PrintkLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    comm: &'a str,
    pid: i32,
    cpu: u32,
    /// Seconds since boot.
    timestamp: f64,
    message: &'a str,
}

/// A record as a JSON line.
#[derive(Serialize)]
struct RecordLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    map: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<u32>,
    /// The whole record, in hex.
    data: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<Json<'a>>,
    /// The bytes past the `--event-type`'s size, in hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    trailing: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The map dump as a JSON line.
#[derive(Serialize)]
struct MapsLine {
    #[serde(rename = "type")]
    kind: &'static str,
    maps: serde_json::Value,
}

/// `value` on one line. Serializing these types cannot fail (string keys, no maps that refuse);
/// if it ever did, the line says so rather than vanishing.
fn to_line(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|error| {
        serde_json::json!({ "type": "error", "error": error.to_string() }).to_string()
    })
}

/// A decoded value as JSON: numbers as numbers, text, enumerators and opaque types as strings,
/// byte arrays and arrays as arrays, structs as objects with their members in order (the
/// members of anonymous structs and unions as members of the enclosing object, as C reads
/// them), values past the decoder's limits as null.
struct Json<'a>(&'a Decoded);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Decoded::Signed(value) => serializer.serialize_i128(*value),
            Decoded::Unsigned(value) => serializer.serialize_u128(*value),
            Decoded::Bool(value) => serializer.serialize_bool(*value),
            Decoded::F32(value) => serializer.serialize_f32(*value),
            Decoded::F64(value) => serializer.serialize_f64(*value),
            Decoded::Pointer(value) => serializer.serialize_u64(*value),
            Decoded::Enumerator(text) | Decoded::Text(text) | Decoded::Opaque(text) => {
                serializer.serialize_str(text)
            }
            Decoded::Bytes(bytes) => serializer.collect_seq(bytes),
            Decoded::Array { elements, .. } => {
                let mut seq = serializer.serialize_seq(Some(elements.len()))?;
                for element in elements {
                    seq.serialize_element(&Json(element))?;
                }
                seq.end()
            }
            Decoded::Struct(members) => {
                let mut map = serializer.serialize_map(None)?;
                serialize_members(&mut map, members)?;
                map.end()
            }
            Decoded::Elided => serializer.serialize_unit(),
        }
    }
}

/// Writes `members` into `map`, those of anonymous structs and unions in place.
fn serialize_members<M: SerializeMap>(
    map: &mut M,
    members: &[(String, Decoded)],
) -> Result<(), M::Error> {
    for (name, value) in members {
        match value {
            Decoded::Struct(inner) if name.is_empty() => serialize_members(map, inner)?,
            _ => map.serialize_entry(name, &Json(value))?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The BTF of the obj crate's `types.o` test object.
    fn types_btf() -> Btf {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../obj/tests/data/btf/types.o");
        use object::{Object as _, ObjectSection as _};
        let bytes = std::fs::read(path).expect("types.o");
        let file = object::File::parse(&*bytes).expect("types.o is ELF");
        let section = file.section_by_name(".BTF").expect("types.o has BTF");
        Btf::parse(section.data().expect("BTF bytes")).expect("BTF parses")
    }

    #[test]
    fn decoded_values_become_json_with_anonymous_members_in_place() {
        let btf = types_btf();
        let event_type = find_event_type(Some(&btf), "struct foo").expect("struct foo");
        let mut bytes = vec![0u8; event_type.size + 3];
        bytes[0] = 42;
        bytes[4..8].copy_from_slice(b"bash");
        bytes[112] = 7;
        let (value, trailing) = event_type.decode(&bytes).expect("decodes");
        assert_eq!(trailing, [0, 0, 0]);
        let json: serde_json::Value = serde_json::from_str(&to_line(&Json(&value))).expect("JSON");
        assert_eq!(json["id"], 42);
        assert_eq!(json["name"], "bash");
        assert_eq!(json["color"], "RED");
        assert_eq!(json["ok"], false);
        assert_eq!(json["ratio"], 0.0);
        assert_eq!(
            json["hosts"][1]["mac"],
            serde_json::json!([0, 0, 0, 0, 0, 0])
        );
        assert_eq!(json["matrix"], serde_json::json!([[0, 0, 0], [0, 0, 0]]));
        // The anonymous union's members are members of foo, as C reads them.
        assert_eq!(json["anon_a"], 7);
        assert_eq!(json["named_anon"]["nested_x"], 0);
        // Members keep their order.
        let text = to_line(&Json(&value));
        assert!(
            text.starts_with(r#"{"id":42,"name":"bash","flags":{"valid":0"#),
            "{text}"
        );
    }

    #[test]
    fn event_type_names_are_checked() {
        let btf = types_btf();
        assert!(find_event_type(Some(&btf), "foo").is_ok());
        let error = find_event_type(Some(&btf), "nothing")
            .err()
            .expect("unknown");
        assert!(error.contains("`nothing`"), "{error}");
        let error = find_event_type(None, "foo").err().expect("no BTF");
        assert!(error.contains("no BTF"), "{error}");
        let short = find_event_type(Some(&btf), "foo")
            .expect("foo")
            .decode(&[0; 8])
            .expect_err("too short");
        assert_eq!(short, "8-byte record is shorter than foo (160 bytes)");
    }
}
