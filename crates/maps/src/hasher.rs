//! Hash functions: a fast one for Sluice's own hash tables, and the kernel's `jhash` /
//! `jhash2` where the kernel's exact results are visible (bloom filter bits, stack ids).

use std::hash::{BuildHasher, RandomState};

/// A fast 64-bit hash of a key: a multiply-xorshift over its little-endian 8-byte words (the
/// last one zero-padded), seeded, with the length mixed in and a murmur3 finaliser. Not
/// cryptographic; per-map random seeds keep keys chosen by outsiders from piling into one
/// bucket.
#[inline]
pub(crate) fn fast_hash(key: &[u8], seed: u64) -> u64 {
    const MUL: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(MUL);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(MUL);
        h ^= h >> 32;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h ^ tail_word(rest)).wrapping_mul(MUL);
        h ^= h >> 32;
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// The little-endian word of the last 1 to 7 bytes of a key, zero-padded, without a
/// variable-length copy (which would cost a `memcpy` call and a store-forwarding stall).
#[inline]
pub(crate) fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    match n {
        4..=7 => {
            let low = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
            let high = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
            u64::from(low) | u64::from(high) << (8 * (n - 4))
        }
        _ => rest
            .iter()
            .take(8)
            .enumerate()
            .fold(0, |word, (i, &byte)| word | u64::from(byte) << (8 * i)),
    }
}

/// A random 64-bit seed, from the standard library's per-process random keys.
pub(crate) fn random_seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed))
}

const JHASH_INITVAL: u32 = 0xdead_beef;

#[inline]
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(4);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(6);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(8);
    *b = b.wrapping_add(*a);
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(16);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(19);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(4);
    *b = b.wrapping_add(*a);
}

#[inline]
fn final_mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(14));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(11));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(25));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(16));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(4));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(14));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(24));
}

/// The kernel's `jhash2` (Bob Jenkins' lookup3 over 32-bit words), on the native-endian words of
/// `key` (its length must be a multiple of 4; extra bytes are ignored).
pub fn jhash2(key: &[u8], initval: u32) -> u32 {
    let words: Vec<u32> = key
        .chunks_exact(4)
        .map(|chunk| u32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    let init = JHASH_INITVAL
        .wrapping_add((words.len() as u32) << 2)
        .wrapping_add(initval);
    let (mut a, mut b, mut c) = (init, init, init);
    let mut rest: &[u32] = &words;
    while rest.len() > 3 {
        a = a.wrapping_add(rest[0]);
        b = b.wrapping_add(rest[1]);
        c = c.wrapping_add(rest[2]);
        mix(&mut a, &mut b, &mut c);
        rest = &rest[3..];
    }
    match rest.len() {
        0 => return c,
        3 => {
            c = c.wrapping_add(rest[2]);
            b = b.wrapping_add(rest[1]);
            a = a.wrapping_add(rest[0]);
        }
        2 => {
            b = b.wrapping_add(rest[1]);
            a = a.wrapping_add(rest[0]);
        }
        _ => a = a.wrapping_add(rest[0]),
    }
    final_mix(&mut a, &mut b, &mut c);
    c
}

/// The kernel's `jhash` over bytes (unaligned 32-bit loads in native order, then the tail
/// byte by byte).
pub fn jhash(key: &[u8], initval: u32) -> u32 {
    let init = JHASH_INITVAL
        .wrapping_add(key.len() as u32)
        .wrapping_add(initval);
    let (mut a, mut b, mut c) = (init, init, init);
    let word = |bytes: &[u8]| u32::from_ne_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let mut rest = key;
    while rest.len() > 12 {
        a = a.wrapping_add(word(&rest[0..4]));
        b = b.wrapping_add(word(&rest[4..8]));
        c = c.wrapping_add(word(&rest[8..12]));
        mix(&mut a, &mut b, &mut c);
        rest = &rest[12..];
    }
    if rest.is_empty() {
        return c;
    }
    // The tail adds bytes as little-endian pieces of a, b and c, whatever the host order.
    let mut tail = [0u8; 12];
    tail[..rest.len()].copy_from_slice(rest);
    a = a.wrapping_add(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    b = b.wrapping_add(u32::from_le_bytes([tail[4], tail[5], tail[6], tail[7]]));
    c = c.wrapping_add(u32::from_le_bytes([tail[8], tail[9], tail[10], tail[11]]));
    final_mix(&mut a, &mut b, &mut c);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jhash_known_values() {
        // Empty input returns the initial state.
        assert_eq!(jhash(&[], 0), JHASH_INITVAL);
        assert_eq!(jhash2(&[], 0), JHASH_INITVAL);
        // jhash and jhash2 agree on whole words on a little-endian host.
        let data = [1u8, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        if cfg!(target_endian = "little") {
            assert_eq!(jhash(&data, 7), jhash2(&data, 7));
            assert_eq!(jhash(&data[..8], 0), jhash2(&data[..8], 0));
        }
    }

    #[test]
    fn tail_words() {
        for n in 0..8 {
            let bytes: Vec<u8> = (1..=n as u8).collect();
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(&bytes);
            assert_eq!(tail_word(&bytes), u64::from_le_bytes(word), "{n} bytes");
        }
    }

    #[test]
    fn fast_hash_spreads() {
        let a = fast_hash(&1u32.to_le_bytes(), 0);
        let b = fast_hash(&2u32.to_le_bytes(), 0);
        assert_ne!(a, b);
        assert_ne!(fast_hash(&[0; 4], 0), fast_hash(&[0; 8], 0));
        assert_ne!(fast_hash(&[1; 4], 1), fast_hash(&[1; 4], 2));
    }
}
