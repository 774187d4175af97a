//! Conditional jumps: deciding branches from what is known, refining both sides, NULL checks
//! and packet range checks (the kernel's `check_cond_jmp_op`).

use sluice_isa::{JmpCond, Reg as IsaReg, Source, Width};

use crate::error::ErrorKind;
use crate::reg::{PtrFlags, PtrKind, Reg, RegKind};
use crate::scalar::Scalar;
use crate::state::State;
use crate::verifier::{Flow, R, Verifier};

/// Largest packet offset the kernel tracks (`MAX_PACKET_OFF`).
const MAX_PACKET_OFF: u64 = 0xffff;

/// `a COND b` is `b SWAPPED(COND) a`.
fn swapped(cond: JmpCond) -> JmpCond {
    match cond {
        JmpCond::Gt => JmpCond::Lt,
        JmpCond::Lt => JmpCond::Gt,
        JmpCond::Ge => JmpCond::Le,
        JmpCond::Le => JmpCond::Ge,
        JmpCond::SGt => JmpCond::SLt,
        JmpCond::SLt => JmpCond::SGt,
        JmpCond::SGe => JmpCond::SLe,
        JmpCond::SLe => JmpCond::SGe,
        other => other,
    }
}

/// The condition that holds on the fall-through side.
fn negated(cond: JmpCond) -> Option<JmpCond> {
    Some(match cond {
        JmpCond::Eq => JmpCond::Ne,
        JmpCond::Ne => JmpCond::Eq,
        JmpCond::Gt => JmpCond::Le,
        JmpCond::Le => JmpCond::Gt,
        JmpCond::Ge => JmpCond::Lt,
        JmpCond::Lt => JmpCond::Ge,
        JmpCond::SGt => JmpCond::SLe,
        JmpCond::SLe => JmpCond::SGt,
        JmpCond::SGe => JmpCond::SLt,
        JmpCond::SLt => JmpCond::SGe,
        JmpCond::Set => return None,
    })
}

impl Verifier<'_> {
    pub(crate) fn check_cond_jmp(
        &mut self,
        width: Width,
        cond: JmpCond,
        dst: IsaReg,
        src: Source,
        next: usize,
        target: usize,
    ) -> R<Flow> {
        let dst_val = self.read_reg(dst)?;
        let src_val = match src {
            Source::Reg(reg) => {
                let value = self.read_reg(reg)?;
                self.note_src_value(reg, &value);
                value
            }
            Source::Imm(imm) => Reg::constant(match width {
                Width::W64 => imm as i64 as u64,
                Width::W32 => u64::from(imm as u32),
            }),
        };
        let src_reg = match src {
            Source::Reg(reg) => Some(reg),
            Source::Imm(_) => None,
        };
        if (dst_val.is_ptr() || src_val.is_ptr()) && !self.opts.privileged {
            let null_check = matches!(cond, JmpCond::Eq | JmpCond::Ne)
                && ((dst_val.is_ptr() && src_val.is_zero())
                    || (src_val.is_ptr() && dst_val.is_zero()));
            let packet_check = is_packet_compare(&dst_val, &src_val);
            if !null_check && !packet_check {
                return self.fail(
                    ErrorKind::PointerLeak,
                    format!("{dst} pointer comparison prohibited in unprivileged programs"),
                );
            }
        }
        let decided = self.branch_taken(width, cond, &dst_val, &src_val);
        if let Some(taken) = decided {
            // The kernel also explores the impossible side when a CPU might speculate into it.
            if !self.opts.privileged && !self.st.speculative {
                // As the kernel's `sanitize_speculative_path`: the compared registers are
                // unknown there, since the comparison that decides the branch would fail.
                let mut speculative = self.st.clone();
                speculative.speculative = true;
                speculative.cur_mut().regs[dst.index()] = Reg::unknown();
                if let Some(src_reg) = src_reg {
                    speculative.cur_mut().regs[src_reg.index()] = Reg::unknown();
                }
                let other = if taken { next } else { target };
                self.push_branch(speculative, other, Some(!taken))?;
            }
            self.take_branch(taken);
            return Ok(Flow::Next(if taken { target } else { next }));
        }
        // Both sides are possible: refine each.
        if self.opts.log_level >= crate::options::LogLevel::Branches {
            let line = format!(
                "{}: both sides explored: {}",
                self.insn_idx,
                self.describe_regs()
            );
            self.log.push(line);
        }
        let mut taken_state = self.st.clone();
        let taken_ok = refine(
            &mut taken_state,
            width,
            cond,
            dst,
            src_reg,
            &dst_val,
            &src_val,
            true,
        );
        let fall_ok = refine(
            &mut self.st,
            width,
            cond,
            dst,
            src_reg,
            &dst_val,
            &src_val,
            false,
        );
        match (taken_ok, fall_ok) {
            (true, true) => {
                self.push_branch(taken_state, target, Some(true))?;
                self.take_branch(false);
                Ok(Flow::Next(next))
            }
            (true, false) => {
                self.st = taken_state;
                self.take_branch(true);
                Ok(Flow::Next(target))
            }
            (false, true) => {
                self.take_branch(false);
                Ok(Flow::Next(next))
            }
            (false, false) => Ok(Flow::Done),
        }
    }

    /// Whether the jump is always (`Some(true)`) or never taken.
    fn branch_taken(&self, width: Width, cond: JmpCond, dst: &Reg, src: &Reg) -> Option<bool> {
        match (dst.kind, src.kind) {
            (RegKind::Scalar, RegKind::Scalar) => {
                Scalar::is_branch_taken(cond, width, &dst.var, &src.var)
            }
            (RegKind::Ptr(_), RegKind::Scalar) | (RegKind::Scalar, RegKind::Ptr(_)) => {
                let (ptr, other) = if dst.is_ptr() { (dst, src) } else { (src, dst) };
                // A pointer the kernel knows cannot be NULL (`reg_not_null`) is not 0; the
                // kernel does not count the context or the stack among them.
                let not_null = matches!(
                    ptr.ptr_kind(),
                    Some(
                        PtrKind::Sock { .. }
                            | PtrKind::MapValue { .. }
                            | PtrKind::MapKey { .. }
                            | PtrKind::Mem { .. }
                    )
                );
                if ptr.maybe_null() || !not_null || !other.is_zero() || width != Width::W64 {
                    return None;
                }
                match cond {
                    JmpCond::Eq => Some(false),
                    JmpCond::Ne => Some(true),
                    _ => None,
                }
            }
            (RegKind::Ptr(PtrKind::Packet), RegKind::Ptr(PtrKind::PacketEnd))
                if width == Width::W64 =>
            {
                packet_end_branch_taken(dst.flags, cond)
            }
            (RegKind::Ptr(PtrKind::PacketEnd), RegKind::Ptr(PtrKind::Packet))
                if width == Width::W64 =>
            {
                packet_end_branch_taken(src.flags, swapped(cond))
            }
            _ => None,
        }
    }
}

