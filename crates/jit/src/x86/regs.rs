//! Where eBPF's registers live in x86-64 code, and which host registers the generated code
//! uses for itself.
//!
//! The mapping is the Linux JIT's: `r1` to `r5` are the System V argument registers, so a
//! helper call passes them as they are, `r0` is `rax`, the return register, and `r6` to `r9`
//! and the frame pointer `r10` are callee-saved host registers, so they survive calls into
//! Rust.
//!
//! | eBPF | x86-64 | | eBPF | x86-64 |
//! |---|---|---|---|---|
//! | r0 | rax | | r6 | rbx |
//! | r1 | rdi | | r7 | r13 |
//! | r2 | rsi | | r8 | r14 |
//! | r3 | rdx | | r9 | r15 |
//! | r4 | rcx | | r10 | rbp |
//! | r5 | r8 | | | |
//!
//! `r12` holds the run's state ([`crate::state::RunState`]) for the whole run. `r9`, `r10` and
//! `r11` are scratch: no eBPF register lives there, and calls may clobber them.

use sluice_isa::Reg;

use crate::x86::asm::Gpr;

/// The run's state.
pub(crate) const STATE: Gpr = Gpr::R12;
/// Scratch registers.
pub(crate) const TMP: Gpr = Gpr::R11;
pub(crate) const TMP2: Gpr = Gpr::R10;
pub(crate) const TMP3: Gpr = Gpr::R9;

/// The host register of an eBPF register.
pub(crate) fn host(reg: Reg) -> Gpr {
    match reg.number() {
        0 => Gpr::Rax,
        1 => Gpr::Rdi,
        2 => Gpr::Rsi,
        3 => Gpr::Rdx,
        4 => Gpr::Rcx,
        5 => Gpr::R8,
        6 => Gpr::Rbx,
        7 => Gpr::R13,
        8 => Gpr::R14,
        9 => Gpr::R15,
        _ => Gpr::Rbp,
    }
}

/// The caller-saved host registers that hold eBPF registers (`r0` to `r5`), which a call into
/// Rust clobbers.
pub(crate) const CALLER_SAVED: [Gpr; 6] =
    [Gpr::Rax, Gpr::Rdi, Gpr::Rsi, Gpr::Rdx, Gpr::Rcx, Gpr::R8];

/// The callee-saved host registers that hold `r6` to `r9`, and the frame pointer.
pub(crate) const CALLEE_SAVED: [Gpr; 5] = [Gpr::Rbx, Gpr::R13, Gpr::R14, Gpr::R15, Gpr::Rbp];
