//! Compute-heavy eBPF workloads for comparing Sluice's interpreter with rbpf's interpreter and
//! with native Rust.
//!
//! Each [`Workload`] pairs a program in LLVM syntax (one of `programs/*.s`, whose comment header
//! says what it computes) with the input it runs on and a native Rust function that does the
//! same computation. Every program takes a pointer to its input in `r1` and returns a checksum in
//! `r0`. None of them reads the length from `r2`, because rbpf's interpreter only sets `r1`: the
//! sizes come from the input itself or from constants in the program.
//!
//! The benchmark (`benches/interp.rs`) and the ratio table (`examples/interp_ratio.rs`) both run
//! every workload on every engine once and call [`check_agreement`] before they time anything,
//! so an engine that computes the wrong thing fails instead of looking fast. The rbpf side lives
//! in those two targets because rbpf is only a dev-dependency.

pub mod frames;
pub mod jit_suite;

/// Loading objects into the kernel, shared with the runtime's corpus harness.
#[path = "../../runtime/tests/corpus_harness/kernel_load.rs"]
mod kernel_load;

use std::hint::black_box;

use sluice_interp::{Config, Executable, Interpreter, Memory, NoHelpers, Outcome, Region};
use sluice_isa::{Program, Syntax};

/// One benchmark program with its input and its native equivalent.
#[derive(Clone, Copy, Debug)]
pub struct Workload {
    /// Short name, also the file name of the program without `.s`.
    pub name: &'static str,
    /// The program in LLVM syntax.
    pub source: &'static str,
    /// Builds the input buffer the program receives in `r1`.
    pub make_input: fn() -> Vec<u8>,
    /// The same computation in plain Rust; it must return the program's `r0`.
    pub native: fn(&[u8]) -> u64,
}

impl Workload {
    /// Assembles the program; the sources are part of this crate, so a failure is a bug here.
    pub fn program(&self) -> Program {
        sluice_isa::asm::assemble_program(self.source, Syntax::Llvm)
            .unwrap_or_else(|error| panic!("programs/{}.s does not assemble: {error}", self.name))
    }
}

/// Every workload, in the order the reports list them.
pub const WORKLOADS: [Workload; 7] = [
    Workload {
        name: "sum_loop",
        source: include_str!("../programs/sum_loop.s"),
        make_input: sum_loop_input,
        native: sum_loop_native,
    },
    Workload {
        name: "fnv1a",
        source: include_str!("../programs/fnv1a.s"),
        make_input: fnv1a_input,
        native: fnv1a_native,
    },
    Workload {
        name: "primes",
        source: include_str!("../programs/primes.s"),
        make_input: primes_input,
        native: primes_native,
    },
    Workload {
        name: "popcount",
        source: include_str!("../programs/popcount.s"),
        make_input: popcount_input,
        native: popcount_native,
    },
    Workload {
        name: "binary_search",
        source: include_str!("../programs/binary_search.s"),
        make_input: binary_search_input,
        native: binary_search_native,
    },
    Workload {
        name: "calls",
        source: include_str!("../programs/calls.s"),
        make_input: calls_input,
        native: calls_native,
    },
    Workload {
        name: "insertion_sort",
        source: include_str!("../programs/insertion_sort.s"),
        make_input: insertion_sort_input,
        native: insertion_sort_native,
    },
];

/// A program prepared for Sluice's interpreter, run the way an embedder runs it: a fresh
/// [`Memory`] per run with the input as its only region.
#[derive(Debug)]
pub struct SluiceRunner {
    executable: Executable,
    interpreter: Interpreter,
}

impl SluiceRunner {
    /// Prepares `program`; runs have no instruction budget.
    pub fn new(program: &Program) -> SluiceRunner {
        SluiceRunner {
            executable: Executable::new_unchecked(program),
            interpreter: Interpreter::new(Config { insn_budget: None }),
        }
    }

    /// Runs the program with `r1` pointing to `input` and `r2` holding its length, as the
    /// conformance suite does. A trap is a bug in the program or the interpreter, so it panics.
    pub fn run(&self, input: &mut [u8]) -> Outcome {
        let length = input.len() as u64;
        let mut memory = Memory::new();
        let input_region = memory.add_region(Region::writable(input));
        let args = [memory.region(input_region).addr(), length, 0, 0, 0];
        match self
            .interpreter
            .run(&self.executable, &mut memory, args, &mut NoHelpers)
        {
            Ok(outcome) => outcome,
            Err(trap) => panic!("Sluice's interpreter trapped: {trap}"),
        }
    }
}

/// Panics unless every engine that ran returned the same `r0`. `rbpf` is `Err` with the reason
/// when rbpf could not load or run the program; that is reported, not treated as a mismatch.
pub fn check_agreement(name: &str, sluice: u64, rbpf: &Result<u64, String>, native: u64) {
    assert_eq!(
        sluice, native,
        "{name}: Sluice returned {sluice:#x} but native Rust returned {native:#x}"
    );
    match rbpf {
        Ok(rbpf) => assert_eq!(
            *rbpf, native,
            "{name}: rbpf returned {rbpf:#x} but native Rust returned {native:#x}"
        ),
        Err(reason) => eprintln!("{name}: rbpf is not measured: {reason}"),
    }
}

