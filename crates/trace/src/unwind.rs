//! [`Unwinder`]: the user stack of a stopped thread, as `bpf_get_stackid` and `bpf_get_stack`
//! capture it: the code addresses of its frames, innermost first.
//!
//! Each frame is unwound with the call frame information (`.eh_frame`, `cfi.rs`) of the ELF
//! image its pc lies in. Where there is none (the pc is in no mapping, in JIT code, or in an
//! image without an FDE for it), the frame pointer chain is followed instead: the return
//! address at `[rbp + 8]`, the caller's `rbp` at `[rbp]`.
//!
//! Invariants:
//! - The walk ends at a zero return address, one that cannot be read, an outermost frame (its
//!   CFI leaves the return address undefined), a caller whose stack pointer is not above its
//!   callee's (so every loop ends), or `max_depth` frames. Memory and CFI are data to check,
//!   never trusted: no input makes it panic.
//! - Above the first frame a pc is a return address, so the rules that apply are those of the
//!   call before it (`pc - 1`); not after a signal trampoline, whose "return address" is the
//!   interrupted pc itself.
//! - Caches: each process's mappings, read again (once per walk) when a pc lies in none of them,
//!   since processes map libraries as they run ([`Unwinder::forget`] drops them, as after an
//!   exec); each image's CFI, by path and inode, and the vDSO's, read from a process's memory
//!   (the same image in every process).

mod cfi;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::proc_maps::{self, Mapping};
use crate::regs::Regs;
use cfi::{CfiFile, Context, DwarfRegs, RBP, RIP, RSP, ReadMemory, Step};

/// Unwinds the user stacks of traced threads; see the module documentation.
#[derive(Debug, Default)]
pub struct Unwinder {
    /// Each process's mappings with their names, in address order.
    maps: HashMap<i32, Vec<(Mapping, String)>>,
    /// Each file's inode and CFI; `None` for a file that has none or cannot be read. A file
    /// found with another inode (replaced on disk) is read again.
    files: HashMap<PathBuf, (u64, Option<CfiFile>)>,
    /// The vDSO's CFI, once read.
    vdso: Option<CfiFile>,
    context: Box<Context>,
}

impl Unwinder {
    pub fn new() -> Unwinder {
        Unwinder::default()
    }

    /// The user stack of a stopped thread of process `pid` whose registers are `regs`: at most
    /// `max_depth` code addresses, innermost first, starting with `regs.rip`.
    pub fn user_stack(&mut self, pid: i32, regs: &Regs, max_depth: usize) -> Vec<u64> {
        let mut frames = Vec::new();
        let mut frame = dwarf_regs(regs);
        let mut pc_is_return_address = false;
        let mut maps_read = false;
        let mut read = |addr: u64, size: usize| read_little_endian(pid, addr, size);
        while frames.len() < max_depth {
            let Some(pc) = frame.get(RIP).filter(|pc| *pc != 0) else {
                break;
            };
            frames.push(pc);
            if frames.len() == max_depth {
                break;
            }
            let lookup_pc = if pc_is_return_address { pc - 1 } else { pc };
            let step = match self.cfi_step(pid, lookup_pc, &frame, &mut maps_read, &mut read) {
                Step::NoCfi => frame_pointer_step(&frame, &mut read),
                step => step,
            };
            let Step::Caller {
                regs: caller,
                signal_frame,
            } = step
            else {
                break;
            };
            match (frame.get(RSP), caller.get(RSP)) {
                (Some(sp), Some(caller_sp)) if caller_sp > sp => {}
                _ => break,
            }
            pc_is_return_address = !signal_frame;
            frame = caller;
        }
        frames
    }

    /// Drops what is known of process `pid`'s mappings (after an exec, or its end).
    pub fn forget(&mut self, pid: i32) {
        self.maps.remove(&pid);
    }