/// Decides `pkt COND data_end` from what an earlier comparison proved about `pkt` (the
/// kernel's `is_pkt_ptr_branch_taken`).
fn packet_end_branch_taken(pkt_flags: PtrFlags, cond: JmpCond) -> Option<bool> {
    let beyond = pkt_flags.contains(PtrFlags::BEYOND_PKT_END);
    let at_or_beyond = beyond || pkt_flags.contains(PtrFlags::AT_PKT_END);
    match cond {
        JmpCond::Gt | JmpCond::Le if beyond => Some(cond == JmpCond::Gt),
        JmpCond::Ge | JmpCond::Lt if at_or_beyond => Some(cond == JmpCond::Ge),
        _ => None,
    }
}

fn is_packet_compare(a: &Reg, b: &Reg) -> bool {
    matches!(
        (a.ptr_kind(), b.ptr_kind()),
        (Some(PtrKind::Packet), Some(PtrKind::PacketEnd))
            | (Some(PtrKind::PacketEnd), Some(PtrKind::Packet))
            | (Some(PtrKind::PacketMeta), Some(PtrKind::Packet))
            | (Some(PtrKind::Packet), Some(PtrKind::PacketMeta))
    )
}

/// Applies what `dst COND src == taken` teaches to `state`; `false` if that cannot happen.
#[allow(clippy::too_many_arguments)]
fn refine(
    state: &mut State,
    width: Width,
    cond: JmpCond,
    dst: IsaReg,
    src: Option<IsaReg>,
    dst_val: &Reg,
    src_val: &Reg,
    taken: bool,
) -> bool {
    match (dst_val.kind, src_val.kind) {
        (RegKind::Scalar, RegKind::Scalar) => {
            let mut a = dst_val.var;
            let mut b = src_val.var;
            if !Scalar::refine(cond, width, taken, &mut a, &mut b) {
                return false;
            }
            set_scalar(state, dst, dst_val.id, a);
            if let Some(src) = src {
                set_scalar(state, src, src_val.id, b);
            }
            true
        }
        (RegKind::Ptr(_), RegKind::Scalar) | (RegKind::Scalar, RegKind::Ptr(_)) => {
            let (ptr, other) = if dst_val.is_ptr() {
                (dst_val, src_val)
            } else {
                (src_val, dst_val)
            };
            if ptr.maybe_null() && other.is_zero() && width == Width::W64 {
                let is_null = match cond {
                    JmpCond::Eq => taken,
                    JmpCond::Ne => !taken,
                    _ => return true,
                };
                mark_null_checked(state, ptr.id, is_null);
            }
            true
        }
        (RegKind::Ptr(a), RegKind::Ptr(b)) if width == Width::W64 => {
            let cond = if taken {
                cond
            } else {
                match negated(cond) {
                    Some(cond) => cond,
                    None => return true,
                }
            };
            // Normalize to `lhs COND rhs` with the packet pointer on the left.
            let (lhs, lhs_reg, cond) =
                match (a, b) {
                    (PtrKind::Packet, PtrKind::PacketEnd)
                    | (PtrKind::PacketMeta, PtrKind::Packet) => (dst_val, Some(dst), cond),
                    (PtrKind::PacketEnd, PtrKind::Packet)
                    | (PtrKind::Packet, PtrKind::PacketMeta) => (src_val, src, swapped(cond)),
                    _ => return true,
                };
            // `lhs <= end` gives `lhs.off` bytes; `lhs < end` one more. `lhs > end` and
            // `lhs >= end` are remembered on that register alone, as the kernel does
            // (`mark_pkt_end`), for a later comparison of the same pointer.
            let past_end = match cond {
                JmpCond::Le => return mark_packet_range(state, lhs, false),
                JmpCond::Lt => return mark_packet_range(state, lhs, true),
                JmpCond::Gt => PtrFlags::BEYOND_PKT_END,
                JmpCond::Ge => PtrFlags::AT_PKT_END,
                _ => return true,
            };
            let against_end = matches!(
                (a, b),
                (PtrKind::Packet, PtrKind::PacketEnd) | (PtrKind::PacketEnd, PtrKind::Packet)
            );
            if let Some(reg) = lhs_reg.filter(|_| against_end) {
                let reg = &mut state.cur_mut().regs[reg.index()];
                reg.range = 0;
                reg.flags = reg.flags.without(PtrFlags::PKT_END).union(past_end);
            }
            true
        }
        _ => true,
    }
}

