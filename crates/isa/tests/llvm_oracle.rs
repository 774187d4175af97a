//! The LLVM syntax checked against LLVM itself: `llvm-mc-19` and `llvm-objdump-19` act as the
//! oracle.
//!
//! - `our_text_assembles_identically_with_llvm_mc`: every instruction of a sweep over opcodes,
//!   registers, offsets and immediates is printed with `format_insn`, the whole listing is
//!   assembled by `llvm-mc`, and LLVM's bytes must equal our encoding, instruction by instruction.
//!   Forms that LLVM 19 cannot spell are left out; `llvm_mc_cannot_assemble` lists them.
//! - `llvm_objdump_output_assembles_back`: the same sweep, as raw bytes, is disassembled by
//!   `llvm-objdump` (with decimal and with hex immediates), and our assembler must read the whole
//!   listing back to the original bytes. Encodings LLVM prints lossily are left out;
//!   `llvm_objdump_prints_lossily` lists them.
//!
//! Without the LLVM tools both tests print `skipped: ...` and pass; CI installs them.

use std::fmt::Write as _;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sluice_isa::asm::assemble;
use sluice_isa::disasm::format_insn;
use sluice_isa::opcode::{BPF_DW, BPF_IMM, BPF_LD};
use sluice_isa::{CallTarget, Instruction, LdImm64, RawInsn, Syntax, decode_at};

const LLVM_MC: &str = "llvm-mc-19";
const LLVM_OBJDUMP: &str = "llvm-objdump-19";

/// How many mismatches a failing test reports before it stops listing them.
const MAX_REPORTED: usize = 25;

/// One valid instruction of the sweep with its encoding (one or two slots).
struct Case {
    insn: Instruction,
    slots: Vec<RawInsn>,
}

impl Case {
    fn bytes(&self) -> Vec<u8> {
        self.slots.iter().flat_map(|slot| slot.to_bytes()).collect()
    }
}

const OFFSETS: [i16; 9] = [0, 1, -1, 8, 16, 32, 0x7fff, -0x8000, 1234];
/// Immediates: the edges of the range, byte-swap widths, and the atomic operation codes.
const IMMEDIATES: [i32; 20] = [
    0,
    1,
    -1,
    16,
    32,
    64,
    0x7fff_ffff,
    i32::MIN,
    -0x8000,
    0x12345678,
    0x40,
    0x41,
    0x50,
    0x51,
    0xa0,
    0xa1,
    0xe1,
    0xf1,
    0x100,
    0x110,
];
/// The high halves of `lddw` immediates, in addition to one derived from the low half.
const HIGH_HALVES: [i32; 3] = [0, -1, i32::MIN];

/// Register pairs: every destination with source 0 (the immediate forms need it), every
/// destination and every source with some other register, and the extremes; the full product
/// would multiply the listing's size without exercising anything new.
fn register_pairs() -> Vec<(u8, u8)> {
    let mut pairs: Vec<(u8, u8)> = (0..=10).map(|dst| (dst, 0)).collect();
    pairs.extend((0..=10).map(|dst| (dst, (dst * 7 + 3) % 11)));
    pairs.extend([(10, 10), (1, 10), (10, 1)]);
    pairs
}

/// Every encoding the sweep finds that `decode_at` accepts.
fn sweep() -> Vec<Case> {
    let mut cases = Vec::new();
    for code in 0..=255u8 {
        for (dst, src) in register_pairs() {
            for off in OFFSETS {
                for imm in IMMEDIATES {
                    // The second slot only matters for `lddw`, where it holds the high half of the
                    // immediate; other instructions are tried once.
                    let mut highs = vec![imm.rotate_left(7)];
                    if code == BPF_LD | BPF_IMM | BPF_DW {
                        for high in HIGH_HALVES {
                            if !highs.contains(&high) {
                                highs.push(high);
                            }
                        }
                    }
                    for high in highs {
                        let slots = [
                            RawInsn::new(code, dst, src, off, imm),
                            RawInsn::new(0, 0, 0, 0, high),
                        ];
                        if let Ok(insn) = decode_at(&slots) {
                            cases.push(Case {
                                insn,
                                slots: slots[..insn.n_slots()].to_vec(),
                            });
                        }
                    }
                }
            }
        }
    }
    assert!(cases.len() > 10_000, "only {} valid encodings", cases.len());
    cases
}

