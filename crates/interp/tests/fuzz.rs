//! Fuzz-style test: random bytes and random plausible programs go through the decoder and the
//! interpreter for a while; nothing may panic.
//!
//! Two generators share a seeded xorshift, so a failure is reproducible from the printed seed:
//! raw random bytes (mostly refused by the decoder, which is the point), and programs of random
//! valid instructions, with offsets near the stack and the input memory and branches that stay
//! inside the program, so that most of them load and run.
//!
//! `SLUICE_FUZZ_SECS` sets how long it runs (default 3 seconds), `SLUICE_FUZZ_SEED` the seed.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sluice_interp::{
    CallEnv, Config, Executable, HelperError, Helpers, Interpreter, Memory, Region, TrapKind,
};
use sluice_isa::{
    AluOp, AtomicOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Program, Reg, Size, Source,
    Width, encode_all,
};

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

/// Helpers that exercise what helpers can do: helper 1 copies 8 bytes from r2 to r1 through
/// memory, helper 2 returns its first argument, helper 3 calls back into the program at the code
/// address in r1 (like `bpf_loop`), and tail calls continue in the same program again.
struct FuzzHelpers {
    program: Arc<Executable>,
}

impl Helpers for FuzzHelpers {
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        match id {
            1 => {
                let value: [u8; 8] = env
                    .memory()
                    .load(args[1])
                    .map_err(|e| HelperError::Failed(e.to_string()))?;
                env.memory()
                    .store(args[0], value)
                    .map_err(|e| HelperError::Failed(e.to_string()))?;
                Ok(0)
            }
            2 => Ok(args[0]),
            3 => env
                .call_function(self, args[0], [args[1], 0, 0, 0, 0])
                .map_err(HelperError::Trap),
            _ => Err(HelperError::Unknown),
        }
    }

    fn tail_call(&mut self, _prog_array: u64, index: u64) -> Option<Arc<Executable>> {
        index.is_multiple_of(2).then(|| self.program.clone())
    }
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.below(items.len() as u64) as usize]
}

fn reg(rng: &mut Rng) -> Reg {
    Reg::new(rng.below(11) as u8).expect("r0 to r10")
}

fn source(rng: &mut Rng, insn_idx: usize, n_slots: usize) -> Source {
    if rng.below(2) == 0 {
        Source::Reg(reg(rng))
    } else {
        Source::Imm(small_imm(rng, insn_idx, n_slots))
    }
}

/// Immediates that matter: small values, random words, shift amounts at the edges, and
/// relative offsets that land inside the program.
fn small_imm(rng: &mut Rng, insn_idx: usize, n_slots: usize) -> i32 {
    match rng.below(4) {
        0 => rng.next() as i32,
        1 => (rng.below(80) as i32) - 16,
        2 => pick(rng, &[0, 1, -1, 31, 32, 63, 64, i32::MIN, i32::MAX, 5]),
        _ => relative(rng, insn_idx, n_slots) as i32,
    }
}

/// A relative branch offset from `insn_idx` to a random slot of the program.
fn relative(rng: &mut Rng, insn_idx: usize, n_slots: usize) -> i16 {
    (rng.below(n_slots as u64) as i64 - insn_idx as i64 - 1) as i16
}

/// A base register for a memory access: mostly the input pointer or the frame pointer.
fn base(rng: &mut Rng) -> Reg {
    let any = reg(rng);
    pick(rng, &[Reg::R1, Reg::R10, Reg::R2, any])
}

/// Memory offsets around the stack top (`r10`) and the start of the input (`r1`).
fn mem_off(rng: &mut Rng) -> i16 {
    (rng.below(96) as i16) - 64
}

