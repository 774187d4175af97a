//! [`CfiFile`]: the call frame information (`.eh_frame`) of one ELF image, and one unwinding
//! step with it: from a frame's registers to its caller's.
//!
//! Invariants:
//! - Code addresses looked up here, and the base addresses given to gimli, are virtual
//!   addresses of the image as linked, never addresses of a process: the caller translates a
//!   process's code address through its mapping's file offset ([`CfiFile::vaddr_of`]). Register
//!   and stack values are the process's own.
//! - Nothing here panics on a malformed image, rule or expression: a parse or evaluation error
//!   is "no information" ([`Step::NoCfi`]) or "cannot unwind" ([`Step::Failed`]).

use gimli::{
    BaseAddresses, CfaRule, EhFrame, EhFrameOffset, EndianSlice, EvaluationResult, LittleEndian,
    Register, RegisterRule, UnwindContext, UnwindExpression, UnwindSection, Value,
};
use object::{Object, ObjectSection};

use crate::elf_image::Segments;

/// The reader all sections are parsed with.
type Slice<'a> = EndianSlice<'a, LittleEndian>;

/// gimli's scratch space for evaluating CFI instructions, reused between steps.
pub(crate) type Context = UnwindContext<usize>;

/// The DWARF registers tracked while unwinding: x86-64's general registers (0 to 15, in DWARF
/// order: rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8 to r15) and the return address (16).
pub(crate) const N_REGS: usize = 17;
pub(crate) const RBP: u16 = 6;
pub(crate) const RSP: u16 = 7;
/// The return address column; in a frame's register set, the frame's pc.
pub(crate) const RIP: u16 = 16;
/// Callee-saved registers (rbx, rbp, r12 to r15): a caller may rely on them after a call, so
/// where the CFI has no rule for one, the caller's value is the callee's.
const CALLEE_SAVED: [u16; 6] = [3, 6, 12, 13, 14, 15];
/// Operations one DWARF expression may run: a bad expression must not loop for ever.
const MAX_EXPRESSION_STEPS: u32 = 1000;

/// The values of the tracked DWARF registers in one frame, each known or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DwarfRegs {
    values: [u64; N_REGS],
    /// Bit `n` set: register `n`'s value is known.
    known: u32,
}

impl DwarfRegs {
    /// Registers whose values are all known.
    pub(crate) fn all_known(values: [u64; N_REGS]) -> DwarfRegs {
        DwarfRegs {
            values,
            known: (1 << N_REGS) - 1,
        }
    }

    pub(crate) fn get(&self, register: u16) -> Option<u64> {
        let value = self.values.get(usize::from(register))?;
        (self.known & (1 << register) != 0).then_some(*value)
    }

    /// Sets a register's value, or makes it unknown; a register not tracked is left out.
    pub(crate) fn set(&mut self, register: u16, value: Option<u64>) {
        let Some(slot) = self.values.get_mut(usize::from(register)) else {
            return;
        };
        match value {
            Some(value) => {
                *slot = value;
                self.known |= 1 << register;
            }
            None => {
                *slot = 0;
                self.known &= !(1 << register);
            }
        }
    }
}

/// Reads `size` bytes (1 to 8) of the process at an address, little-endian; `None` where
/// nothing is readable.
pub(crate) type ReadMemory<'a> = dyn FnMut(u64, usize) -> Option<u64> + 'a;

/// What the CFI says about one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// No FDE covers the code address.
    NoCfi,
    /// The caller's registers; `regs.get(RIP)` is its pc, a return address unless
    /// `signal_frame` (the frame was a signal trampoline, whose "caller" is the interrupted
    /// code).
    Caller { regs: DwarfRegs, signal_frame: bool },
    /// The frame has no caller: its return address is undefined (`_start`, a thread's entry).
    Outermost,
    /// The rules could not be applied: a register they need is unknown, memory is unreadable,
    /// or a rule or expression is malformed.
    Failed,
}

/// The code range one FDE covers, and where the FDE is in `.eh_frame`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FdeSpan {
    start: u64,
    end: u64,
    offset: usize,
}

/// One ELF image's `.eh_frame`, indexed by code address, and its segments.
#[derive(Clone, Debug)]
pub(crate) struct CfiFile {
    eh_frame: Vec<u8>,
    bases: BaseAddresses,
    /// Sorted by `start`.
    index: Vec<FdeSpan>,
    segments: Segments,
}

