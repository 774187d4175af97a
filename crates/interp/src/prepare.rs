//! Translation of a [`Program`] into the interpreter's own compact form.
//!
//! Each slot becomes one 16-byte [`Op`] whose [`OpCode`] already says operation, width and
//! operand kind, so the run loop dispatches once per instruction and does no decoding: immediates
//! are pre-extended, and jump targets are absolute slot indices.
//!
//! Invariants of an [`Executable`]:
//! - `ops[i]` is the translation of slot `i`; the second slot of a `lddw` holds
//!   [`OpCode::FellOffEnd`], which is never reached because every branch target is an
//!   instruction start (a [`Program`] invariant) and `lddw` itself jumps over it;
//! - one extra [`OpCode::FellOffEnd`] follows the last slot, so running off the end traps; its
//!   `off` is the slot of the last instruction, where the trap is reported;
//! - `dst` and `src` are at most 10.

use std::any::Any;
use std::sync::{Arc, OnceLock};

use sluice_isa::{
    AluOp, CallTarget, Endian, Instruction, JmpCond, LdImm64, Program, Reg, Size, Source, Width,
};

/// What an [`Op`] does. `K` variants take the immediate, `X` variants the source register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum OpCode {
    Add64K,
    Add64X,
    Sub64K,
    Sub64X,
    Mul64K,
    Mul64X,
    Div64K,
    Div64X,
    SDiv64K,
    SDiv64X,
    Or64K,
    Or64X,
    And64K,
    And64X,
    Lsh64K,
    Lsh64X,
    Rsh64K,
    Rsh64X,
    Mod64K,
    Mod64X,
    SMod64K,
    SMod64X,
    Xor64K,
    Xor64X,
    Mov64K,
    Mov64X,
    Arsh64K,
    Arsh64X,
    Add32K,
    Add32X,
    Sub32K,
    Sub32X,
    Mul32K,
    Mul32X,
    Div32K,
    Div32X,
    SDiv32K,
    SDiv32X,
    Or32K,
    Or32X,
    And32K,
    And32X,
    Lsh32K,
    Lsh32X,
    Rsh32K,
    Rsh32X,
    Mod32K,
    Mod32X,
    SMod32K,
    SMod32X,
    Xor32K,
    Xor32X,
    Mov32K,
    Mov32X,
    Arsh32K,
    Arsh32X,
    MovSx8To32,
    MovSx16To32,
    MovSx8To64,
    MovSx16To64,
    MovSx32To64,
    Neg64,
    Neg32,
    /// Zero-extend the low 16 / 32 bits (`le16`, `le32`); `le64` is a no-op.
    Trunc16,
    Trunc32,
    Nop,
    /// Reverse the low 16 / 32 / 64 bits (`be*`, `bswap*` on a little-endian host).
    Swap16,
    Swap32,
    Swap64,
    /// `lddw` of a resolved constant: `dst = imm`, then skip the second slot.
    LdDw,
    /// `lddw` of a map or BTF reference the loader never resolved; `imm` indexes
    /// [`UNRESOLVED_PSEUDO`].
    Unresolved,
    LdxB,
    LdxH,
    LdxW,
    LdxDW,
    LdxSB,
    LdxSH,
    LdxSW,
    StB,
    StH,
    StW,
    StDW,
    StxB,
    StxH,
    StxW,
    StxDW,
    /// Atomic read-modify-write; `imm` holds the operation as encoded.
    AtomicW,
    AtomicDW,
    /// Legacy packet loads; `imm` is the offset.
    LdAbsB,
    LdAbsH,
    LdAbsW,
    LdIndB,
    LdIndH,
    LdIndW,
    /// Unconditional jump to `target`.
    Ja,
    Jeq64K,
    Jeq64X,
    Jgt64K,
    Jgt64X,
    Jge64K,
    Jge64X,
    Jset64K,
    Jset64X,
    Jne64K,
    Jne64X,
    Jsgt64K,
    Jsgt64X,
    Jsge64K,
    Jsge64X,
    Jlt64K,
    Jlt64X,
    Jle64K,
    Jle64X,
    Jslt64K,
    Jslt64X,
    Jsle64K,
    Jsle64X,
    Jeq32K,
    Jeq32X,
    Jgt32K,
    Jgt32X,
    Jge32K,
    Jge32X,
    Jset32K,
    Jset32X,
    Jne32K,
    Jne32X,
    Jsgt32K,
    Jsgt32X,
    Jsge32K,
    Jsge32X,
    Jlt32K,
    Jlt32X,
    Jle32K,
    Jle32X,
    Jslt32K,
    Jslt32X,
    Jsle32K,
    Jsle32X,
    /// Helper call; `imm` is the id.
    CallHelper,
    /// bpf-to-bpf call to `target`.
    CallLocal,
    /// Kernel function call; `imm` is the BTF id, `target` the BTF fd index.
    CallKfunc,
    /// Call through the register `dst`.
    CallX,
    Exit,
    /// Trap: execution ran past the last instruction; `off` is that instruction's slot.
    FellOffEnd,
}

