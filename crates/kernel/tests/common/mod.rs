//! Shared by the kernel tests: the skip check, the assembler and the few kernel numbers the
//! tests use (the full tables belong to the `abi` crate).

#![allow(dead_code)]

use sluice_isa::Syntax;
use sluice_isa::asm::assemble_program;

pub(crate) const BPF_MAP_TYPE_HASH: u32 = 1;
pub(crate) const BPF_MAP_TYPE_ARRAY: u32 = 2;
pub(crate) const BPF_MAP_TYPE_PERCPU_HASH: u32 = 5;
pub(crate) const BPF_MAP_TYPE_PERCPU_ARRAY: u32 = 6;
pub(crate) const BPF_MAP_TYPE_QUEUE: u32 = 22;

pub(crate) const BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
pub(crate) const BPF_PROG_TYPE_SCHED_CLS: u32 = 3;
pub(crate) const BPF_PROG_TYPE_XDP: u32 = 6;

pub(crate) const XDP_DROP: u32 = 1;
pub(crate) const XDP_PASS: u32 = 2;

/// `sizeof(struct __sk_buff)` and `sizeof(struct xdp_md)`.
pub(crate) const SK_BUFF_SIZE: usize = 192;
pub(crate) const XDP_MD_SIZE: usize = 24;

/// Whether the kernel accepts programs here; prints the skip line when it does not.
pub(crate) fn kernel_available() -> bool {
    match sluice_kernel::available() {
        Ok(()) => true,
        Err(errno) => {
            println!("skipped: kernel BPF unavailable ({errno})");
            false
        }
    }
}

/// Returns from the test when the kernel does not accept programs.
macro_rules! require_kernel {
    () => {
        if !common::kernel_available() {
            return;
        }
    };
}
pub(crate) use require_kernel;

/// Assembles LLVM-syntax text into bytecode.
pub(crate) fn bytecode(text: &str) -> Vec<u8> {
    match assemble_program(text, Syntax::Llvm) {
        Ok(program) => program.to_bytes(),
        Err(error) => panic!("test program does not assemble: {error}\n{text}"),
    }
}

/// A frame of `len` bytes whose byte `i` is `i` (so offsets are visible in the output).
pub(crate) fn frame(len: usize) -> Vec<u8> {
    (0..len).map(|i| i as u8).collect()
}
