//! [`Regs`]: a thread's user registers, as `PTRACE_GETREGS` gives them, and the kernel's
//! `struct pt_regs` that kprobe programs see (the first 21 words of `user_regs_struct`, in the
//! same order).

/// The x86-64 user registers, in `struct user_regs_struct` order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    pub r15: u64,
    pub r14: u64,
    pub r13: u64,
    pub r12: u64,
    pub rbp: u64,
    pub rbx: u64,
    pub r11: u64,
    pub r10: u64,
    pub r9: u64,
    pub r8: u64,
    pub rax: u64,
    pub rcx: u64,
    pub rdx: u64,
    pub rsi: u64,
    pub rdi: u64,
    /// The system call number at a system call stop.
    pub orig_rax: u64,
    pub rip: u64,
    pub cs: u64,
    pub eflags: u64,
    pub rsp: u64,
    pub ss: u64,
    pub fs_base: u64,
    pub gs_base: u64,
    pub ds: u64,
    pub es: u64,
    pub fs: u64,
    pub gs: u64,
}

/// Bytes of `struct pt_regs` on x86-64.
pub const PT_REGS_SIZE: usize = 21 * 8;

impl Regs {
    /// The system call number, at a system call stop.
    pub fn syscall_nr(&self) -> u64 {
        self.orig_rax
    }

    /// The system call's six arguments (`rdi`, `rsi`, `rdx`, `r10`, `r8`, `r9`).
    pub fn syscall_args(&self) -> [u64; 6] {
        [self.rdi, self.rsi, self.rdx, self.r10, self.r8, self.r9]
    }

    /// The system call's return value, at a system call exit stop.
    pub fn syscall_ret(&self) -> i64 {
        self.rax as i64
    }

    /// `struct pt_regs` with these registers, as the kernel lays it out.
    pub fn to_pt_regs(&self) -> [u8; PT_REGS_SIZE] {
        let words = [
            self.r15,
            self.r14,
            self.r13,
            self.r12,
            self.rbp,
            self.rbx,
            self.r11,
            self.r10,
            self.r9,
            self.r8,
            self.rax,
            self.rcx,
            self.rdx,
            self.rsi,
            self.rdi,
            self.orig_rax,
            self.rip,
            self.cs,
            self.eflags,
            self.rsp,
            self.ss,
        ];
        let mut out = [0u8; PT_REGS_SIZE];
        for (slot, word) in out.chunks_exact_mut(8).zip(words) {
            slot.copy_from_slice(&word.to_le_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pt_regs_puts_each_register_where_the_kernel_does() {
        let regs = Regs {
            rdi: 1,
            rsi: 2,
            orig_rax: 257,
            rip: 0x4000,
            rsp: 0x7ff0,
            ..Regs::default()
        };
        let bytes = regs.to_pt_regs();
        let word =
            |index: usize| u64::from_le_bytes(bytes[index * 8..index * 8 + 8].try_into().unwrap());
        // struct pt_regs: ..., si at 104, di at 112, orig_ax at 120, ip at 128, sp at 152.
        assert_eq!(word(14), 1);
        assert_eq!(word(13), 2);
        assert_eq!(word(15), 257);
        assert_eq!(word(16), 0x4000);
        assert_eq!(word(19), 0x7ff0);
        assert_eq!(regs.syscall_args()[..2], [1, 2]);
    }
}
