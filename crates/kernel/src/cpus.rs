//! [`possible_cpus`]: how many CPUs the kernel sizes per-CPU map values for.
//!
//! The kernel copies one value slot per CPU in `cpu_possible_mask` (not per online CPU, and not
//! per highest index plus one): `num_possible_cpus()`, the number of bits set. The mask is
//! published in `/sys/devices/system/cpu/possible` as a list of ranges (`0-3`, `0,2-5`).
//!
//! Invariant: the count returned is exactly the number of CPUs that list names; a list that does
//! not parse is an error, never a guess, because `sys.rs` sizes the buffers the kernel writes
//! per-CPU values into from this count.

#![forbid(unsafe_code)]

use std::sync::OnceLock;

use crate::error::Error;

const POSSIBLE_PATH: &str = "/sys/devices/system/cpu/possible";

/// The number of possible CPUs (read once, then cached).
pub fn possible_cpus() -> Result<usize, Error> {
    static CACHE: OnceLock<Result<usize, String>> = OnceLock::new();
    CACHE
        .get_or_init(|| {
            let text = std::fs::read_to_string(POSSIBLE_PATH).map_err(|e| e.to_string())?;
            parse_cpu_list(&text)
        })
        .clone()
        .map_err(|reason| Error::HostInfo {
            path: POSSIBLE_PATH.to_string(),
            reason,
        })
}

/// Counts the CPUs in a kernel CPU list such as `0-3,8,10-11\n`.
fn parse_cpu_list(text: &str) -> Result<usize, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty CPU list".to_string());
    }
    let mut count = 0usize;
    for range in text.split(',') {
        let (first, last) = match range.split_once('-') {
            Some((first, last)) => (parse_index(first)?, parse_index(last)?),
            None => {
                let only = parse_index(range)?;
                (only, only)
            }
        };
        if last < first {
            return Err(format!("descending CPU range `{range}`"));
        }
        count = count
            .checked_add(last - first + 1)
            .ok_or_else(|| "CPU count overflows".to_string())?;
    }
    Ok(count)
}

fn parse_index(text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .map_err(|_| format!("bad CPU index `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::parse_cpu_list;

    #[test]
    fn cpu_lists() {
        assert_eq!(parse_cpu_list("0\n"), Ok(1));
        assert_eq!(parse_cpu_list("0-1\n"), Ok(2));
        assert_eq!(parse_cpu_list("0-3,8,10-11"), Ok(7));
        assert!(parse_cpu_list("").is_err());
        assert!(parse_cpu_list("3-1").is_err());
        assert!(parse_cpu_list("0-").is_err());
        assert!(parse_cpu_list("a").is_err());
        assert!(parse_cpu_list("0,,1").is_err());
    }
}