    /// Unwinds the frame at `pc` of process `pid` with the CFI of the image there.
    fn cfi_step(
        &mut self,
        pid: i32,
        pc: u64,
        frame: &DwarfRegs,
        maps_read: &mut bool,
        read: &mut ReadMemory<'_>,
    ) -> Step {
        let Some(index) = self.mapping_index(pid, pc, maps_read) else {
            return Step::NoCfi;
        };
        let Some((mapping, name)) = self.maps.get(&pid).and_then(|maps| maps.get(index)) else {
            return Step::NoCfi;
        };
        let cfi = match &mapping.path {
            Some(path) => file_cfi(&mut self.files, pid, mapping, path),
            None if name == proc_maps::VDSO => vdso_cfi(&mut self.vdso, pid, mapping),
            None => None,
        };
        let Some(cfi) = cfi else {
            return Step::NoCfi;
        };
        let Some(vaddr) = cfi.vaddr_of(mapping.file_offset_of(pc)) else {
            return Step::NoCfi;
        };
        cfi.step(&mut self.context, vaddr, frame, read)
    }

    /// Where in the mappings of process `pid` the one `pc` lies in is. The mappings are read
    /// when not known yet, and again (at most once per walk: `maps_read`) when `pc` is in none
    /// of them.
    fn mapping_index(&mut self, pid: i32, pc: u64, maps_read: &mut bool) -> Option<usize> {
        if let Some(index) = self
            .maps
            .get(&pid)
            .and_then(|maps| proc_maps::index_containing(maps, pc))
        {
            return Some(index);
        }
        if *maps_read {
            return None;
        }
        *maps_read = true;
        let maps = proc_maps::read_named(pid);
        let found = proc_maps::index_containing(&maps, pc);
        self.maps.insert(pid, maps);
        found
    }
}

/// The CFI of the file at `path`, which `mapping` of process `pid` maps; read on first use.
fn file_cfi<'a>(
    files: &'a mut HashMap<PathBuf, (u64, Option<CfiFile>)>,
    pid: i32,
    mapping: &Mapping,
    path: &Path,
) -> Option<&'a CfiFile> {
    let known = files
        .get(path)
        .is_some_and(|(inode, _)| *inode == mapping.inode);
    if !known {
        let cfi = proc_maps::read_image(pid, mapping, "").and_then(|data| CfiFile::parse(&data));
        files.insert(path.to_path_buf(), (mapping.inode, cfi));
    }
    files.get(path)?.1.as_ref()
}

/// The vDSO's CFI, read from the memory of process `pid` (where `mapping` is the vDSO) on
/// first use; a failed read (or parse) is tried again next time.
fn vdso_cfi<'a>(vdso: &'a mut Option<CfiFile>, pid: i32, mapping: &Mapping) -> Option<&'a CfiFile> {
    if vdso.is_none() {
        *vdso = proc_maps::read_image(pid, mapping, proc_maps::VDSO)
            .and_then(|data| CfiFile::parse(&data));
    }
    vdso.as_ref()
}

/// Unwinds one frame by its frame pointer: `rbp` points at the caller's saved `rbp`, the
/// return address is above it, and the caller's stack pointer is above that.
fn frame_pointer_step(frame: &DwarfRegs, read: &mut ReadMemory<'_>) -> Step {
    let Some(rbp) = frame.get(RBP).filter(|rbp| *rbp != 0 && rbp % 8 == 0) else {
        return Step::Failed;
    };
    let (Some(saved_rbp), Some(return_address)) = (read(rbp, 8), read(rbp.wrapping_add(8), 8))
    else {
        return Step::Failed;
    };
    let mut caller = DwarfRegs::default();
    caller.set(RBP, Some(saved_rbp));
    caller.set(RSP, Some(rbp.wrapping_add(16)));
    caller.set(RIP, Some(return_address));
    Step::Caller {
        regs: caller,
        signal_frame: false,
    }
}

/// `regs` in DWARF register order.
fn dwarf_regs(regs: &Regs) -> DwarfRegs {
    DwarfRegs::all_known([
        regs.rax, regs.rdx, regs.rcx, regs.rbx, regs.rsi, regs.rdi, regs.rbp, regs.rsp, regs.r8,
        regs.r9, regs.r10, regs.r11, regs.r12, regs.r13, regs.r14, regs.r15, regs.rip,
    ])
}

