//! Keys for constant blinding ([`crate::JitOptions::harden`]).
//!
//! Each immediate gets its own key, so equal constants look different in the code. The keys
//! come from a xorshift generator seeded per compilation from the process's random hash
//! keys (`RandomState`, which the standard library seeds from the operating system), so the
//! program's author cannot predict them; they need not be cryptographic, only unknown.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// A source of blinding keys.
#[derive(Debug)]
pub(crate) struct Keys {
    state: u64,
}

impl Keys {
    /// Keys for one compilation.
    pub(crate) fn new() -> Keys {
        static COMPILATIONS: AtomicU64 = AtomicU64::new(0);
        let n = COMPILATIONS.fetch_add(1, Ordering::Relaxed);
        let seed = RandomState::new().hash_one(n);
        Keys { state: seed | 1 }
    }

    /// The next 64-bit key (xorshift64*).
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// The next 32-bit key, never 0.
    pub(crate) fn next_u32(&mut self) -> u32 {
        loop {
            let key = (self.next_u64() >> 32) as u32;
            if key != 0 {
                return key;
            }
        }
    }
}
