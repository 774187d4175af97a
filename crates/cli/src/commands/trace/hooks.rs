//! Which event a tracing program's section attaches it to, as libbpf reads the section name.

use sluice_abi::syscalls;

/// `execve` and `execveat`.
pub(crate) const EXECVE: u32 = 59;
pub(crate) const EXECVEAT: u32 = 322;

/// An event a tracing program runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hook {
    /// `tracepoint/syscalls/sys_enter_NAME` (`tp/...`).
    SysEnter(u32),
    /// `tracepoint/syscalls/sys_exit_NAME`.
    SysExit(u32),
    /// `tracepoint/raw_syscalls/sys_enter`: every system call.
    RawSysEnter,
    /// `tracepoint/raw_syscalls/sys_exit`.
    RawSysExit,
    /// `tracepoint/sched/sched_process_exec`.
    ProcessExec,
    /// `tracepoint/sched/sched_process_fork`.
    ProcessFork,
    /// `tracepoint/sched/sched_process_exit`.
    ProcessExit,
    /// A kprobe on a system call's kernel function: `kprobe/__x64_sys_NAME`, libbpf's
    /// `ksyscall/NAME`.
    SyscallKprobe(u32),
    /// A return probe on it: `kretprobe/__x64_sys_NAME`, `kretsyscall/NAME`.
    SyscallKretprobe(u32),
}

impl Hook {
    /// The hook of a program in section `section`; `Err` says why it has none here.
    pub(crate) fn of_section(section: &str) -> Result<Hook, String> {
        let syscall_named = |name: &str| {
            syscalls::by_name(name)
                .map(|syscall| syscall.nr)
                .ok_or_else(|| {
                    format!("section `{section}`: the kernel has no system call `{name}`")
                })
        };
        if let Some(name) = section.strip_prefix("ksyscall/") {
            return Ok(Hook::SyscallKprobe(syscall_named(name)?));
        }
        if let Some(name) = section.strip_prefix("kretsyscall/") {
            return Ok(Hook::SyscallKretprobe(syscall_named(name)?));
        }
        for (prefix, kretprobe) in [("kprobe/", false), ("kretprobe/", true)] {
            if let Some(function) = section.strip_prefix(prefix) {
                let Some(name) = function.strip_prefix("__x64_sys_") else {
                    return Err(format!(
                        "section `{section}`: sluice trace probes system call functions \
                         (__x64_sys_NAME), not other kernel functions"
                    ));
                };
                let nr = syscall_named(name)?;
                return Ok(if kretprobe {
                    Hook::SyscallKretprobe(nr)
                } else {
                    Hook::SyscallKprobe(nr)
                });
            }
        }
        let tracepoint = section
            .strip_prefix("tracepoint/")
            .or_else(|| section.strip_prefix("tp/"))
            .ok_or_else(|| {
                format!(
                    "section `{section}`: sluice trace runs tracepoint programs \
                     (tracepoint/CATEGORY/NAME) and system call kprobes (ksyscall/NAME, \
                     kprobe/__x64_sys_NAME)"
                )
            })?;
        let (category, name) = tracepoint
            .split_once('/')
            .ok_or_else(|| format!("section `{section}`: expected tracepoint/CATEGORY/NAME"))?;
        let syscall = |event: &str| {
            syscalls::by_name(event)
                .filter(|syscall| syscall.event == Some(event))
                .map(|syscall| syscall.nr)
                .ok_or_else(|| {
                    format!("section `{section}`: the kernel has no system call `{event}`")
                })
        };
        match (category, name) {
            ("syscalls", name) => {
                if let Some(event) = name.strip_prefix("sys_enter_") {
                    Ok(Hook::SysEnter(syscall(event)?))
                } else if let Some(event) = name.strip_prefix("sys_exit_") {
                    Ok(Hook::SysExit(syscall(event)?))
                } else {
                    Err(format!("section `{section}`: no such syscalls tracepoint"))
                }
            }
            ("raw_syscalls", "sys_enter") => Ok(Hook::RawSysEnter),
            ("raw_syscalls", "sys_exit") => Ok(Hook::RawSysExit),
            ("sched", "sched_process_exec") => Ok(Hook::ProcessExec),
            ("sched", "sched_process_fork") => Ok(Hook::ProcessFork),
            ("sched", "sched_process_exit") => Ok(Hook::ProcessExit),
            _ => Err(format!(
                "section `{section}`: the tracepoint {category}/{name} is not one sluice trace provides \
                 (syscalls, raw_syscalls, sched_process_exec/fork/exit)"
            )),
        }
    }

    /// The system call numbers this hook needs the traced process stopped at (`None`: all).
    pub(crate) fn watched(self) -> Option<Vec<u32>> {
        match self {
            Hook::SysEnter(nr)
            | Hook::SysExit(nr)
            | Hook::SyscallKprobe(nr)
            | Hook::SyscallKretprobe(nr) => Some(vec![nr]),
            Hook::RawSysEnter | Hook::RawSysExit => None,
            // Process events come from ptrace's fork, exec and exit events; an exec's file
            // name, as the kernel records it (the path given), from execve and execveat.
            Hook::ProcessExec => Some(vec![EXECVE, EXECVEAT]),
            Hook::ProcessFork | Hook::ProcessExit => Some(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_name_their_events() {
        assert_eq!(
            Hook::of_section("tracepoint/syscalls/sys_enter_openat"),
            Ok(Hook::SysEnter(257))
        );
        assert_eq!(
            Hook::of_section("tp/syscalls/sys_exit_execve"),
            Ok(Hook::SysExit(59))
        );
        assert_eq!(
            Hook::of_section("tp/syscalls/sys_enter_newstat"),
            Ok(Hook::SysEnter(4))
        );
        assert!(Hook::of_section("tp/syscalls/sys_enter_stat").is_err());
        assert_eq!(
            Hook::of_section("tp/raw_syscalls/sys_enter"),
            Ok(Hook::RawSysEnter)
        );
        assert_eq!(
            Hook::of_section("tracepoint/sched/sched_process_exec"),
            Ok(Hook::ProcessExec)
        );
        assert_eq!(
            Hook::of_section("ksyscall/clone"),
            Ok(Hook::SyscallKprobe(56))
        );
        assert_eq!(
            Hook::of_section("kretsyscall/openat"),
            Ok(Hook::SyscallKretprobe(257))
        );
        assert_eq!(
            Hook::of_section("kprobe/__x64_sys_newstat"),
            Ok(Hook::SyscallKprobe(4))
        );
        assert!(Hook::of_section("kprobe/do_sys_open").is_err());
        assert!(Hook::of_section("xdp").is_err());
        assert!(Hook::of_section("tp/net/netif_receive_skb").is_err());
    }
}
