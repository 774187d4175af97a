//! Times program-side hash lookups (`Map::lookup_addr`): ns per lookup for 4- and 16-byte keys
//! in maps of 1k and 100k entries, all keys present, looked up in a shuffled order.
//!
//! Run with `cargo run --release -p sluice-maps --example lookup_timing`.

use std::hint::black_box;
use std::time::Instant;

use sluice_maps::spec::map_type;
use sluice_maps::{MapSpec, create};

fn main() {
    for key_size in [4usize, 16] {
        for entries in [1_000u32, 100_000] {
            let spec = MapSpec::new(map_type::HASH, key_size as u32, 8, entries);
            let map = create(&spec).expect("map");
            // Keys side by side in one buffer, so the timing loop itself touches little memory.
            let mut keys = vec![0u8; key_size * entries as usize];
            for (i, key) in keys.chunks_exact_mut(key_size).enumerate() {
                let mixed = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                let n = key_size.min(8);
                key[..n].copy_from_slice(&mixed.to_le_bytes()[..n]);
                map.update(key, &[1; 8], 0).expect("insert");
            }
            // A fixed pseudo-random visiting order.
            let mut order: Vec<u32> = (0..entries).collect();
            let mut state = 12345u64;
            for i in (1..order.len()).rev() {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            // Warm up (and fault in) everything once.
            for &i in &order {
                let at = i as usize * key_size;
                black_box(map.lookup_addr(&keys[at..at + key_size], 0));
            }
            let rounds = (10_000_000 / entries as usize).max(1);
            let mut found = 0u64;
            let start = Instant::now();
            for _ in 0..rounds {
                for &i in &order {
                    let at = i as usize * key_size;
                    let key = black_box(&keys[at..at + key_size]);
                    if black_box(map.lookup_addr(key, 0)).is_some() {
                        found += 1;
                    }
                }
            }
            let elapsed = start.elapsed();
            let lookups = (rounds * order.len()) as f64;
            assert_eq!(found as f64, lookups);
            println!(
                "key {key_size:>2} B, {entries:>6} entries: {:>6.1} ns/lookup",
                elapsed.as_nanos() as f64 / lookups
            );
        }
    }
}
