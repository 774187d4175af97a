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
    /// A kprobe on the unwrapped system call function, `kprobe/sys_NAME`: the arguments
    /// are the function's own (`di`, `si`, `dx`, `cx`, `r8`, `r9`), as before Linux 4.17.
    SyscallFunction(u32),
    /// `raw_tracepoint/sys_enter` (`raw_tp/`): `args[0]` points to the user registers,
    /// `args[1]` is the system call number.
    RawTpSysEnter,
    /// `raw_tracepoint/sys_exit`: `args[0]` points to the registers, `args[1]` is the result.
    RawTpSysExit,
    /// A uprobe or uretprobe: the index of its [`UprobeTarget`] among the object's.
    Uprobe(usize),
    /// An LSM hook whose arguments are the system call's (`lsm/socket_create`, `lsm/syslog`):
    /// the program runs as the call enters, and a non-zero return (`-EPERM`, ...) denies it.
    Lsm(u32),
    /// `perf_event`: a sample of a running thread, taken `--sample-freq` times a second (a
    /// CPU clock event, as a profiler opens with `perf_event_open`).
    PerfEvent,
}

/// Where a `uprobe/` or `uretprobe/` section attaches: `BINARY:SYMBOL[+OFFSET]`, or
/// `BINARY:OFFSET` for a file offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UprobeTarget {
    pub(crate) binary: String,
    /// Empty for a bare file offset.
    pub(crate) symbol: String,
    pub(crate) offset: u64,
    pub(crate) ret: bool,
}

/// The target of a uprobe section, as libbpf spells it (`uprobe/PATH:SYMBOL[+OFFSET]`,
/// `uretprobe/...`, `uprobe.s/...`; `uprobe//usr/bin/x:f` is the absolute path `/usr/bin/x`);
/// `None` when `section` is no uprobe section.
pub(crate) fn uprobe_target(section: &str) -> Option<Result<UprobeTarget, String>> {
    let (kind, rest) = section.split_once('/').unwrap_or((section, ""));
    let ret = match kind {
        "uprobe" | "uprobe.s" => false,
        "uretprobe" | "uretprobe.s" => true,
        _ => return None,
    };
    let parse = || {
        let (binary, function) = rest.rsplit_once(':').ok_or_else(|| {
            format!(
                "section `{section}`: sluice trace attaches uprobes by section name: \
                 {kind}/PATH:FUNCTION[+OFFSET]"
            )
        })?;
        let number = |text: &str| match text.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).ok(),
            None => text.parse().ok(),
        };
        let (symbol, offset) = match function.split_once('+') {
            Some((symbol, offset)) => (
                symbol,
                number(offset)
                    .ok_or_else(|| format!("section `{section}`: bad offset `{offset}`"))?,
            ),
            None => match number(function) {
                Some(offset) => ("", offset),
                None => (function, 0),
            },
        };
        if binary.is_empty() || function.is_empty() || (symbol.is_empty() && function.contains('+'))
        {
            return Err(format!(
                "section `{section}`: expected {kind}/PATH:FUNCTION[+OFFSET]"
            ));
        }
        Ok(UprobeTarget {
            binary: binary.to_string(),
            symbol: symbol.to_string(),
            offset,
            ret,
        })
    };
    Some(parse())
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
        if section == "perf_event" {
            return Ok(Hook::PerfEvent);
        }
        if let Some(name) = section
            .strip_prefix("lsm/")
            .or_else(|| section.strip_prefix("lsm.s/"))
        {
            return LSM_HOOKS
                .iter()
                .find(|hook| hook.name == name)
                .map(|hook| Hook::Lsm(hook.nr))
                .ok_or_else(|| {
                    let known: Vec<&str> = LSM_HOOKS.iter().map(|hook| hook.name).collect();
                    format!(
                        "section `{section}`: sluice trace runs the LSM hooks whose arguments \
                         are a system call's ({}); the others take kernel objects a traced \
                         process does not have",
                        known.join(", ")
                    )
                });
        }
        if let Some(name) = section.strip_prefix("kprobe/sys_") {
            return Ok(Hook::SyscallFunction(syscall_named(name)?));
        }
        for prefix in ["raw_tracepoint/", "raw_tp/"] {
            match section.strip_prefix(prefix) {
                Some("sys_enter") => return Ok(Hook::RawTpSysEnter),
                Some("sys_exit") => return Ok(Hook::RawTpSysExit),
                Some(other) => {
                    return Err(format!(
                        "section `{section}`: the raw tracepoint {other} is not one sluice trace \
                         provides (sys_enter, sys_exit)"
                    ));
                }
                None => {}
            }
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
                     (tracepoint/CATEGORY/NAME, raw_tracepoint/sys_enter), system call kprobes \
                     (ksyscall/NAME, kprobe/__x64_sys_NAME), uprobes (uprobe/PATH:FUNCTION) and perf_event"
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
            | Hook::SyscallKretprobe(nr)
            | Hook::SyscallFunction(nr)
            | Hook::Lsm(nr) => Some(vec![nr]),
            Hook::RawSysEnter | Hook::RawSysExit | Hook::RawTpSysEnter | Hook::RawTpSysExit => None,
            // Breakpoints and samples, not system calls.
            Hook::Uprobe(_) | Hook::PerfEvent => Some(Vec::new()),
            // Process events come from ptrace's fork, exec and exit events; an exec's file
            // name, as the kernel records it (the path given), from execve and execveat.
            Hook::ProcessExec => Some(vec![EXECVE, EXECVEAT]),
            Hook::ProcessFork | Hook::ProcessExit => Some(Vec::new()),
        }
    }
}

