//! [`Symbolizer`]: code addresses of traced processes as text, for printing stacks.
//!
//! An address lies in a mapping of its process; the mapping gives the file offset, the file's
//! segments the virtual address, and its symbols ([`ElfImage`]) the function. A process may be
//! gone by the time its addresses are printed (a profiler prints its stack map at the end), so
//! the symbolizer keeps the mappings of the processes it was told to [`Symbolizer::remember`],
//! and [`Symbolizer::symbolize_any`] looks an address up in all of them.
//!
//! The forms, by what is known of the address:
//! - `main+0x1a (/usr/bin/busy)`: in a function of a file;
//! - `0x5612a0b01234 (/usr/bin/busy+0x1234)`: in a file, in no function it names (the file
//!   offset follows the path);
//! - `__vdso_clock_gettime+0x2c ([vdso])`, `0x7f12a0b01234 ([heap])`: in a mapping the kernel
//!   names (only the vDSO has symbols);
//! - `0x7f12a0b01234 (anonymous)`: in anonymous memory, such as JIT code;
//! - `0x7f12a0b01234 (?)`: in no mapping known.
//!
//! Invariants: symbolizing never panics and never fails; files are read once (by path and
//! inode), and one that cannot be read or parsed is remembered as such.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::elf_image::ElfImage;
use crate::proc_maps::{self, Mapping};

/// Turns code addresses into function names; see the module documentation.
#[derive(Debug, Default)]
pub struct Symbolizer {
    /// The last mappings read of each process, in address order.
    processes: BTreeMap<i32, Vec<(Mapping, String)>>,
    /// Each file's symbols, by path and inode; `None` for a file that cannot be read.
    files: HashMap<(PathBuf, u64), Option<ElfImage>>,
    /// The vDSO's symbols (the same image in every process), once read.
    vdso: Option<ElfImage>,
}

impl Symbolizer {
    pub fn new() -> Symbolizer {
        Symbolizer::default()
    }

    /// Reads the mappings of process `pid` (again) and keeps them, so that its addresses can
    /// be symbolized after it has ended; call it again after it maps more, or execs. Nothing
    /// is kept if the process is gone: what was kept before stays.
    pub fn remember(&mut self, pid: i32) {
        let maps = proc_maps::read_named(pid);
        if maps.is_empty() {
            return;
        }
        // The vDSO can only be read while a process lives.
        if self.vdso.is_none()
            && let Some((mapping, name)) = maps.iter().find(|(_, name)| name == proc_maps::VDSO)
        {
            self.vdso = proc_maps::read_image(pid, mapping, name)
                .and_then(|data| ElfImage::parse(Path::new(proc_maps::VDSO), &data).ok());
        }
        self.processes.insert(pid, maps);
    }

    /// `addr` of process `pid`: from its remembered mappings, else from its current ones (then
    /// remembered), else as [`Symbolizer::symbolize_any`] finds it.
    pub fn symbolize(&mut self, pid: i32, addr: u64) -> String {
        if let Some((mapping, name)) = self.mapping_of(pid, addr) {
            return self.describe(addr, &mapping, &name);
        }
        self.remember(pid);
        if let Some((mapping, name)) = self.mapping_of(pid, addr) {
            return self.describe(addr, &mapping, &name);
        }
        self.symbolize_any(addr)
    }

    /// `addr` in whichever remembered process (the lowest process id first) maps it; for the
    /// addresses of processes that are gone, or not known.
    pub fn symbolize_any(&mut self, addr: u64) -> String {
        let found = self
            .processes
            .values()
            .find_map(|maps| maps.get(proc_maps::index_containing(maps, addr)?))
            .cloned();
        match found {
            Some((mapping, name)) => self.describe(addr, &mapping, &name),
            None => format!("{addr:#x} (?)"),
        }
    }

    /// The remembered mapping of process `pid` that `addr` lies in.
    fn mapping_of(&self, pid: i32, addr: u64) -> Option<(Mapping, String)> {
        let maps = self.processes.get(&pid)?;
        maps.get(proc_maps::index_containing(maps, addr)?).cloned()
    }

