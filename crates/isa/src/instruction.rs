//! The typed form of one instruction.
//!
//! [`Instruction`] is what the rest of Sluice works with. Every value built by
//! [`decode`](crate::decode) encodes back to the exact bytes it came from, and every value the
//! assembler builds is one that `decode` accepts; the operand types make most invalid
//! combinations impossible to write down.

use std::fmt;

/// A register number, `r0` to `r10`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reg(u8);

impl Reg {
    pub const R0: Reg = Reg(0);
    pub const R1: Reg = Reg(1);
    pub const R2: Reg = Reg(2);
    pub const R3: Reg = Reg(3);
    pub const R4: Reg = Reg(4);
    pub const R5: Reg = Reg(5);
    pub const R6: Reg = Reg(6);
    pub const R7: Reg = Reg(7);
    pub const R8: Reg = Reg(8);
    pub const R9: Reg = Reg(9);
    /// The read-only frame pointer.
    pub const R10: Reg = Reg(10);

    /// The register with this number, if it is one of `r0` to `r10`.
    pub const fn new(number: u8) -> Option<Reg> {
        if number <= 10 {
            Some(Reg(number))
        } else {
            None
        }
    }

    /// The register's number, 0 to 10.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// The register's number as an index, 0 to 10.
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Debug for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

impl fmt::Display for Reg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

/// Operand width of arithmetic (`BPF_ALU` / `BPF_ALU64`) and jumps (`BPF_JMP32` / `BPF_JMP`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Width {
    /// 32-bit operands; arithmetic zero-extends its result into the 64-bit register.
    W32,
    /// 64-bit operands.
    W64,
}

/// The second operand of arithmetic, conditional jumps and stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// A register (`BPF_X`).
    Reg(Reg),
    /// A signed 32-bit immediate (`BPF_K`), sign-extended to 64 bits where the operation is
    /// 64-bit.
    Imm(i32),
}

/// Binary arithmetic operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AluOp {
    Add,
    Sub,
    Mul,
    /// Unsigned division; division by zero gives 0.
    Div,
    /// Signed division (`off = 1`); division by zero gives 0.
    SDiv,
    Or,
    And,
    /// Left shift; the shift amount is masked to the operand width.
    Lsh,
    /// Logical right shift.
    Rsh,
    /// Unsigned modulo; modulo by zero leaves the dividend.
    Mod,
    /// Signed modulo (`off = 1`); modulo by zero leaves the dividend.
    SMod,
    Xor,
    Mov,
    /// Arithmetic (sign-preserving) right shift.
    Arsh,
}

impl AluOp {
    /// Every binary arithmetic operation.
    pub const ALL: [AluOp; 14] = [
        AluOp::Add,
        AluOp::Sub,
        AluOp::Mul,
        AluOp::Div,
        AluOp::SDiv,
        AluOp::Or,
        AluOp::And,
        AluOp::Lsh,
        AluOp::Rsh,
        AluOp::Mod,
        AluOp::SMod,
        AluOp::Xor,
        AluOp::Mov,
        AluOp::Arsh,
    ];
}

/// Byte-swap flavours of `BPF_END`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endian {
    /// `le16/32/64`: convert between host (little-endian) and little-endian, i.e. truncate.
    ToLe,
    /// `be16/32/64`: convert between host (little-endian) and big-endian, i.e. swap.
    ToBe,
    /// `bswap16/32/64` (`BPF_ALU64 | BPF_END`): swap unconditionally.
    Swap,
}

/// Access size of loads, stores and atomics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Size {
    /// 1 byte.
    B,
    /// 2 bytes.
    H,
    /// 4 bytes.
    W,
    /// 8 bytes.
    DW,
}

impl Size {
    /// Every access size, smallest first.
    pub const ALL: [Size; 4] = [Size::B, Size::H, Size::W, Size::DW];

    /// The size in bytes.
    pub const fn bytes(self) -> usize {
        match self {
            Size::B => 1,
            Size::H => 2,
            Size::W => 4,
            Size::DW => 8,
        }
    }

    /// The size in bits.
    pub const fn bits(self) -> u32 {
        (self.bytes() * 8) as u32
    }
}

/// Conditions of conditional jumps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JmpCond {
    Eq,
    /// Unsigned `>`.
    Gt,
    /// Unsigned `>=`.
    Ge,
    /// `dst & src != 0`.
    Set,
    Ne,
    /// Signed `>`.
    SGt,
    /// Signed `>=`.
    SGe,
    /// Unsigned `<`.
    Lt,
    /// Unsigned `<=`.
    Le,
    /// Signed `<`.
    SLt,
    /// Signed `<=`.
    SLe,
}