impl CfiFile {
    /// Parses an ELF image (a file's contents, or an image in memory such as the vDSO, whose
    /// file offsets are offsets from its start); `None` if it is no ELF image or has no
    /// `.eh_frame`.
    pub(crate) fn parse(data: &[u8]) -> Option<CfiFile> {
        let file = object::File::parse(data).ok()?;
        let section = file.section_by_name(".eh_frame")?;
        let eh_frame = section.data().ok()?.to_vec();
        let mut bases = BaseAddresses::default().set_eh_frame(section.address());
        if let Some(hdr) = file.section_by_name(".eh_frame_hdr") {
            bases = bases.set_eh_frame_hdr(hdr.address());
        }
        if let Some(text) = file.section_by_name(".text") {
            bases = bases.set_text(text.address());
        }
        if let Some(got) = file.section_by_name(".got") {
            bases = bases.set_got(got.address());
        }
        Some(CfiFile::from_parts(eh_frame, bases, Segments::of(&file)))
    }

    /// Indexes the FDEs of `eh_frame`. An FDE that does not parse is left out; an entry whose
    /// header does not parse ends the index there (the entries after it cannot be found).
    fn from_parts(eh_frame: Vec<u8>, bases: BaseAddresses, segments: Segments) -> CfiFile {
        let mut index = Vec::new();
        {
            let section = eh_frame_section(&eh_frame);
            let mut entries = section.entries(&bases);
            while let Ok(Some(entry)) = entries.next() {
                let gimli::CieOrFde::Fde(partial) = entry else {
                    continue;
                };
                let Ok(fde) = partial.parse(EhFrame::cie_from_offset) else {
                    continue;
                };
                let start = fde.initial_address();
                if fde.len() > 0 {
                    index.push(FdeSpan {
                        start,
                        end: start.saturating_add(fde.len()),
                        offset: fde.offset(),
                    });
                }
            }
        }
        index.sort_by_key(|span| span.start);
        CfiFile {
            eh_frame,
            bases,
            index,
            segments,
        }
    }

    /// The virtual address (as linked) of file offset `offset`.
    pub(crate) fn vaddr_of(&self, offset: u64) -> Option<u64> {
        self.segments.vaddr(offset)
    }

    /// Unwinds one frame: `regs` are the frame's registers, `vaddr` the image address whose
    /// rules apply (the frame's pc, or the pc minus one where the pc is a return address).
    pub(crate) fn step(
        &self,
        context: &mut Context,
        vaddr: u64,
        regs: &DwarfRegs,
        read: &mut ReadMemory<'_>,
    ) -> Step {
        let after = self.index.partition_point(|span| span.start <= vaddr);
        let Some(span) = after.checked_sub(1).and_then(|i| self.index.get(i)) else {
            return Step::NoCfi;
        };
        if vaddr >= span.end {
            return Step::NoCfi;
        }
        let section = eh_frame_section(&self.eh_frame);
        let Ok(fde) = section.fde_from_offset(
            &self.bases,
            EhFrameOffset(span.offset),
            EhFrame::cie_from_offset,
        ) else {
            return Step::NoCfi;
        };
        let Ok(row) = fde.unwind_info_for_address(&section, &self.bases, context, vaddr) else {
            return Step::NoCfi;
        };
        let rules = Rules {
            section: &section,
            encoding: fde.cie().encoding(),
            regs,
        };
        let cfa = match row.cfa() {
            CfaRule::RegisterAndOffset { register, offset } => regs
                .get(register.0)
                .map(|base| base.wrapping_add_signed(*offset)),
            CfaRule::Expression(expression) => rules.evaluate(expression, None, read),
        };
        let Some(cfa) = cfa else {
            return Step::Failed;
        };
        let return_address_register = fde.cie().return_address_register();
        let mut caller = DwarfRegs::default();
        for register in 0..N_REGS as u16 {
            let value = match row.register(Register(register)) {
                // A register that cannot be recovered is unknown in the caller; only the CFA and
                // the return address are needed to go on.
                Some(rule) => match rules.apply(register, &rule, cfa, read) {
                    Applied::Value(value) => Some(value),
                    Applied::Undefined | Applied::Failed => None,
                },
                // The stack pointer's default rule: the caller's is the CFA (x86-64 psABI).
                None if register == RSP => Some(cfa),
                None if CALLEE_SAVED.contains(&register) => regs.get(register),
                None => None,
            };
            caller.set(register, value);
        }
        // The caller's pc is the return address, from whichever column the CIE names.
        let pc = match row.register(return_address_register) {
            Some(rule) => match rules.apply(return_address_register.0, &rule, cfa, read) {
                Applied::Value(value) => value,
                Applied::Undefined => return Step::Outermost,
                Applied::Failed => return Step::Failed,
            },
            None => return Step::Outermost,
        };
        caller.set(RIP, Some(pc));
        Step::Caller {
            regs: caller,
            signal_frame: fde.is_signal_trampoline(),
        }
    }
}

