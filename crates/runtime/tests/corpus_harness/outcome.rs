//! What one side (Sluice, the kernel, or the kernel's recorded results) produced for a case, in
//! one form, and the comparison `tests/corpus/compare_results.py` makes between two of them.

use std::collections::{BTreeMap, BTreeSet};

use sluice_obj::MapDef;

use super::manifest::{Case, to_hex};

/// What one run gave back. Empty outputs are `None`, as `check-kernel.sh` records them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RunOutcome {
    pub(crate) retval: u32,
    pub(crate) data_out: Option<Vec<u8>>,
    pub(crate) ctx_out: Option<Vec<u8>>,
}

impl RunOutcome {
    pub(crate) fn new(retval: u32, data_out: Vec<u8>, ctx_out: Vec<u8>) -> RunOutcome {
        RunOutcome {
            retval,
            data_out: (!data_out.is_empty()).then_some(data_out),
            ctx_out: (!ctx_out.is_empty()).then_some(ctx_out),
        }
    }
}

/// One value of a map: plain, or one per possible CPU (each `value_size` bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MapValue {
    Plain(Vec<u8>),
    PerCpu(Vec<Vec<u8>>),
}

/// The final contents of a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MapContents {
    /// Every element, by key.
    Entries(BTreeMap<Vec<u8>, MapValue>),
    /// A queue or stack: the values popped until it was empty, in pop order.
    Popped(Vec<Vec<u8>>),
    /// Ring buffers, perf event arrays and bloom filters have no keys to walk.
    NotDumpable,
    /// Not dumped: the manifest does not compare it.
    NotCompared,
}

/// Everything one side produced for a case. `error` stops the case where it happened, like
/// `check-kernel.sh`'s `error` field.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) runs: Vec<RunOutcome>,
    /// By libbpf's map name ([`libbpf_map_name`]).
    pub(crate) maps: BTreeMap<String, MapContents>,
    pub(crate) error: Option<String>,
}

/// Map types whose contents cannot be walked from user space.
pub(crate) fn is_dumpable(map_type: u32) -> bool {
    // ringbuf, user_ringbuf, perf_event_array, bloom_filter
    !matches!(map_type, 27 | 31 | 4 | 30)
}

/// Map types read by popping (queue, stack).
pub(crate) fn is_popped(map_type: u32) -> bool {
    matches!(map_type, 22 | 23)
}