impl JmpCond {
    /// Every jump condition.
    pub const ALL: [JmpCond; 11] = [
        JmpCond::Eq,
        JmpCond::Gt,
        JmpCond::Ge,
        JmpCond::Set,
        JmpCond::Ne,
        JmpCond::SGt,
        JmpCond::SGe,
        JmpCond::Lt,
        JmpCond::Le,
        JmpCond::SLt,
        JmpCond::SLe,
    ];
}

/// Read-modify-write operations of `BPF_STX | BPF_ATOMIC`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AtomicOp {
    /// `*(dst + off) += src`; with `fetch`, `src` receives the old value.
    Add {
        fetch: bool,
    },
    Or {
        fetch: bool,
    },
    And {
        fetch: bool,
    },
    Xor {
        fetch: bool,
    },
    /// `src` and `*(dst + off)` are exchanged.
    Xchg,
    /// If `*(dst + off) == r0`, store `src`; `r0` always receives the old value.
    CmpXchg,
}

impl AtomicOp {
    /// Every atomic read-modify-write operation.
    pub const ALL: [AtomicOp; 10] = [
        AtomicOp::Add { fetch: false },
        AtomicOp::Add { fetch: true },
        AtomicOp::Or { fetch: false },
        AtomicOp::Or { fetch: true },
        AtomicOp::And { fetch: false },
        AtomicOp::And { fetch: true },
        AtomicOp::Xor { fetch: false },
        AtomicOp::Xor { fetch: true },
        AtomicOp::Xchg,
        AtomicOp::CmpXchg,
    ];

    /// The operation as encoded in the instruction's `imm` (`BPF_ADD | BPF_FETCH`, `BPF_XCHG`, ...).
    pub const fn imm(self) -> i32 {
        use crate::opcode::{BPF_ADD, BPF_AND, BPF_CMPXCHG, BPF_FETCH, BPF_OR, BPF_XCHG, BPF_XOR};
        const fn with_fetch(base: u8, fetch: bool) -> i32 {
            if fetch {
                base as i32 | BPF_FETCH
            } else {
                base as i32
            }
        }
        match self {
            AtomicOp::Add { fetch } => with_fetch(BPF_ADD, fetch),
            AtomicOp::Or { fetch } => with_fetch(BPF_OR, fetch),
            AtomicOp::And { fetch } => with_fetch(BPF_AND, fetch),
            AtomicOp::Xor { fetch } => with_fetch(BPF_XOR, fetch),
            AtomicOp::Xchg => BPF_XCHG,
            AtomicOp::CmpXchg => BPF_CMPXCHG,
        }
    }
}

/// What the 64-bit immediate of `lddw` means, chosen by its `src_reg` (the kernel's
/// `BPF_PSEUDO_*` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LdImm64 {
    /// Source 0: a plain 64-bit constant.
    Imm(u64),
    /// Source 1: the address of the map with this file descriptor.
    MapFd(i32),
    /// Source 2: the address of byte `offset` of the value of the map with this file descriptor
    /// (global data).
    MapValue { fd: i32, offset: u32 },
    /// Source 3: the address of the kernel variable with this BTF id, in the BTF object with this
    /// file descriptor (0 for vmlinux).
    BtfId { btf_id: i32, btf_fd: i32 },
    /// Source 4: the address of the subprogram at slot `i + 1 + offset`, where `i` is the slot of
    /// this `lddw` (the kernel counts from its first slot, as for jumps).
    Func(i32),
    /// Source 5: the address of the map at this index of the load-time `fd_array`.
    MapIdx(i32),
    /// Source 6: the address of byte `offset` of the value of the map at this `fd_array` index.
    MapIdxValue { index: i32, offset: u32 },
}

/// What a `call` instruction calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallTarget {
    /// Source 0: the helper with this id.
    Helper(i32),
    /// Source 1: the subprogram `offset` slots after this instruction.
    Local(i32),
    /// Source 2: the kernel function with this BTF id; `btf_fd_idx` picks the module BTF
    /// (0 for vmlinux).
    Kfunc { btf_id: i32, btf_fd_idx: i16 },
}

