//! Applying a [`CoreResolution`] to the instruction it relocates (libbpf's
//! `bpf_core_patch_insn`); the rules are in the parent module's documentation.

use sluice_isa::RawInsn;
use sluice_isa::opcode::{
    BPF_ALU, BPF_ALU64, BPF_B, BPF_CALL, BPF_DW, BPF_H, BPF_IMM, BPF_JMP, BPF_K, BPF_LD, BPF_LDX,
    BPF_ST, BPF_STX, BPF_W,
};

use super::super::error::BtfError;
use super::{CoreResolution, CoreTarget};

/// The helper number a poisoned instruction calls: `0xbad2310`, "bad relo". The verifier
/// reports `invalid func unknown#195896080` if the instruction is reachable.
pub const POISON_IMM: i32 = 0x0bad_2310;

/// The `lddw` opcode.
const LD_IMM64: u8 = BPF_LD | BPF_IMM | BPF_DW;

/// Patches `insns[insn_idx]` (and the next slot for a `lddw`) with `resolution`: the immediate
/// of an ALU instruction with an immediate operand, the offset of a load or store (and its
/// access size when the field's size changed), or the 64-bit immediate of a `lddw`; a missing
/// target, or a size change that is not allowed, turns the instruction into `call 0xbad2310`.
///
/// Fails if the instruction has a form CO-RE cannot patch, or holds a value other than the
/// local one when [`CoreResolution::check_local`] says it must.
pub fn patch(
    insns: &mut [RawInsn],
    insn_idx: usize,
    resolution: &CoreResolution,
) -> Result<(), BtfError> {
    let fail = |problem: String| BtfError::Patch {
        kind: resolution.kind,
        insn_idx,
        problem,
    };
    let Some(&insn) = insns.get(insn_idx) else {
        return Err(fail(format!(
            "no such instruction (the section has {})",
            insns.len()
        )));
    };
    let is_ld_imm64 = insn.code == LD_IMM64;

    let new_value = match resolution.target {
        CoreTarget::Value(value) => value,
        CoreTarget::Missing => {
            poison(insns, insn_idx, is_ld_imm64);
            return Ok(());
        }
    };
    let local = resolution.local_value;
    let class = insn.code & 0x07;
    match class {
        BPF_ALU | BPF_ALU64 => {
            if insn.code & 0x08 != BPF_K {
                return Err(fail("ALU instruction has a register operand".to_string()));
            }
            // libbpf compares the sign-extended immediate with the 64-bit value.
            if resolution.check_local && i64::from(insn.imm) as u64 != local {
                return Err(fail(format!("immediate is {}, expected {local}", insn.imm)));
            }
            if let Some(slot) = insns.get_mut(insn_idx) {
                slot.imm = new_value as i32;
            }
        }
        BPF_LDX | BPF_ST | BPF_STX => {
            if resolution.check_local && i64::from(insn.off) as u64 != local {
                return Err(fail(format!("offset is {}, expected {local}", insn.off)));
            }
            if new_value > i16::MAX as u64 {
                return Err(fail(format!(
                    "new offset {new_value} does not fit in 16 bits"
                )));
            }
            let mut code = insn.code;
            if let Some(change) = resolution.mem_size {
                if !change.allowed {
                    poison(insns, insn_idx, false);
                    return Ok(());
                }
                if access_size(code) != Some(change.local) {
                    return Err(fail(format!(
                        "access size is {:?} bytes, expected {}",
                        access_size(code),
                        change.local
                    )));
                }
                let size_bits = size_field(change.target).ok_or_else(|| {
                    fail(format!(
                        "new access size {} is not 1, 2, 4 or 8",
                        change.target
                    ))
                })?;
                code = (code & !0x18) | size_bits;
            }
            if let Some(slot) = insns.get_mut(insn_idx) {
                slot.off = new_value as i16;
                slot.code = code;
            }
        }
        BPF_LD => {
            let second = insns.get(insn_idx + 1).copied();
            let well_formed = is_ld_imm64
                && insn.src == 0
                && insn.off == 0
                && second.is_some_and(|s| s.code == 0 && s.dst == 0 && s.src == 0 && s.off == 0);
            let Some(second) = second.filter(|_| well_formed) else {
                return Err(fail("not a plain lddw of an immediate".to_string()));
            };
            let current = u64::from(insn.imm as u32) | (u64::from(second.imm as u32) << 32);
            if resolution.check_local && current != local {
                return Err(fail(format!("immediate is {current}, expected {local}")));
            }
            if let Some(slot) = insns.get_mut(insn_idx) {
                slot.imm = new_value as u32 as i32;
            }
            if let Some(slot) = insns.get_mut(insn_idx + 1) {
                slot.imm = (new_value >> 32) as u32 as i32;
            }
        }
        _ => {
            return Err(fail(format!(
                "instruction with opcode {:#04x} cannot be relocated",
                insn.code
            )));
        }
    }
    Ok(())
}

/// Turns the instruction (and the second slot of a `lddw`) into `call 0xbad2310`.
fn poison(insns: &mut [RawInsn], insn_idx: usize, is_ld_imm64: bool) {
    let poisoned = RawInsn::new(BPF_JMP | BPF_CALL, 0, 0, 0, POISON_IMM);
    if is_ld_imm64 && let Some(slot) = insns.get_mut(insn_idx + 1) {
        *slot = poisoned;
    }
    if let Some(slot) = insns.get_mut(insn_idx) {
        *slot = poisoned;
    }
}

/// The access size of a load or store opcode in bytes.
fn access_size(code: u8) -> Option<u32> {
    match code & 0x18 {
        BPF_DW => Some(8),
        BPF_W => Some(4),
        BPF_H => Some(2),
        BPF_B => Some(1),
        _ => None,
    }
}

/// The size bits for an access of `size` bytes.
fn size_field(size: u32) -> Option<u8> {
    match size {
        8 => Some(BPF_DW),
        4 => Some(BPF_W),
        2 => Some(BPF_H),
        1 => Some(BPF_B),
        _ => None,
    }
}