/// Descriptions of the pseudo sources [`OpCode::Unresolved`] can stand for.
pub(crate) const UNRESOLVED_PSEUDO: [&str; 4] = [
    "map reference",
    "map value reference",
    "BTF variable",
    "fd_array map reference",
];

/// One pre-decoded instruction slot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Op {
    pub(crate) code: OpCode,
    pub(crate) dst: u8,
    pub(crate) src: u8,
    /// Memory offset (sign-extended), or absolute jump/call target.
    pub(crate) off: i32,
    /// Immediate, sign-extended to 64 bits (the full value for `lddw`).
    pub(crate) imm: u64,
}

/// A program prepared for the interpreter: the unit a loaded program is run, registered and
/// tail-called as, whichever engine runs it.
///
/// It keeps the program it was prepared from ([`Executable::verified`] or
/// [`Executable::program`]) so that another engine can compile it, and one slot where that
/// engine may keep its compiled form ([`Executable::native`]), so a tail call to this
/// executable finds it.
#[derive(Clone)]
pub struct Executable {
    pub(crate) ops: Box<[Op]>,
    source: Arc<ExecutableSource>,
    native: OnceLock<Arc<dyn Any + Send + Sync>>,
    /// The maps the program's `lddw` instructions name, by the verifier's map index, when
    /// the loader gave them ([`Executable::with_maps`]).
    maps: Vec<Arc<dyn sluice_maps::Map>>,
}

/// What an executable was prepared from (behind an `Arc`, so the sizes of the variants do
/// not matter).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
enum ExecutableSource {
    Verified(sluice_verifier::VerifiedProgram),
    Unchecked(Program),
}

impl std::fmt::Debug for Executable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executable")
            .field("n_slots", &self.n_slots())
            .field("verified", &self.verified().is_some())
            .field("native", &self.native.get().is_some())
            .finish_non_exhaustive()
    }
}

const fn op(code: OpCode, dst: Reg, src: Reg, off: i32, imm: u64) -> Op {
    Op {
        code,
        dst: dst.number(),
        src: src.number(),
        off,
        imm,
    }
}

/// Picks the variant for a width and operand kind from a table `[64K, 64X, 32K, 32X]`.
fn pick(table: [OpCode; 4], width: Width, src: Source) -> (OpCode, Reg, u64) {
    let (column, src_reg, imm) = match src {
        Source::Imm(imm) => (0, Reg::R0, imm as i64 as u64),
        Source::Reg(reg) => (1, reg, 0),
    };
    let row = if width == Width::W64 { 0 } else { 2 };
    (table[row + column], src_reg, imm)
}