/// A random valid instruction; branches stay inside a program of `n_slots` slots (the
/// decoder still refuses the few that land on the second slot of a `lddw`).
fn instruction(rng: &mut Rng, insn_idx: usize, n_slots: usize) -> Instruction {
    let width = if rng.below(2) == 0 {
        Width::W32
    } else {
        Width::W64
    };
    let size = pick(rng, &Size::ALL);
    match rng.below(20) {
        0..=4 => Instruction::Alu {
            width,
            op: pick(rng, &AluOp::ALL),
            dst: reg(rng),
            src: source(rng, insn_idx, n_slots),
        },
        5 => match rng.below(4) {
            0 => Instruction::Neg {
                width,
                dst: reg(rng),
            },
            1 => Instruction::MovSx {
                width: Width::W64,
                bits: pick(rng, &[8, 16, 32]),
                dst: reg(rng),
                src: reg(rng),
            },
            2 => Instruction::Endian {
                kind: pick(rng, &[Endian::ToLe, Endian::ToBe, Endian::Swap]),
                bits: pick(rng, &[16, 32, 64]),
                dst: reg(rng),
            },
            _ => Instruction::LdImm64 {
                dst: reg(rng),
                value: match rng.below(3) {
                    0 => LdImm64::Imm(rng.next()),
                    1 => LdImm64::Func(i32::from(relative(rng, insn_idx, n_slots))),
                    _ => LdImm64::MapFd(3),
                },
            },
        },
        6..=8 => Instruction::Load {
            size,
            sign_extend: size != Size::DW && rng.below(4) == 0,
            dst: reg(rng),
            src: base(rng),
            off: mem_off(rng),
        },
        9..=10 => Instruction::Store {
            size,
            dst: base(rng),
            off: mem_off(rng),
            src: source(rng, insn_idx, n_slots),
        },
        11 => Instruction::Atomic {
            size: pick(rng, &[Size::W, Size::DW]),
            op: pick(rng, &AtomicOp::ALL),
            dst: base(rng),
            src: reg(rng),
            off: mem_off(rng),
        },
        12 => match rng.below(4) {
            0 => Instruction::LdAbs {
                size: pick(rng, &[Size::B, Size::H, Size::W]),
                imm: small_imm(rng, insn_idx, n_slots),
            },
            1 => Instruction::LdInd {
                size: pick(rng, &[Size::B, Size::H, Size::W]),
                src: reg(rng),
                imm: small_imm(rng, insn_idx, n_slots),
            },
            2 => Instruction::LoadAcquire {
                size,
                dst: reg(rng),
                src: pick(rng, &[Reg::R1, Reg::R10]),
                off: mem_off(rng),
            },
            _ => Instruction::StoreRelease {
                size,
                dst: pick(rng, &[Reg::R1, Reg::R10]),
                src: reg(rng),
                off: mem_off(rng),
            },
        },
        13..=16 => Instruction::Jmp {
            width,
            cond: pick(rng, &JmpCond::ALL),
            dst: reg(rng),
            src: source(rng, insn_idx, n_slots),
            off: relative(rng, insn_idx, n_slots),
        },
        17 => Instruction::Ja {
            off: relative(rng, insn_idx, n_slots),
        },
        18 => match rng.below(4) {
            0 => Instruction::Call(CallTarget::Local(i32::from(relative(
                rng, insn_idx, n_slots,
            )))),
            1 => Instruction::Call(CallTarget::Helper(pick(rng, &[1, 2, 3, 7, 12]))),
            2 => Instruction::CallX { reg: reg(rng) },
            _ => Instruction::Ja32 {
                imm: i32::from(relative(rng, insn_idx, n_slots)),
            },
        },
        _ => Instruction::Exit,
    }
}

fn plausible_program(rng: &mut Rng) -> Vec<u8> {
    let n_insns = 1 + rng.below(48) as usize;
    // Slots, not instructions, are what branch offsets count; lddw takes two.
    let mut insns = Vec::with_capacity(n_insns + 1);
    let mut n_slots = 0;
    for _ in 0..n_insns {
        let insn = instruction(rng, n_slots, n_insns + n_insns / 4);
        n_slots += insn.n_slots();
        insns.push(insn);
    }
    if rng.below(4) != 0 {
        insns.push(Instruction::Exit);
    }
    encode_all(&insns)
        .iter()
        .flat_map(|slot| slot.to_bytes())
        .collect()
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
    let executable = Arc::new(Executable::new_unchecked(&program));
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
    let mut helpers = FuzzHelpers {
        program: executable.clone(),
    };
    match interpreter.run(&executable, &mut memory, args, &mut helpers) {
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
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.map_or(1, |elapsed| elapsed.as_nanos() as u64)
        });
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut rng = Rng(seed | 1);
    let mut stats = Stats::default();
    while Instant::now() < deadline {
        for _ in 0..64 {
            let bytecode = if rng.below(2) == 0 {
                let len = rng.below(200) as usize;
                rng.bytes(len)
            } else {
                plausible_program(&mut rng)
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