/// Why `llvm-mc` cannot assemble our text of this instruction, if it cannot.
fn llvm_mc_cannot_assemble(insn: &Instruction) -> Option<&'static str> {
    match *insn {
        // LLVM spells a bpf-to-bpf call only with a symbol (`call foo`); `call pc+N` is the
        // kernel's spelling.
        Instruction::Call(CallTarget::Local(_)) => Some("local call"),
        // LLVM writes a kernel function call as a call to an `extern` symbol, resolved by a
        // relocation; it has no spelling for source 2 with a BTF id.
        Instruction::Call(CallTarget::Kfunc { .. }) => Some("kfunc call"),
        // `map[fd:5]` and friends are bpftool's spellings; LLVM writes these as relocations (or
        // `ld_pseudo`, which we read but do not print).
        Instruction::LdImm64 {
            value: LdImm64::Imm(_),
            ..
        } => None,
        Instruction::LdImm64 { .. } => Some("lddw with a pseudo source"),
        // LLVM 19 predates load-acquire and store-release.
        Instruction::LoadAcquire { .. } | Instruction::StoreRelease { .. } => {
            Some("load_acquire/store_release")
        }
        // LLVM only reads `skb[rN]`, without an immediate; we print `skb[rN + imm]` as the kernel
        // does.
        Instruction::LdInd { imm, .. } if imm != 0 => Some("packet load with an immediate"),
        // LLVM 19's parser takes only a 16-bit operand after `gotol`, although the encoding has
        // 32 bits.
        Instruction::Ja32 { imm } if i16::try_from(imm).is_err() => Some("gotol beyond 16 bits"),
        _ => None,
    }
}

/// Why `llvm-objdump` prints this encoding in a form that does not determine its bytes, if it
/// does.
fn llvm_objdump_prints_lossily(insn: &Instruction) -> Option<&'static str> {
    match *insn {
        // A local call (source 1) prints as `call N`, the spelling of a helper call.
        Instruction::Call(CallTarget::Local(_)) => Some("local call"),
        // A kfunc call (source 2) also prints as `call N`, without the source and the offset.
        Instruction::Call(CallTarget::Kfunc { .. }) => Some("kfunc call"),
        // `ld_pseudo rN, SRC, IMM` shows the low immediate only; the second slot's is lost.
        Instruction::LdImm64 {
            value:
                LdImm64::MapValue { offset: high, .. } | LdImm64::MapIdxValue { offset: high, .. },
            ..
        } if high != 0 => Some("lddw pseudo value with a second immediate"),
        Instruction::LdImm64 {
            value: LdImm64::BtfId { btf_fd, .. },
            ..
        } if btf_fd != 0 => Some("lddw pseudo value with a second immediate"),
        // LLVM 19 prints load-acquire as an atomic add and store-release as `<unknown>`.
        Instruction::LoadAcquire { .. } | Instruction::StoreRelease { .. } => {
            Some("load_acquire/store_release")
        }
        // A packet load with a register prints as `skb[rN]`, without the immediate.
        Instruction::LdInd { imm, .. } if imm != 0 => Some("packet load with an immediate"),
        _ => None,
    }
}

/// A directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let path = std::env::temp_dir().join(format!(
            "sluice-llvm-oracle-{name}-{}-{nanos}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", path.display()));
        TempDir(path)
    }

    fn join(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether `tool` can be run; prints the skip line when it cannot.
fn have_tool(tool: &str) -> bool {
    match Command::new(tool).arg("--version").output() {
        Ok(_) => true,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            println!("skipped: {tool} not found");
            false
        }
        Err(error) => panic!("cannot run {tool}: {error}"),
    }
}

