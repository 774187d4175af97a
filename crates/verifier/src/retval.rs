//! The value a program returns: the range each program type must return in `r0` (the
//! kernel's `return_retval_range` and `check_return_code`).

use sluice_abi::prog_type::{AttachType, ProgType};

use crate::alu::describe_kind;
use crate::error::ErrorKind;
use crate::reg::Reg;
use crate::verifier::{R, Verifier};

/// The values a program of `prog_type` (attached as `attach`) must return, when the kernel
/// checks them; `None` when any number is allowed. Where it is checked, the kernel marks `r0`
/// precise at exit ([`crate::precise`] needs the same answer).
pub(crate) fn return_range(prog_type: ProgType, attach: Option<AttachType>) -> Option<(i64, i64)> {
    match prog_type {
        ProgType::CgroupSockAddr => match attach {
            Some(
                AttachType::CgroupUdp4Recvmsg
                | AttachType::CgroupUdp6Recvmsg
                | AttachType::CgroupUnixRecvmsg
                | AttachType::CgroupInet4Getpeername
                | AttachType::CgroupInet6Getpeername
                | AttachType::CgroupUnixGetpeername
                | AttachType::CgroupInet4Getsockname
                | AttachType::CgroupInet6Getsockname
                | AttachType::CgroupUnixGetsockname,
            ) => Some((1, 1)),
            Some(AttachType::CgroupInet4Bind | AttachType::CgroupInet6Bind) => Some((0, 3)),
            _ => Some((0, 1)),
        },
        ProgType::CgroupSkb => match attach {
            Some(AttachType::CgroupInetEgress) => Some((0, 3)),
            _ => Some((0, 1)),
        },
        ProgType::CgroupSock
        | ProgType::SockOps
        | ProgType::CgroupDevice
        | ProgType::CgroupSysctl
        | ProgType::CgroupSockopt => Some((0, 1)),
        ProgType::Kprobe => match attach {
            Some(AttachType::TraceKprobeSession) => Some((0, 1)),
            _ => None,
        },
        ProgType::SkLookup => Some((0, 1)),
        ProgType::Netfilter => Some((0, 1)),
        ProgType::Tracing => match attach {
            Some(AttachType::TraceFentry | AttachType::TraceFexit) => Some((0, 0)),
            _ => None,
        },
        _ => None,
    }
}

impl Verifier<'_> {
    /// The return value rules per program type (`check_return_code`).
    pub(crate) fn check_return_code(&self, r0: &Reg) -> R<()> {
        if !r0.is_init() {
            return Err(self
                .error(
                    ErrorKind::UninitReg,
                    "r0 is not set at program exit (!read_ok)",
                )
                .with_hint("return a value from every path"));
        }
        if r0.is_ptr() && !self.opts.privileged {
            return self.fail(ErrorKind::PointerLeak, "R0 leaks addr as return value");
        }
        let range = return_range(self.opts.prog_type, self.opts.attach_type);
        let Some((lo, hi)) = range else {
            return Ok(());
        };
        if !r0.is_scalar() {
            return self.fail(
                ErrorKind::ReturnValue,
                format!(
                    "At program exit the register R0 is not a known value ({})",
                    describe_kind(r0)
                ),
            );
        }
        let ok = r0.var.smin >= lo && r0.var.smax <= hi;
        if !ok {
            return Err(self
                .error(
                    ErrorKind::ReturnValue,
                    format!(
                        "At program exit the register R0 has {r0} should have been in [{lo}, {hi}]"
                    ),
                )
                .with_hint(format!(
                    "a {} program returns a value in [{lo}, {hi}]",
                    self.opts.prog_type
                )));
        }
        Ok(())
    }
}
