//! The peers the bench crate's dev-dependencies bring: rbpf 0.4.1's JIT and interpreter and
//! solana-sbpf's JIT, as [`Peer`]s of the JIT benchmark suite. Included by path from
//! `examples/jit_ratio.rs`, `benches/jit.rs` and `examples/frame_ratio.rs`, the targets that
//! may use dev-dependencies.
//!
//! rbpf and solana-sbpf have no maps or helpers and take the packet pointers as the programs'
//! loads of `struct xdp_md`'s u32 `data` and `data_end` give them (the kernel rewrites those
//! loads); the packet is put below 4 GiB for them ([`LowPacket`]; solana-sbpf: a memory region
//! at a 32-bit guest address), so the unmodified programs find it.

use std::any::Any;
use std::collections::HashMap;

use sluice_bench::jit_suite::{LowPacket, Outcome, Peer, Prepared, Runner, Workload, time_calls};

/// rbpf 0.4.1's JIT or interpreter (`EbpfVmMbuff`: `r1` points to a `struct xdp_md` whose
/// `data` and `data_end` hold the packet's addresses, below 4 GiB).
pub(crate) struct RbpfPeer {
    pub(crate) jit: bool,
}

impl Peer for RbpfPeer {
    fn name(&self) -> &'static str {
        if self.jit { "rbpf JIT" } else { "rbpf interp" }
    }

    fn prepare(&self, workload: &Workload) -> Result<Prepared, String> {
        if let Some(obstacle) = workload.foreign_obstacle()? {
            return Ok(Prepared::NotApplicable(format!(
                "the program {obstacle}; rbpf has no maps and none of the kernel's helpers"
            )));
        }
        // rbpf gives every function 256 bytes of its 512-byte stack unless told what each
        // uses; tell it what the verifier found, as the kernel sizes its frames
        let depths = stack_depths(workload)?;
        Ok(
            match rbpf_runner(workload.bytecode()?, self.jit, Some(depths)) {
                Ok(runner) => Prepared::Ready(runner),
                Err(reason) => Prepared::NotApplicable(reason),
            },
        )
    }
}

/// rbpf's JIT or interpreter ready to run `bytecode` (a program without maps or helpers), with
/// the stack depth of each function if known; `Err` says why rbpf does not take it.
pub(crate) fn rbpf_runner(
    bytecode: Vec<u8>,
    jit: bool,
    depths: Option<HashMap<usize, u16>>,
) -> Result<Box<dyn Runner>, String> {
    // rbpf's VM borrows its bytecode for as long as it lives; the benchmarks keep each VM to
    // the end of the run, so the bytecode lives as long (a few KiB per program)
    let bytecode: &'static [u8] = Box::leak(bytecode.into_boxed_slice());
    let mut vm = rbpf::EbpfVmMbuff::new(Some(bytecode))
        .map_err(|error| format!("rbpf refuses it: {error}"))?;
    if let Some(depths) = depths {
        vm.set_stack_usage_calculator(stack_usage, Box::new(depths))
            .map_err(|error| format!("rbpf's stack sizes: {error}"))?;
    }
    if jit {
        vm.jit_compile()
            .map_err(|error| format!("rbpf's JIT cannot compile it: {error}"))?;
    }
    Ok(Box::new(RbpfRunner { vm, jit }))
}

/// For each function of `workload`'s program (its first slot), the bytes of stack it uses below
/// its `r10`, as Sluice's verifier computes them, rounded up to 8.
fn stack_depths(workload: &Workload) -> Result<HashMap<usize, u16>, String> {
    let object = workload.object()?;
    let def = object
        .program(workload.name)
        .map_err(|error| error.to_string())?;
    let program = def.program(&object).map_err(|error| error.to_string())?;
    let options = sluice_verifier::object::options_for(&object, def, None, true)
        .map_err(|error| error.to_string())?;
    let verified = sluice_verifier::verify(&program, &options)
        .map_err(|error| format!("{}: {error}", workload.name))?;
    verified
        .stack_depths()
        .iter()
        .map(|&(start, depth)| {
            u16::try_from(depth.next_multiple_of(8))
                .map(|depth| (start, depth))
                .map_err(|_| format!("{}: stack depth {depth}", workload.name))
        })
        .collect()
}

