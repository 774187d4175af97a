//! The clocks: `bpf_ktime_get_ns` (`CLOCK_MONOTONIC`), `bpf_ktime_get_boot_ns`
//! (`CLOCK_BOOTTIME`), `bpf_ktime_get_coarse_ns` (`CLOCK_MONOTONIC_COARSE`),
//! `bpf_ktime_get_tai_ns` (`CLOCK_TAI`) and `bpf_jiffies64`.
//!
//! Sluice reads the host's clocks, which are the clocks the kernel's helpers read, so the
//! values are comparable with the kernel's and keep its relations: every clock is monotonic,
//! boot time is at least monotonic time, TAI is far ahead of both, and the coarse clock lags
//! the fine one by at most a tick.
//!
//! Jiffies are not readable from user space. Sluice derives them from the monotonic clock
//! as the kernel counts them: `INITIAL_JIFFIES` (`(u32)(-300 * HZ)`, so that 32-bit counters
//! wrap five minutes after boot) plus the ticks since boot, with `HZ` read once from
//! `/proc/timer_list` where that is readable and 250 otherwise. The kernel's jiffies and
//! these agree to within a tick or two.

use std::sync::OnceLock;

use rustix::time::{ClockId, clock_gettime};

fn nanoseconds(clock: ClockId) -> u64 {
    let time = clock_gettime(clock);
    (time.tv_sec as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(time.tv_nsec as u64)
}

/// `bpf_ktime_get_ns`.
pub(crate) fn ktime_get_ns() -> u64 {
    nanoseconds(ClockId::Monotonic)
}

/// `bpf_ktime_get_boot_ns`.
pub(crate) fn ktime_get_boot_ns() -> u64 {
    nanoseconds(ClockId::Boottime)
}

/// `bpf_ktime_get_coarse_ns`.
pub(crate) fn ktime_get_coarse_ns() -> u64 {
    nanoseconds(ClockId::MonotonicCoarse)
}

/// `bpf_ktime_get_tai_ns`.
pub(crate) fn ktime_get_tai_ns() -> u64 {
    nanoseconds(ClockId::Tai)
}

/// The kernel's tick rate when it cannot be read.
const DEFAULT_HZ: u64 = 250;

/// The tick rates Linux can be built with.
const KNOWN_HZ: [u64; 4] = [100, 250, 300, 1000];

/// `INITIAL_JIFFIES` for a tick rate.
fn initial_jiffies(hz: u64) -> u64 {
    u64::from((-300i64 * hz as i64) as u32)
}

/// The kernel's `HZ`, from the `jiffies:` and `now at` lines of `/proc/timer_list`.
fn hz() -> u64 {
    static HZ: OnceLock<u64> = OnceLock::new();
    *HZ.get_or_init(|| {
        let Ok(text) = std::fs::read_to_string("/proc/timer_list") else {
            return DEFAULT_HZ;
        };
        let number_after = |prefix: &str| {
            text.lines()
                .find_map(|line| line.trim().strip_prefix(prefix))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|word| word.parse::<u64>().ok())
        };
        let (Some(now_ns), Some(jiffies)) = (number_after("now at"), number_after("jiffies:"))
        else {
            return DEFAULT_HZ;
        };
        let seconds = now_ns as f64 / 1e9;
        if seconds < 1.0 {
            return DEFAULT_HZ;
        }
        KNOWN_HZ
            .into_iter()
            .min_by_key(|hz| {
                let expected = initial_jiffies(*hz) as f64 + seconds * *hz as f64;
                (expected - jiffies as f64).abs() as u64
            })
            .unwrap_or(DEFAULT_HZ)
    })
}

/// `bpf_jiffies64`.
pub(crate) fn jiffies64() -> u64 {
    let hz = hz();
    initial_jiffies(hz).wrapping_add(ktime_get_ns() / (1_000_000_000 / hz))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_keep_the_kernels_relations() {
        let mono = ktime_get_ns();
        let boot = ktime_get_boot_ns();
        let coarse = ktime_get_coarse_ns();
        let tai = ktime_get_tai_ns();
        assert!(mono > 0 && boot >= mono && tai > boot);
        assert!(coarse <= ktime_get_ns() + 20_000_000);
        let j1 = jiffies64();
        assert!(j1 >= initial_jiffies(hz()) && jiffies64() >= j1);
    }

    #[test]
    fn initial_jiffies_wraps_32_bits_five_minutes_after_boot() {
        assert_eq!(initial_jiffies(250), (1 << 32) - 75_000);
        assert_eq!(initial_jiffies(1000), (1 << 32) - 300_000);
    }
}
