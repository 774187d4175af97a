//! `.kconfig` externs: `extern int LINUX_KERNEL_VERSION __kconfig;` and `CONFIG_*` values,
//! which libbpf fills from the running kernel and keeps in a global data map.
//!
//! Values come from `uname` (`LINUX_KERNEL_VERSION`), from the kernel's configuration
//! (`/boot/config-$(uname -r)`) for `CONFIG_*`, and from what Sluice provides for the
//! `LINUX_HAS_*` feature flags. Booleans and tristates are stored as libbpf does (`y` 1, `m` 2,
//! `n` 0); a symbol the configuration does not mention is 0.

use std::collections::HashMap;

use crate::btf::{Btf, Kind, TypeBody};

/// One extern with its offset and size in the kconfig map's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KconfigVar {
    pub(crate) name: String,
    pub(crate) offset: u32,
    pub(crate) size: u32,
}

/// Largest `.kconfig` value Sluice fills in (strings included).
const MAX_KCONFIG_VALUE: u32 = 4096;

/// The `.kconfig` externs the object declares, laid out one after the other with 8-byte
/// alignment.
pub(crate) fn externs(btf: &Btf) -> Vec<KconfigVar> {
    let Some(datasec_id) = btf.find_by_name(Kind::Datasec, ".kconfig") else {
        return Vec::new();
    };
    let Some(TypeBody::Datasec(datasec)) = btf.type_by_id(datasec_id).map(|t| &t.body) else {
        return Vec::new();
    };
    let mut offset = 0;
    let mut vars = Vec::new();
    for var in &datasec.vars {
        let Some(ty) = btf.type_by_id(var.type_id) else {
            continue;
        };
        let TypeBody::Var { type_id, .. } = ty.body else {
            continue;
        };
        let size = btf.size_of(type_id).unwrap_or(var.size).max(1);
        // Kconfig values are numbers, booleans and short strings; anything larger is not one.
        if size > MAX_KCONFIG_VALUE {
            continue;
        }
        offset = (offset as u32).next_multiple_of(size.min(8)) as usize;
        vars.push(KconfigVar {
            name: btf.type_name(ty).to_string(),
            offset: offset as u32,
            size,
        });
        offset += size as usize;
    }
    vars
}

/// The value bytes of the kconfig map for these externs.
pub(crate) fn values(vars: &[KconfigVar]) -> Vec<u8> {
    let total = vars
        .iter()
        .map(|var| (var.offset + var.size) as usize)
        .max()
        .unwrap_or(0);
    let mut data = vec![0; total.max(1)];
    let config = kernel_config();
    for var in vars {
        let bytes = value_of(&var.name, var.size as usize, &config);
        let start = var.offset as usize;
        let end = (start + bytes.len()).min(data.len());
        data[start..end].copy_from_slice(&bytes[..end - start]);
    }
    data
}

fn value_of(name: &str, size: usize, config: &HashMap<String, String>) -> Vec<u8> {
    let number = |value: u64| value.to_le_bytes()[..size.min(8)].to_vec();
    match name {
        "LINUX_KERNEL_VERSION" => number(u64::from(kernel_version())),
        "LINUX_HAS_BPF_COOKIE" | "LINUX_HAS_SYSCALL_WRAPPER" => number(1),
        _ => match config.get(name).map(String::as_str) {
            None | Some("n") => vec![0; size],
            Some("y") => number(1),
            Some("m") => number(2),
            Some(text) if text.starts_with('"') => {
                let mut bytes: Vec<u8> = text.trim_matches('"').bytes().collect();
                bytes.resize(size, 0);
                bytes
            }
            Some(text) => {
                let parsed = match text.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16).ok(),
                    None => text.parse::<i64>().ok().map(|value| value as u64),
                };
                number(parsed.unwrap_or(0))
            }
        },
    }
}

/// `KERNEL_VERSION(major, minor, patch)` of the running kernel (patch capped at 255, as libbpf).
fn kernel_version() -> u32 {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut parts = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty());
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let (major, minor, patch) = (next(), next(), next());
    (major << 16) | (minor << 8) | patch.min(255)
}

fn kernel_config() -> HashMap<String, String> {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let text =
        std::fs::read_to_string(format!("/boot/config-{}", release.trim())).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}