/// rbpf's stack usage calculator: the depth [`stack_depths`] found for the function at `pc`.
fn stack_usage(_program: &[u8], pc: usize, data: &mut dyn Any) -> u16 {
    // rbpf passes its `Box<dyn Any>` itself as the `dyn Any`
    let depths = data
        .downcast_ref::<Box<dyn Any>>()
        .and_then(|data| data.downcast_ref::<HashMap<usize, u16>>())
        .expect("the depths given to rbpf");
    depths
        .get(&pc)
        .copied()
        .unwrap_or_else(|| panic!("rbpf asks for the stack of a function at {pc}, unknown"))
}

struct RbpfRunner {
    vm: rbpf::EbpfVmMbuff<'static>,
    jit: bool,
}

impl RbpfRunner {
    fn run(&self, packet: &mut LowPacket) -> Result<u32, String> {
        let mut ctx = packet.xdp_md();
        let r0 = if self.jit {
            rbpf_jit::run(&self.vm, packet, &mut ctx)
        } else {
            // rbpf's interpreter takes the packet as `&[u8]` but stores into it through the
            // addresses in `ctx`, as programs that rewrite the packet do
            self.vm.execute_program(packet.as_mut_slice(), &ctx)
        };
        // the kernel reports the low 32 bits of r0
        r0.map(|r0| r0 as u32)
            .map_err(|error| format!("rbpf failed: {error}"))
    }
}

impl Runner for RbpfRunner {
    fn run_once(&mut self, input: &[u8]) -> Result<Outcome, String> {
        let mut packet = LowPacket::new(input)?;
        let retval = self.run(&mut packet)?;
        Ok(Outcome {
            retval,
            data_out: packet.as_slice().to_vec(),
        })
    }

    fn batch_ns_per_run(&mut self, input: &[u8], runs: u32) -> Result<f64, String> {
        let mut packet = LowPacket::new(input)?;
        time_calls(runs, || self.run(&mut packet))
    }
}

/// The call into rbpf's JIT-compiled code, the only `unsafe` here besides solana-sbpf's.
#[allow(unsafe_code)]
mod rbpf_jit {
    use sluice_bench::jit_suite::LowPacket;

    pub(crate) fn run(
        vm: &rbpf::EbpfVmMbuff<'static>,
        packet: &mut LowPacket,
        ctx: &mut [u8; 24],
    ) -> Result<u64, std::io::Error> {
        // rbpf ties the context's borrow to the VM's lifetime, though it uses it only during
        // the call
        let ctx: &'static mut [u8] = {
            let ctx: *mut [u8] = ctx.as_mut_slice();
            // SAFETY: the reference is used for this call only and `ctx` outlives it.
            unsafe { &mut *ctx }
        };
        // SAFETY: rbpf's JIT code has no bounds checks. The program was verified by Sluice's
        // verifier and the kernel's (its accesses stay within the packet between `data` and
        // `data_end`, the context and its stack, which rbpf allocates), it has given the
        // reference result on the other engines, and `ctx` holds the real bounds of `packet`,
        // which is mapped below 4 GiB so the u32 fields hold its whole addresses.
        unsafe { vm.execute_program_jit(packet.as_mut_slice(), ctx) }
    }
}

/// solana-sbpf's JIT, for the programs that fit its dialect (SBPF v3, the version with 32-bit
/// jumps, which `clang -mcpu=v3` emits).
#[allow(unsafe_code)]
pub(crate) mod solana {
    use std::ptr::NonNull;
    use std::sync::Arc;

