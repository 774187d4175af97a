//! The kernel's Spectre v1 rules for unprivileged programs (`sanitize_ptr_alu`,
//! `sanitize_val_alu`, `sanitize_err`).
//!
//! A CPU that mispredicts a bounds check may run a pointer addition with an offset the
//! architectural path never sees. The kernel therefore rewrites every `ptr += reg` and
//! `ptr -= reg` of an unprivileged program so that the offset is masked to the distance the
//! pointer may move inside its object (`alu_limit`), in the direction the offset's sign says.
//! That is possible only when:
//! - the pointer points to the stack or to a map value (the kinds whose bounds are known);
//! - the offset's sign is known (not a range spanning zero);
//! - the pointer does not already sit at or past its object's end in that direction;
//! - every path through the instruction needs the same masking (the same operand roles and
//!   the same limit), and an instruction that adds scalars on one path adds scalars on all.
//!
//! A program that breaks one of these is rejected with [`ErrorKind::PointerArithmetic`]. The
//! masking itself is recorded in [`InsnFacts::alu_sanitize`] for the engines, and because a
//! masked offset may be 0, a speculative path continues after the instruction with the
//! pointer unmoved.
//!
//! Speculative paths (the impossible side of a decided branch, the masked pointer) are
//! explored like any other, but since Linux 6.17 an error on one does not reject the
//! program: the instruction gets a speculation barrier ([`InsnFacts::nospec`]) and the path
//! ends there. [`recoverable`] says which errors allow that.
//!
//! Invariant: nothing here runs in privileged mode, and an instruction with `nospec` set
//! is never sanitized again (the barrier already stops speculation there).
//!
//! [`InsnFacts::alu_sanitize`]: crate::facts::InsnFacts::alu_sanitize
//! [`InsnFacts::nospec`]: crate::facts::InsnFacts::nospec

use sluice_abi::limits::MAX_BPF_STACK;
use sluice_isa::{AluOp, Reg as IsaReg};

use crate::error::{ErrorKind, VerifyError};
use crate::facts::{AluSanitize, AluState};
use crate::reg::{PtrKind, Reg};
use crate::verifier::{R, Verifier};

/// Why a pointer operation cannot be masked (the kernel's `REASON_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// The offset may be negative or positive.
    Bounds,
    /// The pointer kind has no known bounds to mask against.
    Type,
    /// Paths disagree on the masking.
    Paths,
    /// The pointer already sits at its object's end.
    Limit,
}

/// A pointer `+=`/`-=` with a register: the operation, its registers and their values.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PtrAlu {
    pub(crate) op: AluOp,
    pub(crate) dst: IsaReg,
    /// The instruction's source register.
    pub(crate) src: IsaReg,
    pub(crate) ptr: Reg,
    pub(crate) offset: Reg,
    /// Whether the destination holds the pointer.
    pub(crate) ptr_is_dst: bool,
}

/// The first half of a sanitized pointer operation, before the result is known.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    state: AluState,
    mask_to_left: bool,
    limit: u32,
}

/// Whether an error found on a speculative path can be fenced instead of rejecting the
/// program (the kernel's `error_recoverable_with_nospec`: `EPERM`, `EACCES` and `EINVAL`).
pub(crate) fn recoverable(error: &VerifyError) -> bool {
    !matches!(
        error.kind,
        ErrorKind::TooComplex | ErrorKind::CallDepth | ErrorKind::Unsupported
    )
}