/// The name libbpf gives a map of the object file `object_file` (`bpf_map__name()`, as
/// `bpftool map show` reports it and `check-kernel.sh` records it): a user map keeps its variable
/// name, cut to the kernel's 15 characters; `.data`, `.rodata`, `.bss` and `.kconfig` get as
/// much of the object's name (up to its first dot) as fits in front of the section name
/// (`global_d.rodata`, `my_obje.kconfig`); sections with a second dot (`.data.stats`,
/// `.rodata.str1.1`) keep their own name. Characters the kernel refuses become `_`. This is
/// libbpf's `internal_map_name()`.
pub(crate) fn libbpf_map_name(object_file: &str, def: &MapDef) -> String {
    const MAX: usize = 15;
    let name = if def.is_global_data() {
        let section = def.name.as_str();
        let suffix_len = section.len().clamp(7, MAX);
        let object_name = object_file.split('.').next().unwrap_or_default();
        let prefix_len = if section.get(1..).is_some_and(|rest| rest.contains('.')) {
            0
        } else {
            (MAX - suffix_len).min(object_name.len())
        };
        let prefix: String = object_name.chars().take(prefix_len).collect();
        let suffix: String = section.chars().take(suffix_len).collect();
        format!("{prefix}{suffix}")
    } else {
        def.name.chars().take(MAX).collect()
    };
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The differences between `a` and `b` by the manifest's rules, one line each, worded as
/// `compare_results.py` words them; `names` label the two sides (`sluice`, `kernel`).
pub(crate) fn compare(case: &Case, a: &Outcome, b: &Outcome, names: [&str; 2]) -> Vec<String> {
    let mut diffs = Vec::new();
    let [a_name, b_name] = names;
    let mut diff = |what: String, x: String, y: String| {
        diffs.push(format!("{what}: {a_name} {x} != {b_name} {y}"));
    };
    if a.error.is_some() || b.error.is_some() {
        if a.error != b.error {
            diff(
                "error".into(),
                format!("{:?}", a.error),
                format!("{:?}", b.error),
            );
        }
        return diffs;
    }
    for (r, ((ra, rb), rm)) in a.runs.iter().zip(&b.runs).zip(&case.runs).enumerate() {
        if !case.nondeterministic_retval && ra.retval != rb.retval {
            diff(
                format!("run {r} retval"),
                ra.retval.to_string(),
                rb.retval.to_string(),
            );
        }
        if case.compare_data_out && ra.data_out != rb.data_out {
            diff(
                format!("run {r} data_out"),
                show(ra.data_out.as_deref()),
                show(rb.data_out.as_deref()),
            );
        }
        if rm.ctx_in.is_some() && ra.ctx_out != rb.ctx_out {
            diff(
                format!("run {r} ctx_out"),
                show(ra.ctx_out.as_deref()),
                show(rb.ctx_out.as_deref()),
            );
        }
    }
    if a.runs.len() != b.runs.len() {
        diff(
            "number of runs".into(),
            a.runs.len().to_string(),
            b.runs.len().to_string(),
        );
    }
    let skip: BTreeSet<&str> = case
        .nondeterministic_maps
        .iter()
        .map(String::as_str)
        .collect();
    let names: BTreeSet<&String> = a.maps.keys().chain(b.maps.keys()).collect();
    for name in names {
        if skip.contains(name.as_str()) {
            continue;
        }
        match (a.maps.get(name), b.maps.get(name)) {
            (Some(ma), Some(mb)) => {
                if matches!(ma, MapContents::NotDumpable) || matches!(mb, MapContents::NotDumpable)
                {
                    continue;
                }
                match (ma, mb) {
                    // Element by element, so that a difference names its key.
                    (MapContents::Entries(ea), MapContents::Entries(eb)) => {
                        let keys: BTreeSet<&Vec<u8>> = ea.keys().chain(eb.keys()).collect();
                        for key in keys {
                            let (va, vb) = (ea.get(key), eb.get(key));
                            if va != vb {
                                diff(
                                    format!("map {name} key {}", to_hex(key)),
                                    va.map_or_else(|| "absent".to_string(), show_value),
                                    vb.map_or_else(|| "absent".to_string(), show_value),
                                );
                            }
                        }
                    }
                    _ if ma != mb => diff(format!("map {name}"), show_map(ma), show_map(mb)),
                    _ => {}
                }
            }
            (ma, mb) => diff(
                format!("map {name} present"),
                ma.is_some().to_string(),
                mb.is_some().to_string(),
            ),
        }
    }
    diffs
}

fn show(bytes: Option<&[u8]>) -> String {
    bytes.map_or_else(|| "none".to_string(), to_hex)
}

fn show_value(value: &MapValue) -> String {
    match value {
        MapValue::Plain(bytes) => to_hex(bytes),
        MapValue::PerCpu(values) => format!(
            "[{}]",
            values
                .iter()
                .map(|value| to_hex(value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn show_map(contents: &MapContents) -> String {
    match contents {
        MapContents::Entries(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(key, value)| format!("{}: {}", to_hex(key), show_value(value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        MapContents::Popped(values) => format!(
            "popped [{}]",
            values
                .iter()
                .map(|value| to_hex(value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        MapContents::NotDumpable => "not dumpable".to_string(),
        MapContents::NotCompared => "not compared".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use sluice_obj::{MapDef, MapOrigin};

    use super::libbpf_map_name;

    fn global(section: &str) -> MapDef {
        let mut def = MapDef::new(section, 2, 4, 8, 1);
        def.origin = MapOrigin::GlobalData {
            section: section.to_string(),
            read_only: section.starts_with(".rodata"),
        };
        def
    }

    #[test]
    fn map_names_follow_libbpf() {
        assert_eq!(
            libbpf_map_name("global_data.o", &global(".rodata")),
            "global_d.rodata"
        );
        assert_eq!(
            libbpf_map_name("global_data.o", &global(".bss")),
            "global_d.bss"
        );
        assert_eq!(
            libbpf_map_name("global_data.o", &global(".data")),
            "global_d.data"
        );
        assert_eq!(libbpf_map_name("a.o", &global(".data")), "a.data");
        assert_eq!(
            libbpf_map_name("global_data.o", &global(".data.stats")),
            ".data.stats"
        );
        assert_eq!(
            libbpf_map_name("snprintf.o", &global(".rodata.str1.1")),
            ".rodata.str1.1"
        );
        assert_eq!(
            libbpf_map_name("x.o", &global(".rodata.abracadabra")),
            ".rodata.abracad"
        );
        let mut kconfig = MapDef::new(".kconfig", 2, 4, 8, 1);
        kconfig.origin = MapOrigin::Kconfig;
        assert_eq!(
            libbpf_map_name("my_object_name.o", &kconfig),
            "my_obje.kconfig"
        );
        let user = MapDef::new("a_rather_long_map_name", 1, 4, 4, 1);
        assert_eq!(libbpf_map_name("x.o", &user), "a_rather_long_m");
        assert_eq!(libbpf_map_name("x-y.o", &global(".bss")), "x_y.bss");
    }
}