fn alu_table(op: AluOp) -> [OpCode; 4] {
    use OpCode::*;
    match op {
        AluOp::Add => [Add64K, Add64X, Add32K, Add32X],
        AluOp::Sub => [Sub64K, Sub64X, Sub32K, Sub32X],
        AluOp::Mul => [Mul64K, Mul64X, Mul32K, Mul32X],
        AluOp::Div => [Div64K, Div64X, Div32K, Div32X],
        AluOp::SDiv => [SDiv64K, SDiv64X, SDiv32K, SDiv32X],
        AluOp::Or => [Or64K, Or64X, Or32K, Or32X],
        AluOp::And => [And64K, And64X, And32K, And32X],
        AluOp::Lsh => [Lsh64K, Lsh64X, Lsh32K, Lsh32X],
        AluOp::Rsh => [Rsh64K, Rsh64X, Rsh32K, Rsh32X],
        AluOp::Mod => [Mod64K, Mod64X, Mod32K, Mod32X],
        AluOp::SMod => [SMod64K, SMod64X, SMod32K, SMod32X],
        AluOp::Xor => [Xor64K, Xor64X, Xor32K, Xor32X],
        AluOp::Mov => [Mov64K, Mov64X, Mov32K, Mov32X],
        AluOp::Arsh => [Arsh64K, Arsh64X, Arsh32K, Arsh32X],
    }
}

fn jmp_table(cond: JmpCond) -> [OpCode; 4] {
    use OpCode::*;
    match cond {
        JmpCond::Eq => [Jeq64K, Jeq64X, Jeq32K, Jeq32X],
        JmpCond::Gt => [Jgt64K, Jgt64X, Jgt32K, Jgt32X],
        JmpCond::Ge => [Jge64K, Jge64X, Jge32K, Jge32X],
        JmpCond::Set => [Jset64K, Jset64X, Jset32K, Jset32X],
        JmpCond::Ne => [Jne64K, Jne64X, Jne32K, Jne32X],
        JmpCond::SGt => [Jsgt64K, Jsgt64X, Jsgt32K, Jsgt32X],
        JmpCond::SGe => [Jsge64K, Jsge64X, Jsge32K, Jsge32X],
        JmpCond::Lt => [Jlt64K, Jlt64X, Jlt32K, Jlt32X],
        JmpCond::Le => [Jle64K, Jle64X, Jle32K, Jle32X],
        JmpCond::SLt => [Jslt64K, Jslt64X, Jslt32K, Jslt32X],
        JmpCond::SLe => [Jsle64K, Jsle64X, Jsle32K, Jsle32X],
    }
}

fn by_size(size: Size, table: [OpCode; 4]) -> OpCode {
    table[size as usize]
}

/// Absolute slot of a branch at `insn_idx` with relative `offset`; in range by the `Program`
/// invariant.
fn target(insn_idx: usize, offset: i64) -> i32 {
    (insn_idx as i64 + 1 + offset) as i32
}

impl Executable {
    /// Prepares a verified program for the interpreter: what engines run in normal use.
    pub fn new(verified: &sluice_verifier::VerifiedProgram) -> Executable {
        let mut executable = Executable::new_unchecked(verified.program());
        executable.source = Arc::new(ExecutableSource::Verified(verified.clone()));
        executable
    }

    /// The same executable, knowing the maps its program uses: `maps[i]` is the map the
    /// verifier knew as index `i` (`VerifyOptions::maps`). Engines may then call a map's
    /// operations directly where the verifier proved which map a helper call receives
    /// (`InsnFacts::map_arg`).
    pub fn with_maps(mut self, maps: Vec<Arc<dyn sluice_maps::Map>>) -> Executable {
        self.maps = maps;
        self
    }

    /// The map the verifier knew as index `index`, if the loader gave the maps.
    pub fn map(&self, index: u32) -> Option<&Arc<dyn sluice_maps::Map>> {
        self.maps.get(index as usize)
    }

    /// The verified program this executable was prepared from; `None` for one prepared with
    /// [`Executable::new_unchecked`].
    pub fn verified(&self) -> Option<&sluice_verifier::VerifiedProgram> {
        match &*self.source {
            ExecutableSource::Verified(verified) => Some(verified),
            ExecutableSource::Unchecked(_) => None,
        }
    }

    /// The program this executable was prepared from.
    pub fn program(&self) -> &Program {
        match &*self.source {
            ExecutableSource::Verified(verified) => verified.program(),
            ExecutableSource::Unchecked(program) => program,
        }
    }

    /// Another engine's compiled form of this executable, set once by that engine
    /// ([`OnceLock::get_or_init`]); the engine downcasts it to its own type.
    pub fn native(&self) -> &OnceLock<Arc<dyn Any + Send + Sync>> {
        &self.native
    }

