//! The context as helpers see it: the packet pointers in the context's 64-bit slots
//! ([`crate::context::ContextLayout`]) and the UAPI fields of `__sk_buff`.
//!
//! Packet helpers take the context as their first argument (`ARG_PTR_TO_CTX`); the verifier
//! makes sure it is the unmodified context pointer, so anything else traps here.

use sluice_interp::{CallEnv, HelperError};

use super::{fail, read, write};
use crate::invocation::Invocation;

/// The packet pointers of an XDP buffer or an skb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packet {
    pub(crate) data: u64,
    pub(crate) data_end: u64,
    /// XDP: the start of the metadata; skb: equal to `data`.
    pub(crate) data_meta: u64,
}

impl Packet {
    /// Bytes between `data` and `data_end` (the kernel's `skb->len` for a linear skb).
    pub(crate) fn len(&self) -> u64 {
        self.data_end.saturating_sub(self.data)
    }
}

/// Traps unless `ptr` is the run's context.
pub(crate) fn check(run: &Invocation<'_>, ptr: u64, helper: &str) -> Result<(), HelperError> {
    if run.ctx_addr == 0 || ptr != run.ctx_addr {
        return Err(fail(format!(
            "{helper} takes the context as its first argument, got {ptr:#x}"
        )));
    }
    Ok(())
}

/// The address of the 64-bit slot of pointer field `name`.
fn slot(run: &Invocation<'_>, name: &str) -> Result<u64, HelperError> {
    run.ctx_layout
        .and_then(|layout| layout.slot_of(name))
        .map(|offset| run.ctx_addr + u64::from(offset))
        .ok_or_else(|| fail(format!("the context of this run has no `{name}` pointer")))
}

fn load_u64(env: &mut CallEnv<'_, '_, '_>, addr: u64) -> Result<u64, HelperError> {
    let bytes = read(env, addr, 8)?;
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes);
    Ok(u64::from_le_bytes(word))
}

/// The packet pointers as the context holds them now.
pub(crate) fn packet(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
) -> Result<Packet, HelperError> {
    if run.packet.is_none() {
        return Err(fail("this run has no packet"));
    }
    let data = load_u64(env, slot(run, "data")?)?;
    let data_end = load_u64(env, slot(run, "data_end")?)?;
    let data_meta = match slot(run, "data_meta") {
        Ok(addr) => load_u64(env, addr)?,
        Err(_) => data,
    };
    Ok(Packet {
        data,
        data_end,
        data_meta,
    })
}

/// Moves packet pointer `name` (`data`, `data_end` or `data_meta`) to `value`.
pub(crate) fn set_pointer(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    name: &str,
    value: u64,
) -> Result<(), HelperError> {
    write(env, slot(run, name)?, &value.to_le_bytes())
}

/// The address of UAPI field `name` of the context (`hash`, `protocol` of `__sk_buff`).
fn field(run: &Invocation<'_>, name: &str) -> Result<u64, HelperError> {
    run.prog_type
        .and_then(sluice_abi::context::layout)
        .and_then(|layout| layout.field(name))
        .map(|field| run.ctx_addr + u64::from(field.offset))
        .ok_or_else(|| fail(format!("the context of this run has no `{name}` field")))
}

/// Reads the 32-bit UAPI field `name`.
pub(crate) fn field_u32(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    name: &str,
) -> Result<u32, HelperError> {
    let bytes = read(env, field(run, name)?, 4)?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// Writes the 32-bit UAPI field `name`.
pub(crate) fn set_field_u32(
    run: &Invocation<'_>,
    env: &mut CallEnv<'_, '_, '_>,
    name: &str,
    value: u32,
) -> Result<(), HelperError> {
    write(env, field(run, name)?, &value.to_le_bytes())
}