/// Runs a tool and returns its standard output; fails the test with its standard error (which
/// for `llvm-mc` names every rejected line) if it fails.
fn run(tool: &str, args: &[&str], path_args: &[&Path]) -> String {
    let output = Command::new(tool)
        .args(args)
        .args(path_args)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {tool}: {error}"));
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let head: Vec<&str> = stderr.lines().take(3 * MAX_REPORTED).collect();
        panic!("{tool} failed ({}):\n{}", output.status, head.join("\n"));
    }
    String::from_utf8(output.stdout)
        .unwrap_or_else(|error| panic!("{tool} printed non-UTF-8: {error}"))
}

/// Assembles `source` with `llvm-mc` into an object file at `object`.
fn llvm_mc(dir: &TempDir, source: &str, object: &Path) {
    let source_path = dir.join("input.s");
    std::fs::write(&source_path, source)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", source_path.display()));
    run(
        LLVM_MC,
        &["-triple", "bpfel", "-mcpu=v4", "-filetype=obj", "-o"],
        &[object, &source_path],
    );
}

fn read_u16(bytes: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
}

fn read_u32(bytes: &[u8], at: usize) -> usize {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(word) as usize
}

fn read_u64(bytes: &[u8], at: usize) -> usize {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    usize::try_from(u64::from_le_bytes(word)).expect("ELF offsets fit in usize")
}

/// The contents of the section called `name` in a little-endian ELF64 file: a reader for just
/// the fields `llvm-mc`'s objects need.
fn elf_section<'a>(elf: &'a [u8], name: &str) -> &'a [u8] {
    assert!(
        elf.len() >= 64 && elf.starts_with(b"\x7fELF") && elf[4] == 2 && elf[5] == 1,
        "not a little-endian ELF64 file"
    );
    let section_headers = read_u64(elf, 0x28);
    let header_size = read_u16(elf, 0x3a);
    let n_sections = read_u16(elf, 0x3c);
    let names_index = read_u16(elf, 0x3e);
    let header = |index: usize| &elf[section_headers + index * header_size..][..header_size];
    let names = header(names_index);
    let names = &elf[read_u64(names, 0x18)..][..read_u64(names, 0x20)];
    (0..n_sections)
        .map(header)
        .find(|section| {
            let name_bytes = &names[read_u32(section, 0)..];
            let end = name_bytes
                .iter()
                .position(|byte| *byte == 0)
                .expect("section names are NUL-terminated");
            &name_bytes[..end] == name.as_bytes()
        })
        .map(|section| &elf[read_u64(section, 0x18)..][..read_u64(section, 0x20)])
        .unwrap_or_else(|| panic!("no section {name} in the object"))
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn our_text_assembles_identically_with_llvm_mc() {
    if !have_tool(LLVM_MC) {
        return;
    }
    let cases: Vec<Case> = sweep()
        .into_iter()
        .filter(|case| llvm_mc_cannot_assemble(&case.insn).is_none())
        .collect();
    let mut source = String::new();
    let texts: Vec<String> = cases
        .iter()
        .map(|case| format_insn(&case.insn, Syntax::Llvm))
        .collect();
    for text in &texts {
        source.push_str(text);
        source.push('\n');
    }

    let dir = TempDir::new("mc");
    let object = dir.join("output.o");
    llvm_mc(&dir, &source, &object);
    let elf = std::fs::read(&object)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", object.display()));
    let text_section = elf_section(&elf, ".text");

    let mut failures = Vec::new();
    let mut at = 0;
    for (case, text) in cases.iter().zip(&texts) {
        let ours = case.bytes();
        let theirs = text_section.get(at..at + ours.len()).unwrap_or_default();
        if theirs != ours.as_slice() {
            failures.push(format!(
                "`{text}`: ours {}, llvm-mc {}",
                hex(&ours),
                hex(theirs)
            ));
        }
        at += ours.len();
    }
    if at != text_section.len() {
        failures.push(format!(
            "llvm-mc produced {} bytes, we {at}",
            text_section.len()
        ));
    }
    assert!(
        failures.is_empty(),
        "{} of {} instructions differ:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(MAX_REPORTED)].join("\n")
    );
}

