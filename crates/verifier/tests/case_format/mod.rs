//! The verifier cases of `tests/cases/` (see `tests/cases/README.md`): finding them, reading
//! their headers and turning an assembly case into bytecode. Shared by `tests/cases.rs` (Sluice's
//! verifier) and `tests/kernel_verdicts.rs` (the running kernel).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use sluice_abi::map_type::MapType;
use sluice_abi::prog_type::{AttachType, ProgType};
use sluice_isa::RawInsn;
use sluice_isa::asm::{Syntax, assemble};

/// `BPF_F_RDONLY_PROG`: the program may only read the map.
pub(crate) const BPF_F_RDONLY_PROG: u32 = 0x80;

/// What a case expects of the verifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// The program is safe and must be accepted.
    Accept,
    /// The program must be rejected with this error kind (an `ErrorKind` name), at this
    /// instruction (slot index) when given.
    Reject { kind: String, insn: Option<usize> },
}

/// Where a case's program comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// An assembly file (`.s`) in the LLVM/kernel syntax.
    Asm(String),
    /// A compiled object (`.o` next to the `.c`); `program` is the program to check (`None`:
    /// every program of the object).
    Object {
        object: PathBuf,
        program: Option<String>,
    },
}

/// One map of an assembly case, `fd_array` index in order of the `; map:` lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MapSpec {
    pub(crate) map_type: MapType,
    pub(crate) key_size: u32,
    pub(crate) value_size: u32,
    pub(crate) max_entries: u32,
    pub(crate) map_flags: u32,
    pub(crate) name: String,
    /// Frozen before the load (`BPF_MAP_FREEZE`), as libbpf freezes `.rodata`.
    pub(crate) frozen: bool,
    /// For maps of maps: the inner map template.
    pub(crate) inner: Option<Box<MapSpec>>,
}

/// One case.
#[derive(Clone, Debug)]
pub(crate) struct Case {
    /// `reject/name`, `accept/name`, `c/name`.
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) source: Source,
    pub(crate) expect: Expect,
    /// The program type from the header (`None`: the section's, or `socket_filter` for
    /// assembly).
    pub(crate) prog_type: Option<ProgType>,
    pub(crate) attach_type: Option<AttachType>,
    pub(crate) maps: Vec<MapSpec>,
    pub(crate) unprivileged: bool,
    pub(crate) license: String,
    /// `kernel: skip <reason>`.
    pub(crate) kernel_skip: Option<String>,
    /// `kernel-says: <text>`: a line of the kernel's verifier log for this rejection; where
    /// kernel versions word it differently, the wordings separated by ` || `.
    pub(crate) kernel_says: Option<String>,
    /// `fact: NAME at INSN`: what an accepted program's `VerifiedProgram` must record about an
    /// instruction (`nospec`, `nospec_result`, `alu_sanitize`, `no_alu_sanitize`).
    pub(crate) facts: Vec<(String, usize)>,
    /// The free-text lines of the header.
    pub(crate) description: Vec<String>,
}

impl Case {
    /// The program type to verify with.
    pub(crate) fn prog_type_or_default(&self) -> ProgType {
        self.prog_type.unwrap_or(ProgType::SocketFilter)
    }

    /// Whether the license is one the kernel treats as GPL-compatible (`license_is_gpl_compatible`).
    pub(crate) fn gpl_compatible(&self) -> bool {
        matches!(
            self.license.as_str(),
            "GPL"
                | "GPL v2"
                | "GPL and additional rights"
                | "Dual BSD/GPL"
                | "Dual MIT/GPL"
                | "Dual MPL/GPL"
        )
    }

    /// The bytecode of an assembly case.
    pub(crate) fn assemble(&self) -> Result<Vec<RawInsn>, String> {
        match &self.source {
            Source::Asm(text) => {
                assemble(text, Syntax::Llvm).map_err(|error| format!("{}: {error}", self.name))
            }
            Source::Object { .. } => Err(format!("{} is not an assembly case", self.name)),
        }
    }
}