/// An LSM hook `sluice trace` runs.
pub(crate) struct LsmHook {
    pub(crate) name: &'static str,
    /// The system call it guards.
    pub(crate) nr: u32,
    /// How many of the hook's arguments are the call's first ones (the rest are 0).
    pub(crate) from_call: usize,
    pub(crate) n_args: usize,
}

/// The LSM hooks `sluice trace` runs: `socket_create(family, type, protocol, kern)` on
/// `socket` (`kern` is 0 for a user's call), `syslog(type)` on `syslog`.
pub(crate) const LSM_HOOKS: [LsmHook; 2] = [
    LsmHook {
        name: "socket_create",
        nr: 41,
        from_call: 3,
        n_args: 4,
    },
    LsmHook {
        name: "syslog",
        nr: 103,
        from_call: 1,
        n_args: 1,
    },
];

/// The system calls whose exits some of `hooks` need (`None`: every call's).
pub(crate) fn exits_needed(hooks: impl Iterator<Item = Hook>) -> Option<Vec<u32>> {
    let mut exits = Vec::new();
    for hook in hooks {
        match hook {
            Hook::SysExit(nr) | Hook::SyscallKretprobe(nr) => exits.push(nr),
            Hook::RawSysExit | Hook::RawTpSysExit => return None,
            _ => {}
        }
    }
    Some(exits)
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
        assert_eq!(
            Hook::of_section("kprobe/sys_openat"),
            Ok(Hook::SyscallFunction(257))
        );
        assert_eq!(
            Hook::of_section("raw_tracepoint/sys_enter"),
            Ok(Hook::RawTpSysEnter)
        );
        assert_eq!(Hook::of_section("raw_tp/sys_exit"), Ok(Hook::RawTpSysExit));
        assert!(Hook::of_section("raw_tp/sched_switch").is_err());
        assert_eq!(Hook::of_section("perf_event"), Ok(Hook::PerfEvent));
        assert_eq!(Hook::of_section("lsm/socket_create"), Ok(Hook::Lsm(41)));
        assert_eq!(Hook::of_section("lsm.s/syslog"), Ok(Hook::Lsm(103)));
        let file_open = Hook::of_section("lsm/file_open").unwrap_err();
        assert!(file_open.contains("socket_create"), "{file_open}");
        assert!(Hook::of_section("xdp").is_err());
        assert!(Hook::of_section("tp/net/netif_receive_skb").is_err());
    }

    #[test]
    fn uprobe_sections_name_their_targets() {
        let target = |binary: &str, symbol: &str, offset: u64, ret: bool| {
            Some(Ok(UprobeTarget {
                binary: binary.to_string(),
                symbol: symbol.to_string(),
                offset,
                ret,
            }))
        };
        assert_eq!(
            uprobe_target("uprobe/libc.so.6:malloc"),
            target("libc.so.6", "malloc", 0, false)
        );
        assert_eq!(
            uprobe_target("uretprobe//usr/bin/bash:readline"),
            target("/usr/bin/bash", "readline", 0, true)
        );
        assert_eq!(
            uprobe_target("uprobe/./a.out:main+0x10"),
            target("./a.out", "main", 16, false)
        );
        assert_eq!(
            uprobe_target("uprobe.s/a.out:0x1234"),
            target("a.out", "", 0x1234, false)
        );
        assert_eq!(uprobe_target("kprobe/x"), None);
        assert!(matches!(uprobe_target("uprobe"), Some(Err(_))));
        assert!(matches!(uprobe_target("uprobe/libc.so.6"), Some(Err(_))));
        assert!(matches!(
            uprobe_target("uprobe/libc.so.6:f+x"),
            Some(Err(_))
        ));
        assert!(matches!(uprobe_target("uprobe/:f"), Some(Err(_))));
    }
}
