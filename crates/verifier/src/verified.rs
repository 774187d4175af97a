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