/// One eBPF instruction, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// `dst = dst OP src` (`BPF_ALU` / `BPF_ALU64`).
    Alu {
        width: Width,
        op: AluOp,
        dst: Reg,
        src: Source,
    },
    /// `dst = (sN) src`: move with sign extension from the low `bits` (8, 16 or, 64-bit only, 32).
    MovSx {
        width: Width,
        bits: u8,
        dst: Reg,
        src: Reg,
    },
    /// `dst = -dst`.
    Neg { width: Width, dst: Reg },
    /// Byte order conversion of the low `bits` (16, 32 or 64) of `dst`, zero-extended.
    Endian { kind: Endian, bits: u8, dst: Reg },
    /// `lddw`: two slots, a 64-bit immediate or a pseudo value resolved at load time.
    LdImm64 { dst: Reg, value: LdImm64 },
    /// `dst = *(size *)(src + off)`, zero- or (with `sign_extend`) sign-extended.
    Load {
        size: Size,
        sign_extend: bool,
        dst: Reg,
        src: Reg,
        off: i16,
    },
    /// `*(size *)(dst + off) = src`, from a register (`BPF_STX`) or an immediate (`BPF_ST`).
    Store {
        size: Size,
        dst: Reg,
        off: i16,
        src: Source,
    },
    /// Atomic read-modify-write of `*(size *)(dst + off)`; `size` is `W` or `DW`.
    Atomic {
        size: Size,
        op: AtomicOp,
        dst: Reg,
        src: Reg,
        off: i16,
    },
    /// `dst = load_acquire((size *)(src + off))`.
    LoadAcquire {
        size: Size,
        dst: Reg,
        src: Reg,
        off: i16,
    },
    /// `store_release((size *)(dst + off), src)`.
    StoreRelease {
        size: Size,
        dst: Reg,
        src: Reg,
        off: i16,
    },
    /// Legacy packet load `r0 = ntoh(*(size *)(skb->data + imm))`; `size` is `B`, `H` or `W`.
    LdAbs { size: Size, imm: i32 },
    /// Legacy packet load `r0 = ntoh(*(size *)(skb->data + src + imm))`.
    LdInd { size: Size, src: Reg, imm: i32 },
    /// `goto +off` (`BPF_JMP | BPF_JA`).
    Ja { off: i16 },
    /// `gotol +imm` (`BPF_JMP32 | BPF_JA`, "ja32").
    Ja32 { imm: i32 },
    /// `if dst COND src goto +off`.
    Jmp {
        width: Width,
        cond: JmpCond,
        dst: Reg,
        src: Source,
        off: i16,
    },
    /// `call`: a helper, a subprogram or a kernel function.
    Call(CallTarget),
    /// `callx reg`: call the helper (or subprogram address) held in a register.
    CallX { reg: Reg },
    /// `exit`: return `r0` to the caller.
    Exit,
}

impl Instruction {
    /// Number of 8-byte slots the instruction occupies: 2 for `lddw`, 1 for the rest.
    pub const fn n_slots(&self) -> usize {
        match self {
            Instruction::LdImm64 { .. } => 2,
            _ => 1,
        }
    }

    /// The relative slot offset of the instruction's jump, call or code-address target, if it has
    /// one: the target is slot `i + 1 + offset`, where `i` is the instruction's (first) slot.
    pub const fn branch_offset(&self) -> Option<i64> {
        match *self {
            Instruction::Ja { off } | Instruction::Jmp { off, .. } => Some(off as i64),
            Instruction::Ja32 { imm } | Instruction::Call(CallTarget::Local(imm)) => {
                Some(imm as i64)
            }
            Instruction::LdImm64 {
                value: LdImm64::Func(imm),
                ..
            } => Some(imm as i64),
            _ => None,
        }
    }

    /// Whether the instruction is of the jump classes (`BPF_JMP`, `BPF_JMP32`): jumps, calls
    /// and `exit`.
    pub const fn is_jump_class(&self) -> bool {
        matches!(
            self,
            Instruction::Ja { .. }
                | Instruction::Ja32 { .. }
                | Instruction::Jmp { .. }
                | Instruction::Call(_)
                | Instruction::CallX { .. }
                | Instruction::Exit
        )
    }

    /// Whether execution never falls through to the next instruction.
    pub const fn ends_block(&self) -> bool {
        matches!(
            self,
            Instruction::Ja { .. } | Instruction::Ja32 { .. } | Instruction::Exit
        )
    }
}