/// The cases directory.
pub(crate) fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// Every case, sorted by name: `reject/*.s`, `accept/*.s` and `c/*.c`.
pub(crate) fn load_all() -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for (dir, ext) in [("reject", "s"), ("accept", "s"), ("c", "c")] {
        let path = cases_dir().join(dir);
        let entries =
            std::fs::read_dir(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|file| file.extension().is_some_and(|e| e == ext))
            .collect();
        files.sort();
        for file in files {
            cases.push(load(dir, &file)?);
        }
    }
    Ok(cases)
}

/// Reads one case file.
pub(crate) fn load(dir: &str, path: &Path) -> Result<Case, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .ok_or_else(|| format!("bad file name {}", path.display()))?;
    let name = format!("{dir}/{stem}");
    let is_c = dir == "c";
    let header = header_lines(&text, if is_c { "//" } else { ";" });
    let mut case = Case {
        name: name.clone(),
        path: path.to_path_buf(),
        source: if is_c {
            Source::Object {
                object: path.with_extension("o"),
                program: None,
            }
        } else {
            Source::Asm(text.clone())
        },
        expect: Expect::Accept,
        prog_type: None,
        attach_type: None,
        maps: Vec::new(),
        unprivileged: false,
        license: "GPL".to_string(),
        kernel_skip: None,
        kernel_says: None,
        facts: Vec::new(),
        description: Vec::new(),
    };
    let mut verdicts = 0;
    let error = |message: String| format!("{}: {message}", path.display());
    for line in header {
        let (key, value) = match line.split_once(':') {
            Some((key, value)) if is_key(key.trim()) => (key.trim(), value.trim()),
            _ => (line.trim(), ""),
        };
        match key {
            "accept" if value.is_empty() => {
                case.expect = Expect::Accept;
                verdicts += 1;
            }
            "reject" => {
                case.expect = parse_reject(value).map_err(error)?;
                verdicts += 1;
            }
            "prog_type" => {
                case.prog_type = Some(
                    ProgType::from_name(value)
                        .ok_or_else(|| error(format!("unknown program type `{value}`")))?,
                );
            }
            "attach_type" => {
                case.attach_type = Some(
                    AttachType::from_name(value)
                        .ok_or_else(|| error(format!("unknown attach type `{value}`")))?,
                );
            }
            "map" => case.maps.push(parse_map(value).map_err(error)?),
            "unprivileged" if value.is_empty() => case.unprivileged = true,
            "license" => case.license = value.to_string(),
            "kernel" => {
                let reason = value
                    .strip_prefix("skip")
                    .map(str::trim)
                    .filter(|reason| !reason.is_empty())
                    .ok_or_else(|| error(format!("`kernel: {value}`: expected `skip <reason>`")))?;
                case.kernel_skip = Some(reason.to_string());
            }
            "kernel-says" => case.kernel_says = Some(value.to_string()),
            "fact" => case.facts.push(parse_fact(value).map_err(error)?),
            "program" if is_c => {
                if let Source::Object { program, .. } = &mut case.source {
                    *program = Some(value.to_string());
                }
            }
            _ => case.description.push(line.trim().to_string()),
        }
    }
    if verdicts != 1 {
        return Err(error(format!(
            "expected exactly one `accept` or `reject:` header line, found {verdicts}"
        )));
    }
    if case.description.is_empty() {
        return Err(error("no description in the header".to_string()));
    }
    Ok(case)
}

/// Whether `key` is a header key (so `key: value` is not a description line that happens to
/// contain a colon).
fn is_key(key: &str) -> bool {
    matches!(
        key,
        "accept"
            | "reject"
            | "prog_type"
            | "attach_type"
            | "map"
            | "unprivileged"
            | "license"
            | "kernel"
            | "kernel-says"
            | "fact"
            | "program"
    )
}

