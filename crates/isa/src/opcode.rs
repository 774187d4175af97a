//! Opcode bit fields, with the names of the kernel's `include/uapi/linux/bpf.h` and
//! `bpf_common.h`, and the pseudo source values that give `lddw` and `call` their meanings.
//!
//! An opcode byte is `class` (low 3 bits) plus, for arithmetic and jumps, `source` (bit 3) and
//! `op` (high 4 bits), or, for loads and stores, `size` (bits 3-4) and `mode` (high 3 bits).

// Instruction classes (low 3 bits).
pub const BPF_LD: u8 = 0x00;
pub const BPF_LDX: u8 = 0x01;
pub const BPF_ST: u8 = 0x02;
pub const BPF_STX: u8 = 0x03;
pub const BPF_ALU: u8 = 0x04;
pub const BPF_JMP: u8 = 0x05;
pub const BPF_JMP32: u8 = 0x06;
pub const BPF_ALU64: u8 = 0x07;

// Operand source (bit 3) for arithmetic and jumps.
pub const BPF_K: u8 = 0x00;
pub const BPF_X: u8 = 0x08;

// Byte-swap direction, carried in the source bit of `BPF_ALU | BPF_END`.
pub const BPF_TO_LE: u8 = 0x00;
pub const BPF_TO_BE: u8 = 0x08;

// Arithmetic operations (high 4 bits).
pub const BPF_ADD: u8 = 0x00;
pub const BPF_SUB: u8 = 0x10;
pub const BPF_MUL: u8 = 0x20;
pub const BPF_DIV: u8 = 0x30;
pub const BPF_OR: u8 = 0x40;
pub const BPF_AND: u8 = 0x50;
pub const BPF_LSH: u8 = 0x60;
pub const BPF_RSH: u8 = 0x70;
pub const BPF_NEG: u8 = 0x80;
pub const BPF_MOD: u8 = 0x90;
pub const BPF_XOR: u8 = 0xa0;
pub const BPF_MOV: u8 = 0xb0;
pub const BPF_ARSH: u8 = 0xc0;
pub const BPF_END: u8 = 0xd0;

// Jump operations (high 4 bits).
pub const BPF_JA: u8 = 0x00;
pub const BPF_JEQ: u8 = 0x10;
pub const BPF_JGT: u8 = 0x20;
pub const BPF_JGE: u8 = 0x30;
pub const BPF_JSET: u8 = 0x40;
pub const BPF_JNE: u8 = 0x50;
pub const BPF_JSGT: u8 = 0x60;
pub const BPF_JSGE: u8 = 0x70;
pub const BPF_CALL: u8 = 0x80;
pub const BPF_EXIT: u8 = 0x90;
pub const BPF_JLT: u8 = 0xa0;
pub const BPF_JLE: u8 = 0xb0;
pub const BPF_JSLT: u8 = 0xc0;
pub const BPF_JSLE: u8 = 0xd0;

// Access sizes (bits 3-4) for loads and stores.
pub const BPF_W: u8 = 0x00;
pub const BPF_H: u8 = 0x08;
pub const BPF_B: u8 = 0x10;
pub const BPF_DW: u8 = 0x18;

// Access modes (high 3 bits) for loads and stores.
pub const BPF_IMM: u8 = 0x00;
pub const BPF_ABS: u8 = 0x20;
pub const BPF_IND: u8 = 0x40;
pub const BPF_MEM: u8 = 0x60;
pub const BPF_MEMSX: u8 = 0x80;
pub const BPF_ATOMIC: u8 = 0xc0;

// Atomic operations, carried in `imm` of `BPF_STX | BPF_ATOMIC`.
pub const BPF_FETCH: i32 = 0x01;
pub const BPF_XCHG: i32 = 0xe0 | BPF_FETCH;
pub const BPF_CMPXCHG: i32 = 0xf0 | BPF_FETCH;
pub const BPF_LOAD_ACQ: i32 = 0x100;
pub const BPF_STORE_REL: i32 = 0x110;

// `lddw` source values (`BPF_LD | BPF_IMM | BPF_DW`, `src_reg`).
/// `imm64` is a plain constant.
pub const BPF_PSEUDO_IMM: u8 = 0;
/// `imm` is a map file descriptor; the register gets the map's address.
pub const BPF_PSEUDO_MAP_FD: u8 = 1;
/// `imm` is a map file descriptor, the second `imm` an offset into its value.
pub const BPF_PSEUDO_MAP_VALUE: u8 = 2;
/// `imm` is a BTF id of a kernel variable, the second `imm` a BTF object fd.
pub const BPF_PSEUDO_BTF_ID: u8 = 3;
/// `imm` is the instruction offset of a subprogram; the register gets its address.
pub const BPF_PSEUDO_FUNC: u8 = 4;
/// `imm` is an index into the `fd_array` given at load time.
pub const BPF_PSEUDO_MAP_IDX: u8 = 5;
/// `imm` is an index into the `fd_array`, the second `imm` an offset into the map's value.
pub const BPF_PSEUDO_MAP_IDX_VALUE: u8 = 6;

// `call` source values (`BPF_JMP | BPF_CALL`, `src_reg`).
/// `imm` is a helper id.
pub const BPF_PSEUDO_HELPER_CALL: u8 = 0;
/// `imm` is the instruction offset of a bpf-to-bpf call target.
pub const BPF_PSEUDO_CALL: u8 = 1;
/// `imm` is the BTF id of a kernel function, `off` selects the BTF object.
pub const BPF_PSEUDO_KFUNC_CALL: u8 = 2;

/// The class bits of an opcode.
pub const fn class(code: u8) -> u8 {
    code & 0x07
}

/// The operation bits of an arithmetic or jump opcode.
pub const fn op(code: u8) -> u8 {
    code & 0xf0
}

/// The source bit of an arithmetic or jump opcode.
pub const fn source(code: u8) -> u8 {
    code & 0x08
}

/// The size bits of a load or store opcode.
pub const fn size(code: u8) -> u8 {
    code & 0x18
}

/// The mode bits of a load or store opcode.
pub const fn mode(code: u8) -> u8 {
    code & 0xe0
}
