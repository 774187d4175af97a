//! Tail calls and callbacks: the two ways control leaves a function other than call and exit.

use std::sync::Arc;

use sluice_interp::{
    CallEnv, Config, Executable, HelperError, Helpers, Interpreter, Memory, Region,
};
use sluice_isa::Syntax;
use sluice_isa::asm::assemble_program;
use sluice_maps::SharedBuf;

fn executable(source: &str) -> Arc<Executable> {
    let program = assemble_program(source, Syntax::Llvm).unwrap_or_else(|error| panic!("{error}"));
    Arc::new(Executable::new_unchecked(&program))
}

/// Helpers of these tests: tail calls go to `programs[index]`; helper 181 is `bpf_loop`.
struct TestHelpers {
    programs: Vec<Arc<Executable>>,
}

impl Helpers for TestHelpers {
    fn call(
        &mut self,
        id: i64,
        args: [u64; 5],
        env: &mut CallEnv<'_, '_, '_>,
    ) -> Result<u64, HelperError> {
        match id {
            181 => {
                let [n_loops, callback, ctx, ..] = args;
                for i in 0..n_loops {
                    let stop = env
                        .call_function(self, callback, [i, ctx, 0, 0, 0])
                        .map_err(HelperError::Trap)?;
                    if stop == 1 {
                        return Ok(i + 1);
                    }
                }
                Ok(n_loops)
            }
            _ => Err(HelperError::Unknown),
        }
    }

    fn tail_call(&mut self, _prog_array: u64, index: u64) -> Option<Arc<Executable>> {
        self.programs.get(usize::try_from(index).ok()?).cloned()
    }
}

fn run(
    entry: &Executable,
    helpers: &mut TestHelpers,
    shared: &SharedBuf,
) -> Result<u64, sluice_interp::Trap> {
    let mut memory = Memory::new();
    let region = memory.add_region(Region::shared(shared, true));
    let args = [memory.region(region).addr(), 0, 0, 0, 0];
    Interpreter::new(Config {
        insn_budget: Some(1_000_000),
    })
    .run(entry, &mut memory, args, helpers)
    .map(|outcome| outcome.r0)
}

#[test]
fn tail_call_continues_in_the_target_and_stops_at_the_kernel_limit() {
    // Program 0 counts its runs in the shared buffer and tail-calls itself; after 33 tail calls
    // the 34th fails and it falls through, returning the count.
    let counting = executable(
        "r6 = r1
         r0 = 1
         lock *(u64 *)(r6 + 0) += r0
         r2 = 0
         r3 = 0
         call 12
         r0 = *(u64 *)(r6 + 0)
         exit",
    );
    let mut helpers = TestHelpers {
        programs: vec![counting.clone()],
    };
    let shared = SharedBuf::zeroed(8);
    assert_eq!(run(&counting, &mut helpers, &shared), Ok(34));
}

#[test]
fn failed_tail_call_leaves_r0_alone() {
    let entry = executable(
        "r0 = 7
         r3 = 5
         call 12
         exit",
    );
    let mut helpers = TestHelpers {
        programs: Vec::new(),
    };
    assert_eq!(run(&entry, &mut helpers, &SharedBuf::zeroed(8)), Ok(7));
}

#[test]
fn tail_call_in_a_subprogram_returns_to_its_caller() {
    let target = executable(
        "r0 = 40
         exit",
    );
    let entry = executable(
        "r6 = 2
         call pc+3
         r0 += r6
         exit
         exit
         r3 = 0
         call 12
         r0 = 99
         exit",
    );
    let mut helpers = TestHelpers {
        programs: vec![target],
    };
    assert_eq!(run(&entry, &mut helpers, &SharedBuf::zeroed(8)), Ok(42));
}

#[test]
fn callbacks_run_in_their_own_frame_and_see_their_context() {
    // bpf_loop(5, callback, &counter_on_stack, 0); the callback adds its index to the counter
    // and stops after index 3 by returning 1.
    let entry = executable(
        "r1 = 0
         *(u64 *)(r10 - 8) = r1
         r1 = 5
         r2 = subprog[callback]
         r3 = r10
         r3 += -8
         r4 = 0
         call 181
         r1 = *(u64 *)(r10 - 8)
         r0 <<= 8
         r0 += r1
         exit
         callback:
         r3 = *(u64 *)(r2 + 0)
         r3 += r1
         *(u64 *)(r2 + 0) = r3
         r0 = 0
         if r1 != 3 goto +1
         r0 = 1
         *(u64 *)(r10 - 8) = r0
         exit",
    );
    let mut helpers = TestHelpers {
        programs: Vec::new(),
    };
    // 4 iterations ran (0..=3), the counter holds 0+1+2+3 = 6.
    assert_eq!(
        run(&entry, &mut helpers, &SharedBuf::zeroed(8)),
        Ok((4 << 8) + 6)
    );
}