/// The comment lines at the top of the file, without the comment marker; blank lines are
/// skipped, the first other line ends the header.
fn header_lines<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        match trimmed.strip_prefix(marker) {
            Some(rest) => lines.push(rest.trim()),
            None => break,
        }
    }
    lines
}

/// `NAME at INSN`.
fn parse_fact(value: &str) -> Result<(String, usize), String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    match words[..] {
        [name, "at", insn] => {
            let insn = insn
                .parse()
                .map_err(|_| format!("`fact: {value}`: bad instruction index"))?;
            Ok((name.to_string(), insn))
        }
        _ => Err(format!("`fact: {value}`: expected `NAME at INSN`")),
    }
}

/// `KIND at INSN` or `KIND`.
fn parse_reject(value: &str) -> Result<Expect, String> {
    let mut words = value.split_whitespace();
    let kind = words
        .next()
        .ok_or_else(|| "`reject:` needs an error kind".to_string())?;
    if !kind.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(format!("bad error kind `{kind}`"));
    }
    let insn = match (words.next(), words.next(), words.next()) {
        (None, _, _) => None,
        (Some("at"), Some(index), None) => Some(
            index
                .parse()
                .map_err(|_| format!("bad instruction index `{index}`"))?,
        ),
        _ => return Err(format!("`reject: {value}`: expected `KIND at INSN`")),
    };
    Ok(Expect::Reject {
        kind: kind.to_string(),
        insn,
    })
}

/// `TYPE key=K value=V entries=N [flags=F] [name=NAME] [frozen] [inner=TYPE/K/V/N]`.
fn parse_map(value: &str) -> Result<MapSpec, String> {
    let mut words = value.split_whitespace();
    let type_name = words.next().ok_or("`map:` needs a type")?;
    let map_type =
        MapType::from_name(type_name).ok_or_else(|| format!("unknown map type `{type_name}`"))?;
    let mut spec = MapSpec {
        map_type,
        key_size: 0,
        value_size: 0,
        max_entries: 0,
        map_flags: 0,
        name: String::new(),
        frozen: false,
        inner: None,
    };
    let (mut key, mut val, mut entries) = (None, None, None);
    for word in words {
        if word == "frozen" {
            spec.frozen = true;
            continue;
        }
        let (name, arg) = word
            .split_once('=')
            .ok_or_else(|| format!("`map:`: bad attribute `{word}`"))?;
        match name {
            "key" => key = Some(number(arg)?),
            "value" => val = Some(number(arg)?),
            "entries" => entries = Some(number(arg)?),
            "flags" => spec.map_flags = number(arg)?,
            "name" => spec.name = arg.to_string(),
            "inner" => spec.inner = Some(Box::new(parse_inner(arg)?)),
            _ => return Err(format!("`map:`: unknown attribute `{name}`")),
        }
    }
    spec.key_size = key.ok_or("`map:` needs key=")?;
    spec.value_size = val.ok_or("`map:` needs value=")?;
    spec.max_entries = entries.ok_or("`map:` needs entries=")?;
    Ok(spec)
}

/// `TYPE/K/V/N`: an inner map template.
fn parse_inner(arg: &str) -> Result<MapSpec, String> {
    let parts: Vec<&str> = arg.split('/').collect();
    let [type_name, key, value, entries] = parts[..] else {
        return Err(format!("`inner={arg}`: expected TYPE/KEY/VALUE/ENTRIES"));
    };
    Ok(MapSpec {
        map_type: MapType::from_name(type_name)
            .ok_or_else(|| format!("unknown map type `{type_name}`"))?,
        key_size: number(key)?,
        value_size: number(value)?,
        max_entries: number(entries)?,
        map_flags: 0,
        name: String::new(),
        frozen: false,
        inner: None,
    })
}

/// A decimal or `0x` hex number.
fn number(text: &str) -> Result<u32, String> {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| format!("bad number `{text}`"))
}
