//! `bpf_override_return`: a kprobe program makes the probed function return `rc` without
//! running (error injection, and eBPF's way of denying a system call from a kprobe).
//!
//! The kernel sets the probed function's return register and skips it. A run has no function
//! to skip: the value is recorded in [`crate::events::Events::override_return`], and the hook
//! that ran the program applies it (`sluice trace --enforce` makes the traced system call
//! return it). The last call of a run wins, as in the kernel.

use super::HelperResult;
use crate::invocation::Invocation;

/// `long bpf_override_return(struct pt_regs *regs, u64 rc)`: always 0.
pub(crate) fn override_return(run: &mut Invocation<'_>, args: [u64; 5]) -> HelperResult {
    run.events.override_return = Some(args[1]);
    Ok(0)
}
