//! The x86-64 system calls: numbers, names, tracepoint names and arguments
//! ([`syscall_table`](crate::syscall_table), generated from the kernel by
//! `tools/gen_syscalls.py`), and the layouts of the records syscall tracepoints hand programs.
//!
//! Names: `name` is the user-space name (`__NR_stat`); `event` is the tracepoint's
//! (`syscalls/sys_enter_newstat`), which is the kernel function's name and differs for a few
//! (`stat` → `newstat`, `uname` → `newuname`, `sendfile` → `sendfile64`, `umount2` → `umount`).
//! System calls without a tracepoint (`rt_sigreturn`-like entries, removed calls) have `None`.

use crate::syscall_table::SYSCALLS;

/// One argument as the tracepoint records it (always 8 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyscallArg {
    /// Its C type as the kernel declares it (`const char *`, `int`, `umode_t`, ...).
    pub c_type: &'static str,
    pub name: &'static str,
}

/// One system call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Syscall {
    pub nr: u32,
    /// The user-space name (`__NR_<name>`).
    pub name: &'static str,
    /// The tracepoint's name without `sys_enter_`/`sys_exit_`, if the kernel has one.
    pub event: Option<&'static str>,
    pub args: &'static [SyscallArg],
}

/// Every system call, by number.
pub fn syscalls() -> &'static [Syscall] {
    SYSCALLS
}

/// The system call numbered `nr`.
pub fn by_nr(nr: u32) -> Option<&'static Syscall> {
    SYSCALLS
        .binary_search_by_key(&nr, |syscall| syscall.nr)
        .ok()
        .map(|index| &SYSCALLS[index])
}

/// The system call called `name`, by its user-space name or its tracepoint's name.
pub fn by_name(name: &str) -> Option<&'static Syscall> {
    SYSCALLS
        .iter()
        .find(|syscall| syscall.name == name)
        .or_else(|| SYSCALLS.iter().find(|syscall| syscall.event == Some(name)))
}

/// Highest system call number plus one.
pub fn n_syscalls() -> u32 {
    SYSCALLS.last().map_or(0, |syscall| syscall.nr + 1)
}

/// Layouts of tracepoint records (tracefs `format` files of Linux 6.18): every record starts
/// with the common fields.
pub mod record {
    /// `unsigned short common_type`: the event's id.
    pub const COMMON_TYPE: u32 = 0;
    /// `unsigned char common_flags`.
    pub const COMMON_FLAGS: u32 = 2;
    /// `unsigned char common_preempt_count`.
    pub const COMMON_PREEMPT_COUNT: u32 = 3;
    /// `int common_pid`: the thread's id.
    pub const COMMON_PID: u32 = 4;
    /// Bytes of the common fields.
    pub const COMMON_SIZE: u32 = 8;

    /// `syscalls/sys_enter_NAME`: `int __syscall_nr` at 8, then each argument as 8 bytes
    /// from 16.
    pub mod sys_enter {
        pub const SYSCALL_NR: u32 = 8;
        pub const ARGS: u32 = 16;
        /// The record's size for a call with `n_args` arguments.
        pub const fn size(n_args: usize) -> u32 {
            ARGS + 8 * n_args as u32
        }
    }

    /// `syscalls/sys_exit_NAME`: `int __syscall_nr` at 8, `long ret` at 16.
    pub mod sys_exit {
        pub const SYSCALL_NR: u32 = 8;
        pub const RET: u32 = 16;
        pub const SIZE: u32 = 24;
    }

    /// `raw_syscalls/sys_enter`: `long id` at 8, `unsigned long args[6]` at 16.
    pub mod raw_sys_enter {
        pub const ID: u32 = 8;
        pub const ARGS: u32 = 16;
        pub const SIZE: u32 = 64;
    }

    /// `raw_syscalls/sys_exit`: `long id` at 8, `long ret` at 16.
    pub mod raw_sys_exit {
        pub const ID: u32 = 8;
        pub const RET: u32 = 16;
        pub const SIZE: u32 = 24;
    }

    /// `sched/sched_process_exec`: `__data_loc char[] filename` at 8 (offset in the low 16
    /// bits, length in the high 16, from the record's start), `pid_t pid` at 12,
    /// `pid_t old_pid` at 16; the file name follows the fixed fields.
    pub mod sched_process_exec {
        pub const FILENAME: u32 = 8;
        pub const PID: u32 = 12;
        pub const OLD_PID: u32 = 16;
        pub const FIXED_SIZE: u32 = 20;
    }

    /// `sched/sched_process_fork`: `__data_loc char[] parent_comm` at 8, `pid_t parent_pid` at
    /// 12, `__data_loc char[] child_comm` at 16, `pid_t child_pid` at 20; the names follow.
    pub mod sched_process_fork {
        pub const PARENT_COMM: u32 = 8;
        pub const PARENT_PID: u32 = 12;
        pub const CHILD_COMM: u32 = 16;
        pub const CHILD_PID: u32 = 20;
        pub const FIXED_SIZE: u32 = 24;
    }

    /// `sched/sched_process_exit`: `char comm[16]` at 8, `pid_t pid` at 24, `int prio` at 28,
    /// `bool group_dead` at 32.
    pub mod sched_process_exit {
        pub const COMM: u32 = 8;
        pub const PID: u32 = 24;
        pub const PRIO: u32 = 28;
        pub const GROUP_DEAD: u32 = 32;
        pub const SIZE: u32 = 36;
    }

    /// A `__data_loc` field's value: the data's offset from the record's start in the low 16
    /// bits, its length (the terminating NUL included) in the high 16.
    pub const fn data_loc(offset: u32, len: u32) -> u32 {
        (len << 16) | (offset & 0xffff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_knows_the_usual_calls() {
        assert!(SYSCALLS.windows(2).all(|pair| pair[0].nr < pair[1].nr));
        let openat = by_name("openat").expect("openat");
        assert_eq!(openat.nr, 257);
        assert_eq!(openat.args.len(), 4);
        assert_eq!(openat.args[1].name, "filename");
        assert_eq!(by_nr(39).map(|s| s.name), Some("getpid"));
        assert_eq!(by_nr(0).map(|s| s.name), Some("read"));
        // The tracepoint is named after the kernel function.
        assert_eq!(by_name("stat").and_then(|s| s.event), Some("newstat"));
        assert_eq!(by_name("newstat").map(|s| s.nr), Some(4));
        assert_eq!(by_nr(469).map(|s| s.name), Some("file_setattr"));
        assert!(by_nr(1000).is_none());
        assert!(n_syscalls() >= 470);
        assert_eq!(record::sys_enter::size(openat.args.len()), 48);
    }
}