    /// `addr`, which lies in `mapping` (named `name`).
    fn describe(&mut self, addr: u64, mapping: &Mapping, name: &str) -> String {
        let file_offset = mapping.file_offset_of(addr);
        let Some(path) = &mapping.path else {
            let function = match name {
                proc_maps::VDSO => self.vdso.as_ref().and_then(|v| v.function_at(file_offset)),
                _ => None,
            };
            let place = if name.is_empty() { "anonymous" } else { name };
            return match function {
                Some((symbol, within)) => {
                    format!("{}+{within:#x} ({place})", readable(&symbol.name))
                }
                None => format!("{addr:#x} ({place})"),
            };
        };
        let image = self
            .files
            .entry((path.clone(), mapping.inode))
            .or_insert_with(|| ElfImage::open(path).ok());
        match image
            .as_ref()
            .and_then(|image| image.function_at(file_offset))
        {
            Some((symbol, within)) => {
                format!(
                    "{}+{within:#x} ({})",
                    readable(&symbol.name),
                    path.display()
                )
            }
            None => format!("{addr:#x} ({}+{file_offset:#x})", path.display()),
        }
    }
}

/// A symbol's name as people read it: Rust names demangled (without their hash), others as
/// they are.
fn readable(name: &str) -> String {
    match rustc_demangle::try_demangle(name) {
        Ok(demangled) => format!("{demangled:#}"),
        Err(_) => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_pid() -> i32 {
        std::process::id() as i32
    }

    #[test]
    fn a_libc_function_of_this_process_is_named_with_its_offset() {
        let maps = proc_maps::read(own_pid());
        let Some(libc) = maps.iter().find(|m| {
            m.executable
                && m.path.as_ref().is_some_and(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("libc.so"))
                })
        }) else {
            eprintln!("skipped: this test binary does not map libc");
            return;
        };
        let path = libc.path.clone().unwrap();
        let image = ElfImage::open(&path).unwrap();
        let getpid = image.symbol("getpid").unwrap();
        let offset = image.file_offset(getpid.vaddr).unwrap();
        let addr = maps
            .iter()
            .filter(|m| m.path.as_ref() == Some(&path))
            .find_map(|m| m.address_of(offset))
            .unwrap();
        let mut symbolizer = Symbolizer::new();
        let expected = format!("{}+0x3 ({})", getpid.name, path.display());
        assert_eq!(symbolizer.symbolize(own_pid(), addr + 3), expected);
        // Remembered: found for any process too.
        assert_eq!(symbolizer.symbolize_any(addr + 3), expected);
        assert_eq!(symbolizer.symbolize(i32::MAX, addr + 3), expected);
    }

    #[test]
    fn unknown_places_are_named_as_the_kernel_names_them() {
        let mut symbolizer = Symbolizer::new();
        assert_eq!(symbolizer.symbolize(i32::MAX, 0x1234), "0x1234 (?)");
        assert_eq!(symbolizer.symbolize_any(0x1234), "0x1234 (?)");
        let text = "\
1000-2000 r-xp 00000000 00:00 0 \n\
3000-4000 rw-p 00000000 00:00 0                          [heap]\n\
5000-6000 r-xp 00001000 08:01 99 /nonexistent/lib.so\n";
        symbolizer.processes.insert(7, proc_maps::parse_named(text));
        assert_eq!(symbolizer.symbolize(7, 0x1010), "0x1010 (anonymous)");
        assert_eq!(symbolizer.symbolize(7, 0x3000), "0x3000 ([heap])");
        assert_eq!(
            symbolizer.symbolize(7, 0x5010),
            "0x5010 (/nonexistent/lib.so+0x1010)"
        );
        assert_eq!(
            symbolizer.symbolize_any(0x5fff),
            "0x5fff (/nonexistent/lib.so+0x1fff)"
        );
        assert_eq!(symbolizer.symbolize(7, 0x6000), "0x6000 (?)");
    }

    #[test]
    fn the_vdso_has_symbols() {
        let maps = proc_maps::read_named(own_pid());
        let Some((vdso, _)) = maps.iter().find(|(_, name)| name == proc_maps::VDSO) else {
            eprintln!("skipped: no vDSO in this process");
            return;
        };
        let data = proc_maps::read_image(own_pid(), vdso, proc_maps::VDSO).unwrap();
        let image = ElfImage::parse(Path::new(proc_maps::VDSO), &data).unwrap();
        let Some(function) = ["__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time"]
            .iter()
            .find_map(|name| image.symbol(name))
        else {
            eprintln!("skipped: the vDSO has none of the usual functions");
            return;
        };
        let mut symbolizer = Symbolizer::new();
        let addr = vdso.start + image.file_offset(function.vaddr).unwrap() + 1;
        let text = symbolizer.symbolize(own_pid(), addr);
        assert!(text.ends_with("+0x1 ([vdso])"), "{text}");
    }

    #[test]
    fn rust_names_are_demangled() {
        assert_eq!(
            readable("_ZN13sluice_interp2vm7Machine3run17h058eaa18aa0bd778E"),
            "sluice_interp::vm::Machine::run"
        );
        assert_eq!(readable("malloc"), "malloc");
    }
}
