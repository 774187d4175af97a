//! [`Stack`]: what the verifier knows about one call frame's 512 bytes of stack.
//!
//! The frame is tracked in 8-byte slots below `r10`: slot `k` covers `r10 - 8(k+1) ..
//! r10 - 8k`. Each byte is [`ByteState::Invalid`] (never written), `Misc` (some number),
//! `Zero` (the number 0) or `Spill` (part of a register saved whole); a slot with spill bytes
//! keeps the saved register in `spilled`. As in the kernel, a register spill is recorded only
//! for slot-aligned stores: 8 bytes of any register, or fewer bytes of a scalar (privileged),
//! whose bytes are the low (first) bytes of the slot.
//!
//! Invariant: `spilled` is meaningful exactly when some byte of the slot is `Spill`, and the
//! spill bytes are the first `spill_size` bytes of the slot.

use crate::reg::Reg;

/// What one stack byte holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ByteState {
    /// Never written (`STACK_INVALID`).
    Invalid,
    /// Some number (`STACK_MISC`).
    Misc,
    /// The number 0 (`STACK_ZERO`).
    Zero,
    /// Part of a spilled register (`STACK_SPILL`).
    Spill,
}

/// One 8-byte slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Slot {
    /// Byte `i` is at `r10 - 8(k+1) + i`.
    pub(crate) bytes: [ByteState; 8],
    pub(crate) spilled: Reg,
}

impl Slot {
    pub(crate) const INVALID: Slot = Slot {
        bytes: [ByteState::Invalid; 8],
        spilled: Reg::NOT_INIT,
    };

    /// The number of spill bytes (0 if nothing is spilled).
    pub(crate) fn spill_size(&self) -> usize {
        self.bytes
            .iter()
            .take_while(|byte| **byte == ByteState::Spill)
            .count()
    }

    /// Turns spill bytes into plain numbers and forgets the spilled register.
    pub(crate) fn scrub(&mut self) {
        let zero = self.spilled.is_zero();
        for byte in &mut self.bytes {
            if *byte == ByteState::Spill {
                *byte = if zero {
                    ByteState::Zero
                } else {
                    ByteState::Misc
                };
            }
        }
        self.spilled = Reg::NOT_INIT;
    }
}

/// One frame's stack.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub(crate) struct Stack {
    /// Slots from `r10` downwards; slots past the end are all `Invalid`.
    pub(crate) slots: Vec<Slot>,
}

impl Stack {
    /// The slot holding the byte at `r10 + off` (`off` in `-512..0`), and the byte's index in it.
    pub(crate) fn locate(off: i32) -> (usize, usize) {
        let below = (-off - 1) as usize;
        let slot = below / 8;
        let byte = 7 - below % 8;
        (slot, byte)
    }

    /// The state of the byte at `r10 + off`.
    pub(crate) fn byte(&self, off: i32) -> ByteState {
        let (slot, byte) = Stack::locate(off);
        self.slots
            .get(slot)
            .map_or(ByteState::Invalid, |s| s.bytes[byte])
    }

    /// The slot, if allocated.
    pub(crate) fn slot(&self, slot: usize) -> Option<&Slot> {
        self.slots.get(slot)
    }

    /// The slot, allocating it (and those above it) as needed.
    pub(crate) fn slot_mut(&mut self, slot: usize) -> &mut Slot {
        if self.slots.len() <= slot {
            self.slots.resize(slot + 1, Slot::INVALID);
        }
        &mut self.slots[slot]
    }

    /// Every allocated slot with its index.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &Slot)> {
        self.slots.iter().enumerate()
    }

    /// Every allocated slot, mutably.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Slot> {
        self.slots.iter_mut()
    }
}
