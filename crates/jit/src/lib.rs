//! Sluice's x86-64 JIT compiler.
//!
//! [`JitProgram::compile`] turns a [`VerifiedProgram`] into native code that runs with the
//! interpreter's semantics: same results, same memory effects, same helpers (through the
//! interpreter's [`Helpers`] and [`CallEnv`](sluice_interp::CallEnv)), same stack
//! ([`Memory`]), and the same code addresses for functions and call sites, so the two engines
//! can be compared value for value.
//!
//! - Verified code has no run-time checks: loads and stores are single instructions, since the
//!   verifier proved them in bounds. Division by zero and signed overflow get eBPF's results.
//! - [`JitProgram::compile_unchecked`] compiles a program no verifier has seen (the
//!   conformance runner only): every memory access goes through the interpreter's checked
//!   [`Memory`], so it traps exactly where the interpreter traps.
//! - Code memory is written, then made read+execute; it is never writable and executable at
//!   once, and guard pages surround it (`code_memory.rs`).
//! - Design notes: `docs/jit.md`.
//!
//! Only `code_memory.rs`, `native_maps.rs`, `run.rs` and `trampolines.rs` contain `unsafe`
//! code.

mod blind;
mod code_memory;
mod codegen;
mod engine;
mod error;
mod native_maps;
mod options;
mod run;
mod state;
mod trampolines;
pub mod x86;

use std::any::Any;
use std::sync::{Arc, Mutex};

use sluice_interp::{Executable, Helpers, Memory, Trap};
use sluice_isa::Program;
use sluice_verifier::VerifiedProgram;

pub use engine::Engine;
pub use error::JitError;
pub use options::JitOptions;

use crate::code_memory::CodeMemory;
use crate::codegen::Options;
use crate::state::Site;
use crate::trampolines::Trampolines;

/// Backward jumps checked code may take before it stops as runaway, unless the caller says
/// otherwise.
pub const DEFAULT_CHECKED_BUDGET: u64 = 10_000_000;

/// A program compiled to native code.
#[derive(Debug)]
pub struct JitProgram {
    code: CodeMemory,
    /// Native offset of each slot's instruction.
    slot_offsets: Vec<Option<u32>>,
    instructions_end: usize,
    /// The sites the code points to: only the code reads them, through the addresses
    /// embedded in it, so they must live (unmoved) as long as the code.
    _sites: Box<[Site]>,
    /// The maps the code calls or addresses directly (`native_maps.rs`): alive as long as the
    /// code.
    _maps: Vec<Arc<dyn sluice_maps::Map>>,
    /// The interpreter's numbering of code addresses: slot `s` is `base + s * stride`.
    code_address_base: u64,
    code_address_stride: u64,
    checked: bool,
    options: JitOptions,
    /// The executable whose code addresses this program uses, when it made it itself (an
    /// executable the program is attached to owns the program instead).
    _owner: Option<Arc<Executable>>,
}

impl JitProgram {
    /// Compiles a verified program with the default options.
    pub fn compile(verified: &VerifiedProgram) -> Result<JitProgram, JitError> {
        JitProgram::compile_with(verified, JitOptions::default())
    }

    /// Compiles a verified program with `options`.
    pub fn compile_with(
        verified: &VerifiedProgram,
        options: JitOptions,
    ) -> Result<JitProgram, JitError> {
        let executable = Arc::new(Executable::new(verified));
        let mut program = JitProgram::build(&executable, Some(verified), options)?;
        program._owner = Some(executable);
        Ok(program)
    }

    /// Compiles a program no verifier has seen, with every memory access checked at run time
    /// as the interpreter checks it. Only the conformance runner and the JIT's own tests use
    /// it.
    pub fn compile_unchecked(program: &Program) -> Result<JitProgram, JitError> {
        JitProgram::compile_unchecked_with(program, JitOptions::default())
    }

    /// [`JitProgram::compile_unchecked`] with `options`.
    pub fn compile_unchecked_with(
        program: &Program,
        options: JitOptions,
    ) -> Result<JitProgram, JitError> {
        let executable = Arc::new(Executable::new_unchecked(program));
        let mut jit = JitProgram::build(&executable, None, options)?;
        jit._owner = Some(executable);
        Ok(jit)
    }

    /// Compiles `executable` afresh with `options`, without keeping the result in it (what
    /// [`JitProgram::of_with`] does on first use; benchmarks of compile time use it).
    pub fn compile_executable(
        executable: &Executable,
        options: JitOptions,
    ) -> Result<JitProgram, JitError> {
        JitProgram::build(executable, executable.verified(), options)
    }

    /// The compiled form of `executable` with the default options, compiled on first use and
    /// kept in it ([`Executable::native`]): what tail calls and engines that share executables
    /// use.
    pub fn of(executable: &Arc<Executable>) -> Result<Arc<JitProgram>, JitError> {
        JitProgram::of_with(executable, JitOptions::default())
    }