/// Checks one `llvm-objdump` listing: the whole text must assemble to `expected`. On failure,
/// each instruction line is assembled alone and compared with the bytes objdump printed on it,
/// so that the report names every line we read differently.
fn check_listing(listing: &str, expected: &[u8], flavour: &str) {
    let whole = assemble(listing, Syntax::Llvm).map(|slots| {
        slots
            .iter()
            .flat_map(|slot| slot.to_bytes())
            .collect::<Vec<u8>>()
    });
    if whole.as_deref() == Ok(expected) {
        return;
    }
    let mut failures = Vec::new();
    if let Err(error) = &whole {
        failures.push(format!("the whole listing: {error}"));
    }
    for line in listing.lines() {
        // An instruction line: `  12:\tb7 01 00 00 05 00 00 00\tr1 = 5`.
        let Some((_, rest)) = line.split_once(":\t") else {
            continue;
        };
        let Some((printed_bytes, _)) = rest.split_once('\t') else {
            continue;
        };
        let printed: Vec<u8> = printed_bytes
            .split_whitespace()
            .map(|byte| u8::from_str_radix(byte, 16).expect("objdump prints bytes in hex"))
            .collect();
        match assemble(line, Syntax::Llvm) {
            Ok(slots) => {
                let ours: Vec<u8> = slots.iter().flat_map(|slot| slot.to_bytes()).collect();
                if ours != printed {
                    failures.push(format!("`{line}`: we read {}", hex(&ours)));
                }
            }
            Err(error) => failures.push(format!("`{line}`: {error}")),
        }
    }
    // When every line reads back alone, the lines do not fit together (a listing line mistaken
    // for an instruction, say); show where the bytes part.
    if failures.is_empty()
        && let Ok(ours) = &whole
    {
        let first_difference = ours
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(ours.len().min(expected.len()));
        failures.push(format!(
            "{} bytes assembled, {} expected, first difference at byte {first_difference}",
            ours.len(),
            expected.len()
        ));
    }
    panic!(
        "llvm-objdump listing ({flavour}) does not assemble back ({} problems):\n{}",
        failures.len(),
        failures[..failures.len().min(MAX_REPORTED)].join("\n")
    );
}

#[test]
fn llvm_objdump_output_assembles_back() {
    if !have_tool(LLVM_MC) || !have_tool(LLVM_OBJDUMP) {
        return;
    }
    let cases: Vec<Case> = sweep()
        .into_iter()
        .filter(|case| llvm_objdump_prints_lossily(&case.insn).is_none())
        .collect();
    // The raw bytes, as `.quad` directives: little-endian words put them in memory unchanged.
    let mut source = String::new();
    let mut expected = Vec::new();
    for case in &cases {
        for slot in &case.slots {
            let _ = writeln!(
                source,
                ".quad {:#018x}",
                u64::from_le_bytes(slot.to_bytes())
            );
        }
        expected.extend(case.bytes());
    }

    let dir = TempDir::new("objdump");
    let object = dir.join("output.o");
    llvm_mc(&dir, &source, &object);
    let elf = std::fs::read(&object)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", object.display()));
    assert_eq!(
        elf_section(&elf, ".text"),
        expected.as_slice(),
        "llvm-mc did not copy the .quad words unchanged"
    );

    // `-z`: objdump would otherwise replace runs of zero bytes with `...`.
    let base_args = ["-d", "-z", "--mcpu=v4"];
    let decimal = run(
        LLVM_OBJDUMP,
        &[&base_args[..], &["--no-print-imm-hex"]].concat(),
        &[&object],
    );
    check_listing(&decimal, &expected, "decimal immediates");
    let hexadecimal = run(LLVM_OBJDUMP, &base_args, &[&object]);
    check_listing(&hexadecimal, &expected, "hex immediates");
}
