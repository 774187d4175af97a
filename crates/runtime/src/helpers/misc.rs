//! `bpf_get_prandom_u32` (and the trivial `bpf_get_smp_processor_id`, `bpf_get_numa_node_id`,
//! answered in the dispatch: the run's CPU, and node 0).
//!
//! The kernel's `bpf_user_rnd_u32` is a per-CPU `prandom_u32_state` (the Tausworthe generator
//! LFSR113) seeded at random. Sluice keeps the same generator per run, seeded from the clock
//! when the run starts; like the kernel's, its values are not reproducible.

use crate::invocation::Invocation;

/// One step of LFSR113 (`prandom_u32_state`) over four 32-bit words packed in two u64s.
fn lfsr113(state: &mut [u32; 4]) -> u32 {
    fn taus(s: u32, a: u32, b: u32, c: u32, d: u32) -> u32 {
        ((s & c) << d) ^ (((s << a) ^ s) >> b)
    }
    state[0] = taus(state[0], 6, 13, 4_294_967_294, 18);
    state[1] = taus(state[1], 2, 27, 4_294_967_288, 2);
    state[2] = taus(state[2], 13, 21, 4_294_967_280, 7);
    state[3] = taus(state[3], 3, 12, 4_294_967_168, 13);
    state[0] ^ state[1] ^ state[2] ^ state[3]
}

/// Seeds an LFSR113 state from 64 bits as `prandom_seed_state` does (each word must have
/// some bits above a minimum, which `| floor` guarantees).
fn seed_state(seed: u64) -> [u32; 4] {
    let mix = |n: u64| {
        let x = seed.wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (x ^ (x >> 31)) as u32
    };
    [mix(1) | 2, mix(2) | 8, mix(3) | 16, mix(4) | 128]
}

/// `u32 bpf_get_prandom_u32(void)`.
pub(crate) fn get_prandom_u32(run: &mut Invocation<'_>) -> u64 {
    // The run's 64-bit `prandom` seeds the generator on first use.
    let seed = run.prandom;
    let state = run
        .helper_state
        .prandom
        .get_or_insert_with(|| seed_state(seed));
    u64::from(lfsr113(state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lfsr113_varies_and_is_deterministic_per_seed() {
        let mut a = seed_state(42);
        let mut b = seed_state(42);
        let first: Vec<u32> = (0..8).map(|_| lfsr113(&mut a)).collect();
        let second: Vec<u32> = (0..8).map(|_| lfsr113(&mut b)).collect();
        assert_eq!(first, second);
        assert!(first.windows(2).all(|pair| pair[0] != pair[1]));
    }
}