    /// Prepares a program no verifier has seen. Every access is still checked at run time, so
    /// this is memory safe, but the program may trap; only the conformance runner, benchmarks
    /// of the bare instruction set and the interpreter's own tests use it.
    pub fn new_unchecked(program: &Program) -> Executable {
        use OpCode::*;
        let fell_off = op(FellOffEnd, Reg::R0, Reg::R0, 0, 0);
        let mut ops = vec![fell_off; program.n_slots() + 1];
        // Code addresses (`lddw` of a subprogram) are patched once the ops have their final
        // address.
        let mut code_addresses = Vec::new();
        for &(insn_idx, insn) in program.insns() {
            let r0 = Reg::R0;
            ops[insn_idx] = match insn {
                Instruction::Alu {
                    width,
                    op: alu_op,
                    dst,
                    src,
                } => {
                    let (code, src, imm) = pick(alu_table(alu_op), width, src);
                    op(code, dst, src, 0, imm)
                }
                Instruction::MovSx {
                    width,
                    bits,
                    dst,
                    src,
                } => {
                    let code = match (width, bits) {
                        (Width::W32, 8) => MovSx8To32,
                        (Width::W32, _) => MovSx16To32,
                        (Width::W64, 8) => MovSx8To64,
                        (Width::W64, 16) => MovSx16To64,
                        (Width::W64, _) => MovSx32To64,
                    };
                    op(code, dst, src, 0, 0)
                }
                Instruction::Neg { width, dst } => op(
                    if width == Width::W64 { Neg64 } else { Neg32 },
                    dst,
                    r0,
                    0,
                    0,
                ),
                Instruction::Endian { kind, bits, dst } => {
                    let code = match (kind, bits) {
                        (Endian::ToLe, 16) => Trunc16,
                        (Endian::ToLe, 32) => Trunc32,
                        (Endian::ToLe, _) => Nop,
                        (_, 16) => Swap16,
                        (_, 32) => Swap32,
                        (_, _) => Swap64,
                    };
                    op(code, dst, r0, 0, 0)
                }
                Instruction::LdImm64 { dst, value } => match value {
                    LdImm64::Imm(imm) => op(LdDw, dst, r0, 0, imm),
                    LdImm64::Func(offset) => {
                        code_addresses.push((insn_idx, target(insn_idx, offset.into())));
                        op(LdDw, dst, r0, 0, 0)
                    }
                    LdImm64::MapFd(_) => op(Unresolved, dst, r0, 0, 0),
                    LdImm64::MapValue { .. } => op(Unresolved, dst, r0, 0, 1),
                    LdImm64::BtfId { .. } => op(Unresolved, dst, r0, 0, 2),
                    LdImm64::MapIdx(_) | LdImm64::MapIdxValue { .. } => {
                        op(Unresolved, dst, r0, 0, 3)
                    }
                },
                Instruction::Load {
                    size,
                    sign_extend: false,
                    dst,
                    src,
                    off,
                } => op(
                    by_size(size, [LdxB, LdxH, LdxW, LdxDW]),
                    dst,
                    src,
                    off.into(),
                    0,
                ),
                Instruction::Load {
                    size,
                    sign_extend: true,
                    dst,
                    src,
                    off,
                } => op(
                    by_size(size, [LdxSB, LdxSH, LdxSW, LdxDW]),
                    dst,
                    src,
                    off.into(),
                    0,
                ),
                // Load-acquire and store-release are plain accesses for a single-threaded
                // interpreter.
                Instruction::LoadAcquire {
                    size,
                    dst,
                    src,
                    off,
                } => op(
                    by_size(size, [LdxB, LdxH, LdxW, LdxDW]),
                    dst,
                    src,
                    off.into(),
                    0,
                ),
                Instruction::StoreRelease {
                    size,
                    dst,
                    src,
                    off,
                } => op(
                    by_size(size, [StxB, StxH, StxW, StxDW]),
                    dst,
                    src,
                    off.into(),
                    0,
                ),
                Instruction::Store {
                    size,
                    dst,
                    off,
                    src: Source::Imm(imm),
                } => op(
                    by_size(size, [StB, StH, StW, StDW]),
                    dst,
                    r0,
                    off.into(),
                    imm as i64 as u64,
                ),
                Instruction::Store {
                    size,
                    dst,
                    off,
                    src: Source::Reg(src),
                } => op(
                    by_size(size, [StxB, StxH, StxW, StxDW]),
                    dst,
                    src,
                    off.into(),
                    0,
                ),
                Instruction::Atomic {
                    size,
                    op: atomic_op,
                    dst,
                    src,
                    off,
                } => {
                    let code = if size == Size::DW { AtomicDW } else { AtomicW };
                    op(code, dst, src, off.into(), atomic_op.imm() as u32 as u64)
                }
                Instruction::LdAbs { size, imm } => op(
                    by_size(size, [LdAbsB, LdAbsH, LdAbsW, LdAbsW]),
                    r0,
                    r0,
                    0,
                    imm as i64 as u64,
                ),
                Instruction::LdInd { size, src, imm } => op(
                    by_size(size, [LdIndB, LdIndH, LdIndW, LdIndW]),
                    r0,
                    src,
                    0,
                    imm as i64 as u64,
                ),
                Instruction::Ja { off } => op(Ja, r0, r0, target(insn_idx, off.into()), 0),
                Instruction::Ja32 { imm } => op(Ja, r0, r0, target(insn_idx, imm.into()), 0),
                Instruction::Jmp {
                    width,
                    cond,
                    dst,
                    src,
                    off,
                } => {
                    let (code, src, imm) = pick(jmp_table(cond), width, src);
                    op(code, dst, src, target(insn_idx, off.into()), imm)
                }
                Instruction::Call(CallTarget::Helper(id)) => {
                    op(CallHelper, r0, r0, 0, i64::from(id) as u64)
                }
                Instruction::Call(CallTarget::Local(offset)) => {
                    op(CallLocal, r0, r0, target(insn_idx, offset.into()), 0)
                }
                Instruction::Call(CallTarget::Kfunc { btf_id, btf_fd_idx }) => op(
                    CallKfunc,
                    r0,
                    r0,
                    btf_fd_idx.into(),
                    i64::from(btf_id) as u64,
                ),
                Instruction::CallX { reg } => op(CallX, reg, r0, 0, 0),
                Instruction::Exit => op(Exit, r0, r0, 0, 0),
            };
        }
        // Running off the end is reported at the last instruction, the one that fell through.
        let last_insn_idx = program.insns().last().map_or(0, |&(insn_idx, _)| insn_idx);
        if let Some(sentinel) = ops.last_mut() {
            sentinel.off = last_insn_idx as i32;
        }
        let mut executable = Executable {
            ops: ops.into_boxed_slice(),
            source: Arc::new(ExecutableSource::Unchecked(program.clone())),
            native: OnceLock::new(),
            maps: Vec::new(),
        };
        for (insn_idx, target) in code_addresses {
            executable.ops[insn_idx].imm = executable.code_address(target as usize);
        }
        executable
    }

    /// Number of instruction slots.
    pub fn n_slots(&self) -> usize {
        self.ops.len() - 1
    }

    /// The address a program sees for the subprogram starting at `slot`: the host address of its
    /// prepared op, so that it is unique and looks like a code pointer.
    pub fn code_address(&self, slot: usize) -> u64 {
        self.ops.as_ptr() as u64 + (slot * size_of::<Op>()) as u64
    }

    /// The slot a code address points to, if it is one of this program's instruction starts.
    pub fn slot_of_code_address(&self, addr: u64) -> Option<usize> {
        let offset = addr.checked_sub(self.ops.as_ptr() as u64)?;
        let slot = usize::try_from(offset / size_of::<Op>() as u64).ok()?;
        let is_start = offset % size_of::<Op>() as u64 == 0
            && slot < self.n_slots()
            && self.ops[slot].code != OpCode::FellOffEnd;
        is_start.then_some(slot)
    }
}

const _: () = assert!(size_of::<Op>() == 16);
