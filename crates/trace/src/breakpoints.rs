//! [`Breakpoints`]: uprobes made of software breakpoints in the traced processes.
//!
//! For each process (thread group) the probed functions of the files it maps get an `int3`
//! (`0xcc`) over their first byte, written with ptrace when the file is mapped: at exec, after
//! each `mmap`, or at attach. A thread that reaches one stops with `SIGTRAP` and its `rip` one
//! past the site; the tracer reports the probe, then steps over the site: the first
//! instruction is emulated when it is one of the few that open functions (`endbr64`, `push`,
//! `mov %rsp,%rbp`, `nop`), which is exact even while other threads run; any other is put
//! back, single-stepped and the breakpoint rewritten (a thread of the same process passing the
//! site in that window is not probed).
//!
//! Return probes: at the function's entry the return address on the stack is replaced by the
//! address of a trampoline breakpoint, and remembered per thread with its stack slot. The
//! trampoline is the program's entry point (`AT_ENTRY`, `_start`), which runs once at start
//! and never again; a thread that reaches it with returns pending has returned from the
//! probed function: the return probe fires, and the thread goes on at the real return address.
//! A longjmp past probed frames drops them when the next return is seen.
//!
//! Invariants: a site's `code` holds the original bytes; every site is written in its process
//! while the process is traced, and [`Breakpoints::restore`] puts back the original bytes and
//! return addresses, so a process left running (detach) never meets a breakpoint.

use std::collections::HashMap;
use std::io;

use crate::proc_maps;
use crate::regs::Regs;
use crate::sys;
use crate::uprobe::Uprobe;

/// `AT_ENTRY` in the auxiliary vector: the program's entry point.
const AT_ENTRY: u64 = 9;
/// The breakpoint instruction.
const INT3: u8 = 0xcc;

/// One breakpoint in a process.
#[derive(Clone, Debug)]
struct Site {
    /// The original bytes at the site (enough for one instruction).
    code: [u8; 16],
    /// Entry probes (indexes into the probes).
    entry: Vec<usize>,
    /// Return probes of the function starting here.
    ret: Vec<usize>,
    /// The return trampoline.
    trampoline: bool,
}

/// One process's breakpoints.
#[derive(Clone, Debug, Default)]
struct Space {
    sites: HashMap<u64, Site>,
    /// Which probes have their site (indexes into the probes).
    installed: Vec<bool>,
    trampoline: Option<u64>,
}

/// A probed call a thread has not returned from.
#[derive(Clone, Debug)]
struct Pending {
    probes: Vec<usize>,
    /// Where the return address was (now holding the trampoline's address).
    slot: u64,
    return_addr: u64,
}

/// What a breakpoint trap was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Hit {
    /// The thread reached the site at `addr`: these entry probes fire (possibly none, for a
    /// site with return probes only), then the thread steps over the site.
    Entry { probes: Vec<usize>, addr: u64 },
    /// The thread returned from a probed function: these return probes fire; its registers
    /// have been set to go on at `return_addr`.
    Return { probes: Vec<usize>, regs: Box<Regs> },
}

/// The probes and their sites; see the module documentation.
#[derive(Debug, Default)]
pub(crate) struct Breakpoints {
    probes: Vec<Uprobe>,
    spaces: HashMap<i32, Space>,
    returns: HashMap<i32, Vec<Pending>>,
}

fn write_byte(tid: i32, addr: u64, byte: u8) -> io::Result<()> {
    let word = sys::peek_word(tid, addr)?;
    sys::poke_word(tid, addr, (word & !0xff) | u64::from(byte))
}

/// The program entry point of process `pid`, from its auxiliary vector.
fn entry_point(pid: i32) -> Option<u64> {
    let auxv = std::fs::read(format!("/proc/{pid}/auxv")).ok()?;
    auxv.chunks_exact(16).find_map(|pair| {
        let key = u64::from_le_bytes(pair[..8].try_into().ok()?);
        let value = u64::from_le_bytes(pair[8..].try_into().ok()?);
        (key == AT_ENTRY).then_some(value)
    })
}