/// Sets the value of `reg` and of every register and spilled slot linked to it.
fn set_scalar(state: &mut State, reg: IsaReg, id: u32, var: Scalar) {
    state.cur_mut().regs[reg.index()].var = var;
    if id == 0 {
        return;
    }
    state.for_each_reg(|other| {
        if other.is_scalar() && other.id == id {
            other.var = var;
        }
    });
}

/// After a NULL check of the pointer with `id`: on the NULL side every copy becomes the
/// number 0; on the other side every copy loses its `or_null`.
fn mark_null_checked(state: &mut State, id: u32, is_null: bool) {
    if id == 0 {
        return;
    }
    let mut released = None;
    state.for_each_reg(|reg| {
        if reg.is_ptr() && reg.id == id && reg.maybe_null() {
            if is_null {
                if reg.ref_obj_id != 0 {
                    released = Some(reg.ref_obj_id);
                }
                *reg = Reg::constant(0);
            } else {
                reg.flags = reg.flags.without(PtrFlags::MAYBE_NULL);
            }
        }
    });
    // A NULL reservation or socket holds nothing to release.
    if let Some(ref_id) = released {
        state.refs.retain(|r| r.id != ref_id);
    }
}

/// After proving `ptr (+ right_open) <= end`: every packet pointer with the same variable part
/// may access `ptr.off` (+1) bytes from its base (and is no longer known to be past the end).
/// Always `true`: the side is possible.
fn mark_packet_range(state: &mut State, ptr: &Reg, right_open: bool) -> bool {
    if ptr.off < 0 || (ptr.off == 0 && !right_open) {
        return true;
    }
    if ptr.var.umax > MAX_PACKET_OFF || ptr.var.umax + ptr.off as u64 > MAX_PACKET_OFF {
        return true;
    }
    let range = ptr.off as u32 + u32::from(right_open);
    let kind = ptr.ptr_kind();
    let id = ptr.id;
    state.for_each_reg(|reg| {
        if reg.ptr_kind() == kind && reg.id == id {
            reg.range = reg.range.max(range);
            reg.flags = reg.flags.without(PtrFlags::PKT_END);
        }
    });
    true
}