/// `size` bytes (1 to 8) of process `pid` at `addr`, as a little-endian number.
fn read_little_endian(pid: i32, addr: u64, size: usize) -> Option<u64> {
    let mut buf = [0u8; 8];
    let bytes = buf.get_mut(..size.clamp(1, 8))?;
    let n = bytes.len();
    (crate::read_memory(pid, addr, bytes) == n).then(|| u64::from_le_bytes(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Code addresses below `vm.mmap_min_addr`: in no mapping, so no CFI.
    const UNMAPPED_PCS: [u64; 4] = [0x1000, 0x1100, 0x1200, 0x1300];

    /// The address of word `index` of `words`, which this process can read.
    fn address(words: &[u64], index: usize) -> u64 {
        words.as_ptr() as u64 + 8 * index as u64
    }

    fn own_pid() -> i32 {
        std::process::id() as i32
    }

    #[test]
    fn without_cfi_the_frame_pointer_chain_is_followed() {
        // Three frames of 4 words: saved rbp, return address, two locals.
        let mut stack = vec![0u64; 12];
        let base = address(&stack, 0);
        stack[0] = base + 4 * 8;
        stack[1] = UNMAPPED_PCS[1];
        stack[4] = base + 8 * 8;
        stack[5] = UNMAPPED_PCS[2];
        stack[8] = 0;
        stack[9] = UNMAPPED_PCS[3];
        let regs = Regs {
            rip: UNMAPPED_PCS[0],
            rbp: base,
            rsp: base - 16,
            ..Regs::default()
        };
        let mut unwinder = Unwinder::new();
        assert_eq!(unwinder.user_stack(own_pid(), &regs, 127), UNMAPPED_PCS);
        assert_eq!(unwinder.user_stack(own_pid(), &regs, 2), UNMAPPED_PCS[..2]);
        assert!(unwinder.user_stack(own_pid(), &regs, 0).is_empty());

        // A chain that loops back ends where the stack pointer stops growing.
        stack[4] = base;
        let frames = unwinder.user_stack(own_pid(), &regs, 127);
        assert_eq!(frames, UNMAPPED_PCS[..3]);

        // A zero return address ends the stack.
        stack[5] = 0;
        assert_eq!(
            unwinder.user_stack(own_pid(), &regs, 127),
            UNMAPPED_PCS[..2]
        );
        drop(stack);
    }

    #[test]
    fn mappings_are_read_again_for_a_pc_in_none_of_them() {
        let code = without_cfi_the_frame_pointer_chain_is_followed as *const () as u64;
        let mut unwinder = Unwinder::new();
        // As if the code had been mapped after the mappings were read.
        unwinder.maps.insert(own_pid(), Vec::new());
        let mut maps_read = false;
        let index = unwinder.mapping_index(own_pid(), code, &mut maps_read);
        assert!(maps_read);
        let (mapping, _) = &unwinder.maps[&own_pid()][index.expect("found after reading")];
        assert!(mapping.executable && mapping.contains(code));
        // Found in the cache now, without reading.
        let mut maps_read = false;
        assert_eq!(
            unwinder.mapping_index(own_pid(), code, &mut maps_read),
            index
        );
        assert!(!maps_read);
        // An address in no mapping: read once per walk, then no more.
        assert_eq!(
            unwinder.mapping_index(own_pid(), 0x1000, &mut maps_read),
            None
        );
        assert!(maps_read);
        assert_eq!(
            unwinder.mapping_index(own_pid(), 0x1000, &mut maps_read),
            None
        );
        unwinder.forget(own_pid());
        assert!(unwinder.maps.is_empty());
    }

    #[test]
    fn garbage_registers_give_a_short_stack_and_no_panic() {
        let mut unwinder = Unwinder::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Registers pointing anywhere, including into this process's own code and stack.
        let here = address(&[0u64; 1], 0);
        let code = without_cfi_the_frame_pointer_chain_is_followed as *const () as u64;
        for _ in 0..300 {
            let mut regs = Regs {
                rip: next(),
                rsp: next(),
                rbp: next(),
                ..Regs::default()
            };
            match next() % 4 {
                0 => regs.rip = code + next() % 4096,
                1 => regs.rsp = here - next() % 4096,
                2 => {
                    regs.rip = code + next() % 4096;
                    regs.rsp = here - next() % 256;
                    regs.rbp = here + next() % 256;
                }
                _ => {}
            }
            let frames = unwinder.user_stack(own_pid(), &regs, 127);
            assert!(!frames.is_empty() || regs.rip == 0);
            assert!(frames.len() <= 127);
        }
        // A process that does not exist.
        let regs = Regs {
            rip: code,
            rsp: here,
            rbp: here,
            ..Regs::default()
        };
        assert_eq!(unwinder.user_stack(i32::MAX, &regs, 127), [code]);
        unwinder.forget(i32::MAX);
    }
}