    /// [`JitProgram::of`] with `options`: the executable keeps one compiled program per set
    /// of options.
    pub fn of_with(
        executable: &Arc<Executable>,
        options: JitOptions,
    ) -> Result<Arc<JitProgram>, JitError> {
        let cache: Arc<dyn Any + Send + Sync> = Arc::new(NativeCache::default());
        let cache = Arc::clone(executable.native().get_or_init(|| cache))
            .downcast::<NativeCache>()
            .map_err(|_| {
                JitError::Internal("the executable's native slot holds something else".into())
            })?;
        let mut programs = cache
            .programs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, program)) = programs.iter().find(|(kept, _)| *kept == options) {
            return Ok(Arc::clone(program));
        }
        let program = Arc::new(JitProgram::build(
            executable,
            executable.verified(),
            options,
        )?);
        programs.push((options, Arc::clone(&program)));
        Ok(program)
    }

    fn build(
        executable: &Executable,
        verified: Option<&VerifiedProgram>,
        jit_options: JitOptions,
    ) -> Result<JitProgram, JitError> {
        if !cfg!(target_arch = "x86_64") {
            return Err(JitError::UnsupportedArch(std::env::consts::ARCH));
        }
        let program = executable.program();
        let facts = verified.map(|verified| move |insn_idx: usize| *verified.facts(insn_idx));
        let facts_dyn: Option<&dyn Fn(usize) -> sluice_verifier::InsnFacts> = facts
            .as_ref()
            .map(|f| f as &dyn Fn(usize) -> sluice_verifier::InsnFacts);
        let options = Options {
            checked: verified.is_none(),
            harden: jit_options.harden,
            spectre_masking: jit_options.spectre_masking,
        };
        let generated =
            codegen::generate(program, executable, facts_dyn, options, Trampolines::get())?;
        let sites: Box<[Site]> = generated.sites.into_boxed_slice();
        let mut code = generated.code;
        for &(at, index) in &generated.site_patches {
            let address = std::ptr::from_ref(&sites[index]) as u64;
            code[at..at + 8].copy_from_slice(&address.to_le_bytes());
        }
        let code_address_base = executable.code_address(0);
        let code_address_stride = executable.code_address(1) - code_address_base;
        Ok(JitProgram {
            code: CodeMemory::new(&code)?,
            slot_offsets: generated.slot_offsets,
            instructions_end: generated.instructions_end,
            _sites: sites,
            _maps: generated.maps,
            code_address_base,
            code_address_stride,
            checked: verified.is_none(),
            options: jit_options,
            _owner: None,
        })
    }

    /// Runs the program with `args` in `r1` to `r5` and `r10` at the top of `memory`'s stack;
    /// returns `r0` or the trap.
    pub fn run(
        &self,
        memory: &mut Memory<'_>,
        args: [u64; 5],
        helpers: &mut dyn Helpers,
    ) -> Result<u64, Trap> {
        self.run_with_budget(memory, args, helpers, DEFAULT_CHECKED_BUDGET)
    }

    /// [`JitProgram::run`] where checked code stops after `budget` backward jumps (verified
    /// code always terminates and ignores it).
    pub fn run_with_budget(
        &self,
        memory: &mut Memory<'_>,
        args: [u64; 5],
        helpers: &mut dyn Helpers,
        budget: u64,
    ) -> Result<u64, Trap> {
        run::run(self, memory, args, helpers, budget)
    }

    /// Whether every memory access is checked at run time (compiled without a verifier).
    pub fn is_checked(&self) -> bool {
        self.checked
    }

    /// The options the program was compiled with.
    pub fn options(&self) -> JitOptions {
        self.options
    }

    /// The native code.
    pub fn code(&self) -> &[u8] {
        self.code.bytes()
    }

    /// The address the code is mapped at.
    pub fn code_addr(&self) -> usize {
        self.code.addr()
    }

    /// The offset in [`JitProgram::code`] of slot `slot`'s instruction.
    pub fn slot_offset(&self, slot: usize) -> Option<usize> {
        self.slot_offsets
            .get(slot)
            .copied()
            .flatten()
            .map(|o| o as usize)
    }

    /// The offset in [`JitProgram::code`] where the last instruction's code ends: the entry
    /// stub comes first, the instructions' code runs from [`JitProgram::slot_offset`] of the
    /// first slot to here, and the trap stubs follow.
    pub fn instructions_end(&self) -> usize {
        self.instructions_end
    }

    fn entry_stub(&self) -> usize {
        self.code.addr()
    }

    pub(crate) fn native_address_of_slot(&self, slot: usize) -> Option<usize> {
        self.slot_offset(slot)
            .map(|offset| self.code.addr() + offset)
    }

    pub(crate) fn slot_of_code_address(&self, value: u64) -> Option<usize> {
        let offset = value.checked_sub(self.code_address_base)?;
        if offset % self.code_address_stride != 0 {
            return None;
        }
        let slot = usize::try_from(offset / self.code_address_stride).ok()?;
        self.slot_offset(slot).map(|_| slot)
    }

    pub(crate) fn native_address_of_code_address(&self, value: u64) -> Option<usize> {
        self.slot_of_code_address(value)
            .and_then(|slot| self.native_address_of_slot(slot))
    }
}

/// What [`JitProgram::of_with`] keeps in an executable's native slot: its compiled forms.
#[derive(Debug, Default)]
struct NativeCache {
    programs: Mutex<Vec<(JitOptions, Arc<JitProgram>)>>,
}
