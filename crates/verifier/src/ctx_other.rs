//! Contexts the `abi` crate has no table for, with the kernel's rules: `syscall` programs
//! (any aligned access below 64 KiB, `syscall_prog_is_valid_access`) and `sk_lookup`
//! (`struct bpf_sk_lookup`, read only, `sk_lookup_is_valid_access`).

/// What a context access yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CtxField {
    /// A number.
    Scalar,
    /// `bpf_sk_lookup.sk`: a socket or NULL.
    SocketOrNull,
}

/// `sizeof(struct bpf_sk_lookup)`.
const SK_LOOKUP_SIZE: i64 = 72;

/// A `syscall` program's context: the caller's buffer.
pub(crate) fn syscall(off: i64, size: u32, _write: bool) -> Result<CtxField, String> {
    if !(0..i64::from(u16::MAX)).contains(&off) {
        return Err(format!(
            "offset {off} is outside the 64 KiB a syscall program's context may span"
        ));
    }
    if off % i64::from(size) != 0 {
        return Err(format!(
            "access of {size} bytes at offset {off} is misaligned"
        ));
    }
    Ok(CtxField::Scalar)
}

/// `struct bpf_sk_lookup`.
pub(crate) fn sk_lookup(off: i64, size: u32, write: bool) -> Result<CtxField, String> {
    if !(0..SK_LOOKUP_SIZE).contains(&off) {
        return Err(format!("offset {off} is outside struct bpf_sk_lookup"));
    }
    if off % i64::from(size) != 0 {
        return Err(format!(
            "access of {size} bytes at offset {off} is misaligned"
        ));
    }
    if write {
        return Err("struct bpf_sk_lookup is read only".to_string());
    }
    // (start, end, field size) of the fields a narrow load may read.
    let narrow = |field_size: i64| {
        if i64::from(size) <= field_size {
            Ok(CtxField::Scalar)
        } else {
            Err(format!(
                "access of {size} bytes at offset {off} is wider than the field"
            ))
        }
    };
    match off {
        0 => {
            if size == 8 {
                Ok(CtxField::SocketOrNull)
            } else {
                Err("bpf_sk_lookup.sk is read with an 8-byte load".to_string())
            }
        }
        // family, protocol, remote_ip4, remote_ip6, (remote_port below), local_ip4,
        // local_ip6, local_port, ingress_ifindex: u32 fields.
        8..36 | 40..68 => narrow(4),
        // remote_port (a 4-byte load is allowed for compatibility) and its zero padding.
        36..40 => {
            if size == 4 {
                Ok(CtxField::Scalar)
            } else {
                narrow(2)
            }
        }
        _ => Err(format!(
            "offset {off} of struct bpf_sk_lookup is not a field"
        )),
    }
}