impl Verifier<'_> {
    /// Whether `ptr op= reg` at the current instruction is subject to the rules above.
    fn sanitizes(&self, op: AluOp, src_is_reg: bool) -> bool {
        !self.opts.privileged
            && src_is_reg
            && matches!(op, AluOp::Add | AluOp::Sub)
            && !self.facts[self.insn_idx].nospec
    }

    /// `sanitize_val_alu`: a `+=`/`-=` of two scalars, which must stay one on every path.
    pub(crate) fn sanitize_scalar_alu(
        &mut self,
        op: AluOp,
        dst: IsaReg,
        src_is_reg: bool,
    ) -> R<()> {
        if !self.sanitizes(op, src_is_reg) {
            return Ok(());
        }
        let entry = AluSanitize {
            state: AluState::Scalars,
            limit: 0,
        };
        self.update_alu_sanitize(entry)
            .map_err(|reason| self.sanitize_error(reason, op, dst, dst))
    }

    /// The first `sanitize_ptr_alu` call: checks the offset and the pointer before the
    /// operation. `None` when the operation needs no masking.
    pub(crate) fn sanitize_ptr_begin(&mut self, alu: &PtrAlu) -> R<Option<Window>> {
        let PtrAlu {
            op,
            dst,
            src,
            ptr,
            offset,
            ptr_is_dst,
        } = *alu;
        if !self.sanitizes(op, true) || self.st.speculative {
            return Ok(None);
        }
        let fail = |reason| Err(self.sanitize_error(reason, op, dst, src));
        let off_is_imm = offset.var.is_const();
        let off_is_neg = offset.var.smin < 0;
        if !off_is_imm && off_is_neg != (offset.var.smax < 0) {
            return fail(Reason::Bounds);
        }
        let mask_to_left = (op == AluOp::Add && off_is_neg) || (op == AluOp::Sub && !off_is_neg);
        let limit = match self.ptr_limit(&ptr, mask_to_left) {
            Ok(limit) => limit,
            Err(reason) => return fail(reason),
        };
        if !off_is_imm {
            self.explore_alu_limits = true;
        }
        Ok(Some(Window {
            state: AluState::Pointer {
                ptr_is_dst,
                neg: off_is_neg,
                imm: off_is_imm,
            },
            mask_to_left,
            limit,
        }))
    }

    /// The second `sanitize_ptr_alu` call, once the result is known: narrows the masking to
    /// how far the pointer moved, checks it against other paths, and pushes the speculative
    /// path on which the offset was masked to 0 (the pointer unmoved).
    pub(crate) fn sanitize_ptr_commit(
        &mut self,
        window: Option<Window>,
        alu: &PtrAlu,
        result: &Reg,
    ) -> R<()> {
        let PtrAlu {
            op,
            dst,
            src,
            ptr,
            offset,
            ..
        } = *alu;
        if let Some(window) = window {
            let after = self
                .ptr_limit(result, window.mask_to_left)
                .map_err(|reason| self.sanitize_error(reason, op, dst, src))?;
            let limit = (window.limit.wrapping_sub(after) as i32).unsigned_abs();
            let entry = AluSanitize {
                state: window.state,
                limit,
            };
            self.update_alu_sanitize(entry)
                .map_err(|reason| self.sanitize_error(reason, op, dst, src))?;
        } else if !self.sanitizes(op, true) || !self.st.speculative {
            return Ok(());
        }
        if offset.var.is_const() {
            // The kernel turns the operation into one with an immediate: nothing to mask.
            return Ok(());
        }
        let mut unmoved = self.st.clone();
        unmoved.speculative = true;
        unmoved.cur_mut().regs[dst.index()] = ptr;
        self.push_branch(unmoved, self.insn_idx + 1, None)
    }

    /// `retrieve_ptr_limit`: how far `ptr` may move towards its object's start
    /// (`mask_to_left`) or end.
    fn ptr_limit(&self, ptr: &Reg, mask_to_left: bool) -> Result<u32, Reason> {
        let off = i64::from(ptr.off);
        let (max, limit) = match ptr.ptr_kind() {
            Some(PtrKind::Stack { .. }) => (
                MAX_BPF_STACK as u32 + u32::from(mask_to_left),
                (ptr.var.var_off.value as i64)
                    .wrapping_add(off)
                    .wrapping_neg() as u32,
            ),
            Some(PtrKind::MapValue { map }) => {
                let base = if mask_to_left {
                    ptr.var.smin
                } else {
                    ptr.var.umax as i64
                };
                (
                    self.maps[map as usize].value_size,
                    base.wrapping_add(off) as u32,
                )
            }
            _ => return Err(Reason::Type),
        };
        if limit >= max {
            return Err(Reason::Limit);
        }
        Ok(limit)
    }

    /// `update_alu_sanitation_state`: every path must agree on the masking.
    fn update_alu_sanitize(&mut self, entry: AluSanitize) -> Result<(), Reason> {
        let facts = &mut self.facts[self.insn_idx];
        match facts.alu_sanitize {
            Some(existing) if existing != entry => Err(Reason::Paths),
            _ => {
                facts.alu_sanitize = Some(entry);
                Ok(())
            }
        }
    }

    /// `sanitize_err`: the rejection for `reason`, naming the register as the kernel does
    /// (`src` is the instruction's source register).
    fn sanitize_error(&self, reason: Reason, op: AluOp, dst: IsaReg, src: IsaReg) -> VerifyError {
        let op = if op == AluOp::Add { "add" } else { "sub" };
        let suffix = "pointer arithmetic with it prohibited for !root";
        let scalar_reg = |regs: &[Reg; 11]| {
            if regs[src.index()].is_scalar() {
                src
            } else {
                dst
            }
        };
        let pointer_reg = |regs: &[Reg; 11]| {
            if regs[src.index()].is_scalar() {
                dst
            } else {
                src
            }
        };
        let regs = &self.st.cur().regs;
        let (message, hint) = match reason {
            Reason::Bounds => (
                format!(
                    "{} has unknown scalar with mixed signed bounds, {suffix}",
                    scalar_reg(regs)
                ),
                "unprivileged programs need offsets of one sign: bound the index to 0..N \
                 with an unsigned comparison before adding it",
            ),
            Reason::Type => (
                format!(
                    "{} has pointer with unsupported alu operation, {suffix}",
                    pointer_reg(regs)
                ),
                "unprivileged programs may add a register only to stack and map value \
                 pointers; add a constant instead",
            ),
            Reason::Paths => (
                format!("{dst} tried to {op} from different maps, paths or scalars, {suffix}"),
                "make the operation the same on every path that reaches it, e.g. compute the \
                 offset into one register before a single addition",
            ),
            Reason::Limit => (
                format!("{dst} tried to {op} beyond pointer bounds, {suffix}"),
                "the pointer already points to the end of its object",
            ),
        };
        self.error(ErrorKind::PointerArithmetic, message)
            .with_hint(hint)
    }
}