/// Deterministic pseudo-random bytes (xorshift64), so every run sees the same input.
fn pseudo_random_bytes(length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut bytes = Vec::with_capacity(length);
    while bytes.len() < length {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(length);
    bytes
}

/// An 8-byte input holding `n` as a little-endian u32 at offset 0.
fn count_input(n: u32) -> Vec<u8> {
    let mut bytes = vec![0; 8];
    bytes[..4].copy_from_slice(&n.to_le_bytes());
    bytes
}

/// Reads the little-endian u32 at offset 0.
fn read_count(input: &[u8]) -> u64 {
    u64::from(u32::from_le_bytes([input[0], input[1], input[2], input[3]]))
}

fn sum_loop_input() -> Vec<u8> {
    count_input(200_000)
}

fn sum_loop_native(input: &[u8]) -> u64 {
    let n = read_count(black_box(input));
    let mut acc = 0u64;
    for i in 1..=n {
        let t = i.wrapping_mul(i) ^ acc;
        acc = acc.wrapping_add(t);
        acc ^= acc >> 7;
    }
    acc
}

fn fnv1a_input() -> Vec<u8> {
    pseudo_random_bytes(4096, 0x0123_4567_89ab_cdef)
}

fn fnv1a_native(input: &[u8]) -> u64 {
    let input = black_box(input);
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &byte in &input[..4096] {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn primes_input() -> Vec<u8> {
    count_input(20_000)
}

fn primes_native(input: &[u8]) -> u64 {
    let n_bound = read_count(black_box(input));
    let mut sum = 0u64;
    for n in 2..n_bound {
        let is_prime = if n < 4 {
            true
        } else if n % 2 == 0 {
            false
        } else {
            let mut divisor = 3;
            loop {
                if divisor * divisor > n {
                    break true;
                }
                if n % divisor == 0 {
                    break false;
                }
                divisor += 2;
            }
        };
        if is_prime {
            sum += n;
        }
    }
    sum
}

fn popcount_input() -> Vec<u8> {
    pseudo_random_bytes(4096, 0x9e37_79b9_7f4a_7c15)
}

fn popcount_native(input: &[u8]) -> u64 {
    let input = black_box(input);
    let mut acc = 0u64;
    for chunk in input[..4096].chunks_exact(8) {
        let mut word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8 bytes"));
        let mut count = 0u64;
        while word != 0 {
            count += word & 1;
            word >>= 1;
        }
        acc = acc.wrapping_mul(31).wrapping_add(count);
    }
    acc
}

fn binary_search_input() -> Vec<u8> {
    (0..1024u32)
        .flat_map(|i| (3 * i + 1).to_le_bytes())
        .collect()
}

fn binary_search_native(input: &[u8]) -> u64 {
    let input = black_box(input);
    let element = |index: u64| {
        let at = index as usize * 4;
        u64::from(u32::from_le_bytes([
            input[at],
            input[at + 1],
            input[at + 2],
            input[at + 3],
        ]))
    };
    let mut acc = 0u64;
    let mut state = 12345u32;
    for _ in 0..4096 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let key = u64::from(state >> 16) % 3100;
        let mut lo = 0u64;
        let mut hi = 1024u64;
        while lo < hi {
            let mid = (lo + hi) >> 1;
            if element(mid) >= key {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        acc += lo;
        if lo < 1024 && element(lo) == key {
            acc += 65536;
        }
    }
    acc
}

fn calls_input() -> Vec<u8> {
    count_input(50_000)
}

#[inline(never)]
fn calls_rotl17(x: u64) -> u64 {
    x.rotate_left(17)
}

#[inline(never)]
fn calls_mix(x: u64, i: u64) -> u64 {
    calls_rotl17(x.wrapping_mul(0x2545_f491).wrapping_add(i)) ^ i
}

fn calls_native(input: &[u8]) -> u64 {
    let n = read_count(black_box(input));
    let mut acc = 0u64;
    for i in 0..n {
        acc = calls_mix(acc, i);
    }
    acc
}

fn insertion_sort_input() -> Vec<u8> {
    pseudo_random_bytes(512, 0x2545_f491_4f6c_dd1d)
}

fn insertion_sort_native(input: &[u8]) -> u64 {
    let input = black_box(input);
    let mut array: Vec<u16> = input[..512]
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    for i in 1..array.len() {
        let key = array[i];
        let mut hole = i;
        while hole > 0 && array[hole - 1] > key {
            array[hole] = array[hole - 1];
            hole -= 1;
        }
        array[hole] = key;
    }
    array
        .iter()
        .enumerate()
        .map(|(index, &value)| u64::from(value) * (index as u64 + 1))
        .fold(0u64, u64::wrapping_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sluice_agrees_with_native_on_every_workload() {
        for workload in WORKLOADS {
            let runner = SluiceRunner::new(&workload.program());
            let mut input = (workload.make_input)();
            let native = (workload.native)(&input);
            assert_eq!(runner.run(&mut input).r0, native, "{}", workload.name);
        }
    }
}