fn eh_frame_section(data: &[u8]) -> EhFrame<Slice<'_>> {
    let mut section = EhFrame::new(data, LittleEndian);
    section.set_address_size(8);
    section
}

/// A register rule's outcome.
enum Applied {
    Value(u64),
    Undefined,
    Failed,
}

/// What the rules of one row are applied with.
struct Rules<'a, 'data> {
    section: &'a EhFrame<Slice<'data>>,
    encoding: gimli::Encoding,
    /// The callee's registers: every rule refers to them.
    regs: &'a DwarfRegs,
}

impl Rules<'_, '_> {
    /// The caller's value of `register`, by `rule`.
    fn apply(
        &self,
        register: u16,
        rule: &RegisterRule<usize>,
        cfa: u64,
        read: &mut ReadMemory<'_>,
    ) -> Applied {
        let value = match rule {
            RegisterRule::Undefined => return Applied::Undefined,
            RegisterRule::SameValue => self.regs.get(register),
            RegisterRule::Offset(offset) => read(cfa.wrapping_add_signed(*offset), 8),
            RegisterRule::ValOffset(offset) => Some(cfa.wrapping_add_signed(*offset)),
            RegisterRule::Register(other) => self.regs.get(other.0),
            RegisterRule::Expression(expression) => self
                .evaluate(expression, Some(cfa), read)
                .and_then(|addr| read(addr, 8)),
            RegisterRule::ValExpression(expression) => self.evaluate(expression, Some(cfa), read),
            RegisterRule::Constant(value) => Some(*value),
            RegisterRule::Architectural => None,
        };
        value.map_or(Applied::Failed, Applied::Value)
    }