impl Breakpoints {
    pub(crate) fn new(probes: Vec<Uprobe>) -> Breakpoints {
        Breakpoints {
            probes,
            ..Breakpoints::default()
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.probes.is_empty()
    }

    /// Whether process `tgid` may map a probed file it has no site for yet.
    pub(crate) fn wants_scan(&self, tgid: i32) -> bool {
        !self.probes.is_empty()
            && self
                .spaces
                .get(&tgid)
                .is_none_or(|space| space.installed.iter().any(|done| !done))
    }

    /// Writes the sites of every probe whose file process `tgid` maps now; `tid` is a stopped
    /// thread of it.
    pub(crate) fn scan(&mut self, tid: i32, tgid: i32) -> io::Result<()> {
        if self.probes.is_empty() {
            return Ok(());
        }
        let maps = proc_maps::read(tgid);
        let space = self.spaces.entry(tgid).or_default();
        space.installed.resize(self.probes.len(), false);
        for (index, probe) in self.probes.iter().enumerate() {
            if space.installed[index] {
                continue;
            }
            let addr = maps
                .iter()
                .filter(|m| m.executable && proc_maps::maps_file(m, &probe.path, probe.inode))
                .find_map(|m| m.address_of(probe.file_offset));
            let Some(addr) = addr else { continue };
            let site = install(tid, space, addr)?;
            if probe.ret {
                site.ret.push(index);
            } else {
                site.entry.push(index);
            }
            space.installed[index] = true;
        }
        let any_ret = self.probes.iter().any(|probe| probe.ret);
        if any_ret
            && space.trampoline.is_none()
            && let Some(entry) = entry_point(tgid)
        {
            install(tid, space, entry)?.trampoline = true;
            space.trampoline = Some(entry);
        }
        Ok(())
    }

    /// Process `child` was forked from thread `parent` of process `parent_tgid`: it has the
    /// same sites (its memory is a copy), and the parent thread's pending returns.
    pub(crate) fn on_fork(&mut self, parent: i32, parent_tgid: i32, child: i32) {
        if let Some(space) = self.spaces.get(&parent_tgid) {
            let space = space.clone();
            self.spaces.insert(child, space);
        }
        if let Some(pending) = self.returns.get(&parent) {
            let pending = pending.clone();
            self.returns.insert(child, pending);
        }
    }

    /// Thread `tid` (formerly `old_tid`) executed a new program: its process starts afresh.
    pub(crate) fn on_exec(&mut self, tid: i32, old_tid: i32) {
        self.spaces.remove(&tid);
        self.returns.remove(&tid);
        self.returns.remove(&old_tid);
    }

    /// Thread `tid` ended.
    pub(crate) fn on_exit(&mut self, tid: i32) {
        self.returns.remove(&tid);
    }

    /// Thread `tid` of process `tgid` stopped with `SIGTRAP` and registers `regs`: the
    /// breakpoint it hit, if it is one of ours.
    pub(crate) fn on_trap(&mut self, tid: i32, tgid: i32, regs: &Regs) -> io::Result<Option<Hit>> {
        let addr = regs.rip.wrapping_sub(1);
        let Some(space) = self.spaces.get(&tgid) else {
            return Ok(None);
        };
        let Some(site) = space.sites.get(&addr) else {
            return Ok(None);
        };
        if site.trampoline
            && let Some(pending) = self.returns.get_mut(&tid)
        {
            // `ret` popped the slot: it was just below the stack pointer. Frames deeper than
            // that were left by a longjmp.
            let slot = regs.rsp.wrapping_sub(8);
            while pending.last().is_some_and(|p| p.slot < slot) {
                pending.pop();
            }
            if let Some(returned) = pending.pop_if(|p| p.slot == slot) {
                let mut regs = *regs;
                regs.rip = returned.return_addr;
                sys::set_regs(tid, &regs)?;
                return Ok(Some(Hit::Return {
                    probes: returned.probes,
                    regs: Box::new(regs),
                }));
            }
        }
        if !site.ret.is_empty()
            && let Some(trampoline) = space.trampoline
        {
            let return_addr = sys::peek_word(tid, regs.rsp)?;
            sys::poke_word(tid, regs.rsp, trampoline)?;
            self.returns.entry(tid).or_default().push(Pending {
                probes: site.ret.clone(),
                slot: regs.rsp,
                return_addr,
            });
        }
        Ok(Some(Hit::Entry {
            probes: site.entry.clone(),
            addr,
        }))
    }

    /// Makes thread `tid`, stopped on the site at `addr`, run the instruction the breakpoint
    /// covers; see the module documentation. `Some(status)` when the thread stopped for another
    /// reason meanwhile (a signal, its exit): the caller handles that wait status.
    pub(crate) fn step_over(&self, tid: i32, tgid: i32, addr: u64) -> io::Result<Option<i32>> {
        let Some(site) = self.spaces.get(&tgid).and_then(|s| s.sites.get(&addr)) else {
            return Ok(None);
        };
        let mut regs = sys::get_regs(tid)?;
        regs.rip = addr;
        if emulate(tid, &site.code, &mut regs)? {
            sys::set_regs(tid, &regs)?;
            return Ok(None);
        }
        sys::set_regs(tid, &regs)?;
        write_byte(tid, addr, site.code[0])?;
        sys::single_step(tid)?;
        let status = sys::wait_thread(tid)?;
        if libc::WIFSTOPPED(status) {
            write_byte(tid, addr, INT3)?;
            if libc::WSTOPSIG(status) == libc::SIGTRAP && (status >> 16) == 0 {
                return Ok(None);
            }
        }
        Ok(Some(status))
    }

    /// Thread `tid` of process `tgid` stopped on a breakpoint while the tracer is leaving: sets
    /// it where it would be without the breakpoint (the probe does not fire). Whether it was one.
    pub(crate) fn rewind(&mut self, tid: i32, tgid: i32, regs: &Regs) -> io::Result<bool> {
        let addr = regs.rip.wrapping_sub(1);
        let Some(site) = self.spaces.get(&tgid).and_then(|s| s.sites.get(&addr)) else {
            return Ok(false);
        };
        let mut regs = *regs;
        regs.rip = addr;
        let slot = regs.rsp.wrapping_sub(8);
        if site.trampoline
            && let Some(returned) = self
                .returns
                .get_mut(&tid)
                .and_then(|pending| pending.pop_if(|p| p.slot == slot))
        {
            regs.rip = returned.return_addr;
        }
        sys::set_regs(tid, &regs)?;
        Ok(true)
    }

    /// Puts back the original bytes of process `tgid`'s sites and the return addresses its
    /// threads `tids` have pending; `stopped` is a stopped thread of it.
    pub(crate) fn restore(&mut self, stopped: i32, tgid: i32, tids: &[i32]) {
        if let Some(space) = self.spaces.remove(&tgid) {
            for (addr, site) in &space.sites {
                let _ = write_byte(stopped, *addr, site.code[0]);
            }
        }
        for tid in tids {
            for pending in self.returns.remove(tid).unwrap_or_default() {
                let _ = sys::poke_word(stopped, pending.slot, pending.return_addr);
            }
        }
    }
}

/// Adds a site at `addr` to `space` (writing the breakpoint) unless it has one.
fn install(tid: i32, space: &mut Space, addr: u64) -> io::Result<&mut Site> {
    match space.sites.entry(addr) {
        std::collections::hash_map::Entry::Occupied(site) => Ok(site.into_mut()),
        std::collections::hash_map::Entry::Vacant(vacant) => {
            let mut code = [0u8; 16];
            code[..8].copy_from_slice(&sys::peek_word(tid, addr)?.to_le_bytes());
            code[8..].copy_from_slice(&sys::peek_word(tid, addr + 8)?.to_le_bytes());
            write_byte(tid, addr, INT3)?;
            Ok(vacant.insert(Site {
                code,
                entry: Vec::new(),
                ret: Vec::new(),
                trampoline: false,
            }))
        }
    }
}

/// Runs the instruction `code` starts with on `regs` (at its address) if it is one that opens
/// functions; whether it was. Memory it writes (a push) is written in thread `tid`'s process.
fn emulate(tid: i32, code: &[u8; 16], regs: &mut Regs) -> io::Result<bool> {
    let push = |regs: &mut Regs, value: u64, len: u64| -> io::Result<bool> {
        regs.rsp -= 8;
        sys::poke_word(tid, regs.rsp, value)?;
        regs.rip += len;
        Ok(true)
    };
    match code {
        // endbr64
        [0xf3, 0x0f, 0x1e, 0xfa, ..] => regs.rip += 4,
        // nop
        [0x90, ..] => regs.rip += 1,
        // mov %rsp,%rbp
        [0x48, 0x89, 0xe5, ..] => {
            regs.rbp = regs.rsp;
            regs.rip += 3;
        }
        // push %rax .. %rdi
        [op @ 0x50..=0x57, ..] => {
            let value = [
                regs.rax, regs.rcx, regs.rdx, regs.rbx, regs.rsp, regs.rbp, regs.rsi, regs.rdi,
            ][usize::from(op - 0x50)];
            return push(regs, value, 1);
        }
        // push %r8 .. %r15
        [0x41, op @ 0x50..=0x57, ..] => {
            let value = [
                regs.r8, regs.r9, regs.r10, regs.r11, regs.r12, regs.r13, regs.r14, regs.r15,
            ][usize::from(op - 0x50)];
            return push(regs, value, 2);
        }
        _ => return Ok(false),
    }
    Ok(true)
}
