//! Fuzz-style test: random bytes and random plausible programs go through the decoder and the
//! interpreter for a while; nothing may panic.
//!
//! Two generators share a seeded xorshift, so a failure is reproducible from the printed seed:
//! raw random bytes (mostly refused by the decoder, which is the point), and programs built from
//! opcodes that decode, with registers `r0` to `r10`, offsets near the stack and input memory,
//! and jump offsets that stay inside the program, so that most of them load and run.
//!
//! `SLUICE_FUZZ_SECS` sets how long it runs (default 3 seconds), `SLUICE_FUZZ_SEED` the seed.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

use sluice_interp::{
    Config, Executable, HelperError, Helpers, Interpreter, Memory, Region, TrapKind,
};
use sluice_isa::{Program, RawInsn, decode_at};

/// A small, fast, seeded generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Helpers that read and write through their pointer arguments, so helper calls exercise
/// `Memory` too: helper 1 copies 8 bytes from r2 to r1, helper 2 returns its first argument.
struct FuzzHelpers;

impl Helpers for FuzzHelpers {
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        memory: &mut Memory<'_>,
    ) -> Result<u64, HelperError> {
        match id {
            1 => {
                let value: [u8; 8] = memory
                    .load(args[1])
                    .map_err(|e| HelperError::Failed(e.to_string()))?;
                memory
                    .store(args[0], value)
                    .map_err(|e| HelperError::Failed(e.to_string()))?;
                Ok(0)
            }
            2 => Ok(args[0]),
            _ => Err(HelperError::Unknown),
        }
    }
}

fn valid_opcodes() -> Vec<u8> {
    (0..=255u8)
        .filter(|code| {
            (0..11).any(|dst| {
                [0u8, 1, 10].iter().any(|src| {
                    [0i16, 1, 8].iter().any(|off| {
                        [0i32, 1, 16, 0x100].iter().any(|imm| {
                            decode_at(&[
                                RawInsn::new(*code, dst, *src, *off, *imm),
                                RawInsn::default(),
                            ])
                            .is_ok()
                        })
                    })
                })
            })
        })
        .collect()
}

fn plausible_program(rng: &mut Rng, opcodes: &[u8]) -> Vec<u8> {
    let n_slots = 1 + rng.below(48) as usize;
    let mut slots = Vec::with_capacity(n_slots + 1);
    for insn_idx in 0..n_slots {
        let code = opcodes[rng.below(opcodes.len() as u64) as usize];
        let dst = rng.below(11) as u8;
        let src = rng.below(11) as u8;
        let class = code & 7;
        let off = match class {
            // Jumps stay inside the program.
            5 | 6 => (rng.below(n_slots as u64 + 1) as i64 - insn_idx as i64 - 1) as i16,
            // Memory offsets around the stack top (r10) and the input start (r1).
            _ => (rng.below(48) as i16) - 32,
        };
        let imm = match rng.below(4) {
            0 => rng.next() as i32,
            1 => (rng.below(64) as i32) - 8,
            2 => [16, 32, 64, 0x100, 0x110, 0x01, 0x41, 0xe1, 0xf1, 5][rng.below(10) as usize],
            _ => (rng.below(n_slots as u64) as i32) - insn_idx as i32 - 1,
        };
        slots.push(RawInsn::new(code, dst, src, off, imm));
    }
    if rng.below(4) != 0 {
        slots.push(RawInsn::new(0x95, 0, 0, 0, 0));
    }
    slots.iter().flat_map(|slot| slot.to_bytes()).collect()
}

#[derive(Debug, Default)]
struct Stats {
    generated: u64,
    decoded: u64,
    exited: u64,
    trapped: u64,
    budget: u64,
}

fn run_one(bytecode: &[u8], input: &[u8], stats: &mut Stats) {
    stats.generated += 1;
    let Ok(program) = Program::from_bytes(bytecode) else {
        return;
    };
    stats.decoded += 1;
    let executable = Executable::new(&program);
    let mut input = input.to_vec();
    let constant = [0x5au8; 16];
    let mut memory = Memory::new();
    let input_id = memory.add_region(Region::writable(&mut input));
    memory.add_region(Region::read_only(&constant));
    memory.set_packet(input_id);
    let args = [
        memory.region(input_id).addr(),
        64,
        memory.stack_top() - 16,
        0,
        0,
    ];
    let interpreter = Interpreter::new(Config {
        insn_budget: Some(5_000),
    });
    match interpreter.run(&executable, &mut memory, args, &mut FuzzHelpers) {
        Ok(outcome) => {
            assert!(outcome.insns_executed <= 5_000);
            stats.exited += 1;
        }
        Err(trap) if matches!(trap.kind, TrapKind::BudgetExhausted { .. }) => stats.budget += 1,
        Err(trap) => {
            assert!(
                trap.insn_idx < program.n_slots(),
                "trap outside the program: {trap}"
            );
            stats.trapped += 1;
        }
    }
}

#[test]
fn decoder_and_interpreter_never_panic() {
    let seconds: f64 = std::env::var("SLUICE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let seed: u64 = std::env::var("SLUICE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Instant::now().elapsed().as_nanos() as u64 ^ 0x9e37_79b9_7f4a_7c15);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let opcodes = valid_opcodes();
    let mut rng = Rng(seed | 1);
    let mut stats = Stats::default();
    while Instant::now() < deadline {
        for _ in 0..64 {
            let bytecode = if rng.below(2) == 0 {
                let len = rng.below(200) as usize;
                rng.bytes(len)
            } else {
                plausible_program(&mut rng, &opcodes)
            };
            let input = rng.bytes(64);
            let result = catch_unwind(AssertUnwindSafe(|| run_one(&bytecode, &input, &mut stats)));
            if let Err(panic) = result {
                eprintln!(
                    "panic with SLUICE_FUZZ_SEED={seed}; bytecode: {bytecode:02x?}; input: {input:02x?}"
                );
                resume_unwind(panic);
            }
        }
    }
    println!("seed {seed}: {stats:?}");
    // The generators must reach the interpreter, not just the decoder.
    assert!(
        stats.decoded * 4 > stats.generated / 10,
        "too few programs decoded: {stats:?}"
    );
    assert!(
        stats.exited > 0 && stats.trapped > 0,
        "runs must both exit and trap: {stats:?}"
    );
}