    /// The value of a DWARF expression (with `initial` pushed first, as for register rules);
    /// `None` if it fails, needs something other than registers and memory, or computes a
    /// location rather than a value.
    fn evaluate(
        &self,
        expression: &UnwindExpression<usize>,
        initial: Option<u64>,
        read: &mut ReadMemory<'_>,
    ) -> Option<u64> {
        let expression = expression.get(self.section).ok()?;
        let mut evaluation = expression.evaluation(self.encoding);
        if let Some(value) = initial {
            evaluation.set_initial_value(value);
        }
        evaluation.set_max_iterations(MAX_EXPRESSION_STEPS);
        let mut state = evaluation.evaluate().ok()?;
        loop {
            state = match state {
                EvaluationResult::Complete => break,
                EvaluationResult::RequiresMemory { address, size, .. } => {
                    let value = read(address, usize::from(size).clamp(1, 8))?;
                    evaluation.resume_with_memory(Value::Generic(value)).ok()?
                }
                EvaluationResult::RequiresRegister { register, .. } => {
                    let value = self.regs.get(register.0)?;
                    evaluation
                        .resume_with_register(Value::Generic(value))
                        .ok()?
                }
                _ => return None,
            };
        }
        evaluation.value_result()?.to_u64(u64::MAX).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elf_image::ElfImage;

    fn libc_path() -> Option<std::path::PathBuf> {
        crate::proc_maps::read(std::process::id() as i32)
            .into_iter()
            .find_map(|m| {
                m.path.filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("libc.so"))
                })
            })
    }

    /// A stack where word `i` at `base + 8 i` is `words[i]`.
    fn stack(base: u64, words: Vec<u64>) -> impl FnMut(u64, usize) -> Option<u64> {
        move |addr, size| {
            let index = addr.checked_sub(base)? / 8;
            (addr % 8 == 0 && size == 8)
                .then(|| words.get(usize::try_from(index).ok()?).copied())
                .flatten()
        }
    }

    #[test]
    fn at_a_libc_function_entry_the_return_address_is_on_top_of_the_stack() {
        let Some(path) = libc_path() else {
            eprintln!("skipped: this test binary does not map libc");
            return;
        };
        let data = std::fs::read(&path).unwrap();
        let cfi = CfiFile::parse(&data).expect("libc has .eh_frame");
        assert!(cfi.index.len() > 100, "{} FDEs", cfi.index.len());
        let image = ElfImage::parse(&path, &data).unwrap();
        let getpid = image.symbol("getpid").unwrap();
        let offset = image.file_offset(getpid.vaddr).unwrap();
        assert_eq!(cfi.vaddr_of(offset), Some(getpid.vaddr));
        let mut regs = DwarfRegs::default();
        regs.set(RSP, Some(0x7000));
        regs.set(RBP, Some(0x1234));
        regs.set(3, Some(0x55));
        regs.set(0, Some(0x66));
        regs.set(RIP, Some(0xdead));
        let mut read = stack(0x7000, vec![0x4242, 0]);
        let step = cfi.step(&mut Context::new(), getpid.vaddr, &regs, &mut read);
        let Step::Caller {
            regs: caller,
            signal_frame,
        } = step
        else {
            panic!("{step:?}");
        };
        assert!(!signal_frame);
        assert_eq!(caller.get(RIP), Some(0x4242));
        assert_eq!(caller.get(RSP), Some(0x7008));
        // Callee-saved registers live on, caller-saved ones are unknown.
        assert_eq!(caller.get(RBP), Some(0x1234));
        assert_eq!(caller.get(3), Some(0x55));
        assert_eq!(caller.get(0), None);
        // Unreadable stack: the rules cannot be applied.
        let mut nothing = |_addr: u64, _size: usize| None;
        let step = cfi.step(&mut Context::new(), getpid.vaddr, &regs, &mut nothing);
        assert_eq!(step, Step::Failed);
        // An address no FDE covers.
        assert_eq!(
            cfi.step(&mut Context::new(), u64::MAX - 1, &regs, &mut nothing),
            Step::NoCfi
        );
    }

    #[test]
    fn the_vdso_image_in_memory_has_cfi() {
        let pid = std::process::id() as i32;
        let maps = crate::proc_maps::read_named(pid);
        let Some((vdso, name)) = maps.iter().find(|(_, name)| name == crate::proc_maps::VDSO)
        else {
            eprintln!("skipped: no vDSO in this process");
            return;
        };
        let data = crate::proc_maps::read_image(pid, vdso, name).unwrap();
        let cfi = CfiFile::parse(&data).expect("the vDSO has .eh_frame");
        assert!(!cfi.index.is_empty());
        // Its image is mapped as linked: file offsets are virtual addresses.
        let first = cfi.index[0].start;
        assert_eq!(cfi.vaddr_of(first), Some(first));
    }

    #[test]
    fn garbage_is_no_elf_image() {
        assert!(CfiFile::parse(b"").is_none());
        assert!(CfiFile::parse(b"\x7fELF not really").is_none());
    }

    /// A xorshift generator: reproducible garbage.
    fn garbage(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn corrupted_cfi_and_registers_never_panic() {
        let Some(path) = libc_path() else {
            eprintln!("skipped: this test binary does not map libc");
            return;
        };
        let data = std::fs::read(&path).unwrap();
        let real = CfiFile::parse(&data).unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        let mut context = Context::new();
        for round in 0..200 {
            let mut eh_frame = real.eh_frame.clone();
            for _ in 0..1 + round % 50 {
                let at = (garbage(&mut seed) % eh_frame.len() as u64) as usize;
                eh_frame[at] = garbage(&mut seed) as u8;
            }
            let cfi = CfiFile::from_parts(eh_frame, real.bases.clone(), real.segments.clone());
            let mut regs = DwarfRegs::default();
            for register in 0..N_REGS as u16 {
                if !garbage(&mut seed).is_multiple_of(4) {
                    regs.set(register, Some(garbage(&mut seed)));
                }
            }
            let mut read =
                |addr: u64, _size: usize| (!addr.is_multiple_of(3)).then(|| addr.rotate_left(7));
            // Addresses in the FDEs found, whatever they became, and near the real ones.
            let spans = cfi
                .index
                .iter()
                .step_by(37)
                .chain(real.index.iter().step_by(41));
            for span in spans {
                let len = span.end.saturating_sub(span.start).saturating_add(2);
                let vaddr = span.start.wrapping_add(garbage(&mut seed) % len);
                let _ = cfi.step(&mut context, vaddr, &regs, &mut read);
            }
        }
        // Pure garbage as `.eh_frame`.
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..256).map(|_| garbage(&mut seed) as u8).collect();
            let cfi = CfiFile::from_parts(bytes, BaseAddresses::default(), Segments::default());
            let mut read = |addr: u64, _size: usize| Some(addr);
            let regs = DwarfRegs::all_known([1; N_REGS]);
            let _ = cfi.step(&mut context, garbage(&mut seed), &regs, &mut read);
        }
    }
}
