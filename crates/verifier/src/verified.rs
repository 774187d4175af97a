//! [`VerifiedProgram`]: a program the verifier accepted, with what it proved.

use sluice_isa::Program;

use crate::error::Stats;
use crate::facts::InsnFacts;
use crate::options::VerifyOptions;

/// A program proven safe for its program type and mode. Only [`crate::verify`] builds one.
#[derive(Clone, Debug)]
pub struct VerifiedProgram {
    program: Program,
    options: VerifyOptions,
    facts: Vec<InsnFacts>,
    stack_depths: Vec<(usize, u32)>,
    stats: Stats,
    log: Vec<String>,
}

impl VerifiedProgram {
    pub(crate) fn new(
        program: Program,
        options: VerifyOptions,
        facts: Vec<InsnFacts>,
        stack_depths: Vec<(usize, u32)>,
        stats: Stats,
        log: Vec<String>,
    ) -> VerifiedProgram {
        VerifiedProgram {
            program,
            options,
            facts,
            stack_depths,
            stats,
            log,
        }
    }

    /// The same program with its instructions replaced by `fixed`: the load-time fix-ups an
    /// engine applies after verification, as the kernel does after its verifier (map
    /// references resolved to addresses, context field offsets converted). A fix-up may change
    /// immediates and offsets but not the program's shape; `None` if `fixed` has a different
    /// number of slots or different instruction kinds at any slot.
    pub fn with_fixups(mut self, fixed: Program) -> Option<VerifiedProgram> {
        if fixed.n_slots() != self.program.n_slots() {
            return None;
        }
        let same_shape =
            self.program
                .insns()
                .iter()
                .zip(fixed.insns())
                .all(|((a_idx, a), (b_idx, b))| {
                    a_idx == b_idx && std::mem::discriminant(a) == std::mem::discriminant(b)
                });
        if !same_shape {
            return None;
        }
        self.program = fixed;
        Some(self)
    }

    /// The instructions.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// What the program was verified for.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// Facts about the instruction at slot `insn_idx`.
    pub fn facts(&self, insn_idx: usize) -> &InsnFacts {
        &self.facts[insn_idx]
    }

    /// For each function (first slot), the bytes of stack it uses below its `r10`.
    pub fn stack_depths(&self) -> &[(usize, u32)] {
        &self.stack_depths
    }

    /// The verifier's log (empty unless the options asked for one).
    pub fn log(&self) -> &[String] {
        &self.log
    }

    /// The work verification took.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}