    use solana_sbpf::aligned_memory::AlignedMemory;
    use solana_sbpf::ebpf;
    use solana_sbpf::elf::Executable;
    use solana_sbpf::error::ProgramResult;
    use solana_sbpf::memory_region::{MemoryMapping, MemoryRegion};
    use solana_sbpf::program::{BuiltinProgram, FunctionRegistry, SBPFVersion};
    use solana_sbpf::verifier::RequisiteVerifier;
    use solana_sbpf::vm::{Config, ContextObject, EbpfVm, ExecutionMode};

    use sluice_bench::jit_suite::{Outcome, Peer, Prepared, Runner, Workload, time_calls};

    /// The guest address of the packet: below 4 GiB, so `struct xdp_md`'s u32 fields can hold
    /// it, and clear of the read-only region at 0 (the program's text).
    const PACKET_VADDR: u64 = 0x4000_0000;
    const VERSION: SBPFVersion = SBPFVersion::V3;

    pub(crate) struct SolanaPeer;

    impl Peer for SolanaPeer {
        fn name(&self) -> &'static str {
            "solana-sbpf JIT"
        }

        fn prepare(&self, workload: &Workload) -> Result<Prepared, String> {
            if let Some(obstacle) = workload.foreign_obstacle()? {
                return Ok(Prepared::NotApplicable(format!(
                    "the program {obstacle}; SBPF has no maps, and its syscalls are not the \
                     kernel's helpers"
                )));
            }
            let mut runner = match solana_runner(&workload.bytecode()?) {
                Ok(runner) => runner,
                Err(reason) => return Ok(Prepared::NotApplicable(reason)),
            };
            // Fitting the dialect means computing what eBPF computes: SBPF differs in places
            // (32-bit arithmetic results are sign-extended, division by zero traps), so a program
            // whose result differs does not fit, which is not a failure of the suite.
            let input = (workload.make_input)();
            let expected = (workload.expected)(&input);
            match runner.run_once(&input) {
                Ok(outcome) if outcome == expected => Ok(Prepared::Ready(Box::new(runner))),
                Ok(outcome) if outcome.retval != expected.retval => {
                    Ok(Prepared::NotApplicable(format!(
                        "runs, but returns {:#x} where eBPF gives {:#x}: SBPF's semantics differ",
                        outcome.retval, expected.retval
                    )))
                }
                Ok(_) => Ok(Prepared::NotApplicable(
                    "runs, but leaves a different packet than eBPF: SBPF's semantics differ"
                        .to_string(),
                )),
                Err(error) => Ok(Prepared::NotApplicable(error)),
            }
        }
    }

    /// solana-sbpf's JIT ready to run `bytecode` (a program without maps or helpers); `Err`
    /// says why it does not take it.
    fn solana_runner(bytecode: &[u8]) -> Result<SolanaRunner, String> {
        let config = Config {
            enabled_sbpf_versions: VERSION..=VERSION,
            enable_instruction_meter: false,
            aligned_memory_mapping: false,
            noop_instruction_rate: 0,
            sanitize_user_provided_values: false,
            ..Config::default()
        };
        let loader = Arc::new(BuiltinProgram::new_loader(config));
        let executable = Executable::<Context>::from_text_bytes(
            bytecode,
            loader,
            VERSION,
            FunctionRegistry::default(),
        )
        .map_err(|error| format!("solana-sbpf does not load it: {error}"))?;
        executable.verify::<RequisiteVerifier>().map_err(|error| {
            format!("not in SBPF v3: solana-sbpf's verifier refuses it: {error}")
        })?;
        executable
            .jit_compile()
            .map_err(|error| format!("solana-sbpf's JIT cannot compile it: {error}"))?;
        Ok(SolanaRunner { executable })
    }

    /// [`solana_runner`] as a boxed [`Runner`].
    #[allow(dead_code)] // each including target uses part of this file
    pub(crate) fn runner(bytecode: &[u8]) -> Result<Box<dyn Runner>, String> {
        solana_runner(bytecode).map(|runner| Box::new(runner) as Box<dyn Runner>)
    }

    /// The context object solana-sbpf's VM runs with: the memory mapping, no instruction meter.
    struct Context {
        mapping: MemoryMapping,
    }

    impl ContextObject for Context {
        fn consume(&mut self, _amount: u64) {}

        fn get_remaining(&self) -> u64 {
            u64::MAX
        }

        fn active_mapping_ptr(&mut self) -> NonNull<MemoryMapping> {
            NonNull::from_mut(&mut self.mapping)
        }
    }

    struct SolanaRunner {
        executable: Executable<Context>,
    }

    /// One VM over a packet: the guest memory (read-only text, stack, `struct xdp_md`, packet)
    /// and the VM's state, which each run starts from afresh.
    struct Machine {
        context: Box<Context>,
        // the memory the mapping points into; kept alive and unmoved while it is used
        _stack: AlignedMemory<{ ebpf::HOST_ALIGN }>,
        _ctx: Box<[u8; 24]>,
        packet: Vec<u8>,
    }

    impl SolanaRunner {
        fn machine(&self, input: &[u8]) -> Result<Machine, String> {
            let config = self.executable.get_config();
            let mut stack = AlignedMemory::<{ ebpf::HOST_ALIGN }>::zero_filled(config.stack_size());
            let mut packet = input.to_vec();
            let start = u32::try_from(PACKET_VADDR).expect("a 32-bit address");
            let end = start + u32::try_from(packet.len()).map_err(|_| "packet too long")?;
            let mut ctx = Box::new([0u8; 24]);
            ctx[0..4].copy_from_slice(&start.to_le_bytes());
            ctx[4..8].copy_from_slice(&end.to_le_bytes());
            let regions = vec![
                self.executable.get_ro_region(),
                MemoryRegion::new(&mut stack, ebpf::MM_STACK_START),
                MemoryRegion::new(&raw mut *ctx, ebpf::MM_INPUT_START),
                MemoryRegion::new(&raw mut packet[..], PACKET_VADDR),
            ];
            // SAFETY: every region points into memory the `Machine` owns and keeps alive and
            // unmoved (boxed, or heap buffers that are not resized) for as long as the mapping
            // exists; the writable ones are plain bytes, which any value may overwrite.
            let mapping = unsafe { MemoryMapping::new(regions, config, VERSION) }
                .map_err(|error| format!("solana-sbpf's memory mapping: {error}"))?;
            Ok(Machine {
                context: Box::new(Context { mapping }),
                _stack: stack,
                _ctx: ctx,
                packet,
            })
        }

        fn run(&self, machine: &mut Machine) -> Result<u32, String> {
            let stack_len = self.executable.get_config().stack_size();
            let mut vm = EbpfVm::new(
                self.executable.get_loader().clone(),
                VERSION,
                machine.context.as_mut(),
                stack_len,
            );
            vm.registers[1] = ebpf::MM_INPUT_START;
            let (_, result) =
                vm.execute_program(&self.executable, &mut ExecutionMode::Jit, &mut []);
            match result {
                // the kernel reports the low 32 bits of r0
                ProgramResult::Ok(r0) => Ok(r0 as u32),
                ProgramResult::Err(error) => Err(format!("solana-sbpf's JIT failed: {error}")),
            }
        }
    }

    impl Runner for SolanaRunner {
        fn run_once(&mut self, input: &[u8]) -> Result<Outcome, String> {
            let mut machine = self.machine(input)?;
            let retval = self.run(&mut machine)?;
            Ok(Outcome {
                retval,
                data_out: machine.packet.clone(),
            })
        }

        fn batch_ns_per_run(&mut self, input: &[u8], runs: u32) -> Result<f64, String> {
            let mut machine = self.machine(input)?;
            time_calls(runs, || self.run(&mut machine))
        }
    }
}
