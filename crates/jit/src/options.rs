//! [`JitOptions`]: how the JIT hardens the code it generates.

/// Hardening choices for one compilation. Programs compiled with different options are
/// different programs: [`crate::JitProgram::of_with`] keeps one per set of options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct JitOptions {
    /// Constant blinding, as the kernel's `bpf_jit_harden`: every immediate of the program
    /// (ALU and jump operands, stored constants, `lddw` values) is emitted XOR-ed with a
    /// random key and decoded at run time, so a program cannot place chosen bytes in
    /// executable memory (JIT spraying). Costs one or two instructions per immediate.
    pub harden: bool,
    /// Spectre v1 masking of pointer arithmetic where the verifier asked for it
    /// (`InsnFacts::alu_sanitize`, recorded for programs verified without privileges): the
    /// offset is masked so that even a mispredicted path cannot move the pointer out of its
    /// object, as the kernel's fix-ups do. On by default; has no effect on privileged
    /// programs, for which the verifier records nothing.
    pub spectre_masking: bool,
}

impl Default for JitOptions {
    fn default() -> JitOptions {
        JitOptions {
            harden: false,
            spectre_masking: true,
        }
    }
}

impl JitOptions {
    /// The default options with constant blinding.
    pub fn hardened() -> JitOptions {
        JitOptions {
            harden: true,
            ..JitOptions::default()
        }
    }
}
