//! State pruning: whether a state already proven safe at an instruction covers the current
//! one (the kernel's `states_equal` with `regsafe` and `stacksafe`).
//!
//! `covers(old, cur)` holds when every concrete machine state `cur` describes is also
//! described by `old`, as far as the rest of the program can observe: registers it may still
//! read (static liveness), every stack byte, held references and locks. Then every path from
//! `cur` behaves like a path from `old`, which was proven safe.
//!
//! Ids (linked scalars, NULL-able pointers, packet pointers, references) need not be equal,
//! only consistently renamed: an id map from `old` to `cur` is built as registers are compared.

use crate::reg::{Reg, RegKind};
use crate::stack::{ByteState, Slot};
use crate::state::State;

/// A consistent renaming of ids from the old state to the current one.
#[derive(Default)]
struct IdMap {
    pairs: Vec<(u32, u32)>,
    fresh: u32,
}

impl IdMap {
    /// Whether `old` may stand for `cur` (a `cur` of 0 is a fresh id of its own).
    fn check(&mut self, old: u32, cur: u32) -> bool {
        if old == 0 {
            return true;
        }
        let cur = if cur == 0 {
            self.fresh += 1;
            u32::MAX - self.fresh
        } else {
            cur
        };
        for &(o, c) in &self.pairs {
            if o == old {
                return c == cur;
            }
            if c == cur {
                return false;
            }
        }
        self.pairs.push((old, cur));
        true
    }
}

/// Whether `old` covers `cur`; `live[i]` and `precise[i]` are the masks of live and precise
/// registers of frame `i`. With `exact_scalars` (the kernel's `explore_alu_limits`, set once
/// an unprivileged program adds an unknown offset to a pointer) live scalars must be equal,
/// not merely contained, so that every masking of a pointer operation is seen.
pub(crate) fn covers(
    old: &State,
    cur: &State,
    live: &[u16],
    precise: &[u16],
    privileged: bool,
    exact_scalars: bool,
) -> bool {
    if old.frames.len() != cur.frames.len() || old.refs.len() != cur.refs.len() {
        return false;
    }
    if old.speculative && !cur.speculative {
        return false;
    }
    let mut ids = IdMap::default();
    match (&old.lock, &cur.lock) {
        (None, None) => {}
        (Some(a), Some(b)) if a.map == b.map && ids.check(a.ptr_id, b.ptr_id) => {}
        _ => return false,
    }
    for (o, c) in old.refs.iter().zip(&cur.refs) {
        if !ids.check(o.id, c.id) {
            return false;
        }
    }
    for (i, (of, cf)) in old.frames.iter().zip(&cur.frames).enumerate() {
        if of.callsite != cf.callsite || of.func_start != cf.func_start || of.kind != cf.kind {
            return false;
        }
        let mask = live.get(i).copied().unwrap_or(0x3ff);
        let precise_mask = precise.get(i).copied().unwrap_or(0x3ff);
        for r in 0..10 {
            if mask & (1 << r) == 0 {
                continue;
            }
            let (o, c) = (&of.regs[r], &cf.regs[r]);
            if precise_mask & (1 << r) == 0 && o.is_scalar() && c.is_scalar() && !exact_scalars {
                // The value cannot matter from here on.
                continue;
            }
            if !reg_covers(o, c, &mut ids, exact_scalars) {
                return false;
            }
        }
        let n_slots = of.stack.slots.len().max(cf.stack.slots.len());
        for k in 0..n_slots {
            let os = of.stack.slot(k).copied().unwrap_or(Slot::INVALID);
            let cs = cf.stack.slot(k).copied().unwrap_or(Slot::INVALID);
            if !slot_covers(&os, &cs, &mut ids, privileged, exact_scalars) {
                return false;
            }
        }
    }
    true
}

fn reg_covers(old: &Reg, cur: &Reg, ids: &mut IdMap, exact_scalars: bool) -> bool {
    match (old.kind, cur.kind) {
        (RegKind::NotInit, _) => true,
        (_, RegKind::NotInit) => false,
        (RegKind::Scalar, RegKind::Scalar) if exact_scalars => {
            old.var == cur.var && ids.check(old.id, cur.id)
        }
        (RegKind::Scalar, RegKind::Scalar) => {
            old.var.contains(&cur.var) && ids.check(old.id, cur.id)
        }
        (RegKind::Ptr(a), RegKind::Ptr(b)) => {
            a == b
                && old.flags == cur.flags
                && old.off == cur.off
                && old.var.contains(&cur.var)
                && old.range <= cur.range
                && ids.check(old.id, cur.id)
                && ids.check(old.ref_obj_id, cur.ref_obj_id)
        }
        _ => false,
    }
}

fn slot_covers(
    old: &Slot,
    cur: &Slot,
    ids: &mut IdMap,
    privileged: bool,
    exact_scalars: bool,
) -> bool {
    let old_spill = old.spill_size();
    let cur_spill = cur.spill_size();
    if old_spill > 0 {
        return cur_spill == old_spill
            && reg_covers(&old.spilled, &cur.spilled, ids, exact_scalars);
    }
    let cur_spill_ptr = cur_spill > 0 && cur.spilled.is_ptr();
    for i in 0..8 {
        let cur_byte = cur.bytes[i];
        let ok = match old.bytes[i] {
            // Never read on the old path (unprivileged: reading it is an error), or read as
            // an unknown number (privileged).
            ByteState::Invalid => !privileged || !cur_spill_ptr,
            ByteState::Misc => match cur_byte {
                ByteState::Misc | ByteState::Zero => true,
                ByteState::Invalid => privileged,
                ByteState::Spill => !cur_spill_ptr,
            },
            ByteState::Zero => {
                cur_byte == ByteState::Zero
                    || (cur_byte == ByteState::Spill && cur.spilled.is_zero())
            }
            ByteState::Spill => unreachable!("handled above"),
        };
        if !ok {
            return false;
        }
    }
    true
}
